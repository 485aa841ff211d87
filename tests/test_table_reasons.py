"""A reason for every value a table shows as "not published" (issue 12): each such cell carries the number of its
reason, listed under the table, and the reason is OEWS's own footnote for that very cell in the raw file; industries
that publish a wage but not the employment count are kept, as the metros are.

Raw values are read from the OEWS SQLite file by ``conftest`` (never through ``occprofiles.extract``); chapter
text is made in-process by the chapter's own methods, charts stubbed out.
"""

from __future__ import annotations

import html
import re

import pytest

from occprofiles import formatting as fmt
from occprofiles.booklint.checks import unexplained_not_published
from occprofiles.profile import Profile

from conftest import chapter_sections_as_read, oews_number

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARK = re.compile(rf"^(?P<value>.*?)(?P<mark>[{SUPERSCRIPT}]+)$")
NOTE = re.compile(rf"^(?P<mark>[{SUPERSCRIPT}]+) (?P<text>.+)$", re.M)
# datatype of each table column in the OEWS ``cell`` table (v01 employment, v16 per 1,000 jobs, v17 location
# quotient, v13/v08 annual/hourly median)
STATE_COLUMNS = ("01", "16", "17", "median")
METRO_COLUMNS = ("01", "17", "median")
INDUSTRY_COLUMNS = ("01", "01", "01", "median")  # employment and both shares (made from it)


def oews_reason(footnote: str | None, hourly: bool) -> str:
    """OEWS's footnote in the book's words, capitalised as a note under a table ends up."""
    reason = fmt.oews_missing_reason(int(footnote) if footnote else None, hourly=hourly)
    assert reason, footnote
    return fmt.capitalise_first(reason) + "."


def html_tables(text: str) -> list[list[list[str]]]:
    """Every HTML table of ``text``: its body rows, each a list of cell texts."""
    return [
        [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in body]
        for body in (re.findall(r"<tr>(.*?)</tr>", t) for t in re.findall(r"<tbody>(.*?)</tbody>", text))
    ]


def notes_of(text: str) -> dict[str, str]:
    return {m["mark"]: m["text"] for m in NOTE.finditer(text)}


def marked_cells(rows: list[list[str]], notes: dict[str, str]) -> list[tuple[str, int, str]]:
    """(row name, column, the note's text) of every cell that reads "not published" with a mark."""
    out = []
    for row in rows:
        for i, cell in enumerate(row[1:], start=1):
            if cell.startswith(fmt.NOT_PUBLISHED):
                m = MARK.match(cell)
                assert m and m["value"] == fmt.NOT_PUBLISHED, f"no reason: {row[0]}, column {i}: {cell!r}"
                out.append((row[0], i, notes[m["mark"]]))
    return out


