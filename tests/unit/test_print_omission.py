"""A table is left out of print only when its chart labels every value it shows (chapter_tables)."""

from occprofiles.chapter_tables import PRINT_ONLY_NOTE, SCREEN_ONLY_OPEN, charted_in_full, md, screen_only


def test_charted_in_full_needs_the_same_rows_and_values_none_missing():
    table = [("Speaking", "4.12", "4.00"), ("Writing", "3.88", "3.75")]
    assert charted_in_full(table, list(reversed(table)))  # drawn in another order: still every value
    assert not charted_in_full(table, table[:1])  # a row the chart leaves out
    assert not charted_in_full(table, [table[0], ("Writing", "3.88", "3.62")])  # a value it shows otherwise
    missing = [("Speaking", "4.12", "not published")]
    assert not charted_in_full(missing, missing)  # no bar for a value not published
    assert not charted_in_full([], [])


def test_screen_only_keeps_the_table_on_screen_and_puts_a_hidden_print_note_after_it():
    shown = md(screen_only("**Top skills**\n\n| a | b |\n| :--- | ---: |\n| O*NET | 1 |\n", "Top skills")).data
    assert shown.startswith(SCREEN_ONLY_OPEN + "\n\n**Top skills**")
    assert "| O\\*NET | 1 |\n\n</div>" in shown  # the Markdown inside is escaped as before
    note = PRINT_ONLY_NOTE.format(what="Top skills")
    assert shown.rstrip().endswith(note) and " hidden>" in note and "HTML edition" in note
