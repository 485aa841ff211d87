"""The built sample book as a reader sees it, in headless Chromium at 1,400 and 390 px: nothing wider than
the page, no table wider than the text column on a desktop screen, SOC codes on one line, every chart at its
natural size (on a phone it scrolls sideways inside its figure, its text as large as on a desktop); the explorer
sorts and filters, from a web server and from file://, and asks no other host for anything."""

from __future__ import annotations

import urllib.parse

import pytest

from occprofiles import paths
from occprofiles.render import SAMPLE_CODES

pytestmark = pytest.mark.usefixtures("processed")

HTML = paths.REPO_ROOT / "_build" / "html"
EXPLORER = "book/_generated/explorer.html"
COMPARISON = "book/chapters/comparisons/29-1071_29-1141_29-1171.html"  # data/comparisons.yml
PAGES = [
    "book/intro.html",
    EXPLORER,
    "book/_generated/ranked-lists.html",
    "book/_generated/data-sources.html",
    "book/methods.html",
    "book/chapters/29/index.html",  # a group overview (issue 12)
    *[f"book/chapters/{c[:2]}/{c}.html" for c in SAMPLE_CODES],
    COMPARISON,
]

# For every element of the article: wider than the article (the text column) or than the window? Data tables
# inside a horizontally scrolling box (the theme's, or the explorer's) count by their box. A SOC code cell
# taller than one line has broken inside the code.
LAYOUT_JS = """() => {
  const article = document.querySelector('article.bd-article');
  const width = article.getBoundingClientRect().width;
  const wide = [];
  article.querySelectorAll('table, figure, pre, img, svg, .pst-scrollable-table-container, .occ-table-scroll, form')
    .forEach(el => {
      if (el.closest('.pst-scrollable-table-container, .occ-table-scroll') && !el.matches('.pst-scrollable-table-container, .occ-table-scroll')) {
        return;  // inside a scrolling box: the box is what takes the page's width
      }
      const r = el.getBoundingClientRect();
      if (r.width > width + 1 || r.right > innerWidth + 1) wide.push(`${el.tagName}.${el.getAttribute('class')} ${Math.round(r.width)}px`);
    });
  // Every SOC or O*NET-SOC code in the article's text (tables, key facts, sentences; not chart text): laid out
  // on more than one line box, it has broken ("15-" / "1252").
  const broken = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest('svg, script, style') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/(?<![\\d.-])\\d{2}-\\d{4}(\\.\\d{2})?(?![\\d-])/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  // A chart drawn smaller than its natural size (the SVG's width attribute, 6.5 in) has smaller text than 9 pt.
  // (a print-only chart, hidden on screen, is not drawn at all)
  const shrunk = [...article.querySelectorAll('figure.occ-chart svg')]
    .filter(svg => svg.getClientRects().length && svg.getBoundingClientRect().width < svg.width.baseVal.value - 1)
    .map(svg => svg.getAttribute('aria-labelledby'));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, wide, broken, shrunk};
}"""


@pytest.fixture(scope="module")
def html_book(processed):
    """The sample book's HTML (built if a sample chapter or the explorer is missing)."""
    from occprofiles.compare_command import render_with_listed
    from occprofiles.publish.book import build_html
    from occprofiles.render import rendered_codes, run_render

    missing = set(SAMPLE_CODES) - set(rendered_codes())
    if missing:
        assert run_render(list(SAMPLE_CODES), jobs=2, progress=False).ok
    overview = paths.chapters_dir() / "29" / "index.ipynb"  # build_html renders the group overviews
    if not (paths.REPO_ROOT / COMPARISON).with_suffix(".ipynb").exists():
        missing = {COMPARISON}
        assert render_with_listed([], jobs=2, progress=False)
    if missing or not (HTML / EXPLORER).exists() or not overview.exists():
        build_html(strict=True, quiet=True)
    return HTML


@pytest.fixture(scope="module")
def chromium():
    from occprofiles.publish.browser import browser

    with browser() as b:
        yield b


