"""``occprofiles check-book [--chapters DIR] [--allow FILE] [CODES...]``: the book lint on rendered chapters:
occupations (named by SOC code), group overviews (by the major group's code, ``29-0000``) and comparisons (by
their id, ``29-1071_29-1141_29-1171``).

Exit 0 with one summary line when no chapter has a defect; exit 1 listing each chapter, defect kind and
snippet otherwise; exit 2 for a code that is not rendered (or malformed). ``--allow FILE`` names findings
that are expected (each with its reason): they are listed apart and do not fail the run.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import OccProfilesError
from .checks import CHECKS
from .scan import chapter_id, chapter_paths, read_allowed, scan_chapters, split_allowed

GROUP_OR_COMPARISON = re.compile(r"\d\d-0000|\d\d-\d{4}(?:_\d\d-\d{4}){1,3}")


class ChapterNotRenderedError(OccProfilesError):
    exit_status = 2


def register(subparsers: Any) -> None:
    cmd = subparsers.add_parser(
        "check-book", help="scan rendered chapters for the defects a reader would see (the book lint)"
    )
    cmd.add_argument(
        "soc_codes",
        nargs="*",
        metavar="SOC",
        help="only these chapters: SOC codes, group codes (29-0000), comparison ids (default: every rendered one)",
    )
    cmd.add_argument("--chapters", metavar="DIR", help="folder of rendered chapters (default: book/chapters)")
    cmd.add_argument("--allow", metavar="FILE", help="expected findings, one a line with its reason")
    cmd.add_argument("--list-checks", action="store_true", help="list the defect kinds and exit")
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..profile import normalise_soc_code

    if args.list_checks:
        for check in CHECKS:
            print(f"{check.name:20} {check.what}")
        return 0
    root = Path(args.chapters).expanduser() if args.chapters else paths.chapters_dir()
    codes = [c.strip() if GROUP_OR_COMPARISON.fullmatch(c.strip()) else normalise_soc_code(c) for c in args.soc_codes]
    found = chapter_paths(root, codes)
    missing = sorted(set(codes) - {chapter_id(p) for p in found})
    if missing:
        raise ChapterNotRenderedError(f"not rendered in {root}: {', '.join(missing)} (run `occprofiles render` first)")
    if not found:
        raise ChapterNotRenderedError(f"no rendered chapters in {root} (run `occprofiles render` first)")
    findings = scan_chapters(found)
    allowed = read_allowed(Path(args.allow)) if args.allow else []
    defects, expected = split_allowed(findings, allowed)
    for finding in defects:
        print(finding.line())
    if expected:
        print(f"({len(expected)} expected findings listed in {args.allow} not counted)")
    chapters = len({f.code for f in defects})
    print(
        f"check-book: chapters scanned {len(found)}, checks {len(CHECKS)}, defects {len(defects)}"
        + (f", chapters with defects {chapters}" if defects else "")
    )
    return 1 if defects else 0
