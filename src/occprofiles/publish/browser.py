"""Headless Chromium (Debian's, driven by Playwright) looking at the built book served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PdfError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ENV = "OCCPROFILES_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    exe = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or DEFAULT_CHROMIUM
    if not Path(exe).exists():
        raise PdfError(
            f"no Chromium at {exe}: install Debian's package (`apt-get install -y chromium`) or set {CHROMIUM_ENV}."
        )
    return exe


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """One line per request on stderr would drown the progress bar: requests are not logged."""


class _PageFilterHandler(_QuietHandler):
    """Serves every ``.html`` file through ``page_filter`` (the built page -> the page served)."""

    page_filter: Callable[[str], str]

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        body = self.page_filter(path.read_text(encoding="utf-8")).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path, page_filter: Callable[[str], str] | None = None) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (an ephemeral port) for the duration of the block; ``page_filter``, if
    given, rewrites every HTML page as it is served (the other files are served as they are)."""
    if page_filter is None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
    else:
        cls = type("_Filtered", (_PageFilterHandler,), {"page_filter": staticmethod(page_filter)})
        handler = functools.partial(cls, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser(args: list[str] | None = None) -> Iterator[Browser]:
    """Chromium launched with ``args`` (default :data:`CHROMIUM_ARGS`), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS if args is None else args)
        try:
            yield b
        except BaseException:  # a stop signal (or an error) in the middle of a call such as page.pdf()
            _quiet_abandoned_calls()
            raise
        finally:
            b.close()


class _AbandonedCallFilter(logging.Filter):
    """Drops the two reports of a Playwright call the block abandoned, which would bury the command's own
    message about the stop under a traceback on stderr: asyncio's "Task exception was never retrieved" (closing
    the browser fails the call, "Printing failed", and nobody is left to await it), and Playwright's "Error
    occurred in event listener" for the driver's late answer to it ("Cannot find command to respond")."""

    def filter(self, record: logging.LogRecord) -> bool:
        from playwright.sync_api import Error

        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, Error):
            return True
        message = record.getMessage()
        never_retrieved = message.startswith("Task exception was never retrieved")
        late_answer = message.startswith("Error occurred in event listener") and str(error).startswith(
            "Cannot find command to respond"
        )
        return not (never_retrieved or late_answer)


def _quiet_abandoned_calls() -> None:
    for name in ("asyncio", "playwright"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _AbandonedCallFilter) for f in logger.filters):
            logger.addFilter(_AbandonedCallFilter())
