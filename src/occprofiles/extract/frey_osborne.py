"""Frey & Osborne (2013) probability of computerisation, SOC 2010 codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FILE = "frey_osborne_automation_risk_index_clean.csv"
# Codes stay text (leading zeros); the training label is a nullable integer (most rows have none).
DTYPES: dict[str, type[str] | str] = {"SOC code": str, "Label": "Int64"}


def extract_frey_osborne(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=DTYPES)
    df = df.rename(
        columns={
            "Rank": "rank",
            "Probability": "computerisation_probability",
            "Label": "training_label",
            "SOC code": "soc_2010_code",
            "Occupation": "fo_title",
        }
    )
    return df[["soc_2010_code", "fo_title", "rank", "computerisation_probability", "training_label"]]
