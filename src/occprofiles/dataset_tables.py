"""Profiles -> tidy tables, driven by the Profile dataclasses' type hints (no per-section code).

One table per profile section: ``occupations`` (the top-level scalars, major and broad group), one table
per nested section (``oews``, ``projections``, ... one row per occupation), one per list (``tasks``,
``skills``, ``states``, ... one row per item, with its ``position`` in the profile's order) and one per list
inside a section (``oews_wage_notes``, ``regional_outlook_states``, ...). Every table starts with
``soc_code``. A mapping of numbers (``annual_wage_usd``) becomes one column per key
(``annual_wage_usd_p10``); a nested record (``regional_outlook.national``) becomes prefixed columns; a list
of strings inside a list item becomes one ``"; "``-joined string. Counts of jobs get ``_jobs`` appended, so
that every number's unit is in its column's name (``_usd``, ``_percent``, ``_jobs``) or, for the O*NET
scales, in its field description.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .profile import Profile

# Top-level records flattened into the occupations table (two columns each) rather than a table of their own.
INLINE = ("major_group", "broad_group")
# Fields that count jobs (people employed, openings, exits): the unit goes into the column name.
JOB_COUNTS = frozenset(
    {
        "employment",
        "oews_employment",
        "employment_change",
        "annual_openings",
        "labor_force_exits",
        "occupational_transfers",
        "separations",
        "base_employment",
        "projected_employment",
    }
)
_YEAR_COUNT = re.compile(r"(^|_)employment_\d{4}$")  # EP and Projections Central base/projected employment
JOIN = "; "


@cache
def hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@dataclass
class Column:
    name: str
    type: str  # Frictionless: string, integer, number, boolean
    source_class: str  # the dataclass the value comes from (its FIELD_DOCS entry)
    source_field: str
    unit: str | None = None


@dataclass
class Table:
    name: str
    section: str  # the profile's top-level key the table comes from
    columns: dict[str, Column] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(type without None, whether None was allowed)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return inner[0], True
    return tp, False


def _scalar_type(tp: Any) -> str | None:
    return {str: "string", int: "integer", float: "number", bool: "boolean"}.get(tp)


def unit_of(name: str) -> str | None:
    if name.endswith("_per_1000_jobs"):
        return "jobs in the occupation per 1,000 jobs in the area"
    if name.endswith("_usd") or "_usd_" in name:
        return "US dollars"
    if name.endswith("_percent") or "_percent_" in name:
        return "percent"
    if name.endswith("_jobs"):
        return "jobs"
    return None


def _column_name(prefix: str, name: str, in_child: bool) -> str:
    if in_child and name == "soc_code":  # a related occupation's code, beside the occupation's own
        return "related_soc_code"
    return prefix + (f"{name}_jobs" if name in JOB_COUNTS or _YEAR_COUNT.search(name) else name)


class Flattener:
    """Collects the tables of many profiles (call :meth:`add` per profile)."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}

    def _table(self, name: str, section: str) -> Table:
        if name not in self.tables:
            self.tables[name] = Table(name, section)
            self._col(self.tables[name], "soc_code", "string", "Profile", "soc_code")
        return self.tables[name]

    def _col(self, table: Table, name: str, kind: str, cls: str, fname: str) -> None:
        if name not in table.columns:
            table.columns[name] = Column(name, kind, cls, fname, unit_of(name))

    def add(self, profile: dict[str, Any]) -> None:
        code = profile["soc_code"]
        row = {"soc_code": code}
        occupations = self._table("occupations", "occupations")
        for name, tp in hints(Profile).items():
            base, _ = _unwrap(tp)
            value = profile[name]
            if name in INLINE or _scalar_type(base):
                self._fill(occupations, row, "Profile", name, tp, value, prefix="", single=True)
            elif dataclasses.is_dataclass(base):
                sub = {"soc_code": code}
                table = self._table(name, name)
                self._fill_record(table, sub, base, value, "", code, single=True)
                table.rows.append(sub)
            else:
                self._fill(occupations, row, "Profile", name, tp, value, prefix="", single=True, code=code)
        occupations.rows.append(row)

    def _fill_record(
        self, table: Table, row: dict, cls: Any, value: Mapping | None, prefix: str, code: str, single: bool
    ) -> None:
        for fname, ftp in hints(cls).items():
            fvalue = None if value is None else value[fname]
            self._fill(table, row, cls.__name__, fname, ftp, fvalue, prefix, single, code)

    def _fill(
        self,
        table: Table,
        row: dict,
        cls: str,
        name: str,
        tp: Any,
        value: Any,
        prefix: str,
        single: bool,
        code: str = "",
    ) -> None:
        base, _ = _unwrap(tp)
        origin = typing.get_origin(base)
        kind = _scalar_type(base)
        if kind:
            column = _column_name(prefix, name, in_child=table.name != "occupations")
            self._col(table, column, kind, cls, name)
            row[column] = value
        elif dataclasses.is_dataclass(base):
            self._fill_record(table, row, base, value, f"{prefix}{name}_", code, single)
        elif origin in (Mapping, dict, collections.abc.Mapping):
            _, val_tp = typing.get_args(base)
            if dataclasses.is_dataclass(_unwrap(val_tp)[0]):
                self._list_table(
                    f"{table.name}_{name}" if table.name != "occupations" else name,
                    table,
                    name,
                    _unwrap(val_tp)[0],
                    [{"key": k, **v} for k, v in sorted((value or {}).items())],
                    code,
                    key=True,
                )
            else:
                for key in sorted(value or {}):
                    column = f"{prefix}{name}_{key}"
                    self._col(table, column, _scalar_type(_unwrap(val_tp)[0]) or "string", cls, name)
                    row[column] = value[key]
        elif origin is tuple:
            (item_tp,) = [a for a in typing.get_args(base) if a is not Ellipsis]
            items = list(value or ())
            if dataclasses.is_dataclass(item_tp):
                child = name if table.name == "occupations" else f"{table.name}_{prefix}{name}"
                # a list inside a list item (a specialty's tasks): its rows also name the item they belong to
                self._list_table(child, table, name, item_tp, items, code, parent_position=row.get("position"))
            elif single:
                child = name if table.name == "occupations" else f"{table.name}_{prefix}{name}"
                self._value_table(child, table, cls, name, items, code)
            else:
                column = f"{prefix}{name}"
                self._col(table, column, "string", cls, name)
                row[column] = JOIN.join(str(v) for v in items)
        else:
            raise TypeError(f"cannot flatten {cls}.{name}: {tp!r}")

    def _list_table(
        self,
        name: str,
        parent: Table,
        field_name: str,
        cls: Any,
        items: list,
        code: str,
        key: bool = False,
        parent_position: int | None = None,
    ) -> None:
        table = self._table(name, parent.section if parent.name != "occupations" else field_name)
        if key:
            self._col(table, "key", "string", parent.name, field_name)
        if parent_position is not None:
            self._col(table, "parent_position", "integer", parent.name, "position")
        self._col(table, "position", "integer", "Table", "position")
        for position, item in enumerate(items, start=1):
            row: dict[str, Any] = {"soc_code": code, "position": position}
            if parent_position is not None:
                row["parent_position"] = parent_position
            if key:
                row["key"] = item["key"]
            self._fill_record(table, row, cls, item, "", code, single=False)
            table.rows.append(row)

    def _value_table(self, name: str, parent: Table, cls: str, field_name: str, items: list, code: str) -> None:
        table = self._table(name, parent.section if parent.name != "occupations" else field_name)
        self._col(table, "position", "integer", "Table", "position")
        self._col(table, "value", "string", cls, field_name)
        for position, item in enumerate(items, start=1):
            table.rows.append({"soc_code": code, "position": position, "value": item})


def flatten(profiles: Iterable[dict[str, Any]]) -> dict[str, Table]:
    flattener = Flattener()
    for profile in profiles:
        flattener.add(profile)
    return flattener.tables
