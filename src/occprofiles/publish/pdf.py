"""``occprofiles book --pdf``: one PDF per chapter and the whole book, printed from the built HTML.

Route: Debian's Chromium (driven by Playwright, with no browser download: ``executable_path``) prints
each built page, served from 127.0.0.1, to PDF; pypdf merges them. Printing per chapter keeps each
chapter on fresh pages and avoids whole-book print truncation; the merged page count is checked
against the sum of the parts. Page numbers are stamped afterwards (one overlay page per number, also
written with a PDF base font), so a chapter PDF counts from 1 and the book counts straight through.
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..errors import PdfError
from ..render.output import atomic_write_bytes
from .browser import browser, serve
from .entries import Entry, book_entries
from .pdf_front import front_html

if TYPE_CHECKING:
    from playwright.sync_api import Page, PdfMargins
    from pypdf import PageObject, PdfWriter

PAGE_FORMAT = "Letter"
PAGE_MARGIN: PdfMargins = {"top": "0.55in", "bottom": "0.7in", "left": "0.6in", "right": "0.6in"}
BOOK_METADATA = {"/Title": "Occupation Profiles", "/Creator": "occprofiles", "/Producer": "occprofiles"}


@dataclass
class FrontMatter:
    """The title and contents pages, and where each entry starts in the whole book (1-based)."""

    pdf: Path
    pages: int
    starts: dict[str, int]


@dataclass
class PdfResult:
    book: Path
    chapters: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    per_chapter_seconds: float = 0.0


def build_pdfs(progress: bool = True) -> PdfResult:
    from ..registry import load_registry

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
        printing_started = time.perf_counter()
        print_entries(page, base, entries, out, front_dir, progress)
        printing = time.perf_counter() - printing_started
        front = print_front_matter(page, entries, releases, front_dir / "00-title-and-contents.pdf")
    for e in entries:
        if e.group:
            number_chapter_pdf(e)
    book = out / "occupation-profiles.pdf"
    total = write_book(front, entries, book)
    chapters = [e.pdf for e in entries if e.group and e.pdf]
    for stale in (out / "chapters").glob("*.pdf"):  # chapters no longer in the book
        if stale not in chapters:
            stale.unlink()
    return PdfResult(book, chapters, total, time.perf_counter() - started, printing / max(1, len(entries)))


def print_entries(page: Page, base: str, entries: list[Entry], out: Path, front_dir: Path, progress: bool) -> None:
    """Print every entry's page to its own PDF (chapters under ``out/chapters``, front pages numbered)."""
    from tqdm import tqdm

    for i, e in enumerate(tqdm(entries, desc="print", unit="page", disable=not progress)):
        name = Path(e.docname).name
        e.pdf = (out / "chapters" / f"{name}.pdf") if e.group else front_dir / f"{i + 1:02d}-{name}.pdf"
        e.pages = _print(page, f"{base}/{e.docname}.html", e.pdf)


def print_front_matter(page: Page, entries: list[Entry], releases: dict[str, str], target: Path) -> FrontMatter:
    """Title and contents; the contents' page numbers need the front's own length, so print until it
    stops changing (at most three times)."""
    from pypdf import PdfReader

    starts: dict[str, int] = {}
    front_pages = 0
    for _ in range(3):
        cursor = front_pages + 1
        for e in entries:
            starts[e.docname] = cursor
            cursor += e.pages
        page.set_content(front_html(entries, starts, releases))
        data = page.pdf(print_background=True, format=PAGE_FORMAT)
        atomic_write_bytes(target, data)
        n = len(PdfReader(io.BytesIO(data)).pages)
        if n == front_pages:
            break
        front_pages = n
    return FrontMatter(target, front_pages, starts)


def _print(page: Page, url: str, target: Path) -> int:
    from pypdf import PdfReader

    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    # Paper has no disclosure widget: print what a chapter's <details> hold (e.g. a long list's rest).
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")
    data = page.pdf(print_background=True, display_header_footer=False, format=PAGE_FORMAT, margin=PAGE_MARGIN)
    atomic_write_bytes(target, data)
    return len(PdfReader(io.BytesIO(data)).pages)


def number_chapter_pdf(entry: Entry) -> None:
    """A chapter PDF numbers its own pages 1..k."""
    from pypdf import PdfWriter

    assert entry.pdf is not None
    writer = PdfWriter(clone_from=str(entry.pdf))
    _stamp_numbers(writer)
    writer.add_metadata({"/Title": entry.title, "/Creator": "occprofiles", "/Producer": "occprofiles"})
    _write(writer, entry.pdf)


def write_book(front: FrontMatter, entries: list[Entry], target: Path) -> int:
    """Merge the front and every entry, stamp straight-through numbers, outline by major group and
    chapter; returns the page count (checked against the sum of the parts)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for p in PdfReader(str(front.pdf)).pages:
        writer.add_page(p)
    for e in entries:
        for p in PdfReader(str(e.pdf)).pages:
            writer.add_page(p)
    total = front.pages + sum(e.pages for e in entries)
    if len(writer.pages) != total:
        raise PdfError(f"merged book has {len(writer.pages)} pages, expected {total} (front {front.pages} + parts)")
    _stamp_numbers(writer, first_index=front.pages, start_number=front.pages + 1)  # title and contents unnumbered
    _add_outline(writer, entries, front.starts)
    writer.add_metadata(BOOK_METADATA)
    _write(writer, target)
    return total


def _add_outline(writer: PdfWriter, entries: list[Entry], starts: dict[str, int]) -> None:
    writer.add_outline_item(title="Title and contents", page_number=0)
    group_item: Any = None
    group_name = None
    for e in entries:
        if e.group is None:
            writer.add_outline_item(title=e.title, page_number=starts[e.docname] - 1)
            continue
        if e.group != group_name:
            group_name = e.group
            group_item = writer.add_outline_item(title=group_name, page_number=starts[e.docname] - 1)
        writer.add_outline_item(title=e.title, page_number=starts[e.docname] - 1, parent=group_item)


def _page_number_overlay(number: int, width: float, height: float) -> PageObject:
    """A blank page carrying only ``number`` centred at the foot (Helvetica, a PDF base font: nothing
    to embed), to be merged onto a printed page."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    page = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    text = str(number)
    x = width / 2 - 0.278 * 8.5 * len(text)  # Helvetica digits are 0.556 em wide: centre the string
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 8.5 Tf 0.33 g {x:.2f} 27 Td ({text}) Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = stream
    return page


def _stamp_numbers(writer: PdfWriter, first_index: int = 0, start_number: int = 1) -> None:
    for i, page in enumerate(writer.pages[first_index:]):
        box = page.mediabox
        page.merge_page(_page_number_overlay(start_number + i, float(box.width), float(box.height)))


def _write(writer: PdfWriter, target: Path) -> None:
    """Atomically (no half-written PDF where a finished one is expected); a full disk is a one-line
    :class:`DiskFullError` naming ``target``."""
    buffer = io.BytesIO()
    writer.write(buffer)
    atomic_write_bytes(target, buffer.getvalue())
