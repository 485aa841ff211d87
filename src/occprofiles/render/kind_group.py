"""The group overview kind of chapter: one per SOC major group, ``notebooks/group_overview.ipynb``
executed with ``major_group = "NN"``, written as ``book/chapters/NN/index.ipynb`` (the group's page in
the book) with the group's document (``group_data.group_document``) beside it as ``index.json``.

Its parameters name the group's occupations that have a chapter in the book (linked from its table),
so an overview is stale, and rendered again, whenever the group's chapters change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import paths
from ..group_data import group_document
from .batch import RenderSummary, run_render
from .kinds import OCCUPATION, ChapterKind, get_kind, register_kind

GROUP = "group"
TEMPLATE = "group_overview.ipynb"
OVERVIEW_STEM = "index"


def overview_path(major: str, root: Path) -> Path:
    return root / major / f"{OVERVIEW_STEM}.ipynb"


def rendered_groups(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob(f"[0-9][0-9]/{OVERVIEW_STEM}.ipynb"))


def _parameters(major: str, document: dict, book_set: set[str]) -> dict:
    codes = {m["soc_code"] for m in document["members"]}
    return {"major_group": major, "chapters": sorted(codes & book_set)}


def _title(document: dict) -> str:
    return f"{document['title']} (SOC {document['code']})"


GROUP_KIND = register_kind(
    ChapterKind(
        name=GROUP,
        template_name=TEMPLATE,
        path_of=overview_path,
        load_document=group_document,
        make_parameters=_parameters,
        make_title=_title,
        list_rendered=rendered_groups,
        id_key="major_group",
        cell_prefix=lambda major: f"group-{major}",
    )
)


def groups_with_chapters(root: Path | None = None) -> list[str]:
    """The major groups that have at least one occupation chapter under ``root``."""
    return sorted({code[:2] for code in get_kind(OCCUPATION).ids_rendered(root or paths.chapters_dir())})


def render_group_overviews(
    majors: Iterable[str] | None = None,
    jobs: int = 2,
    force: bool = False,
    out_root: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
) -> RenderSummary:
    """Render the stale overviews of ``majors`` (default: every group with a chapter in the book)."""
    chosen: Sequence[str] = overview_ids(majors, (), out_root)
    return run_render(
        chosen, jobs=jobs, force=force, out_root=out_root, progress=progress, scheduler=scheduler, kind=GROUP
    )


def overview_ids(majors: Iterable[str] | None, codes: Iterable[str] = (), out_root: Path | None = None) -> list[str]:
    """The overviews to render beside a batch of occupation ``codes`` (``run_renders``): ``majors``, or (None)
    every group with a chapter under ``out_root`` or among ``codes``."""
    if majors is not None:
        return sorted(set(majors))
    return sorted(set(groups_with_chapters(out_root)) | {code[:2] for code in codes})
