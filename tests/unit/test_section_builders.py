"""Section builders on small tables made here: no raw files and no data build needed.

Real data never has a top-coded national wage (May 2025), so the schema-2 flags of ``oews`` are checked on
a made-up row; the regional sums and the registry-driven texts are checked by hand-computed values.
"""

from __future__ import annotations

import dataclasses

import pytest

from occprofiles import formatting as fmt
from occprofiles.assemble.oews import (
    OEWS_MEASURES,
    build_comparisons_section,
    build_key_facts_section,
    build_oews_section,
    build_states_section,
    oews_column,
)
from occprofiles.assemble.onet import build_interests_section
from occprofiles.assemble.projections import (
    build_projections_section,
    ep_wage_note,
    regional_vintage,
    sum_census_regions,
)
from occprofiles.assemble.tables import ONET_SECTION_TABLES, SourceTables
from occprofiles.profile import Profile, RegionalArea, RelatedOccupation
from occprofiles.registry import load_registry

OCC = {
    "soc_code": "11-1011",
    "oews_code": "11-1011",
    "ep_code": None,
    "pc_code": None,
    "code_kind": "detailed",
    "major_group_code": "11-0000",
    "major_group_title": "Management Occupations",
}


def make_tables(**tables) -> SourceTables:
    empty = {f.name: {} for f in dataclasses.fields(SourceTables) if f.name != "registry"}
    return SourceTables(registry=load_registry(), **{**empty, **tables})


def national_row(top_coded: set[tuple[str, str]]) -> dict:
    row = {
        "employment_count": 1000.0,
        "employment_count_footnote": None,
        "employment_rse_percent": 1.0,
        "wage_rse_percent": 0.5,
    }
    for form in ("annual", "hourly"):
        for i, measure in enumerate(OEWS_MEASURES):
            column = oews_column(form, measure)
            withheld = (form, measure) in top_coded
            row[column] = None if withheld else (100_000.0 + i if form == "annual" else 50.0 + i)
            row[f"{column}_footnote"] = fmt.OEWS_FOOTNOTE_TOP_CODED if withheld else None
    return row


def test_a_top_coded_national_wage_is_null_with_a_flag_and_a_bound_at_display_time():
    tables = make_tables(national={"11-1011": national_row({("annual", "p90"), ("hourly", "p90")})})
    oews = build_oews_section(OCC, tables)
    assert oews.annual_wage_usd["p90"] is None and oews.annual_wage_top_coded["p90"] is True
    assert oews.hourly_wage_usd["p90"] is None and oews.hourly_wage_top_coded["p90"] is True
    assert oews.annual_wage_top_coded["median"] is False and oews.annual_wage_usd["median"] == 100_003.0
    assert oews.wage_display["annual_p90"] == "≥ $239,200" and oews.wage_display["hourly_p90"] == "≥ $115.00/h"
    assert [n.field for n in oews.wage_notes] == ["annual_wage_usd.p90", "hourly_wage_usd.p90"]
    assert [n.display for n in oews.wage_notes] == ["≥ $239,200", "≥ $115.00/h"]
    assert all("footnote 5" in n.reason for n in oews.wage_notes)
    with pytest.raises(TypeError):
        oews.annual_wage_top_coded["p90"] = False  # type: ignore[index]


def test_key_facts_copy_the_median_and_its_flag():
    tables = make_tables(national={"11-1011": national_row({("annual", "median")})})
    oews = build_oews_section(OCC, tables)
    facts = build_key_facts_section(oews, build_projections_section(OCC, tables), tables)
    assert facts.annual_median_wage_usd is None and facts.annual_median_wage_top_coded is True
    assert facts.annual_median_wage_display == "≥ $239,200"
    assert facts.hourly_median_wage_usd == 53.0 and facts.hourly_median_wage_display == "$53.00/h"


def test_missing_sources_give_reasons_with_the_registry_releases():
    registry = load_registry()
    tables = make_tables()
    oews = build_oews_section({**OCC, "soc_code": "55-1011", "oews_code": None}, tables)
    assert oews.available is False and oews.reason == (
        f"OEWS {registry['oews'].release} publishes no national estimate for this code "
        "(military occupations are outside the OEWS survey)"
    )
    projections = build_projections_section({**OCC, "ep_code": None}, tables)
    assert (
        projections.reason
        == f"BLS Employment Projections {registry['bls_ep'].release} publishes no projection for this code"
    )
    assert projections.median_annual_wage_2024_display is None


