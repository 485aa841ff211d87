"""``occprofiles book --pdf``: one PDF per chapter and the whole book, printed from the built HTML.

Route: Debian's Chromium (driven by Playwright, with no browser download: ``executable_path``) prints
each built page, served from 127.0.0.1, to a tagged PDF (structure tree), an occupation's chapter with a running
header (its title and code); the unnumbered prints are kept in ``_build/pdf/.print``. The book's documents
(:func:`.entries.book_entries`) are its front matter, each major group's overview and chapters, and the
comparison chapters. pikepdf
(:mod:`.pdf_post`) then numbers, describes (title, author, subject, keywords with the SOC codes,
language) and compresses each chapter PDF, and merges the prints into one volume per major group and the
whole book, structure trees joined, numbered straight through, with an outline; each merged page count is
checked against the sum of its parts.
"""

from __future__ import annotations

import html
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..errors import PdfError
from ..render.output import atomic_write_bytes
from .browser import browser, serve
from .entries import OVERVIEW, Entry, book_entries
from .pdf_fonts import share_fonts
from .pdf_front import front_html
from .pdf_links import relink
from .pdf_pool import POST_BATCH, POST_WORKERS, post_pool
from .pdf_post import Described, describe, merge, save, stamp_numbers
from .pdf_print import PAGE_MARGIN as PAGE_MARGIN  # the book's margins, for export --to pdf
from .pdf_print import PrintJob, light_page, page_count, print_all, print_page

if TYPE_CHECKING:
    import pikepdf
    from playwright.sync_api import Page

PAGE_FORMATS = ("Letter", "A4")
_print = print_page  # one page, for callers and tests that print with their own page
BOOK_TITLE = "Occupation Profiles"
_HEADER = (
    "<div style=\"font: 7.5pt 'DejaVu Sans', sans-serif; color: #555; width: 100%; margin: 0 0.6in;"
    ' display: flex; justify-content: space-between; padding-top: 0.15in"><span>{title}</span><span>{code}</span></div>'
)


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
    volumes: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    per_chapter_seconds: float = 0.0  # printing's wall time per printed document (two print at once)
    print_seconds: float = 0.0  # every page printed by Chromium (wall)
    post_seconds: float = 0.0  # chapter PDFs, volumes and book numbered, merged, compressed (wall)


def build_pdfs(progress: bool = True, paper: str = "Letter") -> PdfResult:
    from ..registry import load_registry

    if paper not in PAGE_FORMATS:
        raise PdfError(f"paper {paper!r}: expected one of {', '.join(PAGE_FORMATS)}")
    started = time.perf_counter()
    html_dir = paths.html_dir()
    if not (html_dir / "book" / "intro.html").exists():
        raise PdfError("no HTML book in _build/html: run `occprofiles book` first.")
    out = paths.pdf_dir()
    entries = book_entries()
    releases = {sid: s.release for sid, s in sorted(load_registry().items())}
    raw_dir = out / ".print"
    shutil.rmtree(raw_dir, ignore_errors=True)
    shutil.rmtree(out / "front", ignore_errors=True)  # from before the prints moved to .print
    with serve(html_dir, light_page) as base:  # Chromium prints the light print pages
        printing_started = time.perf_counter()
        print_entries(base, entries, raw_dir, paper, progress)
        printing = time.perf_counter() - printing_started
        with browser() as b:
            front = print_front_matter(b.new_page(), entries, releases, raw_dir / "00-title-and-contents.pdf", paper)
    post_started = time.perf_counter()
    chapters, volumes, total = write_all(front, entries, out)
    post = time.perf_counter() - post_started
    book = out / "occupation-profiles.pdf"
    _remove_stale(out / "chapters", chapters)
    _remove_stale(out / "volumes", volumes)
    seconds = time.perf_counter() - started
    return PdfResult(book, chapters, volumes, total, seconds, printing / max(1, len(entries)), printing, post)


def _remove_stale(folder: Path, keep: list[Path]) -> None:
    for stale in folder.glob("*.pdf"):  # chapters or groups no longer in the book
        if stale not in keep:
            stale.unlink()


