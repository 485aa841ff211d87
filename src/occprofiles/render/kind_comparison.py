"""The comparison kind of chapter: ``notebooks/compare.ipynb`` for two to four occupations.

A comparison's id is its SOC codes sorted and joined by "_" (``29-1071_29-1141_29-1171``); its chapter
is ``<chapters root>/comparisons/<id>.ipynb``, and the document beside it holds the profiles compared
(their hash makes the chapter stale when any of them changes).
"""

from __future__ import annotations

from pathlib import Path

from ..compare import codes_of, comparison_title, validate_codes
from ..contract import PROFILE_SCHEMA_VERSION
from ..profile import load_profile_dict
from .kinds import ChapterKind, register_kind

COMPARISON = "comparison"
FOLDER = "comparisons"
TEMPLATE = "compare.ipynb"


def comparison_path(chapter_id: str, root: Path) -> Path:
    return root / FOLDER / f"{chapter_id}.ipynb"


def comparison_document(chapter_id: str) -> dict:
    """The comparison's data: its id, title, codes and the profiles compared (the public profile JSON)."""
    codes = validate_codes(codes_of(chapter_id))
    profiles = [load_profile_dict(c) for c in codes]
    return {
        "kind": COMPARISON,
        "id": chapter_id,
        "schema_version": PROFILE_SCHEMA_VERSION,
        "title": comparison_title([p["title"] for p in profiles]),
        "soc_codes": codes,
        "profiles": profiles,
    }


def comparison_parameters(chapter_id: str, document: dict, book_set: set[str]) -> dict:
    codes = document["soc_codes"]
    return {"soc_codes": codes, "chapters_in_book": sorted(set(codes) & book_set)}


def rendered_comparisons(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / FOLDER).glob("*.ipynb"))


KIND = register_kind(
    ChapterKind(
        name=COMPARISON,
        template_name=TEMPLATE,
        path_of=comparison_path,
        load_document=comparison_document,
        make_parameters=comparison_parameters,
        make_title=lambda document: document["title"],
        list_rendered=rendered_comparisons,
        id_key="comparison_id",
        cell_prefix=lambda chapter_id: f"cmp-{chapter_id}",
    )
)
