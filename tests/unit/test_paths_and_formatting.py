"""paths.py settings (OCCPROFILES_DATA_DIR, OCCPROFILES_MIRROR) and formatting.py."""

from __future__ import annotations

import math

import pytest

from occprofiles import formatting as fmt
from occprofiles import paths


def test_data_dir_follows_the_environment_at_call_time(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "d"))
    assert paths.data_dir() == (tmp_path / "d").resolve()
    assert paths.raw_dir() == (tmp_path / "d" / "raw").resolve()
    assert paths.processed_dir() == (tmp_path / "d" / "processed").resolve()
    monkeypatch.setenv(paths.DATA_DIR_ENV, "")
    assert paths.data_dir() == (paths.REPO_ROOT / "data").resolve()  # empty = unset
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    assert paths.data_dir() == (paths.REPO_ROOT / "data").resolve()


def test_registry_and_mappings_always_come_from_the_repo(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path))
    assert paths.registry_path() == paths.REPO_ROOT / "data" / "sources.yml"
    assert paths.mappings_dir() == paths.REPO_ROOT / "data" / "mappings"
    assert paths.registry_path().is_file()


def test_mirror_setting(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.MIRROR_ENV, raising=False)
    assert paths.mirror_dir() is None
    monkeypatch.setenv(paths.MIRROR_ENV, "")
    assert paths.mirror_dir() is None
    monkeypatch.setenv(paths.MIRROR_ENV, str(tmp_path / "m"))
    assert paths.mirror_dir() == (tmp_path / "m").resolve()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(paths.MIRROR_ENV, "~/mirror")
    assert paths.mirror_dir() == (tmp_path / "mirror").resolve()


def test_book_folders_are_under_the_repo():
    root = paths.REPO_ROOT
    assert paths.PACKAGE_DIR == root / "src" / "occprofiles"
    assert paths.chapters_dir() == root / "book" / "chapters"
    assert paths.generated_pages_dir() == root / "book" / "_generated"
    assert (paths.html_dir(), paths.pdf_dir()) == (root / "_build" / "html", root / "_build" / "pdf")
    assert paths.toc_path() == root / "_toc.yml" and paths.notebooks_dir() == root / "notebooks"


@pytest.mark.parametrize(
    "value,hourly,expected",
    [(123860, False, "$123,860"), (123860.4, False, "$123,860"), (59.554, True, "$59.55/h"), (None, False, "not published"),
     (float("nan"), True, "not published"), (0, False, "$0")],
)  # fmt: skip
def test_usd(value, hourly, expected):
    assert fmt.usd(value, hourly=hourly) == expected


def test_count_and_percent():
    assert fmt.count(597080) == "597,080" and fmt.count(1234.6) == "1,235" and fmt.count(None) == "not published"
    assert fmt.count(float("nan")) == "not published" and fmt.count(0) == "0"
    assert fmt.percent(23.25) == "23.2%" or fmt.percent(23.25) == "23.3%"  # float: either side of .25 is fine
    assert fmt.percent(23.2, signed=True) == "+23.2%" and fmt.percent(-3.0, signed=True) == "\u22123.0%"
    assert fmt.percent(5, digits=0) == "5%" and fmt.percent(None) == "not published"


def test_is_missing():
    assert fmt.is_missing(None) and fmt.is_missing(math.nan)
    assert not fmt.is_missing(0) and not fmt.is_missing(0.0) and not fmt.is_missing("")


def test_has_value_is_the_opposite_of_is_missing_and_a_nan_is_no_value():
    for value in (None, math.nan, float("nan"), 0, 0.0, -1.5, 239_200):
        assert fmt.has_value(value) is not fmt.is_missing(value)
    assert not fmt.has_value(math.nan) and not fmt.has_value(None) and fmt.has_value(0.0)


@pytest.mark.parametrize(
    "value,top_coded,hourly,expected",
    [(None, True, False, "≥ $239,200"), (None, True, True, "≥ $115.00/h"), (250000.0, True, False, "≥ $239,200"),
     (None, False, False, "not published"), (None, False, True, "not published"),
     (123860.0, False, False, "$123,860"), (59.55, False, True, "$59.55/h")],
)  # fmt: skip
def test_oews_wage_top_code_is_a_bound(value, top_coded, hourly, expected):
    assert fmt.oews_wage(value, top_coded=top_coded, hourly=hourly) == expected


def test_oews_missing_reason():
    assert fmt.oews_missing_reason(None, hourly=False) is None
    assert fmt.oews_missing_reason(1, hourly=False) is None
    assert "only as hourly wages" in fmt.oews_missing_reason(4, hourly=False)
    assert "only as annual salaries" in fmt.oews_missing_reason(4, hourly=True)
    assert (
        fmt.oews_missing_reason(5, hourly=False)
        == "at or above the OEWS top code of $239,200 per year (OEWS footnote 5)"
    )
    assert (
        fmt.oews_missing_reason(5, hourly=True) == "at or above the OEWS top code of $115.00 per hour (OEWS footnote 5)"
    )
    assert fmt.oews_missing_reason(8, hourly=True) == "estimate not released by BLS (OEWS footnote 8)"


def test_escape_onet():
    assert fmt.escape_onet("O*NET 29.3 and O*NET-SOC") == "O\\*NET 29.3 and O\\*NET-SOC"
    assert fmt.escape_onet("a * b") == "a * b"
