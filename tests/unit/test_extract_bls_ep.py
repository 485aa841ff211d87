"""extract.bls_ep on a tiny occupation.xlsx written with openpyxl (Tables 1.2 and 1.10, header on row 2)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from occprofiles.extract.bls_ep import TABLE_1_2, TABLE_1_10, extract_bls_ep

T12_HEADER = list(TABLE_1_2) + ["Related Occupational Outlook Handbook (OOH) content xlsx"]
T110_HEADER = list(TABLE_1_10)[:1] + ["2024 National Employment Matrix title", "Occupation type"] + list(TABLE_1_10)[1:]


def t12(title, code, kind, emp24, emp34, change, pct, self_emp, openings, wage, edu, exp, training):
    return dict(
        zip(
            T12_HEADER,
            [title, code, kind, emp24, emp34, change, pct, self_emp, openings, wage, edu, exp, training, "x"],
            strict=True,
        )
    )


ROWS_12 = [
    t12(
        "Total, all occupations",
        "00-0000",
        "Summary",
        169956.1,
        175167.9,
        5211.8,
        3.1,
        5.8,
        18863.3,
        49500,
        "—",
        "—",
        "—",
    ),
    t12(
        "  Medical and health services managers",
        "11-9111",
        "Line item",
        616.2,
        759.1,
        142.9,
        23.2,
        4.5,
        62.1,
        117960,
        "Bachelor's degree",
        "Less than 5 years",
        "None",
    ),
    t12(
        "Physicians, all other",
        "29-1229",
        "Line item",
        100.5,
        103.0,
        2.5,
        2.5,
        "—",
        3.1,
        ">=$239,200",
        "Doctoral or professional degree",
        "None",
        "Internship/residency",
    ),
    t12(
        "Fishing workers",
        "45-3031",
        "Line item",
        0.1,
        0.0,
        -0.1,
        "—",
        50.0,
        "—",
        "—",
        "No formal educational credential",
        "—",
        "—",
    ),
]
ROWS_110 = {  # code -> (exit rate, transfer rate, separations rate, exits, transfers, separations)
    "00-0000": (4.7, 5.9, 10.6, 8155.0, 10187.1, 18342.1),
    "11-9111": (2.6, 5.0, 7.6, 17.6, 33.5, 51.1),
    "29-1229": (2.0, 1.0, 3.0, 2.0, 1.0, 3.0),
    "45-3031": ("—", "—", "—", "—", "—", "—"),
}


@pytest.fixture(scope="module")
def ep(tmp_path_factory, write_xlsx) -> pd.DataFrame:
    sheet12 = [["Table 1.2 Occupational projections (Employment in thousands)"], T12_HEADER]
    sheet12 += [[r[h] for h in T12_HEADER] for r in ROWS_12]
    sheet12 += [["Footnotes:"], ["[1] Data are from the Occupational Employment and Wage Statistics program"]]
    sheet110 = [["Table 1.10 Occupational separations and openings"], T110_HEADER]
    for r in ROWS_12:
        exit_rate, transfer_rate, sep_rate, exits, transfers, seps = ROWS_110[r["2024 National Employment Matrix code"]]
        sheet110.append(
            [
                r["2024 National Employment Matrix code"],
                r["2024 National Employment Matrix title"],
                r["Occupation type"],
                exit_rate,
                transfer_rate,
                sep_rate,
                exits,
                transfers,
                seps,
            ]
        )
    path = write_xlsx(
        tmp_path_factory.mktemp("ep") / "occupation.xlsx",
        {"Index": [["contents"]], "Table 1.2": sheet12, "Table 1.10": sheet110},
    )
    return extract_bls_ep(path).set_index("ep_code")


def test_only_code_rows_are_kept_with_trimmed_titles(ep):
    assert list(ep.index) == ["00-0000", "11-9111", "29-1229", "45-3031"]  # footnote rows dropped
    assert ep.loc["11-9111", "ep_title"] == "Medical and health services managers"
    assert ep.loc["11-9111", "ep_occupation_type"] == "Line item"


def test_thousands_become_persons_exactly(ep):
    r = ep.loc["11-9111"]
    assert (r["employment_2024_count"], r["employment_2034_count"]) == (616_200, 759_100)
    assert r["employment_change_count"] == 142_900 and r["annual_openings_count"] == 62_100
    assert (r["labor_force_exits_count"], r["occupational_transfers_count"], r["separations_count"]) == (
        17_600,
        33_500,
        51_100,
    )
    assert str(ep["employment_2024_count"].dtype) == "Int64"
    assert ep.loc["45-3031", "employment_2034_count"] == 0  # a published 0.0 is zero ...
    assert ep.loc["45-3031", "employment_change_count"] == -100


def test_dash_is_unavailable_never_zero(ep):
    r = ep.loc["45-3031"]
    assert math.isnan(r["employment_change_percent"])  # ... but "—" is not
    assert pd.isna(r["annual_openings_count"])
    assert pd.isna(r["separations_count"]) and math.isnan(r["separations_rate_percent"])
    assert pd.isna(r["work_experience"]) and pd.isna(r["on_the_job_training"])
    assert math.isnan(r["median_annual_wage_2024_usd"]) and not r["median_annual_wage_2024_top_coded"]
    assert math.isnan(ep.loc["29-1229", "self_employed_percent"])


def test_none_is_a_category_not_a_missing_value(ep):
    assert ep.loc["11-9111", "on_the_job_training"] == "None"
    assert ep.loc["29-1229", "work_experience"] == "None"
    assert ep.loc["11-9111", "typical_entry_education"] == "Bachelor's degree"


def test_top_coded_wage_is_a_flag_not_a_number(ep):
    r = ep.loc["29-1229"]
    assert math.isnan(r["median_annual_wage_2024_usd"])
    assert r["median_annual_wage_2024_top_coded"]
    assert ep.loc["11-9111", "median_annual_wage_2024_usd"] == 117_960
    assert not ep.loc["11-9111", "median_annual_wage_2024_top_coded"]


def test_rates_and_percent_are_numbers(ep):
    r = ep.loc["11-9111"]
    assert r["employment_change_percent"] == 23.2 and r["self_employed_percent"] == 4.5
    assert (
        r["labor_force_exit_rate_percent"],
        r["occupational_transfer_rate_percent"],
        r["separations_rate_percent"],
    ) == (2.6, 5.0, 7.6)


def test_a_missing_column_is_named(tmp_path, write_xlsx):
    header = [h for h in T12_HEADER if h != "Occupation type"]
    path = write_xlsx(
        tmp_path / "occupation.xlsx", {"Table 1.2": [["title"], header], "Table 1.10": [["title"], T110_HEADER]}
    )
    with pytest.raises(ValueError, match="Table 1.2.*Occupation type"):
        extract_bls_ep(path)


def test_an_unexpected_text_in_a_number_column_raises(tmp_path, write_xlsx):
    rows = [["t"], T12_HEADER, [ROWS_12[1][h] if h != "Employment, 2024" else "n/a" for h in T12_HEADER]]
    sheet110 = [["t"], T110_HEADER, ["11-9111", "x", "Line item", *ROWS_110["11-9111"]]]
    path = write_xlsx(tmp_path / "occupation.xlsx", {"Table 1.2": rows, "Table 1.10": sheet110})
    with pytest.raises(ValueError):
        extract_bls_ep(path)
