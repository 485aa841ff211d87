"""Where the jobs are: the state tile map (location quotient or employment) and state wages compared with
the national median."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MPath
from matplotlib.transforms import Affine2D

from .. import formatting as fmt
from ..errors import ChartOptionError
from ..profile import Profile, StateRow
from .labels import compact_count, percent_axis, signed_pct
from .layout import (
    finish,
    hide_y_grid,
    new_figure,
    not_published_figure,
    set_rows,
    ytick_labels,
)
from .sources import frame, oews_source, section_reason, who
from .style import (
    BLUE,
    CAPTION,
    EMPLOYMENT_COLOURS,
    LQ_BINS,
    NP_EDGE,
    NP_FACE,
    NP_HATCH,
    ORANGE,
    TEXT,
    VERMILLION,
    drawn_in_chart_style,
    text_colour_for,
)
from .tile_grid import STATE_POSTAL, TERRITORY_GRID, TILE_GRID
from .values import largest_first, published, published_values

if TYPE_CHECKING:
    import pandas as pd


def _lq_bin(value: float | None) -> int | None:
    if value is None or math.isnan(value):
        return None
    for k, (lo, hi, _, _) in enumerate(LQ_BINS):
        if lo <= value < hi:
            return k
    return len(LQ_BINS) - 1


def _nice(v: float) -> float:
    if v <= 0:
        return 0
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * mag:
            return step * mag
    return 10 * mag


def _employment_breaks(values: Sequence[float]) -> list[float]:
    """Four rounded class limits from the quantiles of the published values."""
    vals = sorted(values)
    if not vals:
        return []
    out: list[float] = []
    for q in (0.2, 0.4, 0.6, 0.8):
        x = vals[min(len(vals) - 1, int(q * len(vals)))]
        b = _nice(x)
        if b > 0 and (not out or b > out[-1]):
            out.append(b)
    return out


@dataclass(frozen=True)
class _Tile:
    code: str
    name: str
    value: float | None


def _state_tiles(p: Profile, by: str) -> list[_Tile]:
    rows = {STATE_POSTAL.get(s.state): s for s in p.states}
    tiles = []
    for name, code in STATE_POSTAL.items():
        row = rows.get(code)
        if code in TERRITORY_GRID and row is None:
            continue
        value = None if row is None else (row.location_quotient if by == "location_quotient" else row.employment)
        known = published(value)
        tiles.append(_Tile(code, name, None if known is None else float(known)))
    return tiles


def _map_basis(p: Profile, by: str) -> str:
    if by not in ("location_quotient", "employment"):
        raise ValueError(f"by must be 'location_quotient' or 'employment', not {by!r}")
    if by == "location_quotient" and not any(not fmt.is_missing(s.location_quotient) for s in p.states):
        return "employment"
    return by


def _states_reason(p: Profile) -> str:
    return section_reason(p, "states", "OEWS publishes no state estimates for this occupation")


@dataclass(frozen=True)
class _MapClasses:
    """How tiles are coloured: one (colour, label) per class, a value's class, a value's tile text."""

    title: str
    classes: list[tuple[str, str]]
    klass: Callable[[float], int | None]
    tile_value: Callable[[float], str]


def _lq_classes() -> _MapClasses:
    return _MapClasses(
        "Location quotient (1.00 = national average)",
        [(colour, label) for _, _, colour, label in LQ_BINS],
        _lq_bin,
        lambda v: f"{v:.2f}",
    )


def _employment_classes(tiles: Sequence[_Tile]) -> _MapClasses:
    breaks = _employment_breaks([t.value for t in tiles if t.value is not None])
    edges = [0.0, *breaks, math.inf]
    colours = EMPLOYMENT_COLOURS[-(len(edges) - 1) :] if len(edges) - 1 < 5 else EMPLOYMENT_COLOURS
    classes = []
    for k in range(len(edges) - 1):
        lo, hi = edges[k], edges[k + 1]
        label = (
            f"below {lo and fmt.count(lo) or fmt.count(hi)}"
            if k == 0
            else (f"{fmt.count(lo)} and more" if hi == math.inf else f"{fmt.count(lo)}–{fmt.count(hi - 1)}")
        )
        classes.append((colours[k], label))

    def klass(v: float | None) -> int | None:
        if v is None:
            return None
        return next(k for k in range(len(edges) - 1) if edges[k] <= v < edges[k + 1])

    return _MapClasses("Employment (jobs)", classes, klass, compact_count)


@drawn_in_chart_style
def state_tile_map_chart(profile: Profile, by: str = "location_quotient") -> Figure:
    """A tile-grid map of the states coloured by location quotient (default) or by employment."""
    p = profile
    by = _map_basis(p, by)
    source = oews_source(p)
    what = "location quotient" if by == "location_quotient" else "employment"
    title = f"Where the jobs are, by state ({what}): {who(p)}"
    tiles = _state_tiles(p, by)
    if not any(t.value is not None for t in tiles):
        return not_published_figure(title, source, _states_reason(p))
    classes = _lq_classes() if by == "location_quotient" else _employment_classes(tiles)

    fig = new_figure(4.3)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_xlim(-0.05, 12.05)
    ax.set_ylim(-8.05, 0.05)
    n_missing = _draw_tiles(ax, tiles, classes)
    if any(t.code in TERRITORY_GRID for t in tiles):
        ax.text(11.5, -4.98, "Territories", ha="center", va="bottom", fontsize=9, color=CAPTION)
    handles = [Patch(facecolor=c, edgecolor="#9a9a9a", label=label) for c, label in classes.classes]
    handles.append(Patch(facecolor=NP_FACE, edgecolor=NP_EDGE, hatch=NP_HATCH, label="n/p (not published)"))
    ax.legend(
        handles=handles,
        title=classes.title,
        loc="upper center",
        bbox_to_anchor=(5.5 / 12.1, 1.0),
        ncol=3,
        frameon=False,
        handlelength=1.6,
        handleheight=1.2,
        columnspacing=1.2,
        alignment="left",
    )
    notes = []
    if by == "location_quotient":
        notes.append(
            "Location quotient: the occupation's share of a state's jobs divided by its share of all "
            "US jobs; above 1 means more concentrated than nationally."
        )
    if n_missing:
        notes.append(
            f"n/p: no estimate published for {n_missing} "
            f"{'state or territory' if n_missing == 1 else 'states or territories'}."
        )
    finish(fig, title, source, notes)
    return fig


def _draw_tiles(ax: Axes, tiles: Sequence[_Tile], classes: _MapClasses) -> int:
    """One square per state (hatched n/p when not published), its postal code and value. Returns the
    number of tiles not published.

    The squares are added with ``add_artist``: ``add_patch`` would also grow the axes' data limits by
    each square's corners (~1 ms a square, a tenth of the map's drawing), which nothing reads here, as
    the map's limits are set before (same SVG, byte for byte). The squares and labels are also left out
    of constrained layout: they lie inside the axes, so their ~100 extents never move it, and measuring
    them was a third of the map's layout (all 879 maps byte for byte the same without them).

    The hatched n/p squares are one compound path, drawn once after the others: Chromium prints an SVG
    pattern fill as an image per element it fills (~330 KB raw each, rasterized and compressed for every
    print), so one element for all of them instead of one per square. It looks the same: the squares do
    not overlap, and an SVG hatch is anchored to the figure, not to the square it fills."""
    size = 0.94
    n_missing = 0
    hatched: list[tuple[float, float]] = []  # lower-left corners of the n/p squares
    for t in tiles:
        row, col = TERRITORY_GRID.get(t.code) or TILE_GRID[t.code]
        x, y = col + (1 - size) / 2, -row - 1 + (1 - size) / 2
        k = None if t.value is None else classes.klass(t.value)
        if t.value is None or k is None:
            n_missing += 1
            hatched.append((x, y))
            face, value_text = NP_FACE, "n/p"
            bbox = {"boxstyle": "square,pad=0.08", "facecolor": NP_FACE, "edgecolor": "none"}
        else:
            face, value_text = classes.classes[k][0], classes.tile_value(t.value)
            bbox = None
            ax.add_artist(Rectangle((x, y), size, size, facecolor=face, edgecolor="#9a9a9a", lw=0.6, in_layout=False))
        label: dict[str, Any] = {
            "ha": "center",
            "va": "center",
            "fontsize": 9,
            "color": text_colour_for(face),
            "bbox": bbox,
        }
        ax.text(col + 0.5, -row - 0.36, t.code, fontweight="bold", in_layout=False, **label)
        ax.text(col + 0.5, -row - 0.7, value_text, in_layout=False, **label)
    if hatched:
        squares = MPath.make_compound_path(
            *(MPath.unit_rectangle().transformed(_square(x, y, size)) for x, y in hatched)
        )
        ax.add_artist(
            PathPatch(squares, facecolor=NP_FACE, edgecolor=NP_EDGE, hatch=NP_HATCH, lw=0.6, in_layout=False, zorder=1)
        )
    return n_missing


def _square(x: float, y: float, size: float) -> Affine2D:
    """The unit square to the square of side ``size`` at (x, y), as a ``Rectangle`` places its path."""
    return Affine2D().scale(size).translate(x, y)


def state_tile_map_alt(profile: Profile, by: str = "location_quotient") -> str:
    p = profile
    by = _map_basis(p, by)
    source = oews_source(p)
    tiles = _state_tiles(p, by)
    what = "location quotient" if by == "location_quotient" else "employment"
    if not any(t.value is not None for t in tiles):
        return f"Map of {who(p)} by state: not published: {_states_reason(p)}. {source}"
    shown = largest_first(tiles, lambda t: t.value)
    f = (lambda v: f"{v:.2f}") if by == "location_quotient" else fmt.count
    values = "; ".join(f"{t.name} {f(t.value)}" for t in shown)
    missing = [t.name for t in tiles if t.value is None]
    text = f"Map of the states coloured by {what} of {who(p)}, highest first: {values}."
    if by == "location_quotient":
        text += " A location quotient above 1 means the occupation is more concentrated there than nationally."
    if missing:
        text += f" Not published for {len(missing)}: {fmt.join_words(missing)}."
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# 6. state wages vs the national median
# ------------------------------------------------------------------------------------------------


def _state_wage_rows(p: Profile, n: int = 10, states: Sequence[str] | None = None) -> list[StateRow]:
    """The ``n`` states with most jobs; or the ``states`` named (names or postal codes), most jobs first."""
    ranked = largest_first(p.states, lambda s: s.employment, lambda s: s.state)
    if states is None:
        return ranked[:n]
    wanted = named_states(p, states)
    return [s for s in ranked if s.state in wanted] + [s for s in p.states if s.state in wanted and s not in ranked]


def named_states(p: Profile, names: Sequence[str]) -> set[str]:
    """The profile's state names for ``names`` (names or postal codes, any case); an unknown one raises."""
    by_key = {k.casefold(): s.state for s in p.states for k in (s.state, STATE_POSTAL.get(s.state, s.state))}
    unknown = [n for n in names if n.casefold() not in by_key]
    if unknown:
        raise ChartOptionError(
            f"no OEWS state estimate for {', '.join(map(repr, unknown))} in this profile; states: "
            + ", ".join(s.state for s in p.states)
        )
    return {by_key[n.casefold()] for n in names}


