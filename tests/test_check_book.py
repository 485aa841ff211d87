"""The book lint on real chapters: the sample plus the hard chapters issue 15 was found on.

They are rendered once per session into a temporary folder (about a minute on two cores). Expected
findings that another branch is fixing are listed, each with its issue point, in
tests/check_book_allowed.txt; an entry that no longer matches anything fails, so the list empties
itself as the fixes land.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from occprofiles import formatting as fmt
from occprofiles.booklint import CHECKS, chapter_text, scan_chapters
from occprofiles.booklint.scan import Allowed, chapter_id, chapter_paths, read_allowed, split_allowed
from occprofiles.booklint.ticks import axes_ticks
from occprofiles.chapter_tables import DOLLAR_HTML
from occprofiles.cli import main
from occprofiles.profile import load_profile
from occprofiles.render import SAMPLE_CODES

pytestmark = pytest.mark.usefixtures("processed")

HARD_CODES = (
    "11-9111 29-1141 15-1252 41-2031 53-3032 27-2011 29-1022 13-1021 11-9199 55-1011 11-1031 45-3031 29-1024 "
    "11-9081 35-2011"
).split()
CODES = sorted(set(SAMPLE_CODES) | set(HARD_CODES))
GROUPS = ("29", "55")  # overviews: the sample's comparison's group; the military group (no OEWS, EP)
COMPARISONS = ("29-1071_29-1141_29-1171", "27-2011_29-1171_55-1011")  # the book's; hourly-only, military
ALLOWED = Path(__file__).with_name("check_book_allowed.txt")


@pytest.fixture(scope="session")
def lint_chapters(tmp_path_factory) -> Path:
    """The sample and the hard chapters, rendered once into a folder of their own."""
    from occprofiles.render import run_render

    root = tmp_path_factory.mktemp("lint-chapters")
    for ids, kind in ((CODES, "occupation"), (GROUPS, "group"), (COMPARISONS, "comparison")):
        summary = run_render(list(ids), jobs=2, out_root=root, progress=False, kind=kind)
        assert summary.ok, [(o.code, o.error) for o in summary.failed]
    return root


@pytest.fixture(scope="session")
def findings(lint_chapters):
    return scan_chapters(chapter_paths(lint_chapters))


@pytest.fixture(scope="session")
def allowed() -> list[Allowed]:
    return read_allowed(ALLOWED)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_passes_on_the_sample_and_the_hard_chapters(check, findings, allowed):
    mine = [f for f in findings if f.check == check.name]
    defects, _expected = split_allowed(mine, allowed)
    assert defects == [], "\n".join(f.line() for f in defects)


def test_every_allowed_finding_is_still_found(findings, allowed):
    """An entry whose defect is gone must be removed from the allow-list (it would hide a regression)."""
    stale = [a for a in allowed if not any(a.covers(f) for f in findings)]
    assert stale == [], f"remove from {ALLOWED.name}: {stale}"


def test_allowed_findings_name_chapters_of_the_test(allowed):
    assert {a.code for a in allowed} <= set(CODES)
    assert {a.check for a in allowed} <= {c.name for c in CHECKS}


def test_the_chart_axes_of_real_chapters_are_read(lint_chapters):
    """The tick check reads matplotlib's real SVG: the outlook chart's two value axes at least."""
    chapter = chapter_text(lint_chapters / "45" / "45-3031.ipynb")
    labels = [[t.label for t in axis] for svg in chapter.svg for axis in axes_ticks(svg)]
    assert ["0", "400", "800", "1.2k", "1.6k"] in labels
    assert sum(len(axes_ticks(s)) for s in chapter_text(lint_chapters / "11" / "11-9111.ipynb").svg) >= 6


def _spoil(source: Path, target_root: Path, replace: dict[str, str]) -> Path:
    """A copy of a real chapter with some of its output text replaced."""
    target = target_root / source.parent.name / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    json.loads(text)  # still a notebook
    return target


def test_check_book_exits_zero_with_a_summary_on_clean_chapters(lint_chapters, capsys):
    assert main(["check-book", "--chapters", str(lint_chapters), "45-3031", "11-9111"]) == 0
    assert capsys.readouterr().out.strip() == f"check-book: chapters scanned 2, checks {len(CHECKS)}, defects 0"


def test_check_book_lists_the_defects_of_a_spoilt_chapter_and_fails(lint_chapters, tmp_path, capsys):
    _spoil(
        lint_chapters / "45" / "45-3031.ipynb",
        tmp_path,
        {
            ">1.2k</text>": ">1k</text>",  # an outlook tick rounded to whole thousands
            "About 2,800 openings a year": "About 0 openings a year",
            "−4.6%": "-4.6%",
        },
    )
    assert main(["check-book", "--chapters", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    for kind in ("axis-ticks", "zero-openings", "openings-sum", "hyphen-minus"):
        assert f"45-3031  {kind}: " in out, out
    assert "0, 400, 800, 1k, 1.6k" in out
    assert out.strip().splitlines()[-1].endswith(", chapters with defects 1")


def test_check_book_scans_group_overviews_and_comparisons_and_finds_a_planted_defect_in_each(
    lint_chapters, tmp_path, capsys
):
    """Every kind of chapter is scanned (the overviews named by their group's code, the comparisons by their id);
    one defect planted in a copy of each real chapter is found in it."""
    found = chapter_paths(lint_chapters)
    ids = {chapter_id(p) for p in found}
    assert {"29-0000", "55-0000", *COMPARISONS} <= ids and len(found) == len(CODES) + len(GROUPS) + len(COMPARISONS)
    group = lint_chapters / "29" / "index.ipynb"
    comparison = lint_chapters / "comparisons" / f"{COMPARISONS[0]}.ipynb"
    nurses = load_profile("29-1141")
    # the group's row of Registered Nurses: its median made a bare "not published"; the comparison's growth a "+0.0%"
    _spoil(group, tmp_path, {f"{DOLLAR_HTML}{nurses.oews.annual_wage_usd['median']:,.0f} |": "not published |"})
    _spoil(comparison, tmp_path, {fmt.percent(nurses.projections.change_percent, signed=True): "+0.0%"})
    assert main(["check-book", "--chapters", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "29-0000  unexplained-not-published: " in out, out
    assert f"{COMPARISONS[0]}  signed-zero: " in out, out
    assert out.strip().splitlines()[-1].endswith(", chapters with defects 2")  # each value shows more than once
    assert main(["check-book", "--chapters", str(lint_chapters), "29-0000", COMPARISONS[1]]) == 0
    assert "chapters scanned 2" in capsys.readouterr().out


def test_check_book_allow_list_and_bad_codes(lint_chapters, tmp_path, capsys):
    shutil.copytree(lint_chapters / "45", tmp_path / "45")
    spoilt = _spoil(lint_chapters / "45" / "45-3031.ipynb", tmp_path, {"About 2,800 openings": "About 0 openings"})
    allow = tmp_path / "allowed.txt"
    allow.write_text("45-3031 zero-openings About 0  # test: expected\n45-3031 openings-sum  # test: expected\n")
    assert main(["check-book", "--chapters", str(spoilt.parent.parent), "--allow", str(allow)]) == 0
    assert "expected findings" in capsys.readouterr().out
    assert main(["check-book", "--chapters", str(tmp_path), "11-9111"]) == 2
    assert "not rendered" in capsys.readouterr().err
