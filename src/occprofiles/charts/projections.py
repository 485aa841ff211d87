"""The outlook: BLS Employment Projections (employment and openings) and Projections Central's regional
projections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import formatting as fmt
from ..profile import Profile, Projections, RegionalArea, RegionRow
from .labels import count_axis, percent_axis, signed_pct
from .layout import (
    PANEL_TITLE_Y,
    finish,
    hide_y_grid,
    new_figure,
    not_published_figure,
    set_rows,
    ytick_labels,
)
from .sources import (
    ep_source,
    frame,
    pc_source,
    section_reason,
    vintage_note,
    vintage_short,
    who,
)
from .style import (
    BLUE,
    CAPTION,
    DARK_GREY,
    GREEN,
    LIGHT_BLUE,
    ORANGE,
    TEXT,
    VERMILLION,
    drawn_in_chart_style,
)
from .values import largest_first, published, published_values

if TYPE_CHECKING:
    import pandas as pd


def _ep_years(p: Profile) -> tuple[str, str]:
    """The projection period's years, from the release the profile carries (``"2024–34"``)."""
    base, end = fmt.period_years(p.projections.release)
    return str(base), str(end)


def _projection_reason(p: Profile) -> str:
    return p.projections.reason or section_reason(
        p, "projections", "BLS Employment Projections publishes no projection for this code"
    )


def _openings_parts(p: Profile) -> tuple[list[tuple[str, int | None]], int | None, list[str]]:
    pr = p.projections
    growth = None
    notes = []
    if pr.annual_openings is not None and pr.separations is not None:
        growth = pr.annual_openings - pr.separations
        if growth < 0:
            notes.append(
                f"No openings come from growth: employment is projected to decline, so the annual openings "
                f"({fmt.ep_count(pr.annual_openings)}) are fewer than the separations ({fmt.ep_count(pr.separations)})."
            )
            growth = None
    parts = [
        ("Labor-force exits", pr.labor_force_exits),
        ("Occupational transfers", pr.occupational_transfers),
        ("Growth", growth),
    ]
    return parts, growth, notes


@drawn_in_chart_style
def projection_chart(profile: Profile) -> Figure:
    """Employment in the base and target years (change annotated) and the annual openings by cause."""
    p = profile
    pr = p.projections
    base, end = _ep_years(p)
    title = f"Employment outlook, {pr.release}: {who(p)}"
    source = ep_source(p)
    if not pr.available or (pr.employment_2024 is None and pr.employment_2034 is None and pr.annual_openings is None):
        return not_published_figure(title, source, _projection_reason(p))

    fig = new_figure(2.55)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.35]})
    notes = _employment_panel(ax1, pr, base, end)
    notes += _openings_panel(ax2, p)
    notes.insert(
        0,
        f"Openings are annual averages over {base}–{end}; they add up to exits + transfers + growth "
        f"(growth = openings − separations).",
    )
    finish(fig, title, source, notes)
    return fig


def _employment_panel(ax: Axes, pr: Projections, base: str, end: str) -> list[str]:
    """Left panel: employment in the base and target years, the change annotated. Returns its notes."""
    notes: list[str] = []
    emp = [(base, pr.employment_2024), (end, pr.employment_2034)]
    top = max([v for _, v in emp if v is not None] or [1])
    ax.set_ylim(0, top * 1.32)
    ax.set_xlim(-0.6, 1.6)
    for i, (year, value) in enumerate(emp):
        if value is None:
            ax.text(
                i, top * 0.05, "not\npublished", ha="center", va="bottom", fontsize=9, style="italic", color=CAPTION
            )
            notes.append(f"Employment in {year} not published.")
            continue
        if value > 0:
            ax.bar(i, value, width=0.6, color=LIGHT_BLUE if i == 0 else BLUE, zorder=2)
        ax.text(i, value + top * 0.02, fmt.ep_count(value), ha="center", va="bottom", fontsize=9)
    ax.set_xticks([0, 1], [year for year, _ in emp])
    ax.grid(axis="x", visible=False)
    ax.yaxis.set_major_formatter(count_axis())
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.set_ylabel("Jobs (including self-employed)")
    ax.set_title("Employment", y=PANEL_TITLE_Y)
    if pr.change_percent is not None:
        change = f"Change {signed_pct(pr.change_percent)}"
        if pr.employment_change is not None:
            change += f" ({fmt.ep_count(pr.employment_change, signed=True)})"
        ax.text(
            0.5,
            0.975,
            change,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=9,
            fontweight="bold",
            color=BLUE if pr.change_percent >= 0 else VERMILLION,
        )
    return notes