def _state_wage_which(n: int, states: Sequence[str] | None) -> str:
    return "selected states" if states is not None else f"the {n} states with most jobs"


def _state_wage_reason(p: Profile, rows: Sequence[StateRow]) -> str:
    if not p.states:
        return _states_reason(p)
    if not rows:
        return "no state employment estimates are published, so the states cannot be ranked"
    hourly = p.oews.hourly_only
    reasons = [r for r in (_median_note(s, hourly) for s in rows) if r]
    form = "hourly" if hourly else "annual"
    if reasons:
        common = max(sorted(set(reasons)), key=reasons.count)
        return f"state {form} median wages: {common}"
    national = (p.oews.hourly_wage_usd if hourly else p.oews.annual_wage_usd).get("median")
    if fmt.is_missing(national):
        return f"the national {form} median wage is not published, so states cannot be compared with it"
    return f"state {form} median wages are not published"


def _median_note(s: StateRow, hourly: bool) -> str | None:
    """Why the shown median is missing: the annual note, except "only hourly wages" (footnote 4) when the
    chart shows hourly medians (it explains the annual figure, not the hourly one)."""
    if hourly and s.annual_median_wage_note and "footnote 4" in s.annual_median_wage_note:
        return None
    return s.annual_median_wage_note


def _state_median(s: StateRow, hourly: bool) -> tuple[float | None, bool]:
    if hourly:
        return s.hourly_median_wage_usd, s.hourly_median_wage_top_coded
    return s.annual_median_wage_usd, s.annual_median_wage_top_coded


