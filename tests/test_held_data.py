"""Data the project holds, shown (issue 15): Projections Central aggregates, hourly-only wages, metros that
publish a wage but not the employment count, EP's median wage, top-coded comparison medians.

Values are compared with the raw files read by ``conftest`` (the Projections Central CSV, the OEWS SQLite
cells, the EP workbook), never through ``occprofiles.extract``; chapter text is rendered in-process with
the chapter's own methods (charts stubbed out, as in tests/test_chapter_text.py).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from occprofiles import paths
from occprofiles.charts import tables
from occprofiles.profile import Profile

from conftest import chapter_sections_as_read, ep_number, oews_int, oews_number

PC_MAPPING = paths.REPO_ROOT / "data" / "mappings" / "projections_central_codes.yml"
EP_WAGE = "Median annual wage, dollars, 2024[1]"
HOURLY_ONLY = ("27-2011", "27-2031", "27-2042", "27-2091", "27-2099")  # OEWS May 2025 footnote 4, hourly published


def section_text(p: Profile, name: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return chapter_sections_as_read(p, monkeypatch, (name,))[name]


@pytest.fixture(scope="module")
def pc_by_code(pc_rows) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in pc_rows:
        out[r["code"].strip()].append(r)
    return out


# ---------------------------------------------------------------------------------------------------
# 1. Projections Central aggregates


def test_pc_mapping_fits_the_raw_file(pc_by_code, all_profiles):
    """Each declared aggregate is a code of the raw file; each member a detailed profile code, in one aggregate."""
    codes = yaml.safe_load(PC_MAPPING.read_text(encoding="utf-8"))["codes"]
    assert len(codes) == 30
    seen: set[str] = set()
    for code, entry in codes.items():
        assert code in pc_by_code, code
        assert entry["why"] and entry["soc_2018"]
        for member in entry["soc_2018"]:
            assert all_profiles[member]["code_mapping"]["kind"] == "detailed"
            assert member not in seen
            seen.add(member)


def test_15_1252_shows_the_raw_rows_of_15_1256_labelled(profile, pc_by_code, monkeypatch):
    assert "15-1252" not in pc_by_code  # the file publishes software developers only within 15-1256
    p = profile("15-1252")
    ro = p["regional_outlook"]
    assert p["code_mapping"]["pc_code"] == ro["published_code"] == "15-1256"
    rows = {r["stfips"]: r for r in pc_by_code["15-1256"]}
    assert ro["published_title"] == rows["0"]["name"].strip()
    assert ro["national"]["employment_2020"] == int(rows["0"]["base"])
    assert ro["national"]["employment_2030"] == int(rows["0"]["proj"])
    assert {str(s["state_fips"]) for s in ro["states"]} == set(rows) - {"0"}
    text = section_text(Profile.from_dict(p), "regional_outlook", monkeypatch)
    assert "Projections Central publishes 15-1256 (Software Developers and Software Quality Assurance Analysts" in text
    assert "which includes this occupation" in text
    assert "Projections Central publishes 15-1256" in " ".join(p["code_mapping"]["notes"])


def test_every_regional_outlook_is_the_raw_file_of_its_published_code(all_profiles, pc_by_code):
    """Own rows first; another code only when the raw file has none of the occupation's own, and then said."""
    gained = 0
    for code, p in all_profiles.items():
        ro = p["regional_outlook"]
        published = ro["published_code"]
        if published is None:
            assert code not in pc_by_code and not ro["states"] and ro["national"] is None
            assert code.startswith("55-"), f"{code}: no regional outlook although not a military code"
            continue
        if published != code:
            assert code not in pc_by_code
            assert any("Projections Central publishes " + published in n for n in p["code_mapping"]["notes"])
            gained += 1
        raw = {r["stfips"]: r for r in pc_by_code[published]}
        shown = {str(s["state_fips"]): s for s in ro["states"]}
        if ro["national"] is not None:
            shown["0"] = ro["national"]
        assert set(shown) == set(raw), code
        for fips, s in shown.items():
            assert (s["employment_2020"], s["employment_2030"]) == (int(raw[fips]["base"]), int(raw[fips]["proj"]))
    assert gained == 99  # chapters that showed "Regional outlook: not published" before (issue 15: 118 - 19 military)


