"""The Profile JSON contract, the typed Profile, and the command line (``occprofiles profile`` / ``list``)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from occprofiles.contract import PROFILE_SCHEMA_VERSION, PROFILES_DB

from conftest import OEWS_DATATYPE, is_nan, oews_number

pytestmark = pytest.mark.usefixtures("processed")

RIASEC = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
WAGE_KEYS = ("p10", "p25", "median", "p75", "p90", "mean")
PROJECTION_KEYS = (
    "release",
    "employment_2024",
    "employment_2034",
    "change_percent",
    "annual_openings",
    "typical_entry_education",
)
STATE_KEYS = ("state", "employment", "annual_median_wage_usd", "location_quotient")
SOURCE_IDS = {"oews", "bls_ep", "onet", "soc", "frey_osborne", "projections_central"}
SOC_RE = re.compile(r"\b\d\d-\d{4}\b")


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter (same environment, so the same data folder)."""
    return subprocess.run(
        [sys.executable, "-m", "occprofiles.cli", *args], capture_output=True, text=True, timeout=60, check=False
    )


# ---------------------------------------------------------------------------------------------------
# occprofiles profile SOC --json


def stored_document(processed, code: str) -> str:
    """The stored JSON text, read with sqlite3 alone (not through occprofiles)."""
    con = sqlite3.connect(f"file:{processed / PROFILES_DB}?mode=ro", uri=True)
    try:
        return con.execute("SELECT json FROM out_profiles WHERE soc_code = ?", (code,)).fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def cli_11_9111() -> dict:
    result = cli("profile", "11-9111", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_json_has_every_documented_key(cli_11_9111):
    d = cli_11_9111
    assert d["soc_code"] == "11-9111"
    assert d["title"] == "Medical and Health Services Managers"
    assert d["schema_version"] == PROFILE_SCHEMA_VERSION
    assert isinstance(d["oews"]["employment"], int)
    assert set(WAGE_KEYS) == set(d["oews"]["annual_wage_usd"]) == set(d["oews"]["annual_wage_top_coded"])
    assert all(isinstance(d["oews"]["annual_wage_usd"][k], float) for k in WAGE_KEYS)
    assert all(d["oews"]["annual_wage_top_coded"][k] is False for k in WAGE_KEYS)
    assert set(PROJECTION_KEYS) <= set(d["projections"])
    assert set(RIASEC) <= set(d["interests"])
    assert d["tasks"] and all({"text", "type"} <= set(t) for t in d["tasks"])
    assert all(isinstance(t["text"], str) and t["text"] for t in d["tasks"])
    assert d["states"] and all(set(STATE_KEYS) <= set(s) for s in d["states"])
    assert "probability" in d["automation"]
    assert set(d["sources"]) == SOURCE_IDS
    for sid, ref in d["sources"].items():
        assert ref["release"] and ref["url"].startswith(("https://", "http://")), sid


def test_no_display_string_is_stored(processed):
    # schema 2: display strings are formatted from the numbers and flags, never stored
    for code in ("11-9111", "29-1022", "27-2011", "29-1211"):
        text = stored_document(processed, code)
        assert "_display" not in text and "≥" not in text, code


def test_source_releases_match_the_registry(cli_11_9111):
    from occprofiles.registry import load_registry

    registry = load_registry()
    releases = {sid: s.release for sid, s in registry.items()}
    assert {sid: ref["release"] for sid, ref in cli_11_9111["sources"].items()} == releases
    assert cli_11_9111["oews"]["release"] == releases["oews"]
    assert cli_11_9111["projections"]["release"] == releases["bls_ep"]
    assert cli_11_9111["key_facts"]["wage_source"] == f"BLS OEWS, {releases['oews']}"


@pytest.mark.parametrize("code", ["11-9111", "29-1141", "27-2011", "21-1018", "11-9199", "29-1022"])
def test_cli_prints_the_stored_document(code, processed):
    result = cli("profile", code, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(stored_document(processed, code))


def test_cli_profile_text_summary():
    result = cli("profile", "11-9111")
    assert result.returncode == 0, result.stderr
    assert "11-9111" in result.stdout and "Medical and Health Services Managers" in result.stdout


def test_onet_soc_code_is_accepted():
    result = cli("profile", "11-9111.00", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["soc_code"] == "11-9111"


# ---------------------------------------------------------------------------------------------------
# bad input: exit status 2, a message that names the input and shows the accepted form


@pytest.mark.parametrize("bad", ["99-9999", "11-911", "abc", "../x", "", "11-0000", "11-9110"])
def test_bad_code_exits_2_with_guidance(bad):
    result = cli("profile", bad, "--json")
    assert result.returncode == 2, (bad, result.returncode, result.stderr)
    assert result.stdout == ""
    message = result.stderr
    assert bad in message
    assert "11-9111" in message  # the accepted form, by example
    assert "Traceback" not in message
    if bad == "":
        assert "empty" in message


def test_unknown_code_suggests_the_closest_codes():
    from occprofiles.profile import list_titles

    result = cli("profile", "99-9999")
    assert result.returncode == 2
    message = result.stderr
    assert "'99-9999'" in message
    assert "2018 SOC detailed code" in message and "11-9111" in message
    known = {c for c, _ in list_titles()}
    suggested = [c for c in SOC_RE.findall(message.split("Closest codes:", 1)[1]) if c != "11-9111"]
    assert suggested and set(suggested) <= known


def test_broad_group_lists_its_occupations():
    result = cli("profile", "11-9110")
    assert result.returncode == 2
    assert "broad group" in result.stderr and "11-9111 Medical and Health Services Managers" in result.stderr


# ---------------------------------------------------------------------------------------------------
# occprofiles list


def test_list_major_29():
    result = cli("list", "--major", "29")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("29-1141 ") and "Registered Nurses" in line for line in lines)
    codes = [m.group(0) for line in lines if (m := re.match(r"^\d\d-\d{4}", line))]
    assert codes and all(c.startswith("29-") for c in codes)
    assert codes == sorted(codes)


@pytest.mark.parametrize("major", ["99", "x"])
def test_list_bad_major_exits_2(major):
    result = cli("list", "--major", major)
    assert result.returncode == 2, result.stdout
    assert major in result.stderr


# ---------------------------------------------------------------------------------------------------
# every stored profile


def _walk(value, path: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def _round_trip_failures(all_profiles, codes) -> dict[str, str]:
    from occprofiles.profile import load_profile

    failures = {}
    for code in codes:
        d = all_profiles[code]  # == load_profile_dict(code), the stored document
        try:
            p = load_profile(code)  # == Profile.from_dict(d)
            assert p.soc_code == code == d["soc_code"]
            assert p.to_dict() == d
        except (
            AssertionError,
            KeyError,
            TypeError,
            ValueError,
        ) as exc:  # collect: one line per code beats 879 tracebacks
            failures[code] = f"{type(exc).__name__}: {str(exc)[:160]}"
    return failures


def test_every_profile_loads_and_round_trips(all_profiles):
    assert len(all_profiles) > 850
    failures = _round_trip_failures(all_profiles, sorted(all_profiles))
    assert failures == {}, f"{len(failures)} profiles do not load or round-trip"


@pytest.mark.parametrize("code", ["11-9111", "27-2011", "21-1011", "21-1018", "29-2010", "11-9199", "29-1022"])
def test_profiles_load_and_round_trip(code, all_profiles):
    assert _round_trip_failures(all_profiles, [code]) == {}


def test_no_number_is_nan(all_profiles):
    bad = [(code, path) for code, d in all_profiles.items() for path, v in _walk(d) if is_nan(v)]
    assert bad == []


def test_stored_json_has_no_nan_literal(processed):
    con = sqlite3.connect(f"file:{processed / PROFILES_DB}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT soc_code, json FROM out_profiles").fetchall()
    finally:
        con.close()

    def reject(token):
        raise ValueError(f"non-JSON number {token}")

    for _code, text in rows:
        json.loads(text, parse_constant=reject)


def test_every_published_code_has_a_profile(all_profiles, oews_db, ep_line_items):
    oews_level3 = {
        f"{r['occupation_code'][:2]}-{r['occupation_code'][2:]}"
        for r in oews_db.query("SELECT occupation_code FROM occupation WHERE display_level = 3")
    }
    assert len(oews_level3) == 830 and len(ep_line_items) == 832
    assert sorted(oews_level3 - set(all_profiles)) == []
    assert sorted(set(ep_line_items) - set(all_profiles)) == []


def test_list_titles_matches_the_stored_profiles(all_profiles):
    from occprofiles.profile import list_titles

    titles = list_titles()
    assert [c for c, _ in titles] == sorted(all_profiles)
    assert all(all_profiles[c]["title"] == t for c, t in titles)


# ---------------------------------------------------------------------------------------------------
# immutability and determinism


def test_profile_is_immutable():
    from occprofiles.profile import load_profile

    p = load_profile("11-9111")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.oews.employment = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.tasks[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.states[0].employment = 0  # type: ignore[misc]
    assert isinstance(p.tasks, tuple) and isinstance(p.states, tuple) and isinstance(p.alternate_titles, tuple)
    assert p.oews.employment == 597_080 and p.title == "Medical and Health Services Managers"


def test_profile_mappings_are_read_only_and_typed():
    from occprofiles.profile import Section, SourceRef, load_profile

    p = load_profile("11-9111")
    assert isinstance(p.sections["tasks"], Section) and isinstance(p.sources["oews"], SourceRef)
    assert p.section("tasks").available is True
    with pytest.raises(TypeError):
        p.oews.annual_wage_usd["median"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        p.sections["tasks"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        p.sources["oews"] = None  # type: ignore[index]


@pytest.mark.parametrize("code", ["11-9111", "27-2011", "21-1018", "29-1022"])
def test_typed_profile_serialises_to_the_stored_bytes(code, processed):
    from occprofiles.profile import load_profile

    # sorted keys and the same separators as the build writes them
    assert load_profile(code).to_json(indent=None) == stored_document(processed, code)


def test_every_typed_profile_matches_the_raw_oews_cells(all_profiles, oews_db):
    """Every profile through the typed Profile: wages and top-code flags equal the raw OEWS cell."""
    from occprofiles.profile import Profile

    raw_cells = {
        r["key"][17:19] + "-" + r["key"][19:23]: r
        for r in oews_db.query("SELECT * FROM cell WHERE key LIKE 'OEUN0000000000000%'")
    }
    checked = 0
    for code, document in all_profiles.items():
        p = Profile.from_dict(document)
        raw = raw_cells.get(p.oews.published_code) if p.oews.published_code else None
        assert p.oews.available == (raw is not None), code
        if raw is None:
            continue
        for (form, measure), dt in OEWS_DATATYPE.items():
            values = p.oews.annual_wage_usd if form == "annual" else p.oews.hourly_wage_usd
            flags = p.oews.annual_wage_top_coded if form == "annual" else p.oews.hourly_wage_top_coded
            assert values[measure] == oews_number(raw[f"v{dt}"]), (code, form, measure)
            assert flags[measure] == (raw[f"f{dt}"] == "5"), (code, form, measure)
            display = p.oews.wage_display[f"{form}_{measure}"]
            assert display.startswith("≥") == flags[measure], (code, form, measure, display)
            checked += 1
        assert p.key_facts.annual_median_wage_usd == oews_number(raw["v13"]), code
        assert p.key_facts.hourly_median_wage_usd == oews_number(raw["v08"]), code
    assert checked > 800 * 12


SECTION_SOURCES = {  # section -> (source id, the profile key that holds the section's release, if any)
    "identity": ("soc", None),
    "tasks": ("onet", None),
    "wages": ("oews", "oews"),
    "employment": ("oews", "oews"),
    "projections": ("bls_ep", "projections"),
    "interests": ("onet", "interests"),
    "skills": ("onet", None),
    "knowledge": ("onet", None),
    "work_styles": ("onet", None),
    "education": ("onet", None),
    "technology_skills": ("onet", None),
    "related_occupations": ("onet", None),
    "states": ("oews", None),
    "metros": ("oews", None),
    "industries": ("oews", None),
    "regional_outlook": ("projections_central", "regional_outlook"),
    "automation": ("frey_osborne", "automation"),
    "work_life_balance": ("onet", "work_life_balance"),
}


def test_sections_name_source_and_release(all_profiles):
    for code, d in all_profiles.items():
        sections = d["sections"]
        assert set(SECTION_SOURCES) <= set(sections), code
        for name, section in sections.items():
            assert section["source"] in d["sources"], (code, name)
            assert section["release"] == d["sources"][section["source"]]["release"], (code, name)
            assert isinstance(section["available"], bool)
            assert (section["reason"] is None) == section["available"], (code, name, section)
        for name, (source, key) in SECTION_SOURCES.items():
            assert sections[name]["source"] == source, (code, name)
            if key is not None:
                assert d[key]["release"] == sections[name]["release"], (code, name)
        for name in ("tasks", "skills", "knowledge", "states", "industries"):
            assert sections[name]["available"] == bool(d[name]), (code, name)


def test_every_profile_has_the_documented_sections_and_schema_version(all_profiles):
    for code, d in all_profiles.items():
        assert set(d["sections"]) == set(SECTION_SOURCES), code
        assert d["schema_version"] == PROFILE_SCHEMA_VERSION, code


def test_build_stamp_records_the_schema_version(processed):
    stamp = json.loads((processed / "BUILD.json").read_text())
    assert stamp["profile_schema_version"] == PROFILE_SCHEMA_VERSION


# ---------------------------------------------------------------------------------------------------
# book/profile-json.md against the dataclasses, field by field

CONTRACT_PAGE = Path(__file__).resolve().parents[1] / "book" / "profile-json.md"
ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|")


def documented_keys() -> dict[str, list[tuple[str, str]]]:
    """``{"Oews": [("release", "string"), ...], ...}`` parsed from the page as a reader sees it."""
    out: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in CONTRACT_PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
        elif current and (m := ROW.match(line)):
            out[current].append((m.group(1), m.group(2).strip()))
    return out


def test_contract_page_documents_exactly_the_dataclass_fields():
    from occprofiles.contract_doc import contract_classes

    page = documented_keys()
    classes = contract_classes()
    assert [c for c in page if c != "Changes"] == [c.__name__ for c in classes]
    for cls in classes:
        assert [k for k, _ in page[cls.__name__]] == [f.name for f in dataclasses.fields(cls)], cls.__name__


def test_contract_page_types_follow_the_type_hints():
    import typing

    from occprofiles.contract_doc import contract_classes

    json_types = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
    page = documented_keys()
    for cls in contract_classes():
        hints = typing.get_type_hints(cls)
        for key, documented in page[cls.__name__]:
            hint = str(hints[key]).replace("typing.", "")
            optional = "None" in hint
            assert documented.endswith("?") == optional, (cls.__name__, key, documented, hint)
            leaf = re.findall(r"[A-Za-z]+", documented)[-1]  # the innermost type named on the page
            leaf_hint = [t for t in re.findall(r"\w+", hint.replace("occprofiles.profile.", "")) if t != "None"][-1]
            assert leaf == json_types.get(leaf_hint, leaf_hint), (cls.__name__, key, documented, hint)


def test_contract_page_is_the_generated_page():
    from occprofiles.contract_doc import (
        FIELD_DOCS,
        contract_classes,
        render_contract_page,
    )

    assert set(FIELD_DOCS) == {c.__name__ for c in contract_classes()}
    for cls in contract_classes():
        assert set(FIELD_DOCS[cls.__name__][1]) == {f.name for f in dataclasses.fields(cls)}, cls.__name__
    assert CONTRACT_PAGE.read_text(encoding="utf-8") == render_contract_page(), (
        "book/profile-json.md is stale: run `python -m occprofiles.contract_doc`"
    )


def test_contract_page_states_the_schema_version_and_the_changes():
    text = CONTRACT_PAGE.read_text(encoding="utf-8")
    assert f"`schema_version` (now **{PROFILE_SCHEMA_VERSION}**)" in text
    assert f"### Schema {PROFILE_SCHEMA_VERSION}" in text
    for removed in ("wage_display", "annual_median_wage_display", "median_annual_wage_2024_display"):
        assert f"{removed}" in text.split("## Changes", 1)[1], removed


def test_a_new_field_without_documentation_fails_the_generator():
    from occprofiles import contract_doc
    from occprofiles.profile import Section

    extended = dataclasses.make_dataclass("Section", [("undocumented", int)], bases=(Section,), frozen=True)
    original = contract_doc.Profile
    try:
        contract_doc.Profile = dataclasses.make_dataclass(
            "Profile", [("extra", extended)], bases=(original,), frozen=True
        )
        with pytest.raises(KeyError):
            contract_doc.render_contract_page()
    finally:
        contract_doc.Profile = original


def test_the_build_writes_exactly_the_documented_tables(processed):
    from occprofiles.contract import PROCESSED_TABLES, PROFILES_TABLE

    written = {p.stem for p in processed.glob("*.parquet")}
    assert written == {t.name for t in PROCESSED_TABLES} - {PROFILES_TABLE}
    assert (processed / PROFILES_DB).exists()


RELEASE_LABELS = ("May 2025", "May 2024", "29.3", "2024–34", "2024-34", "2020–30", "2020–2030", "(2013)")
CODE_WITHOUT_RELEASES = (
    "assemble/*.py",
    "metrics.py",
    "summary.py",
    "profile.py",
    "contract.py",
    "coverage.py",
    "coverage_view.py",
    "build.py",
    "formatting.py",
)


def test_releases_are_not_typed_into_the_profile_code():
    from occprofiles import paths

    found = []
    for pattern in CODE_WITHOUT_RELEASES:
        for path in sorted(paths.PACKAGE_DIR.glob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{path.name}:{number}: {label}" for label in RELEASE_LABELS if label in line]
    assert found == []


def test_cli_summary_says_where_the_rounded_figures_give_another_change():
    """EP computes its change before rounding: 40,000 → 25,600 is −36.0 %, EP publishes −36.1 % for 43-9022."""
    result = cli("profile", "43-9022")
    assert result.returncode == 0, result.stderr
    assert "40,000 → 25,600 (−36.1%; EP computes it before rounding: the rounded figures give −36.0%)" in result.stdout
    assert "616,200 → 759,100 (+23.2%)\n" in cli("profile", "11-9111").stdout  # EP's +23.2 % is what they give
