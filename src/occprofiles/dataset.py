"""``occprofiles export-dataset DIR``: every profile as tidy tables (Parquet and CSV) + ``datapackage.json``.

What an analyst downloads instead of reading 879 pages: one table per profile section
(:mod:`occprofiles.dataset_tables`), each as ``csv/<table>.csv`` and ``parquet/<table>.parquet``, described
by a Frictionless Data Package (fields with types, descriptions from the profile contract and units,
the sources with their releases and licences). The CSV files are the package's resources; each resource
names its Parquet twin (``x-parquet``: same columns, same rows). Values are the profile JSON's, unrounded;
a value the source does not publish is empty (CSV) or null (Parquet), with the reason in the table's
``reason``/``*_note`` columns where the profile has one.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

from .dataset_tables import Table, flatten

PACKAGE_NAME = "occupation-profiles"
# Which registry sources each table's section comes from (the profile's `sections` say the same per chapter);
# a section not listed (strengths, challenges, the section and source lists) draws on all of them.
SECTION_SOURCES: dict[str, tuple[str, ...]] = {
    "occupations": ("soc", "onet"),
    "alternate_titles": ("onet",),
    "onet_specialties": ("onet",),
    "code_mapping": ("soc", "oews", "bls_ep"),
    "key_facts": ("oews", "bls_ep"),
    "tasks": ("onet",),
    "oews": ("oews",),
    "comparisons": ("oews",),
    "projections": ("bls_ep",),
    "interests": ("onet",),
    "skills": ("onet",),
    "knowledge": ("onet",),
    "work_styles": ("onet",),
    "work_values": ("onet",),
    "education": ("onet",),
    "technology_skills": ("onet",),
    "related_occupations": ("onet", "oews"),
    "states": ("oews",),
    "metros": ("oews",),
    "industries": ("oews",),
    "regional_outlook": ("projections_central",),
    "automation": ("frey_osborne", "soc"),
    "work_life_balance": ("onet",),
}
_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def _plain(text: str) -> str:
    """Contract prose (Markdown) as plain text."""
    return text.replace("\\*", "*").replace("`", "")


def _field_doc(cls: str, name: str) -> str:
    from .contract_doc import FIELD_DOCS

    if cls == "Table" and name == "position":
        return "1-based order of the row within its occupation, as the profile lists it"
    return _plain(FIELD_DOCS.get(cls, ("", {}))[1].get(name, ""))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def source_entries() -> dict[str, dict[str, Any]]:
    from .registry import load_registry

    out = {}
    for sid, s in sorted(load_registry().items()):
        out[sid] = {"title": f"{s.title} ({s.release})", "path": s.homepage, "x-id": sid, "x-licence": s.licence}
    return out


def licences() -> list[dict[str, str]]:
    from .registry import load_registry

    seen: dict[str, dict[str, str]] = {}
    for _sid, s in sorted(load_registry().items()):
        url = re.search(r"https?://\S+?(?=\)|\s|$)", s.licence)
        entry = {"name": _slug(s.licence.split("(")[0]), "title": s.licence}
        if url:
            entry["path"] = url.group(0)
        seen.setdefault(entry["name"], entry)
    return list(seen.values())


def resource(table: Table, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    fields = []
    for column in table.columns.values():
        entry: dict[str, Any] = {"name": column.name, "type": column.type}
        doc = _field_doc(column.source_class, column.source_field)
        if column.unit:
            entry["unit"] = column.unit
            doc = f"{doc} ({column.unit})" if doc else column.unit
        if doc:
            entry["description"] = doc
        fields.append(entry)
    keys = ["soc_code"] + [k for k in ("key", "parent_position", "position") if k in table.columns]
    return {
        "name": table.name.replace("_", "-"),
        "path": f"csv/{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "x-parquet": f"parquet/{table.name}.parquet",
        "x-section": table.section,
        "schema": {"fields": fields, "primaryKey": keys, "missingValues": [""]},
        "sources": [sources[s] for s in SECTION_SOURCES.get(table.section, tuple(sources))],
    }


def frame(table: Table) -> Any:
    import pandas as pd

    columns: dict[str, Any] = {}
    for name, column in table.columns.items():
        values: list[Any] = [row.get(name) for row in table.rows]
        columns[name] = pd.Series(values, dtype=_PANDAS_TYPES[column.type])  # nullable: a missing value stays missing
    return pd.DataFrame(columns)


def export_dataset(out: Path, codes: list[str] | None = None) -> dict[str, Any]:
    """Write the tables and ``datapackage.json`` into ``out`` (replaced whole); returns the descriptor."""
    from .manifest import chapter_manifest
    from .profile import list_titles, load_profile_dict
    from .render.hashing import render_code_hash

    codes = codes or [code for code, _ in list_titles()]
    tables = flatten(load_profile_dict(code) for code in codes)
    staging = out.with_name(f".{out.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    (staging / "parquet").mkdir()
    sources = source_entries()
    for table in tables.values():
        df = frame(table)
        df.to_csv(staging / "csv" / f"{table.name}.csv", index=False, lineterminator="\n")
        df.to_parquet(staging / "parquet" / f"{table.name}.parquet", index=False)
    descriptor = {
        "name": PACKAGE_NAME,
        "title": "Occupation Profiles: every occupation's profile as tables",
        "description": (
            f"{len(codes)} US occupations (2018 SOC), one table per profile section. Values as the sources publish "
            "them; an empty cell is a value the source does not publish (the reason is in the row's note or reason "
            "column). Made by `occprofiles export-dataset`."
        ),
        "licenses": licences(),
        "sources": list(sources.values()),
        "x-build-manifest": chapter_manifest(render_code_hash()),
        "resources": [resource(t, sources) for t in tables.values()],
    }
    (staging / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return descriptor


def _cmd_export(args: argparse.Namespace) -> int:
    from .profile import normalise_soc_code

    codes = [normalise_soc_code(c) for c in args.soc_codes] or None
    out = Path(args.dir).resolve()
    descriptor = export_dataset(out, codes)
    print(f"Wrote {len(descriptor['resources'])} tables (CSV and Parquet) and datapackage.json to {out}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``export-dataset`` to the ``occprofiles`` command line."""
    parser = subparsers.add_parser(
        "export-dataset", help="every profile as Parquet and CSV tables with a Frictionless datapackage.json"
    )
    parser.add_argument("dir", metavar="DIR", help="folder to write (replaced)")
    parser.add_argument("soc_codes", nargs="*", metavar="SOC", help="only these occupations (default: all)")
    parser.set_defaults(func=_cmd_export)
