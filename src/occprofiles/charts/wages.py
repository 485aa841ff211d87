"""Pay charts: the wage distribution (percentiles, mean, top-coded bounds) and the median compared with
all occupations, the major group and related occupations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import formatting as fmt
from ..profile import Profile
from .labels import usd_axis
from .layout import (
    agg_renderer,
    finish,
    hide_y_grid,
    label_lines,
    new_figure,
    not_published_figure,
    row_height_in,
    set_rows,
    spread,
    wrap_chars,
    ytick_labels,
)
from .sources import frame, oews_source, section_reason, who
from .style import (
    BLUE,
    DARK_GREY,
    FIGURE_WIDTH_IN,
    GREY,
    LIGHT_BLUE,
    TEXT,
    VERMILLION,
    drawn_in_chart_style,
)
from .values import published

if TYPE_CHECKING:
    import pandas as pd


_PERCENTILES = (("p10", "10th"), ("p25", "25th"), ("median", "Median"), ("p75", "75th"), ("p90", "90th"))
_PCT_WORDS = {
    "p10": "10th percentile",
    "p25": "25th percentile",
    "median": "median",
    "p75": "75th percentile",
    "p90": "90th percentile",
    "mean": "mean",
}


@dataclass(frozen=True)
class _WagePoint:
    key: str
    label: str
    value: float | None
    display: str
    bound: float | None
    reason: str | None


@dataclass(frozen=True)
class _WageData:
    basis: str | None  # "annual", "hourly" or None (nothing published)
    points: tuple[_WagePoint, ...]  # the five percentiles, low to high
    mean: _WagePoint | None
    notes: tuple[str, ...]


class _Drawn(NamedTuple):
    """A wage point and the x it is drawn at: its value, or its top-code bound."""

    point: _WagePoint
    x: float


def _wage_point(p: Profile, basis: str, key: str, label: str) -> _WagePoint:
    values = p.oews.annual_wage_usd if basis == "annual" else p.oews.hourly_wage_usd
    value = values.get(key)
    display = p.oews.wage_display.get(f"{basis}_{key}", fmt.NOT_PUBLISHED)
    reason = None
    for note in p.oews.wage_notes:
        if note.field == f"{basis}_wage_usd.{key}":
            reason = note.reason
            display = note.display or display
    top_coded = (p.oews.annual_wage_top_coded if basis == "annual" else p.oews.hourly_wage_top_coded).get(key, False)
    bound = fmt.oews_top_code_usd(hourly=basis == "hourly") if fmt.is_missing(value) and top_coded else None
    if fmt.is_missing(value):
        value = None
    elif display == fmt.NOT_PUBLISHED:
        display = fmt.usd(value, hourly=basis == "hourly")
    return _WagePoint(key, label, value, display, bound, reason)


def _has_any(p: Profile, basis: str) -> bool:
    values = p.oews.annual_wage_usd if basis == "annual" else p.oews.hourly_wage_usd
    if any(not fmt.is_missing(v) for v in values.values()):
        return True
    return any((p.oews.annual_wage_top_coded if basis == "annual" else p.oews.hourly_wage_top_coded).values())


def _wage_data(p: Profile) -> _WageData:
    basis = "annual" if _has_any(p, "annual") else "hourly" if _has_any(p, "hourly") else None
    if basis is None:
        return _WageData(None, (), None, ())
    points = tuple(_wage_point(p, basis, k, lab) for k, lab in _PERCENTILES)
    mean = _wage_point(p, basis, "mean", "Mean")
    notes: list[str] = []
    if basis == "hourly":
        reasons = {n.reason for n in p.oews.wage_notes if n.field.startswith("annual_wage_usd.")}
        why = "; ".join(sorted(reasons)) if reasons else fmt.NOT_PUBLISHED
        notes.append(f"Annual wages are not published: {why}. Hourly wages are shown.")
    for pt in (*points, mean):
        if pt.value is None:
            words = _PCT_WORDS[pt.key].capitalize()
            if pt.bound is not None:
                notes.append(f"{words}: {pt.display}" + (f", {pt.reason}." if pt.reason else "."))
            else:
                notes.append(f"{words} not published" + (f": {pt.reason}." if pt.reason else "."))
    if not fmt.is_missing(p.oews.wage_rse_percent):
        notes.append(f"{fmt.WAGE_RSE_LABEL}: {p.oews.wage_rse_percent:.1f}%.")
    return _WageData(basis, points, mean, tuple(notes))


def _wage_title(p: Profile, data: _WageData) -> str:
    kind = "Hourly" if data.basis == "hourly" else "Annual"
    return f"{kind} wage distribution: {who(p)}"


_BOX_Y, _BOX_HALF = 0.36, 0.09  # box centre and half height (axes fraction)


@drawn_in_chart_style
def wage_distribution_chart(profile: Profile) -> Figure:
    """10th–90th percentile wages as a box (25th–75th) with whiskers, the median and the mean."""
    p = profile
    data = _wage_data(p)
    source = oews_source(p)
    if data.basis is None:
        reason = p.oews.reason or section_reason(p, "wages", "OEWS publishes no wage estimates for this code")
        return not_published_figure(f"Wage distribution: {who(p)}", source, reason)

    published = [_Drawn(pt, pt.value) for pt in data.points if pt.value is not None]
    bounded = [_Drawn(pt, pt.bound) for pt in data.points if pt.value is None and pt.bound is not None]
    mean = _Drawn(data.mean, data.mean.value) if data.mean is not None and data.mean.value is not None else None
    top = max([d.x for d in published] + [d.x for d in bounded] + ([mean.x] if mean is not None else []))
    xmax = top * (1.16 if bounded else 1.06)

    fig = new_figure(1.85)
    ax = fig.add_subplot()
    _wage_axis(ax, data.basis == "hourly", xmax)
    _draw_box(ax, data, published, mean)
    label_items = _draw_top_code(ax, published, bounded, xmax)
    for d in published:
        label_items.append(
            (d.x, f"{d.point.label}\n{d.point.display}", VERMILLION if d.point.key == "median" else TEXT)
        )
    label_items.sort(key=lambda t: t[0])
    finish(fig, _wage_title(p, data), source, data.notes)  # lays the figure out: axes width is final
    _place_value_labels(fig, ax, label_items, xmax, mean)
    return fig


def _wage_axis(ax: Axes, hourly: bool, xmax: float) -> None:
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    hide_y_grid(ax)
    ax.xaxis.set_major_formatter(usd_axis(hourly))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("Hourly wage (US dollars per hour)" if hourly else "Annual wage (US dollars)")


def _draw_box(ax: Axes, data: _WageData, published: list[_Drawn], mean: _Drawn | None) -> None:
    """Whiskers, box, median: each only where both ends are published; percentile ticks; the mean."""
    yc, half = _BOX_Y, _BOX_HALF
    values = {pt.key: pt.value for pt in data.points}

    for a, b in (("p10", "p25"), ("p75", "p90")):
        lo, hi = values[a], values[b]
        if lo is not None and hi is not None:
            ax.plot([lo, hi], [yc, yc], color=DARK_GREY, lw=1.5, solid_capstyle="butt", zorder=2)
    p25, p75 = values["p25"], values["p75"]
    if p25 is not None and p75 is not None and p75 > p25:
        ax.add_patch(
            Rectangle(
                (p25, yc - half),
                p75 - p25,
                2 * half,
                facecolor=LIGHT_BLUE,
                edgecolor=BLUE,
                lw=1.2,
                zorder=3,
            )
        )
    for d in published:
        if d.point.key == "median":
            continue
        ax.plot(
            [d.x, d.x],
            [yc - half * 0.7, yc + half * 0.7],
            color=DARK_GREY if d.point.key in ("p10", "p90") else BLUE,
            lw=1.5,
            solid_capstyle="butt",
            zorder=4,
        )
    median = values["median"]
    if median is not None:
        ax.plot(
            [median] * 2,
            [yc - half * 1.15, yc + half * 1.15],
            color=VERMILLION,
            lw=3,
            solid_capstyle="butt",
            zorder=5,
        )
    if mean is not None:
        ax.plot(
            [mean.x],
            [yc],
            marker="D",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=TEXT,
            markeredgewidth=1.3,
            linestyle="none",
            zorder=6,
        )


def _draw_top_code(
    ax: Axes, published: list[_Drawn], bounded: list[_Drawn], xmax: float
) -> list[tuple[float, str, str]]:
    """Top-coded percentiles: a dashed lead to the bound and an open arrow. Returns the bound's label
    as ``[(x, text, colour)]`` (empty when nothing is top-coded): the bound is written out."""
    yc = _BOX_Y
    if not bounded:
        return []
    bound = min(d.x for d in bounded)
    below = [d.x for d in published if d.x <= bound]
    if below:
        ax.plot([max(below), bound], [yc, yc], color=DARK_GREY, lw=1.2, ls=(0, (3, 2)), zorder=2)
    ax.annotate(
        "",
        xy=(xmax * 0.995, yc),
        xytext=(bound, yc),
        arrowprops={"arrowstyle": "->", "color": DARK_GREY, "lw": 1.2, "ls": (0, (3, 2))},
        zorder=2,
    )
    names = fmt.join_words([d.point.label for d in bounded])
    return [(bound, f"{names}\n{bounded[0].point.display}", TEXT)]


def _place_value_labels(
    fig: Figure, ax: Axes, label_items: list[tuple[float, str, str]], xmax: float, mean: _Drawn | None
) -> None:
    """The percentile labels above the box without overlaps, the mean's below (needs the final layout)."""
    yc, half = _BOX_Y, _BOX_HALF
    renderer = agg_renderer(fig)
    ax_w_in = ax.get_position().width * FIGURE_WIDTH_IN
    y_lab = yc + half * 1.15 + 0.16
    texts = [
        ax.text(
            x,
            y_lab,
            s,
            ha="center",
            va="bottom",
            fontsize=9,
            color=c,
            linespacing=1.15,
            fontweight="bold" if c == VERMILLION else "normal",
            zorder=7,
        )
        for x, s, c in label_items
    ]
    widths = [t.get_window_extent(renderer).width / fig.dpi / ax_w_in for t in texts]
    targets = [x / xmax for x, _, _ in label_items]
    centres = spread(targets, widths, 0.0, 1.0, gap=0.1 / ax_w_in)
    for t, target, centre in zip(texts, targets, centres, strict=True):
        t.set_x(centre * xmax)
        if abs(centre - target) * ax_w_in > 0.04:
            ax.plot([target * xmax, centre * xmax], [yc + half * 1.2, y_lab - 0.02], color=GREY, lw=0.8, zorder=1)
    if mean is not None:
        mt = ax.text(
            mean.x,
            yc - half - 0.07,
            f"Mean {mean.point.display}",
            ha="center",
            va="top",
            fontsize=9,
            color=TEXT,
            zorder=7,
        )
        w = mt.get_window_extent(renderer).width / fig.dpi / ax_w_in
        (c,) = spread([mean.x / xmax], [w], 0.0, 1.0, 0.0)
        mt.set_x(c * xmax)


