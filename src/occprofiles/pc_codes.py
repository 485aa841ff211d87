"""Which Projections Central code each profile's regional outlook comes from (core layer).

Projections Central (2020–30) publishes most 2018 SOC detailed codes on their own; some only within a
code of the OEWS 2019–2020 transition structure (e.g. 15-1256 Software Developers and Software Quality
Assurance Analysts and Testers), declared with the detailed codes each includes in
``data/mappings/projections_central_codes.yml``. The fallback is the one OEWS and EP aggregates already
have: an occupation's own rows first; else the OEWS/EP aggregate of the profile universe that covers it,
when the file publishes that code; else the declared Projections Central aggregate that includes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import yaml

from . import paths

PC_CODES_FILE = paths.mappings_dir() / "projections_central_codes.yml"
PC_TITLE_MARK = " (SOC 2018)"  # the file marks broad groups it publishes with this suffix


def load_pc_aggregates() -> dict[str, list[str]]:
    """``{"15-1256": ["15-1252", "15-1253"], ...}`` as declared."""
    codes = yaml.safe_load(PC_CODES_FILE.read_text(encoding="utf-8"))["codes"]
    return {str(code): [str(c) for c in entry["soc_2018"]] for code, entry in codes.items()}


def pc_title(title: str) -> str:
    """The file's title without its "(SOC 2018)" mark."""
    return title.removesuffix(PC_TITLE_MARK).strip()


def check_pc_aggregates(aggregates: Mapping[str, Sequence[str]], published: set[str], detailed: set[str]) -> None:
    """The declared mapping must fit the file: each aggregate published, each member a detailed code,
    no member in two aggregates."""
    seen: dict[str, str] = {}
    for code, members in aggregates.items():
        if code not in published:
            raise ValueError(f"{PC_CODES_FILE.name}: {code} is not a Projections Central code")
        unknown = sorted(set(members) - detailed)
        if unknown:
            raise ValueError(f"{PC_CODES_FILE.name}: {code} lists codes that are not 2018 SOC detailed: {unknown}")
        for m in members:
            if m in seen:
                raise ValueError(f"{PC_CODES_FILE.name}: {m} is in both {seen[m]} and {code}")
            seen[m] = code


def assign_pc_codes(
    universe: pd.DataFrame, pc: pd.DataFrame, aggregates: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """``universe`` with ``pc_code``: the code whose Projections Central rows the profile shows (None: none)."""
    if aggregates is None:
        aggregates = load_pc_aggregates()
    published = set(pc["soc_code"])
    check_pc_aggregates(aggregates, published, set(universe.loc[universe["code_kind"] == "detailed", "soc_code"]))
    declared = {m: code for code, members in aggregates.items() for m in members}

    def pc_code(row: pd.Series) -> str | None:
        code = row["soc_code"]
        if code in published:
            return str(code)
        for source_code in (row["oews_code"], row["ep_code"]):
            if isinstance(source_code, str) and source_code != code and source_code in published:
                return source_code
        return declared.get(code)

    codes = [pc_code(row) for _, row in universe.iterrows()]
    return universe.assign(pc_code=pd.Series(codes, index=universe.index, dtype=object))
