"""Where a chapter's print time goes, and one Chromium document per group against one per chapter.

    python benchmarks/pdf_stages.py --major 29 [--limit N]

On the built HTML book (``_build/html``), for a major group's chapters in one browser and one tab, one at a
time: the CPU seconds (this process, the Playwright driver and Chromium's processes, read from /proc) of
loading a page (goto, print media, ``<details>`` opened), printing it (``page.pdf``, tagged, running header)
and counting its pages (pikepdf); then the same chapters printed as ONE document (the group's pages one
after another, each from a new page, ``pdf_group_print.py`` here) and split back into one print
per chapter; then the post-processing of the chapter prints (numbering, metadata, compression) and the
volume's merge. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from proctree import sum_over_tree  # noqa: E402 (benchmarks/ is on sys.path as the script's folder)

from occprofiles import paths  # noqa: E402
from occprofiles.publish.entries import book_entries  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu() -> float:
    """CPU seconds (user + sys, with reaped children) of this process and every live descendant."""
    return sum_over_tree(os.getpid(), lambda fields: sum(int(x) for x in fields[11:15])) / TICK


class Stages:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def run(self, name: str, fn, *args, **kwargs):
        c, w = tree_cpu(), time.perf_counter()
        out = fn(*args, **kwargs)
        self.cpu[name] = self.cpu.get(name, 0.0) + tree_cpu() - c
        self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - w
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--major", default="29")
    parser.add_argument("--limit", type=int, default=0, help="only the first N chapters of the group")
    parser.add_argument("--skip-single", action="store_true", help="measure the one-document print only")
    parser.add_argument("--skip-group", action="store_true", help="measure one document per chapter only")
    parser.add_argument(
        "--media-first", action="store_true", help="set print media before loading each page (one layout, not two)"
    )
    args = parser.parse_args(argv)

    import pdf_group_print as pdf_group

    from occprofiles.publish import pdf
    from occprofiles.publish.browser import browser, serve
    from occprofiles.publish.pdf_print import PRINT_ARGS, light_page, page_count, print_page

    entries = [e for e in book_entries() if e.group and e.group.endswith(f"({args.major}-0000)")]
    chapters = [e for e in entries if e.is_chapter]
    if args.limit:
        chapters = chapters[: args.limit]
        entries = [e for e in entries if not e.is_chapter] + chapters
    n = len(chapters)
    s = Stages()
    tmp = Path(tempfile.mkdtemp(prefix="pdf-stages-"))
    with serve(paths.html_dir(), light_page) as base, browser(PRINT_ARGS) as b:  # as the book prints
        page = b.new_page()
        s.run(
            "warm-up (one print, not counted)",
            print_page,
            page,
            f"{base}/{chapters[0].docname}.html",
            tmp / "w.pdf",
            "Letter",
            None,
        )
        if not args.skip_single:
            for e in chapters:
                url = f"{base}/{e.docname}.html"
                s.run("per chapter: load (goto, print media, details)", _load, page, url, args.media_first)
                data = s.run("per chapter: page.pdf (tagged, header)", _pdf, page, e)
                s.run("per chapter: page count (pikepdf)", page_count, data)
                e.pdf = tmp / f"{Path(e.docname).name}.pdf"
                e.pdf.write_bytes(data)
                e.pages = page_count(data)
        if args.skip_group:
            counts = 0
        else:
            group_print = tmp / "group.pdf"
            html = s.run("one document: build its HTML", pdf_group.group_html, paths.html_dir(), entries)
            url = pdf_group.group_url(base, entries)
            counts = s.run(
                "one document: load + page.pdf", pdf_group.print_group, page, url, html, group_print, "Letter"
            )
    if not args.skip_group:
        split = [(pdf_group.part_name(e), tmp / "split" / f"{Path(e.docname).name}-{e.kind}.pdf") for e in entries]
        s.run("one document: split into one print per entry", pdf_group.split_print, group_print, split)
    if not args.skip_single:
        s.run("post: chapter PDFs (number, describe, compress)", pdf.write_chapters, chapters, tmp / "chapters")
        s.run(
            "post: the volume (merge, number, fonts, compress)",
            pdf.write_volume,
            chapters[0].group,
            chapters,
            tmp / "volumes",
        )
    print(
        f"{n} chapters of major group {args.major}; one-document print: {counts} pages; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n"
    )
    print("| stage | CPU s | CPU s per chapter | wall s |\n|---|---|---|---|")
    for name in s.cpu:
        print(f"| {name} | {s.cpu[name]:.1f} | {s.cpu[name] / n:.3f} | {s.wall[name]:.1f} |")
    print(f"\nfiles in {tmp}")
    return 0


def _load(page, url: str, media_first: bool = False) -> None:
    if media_first:
        page.emulate_media(media="print")
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")


def _pdf(page, e) -> bytes:
    from occprofiles.publish import pdf
    from occprofiles.publish.pdf_print import PAGE_MARGIN

    code = Path(e.docname).name
    header = pdf._HEADER.format(title=e.title.rsplit(" (SOC ", 1)[0], code=f"SOC {code}")
    return page.pdf(
        print_background=True,
        display_header_footer=True,
        header_template=header,
        footer_template="<span></span>",
        format="Letter",
        margin=PAGE_MARGIN,
        tagged=True,
    )


if __name__ == "__main__":
    sys.exit(main())
