"""What the chapters show from O*NET (issue 15), on every real chapter, checked against the raw O*NET and OEWS
files (read by ``conftest``, never through ``occprofiles.extract``): related occupations, the specialties of
codes O*NET rates only through them, the military scope box, and the labels of the O*NET rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest

from occprofiles import charts
from occprofiles.profile import Profile

from conftest import chapter_sections_as_read, oews_number

pytestmark = pytest.mark.usefixtures("processed")

SECTIONS = ("summary", "what_they_do", "key_facts", "career_metrics", "skills_and_education", "pay", "outlook",
            "geography", "industries", "regional_outlook", "related", "sources")  # fmt: skip


def chapter_text(p: Profile, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """{section: the text a reader reads}, O*NET's escaped asterisk as shown."""
    return {k: v.replace("O\\*NET", "O*NET") for k, v in chapter_sections_as_read(p, monkeypatch, SECTIONS).items()}


@pytest.fixture(scope="module")
def texts(all_profiles) -> Iterator[dict[str, tuple[Profile, dict[str, str]]]]:
    with pytest.MonkeyPatch.context() as mp:
        yield {code: (p := Profile.from_dict(d), chapter_text(p, mp)) for code, d in sorted(all_profiles.items())}


# --- related occupations ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_related(onet) -> dict[str, list[tuple[str, str, str]]]:
    """SOC code -> [(related SOC code, related O*NET title, tier)] of its .00 record, in O*NET's Index order."""
    df = onet("Related Occupations")
    df = df[df["O*NET-SOC Code"].str.endswith(".00")].sort_values(["O*NET-SOC Code", "Index"], kind="mergesort")
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for code, related, title, tier in zip(
        df["O*NET-SOC Code"], df["Related O*NET-SOC Code"], df["Related Title"], df["Relatedness Tier"], strict=True
    ):
        out[code[:7]].append((related[:7], title, tier))
    return out


def test_related_rows_are_onet_s_list_by_soc_code_without_the_own_code(all_profiles, raw_related, oews_db):
    """Every chapter: one row per SOC code in O*NET's order, never the chapter's own code (29-1141 showed 4 RN
    specialties of 10), titled and priced by the same SOC code (no "Urologists" beside Physicians, All Other's
    median)."""
    checked = 0
    for code, p in all_profiles.items():
        expected: dict[str, list[tuple[str, str]]] = {}
        for soc, title, tier in raw_related.get(code, []):
            if soc != code:
                expected.setdefault(soc, []).append((title, tier))
        rows = p["related_occupations"]
        assert [r["soc_code"] for r in rows] == list(expected), code
        for r in rows:
            titles = expected[r["soc_code"]]
            assert r["onet_titles"] == [t for t, _ in titles] and r["relatedness_tier"] == titles[0][1], code
            book = all_profiles.get(r["soc_code"])
            if book is None:
                assert r["title"] == titles[0][0] and r["annual_median_wage_usd"] is None, (code, r)
                continue
            assert r["title"] == r["soc_title"] == book["title"], (code, r)
            oews_code = book["code_mapping"]["oews_code"]
            cell = oews_db.national(oews_code) if oews_code else None
            assert r["annual_median_wage_usd"] == (None if cell is None else oews_number(cell["v13"])), (code, r)
            checked += 1
    assert checked > 10_000


def test_29_1141_relates_no_nursing_specialty_of_its_own(texts):
    p, text = texts["29-1141"]
    assert all(r.soc_code != "29-1141" for r in p.related_occupations)
    for specialty in ("Acute Care Nurses", "Critical Care Nurses", "Clinical Nurse Specialists"):
        assert specialty not in text["related"]
    assert "Primary-Short (its 5 most related)" in text["related"]


def test_table_and_wage_chart_name_the_same_occupation_at_the_same_wage(texts):
    """The wage-comparison chart, the pay table beside it and the related-occupations table agree: a related
    occupation has one name and one wage in the chapter (717 rows in 346 chapters disagreed)."""
    compared = 0
    for code, (p, text) in texts.items():
        table_rows = {r.soc_code: r for r in p.related_occupations}
        chart = charts.chart_data("median_comparison", p)
        chart_labels = set(chart.loc[chart["kind"] != "self", "label"]) if len(chart) else set()
        for r in p.comparisons.related:
            shown = table_rows[r.soc_code]
            assert (r.title, r.annual_median_wage_usd) == (shown.title, shown.annual_median_wage_usd), code
            assert r.title in text["related"], (code, r.title)
            if not p.sections["wages"].available:  # no pay section: no chart, no pay table (hourly-only codes)
                continue
            assert r.title in text["pay"], (code, r.title)
            if r.annual_median_wage_usd is not None:
                assert r.title in chart_labels, (code, r.title, chart_labels)
            compared += 1
    assert compared > 1_000


