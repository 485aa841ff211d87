"""One row per occupation with a profile, for the explorer page and the ranked lists.

Numbers stay numbers (for sorting and ranking) beside the strings readers see, which come from
:mod:`occprofiles.formatting` exactly as the chapters write them. A value a source does not publish has
no number (it sorts last and is never ranked); a top-coded wage has only its bound.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .. import formatting as fmt
from ..contract import PROFILES_TABLE
from ..profile import Profile, _query
from ..registry import Source, load_registry

# How the explorer's column headers name each source (the release always comes from the registry).
# tests/test_explorer.py checks that each name is in the registry's title of its source.
SOURCE_NAMES = {
    "oews": "OEWS",
    "bls_ep": "EP",
    "onet": "O*NET",
    "frey_osborne": "Frey & Osborne",
}


@dataclass(frozen=True)
class Cell:
    """What a reader sees, and the number it sorts by (None: not published, sorts last)."""

    text: str
    sort: float | None = None
    note: str | None = None  # why the value is shown the way it is (title attribute)


@dataclass(frozen=True)
class ExplorerRow:
    code: str
    title: str
    major_code: str
    major_title: str
    wage: Cell  # median annual wage; hourly-only pay shown as hourly (no annual sort number)
    wage_annual_usd: float | None  # the published annual median (None if top-coded or not published)
    wage_top_coded: bool
    employment: Cell
    oews_aggregate: str | None  # the OEWS code wage and employment are published under, when it is not this code
    growth: Cell
    openings: Cell
    ep_aggregate: str | None  # the EP code the projection is published under, when it is not this code
    education: str
    job_zone: Cell
    holland: str
    automation: Cell


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    source: str | None  # registry id
    numeric: bool

    def source_label(self, registry: Mapping[str, Source]) -> str | None:
        """ "OEWS May 2025": the source's short name and its release (from the registry)."""
        if self.source is None:
            return None
        return f"{SOURCE_NAMES[self.source]} {registry[self.source].release}"

    def header(self, registry: Mapping[str, Source]) -> str:
        label = self.source_label(registry)
        return self.label if label is None else f"{self.label} ({label})"


COLUMNS = (
    Column("code", "SOC code", None, False),
    Column("title", "Occupation", None, False),
    Column("major", "Major group", None, False),
    Column("wage", "Median annual wage", "oews", True),
    Column("employment", "Employment", "oews", True),
    Column("growth", "Projected growth", "bls_ep", True),
    Column("openings", "Openings a year", "bls_ep", True),
    Column("education", "Typical entry education", "bls_ep", False),
    Column("job_zone", "Job zone", "onet", True),
    Column("holland", "Holland code", "onet", False),
    Column("automation", "Automation probability", "frey_osborne", True),
)


def probability_percent(value: float | None) -> str:
    """Frey & Osborne's probability of computerisation as the chapters write it (0.0073 -> "0.7%")."""
    return fmt.NOT_PUBLISHED if not fmt.has_value(value) else f"{value:.1%}"


def _aggregate_note(source: str, code: str) -> str:
    return f"{source} publishes this figure for {code}, which includes this occupation"


def _oews_aggregate(p: Profile) -> str | None:
    return p.oews.published_code if p.oews.available and p.oews.published_code != p.soc_code else None


def _wage(p: Profile) -> Cell:
    k = p.key_facts
    aggregate = _oews_aggregate(p)
    if aggregate and fmt.has_value(k.annual_median_wage_usd) and not k.annual_median_wage_top_coded:
        return Cell(k.annual_median_wage_display, k.annual_median_wage_usd, _aggregate_note("OEWS", aggregate))
    if k.annual_median_wage_top_coded:
        return Cell(
            k.annual_median_wage_display,
            float(fmt.OEWS_TOP_CODE_ANNUAL_USD),
            "at or above the OEWS top code: BLS publishes the bound, not the value",
        )
    if fmt.has_value(k.annual_median_wage_usd):
        return Cell(k.annual_median_wage_display, k.annual_median_wage_usd)
    if fmt.has_value(k.hourly_median_wage_usd) or k.hourly_median_wage_top_coded:
        note = "BLS publishes this occupation's pay only as hourly wages (OEWS footnote 4)"
        return Cell(k.hourly_median_wage_display, None, note)
    return Cell(fmt.NOT_PUBLISHED, None, p.oews.reason)


def row_of(p: Profile) -> ExplorerRow:
    k, proj = p.key_facts, p.projections
    aggregate = proj.published_code if proj.available and proj.published_code != p.soc_code else None
    ep_note = _aggregate_note("EP", aggregate) if aggregate else None
    oews_aggregate = _oews_aggregate(p)
    employment_note = _aggregate_note("OEWS", oews_aggregate) if oews_aggregate else p.oews.employment_note
    ep_reason = None if proj.available else proj.reason
    return ExplorerRow(
        code=p.soc_code,
        title=p.title,
        major_code=p.major_group.code[:2],
        major_title=(p.major_group.title or p.major_group.code).removesuffix(" Occupations"),
        wage=_wage(p),
        wage_annual_usd=k.annual_median_wage_usd if not k.annual_median_wage_top_coded else None,
        wage_top_coded=k.annual_median_wage_top_coded,
        employment=Cell(fmt.count(k.oews_employment), k.oews_employment, employment_note),
        oews_aggregate=oews_aggregate,
        growth=Cell(fmt.percent(k.change_percent, signed=True), k.change_percent, ep_note or ep_reason),
        openings=Cell(fmt.ep_count(k.annual_openings), k.annual_openings, ep_note or ep_reason),
        ep_aggregate=aggregate,
        education=k.typical_entry_education or fmt.NOT_PUBLISHED,
        job_zone=Cell(str(p.job_zone) if p.job_zone else fmt.NOT_PUBLISHED, p.job_zone),
        holland=p.interests.high_point_code or fmt.NOT_PUBLISHED,
        automation=Cell(probability_percent(p.automation.probability), p.automation.probability, p.automation.reason),
    )


@cache
def explorer_rows() -> tuple[ExplorerRow, ...]:
    """Every occupation in the profiles database, in SOC order."""
    rows = _query(f"SELECT json FROM {PROFILES_TABLE} ORDER BY soc_code")
    return tuple(row_of(Profile.from_dict(json.loads(r[0]))) for r in rows)


def headers() -> dict[str, str]:
    registry = load_registry()
    return {c.key: c.header(registry) for c in COLUMNS}
