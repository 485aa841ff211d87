"""Shared fixtures: built profiles (opt-in) and direct readers of the raw source files.

The raw readers here deliberately do NOT use ``occprofiles.extract``: they open the verified raw files
with sqlite3 / openpyxl / pandas / csv so that the profile values can be checked against an independent
reading of the source. They locate files through the registry (``raw_file``), which only resolves and
verifies paths.

Nothing here is autouse: ``tests/test_fetch.py`` points ``OCCPROFILES_DATA_DIR`` at temporary folders
and must not trigger a fetch or a build of the real data.

Skip policy: in CI (``CI`` set) a skipped test fails the run unless ``tests/allowed_skips.txt`` lists it
with its reason (see the hooks at the end of this file).
"""

from __future__ import annotations

import csv
import fnmatch
import gzip
import math
import os
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from occprofiles import paths
from occprofiles.contract import PROFILES_DB
from occprofiles.errors import MissingRawDataError

# What a checkout-like temporary book folder needs besides its chapters (tests that build a book elsewhere).
BOOK_SOURCE_FILES = (
    "_config.yml",
    "book/intro.md",
    "book/methods.md",
    "book/profile-json.md",
    "data/sources.yml",
    "notebooks/group_overview.ipynb",  # the book renders its groups' overview pages (issue 12)
)


ONET_FOLDER = "db_29_3_excel"


# (form, measure) -> the OEWS datatype column of the raw ``cell`` table (BLS series-id positions 24-25)
OEWS_DATATYPE = {
    ("hourly", "mean"): "03",
    ("annual", "mean"): "04",
    ("hourly", "p10"): "06",
    ("hourly", "p25"): "07",
    ("hourly", "median"): "08",
    ("hourly", "p75"): "09",
    ("hourly", "p90"): "10",
    ("annual", "p10"): "11",
    ("annual", "p25"): "12",
    ("annual", "median"): "13",
    ("annual", "p75"): "14",
    ("annual", "p90"): "15",
}

# ---------------------------------------------------------------------------------------------------
# making sure the data exist


def mirror_candidates() -> list[Path]:
    """Where a local mirror of the raw files may be: ``OCCPROFILES_MIRROR`` first, then ``../shared/data``."""
    env = os.environ.get(paths.MIRROR_ENV)
    candidates = [Path(env).expanduser()] if env else []
    candidates.append(paths.REPO_ROOT.parent / "shared" / "data")
    return candidates


def find_mirror() -> Path | None:
    """The first mirror folder that exists (see :func:`mirror_candidates`), or None."""
    return next((c.resolve() for c in mirror_candidates() if c.is_dir()), None)


def _mirror() -> Path:
    mirror = find_mirror()
    if mirror is not None:
        return mirror
    pytest.fail(
        "the raw source files are not in "
        f"{paths.raw_dir()} and no local mirror to fetch them from was found (looked at "
        + ", ".join(str(c) for c in mirror_candidates())
        + f"). Set {paths.MIRROR_ENV} to a folder laid out like ../shared/data, or run "
        "`occprofiles data fetch` and `occprofiles data build` first.",
        pytrace=False,
    )


def _fetch() -> None:
    from occprofiles.fetch import run_fetch

    mirror = _mirror()
    status = run_fetch(mirror=mirror)
    if status != 0:
        pytest.fail(f"`occprofiles data fetch` from the mirror {mirror} failed (exit status {status})", pytrace=False)


def _raw(source: str, file: str) -> Path:
    """The verified raw file; fetched from the mirror once if it is missing."""
    from occprofiles.registry import raw_file

    try:
        return raw_file(source, file)
    except MissingRawDataError:
        _fetch()
        return raw_file(source, file)


@pytest.fixture(scope="session")
def processed() -> Path:
    """``data/processed`` with the profiles database; fetches and builds once if it is missing."""
    db = paths.processed_dir() / PROFILES_DB
    if not db.exists():
        _fetch()
        from occprofiles.build import run_build

        run_build(progress=False)
    if not db.exists():
        pytest.fail(f"the build did not produce {db}", pytrace=False)
    return paths.processed_dir()


@pytest.fixture(scope="session")
def all_profiles(processed) -> dict[str, dict[str, Any]]:
    """Every stored profile document, keyed by SOC code (loaded once per session)."""
    from occprofiles.profile import list_titles, load_profile_dict

    return {code: load_profile_dict(code) for code, _ in list_titles()}


