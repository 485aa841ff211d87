"""Sections from O*NET: the SOC-level record's description and specialties, tasks, interests, ratings,
education, technology and related occupations."""

from __future__ import annotations

from .. import formatting as fmt
from ..profile import (
    RIASEC,
    EducationLevel,
    Interests,
    Rating,
    RelatedOccupation,
    Specialty,
    Task,
    Technology,
    WorkValue,
)
from .oews import is_top_coded
from .tables import Record, SourceTables, as_int

INTEREST_SCALE = "O*NET occupational interest, 1 (low) to 7 (high)"


def soc_level_record(code: str, tables: SourceTables) -> Record | None:
    """The ``.00`` O*NET-SOC record of a SOC code (None when O*NET rates only specialties, or nothing)."""
    return next((r for r in tables.onet_occupation_by.get(code, []) if r["is_soc_level_record"]), None)


SPECIALTY_SKILLS = 10  # a specialty's most important skills kept in the profile


def build_onet_specialties_section(code: str, tables: SourceTables) -> tuple[Specialty, ...]:
    """``onet_specialties``: the other O*NET-SOC codes under this SOC code, each with its own tasks and most
    important skills (the chapter shows them as examples when O*NET rates no SOC-level record)."""

    def specialty(r: Record) -> Specialty:
        onet_code = r["onet_soc_code"]
        tasks = tables.onet_by["specialty_tasks"].get(onet_code, [])
        skills = tables.onet_by["specialty_skills"].get(onet_code, [])[:SPECIALTY_SKILLS]
        return Specialty(
            onet_soc_code=onet_code,
            title=r["onet_title"],
            description=r["onet_description"],
            tasks=tuple(Task(text=t["task_text"], type=t["task_type"], task_id=int(t["task_id"])) for t in tasks),
            skills=tuple(
                Rating(
                    element_id=s["element_id"],
                    name=s["element_name"],
                    importance=s["importance"],
                    level=s.get("level"),
                    level_note=s.get("level_note"),
                )
                for s in skills
            ),
        )

    return tuple(specialty(r) for r in tables.onet_occupation_by.get(code, []) if not r["is_soc_level_record"])


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
    high_point_code = "".join(RIASEC[int(v) - 1][2] for v in high_points if v and int(v) > 0) or None
    return Interests(
        release=tables.release("onet"),
        scale=INTEREST_SCALE,
        **{field: scores.get(label) for field, label, _ in RIASEC},
        high_point_code=high_point_code,
    )


def build_ratings_section(name: str, code: str, tables: SourceTables) -> tuple[Rating, ...]:
    """``skills``, ``knowledge`` or ``work_styles``: rated elements, most important first."""
    return tuple(
        Rating(
            element_id=r["element_id"],
            name=r["element_name"],
            importance=r["importance"],
            level=r.get("level"),
            level_note=r.get("level_note"),
        )
        for r in tables.onet(name, code)
    )


def build_work_values_section(code: str, tables: SourceTables) -> tuple[WorkValue, ...]:
    return tuple(WorkValue(name=r["element_name"], extent=r["extent"]) for r in tables.onet("work_values", code))


def build_education_section(code: str, tables: SourceTables) -> tuple[EducationLevel, ...]:
    """``education``: O*NET's required level of education, share of respondents by category (a suppressed
    category with no percent and the reason)."""
    return tuple(
        EducationLevel(
            category=r["category"],
            label=r["category_label"],
            percent=r.get("percent"),
            percent_note=r.get("percent_note"),
        )
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
    """``related_occupations``: O*NET's list grouped by SOC code, most related first, each with the OEWS median
    of its SOC code (if published) and titled by that code, so title and wage are the same occupation's. The
    chapter's own code is left out: O*NET relates its specialties to each other (29-1141.00 to Critical Care
    Nurses, 29-1141.03), which are not other occupations."""
    grouped: dict[str, list[Record]] = {}
    for r in tables.onet("related", code):
        if r["related_soc_code"] != code:
            grouped.setdefault(r["related_soc_code"], []).append(r)
    rows = []
    for soc_code, records in grouped.items():
        median, top_coded, note = _related_median(soc_code, tables)
        soc_title = tables.titles.get(soc_code)
        rows.append(
            RelatedOccupation(
                soc_code=soc_code,
                onet_soc_code=records[0]["related_onet_soc_code"],
                title=soc_title or records[0]["related_title"],
                soc_title=soc_title,
                relatedness_tier=records[0]["relatedness_tier"],
                annual_median_wage_usd=median,
                in_book=soc_code in tables.titles,
                onet_titles=tuple(r["related_title"] for r in records),
                annual_median_wage_top_coded=top_coded,
                annual_median_wage_note=note,
            )
        )
    return tuple(rows)


def _related_median(soc_code: str, tables: SourceTables) -> tuple[float | None, bool, str | None]:
    """The OEWS annual median of a related SOC code, its top-code flag, and why it is null (OEWS's footnote,
    or no national estimate for the code)."""
    row = tables.national.get(tables.oews_code_of.get(soc_code) or "")
    if row is None:
        return None, False, f"OEWS {tables.release('oews')} publishes no national estimate for this code"
    median = row["annual_median_wage_usd"]
    note = (
        None
        if median is not None
        else fmt.oews_missing_reason(as_int(row["annual_median_wage_usd_footnote"]), hourly=False)
    )
    return median, is_top_coded(row, "annual_median_wage_usd"), note
