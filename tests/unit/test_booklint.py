"""The book lint's checks on hand-made snippets: each finds its defect, and lets the correct form pass.

The same checks pass on real rendered chapters in tests/test_check_book.py.
"""

from __future__ import annotations

import json

import pytest

from occprofiles.booklint import checks
from occprofiles.booklint.scan import (
    Allowed,
    chapter_paths,
    chapter_text,
    read_allowed,
    reader_text,
    run_checks,
    split_allowed,
)
from occprofiles.booklint.ticks import axes_ticks, check_axis_ticks, tick_value


def svg_axis(labels: list[str], positions: list[float] | None = None, vertical: bool = False) -> str:
    """An SVG with one axis laid out as matplotlib writes it: a group per tick, gridline + label."""
    positions = positions or [176 - 28.8 * i for i in range(len(labels))]
    ticks = "".join(
        (
            f'<g><path d="M{p} 37.5L{p} 176" class="grid"/>'
            if vertical
            else f'<g><path d="M42.7 {p}L206.3 {p}" class="grid"/>'
        )
        + f'<text class="t" x="34.4" y="{p}">{label}</text></g>'
        for p, label in zip(positions, labels, strict=True)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 468 265"><g><g>{ticks}</g></g></svg>'


@pytest.mark.parametrize(
    ("label", "value"),
    [("0", 0), ("400", 400), ("1.2k", 1200), ("$40k", 40000), ("−5%", -5), ("+25%", 25), ("1,600", 1600), ("2M", 2e6)],
)
def test_tick_value(label, value):
    assert tick_value(label) == value


def test_tick_value_of_a_word_is_none():
    assert tick_value("2024–34") is None
    assert tick_value("Realistic") is None


def test_rounded_tick_labels_on_even_gridlines_are_found():
    # 45-3031 before the fix: gridlines 0/400/800/1,200/1,600 labelled 0, 400, 800, 1k, 2k
    problems = check_axis_ticks(svg_axis(["0", "400", "800", "1k", "2k"]))
    assert problems == ["equally spaced gridlines, unevenly stepped labels: 0, 400, 800, 1k, 2k"]


def test_repeated_tick_labels_are_found():
    # 11-9081 before the fix: "0, 800, 2k, 2k, 3k"
    assert check_axis_ticks(svg_axis(["0", "800", "2k", "2k", "3k"])) == ["tick labels repeat (2k): 0, 800, 2k, 2k, 3k"]


def test_vertical_gridlines_are_read_as_an_x_axis():
    assert check_axis_ticks(svg_axis(["$0", "$50k", "$100k", "$150k"], [50, 100, 150, 200], vertical=True)) == []
    assert check_axis_ticks(svg_axis(["$0", "$50k", "$100k", "$100k"], [50, 100, 150, 200], vertical=True))


def test_exact_tick_labels_pass():
    assert check_axis_ticks(svg_axis(["0", "400", "800", "1.2k", "1.6k"])) == []
    assert check_axis_ticks(svg_axis(["−50%", "−25%", "0%", "+25%"])) == []
    assert len(axes_ticks(svg_axis(["0", "400", "800", "1.2k", "1.6k"]))[0]) == 5


def test_unevenly_spaced_gridlines_are_not_held_to_even_steps():
    assert check_axis_ticks(svg_axis(["1", "10", "100"], [176, 120, 30])) == []


def test_category_labels_are_not_numbers():
    assert check_axis_ticks(svg_axis(["Realistic", "Social", "Artistic"])) == []


def test_an_svg_that_does_not_parse_has_no_axes():
    assert check_axis_ticks("<svg><g>") == []


BAD_AND_GOOD = [
    (checks.truncated_label, "Microsoft Excel ★; Microsoft Wor…", "Microsoft Excel ★; Microsoft Word."),
    (checks.truncated_label, "Computer and Mathemat…", "- … and 5 more in O*NET."),
    (checks.signed_zero, "Change −0.0 % since 2020", "Change −0.5 % since 2020"),
    (checks.signed_zero, "Change +4.5 % (+0)", "Change +4.5 % (fewer than 50)"),
    (checks.signed_zero, "a gap of -0.0", "45-0000 and 11-9111.00"),
    (checks.hyphen_minus, "employment change -4.6%", "employment change −4.6%, SOC 45-3031, 2024-34"),
    (checks.hyphen_minus, "<td>-1,000</td>", "COVID-19 and O*NET-SOC 11-9111"),
    (checks.missing_value_shown, "Median wage: nan", "Median wage: not published"),
    (checks.missing_value_shown, "typical entry education None", "None of the published rules applies."),
    (checks.missing_value_shown, "Employment <NA>", "work experience in a related occupation *None*"),
    (checks.one_plural, "(1 areas publish this occupation)", "(21 areas publish this occupation)"),
    (checks.lowercase_reason, "Automation risk: not published. the SOC 2010 code", "Wages: not published. OEWS May"),
    (checks.zero_openings, "About 0 openings a year", "Fewer than 50 openings a year"),
    (checks.zero_openings, "100 from exits, 0 from transfers", "100 from exits, fewer than 50 from transfers"),
    (
        checks.openings_parts,
        "About 555,800 openings a year: 261,600 from workers leaving the labour force and 296,200 from transfers. ",
        "About 555,800 openings a year: 261,600 from workers leaving the labour force and 296,200 from "
        "transfers to other occupations, less 2,000 a year as employment declines. ",
    ),
    (
        checks.openings_parts,
        "About 900 openings a year: 100 from exits and fewer than 50 from transfers; the change in employment "
        "adds fewer than 50 a year.",
        "About 6,300 openings a year: 2,600 from exits and 3,700 from transfers; the change in employment adds "
        "fewer than 50 a year.",
    ),
    (checks.demand_and_decline, "High demand\nstrength\nProjected decline\nchallenge", "Projected decline\nchallenge"),
    (checks.not_a_rating, "Tasks: not published. O*NET 29.3 has no rating for this", "Skills: O*NET has no rating"),
    (checks.dangling_reference, "(+4.5%; all occupations: see the methods page for context)", "(+4.5%; all +3.1%)"),
    (checks.dangling_reference, "Relative standard error of the wage estimates: 0.3 %", "RSE of the mean wage: 0.3 %"),
    (checks.value_called_not_published, "Median annual wage — not published ($29.05/h)", "Median hourly wage $29.05"),
    (
        checks.related_is_itself,
        "# Registered Nurses (SOC 29-1141)\n| Acute Care Nurses | 29-1141 | Primary Short | $97,550 |",
        "# Registered Nurses (SOC 29-1141)\n| Nurse Practitioners | 29-1171 | Primary Short | $132,050 |",
    ),
    (checks.dollar_math, "| $105,850 | $97,550 |", "| &#36;105,850 | \\$97,550 | `$x` and `$y` |"),
    (
        checks.myst_directive,
        ":::{admonition} What the sources cover\n:class: note\nBLS OEWS …\n:::",
        '<div class="admonition note">\n<p class="admonition-title">What the sources cover</p>\n\nBLS …\n\n</div>',
    ),
    (
        checks.unexplained_not_published,
        '<tr><td>Vermont</td><td class="text-right">not published</td></tr>',
        '<tr><td>Vermont</td><td class="text-right">not published¹</td></tr>\n\n¹ Estimate not released.',
    ),
    (
        checks.unexplained_not_published,
        "| Actors | 27-2011 | Primary-Short | not published |",
        "| Actors | 27-2011 | Primary-Short | not published² |\n\nWages: not published. OEWS …",
    ),
]


@pytest.mark.parametrize(("check", "bad", "good"), BAD_AND_GOOD, ids=lambda v: getattr(v, "__name__", "")[:20])
def test_check_finds_the_bad_snippet_and_passes_the_good_one(check, bad, good):
    assert check(bad), f"{check.__name__} missed {bad!r}"
    assert check(good) == [], f"{check.__name__} objected to {good!r}"


def test_every_check_is_listed_once_and_tested_here():
    names = [c.name for c in checks.CHECKS]
    assert len(names) == len(set(names))
    tested = {c.__name__ for c, _, _ in BAD_AND_GOOD} | {"check_axis_ticks"}
    assert {c.run.__name__ for c in checks.CHECKS} == tested


def test_reader_text_drops_markup_and_resolves_escapes():
    text = reader_text("**Tasks: not published.** O\\*NET &#36;5 <table><tr><td>a</td><td>b</td></tr></table>", True)
    assert text == "Tasks: not published. O*NET $5\na\nb"


def test_reader_text_keeps_link_text_and_drops_targets_and_fences():
    text = reader_text(
        ":::{note}\nSee the [methods page](../../methods.md#x).\n:::\n{download}`JSON <a.json.gz>`", True
    )
    assert text == "See the methods page.\nJSON"


def test_a_chapter_is_read_from_its_cells_and_outputs(tmp_path):
    svg = svg_axis(["0", "800", "2k", "2k", "3k"])
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Title (SOC 11-9111)"]},
            {
                "cell_type": "code",
                "outputs": [
                    {"data": {"text/markdown": "About 0 openings a year", "text/plain": "<Markdown>"}},
                    {"data": {"text/html": f'<figure class="occ-chart">{svg}</figure>'}},
                ],
            },
        ]
    }
    path = tmp_path / "11" / "11-9111.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(nb))
    chapter = chapter_text(path)
    assert chapter.code == "11-9111" and len(chapter.svg) == 1 and "Title (SOC 11-9111)" in chapter.reader
    found = run_checks(chapter)
    assert {f.check for f in found} == {"zero-openings", "axis-ticks"}
    left, expected = split_allowed(found, [Allowed("11-9111", "axis-ticks", "2k", "test")])
    assert [f.check for f in left] == ["zero-openings"] and [f.check for f in expected] == ["axis-ticks"]