def test_onet_titles_within_a_soc_code_are_named_as_examples(texts):
    """A SOC code that stands for other O*NET titles shows them as O*NET's, beside the SOC title of the wage."""
    seen = 0
    for code, (p, text) in texts.items():
        for r in p.related_occupations[:10]:
            others = [t for t in r.onet_titles if t != r.title]
            if others:
                assert f"{r.title} (O*NET: {'; '.join(others)})" in text["related"], (code, r)
                assert '"O*NET:" names the O*NET occupations' in text["related"], code
                seen += 1
    assert seen > 300


# --- specialties of codes O*NET rates only through them -------------------------------------------------


@pytest.fixture(scope="module")
def raw_tasks(onet) -> dict[str, list[tuple[str, str]]]:
    """O*NET-SOC code -> [(task text, task type)] in Task ID order."""
    df = onet("Task Statements").sort_values(["O*NET-SOC Code", "Task ID"], kind="mergesort")
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, task, kind in zip(df["O*NET-SOC Code"], df["Task"], df["Task Type"], strict=True):
        out[code].append((task, str(kind)))
    return out


def test_codes_without_soc_level_tasks_show_their_rated_specialties(texts, raw_tasks, onet):
    """11-9199 and every code like it: O*NET's tasks for the SOC-level record are absent, its specialties have
    them; the chapter names each such specialty with its first core task, in O*NET's words."""
    occupations = onet("Occupation Data")
    by_soc: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, title in zip(occupations["O*NET-SOC Code"], occupations["Title"], strict=True):
        if not code.endswith(".00"):
            by_soc[code[:7]].append((code, title))
    shown = []
    for code, (p, text) in texts.items():
        if raw_tasks.get(f"{code}.00") or p.code_mapping.kind != "detailed":
            continue
        rated = [(c, t) for c, t in by_soc.get(code, []) if raw_tasks.get(c)]
        if not rated:
            assert "O*NET rates these specialties" not in text["what_they_do"], code
            continue
        shown.append(code)
        assert "O*NET rates these specialties within this SOC code" in text["what_they_do"], code
        for onet_code, title in rated:
            tasks = raw_tasks[onet_code]
            first = next((t for t, kind in tasks if kind == "Core"), tasks[0][0])
            assert f"**{title}** (O*NET-SOC {onet_code})" in text["what_they_do"], (code, onet_code)
            assert first in text["what_they_do"], (code, onet_code, first)
    assert "11-9199" in shown and len(shown) >= 20, shown


def test_11_9199_reads_as_examples_with_ratings(texts):
    text = texts["11-9199"][1]["what_they_do"]
    assert "examples of the work, not a description of the whole SOC occupation" in text
    assert "Regulatory Affairs Managers" in text and "Wind Energy Operations Managers" in text
    assert "*Most important skills (importance 1–5):*" in text


# --- military occupations -----------------------------------------------------------------------------


def test_military_chapters_say_what_the_sources_cover_once(texts):
    """55-xxxx: one box that says which sources cover the military, then only the sections with data (the
    chapter printed 13 "not published" blocks)."""
    military = {code: v for code, v in texts.items() if code.startswith("55-")}
    assert len(military) == 19
    for code, (p, text) in military.items():
        assert text["summary"].count("What the sources cover for a military occupation") == 1, code
        assert "none of them covers the armed forces" in text["summary"], code
        every = "\n".join(text.values())
        assert "not published" not in every, (code, [s for s, t in text.items() if "not published" in t])
        silent = {s for s, t in text.items() if not t}
        has_data = {name for name, s in p.sections.items() if s.available}
        assert has_data == {"identity"}, code  # what the box says: O*NET gives description and titles only
        assert silent == set(SECTIONS) - {"summary", "what_they_do", "sources"}, code
        assert "Also called:" in text["what_they_do"], code


