"""The core tables grouped by code once, so the out layer costs one pass over each table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from ..contract import onet_table
from ..formatting import OEWS_FOOTNOTE_TOP_CODED
from ..registry import Source

Record = dict[str, Any]
TOP_METROS = 25  # the profile keeps the largest metro areas; the core table has them all


def clean(value: Any) -> Any:
    """NaN/NA -> None; numpy scalars -> Python numbers (JSON-safe, deterministic)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def as_int(value: Any) -> int | None:
    value = clean(value)
    return None if value is None else round(value)


def raw_records(df: pd.DataFrame) -> list[Record]:
    """The rows as ``{column: value}`` (values as ``DataFrame.to_dict`` gives them; :func:`clean` them for JSON).

    pandas-stubs types the keys ``Hashable``; every core table's column labels are strings.
    """
    return cast(list[Record], df.to_dict("records"))


def records_by(
    df: pd.DataFrame,
    key: str,
    columns: list[str] | None = None,
    *,
    sort: list[str] | None = None,
    ascending: list[bool] | bool = True,
    where: pd.Series | None = None,
) -> dict[str, list[Record]]:
    """Group a table into {key: [record, ...]} once, sorted once; per-profile work is then plain Python."""
    if where is not None:
        df = df[where]
    if sort:
        df = df.sort_values(sort, ascending=ascending, kind="mergesort", na_position="last")
    if columns is not None:
        df = df[list(dict.fromkeys([key, *columns]))]
    out: dict[str, list[Record]] = {}
    for rec in raw_records(df):
        out.setdefault(rec[key], []).append({k: clean(v) for k, v in rec.items()})
    return out


def one_by(df: pd.DataFrame, key: str) -> dict[str, Record]:
    return {k: v[0] for k, v in records_by(df, key).items()}


# The O*NET tables a profile draws on (short names, see ``contract.onet_table``).
ONET_SECTION_TABLES = (
    "tasks",
    "interests",
    "skills",
    "knowledge",
    "work_styles",
    "work_values",
    "education",
    "job_zones",
    "technology_skills",
    "related",
    "alternate_titles",
)


def group_onet_tables(core: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, list[Record]]]:
    """O*NET tables of the SOC-level records (``.00``), grouped by SOC code and sorted for display."""

    def soc_level(df: pd.DataFrame) -> pd.Series:
        return df["onet_soc_code"].str.endswith(".00")

    t = {name: core[onet_table(name)] for name in ONET_SECTION_TABLES}
    tasks = t["tasks"].assign(_order=t["tasks"]["task_type"].map({"Core": 0, "Supplemental": 1}).fillna(2))
    education = t["education"].assign(category=t["education"]["category"].astype(int))

    def rated(name: str) -> dict[str, list[Record]]:
        """By importance, then name."""
        return records_by(
            t[name],
            "soc_code",
            where=soc_level(t[name]) & t[name]["importance"].notna(),
            sort=["importance", "element_name"],
            ascending=[False, True],
        )

    return {
        "tasks": records_by(
            tasks, "soc_code", ["task_text", "task_type", "task_id"], sort=["_order", "task_id"], where=soc_level(tasks)
        ),
        "interests": records_by(t["interests"], "soc_code", where=soc_level(t["interests"]), sort=["element_id"]),
        "skills": rated("skills"),
        "knowledge": rated("knowledge"),
        "work_styles": rated("work_styles"),
        "work_values": records_by(t["work_values"], "soc_code", where=soc_level(t["work_values"])),
        "education": records_by(education, "soc_code", where=soc_level(education), sort=["category"]),
        "job_zones": records_by(t["job_zones"], "soc_code", where=soc_level(t["job_zones"])),
        "technology_skills": records_by(
            t["technology_skills"],
            "soc_code",
            where=soc_level(t["technology_skills"]),
            sort=["hot_technology", "in_demand", "example"],
            ascending=[False, False, True],
        ),
        "related": records_by(t["related"], "soc_code", where=soc_level(t["related"]), sort=["relatedness_index"]),
        "alternate_titles": records_by(
            t["alternate_titles"], "soc_code", ["alternate_title"], where=soc_level(t["alternate_titles"])
        ),
        # the specialties' own records (O*NET-SOC codes other than .00), keyed by O*NET-SOC code
        "specialty_tasks": records_by(
            tasks,
            "onet_soc_code",
            ["task_text", "task_type", "task_id"],
            sort=["_order", "task_id"],
            where=~soc_level(tasks),
        ),
        "specialty_skills": records_by(
            t["skills"],
            "onet_soc_code",
            where=~soc_level(t["skills"]) & t["skills"]["importance"].notna(),
            sort=["importance", "element_name"],
            ascending=[False, True],
        ),
    }


