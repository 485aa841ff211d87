"""Sections from O*NET: the SOC-level record's description and specialties, tasks, interests, ratings,
education, technology and related occupations."""

from __future__ import annotations

from ..profile import (
    EducationLevel,
    Interests,
    Rating,
    RelatedOccupation,
    Specialty,
    Task,
    Technology,
    WorkValue,
)
from .tables import Record, SourceTables, as_int

RIASEC = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
RIASEC_LETTERS = "RIASEC"
INTEREST_SCALE = "O*NET occupational interest, 1 (low) to 7 (high)"


def soc_level_record(code: str, tables: SourceTables) -> Record | None:
    """The ``.00`` O*NET-SOC record of a SOC code (None when O*NET rates only specialties, or nothing)."""
    return next((r for r in tables.onet_occupation_by.get(code, []) if r["is_soc_level_record"]), None)


def build_onet_specialties_section(code: str, tables: SourceTables) -> tuple[Specialty, ...]:
    """``onet_specialties``: the other O*NET-SOC codes under this SOC code."""
    return tuple(
        Specialty(onet_soc_code=r["onet_soc_code"], title=r["onet_title"], description=r["onet_description"])
        for r in tables.onet_occupation_by.get(code, [])
        if not r["is_soc_level_record"]
    )


def build_alternate_titles_section(code: str, tables: SourceTables) -> tuple[str, ...]:
    return tuple(sorted({r["alternate_title"] for r in tables.onet("alternate_titles", code)}))


def build_tasks_section(code: str, tables: SourceTables) -> tuple[Task, ...]:
    """``tasks``: core tasks first, then supplemental, then unrated, each in O*NET's task-id order."""
    return tuple(
        Task(text=r["task_text"], type=r["task_type"], task_id=int(r["task_id"])) for r in tables.onet("tasks", code)
    )


def build_interests_section(code: str, tables: SourceTables) -> Interests:
    """``interests``: the six RIASEC scores (OI scale) and the high-point code (IH scale, 0 = none)."""
    records = tables.onet("interests", code)
    scores = {r["element_name"]: r["value"] for r in records if r["scale_id"] == "OI"}
    high_points = [r["value"] for r in records if r["scale_id"] == "IH"]
    high_point_code = "".join(RIASEC_LETTERS[int(v) - 1] for v in high_points if v and int(v) > 0) or None
    return Interests(
        release=tables.release("onet"),
        scale=INTEREST_SCALE,
        **{name: scores.get(name.capitalize()) for name in RIASEC},
        high_point_code=high_point_code,
    )


def build_ratings_section(name: str, code: str, tables: SourceTables) -> tuple[Rating, ...]:
    """``skills``, ``knowledge`` or ``work_styles``: rated elements, most important first."""
    return tuple(
        Rating(element_id=r["element_id"], name=r["element_name"], importance=r["importance"], level=r.get("level"))
        for r in tables.onet(name, code)
    )


def build_work_values_section(code: str, tables: SourceTables) -> tuple[WorkValue, ...]:
    return tuple(WorkValue(name=r["element_name"], extent=r["extent"]) for r in tables.onet("work_values", code))


def build_education_section(code: str, tables: SourceTables) -> tuple[EducationLevel, ...]:
    """``education``: O*NET's required level of education, share of respondents by category."""
    return tuple(
        EducationLevel(category=r["category"], label=r["category_label"], percent=r["percent"])
        for r in tables.onet("education", code)
    )


def build_job_zone_section(code: str, tables: SourceTables) -> int | None:
    zones = tables.onet("job_zones", code)
    return as_int(zones[0]["job_zone"]) if zones else None


def build_technology_skills_section(code: str, tables: SourceTables) -> tuple[Technology, ...]:
    """``technology_skills``: hot technologies first, then in-demand, then by name."""
    return tuple(
        Technology(
            name=r["example"],
            category=r["commodity_title"],
            hot_technology=r["hot_technology"],
            in_demand=r["in_demand"],
        )
        for r in tables.onet("technology_skills", code)
    )


def build_related_occupations_section(code: str, tables: SourceTables) -> tuple[RelatedOccupation, ...]:
    """``related_occupations``: O*NET's list, each with the OEWS median of its SOC code (if published)."""
    rows = []
    for r in tables.onet("related", code):
        related_oews = tables.oews_code_of.get(r["related_soc_code"])
        median = tables.national[related_oews]["annual_median_wage_usd"] if related_oews in tables.national else None
        rows.append(
            RelatedOccupation(
                soc_code=r["related_soc_code"],
                onet_soc_code=r["related_onet_soc_code"],
                title=r["related_title"],
                soc_title=tables.titles.get(r["related_soc_code"]),
                relatedness_tier=r["relatedness_tier"],
                annual_median_wage_usd=median,
                in_book=r["related_soc_code"] in tables.titles,
            )
        )
    return tuple(rows)
