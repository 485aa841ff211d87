"""The book's search, as a reader uses it: headless Chromium on the book's own search page (issue 15, 4).

The book holds the chapters that compete for each query: those whose titles or O*NET alternate titles
share its words (found by ranking every occupation with ``benchmarks/search_ranks.py``) and those that
outranked the right chapter in Sphinx's stock search of the full book. They are rendered once into a
book of their own (a temporary folder laid out like the repository), which is built and served on
127.0.0.1 for the module.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from occprofiles import paths

from conftest import BOOK_SOURCE_FILES

pytestmark = pytest.mark.usefixtures("processed")

COMPETING = (
    # "medical and health services managers": managers, and 29-2072 (Medical Records Specialists)
    "11-9111",
    "11-9199",
    "11-3013",
    "11-9021",
    "29-2072",
    # "nurse", "registered nurse", "RN": the nursing titles, and titles with RN or nurse alternate titles
    "29-1141",
    "29-1171",
    "29-2061",
    "31-1131",
    "29-1151",
    "29-1127",
    "25-1072",
    # "truck driver", "CDL driver": drivers, truck operators and movers
    "53-3032",
    "53-3033",
    "53-3031",
    "53-7062",
    "53-7051",
    "53-7081",
)


def _chromium_or_skip() -> None:
    import os

    from occprofiles.errors import PdfError
    from occprofiles.publish.browser import chromium_path

    try:
        chromium_path()
    except PdfError as exc:
        if os.environ.get("CI"):
            raise  # CI installs Chromium: its absence is a failure there
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def search_book(processed, tmp_path_factory) -> Path:
    """The competing chapters, rendered and built into a book in a temporary folder; its HTML folder."""
    _chromium_or_skip()
    from occprofiles.publish.book import build_html
    from occprofiles.render import run_render

    root = tmp_path_factory.mktemp("search-book")
    for name in BOOK_SOURCE_FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.REPO_ROOT / name, root / name)
    shutil.copytree(paths.book_dir() / "_static", root / "book" / "_static")
    chapters = root / "book" / "chapters"
    for code in COMPETING:  # chapters already rendered here are reused when their content hash matches
        for existing in paths.chapters_dir().glob(f"{code[:2]}/{code}.*"):
            (chapters / code[:2]).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(existing, chapters / code[:2] / existing.name)
    assert run_render(list(COMPETING), jobs=2, out_root=chapters, progress=False).ok
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(paths.DATA_DIR_ENV, str(paths.data_dir()))
        mp.setattr(paths, "REPO_ROOT", root)
        build_html(strict=True, quiet=True, jobs=2)
        # The book searched is the product of an incremental build (one chapter changed), as after
        # `occprofiles render CODE` + `occprofiles book`: what Sphinx keeps of the unchanged pages counts.
        (chapters / "29" / "29-1141.ipynb").touch()
        result = build_html(strict=True, quiet=True, jobs=2)
    assert result.chapters == len(COMPETING)
    return result.html_dir


@pytest.fixture(scope="module")
def search(search_book):
    """``search(query)`` -> the results in the order shown: (chapter code or page name, summary text)."""
    from occprofiles.publish.browser import browser, serve

    with serve(search_book) as base, browser() as b:
        page = b.new_page()

        def run(query: str, summaries: bool = True) -> list[tuple[str, str]]:
            page.goto(f"{base}/search.html?q={quote(query)}", wait_until="load")
            page.wait_for_function("document.querySelector('#search-results .search-summary')?.innerText")
            if summaries:  # each result's summary is fetched from its page after the list is shown
                page.wait_for_function(
                    "[...document.querySelectorAll('#search-results ul.search > li')]"
                    ".every(li => li.querySelector('p.context'))"
                )
            items = page.eval_on_selector_all(
                "#search-results ul.search > li",
                "lis => lis.map(li => [li.querySelector('a').getAttribute('href'),"
                " li.querySelector('p.context')?.innerText ?? ''])",
            )
            return [(Path(href.split("#")[0]).stem, summary) for href, summary in items]

        run.page = page  # type: ignore[attr-defined]
        run.base = base  # type: ignore[attr-defined]
        yield run


def _codes(results: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in results]


def test_the_exact_title_comes_first(search):
    assert _codes(search("medical and health services managers"))[0] == "11-9111"


def test_a_soc_code_finds_its_chapter_first(search):
    results = _codes(search("11-9111"))  # a chapter the incremental build did not write again
    assert results and results[0] == "11-9111", results
    assert _codes(search("29-1141"))[0] == "29-1141"  # the one it wrote


def test_an_onet_soc_code_finds_its_chapter(search):
    assert _codes(search("11-9111.00"))[0] == "11-9111"
    assert _codes(search("29-1141.03"))[0] == "29-1141"  # Critical Care Nurses, an O*NET specialty


def _titled(book_html: Path, pattern: str) -> list[str]:
    """The book's chapters whose title matches ``pattern``, by OEWS national employment, largest first."""
    import json

    chapters = [
        json.loads(p.read_text(encoding="utf-8")) for p in (book_html.parents[1] / "book" / "chapters").glob("*/*.json")
    ]
    found = [c for c in chapters if re.search(pattern, c["title"], re.IGNORECASE)]
    return [c["soc_code"] for c in sorted(found, key=lambda c: -c["oews"]["employment"])]


