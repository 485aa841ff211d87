"""Sections from projections: BLS Employment Projections (national) and Projections Central (states)."""

from __future__ import annotations

from ..formatting import period_years
from ..pc_codes import pc_title
from ..profile import Projections, RegionalArea, RegionalOutlook, RegionRow
from ..regions import CENSUS_REGIONS, STATE_NAMES
from .tables import Record, SourceTables, as_int

NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}
ALL_OCCUPATIONS_EP_CODE = "00-0000"  # EP Table 1.2 "Total, all occupations"
PANDEMIC_YEAR = 2020  # a base year whose growth partly reflects the recovery: say so beside the figures


def ep_wage_note(tables: SourceTables) -> str:
    """EP's wage is the OEWS median of EP's base year (May), older than the OEWS release shown."""
    ep_year, oews_release = period_years(tables.release("bls_ep"))[0], tables.release("oews")
    gap = int(oews_release[-4:]) - ep_year
    return (
        f"EP's wage is the OEWS May {ep_year} median ({NUMBER_WORDS.get(gap, str(gap))} year{'s' if gap != 1 else ''} "
        f"older than the OEWS {oews_release} figures)."
    )


def all_occupations_change_percent(tables: SourceTables) -> float | None:
    """EP's projected change for all occupations (Table 1.2, 00-0000), the yardstick beside each occupation's."""
    row = tables.ep.get(ALL_OCCUPATIONS_EP_CODE)
    return None if row is None else row["employment_change_percent"]


def build_projections_section(occ: Record, tables: SourceTables) -> Projections:
    """``projections``: BLS Employment Projections for the code EP publishes (persons, percent, text)."""
    code, ep_code = occ["soc_code"], occ["ep_code"]
    row = tables.ep.get(ep_code) if ep_code else None

    def count(field: str) -> int | None:  # EP's ``<field>_count`` column, in persons
        return None if row is None else as_int(row[f"{field}_count"])

    def number(field: str) -> float | None:
        return None if row is None else row[field]

    def text(field: str) -> str | None:
        return None if row is None else row[field]

    reason = None
    if row is None:
        military = " (military occupations are not projected)" if code.startswith("55-") else ""
        reason = (
            f"BLS Employment Projections {tables.release('bls_ep')} publishes no projection for this code{military}"
        )
    return Projections(
        release=tables.release("bls_ep"),
        published_code=ep_code,
        available=row is not None,
        employment_2024=count("employment_2024"),
        employment_2034=count("employment_2034"),
        employment_change=count("employment_change"),
        annual_openings=count("annual_openings"),
        labor_force_exits=count("labor_force_exits"),
        occupational_transfers=count("occupational_transfers"),
        separations=count("separations"),
        change_percent=number("employment_change_percent"),
        self_employed_percent=number("self_employed_percent"),
        labor_force_exit_rate_percent=number("labor_force_exit_rate_percent"),
        occupational_transfer_rate_percent=number("occupational_transfer_rate_percent"),
        separations_rate_percent=number("separations_rate_percent"),
        median_annual_wage_2024_usd=number("median_annual_wage_2024_usd"),
        median_annual_wage_2024_top_coded=bool(row is not None and row["median_annual_wage_2024_top_coded"]),
        typical_entry_education=text("typical_entry_education"),
        work_experience=text("work_experience"),
        on_the_job_training=text("on_the_job_training"),
        wage_note=ep_wage_note(tables),
        all_occupations_change_percent=all_occupations_change_percent(tables),
        reason=reason,
    )


def long_period(release: str) -> str:
    """``"2010–20"`` -> ``"2010–2020"``."""
    start, end = period_years(release)
    return f"{start}–{end}"


def regional_vintage(tables: SourceTables) -> str:
    pc, ep = tables.release("projections_central"), tables.release("bls_ep")
    year = period_years(pc)[0]
    pandemic = ", a pandemic year" if year == PANDEMIC_YEAR else ""
    return f"{long_period(pc)} state projections (base year {year}{pandemic}; not comparable with EP {ep})"


def _regional_area(r: Record) -> RegionalArea:
    return RegionalArea(
        area=r["area_name"],
        state_fips=int(r["state_fips"]),
        employment_2020=as_int(r["base_employment_count"]),
        employment_2030=as_int(r["projected_employment_count"]),
        change_percent=r["change_percent"],
        annual_openings=as_int(r["annual_openings_count"]),
    )


def sum_census_regions(states: tuple[RegionalArea, ...]) -> tuple[RegionRow, ...]:
    """A region's change is the sum over the states that publish the occupation (absent states are not zeros).

    A state publishes it when it has both employment figures (Projections Central has no row without them).
    """
    published = {
        s.state_fips: (s.employment_2020, s.employment_2030)
        for s in states
        if s.employment_2020 is not None and s.employment_2030 is not None
    }
    rows = []
    for region, fips in CENSUS_REGIONS.items():
        have = [published[f] for f in fips if f in published]
        if not have:
            continue
        base = sum(b for b, _ in have)
        projected = sum(p for _, p in have)
        rows.append(
            RegionRow(
                region=region,
                states_published=len(have),
                states_in_region=len(fips),
                states_not_published=tuple(sorted(STATE_NAMES[f] for f in fips if f not in published)),
                employment_2020=base,
                employment_2030=projected,
                change_percent=round(100 * (projected / base - 1), 1) if base else None,
            )
        )
    return tuple(rows)


def build_regional_outlook_section(occ: Record, tables: SourceTables) -> RegionalOutlook:
    """``regional_outlook``: Projections Central by state (FIPS 0 is the national row) and by Census region."""
    pc_code = occ["pc_code"]
    records = tables.regional_by.get(pc_code, []) if pc_code else []
    areas = [_regional_area(r) for r in records]
    national: RegionalArea | None = next((a for a in areas if a.state_fips == 0), None)
    states = tuple(a for a in areas if a.state_fips != 0)
    release = tables.release("projections_central")
    return RegionalOutlook(
        release=release,
        vintage=regional_vintage(tables),
        published_code=pc_code if records else None,
        published_title=pc_title(records[0]["pc_title"]) if records else None,
        national=national,
        states=states,
        regions=sum_census_regions(states),
        reason=None if areas else f"Projections Central {release} publishes no projection for this code",
    )
