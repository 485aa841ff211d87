"""extract.onet on a tiny O*NET 29.3 Excel folder written with openpyxl (one .xlsx per table)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from occprofiles.extract.onet import FILES, extract_onet

OCC = ["O*NET-SOC Code", "Title"]
RATING = OCC + ["Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value", "N", "Recommend Suppress"]
A, B, B1 = "11-9111.00", "15-1299.00", "15-1299.08"


def rating(code, eid, name, scale, value, suppress="N", not_relevant=None):
    return [code, "t", eid, name, scale, "s", value, 8, suppress, not_relevant]


TABLES: dict[str, list[list]] = {
    "occupation": [
        OCC + ["Description"],
        [A, "Medical and Health Services Managers", "Plan, direct."],
        [B, "Computer Occupations, All Other", "All other."],
        [B1, "Web Administrators", "Manage web."],
    ],
    "tasks": [
        OCC + ["Task ID", "Task", "Task Type", "Incumbents Responding"],
        [A, "t", 101, "Direct activities.", "Core", 90],
        [A, "t", 102, "Develop budgets.", " Supplemental ", 10],
        [B1, "t", 201, "Back up data.", "", None],
    ],
    "interests": [
        OCC + ["Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value"],
        [A, "t", "1.B.1.e", "Enterprising", "OI", "s", 5.65],
        [A, "t", "1.B.1.g", "First Interest High-Point", "IH", "s", 5],
    ],
    "skills": [
        RATING + ["Not Relevant"],
        rating(A, "2.A.2.d", "Active Learning", "IM", 3.88),
        rating(A, "2.A.2.d", "Active Learning", "LV", 4.12, not_relevant="N"),
        rating(A, "2.B.5.d", "Management of Material Resources", "IM", 1.2),
        rating(A, "2.B.5.d", "Management of Material Resources", "LV", 0.0, not_relevant="Y"),
        rating(A, "2.B.3.e", "Programming", "IM", 1.5, suppress="Y"),
        rating(A, "2.B.3.e", "Programming", "LV", 0.5),
        rating(B, "2.A.2.d", "Active Learning", "IM", 3.0, suppress="Y"),
        rating(B, "2.A.2.d", "Active Learning", "LV", 3.1, suppress="Y"),
    ],
    "knowledge": [
        RATING + ["Not Relevant"],
        rating(A, "2.C.1.a", "Administration and Management", "IM", 4.5),
        rating(A, "2.C.1.a", "Administration and Management", "LV", 5.5),
    ],
    "work_styles": [
        RATING,
        rating(A, "1.C.4.b", "Stress Tolerance", "IM", 4.02)[:-1],
        rating(B, "1.C.4.b", "Stress Tolerance", "IM", 3.5, "Y")[:-1],
    ],
    "work_values": [
        OCC + ["Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value"],
        [A, "t", "1.B.2.b", "Working Conditions", "EX", "Extent", 5.5],
        [A, "t", "1.B.2.e", "First Work Value High-Point", "VH", "s", 2],
    ],
    "education": [
        OCC
        + ["Element ID", "Element Name", "Scale ID", "Scale Name", "Category", "Data Value", "N", "Recommend Suppress"],
        [A, "t", "2.D.1", "Required Level of Education", "RL", "s", 6, 60.0, 30, "N"],
        [A, "t", "2.D.1", "Required Level of Education", "RL", "s", 8, 40.0, 30, "N"],
        [A, "t", "2.D.1", "Required Level of Education", "RL", "s", 10, 5.0, 30, "Y"],
        [A, "t", "3.A.1", "Related Work Experience", "RW", "s", 3, 50.0, 30, "N"],
    ],
    "education_categories": [
        ["Element ID", "Element Name", "Scale ID", "Scale Name", "Category", "Category Description"],
        ["2.D.1", "e", "RL", "s", 6, "Bachelor's Degree"],
        ["2.D.1", "e", "RL", "s", 8, "Master's Degree"],
        ["2.D.1", "e", "RL", "s", 10, "Doctoral Degree"],
        ["3.A.1", "e", "RW", "s", 3, "Over 3 months"],
    ],
    "job_zones": [OCC + ["Job Zone"], [A, "t", 4]],
    "technology_skills": [
        OCC + ["Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
        [A, "t", "Epic Systems", 1, "Medical software", "Y ", "Y"],
        [A, "t", "Notepad", 2, "Editors", "N", "N"],
    ],
    "related": [
        OCC + ["Related O*NET-SOC Code", "Related Title", "Relatedness Tier", "Index"],
        [A, "t", "11-3031.01", "Treasurers and Controllers", "Primary-Short", 1],
    ],
    "alternate_titles": [
        OCC + ["Alternate Title", "Short Title", "Source(s)"],
        [A, "t", "Clinic Director", None, "08"],
    ],
}


@pytest.fixture(scope="module")
def onet_tables(tmp_path_factory, write_xlsx) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("onet") / "db_29_3_excel"
    for name, rows in TABLES.items():
        write_xlsx(folder / FILES[name], {"Sheet1": rows})
    return extract_onet(folder)


def ratings(df: pd.DataFrame, code: str = A) -> dict[str, tuple[float, float]]:
    sub = df[df["onet_soc_code"] == code]
    return {r.element_name: (r.importance, r.level) for r in sub.itertuples()}


def test_soc_code_and_soc_level_record(onet_tables):
    occ = onet_tables["occupation"].set_index("onet_soc_code")
    assert occ.loc[B1, "soc_code"] == "15-1299"
    assert bool(occ.loc[A, "is_soc_level_record"]) and not bool(occ.loc[B1, "is_soc_level_record"])
    assert occ.loc[A, "onet_title"] == "Medical and Health Services Managers"
    assert list(onet_tables["occupation"].columns[:2]) == ["soc_code", "onet_soc_code"]


def test_ratings_put_importance_and_level_side_by_side(onet_tables):
    got = ratings(onet_tables["skills"])
    assert got["Active Learning"] == (3.88, 4.12)
    assert ratings(onet_tables["knowledge"]) == {"Administration and Management": (4.5, 5.5)}


def test_not_relevant_level_becomes_null_but_importance_stays(onet_tables):
    importance, level = ratings(onet_tables["skills"])["Management of Material Resources"]
    assert importance == 1.2 and math.isnan(level)


def test_recommend_suppress_rows_are_dropped(onet_tables):
    importance, level = ratings(onet_tables["skills"])["Programming"]
    assert math.isnan(importance) and level == 0.5  # only the suppressed IM row is gone
    assert ratings(onet_tables["skills"], B) == {}  # both rows suppressed: nothing
    styles = onet_tables["work_styles"]
    assert list(styles["onet_soc_code"]) == [A] and "level" not in styles.columns
    assert styles.iloc[0]["importance"] == 4.02


def test_tasks_keep_types_and_blank_type_is_null(onet_tables):
    tasks = onet_tables["tasks"].set_index("task_id")
    assert list(onet_tables["tasks"].columns) == ["soc_code", "onet_soc_code", "task_id", "task_text", "task_type"]
    assert tasks.loc[101, "task_type"] == "Core" and tasks.loc[102, "task_type"] == "Supplemental"
    assert pd.isna(tasks.loc[201, "task_type"])


def test_work_values_keep_extent_only(onet_tables):
    wv = onet_tables["work_values"]
    assert wv[["element_id", "extent"]].values.tolist() == [["1.B.2.b", 5.5]]


def test_education_required_level_with_labels_a_suppressed_share_kept_without_its_value(onet_tables):
    edu = onet_tables["education"].astype(object).where(onet_tables["education"].notna(), None)
    assert edu[["category", "category_label", "percent", "percent_note"]].values.tolist() == [
        [6, "Bachelor's Degree", 60.0, None],
        [8, "Master's Degree", 40.0, None],
        [10, "Doctoral Degree", None, "O*NET recommends suppression for low precision (Recommend Suppress = Y)"],
    ]


def test_technology_flags_are_booleans(onet_tables):
    tech = onet_tables["technology_skills"].set_index("example")
    assert bool(tech.loc["Epic Systems", "hot_technology"]) and bool(tech.loc["Epic Systems", "in_demand"])
    assert not bool(tech.loc["Notepad", "hot_technology"]) and not bool(tech.loc["Notepad", "in_demand"])


def test_related_interests_job_zone_and_titles(onet_tables):
    rel = onet_tables["related"].iloc[0]
    assert (rel["related_soc_code"], rel["related_onet_soc_code"], rel["relatedness_index"]) == (
        "11-3031",
        "11-3031.01",
        1,
    )
    assert onet_tables["interests"][["element_name", "scale_id", "value"]].values.tolist() == [
        ["Enterprising", "OI", 5.65],
        ["First Interest High-Point", "IH", 5],
    ]
    assert onet_tables["job_zones"]["job_zone"].tolist() == [4]
    assert onet_tables["alternate_titles"]["alternate_title"].tolist() == ["Clinic Director"]