@pytest.mark.parametrize("width", [1400, 390])
def test_no_page_is_wider_than_the_screen_and_codes_never_break(html_book, chromium, width):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    faults = {}
    for name in PAGES:
        page.goto((html_book / name).as_uri())
        got = page.evaluate(LAYOUT_JS)
        problems = []
        if got["scrollWidth"] > got["innerWidth"]:
            problems.append(f"page scrolls sideways ({got['scrollWidth']} > {got['innerWidth']} px)")
        if width >= 1400 and got["wide"]:
            problems.append(f"wider than the text column: {got['wide'][:3]}")
        if got["shrunk"]:
            problems.append(f"charts drawn below their natural size: {got['shrunk'][:3]}")
        if got["broken"]:
            problems.append(f"SOC codes broken across lines: {got['broken'][:3]}")
        if problems:
            faults[name] = problems
    page.close()
    assert faults == {}


def test_the_layout_check_sees_a_code_broken_in_a_sentence(chromium):
    """The check above on a hand-made page at 390 px: a code in running text breaks at its hyphen, unless it is in
    the ``occ-code`` span the chapters put every code in (the book's rule, book/_static/occprofiles-chapter.css)."""
    css = (paths.book_dir() / "_static" / "occprofiles-chapter.css").read_text(encoding="utf-8")
    sentence = "Projections Central publishes its figures for the aggregate {} (Software and Web Developers)"
    page = chromium.new_page(viewport={"width": 390, "height": 600})
    found = {}
    for kept in (False, True):
        code = '<span class="occ-code">15-1256</span>' if kept else "15-1256"
        page.set_content(
            f"<style>{css} body {{ font: 16px sans-serif; margin: 0; }}</style>"
            f'<article class="bd-article">'
            + "".join(f'<p style="width:{w}px">{sentence.format(code)}</p>' for w in range(150, 380, 7))
            + "</article>"
        )
        found[kept] = page.evaluate(LAYOUT_JS)["broken"]
    page.close()
    assert found[False] and found[True] == []


def _explorer_state(page) -> dict:
    return page.evaluate(
        """() => {
      const rows = [...document.querySelectorAll('#occ-explorer tbody tr')];
      return {count: document.getElementById('occ-filter-count').textContent,
              codes: rows.map(r => r.cells[0].innerText.trim()),
              cells: rows.map(r => [...r.cells].map(c => c.innerText.trim()))};
    }"""
    )


def _sorted_order(page, header: str, direction: str) -> list[str]:
    """Click the column's heading; wait until DataTables marks it sorted in ``direction`` (asc, desc)."""
    th = page.locator(f"#occ-explorer thead th:has-text('{header}')")
    th.click()
    page.wait_for_function(
        "([th, d]) => th.classList.contains('dt-ordering-' + d)", arg=[th.element_handle(), direction], timeout=5_000
    )
    return _explorer_state(page)["codes"]


def test_comparison_tables_fit_the_text_column_and_charts_have_text(html_book, chromium):
    """The comparison chapter's tables (up to four occupation columns beside labels and sources) fit the text
    column at 1,400 px without scrolling inside their boxes; its five charts are there, named, with text as text."""
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    page.goto((html_book / COMPARISON).as_uri())
    got = page.evaluate(
        """() => ({
      scrolling: [...document.querySelectorAll('article.bd-article .pst-scrollable-table-container')]
        .filter(box => box.scrollWidth > box.clientWidth + 1)
        .map(box => box.querySelector('th, td').innerText.trim() || box.querySelectorAll('th')[1].innerText.trim()),
      charts: [...document.querySelectorAll('figure.occ-chart')].map(f => f.dataset.chart),
      named: [...document.querySelectorAll('figure.occ-chart svg')].every(svg => svg.getAttribute('aria-labelledby')),
      text: [...document.querySelectorAll('figure.occ-chart svg text')].map(t => t.textContent).join(' '),
      links: [...document.querySelectorAll('article.bd-article a')].map(a => a.getAttribute('href')),
    })"""
    )
    page.close()
    assert got["scrolling"] == []
    assert got["charts"] == ["wage_ranges", "outlook", "skills_overlap", "knowledge_overlap", "interests_overlay"]
    assert got["named"] and "Source: BLS Occupational Employment and Wage Statistics (OEWS), May 2025." in got["text"]
    assert "../29/29-1141.html" in got["links"]  # Registered Nurses is a sample chapter: its name links


