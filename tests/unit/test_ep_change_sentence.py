"""The outlook sentence says when EP's published change (in percent or in jobs) is not the one the rounded
employment shown gives (EP rounds each figure on its own): a reader who compares the figures finds the
difference explained."""

from __future__ import annotations

import dataclasses

from occprofiles.chapter_tables import employment_sentence
from occprofiles.profile import Projections

WORD_PROCESSORS = Projections(  # 43-9022 in EP 2024-34: 40.0 and 25.6 thousand, -14.4 thousand, -36.1 %
    release="2024–34",
    published_code="43-9022",
    available=True,
    employment_2024=40_000,
    employment_2034=25_600,
    employment_change=-14_400,
    change_percent=-36.1,
    annual_openings=2_200,
    labor_force_exits=2_000,
    occupational_transfers=1_700,
    separations=3_700,
    labor_force_exit_rate_percent=6.1,
    occupational_transfer_rate_percent=5.1,
    separations_rate_percent=11.2,
    self_employed_percent=7.5,
    median_annual_wage_2024_usd=47_850.0,
    median_annual_wage_2024_top_coded=False,
    typical_entry_education="High school diploma or equivalent",
    work_experience="None",
    on_the_job_training="Short-term on-the-job training",
    wage_note="",
    all_occupations_change_percent=3.1,
)


def test_a_published_change_the_rounded_figures_do_not_give_is_explained():
    assert WORD_PROCESSORS.change_percent_from_rounded_display == "−36.0%"
    assert employment_sentence(WORD_PROCESSORS) == (
        "BLS projects employment to go from 40,000 in 2024 to 25,600 in 2034 (−36.1%, which EP computes before "
        "rounding: the rounded figures give −36.0%; all occupations +3.1%, EP Table 1.2, code 00-0000)."
    )


def test_a_change_the_rounded_figures_give_has_no_note():
    managers = dataclasses.replace(  # 11-9111: 616.2 -> 759.1 thousand, +23.2 %
        WORD_PROCESSORS,
        employment_2024=616_200,
        employment_2034=759_100,
        employment_change=142_900,
        change_percent=23.2,
    )
    assert managers.change_percent_from_rounded_display is None
    assert "(+23.2%; all occupations +3.1%" in employment_sentence(managers)


def test_a_change_below_rounding_keeps_its_own_note_only():
    patternmakers = dataclasses.replace(  # 51-7032: 0.5 -> 0.4 thousand, change -0.0 thousand, -5.0 %
        WORD_PROCESSORS, employment_2024=500, employment_2034=400, employment_change=0, change_percent=-5.0
    )
    sentence = employment_sentence(patternmakers)
    assert "fewer than 50 jobs: EP computes the percentage before rounding;" in sentence
    assert "rounded figures give" not in sentence


def test_a_published_change_in_jobs_the_rounded_figures_do_not_give_is_explained():
    actors = dataclasses.replace(  # 27-2011: 57.0 -> 57.1 thousand, change 0.2 thousand, +0.3 %
        WORD_PROCESSORS, employment_2024=57_000, employment_2034=57_100, employment_change=200, change_percent=0.3
    )
    assert "(+0.3%, +200 jobs, which EP computes before rounding: the rounded figures give +0.2%, +100; all" in (
        employment_sentence(actors)
    )
    managers = dataclasses.replace(  # 11-1021: the percentage agrees, the change in jobs does not
        WORD_PROCESSORS,
        employment_2024=3_712_900,
        employment_2034=3_876_800,
        employment_change=164_000,
        change_percent=4.4,
    )
    assert "(+4.4%, +164,000 jobs, which EP computes before rounding: the rounded figures give +163,900; all" in (
        employment_sentence(managers)
    )


def test_no_note_without_figures():
    assert dataclasses.replace(WORD_PROCESSORS, employment_2024=None).change_percent_from_rounded_display is None
    assert dataclasses.replace(WORD_PROCESSORS, employment_2024=0).change_percent_from_rounded_display is None
    assert dataclasses.replace(WORD_PROCESSORS, change_percent=None).change_percent_from_rounded_display is None
