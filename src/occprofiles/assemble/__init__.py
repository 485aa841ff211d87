"""Out layer: assemble one typed :class:`~occprofiles.profile.Profile` per occupation.

One builder per section of the profile JSON (``build_<section>_section``, in the modules of this
package), each a function of the grouped core tables and the registry. Numbers are copied from the core
tables, never defaulted: a value a source does not publish is null, with a ``*_note`` (or a section
``reason``) that says why; a top-coded wage is null with a ``*_top_coded`` flag. Releases come from the
registry (``data/sources.yml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

from ..contract import PROFILE_SCHEMA_VERSION
from ..profile import CodeTitle, Profile, Section
from ..registry import Source
from .career import (
    build_automation_section,
    build_findings_sections,
    build_work_life_balance_section,
)
from .index import (
    build_code_mapping_section,
    build_section_entry,
    build_sources_section,
    onet_absence_reason,
    onet_list_absence_reason,
)
from .oews import (
    build_comparisons_section,
    build_industries_section,
    build_key_facts_section,
    build_metros_section,
    build_oews_section,
    build_states_section,
    count_published_metros,
)
from .onet import (
    build_alternate_titles_section,
    build_education_section,
    build_interests_section,
    build_job_zone_section,
    build_onet_specialties_section,
    build_ratings_section,
    build_related_occupations_section,
    build_tasks_section,
    build_technology_skills_section,
    build_work_values_section,
    soc_level_record,
)
from .projections import build_projections_section, build_regional_outlook_section
from .tables import Record, SourceTables, clean, group_core_tables, raw_records

__all__ = ["assemble_profile", "assemble_profiles", "build_sections_index"]


def build_sections_index(occ: Record, p: dict, tables: SourceTables) -> Mapping[str, Section]:
    """``sections``: for every section, its source, release, whether it has data and why not."""
    specialties = [s.onet_soc_code for s in p["onet_specialties"]]
    onet_reason = onet_absence_reason(occ, specialties, tables)
    oews, projections, regional, automation, balance = (
        p["oews"],
        p["projections"],
        p["regional_outlook"],
        p["automation"],
        p["work_life_balance"],
    )
    has_wages = oews.annual_wage_usd["median"] is not None or oews.hourly_wage_usd["median"] is not None
    availability = {  # section -> (source id, has data, reason if not)
        "identity": ("soc", True, None),
        "tasks": ("onet", bool(p["tasks"]), onet_absence_reason(occ, specialties, tables, tasks=True)),
        "wages": ("oews", has_wages, oews.reason),
        "employment": ("oews", oews.employment is not None, oews.reason),
        "projections": ("bls_ep", projections.available, projections.reason),
        "interests": ("onet", p["interests"].realistic is not None, onet_reason),
        "skills": ("onet", bool(p["skills"]), onet_reason),
        "knowledge": ("onet", bool(p["knowledge"]), onet_reason),
        "work_styles": ("onet", bool(p["work_styles"]), onet_reason),
        "education": ("onet", bool(p["education"]), onet_reason),
        "technology_skills": (
            "onet",
            bool(p["technology_skills"]),
            onet_list_absence_reason("technologies", occ, specialties, tables),
        ),
        "related_occupations": (
            "onet",
            bool(p["related_occupations"]),
            onet_list_absence_reason("related occupations", occ, specialties, tables),
        ),
        "states": ("oews", bool(p["states"]), oews.reason),
        "metros": ("oews", bool(p["metros"]), oews.reason),
        "industries": ("oews", bool(p["industries"]), oews.reason),
        "regional_outlook": (
            "projections_central",
            bool(regional.states) or regional.national is not None,
            regional.reason,
        ),
        "automation": ("frey_osborne", automation.probability is not None, automation.reason),
        "work_life_balance": ("onet", balance.score is not None, balance.reason),
    }
    return MappingProxyType(
        {name: build_section_entry(source, has, reason, tables) for name, (source, has, reason) in availability.items()}
    )


def assemble_profile(occ: Record, tables: SourceTables) -> Profile:
    """One occupation's Profile: every section built by its builder, then the index of sections."""
    code = occ["soc_code"]
    covers = tuple(c for c in (occ["covers"] or "").split(",") if c)
    soc_level = soc_level_record(code, tables)
    oews = build_oews_section(occ, tables)
    projections = build_projections_section(occ, tables)
    related = build_related_occupations_section(code, tables)
    strengths, challenges = build_findings_sections(occ, tables)
    p = dict(
        schema_version=PROFILE_SCHEMA_VERSION,
        soc_code=code,
        title=occ["title"],
        major_group=CodeTitle(code=occ["major_group_code"], title=occ["major_group_title"]),
        broad_group=CodeTitle(code=occ["broad_group_code"], title=occ["broad_group_title"]),
        soc_definition=occ["soc_definition"],
        onet_soc_code=f"{code}.00" if soc_level else None,
        onet_description=soc_level["onet_description"] if soc_level else None,
        alternate_titles=build_alternate_titles_section(code, tables),
        onet_specialties=build_onet_specialties_section(code, tables),
        code_mapping=build_code_mapping_section(occ, covers, tables),
        key_facts=build_key_facts_section(oews, projections, tables),
        tasks=build_tasks_section(code, tables),
        oews=oews,
        comparisons=build_comparisons_section(occ, oews, related, tables),
        projections=projections,
        interests=build_interests_section(code, tables),
        **{name: build_ratings_section(name, code, tables) for name in ("skills", "knowledge", "work_styles")},
        work_values=build_work_values_section(code, tables),
        education=build_education_section(code, tables),
        job_zone=build_job_zone_section(code, tables),
        technology_skills=build_technology_skills_section(code, tables),
        related_occupations=related,
        states=build_states_section(occ, oews, tables),
        metros=build_metros_section(occ, tables),
        metros_published_count=count_published_metros(occ, tables),
        industries=build_industries_section(occ, oews, tables),
        regional_outlook=build_regional_outlook_section(occ, tables),
        automation=build_automation_section(occ, tables),
        work_life_balance=build_work_life_balance_section(occ, tables),
        strengths=strengths,
        challenges=challenges,
        sources=build_sources_section(tables.registry),
    )
    return Profile(**p, sections=build_sections_index(occ, p, tables))


def assemble_profiles(core: Mapping[str, pd.DataFrame], registry: Mapping[str, Source]) -> dict[str, Profile]:
    """Every occupation of ``core_occprofiles__occupations``, keyed by SOC code."""
    tables = group_core_tables(core, registry)
    occupations = raw_records(core["core_occprofiles__occupations"])
    return {
        occ["soc_code"]: assemble_profile(occ, tables)
        for occ in ({k: clean(v) for k, v in rec.items()} for rec in occupations)
    }