def test_an_allow_list_entry_must_say_why(tmp_path):
    path = tmp_path / "allowed.txt"
    path.write_text("# comment\n\n55-1011 not-a-rating Related occupations  # issue 15: military box\n")
    assert read_allowed(path) == [Allowed("55-1011", "not-a-rating", "Related occupations", "issue 15: military box")]
    path.write_text("55-1011 not-a-rating\n")
    with pytest.raises(ValueError, match="why"):
        read_allowed(path)


def test_group_overviews_and_comparisons_are_read_with_the_checks_of_their_kind(tmp_path):
    """A group overview is named by its group's code, a comparison by its id; the checks that only make sense
    for one occupation ("High demand" beside "Projected decline") are not run on a comparison."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "outputs": [{"data": {"text/markdown": "High demand\nProjected decline\nAbout 0 openings a year"}}],
            }
        ]
    }
    paths = {
        "group": tmp_path / "29" / "index.ipynb",
        "comparison": tmp_path / "comparisons" / "29-1071_29-1141.ipynb",
        "occupation": tmp_path / "29" / "29-1141.ipynb",
    }
    for path in paths.values():
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(nb))
    read = {kind: chapter_text(path) for kind, path in paths.items()}
    assert {k: (c.code, c.kind) for k, c in read.items()} == {
        "group": ("29-0000", "group"),
        "comparison": ("29-1071_29-1141", "comparison"),
        "occupation": ("29-1141", "occupation"),
    }
    found = {kind: {f.check for f in run_checks(c)} for kind, c in read.items()}
    assert found["occupation"] == {"zero-openings", "demand-and-decline"}
    assert found["group"] == found["comparison"] == {"zero-openings"}
    assert [p.name for p in chapter_paths(tmp_path)] == ["29-1141.ipynb", "index.ipynb", "29-1071_29-1141.ipynb"]
    assert [p.name for p in chapter_paths(tmp_path, ["29-0000"])] == ["index.ipynb"]
