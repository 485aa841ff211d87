"""Metric values against independent computations from the raw files.

Strengths and challenges, the work-life balance score and percentile, every threshold, the wage
comparisons and the regional sums are recomputed here from the raw files (EP workbook via openpyxl, OEWS
SQLite via sqlite3, O*NET workbooks via pandas/calamine, Projections Central via csv; see conftest.py),
following the rules as ``book/methods.md`` states them; never through ``occprofiles.extract`` or
``occprofiles.metrics``. Quantiles are the linear-interpolation kind, written out below.

The one input taken from the profile is the Frey–Osborne probability (the 2010 -> 2018 crosswalk is
value-tested in test_profile_values.py); its bands are checked here against the methods page's 0.30/0.70.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pytest

from conftest import ep_number, oews_number

pytestmark = pytest.mark.usefixtures("processed")

EP_CHANGE_PCT = "Employment change, percent, 2024–34"
EP_OPENINGS = "Occupational openings, 2024–34 annual average"
EP_EDUCATION = "Typical education needed for entry"
DOCTORAL = "Doctoral or professional degree"

# U.S. Census Bureau regions, by state name (written independently of assemble.CENSUS_REGIONS' FIPS codes).
CENSUS_REGIONS = {
    "Northeast": ["Connecticut", "Maine", "Massachusetts", "New Hampshire", "Rhode Island", "Vermont", "New Jersey",
                  "New York", "Pennsylvania"],
    "Midwest": ["Illinois", "Indiana", "Michigan", "Ohio", "Wisconsin", "Iowa", "Kansas", "Minnesota", "Missouri",
                "Nebraska", "North Dakota", "South Dakota"],
    "South": ["Delaware", "District of Columbia", "Florida", "Georgia", "Maryland", "North Carolina", "South Carolina",
              "Virginia", "West Virginia", "Alabama", "Kentucky", "Mississippi", "Tennessee", "Arkansas", "Louisiana",
              "Oklahoma", "Texas"],
    "West": ["Arizona", "Colorado", "Idaho", "Montana", "Nevada", "New Mexico", "Utah", "Wyoming", "Alaska",
             "California", "Hawaii", "Oregon", "Washington"],
}  # fmt: skip

# A spread for readable failures; the tests below also run over every profile.
SPREAD = ["11-9111", "29-1141", "27-2011", "21-1011", "21-1018", "29-2010", "11-9199", "15-1299", "29-1211",
          "53-3032", "25-2021", "47-2061", "15-1252", "35-2014", "29-1229", "43-9021"]  # fmt: skip


def quantile(values, q: float) -> float:
    """Linear interpolation between closest ranks: h = (n - 1) q."""
    xs = sorted(float(v) for v in values if v is not None)
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def persons(thousands) -> int | None:
    value = ep_number(thousands)
    return None if value is None else int(round(value * 1000))


# ---------------------------------------------------------------------------------------------------
# the raw inputs of every metric


def _onet_soc_level(df, **equal):
    """Rows of the SOC-level records (``.00``) with the given column values, without Recommend-Suppress ones."""
    mask = df["O*NET-SOC Code"].str.endswith(".00")
    for column, value in equal.items():
        mask &= df[column] == value
    if "Recommend Suppress" in df.columns:
        mask &= df["Recommend Suppress"].astype(str).str.strip() != "Y"
    return df[mask]


def _by_soc(df) -> dict[str, float]:
    out: dict[str, float] = {}
    for code, value in zip(df["O*NET-SOC Code"], df["Data Value"], strict=True):
        assert code[:7] not in out, f"{code}: two values"
        out[code[:7]] = float(value)
    return out


@pytest.fixture(scope="module")
def raw(oews_db, ep_table, ep_line_items, onet) -> dict[str, Any]:
    # EP line items: growth %, openings (persons), entry education
    ep = {
        code: {"growth": ep_number(r[EP_CHANGE_PCT]), "openings": persons(r[EP_OPENINGS]),
               "education": None if str(r[EP_EDUCATION]).strip() in ("—", "") else str(r[EP_EDUCATION]).strip()}
        for code, r in ep_line_items.items()
    }  # fmt: skip
    # OEWS national cross-industry annual medians of the detailed (display level 3) occupations
    pay_rows = oews_db.query(
        "SELECT o.occupation_code AS code, c.v13 AS median FROM occupation o "
        "JOIN cell c ON c.key = 'OEUN0000000000000' || o.occupation_code WHERE o.display_level = 3"
    )
    pay = {f"{r['code'][:2]}-{r['code'][2:]}": oews_number(r["median"]) for r in pay_rows}
    # O*NET SOC-level records
    stress = _by_soc(_onet_soc_level(onet("Work Styles"), **{"Element ID": "1.C.4.b", "Scale ID": "IM"}))
    conditions = _by_soc(_onet_soc_level(onet("Work Values"), **{"Element ID": "1.B.2.b", "Scale ID": "EX"}))
    learning = _by_soc(_onet_soc_level(onet("Skills"), **{"Element Name": "Active Learning", "Scale ID": "IM"}))
    # Fast-changing technology (methods page): hot technologies in demand for the occupation, without those in
    # demand for more than 5 % of the O*NET occupations that list technology (the office tools)
    tech = _onet_soc_level(onet("Technology Skills"))
    rows = list(zip(tech["O*NET-SOC Code"], tech["Example"], tech["Hot Technology"], tech["In Demand"], strict=True))
    listing = {code[:7] for code, *_ in rows}
    in_demand_for: dict[str, set[str]] = defaultdict(set)
    for code, example, _hot, demand in rows:
        if str(demand).strip() == "Y":
            in_demand_for[example].add(code[:7])
    office_tools = {example for example, codes in in_demand_for.items() if len(codes) / len(listing) > 0.05}
    hot: dict[str, set[str]] = {code: set() for code in listing}
    for code, example, flag, demand in rows:
        if str(flag).strip() == "Y" and str(demand).strip() == "Y" and example not in office_tools:
            hot[code[:7]].add(example)
    hot_count = {code: len(examples) for code, examples in hot.items()}
    cuts = {
        "growth_p90": quantile([e["growth"] for e in ep.values()], 0.90),
        "openings_p90": quantile([e["openings"] for e in ep.values()], 0.90),
        "all_growth": ep_number(ep_table["1.2"]["00-0000"][EP_CHANGE_PCT]),  # EP's "Total, all occupations"
        "pay_p75": quantile(pay.values(), 0.75),
        "pay_p25": quantile(pay.values(), 0.25),
        "stress_p90": quantile(stress.values(), 0.90),
        "learning_p75": quantile(learning.values(), 0.75),
        "tech_p95": quantile(hot_count.values(), 0.95),
    }
    return {
        "ep": ep,
        "pay": pay,
        "stress": stress,
        "conditions": conditions,
        "learning": learning,
        "hot": hot_count,
        "cuts": cuts,
        "office_tools": office_tools,
    }


def expected_findings(p: dict, raw: dict) -> tuple[set[str], set[str]]:
    """The labels book/methods.md says apply to this profile, from the raw inputs."""
    cuts, mapping = raw["cuts"], p["code_mapping"]
    e = raw["ep"].get(mapping["ep_code"]) if mapping["ep_code"] else None
    pay = raw["pay"].get(mapping["oews_code"]) if mapping["oews_code"] else None
    onet_rated = mapping["kind"] == "detailed"
    code = p["soc_code"]
    stress = raw["stress"].get(code) if onet_rated else None
    learning = raw["learning"].get(code) if onet_rated else None
    hot = raw["hot"].get(code) if onet_rated else None
    prob = p["automation"]["probability"]
    strengths, challenges = set(), set()
    if e is not None:
        # the openings half needs EP's figures for the code itself: an aggregate's openings are several occupations'
        own = mapping["ep_code"] == code
        many_openings = own and e["openings"] is not None and e["openings"] >= cuts["openings_p90"]
        if e["growth"] is not None and (
            e["growth"] >= cuts["growth_p90"] or (many_openings and e["growth"] >= cuts["all_growth"])
        ):
            strengths.add("high_demand")
        if e["growth"] is not None and e["growth"] < 0:
            challenges.add("projected_decline")
        if e["education"] == DOCTORAL:
            challenges.add("long_preparation")
    if pay is not None:
        if pay >= cuts["pay_p75"]:
            strengths.add("high_pay")
        if pay <= cuts["pay_p25"]:
            challenges.add("low_pay")
    if prob is not None:
        if prob < 0.30:
            strengths.add("low_automation_risk")
        if prob >= 0.70:
            challenges.add("high_automation_risk")
    if learning is not None and learning >= cuts["learning_p75"]:
        strengths.add("continuous_learning")
    if stress is not None and stress >= cuts["stress_p90"]:
        challenges.add("high_stress")
    if hot is not None and hot > 0 and hot >= cuts["tech_p95"]:
        challenges.add("fast_changing_technology")
    return strengths, challenges


# ---------------------------------------------------------------------------------------------------
# thresholds


def test_thresholds_are_sensible_quantiles_of_the_raw_files(raw, ep_line_items):
    cuts = raw["cuts"]
    assert len(ep_line_items) == 832  # "the 832 EP line-item occupations" (methods page)
    assert cuts["pay_p25"] < cuts["pay_p75"]
    assert 0 < cuts["growth_p90"] < 50 and cuts["openings_p90"] > 0
    assert 1 <= cuts["stress_p90"] <= 5 and 1 <= cuts["learning_p75"] <= 5 and cuts["tech_p95"] >= 1


def test_thresholds_in_the_evidence_of_every_profile(all_profiles, raw):
    """Each finding states its cut: it must be the raw-file quantile, formatted as the book shows it."""
    cuts = raw["cuts"]
    expected_text = {
        "high_demand": [
            f"(top-decile cut {cuts['growth_p90']:+.1f}%)",
            f"(cut {cuts['openings_p90']:,.0f}, with growth at least all occupations' {cuts['all_growth']:+.1f}%)",
        ],
        "high_pay": [f"(75th-percentile cut ${cuts['pay_p75']:,.0f})"],
        "low_pay": [f"(25th-percentile cut ${cuts['pay_p25']:,.0f})"],
        "continuous_learning": [f"(cut {cuts['learning_p75']:.2f})"],
        "high_stress": [f"(cut {cuts['stress_p90']:.2f})"],
        "fast_changing_technology": [f"in demand in this occupation's job postings (cut {cuts['tech_p95']:.0f})"],
    }
    seen = set()
    for code, p in all_profiles.items():
        for item in p["strengths"] + p["challenges"]:
            for text in expected_text.get(item["id"], []):
                assert text in item["evidence"], f"{code} {item['id']}: {item['evidence']!r} lacks {text!r}"
            seen.add(item["id"])
    assert seen >= set(expected_text), f"no profile shows {set(expected_text) - seen}"


def test_thresholds_stored_by_the_build_equal_the_raw_quantiles(processed, raw):
    """The exact cut values, in the processed table that stores them (found by its columns, whatever its name)."""
    import pandas as pd
    import pyarrow.parquet as pq

    columns = [f"threshold_{name}" for name in raw["cuts"]]
    tables = [t for t in sorted(processed.glob("*.parquet")) if set(columns) <= set(pq.read_schema(t).names)]
    if not tables:
        pytest.fail(f"no table in {processed} has the columns {columns}: the exact thresholds can no longer be checked")
    stored = pd.read_parquet(tables[0], columns=columns)
    for name, value in raw["cuts"].items():
        column = stored[f"threshold_{name}"]
        assert column.nunique() == 1, name
        assert column.iloc[0] == pytest.approx(value, rel=1e-12, abs=1e-9), (
            f"{name}: build {column.iloc[0]}, raw {value}"
        )


# ---------------------------------------------------------------------------------------------------
# strengths and challenges


def _ids(items: list[dict]) -> set[str]:
    return {i["id"] for i in items}


@pytest.mark.parametrize("code", SPREAD)
def test_strengths_and_challenges_of_a_spread(code, profile, raw):
    p = profile(code)
    strengths, challenges = expected_findings(p, raw)
    assert (_ids(p["strengths"]), _ids(p["challenges"])) == (strengths, challenges)


def test_strengths_and_challenges_of_every_profile(all_profiles, raw):
    wrong = {}
    fired: dict[str, int] = defaultdict(int)
    for code, p in all_profiles.items():
        strengths, challenges = expected_findings(p, raw)
        got = (_ids(p["strengths"]), _ids(p["challenges"]))
        if got != (strengths, challenges):
            wrong[code] = {"extra": sorted((got[0] | got[1]) - (strengths | challenges)),
                           "missing": sorted((strengths | challenges) - (got[0] | got[1]))}  # fmt: skip
        for rule in strengths | challenges:
            fired[rule] += 1
    assert not wrong, f"{len(wrong)} profiles differ, e.g. {dict(list(wrong.items())[:8])}"
    # every rule fires somewhere and none fires everywhere: the comparison above is not vacuous
    assert set(fired) == {"high_demand", "high_pay", "low_automation_risk", "continuous_learning", "projected_decline",
                          "low_pay", "high_automation_risk", "high_stress", "fast_changing_technology", "long_preparation"}  # fmt: skip
    assert all(0 < n < len(all_profiles) for n in fired.values()), dict(fired)


def test_findings_are_in_the_right_list_with_their_evidence(all_profiles):
    kinds = {"strength": {"high_demand", "high_pay", "low_automation_risk", "continuous_learning"},
             "challenge": {"projected_decline", "low_pay", "high_automation_risk", "high_stress", "fast_changing_technology", "long_preparation"}}  # fmt: skip
    for code, p in all_profiles.items():
        assert _ids(p["strengths"]) <= kinds["strength"] and _ids(p["challenges"]) <= kinds["challenge"], code
        for item in p["strengths"] + p["challenges"]:
            assert item["label"] and item["rule"] and item["evidence"] and item["sources"], (code, item)


def test_automation_band_follows_the_published_cuts(all_profiles):
    for code, p in all_profiles.items():
        prob, band = p["automation"]["probability"], p["automation"]["band"]
        expected = None if prob is None else "low" if prob < 0.30 else "high" if prob >= 0.70 else "medium"
        assert band == expected, f"{code}: probability {prob}, band {band}"


# ---------------------------------------------------------------------------------------------------
# work-life balance


def wlb_unrounded(stress: float, conditions: float) -> float:
    """10 x (0.5 x (1 - (stress - 1) / 4) + 0.5 x (conditions - 1) / 6), from the methods page."""
    return 10 * (0.5 * (1 - (stress - 1) / 4) + 0.5 * (conditions - 1) / 6)


def test_work_life_balance_score_every_profile(all_profiles, raw):
    scored = 0
    for code, p in all_profiles.items():
        wlb = p["work_life_balance"]
        rated = p["code_mapping"]["kind"] == "detailed"
        stress = raw["stress"].get(code) if rated else None
        conditions = raw["conditions"].get(code) if rated else None
        inputs = {i["element_id"]: i["value"] for i in wlb["inputs"]}
        assert inputs == {"1.C.4.b": stress, "1.B.2.b": conditions}, code
        if stress is None or conditions is None:
            assert wlb["score"] is None and wlb["percentile"] is None and wlb["composite"] is None, code
            assert wlb["reason"], code
            continue
        scored += 1
        exact = wlb_unrounded(stress, conditions)
        # one decimal: within half a step of the exact composite (either way at an exact half)
        assert abs(wlb["composite"] - exact) <= 0.05 + 1e-9, (code, wlb["composite"], exact)
        # the score is the percentile on 0-10 (methods page)
        assert wlb["score"] == pytest.approx(wlb["percentile"] / 10), code
    assert scored > 500


def test_work_life_balance_percentile_among_occupations_with_both_inputs(all_profiles, raw):
    population = [p for p in all_profiles.values() if p["work_life_balance"]["score"] is not None]
    # the population is the O*NET occupations with both inputs (those in the book: 2018 SOC detailed codes)
    both = set(raw["stress"]) & set(raw["conditions"])
    assert {p["soc_code"] for p in population} == both & set(all_profiles)
    exact = {c: wlb_unrounded(raw["stress"][c], raw["conditions"][c]) for c in (p["soc_code"] for p in population)}
    n = len(exact)
    for p in population:
        mine = exact[p["soc_code"]]
        at_or_below = sum(1 for s in exact.values() if s <= mine + 1e-9)  # unrounded; ties share the higher rank
        assert p["work_life_balance"]["percentile"] == round(at_or_below / n * 100), (p["soc_code"], mine)
        assert p["work_life_balance"]["scored_count"] == n
    top = max(population, key=lambda p: exact[p["soc_code"]])
    assert top["work_life_balance"]["percentile"] == 100 and top["work_life_balance"]["score"] == 10
    # the scale reads true: the median occupation scores 5, the whole 0-10 range is used (the composite alone
    # ran 1.4-6.2, median 3.7: "4.8 / 10" was the 89th percentile)
    scores = sorted(p["work_life_balance"]["score"] for p in population)
    assert scores[n // 2] == pytest.approx(5.0, abs=0.2) and scores[0] <= 0.1
    # face validity (methods page): the order of the raw composite, on a scale that says where it stands
    by_code = {p["soc_code"]: p["work_life_balance"] for p in population}
    assert by_code["11-9111"]["composite"] == 4.8 and by_code["11-9111"]["score"] == 8.9
    assert by_code["41-2031"]["score"] < 2 < 8 < by_code["19-2012"]["score"]


def test_work_life_balance_spread_values(profile, raw):
    p = profile("11-9111")
    exact = wlb_unrounded(raw["stress"]["11-9111"], raw["conditions"]["11-9111"])
    assert abs(p["work_life_balance"]["composite"] - exact) <= 0.05 + 1e-9
    assert profile("21-1018")["work_life_balance"]["score"] is None  # aggregate: O*NET rates detailed codes only


# ---------------------------------------------------------------------------------------------------
# comparisons: all occupations, major group, related occupations


def _median(oews_db, code: str | None) -> float | None:
    if not code:
        return None
    cell = oews_db.national(code)
    return None if cell is None else oews_number(cell["v13"])


def test_comparisons_all_and_major_group_medians(all_profiles, oews_db):
    all_median = _median(oews_db, "00-0000")
    assert all_median is not None and all_median > 0
    for code, p in all_profiles.items():
        c = p["comparisons"]
        major = f"{code[:2]}-0000"
        assert c["all_occupations_annual_median_wage_usd"] == all_median, code
        assert c["major_group_code"] == major, code
        assert c["major_group_annual_median_wage_usd"] == _median(oews_db, major), code
        assert c["annual_median_wage_usd"] == _median(oews_db, p["code_mapping"]["oews_code"]), code


def _top_coded(oews_db, oews_code: str | None) -> bool:
    """OEWS footnote 5 on the national annual median (the value withheld, the top code its bound)."""
    cell = oews_db.national(oews_code) if oews_code else None
    return cell is not None and cell["f13"] == "5"


def expected_related(code: str, onet_related, all_profiles, oews_db) -> list[dict]:
    rows = onet_related[
        (onet_related["O*NET-SOC Code"] == f"{code}.00") & (onet_related["Relatedness Tier"] == "Primary-Short")
    ]
    out: dict[str, dict] = {}
    for _, r in rows.sort_values("Index", kind="mergesort").iterrows():
        rel = r["Related O*NET-SOC Code"][:7]
        if rel == code or rel in out:
            continue
        in_book = all_profiles.get(rel)
        out[rel] = {
            "soc_code": rel,
            "title": in_book["title"] if in_book else r["Related Title"],
            "annual_median_wage_usd": _median(oews_db, in_book["code_mapping"]["oews_code"]) if in_book else None,
            "annual_median_wage_top_coded": _top_coded(
                oews_db, in_book["code_mapping"]["oews_code"] if in_book else None
            ),
        }
    return list(out.values())[:5]


@pytest.mark.parametrize("code", [c for c in SPREAD if c not in ("21-1018", "29-2010")])
def test_related_occupation_comparisons(code, profile, all_profiles, onet, oews_db):
    expected = expected_related(code, onet("Related Occupations"), all_profiles, oews_db)
    assert profile(code)["comparisons"]["related"] == expected


def test_related_occupation_comparisons_every_profile(all_profiles, onet, oews_db):
    related = onet("Related Occupations")
    wrong = [code for code, p in all_profiles.items()
             if p["comparisons"]["related"] != expected_related(code, related, all_profiles, oews_db)]  # fmt: skip
    assert not wrong, f"{len(wrong)} profiles differ: {wrong[:10]}"
    assert sum(bool(p["comparisons"]["related"]) for p in all_profiles.values()) > 700


# ---------------------------------------------------------------------------------------------------
# regional outlook: Projections Central states summed into Census regions


@pytest.fixture(scope="module")
def pc_states(pc_rows) -> dict[str, dict[str, tuple[int, int]]]:
    """{SOC code: {state name: (2020 employment, 2030 employment)}} of the 50 states and DC."""
    out: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for r in pc_rows:
        name = r["areaname"].strip()
        if r["stfips"].strip() != "0":
            assert name not in out[r["code"].strip()], (name, r["code"])
            out[r["code"].strip()][name] = (int(r["base"]), int(r["proj"]))
    return out


def expected_regions(states: dict[str, tuple[int, int]]) -> list[dict]:
    regions = []
    for region, names in CENSUS_REGIONS.items():
        have = [states[n] for n in names if n in states]
        if not have:
            continue
        base, proj = sum(b for b, _ in have), sum(p for _, p in have)
        regions.append({"region": region, "states_published": len(have), "states_in_region": len(names),
                        "states_not_published": sorted(n for n in names if n not in states),
                        "employment_2020": base, "employment_2030": proj,
                        "change_percent": round(100 * (proj / base - 1), 1) if base else None})  # fmt: skip
    return regions


def test_census_regions_cover_the_50_states_and_dc_once():
    names = [n for ns in CENSUS_REGIONS.values() for n in ns]
    assert len(names) == len(set(names)) == 51


@pytest.mark.parametrize("code", ["11-9111", "29-1141", "27-2011", "47-2061", "43-9021"])
def test_regional_sums_of_a_spread(code, profile, pc_states):
    regional = profile(code)["regional_outlook"]
    assert regional["regions"] == expected_regions(pc_states[code])
    assert {s["area"]: (s["employment_2020"], s["employment_2030"]) for s in regional["states"]} == pc_states[code]


def test_regional_sums_every_profile(all_profiles, pc_states):
    wrong, with_regions = [], 0
    for code, p in all_profiles.items():
        regional = p["regional_outlook"]
        # the file's rows of the code the outlook is published under (an aggregate that includes the
        # occupation when the file has none of its own: tests/test_held_data.py)
        states = pc_states.get(regional["published_code"] or code, {})
        if regional["regions"] != expected_regions(states):
            wrong.append(code)
        with_regions += bool(regional["regions"])
        # a state that does not publish the occupation is left out, never counted as zero
        assert sum(r["states_published"] for r in regional["regions"]) == sum(
            n in states for ns in CENSUS_REGIONS.values() for n in ns
        )
    assert not wrong, f"{len(wrong)} profiles differ: {wrong[:10]}"
    assert with_regions > 850
