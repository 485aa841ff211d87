"""Charts state their values truly (issue 15, "Charts that misstate values"), on real occupations:

- every numeric tick label states its gridline's value exactly, and no two ticks share a label
  (45-3031's outlook panel read "0, 400, 800, 1k, 2k" on the 0/400/800/1,200/1,600 gridlines);
- long labels wrap, never end in "…", and the chart grows to fit them;
- a value the chart and the chapter's table both show is written the same way (2.43%, not 2.4%);
- a value that rounds to zero is "0.0%" (no "−0.0%"), and a negative value has the true minus sign.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MultipleLocator

from occprofiles import charts, formatting
from occprofiles.charts import ticks
from occprofiles.charts.layout import new_figure
from occprofiles.charts.style import chart_style
from occprofiles.profile import Profile, load_profile

pytestmark = pytest.mark.usefixtures("processed")

# the chapters named in the issue, plus occupations of other kinds (small, hourly-only, military,
# declining, top-coded, aggregate, long industry and related-occupation names)
CODES = (
    "45-3031",
    "11-9081",
    "11-9111",
    "29-1141",
    "41-2031",
    "53-3032",
    "27-2011",
    "29-1024",
    "55-1011",
    "29-1022",
    "21-1018",
    "15-1252",
    "11-9032",
)
LONG_LABEL_CODES = ("11-9111", "41-2031", "11-9032", "15-1252", "11-9081")
ELLIPSIS = "…"


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {code: load_profile(code) for code in CODES}


@pytest.fixture(scope="module")
def drawn(profiles):
    """Every chart of every profile, drawn once (tick labels are made at draw time)."""
    built: dict[tuple[str, str], Figure] = {}

    def get(code: str, name: str) -> Figure:
        if (code, name) not in built:
            fig = charts.draw(name, profiles[code])
            fig.canvas.draw()
            built[(code, name)] = fig
        return built[(code, name)]

    yield get
    for fig in built.values():
        fig.clear()


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# ---------------------------------------------------------------------------------------------------
# 1. tick labels


@pytest.mark.parametrize("code", CODES)
def test_every_tick_label_states_its_gridline(drawn, code):
    problems = {}
    for name in charts.SPECS:
        found = ticks.tick_label_problems(drawn(code, name))
        if found:
            problems[name] = found
    assert not problems, f"{code}: {problems}"


def test_outlook_panels_named_in_the_issue(drawn):
    """The two panels of the issue, read back: the gridline values, exactly."""
    for code, expected in (("45-3031", ["0", "400", "800", "1.2k", "1.6k"]), ("11-9081", None)):
        ax = drawn(code, "projection").axes[1]  # the openings panel
        lo, hi = ax.get_ylim()
        shown = [
            (loc, t.get_text()) for loc, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True) if lo <= loc <= hi
        ]
        labels = [label for _, label in shown]
        assert len(set(labels)) == len(labels)
        assert all(ticks.parse_tick_label(label) == pytest.approx(loc) for loc, label in shown)
        if expected is not None:
            assert labels == expected


def test_checker_catches_rounded_thousands_and_accepts_exact_labels():
    """The check itself: a label rounded to the thousand is caught even though it is within the
    rounding of its own last digit ("1k" for 1,200); exact compact labels pass."""
    with chart_style():
        fig = new_figure(2.0)
        ax = fig.add_subplot()
        ax.set_ylim(0, 1700)
        ax.yaxis.set_major_locator(MultipleLocator(400))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k" if v >= 1000 else f"{v:,.0f}"))
        fig.canvas.draw()
        problems = ticks.tick_label_problems(fig)
        assert any("'1k' states 1000" in p for p in problems)
        assert any("'2k' states 2000" in p for p in problems)
        ax.yaxis.set_major_formatter(ticks.count_formatter())
        fig.canvas.draw()
        assert ticks.tick_label_problems(fig) == []
        shown = [t.get_text() for loc, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True) if 0 <= loc <= 1700]
        assert shown == ["0", "400", "800", "1.2k", "1.6k"]
        fig.clear()


@pytest.mark.parametrize(
    ("value", "count", "annual", "hourly", "signed"),
    [
        (0.0, "0", "$0", "$0", "0%"),
        (400.0, "400", "$400", "$400", "+400%"),
        (1200.0000000002, "1.2k", "$1.2k", "$1,200", "+1,200%"),
        (62_500.0, "62.5k", "$62.5k", "$62,500", "+62,500%"),
        (2_000_000.0, "2M", "$2M", "$2,000,000", "+2,000,000%"),
        (12.5, "12.5", "$12.5", "$12.5", "+12.5%"),
        (-7.5, "−7.5", "−$7.5", "−$7.5", "−7.5%"),
        (-1e-13, "0", "$0", "$0", "0%"),
    ],
)
def test_formatters_are_exact_and_compact(value, count, annual, hourly, signed):
    assert ticks.count_formatter()(value) == count
    assert ticks.usd_formatter(hourly=False)(value) == annual
    assert ticks.usd_formatter(hourly=True)(value) == hourly
    assert ticks.percent_formatter(signed=True)(value) == signed


# ---------------------------------------------------------------------------------------------------
# 2. long labels wrap


@pytest.mark.parametrize("code", LONG_LABEL_CODES)
def test_long_labels_wrap_and_are_never_cut(drawn, profiles, code):
    p = profiles[code]
    for name in ("industries", "median_comparison", "skills", "knowledge"):
        cut = [t for t in texts(drawn(code, name)) if t.rstrip().endswith(ELLIPSIS)]
        assert not cut, f"{code}/{name}: {cut}"
    labels = {re.sub(r"\s+", " ", t.get_text()) for t in drawn(code, "industries").axes[0].get_yticklabels()}
    top = sorted((r for r in p.industries if r.employment is not None), key=lambda r: -r.employment)[:10]
    assert {r.industry for r in top} <= labels  # every name in full
    related = {re.sub(r"\s+", " ", t.get_text()) for t in drawn(code, "median_comparison").axes[0].get_yticklabels()}
    assert {r.title for r in p.comparisons.related[:5] if r.annual_median_wage_usd is not None} <= related


def test_chart_grows_with_its_labels(drawn, profiles):
    """The same industries with short names: a shorter figure (the long names take more lines)."""
    p = profiles["11-9111"]
    short = dataclasses.replace(p, industries=tuple(dataclasses.replace(r, industry="Short") for r in p.industries))
    fig = charts.draw("industries", short)
    try:
        long_height = drawn("11-9111", "industries").get_size_inches()[1]
        assert long_height > fig.get_size_inches()[1] + 0.5
    finally:
        fig.clear()


# ---------------------------------------------------------------------------------------------------
# 3. the chart writes a value as the chapter's table does


def _chapter_minus(text: str) -> str:
    """The table's text with the chart's minus sign (the tables take "−" too: issue 15, other part)."""
    return text.replace("-", ticks.MINUS)


@pytest.mark.parametrize("code", CODES)
def test_chart_values_match_the_chapter_tables(drawn, profiles, code):
    p = profiles[code]
    if p.industries:  # chapter: fmt.share_percent(share_of_industry_employment_percent)
        shown = texts(drawn(code, "industries"))
        for r in p.industries[:10]:
            if r.employment is not None and r.share_of_industry_employment_percent is not None:
                assert formatting.share_percent(r.share_of_industry_employment_percent) in shown
    regional = set(texts(drawn(code, "regional_outlook")))
    for g in p.regional_outlook.regions:  # chapter: fmt.percent(change_percent, signed=True)
        if g.change_percent is not None and round(g.change_percent, 1) != 0:
            assert _chapter_minus(formatting.percent(g.change_percent, signed=True)) in regional
    state_text = "\n".join(texts(drawn(code, "state_wage")))
    for s in p.states[:10]:  # chapter: fmt.percent(wage_vs_national_percent, signed=True)
        d = s.wage_vs_national_percent
        if d is not None and s.annual_median_wage_usd is not None and round(d, 1) != 0:
            assert f"({_chapter_minus(formatting.percent(d, signed=True))})" in state_text


def test_industry_shares_at_the_tables_precision(drawn):
    text = texts(drawn("11-9111", "industries"))
    assert "2.43%" in text and "2.4%" not in text  # the issue's example: chart 2.4% beside table 2.43%
    tiny = texts(drawn("11-9081", "industries"))  # a handful of jobs in a large industry
    assert "<0.01%" in tiny and "0.00%" not in tiny  # as the table writes it (formatting.share_percent)


# ---------------------------------------------------------------------------------------------------
# 4. zero has no sign, negatives the true minus


NEGATIVE_ZERO = re.compile(r"[−-]0(?:\.0+)?%")
HYPHEN_MINUS = re.compile(r"(?:^|[\s(])-\d")


@pytest.mark.parametrize("code", CODES)
def test_no_negative_zero_and_true_minus(drawn, profiles, code):
    for name in charts.SPECS:
        for text in [*texts(drawn(code, name)), charts.alt_text(name, profiles[code])]:
            assert not NEGATIVE_ZERO.search(text), f"{code}/{name}: {text!r}"
            assert not HYPHEN_MINUS.search(text), f"{code}/{name}: {text!r}"


def test_rounding_to_zero_is_unsigned(drawn):
    """15-1252 and 53-3032: a state median 0.04% below the national one read "(−0.0%)"."""
    for code in ("15-1252", "53-3032"):
        assert any(t.endswith("(0.0%)") for t in texts(drawn(code, "state_wage")))


def test_a_region_whose_jobs_round_to_zero_says_why_it_has_no_change():
    """51-7032: the West's one publishing state (Nevada) has 0 jobs (Projections Central rounds to the ten)
    in 2020, so the region has no percentage change; the chart said "not published" with no reason."""
    from occprofiles.charts.projections import regional_outlook_alt

    p = load_profile("51-7032")
    west = next(r for r in p.regional_outlook.regions if r.region == "West")
    assert west.change_percent is None and west.employment_2020 == 0 and west.states_published == 1
    fig = charts.draw("regional_outlook", p)
    try:
        shown = " ".join(texts(fig)).replace("\n", " ")
    finally:
        fig.clear()
    assert "not computed" in shown and "not published" not in shown
    assert "West: fewer than 5 jobs in 2020 in the states publishing it, so no percentage change." in shown
    assert "West (1 of 13 states) not computed. West: fewer than 5 jobs in 2020" in regional_outlook_alt(p)
