"""Profile values equal direct reads of the raw source files.

Every expected value is read from the raw file with the readers in ``conftest.py`` (sqlite3, openpyxl,
pandas/calamine, csv), never through ``occprofiles.extract``. The few hard-coded numbers are the published
acceptance values for 11-9111 (see the PROVENANCE spot checks); they are checked against the raw read too.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest

from occprofiles.profile import Profile

from conftest import OEWS_DATATYPE, ep_number, oews_int, oews_number

pytestmark = pytest.mark.usefixtures("processed")

TOP_CODE_DISPLAY = "≥ $239,200"
NOT_PUBLISHED = "not published"
WAGE_MEASURES = ("p10", "p25", "median", "p75", "p90", "mean")
RIASEC = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")

# EP column headers (Table 1.2 / Table 1.10)
EP_EMP_2024 = "Employment, 2024"
EP_EMP_2034 = "Employment, 2034"
EP_CHANGE = "Employment change, numeric, 2024–34"
EP_CHANGE_PCT = "Employment change, percent, 2024–34"
EP_SELF_EMPLOYED = "Percent self employed, 2024"
EP_OPENINGS = "Occupational openings, 2024–34 annual average"
EP_WAGE = "Median annual wage, dollars, 2024[1]"
EP_EDUCATION = "Typical education needed for entry"
EP_EXPERIENCE = "Work experience in a related occupation"
EP_TRAINING = "Typical on-the-job training needed to attain competency in the occupation"
EP_110_COUNTS = {
    "labor_force_exits": "Labor force exits, 2024–34 annual average",
    "occupational_transfers": "Occupational transfers, 2024–34 annual average",
    "separations": "Total occupational separations, 2024–34 annual average",
}
EP_110_RATES = {
    "labor_force_exit_rate_percent": "Labor force exit rate, 2024–34 annual average",
    "occupational_transfer_rate_percent": "Occupational transfer rate, 2024–34 annual average",
    "separations_rate_percent": "Total occupational separations rate, 2024–34 annual average",
}

# A spread of occupations: the acceptance code, a large one with O*NET specialties, an hourly-only one,
# codes published only within an aggregate, the aggregates themselves, multi-specialty "all other" codes.
SPREAD = [
    "11-9111",
    "29-1141",
    "27-2011",
    "21-1011",
    "21-1018",
    "29-2010",
    "29-2011",
    "11-9199",
    "15-1299",
    "29-1211",
    "53-3032",
    "25-2021",
    "47-2061",
]


def typed(document: dict) -> Profile:
    """The typed profile of a stored document: display strings are formatted from it (schema 2)."""
    return Profile.from_dict(document)


def persons(thousands) -> int | None:
    value = ep_number(thousands)
    return None if value is None else round(value * 1000)


def ep_text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text in ("—", "") else text


def onet_rows(df, onet_soc_code: str):
    return df[df["O*NET-SOC Code"] == onet_soc_code]


# ---------------------------------------------------------------------------------------------------
# 11-9111: the acceptance values, and each one against the raw file


def test_acceptance_11_9111_oews(profile, oews_db):
    p, raw = profile("11-9111"), oews_db.national("11-9111")
    assert raw is not None and raw["key"] == "OEUN0000000000000119111"
    assert p["oews"]["release"] == "May 2025"
    assert p["oews"]["employment"] == 597_080 == oews_int(raw["v01"])
    assert p["oews"]["annual_wage_usd"]["median"] == 123_860 == oews_number(raw["v13"])
    assert p["oews"]["annual_wage_top_coded"]["median"] is False
    assert typed(p).oews.wage_display["annual_median"] == "$123,860"
    assert p["key_facts"]["oews_employment"] == 597_080
    assert p["key_facts"]["annual_median_wage_usd"] == 123_860


def test_acceptance_11_9111_projections(profile, ep_table):
    p, raw = profile("11-9111")["projections"], ep_table["1.2"]["11-9111"]
    assert p["employment_2024"] == 616_200 == persons(raw[EP_EMP_2024])
    assert p["employment_2034"] == 759_100 == persons(raw[EP_EMP_2034])
    assert p["change_percent"] == 23.2 == ep_number(raw[EP_CHANGE_PCT])
    assert p["annual_openings"] == 62_100 == persons(raw[EP_OPENINGS])
    assert p["typical_entry_education"] == "Bachelor's degree" == ep_text(raw[EP_EDUCATION])


def test_acceptance_11_9111_tasks(profile, onet):
    tasks = profile("11-9111")["tasks"]
    raw = onet_rows(onet("Task Statements"), "11-9111.00")
    assert len(tasks) == 18 == len(raw)
    assert sum(t["type"] == "Core" for t in tasks) == 17 == (raw["Task Type"] == "Core").sum()
    assert sum(t["type"] == "Supplemental" for t in tasks) == 1 == (raw["Task Type"] == "Supplemental").sum()
    assert {(t["task_id"], t["text"], t["type"]) for t in tasks} == {
        (int(r["Task ID"]), r["Task"], r["Task Type"]) for _, r in raw.iterrows()
    }


def test_acceptance_11_9111_interests(profile, onet):
    interests = profile("11-9111")["interests"]
    raw = onet_rows(onet("Interests"), "11-9111.00")
    oi = {r["Element Name"]: float(r["Data Value"]) for _, r in raw[raw["Scale ID"] == "OI"].iterrows()}
    assert interests["enterprising"] == 5.65 == oi["Enterprising"]
    assert interests["conventional"] == 5.63 == oi["Conventional"]


def test_acceptance_11_9111_automation(profile, fo_table):
    auto = profile("11-9111")["automation"]
    assert auto["probability"] == 0.0073 == float(fo_table["11-9111"]["Probability"])
    assert auto["mapping"] == "one-to-one"


# ---------------------------------------------------------------------------------------------------
# a spread of occupations, section by section


def assert_oews_matches(p: dict, raw: dict) -> None:
    o = p["oews"]
    code = p["soc_code"]
    assert o["employment"] == oews_int(raw["v01"]), code
    assert o["employment_rse_percent"] == oews_number(raw["v02"]), code
    assert o["wage_rse_percent"] == oews_number(raw["v05"]), code
    for (form, measure), dt in OEWS_DATATYPE.items():
        expected = oews_number(raw[f"v{dt}"])
        got = o[f"{form}_wage_usd"][measure]
        assert got == expected, f"{code} {form} {measure}: profile {got!r}, raw {raw[f'v{dt}']!r}"


@pytest.mark.parametrize("code", SPREAD)
def test_oews_national_equals_raw_cell(code, profile, oews_db):
    p = profile(code)
    published = p["oews"]["published_code"]
    # the code OEWS publishes this occupation under: itself if OEWS has a national cell for it
    own = oews_db.national(code)
    if own is not None:
        assert published == code
    raw = oews_db.national(published)
    assert raw is not None, f"{code}: OEWS has no national cell for {published}"
    assert_oews_matches(p, raw)


@pytest.mark.parametrize("code", SPREAD)
def test_projections_equal_raw_tables(code, profile, ep_table):
    p = profile(code)["projections"]
    ep_code = p["published_code"]
    if code in ep_table["1.2"]:
        assert ep_code == code
    raw, raw110 = ep_table["1.2"][ep_code], ep_table["1.10"][ep_code]
    assert str(raw["Occupation type"]).strip() == "Line item"
    assert p["employment_2024"] == persons(raw[EP_EMP_2024])
    assert p["employment_2034"] == persons(raw[EP_EMP_2034])
    assert p["employment_change"] == persons(raw[EP_CHANGE])
    assert p["annual_openings"] == persons(raw[EP_OPENINGS])
    assert p["change_percent"] == ep_number(raw[EP_CHANGE_PCT])
    assert p["self_employed_percent"] == ep_number(raw[EP_SELF_EMPLOYED])
    for field, column in EP_110_COUNTS.items():
        assert p[field] == persons(raw110[column]), field
    for field, column in EP_110_RATES.items():
        assert p[field] == ep_number(raw110[column]), field
    assert p["typical_entry_education"] == ep_text(raw[EP_EDUCATION])
    assert p["work_experience"] == ep_text(raw[EP_EXPERIENCE])
    assert p["on_the_job_training"] == ep_text(raw[EP_TRAINING])


@pytest.mark.parametrize("code", [c for c in SPREAD if c not in ("21-1018", "29-2010")])
def test_tasks_and_interests_come_from_the_soc_level_onet_record(code, profile, onet):
    p = profile(code)
    tasks = onet_rows(onet("Task Statements"), f"{code}.00")
    assert sorted((t["task_id"], t["text"], t["type"]) for t in p["tasks"]) == sorted(
        (int(r["Task ID"]), r["Task"], r["Task Type"].strip() or None) for _, r in tasks.iterrows()
    )
    interests = onet_rows(onet("Interests"), f"{code}.00")
    oi = {r["Element Name"]: float(r["Data Value"]) for _, r in interests[interests["Scale ID"] == "OI"].iterrows()}
    for name in RIASEC:
        assert p["interests"][name.lower()] == oi.get(name), name


# ---------------------------------------------------------------------------------------------------
# 29-1141 Registered Nurses


def test_registered_nurses(profile, oews_db, ep_table, onet):
    p = profile("29-1141")
    assert p["title"] == "Registered Nurses"
    raw = oews_db.national("29-1141")
    assert p["oews"]["employment"] == oews_int(raw["v01"]) > 3_000_000
    assert p["oews"]["annual_wage_usd"]["median"] == oews_number(raw["v13"])
    assert p["projections"]["employment_2024"] == persons(ep_table["1.2"]["29-1141"][EP_EMP_2024])
    occ = onet("Occupation Data")
    specialties = sorted(c for c in occ["O*NET-SOC Code"] if c.startswith("29-1141.") and c != "29-1141.00")
    assert [s["onet_soc_code"] for s in p["onet_specialties"]] == specialties
    assert len(p["tasks"]) == len(onet_rows(onet("Task Statements"), "29-1141.00"))


# ---------------------------------------------------------------------------------------------------
# missing and bounded values: footnotes 4 and 5, EP "—" and ">=$239,200"


def test_actors_are_paid_hourly_only(profile, oews_db):
    p = profile("27-2011")
    raw = oews_db.national("27-2011")
    o = p["oews"]
    notes = {n["field"]: n for n in o["wage_notes"]}
    for measure in WAGE_MEASURES:
        dt = OEWS_DATATYPE[("annual", measure)]
        assert raw[f"v{dt}"] == "-" and raw[f"f{dt}"] == "4", "raw file: annual wages of actors are not published"
        assert o["annual_wage_usd"][measure] is None
        assert o["annual_wage_top_coded"][measure] is False  # footnote 4, not 5
        assert typed(p).oews.wage_display[f"annual_{measure}"] == NOT_PUBLISHED
        note = notes[f"annual_wage_usd.{measure}"]
        assert note["footnote_code"] == 4 and "footnote 4" in note["reason"] and "hourly" in note["reason"]
        hourly = oews_number(raw[f"v{OEWS_DATATYPE[('hourly', measure)]}"])
        assert hourly is not None and o["hourly_wage_usd"][measure] == hourly
    assert typed(p).oews.wage_display["hourly_median"] == f"${oews_number(raw['v08']):,.2f}/h"
    assert p["key_facts"]["annual_median_wage_usd"] is None
    assert p["key_facts"]["hourly_median_wage_usd"] == oews_number(raw["v08"])
    assert typed(p).key_facts.annual_median_wage_display == NOT_PUBLISHED
    assert p["sections"]["wages"]["available"] is True  # hourly wages are published


def test_top_coded_state_wage_29_1022_alabama(profile, oews_db):
    raw = oews_db.cell("S", "0100000", "000000", "29-1022")
    assert raw["key"] == "OEUS0100000000000291022" and raw["v13"] == "-" and raw["f13"] == "5"
    rows = [s for s in profile("29-1022")["states"] if s["state"] == "Alabama"]
    assert len(rows) == 1
    al = rows[0]
    assert al["annual_median_wage_usd"] is None
    assert al["annual_median_wage_top_coded"] is True
    assert (
        next(s for s in typed(profile("29-1022")).states if s.state == "Alabama").annual_median_wage_display
        == TOP_CODE_DISPLAY
    )
    assert "footnote 5" in al["annual_median_wage_note"]
    assert al["wage_vs_national_percent"] is None
    assert al["employment"] == oews_int(raw["v01"])


def test_no_national_cell_is_top_coded_in_may_2025(oews_db):
    # the premise of the state-level test above: no national cross-industry median is top-coded
    assert oews_db.query("SELECT key FROM cell WHERE key LIKE 'OEUN0000000000000%' AND f13 = '5'") == []


def test_every_top_coded_state_median_is_a_bound_never_a_number(all_profiles, oews_db):
    cells = oews_db.query(
        "SELECT c.key, a.area_name FROM cell c JOIN area a ON a.area_code = substr(c.key, 5, 7) "
        "WHERE c.key LIKE 'OEUS%' AND substr(c.key, 12, 6) = '000000' AND c.f13 = '5'"
    )
    assert len(cells) > 50
    by_oews: dict[str, list[dict]] = defaultdict(list)
    for p in all_profiles.values():
        by_oews[p["oews"]["published_code"]].append(p)
    checked = 0
    top_coded_keys = {c["key"] for c in cells}
    for p in all_profiles.values():  # and the converse: a flag only where BLS writes footnote 5
        for s in p["states"]:
            if s["annual_median_wage_top_coded"]:
                key = "OEUS" + s["state_fips"] + "00000000000" + p["oews"]["published_code"].replace("-", "")
                assert key in top_coded_keys, (p["soc_code"], s["state"])
    for cell in cells:
        soc = cell["key"][17:19] + "-" + cell["key"][19:23]
        assert by_oews[soc], f"no profile publishes OEWS code {soc}"
        for p in by_oews[soc]:
            rows = [s for s in p["states"] if s["state"] == cell["area_name"]]
            assert len(rows) == 1, (p["soc_code"], cell["area_name"])
            assert rows[0]["annual_median_wage_usd"] is None, (p["soc_code"], cell["area_name"])
            assert rows[0]["annual_median_wage_top_coded"] is True, (p["soc_code"], cell["area_name"])
            state = next(s for s in typed(p).states if s.state == cell["area_name"])
            assert state.annual_median_wage_display == TOP_CODE_DISPLAY, (p["soc_code"], cell["area_name"])
            checked += 1
    assert checked >= len(cells)


def test_ep_top_coded_median_29_1211(profile, ep_table):
    assert ep_table["1.2"]["29-1211"][EP_WAGE] == ">=$239,200"
    p = profile("29-1211")["projections"]
    assert p["median_annual_wage_2024_usd"] is None
    assert p["median_annual_wage_2024_top_coded"] is True
    assert typed(profile("29-1211")).projections.median_annual_wage_2024_display == TOP_CODE_DISPLAY


def test_ep_wages_all_line_items(all_profiles, ep_line_items):
    top, missing = 0, 0
    for code, raw in ep_line_items.items():
        p = all_profiles[code]["projections"]
        shown = typed(all_profiles[code]).projections.median_annual_wage_2024_display
        cell = raw[EP_WAGE]
        if isinstance(cell, str) and cell.strip().startswith(">="):
            top += 1
            assert cell.strip() == ">=$239,200", code
            assert p["median_annual_wage_2024_usd"] is None, code
            assert p["median_annual_wage_2024_top_coded"] is True and shown == TOP_CODE_DISPLAY, code
        elif ep_number(cell) is None:  # "—": unavailable, never 0
            missing += 1
            assert p["median_annual_wage_2024_usd"] is None, code
            assert p["median_annual_wage_2024_top_coded"] is False and shown == NOT_PUBLISHED, code
        else:
            assert p["median_annual_wage_2024_usd"] == float(cell), code
            assert p["median_annual_wage_2024_top_coded"] is False and shown == f"${float(cell):,.0f}", code
    assert top == 17 and missing == 6  # PROVENANCE: 6 line items with "—"; 17 line items (+2 summaries) top-coded


def test_ep_text_fields_none_is_a_category_and_dash_is_null(all_profiles, ep_line_items):
    none_seen = 0
    for code, raw in ep_line_items.items():
        p = all_profiles[code]["projections"]
        for field, column in (
            ("typical_entry_education", EP_EDUCATION),
            ("work_experience", EP_EXPERIENCE),
            ("on_the_job_training", EP_TRAINING),
        ):
            cell = str(raw[column]).strip()
            if cell == "—":
                assert p[field] is None, (code, field)
            else:
                assert p[field] == cell, (code, field)
                none_seen += cell == "None"
    assert none_seen > 500  # "None" (no experience / no training) is common and must survive as text
    assert all_profiles["11-9111"]["projections"]["on_the_job_training"] == "None"


def test_ep_numbers_every_line_item_in_persons(all_profiles, ep_table, ep_line_items):
    assert len(ep_line_items) == 832
    for code, raw in ep_line_items.items():
        assert code in all_profiles, f"EP line item {code} has no profile"
        p = all_profiles[code]["projections"]
        raw110 = ep_table["1.10"][code]
        assert p["published_code"] == code
        assert p["employment_2024"] == persons(raw[EP_EMP_2024]), code
        assert p["employment_2034"] == persons(raw[EP_EMP_2034]), code
        assert p["employment_change"] == persons(raw[EP_CHANGE]), code
        assert p["annual_openings"] == persons(raw[EP_OPENINGS]), code
        assert p["change_percent"] == ep_number(raw[EP_CHANGE_PCT]), code
        assert p["self_employed_percent"] == ep_number(raw[EP_SELF_EMPLOYED]), code
        for field, column in EP_110_COUNTS.items():
            assert p[field] == persons(raw110[column]), (code, field)
        for field, column in EP_110_RATES.items():
            assert p[field] == ep_number(raw110[column]), (code, field)
        for field in ("employment_2024", "employment_2034", "annual_openings"):
            assert isinstance(p[field], int), (code, field)


def test_oews_every_national_detailed_cell(all_profiles, oews_db):
    level3 = [
        r["occupation_code"] for r in oews_db.query("SELECT occupation_code FROM occupation WHERE display_level = 3")
    ]
    assert len(level3) == 830
    by_oews: dict[str, list[dict]] = defaultdict(list)
    for p in all_profiles.values():
        by_oews[p["oews"]["published_code"]].append(p)
    for occ in level3:
        code = f"{occ[:2]}-{occ[2:]}"
        raw = oews_db.national(code)
        assert raw is not None, code
        assert code in all_profiles, f"OEWS detailed code {code} has no profile"
        assert all_profiles[code]["oews"]["published_code"] == code
        for p in by_oews[code]:  # the code's own profile and every code published within it
            assert p["oews"]["employment"] == oews_int(raw["v01"]), p["soc_code"]
            assert p["oews"]["annual_wage_usd"]["median"] == oews_number(raw["v13"]), p["soc_code"]
            assert_oews_matches(p, raw)


# ---------------------------------------------------------------------------------------------------
# aggregate codes


def test_oews_and_ep_aggregate_21_1018(profile, oews_db, ep_table, ep_line_items):
    # raw: OEWS and EP publish 21-1018 and neither 21-1011 nor 21-1014
    assert oews_db.national("21-1018") is not None
    assert oews_db.national("21-1011") is None and oews_db.national("21-1014") is None
    assert "21-1018" in ep_line_items and "21-1011" not in ep_table["1.2"] and "21-1014" not in ep_table["1.2"]

    agg = profile("21-1018")
    assert agg["code_mapping"]["kind"] == "aggregate"
    assert agg["code_mapping"]["covers"] == ["21-1011", "21-1014"]
    assert any("21-1011" in n and "21-1014" in n for n in agg["code_mapping"]["notes"])

    raw = oews_db.national("21-1018")
    for code in ("21-1011", "21-1014"):
        p = profile(code)
        assert p["code_mapping"]["kind"] == "detailed"
        assert p["oews"]["published_code"] == "21-1018" == p["code_mapping"]["oews_code"]
        assert p["projections"]["published_code"] == "21-1018" == p["code_mapping"]["ep_code"]
        assert any("21-1018" in n for n in p["code_mapping"]["notes"])
        assert p["oews"]["employment"] == oews_int(raw["v01"]) == agg["oews"]["employment"]
        assert p["projections"]["employment_2024"] == persons(ep_table["1.2"]["21-1018"][EP_EMP_2024])


def test_ep_aggregate_29_2010(profile, oews_db, ep_table, ep_line_items):
    assert "29-2010" in ep_line_items
    assert "29-2011" not in ep_table["1.2"] and "29-2012" not in ep_table["1.2"]
    agg = profile("29-2010")
    assert agg["code_mapping"]["kind"] == "aggregate"
    assert agg["code_mapping"]["covers"] == ["29-2011", "29-2012"]
    assert agg["projections"]["employment_2024"] == persons(ep_table["1.2"]["29-2010"][EP_EMP_2024])
    for code in ("29-2011", "29-2012"):
        p = profile(code)
        assert p["projections"]["published_code"] == "29-2010"
        assert p["projections"]["employment_2024"] == agg["projections"]["employment_2024"]
        assert any("29-2010" in n for n in p["code_mapping"]["notes"])
        # OEWS: its own cell if OEWS publishes the code, else the aggregate's
        expected_oews = code if oews_db.national(code) is not None else "29-2010"
        assert p["oews"]["published_code"] == expected_oews
        # an aggregate has no O*NET record; the detailed codes keep their own
        assert p["tasks"] and p["onet_soc_code"] == f"{code}.00"
    assert agg["tasks"] == [] and agg["onet_soc_code"] is None


def test_every_aggregate_covers_codes_the_sources_do_not_publish(all_profiles, oews_db, ep_table):
    aggregates = {c: p for c, p in all_profiles.items() if p["code_mapping"]["kind"] == "aggregate"}
    assert {"21-1018", "29-2010", "13-1020", "25-2052", "51-2028", "53-1047"} <= set(aggregates)
    for code, p in aggregates.items():
        covers = p["code_mapping"]["covers"]
        assert len(covers) >= 2, code
        for child in covers:
            c = all_profiles[child]
            assert c["code_mapping"]["kind"] == "detailed" and child[:6] == code[:6]
            assert code in (c["oews"]["published_code"], c["projections"]["published_code"]), (code, child)
            if c["oews"]["published_code"] == code:
                assert oews_db.national(child) is None, f"OEWS publishes {child} itself"
            if c["projections"]["published_code"] == code:
                assert child not in ep_table["1.2"], f"EP publishes {child} itself"


# ---------------------------------------------------------------------------------------------------
# O*NET: specialties, suppression


@pytest.mark.parametrize("code", ["11-9199", "15-1299", "29-1141", "11-3031"])
def test_onet_specialties_and_soc_level_tasks(code, profile, onet):
    occ = onet("Occupation Data")
    mine = occ[occ["O*NET-SOC Code"].str.startswith(code + ".")]
    specialties = mine[mine["O*NET-SOC Code"] != f"{code}.00"].sort_values("O*NET-SOC Code")
    assert len(specialties) >= 2
    p = profile(code)
    assert [(s["onet_soc_code"], s["title"]) for s in p["onet_specialties"]] == list(
        zip(specialties["O*NET-SOC Code"], specialties["Title"], strict=True)
    )
    tasks = onet("Task Statements")
    soc_level = {int(t) for t in onet_rows(tasks, f"{code}.00")["Task ID"]}
    from_specialties = {int(t) for t in tasks[tasks["O*NET-SOC Code"].isin(specialties["O*NET-SOC Code"])]["Task ID"]}
    assert from_specialties, "the specialties have tasks of their own in the raw file"
    got = {t["task_id"] for t in p["tasks"]}
    assert got == soc_level
    assert not (got & (from_specialties - soc_level))


@pytest.mark.parametrize("workbook,section", [("Skills", "skills"), ("Knowledge", "knowledge")])
def test_recommend_suppress_rows_are_not_used(workbook, section, all_profiles, onet):
    """A rating O*NET flags "Recommend Suppress = Y" is never shown: a suppressed importance drops the element,
    a suppressed level leaves the (unsuppressed) importance with no level."""
    df = onet(workbook)
    df = df[df["O*NET-SOC Code"].str.endswith(".00")]
    flagged = df[df["Recommend Suppress"].str.strip() == "Y"][["O*NET-SOC Code", "Element ID"]].drop_duplicates()
    assert len(flagged) > 0
    ratings: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    columns = ["O*NET-SOC Code", "Element ID", "Scale ID", "Data Value", "Recommend Suppress", "Not Relevant"]
    for code, element, scale, value, suppress, not_relevant in df.merge(flagged)[columns].itertuples(
        index=False, name=None
    ):
        ratings[(code, element)][scale] = (float(value), suppress.strip() == "Y", not_relevant.strip() == "Y")
    checked = 0
    for (onet_code, element_id), scales in ratings.items():
        soc = onet_code[:7]
        if soc not in all_profiles:
            continue
        entries = [e for e in all_profiles[soc][section] if e["element_id"] == element_id]
        im, lv = scales.get("IM"), scales.get("LV")
        if im is None or im[1]:
            assert entries == [], f"{soc} {element_id}: importance is suppressed, the element must not be shown"
        else:
            assert len(entries) == 1, (soc, element_id)
            assert entries[0]["importance"] == im[0]
            expected_level = lv[0] if lv is not None and not lv[1] and not lv[2] else None
            assert entries[0]["level"] == expected_level, f"{soc} {element_id}: level {entries[0]['level']}, raw {lv}"
        checked += 1
    assert checked > 50


def test_every_required_education_share_is_the_raw_value_or_not_published_with_the_reason(all_profiles, onet):
    """Every RL category of the SOC-level record is in the profile: its share as in the raw file, or, where O*NET
    recommends suppression, no share and the reason (leaving it out made the shares shown look like the whole
    distribution: 13-1074 showed 9 %, 0.1 % and 0.1 %, its suppressed 48 % and 43 % missing)."""
    df = onet("Education, Training, and Experience")
    rl = df[(df["Scale ID"] == "RL") & df["O*NET-SOC Code"].str.endswith(".00")]
    checked = suppressed = 0
    for onet_code, rows in rl.groupby("O*NET-SOC Code"):
        soc = onet_code[:7]
        if soc not in all_profiles:
            continue
        expected = [
            (int(float(c)), None, "O*NET recommends suppression for low precision (Recommend Suppress = Y)")
            if str(flag).strip() == "Y"
            else (int(float(c)), float(v), None)
            for c, v, flag in sorted(
                rows[["Category", "Data Value", "Recommend Suppress"]].itertuples(index=False),
                key=lambda r: float(r[0]),
            )
        ]
        got = [(e["category"], e["percent"], e.get("percent_note")) for e in all_profiles[soc]["education"]]
        assert got == expected, soc
        checked += 1
        suppressed += any(e[1] is None for e in expected)
    assert checked > 700 and suppressed > 90
    farm = {e["category"]: e["percent"] for e in all_profiles["13-1074"]["education"]}
    assert farm[1] is None and farm[2] is None and farm[4] == 8.9


def test_a_suppressed_skill_level_is_absent_for_financial_managers(profile, onet):
    skills = onet("Skills")
    row = skills[
        (skills["O*NET-SOC Code"] == "11-3031.00")
        & (skills["Element Name"] == "Programming")
        & (skills["Scale ID"] == "LV")
    ]
    assert row["Recommend Suppress"].tolist() == ["Y"]
    entry = [s for s in profile("11-3031")["skills"] if s["name"] == "Programming"]
    im = skills[
        (skills["O*NET-SOC Code"] == "11-3031.00")
        & (skills["Element Name"] == "Programming")
        & (skills["Scale ID"] == "IM")
    ]
    assert entry == [
        {
            "element_id": "2.B.3.e",
            "name": "Programming",
            "importance": float(im["Data Value"].iloc[0]),
            "level": None,
            "level_note": "O*NET recommends suppressing this level estimate for low precision (Recommend Suppress = Y)",
        }
    ]


# ---------------------------------------------------------------------------------------------------
# geography


def test_states_11_9111(profile, oews_db):
    states = profile("11-9111")["states"]
    raw = {r["state"]: r for r in oews_db.states("11-9111")}
    assert len(raw) >= 50
    assert [s["state"] for s in states if s["state"] in raw] == [s["state"] for s in states]
    assert {s["state"] for s in states} == set(raw)
    assert states[0]["state"] == "California"
    employment = [s["employment"] for s in states if s["employment"] is not None]
    assert employment == sorted(employment, reverse=True)
    assert all(s["employment"] is not None for s in states[: len(employment)])  # unpublished last
    for s in states:
        r = raw[s["state"]]
        assert s["state_fips"] == r["area_code"][:2]
        assert s["employment"] == oews_int(r["v01"]), s["state"]
        assert s["location_quotient"] == oews_number(r["v17"]), s["state"]
        assert s["employment_per_1000_jobs"] == oews_number(r["v16"]), s["state"]
        assert s["annual_median_wage_usd"] == oews_number(r["v13"]), s["state"]


@pytest.mark.parametrize("code", ["11-9111", "29-1141", "27-2011"])
def test_industry_shares_from_raw_cells(code, profile, oews_db):
    p = profile(code)
    level3 = {
        r["industry_code"]: r["industry_name"] for r in oews_db.query("SELECT * FROM industry WHERE display_level = 3")
    }
    soc6 = code.replace("-", "")
    published = {
        r["key"][11:17]: r
        for r in oews_db.query("SELECT * FROM cell WHERE key LIKE 'OEUN0000000%' AND substr(key, 18, 6) = ?", (soc6,))
        # employment, or a median wage without it (kept, after the ranked ones: issue 12)
        if r["key"][11:17] in level3 and (r["v01"] != "-" or r["v13"] != "-" or r["v08"] != "-" or r["f13"] == "5")
    }
    industries = p["industries"]
    assert {i["industry_code"] for i in industries} == set(published)
    employment = [i["employment"] for i in industries if i["employment"] is not None]
    assert employment == sorted(employment, reverse=True)
    assert [i["employment"] is None for i in industries] == sorted(i["employment"] is None for i in industries)
    national = oews_int(oews_db.national(code)["v01"])
    for i in (i for i in industries if i["employment"] is not None):
        raw = published[i["industry_code"]]
        total = oews_int(oews_db.national("00-0000", industry=i["industry_code"])["v01"])
        assert i["industry"] == level3[i["industry_code"]]
        assert i["employment"] == oews_int(raw["v01"])
        assert i["share_of_industry_employment_percent"] == pytest.approx(
            round(100 * i["employment"] / total, 2), abs=0.006
        )
        assert i["share_of_occupation_employment_percent"] == pytest.approx(
            round(100 * i["employment"] / national, 2), abs=0.006
        )
        assert i["annual_median_wage_usd"] == oews_number(raw["v13"])


def test_projections_central_11_9111(profile, pc_rows):
    ro = profile("11-9111")["regional_outlook"]
    rows = [r for r in pc_rows if r["code"].strip() == "11-9111"]
    nat = [r for r in rows if r["stfips"] == "0"]
    assert len(nat) == 1
    n = nat[0]
    assert ro["national"]["employment_2020"] == 429_800 == int(n["base"])
    assert ro["national"]["employment_2030"] == 569_400 == int(n["proj"])
    assert ro["national"]["change_percent"] == 32.5 == float(n["percentchange"])
    assert ro["national"]["annual_openings"] == 51_800 == int(n["avgannualopenings"])
    assert n["baseyear"] == "2020" and n["projyear"] == "2030"
    assert "2020" in ro["vintage"] and "2030" in ro["vintage"]
    states = {r["stfips"]: r for r in rows if r["stfips"] != "0"}
    assert {str(s["state_fips"]) for s in ro["states"]} == set(states)
    for s in ro["states"]:
        r = states[str(s["state_fips"])]
        assert s["area"] == r["areaname"].strip()
        assert (s["employment_2020"], s["employment_2030"], s["annual_openings"]) == (
            int(r["base"]),
            int(r["proj"]),
            int(r["avgannualopenings"]),
        )
        assert s["change_percent"] == float(r["percentchange"])


# ---------------------------------------------------------------------------------------------------
# Frey–Osborne through the SOC 2010 -> 2018 crosswalk


@pytest.fixture(scope="module")
def crosswalk_maps(soc_crosswalk):
    by_2018: dict[str, list[str]] = defaultdict(list)
    by_2010: dict[str, set[str]] = defaultdict(set)
    for old, new in soc_crosswalk:
        by_2018[new].append(old)
        by_2010[old].add(new)
    return by_2018, by_2010


def test_frey_osborne_split_codes(all_profiles, fo_table, crosswalk_maps):
    """One SOC 2010 code split into several 2018 codes: each child gets the parent's probability."""
    by_2018, by_2010 = crosswalk_maps
    cases = [
        (new, olds[0])
        for new, olds in by_2018.items()
        if new in all_profiles and len(olds) == 1 and olds[0] in fo_table and len(by_2010[olds[0]]) > 1
    ]
    assert len(cases) >= 10
    for new, old in cases:
        auto = all_profiles[new]["automation"]
        assert auto["probability"] == float(fo_table[old]["Probability"]), new
        n = len(by_2010[old])
        assert auto["mapping"] == f"split (the 2010 code maps to {n} 2018 codes; same probability for each)", new
        assert [i["soc_2010_code"] for i in auto["soc_2010_inputs"]] == [old]


