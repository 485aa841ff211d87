"""The render's CPU before and after a change, measured side by side: both versions render the same group at the
same time, so both see the same machine (this VM's speed drifts by 2x within an hour; runs one after the other
differed by more than the changes measured). Reports each side's CPU time (user + sys of its whole process
tree) and their ratio, per round and on average.

    git worktree add /tmp/base 713f560                  # the code before (any tree with src/ and notebooks/)
    python benchmarks/render_ab.py --base /tmp/base --rounds 4

Each round runs ``occprofiles render --major NN --force --jobs J`` twice at once: "before" imports
``<base>/src`` (PYTHONPATH) and renders into ``<base>/book``; "after" is this checkout. Both use this
checkout's virtual environment (so the two versions must want the same packages) and read its data
(``OCCPROFILES_DATA_DIR``). Four render processes then share the machine's cores: the CPU figures are
higher than in a run alone (contention), so only the ratio is the measure. The side that starts first
alternates. Run ``make setup`` in this checkout first, as a fresh clone would be.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# treecpu.py runs the command and reports its wall time and its whole process tree's CPU time (orphans included).
TREECPU = REPO / "benchmarks" / "treecpu.py"
TREECPU_LINE = re.compile(r"treecpu: wall ([0-9.]+) s, CPU ([0-9.]+) s")


def timed(process: subprocess.Popen[str]) -> tuple[float, float]:
    """(wall s, CPU s) of a treecpu.py run, once it has ended."""
    _, report = process.communicate()
    found = TREECPU_LINE.search(report)
    if process.returncode != 0 or found is None:
        raise SystemExit(f"the render failed (exit {process.returncode}):\n{report}")
    return float(found.group(1)), float(found.group(2))


def chapters_in(major: str) -> int:
    sys.path.insert(0, str(REPO / "src"))
    from occprofiles.profile import list_titles

    return len([c for c, _ in list_titles() if c.startswith(major + "-")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, type=Path, help="a checkout of the code before the change")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--major", default="29", help="the SOC major group rendered (default 29, issue 14's)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    base = args.base.resolve()
    if not (base / "src" / "occprofiles").is_dir():
        parser.error(f"{base} has no src/occprofiles")
    command = [str(REPO / ".venv" / "bin" / "occprofiles"), "render", "--major", args.major, "--force"]
    command += ["--jobs", str(args.jobs), "--quiet"]
    data = os.environ.get("OCCPROFILES_DATA_DIR") or str(REPO / "data")
    environments = {
        "before": {**os.environ, "PYTHONPATH": str(base / "src"), "OCCPROFILES_DATA_DIR": data},
        "after": {**os.environ, "OCCPROFILES_DATA_DIR": data},
    }
    chapters = chapters_in(args.major)
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    for round_no in range(args.rounds):
        order = ("before", "after") if round_no % 2 == 0 else ("after", "before")
        running = {
            side: subprocess.Popen(
                [sys.executable, str(TREECPU), "--", *command],
                env=environments[side],
                cwd=base if side == "before" else REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for side in order
        }
        result = {side: timed(process) for side, process in running.items()}
        for side in cpu:
            cpu[side].append(result[side][1])
        print(
            f"round {round_no + 1}: before {result['before'][1]:.1f} CPU-s ({result['before'][1] / chapters:.3f} a chapter), "
            f"after {result['after'][1]:.1f} ({result['after'][1] / chapters:.3f}); "
            f"after/before {result['after'][1] / result['before'][1]:.3f}",
            flush=True,
        )
    ratios = [a / b for a, b in zip(cpu["after"], cpu["before"], strict=True)]
    spread = statistics.stdev(ratios) if len(ratios) > 1 else 0.0
    print(
        f"after/before: mean {statistics.mean(ratios):.3f} (sd {spread:.3f}) over {len(ratios)} rounds, {chapters} chapters"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
