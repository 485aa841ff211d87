"""Table notes (a reason for every value not published) and SOC codes kept whole, on hand-made text."""

from __future__ import annotations

from occprofiles import formatting as fmt
from occprofiles.chapter_tables import TableNotes, as_read, code_span, codes_kept_whole, md


def test_the_same_reason_gets_the_same_number_and_a_figure_is_left_as_it_is():
    notes = TableNotes()
    released = fmt.oews_missing_reason(fmt.OEWS_FOOTNOTE_NOT_RELEASED, hourly=False)
    assert notes.cell(fmt.NOT_PUBLISHED, released) == "not published¹"
    assert notes.cell(fmt.NOT_PUBLISHED, "the national annual median is not published") == "not published²"
    assert notes.cell(fmt.NOT_PUBLISHED, released + ".") == "not published¹"
    assert notes.cell("$97,550", released) == "$97,550"  # a published figure has no reason
    assert notes.cell(fmt.NOT_PUBLISHED, None) == fmt.NOT_PUBLISHED  # no reason known: the lint's to find
    assert notes.lines() == [
        "¹ Estimate not released by BLS (OEWS footnote 8).",
        "² The national annual median is not published.",
    ]
    assert notes.text() == "\n\n".join(notes.lines()) + "\n\n"
    assert TableNotes().text() == ""


def test_every_code_in_text_is_kept_whole_but_not_inside_links_tags_or_code():
    text = (
        "**Healthcare** · SOC 29-1141 · O*NET-SOC 29-1141.01; aggregate 21-1018. Covers: [29-1228](../29/29-1228.ipynb)"
        ", [Nurse Practitioners](../29/29-1171.ipynb), <https://www.onetonline.org/link/summary/29-1141.00>, "
        "`occprofiles profile 29-1141 --json`, 29-1071_29-1141 and https://x.org/29-1141.00 "
        '<td><span class="occ-code">15-1211</span></td><figure id="occ-29-1141-skills">'
    )
    kept = codes_kept_whole(text)
    assert kept == (
        f"**Healthcare** · SOC {code_span('29-1141')} · O*NET-SOC {code_span('29-1141.01')}; aggregate "
        f"{code_span('21-1018')}. Covers: "
        '<span class="occ-code">[29-1228](../29/29-1228.ipynb)</span>'
        ", [Nurse Practitioners](../29/29-1171.ipynb), <https://www.onetonline.org/link/summary/29-1141.00>, "
        "`occprofiles profile 29-1141 --json`, 29-1071_29-1141 and https://x.org/29-1141.00 "
        '<td><span class="occ-code">15-1211</span></td><figure id="occ-29-1141-skills">'
    )
    assert codes_kept_whole(kept) == kept  # once is enough
    shown = md("Figures are for the EP aggregate 21-1018.").data
    assert shown == f"Figures are for the EP aggregate {code_span('21-1018')}."
    assert as_read(shown) == "Figures are for the EP aggregate 21-1018."


def test_the_book_keeps_the_codes_of_titles_and_pages_whole():
    """publish/codes.py on a docutils tree: each code of a title or paragraph in an ``occ-code`` inline node, a
    literal code marked, years and longer tokens left alone, the text unchanged."""
    from docutils import nodes
    from docutils.core import publish_doctree

    from occprofiles.publish.codes import keep_codes_whole

    source = (
        "Registered Nurses (SOC 29-1141)\n===============================\n\n"
        "EP publishes it within 21-1018; see ``11-9111.00``, 2014-2024 and 29-1071_29-1141.\n"
    )
    doctree = publish_doctree(source)
    before = doctree.astext()
    assert keep_codes_whole(doctree) == 2
    assert doctree.astext() == before
    kept = [n.astext() for n in doctree.findall(nodes.inline) if "occ-code" in n["classes"]]
    assert kept == ["29-1141", "21-1018"]
    assert [n.astext() for n in doctree.findall(nodes.literal) if "occ-code" in n["classes"]] == ["11-9111.00"]
    assert keep_codes_whole(doctree) == 0  # once is enough
