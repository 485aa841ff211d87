"""Table notes (a reason for every value not published), SOC codes kept whole and web addresses that wrap, on hand-made text."""

from __future__ import annotations

from occprofiles import formatting as fmt
from occprofiles.chapter_tables import (
    TableNotes,
    as_read,
    code_span,
    codes_kept_whole,
    md,
    sources_table,
    table_shows_chart,
    wrappable_link,
)


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


def test_a_web_address_in_a_table_wraps_at_slashes_and_dots_but_links_the_whole_address():
    link = wrappable_link("https://www.onetcenter.org/dl_files/database/db_29_3_excel.zip")
    text, target = link[1:].split("](")
    assert target == "https://www.onetcenter.org/dl_files/database/db_29_3_excel.zip)"
    assert text.replace("<wbr>", "") == target[:-1]  # the reader sees the address itself
    assert "https://<wbr>" not in text and "/<wbr>/" not in text  # never inside the scheme's "//"
    assert "/<wbr>dl_files/<wbr>database/" in text and "<wbr>.zip" in text
    assert "<wbr>_" not in text  # "<wbr>_" would open Markdown emphasis


def test_the_sources_table_links_every_address_in_its_licence_column_too():
    text = sources_table(
        [("O*NET", "29.3", "https://example.org/a", "CC BY 4.0 (https://example.org/license_db.html).")]
    )
    row = text.splitlines()[-1]
    assert "[https://example<wbr>.org/<wbr>a](https://example.org/a)" in row
    assert (
        "CC BY 4.0 ([https://example<wbr>.org/<wbr>license_db<wbr>.html](https://example.org/license_db.html))." in row
    )


def test_a_chart_is_left_out_of_print_only_when_the_table_shows_every_value_it_labels():
    rows = [("Texas", "1,000", "$114,150", "−7.8%"), ("Ohio", "900", "not published¹", "not published¹")]
    assert table_shows_chart(rows, ["Texas"], (2, 3))
    assert not table_shows_chart(rows, ["Texas", "Ohio"], (2, 3))  # a value the table does not publish
    assert not table_shows_chart(rows, ["Texas", "Iowa"], (2, 3))  # a state the table does not list
    assert table_shows_chart(rows, ["Texas", "Ohio"], (1,))  # only the columns the chart labels count
    assert not table_shows_chart(rows, [], (2, 3))  # no chart rows: nothing to stand in for
