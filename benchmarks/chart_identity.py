"""Every chart of some chapters as the book embeds it (inline SVG), written to a folder, so speed work on
``occprofiles.charts`` can be checked byte for byte against the code before it.

    python benchmarks/chart_identity.py --out /tmp/svg-before          # on the old code
    python benchmarks/chart_identity.py --out /tmp/svg-after --compare /tmp/svg-before

Each chart is drawn twice in the same process (the second draw must give the same bytes: determinism,
and no state left behind by the first one). Codes: the sample chapters plus a few with unusual data;
charts: every chart of ``charts.SPECS`` (also the extra ones), drawn in chapter order per chapter, then
two group overviews' and one comparison's charts.
Exit status 1 when a chart differs from ``--compare`` or between its two draws.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from occprofiles import charts  # noqa: E402 (after the sys.path line above)
from occprofiles.profile import load_profile  # noqa: E402
from occprofiles.render import SAMPLE_CODES  # noqa: E402

EXTRA_CODES = ("11-9111", "27-2011", "55-1011", "53-3032", "29-1141")


GROUPS = ("29", "11")
COMPARISON = ("29-1141", "29-1171", "29-1071")


def chart_svgs(codes: list[str]) -> dict[str, str]:
    """``<code>-<chart>`` -> inline SVG; also the group overview charts of ``GROUPS`` and the charts of
    one comparison chapter (they share the package's figure, layout and save code)."""
    from occprofiles.charts.registry import COMPARISON_SPECS
    from occprofiles.group_data import load_group

    out: dict[str, str] = {}
    for code in codes:
        profile = load_profile(code)
        for name, spec in charts.SPECS.items():
            out[f"{code}-{name}"] = charts.inline_svg(spec.figure(profile), spec.alt_text(profile), f"t-{name}")
    for major in GROUPS:
        group = load_group(major)
        for name, spec in charts.GROUP_CHARTS.items():
            out[f"group{major}-{name}"] = charts.inline_svg(spec.figure(group), spec.alt_text(group), f"t-{name}")
    profiles = [load_profile(code) for code in COMPARISON]
    for name, spec in COMPARISON_SPECS.items():
        out[f"compare-{name}"] = charts.inline_svg(spec.figure(profiles), spec.alt_text(profiles), f"t-{name}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    codes = list(dict.fromkeys([*SAMPLE_CODES, *EXTRA_CODES]))
    first = chart_svgs(codes)
    second = chart_svgs(codes)
    args.out.mkdir(parents=True, exist_ok=True)
    for key, svg in first.items():
        (args.out / f"{key}.svg").write_text(svg, encoding="utf-8")
    unstable = sorted(k for k in first if first[k] != second[k])
    changed = []
    if args.compare is not None:
        changed = sorted(k for k in first if (args.compare / f"{k}.svg").read_text(encoding="utf-8") != first[k])
    print(f"{len(first)} charts of {len(codes)} chapters written to {args.out}")
    print(f"differ between two draws in one process: {len(unstable)} {unstable[:10]}")
    if args.compare is not None:
        print(f"differ from {args.compare}: {len(changed)} {changed[:10]}")
    return 1 if unstable or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