def section(p: Profile, name: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return chapter_sections_as_read(p, monkeypatch, (name,))[name]


def raw_rows(oews_db, area_type: str, code: str, by_industry: bool = False) -> dict[str, dict]:
    """The occupation's raw cells of one kind, keyed by the name the chapter shows (state, area, industry)."""
    if by_industry:
        rows = oews_db.query(
            "SELECT c.*, i.industry_name AS name FROM cell c JOIN industry i ON i.industry_code = substr(c.key, 12, 6) "
            "WHERE c.key LIKE 'OEUN%' AND i.display_level = 3 AND substr(c.key, 18, 6) = ?",
            (code.replace("-", ""),),
        )
    else:
        rows = oews_db.query(
            "SELECT c.*, a.area_name AS name FROM cell c JOIN area a ON a.area_code = substr(c.key, 5, 7) "
            "AND a.areatype_code = ? WHERE c.key LIKE ? AND substr(c.key, 12, 6) = '000000' AND substr(c.key, 18, 6) = ?",
            (area_type, f"OEU{area_type}%", code.replace("-", "")),
        )
    return {r["name"]: r for r in rows}


def check_reasons(rows, notes, raw, columns, hourly: bool) -> int:
    """Every marked cell's note is OEWS's footnote of that cell in the raw file; returns how many were checked."""
    checked = 0
    for name, column, note in marked_cells(rows, notes):
        if column > len(columns):  # "vs national": the median's reason (the state's median is withheld)
            column = columns.index("median") + 1
        datatype = columns[column - 1]
        if datatype == "median":
            datatype = "08" if hourly else "13"
        r = raw[name]
        assert r[f"v{datatype}"] == "-", (name, column)
        assert note == oews_reason(r[f"f{datatype}"], hourly=datatype in ("08",)), (name, column, note)
        checked += 1
    return checked


def test_oews_withholds_the_per_1000_and_location_quotient_with_the_count(oews_db):
    """The chapter gives these two cells the employment count's reason: in the raw file they are withheld exactly
    when the count is, with the same footnote (states and areas)."""
    rows = oews_db.query(
        "SELECT v01, f01, v16, f16, v17, f17 FROM cell WHERE (key LIKE 'OEUS%' OR key LIKE 'OEUM%') "
        "AND (v16 = '-' OR v17 = '-' OR v01 = '-')"
    )
    assert len(rows) > 4000
    assert all(r["v01"] == r["v16"] == r["v17"] == "-" and r["f01"] == r["f16"] == r["f17"] for r in rows)


@pytest.mark.parametrize("code", ["29-1213", "27-2011", "29-1211"])
def test_every_not_published_cell_of_the_oews_tables_carries_oews_reason(code, profile, oews_db, monkeypatch):
    """29-1213 (dermatologists: states and areas that withhold employment or the median, or top-code it), 27-2011
    (actors: hourly medians only, some not released), 29-1211 (an industry with a wage and no employment)."""
    p = Profile.from_dict(profile(code))
    hourly = p.oews.hourly_only
    checked = 0
    geo = section(p, "geography", monkeypatch)
    states, metros = html_tables(geo)
    checked += check_reasons(states, notes_of(geo), raw_rows(oews_db, "S", code), STATE_COLUMNS, hourly)
    checked += check_reasons(metros, notes_of(geo), raw_rows(oews_db, "M", code), METRO_COLUMNS, hourly)
    ind = section(p, "industries", monkeypatch)
    (industries,) = html_tables(ind)
    checked += check_reasons(industries, notes_of(ind), raw_rows(oews_db, "N", code, True), INDUSTRY_COLUMNS, hourly)
    assert checked >= 3, code  # not a test that cannot fail: these chapters do show such cells


def test_the_wage_table_marks_each_withheld_percentile_with_its_footnote(profile, oews_db, monkeypatch):
    """27-2011: OEWS publishes the actors' pay per hour only: every annual cell is "not published" with footnote 4."""
    p = Profile.from_dict(profile("27-2011"))
    pay = section(p, "pay", monkeypatch)
    rows, notes = html_tables(pay)[0], notes_of(pay)
    raw = oews_db.national("27-2011")
    annual = {"Mean": "04", "10th percentile": "11", "25th percentile": "12", "Median": "13"}
    annual |= {"75th percentile": "14", "90th percentile": "15"}
    cells = marked_cells(rows, notes)
    assert {(name, column) for name, column, _ in cells} == {(name, 1) for name in annual}
    for name, _, note in cells:
        assert raw[f"v{annual[name]}"] == "-" and note == oews_reason(raw[f"f{annual[name]}"], hourly=False)
    hourly = dict((r[0], r[2]) for r in rows)
    assert hourly["Median"] == f"${oews_number(raw['v08']):,.2f}/h"


def test_a_related_occupations_median_not_published_says_why(profile, monkeypatch):
    """Actors are related to other occupations OEWS pays per hour only (footnote 4)."""
    p = Profile.from_dict(profile("27-2011"))
    text = section(p, "related", monkeypatch)
    hourly_only = [r for r in p.related_occupations[:10] if r.annual_median_wage_usd is None]
    assert hourly_only
    notes = notes_of(text)
    for r in hourly_only:
        row = next(line for line in text.splitlines() if f"| {r.soc_code} |" in line)
        mark = MARK.match(row.rstrip(" |").rsplit("|", 1)[1].strip())
        assert mark and notes[mark["mark"]] == fmt.capitalise_first(r.annual_median_wage_note or "") + "."


def test_industries_that_publish_a_wage_but_not_employment_are_kept(all_profiles, oews_db, monkeypatch):
    """Every national industry cell (the level the profiles use) that withholds the count but publishes a median is
    in its occupation's profile, with OEWS's reason; 51-7032 publishes no industry's count at all."""
    raw = oews_db.query(
        "SELECT substr(c.key, 18, 6) AS soc, substr(c.key, 12, 6) AS industry, c.* FROM cell c "
        "JOIN industry i ON i.industry_code = substr(c.key, 12, 6) WHERE c.key LIKE 'OEUN%' AND i.display_level = 3 "
        "AND c.v01 = '-' AND (c.v13 != '-' OR c.v08 != '-' OR c.f13 = '5')"
    )
    by_code = {p["code_mapping"]["oews_code"]: p for p in all_profiles.values() if p["code_mapping"]["oews_code"]}
    kept = 0
    for r in raw:
        code = f"{r['soc'][:2]}-{r['soc'][2:]}"
        if code not in by_code:
            continue
        row = next(i for i in by_code[code]["industries"] if i["industry_code"] == r["industry"])
        assert row["employment"] is None and f"footnote {r['f01']}" in row["employment_note"]
        assert row["annual_median_wage_usd"] == oews_number(r["v13"])
        assert row["share_of_occupation_employment_percent"] is None
        kept += 1
    assert kept >= 300, kept  # 43-5021 alone: 11
    couriers = by_code["43-5021"]["industries"]
    assert sum(i["employment"] is None for i in couriers) == 11
    assert [i["employment"] for i in couriers] == sorted(
        (i["employment"] for i in couriers), key=lambda e: (e is None, -(e or 0))
    )  # ranked by employment, the unranked ones after
    patternmakers = Profile.from_dict(all_profiles["51-7032"])
    assert patternmakers.industries and all(i.employment is None for i in patternmakers.industries)
    text = section(patternmakers, "industries", monkeypatch)
    assert "2 industries publish a wage but not the employment count, and none publishes the count" in text
    assert "with the most jobs" not in text
    for i in patternmakers.industries:
        assert f"<td>{i.industry}</td>" in text


def test_no_table_cell_of_any_chapter_is_not_published_without_its_reason(all_profiles, monkeypatch):
    """Every section of every profile's chapter (charts left out), read for a table cell that says only
    "not published" (the book lint's check)."""
    bare = {}
    for code, data in sorted(all_profiles.items()):
        texts = chapter_sections_as_read(Profile.from_dict(data), monkeypatch, SECTIONS)
        found = [snippet for text in texts.values() for snippet in unexplained_not_published(text)]
        if found:
            bare[code] = found[:2]
    assert bare == {}


SECTIONS = ("key_facts", "pay", "geography", "industries", "related", "skills_and_education", "career_metrics")