def _openings_panel(ax: Axes, p: Profile) -> list[str]:
    """Right panel: the annual openings by cause (exits, transfers, growth). Returns its notes."""
    pr = p.projections
    parts, _growth, grow_notes = _openings_parts(p)
    notes = list(grow_notes)
    ax.set_title(
        f"Openings per year: {fmt.ep_count(pr.annual_openings)}"
        if pr.annual_openings is not None
        else "Openings per year: not published",
        y=PANEL_TITLE_Y,
    )
    vals = [v for _, v in parts if v is not None]
    otop = max(vals + [1])
    ax.set_ylim(0, otop * 1.2)
    ax.set_xlim(-0.6, 2.6)
    colours = (ORANGE, GREEN, BLUE)
    for i, ((name, value), colour) in enumerate(zip(parts, colours, strict=True)):
        if value is None:
            text = "none\n(declining)" if name == "Growth" and grow_notes else "not\npublished"
            ax.text(i, otop * 0.03, text, ha="center", va="bottom", fontsize=9, style="italic", color=CAPTION)
            if not (name == "Growth" and grow_notes):
                notes.append(f"{name} not published.")
            continue
        if value > 0:
            ax.bar(i, value, width=0.6, color=colour, zorder=2)
        ax.text(i, value + otop * 0.02, fmt.ep_count(value), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(3), ["Labor-force\nexits", "Occupational\ntransfers", "Growth"])
    ax.grid(axis="x", visible=False)
    if max(vals, default=0) > 0:
        ax.yaxis.set_major_formatter(count_axis())
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    else:  # every part rounds to fewer than 50 (EP rounds to the hundred): a scale of 0-1 jobs would mislead
        ax.set_yticks([])
    return notes


def projection_alt(profile: Profile) -> str:
    p = profile
    pr = p.projections
    base, end = _ep_years(p)
    source = ep_source(p)
    if not pr.available or (pr.employment_2024 is None and pr.employment_2034 is None and pr.annual_openings is None):
        return f"Employment outlook of {who(p)}: not published: {_projection_reason(p)}. {source}"
    parts, _growth, grow_notes = _openings_parts(p)
    text = (
        f"Employment of {who(p)}: {fmt.ep_count(pr.employment_2024)} in {base} and {fmt.ep_count(pr.employment_2034)} "
        f"in {end}, a change of {signed_pct(pr.change_percent)}"
    )
    if pr.employment_change is not None:
        text += f" ({fmt.ep_count(pr.employment_change, signed=True)} jobs)"
    text += f". Annual openings: {fmt.ep_count(pr.annual_openings)}, of which "
    text += "; ".join(f"{name.lower()} {fmt.ep_count(v)}" for name, v in parts if v is not None or name != "Growth")
    text += "."
    if grow_notes:
        text += " " + " ".join(grow_notes)
    return f"{text} {source}"


def projection_data(profile: Profile) -> pd.DataFrame:
    """Employment in the base and target years and the annual openings by cause (growth is empty when
    employment declines: the openings are then fewer than the separations)."""
    pr = profile.projections
    base, end = _ep_years(profile)
    parts, _, _ = _openings_parts(profile)
    records = [
        {"panel": "employment", "label": base, "value": pr.employment_2024},
        {"panel": "employment", "label": end, "value": pr.employment_2034},
    ]
    records += [{"panel": "openings per year", "label": name, "value": value} for name, value in parts]
    records.append({"panel": "openings per year", "label": "Total", "value": pr.annual_openings})
    return frame(records, ["panel", "label", "value"])


def _zero_base(r: RegionRow) -> bool:
    """A region whose 2020 jobs round to 0: a percentage change cannot be computed from them."""
    return r.change_percent is None and r.employment_2020 == 0


def _missing_change(r: RegionRow) -> str:
    return "not computed" if _zero_base(r) else "not published"


def _zero_base_notes(p: Profile) -> list[str]:
    """Why a region's change is "not computed" (the count written as the chapter's table writes it)."""
    return [
        f"{r.region}: {fmt.pc_count(r.employment_2020)} jobs in 2020 in the states publishing it, "
        "so no percentage change."
        for r in p.regional_outlook.regions
        if _zero_base(r)
    ]


def _regional_rows(
    p: Profile, n_states: int = 10
) -> tuple[list[tuple[str, float | None, str, str]], list[RegionalArea]]:
    """The regions as (chart label, change, alt-text label, text for a missing change) and the largest states."""
    ro = p.regional_outlook
    regions = [
        (
            f"{r.region}\n({r.states_published} of {r.states_in_region} states)",
            r.change_percent,
            f"{r.region} ({r.states_published} of {r.states_in_region} states)",
            _missing_change(r),
        )
        for r in ro.regions
    ]
    if ro.national is not None:
        regions.insert(0, ("United States", ro.national.change_percent, "United States", "not published"))
    states = largest_first(ro.states, lambda a: a.employment_2020, lambda a: a.area)[:n_states]
    return regions, states


def _regional_aggregate(p: Profile) -> str:
    """Whose figures these are when Projections Central publishes the occupation only within an aggregate."""
    ro = p.regional_outlook
    if not ro.published_code or ro.published_code == p.soc_code:
        return ""
    return f"Projections Central publishes {ro.published_code}, which includes this occupation: figures are for {ro.published_code}."


