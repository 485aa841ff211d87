"""``occprofiles book --pdf``: one PDF per chapter and the whole book, printed from the built HTML.

Route: Debian's Chromium (driven by Playwright, with no browser download: ``executable_path``) prints
each built page, served from 127.0.0.1, to PDF; pypdf merges them. Printing per chapter keeps each
chapter on fresh pages and avoids whole-book print truncation; the merged page count is checked
against the sum of the parts. Page numbers are stamped afterwards (one overlay page per number, also
written with a PDF base font), so a chapter PDF counts from 1 and the book counts straight through.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import OccProfilesError

CHROMIUM_ENV = "OCCPROFILES_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
PAGE = {"format": "Letter", "margin": {"top": "0.55in", "bottom": "0.7in", "left": "0.6in", "right": "0.6in"}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
FRONT_PAGES = (("book/intro", "Introduction"), ("book/methods", "Methods"), ("book/_generated/data-sources", "Data sources"),
               ("book/_generated/licences", "Licences and attribution"))


class PdfError(OccProfilesError):
    pass


def chromium_path() -> str:
    exe = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or DEFAULT_CHROMIUM
    if not Path(exe).exists():
        raise PdfError(f"no Chromium at {exe}: install Debian's package (`apt-get install -y chromium`) or set {CHROMIUM_ENV}.")
    return exe


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (an ephemeral port) for the duration of the block."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D401 - silence per-request logging
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Entry:
    """One document of the book, in reading order."""

    docname: str  # e.g. book/chapters/11/11-9111
    title: str
    group: str | None = None  # major group title for chapters, None for front matter
    pdf: Path | None = None
    pages: int = 0


@dataclass
class PdfResult:
    book: Path
    chapters: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    per_chapter_seconds: float = 0.0


def book_entries() -> list[Entry]:
    """Front matter, then each major group's chapters, in the order of the generated _toc.yml."""
    import yaml

    toc = yaml.safe_load(paths.toc_path().read_text(encoding="utf-8"))
    entries = [Entry(doc, title) for doc, title in FRONT_PAGES]
    chapters_root = paths.chapters_dir()
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            sections = chapter.get("sections")
            if not sections:
                continue
            major = Path(chapter["file"]).parent.name
            for section in sections:
                code = Path(section["file"]).name
                data = json.loads((chapters_root / major / f"{code}.json").read_text(encoding="utf-8"))
                entries.append(Entry(section["file"], f"{data['title']} (SOC {code})", group=f"{data['major_group']['title']} ({major}-0000)"))
    return entries


def _print(page, url: str, target: Path) -> int:
    from pypdf import PdfReader

    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".pdf.tmp")
    page.pdf(path=str(tmp), print_background=True, display_header_footer=False, **PAGE)
    os.replace(tmp, target)
    return len(PdfReader(str(target)).pages)


def _page_number_overlay(number: int, width: float, height: float):
    """A blank page carrying only ``number`` centred at the foot (Helvetica, a PDF base font: nothing
    to embed), to be merged onto a printed page."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    page = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    text = str(number)
    x = width / 2 - 0.278 * 8.5 * len(text)  # Helvetica digits are 0.556 em wide: centre the string
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 8.5 Tf 0.33 g {x:.2f} 27 Td ({text}) Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = stream
    return page


def _stamp_numbers(writer, first_index: int = 0, start_number: int = 1) -> None:
    for i, page in enumerate(writer.pages[first_index:]):
        box = page.mediabox
        page.merge_page(_page_number_overlay(start_number + i, float(box.width), float(box.height)))


def _front_html(entries: list[Entry], starts: dict[str, int], releases: dict[str, str]) -> str:
    rows, group = [], None
    for e in entries:
        if e.group and e.group != group:
            group = e.group
            rows.append(f'<li class="g">{html.escape(group)}</li>')
        rows.append(f'<li class="{"c" if e.group else "f"}"><span>{html.escape(e.title)}</span><b>{starts.get(e.docname, "")}</b></li>')
    sources = "; ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in releases.items())
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @page {{ size: Letter; margin: 0.7in 0.8in }}
      body {{ font-family: 'DejaVu Sans', sans-serif; color: #222; }}
      .title {{ height: 9.2in; display: flex; flex-direction: column; justify-content: center; break-after: page; }}
      .title h1 {{ font-size: 34pt; margin: 0 0 0.3in; }} .title p {{ font-size: 12pt; line-height: 1.5; }}
      h2 {{ font-size: 18pt; }} ul {{ list-style: none; padding: 0; font-size: 10pt; }}
      li {{ display: flex; justify-content: space-between; border-bottom: 1px dotted #bbb; padding: 2px 0; break-inside: avoid; }}
      li.g {{ font-weight: bold; border: 0; margin-top: 10px; }} li.c span {{ padding-left: 1.2em; }}
    </style></head><body>
    <section class="title"><h1>Occupation Profiles</h1>
      <p>One chapter per US occupation, from public labour-market data.<br>Sources: {sources}.</p>
      <p>This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, Employment and
      Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET&reg; is a trademark of USDOL/ETA.</p></section>
    <h2>Contents</h2><ul>{''.join(rows)}</ul></body></html>"""


