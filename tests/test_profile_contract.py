"""The Profile JSON contract, the typed Profile, and the command line (``occprofiles profile`` / ``list``)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import subprocess
import sys

import pytest

from conftest import is_nan

pytestmark = pytest.mark.usefixtures("processed")

RIASEC = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
WAGE_KEYS = ("p10", "p25", "median", "p75", "p90", "mean")
PROJECTION_KEYS = ("release", "employment_2024", "employment_2034", "change_percent", "annual_openings", "typical_entry_education")
STATE_KEYS = ("state", "employment", "annual_median_wage_usd", "location_quotient")
SOURCE_IDS = {"oews", "bls_ep", "onet", "soc", "frey_osborne", "projections_central"}
SOC_RE = re.compile(r"\b\d\d-\d{4}\b")


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run the command line in a fresh interpreter (same environment, so the same data folder)."""
    return subprocess.run([sys.executable, "-m", "occprofiles.cli", *args], capture_output=True, text=True, timeout=60)


# ---------------------------------------------------------------------------------------------------
# occprofiles profile SOC --json


@pytest.fixture(scope="module")
def cli_11_9111() -> dict:
    result = cli("profile", "11-9111", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_json_has_every_documented_key(cli_11_9111):
    d = cli_11_9111
    assert d["soc_code"] == "11-9111"
    assert d["title"] == "Medical and Health Services Managers"
    assert d["oews"]["release"] == "May 2025"
    assert isinstance(d["oews"]["employment"], int)
    assert set(WAGE_KEYS) <= set(d["oews"]["annual_wage_usd"])
    assert all(isinstance(d["oews"]["annual_wage_usd"][k], float) for k in WAGE_KEYS)
    assert set(PROJECTION_KEYS) <= set(d["projections"])
    assert set(RIASEC) <= set(d["interests"])
    assert d["tasks"] and all({"text", "type"} <= set(t) for t in d["tasks"])
    assert all(isinstance(t["text"], str) and t["text"] for t in d["tasks"])
    assert d["states"] and all(set(STATE_KEYS) <= set(s) for s in d["states"])
    assert "probability" in d["automation"]
    assert set(d["sources"]) == SOURCE_IDS
    for sid, ref in d["sources"].items():
        assert ref["release"] and ref["url"].startswith(("https://", "http://")), sid


def test_cli_json_is_the_stored_document(cli_11_9111):
    from occprofiles.profile import load_profile_dict

    assert cli_11_9111 == load_profile_dict("11-9111")


def test_source_releases_match_the_registry(cli_11_9111):
    from occprofiles.registry import load_registry

    registry = load_registry()
    assert {sid: ref["release"] for sid, ref in cli_11_9111["sources"].items()} == {sid: s.release for sid, s in registry.items()}


@pytest.mark.parametrize("code", ["29-1141", "27-2011", "21-1018", "11-9199", "29-1022"])
def test_cli_profile_json_for_other_codes(code):
    from occprofiles.profile import load_profile_dict

    result = cli("profile", code, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == load_profile_dict(code)


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
        except Exception as exc:  # collect: one line per code beats 879 tracebacks
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
    con = sqlite3.connect(f"file:{processed / 'out_profiles.sqlite'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT soc_code, json FROM out_profiles").fetchall()
    finally:
        con.close()

    def reject(token):
        raise ValueError(f"non-JSON number {token}")

    for code, text in rows:
        json.loads(text, parse_constant=reject)


def test_every_published_code_has_a_profile(all_profiles, oews_db, ep_line_items):
    oews_level3 = {f"{r['occupation_code'][:2]}-{r['occupation_code'][2:]}"
                   for r in oews_db.query("SELECT occupation_code FROM occupation WHERE display_level = 3")}
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


def _stored_json(processed, code: str) -> str:
    con = sqlite3.connect(f"file:{processed / 'out_profiles.sqlite'}?mode=ro", uri=True)
    try:
        return con.execute("SELECT json FROM out_profiles WHERE soc_code = ?", (code,)).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("code", ["11-9111", "27-2011", "21-1018"])
def test_stored_json_is_byte_identical_across_loads(code, processed):
    from occprofiles.profile import load_profile, load_profile_dict

    first, second = _stored_json(processed, code), _stored_json(processed, code)
    assert first.encode("utf-8") == second.encode("utf-8")
    # the typed Profile serialises back to exactly the stored bytes (sorted keys, same separators)
    assert load_profile(code).to_json(indent=None).encode("utf-8") == first.encode("utf-8")
    assert json.dumps(load_profile_dict(code), ensure_ascii=False, sort_keys=True) == first


SECTION_SOURCES = {  # section -> (source id, the profile key that holds the section's release, if any)
    "identity": ("soc", None), "tasks": ("onet", None), "wages": ("oews", "oews"), "employment": ("oews", "oews"),
    "projections": ("bls_ep", "projections"), "interests": ("onet", "interests"), "skills": ("onet", None),
    "knowledge": ("onet", None), "work_styles": ("onet", None), "education": ("onet", None),
    "technology_skills": ("onet", None), "related_occupations": ("onet", None), "states": ("oews", None),
    "metros": ("oews", None), "industries": ("oews", None), "regional_outlook": ("projections_central", "regional_outlook"),
    "automation": ("frey_osborne", "automation"), "work_life_balance": ("onet", "work_life_balance"),
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


def test_sections_are_exactly_the_documented_ones(all_profiles):
    # book/profile-json.md lists the sections; every profile has the same index, in any order
    for code, d in all_profiles.items():
        assert set(d["sections"]) == set(SECTION_SOURCES), code


def test_the_build_writes_exactly_the_documented_tables(processed):
    from occprofiles.contract import PROCESSED_TABLES, PROFILES_DB, PROFILES_TABLE

    written = {p.stem for p in processed.glob("*.parquet")}
    assert written == {t.name for t in PROCESSED_TABLES} - {PROFILES_TABLE}
    assert (processed / PROFILES_DB).exists()
