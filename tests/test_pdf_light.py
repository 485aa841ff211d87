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
