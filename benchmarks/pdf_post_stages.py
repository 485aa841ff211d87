"""Where the PDF post-processing's CPU goes, stage by stage, on the prints of the last ``book --pdf``.

    python benchmarks/pdf_post_stages.py [--major 29] [--repeat 1]

Reads the unnumbered prints in ``_build/pdf/.print`` (run ``occprofiles book --pdf`` first) and, in this one
process (no pool: each stage's CPU time is this process's), writes every chapter PDF, the volumes of the
groups printed and the whole book into a temporary folder as :func:`occprofiles.publish.pdf.write_all` does,
timing each step of :mod:`.pdf_post` and :mod:`.pdf_fonts` (numbering, relinking, metadata, image dedupe,
unreferenced resources, save/compression, merge and structure join, font sharing, outline). Prints a Markdown
table: CPU s per stage for chapters, volumes and the book, and per chapter.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

CPU: dict[tuple[str, str], float] = defaultdict(float)
PHASE = ["chapters"]


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        c = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            CPU[(PHASE[0], name)] += time.process_time() - c

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    import pikepdf

    from occprofiles import paths
    from occprofiles.publish import pdf, pdf_post
    from occprofiles.publish.entries import book_entries

    # every step, wrapped where pdf.py and pdf_post.py look it up
    for name in ("stamp_numbers", "relink", "describe", "share_fonts", "_outline"):
        setattr(pdf, name, timed(name, getattr(pdf, name)))
    for name in ("dedupe_images", "_join_structure", "_finish_structure"):
        setattr(pdf_post, name, timed(name, getattr(pdf_post, name)))
    pikepdf.Pdf.remove_unreferenced_resources = timed("remove_unreferenced", pikepdf.Pdf.remove_unreferenced_resources)
    pikepdf.Pdf.save = timed("pikepdf save (compress, object streams)", pikepdf.Pdf.save)
    pikepdf.Pdf.add_pages_from = timed("merge: add_pages_from", pikepdf.Pdf.add_pages_from)
    pikepdf.Pdf.open = timed("open", pikepdf.Pdf.open)
    pdf_post.atomic_write_bytes = timed("write file", pdf_post.atomic_write_bytes)

    raw = paths.pdf_dir() / ".print"
    entries = book_entries()
    for i, e in enumerate(entries):
        e.pdf = raw / pdf.print_name(e, i)
        if e.pdf.exists():
            e.pages = len(pikepdf.open(e.pdf).pages)
    entries = [e for e in entries if e.pdf and e.pdf.exists()]
    front_pdf = next(raw.glob("00-title-and-contents.pdf"))
    front = pdf.FrontMatter(front_pdf, len(pikepdf.open(front_pdf).pages), {})
    chapters = [e for e in entries if e.is_chapter]
    out = Path(tempfile.mkdtemp(prefix="pdf-post-"))
    totals = {}
    for phase, fn in (
        ("chapters", lambda: pdf.write_chapters(chapters, out / "chapters")),
        ("volumes", lambda: pdf.write_volumes(entries, out / "volumes")),
        ("book", lambda: pdf.write_book(front, entries, out / "book.pdf")),
    ):
        PHASE[0] = phase
        c, w = time.process_time(), time.perf_counter()
        fn()
        totals[phase] = (time.process_time() - c, time.perf_counter() - w)
    n = len(chapters)
    print(f"{n} chapters, {len(entries)} prints; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")
    print("| stage | chapters CPU s | volumes CPU s | book CPU s | all, CPU s per chapter |\n|---|---|---|---|---|")
    names = sorted({k[1] for k in CPU}, key=lambda s: -sum(CPU[(p, s)] for p in totals))
    for name in names:
        row = [CPU[(p, name)] for p in ("chapters", "volumes", "book")]
        print(f"| {name} | " + " | ".join(f"{x:.2f}" for x in row) + f" | {sum(row) / n:.4f} |")
    row = [totals[p][0] for p in ("chapters", "volumes", "book")]
    print("| **total** | " + " | ".join(f"{x:.2f}" for x in row) + f" | {sum(row) / n:.4f} |")
    print("| wall s | " + " | ".join(f"{totals[p][1]:.2f}" for p in ("chapters", "volumes", "book")) + " | |")
    print(f"\nfiles in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
