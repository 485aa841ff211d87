"""``occprofiles book --pdf``: one PDF per chapter and the whole book, printed from the built HTML.

Route: Debian's Chromium (driven by Playwright, with no browser download: ``executable_path``) prints
each built page, served from 127.0.0.1, to a tagged PDF (structure tree) with a running header (the
occupation's title and code); the unnumbered prints are kept in ``_build/pdf/.print``. pikepdf
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
from .entries import Entry, book_entries
from .pdf_fonts import share_fonts
from .pdf_front import front_html
from .pdf_pool import POST_BATCH, POST_WORKERS, post_pool
from .pdf_post import Described, describe, merge, save, stamp_numbers
from .pdf_print import PAGE_MARGIN as PAGE_MARGIN  # the book's margins, for export --to pdf
from .pdf_print import PrintJob, page_count, print_all, print_page

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
    with serve(html_dir) as base:
        printing_started = time.perf_counter()
        print_entries(base, entries, raw_dir, paper, progress)
        fronts = print_volume_fronts(base, entries, raw_dir, paper)
        printing = time.perf_counter() - printing_started
        with browser() as b:
            front = print_front_matter(b.new_page(), entries, releases, raw_dir / "00-title-and-contents.pdf", paper)
    post_started = time.perf_counter()
    chapters, volumes, total = write_all(front, entries, fronts, out)
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
    return Path(entry.docname).name if entry.group else None


def print_entries(base: str, entries: list[Entry], raw_dir: Path, paper: str, progress: bool) -> None:
    """Print every entry's page to its own unnumbered PDF in ``raw_dir`` (chapters named by code), two at a
    time (:func:`.pdf_print.print_all`)."""
    from tqdm import tqdm

    jobs = []
    for i, e in enumerate(entries):
        name = Path(e.docname).name
        e.pdf = raw_dir / (f"{name}.pdf" if e.group else f"{i + 1:02d}-{name}.pdf")
        code = code_of(e)
        header = None
        if code is not None:
            header = _HEADER.format(title=html.escape(e.title.rsplit(" (SOC ", 1)[0]), code=f"SOC {code}")
        jobs.append(PrintJob(f"{base}/{e.docname}.html", e.pdf, header))
    with tqdm(total=len(jobs), desc="print", unit="page", disable=not progress) as bar:
        for e, pages in zip(entries, print_all(jobs, paper, done=bar.update), strict=True):
            e.pages = pages


def major_of(group: str) -> str:
    """ "Management Occupations (11-0000)" -> "11-0000"."""
    return group.rsplit("(", 1)[-1].rstrip(")")


def volume_front_pages(major: str) -> list[str]:
    """The built pages a major group's volume opens with, before its chapters, as docnames (e.g. the group
    overview, ``book/chapters/11/index``, for ``major`` "11-0000"), when the group's overview was rendered."""
    group = major[:2]
    overview = paths.chapters_dir() / group / "index.ipynb"
    return [f"book/chapters/{group}/index"] if overview.exists() else []


def print_volume_fronts(base: str, entries: list[Entry], raw_dir: Path, paper: str) -> dict[str, list[Entry]]:
    """Print each group's :func:`volume_front_pages` (unnumbered, no running header); {group: entries}."""
    import pikepdf

    wanted = [
        (group, docname, raw_dir / f"front-{major_of(group)}-{i + 1}.pdf")
        for group in dict.fromkeys(e.group for e in entries if e.group)
        for i, docname in enumerate(volume_front_pages(major_of(group)))
    ]
    counts = print_all([PrintJob(f"{base}/{doc}.html", target) for _, doc, target in wanted], paper)
    fronts: dict[str, list[Entry]] = {}
    for (group, docname, target), pages in zip(wanted, counts, strict=True):
        with pikepdf.open(target) as doc:  # the title Chromium took from the page's <title>
            title = str(doc.docinfo.get("/Title", "")).split(" — ")[0].strip() or docname
        fronts.setdefault(group, []).append(Entry(docname, title, pdf=target, pages=pages))
    return fronts


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
        describe(pdf, chapter_description(entry))
        save(pdf, target)
    return target


def volume_parts(entries: list[Entry], fronts: dict[str, list[Entry]] | None = None) -> list[tuple[str, list[Entry]]]:
    """(group, its front pages then its chapters) per major group, in book order."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.group:
            groups.setdefault(e.group, [*(fronts or {}).get(e.group, [])]).append(e)
    return list(groups.items())


def write_volume(group: str, members: list[Entry], folder: Path) -> Path:
    """One major group's PDF: its front pages, then its chapters, numbered through, with an outline (front
    pages at the top level, chapters under the group)."""
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


def write_volumes(entries: list[Entry], folder: Path, fronts: dict[str, list[Entry]] | None = None) -> list[Path]:
    """One PDF per major group (:func:`write_volume`); ``fronts``: the printed :func:`volume_front_pages`."""
    return [write_volume(group, members, folder) for group, members in volume_parts(entries, fronts)]


def write_chapters(entries: list[Entry], folder: Path) -> list[Path]:
    return [write_chapter(e, folder) for e in entries]


def write_all(
    front: FrontMatter, entries: list[Entry], fronts: dict[str, list[Entry]], out: Path, workers: int = POST_WORKERS
) -> tuple[list[Path], list[Path], int]:
    """The chapter PDFs, the volumes and the book, from the prints, in ``workers`` processes (the book, the
    longest, first); returns (chapters, volumes, book pages)."""
    chapters = [e for e in entries if e.group]
    batches = [chapters[i : i + POST_BATCH] for i in range(0, len(chapters), POST_BATCH)]
    with post_pool(workers) as pool:
        book = pool.submit(write_book, front, entries, out / "occupation-profiles.pdf")
        volumes = [pool.submit(write_volume, g, m, out / "volumes") for g, m in volume_parts(entries, fronts)]
        written = [pool.submit(write_chapters, batch, out / "chapters") for batch in batches]
        return [p for f in written for p in f.result()], [f.result() for f in volumes], book.result()


def write_book(front: FrontMatter, entries: list[Entry], target: Path) -> int:
    """Merge the front and every entry, stamp straight-through numbers (title and contents unnumbered),
    outline by major group and chapter; returns the page count (checked against the sum of the parts)."""
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

    def finish(pdf: pikepdf.Pdf, starts: list[int]) -> None:
        if len(pdf.pages) != total:
            raise PdfError(f"{target.name}: merged {len(pdf.pages)} pages, expected {total} (the sum of its parts)")
        stamp_numbers(pdf, start_number=number_from + 1, first_index=number_from)
        outline(pdf, starts)
        share_fonts(pdf)
        describe(pdf, what)
        save(pdf, target)

    merge([e.pdf for e in parts if e.pdf], finish)
    return total


def _outline(pdf: pikepdf.Pdf, entries: list[Entry], starts: list[int]) -> None:
    """Bookmarks: front pages at the top level, chapters under their major group."""
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
