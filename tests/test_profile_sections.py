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
    build_key_facts_section,
    build_oews_section,
    oews_column,
)
from occprofiles.assemble.projections import (
    build_projections_section,
    ep_wage_note,
    regional_vintage,
    sum_census_regions,
)
from occprofiles.assemble.tables import SourceTables
from occprofiles.profile import Profile, RegionalArea
from occprofiles.registry import load_registry

OCC = {
    "soc_code": "11-1011",
    "oews_code": "11-1011",
    "ep_code": None,
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

    onet_names = (
        "tasks",
        "interests",
        "skills",
        "knowledge",
        "work_styles",
        "work_values",
        "education",
        "job_zones",
        "technology_skills",
        "related",
        "alternate_titles",
    )
    metric_row = {key: None for key, *_ in WLB_INPUTS} | {
        "work_life_balance_score": None,
        "work_life_balance_percentile": None,
        "typical_entry_education": None,
    }
    tables = make_tables(
        national={"11-1011": national_row({("annual", "p90")}), "00-0000": national_row(set())},
        onet_by={name: {} for name in onet_names},
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
        "reason": f"O*NET {load_registry()['onet'].release} has no rating for this occupation",
    }
    assert document["automation"]["band"] == "low" and document["strengths"] == []
    with pytest.raises(TypeError):
        profile.sections["tasks"] = None  # type: ignore[index]