def code_of(entry: Entry) -> str | None:
    return Path(entry.docname).name if entry.is_chapter else None


def print_name(entry: Entry, index: int) -> str:
    """The print's file name in ``.print``: a chapter's code, ``overview-NN-0000``, ``comparison-<id>``, or the
    front page's place and name."""
    name = Path(entry.docname).name
    if entry.is_chapter:
        return f"{name}.pdf"
    if entry.kind == OVERVIEW:
        return f"overview-{major_of(entry.group or '')}.pdf"
    if entry.group:
        return f"{entry.kind}-{name}.pdf"
    return f"{index + 1:02d}-{name}.pdf"


def print_entries(base: str, entries: list[Entry], raw_dir: Path, paper: str, progress: bool) -> None:
    """Print every entry's page to its own unnumbered PDF in ``raw_dir`` (chapters named by code), two at a
    time (:func:`.pdf_print.print_all`). One document per page: a whole group printed as one document was
    slower (``benchmarks/pdf_stages.py``: its layout grows faster than its length)."""
    from tqdm import tqdm

    jobs = []
    for i, e in enumerate(entries):
        e.pdf = raw_dir / print_name(e, i)
        source = paths.html_dir() / f"{e.docname}.html"
        jobs.append(PrintJob(f"{base}/{e.docname}.html", e.pdf, _header(e), source))
    with tqdm(total=len(jobs), desc="print", unit="page", disable=not progress) as bar:
        for e, pages in zip(entries, print_all(jobs, paper, done=bar.update), strict=True):
            e.pages = pages


def _header(entry: Entry) -> str | None:
    """A chapter's running header (title, code) for Chromium's header template; None for other pages."""
    code = code_of(entry)
    if code is None:
        return None
    return _HEADER.format(title=html.escape(entry.title.rsplit(" (SOC ", 1)[0]), code=f"SOC {code}")


def major_of(group: str) -> str:
    """ "Management Occupations (11-0000)" -> "11-0000"."""
    return group.rsplit("(", 1)[-1].rstrip(")")


def print_front_matter(
    page: Page, entries: list[Entry], releases: dict[str, str], target: Path, paper: str
) -> FrontMatter:
    """Title and contents; the contents' page numbers need the front's own length, so print until it
    stops changing (at most three times)."""
    starts: dict[str, int] = {}
    front_pages = 0
    for _ in range(3):
        cursor = front_pages + 1
        for e in entries:
            starts[e.docname] = cursor
            cursor += e.pages
        page.set_content(front_html(entries, starts, releases, paper))
        data = page.pdf(print_background=True, format=paper, tagged=True)
        atomic_write_bytes(target, data)
        n = page_count(data)
        if n == front_pages:
            break
        front_pages = n
    return FrontMatter(target, front_pages, starts)


def chapter_description(entry: Entry) -> Described:
    code = code_of(entry)
    assert code is not None and entry.group is not None
    title = entry.title.rsplit(" (SOC ", 1)[0]
    return Described(
        title=entry.title,
        subject=f"Occupation profile of {title} (SOC {code}): wages, employment, outlook, tasks and skills, "
        f"from BLS and O*NET data. Major group: {entry.group}.",
        keywords=[code, f"SOC {code}", title, entry.group, "occupation profile", "BLS", "O*NET"],
    )


def write_chapter(entry: Entry, folder: Path) -> Path:
    """A chapter PDF: the print numbered 1..k, described, compressed."""
    import pikepdf

    assert entry.pdf is not None
    target = folder / entry.pdf.name
    with pikepdf.open(entry.pdf) as pdf:
        stamp_numbers(pdf)
        relink(pdf, {entry.docname: 0})
        describe(pdf, chapter_description(entry))
        save(pdf, target)
    return target


