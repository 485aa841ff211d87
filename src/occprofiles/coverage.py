"""Coverage report: which sections have data, for every occupation (written at the end of the build)."""

from __future__ import annotations

import csv
from pathlib import Path

from .contract import COVERAGE_CSV, COVERAGE_MD
from .profile import Profile

__all__ = ["COVERAGE_CSV", "COVERAGE_MD", "coverage_rows", "write_coverage"]


def coverage_rows(profiles: dict[str, Profile]) -> tuple[list[str], list[dict]]:
    sections = list(next(iter(profiles.values())).sections) if profiles else []
    rows = []
    for code, p in sorted(profiles.items()):
        row: dict[str, str | int] = {"soc_code": code, "title": p.title, "code_kind": p.code_mapping.kind}
        row.update({s: int(p.sections[s].available) for s in sections})
        rows.append(row)
    return sections, rows


def write_coverage(profiles: dict[str, Profile], folder: Path) -> None:
    sections, rows = coverage_rows(profiles)
    with open(folder / COVERAGE_CSV, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["soc_code", "title", "code_kind", *sections], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    total = len(rows)
    lines = [
        "# Coverage of the occupation profiles",
        "",
        (
            f"{total} profiles: {sum(r['code_kind'] == 'detailed' for r in rows)} 2018 SOC detailed codes and "
            f"{sum(r['code_kind'] == 'aggregate' for r in rows)} OEWS/EP aggregate codes."
        ),
        "",
        "| section | profiles with data | without |",
        "|---|---:|---:|",
    ]
    for s in sections:
        have = sum(r[s] for r in rows)
        lines.append(f"| {s} | {have} | {total - have} |")
    (folder / COVERAGE_MD).write_text("\n".join(lines) + "\n", encoding="utf-8")
