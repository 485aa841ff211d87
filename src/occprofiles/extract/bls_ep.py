"""BLS Employment Projections 2024-34, ``occupation.xlsx`` Tables 1.2 and 1.10.

Employment, change and openings are published in thousands; we convert to persons here, once, and
name the columns ``*_count``. An unavailable value is written "—" by EP; it becomes None, never zero.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..formatting import OEWS_TOP_CODE_ANNUAL_USD
from .common import read_xlsx

FILE = "occupation.xlsx"
UNAVAILABLE = "—"

TABLE_1_2 = {
    "2024 National Employment Matrix title": "ep_title",
    "2024 National Employment Matrix code": "ep_code",
    "Occupation type": "ep_occupation_type",
    "Employment, 2024": "employment_2024_thousands",
    "Employment, 2034": "employment_2034_thousands",
    "Employment change, numeric, 2024–34": "employment_change_thousands",
    "Employment change, percent, 2024–34": "employment_change_percent",
    "Percent self employed, 2024": "self_employed_percent",
    "Occupational openings, 2024–34 annual average": "annual_openings_thousands",
    "Median annual wage, dollars, 2024[1]": "median_annual_wage_2024_usd",
    "Typical education needed for entry": "typical_entry_education",
    "Work experience in a related occupation": "work_experience",
    "Typical on-the-job training needed to attain competency in the occupation": "on_the_job_training",
}
TABLE_1_10 = {
    "2024 National Employment Matrix code": "ep_code",
    "Labor force exit rate, 2024–34 annual average": "labor_force_exit_rate_percent",
    "Occupational transfer rate, 2024–34 annual average": "occupational_transfer_rate_percent",
    "Total occupational separations rate, 2024–34 annual average": "separations_rate_percent",
    "Labor force exits, 2024–34 annual average": "labor_force_exits_thousands",
    "Occupational transfers, 2024–34 annual average": "occupational_transfers_thousands",
    "Total occupational separations, 2024–34 annual average": "separations_thousands",
}


def _number(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip()
    return pd.to_numeric(text.mask(text.isin([UNAVAILABLE, ""])), errors="raise").astype("float64")


def _text(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip()
    return text.mask(text.isin([UNAVAILABLE, ""]))


def _thousands_to_persons(series: pd.Series) -> pd.Series:
    # 616.2 thousand -> 616,200 persons; round() removes float noise (616.2 * 1000 = 616200.0000001).
    return (series * 1000).round().astype("Int64")


def _read_table(path: Path, sheet: str, columns: dict[str, str]) -> pd.DataFrame:
    df = read_xlsx(path, sheet=sheet, header=1)
    missing = set(columns) - set(df.columns)
    if missing:
        raise ValueError(f"{path.name} sheet {sheet!r} lacks expected columns: {sorted(missing)}")
    df = df[list(columns)].rename(columns=columns)
    return df[df["ep_code"].astype("string").str.match(r"^\d\d-\d{4}$").fillna(False)].copy()


def extract_bls_ep(path: Path) -> pd.DataFrame:
    """One row per EP code (line items and summaries) with projections and separations, in persons."""
    t12 = _read_table(path, "Table 1.2", TABLE_1_2)
    t110 = _read_table(path, "Table 1.10", TABLE_1_10)
    for col in ("employment_2024", "employment_2034", "employment_change", "annual_openings"):
        t12[f"{col}_count"] = _thousands_to_persons(_number(t12.pop(f"{col}_thousands")))
    # EP writes a top-coded wage as ">=$239,200": no number, but not "unavailable" either.
    wage_text = t12["median_annual_wage_2024_usd"].astype("string").str.strip()
    top_coded = wage_text.str.startswith(">=").fillna(False)
    # The profile keeps a flag and formats the bound at display time: the bound must be the OEWS top code.
    bounds = set(wage_text[top_coded].str.replace(r"[>=$,\s]", "", regex=True).astype(float))
    if bounds - {float(OEWS_TOP_CODE_ANNUAL_USD)}:
        raise ValueError(
            f"{path.name}: top-coded EP wages {sorted(bounds)} are not the OEWS top code {OEWS_TOP_CODE_ANNUAL_USD}"
        )
    t12["median_annual_wage_2024_top_coded"] = top_coded.astype(bool)
    t12["median_annual_wage_2024_usd"] = wage_text.mask(top_coded)
    for col in ("employment_change_percent", "self_employed_percent", "median_annual_wage_2024_usd"):
        t12[col] = _number(t12[col])
    for col in ("typical_entry_education", "work_experience", "on_the_job_training"):
        t12[col] = _text(t12[col])
    t12["ep_title"] = t12["ep_title"].str.strip()
    t12["ep_occupation_type"] = t12["ep_occupation_type"].str.strip()
    for col in ("labor_force_exits", "occupational_transfers", "separations"):
        t110[f"{col}_count"] = _thousands_to_persons(_number(t110.pop(f"{col}_thousands")))
    for col in ("labor_force_exit_rate_percent", "occupational_transfer_rate_percent", "separations_rate_percent"):
        t110[col] = _number(t110[col])
    merged = t12.merge(t110, on="ep_code", how="left", validate="one_to_one")
    return merged.reset_index(drop=True)
