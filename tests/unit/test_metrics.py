"""metrics.py: every rule at, below and above its cut; automation bands; the metric inputs, the work-life
balance score and its percentile, and the thresholds, on a tiny core made here.

The expected values are written from book/methods.md, not from the constants in metrics.py: a changed
constant must fail here (and be changed on the methods page too).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from occprofiles import metrics
from occprofiles.metrics import automation_band, build_metric_inputs, evaluate_rules

CUTS = {"growth_p90": 10.0, "openings_p90": 5000.0, "all_growth": 3.0, "pay_p75": 80000.0, "pay_p25": 40000.0,
        "stress_p90": 4.2, "learning_p75": 3.75, "tech_p95": 12.0}  # fmt: skip
NEUTRAL = {  # fires no rule
    "employment_change_percent": 2.0, "annual_openings_count": 1000.0, "annual_median_wage_usd": 60000.0,
    "computerisation_probability": 0.5, "active_learning_importance": 3.0, "stress_tolerance_importance": 3.0,
    "hot_in_demand_technology_count": 5.0, "typical_entry_education": "Bachelor's degree",
}  # fmt: skip


def fired(**changes) -> set[str]:
    row = pd.Series({**NEUTRAL, **{f"threshold_{k}": v for k, v in CUTS.items()}, **changes})
    strengths, challenges = evaluate_rules(row)
    assert all(s["id"] in STRENGTHS for s in strengths) and all(c["id"] in CHALLENGES for c in challenges)
    return {item["id"] for item in strengths + challenges}


STRENGTHS = {"high_demand", "high_pay", "low_automation_risk", "continuous_learning"}
CHALLENGES = {
    "projected_decline",
    "low_pay",
    "high_automation_risk",
    "high_stress",
    "fast_changing_technology",
    "long_preparation",
}
EPS = 1e-6


def test_a_neutral_occupation_fires_nothing():
    assert fired() == set()


@pytest.mark.parametrize(
    "changes,expected",
    [
        # high demand: growth at or above the top-decile cut, OR openings at or above theirs with growth at
        # least all occupations' growth (3.0 here)
        ({"employment_change_percent": 10.0}, {"high_demand"}),
        ({"employment_change_percent": 10.0 - EPS}, set()),
        ({"employment_change_percent": 10.0 + EPS}, {"high_demand"}),
        ({"annual_openings_count": 5000.0, "employment_change_percent": 3.0}, {"high_demand"}),
        ({"annual_openings_count": 4999.0, "employment_change_percent": 3.0}, set()),
        ({"annual_openings_count": 5001.0, "employment_change_percent": 3.0}, {"high_demand"}),
        ({"annual_openings_count": 5000.0, "employment_change_percent": 3.0 - EPS}, set()),
        ({"annual_openings_count": 5000.0}, set()),  # growth 2.0: slower than all occupations
        # many openings in a declining occupation: turnover, not demand (41-2031 Retail salespersons)
        ({"annual_openings_count": 555_800.0, "employment_change_percent": -0.5}, {"projected_decline"}),
        # an aggregate's openings are not a detailed code's own (13-1021 within 13-1020's 52,200 a year) ...
        (
            {
                "annual_openings_count": 52_200.0,
                "employment_change_percent": 5.8,
                "soc_code": "13-1021",
                "ep_code": "13-1020",
            },
            set(),
        ),
        (
            {
                "annual_openings_count": 52_200.0,
                "employment_change_percent": 5.8,
                "soc_code": "13-1020",
                "ep_code": "13-1020",
            },
            {"high_demand"},
        ),
        # ... but its growth rate still counts, said to be the aggregate's
        ({"employment_change_percent": 16.8, "soc_code": "21-1011", "ep_code": "21-1018"}, {"high_demand"}),
        # projected decline: change below 0 %
        ({"employment_change_percent": 0.0}, set()),
        ({"employment_change_percent": -0.1}, {"projected_decline"}),
        ({"employment_change_percent": 0.1}, set()),
        # pay: at or above the 75th percentile / at or below the 25th
        ({"annual_median_wage_usd": 80000.0}, {"high_pay"}),
        ({"annual_median_wage_usd": 79999.0}, set()),
        ({"annual_median_wage_usd": 80001.0}, {"high_pay"}),
        ({"annual_median_wage_usd": 40000.0}, {"low_pay"}),
        ({"annual_median_wage_usd": 40001.0}, set()),
        ({"annual_median_wage_usd": 39999.0}, {"low_pay"}),
        # automation: below 0.30 low, 0.70 or more high
        ({"computerisation_probability": 0.30}, set()),
        ({"computerisation_probability": 0.2999}, {"low_automation_risk"}),
        ({"computerisation_probability": 0.3001}, set()),
        ({"computerisation_probability": 0.70}, {"high_automation_risk"}),
        ({"computerisation_probability": 0.6999}, set()),
        ({"computerisation_probability": 0.7001}, {"high_automation_risk"}),
        # O*NET: learning at or above the 75th percentile, stress and hot technologies in the top decile
        ({"active_learning_importance": 3.75}, {"continuous_learning"}),
        ({"active_learning_importance": 3.75 - EPS}, set()),
        ({"active_learning_importance": 3.75 + EPS}, {"continuous_learning"}),
        ({"stress_tolerance_importance": 4.2}, {"high_stress"}),
        ({"stress_tolerance_importance": 4.2 - EPS}, set()),
        ({"stress_tolerance_importance": 4.2 + EPS}, {"high_stress"}),
        ({"hot_in_demand_technology_count": 12.0}, {"fast_changing_technology"}),
        ({"hot_in_demand_technology_count": 11.0}, set()),
        ({"hot_in_demand_technology_count": 13.0}, {"fast_changing_technology"}),
        # education: exactly the doctoral/professional category
        ({"typical_entry_education": "Doctoral or professional degree"}, {"long_preparation"}),
        ({"typical_entry_education": "Master's degree"}, set()),
        ({"typical_entry_education": None}, set()),
    ],
)
def test_each_rule_at_and_either_side_of_its_cut(changes, expected):
    assert fired(**changes) == expected


def test_no_hot_technology_is_never_fast_changing_even_with_a_zero_cut():
    row_changes = {"hot_in_demand_technology_count": 0.0}
    assert fired(**row_changes) == set()
    row = pd.Series(
        {
            **NEUTRAL,
            **{f"threshold_{k}": v for k, v in CUTS.items()},
            "threshold_tech_p95": 0.0,
            "hot_in_demand_technology_count": 0.0,
        }
    )
    assert evaluate_rules(row) == ([], [])
    row["hot_in_demand_technology_count"] = 1.0
    assert [c["id"] for c in evaluate_rules(row)[1]] == ["fast_changing_technology"]


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
@pytest.mark.parametrize(
    "key,value",
    [("annual_median_wage_usd", 100000.0), ("computerisation_probability", 0.1), ("active_learning_importance", 4.5),
     ("stress_tolerance_importance", 4.9), ("hot_in_demand_technology_count", 30.0), ("employment_change_percent", -5.0)],
)  # fmt: skip
def test_a_missing_input_fires_nothing(key, value, missing):
    assert fired(**{key: value}) != set()  # the value alone would fire ...
    assert fired(**{key: missing}) == set()  # ... a missing value never does


@pytest.mark.parametrize(
    "changes,expected",
    [({"employment_change_percent": -2.0, "annual_openings_count": None}, {"projected_decline"}),
     ({"employment_change_percent": 12.0, "annual_openings_count": None}, {"high_demand"}),
     ({"employment_change_percent": None, "annual_openings_count": 6000.0}, set()),  # growth unknown: no demand
     ({"employment_change_percent": None, "annual_openings_count": None}, set())],
)  # fmt: skip
def test_demand_and_decline_do_not_need_the_other_ep_figure(changes, expected):
    # methods page: growth in the top decile (openings need growth too); decline is "employment change below 0%"
    assert fired(**changes) == expected


def test_demand_evidence_names_a_figure_ep_does_not_publish():
    row = pd.Series(
        {
            **NEUTRAL,
            **{f"threshold_{k}": v for k, v in CUTS.items()},
            "employment_change_percent": 12.0,
            "annual_openings_count": None,
        }
    )
    assert (
        evaluate_rules(row)[0][0]["evidence"]
        == "growth +12.0% (top-decile cut +10.0%), openings not published (cut 5,000, with growth at least all occupations' +3.0%)"
    )


def test_several_rules_together_in_rule_order_with_evidence():
    row = pd.Series({**NEUTRAL, **{f"threshold_{k}": v for k, v in CUTS.items()},
                     "employment_change_percent": -4.2, "annual_openings_count": 6100.0, "annual_median_wage_usd": 250000.0,
                     "computerisation_probability": 0.0073, "typical_entry_education": "Doctoral or professional degree"})  # fmt: skip
    strengths, challenges = evaluate_rules(row)
    # many openings but a decline: no "High demand" beside "Projected decline"
    assert [s["id"] for s in strengths] == ["high_pay", "low_automation_risk"]
    assert [c["id"] for c in challenges] == ["projected_decline", "long_preparation"]
    row["employment_change_percent"] = 4.2
    demand = evaluate_rules(row)[0][0]
    assert demand["label"] == "High demand" and demand["sources"] == ["bls_ep"]
    assert demand["evidence"] == (
        "growth +4.2% (top-decile cut +10.0%), 6,100 openings a year (cut 5,000, with growth at least all occupations' +3.0%)"
    )
    assert strengths[0]["evidence"] == "median $250,000 (75th-percentile cut $80,000)"
    assert strengths[1]["evidence"] == "probability 0.7%"
    assert challenges[0]["evidence"] == "employment change 2024–34 \u22124.2%"
    assert challenges[1]["evidence"] == "typical entry education: Doctoral or professional degree"
    assert {r.id: r.kind for r in metrics.RULES} == {
        **{s: "strength" for s in STRENGTHS},
        **{c: "challenge" for c in CHALLENGES},
    }


@pytest.mark.parametrize(
    "probability,band",
    [(None, None), (0.0, "low"), (0.2999, "low"), (0.30, "medium"), (0.3001, "medium"), (0.6999, "medium"),
     (0.70, "high"), (0.7001, "high"), (1.0, "high")],
)  # fmt: skip
def test_automation_band(probability, band):
    assert automation_band(probability) == band


def test_published_constants_match_the_methods_page():
    assert (metrics.AUTOMATION_LOW_BELOW, metrics.AUTOMATION_HIGH_FROM) == (0.30, 0.70)
    assert metrics.DEMAND_TOP_SHARE == metrics.STRESS_TOP_SHARE == 0.10
    assert metrics.TECH_TOP_SHARE == metrics.GENERIC_TECH_SHARE == 0.05
    assert (metrics.PAY_HIGH_QUANTILE, metrics.PAY_LOW_QUANTILE, metrics.LEARNING_QUANTILE) == (0.75, 0.25, 0.75)
    assert [(k, eid, lo, hi, d, w) for k, _f, eid, _n, lo, hi, d, w in metrics.WLB_INPUTS] == [
        ("stress_tolerance_importance", "1.C.4.b", 1.0, 5.0, -1, 0.5),
        ("working_conditions_extent", "1.B.2.b", 1.0, 7.0, +1, 0.5),
    ]


# ---------------------------------------------------------------------------------------------------
# build_metric_inputs on a tiny core

A, B, C, D, E, G = "11-1011", "11-1021", "11-2011", "11-2021", "11-2022", "11-2030"
FILLER = [f"19-10{i:02d}" for i in range(30)]  # O*NET occupations outside this tiny book that list technology


def linear_quantile(values: list[float], q: float) -> float:
    """The usual linear-interpolation quantile, written out (h = (n - 1) q)."""
    xs = sorted(v for v in values if v is not None and not math.isnan(v))
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    return xs[lo] + (h - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])


def onet_rows(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["onet_soc_code", *columns])
    df.insert(0, "soc_code", df["onet_soc_code"].str[:7])
    return df


@pytest.fixture(scope="module")
def tiny_core() -> dict[str, pd.DataFrame]:
    universe = pd.DataFrame(
        [(A, A, A, "detailed"), (B, B, B, "detailed"), (C, C, C, "detailed"), (D, None, D, "detailed"), (E, G, E, "detailed"),
         ("11-2031", G, G, "detailed"), (G, G, G, "aggregate")],
        columns=["soc_code", "oews_code", "ep_code", "code_kind"],
    )  # fmt: skip
    national = pd.DataFrame(
        [("00-0000", 0, 45000.0), ("11-0000", 0, 500000.0), (A, 3, 100000.0), (B, 3, 30000.0), (C, 3, 50000.0),
         (D, 3, float("nan")), (G, 3, 60000.0), ("11-9999", 3, 70000.0)],
        columns=["oews_code", "oews_level", "annual_median_wage_usd"],
    )  # fmt: skip
    ep = pd.DataFrame(
        [("00-0000", "Summary", 3.1, 10**7, None), ("11-0000", "Summary", 99.0, 10**6, None), (A, "Line item", 25.0, 9000, "Doctoral or professional degree"),
         (B, "Line item", -3.0, 100, "High school diploma or equivalent"), (C, "Line item", 0.0, 2000, "Bachelor's degree"),
         (D, "Line item", 5.0, None, "Bachelor's degree"), (E, "Line item", 10.0, 3000, "Master's degree"),
         (G, "Line item", 2.0, 400, "Bachelor's degree")],
        columns=["ep_code", "ep_occupation_type", "employment_change_percent", "annual_openings_count", "typical_entry_education"],
    )  # fmt: skip
    ep["annual_openings_count"] = ep["annual_openings_count"].astype("Int64")
    styles = onet_rows([(f"{A}.00", "1.C.4.b", 5.0), (f"{A}.01", "1.C.4.b", 1.0), (f"{B}.00", "1.C.4.b", 1.0), (f"{C}.00", "1.C.4.b", 3.0),
                        (f"{E}.00", "1.C.4.b", 5.0), (f"{G}.00", "1.C.4.b", 2.0), (f"{D}.00", "1.C.1.a", 4.0)],
                       ["element_id", "importance"])  # fmt: skip
    values = onet_rows([(f"{A}.00", "1.B.2.b", 7.0), (f"{B}.00", "1.B.2.b", 7.0), (f"{C}.00", "1.B.2.b", 1.0), (f"{D}.00", "1.B.2.b", 4.0),
                        (f"{E}.00", "1.B.2.b", 7.0), (f"{C}.00", "1.B.2.a", 6.0)], ["element_id", "extent"])  # fmt: skip
    skills = onet_rows([(f"{A}.00", "Active Learning", 4.0), (f"{B}.00", "Active Learning", 2.0), (f"{C}.00", "Active Learning", 3.0),
                        (f"{E}.00", "Active Learning", 3.5), (f"{A}.00", "Reading Comprehension", 5.0)],
                       ["element_name", "importance"])  # fmt: skip
    # (example, hot, in demand for this occupation); Excel is in demand for A and B: 2 of the 33 occupations
    # listing technology (> 5 %), a general office tool; the 30 FILLER occupations list only Notepad
    tech = onet_rows([(f"{A}.00", "Excel", True, True), (f"{A}.00", "Excel", True, True), (f"{A}.00", "SAP", True, True),
                      (f"{A}.00", "Epic", True, True), (f"{A}.00", "AutoCAD", True, False), (f"{A}.00", "Notepad", False, False),
                      (f"{A}.01", "Oracle", True, True), (f"{B}.00", "Notepad", False, False), (f"{B}.00", "Excel", True, True),
                      (f"{D}.00", "Python", True, True)] + [(f"{f}.00", "Notepad", False, False) for f in FILLER],
                     ["example", "hot_technology", "in_demand"])  # fmt: skip
    occupation = onet_rows([(f"{c}.00",) for c in (A, B, C, D, E, *FILLER)] + [(f"{A}.01",)], [])
    automation = pd.DataFrame(
        {
            "soc_code": [A, B, C, D, E, "11-2031", G],
            "computerisation_probability": [0.1, 0.8, None, 0.3, 0.5, 0.6, None],
        }
    )
    return {
        "core_occprofiles__occupations": universe, "core_oews__national_wages": national, "core_bls_ep__projections": ep,
        "core_onet__work_styles": styles, "core_onet__work_values": values, "core_onet__skills": skills,
        "core_onet__technology_skills": tech, "core_onet__occupation": occupation, "core_occprofiles__automation_risk": automation,
    }  # fmt: skip


@pytest.fixture(scope="module")
def inputs(tiny_core) -> pd.DataFrame:
    return build_metric_inputs(tiny_core).set_index("soc_code")


def test_inputs_come_from_the_published_code_of_each_source(inputs):
    assert (
        inputs.loc[A, "annual_median_wage_usd"] == 100000.0 and inputs.loc[E, "annual_median_wage_usd"] == 60000.0
    )  # via G
    assert math.isnan(inputs.loc[D, "annual_median_wage_usd"])  # OEWS does not publish D
    assert inputs.loc["11-2031", "employment_change_percent"] == 2.0  # EP publishes it within G
    assert pd.isna(inputs.loc[D, "annual_openings_count"]) and inputs.loc[A, "annual_openings_count"] == 9000
    assert inputs.loc[A, "typical_entry_education"] == "Doctoral or professional degree"
    assert inputs.loc[B, "computerisation_probability"] == 0.8 and math.isnan(
        inputs.loc[C, "computerisation_probability"]
    )


def test_onet_inputs_use_the_soc_level_record_and_are_null_for_aggregates(inputs):
    assert inputs.loc[A, "stress_tolerance_importance"] == 5.0  # not the .01 specialty's 1.0
    assert inputs.loc[A, "active_learning_importance"] == 4.0
    assert pd.isna(inputs.loc[D, "stress_tolerance_importance"])  # D has another work style only
    for col in (
        "stress_tolerance_importance",
        "working_conditions_extent",
        "active_learning_importance",
        "hot_in_demand_technology_count",
    ):
        assert pd.isna(inputs.loc[G, col]), col  # O*NET rates detailed codes only (G's .00 row is ignored)


def test_hot_technologies_are_distinct_and_zero_only_when_technology_is_listed(inputs):
    # SAP, Epic: not Excel (in demand for 2 of 33 occupations: an office tool), not AutoCAD (hot, but not in demand
    # for A), not the .01 specialty's Oracle
    assert inputs.loc[A, "hot_in_demand_technology_count"] == 2
    assert inputs.loc[B, "hot_in_demand_technology_count"] == 0  # technology listed, only an office tool in demand
    assert pd.isna(inputs.loc[C, "hot_in_demand_technology_count"])  # no technology listed: unknown, not zero
    assert inputs.loc[D, "hot_in_demand_technology_count"] == 1


def test_work_life_balance_score(inputs):
    # composite: 10 x (0.5 x (1 - (stress - 1) / 4) + 0.5 x (conditions - 1) / 6), one decimal
    composite = {A: 5.0, B: 10.0, C: 2.5, E: 5.0}
    # score: the percentile (share at or below, ties share the higher rank) / 10
    score = {A: 7.5, B: 10.0, C: 2.5, E: 7.5}
    for code in composite:
        assert inputs.loc[code, "work_life_balance_composite"] == composite[code], code
        assert inputs.loc[code, "work_life_balance_score"] == score[code], code
        assert inputs.loc[code, "work_life_balance_scored_count"] == 4, code
    for code in (D, G):
        assert pd.isna(inputs.loc[code, "work_life_balance_score"])
        assert pd.isna(inputs.loc[code, "work_life_balance_composite"])


def test_work_life_balance_score_rounds_to_one_decimal():
    core = {"stress": 4.02, "conditions": 5.5}
    raw = 10 * (0.5 * (1 - (core["stress"] - 1) / 4) + 0.5 * (core["conditions"] - 1) / 6)
    row = pd.DataFrame(
        {"stress_tolerance_importance": [core["stress"]], "working_conditions_extent": [core["conditions"]]}
    )
    score = 0.0
    for key, _f, _e, _n, lo, hi, direction, weight in metrics.WLB_INPUTS:
        scaled = (row[key] - lo) / (hi - lo)
        score = score + weight * (scaled if direction > 0 else 1 - scaled)
    assert round(float(10 * score.iloc[0]), 1) == round(raw, 1) == 5.0


def test_work_life_balance_percentile_ties_take_the_highest_rank(inputs):
    # scored: C 2.5, A 5.0, E 5.0, B 10.0 -> C 25, A and E 75 (ties share the higher rank), B 100
    assert {c: inputs.loc[c, "work_life_balance_percentile"] for c in (A, B, C, E)} == {
        A: 75.0,
        B: 100.0,
        C: 25.0,
        E: 75.0,
    }
    assert pd.isna(inputs.loc[D, "work_life_balance_percentile"])


def test_thresholds_are_quantiles_over_the_distinct_published_occupations(inputs):
    line_item_growth = [25.0, -3.0, 0.0, 5.0, 10.0, 2.0]  # the Summary row's 99 % is not an occupation
    detailed_pay = [100000.0, 30000.0, 50000.0, 60000.0, 70000.0]  # level 3 only, D unpublished
    expected = {
        "growth_p90": linear_quantile(line_item_growth, 0.9),
        "all_growth": 3.1,  # EP's total row (00-0000), not a quantile
        "openings_p90": linear_quantile([9000, 100, 2000, 3000, 400], 0.9),
        "pay_p75": linear_quantile(detailed_pay, 0.75),
        "pay_p25": linear_quantile(detailed_pay, 0.25),
        "stress_p90": linear_quantile(
            [5.0, 1.0, 3.0, 5.0, 2.0], 0.9
        ),  # O*NET .00 records (G's too: it is an O*NET occupation)
        "learning_p75": linear_quantile([4.0, 2.0, 3.0, 3.5], 0.75),
        "tech_p95": linear_quantile([2, 0, 1] + [0] * len(FILLER), 0.95),
    }
    assert expected["growth_p90"] == 17.5 and expected["pay_p75"] == 70000.0 and expected["pay_p25"] == 50000.0
    for name, value in expected.items():
        assert inputs[f"threshold_{name}"].nunique() == 1, name
        assert inputs[f"threshold_{name}"].iloc[0] == pytest.approx(value), name


def test_rules_on_the_built_inputs(inputs):
    def ids(code: str) -> set[str]:
        strengths, challenges = evaluate_rules(inputs.loc[code])
        return {i["id"] for i in strengths + challenges}

    assert ids(A) == {
        "high_demand",
        "high_pay",
        "low_automation_risk",
        "continuous_learning",
        "high_stress",
        "fast_changing_technology",
        "long_preparation",
    }
    assert ids(B) == {"projected_decline", "low_pay", "high_automation_risk"}
    assert ids(C) == {"low_pay"}  # at the 25th-percentile cut exactly
