"""Local link check over a built HTML book: every href/src to a file of the book, or to an #anchor, resolves.

Links to other hosts (http:, https:, mailto:, data: ...) are not followed: the book is checked offline.
Used by tests/test_book_html.py on the sample book.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"href", "src"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    target: str
    why: str

    def line(self) -> str:
        return f"{self.page}: {self.target} ({self.why})"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRS and tag not in ("base",):
                self.links.append(value)
            elif name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)


def _parse(page: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser


def is_local(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc and not link.startswith("//")


def check_links(root: Path) -> tuple[int, list[BrokenLink]]:
    """(local links checked, the broken ones) over every page (``*.html``) under ``root``; the theme's
    Jinja templates that Sphinx copies into ``_static/`` as they are are not pages."""
    pages = sorted(p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts)
    parsed = {page.resolve(): _parse(page) for page in pages}
    checked, broken = 0, []
    for page, parser in parsed.items():
        name = str(page.relative_to(root.resolve()))
        for link in parser.links:
            if not is_local(link) or link == "#":
                continue
            checked += 1
            parts = urlsplit(link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(BrokenLink(name, link, "no such file"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                anchors = parsed[target].anchors if target in parsed else _parse(target).anchors
                if fragment not in anchors:
                    broken.append(BrokenLink(name, link, f"no #{fragment} on {target.name}"))
    return checked, broken
