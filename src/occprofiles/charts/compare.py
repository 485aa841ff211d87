"""Comparison charts: two to four occupations on one chart (wage distributions on one axis, the
outlook, top skills or knowledge with their overlap, and the RIASEC interest profiles overlaid).

Each chart takes the occupations' profiles (in the order shown) as its first argument; like the
chapter charts, each has ``<name>_data``, ``<name>_chart`` and ``<name>_alt`` and is registered in
``charts.registry.COMPARISON_SPECS``. Occupations are told apart by colour *and* by marker shape (and
line style for the interest profiles), so the charts also read in greyscale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import formatting as fmt
from ..profile import RIASEC, Profile, Rating
from .labels import count_axis, percent_axis, usd_axis
from .layout import finish, hide_y_grid, new_figure, not_published_figure, set_rows, wrap_chars, ytick_labels
from .sources import ep_source, frame, oews_source, onet_source, section_reason
from .style import BLUE, CAPTION, DARK_GREY, GREEN, ORANGE, TEXT, VERMILLION, drawn_in_chart_style

if TYPE_CHECKING:
    import pandas as pd

# One look per occupation, in the order shown: colour, marker, line style (greyscale-safe).
SERIES = ((BLUE, "o", "-"), (ORANGE, "s", "--"), (GREEN, "D", "-."), (VERMILLION, "^", ":"))
PERCENTILES = (("p10", "10th"), ("p25", "25th"), ("median", "median"), ("p75", "75th"), ("p90", "90th"))
TOP_RATINGS = 10


def name(p: Profile) -> str:
    return f"{p.title} ({p.soc_code})"


def names(profiles: Sequence[Profile]) -> str:
    return fmt.join_words([p.title for p in profiles])


# ------------------------------------------------------------------------------------------------
# wages: OEWS percentiles of every occupation on one annual axis
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WagePoint:
    key: str
    label: str
    value: float | None  # the published annual wage
    top_coded: bool  # OEWS publishes only the bound (footnote 5): drawn at the bound, labelled "≥ …"
    display: str


def wage_points(p: Profile) -> tuple[WagePoint, ...]:
    """The five annual percentiles as the occupation chapter shows them (a top-coded one as its bound)."""
    out = []
    for key, label in PERCENTILES:
        value = p.oews.annual_wage_usd.get(key)
        top = bool(p.oews.annual_wage_top_coded.get(key, False))
        value = None if fmt.is_missing(value) else value
        out.append(WagePoint(key, label, value, top and value is None, p.oews.wage_display[f"annual_{key}"]))
    return tuple(out)


def wage_gap_reason(p: Profile) -> str:
    """Why an occupation has no annual wages to draw."""
    if p.oews.hourly_only:
        return f"annual wages not published (hourly only: median {p.oews.wage_display['hourly_median']})"
    reason = p.oews.reason or section_reason(p, "wages", "OEWS publishes no wage estimates for this code")
    return f"not published: {reason}"


def row_note(ax: Axes, x: float, y: float, text: str) -> None:
    """Italic text in a row that has nothing drawn; left out of the layout (it may run past the axes)."""
    t = ax.text(x, y, text, va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
    t.set_in_layout(False)


def _drawn_at(pt: WagePoint) -> float | None:
    if pt.value is not None:
        return pt.value
    return fmt.oews_top_code_usd(hourly=False) if pt.top_coded else None


def wage_ranges_data(profiles: Sequence[Profile]) -> pd.DataFrame:
    """One row per occupation and percentile: the annual wage (None if not published) and the top-code flag."""
    rows = [
        {
            "soc_code": p.soc_code,
            "title": p.title,
            "percentile": pt.key,
            "annual_wage_usd": pt.value,
            "top_coded": pt.top_coded,
            "display": pt.display,
        }
        for p in profiles
        for pt in wage_points(p)
    ]
    return frame(rows, ["soc_code", "title", "percentile", "annual_wage_usd", "top_coded", "display"])


@drawn_in_chart_style
def wage_ranges_chart(profiles: Sequence[Profile]) -> Figure:
    """Per occupation: 10th–90th percentile whiskers, 25th–75th box, the median; one shared dollar axis."""
    p0 = profiles[0]
    title = f"Annual wage distributions: {names(profiles)}"
    source = oews_source(p0)
    drawn = {p.soc_code: [(pt, _drawn_at(pt)) for pt in wage_points(p)] for p in profiles}
    xs = [x for pts in drawn.values() for _, x in pts if x is not None]
    if not xs:
        return not_published_figure(title, source, "; ".join(f"{name(p)}: {wage_gap_reason(p)}" for p in profiles))
    top_coded = any(pt.top_coded for pts in drawn.values() for pt, _ in pts)
    xmax = max(xs) * (1.16 if top_coded else 1.08)
    labels = [wrap_chars(p.title, 22) for p in profiles]
    fig = new_figure(0.55 + 0.62 * len(profiles))
    ax = fig.add_subplot()
    set_rows(ax, len(profiles))
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(usd_axis(False))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("Annual wage (US dollars)")
    notes: list[str] = []
    for i, p in enumerate(profiles):
        colour = SERIES[i][0]
        values = {pt.key: x for pt, x in drawn[p.soc_code]}
        if all(v is None for v in values.values()):
            if p.oews.hourly_only:
                row_note(ax, xmax * 0.01, i, wage_gap_reason(p))
            else:
                row_note(ax, xmax * 0.01, i, "not published (see the note below)")
                notes.append(f"{p.title}: {wage_gap_reason(p)}.")
            continue
        _draw_wage_row(ax, i, values, colour)
        for pt, x in drawn[p.soc_code]:
            if pt.top_coded and x is not None:
                ax.annotate("", (x * 1.08, i), (x, i), arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.3})
                ax.text(x * 1.02, i - 0.3, f"{pt.label} {pt.display}", fontsize=9, color=TEXT, va="bottom")
                notes.append(f"{p.title}: {pt.label} percentile at or above the OEWS top code, {pt.display}.")
            elif x is None:
                notes.append(f"{p.title}: {pt.label} percentile not published.")
        median = values.get("median")
        if median is not None:
            ax.text(median, i + 0.36, fmt.usd(median), ha="center", va="top", fontsize=9, color=TEXT, fontweight="bold")
    ytick_labels(ax, labels)
    hide_y_grid(ax)
    notes.append("Whiskers: 10th to 90th percentile; box: 25th to 75th; thick line and bold figure: the median.")
    finish(fig, title, source, notes)
    return fig


def _draw_wage_row(ax: Axes, i: int, values: dict[str, float | None], colour: str) -> None:
    half = 0.17
    p10, p25, med, p75, p90 = (values[k] for k, _ in PERCENTILES)
    for a, b in ((p10, p25), (p75, p90)):
        if a is not None and b is not None:
            ax.plot([a, b], [i, i], color=DARK_GREY, lw=1.5, solid_capstyle="butt", zorder=2)
    for end in (p10, p90):
        if end is not None:
            ax.plot([end, end], [i - half * 0.6, i + half * 0.6], color=DARK_GREY, lw=1.5, zorder=2)
    if p25 is not None and p75 is not None and p75 > p25:
        ax.add_patch(
            Rectangle(
                (p25, i - half), p75 - p25, 2 * half, facecolor=colour, alpha=0.35, edgecolor=colour, lw=1.2, zorder=3
            )
        )
    if med is not None:
        ax.plot([med, med], [i - half * 1.25, i + half * 1.25], color=colour, lw=3.2, solid_capstyle="butt", zorder=4)


def wage_ranges_alt(profiles: Sequence[Profile]) -> str:
    parts = []
    for p in profiles:
        points = wage_points(p)
        if all(pt.value is None and not pt.top_coded for pt in points):
            parts.append(f"{name(p)}: {wage_gap_reason(p)}")
            continue
        parts.append(f"{name(p)}: " + ", ".join(f"{pt.label} {pt.display}" for pt in points))
    return f"Annual wage percentiles (10th, 25th, median, 75th, 90th) on one axis. {'; '.join(parts)}. {oews_source(profiles[0])}"


# ------------------------------------------------------------------------------------------------
# outlook: EP employment 2024 -> 2034, projected change, openings a year
# ------------------------------------------------------------------------------------------------


def outlook_data(profiles: Sequence[Profile]) -> pd.DataFrame:
    rows = [
        {
            "soc_code": p.soc_code,
            "title": p.title,
            "employment_base": p.projections.employment_2024,
            "employment_target": p.projections.employment_2034,
            "change_percent": p.projections.change_percent,
            "annual_openings": p.projections.annual_openings,
        }
        for p in profiles
    ]
    return frame(
        rows, ["soc_code", "title", "employment_base", "employment_target", "change_percent", "annual_openings"]
    )


@drawn_in_chart_style
def outlook_chart(profiles: Sequence[Profile]) -> Figure:
    """Three panels sharing the occupations' rows: employment base → target year, change %, openings a year."""
    p0 = profiles[0]
    base, target = fmt.period_years(p0.projections.release)
    title = f"Projected outlook {base}–{target}: {names(profiles)}"
    source = ep_source(p0) + " EP counts all jobs, including the self-employed."
    if not any(p.projections.available for p in profiles):
        return not_published_figure(title, source, "; ".join(f"{name(p)}: {p.projections.reason}" for p in profiles))
    n = len(profiles)
    fig = new_figure(0.75 + 0.5 * n)
    axes = fig.subplots(1, 3, sharey=True, gridspec_kw={"width_ratios": [1.3, 1, 1]})
    for ax in axes:
        set_rows(ax, n)
        hide_y_grid(ax)
    emp, chg, opn = axes
    emp.set_title(f"Jobs, {base} → {target}", y=1.0)
    chg.set_title("Projected change", y=1.0)
    opn.set_title("Openings a year", y=1.0)
    notes = []
    emp.set_xlim(0, 1)
    emp.set_xticks([])
    emp.grid(False)
    for spine in emp.spines.values():
        spine.set_visible(False)
    changes = [p.projections.change_percent for p in profiles if p.projections.change_percent is not None]
    lo, hi = min([0.0, *changes]), max([0.0, *changes])
    pad = (hi - lo) * 0.35 or 1.0
    chg.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
    chg.xaxis.set_major_formatter(percent_axis(signed=True))
    chg.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))
    chg.axvline(0, color=DARK_GREY, lw=0.8)
    openings = [p.projections.annual_openings for p in profiles if p.projections.annual_openings is not None]
    opn.set_xlim(0, max(openings, default=1) * 1.45)
    opn.xaxis.set_major_formatter(count_axis())
    opn.xaxis.set_major_locator(MaxNLocator(nbins=3, steps=[1, 2, 2.5, 5, 10]))
    for i, p in enumerate(profiles):
        colour = SERIES[i][0]
        e = p.projections
        if not e.available:
            row_note(emp, 0.02, i, "not published (see below)")
            notes.append(f"{p.title}: projections not published: {e.reason}.")
            continue
        emp.text(
            0.5,
            i,
            f"{fmt.ep_count(e.employment_2024)} → {fmt.ep_count(e.employment_2034)}",
            va="center",
            ha="center",
            fontsize=9,
            color=TEXT,
        )
        if e.change_percent is not None:
            chg.barh(i, e.change_percent, height=0.55, color=colour, zorder=2)
            chg.text(
                e.change_percent + (pad * 0.08 if e.change_percent >= 0 else -pad * 0.08),
                i,
                fmt.percent(e.change_percent, signed=True),
                va="center",
                ha="left" if e.change_percent >= 0 else "right",
                fontsize=9,
            )
        if e.annual_openings is not None:
            opn.barh(i, e.annual_openings, height=0.55, color=colour, zorder=2)
            opn.text(e.annual_openings, i, " " + fmt.ep_count(e.annual_openings), va="center", ha="left", fontsize=9)
    ytick_labels(emp, [wrap_chars(p.title, 18) for p in profiles])
    notes.append("EP rounds employment and openings to the nearest hundred.")
    finish(fig, title, source, notes)
    return fig