# ---------------------------------------------------------------------------------------------------
# 2. hourly-only occupations


def test_hourly_only_occupations_are_the_footnote_4_ones_with_hourly_medians(all_profiles, oews_db):
    hourly_only = sorted(c for c, p in all_profiles.items() if Profile.from_dict(p).oews.hourly_only)
    assert tuple(hourly_only) == HOURLY_ONLY
    for code in hourly_only:
        raw = oews_db.national(code)
        assert raw["v13"] == "-" and raw["f13"] == "4" and oews_number(raw["v08"]) is not None


@pytest.mark.parametrize("code", HOURLY_ONLY)
def test_hourly_only_state_metro_industry_medians_equal_raw_cells(code, profile, oews_db):
    p = profile(code)
    raw_states = {r["state"]: r for r in oews_db.states(code)}
    assert p["states"]
    for s in p["states"]:
        assert s["hourly_median_wage_usd"] == oews_number(raw_states[s["state"]]["v08"])
    for m in p["metros"]:
        assert m["hourly_median_wage_usd"] == oews_number(oews_db.cell("M", m["area_code"], "000000", code)["v08"])
    for i in p["industries"]:
        assert i["hourly_median_wage_usd"] == oews_number(oews_db.national(code, i["industry_code"])["v08"])
    national = oews_number(oews_db.national(code)["v08"])
    for s in p["states"]:
        if s["hourly_median_wage_usd"] is not None:
            assert s["wage_vs_national_percent"] == round(100 * (s["hourly_median_wage_usd"] / national - 1), 1)


def test_actors_chapter_reads_hourly(profile, oews_db, monkeypatch):
    p = Profile.from_dict(profile("27-2011"))
    ny = oews_db.cell("S", "3600000", "000000", "27-2011")
    assert ny["v13"] == "-" and ny["f13"] == "4" and ny["v08"] == "28.44"
    facts = section_text(p, "key_facts", monkeypatch)
    assert "Median hourly wage" in facts and f"${oews_number(oews_db.national('27-2011')['v08']):,.2f}/h" in facts
    assert "Median annual wage" not in facts
    assert "footnote 4" in facts  # OEWS's reason for the missing annual figure
    geo = section_text(p, "geography", monkeypatch)
    assert "hourly median" in geo and "annual median" not in geo
    assert "<td>New York</td>" in geo and "$28.44/h" in geo
    assert "footnote 4" in geo
    assert "$" in section_text(p, "industries", monkeypatch).split("hourly median", 1)[1]


# ---------------------------------------------------------------------------------------------------
# 3. metros that publish a wage but not the employment count


def raw_metros(oews_db, code: str) -> list[dict]:
    return oews_db.query(
        "SELECT * FROM cell WHERE key LIKE 'OEUM%' AND substr(key, 12, 6) = '000000' AND substr(key, 18, 6) = ?",
        (code.replace("-", ""),),
    )


