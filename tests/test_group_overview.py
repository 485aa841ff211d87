"""Group overview chapters (issue 12, point 2): the figures against the raw OEWS and EP files, the group
kind of chapter through the shared render machinery (hash, skipping, links to the book's chapters), and
the rendered page as a reader gets it (title, charts with text as text and a text alternative, table)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from occprofiles import formatting as fmt
from occprofiles.chapter_tables import as_read
from occprofiles.charts import GROUP_CHARTS
from occprofiles.group_data import load_group
from occprofiles.render import OCCUPATION, get_kind, plan, run_renders
from occprofiles.render import batch as render_batch
from occprofiles.render.kind_group import GROUP, render_group_overviews

from conftest import ep_number, oews_int, oews_number

pytestmark = pytest.mark.usefixtures("processed")

EP_CHANGE_PCT = "Employment change, percent, 2024–34"
EP_OPENINGS = "Occupational openings, 2024–34 annual average"
EP_EDUCATION = "Typical education needed for entry"


def _persons(thousands) -> int | None:
    value = ep_number(thousands)
    return None if value is None else round(value * 1000)


def _ep_text(value) -> str | None:
    text = None if value is None else str(value).strip()
    return None if text in (None, "—", "") else text


@pytest.mark.parametrize("major", ["29", "53"])
def test_group_figures_match_the_raw_oews_and_ep_files(major, oews_db, ep_table):
    g = load_group(major)
    checked_oews = checked_ep = 0
    for m in g.members:
        if m.own_oews:
            raw = oews_db.national(m.soc_code)
            assert raw is not None, m.soc_code
            assert m.oews_employment == oews_int(raw["v01"]), m.soc_code
            if not m.annual_median_wage_top_coded:
                assert m.annual_median_wage_usd == oews_number(raw["v13"]), m.soc_code
            checked_oews += 1
        if m.own_ep:
            raw_ep = ep_table["1.2"][m.soc_code]
            assert m.change_percent == ep_number(raw_ep[EP_CHANGE_PCT]), m.soc_code
            assert m.annual_openings == _persons(raw_ep[EP_OPENINGS]), m.soc_code
            assert m.typical_entry_education == _ep_text(raw_ep[EP_EDUCATION]), m.soc_code
            checked_ep += 1
    assert checked_oews >= 40 and checked_ep >= 40
    # The education chart counts EP's own categories, occupation by occupation, from the raw file.
    raw_counts: dict[str, int] = {}
    for m in g.members:
        if m.own_ep and (e := _ep_text(ep_table["1.2"][m.soc_code][EP_EDUCATION])):
            raw_counts[e] = raw_counts.get(e, 0) + 1
    drawn = GROUP_CHARTS["group_education"].data(g)
    assert dict(zip(drawn["typical_entry_education"], drawn["occupations"], strict=True)) == raw_counts


def test_29_rows_as_a_reader_reads_them(oews_db, ep_table):
    """Registered Nurses in the 29 overview: the OEWS median and employment, EP change and openings."""
    g = load_group("29")
    rn = next(m for m in g.members if m.soc_code == "29-1141")
    raw, raw_ep = oews_db.national("29-1141"), ep_table["1.2"]["29-1141"]
    assert rn.annual_median_wage_usd == oews_number(raw["v13"]) == 97_550
    assert rn.oews_employment == oews_int(raw["v01"])
    alt = GROUP_CHARTS["group_employment_wage"].alt_text(g)
    assert f"Registered Nurses {fmt.count(oews_int(raw['v01']))} jobs, median $97,550" in alt
    assert "BLS Occupational Employment and Wage Statistics (OEWS), May 2025" in alt
    scatter = GROUP_CHARTS["group_wage_growth"].alt_text(g)
    assert f"Registered Nurses $97,550, {fmt.percent(ep_number(raw_ep[EP_CHANGE_PCT]), signed=True)}" in scatter
    assert "BLS Employment Projections, 2024–34" in scatter


def test_an_aggregate_is_drawn_once_and_its_members_are_listed_with_a_note():
    g = load_group("21")
    units = set(GROUP_CHARTS["group_wage_growth"].data(g)["soc_code"])
    assert "21-1018" in units and "21-1011" not in units  # 21-1011's figures are the aggregate's
    assert "21-1011" in {m.soc_code for m in g.members}


def test_military_group_says_not_published_with_the_reason():
    g = load_group("55")
    for name, spec in GROUP_CHARTS.items():
        alt = spec.alt_text(g)
        assert "not published: " in alt and "military occupations" in alt, name
        assert spec.data(g).empty, name


def test_a_group_overview_is_stale_when_the_books_chapters_of_its_group_change(tmp_path):
    (task,), skipped = plan(["29"], out_root=tmp_path, kind=GROUP)
    assert skipped == [] and task.kind == GROUP and task.parameters == {"major_group": "29", "chapters": []}
    # A chapter of the group appears in the book: the overview must link it, so its hash changes.
    (tmp_path / "29").mkdir()
    (tmp_path / "29" / "29-1141.ipynb").write_text("{}", encoding="utf-8")
    (again,), _ = plan(["29"], out_root=tmp_path, kind=GROUP)
    assert again.parameters["chapters"] == ["29-1141"] and again.content_hash != task.content_hash
    # A chapter of another group does not touch it.
    (tmp_path / "53").mkdir()
    (tmp_path / "53" / "53-3032.ipynb").write_text("{}", encoding="utf-8")
    (third,), _ = plan(["29"], out_root=tmp_path, kind=GROUP)
    assert third.content_hash == again.content_hash


@pytest.fixture(scope="module")
def rendered_29(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("groups")
    (root / "29").mkdir()
    (root / "29" / "29-1141.ipynb").write_text("{}", encoding="utf-8")  # a chapter "in the book"
    summary = render_group_overviews(["29"], jobs=1, out_root=root, progress=False)
    assert summary.ok and [o.code for o in summary.rendered] == ["29"], summary.text()
    return root


def test_the_overview_renders_through_the_render_machinery(rendered_29):
    target = get_kind(GROUP).chapter_path("29", rendered_29)
    assert target == rendered_29 / "29" / "index.ipynb"
    assert target.with_suffix(".json").exists() and target.with_suffix(".json.gz").exists()
    nb = nbformat.read(target, as_version=4)
    assert nb.cells[0].source == "# Healthcare Practitioners and Technical Occupations (SOC 29-0000)"
    meta = nb.metadata["occprofiles"]
    assert meta["major_group"] == "29" and meta["kind"] == GROUP and "soc_code" not in meta
    assert all(c.id.startswith("group-29-") for c in nb.cells)
    # Up to date: a second batch skips it; the bytes stay as they are.
    before = target.read_bytes()
    again = render_group_overviews(["29"], jobs=1, out_root=rendered_29, progress=False)
    assert again.skipped == ["29"] and not again.rendered
    assert target.read_bytes() == before


def test_chapters_and_their_overview_render_in_one_pool(tmp_path, monkeypatch):
    """`render --major NN`: the group's chapters, then its overview, in one pool (one start of the workers and
    kernels); the overview links the batch's chapters though none was there when it was planned."""
    batches = []
    real_execute = render_batch.execute

    def recording_execute(tasks, jobs, scheduler):
        batches.append([(t.kind, t.code) for t in tasks])
        yield from real_execute(tasks, jobs, scheduler)

    monkeypatch.setattr(render_batch, "execute", recording_execute)
    chapters, overviews = run_renders(
        [(OCCUPATION, ["29-1141"]), (GROUP, ["29"])], jobs=2, out_root=tmp_path, progress=False
    )
    assert batches == [[(OCCUPATION, "29-1141"), (GROUP, "29")]]
    assert [o.code for o in chapters.rendered] == ["29-1141"] and [o.code for o in overviews.rendered] == ["29"]
    assert chapters.ok and overviews.ok and not chapters.skipped
    # The overview has no wall time of its own (it ran beside the chapters): its summary says where it ran.
    assert chapters.pool_of is None and overviews.pool_of == OCCUPATION
    assert "in the pool of the occupation chapters (" in overviews.text() and "chapters/min" not in overviews.text()
    # The same overview as one rendered after its chapters, alone: up to date, not rendered again.
    again = render_group_overviews(["29"], jobs=1, out_root=tmp_path, progress=False)
    assert again.skipped == ["29"] and not again.rendered
    # One batch per kind: a second list of the same kind is a mistake, not merged silently.
    with pytest.raises(ValueError, match="one batch per kind"):
        run_renders([(GROUP, ["29"]), (GROUP, ["53"])], out_root=tmp_path, progress=False)