def outlook_alt(profiles: Sequence[Profile]) -> str:
    base, target = fmt.period_years(profiles[0].projections.release)
    parts = []
    for p in profiles:
        e = p.projections
        if not e.available:
            parts.append(f"{name(p)}: not published ({e.reason})")
            continue
        parts.append(
            f"{name(p)}: employment {fmt.ep_count(e.employment_2024)} in {base} to {fmt.ep_count(e.employment_2034)} in {target}, "
            f"{fmt.percent(e.change_percent, signed=True)}, {fmt.ep_count(e.annual_openings)} openings a year"
        )
    return f"Projected outlook {base}–{target}: " + "; ".join(parts) + f". {ep_source(profiles[0])}"


# ------------------------------------------------------------------------------------------------
# top skills and knowledge: the union of each occupation's top ten, shared ones marked
# ------------------------------------------------------------------------------------------------


def _ratings(p: Profile, kind: str) -> tuple[Rating, ...]:
    return p.skills if kind == "skills" else p.knowledge


def top_names(p: Profile, kind: str, rows: int = TOP_RATINGS) -> list[str]:
    """An occupation's most important skills or knowledge areas (importance, then name: as its chapter)."""
    return [r.name for r in sorted(_ratings(p, kind), key=lambda r: (-r.importance, r.name))[:rows]]


