"""Printing built pages to PDF with Chromium: one page at a time (:func:`print_page`) or many, in parallel
(:func:`print_all`).

:func:`print_all` runs ``workers`` threads, each with its own Playwright and Chromium (Playwright's sync API
is per thread), taking the next page from one queue, so two cores print two pages at once; each browser
closes when its thread ends. A printed page needs no script (the print styles and the layout are in the
HTML and CSS; :func:`print_page` opens the ``<details>`` itself): the pages' scripts are not loaded.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..render.output import atomic_write_bytes
from .browser import browser

if TYPE_CHECKING:
    from playwright.sync_api import Page, PdfMargins, Route

PAGE_MARGIN: PdfMargins = {"top": "0.6in", "bottom": "0.6in", "left": "0.6in", "right": "0.6in"}
PRINT_WORKERS = 2


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


def print_page(page: Page, url: str, target: Path, paper: str, header: str | None) -> int:
    """Print ``url`` to ``target`` (tagged, in print media, the running ``header`` if any); its page count."""
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    # Paper has no disclosure widget: print what a chapter's <details> hold (e.g. a long list's rest).
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")
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


def _no_scripts(route: Route) -> None:
    if route.request.resource_type == "script":
        route.abort()
    else:
        route.continue_()


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
            with browser() as b:
                page = b.new_page()
                page.route("**/*", _no_scripts)
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