def _outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/html") or data.get("text/markdown") or "")
    return "\n".join(parts)


def test_the_rendered_overview_shows_charts_and_the_linked_table(rendered_29):
    nb = nbformat.read(rendered_29 / "29" / "index.ipynb", as_version=4)
    text = _outputs(nb)
    charts = re.findall(r'<figure class="occ-chart mathjax_ignore(?: occ-screen-only)?" data-chart="(\w+)">', text)
    assert charts == ["group_employment_wage", "group_wage_growth", "group_education"]
    # its 20 rows print 7.9 in tall, too tall for page 1 under the opening: print has a shorter one, and says so
    printed = re.findall(r'<figure class="occ-chart mathjax_ignore occ-print-only" data-chart="(\w+)" hidden>', text)
    assert printed == ["group_employment_wage"]
    assert "The chart of the 20 occupations with most jobs is in the HTML edition; printed here: the first 15." in text
    assert "The 15 of 71 occupations with OEWS employment that have the most jobs" in text
    for svg in re.findall(r"<svg.*?</svg>", text, flags=re.DOTALL):
        assert "<text" in svg and 'role="img"' in svg and "<title id=" in svg  # text as text, named
    shown = as_read(text)
    assert "[Registered Nurses](29-1141.ipynb)" in shown  # a chapter of the book is linked
    assert "[Nurse Practitioners]" not in shown and "Nurse Practitioners" in shown  # the others listed
    row = next(line for line in shown.splitlines() if "29-1141" in line and "Registered Nurses" in line)
    assert "$97,550" in row and "+4.9%" in row
    assert not re.search(r"\b(nan|None)\b", shown)