def ratings_overlap(profiles: Sequence[Profile], kind: str, rows: int = TOP_RATINGS) -> list[dict]:
    """Every element in some occupation's top ``rows``: its importance for each occupation (None when
    O*NET does not rate it for one), and in how many of the occupations' top lists it is. Ordered:
    shared by most first, then by mean importance."""
    tops = [set(top_names(p, kind, rows)) for p in profiles]
    union = set().union(*tops)
    out = []
    for element in union:
        scores = []
        for p in profiles:
            match = [r.importance for r in _ratings(p, kind) if r.name == element]
            scores.append(match[0] if match else None)
        known = [s for s in scores if s is not None]
        out.append(
            {
                "name": element,
                "importance": scores,
                "in_top": sum(element in t for t in tops),
                # in the top list of every occupation O*NET rates (one it does not rate has no list)
                "shared": sum(element in t for t in tops) == len(rated(profiles, kind)) > 1,
                "mean": sum(known) / len(known) if known else 0.0,
            }
        )
    return sorted(out, key=lambda r: (-r["in_top"], -r["mean"], r["name"]))


def rated(profiles: Sequence[Profile], kind: str) -> list[Profile]:
    """The occupations O*NET rates on ``kind``."""
    return [p for p in profiles if _ratings(p, kind)]


