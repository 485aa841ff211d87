"""Group overview charts (one SOC major group, from the profiles of all its occupations): employment and
median wage by occupation, median wage against projected growth, and the typical entry education mix.

Each chart counts a published unit once: an occupation OEWS (or EP) publishes only within an aggregate is
drawn as that aggregate, under the aggregate's own code (``GroupMember.own_oews`` / ``own_ep``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from .. import formatting as fmt
from ..group_data import EP_EDUCATION_ORDER, GroupData, GroupMember
from .labels import count_axis, percent_axis, usd_axis
from .layout import (
    PANEL_TITLE_Y,
    agg_renderer,
    finish,
    hide_y_grid,
    label_lines,
    new_figure,
    not_published_figure,
    row_height_in,
    set_rows,
    wrap_chars,
    ytick_labels,
)
from .sources import frame
from .style import BLUE, DARK_GREY, GREY, ORANGE, TEXT, VERMILLION, drawn_in_chart_style

if TYPE_CHECKING:
    import pandas as pd

TOP_ROWS = 20
SCATTER_LABELS = 8


def _who(g: GroupData) -> str:
    return f"{g.title} ({g.code})"


def _oews_source(g: GroupData) -> str:
    return f"Source: BLS Occupational Employment and Wage Statistics (OEWS), {g.oews_release}."


def _ep_source(g: GroupData) -> str:
    return f"Source: BLS Employment Projections, {g.ep_release}."


def _not_published_reason(g: GroupData, what: str) -> str:
    reasons = sorted({r for m in g.members if (r := m.oews_reason if what == "oews" else m.ep_reason)})
    return "; ".join(reasons) or fmt.NOT_PUBLISHED


# ---------------------------------------------------------------------------------------- employment and wage
def _employment_rows(g: GroupData, rows: int) -> list[GroupMember]:
    ranked = [m for m in g.members if m.own_oews and m.oews_employment is not None]
    ranked.sort(key=lambda m: (-(m.oews_employment or 0), m.soc_code))
    return ranked[:rows]


def employment_rows(g: GroupData, rows: int = TOP_ROWS) -> list[GroupMember]:
    """The occupations :func:`group_employment_wage_chart` draws with ``rows``."""
    return _employment_rows(g, rows)


def _oews_units(g: GroupData) -> list[GroupMember]:
    return [m for m in g.members if m.own_oews and m.oews_employment is not None]


def _wage_cell(m: GroupMember) -> tuple[float | None, str]:
    """The bar drawn for a member's median (its annual value, or None) and the text beside it."""
    if m.annual_median_wage_usd is not None:
        return m.annual_median_wage_usd, fmt.usd(m.annual_median_wage_usd)
    if m.hourly_only:
        return None, f"{m.median_display} (hourly only)"
    return None, m.median_display  # "≥ $239,200" (top-coded) or "not published"


@drawn_in_chart_style
def group_employment_wage_chart(group: GroupData, rows: int = TOP_ROWS) -> Figure:
    """The ``rows`` occupations of the group with the most jobs: employment and median annual wage."""
    g = group
    shown = _employment_rows(g, rows)
    title = f"Employment and median wage by occupation: {_who(g)}"
    if not shown:
        return not_published_figure(title, _oews_source(g), _not_published_reason(g, "oews"))
    labels = [wrap_chars(m.title, 34) for m in shown]
    row_in = row_height_in(label_lines(labels), 0.3)
    fig = new_figure(0.75 + row_in * max(len(shown), 2))
    ax_jobs, ax_wage = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.15, 1]})
    jobs = [float(m.oews_employment or 0) for m in shown]
    _bars(ax_jobs, jobs, [fmt.count(m.oews_employment) for m in shown], BLUE)
    ax_jobs.xaxis.set_major_formatter(count_axis())
    ax_jobs.set_title("Jobs", y=PANEL_TITLE_Y)
    cells = [_wage_cell(m) for m in shown]
    wages = [v or 0.0 for v, _ in cells]
    _bars(ax_wage, wages, [text for _, text in cells], ORANGE)
    ax_wage.xaxis.set_major_formatter(usd_axis(False))
    ax_wage.set_title("Median annual wage", y=PANEL_TITLE_Y)
    ytick_labels(ax_jobs, labels)
    set_rows(ax_jobs, len(shown))
    ax_wage.tick_params(axis="y", labelleft=False)
    units = _oews_units(g)
    notes = [
        f"The {len(shown)} of {len(units)} occupations with OEWS employment that have the most jobs; "
        "the table below lists every occupation of the group."
        if len(units) > len(shown)
        else f"All {len(units)} occupations of the group with OEWS employment."
    ]
    finish(fig, title, _oews_source(g), notes)
    return fig


