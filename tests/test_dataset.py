"""`occprofiles export-dataset`: every profile as CSV + Parquet tables that validate against their own
datapackage.json (checked with the Frictionless library), with the profile's values unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

from occprofiles import cli

pytestmark = pytest.mark.usefixtures("processed")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dataset") / "occupation-profiles-data"
    assert cli.main(["export-dataset", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def descriptor(dataset) -> dict:
    return json.loads((dataset / "datapackage.json").read_text())


def _table(dataset: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(dataset / "csv" / f"{name}.csv", dtype={"soc_code": str})


def test_the_export_validates_against_its_own_datapackage(dataset, descriptor):
    report = validate(dataset / "datapackage.json")
    assert report.valid, report.flatten(["title", "message"])[:10]
    assert len(descriptor["resources"]) >= 30
    assert {s["x-id"] for s in descriptor["sources"]} == {
        "oews",
        "onet",
        "bls_ep",
        "frey_osborne",
        "soc",
        "projections_central",
    }
    assert any("CC BY 4.0" in lic["title"] for lic in descriptor["licenses"])


def test_a_wrong_value_fails_validation(dataset, descriptor, tmp_path):
    """The check above can fail: a word in an integer column and a duplicated key are reported (the
    package cut to its oews table, to validate quickly)."""
    broken = tmp_path / "broken"
    (broken / "csv").mkdir(parents=True)
    shutil.copy(dataset / "csv" / "oews.csv", broken / "csv" / "oews.csv")
    cut = {**descriptor, "resources": [r for r in descriptor["resources"] if r["name"] == "oews"]}
    (broken / "datapackage.json").write_text(json.dumps(cut))
    assert validate(broken / "datapackage.json").valid
    oews = (broken / "csv" / "oews.csv").read_text().splitlines()
    header = oews[0].split(",")
    row = oews[1].split(",")
    row[header.index("employment_jobs")] = "many"
    (broken / "csv" / "oews.csv").write_text("\n".join([oews[0], ",".join(row), oews[1], *oews[2:]]) + "\n")
    report = validate(broken / "datapackage.json")
    assert not report.valid
    types = {e.type for task in report.tasks for e in task.errors}
    assert {"type-error", "primary-key"} <= types


def test_every_occupation_and_every_list_item_is_exported(dataset, all_profiles):
    assert sorted(_table(dataset, "occupations")["soc_code"]) == sorted(all_profiles)
    for name in ("tasks", "states", "industries", "skills", "technology_skills"):
        expected = sum(len(p[name]) for p in all_profiles.values())
        assert len(_table(dataset, name)) == expected, name
    notes = sum(len(p["oews"]["wage_notes"]) for p in all_profiles.values())
    assert len(_table(dataset, "oews_wage_notes")) == notes


@pytest.mark.parametrize("code", ["11-9111", "29-1141", "53-3032", "27-2011"])
def test_values_are_the_profiles_in_csv_and_parquet(dataset, profile, code):
    p = profile(code)
    for fmt in ("csv", "parquet"):
        read = (
            (lambda n: _table(dataset, n))
            if fmt == "csv"
            else (lambda n: pd.read_parquet(dataset / "parquet" / f"{n}.parquet"))
        )
        oews = read("oews").set_index("soc_code").loc[code]
        for key, value in p["oews"]["annual_wage_usd"].items():
            got = oews[f"annual_wage_usd_{key}"]
            assert (pd.isna(got) and value is None) or got == value, (fmt, key)
            assert bool(oews[f"annual_wage_top_coded_{key}"]) == p["oews"]["annual_wage_top_coded"][key]
        assert oews["employment_jobs"] == p["oews"]["employment"]
        states = read("states")
        states = states[states["soc_code"] == code].sort_values("position")
        assert list(states["state"]) == [s["state"] for s in p["states"]]
        assert [None if pd.isna(v) else v for v in states["employment_jobs"]] == [s["employment"] for s in p["states"]]
        projections = read("projections").set_index("soc_code").loc[code]
        assert projections["change_percent"] == p["projections"]["change_percent"]


def test_units_are_in_the_column_names_and_fields(descriptor):
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            name = field["name"]
            if name.endswith("_usd") or "_usd_" in name:
                assert field["unit"] == "US dollars", name
            if name.endswith("_percent"):
                assert field["unit"] == "percent", name
            assert not (name in ("employment", "annual_openings") or name.endswith("employment_2024")), name
    fields = {
        f["name"]: f for r in descriptor["resources"] if r["name"] == "projections" for f in r["schema"]["fields"]
    }
    assert fields["employment_2024_jobs"]["unit"] == "jobs"
    assert "1–5" in next(
        f["description"]
        for r in descriptor["resources"]
        if r["name"] == "skills"
        for f in r["schema"]["fields"]
        if f["name"] == "importance"
    )
