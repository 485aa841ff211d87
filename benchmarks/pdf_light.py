"""Where a chapter's print CPU goes: variants of the page Chromium prints, interleaved chapter by chapter.

    python benchmarks/pdf_light.py [--major 29] [--sample] [--limit N] [--variants base,light,...]

For each chapter of the built HTML book (``_build/html``), each variant in turn prints it in its own browser
(one per variant, warmed up by one print first), so a busy machine slows every variant alike. CPU seconds
are those of this process and every descendant (the Playwright driver, Chromium's browser, renderer, GPU
and utility processes; this process is made the child subreaper, so Chromium's double-forked helpers stay
counted), split into load (goto, print media, ``<details>`` opened) and ``page.pdf``. Prints a Markdown
table with the load average.

Variants (measurement only unless production uses them):
- ``base``: the built page as main prints it (scripts blocked).
- ``light``: the print page served instead (``pdf_print.light_page``: the article alone, its stylesheets).
- ``nosvg``: light, every inline SVG chart removed (what the charts cost).
- ``notag``: light, ``page.pdf(tagged=False)`` (what tagging costs).
- ``nohead``: light, no running header template.
- ``nocss``: light, no stylesheet but ours (what the theme's CSS costs; the look differs).
- ``served``: production before the swap: the print server's light page, opened in the tab each time.
- ``swap``: production: the first page opened, each next one swapped into the open document
  (``pdf_print.swap_in``).
  Measured against it and dropped: each chart's inline SVG as an ``<img>`` of it (its own document, out of
  reach of the page's CSS): 0.839 -> 0.842 CPU-s a chapter (30 chapters of group 29; load 0.160 -> 0.222,
  ``page.pdf`` 0.679 -> 0.621); and no forced screen layout after the swap (every font face loaded when the
  tab opens): 0.754 -> 0.769 (the layout moves into ``page.pdf``).
- ``swapnocss``: swap, every page without the theme's stylesheets (what style matching costs once the
  stylesheets are parsed once a tab; the look differs).
- Where a print's CPU goes by process (``perf record -a`` over 30 chapters of group 29, variant swap, 2026-11-29):
  the renderer 41 % of the busy samples, one print compositor per ``page.pdf`` 23 % (Chromium launches a
  ``printing.mojom.PrintCompositor`` utility process for every document and ends it after: 31 processes for
  31 prints), the browser 10 %, Python 11 %, the Playwright driver 7 %; zlib (deflate, in the compositors)
  10 %, most of it the rasterized hatch images below. A trivial page's print costs 0.092 CPU-s (0.052 with
  ``--single-process``, which runs the compositor in the browser), but ``swap+single`` on real chapters was
  0.853 -> 0.886 CPU-s a chapter (20 chapters): no gain.
- ``swapflat``: swap, the hatch pattern fills (the tile map's n/p squares, the legend's n/p key) made flat grey
  (what the hatch costs: Chromium prints each element a pattern fills as its own rasterized image).
- ``swapjoin``: swap, the paths one hatch class fills joined into one compound path (what the tile map draws
  since its n/p squares are one path). 30 chapters of group 29 (8.2 n/p squares a chapter; the book's mean is
  9.1), interleaved, two runs: ``page.pdf`` 0.694 / 0.768 -> 0.612 / 0.608 CPU-s a chapter (swapflat 0.598);
  the load column grows by the Python regexes that make the variant's page, which production does not run.
- ``swapnoclip``: swap, every chart element's clip path dropped (~230 clipped elements a chapter; the look may
  differ): 0.804 / 0.899 -> 0.949 / 0.893 CPU-s a chapter (20 chapters of group 29, a test suite running beside):
  clipping costs nothing measurable.
- ``splitnarrow``: light, narrow tables may split across pages again (the print rule that keeps them whole,
  3a9560c, undone by a later rule: what keeping them whole costs).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from pdf_stages import tree_cpu  # noqa: E402

from occprofiles import paths  # noqa: E402
from occprofiles.publish.entries import book_entries  # noqa: E402

VARIANTS = ("base", "light", "nosvg", "notag", "nohead", "nocss", "nomedia", "splitnarrow")
# Extra Chromium flags: a variant ``light+single`` is ``light`` in a browser launched with FLAGS["single"] too.
FLAGS = {
    "single": ["--single-process"],
    "noiso": ["--disable-site-isolation-trials", "--disable-features=site-per-process,IsolateOrigins"],
    "procs1": ["--renderer-process-limit=1"],
    "noext": ["--disable-extensions"],
    "lowend": ["--enable-low-end-device-mode"],
    "nozygote": ["--no-zygote"],
    "nobf": ["--disable-features=BackForwardCache,RenderDocument"],
    "nogpu": ["--disable-gpu-compositing", "--disable-software-rasterizer"],
    "onethread": ["--disable-threaded-compositing", "--num-raster-threads=1"],
    "jitless": ["--js-flags=--jitless"],
    "nobf2": ["--disable-features=BackForwardCache,RenderDocument,PaintHolding", "--disable-back-forward-cache"],
}
NO_CLIP = re.compile(r";?clip-path:url\(#p[0-9a-f]+\)")
FLAT_HATCH = re.compile(r"fill:url\(#h[0-9a-f]+\)")


def join_hatched(html: str) -> str:
    """Every path a hatch class fills, joined into one compound path where the first one was (what the
    tile map draws since its n/p squares are one path), to measure the print without re-rendering."""
    for name in set(re.findall(r"\.(o[0-9a-f]+)\{fill:url\(#h", html)):
        element = re.compile(rf'<path d="([^"]*)" class="{name}"/>')
        found = element.findall(html)
        first = element.search(html)
        if first is not None and len(found) > 1:
            joined = f'<path d="{" ".join(found)}" class="{name}"/>'
            html = html[: first.start()] + joined + element.sub("", html[first.end() :])
    return html


SPLIT_NARROW = (
    "@media print { html .bd-article .occ-table:not(:has(th:nth-child(4))) table { break-inside: auto !important } }"
)


def transform(variant: str, html: str) -> str:
    from occprofiles.publish.pdf_print import light_page

    variant = variant.split("+")[0]
    if variant == "base":
        return html
    out = light_page(html) if variant != "nomedia" else html
    if variant == "nosvg":
        out = re.sub(r"<svg\b.*?</svg>", "", out, flags=re.S)
    if variant == "splitnarrow":
        out = out.replace("</head>", f"<style>{SPLIT_NARROW}</style></head>", 1)
    if variant == "nocss":
        out = re.sub(r'<link rel="stylesheet"[^>]*href="(?![^"]*occprofiles)[^"]*"[^>]*>', "", out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--major", default="29")
    parser.add_argument("--sample", action="store_true", help="every chapter of the built book instead")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--variants", default="base,light")
    args = parser.parse_args(argv)
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    from playwright.sync_api import sync_playwright

    from occprofiles.publish import pdf
    from occprofiles.publish.browser import CHROMIUM_ARGS, chromium_path, serve
    from occprofiles.publish.pdf_print import PAGE_MARGIN, PRINT_ARGS

    entries = book_entries()
    if not args.sample:
        entries = [e for e in entries if e.group and e.group.endswith(f"({args.major}-0000)")]
    chapters = [e for e in entries if e.is_chapter][: args.limit or None]
    variants = args.variants.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="pdf-light-"))
    cpu = {v: [0.0, 0.0] for v in variants}
    wall = {v: 0.0 for v in variants}
    pages = {v: 0 for v in variants}
    html_dir = paths.html_dir()
    from occprofiles.publish.pdf_print import light_page

    with serve(html_dir) as base, serve(html_dir, light_page) as light_base, ExitStack() as stack:
        pw = stack.enter_context(sync_playwright())
        tabs = {}
        for v in variants:
            extra = [f for name in v.split("+")[1:] for f in FLAGS[name]]
            args_ = PRINT_ARGS if v in ("served", "swap", "swapnocss") else CHROMIUM_ARGS
            b = pw.chromium.launch(executable_path=chromium_path(), args=args_ + extra)
            stack.callback(b.close)
            page = b.new_page()
            if v.startswith("servedpm"):  # print media from the start: no screen layout first
                page.emulate_media(media="print")
            if v.startswith("servedpmvw"):
                page.set_viewport_size({"width": 701, "height": 900})

            if v == "swapnocss":  # its pages, first and swapped, without the theme's stylesheets
                page.route("**/*", _handler("nocss", base, html_dir))
            elif not v.startswith(("served", "swap")):  # served*: the print server's light pages, nothing intercepted
                page.route("**/*", _handler(v, base, html_dir))
            tabs[v] = page

        for v in variants:  # warm-up
            root = light_base if _served(v) else base
            _print(tabs[v], f"{root}/{chapters[0].docname}.html", chapters[0], v, PAGE_MARGIN, pdf)
        for e in chapters:
            for v in variants:
                url = f"{light_base if _served(v) else base}/{e.docname}.html"
                c0, w0 = tree_cpu(), time.perf_counter()
                if v.startswith("swap"):
                    built = (html_dir / f"{e.docname}.html").read_text(encoding="utf-8")
                    page_html = transform("nocss", built) if v == "swapnocss" else light_page(built)
                    if v.startswith("swapflat"):
                        page_html = FLAT_HATCH.sub("fill:#ececec", page_html)
                    if v.startswith("swapjoin"):
                        page_html = join_hatched(page_html)
                    if v.startswith("swapnoclip"):
                        page_html = NO_CLIP.sub("", page_html)
                    _swap(tabs[v], url, page_html)
                else:
                    _load(tabs[v], url, media=not v.startswith(("nomedia", "servednm", "servedpm")))
                c1 = tree_cpu()
                data = _pdf(tabs[v], e, v, PAGE_MARGIN, pdf)
                c2 = tree_cpu()
                wall[v] += time.perf_counter() - w0
                cpu[v][0] += c1 - c0
                cpu[v][1] += c2 - c1
                from occprofiles.publish.pdf_print import page_count

                pages[v] += page_count(data)
                (tmp / v).mkdir(exist_ok=True)
                (tmp / v / f"{Path(e.docname).name}.pdf").write_bytes(data)
    n = len(chapters)
    print(f"{n} chapters; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (at the end)\n")
    print(
        "| variant | load CPU-s/ch | page.pdf CPU-s/ch | total CPU-s/ch | wall s/ch | pages |\n|---|---|---|---|---|---|"
    )
    for v in variants:
        lo, pd = cpu[v]
        print(f"| {v} | {lo / n:.3f} | {pd / n:.3f} | {(lo + pd) / n:.3f} | {wall[v] / n:.3f} | {pages[v]} |")
    print(f"\nprints in {tmp}")
    return 0


def _served(variant: str) -> bool:
    """The variant prints the print server's light pages (swapnocss makes its own, through a route)."""
    return variant.startswith(("served", "swap")) and variant != "swapnocss"


