"""Reading a Jupyter Book build's output: which lines are warnings, of what kind, and the count printed."""

from __future__ import annotations

from occprofiles.publish.build_log import build_warnings, warning_kind, warnings_listed, warnings_summary

# Lines as Sphinx 7.4 writes them (show_warning_types on), with its terminal colours, between status lines.
OUTPUT = """\
Running Sphinx v7.4.7
reading sources... [ 50%] book/intro
\x1b[91m/tmp/book/book/intro.md:7: WARNING: 'myst' cross-reference target not found: 'nowhere' [myst.xref_missing] [myst.xref_missing]\x1b[39;49;00m
\x1b[91m/tmp/book/book/chapters/29/29-1141.ipynb:: WARNING: Non-consecutive header level increase; H1 to H3 [myst.header] [docutils]\x1b[39;49;00m
/tmp/book/book/methods.md:3: ERROR: Unknown directive type "foo".
WARNING: html_static_path entry 'gone' does not exist
/venv/lib/python3.11/site-packages/x.py:12: RemovedInSphinx80Warning: the old API
  warnings.warn(
writing output... [100%] intro
a line that mentions WARNING: but is not one
build finished with problems, 4 warnings.
"""


def test_every_warning_line_is_found_without_colours_or_a_doubled_type():
    found = build_warnings(OUTPUT)
    assert found == [
        "/tmp/book/book/intro.md:7: WARNING: 'myst' cross-reference target not found: 'nowhere' [myst.xref_missing]",
        "/tmp/book/book/chapters/29/29-1141.ipynb:: WARNING: Non-consecutive header level increase; H1 to H3 [myst.header] [docutils]",
        '/tmp/book/book/methods.md:3: ERROR: Unknown directive type "foo".',
        "WARNING: html_static_path entry 'gone' does not exist",
        "/venv/lib/python3.11/site-packages/x.py:12: RemovedInSphinx80Warning: the old API",
    ]


def test_kinds_come_from_the_type_then_the_python_class_then_the_level():
    kinds = [warning_kind(line) for line in build_warnings(OUTPUT)]
    assert kinds == ["myst.xref_missing", "myst.header", "error", "warning", "RemovedInSphinx80Warning"]


def test_the_summary_counts_by_kind():
    assert warnings_summary([]) == "0 warnings"
    one = build_warnings(OUTPUT)[:1]
    assert warnings_summary(one) == "1 warning (myst.xref_missing)"
    two = build_warnings(OUTPUT)[:2] * 2
    assert warnings_summary(two) == "4 warnings (myst.xref_missing 2, myst.header 2)"


def test_a_clean_build_has_no_warning():
    assert build_warnings("Running Sphinx v7.4.7\nbuild succeeded.\n") == []


def test_a_long_list_says_how_many_more():
    lines = [f"WARNING: w{i}" for i in range(35)]
    listed = warnings_listed(lines, limit=30)
    assert listed.splitlines()[-1] == "… and 5 more"
    assert len(listed.splitlines()) == 31
