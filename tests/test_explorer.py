"""The explorer's rows, the ranked lists and the landing page's figures, against the raw files and the registry."""

from __future__ import annotations

import re

import pytest

from occprofiles import formatting as fmt
from occprofiles.profile import list_titles
from occprofiles.registry import load_registry

from conftest import ep_number, oews_int, oews_number

pytestmark = pytest.mark.usefixtures("processed")

EP_CHANGE_PCT = "Employment change, percent, 2024–34"
EP_OPENINGS = "Occupational openings, 2024–34 annual average"


@pytest.fixture(scope="module")
def rows():
    from occprofiles.publish.explorer_data import explorer_rows

    return {r.code: r for r in explorer_rows()}


def test_one_row_per_profile(rows):
    assert list(rows) == [c for c, _ in list_titles()]
    assert len(rows) >= 800


def test_11_9111_row_matches_the_raw_files(rows, oews_db, ep_line_items, fo_table):
    r, raw = rows["11-9111"], oews_db.national("11-9111")
    assert r.wage.text == "$123,860" == f"${oews_number(raw['v13']):,.0f}"
    assert r.employment.text == f"{oews_int(raw['v01']):,}" == "597,080"
    ep = ep_line_items["11-9111"]
    assert r.growth.sort == ep_number(ep[EP_CHANGE_PCT]) and r.growth.text == "+23.2%"
    assert r.openings.sort == round(ep_number(ep[EP_OPENINGS]) * 1000) and r.openings.text == "62,100"
    assert r.automation.sort == float(fo_table["11-9111"]["Probability"]) == 0.0073
    assert r.automation.text == "0.7%"
    assert (r.job_zone.text, r.holland, r.education) == ("4", "ECS", "Bachelor's degree")


def test_hourly_only_pay_is_shown_hourly_and_never_annualised(rows, oews_db):
    actors, raw = rows["27-2011"], oews_db.national("27-2011")
    assert oews_number(raw["v13"]) is None  # BLS publishes no annual median for actors
    assert actors.wage.text == f"${oews_number(raw['v08']):,.2f}/h"
    assert actors.wage.sort is None and actors.wage_annual_usd is None


def test_every_displayed_figure_is_a_formatting_string(rows):
    for r in rows.values():
        assert r.employment.text == fmt.count(r.employment.sort)
        assert r.openings.text == fmt.ep_count(r.openings.sort)
        assert r.growth.text == fmt.percent(r.growth.sort, signed=True)
        assert (r.wage.sort is None) or r.wage.text.startswith(("$", "≥ $"))


def test_headers_name_source_and_release_from_the_registry():
    from occprofiles.publish.explorer_data import COLUMNS, SOURCE_NAMES, headers

    registry = load_registry()
    for source, name in SOURCE_NAMES.items():
        assert name in registry[source].title or name == "EP" and "Employment Projections" in registry[source].title
    got = headers()
    for c in COLUMNS:
        if c.source:
            assert got[c.key].endswith(f"({SOURCE_NAMES[c.source]} {registry[c.source].release})")


def test_highest_paying_list_is_the_raw_top_20(rows, oews_db):
    from occprofiles.publish.explorer import ranked_page

    medians = {}
    for code in rows:
        raw = oews_db.national(code)
        value = oews_number(raw["v13"]) if raw else None
        if value is not None:
            medians[code] = value
    # Ties break by code, as the page says.
    top = sorted(medians, key=lambda c: (-medians[c], c))[:20]
    section = ranked_page().split("## Highest paying")[1].split("## Fastest growing")[0]
    listed = re.findall(r"occ-code\">(\d{2}-\d{4})<", section)
    assert listed == top
    assert f"${medians[top[0]]:,.0f}" in section


def test_growth_and_openings_lists_leave_out_ep_aggregates(rows, ep_line_items):
    from occprofiles.publish.explorer import ranked_page

    page = ranked_page()
    growth = page.split("## Fastest growing")[1].split("## Most openings")[0]
    listed = re.findall(r"occ-code\">(\d{2}-\d{4})<", growth)
    own = {c for c, r in rows.items() if not r.ep_aggregate and c in ep_line_items}
    expected = sorted(own, key=lambda c: (-ep_number(ep_line_items[c][EP_CHANGE_PCT]), c))[:20]
    assert listed == expected
    assert not {c for c, r in rows.items() if r.ep_aggregate} & set(listed)
    openings = re.findall(r"occ-code\">(\d{2}-\d{4})<", page.split("## Most openings")[1])
    expected = sorted(own, key=lambda c: (-ep_number(ep_line_items[c][EP_OPENINGS]), c))[:20]
    assert openings == expected


def test_landing_page_counts_and_sources_come_from_the_registry_and_db(rows):
    from occprofiles.publish.landing import landing_markdown
    from occprofiles.render import rendered_codes

    text = landing_markdown()
    assert f"{fmt.plural(len(rendered_codes()), 'chapter')}**" in text
    assert f"of the {len(rows):,} occupations with a profile" in text
    for source in load_registry().values():
        assert f"| {source.release} |" in text
    assert "<svg" in text and "Source: BLS Occupational Employment and Wage Statistics (OEWS), May 2025" in text


def test_overview_chart_draws_the_published_major_group_figures(oews_db):
    from occprofiles.publish.overview_chart import major_groups_data

    groups = major_groups_data()
    assert len(groups) == 22
    management = next(g for g in groups if g.code == "11-0000")
    raw = oews_db.national("11-0000")
    assert management.employment == oews_int(raw["v01"])
    assert management.annual_median_wage_usd == oews_number(raw["v13"])


def test_overview_chart_fits_one_printed_page():
    """A figure is never split across printed pages (print CSS): taller than a page, Chromium leaves a blank one."""
    from occprofiles.publish.overview_chart import major_groups_chart, major_groups_data

    width, height = major_groups_chart(major_groups_data(), "May 2025").get_size_inches()
    assert (width, height) <= (6.5, 8.0)


def test_pages_from_every_profile_are_written_again_only_when_an_input_changes(tmp_path, monkeypatch):
    """An incremental book build skips the explorer, the ranked lists and the landing text (they read all
    profiles) unless what they are made from changed: here the chapters the book holds, or a page gone."""
    from occprofiles import paths
    from occprofiles.publish import finder_pages

    monkeypatch.setattr(paths, "generated_pages_dir", lambda: tmp_path)
    written: list[str] = []

    def write(path, text):
        written.append(path.name)
        (tmp_path / path.name).write_text(text, encoding="utf-8")

    pages = sorted(p.name for p in finder_pages.finder_pages())
    assert finder_pages.write_finder_pages(write) and sorted(written) == pages
    first = {name: (tmp_path / name).read_text(encoding="utf-8") for name in pages}
    assert "123,860" in first["explorer.md"]
    written.clear()
    assert not finder_pages.write_finder_pages(write) and written == []  # nothing changed: nothing read or drawn
    real = finder_pages.rendered_codes()
    monkeypatch.setattr(finder_pages, "rendered_codes", lambda: [*real, "99-9999"])  # the book's chapters change
    assert finder_pages.write_finder_pages(write) and sorted(written) == pages
    written.clear()
    (tmp_path / "ranked-lists.md").unlink()
    assert finder_pages.write_finder_pages(write) and sorted(written) == pages
    assert {name: (tmp_path / name).read_text(encoding="utf-8") for name in pages} == first
