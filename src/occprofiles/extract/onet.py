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


# Why a level is null, in O*NET's terms (its flags on the LV row).
LEVEL_NOT_RELEVANT = 'O*NET rates this level "not relevant" to the occupation (Not Relevant = Y)'
LEVEL_SUPPRESSED = "O*NET recommends suppressing this level estimate for low precision (Recommend Suppress = Y)"


def _flag(df: pd.DataFrame, column: str) -> pd.Series:
    return df.get(column, pd.Series("", index=df.index)).astype("string").str.strip() == "Y"


def _ratings(df: pd.DataFrame) -> pd.DataFrame:
    """Importance (IM) and level (LV) side by side, one row per occupation x element; ``level_note`` says why
    a level is null (flagged not relevant, or its row suppressed: the importance is kept)."""
    df = _with_soc(df)
    keys = ["soc_code", "onet_soc_code", "Element ID", "Element Name"]
    level = df[df["Scale ID"] == "LV"].copy()
    suppressed, not_relevant = _flag(level, "Recommend Suppress"), _flag(level, "Not Relevant")
    level["level"] = level["Data Value"].where(~not_relevant & ~suppressed)
    level["level_note"] = pd.Series(pd.NA, index=level.index, dtype="string")
    level.loc[not_relevant, "level_note"] = LEVEL_NOT_RELEVANT
    level.loc[suppressed & ~not_relevant, "level_note"] = LEVEL_SUPPRESSED
    df = _unsuppressed(df)
    importance = df[df["Scale ID"] == "IM"][keys + ["Data Value"]].rename(columns={"Data Value": "importance"})
    out = importance.merge(level[keys + ["level", "level_note"]], on=keys, how="outer")
    # an element with neither value (both rows suppressed) is not rated at all
    out = out[out["importance"].notna() | out["level"].notna()]
    out = out.rename(columns={"Element ID": "element_id", "Element Name": "element_name"})
    out["importance"] = pd.to_numeric(out["importance"]).astype("float64")
    out["level"] = pd.to_numeric(out["level"]).astype("float64")
    return out


def _occupation(occupation: pd.DataFrame) -> pd.DataFrame:
    occ = _with_soc(occupation).rename(columns={"Title": "onet_title", "Description": "onet_description"})
    occ["is_soc_level_record"] = occ["onet_soc_code"].str.endswith(".00")
    return occ


def _tasks(task_statements: pd.DataFrame) -> pd.DataFrame:
    tasks = _with_soc(task_statements).rename(
        columns={
            "Task ID": "task_id",
            "Task": "task_text",
            "Task Type": "task_type",
            "Incumbents Responding": "incumbents_responding",
        }
    )
    tasks["task_type"] = tasks["task_type"].astype("string").str.strip().replace("", None)
    return tasks[["soc_code", "onet_soc_code", "task_id", "task_text", "task_type"]]


def _interests(interests: pd.DataFrame) -> pd.DataFrame:
    return _with_soc(interests)[
        ["soc_code", "onet_soc_code", "Element ID", "Element Name", "Scale ID", "Data Value"]
    ].rename(
        columns={
            "Element ID": "element_id",
            "Element Name": "element_name",
            "Scale ID": "scale_id",
            "Data Value": "value",
        }
    )


def _work_values(work_values: pd.DataFrame) -> pd.DataFrame:
    """The extent scale (EX) of each work value."""
    wv = _with_soc(work_values)
    wv = wv[wv["Scale ID"] == "EX"]
    return wv[["soc_code", "onet_soc_code", "Element ID", "Element Name", "Data Value"]].rename(
        columns={"Element ID": "element_id", "Element Name": "element_name", "Data Value": "extent"}
    )


# Why a share of respondents is null: the category's row is flagged.
EDUCATION_SUPPRESSED = "O*NET recommends suppression for low precision (Recommend Suppress = Y)"


def _education(education: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Required level of education (RL): percent of respondents per category, with the category's label. A
    suppressed category stays, its percent null and ``percent_note`` saying why: dropping it would leave shares
    that look like the whole distribution (13-1074's published ones sum to 9 %; its suppressed 48 % and 43 % are
    "Less than a high school diploma" and "High school diploma")."""
    edu = _with_soc(education)
    edu = edu[edu["Scale ID"] == "RL"].copy()
    suppressed = _flag(edu, "Recommend Suppress")
    edu["Data Value"] = pd.to_numeric(edu["Data Value"]).astype("float64").where(~suppressed)
    edu["percent_note"] = pd.Series(pd.NA, index=edu.index, dtype="string")
    edu.loc[suppressed, "percent_note"] = EDUCATION_SUPPRESSED
    cats = categories[categories["Scale ID"] == "RL"][["Category", "Category Description"]]
    edu = edu.merge(cats, on="Category", how="left", validate="many_to_one")
    columns = ["soc_code", "onet_soc_code", "Category", "Category Description", "Data Value", "percent_note"]
    return edu[columns].rename(
        columns={"Category": "category", "Category Description": "category_label", "Data Value": "percent"}
    )


def _job_zones(job_zones: pd.DataFrame) -> pd.DataFrame:
    jz = _with_soc(job_zones)
    return jz[["soc_code", "onet_soc_code", "Job Zone"]].rename(columns={"Job Zone": "job_zone"})


def _technology_skills(technology_skills: pd.DataFrame) -> pd.DataFrame:
    tech = _with_soc(technology_skills)
    return pd.DataFrame(
        {
            "soc_code": tech["soc_code"],
            "onet_soc_code": tech["onet_soc_code"],
            "example": tech["Example"],
            "commodity_title": tech["Commodity Title"],
            "hot_technology": tech["Hot Technology"].astype("string").str.strip() == "Y",
            "in_demand": tech["In Demand"].astype("string").str.strip() == "Y",
        }
    )


def _related(related: pd.DataFrame) -> pd.DataFrame:
    rel = _with_soc(related)
    return pd.DataFrame(
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


def _alternate_titles(alternate_titles: pd.DataFrame) -> pd.DataFrame:
    alt = _with_soc(alternate_titles)
    return alt[["soc_code", "onet_soc_code", "Alternate Title", "Short Title"]].rename(
        columns={"Alternate Title": "alternate_title", "Short Title": "short_title"}
    )


def extract_onet(folder: Path) -> dict[str, pd.DataFrame]:
    """Read the workbooks the profiles use; ``folder`` is the raw ``db_29_3_excel`` folder."""
    raw = {name: read_xlsx(folder / file) for name, file in FILES.items()}
    return {
        "occupation": _occupation(raw["occupation"]),
        "tasks": _tasks(raw["tasks"]),
        "interests": _interests(raw["interests"]),
        "skills": _ratings(raw["skills"]),
        "knowledge": _ratings(raw["knowledge"]),
        "work_styles": _ratings(raw["work_styles"]).drop(columns=["level", "level_note"]),
        "work_values": _work_values(raw["work_values"]),
        "education": _education(raw["education"], raw["education_categories"]),
        "job_zones": _job_zones(raw["job_zones"]),
        "technology_skills": _technology_skills(raw["technology_skills"]),
        "related": _related(raw["related"]),
        "alternate_titles": _alternate_titles(raw["alternate_titles"]),
    }
