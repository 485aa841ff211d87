"""The table registry: the data behind every table of a chapter, as a typed pandas DataFrame.

The companion of the chart registry (``charts.registry``). Each :class:`TableSpec` builds one chapter
table's numbers from a Profile — numbers stay numbers (a value the source does not publish is ``<NA>``,
never 0; a top-coded wage is ``<NA>`` with its ``..._top_coded`` flag set), units are in the column names.
The chapter's section methods pick their rows with the same functions (``state_rows``, ``metro_rows``,
``industry_rows``, ``rating_rows``, ``related_rows``), so a table and its DataFrame show the same rows::

    from occprofiles.charts.tables import TABLES, table
    table("states", p, rows=20)      # the 20 states with most jobs (the chapter shows 10)
    list(TABLES)                     # every table name

``Chapter.table(name, **options)`` is the same call for the chapter's occupation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UnknownChartError
from ..profile import IndustryRow, MetroRow, Profile, Rating, RelatedOccupation, StateRow

if TYPE_CHECKING:
    import pandas as pd

ROWS = 10  # the chapter's tables show the first 10 rows of a ranked list


def typed_frame(records: list[dict[str, Any]], dtypes: dict[str, str]) -> pd.DataFrame:
    """Records as a DataFrame with the given columns and pandas nullable dtypes ("Int64", "Float64",
    "string", "boolean"): a missing value is <NA> whatever the column's type."""
    import pandas as pd

    df = pd.DataFrame.from_records(records, columns=list(dtypes))
    return df.astype(dtypes)


# ------------------------------------------------------------------------------------------------
# row selection shared with the chapter (chapter.py calls these too)
# ------------------------------------------------------------------------------------------------


def state_rows(p: Profile, rows: int = ROWS, states: Sequence[str] | None = None) -> list[StateRow]:
    """The profile's states in its order (most jobs first): the first ``rows``, or the ``states`` named
    (names or postal codes, any case)."""
    if states is None:
        return list(p.states[:rows])
    from .geography import named_states

    wanted = named_states(p, states)
    return [s for s in p.states if s.state in wanted]


def metro_rows(p: Profile, rows: int = ROWS) -> list[MetroRow]:
    """The ``rows`` areas with most jobs, then areas that publish a wage but not the employment count."""
    shown = [m for m in p.metros if m.employment is not None][:rows]
    return shown + [m for m in p.metros if m.employment is None][: max(0, rows - len(shown))]


def industry_rows(p: Profile, rows: int = ROWS) -> list[IndustryRow]:
    return list(p.industries[:rows])


def rating_rows(ratings: Sequence[Rating], rows: int = ROWS) -> list[Rating]:
    return list(ratings[:rows])


def related_rows(p: Profile, rows: int = ROWS) -> list[RelatedOccupation]:
    return list(p.related_occupations[:rows])


# ------------------------------------------------------------------------------------------------
# the tables
# ------------------------------------------------------------------------------------------------


def key_facts_table(p: Profile) -> pd.DataFrame:
    """The key-facts box as one row per fact: its number (or text), the unit and the source."""
    k, oews, ep = p.key_facts, f"BLS OEWS, {p.oews.release}", f"BLS Employment Projections, {p.projections.release}"
    automation = f"Frey & Osborne, {p.automation.release}"
    balance = f"O*NET {p.work_life_balance.release} ratings (USDOL/ETA, CC BY 4.0)"
    facts: list[tuple[str, float | int | None, str | None, str, bool, str]] = [
        ("annual_median_wage", k.annual_median_wage_usd, None, "usd", k.annual_median_wage_top_coded, oews),
        ("hourly_median_wage", k.hourly_median_wage_usd, None, "usd", k.hourly_median_wage_top_coded, oews),
        ("oews_employment", k.oews_employment, None, "jobs", False, oews),
        ("ep_employment_2024", k.ep_employment_2024, None, "jobs", False, ep),
        ("projected_change", k.change_percent, None, "percent", False, ep),
        ("annual_openings", k.annual_openings, None, "openings a year", False, ep),
        ("typical_entry_education", None, k.typical_entry_education, "text", False, ep),
        ("self_employed_share_2024", k.self_employed_percent, None, "percent", False, ep),
        ("automation_probability", p.automation.probability, None, "probability 0-1", False, automation),
        ("work_life_balance", p.work_life_balance.score, None, "score 0-10", False, balance),
    ]
    return typed_frame(
        [{"fact": f, "value": v, "text": t, "unit": u, "top_coded": tc, "source": s} for f, v, t, u, tc, s in facts],
        {
            "fact": "string",
            "value": "Float64",
            "text": "string",
            "unit": "string",
            "top_coded": "boolean",
            "source": "string",
        },
    )