def _state_wage_has_data(rows: Sequence[StateRow], hourly: bool = False) -> bool:
    return any(not fmt.is_missing(s.wage_vs_national_percent) or _state_median(s, hourly)[1] for s in rows)


def _state_wage_notes(
    p: Profile, picked: Sequence[StateRow], top_coded: list[str], not_pub: list[str], hourly: bool
) -> list[str]:
    """The state wage chart's notes: top-coded and unpublished medians (with OEWS's reasons), unranked states."""
    notes: list[str] = []
    if top_coded:
        notes.append(f"{fmt.join_words(top_coded)}: median at or above the OEWS top code; no exact value, so no bar.")
    if not_pub:
        reasons = sorted({r for s in picked if s.state in not_pub and (r := _median_note(s, hourly))})
        notes.append(
            f"Median not published for {fmt.join_words(not_pub)}" + (f": {'; '.join(reasons)}." if reasons else ".")
        )
    if hourly:
        notes.append(fmt.HOURLY_ONLY_NOTE + ".")
    unranked = [s.state for s in p.states if fmt.is_missing(s.employment)]
    if unranked:
        listed = fmt.join_words(unranked) if len(unranked) <= 4 else f"{len(unranked)} states or territories"
        notes.append(f"States ranked by OEWS employment; not ranked (employment not published): {listed}.")
    return notes