def test_registered_nurse_and_nurse(search, search_book):
    assert _codes(search("registered nurse"))[0] == "29-1141"
    nurse = _codes(search("nurse"))
    assert "29-1141" in nurse[:3], nurse
    # every chapter with "nurse" or "nursing" in its title comes first, largest employment first
    titled = _titled(search_book, r"\bnurs(e|es|ing)\b")
    assert len(titled) >= 6 and nurse[: len(titled)] == titled, (nurse, titled)


def test_truck_driver(search, search_book):
    results = _codes(search("truck driver"))
    assert "53-3032" in results[:2], results
    titled = _titled(search_book, r"\btruck drivers\b")
    assert len(titled) == 2 and results[:2] == titled, (results, titled)


def test_alternate_titles_find_their_chapter(search):
    assert _codes(search("RN"))[0] == "29-1141"  # O*NET: "Registered Nurse (RN)"
    assert _codes(search("CDL driver"))[0] == "53-3032"  # "CDL Driver (Commercial Driver's License Driver)"
    assert _codes(search("OTR driver"))[0] == "53-3032"  # "Over the Road Driver (OTR Driver)"
    assert _codes(search("critical care nurse"))[0] == "29-1141"  # an O*NET specialty of 29-1141


def test_summaries_come_from_the_article_not_the_page_header(search):
    """Sphinx took the summary from the whole main column, which begins with the download menu
    (".ipynb .pdf") and the print-only table of contents."""
    page = search.page
    page.goto(f"{search.base}/book/chapters/29/29-1141.html", wait_until="load")
    menu = " ".join((page.text_content(".bd-header-article") or "").split())
    contents = " ".join((page.text_content("#jb-print-toc") or "").split())
    assert menu and contents, "the chapter page has no download menu or print contents: revisit this test"
    for query in ("registered nurse", "truck driver", "11-9111", "medical and health services managers"):
        results = search(query)
        assert results
        for name, summary in results:
            text = " ".join(summary.split())
            assert text, (query, name)
            assert menu not in text and contents[:40] not in text, (query, name, text[:200])
    first = " ".join(search("registered nurse")[0][1].split())
    assert first.startswith("Registered Nurses (SOC 29-1141) Healthcare Practitioners"), first[:200]
    by_code = " ".join(search("11-9111")[0][1].split())  # no word to look for: the summary starts at the top
    assert by_code.startswith("Medical and Health Services Managers (SOC 11-9111) Management Occupations"), by_code


def test_the_search_ranks_the_same_from_file_urls(search_book, search):
    """Opened from the file system, without a server (summaries cannot be fetched there)."""
    page = search.page
    page.goto((search_book / "search.html").as_uri() + "?q=" + quote("registered nurse"), wait_until="load")
    page.wait_for_function("document.querySelector('#search-results .search-summary')?.innerText")
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a", "a => a.map(e => e.href)")
    assert hrefs and re.search(r"/29-1141\.html$", hrefs[0]), hrefs[:3]
