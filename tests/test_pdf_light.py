"""Chromium prints the light print page (``pdf_print.light_page``, served by the print server), not the
built page: in print media at the printed column width, every element of the title block and the article
lies where it lies in the built page, in the same font, size, colour and border, for each kind of page the
book prints (an occupation's chapter, a group overview, a comparison, a front page).

Uses the sample book of tests/test_publish.py, built if missing.
"""

from __future__ import annotations

import pytest

from test_publish import BUILD, published_book  # noqa: F401,F811  (the sample book, built once a session)

pytestmark = pytest.mark.usefixtures("processed")

LAYOUT = """() => [...document.querySelectorAll('#jb-print-docs-body, #jb-print-docs-body *, article, article *')]
  .map(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return [e.tagName, String(e.className), Math.round(r.top * 10), Math.round(r.left * 10), Math.round(r.width * 10),
            Math.round(r.height * 10), s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.borderTopWidth]; })"""
PAGES = [
    "book/chapters/11/11-9111",
    "book/chapters/11/index",
    "book/chapters/comparisons/29-1071_29-1141_29-1171",
    "book/intro",
]


def test_the_light_print_page_lays_out_as_the_built_page_in_print(published_book):  # noqa: F811
    from occprofiles.publish.browser import browser, serve
    from occprofiles.publish.pdf_print import PRINT_ARGS, light_page, open_for_print

    width = round((8.5 - 1.2) * 96)  # Letter's column
    with serve(BUILD / "html") as built, serve(BUILD / "html", light_page) as light, browser(PRINT_ARGS) as b:
        as_built = b.new_page(viewport={"width": width, "height": 1000})
        # the built page as main printed it: its scripts not loaded (the inline ones run), <details> opened
        as_built.route("**/*", lambda r: r.abort() if r.request.resource_type == "script" else r.continue_())
        printed = b.new_page(viewport={"width": width, "height": 1000})
        for doc in PAGES:
            layouts = []
            for page, base in ((as_built, built), (printed, light)):
                open_for_print(page, f"{base}/{doc}.html")
                layouts.append(page.evaluate(LAYOUT))
            before, after = layouts
            assert len(before) > 50 and len(after) == len(before), (doc, len(before), len(after))
            moved = [(b_, a) for b_, a in zip(before, after, strict=True) if b_ != a]
            assert moved == [], (doc, len(moved), moved[:3])


HREFS = "() => [document.URL, document.title, ...[...document.querySelectorAll('a[href]')].map(a => a.href)]"


def test_a_page_swapped_into_the_open_document_lays_out_and_links_as_one_opened(published_book):  # noqa: F811
    """The print tab puts each next page into its open document (``swap_in``) instead of navigating: every
    element lies where it lies in the page opened fresh, and every link resolves to the same address."""
    from occprofiles.publish.browser import browser, serve
    from occprofiles.publish.pdf_print import PRINT_ARGS, light_page, open_for_print, swap_in

    width = round((8.5 - 1.2) * 96)
    # pages of other folders one after another: relative links must follow the address
    docs = [
        "book/chapters/29/29-1141",
        "book/chapters/11/11-9111",
        "book/chapters/11/index",
        "book/chapters/comparisons/29-1071_29-1141_29-1171",
        "book/chapters/29/29-1141",
    ]
    with serve(BUILD / "html", light_page) as light, browser(PRINT_ARGS) as b:
        fresh = b.new_page(viewport={"width": width, "height": 1000})
        reused = b.new_page(viewport={"width": width, "height": 1000})
        open_for_print(reused, f"{light}/{docs[0]}.html")
        for doc in docs[1:]:
            url = f"{light}/{doc}.html"
            open_for_print(fresh, url)
            assert swap_in(reused, url, light_page((BUILD / "html" / f"{doc}.html").read_text(encoding="utf-8")))
            for probe in (LAYOUT, HREFS):
                expected, got = fresh.evaluate(probe), reused.evaluate(probe)
                assert len(expected) > 10 and got == expected, (
                    doc,
                    [(e, g) for e, g in zip(expected, got, strict=False) if e != g][:3],
                )


def test_a_page_with_other_stylesheets_is_not_swapped_in(published_book):  # noqa: F811
    from occprofiles.publish.browser import browser, serve
    from occprofiles.publish.pdf_print import PRINT_ARGS, light_page, open_for_print, swap_in

    chapter = BUILD / "html" / "book/chapters/11/11-9111.html"
    other = light_page(chapter.read_text(encoding="utf-8")).replace("occprofiles-chapter.css", "other.css")
    with serve(BUILD / "html", light_page) as light, browser(PRINT_ARGS) as b:
        page = b.new_page()
        assert not swap_in(page, f"{light}/book/chapters/11/11-9111.html", other)  # nothing open yet
        open_for_print(page, f"{light}/book/intro.html")
        assert not swap_in(page, f"{light}/book/chapters/11/11-9111.html", other)
        assert page.url == f"{light}/book/intro.html"
