"""Small helpers shared by the extract modules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_xlsx(path: Path, sheet: str | int = 0, header: int | None = 0) -> pd.DataFrame:
    """Read one sheet as text-preserving cells.

    ``keep_default_na=False`` matters: pandas would otherwise turn the literal "None" (an EP training
    category) and "NA" into missing values.
    """
    return pd.read_excel(path, sheet_name=sheet, header=header, engine="calamine", keep_default_na=False)