def wage_distribution_alt(profile: Profile) -> str:
    p = profile
    data = _wage_data(p)
    if data.basis is None:
        reason = p.oews.reason or section_reason(p, "wages", "OEWS publishes no wage estimates for this code")
        return f"Wage distribution of {who(p)}: not published: {reason}. {oews_source(p)}"
    parts = []
    for pt in (*data.points, data.mean):
        if pt is None:
            continue
        if pt.value is not None:
            parts.append(f"{_PCT_WORDS[pt.key]} {pt.display}")
        elif pt.bound is not None:
            parts.append(f"{_PCT_WORDS[pt.key]} {pt.display} (top-coded)")
        else:
            parts.append(f"{_PCT_WORDS[pt.key]} not published")
    notes = " ".join(data.notes)
    kind = "Hourly" if data.basis == "hourly" else "Annual"
    return f"{kind} wages of {who(p)}: " + "; ".join(parts) + f". {notes} {oews_source(p)}".replace("  ", " ")


# ------------------------------------------------------------------------------------------------
# 2. median compared with all occupations, the major group and related occupations
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float | None
    kind: str  # "self", "benchmark", "related"
    display: str


def _comparison_rows(p: Profile, related: int = 5) -> tuple[list[_Bar], list[str], str | None]:
    """(rows with a value or bound, names not published, self display when only a bound is known)."""
    c = p.comparisons
    self_value = c.annual_median_wage_usd
    self_display = p.oews.wage_display.get("annual_median", fmt.NOT_PUBLISHED)
    ranked: list[tuple[float, _Bar]] = []  # (value, row): the rows with a published value
    missing: list[str] = []
    known = published(self_value)
    if known is not None:
        ranked.append((known, _Bar(p.title, known, "self", fmt.usd(known))))
    candidates = [
        _Bar("All occupations", c.all_occupations_annual_median_wage_usd, "benchmark", ""),
        _Bar(
            f"Major group: {c.major_group_title or c.major_group_code}",
            c.major_group_annual_median_wage_usd,
            "benchmark",
            "",
        ),
    ] + [_Bar(f"{r.title}", r.annual_median_wage_usd, "related", "") for r in c.related[:related]]
    bounds = [  # top-coded related medians: the bound, no bar (at or above the top code: listed first)
        _Bar(r.title, None, "related", r.annual_median_wage_display)
        for r in c.related[:related]
        if r.annual_median_wage_top_coded and published(r.annual_median_wage_usd) is None
    ]
    for bar in candidates:
        value = published(bar.value)
        if value is None and any(b.label == bar.label for b in bounds):
            continue
        if value is None:
            missing.append(bar.label)
        else:
            ranked.append((value, _Bar(bar.label, value, bar.kind, fmt.usd(value))))
    ranked.sort(key=lambda pair: -pair[0])  # highest first; equal values keep their order
    rows = bounds + [bar for _, bar in ranked]
    top_coded = fmt.is_missing(self_value) and p.oews.annual_wage_top_coded.get("median", False)
    return rows, missing, (self_display if top_coded else None)


