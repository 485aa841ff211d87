"""The built HTML of the sample book: every local link resolves, and axe-core finds no serious or
critical WCAG 2.1 AA violation on its pages.

Uses the sample book in ``_build/html`` (built by `make book` / `make pdf`; built here when missing) and
axe-core installed by `make axe-core` (.tools/axe; `.ci/run` installs it).
"""

from __future__ import annotations

import json
import os
import re

import pytest

from occprofiles import paths
from occprofiles.render import SAMPLE_CODES

pytestmark = pytest.mark.usefixtures("processed")

HTML = paths.REPO_ROOT / "_build" / "html"
AXE = paths.REPO_ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OTHER_PAGES = [
    "intro.html",
    "book/methods.html",
    "book/chapters/29/index.html",
    "book/chapters/comparisons/29-1071_29-1141_29-1171.html",  # data/comparisons.yml
]


def _chapter_page(code: str) -> str:
    return f"book/chapters/{code[:2]}/{code}.html"


@pytest.fixture(scope="session")
def sample_html(processed):
    """``_build/html`` holding every sample chapter (rendered and built when one is missing)."""
    from occprofiles.compare_command import render_with_listed
    from occprofiles.publish.book import build_html
    from occprofiles.render import run_render

    pages = [_chapter_page(code) for code in SAMPLE_CODES] + [OTHER_PAGES[-1]]  # and the sample's comparison
    if not all((HTML / page).exists() for page in pages):
        assert run_render(list(SAMPLE_CODES), jobs=2, progress=False).ok
        assert render_with_listed([], jobs=2, progress=False)
        build_html(strict=True, quiet=True)
    return HTML


def test_every_local_link_of_the_sample_book_resolves(sample_html):
    from occprofiles.publish.links import check_links

    checked, broken = check_links(sample_html)
    assert checked > 1000, f"only {checked} local links: is the book built?"
    assert broken == [], "\n".join(b.line() for b in broken[:30])


def test_the_link_check_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    from occprofiles.publish.links import check_links

    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a> <a href="b.html#gone">x</a> <a href="_sources/">x</a> '
        '<img src="pic.png"> <a href="https://example.org/">away</a> <a href="#top" id="top">self</a>'
    )
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>')
    checked, broken = check_links(tmp_path)
    assert checked == 5
    assert sorted(b.target for b in broken) == ["_sources/", "b.html#gone", "pic.png"]


def test_alternate_titles_with_a_dot_are_text_not_links(sample_html):
    """Fuzzy URL auto-linking made "ASP.NET Developer" a link to http://ASP.NET (15-1252)."""
    page = (sample_html / _chapter_page("15-1252")).read_text(encoding="utf-8")
    assert "ASP.NET Developer" in page
    assert not re.search(r'href="https?://(?!www\.)[A-Za-z]+\.[A-Za-z]+/?"', page)


def test_the_hot_technology_list_is_complete(sample_html):
    """15-1252 has 149 hot technologies: 30 in the paragraph, the other 119 in a <details> with a summary."""
    page = (sample_html / _chapter_page("15-1252")).read_text(encoding="utf-8")
    assert "(149 of 426 technologies O*NET lists" in page.replace("O\\*NET", "O*NET")
    assert "; and 119 more." in page
    assert "<summary>The other 119 hot technologies</summary>" in page
    assert "AJAX…" not in page


def _axe_or_skip():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: `make axe-core` installs it")
        pytest.skip(f"axe-core not installed ({AXE}): run `make axe-core`")


def test_sample_pages_have_no_serious_or_critical_wcag_aa_violation(sample_html):
    from occprofiles.publish.browser import browser, serve

    _axe_or_skip()
    pages = [_chapter_page(code) for code in SAMPLE_CODES] + OTHER_PAGES
    found: list[str] = []
    with serve(sample_html) as base, browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 900})
        for name in pages:
            page.goto(f"{base}/{name}", wait_until="load")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                WCAG_AA,
            )
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    target = v["nodes"][0]["target"] if v["nodes"] else ""
                    found.append(f"{name}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes, e.g. {target})")
    assert found == [], "\n".join(found)


def test_the_axe_check_sees_an_unnamed_summary(tmp_path):
    """The test can fail: axe-core reports the theme's unnamed sidebar toggle as it was before the fix."""
    from occprofiles.publish.browser import browser, serve

    _axe_or_skip()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main><details><summary>'
        '<span role="presentation"><i class="fa"></i></span></summary><p>x</p></details></main></body></html>'
    )
    with serve(tmp_path) as base, browser() as b:
        page = b.new_page()
        page.goto(f"{base}/index.html")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    assert "summary-name" in {v["id"] for v in result["violations"]}


# What the extensions compat 12 leaves out would serve: a page holding any of these would need one back.
UNUSED_EXTENSION_MARKUP = re.compile(
    r'class="(?:[^"]* )?(?:sd-[a-z][^" ]*|toggle|thebe)[ "]|class="admonition [^"]*dropdown|<div class="highlight'
    r"|togglebutton\.js|copybutton\.js|sphinx-thebe|design-tabs\.js"
)


def test_no_page_uses_what_the_extensions_left_out_served(sample_html):
    pages = sorted(sample_html.rglob("*.html"))
    assert len(pages) > 20
    used = [p.relative_to(sample_html).as_posix() for p in pages if UNUSED_EXTENSION_MARKUP.search(p.read_text())]
    assert used == []


def test_the_colophon_shows_the_build_date_of_the_manifest(sample_html):
    built_at = json.loads((sample_html / "build-manifest.json").read_text())["built_at"]
    page = (sample_html / "book" / "_generated" / "colophon.html").read_text()
    assert f'built on <span class="occ-build-date">{built_at}</span> (UTC)' in page
