"""Where the book's search ranks the right chapter, over every occupation, without rendering the book.

Builds a Sphinx site of one stub page per occupation in ``data/processed`` (its chapter title, its
profile JSON beside it, no chapter text) with the book's search extension, then asks the search page,
in headless Chromium, the queries below and prints the rank of the expected chapter and the first five
results. A chapter whose title, code or alternate title matches the query is ranked above every page
that matches in its text only, so for those queries the stub site ranks exactly as the full book does;
a query that the right chapter matches in its text only cannot be checked this way.

    .venv/bin/python benchmarks/search_ranks.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from occprofiles.profile import list_titles, load_profile_dict
from occprofiles.publish.browser import browser, serve

QUERIES = (
    ("medical and health services managers", "11-9111"),
    ("11-9111", "11-9111"),
    ("11-9111.00", "11-9111"),
    ("registered nurse", "29-1141"),
    ("nurse", "29-1141"),
    ("RN", "29-1141"),
    ("truck driver", "53-3032"),
    ("CDL driver", "53-3032"),
    ("software developer", "15-1252"),
    ("accountant", "13-2011"),
)

CONF = 'extensions = ["occprofiles.publish.search"]\nhtml_theme = "basic"\nroot_doc = "index"\n'


def write_site(src: Path) -> int:
    codes = [code for code, _ in list_titles()]
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text("Stub book\n=========\n\n.. toctree::\n   :glob:\n\n   book/chapters/*/*\n")
    for code in codes:
        profile = load_profile_dict(code)
        folder = src / "book" / "chapters" / code[:2]
        folder.mkdir(parents=True, exist_ok=True)
        title = f"{profile['title']} (SOC {code})"
        (folder / f"{code}.rst").write_text(f"{title}\n{'=' * len(title)}\n", encoding="utf-8")
        (folder / f"{code}.json").write_text(json.dumps(profile), encoding="utf-8")
    return len(codes)


def ranks(html: Path) -> list[tuple[str, str, int | None, int, list[str]]]:
    out = []
    with serve(html) as base, browser() as b:
        page = b.new_page()
        for query, code in QUERIES:
            page.goto(f"{base}/search.html?q={quote(query)}", wait_until="load")
            page.wait_for_function("document.querySelector('#search-results .search-summary')?.innerText")
            hrefs = page.eval_on_selector_all("#search-results ul.search > li > a", "a => a.map(e => e.href)")
            found = [h.rsplit("/", 1)[-1].split(".html")[0] for h in hrefs]
            rank = found.index(code) + 1 if code in found else None
            out.append((query, code, rank, len(found), found[:5]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        src, out = root / "src", root / "out"
        src.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = write_site(src)
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "2", str(src), str(out)]
        subprocess.run(cmd, check=True)
        print(f"{pages} stub chapters, search index built in {time.perf_counter() - started:.1f} s")
        for query, code, rank, total, top in ranks(out):
            print(f"{query!r:40} {code}: rank {rank} of {total}; top 5: {', '.join(top)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
