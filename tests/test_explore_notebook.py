"""notebooks/explore.ipynb (issue 11): every occupation as one typed DataFrame; the notebook runs top to
bottom through papermill, and its numbers are the raw files' numbers."""

from __future__ import annotations

import json

import pandas as pd
import papermill
import pytest

from occprofiles import paths
from occprofiles.analyst import COLUMNS, profiles_frame, side_by_side

from conftest import oews_int, oews_number


@pytest.fixture(scope="module")
def frame(processed):
    return profiles_frame()


def test_one_typed_row_per_occupation(frame, all_profiles):
    assert len(frame) == len(all_profiles) and frame.index.is_unique
    assert sorted(frame.index) == sorted(all_profiles)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: t for c, (t, _, _) in COLUMNS.items()}
    assert all(
        any(u in c for u in ("_usd", "_count", "_percent", "_probability", "_0_", "_1_5")) or t in ("string", "boolean")
        for c, (t, _, _) in COLUMNS.items()
    )


@pytest.mark.parametrize("code", ["11-9111", "29-1141", "53-3032", "27-2011"])
def test_the_frame_holds_the_raw_oews_numbers(frame, oews_db, code):
    raw = oews_db.national(code)
    row = frame.loc[code].replace({pd.NA: None})  # <NA>: not published
    assert row["employment_count"] == oews_int(raw["v01"])
    assert row["annual_median_wage_usd"] == oews_number(raw["v13"])


def test_not_published_is_missing_never_zero(frame, all_profiles):
    missing = [c for c, d in all_profiles.items() if d["oews"]["annual_wage_usd"].get("median") is None]
    assert missing, "the data have occupations without a published median"
    assert frame.loc[missing, "annual_median_wage_usd"].isna().all()
    assert not (frame["annual_median_wage_usd"] == 0).any()


def test_side_by_side_has_one_column_per_occupation(frame):
    table = side_by_side(frame, ["29-1141", "11-9111", "15-1252"])
    assert list(table.columns) == ["29-1141", "11-9111", "15-1252"]
    assert table.loc["annual_median_wage_usd", "11-9111"] == 123_860


def test_explore_notebook_runs_top_to_bottom(tmp_path, processed, frame):
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(paths.notebooks_dir() / "explore.ipynb"),
        str(out),
        parameters={"major_group": "29", "codes": ["29-1141", "11-9111", "15-1252"]},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    assert texts[0] == f"({len(frame)}, {len(COLUMNS)})"
    best_paid = frame[frame["major_group_code"].str.startswith("29")].nlargest(1, "annual_median_wage_usd")
    assert str(best_paid["title"].iloc[0]) in texts[2]
    svgs = ["".join(o["data"]["image/svg+xml"]) for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) == 1 and "<svg" in svgs[0] and "</svg>" in svgs[0]  # the wage-vs-growth chart, as SVG
