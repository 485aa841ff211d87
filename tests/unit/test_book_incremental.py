"""The HTML build's cheaper paths give what the dearer ones gave: docutils' dashes and ellipses without
SmartQuotes, the colophon's date stamped into the built page, the group-overview check skipped only when
nothing it reads changed."""

from __future__ import annotations

import json

import pytest
from docutils import nodes
from docutils.utils.smartquotes import smartyPants

from occprofiles.publish import book, colophon
from occprofiles.publish.typography import set_dashes_and_ellipses, typographic

# Real text of the book (BLS titles and OEWS area names) and the edge cases of SmartQuotes' rules.
TEXTS = [
    "Helpers--Electricians",
    "Nashville-Davidson--Murfreesboro--Franklin, TN",
    "Helpers--Brickmasons, Blockmasons, Stonemasons, and Tile and Marble Setters",
    "a---b",
    "wait... now",
    "a -- b",
    "----",
    ".....",
    "x-y 11-9111 ...",
    "no marks at all",
]


@pytest.mark.parametrize("text", TEXTS)
def test_dashes_and_ellipses_are_the_ones_docutils_smartquotes_made(text):
    assert typographic(text) == smartyPants(text, "De")  # "De": SmartQuotes' dash and ellipsis rules


def test_only_the_text_smartquotes_would_touch_changes():
    doc = nodes.document(None, None)
    para = nodes.paragraph("", "", nodes.Text("Helpers--Electricians"), nodes.literal("a--b", "a--b"))
    raw = nodes.raw("", "<p>x--y</p>", format="html")
    block = nodes.literal_block("c--d", "c--d")
    doc += [para, raw, block]
    assert set_dashes_and_ellipses(doc) == 1
    assert para.astext() == "Helpers\u2013Electricians" + "a--b"
    assert raw.astext() == "<p>x--y</p>" and block.astext() == "c--d"


def test_the_colophon_source_has_no_date_and_the_built_page_gets_the_manifests(tmp_path):
    manifest = {"built_at": "2026-11-28T01:02:03Z"}
    page = tmp_path / "colophon.html"
    slot = colophon.DATE_SLOT.format(colophon.UNSTAMPED)
    page.write_text(f"<p>This book was built on {slot} (UTC) from:</p>", encoding="utf-8")
    assert colophon.stamp_build_date(manifest, page)
    assert page.read_text(encoding="utf-8") == (
        '<p>This book was built on <span class="occ-build-date">2026-11-28T01:02:03Z</span> (UTC) from:</p>'
    )
    assert colophon.stamp_build_date({"built_at": "2026-11-29T00:00:00Z"}, page)  # the next build's date
    assert "2026-11-29T00:00:00Z" in page.read_text(encoding="utf-8")
    page.write_text("<p>no slot</p>", encoding="utf-8")
    assert not colophon.stamp_build_date(manifest, page)
    assert not colophon.stamp_build_date(manifest, tmp_path / "missing.html")


def test_the_group_overview_check_runs_again_only_when_what_it_reads_changed(tmp_path, monkeypatch):
    chapters, generated = tmp_path / "chapters", tmp_path / "generated"
    (chapters / "29").mkdir(parents=True)
    monkeypatch.setattr(book, "chapters_dir", lambda: chapters)
    monkeypatch.setattr(book, "generated_pages_dir", lambda: generated)
    calls = []

    class Summary:
        ok, rendered = True, 0

        def text(self):
            return "ok"

    def render(jobs, progress):
        calls.append(jobs)
        (chapters / "29" / "index.ipynb").write_text(json.dumps({"cells": len(calls)}), encoding="utf-8")
        return Summary()

    monkeypatch.setattr(book, "render_group_overviews", render)
    book.ensure_group_overviews(2, True, "inputs-1")
    book.ensure_group_overviews(2, True, "inputs-1")
    assert len(calls) == 1  # nothing changed: not checked again
    book.ensure_group_overviews(2, True, "inputs-2")  # a profile, the code or the chapter set changed
    assert len(calls) == 2
    (chapters / "29" / "index.ipynb").unlink()  # an overview removed by hand
    book.ensure_group_overviews(2, True, "inputs-2")
    assert len(calls) == 3
