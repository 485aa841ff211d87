"""The pure transforms of the build (core universe, Frey–Osborne code expansion and crosswalk) on tiny tables.

Imported by name: if the build is reorganised these imports move with it.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from occprofiles.build import build_core_automation, build_core_universe, expand_frey_osborne_codes

# ---------------------------------------------------------------------------------------------------
# core universe: SOC detailed codes + the aggregates OEWS/EP publish instead of some of them

SOC = pd.DataFrame(
    [
        ("21-0000", "major", "Community and Social Service Occupations", None),
        ("21-1010", "broad", "Counselors", None),
        ("21-1011", "detailed", "Substance Abuse Counselors", "Counsel and advise."),
        ("21-1012", "detailed", "Educational Counselors", "Advise students."),
        ("21-1014", "detailed", "Mental Health Counselors", "Counsel with emphasis on prevention."),
        ("29-0000", "major", "Healthcare Practitioners", None),
        ("29-2010", "broad", "Clinical Laboratory Technologists and Technicians", None),
        ("29-2011", "detailed", "Medical and Clinical Laboratory Technologists", "Perform tests."),
        ("29-2012", "detailed", "Medical and Clinical Laboratory Technicians", "Perform routine tests."),
        ("29-9999", "detailed", "Healthcare Practitioners, All Other", None),
    ],
    columns=["soc_code", "soc_level", "soc_title", "soc_definition"],
)
OEWS_OCC = pd.DataFrame(
    [("21-0000", "Community and Social Service Occupations", 0), ("21-1012", "Educational Counselors", 3),
     ("21-1018", "Substance Abuse and Mental Health Counselors", 3), ("29-2011", "Med Lab Technologists", 3),
     ("29-2012", "Med Lab Technicians", 3)],
    columns=["oews_code", "oews_title", "oews_level"],
)  # fmt: skip
EP = pd.DataFrame(
    [("21-1011", "Substance abuse counselors", "Line item"), ("21-1012", "Educational counselors", "Line item"),
     ("21-1014", "Mental health counselors", "Line item"), ("29-2010", "Clinical laboratory technologists and technicians", "Line item"),
     ("29-0000", "Healthcare", "Summary")],
    columns=["ep_code", "ep_title", "ep_occupation_type"],
)  # fmt: skip


@pytest.fixture(scope="module")
def universe() -> pd.DataFrame:
    return build_core_universe(SOC, OEWS_OCC, EP).set_index("soc_code")


def test_universe_is_detailed_codes_plus_aggregates_sorted(universe):
    assert list(universe.index) == [
        "21-1011",
        "21-1012",
        "21-1014",
        "21-1018",
        "29-2010",
        "29-2011",
        "29-2012",
        "29-9999",
    ]
    assert universe.loc["21-1018", "code_kind"] == "aggregate" and universe.loc["29-2010", "code_kind"] == "aggregate"
    assert (universe.loc[["21-1011", "29-9999"], "code_kind"] == "detailed").all()


def test_detailed_codes_point_to_what_each_source_publishes(universe):
    # OEWS publishes 21-1011 and 21-1014 only within 21-1018; EP publishes them on their own.
    assert tuple(universe.loc["21-1011", ["oews_code", "ep_code"]]) == ("21-1018", "21-1011")
    assert tuple(universe.loc["21-1012", ["oews_code", "ep_code"]]) == ("21-1012", "21-1012")
    assert tuple(universe.loc["29-2011", ["oews_code", "ep_code"]]) == ("29-2011", "29-2010")
    assert pd.isna(universe.loc["29-9999", "oews_code"]) and pd.isna(
        universe.loc["29-9999", "ep_code"]
    )  # no source: null
    assert universe.loc["21-1011", "covers"] == ""


def test_aggregates_list_what_they_cover_and_take_the_source_title(universe):
    agg = universe.loc["21-1018"]
    assert agg["covers"] == "21-1011,21-1014"
    assert agg["oews_code"] == "21-1018" and pd.isna(agg["ep_code"])
    assert agg["title"] == "Substance Abuse and Mental Health Counselors" and pd.isna(agg["soc_definition"])
    ep_agg = universe.loc["29-2010"]
    assert ep_agg["covers"] == "29-2011,29-2012" and pd.isna(ep_agg["oews_code"]) and ep_agg["ep_code"] == "29-2010"
    assert ep_agg["title"] == "Clinical laboratory technologists and technicians"


def test_groups_and_titles(universe):
    r = universe.loc["21-1014"]
    assert (r["major_group_code"], r["major_group_title"]) == ("21-0000", "Community and Social Service Occupations")
    assert (r["broad_group_code"], r["broad_group_title"]) == ("21-1010", "Counselors")
    assert r["title"] == "Mental Health Counselors" and r["soc_definition"] == "Counsel with emphasis on prevention."


def test_an_aggregate_covering_fewer_than_two_codes_is_an_error():
    oews = pd.concat([OEWS_OCC, pd.DataFrame([("21-1012", "x", 3)], columns=OEWS_OCC.columns)]).drop_duplicates(
        "oews_code"
    )
    oews = oews[oews["oews_code"] != "21-1018"]
    one_left = pd.concat(
        [oews, pd.DataFrame([("21-1011", "x", 3), ("21-1019", "Counselors, all", 3)], columns=OEWS_OCC.columns)]
    )
    with pytest.raises(ValueError, match="21-1019 covers \\['21-1014'\\]"):
        build_core_universe(SOC, one_left, EP)


# ---------------------------------------------------------------------------------------------------
# Frey–Osborne: codes that are not SOC 2010, then the 2010 -> 2018 crosswalk


def fo_table(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"soc_2010_code": c, "fo_title": t, "rank": i + 1, "computerisation_probability": p, "training_label": pd.NA}
         for i, (c, t, p) in enumerate(rows)]
    )  # fmt: skip


def crosswalk(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["soc_2010_code", "soc_2018_code"])


def test_expand_aggregate_codes_only_where_no_own_probability():
    fo = fo_table(("29-1060", "Physicians and surgeons", 0.0042), ("29-1062", "Family physicians", 0.0045),
                  ("25-1000", "Postsecondary teachers", 0.032))  # fmt: skip
    cw = crosswalk(
        ("29-1061", "29-1211"),
        ("29-1062", "29-1215"),
        ("29-1063", "29-1216"),
        ("25-1011", "25-1011"),
        ("25-1022", "25-1022"),
        ("25-2011", "25-2011"),
    )
    mapping = {"29-1060": {"soc_2010": ["29-1061", "29-1062", "29-1063"]}, "25-1000": {"soc_2010_prefix": "25-1"}}
    out = expand_frey_osborne_codes(fo, cw, mapping)
    by = {r.soc_2010_code: (r.computerisation_probability, r.via_code) for r in out.itertuples()}
    assert by == {
        "29-1062": (0.0045, None),  # its own probability wins
        "29-1061": (0.0042, "29-1060"), "29-1063": (0.0042, "29-1060"),
        "25-1011": (0.032, "25-1000"), "25-1022": (0.032, "25-1000"),  # prefix: every 25-1 code, not 25-2011
    }  # fmt: skip


def test_expand_rejects_undeclared_and_unknown_codes():
    cw = crosswalk(("29-1061", "29-1211"))
    with pytest.raises(ValueError, match="29-1060 is neither SOC 2010 nor in"):
        expand_frey_osborne_codes(fo_table(("29-1060", "Physicians", 0.1)), cw, {})
    with pytest.raises(ValueError, match=r"29-1060 maps to codes not in SOC 2010: \['29-1099'\]"):
        expand_frey_osborne_codes(fo_table(("29-1060", "Physicians", 0.1)), cw, {"29-1060": {"soc_2010": ["29-1099"]}})


@pytest.fixture(scope="module")
def automation() -> dict[str, dict]:
    fo = fo_table(
        ("11-1011", "Chief executives", 0.015),
        ("15-1134", "Web developers", 0.21),
        ("51-4061", "Model makers, metal", 0.12345),
        ("51-4062", "Patternmakers, metal", 0.5),
        ("47-2131", "Insulation workers, floor", 0.6),
        ("29-1060", "Physicians and surgeons", 0.0042),
    )
    cw = crosswalk(
        ("11-1011", "11-1011"),  # one to one
        ("15-1134", "15-1254"), ("15-1134", "15-1255"),  # split
        ("51-4061", "51-4062"), ("51-4062", "51-4062"),  # merged
        ("47-2131", "47-2131"), ("47-2132", "47-2131"),  # partial: 47-2132 is not in the table
        ("29-1063", "29-1229"), ("29-1069", "29-1229"),  # both stand in for the aggregate 29-1060: one input
        ("39-9099", "39-9099"),  # not in the table
    )  # fmt: skip
    mapping = {"29-1060": {"soc_2010": ["29-1063", "29-1069"]}}
    universe = pd.DataFrame(
        {"soc_code": ["11-1011", "15-1254", "15-1255", "51-4062", "47-2131", "29-1229", "39-9099", "15-1299"]}
    )
    out = build_core_automation(fo, cw, universe, mapping)
    assert list(out["soc_code"]) == list(universe["soc_code"])
    return {r["soc_code"]: r for r in out.to_dict("records")}


def test_automation_one_to_one(automation):
    a = automation["11-1011"]
    assert (a["computerisation_probability"], a["mapping"]) == (0.015, "one-to-one") and pd.isna(a["reason"])
    assert json.loads(a["soc_2010_inputs"]) == [
        {
            "soc_2010_code": "11-1011",
            "title": "Chief executives",
            "probability": 0.015,
            "rank": 1,
            "via_frey_osborne_code": None,
        }
    ]


def test_automation_split_gives_each_2018_code_the_same_probability(automation):
    for code in ("15-1254", "15-1255"):
        assert automation[code]["computerisation_probability"] == 0.21
        assert automation[code]["mapping"] == "split (the 2010 code maps to 2 2018 codes; same probability for each)"


def test_automation_merged_is_the_unweighted_mean_rounded_to_4_places(automation):
    a = automation["51-4062"]
    assert a["computerisation_probability"] == round((0.12345 + 0.5) / 2, 4) == 0.3117
    assert a["mapping"] == "merged (2 SOC 2010 occupations map to this code; unweighted mean)"
    assert [i["soc_2010_code"] for i in json.loads(a["soc_2010_inputs"])] == ["51-4061", "51-4062"]


def test_automation_partial_merge_is_named_partial(automation):
    a = automation["47-2131"]
    assert a["computerisation_probability"] == 0.6
    assert a["mapping"].startswith(
        "partial (2 SOC 2010 codes map to this code; only 47-2131 is in the Frey–Osborne table, 47-2132 not"
    )


def test_automation_through_a_frey_osborne_aggregate_counts_once(automation):
    a = automation["29-1229"]
    assert a["computerisation_probability"] == 0.0042  # not "merged": both inputs are the same aggregate
    assert a["mapping"] == "via Frey–Osborne aggregate 29-1060 (Physicians and surgeons)"
    assert {i["via_frey_osborne_code"] for i in json.loads(a["soc_2010_inputs"])} == {"29-1060"}


def test_automation_without_probability_says_why(automation):
    missing = automation["39-9099"]
    assert pd.isna(missing["computerisation_probability"]) and missing["mapping"] == "none"
    assert missing["reason"] == "the SOC 2010 occupation(s) it comes from (39-9099) are not in the Frey–Osborne table"
    unmapped = automation["15-1299"]
    assert pd.isna(unmapped["computerisation_probability"]) and unmapped["soc_2010_inputs"] == "[]"
    assert unmapped["reason"] == "no SOC 2010 occupation maps to this code in the BLS crosswalk"