def test_frey_osborne_merged_codes(all_profiles, fo_table, crosswalk_maps):
    """Several SOC 2010 codes merged into one 2018 code: the unweighted mean, rounded to 4 places."""
    by_2018, _ = crosswalk_maps
    cases = {
        new: olds
        for new, olds in by_2018.items()
        if new in all_profiles and len(olds) > 1 and all(o in fo_table for o in olds)
    }
    assert len(cases) >= 5
    for new, olds in cases.items():
        auto = all_profiles[new]["automation"]
        expected = round(statistics.fmean(float(fo_table[o]["Probability"]) for o in olds), 4)
        assert auto["probability"] == pytest.approx(expected, abs=1e-12), new
        assert auto["mapping"].startswith(f"merged ({len(olds)} SOC 2010 "), (new, auto["mapping"])
        assert sorted(i["soc_2010_code"] for i in auto["soc_2010_inputs"]) == sorted(olds)


def test_frey_osborne_no_probability_has_a_reason(all_profiles, crosswalk_maps):
    by_2018, _ = crosswalk_maps
    none = [c for c, p in all_profiles.items() if p["automation"]["probability"] is None]
    assert "21-1018" in none  # aggregate: no SOC 2010 code maps to it
    for code in none:
        auto = all_profiles[code]["automation"]
        assert auto["mapping"] == "none" and auto["soc_2010_inputs"] == [], code
        assert isinstance(auto["reason"], str) and auto["reason"].strip(), code
        assert auto["band"] is None, code
        assert all_profiles[code]["sections"]["automation"]["available"] is False
    for code in all_profiles:
        if not by_2018.get(code):
            assert all_profiles[code]["automation"]["probability"] is None, (
                f"{code}: no crosswalk input, yet a probability"
            )


def test_frey_osborne_registered_nurses_listed_under_their_soc_2000_code(profile, fo_table, soc_crosswalk):
    """The FO table lists Registered Nurses as 29-1111 (SOC 2000), which is not a SOC 2010 code."""
    assert fo_table["29-1111"]["Occupation"].strip().lower() == "registered nurses"
    assert "29-1111" not in {old for old, _ in soc_crosswalk} and ("29-1141", "29-1141") in soc_crosswalk
    auto = profile("29-1141")["automation"]
    assert auto["probability"] == float(fo_table["29-1111"]["Probability"])
    assert "29-1111" in auto["mapping"]


def test_frey_osborne_partial_merge_is_not_called_one_to_one(all_profiles, crosswalk_maps):
    by_2018, _ = crosswalk_maps
    wrong = {
        code: p["automation"]["mapping"]
        for code, p in all_profiles.items()
        if len(set(by_2018.get(code, []))) > 1 and p["automation"]["mapping"] == "one-to-one"
    }
    assert wrong == {}
