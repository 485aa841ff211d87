"""O*NET 29.3 Database (Excel edition), CC BY 4.0.

Codes are O*NET-SOC 2019 (``XX-XXXX.YY``); the first seven characters are the 2018 SOC detailed code.
``.00`` is the SOC-level record, other suffixes are specialties. Rows flagged "Recommend Suppress = Y"
are dropped here (O*NET advises against using them); "Not Relevant = Y" levels become None.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import read_xlsx

FOLDER = "db_29_3_excel"

FILES = {
    "occupation": "Occupation Data.xlsx",
    "tasks": "Task Statements.xlsx",
    "interests": "Interests.xlsx",
    "skills": "Skills.xlsx",
    "knowledge": "Knowledge.xlsx",
    "work_styles": "Work Styles.xlsx",
    "work_values": "Work Values.xlsx",
    "education": "Education, Training, and Experience.xlsx",
    "education_categories": "Education, Training, and Experience Categories.xlsx",
    "job_zones": "Job Zones.xlsx",
    "technology_skills": "Technology Skills.xlsx",
    "related": "Related Occupations.xlsx",
    "alternate_titles": "Alternate Titles.xlsx",
}


def _with_soc(df: pd.DataFrame) -> pd.DataFrame:
    df = df.rename(columns={"O*NET-SOC Code": "onet_soc_code"})
    df.insert(0, "soc_code", df["onet_soc_code"].str[:7])
    return df


def _unsuppressed(df: pd.DataFrame) -> pd.DataFrame:
    if "Recommend Suppress" in df.columns:
        df = df[df["Recommend Suppress"].astype("string").str.strip() != "Y"]
    return df


def _ratings(df: pd.DataFrame) -> pd.DataFrame:
    """Importance (IM) and level (LV) side by side, one row per occupation x element."""
    df = _unsuppressed(_with_soc(df))
    keys = ["soc_code", "onet_soc_code", "Element ID", "Element Name"]
    importance = df[df["Scale ID"] == "IM"][keys + ["Data Value"]].rename(columns={"Data Value": "importance"})
    level = df[df["Scale ID"] == "LV"].copy()
    not_relevant = level.get("Not Relevant", pd.Series("", index=level.index)).astype("string").str.strip() == "Y"
    level["level"] = level["Data Value"].where(~not_relevant)
    out = importance.merge(level[keys + ["level"]], on=keys, how="outer")
    out = out.rename(columns={"Element ID": "element_id", "Element Name": "element_name"})
    out["importance"] = pd.to_numeric(out["importance"]).astype("float64")
    out["level"] = pd.to_numeric(out["level"]).astype("float64")
    return out


def extract_onet(folder: Path) -> dict[str, pd.DataFrame]:
    """Read the workbooks the profiles use; ``folder`` is the raw ``db_29_3_excel`` folder."""
    raw = {name: read_xlsx(folder / file) for name, file in FILES.items()}
    out: dict[str, pd.DataFrame] = {}

    occ = _with_soc(raw["occupation"]).rename(columns={"Title": "onet_title", "Description": "onet_description"})
    occ["is_soc_level_record"] = occ["onet_soc_code"].str.endswith(".00")
    out["occupation"] = occ

    tasks = _with_soc(raw["tasks"]).rename(
        columns={
            "Task ID": "task_id",
            "Task": "task_text",
            "Task Type": "task_type",
            "Incumbents Responding": "incumbents_responding",
        }
    )
    tasks["task_type"] = tasks["task_type"].astype("string").str.strip().replace("", None)
    out["tasks"] = tasks[["soc_code", "onet_soc_code", "task_id", "task_text", "task_type"]]

    interests = _with_soc(raw["interests"])
    out["interests"] = interests[
        ["soc_code", "onet_soc_code", "Element ID", "Element Name", "Scale ID", "Data Value"]
    ].rename(
        columns={
            "Element ID": "element_id",
            "Element Name": "element_name",
            "Scale ID": "scale_id",
            "Data Value": "value",
        }
    )

    out["skills"] = _ratings(raw["skills"])
    out["knowledge"] = _ratings(raw["knowledge"])
    out["work_styles"] = _ratings(raw["work_styles"]).drop(columns="level")

    wv = _with_soc(raw["work_values"])
    wv = wv[wv["Scale ID"] == "EX"]
    out["work_values"] = wv[["soc_code", "onet_soc_code", "Element ID", "Element Name", "Data Value"]].rename(
        columns={"Element ID": "element_id", "Element Name": "element_name", "Data Value": "extent"}
    )

    edu = _unsuppressed(_with_soc(raw["education"]))
    edu = edu[edu["Scale ID"] == "RL"]
    cats = raw["education_categories"]
    cats = cats[cats["Scale ID"] == "RL"][["Category", "Category Description"]]
    edu = edu.merge(cats, on="Category", how="left", validate="many_to_one")
    out["education"] = edu[["soc_code", "onet_soc_code", "Category", "Category Description", "Data Value"]].rename(
        columns={"Category": "category", "Category Description": "category_label", "Data Value": "percent"}
    )

    jz = _with_soc(raw["job_zones"])
    out["job_zones"] = jz[["soc_code", "onet_soc_code", "Job Zone"]].rename(columns={"Job Zone": "job_zone"})

    tech = _with_soc(raw["technology_skills"])
    out["technology_skills"] = pd.DataFrame(
        {
            "soc_code": tech["soc_code"],
            "onet_soc_code": tech["onet_soc_code"],
            "example": tech["Example"],
            "commodity_title": tech["Commodity Title"],
            "hot_technology": tech["Hot Technology"].astype("string").str.strip() == "Y",
            "in_demand": tech["In Demand"].astype("string").str.strip() == "Y",
        }
    )

    rel = _with_soc(raw["related"])
    out["related"] = pd.DataFrame(
        {
            "soc_code": rel["soc_code"],
            "onet_soc_code": rel["onet_soc_code"],
            "related_onet_soc_code": rel["Related O*NET-SOC Code"],
            "related_soc_code": rel["Related O*NET-SOC Code"].str[:7],
            "related_title": rel["Related Title"],
            "relatedness_tier": rel["Relatedness Tier"],
            "relatedness_index": pd.to_numeric(rel["Index"]).astype("int64"),
        }
    )

    alt = _with_soc(raw["alternate_titles"])
    out["alternate_titles"] = alt[["soc_code", "onet_soc_code", "Alternate Title", "Short Title"]].rename(
        columns={"Alternate Title": "alternate_title", "Short Title": "short_title"}
    )
    return out
