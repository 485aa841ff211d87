"""Load the built explorer page in headless Chromium (served on 127.0.0.1, cold cache) and report what
issue 12's budget names: bytes transferred and the time until the table can be used (DataTables ready).

Bytes are counted twice: as the test server sends them (no compression) and gzip-compressed (what a web
server that compresses text sends; woff2 fonts are already compressed), each split into the page's own
files (the explorer page, the DataTables bundle, its CSS and script) and the theme's files every page of
the book loads. A measurement, not a test: `.venv/bin/python benchmarks/explorer_load.py` after `make book`.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time

from occprofiles import paths
from occprofiles.publish.browser import browser, serve

EXPLORER = "book/_generated/explorer.html"
OWN = ("explorer.html", "occ-datatables", "occprofiles-explorer.js")


def _load(b, url: str) -> dict:
    context = b.new_context()  # a cold cache each run
    page = context.new_page()
    bodies: list[tuple[str, bytes]] = []
    page.on("requestfinished", lambda r: bodies.append((r.url, r.response().body())))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#occ-explorer[data-ready='1']")
    wall = time.perf_counter() - started
    marks = page.evaluate(
        "() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))"
    )
    page.wait_for_load_state("networkidle")
    context.close()
    own = [(u, body) for u, body in bodies if any(k in u for k in OWN)]
    theme = [(u, body) for u, body in bodies if not any(k in u for k in OWN)]

    def size(items, compress):
        return sum(
            len(gzip.compress(body, 6)) if compress and not u.endswith(".woff2") else len(body) for u, body in items
        )

    return {
        "wall": wall,
        "ready": marks["occ-explorer-ready"] / 1000,
        "init": (marks["occ-explorer-ready"] - marks["occ-explorer-init"]) / 1000,
        "raw": (size(own, False), size(theme, False)),
        "gzip": (size(own, True), size(theme, True)),
    }


def main(runs: int = 5) -> int:
    html = paths.REPO_ROOT / "_build" / "html"
    if not (html / EXPLORER).exists():
        sys.exit("no explorer page: run `make book` first")
    with serve(html) as base, browser() as b:
        loads = [_load(b, f"{base}/{EXPLORER}") for _ in range(runs)]
    last = loads[-1]

    def mb(pair: tuple[int, int]) -> str:
        own, theme = pair
        return f"{(own + theme) / 1e6:.2f} MB (explorer's own files {own / 1e6:.2f} MB, theme {theme / 1e6:.2f} MB)"

    print(f"transferred, uncompressed: {mb(last['raw'])}")
    print(f"transferred, gzip:         {mb(last['gzip'])}")

    def med(key: str) -> float:
        return statistics.median(x[key] for x in loads)

    print(
        f"interactive {med('ready'):.2f} s after navigation start (median of {runs} cold loads; "
        f"DataTables set-up {med('init'):.2f} s of it); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