def test_texts_that_name_releases_follow_the_registry():
    registry = load_registry()
    tables = make_tables()
    ep_start, _ = fmt.period_years(registry["bls_ep"].release)
    assert ep_wage_note(tables).startswith(f"EP's wage is the OEWS May {ep_start} median")
    assert registry["oews"].release in ep_wage_note(tables)
    start, end = fmt.period_years(registry["projections_central"].release)
    assert regional_vintage(tables).startswith(f"{start}–{end} state projections (base year {start}")
    assert regional_vintage(tables).endswith(f"not comparable with EP {registry['bls_ep'].release})")


def test_period_years():
    assert fmt.period_years("2024–34") == (2024, 2034)
    assert fmt.period_years("2020-30") == (2020, 2030)
    assert fmt.period_years("1998–2008") == (1998, 2008)


def area(fips: int, base: int, projected: int) -> RegionalArea:
    return RegionalArea(
        area=str(fips),
        state_fips=fips,
        employment_2020=base,
        employment_2030=projected,
        change_percent=None,
        annual_openings=None,
    )


def test_census_regions_sum_the_publishing_states_only():
    # Connecticut (9) and Maine (23) in the Northeast, Texas (48) in the South; no Midwest or West state.
    regions = {r.region: r for r in sum_census_regions((area(9, 100, 130), area(23, 300, 270), area(48, 50, 60)))}
    assert set(regions) == {"Northeast", "South"}
    ne = regions["Northeast"]
    assert (ne.states_published, ne.states_in_region, ne.employment_2020, ne.employment_2030) == (2, 9, 400, 400)
    assert ne.change_percent == 0.0
    assert regions["South"].change_percent == 20.0 and regions["South"].states_in_region == 17


def test_an_assembled_profile_round_trips_through_json():
    """A whole Profile from fixture tables: every section built, JSON round trip exact, no NaN, immutable."""
    import json

    from occprofiles.assemble import assemble_profile
    from occprofiles.metrics import WLB_INPUTS

    metric_row = {key: None for key, *_ in WLB_INPUTS} | {
        "work_life_balance_score": None,
        "work_life_balance_percentile": None,
        "typical_entry_education": None,
    }
    tables = make_tables(
        national={"11-1011": national_row({("annual", "p90")}), "00-0000": national_row(set())},
        onet_by={name: {} for name in ONET_SECTION_TABLES},
        automation={
            "11-1011": {
                "computerisation_probability": 0.015,
                "mapping": "one-to-one",
                "reason": None,
                "soc_2010_inputs": json.dumps(
                    [
                        {
                            "soc_2010_code": "11-1011",
                            "title": "Chief Executives",
                            "probability": 0.015,
                            "rank": 1,
                            "via_frey_osborne_code": None,
                        }
                    ]
                ),
            }
        },
        metric_rows={"11-1011": metric_row},
        titles={"11-1011": "Chief Executives"},
    )
    occ = {
        **OCC,
        "title": "Chief Executives",
        "covers": "",
        "soc_definition": "Determine policies.",
        "broad_group_code": "11-1010",
        "broad_group_title": "Chief Executives",
    }
    profile = assemble_profile(occ, tables)
    document = json.loads(json.dumps(profile.to_dict(), allow_nan=False))
    assert Profile.from_dict(document) == profile
    assert (
        document["oews"]["annual_wage_top_coded"]["p90"] is True and document["oews"]["annual_wage_usd"]["p90"] is None
    )
    assert document["sections"]["tasks"] == {
        "source": "onet",
        "release": load_registry()["onet"].release,
        "available": False,
        "reason": f"O*NET {load_registry()['onet'].release} lists no tasks for this occupation",
    }
    assert document["automation"]["band"] == "low" and document["strengths"] == []
    with pytest.raises(TypeError):
        profile.sections["tasks"] = None  # type: ignore[index]


# --- builders with logic of their own: interests, comparisons, state wage gaps ----------------------