def test_29_1022_keeps_the_areas_with_a_wage_and_no_employment(profile, oews_db, monkeypatch):
    raw = {r["key"][4:11]: r for r in raw_metros(oews_db, "29-1022")}
    # publishing: the count, a median, or a median's bound (footnote 5: at or above the top code)
    publishing = {a for a, r in raw.items() if r["v01"] != "-" or r["v13"] != "-" or r["v08"] != "-" or r["f13"] == "5"}
    p = profile("29-1022")
    shown = {m["area_code"]: m for m in p["metros"]}
    assert set(shown) == publishing and p["metros_published_count"] == len(publishing)
    suppressed = [m for m in p["metros"] if m["employment"] is None]
    assert len(suppressed) >= 8
    for m in suppressed:
        r = raw[m["area_code"]]
        assert r["v01"] == "-" and m["employment_note"] and f"footnote {r['f01']}" in m["employment_note"]
        assert m["annual_median_wage_usd"] == oews_number(r["v13"])
    for m in p["metros"]:
        assert m["employment"] == oews_int(raw[m["area_code"]]["v01"])
    text = section_text(Profile.from_dict(p), "geography", monkeypatch)
    assert "publish a wage but not the employment count" in text
    for m in tables.metro_rows(Profile.from_dict(p)):  # the table's rows: the most jobs, then unranked areas
        assert m.area in text
    assert any(m.employment is None for m in tables.metro_rows(Profile.from_dict(p)))


def test_no_profile_drops_an_area_that_publishes_a_median(all_profiles, oews_db):
    kept = sum(1 for p in all_profiles.values() for m in p["metros"] if m["employment"] is None)
    assert kept > 100  # 236 rows on the May 2025 release (9 of them publish only a median at or above the top code)
    for code in ("29-1022", "29-1024", "11-9111"):
        raw = raw_metros(oews_db, code)
        with_wage = {r["key"][4:11] for r in raw if r["v13"] != "-" or r["v08"] != "-"}
        p = all_profiles[code]
        if len(p["metros"]) < 25:  # the profile keeps the 25 largest areas, then the unranked ones
            assert with_wage <= {m["area_code"] for m in p["metros"]}


# ---------------------------------------------------------------------------------------------------
# 4. EP's median wage


def test_legislators_key_facts_show_eps_median_labelled(profile, ep_line_items, oews_db, monkeypatch):
    assert oews_db.national("11-1031") is None or oews_db.national("11-1031")["v13"] == "-"
    ep = ep_number(ep_line_items["11-1031"][EP_WAGE])
    assert ep == 44_810
    p = Profile.from_dict(profile("11-1031"))
    facts = section_text(p, "key_facts", monkeypatch)
    assert "$44,810" in facts and "BLS EP (OEWS May 2024)" in facts


def test_every_ep_wage_is_shown_in_the_outlook(all_profiles, ep_line_items, monkeypatch):
    shown = 0
    for code in ("11-1031", "11-9111", "29-1141", "53-3032", "21-1018"):
        p = Profile.from_dict(all_profiles[code])
        wage = p.projections.median_annual_wage_2024_display
        text = section_text(p, "outlook", monkeypatch)
        if wage and wage != "not published":
            assert f"Median annual wage, BLS EP (OEWS May 2024): {wage}." in text
            raw = ep_number(ep_line_items[p.projections.published_code][EP_WAGE])
            assert raw is not None and wage == f"${raw:,.0f}"
            shown += 1
    assert shown == 5


# ---------------------------------------------------------------------------------------------------
# 5. top-coded comparison medians


def test_comparison_top_code_flags_equal_raw_footnote_5(all_profiles, oews_db):
    for code in ("29-1022", "29-1211", "29-1141", "11-9111"):
        c = all_profiles[code]["comparisons"]
        own = oews_db.national(all_profiles[code]["oews"]["published_code"])
        assert c["annual_median_wage_top_coded"] == (own["f13"] == "5")
        for r in c["related"]:
            raw = oews_db.national(all_profiles[r["soc_code"]]["oews"]["published_code"] or "00-0000")
            assert r["annual_median_wage_top_coded"] == (raw is not None and raw["f13"] == "5")


def test_regional_chart_says_whose_figures_they_are(profile):
    from occprofiles import charts

    p = Profile.from_dict(profile("15-1252"))
    assert "Projections Central publishes 15-1256, which includes this occupation" in charts.alt_text(
        "regional_outlook", p
    )
    own = Profile.from_dict(profile("11-9111"))
    assert "which includes this occupation" not in charts.alt_text("regional_outlook", own)
