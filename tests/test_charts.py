"""Charts: one Figure per chart for full and sparse profiles, never a missing value drawn as zero,
the source and release on every figure, byte-identical saves, and text alternatives with the numbers."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re

import matplotlib as mpl
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from occprofiles import charts, formatting
from occprofiles.charts.layout import spread
from occprofiles.profile import Profile, WageNote, list_titles, load_profile

pytestmark = pytest.mark.usefixtures("processed")

REAL = {"full": "11-9111", "hourly_only": "27-2011", "aggregate": "21-1018", "top_coded_states": "29-1022"}
CASES = [*REAL, "military", "empty", "partial"]
ALL_CHARTS = {**charts.CHARTS, **charts.EXTRA_CHARTS}
TOP_CODE = "≥ $239,200"
RIASEC_FIELDS = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")


# ---------------------------------------------------------------------------------------------------
# profiles: real ones and two synthetic ones built from 11-9111


def _empty(p: Profile) -> Profile:
    """Nothing published anywhere, and no section reasons (the charts must fall back to their own)."""
    none = {k: None for k in p.oews.annual_wage_usd}
    oews = dataclasses.replace(
        p.oews,
        available=False,
        employment=None,
        wage_rse_percent=None,
        annual_wage_usd=dict(none),
        hourly_wage_usd=dict(none),
        annual_wage_top_coded={k: False for k in none},
        hourly_wage_top_coded={k: False for k in none},
        wage_notes=(),
        reason=None,
    )
    projections = dataclasses.replace(
        p.projections,
        available=False,
        employment_2024=None,
        employment_2034=None,
        employment_change=None,
        change_percent=None,
        annual_openings=None,
        labor_force_exits=None,
        occupational_transfers=None,
        separations=None,
        reason=None,
    )
    return dataclasses.replace(
        p,
        oews=oews,
        projections=projections,
        comparisons=dataclasses.replace(
            p.comparisons, annual_median_wage_usd=None, major_group_annual_median_wage_usd=None, related=()
        ),
        interests=dataclasses.replace(p.interests, high_point_code=None, **{f: None for f in RIASEC_FIELDS}),
        skills=(),
        knowledge=(),
        education=(),
        states=(),
        metros=(),
        industries=(),
        regional_outlook=dataclasses.replace(p.regional_outlook, national=None, states=(), regions=(), reason=None),
        sections={},
    )


def _partial(p: Profile) -> Profile:
    """11-9111 with holes: p90 top-coded, California's median top-coded, a related wage, an education
    share, a skill level, a RIASEC score and a region missing; employment declining (no growth openings)."""
    note = WageNote(
        field="annual_wage_usd.p90", footnote_code=5, reason=formatting.oews_missing_reason(5, hourly=False)
    )
    oews = dataclasses.replace(
        p.oews,
        annual_wage_usd={**p.oews.annual_wage_usd, "p90": None},
        annual_wage_top_coded={**p.oews.annual_wage_top_coded, "p90": True},
        wage_notes=(note,),
    )
    states = list(p.states)
    assert states[0].state == "California"
    states[0] = dataclasses.replace(
        states[0],
        annual_median_wage_usd=None,
        annual_median_wage_top_coded=True,
        annual_median_wage_note=note.reason,
        wage_vs_national_percent=None,
    )
    related = list(p.comparisons.related)
    related[0] = dataclasses.replace(related[0], annual_median_wage_usd=None)
    education = list(p.education)
    education[5] = dataclasses.replace(education[5], percent=None)  # Bachelor's degree
    skills = list(p.skills)
    skills[0] = dataclasses.replace(skills[0], level=None)
    pr = p.projections
    projections = dataclasses.replace(
        pr,
        employment_2034=pr.employment_2024 - 30000,
        employment_change=-30000,
        change_percent=-4.9,
        annual_openings=pr.separations - 3000,
    )
    ro = p.regional_outlook
    regions = (dataclasses.replace(ro.regions[0], change_percent=None), *ro.regions[1:])
    return dataclasses.replace(
        p,
        oews=oews,
        states=tuple(states),
        education=tuple(education),
        skills=tuple(skills),
        comparisons=dataclasses.replace(p.comparisons, related=tuple(related)),
        interests=dataclasses.replace(p.interests, artistic=None),
        projections=projections,
        regional_outlook=dataclasses.replace(ro, regions=regions),
    )


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    out = {case: load_profile(code) for case, code in REAL.items()}
    military = next(code for code, _ in list_titles() if code.startswith("55-"))
    out["military"] = load_profile(military)
    out["empty"] = _empty(out["full"])
    out["partial"] = _partial(out["full"])
    return out


@pytest.fixture(scope="module")
def figures(profiles):
    """Every chart of every case, built once for the whole module (and cleared at the end)."""
    built: dict[tuple[str, str], Figure] = {}

    def get(case: str, name: str) -> Figure:
        if (case, name) not in built:
            built[(case, name)] = ALL_CHARTS[name](profiles[case])
        return built[(case, name)]

    yield get
    for fig in built.values():
        fig.clear()
    built.clear()


# ---------------------------------------------------------------------------------------------------
# helpers


def texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def all_text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in texts(fig))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def expected_release(p: Profile, name: str) -> list[str]:
    onet = p.interests.release
    return {
        "wage_distribution": [f"OEWS), {p.oews.release}"],
        "median_comparison": [f"OEWS), {p.comparisons.release}"],
        "state_tile_map": [f"OEWS), {p.oews.release}"],
        "state_wage": [f"OEWS), {p.oews.release}"],
        "industries": [f"OEWS), {p.oews.release}"],
        "riasec": [f"O*NET {onet}"],
        "skills": [f"O*NET {onet}"],
        "knowledge": [f"O*NET {onet}"],
        "education": [f"O*NET {onet}"],
        "projection": [f"Employment Projections, {p.projections.release}"],
        "regional_outlook": [
            f"Projections Central, {p.regional_outlook.release}",
            p.regional_outlook.vintage.split(" (")[0],
        ],
    }[name]


def data_artists(fig: Figure):
    for ax in fig.axes:
        for artist in [*ax.patches, *ax.lines]:
            yield ax, artist


# ---------------------------------------------------------------------------------------------------
# every chart, every case


@pytest.mark.parametrize("name", list(ALL_CHARTS))
@pytest.mark.parametrize("case", CASES)
def test_chart_is_a_print_width_figure_naming_source_and_release(figures, profiles, case, name):
    fig = figures(case, name)
    assert isinstance(fig, Figure)
    assert fig.get_size_inches()[0] == pytest.approx(charts.FIGURE_WIDTH_IN)
    text = flat(all_text(fig))
    assert "Source: " in text
    for release in expected_release(profiles[case], name):
        assert release in text, f"{case}/{name}: {release!r} not in the figure text"
    assert profiles[case].soc_code in text  # the title names the occupation


@pytest.mark.parametrize("name", list(ALL_CHARTS))
@pytest.mark.parametrize("case", CASES)
def test_no_zero_sized_bar_and_text_is_legible_and_inside(figures, case, name):
    fig = figures(case, name)
    for _ax, artist in data_artists(fig):
        if isinstance(artist, Rectangle):
            assert artist.get_width() != 0 and artist.get_height() != 0, f"{case}/{name}: zero-size bar"
    renderer = fig.canvas.get_renderer()
    fig_box = fig.bbox
    for t in texts(fig):
        assert t.get_fontsize() >= charts.MIN_FONT_PT, f"{case}/{name}: {t.get_text()!r} at {t.get_fontsize()} pt"
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()]
        for label, box in boxes:
            assert (
                box.x0 >= fig_box.x0 - 1
                and box.x1 <= fig_box.x1 + 1
                and box.y0 >= fig_box.y0 - 1
                and box.y1 <= fig_box.y1 + 1
            ), f"{case}/{name}: {label!r} clipped"
        for (la, a), (lb, b) in itertools.combinations(boxes, 2):
            overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_w <= 1 or overlap_h <= 1, f"{case}/{name}: {la!r} overlaps {lb!r}"


@pytest.mark.parametrize("name", list(ALL_CHARTS))
def test_military_and_empty_profiles_say_not_published(figures, profiles, name):
    for case in ("military", "empty"):
        fig = figures(case, name)
        text = flat(all_text(fig))
        assert "Not published: " in text, f"{case}/{name}"
        assert not any(True for _ in data_artists(fig)), f"{case}/{name} draws data"
        assert fig.get_size_inches()[1] < 2.5  # a small figure, not an empty chart
    # the military reasons are the profile's own
    military = profiles["military"]
    section = {
        "wage_distribution": "wages",
        "state_tile_map": "states",
        "riasec": "interests",
        "skills": "skills",
        "education": "education",
        "industries": "industries",
    }.get(name)
    if section:
        reason = military.sections[section]
        reason = reason["reason"] if isinstance(reason, dict) else reason.reason
        assert flat(reason) in flat(all_text(figures("military", name)))


# ---------------------------------------------------------------------------------------------------
# individual charts


def test_wage_distribution_full(figures):
    fig = figures("full", "wage_distribution")
    text = all_text(fig)
    for value in ("$73,390", "$94,700", "$123,860", "$166,100", "$224,340", "Mean $140,970"):
        assert value in text
    assert "Relative standard error of the mean wage: 0.3%" in flat(text)
    assert "Annual wage distribution" in fig.get_suptitle()


def test_wage_distribution_top_coded_p90_is_a_bound_not_a_point(figures, profiles):
    fig = figures("partial", "wage_distribution")
    text = all_text(fig)
    assert TOP_CODE in text and "$224,340" not in text
    ax = fig.axes[0]
    xs = [x for line in ax.lines for x in line.get_xdata()]
    xs += [p.get_x() for p in ax.patches] + [p.get_x() + p.get_width() for p in ax.patches]
    assert xs and min(xs) > 0, "something is drawn at x = 0"
    assert 224340 not in xs  # the withheld value is nowhere
    published = [v for v in profiles["partial"].oews.annual_wage_usd.values() if v is not None]
    assert max(xs) <= max(max(published), 239200)  # nothing beyond the bound but the open arrow
    assert "footnote 5" in flat(text)


def test_wage_distribution_hourly_only(figures):
    fig = figures("hourly_only", "wage_distribution")
    text = flat(all_text(fig))
    assert fig.get_suptitle().startswith("Hourly wage distribution")
    assert "$29.05/h" in text and "$143.68/h" in text and "Mean $58.29/h" in text
    assert "Annual wages are not published" in text and "footnote 4" in text
    assert "Relative standard error of the mean wage: 8.4%" in text


def test_median_comparison_skips_missing_and_lists_them(figures, profiles):
    p = profiles["partial"]
    fig = figures("partial", "median_comparison")
    ax = fig.axes[0]
    shown = [
        p.comparisons.annual_median_wage_usd,
        p.comparisons.all_occupations_annual_median_wage_usd,
        p.comparisons.major_group_annual_median_wage_usd,
    ] + [r.annual_median_wage_usd for r in p.comparisons.related]
    assert len(ax.patches) == sum(v is not None for v in shown)
    missing = p.comparisons.related[0].title
    assert missing not in [t.get_text() for t in ax.get_yticklabels()]
    assert f"Not published: {missing}" in flat(all_text(fig))
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert flat(bold[0]) == p.title
    # hourly-only occupations have no annual median to compare
    assert "Not published: " in all_text(figures("hourly_only", "median_comparison"))


def test_riasec_scale_and_code(figures):
    fig = figures("full", "riasec")
    ax = fig.axes[0]
    assert ax.get_xlim() == (1, 7)
    assert "Holland code ECS" in fig.get_suptitle()
    for value in ("2.15", "3.85", "1.32", "4.24", "5.65", "5.63"):
        assert value in all_text(fig)
    partial = figures("partial", "riasec")
    assert len(partial.axes[0].patches) == 5 and "Not published: Artistic" in flat(all_text(partial))


def test_projection_numbers_and_declining_growth(figures):
    text = flat(all_text(figures("full", "projection")))
    for value in ("616,200", "759,100", "+23.2%", "+142,900", "62,100", "18,000", "29,800", "14,300"):
        assert value in text
    partial = figures("partial", "projection")
    text = flat(all_text(partial))
    assert "none (declining)" in text and "No openings come from growth" in text
    assert "−4.9%" in text
    assert len(partial.axes[1].patches) == 2  # exits and transfers; no growth bar at all


def test_state_tile_map(figures, profiles):
    fig = figures("full", "state_tile_map")
    text = all_text(fig)
    for code in charts.TILE_GRID:
        assert re.search(rf"^{code}$", text, re.M), code
    assert "1.07" in text  # California's location quotient
    assert {"PR", "GU", "VI"} <= set(text.split())  # territories present in 11-9111
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "n/p (not published)" in legend
    # 21-1018: Alabama's location quotient is not published -> a hatched n/p tile
    agg = figures("aggregate", "state_tile_map")
    assert hatched_squares(agg) == 1
    assert "n/p: no estimate published for 1 state or territory" in flat(all_text(agg))


def hatched_squares(fig: Figure) -> int:
    """The n/p squares of a tile map: the closed shapes of its hatched patches."""
    return sum(len(p.get_path().to_polygons()) for p in fig.axes[0].patches if p.get_hatch())


def test_the_tile_map_fills_all_its_n_p_squares_with_one_pattern_use():
    """Chromium prints every element an SVG pattern fills as its own image (rasterized, compressed, ~330 KB
    raw): 40 n/p squares were 40 images in one print. The squares are one compound path, so the map's SVG
    fills two elements with the hatch (the squares and the legend's key), however many states are n/p."""
    profile = load_profile("29-1022")
    fig = charts.draw("state_tile_map", profile)
    assert hatched_squares(fig) == 40  # the note says so too
    assert "n/p: no estimate published for 40 states or territories" in flat(all_text(fig))
    svg = charts.inline_svg(fig, "alt", "t")
    (pattern,) = re.findall(r'<pattern id="(h[0-9a-f]+)"', svg)
    fill = f"fill:url(#{pattern})"
    classes = re.findall(r"\.(o[0-9a-f]+)\{" + re.escape(fill), svg)  # styles shared as classes (charts.svg)
    filled = svg.count(f'style="{fill}') + sum(svg.count(f'class="{c}"') for c in classes)
    assert filled == 2


@pytest.mark.parametrize("case", CASES)
def test_the_tile_map_leaves_out_of_its_layout_only_what_lies_inside_its_axes(figures, case):
    """The tiles and their labels are left out of constrained layout (their extents, ~100 texts, cost a
    third of the map's layout and never move it); that is safe only while each lies within the axes."""
    fig = figures(case, "state_tile_map")
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    left_out = [a for a in ax.get_children() if a.get_visible() and not a.get_in_layout()]
    if ax.get_legend() is None:  # a "not published" figure: nothing drawn, nothing left out
        assert left_out == []
        return
    texts = [a for a in left_out if isinstance(a, Text)]
    squares = sum(len(a.get_path().to_polygons()) if a.get_hatch() else 1 for a in left_out if isinstance(a, Patch))
    assert len(texts) >= 2 * len(charts.TILE_GRID) and squares >= len(
        charts.TILE_GRID
    )  # each state's tile, code, value
    for a in left_out:
        e = a.get_window_extent(renderer)
        assert box.x0 - 0.5 <= e.x0 and e.x1 <= box.x1 + 0.5 and box.y0 - 0.5 <= e.y0 and e.y1 <= box.y1 + 0.5, a


def test_tile_grid_and_postal_codes_cover_every_state_name(profiles):
    positions = list(charts.TILE_GRID.values())
    assert len(charts.TILE_GRID) == 51 and len(set(positions)) == 51
    assert not set(charts.TERRITORY_GRID.values()) & set(positions)
    names = {s.state for p in profiles.values() for s in p.states}
    assert names <= set(charts.STATE_POSTAL), names - set(charts.STATE_POSTAL)


def test_state_wage_top_coded_is_text_not_bar(figures, profiles):
    p = profiles["top_coded_states"]
    top10 = sorted((s for s in p.states if s.employment is not None), key=lambda s: -s.employment)[:10]
    bounded = [s for s in top10 if s.annual_median_wage_display.startswith("≥")]
    assert bounded, "29-1022 is expected to have a top-coded state median among its 10 largest states"
    fig = figures("top_coded_states", "state_wage")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [s.state for s in top10]
    assert len(ax.patches) == sum(
        s.wage_vs_national_percent not in (None, 0) and s.annual_median_wage_usd is not None for s in top10
    )
    text = all_text(fig)
    assert f"{TOP_CODE} (top-coded)" in text
    # partial: California top-coded, no bar in its row
    partial = figures("partial", "state_wage")
    rows = partial.axes[0]
    assert all(abs(b.get_y() + b.get_height() / 2) > 0.5 for b in rows.patches)  # row 0 = California
    assert f"{TOP_CODE} (top-coded)" in all_text(partial)
    # hourly-only occupation (27-2011): the hourly medians OEWS publishes, labelled per hour, with footnote 4
    hourly = figures("hourly_only", "state_wage")
    text = flat(all_text(hourly))
    assert "Median hourly wage" in text and "State median, per hour" in text and "footnote 4" in text
    ny = next(s for s in profiles["hourly_only"].states if s.state == "New York")
    assert ny.hourly_median_wage_usd == 28.44 and "$28.44/h" in text
    shown = sorted((s for s in profiles["hourly_only"].states if s.employment is not None), key=lambda s: -s.employment)
    assert len(hourly.axes[0].patches) == sum(s.wage_vs_national_percent not in (None, 0) for s in shown[:10])


def test_industries_and_education_and_skills(figures, profiles):
    fig = figures("full", "industries")
    assert len(fig.axes[0].patches) == 10
    text = all_text(fig)
    assert "217,430" in text and "2.43%" in text  # the share as the chapter table writes it
    edu = figures("partial", "education")
    assert "Bachelor's degree: not published." in flat(all_text(edu))
    assert len(edu.axes[0].patches) == sum(1 for e in profiles["partial"].education if e.percent)
    skills = figures("partial", "skills")
    assert "not published" in all_text(skills)
    assert len(figures("full", "skills").axes) == 2


def test_regional_outlook(figures):
    fig = figures("full", "regional_outlook")
    assert "2020–2030 state projections" in fig.get_suptitle()
    text = flat(all_text(fig))
    for value in ("+32.5%", "+36.3%", "9 of 9 states", "+35.5%"):
        assert value in text
    assert "not published" in all_text(figures("partial", "regional_outlook"))


# ---------------------------------------------------------------------------------------------------
# registry, style, alt text, saving


def test_registry_and_render_all(profiles):
    assert list(charts.CHARTS) == [
        "wage_distribution",
        "median_comparison",
        "riasec",
        "projection",
        "state_tile_map",
        "state_wage",
        "industries",
        "skills",
        "education",
        "regional_outlook",
    ]
    figs = charts.render_all(profiles["aggregate"])
    try:
        assert list(figs) == list(charts.CHARTS)
        assert all(isinstance(f, Figure) for f in figs.values())
    finally:
        for f in figs.values():
            f.clear()
    with pytest.raises(KeyError):
        charts.alt_text("pie", profiles["full"])


def test_chart_style_applies_inside_and_restores_outside():
    keys = ("font.size", "svg.hashsalt", "svg.fonttype", "axes.prop_cycle", "font.sans-serif", "text.parse_math")
    outside = {k: mpl.rcParams[k] for k in keys}
    with charts.chart_style():
        inside = {k: mpl.rcParams[k] for k in keys}
        with charts.apply_style():  # the old name is the same context manager now
            assert inside == {k: mpl.rcParams[k] for k in keys}
    assert inside["svg.hashsalt"] and inside["svg.fonttype"] == "path" and inside["text.parse_math"] is False
    assert inside["font.sans-serif"] == ["DejaVu Sans"]
    assert outside == {k: mpl.rcParams[k] for k in keys}


@pytest.mark.parametrize("name", list(ALL_CHARTS))
@pytest.mark.parametrize("case", CASES)
def test_alt_text_states_source_and_numbers(profiles, case, name):
    p = profiles[case]
    alt = charts.alt_text(name, p)
    assert isinstance(alt, str) and len(alt) > 40 and "\n" not in alt
    assert p.soc_code in alt
    for release in expected_release(p, name):
        assert release in alt
    if case in ("military", "empty"):
        assert "not published" in alt


def test_alt_text_key_numbers(profiles):
    full = profiles["full"]
    assert all(
        v in charts.alt_text("wage_distribution", full)
        for v in ("$73,390", "$94,700", "$123,860", "$166,100", "$224,340", "$140,970")
    )
    assert "$50,980" in charts.alt_text("median_comparison", full)
    assert "Enterprising 5.65" in charts.alt_text("riasec", full)
    assert all(v in charts.alt_text("projection", full) for v in ("616,200", "759,100", "+23.2%", "62,100"))
    assert "California 1.07" in charts.alt_text("state_tile_map", full)
    assert "California $141,480 (+14.2%)" in charts.alt_text("state_wage", full)
    assert "Ambulatory Health Care Services 217,430 jobs" in charts.alt_text("industries", full)
    assert "Critical Thinking importance 4.12" in charts.alt_text("skills", full)
    assert "Bachelor's degree 46%" in charts.alt_text("education", full)
    assert "Northeast (9 of 9 states) +36.3%" in charts.alt_text("regional_outlook", full)
    partial = profiles["partial"]
    assert f"90th percentile {TOP_CODE} (top-coded)" in charts.alt_text("wage_distribution", partial)
    assert f"California {TOP_CODE} (top-coded)" in charts.alt_text("state_wage", partial)
    assert "$29.05/h" in charts.alt_text("wage_distribution", profiles["hourly_only"])


@pytest.mark.parametrize("name", ["wage_distribution", "state_tile_map", "projection", "industries"])
@pytest.mark.parametrize("form", ["png", "svg", "pdf"])
def test_saving_is_byte_identical(figures, name, form):
    def save(fig: Figure) -> bytes:
        buf = io.BytesIO()
        charts.save_figure(fig, buf, format=form, dpi=100)
        return buf.getvalue()

    fig = figures("full", name)
    first = save(fig)
    assert first == save(fig)
    rebuilt = ALL_CHARTS[name](load_profile("11-9111"))
    try:
        assert first == save(rebuilt)  # a fresh figure of the same profile too
    finally:
        rebuilt.clear()
    if form == "png":
        assert first.startswith(b"\x89PNG") and b"Software" not in first
    elif form == "svg":
        assert b"<dc:date>" not in first and b"Matplotlib v" not in first
    else:
        assert b"/CreationDate" not in first


def test_save_figure_rejects_unknown_format(figures, tmp_path):
    with pytest.raises(ValueError):
        charts.save_figure(figures("full", "riasec"), tmp_path / "x.gif", format="gif")
    charts.save_figure(figures("full", "riasec"), tmp_path / "x.png")
    assert (tmp_path / "x.png").read_bytes().startswith(b"\x89PNG")


def test_spread_keeps_labels_apart():
    centres = spread([0.5, 0.5, 0.52, 0.9], [0.1, 0.1, 0.1, 0.1], 0.0, 1.0, 0.01)
    ordered = sorted(centres)
    assert all(b - a >= 0.11 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))
    assert 0.05 <= min(centres) and max(centres) <= 0.95