def test_civilian_chapters_keep_every_section(texts):
    for code, (_p, text) in texts.items():
        if not code.startswith("55-"):
            assert all(text[s] for s in SECTIONS), (code, [s for s in SECTIONS if not text[s]])
            assert "What the sources cover for a military occupation" not in text["summary"], code


# --- labels of the O*NET rules ----------------------------------------------------------------------------


def _labels(p: Profile) -> set[str]:
    return {f.id for f in (*p.strengths, *p.challenges)}


def test_fast_changing_technology_reflects_the_occupation_s_own_postings(texts):
    """41-2031 (23 hot technologies incl. AutoCAD and Eclipse, none in demand for it) is not labelled; the
    occupations the methods page names are."""
    labelled = {code for code, (p, _t) in texts.items() if "fast_changing_technology" in _labels(p)}
    assert "41-2031" not in labelled and "11-9111" not in labelled
    assert {"15-1252", "15-1254", "15-2051", "17-2051", "27-1024"} <= labelled
    assert 30 <= len(labelled) <= 60, len(labelled)
    evidence = next(f.evidence for f in texts["15-1254"][0].challenges if f.id == "fast_changing_technology")
    assert evidence.startswith("33 hot technologies in demand in this occupation's job postings"), evidence


def test_a_detailed_code_does_not_inherit_high_demand_from_its_aggregate_s_openings(texts):
    for code in ("13-1021", "13-1022", "13-1023"):
        p = texts[code][0]
        assert p.code_mapping.ep_code == "13-1020" and "high_demand" not in _labels(p), code
    assert "high_demand" in _labels(texts["13-1020"][0])  # the aggregate's own openings still count
    both = [c for c, (p, _t) in texts.items() if {"high_demand", "projected_decline"} <= _labels(p)]
    assert both == []


def test_work_life_balance_reads_as_a_percentile_rank(texts):
    p, text = texts["11-9111"]
    w = p.work_life_balance
    assert (
        f"**{w.score:.1f} / 10**: at or above {w.percentile}% of the 734 O*NET occupations scored"
        in (text["career_metrics"])
    )
    assert f"their weighted composite is {w.composite:.1f} on 0–10" in text["career_metrics"]


# --- interests --------------------------------------------------------------------------------------------------


def test_the_holland_sentence_names_onet_s_high_points_in_order_with_their_scores(texts, onet):
    """The interests named are the raw high points (scale IH: 1–6 = R I A S E C, 0 = none), in O*NET's order, each
    with its raw OI score; a one-letter code names one interest, not the runner-up by score (21-1015: S alone,
    though Enterprising scores 3.56)."""
    df = onet("Interests")
    df = df[df["O*NET-SOC Code"].str.endswith(".00")]
    letters = "RIASEC"
    names = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")
    high: dict[str, list[str]] = defaultdict(list)
    score: dict[str, dict[str, float]] = defaultdict(dict)
    for code, scale, element, value in zip(
        df["O*NET-SOC Code"], df["Scale ID"], df["Element Name"], df["Data Value"], strict=True
    ):
        if scale == "IH" and float(value) > 0:
            high[code[:7]].append((element, letters[int(float(value)) - 1]))
        elif scale == "OI":
            score[code[:7]][element] = float(value)
    order = ("First Interest High-Point", "Second Interest High-Point", "Third Interest High-Point")
    checked = one_letter = 0
    for code, points in sorted(high.items()):
        if code not in texts or texts[code][0].interests is None:
            continue
        code_letters = "".join(letter for _e, letter in sorted(points, key=lambda p: order.index(p[0])))
        named = [f"{names[letters.index(x)]} ({score[code][names[letters.index(x)]]:.2f})" for x in code_letters]
        shown = " and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else named[0]
        text = texts[code][1]["career_metrics"]
        assert f"Holland code **{code_letters}**: the strongest interest" in text, code
        assert f" {shown} on O*NET's 1–7 scale" in text, (code, shown)
        others = [n for n in names if n[0] not in code_letters]
        sentence = text[text.index("Holland code **") :].split("\n")[0]
        assert not any(f"{n} (" in sentence for n in others), (code, sentence)
        checked += 1
        one_letter += len(code_letters) == 1
    assert checked > 700 and one_letter >= 15, (checked, one_letter)
    assert (
        "the strongest interest is Social (6.81) on O*NET's 1–7 scale; O*NET names no second"
        in (texts["21-1015"][1]["career_metrics"])
    )