def _comparison_reason(p: Profile) -> str:
    reasons = {n.reason for n in p.oews.wage_notes if n.field == "annual_wage_usd.median"}
    if reasons:
        return "the annual median wage of this occupation: " + "; ".join(sorted(reasons))
    return p.oews.reason or section_reason(p, "wages", "OEWS publishes no annual median wage for this occupation")


@drawn_in_chart_style
def median_comparison_chart(profile: Profile, related: int = 5) -> Figure:
    """Annual median vs all occupations, the major group and up to ``related`` related occupations."""
    p = profile
    rows, missing, self_bound = _comparison_rows(p, related)
    title = f"Median annual wage compared: {who(p)}"
    source = oews_source(p, p.comparisons.release)
    has_self = any(r.kind == "self" for r in rows) or self_bound is not None
    bound_rows = any(r.value is None for r in rows)
    if not has_self:
        return not_published_figure(title, source, _comparison_reason(p))

    bars = list(rows)
    if self_bound is not None:  # bound row goes first (it is at least the bound, probably the highest)
        bars.insert(0, _Bar(p.title, None, "self", self_bound))
    n = len(bars)
    labels = [wrap_chars(b.label, 34) for b in bars]
    fig = new_figure(0.55 + row_height_in(label_lines(labels), 0.42) * n)
    ax = fig.add_subplot()
    colours = {"self": VERMILLION, "benchmark": DARK_GREY, "related": LIGHT_BLUE}
    top = max(
        [b.value for b in bars if b.value is not None]
        + [fmt.oews_top_code_usd(hourly=False) if self_bound is not None or bound_rows else 0]
    )
    ax.set_xlim(0, top * 1.25)
    for i, b in enumerate(bars):
        if b.value is not None:
            ax.barh(i, b.value, height=0.62, color=colours[b.kind], zorder=2)
            ax.text(
                b.value + top * 0.012,
                i,
                b.display,
                va="center",
                ha="left",
                fontsize=9,
                fontweight="bold" if b.kind == "self" else "normal",
            )
        else:  # top-coded: the bound in words, no bar
            ax.text(
                top * 0.012,
                i,
                f"{b.display} (at or above the OEWS top code; no exact value)",
                va="center",
                ha="left",
                fontsize=9,
                fontweight="bold" if b.kind == "self" else "normal",
                color=VERMILLION,
            )
    ytick_labels(ax, labels, [b.kind == "self" for b in bars])
    set_rows(ax, len(ax.get_yticks()))
    hide_y_grid(ax)
    ax.xaxis.set_major_formatter(usd_axis(False))
    ax.set_xlabel("Median annual wage (US dollars)")
    notes = ["Highlighted (bold): this occupation."]
    if missing:
        notes.append(f"Not published: {fmt.join_words(missing)}.")
    finish(fig, title, source, notes)
    return fig


