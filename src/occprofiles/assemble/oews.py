"""Sections from BLS OEWS: national pay and employment, comparisons, key facts, states, metros, industries."""

from __future__ import annotations

from types import MappingProxyType
from typing import TypedDict

from .. import formatting as fmt
from ..profile import (
    Comparisons,
    IndustryRow,
    KeyFacts,
    MetroRow,
    Oews,
    Projections,
    RelatedOccupation,
    RelatedWage,
    StateRow,
    WageNote,
)
from .tables import Record, SourceTables, as_int

OEWS_MEASURES = ("mean", "p10", "p25", "median", "p75", "p90")
# What differs between the two employment figures; no claim about which difference makes the gap.
EMPLOYMENT_NOTE = (
    "OEWS and Employment Projections (EP) measure employment differently: in scope (OEWS counts wage and salary "
    "jobs in establishments and excludes the self-employed; EP counts all jobs, including the self-employed), in "
    "reference period (OEWS {oews_release}; EP {ep_base_year}) and in rounding (OEWS to the nearest ten; EP to "
    "the nearest hundred)."
)
RELATED_WAGES_SHOWN = 5


def oews_column(form: str, measure: str) -> str:
    """``("annual", "p90")`` -> ``"annual_p90_wage_usd"``; mean and median read ``annual_mean_wage_usd``."""
    return f"{form}_{measure}_wage_usd"


def is_top_coded(row: Record | None, column: str) -> bool:
    """OEWS marks a top-coded wage with footnote 5 (the value itself is withheld)."""
    return row is not None and as_int(row[f"{column}_footnote"]) == fmt.OEWS_FOOTNOTE_TOP_CODED


def build_oews_section(occ: Record, tables: SourceTables) -> Oews:
    """``oews``: national employment and the annual and hourly wage distribution, with reasons for absences."""
    code, oews_code = occ["soc_code"], occ["oews_code"]
    row = tables.national.get(oews_code) if oews_code else None
    wages: dict[str, dict[str, float | None]] = {"annual": {}, "hourly": {}}
    top_coded: dict[str, dict[str, bool]] = {"annual": {}, "hourly": {}}
    notes = []
    for form in ("annual", "hourly"):
        for measure in OEWS_MEASURES:
            column = oews_column(form, measure)
            wages[form][measure] = None if row is None else row[column]
            top_coded[form][measure] = is_top_coded(row, column)
            footnote = None if row is None else as_int(row[f"{column}_footnote"])
            reason = fmt.oews_missing_reason(footnote, hourly=form == "hourly")
            if reason:
                notes.append(WageNote(field=f"{form}_wage_usd.{measure}", footnote_code=footnote, reason=reason))
    employment = None if row is None else as_int(row["employment_count"])
    employment_note = None
    if row is not None and employment is None:
        employment_note = fmt.oews_missing_reason(as_int(row["employment_count_footnote"]), hourly=False)
    reason = None
    if row is None:
        military = " (military occupations are outside the OEWS survey)" if code.startswith("55-") else ""
        reason = f"OEWS {tables.release('oews')} publishes no national estimate for this code{military}"
    return Oews(
        release=tables.release("oews"),
        published_code=oews_code,
        available=row is not None,
        employment=employment,
        employment_note=employment_note,
        employment_rse_percent=None if row is None else row["employment_rse_percent"],
        wage_rse_percent=None if row is None else row["wage_rse_percent"],
        annual_wage_usd=MappingProxyType(wages["annual"]),
        hourly_wage_usd=MappingProxyType(wages["hourly"]),
        annual_wage_top_coded=MappingProxyType(top_coded["annual"]),
        hourly_wage_top_coded=MappingProxyType(top_coded["hourly"]),
        wage_notes=tuple(notes),
        top_code_footnote=tables.oews_footnotes.get(fmt.OEWS_FOOTNOTE_TOP_CODED),
        reason=reason,
    )


def build_comparisons_section(
    occ: Record, oews: Oews, related: tuple[RelatedOccupation, ...], tables: SourceTables
) -> Comparisons:
    """``comparisons``: the annual median beside all occupations, the major group and related occupations."""
    major = occ["major_group_code"]
    major_row = tables.national.get(major)
    # Wages are published per SOC code: compare SOC occupations (titled as SOC titles them), once each.
    closest = {
        r.soc_code: RelatedWage(
            soc_code=r.soc_code,
            title=r.soc_title or r.title,
            annual_median_wage_usd=r.annual_median_wage_usd,
            annual_median_wage_top_coded=is_top_coded(
                tables.national.get(tables.oews_code_of.get(r.soc_code) or ""), "annual_median_wage_usd"
            ),
        )
        for r in related
        if r.relatedness_tier == "Primary-Short" and r.soc_code != occ["soc_code"]
    }
    return Comparisons(
        release=tables.release("oews"),
        annual_median_wage_usd=oews.annual_wage_usd["median"],
        annual_median_wage_top_coded=oews.annual_wage_top_coded["median"],
        all_occupations_annual_median_wage_usd=tables.national["00-0000"]["annual_median_wage_usd"],
        major_group_code=major,
        major_group_title=occ["major_group_title"],
        major_group_annual_median_wage_usd=None if major_row is None else major_row["annual_median_wage_usd"],
        related=tuple(closest.values())[:RELATED_WAGES_SHOWN],
    )


