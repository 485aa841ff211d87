"""extract.frey_osborne, extract.projections_central and extract.soc on tiny files of the real formats."""

from __future__ import annotations

import pandas as pd
import pytest

from occprofiles.extract.frey_osborne import extract_frey_osborne
from occprofiles.extract.projections_central import extract_projections_central
from occprofiles.extract.soc import extract_soc_crosswalk, extract_soc_definitions


def test_frey_osborne_columns_codes_as_text_and_blank_label(tmp_path):
    path = tmp_path / "fo.csv"
    path.write_text(
        "Rank,Probability,Label,SOC code,Occupation\n"
        "1,0.0028,,29-1125,Recreational therapists\n"
        '2,0.003,0,49-1011,"First-line supervisors of mechanics, installers, and repairers"\n'
        "702,0.99,1,41-9041,Telemarketers\n",
        encoding="utf-8",
    )
    fo = extract_frey_osborne(path)
    assert list(fo.columns) == ["soc_2010_code", "fo_title", "rank", "computerisation_probability", "training_label"]
    assert fo["soc_2010_code"].tolist() == ["29-1125", "49-1011", "41-9041"]
    assert fo["computerisation_probability"].tolist() == [0.0028, 0.003, 0.99]
    assert pd.isna(fo.loc[0, "training_label"]) and fo.loc[1, "training_label"] == 0  # blank is no label, 0 is a label
    assert fo.loc[1, "fo_title"] == "First-line supervisors of mechanics, installers, and repairers"


def test_projections_central_numbers_and_trimmed_names(tmp_path):
    path = tmp_path / "ltprojections.csv"
    path.write_text(
        '"stfips","areaname","code","name","baseyear","base","projyear","proj","change","percentchange","avgannualopenings"\n'
        '"0"," United States","11-9111","Medical and Health Services Managers","2020","429800","2030","568900","139100","32.4","51800"\n'
        '"1","Alabama","11-9111"," Medical and Health Services Managers ","2020","5930","2030","7260","1330","22.4","710"\n'
        '"2","Alaska","11-9111","Medical and Health Services Managers","2020","990","2030","980","-10","-1","90"\n',
        encoding="utf-8",
    )
    pc = extract_projections_central(path)
    assert pc["state_fips"].tolist() == [0, 1, 2]
    assert pc["area_name"].tolist() == ["United States", "Alabama", "Alaska"]
    assert pc.loc[1, "pc_title"] == "Medical and Health Services Managers"
    assert pc.loc[0, "base_employment_count"] == 429_800 and pc.loc[0, "projected_employment_count"] == 568_900
    assert pc.loc[2, "change_count"] == -10 and pc.loc[2, "change_percent"] == -1.0
    assert pc.loc[1, "annual_openings_count"] == 710
    assert (pc["base_year"].unique().tolist(), pc["projected_year"].unique().tolist()) == ([2020], [2030])
    assert str(pc["base_employment_count"].dtype) == "Int64"


def test_soc_definitions_header_row_8_levels_and_blank_definitions(tmp_path, write_xlsx):
    rows = (
        [["2018 Standard Occupational Classification"]]
        + [[None]] * 6
        + [
            ["SOC Group", "SOC Code", "SOC Title", "SOC Definition"],
            ["Major", "11-0000", "Management Occupations ", ""],
            ["Broad", "11-9110", "Medical and Health Services Managers", ""],
            [
                "Detailed",
                "11-9111",
                "Medical and Health Services Managers",
                " Plan, direct, or coordinate medical services. ",
            ],
            [None, "Note: see the SOC manual", None, None],
        ]
    )
    soc = extract_soc_definitions(write_xlsx(tmp_path / "soc.xlsx", {"2018 SOC": rows})).set_index("soc_code")
    assert list(soc.index) == ["11-0000", "11-9110", "11-9111"]
    assert soc["soc_level"].tolist() == ["major", "broad", "detailed"]
    assert soc.loc["11-0000", "soc_title"] == "Management Occupations"
    assert soc.loc["11-9111", "soc_definition"] == "Plan, direct, or coordinate medical services."
    assert pd.isna(soc.loc["11-0000", "soc_definition"])  # blank: no definition (null, not "")


def test_soc_crosswalk_header_row_9_keeps_code_pairs(tmp_path, write_xlsx):
    rows = (
        [["SOC 2010 to 2018 crosswalk"]]
        + [[None]] * 7
        + [
            ["2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"],
            ["11-1011", "Chief Executives", "11-1011", "Chief Executives"],
            ["15-1134", "Web Developers", "15-1254", "Web Developers"],
            ["15-1134", "Web Developers", "15-1255", "Web and Digital Interface Designers"],
            ["", "", "", ""],
        ]
    )
    cw = extract_soc_crosswalk(write_xlsx(tmp_path / "cw.xlsx", {"Sorted by 2010": rows}))
    assert list(cw.columns) == ["soc_2010_code", "soc_2010_title", "soc_2018_code", "soc_2018_title"]
    assert cw[["soc_2010_code", "soc_2018_code"]].values.tolist() == [
        ["11-1011", "11-1011"],
        ["15-1134", "15-1254"],
        ["15-1134", "15-1255"],
    ]


@pytest.mark.parametrize("text", ["None", "NA", "N/A", "null"])
def test_read_xlsx_keeps_none_and_na_as_text(tmp_path, write_xlsx, text):
    from occprofiles.extract.common import read_xlsx

    df = read_xlsx(write_xlsx(tmp_path / "x.xlsx", {"S": [["training"], [text]]}))
    assert df["training"].tolist() == [text]
