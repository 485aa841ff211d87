"""What the book's search knows of a chapter besides its text (occprofiles.publish.search)."""

from __future__ import annotations

import json

from occprofiles.publish.search import search_data_script, search_entry, search_nodes, title_forms


def _profile(**changes):
    profile = {
        "soc_code": "29-1141",
        "title": "Registered Nurses",
        "onet_soc_code": "29-1141.00",
        "onet_specialties": [
            {"onet_soc_code": "29-1141.03", "title": "Critical Care Nurses"},
            {"onet_soc_code": "29-1141.01", "title": "Acute Care Nurses"},
        ],
        "alternate_titles": ["Registered Nurse (RN)", "Staff RN (Staff Registered Nurse)", "RN", "registered nurses"],
        "oews": {"employment": 3379720},
        "projections": {"employment_2024": 3391000},
    }
    profile.update(changes)
    return profile


def test_an_alternate_title_and_its_parenthesis_are_two_titles():
    assert title_forms("Registered Nurse (RN)") == ["Registered Nurse", "RN"]
    assert title_forms("CDL Driver (Commercial Driver's License Driver)") == [
        "CDL Driver",
        "Commercial Driver's License Driver",
    ]
    assert title_forms("Charge  Nurse") == ["Charge Nurse"]
    assert title_forms("Nurse (Registered) Lead") == ["Nurse (Registered) Lead"]  # not a trailing parenthesis
    assert title_forms("A; B") == ["A, B"]  # ";" would make an index sub-entry


def test_the_entry_of_a_chapter():
    entry = search_entry(_profile())
    assert entry.code == "29-1141"
    assert entry.onet_codes == ("29-1141.00", "29-1141.01", "29-1141.03")
    assert entry.employment == 3379720
    # specialties and alternate titles, each form once (case-insensitively), without the title itself
    assert entry.aliases == (
        "Acute Care Nurses",
        "Critical Care Nurses",
        "Registered Nurse",
        "RN",
        "Staff Registered Nurse",
        "Staff RN",
    )


def test_employment_is_oews_then_ep_and_never_made_up():
    assert search_entry(_profile(oews={"employment": None})).employment == 3391000
    assert search_entry(_profile(oews={"employment": None}, projections={"employment_2024": None})).employment is None


def test_index_entries_are_the_codes_and_the_alternate_titles_are_words():
    index, words = search_nodes(search_entry(_profile()))
    assert [e[1] for e in index["entries"]] == ["29-1141", "29-1141.00", "29-1141.01", "29-1141.03"]
    assert all(e[0] == "single" and e[2] == "" and e[3] == "main" for e in index["entries"])
    assert "Staff RN" in words.astext() and "Critical Care Nurses" in words.astext()


def test_the_scorer_data_is_in_docname_order_whatever_the_reading_order():
    a = search_entry(_profile())
    b = search_entry(_profile(soc_code="29-1171", title="Nurse Practitioners", oews={"employment": 323040}))
    one = search_data_script({"book/chapters/29/29-1171": b, "book/chapters/29/29-1141": a})
    two = search_data_script({"book/chapters/29/29-1141": a, "book/chapters/29/29-1171": b})
    assert one == two
    data = json.loads(one.removeprefix("var OCCPROFILES_SEARCH = ").rstrip(";\n"))
    assert list(data) == ["book/chapters/29/29-1141", "book/chapters/29/29-1171"]
    assert data["book/chapters/29/29-1141"]["codes"][:2] == ["29-1141", "29-1141.00"]
    assert data["book/chapters/29/29-1171"]["employment"] == 323040