@dataclass(frozen=True)
class SourceTables:
    """Every core table keyed by the code it is looked up by, plus the registry the releases come from."""

    registry: Mapping[str, Source]
    national: dict[str, Record]  # OEWS code -> national row
    states_by: dict[str, list[Record]]
    metros_by: dict[str, list[Record]]
    metros_count: dict[str, int]
    industries_by: dict[str, list[Record]]
    ep: dict[str, Record]
    oews_footnotes: dict[int, str]  # OEWS footnote code -> its text
    onet_occupation_by: dict[str, list[Record]]
    onet_by: dict[str, dict[str, list[Record]]]
    automation: dict[str, Record]
    metric_rows: dict[str, Record]
    regional_by: dict[str, list[Record]]
    titles: dict[str, str]  # every profile code -> title
    oews_code_of: dict[str, str]

    def release(self, source_id: str) -> str:
        return self.registry[source_id].release

    def onet(self, name: str, soc_code: str) -> list[Record]:
        return self.onet_by[name].get(soc_code, [])


def publishes_count_or_median(df: pd.DataFrame) -> pd.Series:
    """Rows that publish the employment count or a median wage, a top-coded one included (OEWS footnote 5:
    the wage is at or above the bound, which is published; the value is not)."""
    mask = df["employment_count"].notna()
    for column in ("annual_median_wage_usd", "hourly_median_wage_usd"):
        mask |= df[column].notna() | (df[f"{column}_footnote"] == OEWS_FOOTNOTE_TOP_CODED).fillna(False)
    return mask


def group_core_tables(core: Mapping[str, pd.DataFrame], registry: Mapping[str, Source]) -> SourceTables:
    universe = core["core_occprofiles__occupations"]
    # An area is kept when it publishes anything of the occupation: employment or a median wage (an area
    # can publish the wage and suppress the count; the profile then says why the count is missing).
    metros = core["core_oews__metro_wages"]
    metros = metros[publishes_count_or_median(metros)]
    metros = metros.sort_values(
        ["oews_code", "employment_count", "area"], ascending=[True, False, True], kind="mergesort"
    )
    industries = core["core_oews__industry_wages"]  # the same for an industry
    industries = industries[publishes_count_or_median(industries)]
    return SourceTables(
        registry=registry,
        national=one_by(core["core_oews__national_wages"], "oews_code"),
        states_by=records_by(
            core["core_oews__state_wages"],
            "oews_code",
            sort=["oews_code", "employment_count", "state"],
            ascending=[True, False, True],
        ),
        metros_by=records_by(metros.groupby("oews_code", sort=False).head(TOP_METROS), "oews_code"),
        metros_count={str(code): int(n) for code, n in metros.groupby("oews_code").size().items()},
        industries_by=records_by(
            industries,
            "oews_code",
            sort=["oews_code", "employment_count", "industry_code"],
            ascending=[True, False, True],
        ),
        ep=one_by(core["core_bls_ep__projections"], "ep_code"),
        oews_footnotes={
            int(r["footnote_code"]): str(r["footnote_text"]) for r in raw_records(core["core_oews__footnotes"])
        },
        onet_occupation_by=records_by(core["core_onet__occupation"], "soc_code", sort=["onet_soc_code"]),
        onet_by=group_onet_tables(core),
        automation=one_by(core["core_occprofiles__automation_risk"], "soc_code"),
        metric_rows=one_by(core["core_occprofiles__metric_inputs"], "soc_code"),
        regional_by=records_by(core["core_projections_central__state_projections"], "soc_code", sort=["state_fips"]),
        titles=dict(zip(universe["soc_code"], universe["title"], strict=True)),
        oews_code_of=dict(zip(universe["soc_code"], universe["oews_code"], strict=True)),
    )