def _bars(ax: Axes, values: list[float], texts: list[str], colour: str) -> None:
    """Horizontal bars (rows top to bottom), each with its value written after it (a missing one: text only)."""
    top = max(values) if any(values) else 1.0
    ax.set_xlim(0, top * 1.7)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))
    for i, (v, text) in enumerate(zip(values, texts, strict=True)):
        if v > 0:
            ax.barh(i, v, height=0.62, color=colour, zorder=2)
        ax.text(v + top * 0.02, i, text, va="center", ha="left", fontsize=9, color=TEXT)
    hide_y_grid(ax)


def group_employment_wage_alt(group: GroupData, rows: int = TOP_ROWS) -> str:
    g = group
    shown = _employment_rows(g, rows)
    if not shown:
        return f"Employment and median wage, {_who(g)}: not published: {_not_published_reason(g, 'oews')}. {_oews_source(g)}"
    parts = [f"{m.title} {fmt.count(m.oews_employment)} jobs, median {_wage_cell(m)[1]}" for m in shown]
    return f"The {len(shown)} occupations of {_who(g)} with the most jobs: " + "; ".join(parts) + f". {_oews_source(g)}"


def group_employment_wage_data(group: GroupData, rows: int = TOP_ROWS) -> pd.DataFrame:
    return frame(
        [
            {
                "soc_code": m.soc_code,
                "title": m.title,
                "employment": m.oews_employment,
                "annual_median_wage_usd": m.annual_median_wage_usd,
                "annual_median_wage_top_coded": m.annual_median_wage_top_coded,
                "hourly_median_wage_usd": m.hourly_median_wage_usd,
            }
            for m in _employment_rows(group, rows)
        ],
        [
            "soc_code",
            "title",
            "employment",
            "annual_median_wage_usd",
            "annual_median_wage_top_coded",
            "hourly_median_wage_usd",
        ],
    )


# ---------------------------------------------------------------------------------------- wage and growth
def _scatter_points(g: GroupData) -> list[GroupMember]:
    """Units with an annual median (OEWS) and a projected change (EP) of their own."""
    return [
        m
        for m in g.members
        if m.own_oews and m.own_ep and m.annual_median_wage_usd is not None and m.change_percent is not None
    ]


def _left_out(g: GroupData) -> list[str]:
    """Why some occupations are not points (named when few, counted when many)."""
    notes = []
    top = [m.title for m in g.members if m.own_oews and m.annual_median_wage_top_coded]
    if top:
        notes.append(
            f"Not plotted: {fmt.join_words(top)} (median ≥ {fmt.usd(fmt.OEWS_TOP_CODE_ANNUAL_USD)}, "
            "the OEWS top code: BLS publishes the bound, not the value)."
        )
    hourly = [m.title for m in g.members if m.own_oews and m.hourly_only]
    if hourly:
        notes.append(f"Not plotted: {fmt.join_words(hourly)} (OEWS publishes hourly wages only).")
    shared = sum(1 for m in g.members if not (m.own_oews and m.own_ep))
    if shared:
        notes.append(f"{fmt.plural(shared, 'occupation')} published only within an aggregate appear as that aggregate.")
    missing = sum(
        1
        for m in g.members
        if m.own_oews
        and m.own_ep
        and not m.annual_median_wage_top_coded
        and not m.hourly_only
        and (m.annual_median_wage_usd is None or m.change_percent is None)
    )
    if missing:
        notes.append(f"{fmt.plural(missing, 'occupation')} without a published median or projection not plotted.")
    return notes


def _label_members(points: list[GroupMember], n: int) -> list[GroupMember]:
    """Most jobs first, then the extremes of wage and growth (each once)."""
    by_jobs = sorted(points, key=lambda m: (-(m.oews_employment or 0), m.soc_code))
    chosen = by_jobs[: max(0, n - 4)]
    for pick in (
        max(points, key=lambda m: (m.annual_median_wage_usd or 0, m.soc_code)),
        min(points, key=lambda m: (m.annual_median_wage_usd or 0, m.soc_code)),
        max(points, key=lambda m: (m.change_percent or 0, m.soc_code)),
        min(points, key=lambda m: (m.change_percent or 0, m.soc_code)),
    ):
        if pick not in chosen:
            chosen.append(pick)
    return chosen[:n] if len(chosen) > n else chosen


