"""The book's documents in reading order, as the PDF prints them: front matter, then each major group (its
overview, then its chapters), then the comparisons, as in the HTML book's contents (the generated _toc.yml)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import paths

FRONT_PAGES = (
    ("book/intro", "Introduction"),
    ("book/methods", "Methods"),
    ("book/_generated/data-sources", "Data sources"),
    ("book/_generated/licences", "Licences and attribution"),
    ("book/_generated/colophon", "Colophon"),
)
# What an entry is: front matter, a major group's overview, an occupation's chapter, a comparison chapter.
FRONT, OVERVIEW, CHAPTER, COMPARISON = "front", "overview", "chapter", "comparison"
COMPARISONS = "Comparisons"  # the part the comparison chapters are in (the HTML book's caption)
OVERVIEW_TITLE = "Group overview"  # an overview's entry in the contents and the outline, under its group


@dataclass
class Entry:
    """One document of the book, in reading order."""

    docname: str  # e.g. book/chapters/11/11-9111
    title: str
    group: str | None = None  # the part: a major group's title ("Management Occupations (11-0000)"), COMPARISONS
    pdf: Path | None = None
    pages: int = 0
    kind: str = FRONT

    @property
    def is_chapter(self) -> bool:
        """An occupation's chapter (its own PDF, a running header with its title and code)."""
        return self.kind == CHAPTER


def volume_front_pages(major: str) -> list[str]:
    """The built pages a major group opens with, before its chapters, in its volume and in the book, as
    docnames (the group overview, ``book/chapters/11/index``, for ``major`` "11-0000"), when the group's
    overview was rendered."""
    group = major[:2]
    overview = paths.chapters_dir() / group / "index.ipynb"
    return [f"book/chapters/{group}/index"] if overview.exists() else []


def book_entries() -> list[Entry]:
    """Front matter, then each major group's front pages (:func:`volume_front_pages`) and chapters, then the
    comparison chapters, in the order of the generated _toc.yml."""
    import yaml

    toc = yaml.safe_load(paths.toc_path().read_text(encoding="utf-8"))
    entries = [Entry(doc, title) for doc, title in FRONT_PAGES]
    chapters_root = paths.chapters_dir()
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            sections = chapter.get("sections")
            if part.get("caption") == COMPARISONS and not sections:
                data = _document(paths.REPO_ROOT / f"{chapter['file']}.json")
                entries.append(Entry(chapter["file"], data["title"], group=COMPARISONS, kind=COMPARISON))
            if not sections:
                continue
            major = Path(chapter["file"]).parent.name
            members = [_document(chapters_root / major / f"{Path(s['file']).name}.json") for s in sections]
            group = f"{members[0]['major_group']['title']} ({major}-0000)"
            for docname in volume_front_pages(f"{major}-0000"):
                entries.append(Entry(docname, OVERVIEW_TITLE, group=group, kind=OVERVIEW))
            for section, data in zip(sections, members, strict=True):
                code = Path(section["file"]).name
                entries.append(Entry(section["file"], f"{data['title']} (SOC {code})", group=group, kind=CHAPTER))
    return entries


def _document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
