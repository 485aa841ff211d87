"""The published book: PDFs (outline, text, page counts, no blank pages) and offline HTML.

These tests use the sample book built by `make pdf` (``_build/html`` and ``_build/pdf``); when it is
missing they build it (render the sample, build the HTML, print the PDFs), which takes a minute or two.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from occprofiles import paths
from occprofiles.render import SAMPLE_CODES

pytestmark = pytest.mark.usefixtures("processed")

BUILD = paths.REPO_ROOT / "_build"
BOOK_PDF = BUILD / "pdf" / "occupation-profiles.pdf"


def _chromium_or_skip():
    from occprofiles.errors import PdfError
    from occprofiles.publish.browser import chromium_path

    try:
        return chromium_path()
    except PdfError as exc:
        if __import__("os").environ.get("CI"):
            raise  # CI installs Chromium: its absence is a failure there
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def published_book(processed):
    """The sample book, HTML and PDF (built if missing)."""
    _chromium_or_skip()
    from occprofiles.publish.book import build_html
    from occprofiles.publish.pdf import build_pdfs
    from occprofiles.render import rendered_codes, run_render

    missing = set(SAMPLE_CODES) - set(rendered_codes())
    if missing or not BOOK_PDF.exists():
        assert run_render(list(SAMPLE_CODES), jobs=2, progress=False).ok
        build_html(strict=True, quiet=True)
        build_pdfs(progress=False)
    return BOOK_PDF


def _page_texts(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def test_outline_lists_every_sample_chapter(published_book):
    from pypdf import PdfReader

    reader = PdfReader(str(published_book))

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    outline = list(titles(reader.outline))
    for code in SAMPLE_CODES:
        assert any(t.endswith(f"(SOC {code})") for t in outline), code
    assert "Management Occupations (11-0000)" in outline


def test_chapter_pdf_has_the_published_median(published_book):
    chapter = published_book.parent / "chapters" / "11-9111.pdf"
    text = "\n".join(_page_texts(chapter))
    assert "123,860" in text
    assert "Medical and Health Services Managers (SOC 11-9111)" in text.replace("\n", " ")


def test_book_page_count_is_the_sum_of_its_parts(published_book):
    from pypdf import PdfReader

    parts = sorted((published_book.parent / "front").glob("*.pdf"))
    chapters = list((published_book.parent / "chapters").glob("*.pdf"))
    assert {p.stem for p in chapters} >= set(SAMPLE_CODES)
    total = sum(len(PdfReader(str(p)).pages) for p in [*parts, *chapters])
    assert len(PdfReader(str(published_book)).pages) == total


def test_no_page_is_blank(published_book):
    for pdf in [published_book, *sorted((published_book.parent / "chapters").glob("*.pdf"))]:
        for number, text in enumerate(_page_texts(pdf), start=1):
            words = re.sub(r"\s+", " ", text).strip()
            assert re.search(r"[A-Za-z]{3}", words), f"{pdf.name} page {number} is blank ({words!r})"


def test_html_chapter_makes_no_request_to_another_host(published_book):
    from occprofiles.publish.browser import browser, serve

    html_dir = BUILD / "html"
    with serve(html_dir) as base, browser() as b:
        page = b.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/book/chapters/11/11-9111.html", wait_until="networkidle")
        assert "123,860" in page.content()
    assert requests, "the page loaded nothing?"
    foreign = [u for u in requests if not u.startswith(base + "/") and not u.startswith("data:")]
    assert foreign == [], foreign


def test_search_finds_an_occupation_by_a_word_of_its_title(published_book):
    from occprofiles.publish.browser import browser, serve

    with serve(BUILD / "html") as base, browser() as b:
        page = b.new_page()
        page.goto(f"{base}/search.html?q=nurses", wait_until="networkidle")
        page.wait_for_selector("#search-results li", timeout=20000)
        assert "Registered Nurses" in page.inner_text("#search-results")


def test_generated_toc_lists_exactly_the_rendered_chapters(published_book):
    import yaml

    from occprofiles.render import rendered_codes

    toc = yaml.safe_load((paths.REPO_ROOT / "_toc.yml").read_text())
    listed = [Path(s["file"]).name for part in toc["parts"] for ch in part["chapters"] for s in ch.get("sections", [])]
    assert sorted(listed) == rendered_codes()
    # Grouped navigation: one page per SOC major group, chapters beneath it.
    groups = [ch["file"] for part in toc["parts"] for ch in part["chapters"] if ch.get("sections")]
    assert sorted(groups) == sorted({f"book/chapters/{c[:2]}/index" for c in listed})


def test_each_chapters_sidebar_marks_itself_current(published_book):
    """The sidebar is built once per major group and copied with the 'current' mark moved
    (occprofiles.publish.nav): every chapter page must mark itself, and only itself."""
    html_root = BUILD / "html"
    by_group: dict[str, list[str]] = {}
    for code in SAMPLE_CODES:
        by_group.setdefault(code[:2], []).append(code)
    assert any(len(codes) > 1 for codes in by_group.values()), "the sample needs a group with two chapters"
    for group, codes in by_group.items():
        for code in codes:
            page = (html_root / "book" / "chapters" / group / f"{code}.html").read_text(encoding="utf-8")
            nav = re.search(r'<nav class="bd-links bd-docs-nav".*?</nav>', page, re.DOTALL).group(0)
            current = re.findall(
                r'<li class="toctree-l2 current active"><a class="current reference internal" href="#">([^<]*)</a>', nav
            )
            assert len(current) == 1 and current[0].endswith(f"(SOC {code})"), (code, current)
            for other in codes:
                if other != code:
                    assert f'<li class="toctree-l2"><a class="reference internal" href="{other}.html">' in nav, (
                        code,
                        other,
                    )


def test_move_current_mark_refuses_an_unexpected_shape():
    from occprofiles.publish.nav import CURRENT, OTHER, move_current_mark

    nav = CURRENT + "A</a></li>" + OTHER.format(name="29-1141") + "B</a></li>"
    moved = move_current_mark(nav, "29-1022", "29-1141")
    assert moved == OTHER.format(name="29-1022") + "A</a></li>" + CURRENT + "B</a></li>"
    assert move_current_mark(nav, "29-1022", "29-9999") is None  # the target is not in this sidebar
    assert move_current_mark(nav.replace(CURRENT, ""), "29-1022", "29-1141") is None  # no current entry


def test_chapter_links_its_profile_json_download(published_book):
    import gzip
    import json

    page = (BUILD / "html" / "book" / "chapters" / "11" / "11-9111.html").read_text(encoding="utf-8")
    href = re.search(r'<a class="reference download internal" download="" href="([^"]+\.json\.gz)"', page)
    assert href, "no profile JSON download link"
    data = json.loads(
        gzip.decompress((BUILD / "html" / "book" / "chapters" / "11" / href.group(1)).resolve().read_bytes())
    )
    assert data["soc_code"] == "11-9111" and data["key_facts"]["annual_median_wage_usd"] == 123860


def test_chapter_pdf_prints_what_a_details_element_holds(published_book):
    """15-1252's hot technologies beyond the first 30 sit in a <details>; the printer opens it."""
    text = " ".join("\n".join(_page_texts(published_book.parent / "chapters" / "15-1252.pdf")).split())
    assert "and 119 more. The other 119 hot technologies" in text
    assert "Zoom; jQuery." in text


def test_a_chapter_rendered_by_older_code_is_named_with_what_to_do(tmp_path, monkeypatch):
    """A rendered chapter whose profile JSON has another schema stops the book with a clear message."""
    import json as _json

    from occprofiles.errors import BookBuildError
    from occprofiles.publish import book

    folder = tmp_path / "29"
    folder.mkdir()
    (folder / "29-1024.json").write_text(
        _json.dumps({"schema_version": 2, "soc_code": "29-1024", "major_group": {"title": "Healthcare"}}),
        encoding="utf-8",
    )
    monkeypatch.setattr(book, "chapters_dir", lambda: tmp_path)
    monkeypatch.setattr(book, "rendered_codes", lambda: ["29-1024"])
    with pytest.raises(BookBuildError, match=r"29-1024 was made with profile schema 2.*occprofiles render 29-1024"):
        book.write_major_group_pages()
