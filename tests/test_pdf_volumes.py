"""A major group's volume opens with the pages ``publish.pdf.volume_front_pages`` names (its group overview,
once the book has them), printed from the built book, before its chapters; and the print layout leaves out
only tables whose values the chart beside them labels, saying so in print.

Uses the sample book of tests/test_publish.py (``make pdf``), built if missing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from occprofiles import paths
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


def test_a_volume_opens_with_its_front_pages_then_its_chapters(published_book, monkeypatch, tmp_path):  # noqa: F811
    import pikepdf

    from occprofiles.publish import pdf
    from occprofiles.publish.browser import serve
    from occprofiles.publish.entries import book_entries

    raw = published_book.parent / ".print"
    entries = [e for e in book_entries() if e.group]
    for e in entries:
        e.pdf = raw / f"{Path(e.docname).name}.pdf"
        e.pages = _pages(e.pdf)
    monkeypatch.setattr(pdf, "volume_front_pages", lambda major: ["book/methods"] if major == "11-0000" else [])
    with serve(paths.html_dir()) as base:
        fronts = pdf.print_volume_fronts(base, entries, tmp_path, "Letter")
    assert list(fronts) == ["Management Occupations (11-0000)"]
    (front,) = fronts["Management Occupations (11-0000)"]
    assert front.pages >= 1 and front.title == "Methods"

    volumes = {v.stem: v for v in pdf.write_volumes(entries, tmp_path / "volumes", fronts)}
    chapter = next(e for e in entries if e.docname.endswith("11-9111"))
    volume = volumes["11-0000"]
    assert _pages(volume) == front.pages + chapter.pages
    assert "Methods" in _text(volume, 1, 1)
    assert "Medical and Health Services Managers" in _text(volume, front.pages + 1, front.pages + 1)
    with pikepdf.open(volume) as doc, doc.open_outline() as outline:
        top = [item.title for item in outline.root]
        assert top == ["Methods", "Management Occupations (11-0000)"]
    # the other groups' volumes are their chapters alone here (the published one opens with the overview too)
    published_13 = _pages(published_book.parent / "volumes" / "13-0000.pdf")
    assert _pages(volumes["13-0000"]) == published_13 - _pages(raw / "front-13-0000-1.pdf")


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
