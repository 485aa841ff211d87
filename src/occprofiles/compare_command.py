"""``occprofiles compare SOC SOC [SOC [SOC]]``: render one comparison chapter (``notebooks/compare.ipynb``)
through the shared render machinery (workers, content hash, skipping, atomic writes, failure isolation);
``--listed`` renders every comparison of ``data/comparisons.yml``, as ``occprofiles book --sample`` does."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .errors import InvalidSocCodeError

if TYPE_CHECKING:
    from .render.batch import RenderSummary

KIND = "comparison"


def listed_ids(path: Path | None = None) -> list[str]:
    """The ids of the comparisons ``data/comparisons.yml`` lists (each entry checked: 2-4 known, distinct codes)."""
    import yaml

    from .compare import comparison_id  # here, not at the top: it imports the charts (0.5 s on every command)

    path = path or paths.comparisons_path()
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("comparisons") or []
    ids = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, list) or not all(isinstance(c, str) for c in entry):
            raise InvalidSocCodeError(
                f"{path.name}, comparison {n}: expected a list of quoted SOC codes, got {entry!r}"
            )
        try:
            ids.append(comparison_id(entry))
        except InvalidSocCodeError as exc:
            raise InvalidSocCodeError(f"{path.name}, comparison {n}: {exc}") from None
    return sorted(set(ids))


def render_comparisons(ids: list[str], jobs: int = 2, force: bool = False, progress: bool = True) -> RenderSummary:
    from .render import run_render

    return run_render(ids, jobs=jobs, force=force, progress=progress, kind=KIND)


def render_with_listed(codes: list[str], jobs: int, progress: bool) -> bool:
    """Render the occupations ``codes``, then the comparisons of ``data/comparisons.yml``, in one pool (one
    start of the workers and kernels), as ``occprofiles book --sample`` does; print each summary; True when
    none failed."""
    from .render import OCCUPATION, run_renders

    ids = listed_ids()
    batches = ([(OCCUPATION, codes)] if codes else []) + ([(KIND, ids)] if ids else [])
    if not batches:
        return True
    summaries = run_renders(batches, jobs=jobs, progress=progress)
    for (kind, _), summary in zip(batches, summaries, strict=True):
        print(("Comparisons: " if kind == KIND else "") + summary.text())
    return all(s.ok for s in summaries)


def _cmd_compare(args: argparse.Namespace) -> int:
    if args.listed:
        if args.soc_codes:
            raise InvalidSocCodeError("name SOC codes or use --listed, not both")
        ids = listed_ids()
    else:
        from .compare import comparison_id

        ids = [comparison_id(args.soc_codes)]
    summary = render_comparisons(ids, jobs=args.jobs, force=args.force, progress=not args.quiet)
    print(summary.text())
    for chapter in ids:
        print(f"  {os.path.relpath(paths.chapters_dir() / 'comparisons' / f'{chapter}.ipynb')}")
    return 0 if summary.ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="render one comparison chapter of 2 to 4 occupations (notebooks/compare.ipynb)",
        description="Render a chapter comparing 2 to 4 occupations side by side: key facts, wage distributions, "
        "outlook, top skills and knowledge, interests. Example: occprofiles compare 29-1141 29-1171 29-1071",
    )
    p.add_argument("soc_codes", nargs="*", metavar="SOC", help="2 to 4 different SOC detailed codes")
    p.add_argument("--listed", action="store_true", help="every comparison listed in data/comparisons.yml")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2, help="worker processes")
    p.add_argument("--force", action="store_true", help="re-render even if up to date")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_compare)