def wages_table(p: Profile) -> pd.DataFrame:
    o = p.oews
    keys = ("p10", "p25", "median", "p75", "p90", "mean")
    return typed_frame(
        [
            {
                "measure": m,
                "annual_wage_usd": o.annual_wage_usd.get(m),
                "annual_top_coded": o.annual_wage_top_coded.get(m, False),
                "hourly_wage_usd": o.hourly_wage_usd.get(m),
                "hourly_top_coded": o.hourly_wage_top_coded.get(m, False),
            }
            for m in keys
        ],
        {
            "measure": "string",
            "annual_wage_usd": "Float64",
            "annual_top_coded": "boolean",
            "hourly_wage_usd": "Float64",
            "hourly_top_coded": "boolean",
        },
    )


def wage_comparison_table(p: Profile) -> pd.DataFrame:
    """This occupation, all occupations, its major group and the related occupations' annual medians."""
    c = p.comparisons
    records = [
        {"label": p.title, "soc_code": p.soc_code, "kind": "self", "annual_median_wage_usd": c.annual_median_wage_usd},
        {
            "label": "All occupations",
            "soc_code": "00-0000",
            "kind": "benchmark",
            "annual_median_wage_usd": c.all_occupations_annual_median_wage_usd,
        },
        {
            "label": c.major_group_title or c.major_group_code,
            "soc_code": c.major_group_code,
            "kind": "benchmark",
            "annual_median_wage_usd": c.major_group_annual_median_wage_usd,
        },
    ]
    records += [
        {
            "label": r.title,
            "soc_code": r.soc_code,
            "kind": "related",
            "annual_median_wage_usd": r.annual_median_wage_usd,
        }
        for r in c.related
    ]
    return typed_frame(
        records, {"label": "string", "soc_code": "string", "kind": "string", "annual_median_wage_usd": "Float64"}
    )


def states_table(p: Profile, rows: int = ROWS, states: Sequence[str] | None = None) -> pd.DataFrame:
    return typed_frame(
        [
            {
                "state": s.state,
                "employment_count": s.employment,
                "employment_per_1000_jobs": s.employment_per_1000_jobs,
                "location_quotient": s.location_quotient,
                "annual_median_wage_usd": s.annual_median_wage_usd,
                "annual_median_wage_top_coded": s.annual_median_wage_top_coded,
                "hourly_median_wage_usd": s.hourly_median_wage_usd,  # hourly-only occupations
                "wage_vs_national_percent": s.wage_vs_national_percent,
            }
            for s in state_rows(p, rows, states)
        ],
        {
            "state": "string",
            "employment_count": "Int64",
            "employment_per_1000_jobs": "Float64",
            "location_quotient": "Float64",
            "annual_median_wage_usd": "Float64",
            "annual_median_wage_top_coded": "boolean",
            "hourly_median_wage_usd": "Float64",
            "wage_vs_national_percent": "Float64",
        },
    )


def metros_table(p: Profile, rows: int = ROWS) -> pd.DataFrame:
    return typed_frame(
        [
            {
                "area": m.area,
                "area_code": m.area_code,
                "employment_count": m.employment,
                "location_quotient": m.location_quotient,
                "annual_median_wage_usd": m.annual_median_wage_usd,
                "annual_median_wage_top_coded": m.annual_median_wage_top_coded,
                "hourly_median_wage_usd": m.hourly_median_wage_usd,  # hourly-only occupations
            }
            for m in metro_rows(p, rows)
        ],
        {
            "area": "string",
            "area_code": "string",
            "employment_count": "Int64",
            "location_quotient": "Float64",
            "annual_median_wage_usd": "Float64",
            "annual_median_wage_top_coded": "boolean",
            "hourly_median_wage_usd": "Float64",
        },
    )


def industries_table(p: Profile, rows: int = ROWS) -> pd.DataFrame:
    return typed_frame(
        [
            {
                "industry": i.industry,
                "industry_code": i.industry_code,
                "employment_count": i.employment,
                "share_of_occupation_employment_percent": i.share_of_occupation_employment_percent,
                "share_of_industry_employment_percent": i.share_of_industry_employment_percent,
                "annual_median_wage_usd": i.annual_median_wage_usd,
                "annual_median_wage_top_coded": i.annual_median_wage_top_coded,
                "hourly_median_wage_usd": i.hourly_median_wage_usd,  # hourly-only occupations
            }
            for i in industry_rows(p, rows)
        ],
        {
            "industry": "string",
            "industry_code": "string",
            "employment_count": "Int64",
            "share_of_occupation_employment_percent": "Float64",
            "share_of_industry_employment_percent": "Float64",
            "annual_median_wage_usd": "Float64",
            "annual_median_wage_top_coded": "boolean",
            "hourly_median_wage_usd": "Float64",
        },
    )


def _ratings_table(ratings: Sequence[Rating], rows: int) -> pd.DataFrame:
    return typed_frame(
        [
            {"name": r.name, "element_id": r.element_id, "importance_1_5": r.importance, "level_0_7": r.level}
            for r in rating_rows(ratings, rows)
        ],
        {"name": "string", "element_id": "string", "importance_1_5": "Float64", "level_0_7": "Float64"},
    )


def skills_table(p: Profile, rows: int = ROWS) -> pd.DataFrame:
    return _ratings_table(p.skills, rows)


