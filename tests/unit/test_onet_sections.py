"""O*NET sections on small tables made here (issue 15): related occupations one row per SOC code, never the
chapter's own, titled by the code whose wage is shown; the specialties of an "All other" code with their own
tasks and skills; the chapter text that shows them; and empty sections left out of a rendered chapter.
"""

from __future__ import annotations

import dataclasses

import nbformat

from occprofiles.assemble.onet import (
    SPECIALTY_SKILLS,
    build_onet_specialties_section,
    build_related_occupations_section,
)
from occprofiles.assemble.tables import ONET_SECTION_TABLES, SourceTables
from occprofiles.chapter_onet import RELATEDNESS_NOTE, related_examples, specialty_examples
from occprofiles.registry import load_registry
from occprofiles.render.output import drop_empty_sections


def make_tables(**tables) -> SourceTables:
    empty = {f.name: {} for f in dataclasses.fields(SourceTables) if f.name != "registry"}
    return SourceTables(registry=load_registry(), **{**empty, **tables})


def related_record(onet_code: str, title: str, tier: str, index: int) -> dict:
    return {
        "related_onet_soc_code": onet_code,
        "related_soc_code": onet_code[:7],
        "related_title": title,
        "relatedness_tier": tier,
        "relatedness_index": index,
    }


def test_related_rows_are_soc_codes_never_the_own_code_titled_by_the_code_of_the_wage():
    # 29-1141 (Registered Nurses): O*NET relates its own specialties; 29-1229 stands for several O*NET titles
    records = [
        related_record("29-1141.03", "Critical Care Nurses", "Primary-Short", 1),
        related_record("29-1171.00", "Nurse Practitioners", "Primary-Short", 2),
        related_record("29-1229.06", "Sports Medicine Physicians", "Primary-Long", 6),
        related_record("29-1141.01", "Acute Care Nurses", "Primary-Long", 7),
        related_record("29-1229.01", "Allergists and Immunologists", "Supplemental", 11),
        related_record("39-9999.00", "Not A Book Code", "Supplemental", 12),
    ]
    tables = make_tables(
        onet_by={**{name: {} for name in ONET_SECTION_TABLES}, "related": {"29-1141": records}},
        titles={"29-1141": "Registered Nurses", "29-1171": "Nurse Practitioners", "29-1229": "Physicians, All Other"},
        oews_code_of={"29-1171": "29-1171", "29-1229": "29-1229"},
        national={
            "29-1171": {"annual_median_wage_usd": 132_300.0, "annual_median_wage_usd_footnote": None},
            "29-1229": {"annual_median_wage_usd": 265_930.0, "annual_median_wage_usd_footnote": None},
        },
    )
    rows = build_related_occupations_section("29-1141", tables)
    assert [r.soc_code for r in rows] == ["29-1171", "29-1229", "39-9999"]  # own code out, once per SOC code
    physicians = rows[1]
    assert physicians.title == physicians.soc_title == "Physicians, All Other"  # the title of the $265,930
    assert physicians.annual_median_wage_usd == 265_930.0
    assert physicians.onet_titles == ("Sports Medicine Physicians", "Allergists and Immunologists")
    assert physicians.relatedness_tier == "Primary-Long" and physicians.onet_soc_code == "29-1229.06"
    assert related_examples(physicians) == " (O*NET: Sports Medicine Physicians; Allergists and Immunologists)"
    assert related_examples(rows[0]) == ""  # the O*NET title is the SOC title
    # a code without a profile keeps O*NET's title and has no wage
    assert rows[2].title == "Not A Book Code" and rows[2].soc_title is None and rows[2].annual_median_wage_usd is None
    assert "publishes no national estimate for this code" in (rows[2].annual_median_wage_note or "")
    assert physicians.annual_median_wage_note is None and not physicians.annual_median_wage_top_coded
    assert "Primary-Short (its 5 most related)" in RELATEDNESS_NOTE


def test_specialties_carry_their_own_tasks_and_most_important_skills():
    occupation = [
        {"onet_soc_code": "11-9199.00", "onet_title": "Managers, All Other", "onet_description": None,
         "is_soc_level_record": True},
        {"onet_soc_code": "11-9199.01", "onet_title": "Regulatory Affairs Managers", "onet_description": "Plan.",
         "is_soc_level_record": False},
        {"onet_soc_code": "11-9199.02", "onet_title": "Compliance Managers", "onet_description": "Ensure.",
         "is_soc_level_record": False},
    ]  # fmt: skip
    tasks = {
        "11-9199.01": [
            {"task_text": "Direct submissions.", "task_type": "Core", "task_id": 1},
            {"task_text": "Formulate policies.", "task_type": "Core", "task_id": 2},
            {"task_text": "Coordinate audits.", "task_type": "Supplemental", "task_id": 3},
        ]
    }
    skills = {
        "11-9199.01": [
            {"element_id": f"2.A.{i}", "element_name": f"Skill {i}", "importance": 5 - i / 10, "level": 4.0}
            for i in range(SPECIALTY_SKILLS + 3)
        ]
    }
    tables = make_tables(
        onet_occupation_by={"11-9199": occupation},
        onet_by={
            **{name: {} for name in ONET_SECTION_TABLES},
            "specialty_tasks": tasks,
            "specialty_skills": skills,
        },
    )
    specialties = build_onet_specialties_section("11-9199", tables)
    assert [s.onet_soc_code for s in specialties] == ["11-9199.01", "11-9199.02"]  # not the .00 record
    regulatory, compliance = specialties
    assert [t.text for t in regulatory.tasks] == ["Direct submissions.", "Formulate policies.", "Coordinate audits."]
    assert len(regulatory.skills) == SPECIALTY_SKILLS and regulatory.skills[0].name == "Skill 0"
    assert compliance.tasks == () and compliance.skills == ()

    text = "\n".join(specialty_examples(specialties))
    assert text.startswith("**O*NET rates these specialties within this SOC code** (1 specialty;")
    assert "**Regulatory Affairs Managers** (O*NET-SOC 11-9199.01). Plan." in text
    assert "*Core tasks (2 of 2):* Direct submissions. Formulate policies." in text  # core tasks only
    assert "Coordinate audits." not in text
    assert "Skill 0 5.00; Skill 1 4.90" in text and "Skill 5" not in text  # the five most important
    assert "Compliance Managers" not in text  # nothing rated: not an example
    assert specialty_examples(specialties[1:]) == []


def test_a_heading_whose_cell_displays_nothing_is_left_out():
    md = nbformat.v4.new_markdown_cell

    def code(source: str, outputs: list | None = None, run: bool = True):
        return nbformat.v4.new_code_cell(source, outputs=outputs or [], execution_count=1 if run else None)

    shown = nbformat.v4.new_output("display_data", data={"text/markdown": "text"})
    cells = [
        md("# Title"),
        code("ch = Chapter(soc_code)"),  # no output, not under a section heading: kept
        md("## What they do"),
        code("ch.what_they_do()", outputs=[shown]),
        md("## Pay"),
        code("ch.pay()"),  # run, displays nothing (a military occupation): heading and cell go
        md("## Outlook"),
        code("ch.outlook()", run=False),  # never run (the template itself): kept
        md("## Sources"),
        code("ch.sources()", outputs=[shown]),
    ]
    kept = drop_empty_sections(cells)
    assert [c.source for c in kept] == [
        "# Title",
        "ch = Chapter(soc_code)",
        "## What they do",
        "ch.what_they_do()",
        "## Outlook",
        "ch.outlook()",
        "## Sources",
        "ch.sources()",
    ]
