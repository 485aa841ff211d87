"""O*NET ratings: RIASEC interests, skills, knowledge and required education."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from .. import formatting as fmt
from ..profile import RIASEC, EducationLevel, Profile, Rating
from .labels import percent_axis
from .layout import (
    PANEL_TITLE_Y,
    finish,
    hide_y_grid,
    new_figure,
    not_published_figure,
    set_rows,
    wrap_chars,
    ytick_labels,
)
from .sources import frame, onet_source, section_reason, who
from .style import (
    BLUE,
    CAPTION,
    LIGHT_BLUE,
    TEXT,
    VERMILLION,
    drawn_in_chart_style,
    text_colour_for,
)
from .values import published, published_values

if TYPE_CHECKING:
    import pandas as pd


def _riasec_scores(p: Profile) -> list[tuple[str, str, float | None]]:
    i = p.interests
    if i is None:
        return []
    return [(name, letter, getattr(i, field)) for field, name, letter in RIASEC]


def _riasec_reason(p: Profile) -> str:
    return section_reason(p, "interests", "O*NET has no interest profile for this occupation")


def _riasec_title(p: Profile) -> str:
    code = p.interests.high_point_code if p.interests is not None else None
    return f"Interests (Holland code {code}): {who(p)}" if code else f"Interests: {who(p)}"


@drawn_in_chart_style
def riasec_chart(profile: Profile) -> Figure:
    """The six RIASEC interest scores on O*NET's fixed 1–7 scale; the high-point letters highlighted."""
    p = profile
    scores = _riasec_scores(p)
    source = onet_source(p, "interests", "Interests")
    shown = [(name, letter, v) for name, letter, v in scores if not fmt.is_missing(v)]
    if not shown:
        return not_published_figure(_riasec_title(p), source, _riasec_reason(p))
    high = set(p.interests.high_point_code or "")
    fig = new_figure(2.3)
    ax = fig.add_subplot()
    ax.set_xlim(1, 7)
    ax.set_ylim(len(scores) - 0.4, -0.6)
    labels = []
    for i, (name, letter, score) in enumerate(scores):
        labels.append(f"{name} ({letter})")
        value = published(score)
        if value is None:
            ax.text(1.05, i, "not published", va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
            continue
        colour = VERMILLION if letter in high else LIGHT_BLUE
        if value > 1:
            ax.barh(i, value - 1, left=1, height=0.6, color=colour, zorder=2)
        else:  # at the scale minimum: a mark, so the score is visibly there
            ax.plot([1], [i], marker="|", markersize=12, color=colour, mew=2.5, zorder=3)
        inside = value > 6.4
        ax.text(
            value - 0.06 if inside else value + 0.06,
            i,
            f"{value:.2f}",
            va="center",
            ha="right" if inside else "left",
            fontsize=9,
            color=text_colour_for(colour) if inside else TEXT,
            fontweight="bold" if letter in high else "normal",
            zorder=4,
        )
    ytick_labels(ax, labels, [letter in high for _, letter, _ in scores])
    hide_y_grid(ax)
    ax.set_xticks(range(1, 8))
    ax.set_xlabel("O*NET interest score (1 = low, 7 = high)")
    notes = []
    if high:
        notes.append(f"Highlighted: the letters of the Holland code {p.interests.high_point_code}.")
    missing = [n for n, _, v in scores if fmt.is_missing(v)]
    if missing:
        notes.append(f"Not published: {fmt.join_words(missing)}.")
    finish(fig, _riasec_title(p), source, notes)
    return fig


def riasec_alt(profile: Profile) -> str:
    p = profile
    scores = _riasec_scores(p)
    source = onet_source(p, "interests", "Interests")
    if not any(not fmt.is_missing(v) for _, _, v in scores):
        return f"Interests of {who(p)}: not published: {_riasec_reason(p)}. {source}"
    parts = [f"{n} {v:.2f}" if not fmt.is_missing(v) else f"{n} not published" for n, _, v in scores]
    code = p.interests.high_point_code
    head = f"Interest scores of {who(p)} on O*NET's 1 to 7 scale"
    head += f" (Holland code {code})" if code else ""
    return f"{head}: " + "; ".join(parts) + f". {source}"


def riasec_data(profile: Profile) -> pd.DataFrame:
    """The six interest scores (1–7) and whether each letter is in the Holland code."""
    code = set((profile.interests.high_point_code or "") if profile.interests is not None else "")
    return frame(
        [
            {
                "interest": name,
                "letter": letter,
                "score": None if fmt.is_missing(v) else v,
                "in_holland_code": letter in code,
            }
            for name, letter, v in _riasec_scores(profile)
        ],
        ["interest", "letter", "score", "in_holland_code"],
    )


def _top_ratings(ratings: Sequence[Rating], n: int = 10) -> list[Rating]:
    return sorted(ratings, key=lambda r: (-r.importance, r.name))[:n]


def _ratings_chart(p: Profile, kind: str, rows: int = 10) -> Figure:
    ratings = p.skills if kind == "skills" else p.knowledge
    word = "skills" if kind == "skills" else "knowledge areas"
    title = f"Top {word} by importance: {who(p)}"
    source = onet_source(p, kind, "Skills" if kind == "skills" else "Knowledge")
    top = _top_ratings(ratings, rows)
    if not top:
        return not_published_figure(
            title, source, section_reason(p, kind, f"O*NET has no {kind} ratings for this occupation")
        )
    n = len(top)
    fig = new_figure(0.75 + 0.36 * max(n, 2))
    ax1, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1.2]})
    for ax, lo, hi, attr, colour, name in (
        (ax1, 1, 5, "importance", BLUE, "Importance (1–5)"),
        (ax2, 0, 7, "level", VERMILLION, "Level (0–7)"),
    ):
        ax.set_xlim(lo, hi + (hi - lo) * 0.02)
        ax.set_xticks(range(lo, hi + 1))
        ax.set_title(name, y=PANEL_TITLE_Y)
        for i, r in enumerate(top):
            v = getattr(r, attr)
            if fmt.is_missing(v):
                ax.text(
                    lo + 0.05 * (hi - lo),
                    i,
                    "not published",
                    va="center",
                    ha="left",
                    fontsize=9,
                    style="italic",
                    color=CAPTION,
                )
                continue
            ax.plot([lo, v], [i, i], color=colour, lw=2, alpha=0.45, solid_capstyle="butt", zorder=2)
            ax.plot([v], [i], marker="o", markersize=6.5, color=colour, zorder=3)
            inside = v > hi - (hi - lo) * 0.14
            ax.text(
                v + (-1 if inside else 1) * (hi - lo) * 0.035,
                i,
                f"{v:.2f}",
                va="center",
                ha="right" if inside else "left",
                fontsize=9,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"} if inside else None,
            )
        hide_y_grid(ax)
    ytick_labels(ax1, [wrap_chars(r.name, 30) for r in top])
    set_rows(ax1, len(top))
    notes = [
        (
            "Importance: how important it is to the job (1 = not important, 5 = extremely important). "
            "Level: how much of it the job needs (0–7)."
        )
    ]
    finish(fig, title, source, notes)
    return fig


