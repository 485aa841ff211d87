"""The chart registry the chapter and analysts share, and the style's promise: drawing, saving or
embedding any chart leaves matplotlib's global rcParams exactly as they were."""

from __future__ import annotations

import io
import json
import re

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure

from occprofiles import chapter, charts
from occprofiles.errors import OccProfilesError, UnknownChartError
from occprofiles.profile import Profile, load_profile
from occprofiles.render import template_path

pytestmark = pytest.mark.usefixtures("processed")

# full; hourly wages only; top-coded wages; military (nothing published); a small occupation
CODES = ("11-9111", "27-2011", "29-1022", "55-1011", "45-3031")


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {code: load_profile(code) for code in CODES}


def _rc_snapshot() -> dict:
    return {key: (repr(value) if key == "axes.prop_cycle" else value) for key, value in mpl.rcParams.items()}


@pytest.mark.parametrize("code", CODES)
def test_no_chart_changes_global_rcparams(profiles, code):
    p = profiles[code]
    before = _rc_snapshot()
    for name, spec in charts.SPECS.items():
        fig = spec.figure(p)
        assert _rc_snapshot() == before, f"{code}/{name}: drawing changed rcParams"
        charts.save_figure(fig, io.BytesIO(), format="png", dpi=50)
        charts.figure_svg(fig)
        spec.data(p)
        spec.alt_text(p)
        fig.clear()
        assert _rc_snapshot() == before, f"{code}/{name}: saving, data or alt text changed rcParams"
    with charts.chart_style():  # the check can fail: the style does differ from the defaults
        assert _rc_snapshot() != before


def test_a_figure_is_drawn_in_the_style_even_when_saved_outside_it(profiles):
    """An analyst's ``fig.savefig`` (outside any context) draws with the chart style too."""
    fig = charts.draw("riasec", profiles["11-9111"])
    output = {"svg.hashsalt": "same ids"}  # output settings are the saver's (charts.save_figure sets them)
    raw = io.StringIO()
    with mpl.rc_context({"font.size": 20, "xtick.labelsize": 20, "text.color": "red", **output}):
        fig.savefig(raw, format="svg", metadata={"Date": None})
    styled = io.StringIO()
    with charts.chart_style(), mpl.rc_context(output):
        fig.savefig(styled, format="svg", metadata={"Date": None})
    assert isinstance(fig, charts.StyledFigure)
    assert raw.getvalue() == styled.getvalue()


def test_every_spec_draws_describes_and_gives_its_data(profiles):
    assert list(charts.CHARTS) + list(charts.EXTRA_CHARTS) == list(charts.SPECS)
    for code, p in profiles.items():
        for name, spec in charts.SPECS.items():
            assert spec.name == name and spec.description
            assert charts.spec(name) is spec
            data = charts.chart_data(name, p)
            assert isinstance(data, pd.DataFrame) and list(data.columns), (code, name)
            fig = charts.draw(name, p)
            assert isinstance(fig, Figure)
            fig.clear()
            assert charts.alt_text(name, p) == spec.alt_text(p)
            assert p.soc_code in charts.alt_text(name, p)


def test_chart_data_holds_the_numbers_drawn(profiles):
    full = profiles["11-9111"]
    wages = charts.chart_data("wage_distribution", full).set_index("measure")
    assert wages.loc["median", "wage_usd"] == 123860 and wages.loc["mean", "display"] == "$140,970"
    knowledge = charts.chart_data("knowledge", full)
    top = sorted(full.knowledge, key=lambda r: (-r.importance, r.name))[:10]
    assert list(knowledge["name"]) == [r.name for r in top]
    assert "Critical Thinking" in set(charts.chart_data("skills", full)["name"])
    states = charts.chart_data("state_tile_map", full).set_index("state")
    assert states.loc["California", "location_quotient"] == pytest.approx(1.07, abs=0.005)
    hourly = charts.chart_data("wage_distribution", profiles["27-2011"])
    assert set(hourly["basis"]) == {"hourly"}
    top_coded = charts.chart_data("state_wage", profiles["29-1022"])  # state medians at the OEWS top code
    assert top_coded["top_coded"].any()
    assert top_coded.loc[top_coded["top_coded"], "annual_median_wage_usd"].isna().all()
    military = profiles["55-1011"]
    assert charts.chart_data("wage_distribution", military).empty
    assert charts.chart_data("industries", military).empty


def test_unknown_chart_names_raise_a_project_error_listing_the_charts(profiles):
    with pytest.raises(UnknownChartError, match="knowledge") as raised:
        charts.draw("pie", profiles["11-9111"])
    assert isinstance(raised.value, OccProfilesError) and isinstance(raised.value, KeyError)
    assert str(raised.value).startswith("no chart named 'pie'")


def _shown(monkeypatch) -> list:
    shown: list = []
    monkeypatch.setattr(chapter, "_display", lambda *objects: shown.extend(objects))
    return shown


def test_chapter_chart_knowledge(monkeypatch, profiles):
    shown = _shown(monkeypatch)
    ch = chapter.Chapter("11-9111", profile=profiles["11-9111"])
    ch.chart("knowledge")
    html = shown[0].data
    assert 'data-chart="knowledge"' in html and "<svg" in html
    assert charts.alt_text("knowledge", ch.profile).split(":")[0] in html
    with pytest.raises(UnknownChartError):
        ch.chart("pie")


@pytest.mark.parametrize("code", ["11-9111", "55-1011"])
def test_registry_covers_every_chart_the_chapter_shows(monkeypatch, profiles, code):
    """Run every cell the template calls; each chart it displays is in the registry (and for a full
    profile the chapter shows every default chart)."""
    template = json.loads(template_path().read_text(encoding="utf-8"))
    calls = [
        m
        for cell in template["cells"]
        if cell["cell_type"] == "code"
        for m in re.findall(r"^ch\.(\w+)\(\)$", "".join(cell["source"]), re.M)
    ]
    assert len(calls) >= 10
    shown = _shown(monkeypatch)
    ch = chapter.Chapter(code, profile=profiles[code])
    for method in calls:
        getattr(ch, method)()
    names = [m for obj in shown for m in re.findall(r'data-chart="(\w+)"', getattr(obj, "data", "") or "")]
    assert set(names) <= set(charts.SPECS)
    if code == "11-9111":
        assert set(names) == set(charts.CHARTS)


def test_industry_chart_shows_the_rows_of_the_chapters_industry_table():
    """One ranking (the profile's: most jobs first, ties by industry code) for chart and table; 13 profiles
    had a different top 10 when the chart re-sorted with ties by name (17-1011: Hospitals vs Merchant Wholesalers)."""
    for code in ("17-1011", "11-9111", "41-2031"):
        p = load_profile(code)
        drawn = charts.chart_data("industries", p)["industry"].tolist()
        assert drawn == [i.industry for i in p.industries[:10]], code