def unrated_notes(profiles: Sequence[Profile], kind: str) -> list[str]:
    return [
        f"{p.title}: not published: {section_reason(p, kind, f'O*NET has no {kind} ratings for this occupation')}."
        for p in profiles
        if not _ratings(p, kind)
    ]


def _kind_words(kind: str) -> tuple[str, str]:
    return ("skills", "Skills") if kind == "skills" else ("knowledge areas", "Knowledge")


def ratings_data(profiles: Sequence[Profile], kind: str = "skills", rows: int = TOP_RATINGS) -> pd.DataFrame:
    records = [
        {
            "name": r["name"],
            "soc_code": p.soc_code,
            "importance": r["importance"][i],
            "in_top_of": r["in_top"],
            "shared_by_all": r["shared"],
        }
        for r in ratings_overlap(profiles, kind, rows)
        for i, p in enumerate(profiles)
    ]
    return frame(records, ["name", "soc_code", "importance", "in_top_of", "shared_by_all"])


@drawn_in_chart_style
def ratings_chart(profiles: Sequence[Profile], kind: str = "skills", rows: int = TOP_RATINGS) -> Figure:
    """One row per element of any top list; one marker per occupation at its importance (1–5)."""
    words, what = _kind_words(kind)
    title = f"Top {rows} {words} compared (importance): {names(profiles)}"
    source = onet_source(profiles[0], kind, what)
    overlap = ratings_overlap(profiles, kind, rows)
    if not overlap:
        reasons = "; ".join(f"{name(p)}: {section_reason(p, kind, 'no ratings')}" for p in profiles)
        return not_published_figure(title, source, reasons)
    n = len(overlap)
    fig = new_figure(0.95 + 0.24 * n)
    ax = fig.add_subplot()
    set_rows(ax, n)
    lows = [s for r in overlap for s in r["importance"] if s is not None]
    ax.set_xlim(max(1.0, min(lows) - 0.5) if lows else 1.0, 5.05)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("Importance (O*NET, 1 = not important, 5 = extremely)")
    for j, r in enumerate(overlap):
        known = [s for s in r["importance"] if s is not None]
        if len(known) > 1:
            ax.plot([min(known), max(known)], [j, j], color="#c8c8c8", lw=1.2, zorder=1)
    for i, p in enumerate(profiles):
        colour, marker, _ = SERIES[i]
        pts = [(r["importance"][i], j) for j, r in enumerate(overlap) if r["importance"][i] is not None]
        ax.plot(
            [x for x, _ in pts],
            [y for _, y in pts],
            linestyle="none",
            marker=marker,
            markersize=6.5,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.6,
            alpha=0.9,
            zorder=3 + i,
            label=p.title,
        )
    labels = [r["name"] + (" ●" if r["shared"] else "") for r in overlap]
    ytick_labels(ax, labels, [r["shared"] for r in overlap])
    hide_y_grid(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.9 / max(n, 4)), ncol=2, frameon=False, fontsize=9)
    shared = sum(r["shared"] for r in overlap)
    notes = [
        f"Rows: every {kind[:-1] if kind == 'skills' else 'knowledge area'} in at least one occupation's top {rows}; "
        f"bold with ●: in the top {rows} of all {len(rated(profiles, kind))} rated ({shared} of {n}).",
        *unrated_notes(profiles, kind),
    ]
    finish(fig, title, source, notes)
    return fig


