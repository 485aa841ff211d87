"""The chart specifications: what each chart shows, how its data is prepared, drawn and described.

One registry serves the chapter (``Chapter.chart(name)``) and the analyst::

    from occprofiles import charts
    from occprofiles.profile import load_profile

    p = load_profile("29-1141")
    charts.spec("knowledge").data(p)      # the numbers drawn, as a DataFrame
    fig = charts.draw("knowledge", p)     # the Figure (drawn in the chart style)
    charts.alt_text("knowledge", p)       # the text alternative
    list(charts.SPECS)                    # every chart name
    charts.draw("state_wage", p, rows=5, highlight=["CA"])   # a chart's options, as keyword arguments

Options (``rows``, ``states``, ``highlight``, ``related``, ``by``...) are the keyword arguments of the chart's
drawing function; its data and text alternative take the same ones, so the three agree.

``CHARTS`` is the chapter's default set in chapter order (``render_all`` draws it); ``EXTRA_CHARTS``
holds charts a chapter or an analyst may add. A spec is callable: ``charts.CHARTS["riasec"](p)`` draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from ..errors import UnknownChartError
from ..group_data import GroupData
from ..profile import Profile
from . import compare, geography, group, industries, onet, projections, wages

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ChartSpec:
    """One chart: ``data`` (Profile → the DataFrame drawn), ``figure`` (Profile → Figure) and ``alt``
    (Profile → its text alternative, the numbers in words)."""

    name: str
    description: str
    data: Callable[..., pd.DataFrame]  # (profile, **options)
    figure: Callable[..., Figure]
    alt: Callable[..., str]

    # ``profile``: a Profile, or a major group's figures (GroupData) for a group overview chart
    def __call__(self, profile: Profile | GroupData, **options: Any) -> Figure:
        return self.figure(profile, **options)

    def alt_text(self, profile: Profile | GroupData, **options: Any) -> str:
        return re.sub(r"\s+", " ", self.alt(profile, **options)).strip()


_ALL = (
    ChartSpec(
        "wage_distribution",
        "Wage percentiles (10th–90th), median and mean",
        wages.wage_distribution_data,
        wages.wage_distribution_chart,
        wages.wage_distribution_alt,
    ),
    ChartSpec(
        "median_comparison",
        "Median annual wage vs all occupations, the major group and related ones",
        wages.median_comparison_data,
        wages.median_comparison_chart,
        wages.median_comparison_alt,
    ),
    ChartSpec("riasec", "RIASEC interest scores (O*NET, 1–7)", onet.riasec_data, onet.riasec_chart, onet.riasec_alt),
    ChartSpec(
        "projection",
        "Employment in the base and target years; annual openings by cause",
        projections.projection_data,
        projections.projection_chart,
        projections.projection_alt,
    ),
    ChartSpec(
        "state_tile_map",
        "Location quotient by state (tile map)",
        geography.state_tile_map_data,
        geography.state_tile_map_chart,
        geography.state_tile_map_alt,
    ),
    ChartSpec(
        "state_wage",
        "Median annual wage in the 10 states with most jobs vs the US",
        geography.state_wage_data,
        geography.state_wage_chart,
        geography.state_wage_alt,
    ),
    ChartSpec(
        "industries",
        "Top 10 industries by employment",
        industries.industries_data,
        industries.industries_chart,
        industries.industries_alt,
    ),
    ChartSpec(
        "skills", "Top 10 skills: importance and level (O*NET)", onet.skills_data, onet.skills_chart, onet.skills_alt
    ),
    ChartSpec(
        "education",
        "Required education (O*NET respondents)",
        onet.education_data,
        onet.education_chart,
        onet.education_alt,
    ),
    ChartSpec(
        "regional_outlook",
        "Projected change by Census region and in the largest states",
        projections.regional_outlook_data,
        projections.regional_outlook_chart,
        projections.regional_outlook_alt,
    ),
    ChartSpec(
        "knowledge",
        "Top 10 knowledge areas: importance and level (O*NET)",
        onet.knowledge_data,
        onet.knowledge_chart,
        onet.knowledge_alt,
    ),
)
SPECS: dict[str, ChartSpec] = {s.name: s for s in _ALL}
EXTRA_CHART_NAMES = ("knowledge",)
# The chapter's default charts, in chapter order.
CHARTS: dict[str, ChartSpec] = {name: s for name, s in SPECS.items() if name not in EXTRA_CHART_NAMES}
EXTRA_CHARTS: dict[str, ChartSpec] = {name: SPECS[name] for name in EXTRA_CHART_NAMES}


# A group overview's charts (notebooks/group_overview.ipynb): drawn from a major group's figures
# (occprofiles.group_data.GroupData) instead of a Profile; same functions, same conventions.
GROUP_CHARTS: dict[str, ChartSpec] = {
    s.name: s
    for s in (
        ChartSpec(
            "group_employment_wage",
            "Employment and median annual wage of the group's occupations with most jobs (OEWS)",
            group.group_employment_wage_data,
            group.group_employment_wage_chart,
            group.group_employment_wage_alt,
        ),
        ChartSpec(
            "group_wage_growth",
            "Median annual wage (OEWS) against projected change in employment (EP), one point per occupation",
            group.group_wage_growth_data,
            group.group_wage_growth_chart,
            group.group_wage_growth_alt,
        ),
        ChartSpec(
            "group_education",
            "Typical entry education of the group's occupations (EP)",
            group.group_education_data,
            group.group_education_chart,
            group.group_education_alt,
        ),
    )
}


def group_spec(name: str) -> ChartSpec:
    """The specification of group overview chart ``name``."""
    try:
        return GROUP_CHARTS[name]
    except KeyError:
        raise UnknownChartError(f"no group chart named {name!r}; group charts: {', '.join(GROUP_CHARTS)}") from None


# Charts of a comparison chapter: ``data``, ``figure`` and ``alt`` take the occupations' profiles (2 to 4,
# in the order shown) instead of one profile: ``COMPARISON_SPECS["interests_overlay"].figure(profiles)``.
_COMPARISON = (
    ChartSpec(
        "wage_ranges",
        "Annual wage percentiles (10th–90th) of each occupation on one axis",
        compare.wage_ranges_data,
        compare.wage_ranges_chart,
        compare.wage_ranges_alt,
    ),
    ChartSpec(
        "outlook",
        "Employment in the base and target years, projected change and openings a year",
        compare.outlook_data,
        compare.outlook_chart,
        compare.outlook_alt,
    ),
    ChartSpec(
        "skills_overlap",
        "Top skills of each occupation by importance, shared ones marked",
        compare.skills_overlap_data,
        compare.skills_overlap_chart,
        compare.skills_overlap_alt,
    ),
    ChartSpec(
        "knowledge_overlap",
        "Top knowledge areas of each occupation by importance, shared ones marked",
        compare.knowledge_overlap_data,
        compare.knowledge_overlap_chart,
        compare.knowledge_overlap_alt,
    ),
    ChartSpec(
        "interests_overlay",
        "RIASEC interest profiles overlaid",
        compare.interests_overlay_data,
        compare.interests_overlay_chart,
        compare.interests_overlay_alt,
    ),
)
COMPARISON_SPECS: dict[str, ChartSpec] = {s.name: s for s in _COMPARISON}


def comparison_spec(name: str) -> ChartSpec:
    """The specification of comparison chart ``name``; an unknown name raises, listing the known ones."""
    try:
        return COMPARISON_SPECS[name]
    except KeyError:
        raise UnknownChartError(f"no comparison chart named {name!r}; charts: {', '.join(COMPARISON_SPECS)}") from None


def spec(name: str) -> ChartSpec:
    """The specification of chart ``name``; an unknown name raises, listing the known ones."""
    try:
        return SPECS[name]
    except KeyError:
        raise UnknownChartError(f"no chart named {name!r}; charts: {', '.join(SPECS)}") from None


def draw(name: str, profile: Profile, **options: Any) -> Figure:
    """Chart ``name`` of ``profile`` as a Figure (the caller owns it: ``fig.clear()`` when done)."""
    return spec(name).figure(profile, **options)


def chart_data(name: str, profile: Profile, **options: Any) -> pd.DataFrame:
    """The numbers chart ``name`` draws for ``profile``, as a DataFrame."""
    return spec(name).data(profile, **options)


def alt_text(name: str, profile: Profile, **options: Any) -> str:
    """The text alternative of chart ``name``: the numbers it shows, in words, on one line."""
    return spec(name).alt_text(profile, **options)


def render_all(profile: Profile) -> dict[str, Figure]:
    """Every chart of CHARTS for one profile, in chapter order. The caller closes/discards them."""
    return {name: s.figure(profile) for name, s in CHARTS.items()}
