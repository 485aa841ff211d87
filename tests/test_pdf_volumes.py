"""The whole book holds each major group's overview before its chapters (as its volume and the HTML book's
contents do) and the comparison chapters after the groups, with contents entries, bookmarks and book page
numbers; and the print layout leaves out only tables whose values the chart beside them labels, saying so
in print.

Uses the sample book of tests/test_publish.py (``make pdf``), built if missing.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from occprofiles import paths
from occprofiles.render import SAMPLE_CODES
from test_publish import published_book  # noqa: F401  (the sample book, built once a session)

pytestmark = pytest.mark.usefixtures("processed")


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def _text(pdf: Path, first: int, last: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(out.stdout.split())


def _parts(pdf: Path) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """The outline's top level: {title: (its page, [(child title, its page)])}, pages 1-based."""
    import pikepdf

    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:

        def page(item) -> int:
            return doc.pages.index(pikepdf.Page(item.destination[0])) + 1

        return {
            item.title: (page(item), [(child.title, page(child)) for child in item.children]) for item in outline.root
        }


def _stamped(pdf: Path, number: int) -> bool:
    """The page carries its number (the book's page number, stamped at its foot: a line of its own)."""
    out = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return re.search(rf"(^|\n)\s*{number}\s*(\n|$)", out.stdout) is not None


def test_the_book_opens_each_group_with_its_overview_and_ends_with_the_comparisons(published_book):  # noqa: F811
    from occprofiles.publish.entries import COMPARISON, COMPARISONS, OVERVIEW, OVERVIEW_TITLE, book_entries

    entries = book_entries()
    overviews = [e for e in entries if e.kind == OVERVIEW]
    comparisons = [e for e in entries if e.kind == COMPARISON]
    assert len(overviews) == len({c[:2] for c in SAMPLE_CODES})  # the book renders every group's overview
    front = _pages(published_book.parent / ".print" / "00-title-and-contents.pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", "-l", str(front), str(published_book), "-"], check=True, capture_output=True, text=True
    )
    contents = "\n".join(" ".join(line.split()) for line in out.stdout.splitlines() if line.strip()) + "\n"
    parts = _parts(published_book)
    for e in overviews:
        page, children = parts[e.group]
        assert children[0] == (OVERVIEW_TITLE, page), e.group  # the group opens with its overview
        assert all(p > page for _, p in children[1:]) and len(children) > 1, e.group  # then its chapters
        major = Path(e.docname).parent.name
        title = json.loads((paths.chapters_dir() / major / "index.json").read_text(encoding="utf-8"))["title"]
        assert title in _text(published_book, page, page), (e.group, page)
        assert f"{e.group}\n{OVERVIEW_TITLE} {page}\n" in contents, e.group  # under its group, with its page
        assert _stamped(published_book, page), page
    groups = [title for title in parts if title.endswith("-0000)")]
    assert list(parts).index(groups[-1]) == len(parts) - 1 - bool(comparisons)  # the comparisons come last
    if comparisons:
        page, children = parts[COMPARISONS]
        assert [t for t, _ in children] == [e.title for e in comparisons] and children[0][1] == page
        for title, start in children:
            assert _text(published_book, start, start).removeprefix(f"{start} ").startswith(title), title
            assert f"{title} {start}\n" in contents and _stamped(published_book, start), title
        assert page > max(p for g in groups for _, p in parts[g][1])


def test_a_volume_opens_with_its_overview_then_its_chapters(published_book):  # noqa: F811
    volume = published_book.parent / "volumes" / "11-0000.pdf"
    overview = _pages(published_book.parent / ".print" / "overview-11-0000.pdf")
    assert _pages(volume) == overview + _pages(published_book.parent / "chapters" / "11-9111.pdf")
    assert "Management Occupations" in _text(volume, 1, 1)
    assert "Medical and Health Services Managers" in _text(volume, overview + 1, overview + 1)
    assert _parts(volume) == {
        "Management Occupations (11-0000)": (
            1,
            [("Group overview", 1), ("Medical and Health Services Managers (SOC 11-9111)", overview + 1)],
        )
    }


def test_print_leaves_out_only_tables_the_chart_labels_in_full_and_says_so(published_book):  # noqa: F811
    """11-9111's top-skills and median-comparison tables repeat the labels of their charts: in the HTML, not
    in the chapter PDF, which says where they are; the knowledge table (no chart) is printed."""
    html = (paths.html_dir() / "book" / "chapters" / "11" / "11-9111.html").read_text(encoding="utf-8")
    assert html.count('class="occ-screen-only"') == 2
    assert "<strong>Top skills</strong>" in html and "Management of Personnel Resources" in html
    text = _text(published_book.parent / "chapters" / "11-9111.pdf", 1, 99)
    assert "Top skills: the chart labels every value; the table of them is in the HTML edition." in text
    assert "Median annual wages compared: the chart labels every value; the table of them is in the HTML" in text
    assert "Top knowledge areas" in text and "Top skills (importance" not in text


OVERVIEW_HEADINGS = (
    "Employment and pay",
    "Pay and projected growth",
    "Education needed to enter",
    "Occupations of the group",
)


def test_no_group_overview_page_ends_with_a_section_heading(published_book):  # noqa: F811
    """A heading stays with what follows it: no page of an overview's print ends with one of its section
    headings (its first chart did not fit the first page and the heading stayed behind, alone)."""
    prints = sorted((published_book.parent / ".print").glob("overview-*.pdf"))
    assert len(prints) >= 10
    for pdf in prints:
        for number in range(1, _pages(pdf)):
            lines = [line.strip() for line in _text_lines(pdf, number) if line.strip()]
            assert lines and lines[-1] not in OVERVIEW_HEADINGS, (pdf.name, number, lines[-3:])


def _text_lines(pdf: Path, page: int) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.splitlines()