def build_key_facts_section(oews: Oews, projections: Projections, tables: SourceTables) -> KeyFacts:
    """``key_facts``: the figures a chapter opens with, each from the section that owns it."""
    return KeyFacts(
        annual_median_wage_usd=oews.annual_wage_usd["median"],
        annual_median_wage_top_coded=oews.annual_wage_top_coded["median"],
        hourly_median_wage_usd=oews.hourly_wage_usd["median"],
        hourly_median_wage_top_coded=oews.hourly_wage_top_coded["median"],
        oews_employment=oews.employment,
        ep_employment_2024=projections.employment_2024,
        self_employed_percent=projections.self_employed_percent,
        change_percent=projections.change_percent,
        annual_openings=projections.annual_openings,
        typical_entry_education=projections.typical_entry_education,
        employment_note=EMPLOYMENT_NOTE.format(
            oews_release=tables.release("oews"), ep_base_year=fmt.period_years(tables.release("bls_ep"))[0]
        ),
        wage_source=f"BLS OEWS, {tables.release('oews')}",
        projection_source=f"BLS Employment Projections, {tables.release('bls_ep')}",
    )


class Medians(TypedDict):
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    annual_median_wage_note: str | None
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    hourly_median_wage_note: str | None


def _medians(row: Record) -> Medians:
    """A row's annual and hourly medians, their top-code flags and why each is absent (OEWS's footnote)."""
    return Medians(
        annual_median_wage_usd=row["annual_median_wage_usd"],
        annual_median_wage_top_coded=is_top_coded(row, "annual_median_wage_usd"),
        annual_median_wage_note=fmt.oews_missing_reason(as_int(row["annual_median_wage_usd_footnote"]), hourly=False),
        hourly_median_wage_usd=row["hourly_median_wage_usd"],
        hourly_median_wage_top_coded=is_top_coded(row, "hourly_median_wage_usd"),
        hourly_median_wage_note=fmt.oews_missing_reason(as_int(row["hourly_median_wage_usd_footnote"]), hourly=True),
    )


def _vs_national(row: Record, oews: Oews) -> float | None:
    """The gap to the national median of the same form: hourly for an occupation OEWS publishes only hourly."""
    form = "hourly" if oews.hourly_only else "annual"
    median = row[f"{form}_median_wage_usd"]
    national = (oews.hourly_wage_usd if oews.hourly_only else oews.annual_wage_usd)["median"]
    return round(100 * (median / national - 1), 1) if median and national else None


def build_states_section(occ: Record, oews: Oews, tables: SourceTables) -> tuple[StateRow, ...]:
    """``states``: state estimates, most jobs first; the wage gap to the national median in percent."""
    return tuple(
        StateRow(
            state=r["state"],
            state_fips=r["state_code"],
            employment=as_int(r["employment_count"]),
            employment_note=fmt.oews_missing_reason(as_int(r["employment_count_footnote"]), hourly=False),
            employment_per_1000_jobs=r["employment_per_1000_jobs"],
            location_quotient=r["location_quotient"],
            **_medians(r),
            wage_vs_national_percent=_vs_national(r, oews),
        )
        for r in tables.states_by.get(occ["oews_code"], [])
    )


def build_metros_section(occ: Record, tables: SourceTables) -> tuple[MetroRow, ...]:
    """``metros``: the metropolitan and nonmetropolitan areas with most employment, then the areas that
    publish a wage but not the employment count (kept, with the reason)."""
    return tuple(
        MetroRow(
            area=r["area"],
            area_code=r["area_code"],
            employment=as_int(r["employment_count"]),
            employment_note=fmt.oews_missing_reason(as_int(r["employment_count_footnote"]), hourly=False),
            employment_per_1000_jobs=r["employment_per_1000_jobs"],
            location_quotient=r["location_quotient"],
            **_medians(r),
        )
        for r in tables.metros_by.get(occ["oews_code"], [])
    )


def count_published_metros(occ: Record, tables: SourceTables) -> int:
    """``metros_published_count``: how many areas publish the occupation (the profile keeps the largest)."""
    return int(tables.metros_count.get(occ["oews_code"], 0)) if occ["oews_code"] else 0


def build_industries_section(occ: Record, oews: Oews, tables: SourceTables) -> tuple[IndustryRow, ...]:
    """``industries``: one level of the OEWS industry tree, most jobs first, with both shares; then the
    industries that publish a wage but not the employment count (kept, with OEWS's reason; no shares)."""
    rows = []
    for r in tables.industries_by.get(occ["oews_code"], []):
        share, employment = r["share_of_industry_employment_percent"], as_int(r["employment_count"])
        rows.append(
            IndustryRow(
                industry=r["industry_name"],
                industry_code=r["industry_code"],
                employment=employment,
                share_of_occupation_employment_percent=(
                    round(100 * r["employment_count"] / oews.employment, 2)
                    if oews.employment and employment is not None
                    else None
                ),
                share_of_industry_employment_percent=None if share is None else round(share, 2),
                **_medians(r),
                employment_note=fmt.oews_missing_reason(as_int(r["employment_count_footnote"]), hourly=False),
            )
        )
    return tuple(rows)
