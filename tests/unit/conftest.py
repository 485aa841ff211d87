"""The fast unit layer: small fixture tables and files made in the tests, never the real data.

Every test here runs with ``OCCPROFILES_DATA_DIR`` pointing at an empty temporary folder, no mirror, and
the fetch and build entry points replaced by functions that fail: a unit test that reaches for the real
data fails at once instead of quietly fetching or building (minutes). Requesting one of the data fixtures
of ``tests/conftest.py`` (``processed``, ``oews_db``, ...) from a unit test is a collection error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from occprofiles import paths

# Fixtures of tests/conftest.py that need the fetched raw files or data/processed.
DATA_FIXTURES = frozenset(
    {
        "processed",
        "all_profiles",
        "profile",
        "oews_db",
        "ep_table",
        "ep_line_items",
        "onet",
        "fo_table",
        "soc_crosswalk",
        "pc_rows",
    }
)


def _data_fixtures_used(item: pytest.Item) -> list[str]:
    """Names of the data fixtures of tests/conftest.py this test would get (a local fixture may reuse a name)."""
    shared = (Path(__file__).parent.parent / "conftest.py").resolve()
    info = getattr(item, "_fixtureinfo", None)
    used = []
    for name in sorted(DATA_FIXTURES & set(getattr(item, "fixturenames", ()))):
        defs = info.name2fixturedefs.get(name) if info is not None else None
        if defs and Path(inspect.getfile(defs[-1].func)).resolve() == shared:
            used.append(name)
    return used


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent.resolve()
    bad = [
        f"{item.nodeid} uses {used}"
        for item in items
        if here in Path(str(item.fspath)).resolve().parents and (used := _data_fixtures_used(item))
    ]
    if bad:
        raise pytest.UsageError(
            "unit tests must not use the real data (move them out of tests/unit):\n  " + "\n  ".join(bad)
        )


def _refuse(what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a unit test called {what}: the fast layer must not fetch or build the real data")

    return refuse


@pytest.fixture(autouse=True)
def no_real_data(tmp_path_factory, monkeypatch):
    """An empty data folder, no mirror, and fetch/build entry points that fail if called."""
    from occprofiles import build, fetch

    data = tmp_path_factory.mktemp("unit-data")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.delenv(paths.MIRROR_ENV, raising=False)
    for module, name in ((fetch, "run_fetch"), (fetch, "fetch_sources"), (build, "run_build"), (build, "extract_all")):
        monkeypatch.setattr(module, name, _refuse(f"occprofiles.{module.__name__.rsplit('.', 1)[1]}.{name}"))
    return data


@pytest.fixture(scope="session")
def write_xlsx() -> Callable[..., Path]:
    """``write_xlsx(path, {"Sheet": [row, row, ...]})``: a real .xlsx written with openpyxl."""

    def write(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, rows in sheets.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(list(row))
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        return path

    return write
