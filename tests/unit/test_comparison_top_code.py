"""A top-coded median in the comparison table reads as the bound, never "not published" (issue 15 review)."""

from __future__ import annotations

from occprofiles.profile import Comparisons, RelatedWage


def test_related_and_own_top_coded_medians_show_the_bound():
    top = RelatedWage(
        soc_code="29-1211", title="Anesthesiologists", annual_median_wage_usd=None, annual_median_wage_top_coded=True
    )
    plain = RelatedWage(
        soc_code="29-1141",
        title="Registered Nurses",
        annual_median_wage_usd=93_600.0,
        annual_median_wage_top_coded=False,
    )
    missing = RelatedWage(
        soc_code="55-1011", title="Air Crew Officers", annual_median_wage_usd=None, annual_median_wage_top_coded=False
    )
    assert top.annual_median_wage_display == "≥ $239,200"
    assert plain.annual_median_wage_display == "$93,600"
    assert missing.annual_median_wage_display == "not published"
    c = Comparisons(
        release="May 2025",
        annual_median_wage_usd=None,
        annual_median_wage_top_coded=True,
        all_occupations_annual_median_wage_usd=49_500.0,
        major_group_code="29-0000",
        major_group_title="Healthcare Practitioners and Technical Occupations",
        major_group_annual_median_wage_usd=None,
        related=(top, plain),
    )
    assert c.annual_median_wage_display == "≥ $239,200"
