"""Printing built pages to PDF with Chromium: one page at a time (:func:`print_page`) or many, in parallel
(:func:`print_all`).

:func:`print_all` runs ``workers`` threads, each with its own Playwright and Chromium (Playwright's sync API
is per thread), taking the next page from one queue, so two cores print two pages at once; each browser
closes when its thread ends.

What Chromium prints is the *light print page* (:func:`light_page`), which the print server makes of each
built page as it serves it (``serve(html_dir, light_page)``): the article and the print title block in the
theme's wrappers, its stylesheets, no script, sidebar, navigation or footer, ``<details>`` open. Nothing is
intercepted (a Playwright route sends every request through the driver and turns Chromium's cache off):
0.91 -> 0.59 CPU-s a chapter with :data:`PRINT_ARGS` (``benchmarks/pdf_light.py``), the same prints.
"""

from __future__ import annotations

import io
import queue
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..render.output import atomic_write_bytes
from .browser import CHROMIUM_ARGS, browser

if TYPE_CHECKING:
    from playwright.sync_api import Page, PdfMargins

PAGE_MARGIN: PdfMargins = {"top": "0.6in", "bottom": "0.6in", "left": "0.6in", "right": "0.6in"}
PRINT_WORKERS = 2
# Each navigation of the print tab gets a new frame host (RenderDocument): ~0.05 CPU-s a chapter for nothing.
# A print is laid out and painted once, not animated or scrolled: compositing on the renderer's main thread and
# one raster thread, 0.602 -> 0.580 and 0.631 -> 0.591 CPU-s a chapter (interleaved, 40 and 25 chapters), the
# same pages pixel for pixel (benchmarks/pdf_light.py, variant served+onethread).
PRINT_ARGS = [
    *CHROMIUM_ARGS,
    "--disable-features=BackForwardCache,RenderDocument",
    "--disable-threaded-compositing",
    "--num-raster-threads=1",
]


@dataclass
class PrintJob:
    """One built page to print: its URL, the PDF to write and the running header (None: no header)."""

    url: str
    target: Path
    header: str | None = None


def page_count(data: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# Paper has no disclosure widget: print what a chapter's <details> hold (e.g. a long list's rest); the light
# page has them open already, a page served as built does not. Then lay the page out and wait for the fonts
# that layout asked for: the theme's icon font (the download links' icon) is a web font with
# font-display: block, which may still be loading at the load event; laid out before it arrives, the icon
# takes a fallback font's width and everything after it on the line moves (6 px, now and then).
_SETTLE = """async () => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  void document.body.offsetHeight;
  await document.fonts.ready;
}"""


def open_for_print(page: Page, url: str) -> None:
    """Open ``url`` as it prints: loaded, in print media, its <details> open, its fonts loaded."""
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    page.evaluate(_SETTLE)


def print_page(page: Page, url: str, target: Path, paper: str, header: str | None) -> int:
    """Print ``url`` to ``target`` (tagged, in print media, the running ``header`` if any); its page count."""
    open_for_print(page, url)
    data = page.pdf(
        print_background=True,
        display_header_footer=header is not None,
        header_template=header or "",
        footer_template="<span></span>",
        format=paper,
        margin=PAGE_MARGIN,
        tagged=True,
    )
    atomic_write_bytes(target, data)
    return page_count(data)


_SCRIPT = re.compile(r"<script\b.*?</script>|<noscript>.*?</noscript>|<link rel=\"preload\"[^>]*>", re.S)
_OPEN = (
    '<div class="bd-container"><div class="bd-container__inner bd-page-width">'
    '<main id="main-content" class="bd-main" role="main"><div class="bd-content"><div class="bd-article-container">'
)
_CLOSE = "</div></div></main></div></div>"
_CLOSED_DETAILS = re.compile(r"<details\b(?![^>]*\bopen\b)")


def light_page(html: str) -> str:
    """The built page as print needs it: its head without scripts, and in the theme's wrappers (which the
    print styles name) the print title block and the article alone; no header, sidebars, navigation or
    footer (print hides them all). A page without the theme's markers is returned as it is."""
    head_end = html.find("<body")
    start = html.find('<div id="jb-print-docs-body"')
    end = html.find("</article>")
    if min(head_end, start, end) < 0 or not head_end < start < end:
        return html
    body_tag = html[head_end : html.index(">", head_end) + 1]
    # The theme's first script sets <html data-mode data-theme> from localStorage (empty in a fresh browser)
    # and its CSS keys on them (tables' borders, code's padding): set as that script would.
    head = _SCRIPT.sub("", html[:head_end]).replace("<html ", '<html data-mode="" data-theme="" ', 1)
    # Paper has no disclosure widget: print what a chapter's <details> hold (e.g. a long list's rest).
    article = _CLOSED_DETAILS.sub("<details open", html[start : end + len("</article>")])
    return f"{head}{body_tag}{_OPEN}{article}{_CLOSE}</body></html>"


def print_all(
    jobs: list[PrintJob], paper: str, workers: int = PRINT_WORKERS, done: Callable[[], object] | None = None
) -> list[int]:
    """Print every job, ``workers`` at a time; the page counts, in the order of ``jobs``. ``done`` is called
    after each page (a progress bar). The first error stops the other workers and is raised."""
    if not jobs:
        return []
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(len(jobs)):
        todo.put(i)
    pages = [0] * len(jobs)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with browser(PRINT_ARGS) as b:
                page = b.new_page()
                while not errors:
                    try:
                        i = todo.get_nowait()
                    except queue.Empty:
                        return
                    job = jobs[i]
                    pages[i] = print_page(page, job.url, job.target, paper, job.header)
                    if done is not None:
                        done()
        except BaseException as exc:  # noqa: BLE001  (raised in the calling thread below)
            errors.append(exc)

    threads = [threading.Thread(target=work, name=f"occprofiles-print-{n}") for n in range(max(1, workers))]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    except BaseException as exc:  # Ctrl-C or TERM: the workers stop after their current page, browsers closed
        errors.append(exc)
        for t in threads:
            t.join()
        raise
    if errors:
        raise errors[0]
    return pages
