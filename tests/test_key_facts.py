"""Facts first (issue 12): the key-facts card a chapter opens with and its "Further information" links, on the
real profiles. Figures are compared with the raw files read by ``conftest`` (the OEWS SQLite cells, the EP
workbook, Frey & Osborne's CSV, O*NET's Occupation Data), never through ``occprofiles.extract``."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest

from occprofiles.profile import Profile

from conftest import chapter_sections_as_read, ep_number, oews_int, oews_number

SECTIONS = ("key_facts", "further_information")
ROW = re.compile(r"<tr><td>(?P<fact>[^<]*)</td><td[^>]*>(?P<value>[^<]*)</td><td>(?P<source>[^<]*)</td></tr>")


@pytest.fixture(scope="module")
def texts(all_profiles):
    with pytest.MonkeyPatch.context() as mp:
        yield {
            code: (p := Profile.from_dict(d), chapter_sections_as_read(p, mp, SECTIONS))
            for code, d in sorted(all_profiles.items())
        }


def card(texts, code: str) -> dict[str, tuple[str, str]]:
    """{fact: (value, source)} of a chapter's card (the first row of a fact shown twice)."""
    out: dict[str, tuple[str, str]] = {}
    for m in ROW.finditer(texts[code][1]["key_facts"]):
        out.setdefault(m["fact"], (m["value"], m["source"]))
    return out


def test_11_9111_card_shows_the_raw_figures_with_sources_and_releases(texts, oews_db, ep_line_items, fo_table):
    raw, ep = oews_db.national("11-9111"), ep_line_items["11-9111"]
    facts = card(texts, "11-9111")
    assert list(facts) == [
        "Median annual wage",
        "Employment: wage and salary jobs, without the self-employed",
        "Employment 2024: all jobs, with the self-employed",
        "Projected growth 2024–34",
        "Openings a year, 2024–34 average",
        "Typical entry education",
        "Self-employed share, 2024",
        "Probability of computerisation (risk band)",
        "Work-life balance indicator (5 = the median occupation)",
    ]
    assert facts["Median annual wage"] == (
        f"${oews_number(raw['v13']):,.0f} (${oews_number(raw['v08']):,.2f}/h)",
        "BLS OEWS, May 2025",
    )
    assert facts["Median annual wage"][0] == "$123,860 ($59.55/h)"
    employment = "Employment: wage and salary jobs, without the self-employed"
    assert facts[employment] == (f"{oews_int(raw['v01']):,}", "BLS OEWS, May 2025")
    ep_2024 = round(ep_number(ep["Employment, 2024"]) * 1000)
    assert facts["Employment 2024: all jobs, with the self-employed"] == (
        f"{ep_2024:,.0f}",
        "BLS Employment Projections, 2024–34",
    )
    assert facts["Typical entry education"][0] == "Bachelor's degree"
    assert facts["Probability of computerisation (risk band)"] == (
        f"{float(fo_table['11-9111']['Probability']):.1%} (low)",
        "Frey & Osborne, 2013",
    )
    balance = facts["Work-life balance indicator (5 = the median occupation)"]
    assert balance == (
        f"{texts['11-9111'][0].work_life_balance.score:.1f} / 10",
        "O*NET 29.3 ratings (USDOL/ETA, CC BY 4.0)",
    )
    note = texts["11-9111"][1]["key_facts"]
    assert "excludes the self-employed; EP counts all jobs, including the self-employed" in note


def test_every_card_row_names_its_source_and_release_and_says_why_a_value_is_missing(texts):
    checked = 0
    for code, (p, _text) in texts.items():
        facts = card(texts, code)
        if code.startswith("55-"):
            assert not facts, code  # the scope box says why: no BLS figure, and no automation or work-life one
            continue
        checked += 1
        assert len(facts) >= 9, code
        for fact, (value, source) in facts.items():
            assert re.search(r"May 2025|2024–34|May 2024|, 2013|O\*NET 29\.3", source), (code, fact, source)
            assert value.strip() and value not in ("nan", "None"), (code, fact)
        if p.automation.probability is None:
            assert facts["Probability of computerisation (risk band)"][0] == f"not published — {p.automation.reason}"
        if p.work_life_balance.score is None:
            balance = facts["Work-life balance indicator (5 = the median occupation)"]
            assert balance[0] == f"not published — {p.work_life_balance.reason}", code
    assert checked > 850


def test_a_figure_of_an_aggregate_says_so_in_its_source(texts):
    facts = card(texts, "21-1011")
    assert facts["Median annual wage"][1] == "BLS OEWS, May 2025 (aggregate 21-1018)"
    assert facts["Projected growth 2024–34"][1] == "BLS Employment Projections, 2024–34 (aggregate 21-1018)"
    assert card(texts, "11-9111")["Median annual wage"][1] == "BLS OEWS, May 2025"


HREF = re.compile(r'<a class="reference external" href="(https://[^"]+)">')


def links(text: str) -> list[str]:
    """The addresses a browser follows (the anchors' hrefs, unescaped once as HTML does)."""
    return [html.unescape(u) for u in HREF.findall(text)]


def test_further_information_links_the_onet_codes_and_the_oews_pages_that_exist(texts, onet, oews_db):
    """Every O*NET-SOC code of O*NET 29.3 under the SOC code; the OEWS May 2025 page of the code OEWS publishes
    nationally, none where it publishes none; CareerOneStop for civilian codes with an O*NET code."""
    onet_codes: dict[str, set[str]] = defaultdict(set)
    for c in onet("Occupation Data")["O*NET-SOC Code"]:
        onet_codes[c[:7]].add(c)
    for code, (p, t) in texts.items():
        urls = links(t["further_information"])
        linked = {u.rsplit("/", 1)[1] for u in urls if u.startswith("https://www.onetonline.org/link/summary/")}
        assert linked == onet_codes.get(code, set()), code
        oews = [u for u in urls if u.startswith("https://www.bls.gov/oes/")]
        published = p.code_mapping.oews_code or code
        if oews_db.national(published) is not None and not code.startswith("55-"):
            assert oews == [f"https://www.bls.gov/oes/2025/may/oes{published.replace('-', '')}.htm"], code
        else:
            assert oews == [], code
            assert code.startswith("55-") or "No BLS OEWS page is linked" in t["further_information"], code
        cos = [u for u in urls if u.startswith("https://www.careeronestop.org/")]
        if code.startswith("55-") or f"{code}.00" not in onet_codes.get(code, ()):
            assert cos == [], code
        else:
            assert len(cos) == 1 and f"onetcode={code.replace('-', '')}00&" in cos[0], code
