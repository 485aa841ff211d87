"""Signs and small counts as the chapters show them (issue 15): the true minus, no sign on a zero, and
EP's rounding to the hundred written out ("fewer than 50"), never "0" or "+0"."""

from __future__ import annotations

import pytest

from occprofiles import formatting as fmt

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "signed", "digits", "expected"),
    [
        (-3.04, True, 1, f"{MINUS}3.0%"),
        (-3.04, False, 1, f"{MINUS}3.0%"),
        (2.43, True, 2, "+2.43%"),
        (2.43, False, 1, "2.4%"),
        (-0.04, True, 1, "0.0%"),  # rounds to zero: no sign, never "−0.0%"
        (0.04, True, 1, "0.0%"),
        (-0.0, True, 1, "0.0%"),
        (0.0, False, 1, "0.0%"),
        (-0.004, True, 2, "0.00%"),
        (-0.006, True, 2, f"{MINUS}0.01%"),
        (-4.6, True, 0, f"{MINUS}5%"),
        (None, True, 1, fmt.NOT_PUBLISHED),
        (float("nan"), False, 1, fmt.NOT_PUBLISHED),
    ],
)
def test_percent_signs(value, signed, digits, expected):
    assert fmt.percent(value, signed=signed, digits=digits) == expected


def test_no_hyphen_minus_in_any_percent_or_count():
    shown = [fmt.percent(v / 7, signed=s) for v in range(-50, 51) for s in (True, False)]
    shown += [fmt.count(v * 37, signed=s) for v in range(-50, 51) for s in (True, False)]
    assert not [t for t in shown if "-" in t]
    zeros = [t for t in shown if not any(d in t for d in "123456789")]
    assert zeros and all(t in ("0", "0.0%") for t in zeros)


def test_count_signs():
    assert fmt.count(-19_600) == f"{MINUS}19,600" and fmt.count(-19_600, signed=True) == f"{MINUS}19,600"
    assert fmt.count(142_900, signed=True) == "+142,900" and fmt.count(142_900) == "142,900"
    assert fmt.count(0, signed=True) == "0" and fmt.count(-0.4, signed=True) == "0"


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (0, False, "fewer than 50"),
        (0, True, "fewer than 50"),  # EP's "+0.0" thousand: a change of fewer than 50, not "+0"
        (100, False, "100"),
        (300, True, "+300"),
        (-19_600, True, f"{MINUS}19,600"),
        (555_800, False, "555,800"),
        (None, False, fmt.NOT_PUBLISHED),
    ],
)
def test_ep_count_states_the_rounding(value, signed, expected):
    assert fmt.ep_count(value, signed=signed) == expected


def test_plural_and_capitalise():
    assert (
        fmt.plural(1, "area") == "1 area" and fmt.plural(2, "area") == "2 areas" and fmt.plural(0, "area") == "0 areas"
    )
    assert fmt.plural(1, "state") == "1 state" and fmt.plural(1_200, "state") == "1,200 states"
    assert fmt.capitalise_first("the SOC 2010 code") == "The SOC 2010 code"
    assert fmt.capitalise_first("O*NET 29.3 has") == "O*NET 29.3 has" and fmt.capitalise_first("") == ""


def test_the_wage_rse_is_labelled_as_the_mean_wage_s():
    assert "mean wage" in fmt.WAGE_RSE_LABEL and "estimates" not in fmt.WAGE_RSE_LABEL


def test_projections_central_counts_state_their_rounding_to_the_ten():
    assert fmt.pc_count(0) == "fewer than 5" and fmt.pc_count(10) == "10" and fmt.pc_count(None) == fmt.NOT_PUBLISHED
    assert fmt.rounded_count(-20, 100, signed=True) == "fewer than 50"
    assert fmt.rounded_count(-200, 100, signed=True) == f"{MINUS}200"


def test_share_percent_never_writes_a_published_share_as_zero():
    assert fmt.share_percent(2.434) == "2.43%"
    assert fmt.share_percent(0.004) == "<0.01%"
    assert fmt.share_percent(0.0) == "<0.01%"  # BLS publishes the share rounded: 0.00 means under 0.005
    assert fmt.share_percent(0.005) == "0.01%"
    assert fmt.share_percent(None) == fmt.NOT_PUBLISHED