def _handler(variant: str, base: str, html_dir: Path):
    """A route handler (one argument: Playwright passes the request too to a handler that takes two)."""

    def handle(route) -> None:
        req = route.request
        if req.resource_type == "script":
            return route.abort()
        if req.resource_type == "document" and req.url.startswith(base):
            path = html_dir / req.url[len(base) + 1 :].split("?")[0]
            body = transform(variant, path.read_text(encoding="utf-8"))
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
        return route.continue_()

    return handle


def _print(page, url, e, v, margin, pdf) -> None:
    _load(page, url, media=not v.startswith(("nomedia", "servednm", "servedpm")))
    _pdf(page, e, v, margin, pdf)


def _swap(page, url: str, html: str) -> None:
    """The next page into the open document (production's ``swap_in``), else a fresh load."""
    from occprofiles.publish.pdf_print import swap_in

    if not swap_in(page, url, html):
        _load(page, url)


def _load(page, url: str, media: bool = True) -> None:
    page.goto(url, wait_until="load")
    if not media:
        return
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")


def _pdf(page, e, v, margin, pdf) -> bytes:
    code = Path(e.docname).name
    header = pdf._HEADER.format(title=e.title.rsplit(" (SOC ", 1)[0], code=f"SOC {code}")
    return page.pdf(
        print_background=True,
        display_header_footer=not v.startswith("nohead"),
        header_template=header if not v.startswith("nohead") else "",
        footer_template="<span></span>",
        format="Letter",
        margin=margin,
        tagged=not v.startswith("notag"),
    )


if __name__ == "__main__":
    sys.exit(main())