def build_pdfs(progress: bool = True) -> PdfResult:
    from pypdf import PdfReader, PdfWriter
    from tqdm import tqdm

    from .registry import load_registry

    started = time.perf_counter()
    html_dir = paths.html_dir()
    if not (html_dir / "book" / "intro.html").exists():
        raise PdfError("no HTML book in _build/html: run `occprofiles book` first.")
    out = paths.pdf_dir()
    entries = book_entries()
    releases = {sid: s.release for sid, s in sorted(load_registry().items())}
    front_dir = out / "front"
    shutil.rmtree(front_dir, ignore_errors=True)
    with serve(html_dir) as base, browser() as b:
        page = b.new_page()
        chapter_started = time.perf_counter()
        for i, e in enumerate(tqdm(entries, desc="print", unit="page", disable=not progress)):
            e.pdf = (out / "chapters" / f"{Path(e.docname).name}.pdf") if e.group else front_dir / f"{i + 1:02d}-{Path(e.docname).name}.pdf"
            e.pages = _print(page, f"{base}/{e.docname}.html", e.pdf)
        printing = time.perf_counter() - chapter_started
        # Front: title page and contents; the contents' page numbers need the front's own length.
        starts: dict[str, int] = {}
        front_pdf = front_dir / "00-title-and-contents.pdf"
        front_pages = 0
        for _ in range(3):
            cursor = front_pages + 1
            for e in entries:
                starts[e.docname] = cursor
                cursor += e.pages
            page.set_content(_front_html(entries, starts, releases))
            page.pdf(path=str(front_pdf), print_background=True, format="Letter")
            n = len(PdfReader(str(front_pdf)).pages)
            if n == front_pages:
                break
            front_pages = n
        total = front_pages + sum(e.pages for e in entries)

    # Per-chapter PDFs: number their own pages 1..k.
    for e in entries:
        if not e.group:
            continue
        writer = PdfWriter(clone_from=str(e.pdf))
        _stamp_numbers(writer)
        writer.add_metadata({"/Title": e.title, "/Creator": "occprofiles", "/Producer": "occprofiles"})
        _write(writer, e.pdf)

    # The whole book: merge, stamp straight-through numbers, outline by major group and chapter.
    writer = PdfWriter()
    for p in PdfReader(str(front_pdf)).pages:
        writer.add_page(p)
    for e in entries:
        for p in PdfReader(str(e.pdf)).pages:
            writer.add_page(p)
    if len(writer.pages) != total:
        raise PdfError(f"merged book has {len(writer.pages)} pages, expected {total} (front {front_pages} + parts)")
    _stamp_numbers(writer, first_index=front_pages, start_number=front_pages + 1)  # title and contents unnumbered
    writer.add_outline_item(title="Title and contents", page_number=0)
    group_item, group_name = None, None
    for e in entries:
        if e.group is None:
            writer.add_outline_item(title=e.title, page_number=starts[e.docname] - 1)
            continue
        if e.group != group_name:
            group_name = e.group
            group_item = writer.add_outline_item(title=group_name, page_number=starts[e.docname] - 1)
        writer.add_outline_item(title=e.title, page_number=starts[e.docname] - 1, parent=group_item)
    writer.add_metadata({"/Title": "Occupation Profiles", "/Creator": "occprofiles", "/Producer": "occprofiles"})
    book = out / "occupation-profiles.pdf"
    _write(writer, book)
    chapters = [e for e in entries if e.group]
    wanted = {e.pdf for e in chapters}
    for stale in (out / "chapters").glob("*.pdf"):  # chapters no longer in the book
        if stale not in wanted:
            stale.unlink()
    return PdfResult(book, [e.pdf for e in chapters], total, time.perf_counter() - started,
                     printing / max(1, len(entries)))


def _write(writer, target: Path) -> None:
    tmp = target.with_suffix(".pdf.tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, target)


def screenshot(soc_code: str, target: Path, width: int = 1100, height: int = 1300) -> Path:
    """A PNG of the top of one chapter in the built HTML book (for the README)."""
    from .render import chapter_path

    html_dir = paths.html_dir()
    doc = chapter_path(soc_code).relative_to(paths.REPO_ROOT).with_suffix(".html")
    if not (html_dir / doc).exists():
        raise PdfError(f"{soc_code} is not in the built book: run `occprofiles book --sample` first.")
    with serve(html_dir) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/{doc.as_posix()}", wait_until="networkidle")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
    from PIL import Image

    # 64 colours are plenty for a page of text and flat charts, and make the PNG ~4x smaller.
    Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
    return target
