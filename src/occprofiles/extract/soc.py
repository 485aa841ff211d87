"""2018 SOC definitions and the SOC 2010 -> 2018 crosswalk (BLS/OMB)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import read_xlsx

DEFINITIONS_FILE = "soc_2018_definitions.xlsx"
CROSSWALK_FILE = "soc_2010_to_2018_crosswalk.xlsx"


def extract_soc_definitions(path: Path) -> pd.DataFrame:
    """One row per SOC code (major, minor, broad, detailed) with its title and definition."""
    df = read_xlsx(path, header=7)
    df = df.rename(
        columns={
            "SOC Group": "soc_level",
            "SOC Code": "soc_code",
            "SOC Title": "soc_title",
            "SOC Definition": "soc_definition",
        }
    )
    df = df[df["soc_code"].astype(str).str.match(r"^\d\d-\d{4}$")].copy()
    df["soc_level"] = df["soc_level"].str.lower()
    df["soc_title"] = df["soc_title"].str.strip()
    df["soc_definition"] = df["soc_definition"].str.strip().replace("", None)
    return df[["soc_code", "soc_level", "soc_title", "soc_definition"]].reset_index(drop=True)


def extract_soc_crosswalk(path: Path) -> pd.DataFrame:
    """Pairs of 2010 and 2018 SOC detailed codes (one-to-one, one-to-many and many-to-one)."""
    df = read_xlsx(path, header=8)
    df = df.rename(
        columns={
            "2010 SOC Code": "soc_2010_code",
            "2010 SOC Title": "soc_2010_title",
            "2018 SOC Code": "soc_2018_code",
            "2018 SOC Title": "soc_2018_title",
        }
    )
    df = df[df["soc_2010_code"].astype(str).str.match(r"^\d\d-\d{4}$")]
    return df[["soc_2010_code", "soc_2010_title", "soc_2018_code", "soc_2018_title"]].reset_index(drop=True)