@drawn_in_chart_style
def group_wage_growth_chart(group: GroupData, labels: int = SCATTER_LABELS) -> Figure:
    """Median annual wage (OEWS) against projected employment change (EP), one point per occupation; the
    largest and the extreme ones labelled where a label fits without covering another."""
    g = group
    points = _scatter_points(g)
    title = f"Median wage and projected growth by occupation: {_who(g)}"
    source = (
        f"Sources: median annual wage, BLS Occupational Employment and Wage Statistics (OEWS), {g.oews_release}; "
        f"projected change in employment, BLS Employment Projections, {g.ep_release}."
    )
    if not points:
        reason = _not_published_reason(g, "ep") if g.members else fmt.NOT_PUBLISHED
        return not_published_figure(title, source, reason)
    fig = new_figure(4.2)
    ax = fig.add_subplot()
    xs = [float(m.annual_median_wage_usd or 0) for m in points]
    ys = [float(m.change_percent or 0) for m in points]
    ax.scatter(xs, ys, s=22, color=BLUE, edgecolors="white", linewidths=0.5, zorder=3)
    if g.all_occupations_change_percent is not None:
        ax.axhline(g.all_occupations_change_percent, color=GREY, linestyle="--", linewidth=0.9, zorder=1)
    if g.all_occupations_annual_median_wage_usd is not None:
        ax.axvline(g.all_occupations_annual_median_wage_usd, color=GREY, linestyle=":", linewidth=0.9, zorder=1)
    ax.xaxis.set_major_formatter(usd_axis(False))
    ax.yaxis.set_major_formatter(percent_axis(signed=True))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel(f"Median annual wage (BLS OEWS, {g.oews_release})")
    ax.set_ylabel(f"Projected change, {g.ep_release} (BLS EP)")
    _pad_limits(ax, xs, ys)
    notes = _reference_notes(g) + _left_out(g)
    finish(fig, title, source, notes)
    _place_labels(fig, ax, points, _label_members(points, labels))
    return fig


def _pad_limits(ax: Axes, xs: list[float], ys: list[float]) -> None:
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    dx, dy = (x1 - x0) or abs(x1) or 1.0, (y1 - y0) or abs(y1) or 1.0
    ax.set_xlim(max(0.0, x0 - 0.08 * dx), x1 + 0.08 * dx)
    ax.set_ylim(y0 - 0.1 * dy, y1 + 0.1 * dy)


def _reference_notes(g: GroupData) -> list[str]:
    notes = []
    if g.all_occupations_change_percent is not None:
        notes.append(
            f"Dashed line: all occupations' projected change ({fmt.percent(g.all_occupations_change_percent, signed=True)}, EP)."
        )
    if g.all_occupations_annual_median_wage_usd is not None:
        notes.append(
            f"Dotted line: all occupations' median annual wage ({fmt.usd(g.all_occupations_annual_median_wage_usd)}, OEWS)."
        )
    return notes


# Label directions from the point (unit steps: right, left, up, down, then the diagonals) and the distances
# tried, in points; a label set off further than the first ring gets a leader line to its point.
_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
_RINGS = (6.0, 16.0, 28.0)


def _align(dx: int, dy: int) -> tuple[str, str]:
    return ({1: "left", -1: "right", 0: "center"}[dx], {1: "bottom", -1: "top", 0: "center"}[dy])


def _leader_crosses(own: tuple[float, float], box: Bbox, placed: list[Bbox]) -> bool:
    """The leader line from the point to the label's nearest corner region passes over a placed label."""
    tx = min(max(own[0], box.x0), box.x1)
    ty = min(max(own[1], box.y0), box.y1)
    samples = [(own[0] + (tx - own[0]) * k / 12, own[1] + (ty - own[1]) * k / 12) for k in range(1, 12)]
    return any(b.contains(x, y) for b in placed for x, y in samples)


def _place_labels(fig: Figure, ax: Axes, points: list[GroupMember], chosen: list[GroupMember]) -> None:
    """Each chosen point gets its title where the label stays inside the axes, covers no other label and
    as few points as possible (nearest first); with no such place the label is left out (the table names
    every occupation). Labels sit on a white backing, so a point under one never garbles it."""
    renderer = agg_renderer(fig)
    frame_box = ax.get_window_extent(renderer)
    to_px = ax.transData
    centres = [tuple(to_px.transform((m.annual_median_wage_usd or 0, m.change_percent or 0))) for m in points]
    placed: list[Bbox] = []
    for m in chosen:
        xy = (m.annual_median_wage_usd or 0, m.change_percent or 0)
        own = tuple(to_px.transform(xy))
        best: tuple[int, int, int, Bbox] | None = None
        for ring, radius in enumerate(_RINGS):
            for dx, dy in _DIRECTIONS:
                ha, va = _align(dx, dy)
                text = ax.annotate(
                    wrap_chars(m.title, 24),
                    xy,
                    xytext=(dx * radius, dy * radius),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=9,
                )
                box = text.get_window_extent(renderer).expanded(1.06, 1.12)
                text.remove()
                inside = (
                    frame_box.x0 <= box.x0
                    and box.x1 <= frame_box.x1
                    and frame_box.y0 <= box.y0
                    and box.y1 <= frame_box.y1
                )
                if not inside or any(box.overlaps(b) for b in placed) or box.contains(*own):
                    continue
                if ring and _leader_crosses(own, box, placed):
                    continue
                covered = sum(1 for c in centres if c != own and box.contains(*c))
                score = (covered, ring)
                if best is None or score < best[:2]:
                    best = (covered, ring, _DIRECTIONS.index((dx, dy)), box)
        if best is None:
            continue
        _, ring, direction, box = best
        dx, dy = _DIRECTIONS[direction]
        ha, va = _align(dx, dy)
        ax.annotate(
            wrap_chars(m.title, 24),
            xy,
            xytext=(dx * _RINGS[ring], dy * _RINGS[ring]),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=9,
            color=TEXT,
            zorder=5,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            arrowprops=None
            if ring == 0
            else {"arrowstyle": "-", "color": DARK_GREY, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 2},
        )
        placed.append(box)
        ax.scatter([xy[0]], [xy[1]], s=26, color=VERMILLION, edgecolors="white", linewidths=0.5, zorder=4)