def median_comparison_alt(profile: Profile, related: int = 5) -> str:
    p = profile
    rows, missing, self_bound = _comparison_rows(p, related)
    source = oews_source(p, p.comparisons.release)
    if not any(r.kind == "self" for r in rows) and self_bound is None:
        return f"Median annual wage of {who(p)} compared: not published: {_comparison_reason(p)}. {source}"
    parts = [
        f"{b.label}{' (this occupation)' if b.kind == 'self' else ''} {b.display}"
        + (" (top-coded)" if b.value is None else "")
        for b in rows
    ]
    if self_bound is not None:
        parts.insert(0, f"{p.title} {self_bound} (top-coded)")
    text = f"Median annual wage of {who(p)} compared, highest first: " + "; ".join(parts) + "."
    if missing:
        text += f" Not published: {fmt.join_words(missing)}."
    return f"{text} {source}"


def wage_distribution_data(profile: Profile) -> pd.DataFrame:
    """The percentiles and mean drawn: one row each, with the display text, a top-code bound and the reason
    a value is not published (``basis`` is "annual", or "hourly" when only hourly wages are published)."""
    data = _wage_data(profile)
    points = [pt for pt in (*data.points, data.mean) if pt is not None]
    return frame(
        [
            {
                "measure": pt.key,
                "label": _PCT_WORDS[pt.key],
                "basis": data.basis,
                "wage_usd": pt.value,
                "display": pt.display,
                "top_code_bound_usd": pt.bound,
                "reason": pt.reason,
            }
            for pt in points
        ],
        ["measure", "label", "basis", "wage_usd", "display", "top_code_bound_usd", "reason"],
    )


def median_comparison_data(profile: Profile, related: int = 5) -> pd.DataFrame:
    """The bars drawn (highest first), the top-coded occupation's bound, then the comparisons not published."""
    return frame(median_comparison_records(profile, related), ["label", "kind", "annual_median_wage_usd", "display"])


def median_comparison_records(profile: Profile, related: int = 5) -> list[dict[str, Any]]:
    """``median_comparison_data``'s rows as dicts, without pandas (None where the frame has NaN)."""
    rows, missing, self_bound = _comparison_rows(profile, related)
    records = [
        {"label": b.label, "kind": b.kind, "annual_median_wage_usd": b.value, "display": b.display} for b in rows
    ]
    if self_bound is not None:
        records.insert(
            0, {"label": profile.title, "kind": "self", "annual_median_wage_usd": None, "display": self_bound}
        )
    records += [
        {"label": name, "kind": "not published", "annual_median_wage_usd": None, "display": fmt.NOT_PUBLISHED}
        for name in missing
    ]
    return records
