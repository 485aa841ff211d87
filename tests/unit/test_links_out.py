"""The "Further information" address patterns against addresses known to work (cited in
``occprofiles.links_out``), and which pages a chapter links for detailed, aggregate, military and
not-published codes (stand-in profiles: only the fields the links are built from)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from occprofiles.links_out import careeronestop_url, further_links, oews_url, onet_online_url


def test_onet_online_summary_by_onet_soc_code():
    assert onet_online_url("29-1141.00") == "https://www.onetonline.org/link/summary/29-1141.00"
    assert onet_online_url("13-2041.00") == "https://www.onetonline.org/link/summary/13-2041.00"
    assert onet_online_url("29-1141.03") == "https://www.onetonline.org/link/summary/29-1141.03"


def test_oews_page_of_the_release():
    assert oews_url("29-1141", "May 2019") == "https://www.bls.gov/oes/2019/may/oes291141.htm"
    assert oews_url("11-2021", "May 2024") == "https://www.bls.gov/oes/2024/may/oes112021.htm"
    assert oews_url("29-1141", "May 2025") == "https://www.bls.gov/oes/2025/may/oes291141.htm"


def test_careeronestop_profile_as_its_search_links_it():
    assert careeronestop_url("17-3021.00", "Aerospace Engineering and Operations Technologists and Technicians") == (
        "https://www.careeronestop.org/Toolkit/Careers/Occupations/occupation-profile.aspx?keyword=Aerospace%20"
        "Engineering%20and%20Operations%20Technologists%20and%20Technicians&onetcode=17302100&location=UNITED%20STATES"
    )
    # a title with punctuation is encoded, never left to break the query string
    url = careeronestop_url("21-1011.00", "Substance Abuse & Behavioral Disorder Counselors")
    assert "keyword=Substance%20Abuse%20%26%20Behavioral%20Disorder%20Counselors&onetcode=21101100&" in url


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (onet_online_url, "29-1141"),
        (onet_online_url, "29-1141.00/../x"),
        (lambda c: oews_url(c, "May 2025"), "29-1141.00"),
        (lambda c: oews_url("29-1141", c), "2025"),
        (lambda c: careeronestop_url(c, "Nurses"), "29114100"),
    ],
)
def test_malformed_codes_are_refused(call, arg):
    with pytest.raises(ValueError):
        call(arg)


def profile(code, onet=None, specialties=(), oews_code=None, oews_available=True, covers=()):
    return SimpleNamespace(
        soc_code=code,
        title=f"Title {code}",
        onet_soc_code=onet,
        onet_specialties=tuple(SimpleNamespace(onet_soc_code=s, title=f"Specialty {s}") for s in specialties),
        oews=SimpleNamespace(
            available=oews_available, published_code=oews_code, release="May 2025", reason="no estimate"
        ),
        code_mapping=SimpleNamespace(kind="aggregate" if covers else "detailed", covers=covers),
    )


def sites(p) -> list[tuple[str, str]]:
    return [(x.site, x.url.rsplit("/", 1)[-1]) for x in further_links(p)]


def test_a_detailed_code_links_every_onet_code_its_oews_page_and_careeronestop():
    p = profile("29-1141", "29-1141.00", ("29-1141.01", "29-1141.02"), "29-1141")
    assert [s for s, _ in sites(p)] == ["O*NET OnLine"] * 3 + ["BLS OEWS, May 2025", "CareerOneStop"]
    assert [u for _, u in sites(p)][:4] == ["29-1141.00", "29-1141.01", "29-1141.02", "oes291141.htm"]
    assert "onetcode=29114100" in further_links(p)[-1].url


def test_a_code_oews_publishes_within_an_aggregate_links_the_aggregates_page_and_says_so():
    links = further_links(profile("21-1011", "21-1011.00", (), "21-1018"))
    oews = [x for x in links if x.site.startswith("BLS OEWS")]
    assert [x.url for x in oews] == ["https://www.bls.gov/oes/2025/may/oes211018.htm"]
    assert oews[0].code == "21-1018" and "aggregate" in oews[0].text


def test_an_aggregate_code_has_no_onet_code_and_links_its_oews_page_only():
    p = profile("13-1020", None, (), "13-1020", covers=("13-1021", "13-1022"))
    assert sites(p) == [("BLS OEWS, May 2025", "oes131020.htm")]


def test_military_and_unpublished_codes_link_no_oews_or_careeronestop_page():
    assert sites(profile("55-1011", "55-1011.00", (), None, oews_available=False)) == [("O*NET OnLine", "55-1011.00")]
    legislators = sites(profile("11-1031", "11-1031.00", (), None, oews_available=False))
    assert [s for s, _ in legislators] == ["O*NET OnLine", "CareerOneStop"]
