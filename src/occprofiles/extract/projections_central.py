"""Projections Central state long-term occupational projections (2020-30 edition)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FILE = "ltprojections.csv"


def extract_projections_central(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame(
        {
            "state_fips": df["stfips"].astype(int),
            "area_name": df["areaname"].str.strip(),
            "soc_code": df["code"].str.strip(),
            "pc_title": df["name"].str.strip(),
            "base_year": df["baseyear"].astype(int),
            "base_employment_count": pd.to_numeric(df["base"]).astype("Int64"),
            "projected_year": df["projyear"].astype(int),
            "projected_employment_count": pd.to_numeric(df["proj"]).astype("Int64"),
            "change_count": pd.to_numeric(df["change"]).astype("Int64"),
            "change_percent": pd.to_numeric(df["percentchange"]),
            "annual_openings_count": pd.to_numeric(df["avgannualopenings"]).astype("Int64"),
        }
    )
    return out