@drawn_in_chart_style
def state_wage_chart(
    profile: Profile, rows: int = 10, states: Sequence[str] | None = None, highlight: Sequence[str] = ()
) -> Figure:
    """The ``rows`` states with most jobs (or the ``states`` named): median as % above or below the national
    median (annual, or hourly for an occupation OEWS publishes only hourly); ``highlight``: states whose label
    is bold."""
    p, n = profile, rows
    picked = _state_wage_rows(p, n, states)
    hourly = p.oews.hourly_only
    national = (p.oews.hourly_wage_usd if hourly else p.oews.annual_wage_usd).get("median")
    title = f"Median {'hourly' if hourly else 'annual'} wage in {_state_wage_which(n, states)} vs the US: {who(p)}"
    source = oews_source(p)
    if not _state_wage_has_data(picked, hourly):
        return not_published_figure(title, source, _state_wage_reason(p, picked))

    fig = new_figure(0.75 + 0.32 * max(len(picked), 2))
    ax = fig.add_subplot()
    diffs = published_values(s.wage_vs_national_percent for s in picked)
    lo, hi = min(diffs + [0.0]), max(diffs + [0.0])
    span = max(hi - lo, 10.0)
    ax.set_xlim(lo - span * 0.06, hi + span * 0.06)
    ax.axvline(0, color=TEXT, lw=1, zorder=3)
    labels, right = [], []
    top_coded, not_pub = [], []
    for i, s in enumerate(picked):
        labels.append(s.state)
        d = published(s.wage_vs_national_percent)
        value, is_top = _state_median(s, hourly)
        if d is not None and not fmt.is_missing(value):
            if d != 0:
                ax.barh(i, d, height=0.62, color=BLUE if d > 0 else ORANGE, zorder=2)
            right.append((f"{s.median_wage_display(hourly)}  ({signed_pct(d)})", TEXT, "normal"))
        elif is_top:
            right.append((f"{s.median_wage_display(hourly)} (top-coded)", VERMILLION, "italic"))
            top_coded.append(s.state)
        else:
            right.append(("not published", CAPTION, "italic"))
            not_pub.append(s.state)
    bold = named_states(p, highlight) if highlight else set()
    ytick_labels(ax, labels, [s.state in bold for s in picked])
    set_rows(ax, len(ax.get_yticks()))
    hide_y_grid(ax)
    ax.xaxis.set_major_formatter(percent_axis(signed=True))
    ax.set_xlabel(f"Difference from the national median ({fmt.usd(national, hourly=hourly)})")
    ax.text(
        1.03,
        1.0,
        "State median, per hour" if hourly else "State median",
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=9,
        fontweight="bold",
    )
    for i, (text, colour, style) in enumerate(right):
        ax.text(
            1.03,
            i,
            text,
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=9,
            color=colour,
            style=style,
        )
    finish(fig, title, source, _state_wage_notes(p, picked, top_coded, not_pub, hourly))
    return fig


