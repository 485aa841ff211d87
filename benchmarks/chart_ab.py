"""Per-chart CPU before and after a change, measured in interleaved runs (A, B, A, B, ...) so that both
sides see the same machine load: ``breakdown.chart_breakdown`` (draw, layout, SVG save, post-processing,
CPU ms per chart over 20 chapters) in a fresh process per run, the median of the runs per cell.

    git archive main | tar -x -C /tmp/base             # the code before (any tree with src/ and benchmarks/)
    python benchmarks/chart_ab.py --base /tmp/base --runs 3

"before" imports ``<base>/src`` (PYTHONPATH), "after" this checkout; both read this checkout's data.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ("draw", "layout", "svg save", "post-processing")
CODES = (
    "11-1011 13-1031 15-1253 17-3028 19-4044 21-1014 23-2011 25-2021 27-2011 29-1141 "
    "31-1131 33-3051 35-2014 37-2011 39-9011 41-2031 43-4051 45-2092 47-2031 49-3023"
).split()
ONE_RUN = (
    "import json, os, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "import breakdown\n"
    "print(json.dumps({'load': os.getloadavg()[0], 'rows': breakdown.chart_breakdown(sys.argv[2:])}))\n"
)


def one_run(tree: Path) -> dict:
    env = {**os.environ, "OCCPROFILES_DATA_DIR": str(REPO / "data"), "PYTHONPATH": str(tree / "src")}
    done = subprocess.run(
        [sys.executable, "-c", ONE_RUN, str(tree / "benchmarks"), *CODES],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(runs: dict[str, list[dict]]) -> str:
    def med(side: str, chart: str, column: str) -> float:
        return statistics.median(run["rows"][chart][column] for run in runs[side])

    lines = [
        "| chart | " + " | ".join(f"{c} before / after" for c in COLUMNS) + " | total before | total after |",
        "|---" * (len(COLUMNS) + 3) + "|",
    ]
    totals = {side: dict.fromkeys(COLUMNS, 0.0) for side in runs}
    for chart in runs["before"][0]["rows"]:
        for side in runs:
            for c in COLUMNS:
                totals[side][c] += med(side, chart, c)
        cells = " | ".join(f"{med('before', chart, c):.0f} / {med('after', chart, c):.0f}" for c in COLUMNS)
        before, after = (sum(med(side, chart, c) for c in COLUMNS) for side in ("before", "after"))
        lines.append(f"| {chart} | {cells} | {before:.0f} | {after:.0f} |")
    before, after = (sum(totals[side].values()) for side in ("before", "after"))
    cells = " | ".join(f"{totals['before'][c]:.0f} / {totals['after'][c]:.0f}" for c in COLUMNS)
    lines.append(
        f"| **all charts** | {cells} | **{before:.0f}** | **{after:.0f}** ({100 * (after - before) / before:+.1f} %) |"
    )
    loads = [round(run["load"], 1) for side in runs for run in runs[side]]
    lines.append(f"\nCPU ms per chart, median of {len(runs['before'])} interleaved runs a side; load average {loads}.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="a tree with the code before (src/, benchmarks/)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(args.runs):
        runs["before"].append(one_run(args.base.resolve()))
        runs["after"].append(one_run(REPO))
    print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