def volume_parts(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """(group, its overview then its chapters) per major group, in book order (comparisons are in no volume)."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.group and (e.is_chapter or e.kind == OVERVIEW):
            groups.setdefault(e.group, []).append(e)
    return list(groups.items())


def write_volume(group: str, members: list[Entry], folder: Path) -> Path:
    """One major group's PDF: its overview, then its chapters, numbered through, with an outline (the group,
    its overview and chapters beneath)."""
    major = major_of(group)
    target = folder / f"{major}.pdf"
    codes = [c for c in (code_of(e) for e in members) if c]
    what = Described(
        title=f"{BOOK_TITLE}: {group}",
        subject=f"Occupation profiles of the {len(codes)} occupations of {group}, from BLS and O*NET data.",
        keywords=[major, *codes, group, "occupation profiles", "BLS", "O*NET"],
    )
    _merge_to(members, target, what, outline=lambda p, s: _outline(p, members, s))
    return target


def write_volumes(entries: list[Entry], folder: Path) -> list[Path]:
    """One PDF per major group (:func:`write_volume`)."""
    return [write_volume(group, members, folder) for group, members in volume_parts(entries)]


def write_chapters(entries: list[Entry], folder: Path) -> list[Path]:
    return [write_chapter(e, folder) for e in entries]


def write_all(
    front: FrontMatter, entries: list[Entry], out: Path, workers: int = POST_WORKERS
) -> tuple[list[Path], list[Path], int]:
    """The chapter PDFs, the volumes and the book, from the prints, in ``workers`` processes (the book, the
    longest, first); returns (chapters, volumes, book pages)."""
    chapters = [e for e in entries if e.is_chapter]
    batches = [chapters[i : i + POST_BATCH] for i in range(0, len(chapters), POST_BATCH)]
    with post_pool(workers) as pool:
        book = pool.submit(write_book, front, entries, out / "occupation-profiles.pdf")
        volumes = [pool.submit(write_volume, g, m, out / "volumes") for g, m in volume_parts(entries)]
        written = [pool.submit(write_chapters, batch, out / "chapters") for batch in batches]
        return [p for f in written for p in f.result()], [f.result() for f in volumes], book.result()


def write_book(front: FrontMatter, entries: list[Entry], target: Path) -> int:
    """Merge the front and every entry, stamp straight-through numbers (title and contents unnumbered),
    outline by part (major group: overview and chapters; comparisons); returns the page count (checked against the sum of the parts)."""
    codes = [c for c in (code_of(e) for e in entries) if c]
    what = Described(
        title=BOOK_TITLE,
        subject=f"One profile per US occupation ({len(codes)} occupations, SOC 2018), from BLS and O*NET data.",
        keywords=["occupation profiles", "SOC 2018", "BLS", "O*NET", *codes],
    )
    cover = Entry("title-and-contents", "Title and contents", pdf=front.pdf, pages=front.pages)

    def outline(pdf: pikepdf.Pdf, starts: list[int]) -> None:
        _outline(pdf, [cover, *entries], starts)

    return _merge_to([cover, *entries], target, what, outline, number_from=front.pages)


def _merge_to(parts: list[Entry], target: Path, what: Described, outline: Any, number_from: int = 0) -> int:
    total = sum(e.pages for e in parts)
    printed = [e for e in parts if e.pdf]

    def finish(pdf: pikepdf.Pdf, starts: list[int]) -> None:
        if len(pdf.pages) != total:
            raise PdfError(f"{target.name}: merged {len(pdf.pages)} pages, expected {total} (the sum of its parts)")
        stamp_numbers(pdf, start_number=number_from + 1, first_index=number_from)
        relink(pdf, {e.docname: start for e, start in zip(printed, starts, strict=True)})
        outline(pdf, starts)
        share_fonts(pdf)
        describe(pdf, what)
        save(pdf, target)

    merge([e.pdf for e in printed if e.pdf], finish)
    return total


def _outline(pdf: pikepdf.Pdf, entries: list[Entry], starts: list[int]) -> None:
    """Bookmarks: front pages at the top level, a group's overview and chapters (or the comparisons) under
    their part, which opens at its first page."""
    from pikepdf import OutlineItem

    with pdf.open_outline() as outline:
        group_item: OutlineItem | None = None
        for e, start in zip(entries, starts, strict=True):
            if e.group is None:
                outline.root.append(OutlineItem(e.title, start))
                group_item = None
                continue
            if group_item is None or group_item.title != e.group:
                group_item = OutlineItem(e.group, start)
                outline.root.append(group_item)
            group_item.children.append(OutlineItem(e.title, start))