def state_wage_alt(
    profile: Profile, rows: int = 10, states: Sequence[str] | None = None, highlight: Sequence[str] = ()
) -> str:
    p, n = profile, rows
    picked = _state_wage_rows(p, n, states)
    source = oews_source(p)
    hourly = p.oews.hourly_only
    if not _state_wage_has_data(picked, hourly):
        return f"State wages of {who(p)}: not published: {_state_wage_reason(p, picked)}. {source}"
    national = (p.oews.hourly_wage_usd if hourly else p.oews.annual_wage_usd).get("median")
    parts = []
    for s in picked:
        d = s.wage_vs_national_percent
        value, is_top = _state_median(s, hourly)
        if not fmt.is_missing(d) and not fmt.is_missing(value):
            parts.append(f"{s.state} {s.median_wage_display(hourly)} ({signed_pct(d)})")
        elif is_top:
            parts.append(f"{s.state} {s.median_wage_display(hourly)} (top-coded)")
        else:
            parts.append(f"{s.state} not published")
    return (
        f"Median {'hourly' if hourly else 'annual'} wage of {who(p)} in {_state_wage_which(n, states)}, compared "
        f"with the national median of {fmt.usd(national, hourly=hourly)}: " + "; ".join(parts) + f". {source}"
    )


def state_tile_map_data(profile: Profile, by: str = "location_quotient") -> pd.DataFrame:
    """One row per tile (states, DC, and territories with a row): its place on the grid, location
    quotient and employment (empty when not published); both columns whichever ``by`` colours the map."""
    lq = {t.code: t.value for t in _state_tiles(profile, "location_quotient")}
    return frame(
        [
            {
                "state": t.name,
                "postal_code": t.code,
                "grid_row": (TERRITORY_GRID.get(t.code) or TILE_GRID[t.code])[0],
                "grid_column": (TERRITORY_GRID.get(t.code) or TILE_GRID[t.code])[1],
                "location_quotient": lq.get(t.code),
                "employment": t.value,
            }
            for t in _state_tiles(profile, "employment")
        ],
        ["state", "postal_code", "grid_row", "grid_column", "location_quotient", "employment"],
    )


def state_wage_records(
    profile: Profile, rows: int = 10, states: Sequence[str] | None = None, highlight: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """:func:`state_wage_data`'s rows as dicts, without pandas (the chapter reads which states the chart draws)."""
    return [
        {
            "state": s.state,
            "employment": s.employment,
            "annual_median_wage_usd": s.annual_median_wage_usd,
            "annual_median_wage_display": s.annual_median_wage_display,
            "wage_vs_national_percent": s.wage_vs_national_percent,
            "top_coded": s.annual_median_wage_top_coded,
            "hourly_median_wage_usd": s.hourly_median_wage_usd,
        }
        for s in _state_wage_rows(profile, rows, states)
    ]


def state_wage_data(
    profile: Profile, rows: int = 10, states: Sequence[str] | None = None, highlight: Sequence[str] = ()
) -> pd.DataFrame:
    """The ``rows`` states with most jobs (or the ``states`` named): annual median and its difference from the
    national median."""
    return frame(
        state_wage_records(profile, rows, states, highlight),
        [
            "state",
            "employment",
            "annual_median_wage_usd",
            "annual_median_wage_display",
            "wage_vs_national_percent",
            "top_coded",
            "hourly_median_wage_usd",
        ],
    )
