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

After its first page, a print tab does not navigate: the next light page's body goes into the open document
(:func:`swap_in`) when its stylesheets are the same ones, so they are not fetched, parsed and matched again:
1.061 -> 0.839 CPU-s a chapter (30 chapters of group 29, interleaved, ``pdf_light.py --variants served,swap``),
every page pixel-identical, the same links, structure tree and title.
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
    source: Path | None = None  # the built page behind ``url``: swapped into the open document when it can be


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


# The new page's body replaces the open one's, at the new address (links and the PDF's link targets resolve
# against it), when both name the same stylesheet files; false (nothing changed) when they do not. Files, not
# URLs: Sphinx's cache-busting query (?v=...) differs between pages written by different builds, while the
# print server serves the file whatever the query.
_SWAP = """([url, html]) => {
  const next = new DOMParser().parseFromString(html, 'text/html');
  const file = href => { const u = new URL(href, url); return u.origin + u.pathname; };
  const sheets = (d, href) => [...d.querySelectorAll('link[rel=stylesheet]')].map(l => file(href(l))).join(' ');
  if (sheets(next, l => l.getAttribute('href')) !== sheets(document, l => l.href)) return false;
  history.replaceState(null, '', url);
  document.title = next.title;
  for (const a of next.documentElement.attributes) document.documentElement.setAttribute(a.name, a.value);
  document.body.replaceWith(document.adoptNode(next.body));
  return true;
}"""


def swap_in(page: Page, url: str, html: str) -> bool:
    """Put the light page ``html`` (whose address is ``url``) into the document open in ``page`` and settle it
    as :func:`open_for_print` does; False, with nothing changed, if the open document is not a page of the same
    origin with the same stylesheets (then open it)."""
    if not page.url.startswith(url[: url.index("/", url.index("//") + 2)]):
        return False
    if not page.evaluate(_SWAP, [url, html]):
        return False
    page.evaluate(_SETTLE)
    return True


def print_page(page: Page, url: str, target: Path, paper: str, header: str | None, source: Path | None = None) -> int:
    """Print ``url`` to ``target`` (tagged, in print media, the running ``header`` if any); its page count.
    With ``source`` (the built page behind ``url``), its light page is swapped into the open document if it can
    be (:func:`swap_in`), else ``url`` is opened. A page :func:`light_page` leaves as it is (no theme markers)
    keeps its scripts, which run only when it is opened."""
    built = source.read_text(encoding="utf-8") if source is not None else None
    light = light_page(built) if built is not None else None
    if light is None or light == built or not swap_in(page, url, light):
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
                    pages[i] = print_page(page, job.url, job.target, paper, job.header, job.source)
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
