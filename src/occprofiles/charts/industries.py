"""The industries employing the occupation (OEWS industry estimates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from .. import formatting as fmt
from ..profile import IndustryRow, Profile
from .labels import count_axis, percent_axis, share_pct
from .layout import (
    PANEL_TITLE_Y,
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
from .sources import frame, oews_source, section_reason, who
from .style import BLUE, GREEN, drawn_in_chart_style
from .values import largest_first, published_values

if TYPE_CHECKING:
    import pandas as pd


def _industry_rows(p: Profile, n: int = 10) -> list[IndustryRow]:
    # The profile's own ranking (most jobs first, ties by industry code): the chapter's table shows the same rows.
    return [r for r in p.industries if r.employment is not None][:n]


def _industry_share_rows(p: Profile, n: int = 10) -> list[IndustryRow]:
    return largest_first(p.industries, lambda r: r.share_of_industry_employment_percent, lambda r: r.industry)[:n]


def _industries_reason(p: Profile) -> str:
    return section_reason(p, "industries", "OEWS publishes no industry estimates for this occupation")


@drawn_in_chart_style
def industries_chart(profile: Profile, with_share_panel: bool = False, rows: int = 10) -> Figure:
    """Top ``rows`` industries by employment, each with the occupation's share of the industry's jobs.

    ``with_share_panel=True`` adds a second panel: the ``rows`` industries where the occupation is the
    largest share of all jobs.
    """
    p, n = profile, rows
    shown = _industry_rows(p, n)
    title = f"Industries employing the most: {who(p)}"
    source = oews_source(p)
    if not shown:
        return not_published_figure(title, source, _industries_reason(p))
    panels = [("Top industries by employment", shown, "employment")]
    share_rows = _industry_share_rows(p, n) if with_share_panel else []
    if share_rows:
        panels.append(("Industries where it is the largest share of jobs", share_rows, "share"))
    heights = [len(r) for _, r, _ in panels]
    labels = [[wrap_chars(r.industry, 40) for r in prow] for _, prow, _ in panels]
    row_in = row_height_in(max(label_lines(panel) for panel in labels), 0.42)
    fig = new_figure(0.85 + row_in * max(sum(heights), 2) + 0.85 * (len(panels) - 1))
    axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
    for ax, (panel_title, prow, kind), panel_labels in zip(axes, panels, labels, strict=True):
        # every row of a panel has its value published: the panel ranks by it
        values = published_values(
            r.employment if kind == "employment" else r.share_of_industry_employment_percent for r in prow
        )
        top = max(values)
        ax.set_xlim(0, top * 1.04)
        for i, v in enumerate(values):
            if v > 0:
                ax.barh(i, v, height=0.64, color=BLUE if kind == "employment" else GREEN, zorder=2)
        ytick_labels(ax, panel_labels)
        set_rows(ax, len(ax.get_yticks()))
        hide_y_grid(ax)
        if kind == "employment":
            ax.xaxis.set_major_formatter(count_axis())
            ax.set_xlabel("Jobs")
        else:
            ax.xaxis.set_major_formatter(percent_axis())
            ax.set_xlabel("Share of the industry's jobs")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        if len(panels) > 1:
            ax.set_title(panel_title, y=PANEL_TITLE_Y)
        # the numbers as a small table to the right of the bars (right-aligned columns)
        columns = (
            ("Jobs", [fmt.count(r.employment) for r in prow], 54),
            ("Share of\nindustry jobs", [share_pct(r.share_of_industry_employment_percent) for r in prow], 142),
        )
        for head, cells, right_pt in columns:
            tr = offset_copy(ax.get_yaxis_transform(), fig=fig, x=right_pt, units="points")
            ax.text(
                1.0,
                -0.6,
                head,
                transform=tr,
                ha="right",
                va="bottom",
                fontsize=9,
                fontweight="bold",
                multialignment="right",
            )
            for i, cell in enumerate(cells):
                ax.text(1.0, i, cell, transform=tr, ha="right", va="center", fontsize=9)
    notes = ["Industries as defined by OEWS (NAICS sectors and subsectors)."]
    finish(fig, title, source, notes)
    return fig


def industries_alt(profile: Profile, with_share_panel: bool = False, rows: int = 10) -> str:
    p, n = profile, rows
    shown = _industry_rows(p, n)
    source = oews_source(p)
    if not shown:
        return f"Industries employing {who(p)}: not published: {_industries_reason(p)}. {source}"
    parts = [
        f"{r.industry} {fmt.count(r.employment)} jobs ({share_pct(r.share_of_industry_employment_percent)} "
        f"of the industry's jobs)"
        for r in shown
    ]
    text = f"Industries employing the most {who(p)}: " + "; ".join(parts) + "."
    if with_share_panel:
        share = _industry_share_rows(p, n)
        text += (
            " Largest share of an industry's jobs: "
            + "; ".join(f"{r.industry} {share_pct(r.share_of_industry_employment_percent)}" for r in share)
            + "."
        )
    return f"{text} {source}"


def industries_data(profile: Profile, rows: int = 10) -> pd.DataFrame:
    """The top ``rows`` industries by the occupation's employment, with its share of each industry's jobs."""
    return frame(
        [
            {
                "industry": r.industry,
                "employment": r.employment,
                "share_of_industry_employment_percent": r.share_of_industry_employment_percent,
            }
            for r in _industry_rows(profile, rows)
        ],
        ["industry", "employment", "share_of_industry_employment_percent"],
    )
