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


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def test_book_page_count_is_the_sum_of_its_parts(published_book):
    out = published_book.parent
    prints = sorted((out / ".print").glob("*.pdf"))  # the unnumbered prints the book is merged from
    chapters = list((out / "chapters").glob("*.pdf"))
    assert {p.stem for p in chapters} >= set(SAMPLE_CODES)
    assert {p.stem for p in prints} >= set(SAMPLE_CODES) and len(prints) > len(chapters)  # + title, front pages
    assert _pages(published_book) == sum(_pages(p) for p in prints)
    for chapter in chapters:  # numbering and compression neither add nor drop a page
        assert _pages(chapter) == _pages(out / ".print" / chapter.name)


def test_each_volume_is_its_groups_chapters(published_book):
    out = published_book.parent
    volumes = sorted((out / "volumes").glob("*.pdf"))
    assert [v.stem for v in volumes] == sorted({f"{c[:2]}-0000" for c in SAMPLE_CODES})
    for volume in volumes:
        members = [c for c in (out / "chapters").glob(f"{volume.stem[:2]}-*.pdf")]
        assert members and _pages(volume) == sum(_pages(c) for c in members), volume.name


def _every_pdf(book: Path) -> list[Path]:
    return [book, *sorted((book.parent / "volumes").glob("*.pdf")), *sorted((book.parent / "chapters").glob("*.pdf"))]


def test_every_pdf_is_described(published_book):
    """Title, author, subject, keywords with the SOC code(s) and language, in the Info dictionary and XMP."""
    import pikepdf

    for path in _every_pdf(published_book):
        with pikepdf.open(path) as pdf:
            info = pdf.docinfo
            for key in ("/Title", "/Author", "/Subject", "/Keywords"):
                assert str(info.get(key, "")).strip(), (path.name, key)
            assert str(pdf.Root.Lang) == "en-US", path.name
            meta = pdf.open_metadata()
            assert meta["dc:title"] == str(info.Title) and "en-US" in meta["dc:language"], path.name
            keywords = str(info.Keywords).split("; ")
            if path.parent.name == "chapters":
                assert path.stem in keywords and str(info.Title).endswith(f"(SOC {path.stem})"), path.name
            else:
                codes = [c for c in SAMPLE_CODES if path.parent.name != "volumes" or c[:2] == path.stem[:2]]
                assert set(codes) <= set(keywords), path.name


def _structure_pages(pdf) -> tuple[int, set]:
    """How many structure elements, and the pages they point at (``/Pg``)."""
    import pikepdf

    seen, pages, count = set(), set(), 0
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            key = node.objgen if node.is_indirect else id(node)
            if key in seen:
                continue
            seen.add(key)
            if node.get("/Type") == pikepdf.Name.StructElem or "/S" in node:
                count += 1
            if "/Pg" in node:
                pages.add(node.Pg.objgen)
            if "/K" in node:
                stack.append(node.K)
    return count, pages


def test_every_pdf_is_tagged_and_its_structure_points_at_its_own_pages(published_book):
    """Chromium's structure tree survives numbering, compression and merging: the merged PDFs have one
    Document whose elements reach every chapter's pages (and no page outside the document)."""
    import pikepdf

    for path in _every_pdf(published_book):
        with pikepdf.open(path) as pdf:
            assert bool(pdf.Root.MarkInfo.Marked), path.name
            assert str(pdf.Root.StructTreeRoot.K.S) == "/Document", path.name
            count, pages = _structure_pages(pdf)
            own = {p.obj.objgen for p in pdf.pages}
            assert count > 50 and pages <= own, path.name
            assert len(pages) >= len(own) - 2, (path.name, len(pages), len(own))  # (a page may be all artifact)


def test_merged_pdfs_embed_one_font_per_face(published_book):
    """The chapters' font subsets are joined in the book (one font stream per face), and the text is
    still extracted through them."""
    import pikepdf

    from occprofiles.publish.pdf_fonts import glyphs

    with pikepdf.open(published_book) as pdf:
        files: dict[str, set] = {}  # face -> its font streams, besides compact subsets (< 1,000 glyphs)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor:
                if "/FontFile2" in obj and glyphs(obj.FontFile2.read_bytes())[0] > 1000:
                    files.setdefault(str(obj.FontName).split("+", 1)[-1], set()).add(obj.FontFile2.objgen)
    assert "DejaVuSans" in files and all(len(v) == 1 for v in files.values()), files
    text = "\n".join(_page_texts(published_book))
    assert "123,860" in text and "public domain" in text.lower()  # the Sources table's licence column


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
