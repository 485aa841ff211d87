"""The book's overview chart (landing page): OEWS employment and median annual wage by SOC major group.

Not a per-occupation chart (it is not in the chapter registry, and lives in ``publish/``, outside the
chapters' code hash, so changing it re-renders no chapter); drawn in the book's chart style. It reads the
OEWS national table's major-group rows (``XX-0000``) as BLS publishes them, never sums of detailed
occupations. One line per label, so that it fits one printed page (a figure is never split across pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from .. import formatting as fmt
from .. import paths
from ..charts.labels import count_axis, usd_axis
from ..charts.layout import (
    finish,
    hide_y_grid,
    label_lines,
    new_figure,
    row_height_in,
    set_rows,
    wrap_chars,
    ytick_labels,
)
from ..charts.style import BLUE, ORANGE, drawn_in_chart_style

NATIONAL_TABLE = "core_oews__national_wages"
LABEL_CHARS = 48  # the longest short title, "Arts, Design, Entertainment, Sports, and Media", on one line


@dataclass(frozen=True)
class MajorGroupRow:
    code: str  # "11-0000"
    title: str
    employment: int | None
    annual_median_wage_usd: float | None
    annual_median_top_coded: bool


def major_groups_data() -> list[MajorGroupRow]:
    """The OEWS national estimates of every major group (all occupations, 00-0000, left out), by code."""
    import pandas as pd

    df = pd.read_parquet(paths.processed_dir() / f"{NATIONAL_TABLE}.parquet")
    groups = df[df["oews_code"].str.endswith("-0000") & (df["oews_code"] != "00-0000")].sort_values("oews_code")
    out = []
    for r in groups.to_dict("records"):
        footnote = r["annual_median_wage_usd_footnote"]
        out.append(
            MajorGroupRow(
                str(r["oews_code"]),
                str(r["oews_title"]),
                None if pd.isna(r["employment_count"]) else int(r["employment_count"]),
                None if pd.isna(r["annual_median_wage_usd"]) else float(r["annual_median_wage_usd"]),
                not pd.isna(footnote) and int(footnote) == fmt.OEWS_FOOTNOTE_TOP_CODED,
            )
        )
    return out


def short_group_title(title: str) -> str:
    """ "Management Occupations" -> "Management" (every major group title ends so)."""
    return title.removesuffix(" Occupations")


@drawn_in_chart_style
def major_groups_chart(rows: list[MajorGroupRow], release: str) -> Figure:
    labels = [wrap_chars(short_group_title(r.title), LABEL_CHARS) for r in rows]
    fig = new_figure(0.5 + row_height_in(label_lines(labels), 0.27) * len(rows))
    left, right = fig.subplots(1, 2, sharey=True)
    for ax, values, colour, axis, name in (
        (left, [r.employment for r in rows], BLUE, count_axis(), "Employment"),
        (right, [r.annual_median_wage_usd for r in rows], ORANGE, usd_axis(False), "Median annual wage"),
    ):
        for i, v in enumerate(values):
            if v is not None:
                ax.barh(i, v, height=0.62, color=colour, zorder=2)
        ax.xaxis.set_major_formatter(axis)
        ax.set_xlabel(name)
        hide_y_grid(ax)
    ytick_labels(left, labels)
    set_rows(left, len(rows))
    right.tick_params(axis="y", left=False)
    missing = [short_group_title(r.title) for r in rows if r.employment is None or r.annual_median_wage_usd is None]
    notes = ["National estimates for each SOC major group as BLS publishes them (wage and salary jobs)."]
    if missing:
        notes.append(f"Not published: {fmt.join_words(missing)}.")
    finish(
        fig,
        "Employment and median annual wage by major group",
        f"Source: BLS Occupational Employment and Wage Statistics (OEWS), {release}.",
        notes,
    )
    return fig


def major_groups_alt(rows: list[MajorGroupRow], release: str) -> str:
    parts = [
        f"{short_group_title(r.title)} {fmt.count(r.employment)} jobs, median "
        f"{fmt.oews_wage(r.annual_median_wage_usd, top_coded=r.annual_median_top_coded, hourly=False)}"
        for r in rows
    ]
    return (
        f"Bar charts of employment and median annual wage for the {len(rows)} SOC major groups "
        f"(BLS OEWS, {release}): " + "; ".join(parts) + "."
    )
