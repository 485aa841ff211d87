"""Comparison chapters (issue 12, point 3): numbers against the raw files, "not published" with the reason,
top-coded wages as the bound, the chart text, the template run by papermill, `occprofiles compare` (its
errors, and one chapter through the shared render machinery), and data/comparisons.yml."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import types

import pytest

from occprofiles import formatting as fmt
from occprofiles import paths
from occprofiles.chapter_tables import as_read
from occprofiles.charts import compare as cc
from occprofiles.charts.registry import COMPARISON_SPECS
from occprofiles.charts.svg import figure_svg
from occprofiles.compare import Comparison, comparison_id, validate_codes
from occprofiles.errors import InvalidSocCodeError
from occprofiles.profile import load_profile

from conftest import OEWS_DATATYPE, ep_number, oews_int, oews_number

pytestmark = pytest.mark.usefixtures("processed")

CODES = ["29-1141", "29-1171", "29-1071"]  # Registered Nurses, Nurse Practitioners, Physician Assistants
CHAPTER_ID = "29-1071_29-1141_29-1171"
PERCENTILES = ("p10", "p25", "median", "p75", "p90")


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    return Comparison(CODES)


def shown(monkeypatch, method) -> str:
    """Everything a Comparison method displays, as a reader reads it (Markdown text and chart SVG text)."""
    out: list[str] = []

    def capture(*objects):
        for o in objects:
            out.append(getattr(o, "data", str(o)))

    monkeypatch.setattr("occprofiles.compare._display", capture)
    method()
    return as_read("\n".join(out)).replace("\\*", "*")  # O*NET as read (md() escapes its asterisk)


def persons(thousands) -> int | None:
    value = ep_number(thousands)
    return None if value is None else round(value * 1000)


# ---------------------------------------------------------------------------------------------------
# numbers against the raw files


def test_key_facts_are_the_raw_files_numbers(cmp, oews_db, ep_table, fo_table, onet):
    rows, notes = cmp.key_fact_rows()
    table = {r[0]: r[1:-1] for r in rows}
    sources = {r[0]: r[-1] for r in rows}
    zones = onet("Job Zones")
    for i, code in enumerate(CODES):
        oews, ep = oews_db.national(code), ep_table["1.2"][code]
        assert table["Median wage"][i] == f"${oews_number(oews['v13']):,.0f}"
        assert table["Employment (wage and salary jobs)"][i] == f"{oews_int(oews['v01']):,}"
        assert table["Employment 2024 (incl. self-employed)"][i] == f"{persons(ep['Employment, 2024']):,}"
        growth = ep_number(ep["Employment change, percent, 2024–34"])
        assert table["Projected growth 2024–34"][i] == f"+{growth:.1f}%"
        assert table["Openings a year"][i] == f"{persons(ep['Occupational openings, 2024–34 annual average']):,}"
        assert table["Typical entry education"][i] == ep["Typical education needed for entry"].strip()
        zone = zones[zones["O*NET-SOC Code"] == f"{code}.00"]["Job Zone"]
        assert table["Job zone"][i] == f"{int(zone.iloc[0])} of 5"
        if code in fo_table:
            assert table["Automation probability"][i].startswith(f"{float(fo_table[code]['Probability']):.1%}")
    assert table["Median wage"] == ("$97,550", "$132,300", "$135,880")
    assert sources["Median wage"] == "BLS OEWS, May 2025"
    assert sources["Openings a year"] == "BLS EP, 2024–34"  # the Sources section names it in full
    assert sources["Job zone"].startswith("O*NET 29.3")
    assert sources["Automation probability"] == "Frey & Osborne (2013)"
    # Nurse practitioners are not in the Frey–Osborne table (a 2010 code of their own): not published, with why
    assert "29-1171" not in fo_table
    assert table["Automation probability"][1] == "not published¹"  # the number of its reason, listed under the table
    reason = load_profile("29-1171").automation.reason
    assert reason and notes == [f"¹ {reason[0].upper()}{reason[1:].rstrip('.')}."]


def test_wage_distributions_are_the_oews_percentiles(cmp, oews_db):
    data = cmp.table("wage_ranges")
    for code in CODES:
        raw = oews_db.national(code)
        got = data[data["soc_code"] == code].set_index("percentile")["annual_wage_usd"].to_dict()
        assert got == {m: oews_number(raw[f"v{OEWS_DATATYPE[('annual', m)]}"]) for m in PERCENTILES}


def test_outlook_is_eps_table(cmp, ep_table, monkeypatch):
    data = cmp.table("outlook").set_index("soc_code")
    for code in CODES:
        raw = ep_table["1.2"][code]
        assert data.loc[code, "employment_base"] == persons(raw["Employment, 2024"])
        assert data.loc[code, "employment_target"] == persons(raw["Employment, 2034"])
        assert data.loc[code, "change_percent"] == ep_number(raw["Employment change, percent, 2024–34"])
        assert data.loc[code, "annual_openings"] == persons(raw["Occupational openings, 2024–34 annual average"])
    text = shown(monkeypatch, cmp.outlook)
    assert "3,391,000 → 3,557,100" in text  # the chart's text (SVG text stays text)
    assert "Employment Projections include the self-employed; OEWS" in text
    assert "Source: BLS Employment Projections, 2024–34" in text


def test_outlook_says_where_the_rounded_figures_give_another_change(monkeypatch):
    """EP computes the change before rounding: 43-9022's 40,000 → 25,600 is −36.0 %, EP publishes −36.1 %."""
    text = shown(monkeypatch, Comparison(["29-1141", "43-9022"]).outlook)
    assert "| 40,000 | 25,600 | −36.1% |" in text
    assert "so the rounded figures can give another one: Word Processors and Typists, −36.0%." in text
    assert "Registered Nurses, " not in text  # 3,391,000 → 3,557,100 is +4.9 %, as EP publishes