def knowledge_table(p: Profile, rows: int = ROWS) -> pd.DataFrame:
    return _ratings_table(p.knowledge, rows)


def regions_table(p: Profile) -> pd.DataFrame:
    """Census regions summed over their publishing states (Projections Central), with the states left out."""
    return typed_frame(
        [
            {
                "region": g.region,
                "states_published": g.states_published,
                "states_in_region": g.states_in_region,
                "states_not_published": "; ".join(g.states_not_published),
                "employment_2020_count": g.employment_2020,
                "employment_2030_count": g.employment_2030,
                "change_percent": g.change_percent,
            }
            for g in p.regional_outlook.regions
        ],
        {
            "region": "string",
            "states_published": "Int64",
            "states_in_region": "Int64",
            "states_not_published": "string",
            "employment_2020_count": "Int64",
            "employment_2030_count": "Int64",
            "change_percent": "Float64",
        },
    )


def related_table(p: Profile, rows: int = ROWS) -> pd.DataFrame:
    return typed_frame(
        [
            {
                "title": r.title,
                "soc_code": r.soc_code,
                "onet_soc_code": r.onet_soc_code,
                "relatedness_tier": r.relatedness_tier,
                "annual_median_wage_usd": r.annual_median_wage_usd,
            }
            for r in related_rows(p, rows)
        ],
        {
            "title": "string",
            "soc_code": "string",
            "onet_soc_code": "string",
            "relatedness_tier": "string",
            "annual_median_wage_usd": "Float64",
        },
    )


def automation_table(p: Profile) -> pd.DataFrame:
    """The SOC 2010 codes whose Frey–Osborne probabilities the automation estimate is built from."""
    return typed_frame(
        [
            {"soc_2010_code": x.soc_2010_code, "title": x.title, "probability": x.probability}
            for x in p.automation.soc_2010_inputs
        ],
        {"soc_2010_code": "string", "title": "string", "probability": "Float64"},
    )


def strengths_challenges_table(p: Profile) -> pd.DataFrame:
    rows = [(f, "strength") for f in p.strengths] + [(f, "challenge") for f in p.challenges]
    return typed_frame(
        [{"id": f.id, "label": f.label, "kind": kind, "evidence": f.evidence, "rule": f.rule} for f, kind in rows],
        {"id": "string", "label": "string", "kind": "string", "evidence": "string", "rule": "string"},
    )


def sources_table(p: Profile) -> pd.DataFrame:
    return typed_frame(
        [
            {"source_id": sid, "title": s.title, "release": s.release, "url": s.url, "licence": s.licence}
            for sid, s in sorted(p.sources.items())
        ],
        {"source_id": "string", "title": "string", "release": "string", "url": "string", "licence": "string"},
    )


@dataclass(frozen=True)
class TableSpec:
    """One chapter table: its name, the ``Chapter`` method that shows it, and its builder
    (``build(profile, **options)`` → DataFrame)."""

    name: str
    section: str
    description: str
    build: Callable[..., pd.DataFrame]

    def __call__(self, profile: Profile, **options: Any) -> pd.DataFrame:
        return self.build(profile, **options)


_ALL = (
    TableSpec(
        "key_facts",
        "key_facts",
        "The key facts: wage, employment, growth, openings, education, automation, work-life balance",
        key_facts_table,
    ),
    TableSpec("automation", "career_metrics", "Frey–Osborne inputs (SOC 2010 codes)", automation_table),
    TableSpec(
        "strengths_challenges", "career_metrics", "Strengths and challenges with evidence", strengths_challenges_table
    ),
    TableSpec("skills", "skills_and_education", "Top skills: importance 1–5, level 0–7", skills_table),
    TableSpec("knowledge", "skills_and_education", "Top knowledge areas: importance and level", knowledge_table),
    TableSpec("wages", "pay", "Wage percentiles and mean, annual and hourly", wages_table),
    TableSpec("wage_comparison", "pay", "Annual median vs all, major group and related", wage_comparison_table),
    TableSpec("states", "geography", "States with the most jobs", states_table),
    TableSpec("metros", "geography", "Metropolitan and nonmetropolitan areas with the most jobs", metros_table),
    TableSpec("industries", "industries", "Industries with the most jobs in the occupation", industries_table),
    TableSpec("regions", "regional_outlook", "Projected employment by Census region", regions_table),
    TableSpec("related", "related", "Related occupations (O*NET) with their OEWS median", related_table),
    TableSpec("sources", "sources", "The sources, releases and licences", sources_table),
)
TABLES: dict[str, TableSpec] = {t.name: t for t in _ALL}


def table_spec(name: str) -> TableSpec:
    try:
        return TABLES[name]
    except KeyError:
        raise UnknownChartError(f"no table named {name!r}; tables: {', '.join(TABLES)}") from None


def table(name: str, profile: Profile, **options: Any) -> pd.DataFrame:
    """The DataFrame behind chapter table ``name`` for ``profile`` (options: ``rows``, ``states``...)."""
    return table_spec(name).build(profile, **options)