def _interest_records(scores: dict[str, float], high_points: list[float]) -> list[dict]:
    records = [{"element_name": name, "scale_id": "OI", "value": value} for name, value in scores.items()]
    return records + [
        {"element_name": f"High-Point {i + 1}", "scale_id": "IH", "value": v} for i, v in enumerate(high_points)
    ]


def test_interests_keep_the_scores_and_spell_the_high_points_skipping_zero():
    scores = {
        "Realistic": 1.5,
        "Investigative": 3.0,
        "Artistic": 1.0,
        "Social": 4.5,
        "Enterprising": 6.0,
        "Conventional": 5.5,
    }
    tables = make_tables(onet_by={"interests": {"11-1011": _interest_records(scores, [5.0, 6.0, 0.0])}})
    interests = build_interests_section("11-1011", tables)
    assert (interests.enterprising, interests.conventional, interests.realistic) == (6.0, 5.5, 1.5)
    assert interests.high_point_code == "EC"  # 5 -> E, 6 -> C; O*NET's 0 means "no third high point"
    assert interests.release == load_registry()["onet"].release
    none_rated = build_interests_section("11-1011", make_tables(onet_by={"interests": {}}))
    assert none_rated.high_point_code is None and none_rated.social is None  # absent, never 0


def _related(code: str, tier: str, wage: float | None) -> RelatedOccupation:
    return RelatedOccupation(code, f"{code}.00", f"O*NET {code}", f"SOC {code}", tier, wage, in_book=False)


def test_comparisons_use_primary_short_soc_codes_once_each_at_most_five_and_never_the_occupation_itself():
    national = {"00-0000": {"annual_median_wage_usd": 49_500.0}, "11-0000": {"annual_median_wage_usd": 122_090.0}}
    tables = make_tables(national=national)
    oews = build_oews_section(OCC, make_tables(national={**national, "11-1011": national_row(set())}))
    related = (
        _related("11-1011", "Primary-Short", 1.0),  # the occupation itself: left out
        _related("11-1021", "Primary-Short", 101_280.0),
        _related("11-1021", "Primary-Short", 101_280.0),  # a second O*NET specialty of the same SOC code
        _related("11-2021", "Primary-Long", 161_030.0),  # not the closest tier
        *(_related(f"11-30{i}1", "Primary-Short", None) for i in range(1, 6)),
    )
    comparisons = build_comparisons_section(OCC, oews, related, tables)
    assert comparisons.all_occupations_annual_median_wage_usd == 49_500.0
    assert comparisons.major_group_annual_median_wage_usd == 122_090.0
    assert comparisons.annual_median_wage_usd == oews.annual_wage_usd["median"]
    assert [r.soc_code for r in comparisons.related] == ["11-1021", "11-3011", "11-3021", "11-3031", "11-3041"]
    assert comparisons.related[0].title == "SOC 11-1021" and comparisons.related[1].annual_median_wage_usd is None


def _state(name: str, median: float | None, footnote: int | None) -> dict:
    return {
        "state": name,
        "state_code": "01",
        "employment_count": 100.0,
        "employment_count_footnote": None,
        "employment_per_1000_jobs": 1.0,
        "location_quotient": 1.0,
        "annual_median_wage_usd": median,
        "annual_median_wage_usd_footnote": footnote,
        "hourly_median_wage_usd": None if median is None else round(median / 2080, 2),
        "hourly_median_wage_usd_footnote": footnote,
    }


def test_state_rows_give_the_gap_to_the_national_median_and_keep_top_codes_as_flags():
    rows = [
        _state("Alabama", 110_000.0, None),
        _state("Alaska", None, fmt.OEWS_FOOTNOTE_TOP_CODED),
        _state("Arizona", None, None),
    ]
    national = {"11-1011": national_row(set())}
    oews = build_oews_section(OCC, make_tables(national=national))
    states = build_states_section(OCC, oews, make_tables(national=national, states_by={"11-1011": rows}))
    median = oews.annual_wage_usd["median"]
    assert states[0].wage_vs_national_percent == round(100 * (110_000.0 / median - 1), 1)
    assert states[1].annual_median_wage_usd is None and states[1].annual_median_wage_top_coded
    assert states[1].wage_vs_national_percent is None
    assert "top code" in (states[1].annual_median_wage_note or "")
    assert states[2].annual_median_wage_usd is None and not states[2].annual_median_wage_top_coded