@drawn_in_chart_style
def skills_chart(profile: Profile, rows: int = 10) -> Figure:
    """Top ``rows`` skills by importance (1–5), with their level (0–7) in a second panel."""
    return _ratings_chart(profile, "skills", rows)


@drawn_in_chart_style
def knowledge_chart(profile: Profile, rows: int = 10) -> Figure:
    """Top ``rows`` knowledge areas by importance (1–5), with their level (0–7) in a second panel."""
    return _ratings_chart(profile, "knowledge", rows)


def _ratings_alt(p: Profile, kind: str, rows: int = 10) -> str:
    ratings = p.skills if kind == "skills" else p.knowledge
    word = "skills" if kind == "skills" else "knowledge areas"
    source = onet_source(p, kind, "Skills" if kind == "skills" else "Knowledge")
    top = _top_ratings(ratings, rows)
    if not top:
        reason = section_reason(p, kind, f"O*NET has no {kind} ratings for this occupation")
        return f"Top {word} of {who(p)}: not published: {reason}. {source}"
    parts = [
        f"{r.name} importance {r.importance:.2f}, level "
        + (f"{r.level:.2f}" if not fmt.is_missing(r.level) else "not published")
        for r in top
    ]
    return (
        f"Top {len(top)} {word} of {who(p)} by importance (1 to 5) with level (0 to 7): "
        + "; ".join(parts)
        + f". {source}"
    )


def skills_alt(profile: Profile, rows: int = 10) -> str:
    return _ratings_alt(profile, "skills", rows)


def knowledge_alt(profile: Profile, rows: int = 10) -> str:
    return _ratings_alt(profile, "knowledge", rows)


def _ratings_records(ratings: Sequence[Rating], rows: int = 10) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "importance": r.importance, "level": None if fmt.is_missing(r.level) else r.level}
        for r in _top_ratings(ratings, rows)
    ]


def _ratings_data(ratings: Sequence[Rating], rows: int = 10) -> pd.DataFrame:
    return frame(_ratings_records(ratings, rows), ["name", "importance", "level"])


def skills_records(profile: Profile, rows: int = 10) -> list[dict[str, Any]]:
    """``skills_data``'s rows as dicts, without pandas (None where the frame has NaN)."""
    return _ratings_records(profile.skills, rows)


