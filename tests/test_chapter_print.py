"""What a chapter leaves out of print goes out whole: a table that its chart labels in full, with its source line."""

from __future__ import annotations

import pytest

import occprofiles.chapter as chapter_module
from occprofiles.chapter import Chapter
from occprofiles.chapter_tables import SCREEN_ONLY_OPEN

pytestmark = pytest.mark.usefixtures("processed")


def median_comparison_text(code: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What the pay section shows after its median comparison chart (its table, notes and source line)."""
    texts: list[str] = []
    monkeypatch.setattr(chapter_module, "_display", lambda *objs: texts.extend(getattr(o, "data", "") for o in objs))
    monkeypatch.setattr(Chapter, "chart", lambda self, name, **options: None)
    Chapter(code).pay()
    return texts[-1]


@pytest.mark.parametrize("code", ["41-2031", "11-9111"])
def test_a_table_left_out_of_print_takes_its_source_line_with_it(code, monkeypatch):
    """Left behind in print, the source line of the median comparison's table floated beside the next chart,
    alone at the top of a page (41-2031)."""
    text = median_comparison_text(code, monkeypatch)
    assert text.startswith(SCREEN_ONLY_OPEN)  # the chart labels every value: the table is on screen only
    on_screen_only, _, in_print = text.partition("</div>")
    assert "Source: BLS OEWS, May 2025" in on_screen_only
    assert "Source:" not in in_print and "HTML edition" in in_print
