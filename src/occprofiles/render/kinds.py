"""Kinds of chapter: one papermill template each, rendered by the same machinery.

A kind says which template it executes, where its chapters live, the document written beside a
chapter (the JSON a reader can download; its hash makes the chapter stale when it changes), the
template's parameters and the chapter's title. Everything else (worker processes, the reused kernel,
content hashes, skipping, atomic writes, failure isolation, stop handling, Dask) is shared: see
``worker``, ``batch``.

The occupation kind (one chapter per SOC code) is defined here. Another kind lives in its own module
that calls :func:`register_kind` when imported, and is named in :data:`KIND_MODULES` so that a worker
process (spawned, or a Dask worker) that meets a task of that kind imports it too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import OccProfilesError
from ..profile import load_profile_dict
from .hashing import chapter_parameters
from .selection import TEMPLATE_NAME, chapter_path, rendered_codes

OCCUPATION = "occupation"

# Kind name -> the module that registers it (imported on first use, in any process).
KIND_MODULES: dict[str, str] = {
    "group": "occprofiles.render.kind_group",
    "comparison": "occprofiles.render.kind_comparison",
}


@dataclass(frozen=True)
class ChapterKind:
    """One kind of chapter. The callables are the kind's own; the methods below are how the shared
    machinery calls them (``root`` defaults to the book's chapters folder)."""

    name: str
    template_name: str  # a file in notebooks/
    path_of: Callable[[str, Path], Path]  # (chapter id, chapters root) -> the chapter's .ipynb
    load_document: Callable[[str], dict]  # chapter id -> the JSON written beside the chapter
    make_parameters: Callable[[str, dict, set[str]], dict]  # (id, document, occupation chapters) -> parameters
    make_title: Callable[[dict], str]  # document -> the chapter's title line (without "# ")
    list_rendered: Callable[[Path], list[str]]  # chapters root -> ids of this kind's rendered chapters
    # The notebook metadata key that names the chapter's id, and a cell-id prefix from the id (cell ids
    # allow letters, digits, "-" and "_" only).
    id_key: str = "soc_code"
    cell_prefix: Callable[[str], str] = str

    def template_path(self) -> Path:
        return paths.notebooks_dir() / self.template_name

    def chapter_path(self, chapter_id: str, root: Path | None = None) -> Path:
        return self.path_of(chapter_id, root or paths.chapters_dir())

    def document(self, chapter_id: str) -> dict:
        return self.load_document(chapter_id)

    def parameters(self, chapter_id: str, document: dict, book_set: set[str]) -> dict:
        """``book_set``: the occupations that have a chapter in the book (to link to)."""
        return self.make_parameters(chapter_id, document, book_set)

    def title(self, document: dict) -> str:
        return self.make_title(document)

    def ids_rendered(self, root: Path | None = None) -> list[str]:
        return self.list_rendered(root or paths.chapters_dir())


KINDS: dict[str, ChapterKind] = {}


def register_kind(kind: ChapterKind) -> ChapterKind:
    """Add ``kind`` to :data:`KINDS` (registering the same kind again replaces it)."""
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> ChapterKind:
    """The registered kind ``name``, importing its module (:data:`KIND_MODULES`) the first time."""
    if name not in KINDS and name in KIND_MODULES:
        importlib.import_module(KIND_MODULES[name])
    try:
        return KINDS[name]
    except KeyError:
        raise OccProfilesError(
            f"no chapter kind {name!r} (known: {', '.join(sorted({*KINDS, *KIND_MODULES}))})"
        ) from None


def _occupation_parameters(code: str, profile: dict, book_set: set[str]) -> dict:
    return chapter_parameters(profile, book_set)


def _occupation_title(profile: dict) -> str:
    return f"{profile['title']} (SOC {profile['soc_code']})"


register_kind(
    ChapterKind(
        name=OCCUPATION,
        template_name=TEMPLATE_NAME,
        path_of=chapter_path,
        load_document=load_profile_dict,
        make_parameters=_occupation_parameters,
        make_title=_occupation_title,
        list_rendered=rendered_codes,
    )
)