def group_wage_growth_alt(group: GroupData, labels: int = SCATTER_LABELS) -> str:
    g = group
    points = _scatter_points(g)
    source = f"Sources: BLS OEWS, {g.oews_release} (median annual wage); BLS Employment Projections, {g.ep_release} (projected change)."
    if not points:
        return f"Median wage and projected growth, {_who(g)}: not published: {_not_published_reason(g, 'ep')}. {source}"
    parts = [
        f"{m.title} {fmt.usd(m.annual_median_wage_usd)}, {fmt.percent(m.change_percent, signed=True)}"
        for m in sorted(points, key=lambda m: (-(m.annual_median_wage_usd or 0), m.soc_code))
    ]
    return (
        f"Median annual wage against projected change in employment for {len(points)} occupations of {_who(g)}, "
        "highest paid first: " + "; ".join(parts) + ". " + " ".join(_left_out(g)) + f" {source}"
    )


def group_wage_growth_data(group: GroupData, labels: int = SCATTER_LABELS) -> pd.DataFrame:
    return frame(
        [
            {
                "soc_code": m.soc_code,
                "title": m.title,
                "annual_median_wage_usd": m.annual_median_wage_usd,
                "change_percent": m.change_percent,
                "employment": m.oews_employment,
            }
            for m in _scatter_points(group)
        ],
        ["soc_code", "title", "annual_median_wage_usd", "change_percent", "employment"],
    )


# ---------------------------------------------------------------------------------------- education
def _education_counts(g: GroupData) -> list[tuple[str, int]]:
    """(EP typical entry education, number of the group's EP occupations) in EP's order, zeros left out."""
    units = [m for m in g.members if m.own_ep and m.typical_entry_education]
    found = {m.typical_entry_education for m in units}
    order = [e for e in EP_EDUCATION_ORDER if e in found] + sorted(
        e for e in found if e is not None and e not in EP_EDUCATION_ORDER
    )
    return [(e, sum(1 for m in units if m.typical_entry_education == e)) for e in order]


@drawn_in_chart_style
def group_education_chart(group: GroupData) -> Figure:
    """How many of the group's occupations EP gives each typical entry education."""
    g = group
    counts = _education_counts(g)
    title = f"Typical education needed to enter: {_who(g)}"
    if not counts:
        return not_published_figure(title, _ep_source(g), _not_published_reason(g, "ep"))
    labels = [wrap_chars(e, 34) for e, _ in counts]
    fig = new_figure(0.7 + row_height_in(label_lines(labels), 0.32) * max(len(counts), 2))
    ax = fig.add_subplot()
    values = [n for _, n in counts]
    for i, n in enumerate(values):
        ax.barh(i, n, height=0.62, color=DARK_GREY if n == max(values) else BLUE, zorder=2)
        ax.text(n + max(values) * 0.015, i, fmt.plural(n, "occupation"), va="center", ha="left", fontsize=9)
    ax.set_xlim(0, max(values) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(count_axis())
    ax.set_xlabel("Occupations")
    ytick_labels(ax, labels)
    set_rows(ax, len(counts))
    hide_y_grid(ax)
    total = sum(values)
    notes = [f"{total} occupations with an EP projection of their own; EP's typical entry education category."]
    finish(fig, title, _ep_source(g), notes)
    return fig


def group_education_alt(group: GroupData) -> str:
    g = group
    counts = _education_counts(g)
    if not counts:
        return f"Typical entry education, {_who(g)}: not published: {_not_published_reason(g, 'ep')}. {_ep_source(g)}"
    parts = [f"{e}: {fmt.plural(n, 'occupation')}" for e, n in counts]
    return f"Typical education needed to enter the occupations of {_who(g)}: " + "; ".join(parts) + f". {_ep_source(g)}"


def group_education_data(group: GroupData) -> pd.DataFrame:
    return frame(
        [{"typical_entry_education": e, "occupations": n} for e, n in _education_counts(group)],
        ["typical_entry_education", "occupations"],
    )