def _regional_who(p: Profile) -> str:
    """The occupation, or the Projections Central aggregate the figures are for, naming the occupation."""
    ro = p.regional_outlook
    if not ro.published_code or ro.published_code == p.soc_code:
        return who(p)
    return f"{ro.published_title} ({ro.published_code}), which includes {who(p)}"


def _regional_reason(p: Profile) -> str:
    return p.regional_outlook.reason or section_reason(
        p, "regional_outlook", "Projections Central publishes no projection for this code"
    )


@drawn_in_chart_style
def regional_outlook_chart(profile: Profile) -> Figure:
    """Projected change by Census region (and the US) and in the 10 states with most jobs."""
    p = profile
    title = f"Projected employment change, {vintage_short(p)}: {_regional_who(p)}"
    source = pc_source(p)
    regions, states = _regional_rows(p)
    if not any(not fmt.is_missing(v) for _, v, _, _ in regions) and not any(
        not fmt.is_missing(a.change_percent) for a in states
    ):
        return not_published_figure(title, source, _regional_reason(p))
    panels = [("By Census region", [(label, v, missing) for label, v, _, missing in regions])]
    if states:
        heading = f"Top {len(states)} states by 2020 jobs" if len(states) > 1 else "The one state publishing it"
        panels.append((heading, [(a.area, a.change_percent, "not published") for a in states]))
    n = max(len(r) for _, r in panels)
    fig = new_figure(0.8 + 0.38 * max(n, 2))
    n_left = len(panels[0][1])
    if len(panels) == 1 or n - n_left < 3:
        axes = fig.subplots(1, len(panels), squeeze=False)[0]
    else:  # the short region panel only as tall as its rows, so both panels have the same bar height
        gs = fig.add_gridspec(2, 2, height_ratios=[n_left + 1.2, n - n_left - 1.2])
        axes = [fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[:, 1])]
    allv = published_values(v for _, rows in panels for _, v, _ in rows)
    lo, hi = min(allv + [0.0]), max(allv + [0.0])
    span = max(hi - lo, 10.0)
    for ax, (panel_title, rows) in zip(axes, panels, strict=True):
        ax.set_xlim(lo - span * (0.3 if lo < 0 else 0.02), hi + span * (0.3 if hi > 0 else 0.02))
        ax.axvline(0, color=TEXT, lw=1, zorder=3)
        for i, (label, value, missing) in enumerate(rows):
            v = published(value)
            if v is None:
                ax.text(span * 0.02, i, missing, va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
                continue
            colour = (DARK_GREY if label == "United States" else BLUE) if v >= 0 else ORANGE
            if v != 0:
                ax.barh(i, v, height=0.62, color=colour, zorder=2)
            ax.text(
                v + (span * 0.02 if v >= 0 else -span * 0.02),
                i,
                signed_pct(v),
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=9,
            )
        ytick_labels(ax, [label for label, _, _ in rows], [label == "United States" for label, _, _ in rows])
        set_rows(ax, len(rows))
        hide_y_grid(ax)
        ax.xaxis.set_major_formatter(percent_axis(signed=True))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_title(panel_title, y=PANEL_TITLE_Y)
        ax.set_xlabel("Change in employment")
    vnote = vintage_note(p)
    notes = [n for n in (_regional_aggregate(p), "Regions sum the states that publish a projection.") if n]
    notes += _zero_base_notes(p)
    if vnote:
        notes.append(vnote[0].upper() + vnote[1:] + ".")
    finish(fig, title, source, notes)
    return fig


def regional_outlook_alt(profile: Profile) -> str:
    p = profile
    source = pc_source(p)
    regions, states = _regional_rows(p)
    if not any(not fmt.is_missing(v) for _, v, _, _ in regions) and not any(
        not fmt.is_missing(a.change_percent) for a in states
    ):
        return f"Projected employment change of {who(p)}, {vintage_short(p)}: not published: {_regional_reason(p)}. {source}"
    text = (
        f"Projected employment change of {_regional_who(p)}, {vintage_short(p)}, by region: "
        + "; ".join(f"{alt} {missing if v is None else signed_pct(v)}" for _, v, alt, missing in regions)
        + "."
    )
    text += "".join(f" {note}" for note in _zero_base_notes(p))
    if states:
        text += (
            " In the states with most jobs in 2020: "
            + "; ".join(f"{a.area} {signed_pct(a.change_percent)}" for a in states)
            + "."
        )
    aggregate = _regional_aggregate(p)
    return f"{text} {aggregate + ' ' if aggregate else ''}{source}"


def regional_outlook_data(profile: Profile) -> pd.DataFrame:
    """Projected change (%) for the US and each Census region, then the 10 states with most 2020 jobs."""
    regions, states = _regional_rows(profile)
    records = [{"panel": "region", "area": alt, "change_percent": v} for _, v, alt, _ in regions]
    records += [{"panel": "state", "area": a.area, "change_percent": a.change_percent} for a in states]
    return frame(records, ["panel", "area", "change_percent"])
