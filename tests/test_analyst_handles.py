"""The analyst's handles (issue 11): ``ch.table(name)`` is the DataFrame behind the chapter's table (same rows,
numbers from the raw files), ``ch.figure(name, **options)`` the chapter's chart or a variant of it, and drawing
leaves the kernel's matplotlib state as it was."""

from __future__ import annotations

import copy
import re

import matplotlib as mpl
import pytest

from occprofiles import chapter as chapter_module
from occprofiles import charts
from occprofiles.chapter import Chapter
from occprofiles.chapter_handles import CHART_OPTIONS
from occprofiles.chapter_tables import as_read
from occprofiles.charts.tables import TABLES
from occprofiles.errors import ChartOptionError, UnknownChartError
from occprofiles.profile import Profile

from conftest import oews_int, oews_number

CODES = ("11-9111", "27-2011", "53-3032", "29-1141")
ROW = re.compile(r"<tr>(.*?)</tr>")
CELL = re.compile(r"<td[^>]*>(.*?)</td>")


@pytest.fixture(scope="module")
def chapters(all_profiles) -> dict[str, Chapter]:
    return {c: Chapter(c, profile=Profile.from_dict(all_profiles[c])) for c in CODES}


def shown(ch: Chapter, section: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """(the Markdown/HTML the section displays, the chart names it draws)."""
    texts: list[str] = []
    drawn: list[str] = []
    monkeypatch.setattr(chapter_module, "_display", lambda *objs: texts.extend(getattr(o, "data", "") for o in objs))
    monkeypatch.setattr(Chapter, "chart", lambda self, name, **options: drawn.append(name))
    getattr(ch, section)()
    return texts, drawn


def first_column(texts: list[str], header: str) -> list[str]:
    """The first cells of the HTML table whose header row contains ``header``."""
    for text in texts:
        for table in text.split('<table class="table">')[1:]:
            if f">{header}</th>" in table.split("</thead>")[0]:
                return [as_read(CELL.findall(r)[0]) for r in ROW.findall(table.split("</thead>")[1])]
    raise AssertionError(f"no table with a {header!r} column")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize(
    "section,header,table,column",
    [
        ("geography", "state", "states", "state"),
        ("geography", "area", "metros", "area"),
        ("industries", "industry", "industries", "industry"),
        ("skills_and_education", "skill", "skills", "name"),
        ("skills_and_education", "knowledge", "knowledge", "name"),
    ],
)
def test_a_table_handle_has_the_rows_the_chapter_shows(chapters, monkeypatch, code, section, header, table, column):
    texts, _ = shown(chapters[code], section, monkeypatch)
    df = chapters[code].table(table)
    if not any("<table" in t for t in texts):
        assert df.empty or section != "geography" or table == "metros", "a table handle with rows the chapter hides"
        return
    try:
        labels = first_column(texts, header)
    except AssertionError:
        assert df.empty  # the chapter shows "not published" for this table
        return
    assert [str(v) for v in df[column]] == labels


def value(v):
    """A DataFrame cell as a plain value: <NA> (not published) becomes None."""
    import pandas as pd

    return None if v is pd.NA else v


def test_the_states_table_handle_holds_the_raw_numbers(chapters, oews_db):
    df = chapters["11-9111"].table("states", rows=60)
    raw = {r["state"]: r for r in oews_db.states("11-9111")}
    assert len(df) == len(raw)
    for row in df.itertuples():
        assert value(row.employment_count) == oews_int(raw[row.state]["v01"])
        assert value(row.annual_median_wage_usd) == oews_number(raw[row.state]["v13"])
    # the options the chapter does not use: any states, by name or postal code
    two = chapters["11-9111"].table("states", states=["tx", "California"])
    assert list(two["state"]) == ["California", "Texas"]
    assert two["employment_count"].tolist() == [oews_int(raw["California"]["v01"]), oews_int(raw["Texas"]["v01"])]


def test_key_facts_and_the_wage_table_are_typed_and_match_the_raw_file(chapters, oews_db):
    raw = oews_db.national("11-9111")
    facts = chapters["11-9111"].table("key_facts").set_index("fact")
    assert facts.loc["annual_median_wage", "value"] == oews_number(raw["v13"]) == 123_860
    assert facts.loc["oews_employment", "value"] == oews_int(raw["v01"])
    wages = chapters["11-9111"].table("wages").set_index("measure")
    assert str(wages["annual_wage_usd"].dtype) == "Float64"
    assert wages.loc["median", "annual_wage_usd"] == 123_860


def test_every_table_builds_for_every_sample_chapter(chapters):
    for ch in chapters.values():
        for name in TABLES:
            df = ch.table(name)
            assert list(df.columns), name
            assert not any(str(t) == "object" for t in df.dtypes), (name, dict(df.dtypes))


def test_the_chapter_chart_is_the_handle_figure_with_the_chapter_options(chapters, monkeypatch):
    ch = chapters["11-9111"]
    shown_svg: list[str] = []
    monkeypatch.setattr(chapter_module, "_display", lambda *objs: shown_svg.extend(o.data for o in objs))
    ch.chart("state_wage")
    expected = charts.inline_svg(
        ch.figure("state_wage"),
        charts.alt_text("state_wage", ch.profile, **CHART_OPTIONS["state_wage"]),
        "occ-11-9111-state_wage-title",
    )
    assert expected in shown_svg[0]


def test_chart_options_change_the_figure_and_its_data(chapters):
    ch = chapters["11-9111"]
    fig = ch.figure("state_wage", rows=5, highlight=["TX"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == list(ch.table("states", rows=5)["state"])
    bold = {t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_fontweight() == "bold"}
    assert bold == {"Texas"}
    assert len(ch.chart_data("state_wage", rows=5)) == 5
    assert "selected states" in charts.alt_text("state_wage", ch.profile, states=["CA", "NY"])
    assert len(ch.chart_data("skills", rows=3)) == 3
    assert len(ch.chart_data("industries", rows=4)) == 4
    with pytest.raises(ChartOptionError, match="no OEWS state estimate for 'Atlantis'"):
        ch.figure("state_wage", states=["Atlantis"])
    with pytest.raises(ChartOptionError, match="has no option colour"):
        ch.figure("skills", colour="red")
    with pytest.raises(UnknownChartError, match="no table named 'nope'"):
        ch.table("nope")


def test_drawing_leaves_the_matplotlib_state_as_it_was(chapters):
    import matplotlib.pyplot as plt

    with mpl.rc_context({"font.size": 17.0, "axes.facecolor": "#123456", "text.parse_math": True}):
        before = copy.deepcopy(dict(mpl.rcParams))
        figures = plt.get_fignums()
        for ch in chapters.values():
            for name in charts.SPECS:
                fig = ch.figure(name)
                fig._repr_svg_()  # as Jupyter shows it
                fig.savefig(__import__("io").BytesIO(), format="png")
        with pytest.raises(ChartOptionError):  # an error half-way through a drawing restores the state too
            chapters["11-9111"].figure("state_wage", highlight=["Atlantis"])
        assert dict(mpl.rcParams) == before
        assert plt.get_fignums() == figures