def ratings_alt(profiles: Sequence[Profile], kind: str = "skills", rows: int = TOP_RATINGS) -> str:
    words, what = _kind_words(kind)
    overlap = ratings_overlap(profiles, kind, rows)
    shared = [r["name"] for r in overlap if r["shared"]]
    parts = []
    for r in overlap:
        scores = ", ".join(
            f"{p.title} {fmt.NOT_PUBLISHED if s is None else f'{s:.2f}'}"
            for p, s in zip(profiles, r["importance"], strict=True)
        )
        parts.append(f"{r['name']}: {scores}")
    head = f"Importance (1 to 5) of the {words} in any of the occupations' top {rows}. "
    head += (
        f"In every top {rows}: {fmt.join_words(shared)}. "
        if shared
        else f"No {kind[:-1] if kind == 'skills' else 'area'} is in every top {rows}. "
    )
    return head + "; ".join(parts) + f". {onet_source(profiles[0], kind, what)}"


def skills_overlap_chart(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> Figure:
    return ratings_chart(profiles, "skills", rows)


def skills_overlap_data(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> pd.DataFrame:
    return ratings_data(profiles, "skills", rows)


def skills_overlap_alt(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> str:
    return ratings_alt(profiles, "skills", rows)


def knowledge_overlap_chart(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> Figure:
    return ratings_chart(profiles, "knowledge", rows)


def knowledge_overlap_data(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> pd.DataFrame:
    return ratings_data(profiles, "knowledge", rows)


def knowledge_overlap_alt(profiles: Sequence[Profile], rows: int = TOP_RATINGS) -> str:
    return ratings_alt(profiles, "knowledge", rows)


# ------------------------------------------------------------------------------------------------
# interests: the RIASEC profiles overlaid
# ------------------------------------------------------------------------------------------------


def _scores(p: Profile) -> list[float | None]:
    return [None if fmt.is_missing(getattr(p.interests, f)) else getattr(p.interests, f) for f, _, _ in RIASEC]


def interests_overlay_data(profiles: Sequence[Profile]) -> pd.DataFrame:
    rows = [
        {
            "soc_code": p.soc_code,
            "interest": label,
            "letter": letter,
            "score": score,
            "holland_code": p.interests.high_point_code,
        }
        for p in profiles
        for (_, label, letter), score in zip(RIASEC, _scores(p), strict=True)
    ]
    return frame(rows, ["soc_code", "interest", "letter", "score", "holland_code"])


@drawn_in_chart_style
def interests_overlay_chart(profiles: Sequence[Profile]) -> Figure:
    """The six interest scores (O*NET 1–7) of each occupation as one line across R-I-A-S-E-C."""
    title = f"Interest profiles (RIASEC): {names(profiles)}"
    source = onet_source(profiles[0], "interests", "Interests")
    if all(all(s is None for s in _scores(p)) for p in profiles):
        return not_published_figure(
            title,
            source,
            "; ".join(f"{name(p)}: {section_reason(p, 'interests', 'no interest profile')}" for p in profiles),
        )
    fig = new_figure(2.7)
    ax = fig.add_subplot()
    ax.set_ylim(1, 7.2)
    ax.set_yticks(range(1, 8))
    ax.set_xlim(-0.3, 5.3)
    ax.set_xticks(range(6))
    ax.set_xticklabels([f"{label}\n({letter})" for _, label, letter in RIASEC])
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("O*NET interest score (1–7)")
    notes = []
    for i, p in enumerate(profiles):
        colour, marker, style = SERIES[i]
        pts = [(x, s) for x, s in enumerate(_scores(p)) if s is not None]
        code = p.interests.high_point_code or fmt.NOT_PUBLISHED
        ax.plot(
            [x for x, _ in pts],
            [s for _, s in pts],
            color=colour,
            marker=marker,
            linestyle=style,
            lw=1.6,
            markersize=6,
            label=f"{p.title} ({code})",
            zorder=3 + i,
        )
        missing = [label for (_, label, _), s in zip(RIASEC, _scores(p), strict=True) if s is None]
        if missing:
            notes.append(f"{p.title}: {fmt.join_words(missing)} not published.")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.28),
        ncol=2,
        frameon=False,
        fontsize=9,
        title="Occupation (Holland code)",
    )
    finish(fig, title, source, notes)
    return fig


def interests_overlay_alt(profiles: Sequence[Profile]) -> str:
    parts = []
    for p in profiles:
        scores = ", ".join(
            f"{label} {fmt.NOT_PUBLISHED if s is None else f'{s:.2f}'}"
            for (_, label, _), s in zip(RIASEC, _scores(p), strict=True)
        )
        parts.append(f"{name(p)}, Holland code {p.interests.high_point_code or fmt.NOT_PUBLISHED}: {scores}")
    return (
        "Interest scores on O*NET's 1 to 7 scale. "
        + "; ".join(parts)
        + f". {onet_source(profiles[0], 'interests', 'Interests')}"
    )