def _raw_importance(onet, code: str, sheet: str) -> dict[str, float]:
    df = onet(sheet)
    rows = df[(df["O*NET-SOC Code"] == f"{code}.00") & (df["Scale ID"] == "IM")]
    return {r["Element Name"]: float(r["Data Value"]) for _, r in rows.iterrows()}


@pytest.mark.parametrize("kind,sheet", [("skills", "Skills"), ("knowledge", "Knowledge")])
def test_top_ratings_and_their_overlap_follow_onet(cmp, onet, kind, sheet):
    raw = {code: _raw_importance(onet, code, sheet) for code in CODES}
    tops = {code: {n for n, _ in sorted(raw[code].items(), key=lambda kv: (-kv[1], kv[0]))[:10]} for code in CODES}
    overlap = cc.ratings_overlap(cmp.profiles, kind)
    assert {r["name"] for r in overlap} == set().union(*tops.values())
    shared = {r["name"] for r in overlap if r["shared"]}
    assert shared == {r["name"] for r in overlap if r["in_top"] == 3}
    assert shared == set.intersection(*tops.values()) and shared
    for r in overlap:
        assert r["importance"] == [raw[code][r["name"]] for code in CODES]
    if kind == "knowledge":  # checked by hand on O*NET 29.3
        assert {"Medicine and Dentistry", "Psychology", "English Language"} <= shared
        assert "Computers and Electronics" in tops["29-1071"] - tops["29-1141"] - tops["29-1171"]


def test_interests_overlay_is_onets_profile(cmp, onet):
    data = cmp.table("interests_overlay")
    df = onet("Interests")
    for code in CODES:
        rows = df[(df["O*NET-SOC Code"] == f"{code}.00") & (df["Scale ID"] == "OI")]
        raw = {r["Element Name"]: float(r["Data Value"]) for _, r in rows.iterrows()}
        got = data[data["soc_code"] == code].set_index("interest")["score"].to_dict()
        assert got == raw
    alt = COMPARISON_SPECS["interests_overlay"].alt_text(cmp.profiles)  # type: ignore[arg-type]
    assert (
        "Registered Nurses (29-1141), Holland code SIC" in alt
        and "Nurse Practitioners (29-1171), Holland code ISC" in alt
    )


# ---------------------------------------------------------------------------------------------------
# what a reader sees: sources on every chart, hourly-only pay, top-coded wages, links


def test_every_chart_names_its_source_and_release(cmp):
    releases = {
        "wage_ranges": "Source: BLS Occupational Employment and Wage Statistics (OEWS), May 2025.",
        "outlook": "Source: BLS Employment Projections, 2024–34.",
        "skills_overlap": "Source: O*NET 29.3 Database (Skills).",
        "knowledge_overlap": "Source: O*NET 29.3 Database (Knowledge).",
        "interests_overlay": "Source: O*NET 29.3 Database (Interests).",
    }
    assert set(releases) == set(COMPARISON_SPECS)
    for name, source in releases.items():
        svg = figure_svg(cmp.figure(name))
        lines = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text\b.*?</text>", svg, flags=re.S)]
        assert lines, f"{name}: the SVG's text is not text"
        assert source in " ".join(lines), (name, lines[-3:])
        assert source in COMPARISON_SPECS[name].alt_text(cmp.profiles)  # type: ignore[arg-type]