@pytest.fixture(scope="session")
def profile(all_profiles) -> Callable[[str], dict[str, Any]]:
    def get(code: str) -> dict[str, Any]:
        assert code in all_profiles, f"no profile for {code}"
        return all_profiles[code]

    return get


# ---------------------------------------------------------------------------------------------------
# raw value parsing (BLS conventions, written independently of occprofiles.extract)


def oews_number(text: str | None) -> float | None:
    """OEWS stores values as text; '-' (or blank) is "not published", never zero."""
    if text is None:
        return None
    text = text.strip().replace(",", "")
    if text in ("", "-"):
        return None
    return float(text)


def oews_int(text: str | None) -> int | None:
    value = oews_number(text)
    return None if value is None else int(round(value))


def ep_number(value: Any) -> float | None:
    """EP cells are numbers, or "—" (unavailable); never turn "—" into 0."""
    if value is None or (isinstance(value, str) and value.strip() in ("—", "")):
        return None
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"unexpected EP cell {value!r}"
    return float(value)


def is_nan(value: Any) -> bool:
    return isinstance(value, float) and (math.isnan(value) or math.isinf(value))


# ---------------------------------------------------------------------------------------------------
# OEWS: the SQLite database, gunzipped once per session


class OewsRaw:
    """Direct access to the ``cell`` table: key = OEU + N/S/M + 7-digit area + 6-digit industry + SOC6."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.con.row_factory = sqlite3.Row

    @staticmethod
    def key(area_type: str, area: str, industry: str, soc: str) -> str:
        soc6 = soc.replace("-", "")
        assert len(area) == 7 and len(industry) == 6 and len(soc6) == 6
        return f"OEU{area_type}{area}{industry}{soc6}"

    def cell(self, area_type: str, area: str, industry: str, soc: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT * FROM cell WHERE key = ?", (self.key(area_type, area, industry, soc),)
        ).fetchone()
        return None if row is None else dict(row)

    def national(self, soc: str, industry: str = "000000") -> dict[str, Any] | None:
        return self.cell("N", "0000000", industry, soc)

    def query(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.con.execute(sql, params)]

    def states(self, soc: str) -> list[dict[str, Any]]:
        """State cross-industry cells of one occupation, with the BLS area name as ``state``."""
        return self.query(
            "SELECT c.*, a.area_name AS state, a.area_code AS area_code FROM cell c "
            "JOIN area a ON a.area_code = substr(c.key, 5, 7) AND a.areatype_code = 'S' "
            "WHERE c.key LIKE 'OEUS%' AND substr(c.key, 12, 6) = '000000' AND substr(c.key, 18, 6) = ?",
            (soc.replace("-", ""),),
        )


@pytest.fixture(scope="session")
def oews_db(tmp_path_factory) -> OewsRaw:
    gz = _raw("oews", "oews-2025.sqlite.gz")
    target = tmp_path_factory.mktemp("oews-raw") / "oews-2025.sqlite"
    with gzip.open(gz, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, length=4 << 20)
    con = sqlite3.connect(target)
    yield OewsRaw(con)
    con.close()


# ---------------------------------------------------------------------------------------------------
# EP: occupation.xlsx Tables 1.2 and 1.10 read with openpyxl (the project uses calamine)


def _read_ep_sheet(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    header = [str(h).strip() if h is not None else "" for h in rows[1]]
    out: dict[str, dict[str, Any]] = {}
    for row in rows[2:]:
        record = dict(zip(header, row, strict=False))
        code = record.get("2024 National Employment Matrix code")
        if isinstance(code, str) and len(code) == 7 and code[2] == "-":
            assert code not in out, f"{sheet}: {code} twice"
            out[code] = record
    return out


@pytest.fixture(scope="session")
def ep_table() -> dict[str, dict[str, dict[str, Any]]]:
    """{"1.2": {code: {column header: cell}}, "1.10": {...}}: cells as stored ("—" stays "—")."""
    path = _raw("bls_ep", "occupation.xlsx")
    return {"1.2": _read_ep_sheet(path, "Table 1.2"), "1.10": _read_ep_sheet(path, "Table 1.10")}


@pytest.fixture(scope="session")
def ep_line_items(ep_table) -> dict[str, dict[str, Any]]:
    return {c: r for c, r in ep_table["1.2"].items() if str(r["Occupation type"]).strip() == "Line item"}


# ---------------------------------------------------------------------------------------------------
# O*NET workbooks (pandas + calamine, every cell kept as written)


@pytest.fixture(scope="session")
def onet() -> Callable[[str], Any]:
    """``onet("Skills")`` -> DataFrame of ``db_29_3_excel/Skills.xlsx`` (cached per session)."""
    import pandas as pd

    @cache
    def read(name: str):
        path = _raw("onet", f"{ONET_FOLDER}/{name}.xlsx")
        return pd.read_excel(path, engine="calamine", keep_default_na=False)

    return read


# ---------------------------------------------------------------------------------------------------
# Frey–Osborne, the SOC 2010 -> 2018 crosswalk, Projections Central


@pytest.fixture(scope="session")
def fo_table() -> dict[str, dict[str, str]]:
    path = _raw("frey_osborne", "frey_osborne_automation_risk_index_clean.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["SOC code"].strip(): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def soc_crosswalk() -> list[tuple[str, str]]:
    """(2010 code, 2018 code) pairs of the "Sorted by 2010" sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(_raw("soc", "soc_2010_to_2018_crosswalk.xlsx"), read_only=True)
    try:
        rows = list(wb["Sorted by 2010"].iter_rows(values_only=True))
    finally:
        wb.close()
    header = [str(h).strip() if h else "" for h in rows[8]]
    assert header[:4] == ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"], header
    pairs = [(str(r[0]).strip(), str(r[2]).strip()) for r in rows[9:] if r[0] and r[2]]
    assert len(pairs) == 900
    return pairs