@pytest.mark.parametrize("served", [True, False], ids=["http", "file"])
def test_explorer_sorts_and_filters(html_book, chromium, served):
    from occprofiles.publish.browser import serve
    from occprofiles.publish.explorer_data import explorer_rows

    rows = explorer_rows()
    published = sorted((r for r in rows if r.wage.sort is not None), key=lambda r: (r.wage.sort, r.code))
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with serve(html_book) as base:
        url = f"{base}/{EXPLORER}" if served else (html_book / EXPLORER).as_uri()
        page.goto(url, wait_until="load")
        page.wait_for_selector("#occ-explorer[data-ready='1']", timeout=10_000)
        assert _explorer_state(page)["count"] == f"{len(rows):,} of {len(rows):,} occupations"
        page.select_option(".dt-length select", "-1")  # show every row

        ascending = _sorted_order(page, "Median annual wage", "asc")
        assert ascending[: len(published)] == [r.code for r in published]
        unpublished = {r.code for r in rows if r.wage.sort is None}
        assert set(ascending[len(published) :]) == unpublished  # not published: last
        descending = _sorted_order(page, "Median annual wage", "desc")
        assert descending[0] == published[-1].code
        assert set(descending[len(published) :]) == unpublished  # last in either direction

        page.fill("#occ-filter-text", "11-9111")
        state = _explorer_state(page)
        assert state["codes"] == ["11-9111"] and state["count"] == f"1 of {len(rows):,} occupations"
        assert "$123,860" in state["cells"][0]
        page.fill("#occ-filter-text", "")

        page.select_option("#occ-filter-major", "29")
        page.select_option("#occ-filter-education", "Doctoral or professional degree")
        page.fill("#occ-filter-wage-min", "200000")
        expected = {
            r.code
            for r in rows
            if r.major_code == "29"
            and r.education == "Doctoral or professional degree"
            and r.wage_annual_usd is not None
            and r.wage_annual_usd >= 200000
        }
        state = _explorer_state(page)
        assert expected and set(state["codes"]) == expected
        assert state["count"] == f"{len(expected)} of {len(rows):,} occupations"
    page.close()
    local = ("http://127.0.0.1", "file://", "data:", "blob:")
    assert [u for u in requests if not u.startswith(local)] == []


# Every cell of the key-facts card (issue 12): its text inside the card's box and the window, the box not
# scrolling (on a phone the card stacks: fact, value, source); before, the values sat off to the right of a
# box that scrolled, "fewer than …" cut at its edge.
KEY_FACTS_JS = """() => {
  const box = document.querySelector('.occ-key-facts');
  if (!box) return null;
  const b = box.getBoundingClientRect();
  const cut = [...box.querySelectorAll('td')].filter(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const t = range.getBoundingClientRect();
    return t.right > Math.min(b.right, innerWidth) + 1 || t.left < Math.max(b.left, 0) - 1
      || td.scrollWidth > td.clientWidth + 1;
  }).map(td => td.innerText.trim());
  return {cells: box.querySelectorAll('td').length, cut, scrolls: box.scrollWidth > box.clientWidth + 1,
          stacked: getComputedStyle(box.querySelector('td')).display === 'block'};
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_every_key_fact_is_fully_visible(html_book, chromium, width):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    faults = {}
    for code in SAMPLE_CODES:
        page.goto((html_book / f"book/chapters/{code[:2]}/{code}.html").as_uri())
        got = page.evaluate(KEY_FACTS_JS)
        assert got is not None, f"{code}: no key-facts card"
        assert got["cells"] >= 27, code  # at least nine facts, three cells each
        assert got["stacked"] == (width < 600), code
        if got["cut"] or got["scrolls"]:
            faults[code] = got
    page.close()
    assert faults == {}


def test_further_information_links_reach_the_sites_with_their_query_intact(html_book, chromium):
    """The addresses as the browser parses them: CareerOneStop's query keeps each parameter (a Markdown link's
    ``&`` came out as ``&amp;amp;``, so the site got ``amp;onetcode``), O*NET OnLine and OEWS by code."""
    page = chromium.new_page()
    page.goto((html_book / "book/chapters/11/11-9111.html").as_uri())
    hrefs = page.evaluate("[...document.querySelectorAll('a.reference.external')].map(a => a.href)")
    page.close()
    cos = [urllib.parse.urlsplit(h) for h in hrefs if h.startswith("https://www.careeronestop.org/")]
    assert cos, hrefs
    for url in cos:
        query = urllib.parse.parse_qs(url.query)
        assert query == {
            "keyword": ["Medical and Health Services Managers"],
            "onetcode": ["11911100"],
            "location": ["UNITED STATES"],
        }
    assert "https://www.onetonline.org/link/summary/11-9111.00" in hrefs
    assert "https://www.bls.gov/oes/2025/may/oes119111.htm" in hrefs