def test_hourly_only_occupation_is_not_drawn_on_the_annual_axis(monkeypatch):
    c = Comparison(["29-1141", "27-2011"])
    data = c.table("wage_ranges")
    assert data[data["soc_code"] == "27-2011"]["annual_wage_usd"].isna().all()
    text = shown(monkeypatch, c.wages)
    assert "annual wages not published (hourly only: median $29.05/h)" in text
    assert "Actors (hourly)" in text and "$29.05/h" in text
    facts = shown(monkeypatch, c.key_facts)
    assert "$29.05/h an hour" not in facts and "$29.05/h" in facts


def test_a_top_coded_percentile_is_shown_as_the_bound(monkeypatch):
    """No national percentile is top-coded in OEWS May 2025, so one is made from a real profile: the chart and
    table show "≥ $239,200" as the occupation chapters do, never a number or "not published"."""
    real = load_profile("29-1071")
    oews = dataclasses.replace(
        real.oews,
        annual_wage_usd=types.MappingProxyType({**real.oews.annual_wage_usd, "p90": None}),
        annual_wage_top_coded=types.MappingProxyType({**real.oews.annual_wage_top_coded, "p90": True}),
    )
    top = dataclasses.replace(real, oews=oews)
    c = Comparison(["29-1071", "29-1141"], profiles=[top, load_profile("29-1141")])
    data = c.table("wage_ranges").set_index(["soc_code", "percentile"])
    assert bool(data.loc[("29-1071", "p90"), "top_coded"]) and data.loc[("29-1071", "p90"), "display"] == "≥ $239,200"
    assert "90th ≥ $239,200" in COMPARISON_SPECS["wage_ranges"].alt_text(c.profiles)  # type: ignore[arg-type]
    text = shown(monkeypatch, c.wages)
    assert "| ≥ $239,200 |" in text
    assert "90th percentile at or above the OEWS top code, ≥ $239,200" in text  # the chart's caption


def test_an_occupation_no_source_covers_is_not_published_with_each_reason(monkeypatch):
    """A military code (no OEWS, EP, O*NET ratings) beside three others: every missing value says why, the
    overlap is taken over the occupations O*NET rates, and nothing is drawn as zero."""
    c = Comparison(["55-1011", "27-2011", "29-1171", "11-9111"])
    mil = load_profile("55-1011")
    facts = shown(monkeypatch, c.key_facts)
    rows, notes = c.key_fact_rows()
    table = {r[0]: r[1:-1] for r in rows}
    marks = dict(n.split(" ", 1) for n in notes)  # "¹" -> its reason, as listed under the table
    why = {label: marks[values[0][-1]] for label, values in table.items() if values[0].startswith("not published")}
    ep_reason = fmt.capitalise_first(mil.projections.reason or "").rstrip(".") + "."
    assert (
        why["Median wage"]
        == why["Employment (wage and salary jobs)"]
        == mil.oews.reason[:1].upper() + mil.oews.reason[1:] + "."
    )
    assert why["Openings a year"] == why["Typical entry education"] == ep_reason
    assert "\n\n".join(notes) in facts and all(len(n) == 1 for n in marks)  # one note per reason, numbered once
    wages = shown(monkeypatch, c.wages)
    assert "not published (see the note below)" in wages  # the chart's row; the reason in its caption and below
    row = next(line for line in wages.splitlines() if line.startswith("| Air Crew Officers |"))
    cells = [c.strip() for c in row.strip("| ").split("|")][1:]
    assert len(cells) == 5 and len({c[-1] for c in cells}) == 1 and all(c[:-1] == "not published" for c in cells)
    assert f"{cells[0][-1]} {why['Median wage']}" in wages  # the percentiles' reason, under the table
    assert f"Air Crew Officers (55-1011): not published: {mil.oews.reason}" in wages  # the chart's text alternative
    skills = shown(monkeypatch, c.skills_and_knowledge)
    assert "**In the top 10 skills of all 3:**" in skills
    assert f"**Skills of Air Crew Officers: not published.** {mil.sections['skills'].reason}" in skills
    assert "| not published |" not in wages + skills + shown(monkeypatch, c.outlook)  # each cell has its reason
    outlook = c.table("outlook").set_index("soc_code")
    assert outlook.loc["55-1011"].drop("title").isna().all()


