"""``book/profile-json.md``, generated from the typed Profile: every key, its JSON type and its meaning.

``python -m occprofiles.contract_doc`` rewrites the page; ``tests/test_profile_contract.py`` fails when a
dataclass field is added, removed or retyped and the page (or :data:`FIELD_DOCS`) does not follow.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import sys
import types
import typing
from pathlib import Path
from typing import Any

from . import paths
from .contract import PROFILE_SCHEMA_VERSION
from .profile import Profile
from .registry import load_registry

RELEASE = {source_id: source.release for source_id, source in load_registry().items()}  # examples on the page

CONTRACT_PAGE = Path("book") / "profile-json.md"
WAGE_KEYS = "`p10`, `p25`, `median`, `p75`, `p90`, `mean`"

# class name -> (what one value of the class is, {field: meaning}); every field of every class, no more.
FIELD_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "Profile": (
        "One occupation's document (the top level).",
        {
            "schema_version": f"version of this contract ({PROFILE_SCHEMA_VERSION}); raised when a key is renamed, removed or retyped",
            "soc_code": '2018 SOC detailed code (or an OEWS/EP aggregate code), e.g. `"11-9111"`',
            "title": "SOC 2018 title (for aggregates, the title BLS publishes)",
            "major_group": "SOC major group",
            "broad_group": "SOC broad group",
            "soc_definition": "SOC 2018 definition (null for aggregate codes)",
            "onet_soc_code": "the O\\*NET SOC-level record (`.00`), null when O\\*NET has none",
            "onet_description": "its O\\*NET description",
            "alternate_titles": "O\\*NET alternate titles (sorted)",
            "onet_specialties": "other O\\*NET-SOC codes under this SOC code",
            "code_mapping": "which published code each source's figures come from",
            "key_facts": "the figures a chapter opens with",
            "tasks": "O\\*NET task statements, core first",
            "oews": "BLS OEWS national estimates, all industries",
            "comparisons": "the annual median beside all occupations, the major group and related occupations",
            "projections": "BLS Employment Projections",
            "interests": "O\\*NET occupational interests (RIASEC)",
            "skills": "O\\*NET skills, most important first",
            "knowledge": "O\\*NET knowledge areas, most important first",
            "work_styles": "O\\*NET work styles (importance only; `level` is null)",
            "work_values": "O\\*NET work values",
            "education": "O\\*NET required level of education",
            "job_zone": "O\\*NET job zone 1–5",
            "technology_skills": "O\\*NET technology skills, hot technologies first",
            "related_occupations": "O\\*NET related occupations, with the OEWS median of their SOC code",
            "states": "OEWS state estimates, most jobs first",
            "metros": "the 25 metropolitan/nonmetropolitan areas with most jobs",
            "metros_published_count": "how many areas publish the occupation",
            "industries": "OEWS national estimates by industry (one level of the industry tree), most jobs first",
            "regional_outlook": "Projections Central state projections and Census-region sums",
            "automation": "Frey & Osborne probability of computerisation",
            "work_life_balance": "work-life balance indicator",
            "strengths": "strength rules that hold (see [Methods](methods.md))",
            "challenges": "challenge rules that hold",
            "sections": "section name → where it comes from and whether it has data: identity, tasks, wages, employment, "
            "projections, interests, skills, knowledge, work_styles, education, technology_skills, "
            "related_occupations, states, metros, industries, regional_outlook, automation, work_life_balance",
            "sources": "source id → its title, release, link and licence (`oews`, `bls_ep`, `onet`, `frey_osborne`, `soc`, "
            "`projections_central`)",
        },
    ),
    "CodeTitle": ("A SOC group.", {"code": "SOC code", "title": "SOC title"}),
    "Specialty": (
        "An O\\*NET-SOC specialty.",
        {
            "onet_soc_code": "O\\*NET-SOC code",
            "title": "O\\*NET title",
            "description": "O\\*NET description",
            "tasks": "O\\*NET's tasks for the specialty, core first",
            "skills": "its most important skills (the first 10), most important first",
        },
    ),
    "CodeMapping": (
        "Which code each source publishes.",
        {
            "kind": '`"detailed"` or `"aggregate"`',
            "covers": "for an aggregate, the detailed codes it covers",
            "oews_code": "code OEWS publishes the figures under",
            "ep_code": "code EP publishes the figures under",
            "pc_code": "code Projections Central publishes the regional outlook under",
            "notes": "why, in words",
        },
    ),
    "KeyFacts": (
        "The opening figures, each copied from the section that owns it.",
        {
            "annual_median_wage_usd": "OEWS annual median (null if not published or top-coded)",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code ($239,200)",
            "hourly_median_wage_usd": "OEWS hourly median",
            "hourly_median_wage_top_coded": "true: at or above $115.00/h",
            "oews_employment": "OEWS employment (excludes the self-employed)",
            "ep_employment_2024": "EP employment 2024 (includes the self-employed)",
            "self_employed_percent": "EP self-employed share, 2024",
            "change_percent": "EP projected change",
            "annual_openings": "EP openings a year",
            "typical_entry_education": "EP typical entry-level education",
            "employment_note": "how OEWS and EP measure employment differently (scope, reference period, rounding)",
            "wage_source": "source and release of the wage",
            "projection_source": "source and release of the projections",
        },
    ),
    "Task": (
        "An O\\*NET task statement.",
        {"text": "the statement", "type": '`"Core"`, `"Supplemental"` or null', "task_id": "O\\*NET task id"},
    ),
    "Oews": (
        "BLS OEWS national, all industries.",
        {
            "release": f'e.g. "{RELEASE["oews"]}" (from the registry)',
            "published_code": "OEWS code of the figures",
            "available": "OEWS publishes an estimate for the code",
            "employment": "persons",
            "employment_note": "why employment is null",
            "employment_rse_percent": "relative standard error of employment",
            "wage_rse_percent": "relative standard error of the mean wage",
            "annual_wage_usd": f"{WAGE_KEYS} annual wages; null if not published or top-coded",
            "hourly_wage_usd": "the same keys, hourly wages",
            "annual_wage_top_coded": "the same keys: true when BLS publishes only the top code as a bound (footnote 5)",
            "hourly_wage_top_coded": "the same keys, hourly",
            "wage_notes": "one note per unpublished value",
            "top_code_footnote": "the text of OEWS footnote 5 (the top code), as the OEWS footnote table publishes it",
            "reason": "why OEWS has no estimate",
        },
    ),
    "WageNote": (
        "Why one wage value is not published.",
        {
            "field": 'e.g. `"annual_wage_usd.p90"`',
            "footnote_code": "OEWS footnote: 4 one form only, 5 top-coded, 8 not released",
            "reason": "the footnote in words",
        },
    ),
    "Comparisons": (
        "Annual medians compared (OEWS).",
        {
            "release": "OEWS release",
            "annual_median_wage_usd": "this occupation",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
            "all_occupations_annual_median_wage_usd": "all occupations (00-0000)",
            "major_group_code": "SOC major group",
            "major_group_title": "its title",
            "major_group_annual_median_wage_usd": "the major group's median",
            "related": "up to 5 closely related SOC occupations",
        },
    ),
    "RelatedWage": (
        "A related occupation's median.",
        {
            "soc_code": "SOC code",
            "title": "SOC title",
            "annual_median_wage_usd": "OEWS annual median",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
        },
    ),
    "Projections": (
        "BLS Employment Projections (persons; rates in percent).",
        {
            "release": f'e.g. "{RELEASE["bls_ep"]}"',
            "published_code": "EP code of the figures",
            "available": "EP projects the code",
            "employment_2024": "persons",
            "employment_2034": "persons",
            "employment_change": "persons",
            "change_percent": "percent",
            "annual_openings": "persons a year",
            "labor_force_exits": "persons a year",
            "occupational_transfers": "persons a year",
            "separations": "persons a year",
            "labor_force_exit_rate_percent": "percent",
            "occupational_transfer_rate_percent": "percent",
            "separations_rate_percent": "percent",
            "self_employed_percent": "percent of 2024 employment",
            "median_annual_wage_2024_usd": "EP's wage (the OEWS median of EP's base year); null if unavailable or top-coded",
            "median_annual_wage_2024_top_coded": 'true: EP writes ">=$239,200"',
            "typical_entry_education": "EP category",
            "work_experience": "EP category",
            "on_the_job_training": "EP category",
            "wage_note": "how old EP's wage is",
            "all_occupations_change_percent": "EP's projected change for all occupations (Table 1.2, code 00-0000), percent",
            "reason": "why EP has no projection",
        },
    ),
    "Interests": (
        "O\\*NET occupational interests, 1 (low) to 7 (high).",
        {
            "release": "O\\*NET release",
            "scale": "the scale in words",
            "realistic": "score",
            "investigative": "score",
            "artistic": "score",
            "social": "score",
            "enterprising": "score",
            "conventional": "score",
            "high_point_code": 'O\\*NET high-point code, e.g. "ECS"',
        },
    ),
    "Rating": (
        "An O\\*NET rated element.",
        {
            "element_id": "O\\*NET element id",
            "name": "element name",
            "importance": "1–5",
            "level": "0–7, null if not rated",
            "level_note": "why the level is null (O\\*NET flags it not relevant, or recommends suppressing it)",
        },
    ),
    "WorkValue": ("An O\\*NET work value.", {"name": "work value", "extent": "1–7"}),
    "EducationLevel": (
        "Share of respondents at one education level.",
        {
            "category": "O\\*NET category number",
            "label": "category label",
            "percent": "share of respondents",
            "percent_note": "why the share is null (O\\*NET recommends suppressing it)",
        },
    ),
    "Technology": (
        "An O\\*NET technology example.",
        {
            "name": "example",
            "category": "commodity title",
            "hot_technology": "O\\*NET hot technology",
            "in_demand": "in demand in job postings",
        },
    ),
    "RelatedOccupation": (
        "A SOC occupation O\\*NET relates to this one (one per SOC code; never the chapter's own code).",
        {
            "soc_code": "SOC code",
            "onet_soc_code": "the most related O\\*NET-SOC code within it",
            "title": "SOC title, the title of the wage shown (O\\*NET's title when the code has no profile)",
            "onet_titles": "the O\\*NET occupations O\\*NET relates within this SOC code, most related first",
            "soc_title": "title of the SOC code whose wage is shown",
            "relatedness_tier": "closest O\\*NET tier: Primary-Short (O\\*NET's 5 most related), Primary-Long (next 5), "
            "Supplemental (next 10)",
            "annual_median_wage_usd": "OEWS annual median of the SOC code; null if not published or top-coded",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
            "annual_median_wage_note": "why the median is null (OEWS's footnote, or no national estimate for the code)",
            "in_book": "has a profile",
        },
    ),
    "StateRow": (
        "OEWS estimates for one state.",
        {
            "state": "as BLS writes it",
            "state_fips": "two-digit FIPS code",
            "employment": "persons",
            "employment_note": "why employment is null",
            "employment_per_1000_jobs": "per 1,000 jobs in the state",
            "location_quotient": "concentration vs national",
            "annual_median_wage_usd": "null if not published or top-coded",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
            "annual_median_wage_note": "why the median is null",
            "hourly_median_wage_usd": "hourly median (the form OEWS publishes for hourly-only occupations)",
            "hourly_median_wage_top_coded": "true: at or above $115.00/h",
            "hourly_median_wage_note": "why the hourly median is null",
            "wage_vs_national_percent": "state median / national median − 1 (hourly medians for hourly-only occupations)",
        },
    ),
    "MetroRow": (
        "OEWS estimates for one metropolitan or nonmetropolitan area.",
        {
            "area": "area name",
            "area_code": "OEWS area code",
            "employment": "persons; null when the area publishes a wage but not the count",
            "employment_note": "why employment is null",
            "employment_per_1000_jobs": "per 1,000 jobs in the area",
            "location_quotient": "concentration vs national",
            "annual_median_wage_usd": "null if not published or top-coded",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
            "annual_median_wage_note": "why the median is null",
            "hourly_median_wage_usd": "hourly median (the form OEWS publishes for hourly-only occupations)",
            "hourly_median_wage_top_coded": "true: at or above $115.00/h",
            "hourly_median_wage_note": "why the hourly median is null",
        },
    ),
    "IndustryRow": (
        "OEWS national estimates for one industry.",
        {
            "industry": "industry name",
            "industry_code": "OEWS industry code",
            "employment": "persons; null when the industry publishes a wage but not the count",
            "employment_note": "why employment is null",
            "share_of_occupation_employment_percent": "of the occupation's jobs",
            "share_of_industry_employment_percent": "of the industry's jobs",
            "annual_median_wage_usd": "null if not published or top-coded",
            "annual_median_wage_top_coded": "true: at or above the OEWS top code",
            "annual_median_wage_note": "why the median is null",
            "hourly_median_wage_usd": "hourly median (the form OEWS publishes for hourly-only occupations)",
            "hourly_median_wage_top_coded": "true: at or above $115.00/h",
            "hourly_median_wage_note": "why the hourly median is null",
        },
    ),
    "RegionalOutlook": (
        "Projections Central state long-term projections.",
        {
            "release": f'e.g. "{RELEASE["projections_central"]}"',
            "vintage": "the edition and why it is not comparable with EP",
            "published_code": "Projections Central code of the figures (an aggregate that includes the occupation, see `code_mapping`)",
            "published_title": "its title in the file",
            "national": "the national row",
            "states": "one row per publishing state",
            "regions": "U.S. Census regions",
            "reason": "why there is no projection",
        },
    ),
    "RegionalArea": (
        "Projections for one area.",
        {
            "area": "area name",
            "state_fips": "FIPS code (0 = national)",
            "employment_2020": "persons",
            "employment_2030": "persons",
            "change_percent": "percent",
            "annual_openings": "persons a year",
        },
    ),
    "RegionRow": (
        "Sum over a Census region's publishing states.",
        {
            "region": "Census region",
            "states_published": "states that publish the occupation",
            "states_in_region": "states in the region",
            "states_not_published": "the region's states that publish no projection for the code (names, sorted)",
            "employment_2020": "persons",
            "employment_2030": "persons",
            "change_percent": "percent",
        },
    ),
    "Automation": (
        "Frey & Osborne probability of computerisation on 2018 SOC.",
        {
            "release": f'e.g. "{RELEASE["frey_osborne"]}"',
            "probability": "0–1, null without a mapping",
            "band": "low, medium or high",
            "mapping": "how the SOC 2010 codes map",
            "soc_2010_inputs": "the published probabilities used",
            "reason": "why there is no probability",
            "method": "link to the methods page",
        },
    ),
    "AutomationInput": (
        "One published Frey–Osborne row used.",
        {
            "soc_2010_code": "SOC 2010 code",
            "title": "Frey–Osborne title",
            "probability": "0–1",
            "rank": "Frey–Osborne rank",
            "via_frey_osborne_code": "the Frey–Osborne aggregate it is listed under, if any",
        },
    ),
    "WorkLifeBalance": (
        "The work-life balance indicator.",
        {
            "release": "O\\*NET release",
            "score": "the percentile on 0–10 (5 = the median occupation), null without both inputs",
            "composite": "the weighted inputs on 0–10, what the percentile ranks",
            "scored_count": "O\\*NET occupations with a score",
            "scale": "the scale in words",
            "percentile": "among O\\*NET occupations with a score",
            "inputs": "the rated inputs",
            "method": "link to the methods page",
            "reason": "why there is no score",
        },
    ),
    "MetricInput": (
        "One input of the indicator.",
        {
            "name": "O\\*NET element name",
            "onet_file": "O\\*NET file",
            "element_id": "O\\*NET element id",
            "value": "the rating",
            "scale_min": "scale minimum",
            "scale_max": "scale maximum",
            "direction": "higher is better / worse",
            "weight": "weight in the score",
        },
    ),
    "Finding": (
        "A strength or challenge rule that holds.",
        {
            "id": "rule id",
            "label": "label",
            "rule": "the rule as on the methods page",
            "evidence": "value and cut-off",
            "sources": "source ids",
        },
    ),
    "Section": (
        "Where a section comes from.",
        {
            "source": "source id",
            "release": "its release",
            "available": "the section has data",
            "reason": "why not (null when available)",
        },
    ),
    "SourceRef": (
        "A registered source.",
        {"title": "title", "release": "release", "url": "official URL", "licence": "licence"},
    ),
}

INTRO = f"""# The profile JSON contract