def skills_data(profile: Profile, rows: int = 10) -> pd.DataFrame:
    """The top ``rows`` skills by importance (1–5) with their level (0–7), as drawn."""
    return _ratings_data(profile.skills, rows)


def knowledge_data(profile: Profile, rows: int = 10) -> pd.DataFrame:
    """The top ``rows`` knowledge areas by importance (1–5) with their level (0–7), as drawn."""
    return _ratings_data(profile.knowledge, rows)


EDUCATION_SHORT: dict[int, str] = {
    1: "Less than high school",
    2: "High school diploma",
    3: "Post-secondary certificate",
    4: "Some college courses",
    5: "Associate's degree",
    6: "Bachelor's degree",
    7: "Post-baccalaureate certificate",
    8: "Master's degree",
    9: "Post-master's certificate",
    10: "First professional degree",
    11: "Doctoral degree",
    12: "Post-doctoral training",
}


def _education_label(e: EducationLevel) -> str:
    short = EDUCATION_SHORT.get(e.category)
    if short:
        return short
    return re.split(r" - | \(", e.label)[0].strip()


def _education_reason(p: Profile) -> str:
    return section_reason(p, "education", "O*NET has no education ratings for this occupation")


@drawn_in_chart_style
def education_chart(profile: Profile) -> Figure:
    """O*NET's required-education distribution: share of respondents by level."""
    p = profile
    levels = sorted(p.education, key=lambda e: e.category)
    title = f"Education required: {who(p)}"
    source = onet_source(p, "education", "Education, Training, and Experience: required level of education")
    if not any(not fmt.is_missing(e.percent) for e in levels):
        return not_published_figure(title, source, _education_reason(p))
    fig = new_figure(0.55 + 0.27 * max(len(levels), 2))
    ax = fig.add_subplot()
    top = max(published_values(e.percent for e in levels))
    ax.set_xlim(0, max(top * 1.15, 5))
    missing: dict[str | None, list[str]] = {}  # labels of the levels not published, by reason
    for i, e in enumerate(levels):
        percent = published(e.percent)
        if percent is None:
            ax.text(top * 0.01, i, "not published", va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
            missing.setdefault(e.percent_note, []).append(_education_label(e))
            continue
        if percent > 0:
            ax.barh(i, percent, height=0.66, color=BLUE, zorder=2)
        ax.text(
            percent + top * 0.012,
            i,
            _share_label(percent),
            va="center",
            ha="left",
            fontsize=9,
        )
    ytick_labels(ax, [_education_label(e) for e in levels])
    set_rows(ax, len(ax.get_yticks()))
    hide_y_grid(ax)
    ax.xaxis.set_major_formatter(percent_axis())
    ax.set_xlabel("Share of respondents saying the level is required for the job")
    notes = [_not_published_note(labels, reason) for reason, labels in missing.items()]
    finish(fig, title, source, notes)
    return fig


def _share_label(percent: float) -> str:
    """A share as the chart labels it: whole percent, one decimal under 1 % ("0.1%", not "0%")."""
    return f"{percent:.0f}%" if percent >= 1 or percent == 0 else f"{percent:.1f}%"


def _not_published_note(labels: list[str], reason: str | None) -> str:
    """ "Less than high school and High school diploma: not published. O*NET recommends suppression ..." """
    return f"{fmt.join_words(labels)}: not published." + (f" {reason}." if reason else "")


def education_alt(profile: Profile) -> str:
    p = profile
    levels = sorted(p.education, key=lambda e: e.category)
    source = onet_source(p, "education", "Education, Training, and Experience: required level of education")
    if not any(not fmt.is_missing(e.percent) for e in levels):
        return f"Education required for {who(p)}: not published: {_education_reason(p)}. {source}"
    parts = []
    missing: dict[str | None, list[str]] = {}
    for e in levels:
        percent = published(e.percent)
        parts.append(f"{_education_label(e)} " + ("not published" if percent is None else _share_label(percent)))
        if percent is None:
            missing.setdefault(e.percent_note, []).append(_education_label(e))
    notes = "".join(" " + _not_published_note(labels, reason) for reason, labels in missing.items())
    return (
        f"Share of respondents naming each education level as required for {who(p)}: "
        + "; ".join(parts)
        + f".{notes} {source}"
    )


def education_data(profile: Profile) -> pd.DataFrame:
    """Share of O*NET respondents naming each education level as required, lowest level first."""
    return frame(
        [
            {
                "category": e.category,
                "level": _education_label(e),
                "percent": None if fmt.is_missing(e.percent) else e.percent,
                "percent_note": e.percent_note,
            }
            for e in sorted(profile.education, key=lambda e: e.category)
        ],
        ["category", "level", "percent", "percent_note"],
    )