def test_names_link_to_chapters_in_the_book(monkeypatch):
    c = Comparison(CODES, chapters_in_book=["29-1141"])
    text = shown(monkeypatch, c.key_facts)
    assert "[Registered Nurses](../29/29-1141.ipynb)" in text
    assert "[Nurse Practitioners]" not in text and "Nurse Practitioners" in text


# ---------------------------------------------------------------------------------------------------
# codes, the command, the YAML list


@pytest.mark.parametrize(
    "codes,message",
    [
        (["29-1141"], "2 to 4 SOC codes, not 1"),
        (["29-1141", "29-1171", "29-1071", "11-9111", "13-2011"], "not 5"),
        (["29-1141", "29-1141.00"], "29-1141 is named twice"),
        (["29-1141", "99-9999"], "no occupation has the code '99-9999'"),
        (["29-1141", "nurse"], "expected a 2018 SOC detailed code"),
    ],
)
def test_bad_code_lists_are_refused_clearly(codes, message, capsys):
    with pytest.raises(InvalidSocCodeError, match=message.replace("(", r"\(")):
        validate_codes(codes)
    from occprofiles.cli import main

    assert main(["compare", *codes]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_id_is_the_codes_sorted():
    assert comparison_id(["29-1141", "29-1171.00", "29-1071"]) == CHAPTER_ID


def test_the_yaml_lists_the_sample_comparison(tmp_path):
    from occprofiles.compare_command import listed_ids

    assert CHAPTER_ID in listed_ids()
    bad = tmp_path / "comparisons.yml"
    bad.write_text('comparisons:\n  - ["29-1141"]\n', encoding="utf-8")
    with pytest.raises(InvalidSocCodeError, match="comparisons.yml, comparison 1: a comparison takes 2 to 4"):
        listed_ids(bad)


# ---------------------------------------------------------------------------------------------------
# the template, by papermill; one chapter through the render machinery


def test_the_template_runs_under_papermill(tmp_path):
    import nbformat
    import papermill

    out = tmp_path / "compare.ipynb"
    papermill.execute_notebook(
        str(paths.notebooks_dir() / "compare.ipynb"),
        str(out),
        parameters={"soc_codes": ["29-1141", "27-2011"]},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len([h for h in html if "occ-chart" in h]) == 5
    text = as_read("\n".join(o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})))
    assert "$97,550" in text and "Actors (hourly)" in text
    from occprofiles.booklint.scan import scan_chapters

    assert scan_chapters([out]) == []  # the book lint's checks, as on the occupation chapters
    # thin: one helper call per cell
    for cell in nb.cells:
        if cell.cell_type == "code" and "remove-input" in cell.metadata.get("tags", []):
            assert cell.source.count("\n") == 0 and cell.source.startswith("cmp."), cell.source


def test_compare_renders_one_chapter_through_the_machinery(tmp_path):
    from occprofiles.render import run_render

    # an occupation chapter in the book: its name links; the others are plain text
    (tmp_path / "29").mkdir()
    (tmp_path / "29" / "29-1141.ipynb").write_text("{}", encoding="utf-8")
    first = run_render([CHAPTER_ID], jobs=1, out_root=tmp_path, progress=False, kind="comparison")
    assert first.ok and [o.code for o in first.rendered] == [CHAPTER_ID]
    chapter = tmp_path / "comparisons" / f"{CHAPTER_ID}.ipynb"
    nb = json.loads(chapter.read_text(encoding="utf-8"))
    assert (
        "".join(nb["cells"][0]["source"])
        == "# Compared: Physician Assistants, Registered Nurses and Nurse Practitioners"
    )
    assert nb["metadata"]["occprofiles"]["kind"] == "comparison"
    assert nb["metadata"]["occprofiles"]["parameters"] == {"soc_codes": sorted(CODES), "chapters_in_book": ["29-1141"]}
    text = json.dumps(nb)
    assert "[Registered Nurses](../29/29-1141.ipynb)" in text and "[Physician Assistants](" not in text
    document = json.loads(chapter.with_suffix(".json").read_text(encoding="utf-8"))
    assert [p["soc_code"] for p in document["profiles"]] == sorted(CODES)
    assert chapter.with_suffix(".json.gz").exists()
    from occprofiles.booklint.scan import scan_chapters

    assert scan_chapters([chapter]) == []
    again = run_render([CHAPTER_ID], jobs=1, out_root=tmp_path, progress=False, kind="comparison")
    assert again.skipped == [CHAPTER_ID] and not again.rendered