`occprofiles profile SOC --json` prints one occupation's profile; each chapter links to the same
document, gzip-compressed (`<code>.json.gz`: `gunzip` it, or read it directly with
`pandas.read_json(path)` / `json.load(gzip.open(path))`); the download also carries `build_manifest`, the
commit, code, `requirements.lock` and `data/sources.yml` hashes, releases and package versions the chapter
was rendered with (not part of the profile; see the book's colophon). It is a public contract: keys listed here are not
renamed, removed or retyped without raising `schema_version` (now **{PROFILE_SCHEMA_VERSION}**). Keys are sorted; numbers are
JSON numbers; a value the source does not publish is `null`, with the reason beside it (a `*_note`, a
`reason`, `wage_notes`, or the section's entry in `sections`). A wage BLS publishes only as "at or above the
top code" is `null` with a `*_top_coded` flag set to `true` (the bound is the OEWS top code, $239,200 a year
or $115.00 an hour). Money is in US dollars (`*_usd`), counts are persons, percentages are percent
(`*_percent`). In Python, `occprofiles.profile.load_profile(code)` returns the same document as an immutable,
typed `Profile` (`Profile.to_dict()` gives the JSON back); display strings such as "≥ $239,200" are
formatted from it (`occprofiles.formatting.oews_wage`).

This page is generated from the dataclasses in `src/occprofiles/profile.py` by
`python -m occprofiles.contract_doc` (a test fails when they disagree). Types: `T?` may be `null`;
`` `Name` `` is an object described in the section of that name.
"""

CHANGES = """## Changes

### Schema 3, keys added (a suppressed education share shown as not published)

| key | why |
|---|---|
| `education[].percent_note` | a category O\\*NET recommends suppressing was left out, so the shares shown looked like the whole distribution (99 occupations; 13-1074's shown shares sum to 9 %); it is now kept with a null `percent` and this reason |

### Schema 3, keys added (issue 12: a reason for every value not published)

Keys were added; none was renamed, removed or retyped, so the schema version stays 3.

| key | why |
|---|---|
| `states[]`, `metros[]`, `industries[]`: `hourly_median_wage_note` | why an hourly median is null (an hourly-only occupation's tables show hourly medians) |
| `industries[].employment_note` | industries that publish a wage but not the employment count are kept (they were dropped), after the ranked ones |
| `related_occupations[].annual_median_wage_top_coded`, `related_occupations[].annual_median_wage_note` | a top-coded median showed as "not published"; a median not published now says why |
| `skills[]`, `knowledge[]`, `onet_specialties[].skills[]`: `level_note` | why a level is null: O\\*NET flags it "not relevant", or recommends suppressing it (the importance is kept) |

`metros[]` and `industries[]` also keep a row whose only published figure is a median at or above the top
code (OEWS footnote 5), with the employment count not released; `metros_published_count` counts them.

### Schema 3 (issue 15: O\\*NET rules and rows)

`work_life_balance.score` keeps its type but not its meaning, so the version is raised: it was the weighted
composite of the inputs (0–10 in principle, 1.4–6.2 in fact, median 3.7); it is now the occupation's
percentile among the O\\*NET occupations scored, divided by 10 (5 = the middle occupation). The composite
moved to a key of its own.

| key | change |
|---|---|
| `work_life_balance.score` | the percentile on 0–10 (was the composite) |
| `work_life_balance.composite`, `work_life_balance.scored_count` | added: the composite, and the number of occupations the percentile ranks |
| `related_occupations[]` | one row per SOC code, most related first, never the profile's own code (O\\*NET relates an occupation's specialties to it); `title` is the SOC title of the code whose wage is shown (was O\\*NET's title, possibly a specialty's) |
| `related_occupations[].onet_titles` | added: the O\\*NET occupations O\\*NET relates within that SOC code |
| `onet_specialties[].tasks`, `onet_specialties[].skills` | added: each specialty's own tasks and its 10 most important skills |

### Schema 2, keys added (issue 15: data the project holds)

Keys were added; none was renamed, removed or retyped, so the schema version stays 2.

| key | why |
|---|---|
| `code_mapping.pc_code`, `regional_outlook.published_code`, `regional_outlook.published_title` | the Projections Central aggregate a regional outlook comes from when the file does not publish the occupation on its own (`data/mappings/projections_central_codes.yml`) |
| `states[]`, `metros[]`, `industries[]`: `hourly_median_wage_usd`, `hourly_median_wage_top_coded`; `metros[]`, `industries[]`: `annual_median_wage_note` | OEWS publishes only hourly wages for some occupations (footnote 4): their medians were dropped |
| `metros[].employment_note` | areas that publish a wage but not the employment count are kept (they were dropped) |
| `comparisons.annual_median_wage_top_coded`, `comparisons.related[].annual_median_wage_top_coded` | a top-coded median showed as "not published" in the comparison table |

`states[].wage_vs_national_percent` compares hourly medians for an occupation OEWS publishes only hourly.

### Schema 2, keys added (issue 15)

Three keys were added; none was renamed, removed or retyped, so the schema version stays 2.

| key | why |
|---|---|
| `projections.all_occupations_change_percent` | EP's own all-occupations growth (Table 1.2, 00-0000), shown beside the occupation's instead of a pointer to the methods page |
| `oews.top_code_footnote` | the text of OEWS footnote 5, cited where a wage is shown as "≥ $239,200" |
| `regional_outlook.regions[].states_not_published` | the states a region's sum leaves out, named beside the sum |

`key_facts.employment_note` keeps its type; its text now says how the two employment figures are measured
differently (scope, reference period, rounding) instead of attributing the gap to self-employment.

### Schema 2

Numbers stay numbers: version 1 stored display strings ("≥ $239,200", "$123,860", "not published") next
to the numbers, and readers parsed them back. Version 2 stores a `*_top_coded` flag instead; display
strings are formatted at display time (`formatting.oews_wage`). Every number is unchanged.

| version 1 | version 2 |
|---|---|
| `oews.wage_display.{annual_*, hourly_*}` (strings) | removed; `oews.annual_wage_top_coded.{…}`, `oews.hourly_wage_top_coded.{…}` (booleans) |
| `oews.wage_notes[].display` | removed (`footnote_code` 5 = top-coded) |
| `key_facts.annual_median_wage_display`, `key_facts.hourly_median_wage_display` | removed; `key_facts.annual_median_wage_top_coded`, `key_facts.hourly_median_wage_usd`, `key_facts.hourly_median_wage_top_coded` |
| `projections.median_annual_wage_2024_display` | removed; `projections.median_annual_wage_2024_top_coded` |
| `states[]`, `metros[]`, `industries[].annual_median_wage_display` | removed; `annual_median_wage_top_coded` |
| `schema_version` 1 | 2 |

Why: a display string is one rendering of a number, not data; a reader that wanted the bound had to
parse "≥ $239,200" back, and a change of wording would have changed the data.
"""


def describe_type(tp: Any) -> str:
    """A JSON-ish name for a type hint: ``Optional[float]`` -> ``number?``, ``tuple[Task, ...]`` -> ``list of `Task` ``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return describe_type(inner[0]) + "?"
    if origin is tuple:
        return f"list of {describe_type(typing.get_args(tp)[0])}"
    if origin in (collections.abc.Mapping, dict):
        key, value = typing.get_args(tp)
        return f"object: {describe_type(key)} → {describe_type(value)}"
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return f"`{tp.__name__}`"
    return {str: "string", int: "integer", float: "number", bool: "boolean"}[tp]


def contract_classes() -> list[type]:
    """Profile and every dataclass reachable from it, in first-use order."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for tp in typing.get_type_hints(cls).values():
            for candidate in (tp, *typing.get_args(tp), *(a for t in typing.get_args(tp) for a in typing.get_args(t))):
                if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
                    visit(candidate)

    visit(Profile)
    return seen


def render_contract_page() -> str:
    parts = [INTRO]
    for cls in contract_classes():
        summary, docs = FIELD_DOCS[cls.__name__]
        hints = typing.get_type_hints(cls)
        rows = [f"| `{f.name}` | {describe_type(hints[f.name])} | {docs[f.name]} |" for f in dataclasses.fields(cls)]
        parts.append(
            f"## {cls.__name__}\n\n{summary}\n\n| key | type | meaning |\n|---|---|---|\n" + "\n".join(rows) + "\n"
        )
    parts.append(CHANGES)
    return "\n".join(parts)


def write_contract_page(target: Path | None = None) -> Path:
    target = target or paths.REPO_ROOT / CONTRACT_PAGE
    target.write_text(render_contract_page(), encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.stdout.write(f"wrote {write_contract_page()}\n")
