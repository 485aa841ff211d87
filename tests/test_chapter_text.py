"""What the chapters say (issue 15, "Sentences that do not add up"): the text of real chapters, rendered
in-process with the chapter's own methods (charts left out), read as a careful reader would.

Every check runs over all profiles where the issue counted chapters; numbers are checked against the raw
files (EP workbook, OEWS footnote table) read by ``conftest``, never through ``occprofiles.extract``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from occprofiles.profile import Profile

from conftest import chapter_sections_as_read

MINUS = "\u2212"
SECTIONS = (
    "summary",
    "what_they_do",
    "key_facts",
    "career_metrics",
    "skills_and_education",
    "pay",
    "outlook",
    "geography",
    "industries",
    "regional_outlook",
    "related",
    "sources",
)
EP_HALF = 50  # EP rounds to the hundred: each published figure is within 50 of the true one


def chapter_text(p: Profile, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return chapter_sections_as_read(p, monkeypatch, SECTIONS)


@pytest.fixture(scope="module")
def texts(all_profiles) -> Iterator[dict[str, tuple[Profile, dict[str, str]]]]:
    with pytest.MonkeyPatch.context() as mp:
        yield {code: (p := Profile.from_dict(d), chapter_text(p, mp)) for code, d in sorted(all_profiles.items())}


def text_of(texts: dict[str, Any], code: str) -> dict[str, str]:
    return texts[code][1]


def number(text: str) -> int:
    return int(text.replace(",", ""))


# --- 1. openings add up ---------------------------------------------------------------------------

OPENINGS = re.compile(r"(About [\d,]+|Fewer than 50) openings a year(?P<rest>[^*]*)")
TERM = re.compile(r"(?P<sign>less )?(?P<value>[\d,]+|fewer than 50)(?: a year)? (?:from|as) ")


def stated_openings(outlook: str) -> tuple[int | None, list[tuple[int, int]]]:
    """(total, [(low, high) of each stated part, signed]) of the openings sentence; total None if 'fewer than 50'."""
    m = OPENINGS.search(outlook)
    assert m, outlook
    head = m.group(1)
    total = None if head.startswith("Fewer") else number(head.split()[1])
    parts = []
    for t in TERM.finditer(m.group("rest")):
        low, high = (0, EP_HALF - 1) if t["value"] == "fewer than 50" else (number(t["value"]),) * 2
        parts.append((-high, -low) if t["sign"] else (low, high))
    if "adds fewer than 50" in m.group("rest"):
        parts.append((0, EP_HALF - 1))
    if "removes fewer than 50" in m.group("rest"):
        parts.append((-(EP_HALF - 1), 0))
    return total, parts


def test_openings_parts_add_up_to_the_total_within_ep_rounding_in_every_chapter(texts):
    """41-2031: 555,800 = 261,600 + 296,200 − 2,000. Exits, transfers and separations are rounded on their
    own (± 50 each), so the stated parts may miss the total by up to 150, never more."""
    wrong, checked = [], 0
    for code, (p, t) in texts.items():
        e = p.projections
        if not e.available or e.annual_openings is None:
            continue
        total, parts = stated_openings(t["outlook"])
        if total is None:
            assert e.annual_openings < EP_HALF and not parts, code
            continue
        checked += 1
        low, high = sum(a for a, _ in parts), sum(b for _, b in parts)
        if not (low - 3 * EP_HALF <= total <= high + 3 * EP_HALF) or len(parts) < 3:
            wrong.append((code, total, parts))
    assert checked > 800
    assert not wrong, f"{len(wrong)} chapters: {wrong[:5]}"


def test_a_declining_occupation_states_its_negative_growth_term(texts):
    outlook = text_of(texts, "41-2031")["outlook"]
    assert (
        "About 555,800 openings a year: 261,600 from workers leaving the labour force and 296,200 from transfers "
        "to other occupations, less 2,000 a year as employment declines." in outlook
    )


# --- 2. small occupations: never 0 or +0 ----------------------------------------------------------

ZERO_COUNT = re.compile(r"(?<![\d,.])[+\u2212-]?0(?![\d,.%])")


def test_no_ep_count_is_shown_as_zero(texts):
    """EP rounds to the hundred: a published 0 is "fewer than 50" in the key facts and the outlook."""
    wrong = []
    for code, (_p, t) in texts.items():
        for section in ("key_facts", "outlook"):
            cells = re.findall(r'<td class="text-right">([^<]*)</td>', t[section]) + re.findall(
                r"\b(\d[\d,]*) (?:from|openings)", t[section]
            )
            if any(ZERO_COUNT.fullmatch(c.strip()) for c in cells) or re.search(r"About 0 |\(\+0\)", t[section]):
                wrong.append((code, section))
    assert not wrong, wrong[:10]


def test_29_1024_and_29_1022_read_as_small_not_zero(texts):
    t = text_of(texts, "29-1024")
    assert "Fewer than 50 openings a year" in t["outlook"] and "a change of fewer than 50 jobs" in t["outlook"]
    assert '<td class="text-right">fewer than 50</td>' in t["key_facts"]
    outlook = text_of(texts, "29-1022")["outlook"]
    assert (
        "About 200 openings a year: 100 from workers leaving the labour force and fewer than 50 from transfers"
        in outlook
    )
    assert "employment adds fewer than 50 a year" in outlook  # employment grows: 6,100 -> 6,400
    assert " 0 from" not in outlook


def test_regional_counts_state_projections_central_rounding(texts):
    t = text_of(texts, "29-1024")["regional_outlook"]
    assert "fewer than 5 openings a year" in t and " 0 openings" not in t


def test_regional_outlook_says_the_nation_is_not_the_sum_of_its_publishing_states(texts, pc_rows):
    """51-7032 reads "United States: 200 -> 300 (+50.0%)" beside its three publishing states at 0 %: the chapter
    says how many of the 51 states (with DC) publish, counted here in the raw file, whenever not all do."""
    publishing: dict[str, set[int]] = {}
    for r in pc_rows:
        if 0 < int(r["stfips"]) <= 56:  # the 50 states and DC (FIPS 1-56); territories from 60 up
            publishing.setdefault(r["code"].strip(), set()).add(int(r["stfips"]))
    checked = 0
    for code, (p, t) in texts.items():
        r = p.regional_outlook
        if r.national is None:
            continue
        k = len(publishing.get(r.published_code or code, ()))
        said = f"{k} of the 51 states (with DC) publish one for this occupation"
        assert (said in t["regional_outlook"]) == (k < 51), (code, k)
        checked += 1
    assert checked > 700
    assert "3 of the 51 states (with DC) publish one" in text_of(texts, "51-7032")["regional_outlook"]


# --- 3. all occupations' growth, from EP Table 1.2 -------------------------------------------------


def test_all_occupations_growth_is_ep_table_1_2_total(texts, ep_table):
    raw = ep_table["1.2"]["00-0000"]["Employment change, percent, 2024–34"]
    expected = f"all occupations +{float(raw):.1f}%, EP Table 1.2, code 00-0000"
    without = [c for c, (p, t) in texts.items() if p.projections.available and expected not in t["outlook"]]
    assert not without, without[:10]
    assert not [c for c, (_p, t) in texts.items() if "see the methods page for context" in "".join(t.values())]


# --- 4. the OEWS-vs-EP employment note ---------------------------------------------------------------


def test_employment_note_makes_no_causal_claim_and_needs_both_figures(texts):
    for code, (p, t) in texts.items():
        k, note = p.key_facts, t["key_facts"]
        assert "for that reason" not in note and "due to" not in note, code
        both = k.oews_employment is not None and k.ep_employment_2024 is not None
        assert ("measure employment differently" in note) == both, code
    note = text_of(texts, "11-9111")["key_facts"]
    assert "scope" in note and "reference period (OEWS May 2025; EP 2024)" in note and "rounding" in note
    assert "EP's 2024 figure is 19,120 higher than OEWS's May 2025 figure" in note
    assert "measure employment differently" not in text_of(texts, "55-1011")["key_facts"]


# --- 5. the wage RSE is the mean wage's ----------------------------------------------------------------


def test_wage_rse_is_labelled_as_the_mean_wage(texts):
    pay = text_of(texts, "11-9111")["pay"]
    assert "Relative standard error of the mean wage: " in pay and "wage estimates" not in pay


# --- 6. plurals, capitals, tasks -------------------------------------------------------------------------


def test_one_area_is_singular(texts):
    everything = "\n".join(s for _p, t in texts.values() for s in t.values())
    assert "(1 areas" not in everything
    assert "(1 area publishes this occupation)" in text_of(texts, "35-2013")["geography"]
    # 29-1243: New York publishes employment and a wage; Dallas only a median at or above the top code (kept, issue 12)
    assert "(2 areas publish this occupation)" in text_of(texts, "29-1243")["geography"]
    # 29-1022: one area publishes employment, eight more a wage only (kept since issue 15, tests/test_held_data.py),
    # three more only a median at or above the top code (kept since issue 12)
    assert "(12 areas publish this occupation)" in text_of(texts, "29-1022")["geography"]


def test_reasons_after_not_published_start_with_a_capital(texts):
    lower = [
        (c, m.group(0))
        for c, (_p, t) in texts.items()
        for s in t.values()
        for m in re.finditer(r"not published\.\*\* [a-z]\S*", s)
    ]
    assert not lower, lower[:10]


def test_tasks_are_listed_not_rated(texts):
    for code, (p, t) in texts.items():
        what = t["what_they_do"]
        assert "*(not rated)*" not in what, code
        assert not re.search(r"\*\*Tasks: not published\.\*\*[^\n]*(rating|rates)", what), code
        uncategorised = [x for x in p.tasks if x.type is None]
        assert ("not categorised by O\\*NET" in what) == bool(uncategorised), code
        if uncategorised:
            listed = what.split("**Tasks not categorised by O\\*NET")[1]
            assert f"- {uncategorised[0].text}".replace("O*NET", "O\\*NET") in listed, code


# --- 7. regions --------------------------------------------------------------------------------------------


def test_a_region_summed_from_some_states_names_the_others(texts):
    t = text_of(texts, "11-9111")["regional_outlook"]
    assert "left out of the sums: South: Florida and Georgia." in t
    for code, (p, t) in texts.items():
        for g in p.regional_outlook.regions:
            for state in g.states_not_published if g.states_published > 1 else ():
                assert state in t["regional_outlook"], (code, g.region, state)


def test_a_one_state_region_is_not_a_trend(texts):
    t = text_of(texts, "29-1024")["regional_outlook"]
    assert "South: only Virginia publishes this occupation" in t and "not a regional trend" in t
    for code, (p, t) in texts.items():
        for g in p.regional_outlook.regions:
            if g.states_published == 1:
                assert f"<td>{g.region}</td>" not in t["regional_outlook"], code


# --- 8. the top code, in OEWS footnote 5's own words -------------------------------------------------------


def test_top_coded_wages_cite_footnote_5(texts, oews_db):
    (raw,) = [r for r in oews_db.query("SELECT * FROM footnote") if str(r["footnote_code"]) == "5"]
    footnote = str(raw["footnote_text"]).strip()
    geo = text_of(texts, "29-1022")["geography"]
    assert f"“{footnote}”" in geo
    assert "Pennsylvania: $553,740" in geo and "publishes others above it" in geo
    for code, (p, t) in texts.items():
        if any(s.annual_median_wage_top_coded for s in p.states[:10]):
            assert footnote in t["geography"], code


# --- 9. signs ---------------------------------------------------------------------------------------------


def test_no_signed_zero_and_no_hyphen_minus_in_figures(texts):
    wrong = []
    for code, (_p, t) in texts.items():
        for section, s in t.items():
            if re.search(r"[\u2212-]0\.0+%", s):
                wrong.append((code, section, "signed zero"))
            if re.search(r"<td[^>]*>[^<]*(?<![\w-])-\d", s):  # a figure in a table cell (SOC codes excluded)
                wrong.append((code, section, "hyphen-minus"))
    assert not wrong, wrong[:10]
    assert f"{MINUS}0.5%" in text_of(texts, "41-2031")["key_facts"]


# --- labels that contradict each other ---------------------------------------------------------------------


def test_high_demand_never_beside_projected_decline(texts):
    """27 chapters had both (41-2031 at −0.5%, 35-2011 at −13.5%): openings alone are turnover, not demand."""
    both = [
        c
        for c, (p, _t) in texts.items()
        if {"high_demand"} <= {f.id for f in p.strengths} and {"projected_decline"} <= {f.id for f in p.challenges}
    ]
    assert both == []
    demand = {c for c, (p, _t) in texts.items() if any(f.id == "high_demand" for f in p.strengths)}
    assert {"29-1171", "15-2051", "29-1141", "11-9111"} <= demand and not {"41-2031", "41-2011", "35-2011"} & demand
    # a code EP publishes within an aggregate takes its growth rate, said whose, but not its openings (13-1021
    # was "High demand" on 13-1020's 52,200 openings: three occupations')
    assert not any(f.id == "high_demand" for f in texts["13-1021"][0].strengths)
    evidence = next(f.evidence for f in texts["21-1011"][0].strengths if f.id == "high_demand")
    assert "the aggregate's openings not counted" in evidence
    assert evidence.endswith("(EP figures for the aggregate 21-1018)")
