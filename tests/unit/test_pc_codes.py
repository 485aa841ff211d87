"""The Projections Central fallback on made-up tables: own rows, then the OEWS/EP aggregate, then the declared one."""

from __future__ import annotations

import pandas as pd
import pytest

from occprofiles.pc_codes import assign_pc_codes, check_pc_aggregates, pc_title

UNIVERSE = pd.DataFrame(
    [
        ("15-1252", "detailed", "15-1252", "15-1252"),
        ("15-1253", "detailed", "15-1253", "15-1253"),
        ("15-1211", "detailed", "15-1211", "15-1211"),
        ("13-1021", "detailed", "13-1020", "13-1020"),
        ("13-1020", "aggregate", "13-1020", "13-1020"),
        ("55-1011", "detailed", None, None),
    ],
    columns=["soc_code", "code_kind", "oews_code", "ep_code"],
)
PC = pd.DataFrame({"soc_code": ["15-1256", "15-1211", "13-1020"]})


def test_own_rows_then_source_aggregate_then_declared_aggregate():
    out = assign_pc_codes(UNIVERSE, PC, {"15-1256": ["15-1252", "15-1253"]}).set_index("soc_code")["pc_code"]
    assert out.to_dict() == {
        "15-1252": "15-1256",
        "15-1253": "15-1256",
        "15-1211": "15-1211",
        "13-1021": "13-1020",
        "13-1020": "13-1020",
        "55-1011": None,
    }


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"15-1299": ["15-1252"]}, "not a Projections Central code"),
        ({"15-1256": ["15-1252", "15-9999"]}, "not 2018 SOC detailed"),
        ({"15-1256": ["15-1252"], "15-1211": ["15-1252"]}, "is in both"),
    ],
)
def test_a_mapping_that_does_not_fit_the_file_is_refused(mapping, message):
    with pytest.raises(ValueError, match=message):
        check_pc_aggregates(mapping, {"15-1256", "15-1211"}, {"15-1252", "15-1253"})


def test_the_files_soc_2018_mark_is_dropped_from_titles():
    assert (
        pc_title("Public Relations and Fundraising Managers (SOC 2018)") == "Public Relations and Fundraising Managers"
    )
