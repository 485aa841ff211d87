"""``occprofiles list``: occupations with their coverage, read from the build's coverage table."""

from __future__ import annotations

import csv
import re

from . import paths
from .coverage import COVERAGE_CSV
from .profile import InvalidSocCodeError, ProfilesNotBuiltError

# Short column heads for the coverage flags, in chapter order.
FLAGS = {
    "wages": "W",
    "projections": "P",
    "tasks": "T",
    "interests": "I",
    "skills": "S",
    "states": "G",
    "industries": "N",
    "regional_outlook": "R",
    "automation": "A",
    "work_life_balance": "B",
}
LEGEND = (
    "coverage: W wages (OEWS)  P projections (EP)  T tasks  I interests  S skills (O*NET)  "
    "G states  N industries (OEWS)  R regional outlook (Projections Central)  A automation risk  B work-life balance"
)


def read_coverage() -> list[dict[str, str]]:
    path = paths.processed_dir() / COVERAGE_CSV
    if not path.exists():
        raise ProfilesNotBuiltError(
            f"no coverage table at {path}: run `occprofiles data build` (or `make data`) first."
        )
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def list_occupations(major: str | None = None, search: str | None = None) -> list[str]:
    rows = read_coverage()
    if major is not None:
        if not re.fullmatch(r"\d{2}", major.strip()):
            raise InvalidSocCodeError(
                f"--major {major!r}: expected a two-digit SOC major group such as 29 (Healthcare Practitioners)."
            )
        rows = [r for r in rows if r["soc_code"].startswith(major.strip() + "-")]
        if not rows:
            raise InvalidSocCodeError(
                f"--major {major!r}: no SOC major group {major}; major groups run from 11 to 55 in odd numbers."
            )
    if search:
        rows = [r for r in rows if search.lower() in r["title"].lower()]
    lines = [f"{'code':<8} {'coverage':<10} title", LEGEND]
    for r in rows:
        flags = "".join(f if r[s] == "1" else "." for s, f in FLAGS.items())
        kind = "  [aggregate]" if r["code_kind"] == "aggregate" else ""
        lines.append(f"{r['soc_code']:<8} {flags:<10} {r['title']}{kind}")
    lines.append(f"{len(rows)} occupations")
    return lines if rows else []