@pytest.fixture(scope="session")
def pc_rows() -> list[dict[str, str]]:
    path = _raw("projections_central", "ltprojections.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------------
# skip policy: in CI a skipped test fails the run unless it is listed, with its reason


ALLOWED_SKIPS_FILE = Path(__file__).with_name("allowed_skips.txt")
_skipped: dict[str, str] = {}  # nodeid -> skip reason, this session
_UNLISTED = pytest.StashKey[dict]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def allowed_skips(path: Path | None = None) -> dict[str, str]:
    """``{node id pattern: reason}`` from ``allowed_skips.txt``: one ``<pattern>  # <reason>`` a line.

    Patterns are fnmatch patterns on the pytest node id. A line without a reason is an error: the list
    exists to say why each skip is acceptable.
    """
    path = path or ALLOWED_SKIPS_FILE
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, _, reason = line.partition("#")
        if not pattern.strip() or not reason.strip():
            raise pytest.UsageError(f"{path.name}:{number}: expected '<node id pattern>  # <reason>', got {line!r}")
        out[pattern.strip()] = reason.strip()
    return out


def unlisted_skips(skipped: dict[str, str], allowed: dict[str, str]) -> dict[str, str]:
    return {node: why for node, why in skipped.items() if not any(fnmatch.fnmatchcase(node, p) for p in allowed)}


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.setdefault(report.nodeid, reason.removeprefix("Skipped: "))


def pytest_sessionfinish(session, exitstatus):
    if not in_ci():
        return
    bad = unlisted_skips(_skipped, allowed_skips())
    session.config.stash[_UNLISTED] = bad
    if bad and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    bad = config.stash.get(_UNLISTED, {})
    if bad:
        terminalreporter.section("skip policy (CI)", red=True)
        terminalreporter.line(
            f"{len(bad)} skipped test(s) not listed in {ALLOWED_SKIPS_FILE}: in CI a skip fails the run "
            "unless it is listed there with its reason.",
            red=True,
        )
        for node, why in sorted(bad.items()):
            terminalreporter.line(f"  {node}  -- {why}", red=True)


def chapter_sections_as_read(profile: Any, monkeypatch: pytest.MonkeyPatch, sections: Sequence[str]) -> dict[str, str]:
    """{section: the Markdown the chapter displays for it, as a reader reads it (``as_read``)}, charts stubbed out
    (they are tested in tests/test_charts*). One helper for every test that reads chapter text."""
    from occprofiles import chapter as chapter_module
    from occprofiles.chapter import Chapter
    from occprofiles.chapter_tables import as_read

    shown: list[str] = []
    monkeypatch.setattr(
        chapter_module, "_display", lambda *objs: shown.extend(as_read(getattr(o, "data", "")) for o in objs)
    )
    monkeypatch.setattr(Chapter, "chart", lambda self, name, **options: None)
    ch = Chapter(profile.soc_code, related_chapters=(), profile=profile)
    out = {}
    for name in sections:
        shown.clear()
        getattr(ch, name)()
        out[name] = "\n".join(shown)
    return out
