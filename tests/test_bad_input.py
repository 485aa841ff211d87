"""Bad input at scale: every command with a code argument, fed a few hundred generated malformed values,
answers with exit status 2 and one line naming the input and the accepted form — no traceback, nothing
written. Run in-process through ``occprofiles.cli.main(argv)`` (a NUL byte cannot travel in argv). The
same values given to the template through papermill fail in its first code cell with the same message.
"""

from __future__ import annotations

import unicodedata

import pytest

from occprofiles import paths
from occprofiles.cli import main
from occprofiles.errors import show_input
from occprofiles.profile import InvalidSocCodeError, list_titles, load_profile_dict

pytestmark = pytest.mark.usefixtures("processed")

# SOC 2010 detailed codes, most retired by the 2018 SOC (split, merged or renumbered); one that the 2018
# SOC kept is dropped by malformed_codes().
RETIRED_SOC_2010 = [
    "11-3011",  # Administrative Services Managers
    "13-1199",  # Business Operations Specialists, All Other
    "15-1121",  # Computer Systems Analysts (2018: 15-1211)
    "15-1132",  # Software Developers, Applications (2018: 15-1252)
    "15-1133",  # Software Developers, Systems Software
    "15-1134",  # Web Developers (2018: 15-1254)
    "15-1142",  # Network and Computer Systems Administrators (2018: 15-1244)
    "15-1151",  # Computer User Support Specialists (2018: 15-1232)
    "29-1069",  # Physicians and Surgeons, All Other
    "29-1199",  # Health Diagnosing and Treating Practitioners, All Other
    "39-4021",  # Funeral Attendants
    "43-4021",  # Correspondence Clerks (2018: merged)
    "47-4099",  # Construction and Related Workers, All Other
    "51-9199",  # Production Workers, All Other
    "53-3022",  # Bus Drivers, School or Special Client (2018: 53-3051)
    "53-6021",  # Parking Lot Attendants
]
UNICODE_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "০১২৩৪৫৬৭৮৯", "๐๑๒๓๔๕๖๗๘๙", "߀߁߂߃߄߅߆߇߈߉"]


def malformed_codes() -> list[str]:
    """Generated malformed SOC codes: none is a code the commands accept."""
    base = "11-9111"
    values = ["", " ", "\t", "\n", "-", "x", "1", "11", "11-", "-9111", "11-911", "11-91111", "111-9111", "1-9111"]
    values += ["119111", "11_9111", "11 9111", "11--9111", "11-9111-", "11-9111.", "11-9111.0", "11-9111.000"]
    values += ["11-9111.0a", "11-9111.00.00", "11-9111 .00", "ab-cdef", "11-91l1", "11-9lll", "O1-9111", "1e-9111"]
    values += ["11-0000", "11-1000", "29-0000", "00-0000", "99-9999", "10-1111", "11-9110", "55-9999", "29-1140"]
    for digits in UNICODE_DIGITS:  # the same code in another script's digits
        values.append(base.translate(str.maketrans("0123456789", digits)))
    values += ["1١-9111", "11-911١", "11－9111", "11–9111", "11−9111", "11‐9111", "１１-９１１１.００", "¹¹-⁹¹¹¹"]
    values += ["11-9111\u200b", "\u202e1119-11", "11\u00ad-9111", "11-9111\ufeff", "Ⅺ-9111"]
    values += ["../11-9111", "../../etc/passwd", "11-9111/../../x", "..\\..\\windows", "/etc/passwd", "11-9111/"]
    values += ["./11-9111", "%2e%2e%2f11-9111", "~/11-9111", "file:///etc/passwd", "11-9111/../29-1141"]
    for ch in ";|&$`<>*?!(){}[]'\"\\#=%^,":
        values += [f"11-9111{ch}", f"{ch}11-9111", f"11{ch}9111"]
    values += ["$(id)", "`id`", "11-9111; rm -rf ~", "11-9111 && reboot", "11-9111 | cat", "${HOME}", "$((1+1))"]
    values += ["' OR '1'='1", "11-9111' --", '11-9111"; DROP TABLE profiles; --', "%s%s%s", "{0}", "%n"]
    values += ["1" * 1000, base * 1000, "a" * 100_000, "11-" + "9" * 5000, "1" * 7, "11-9111" + " x" * 300]
    values += ["\x00", "11-9111\x00", "11\x00-9111", "\x0011-9111", "11-9111\x00.00", "11-9111\x1b[31m"]
    values += ["\x1b[2J11-9111", "11-9111\r\nFAKE LOG LINE", "11-9111\nx", "11-\n9111", "11-9111\x7f", "\x08" * 8]
    values += ["-11-9111", "-1", "-1-9111", "+11-9111", "0x119111", "1.1e4", "11-9111e0", "NaN", "None", "null"]
    values += ["🙂", "11-9111🙂", "ß", "İ", "𝟏𝟏-𝟗𝟏𝟏𝟏", "11-9111.00\u0301"]
    values += [f"{c}.00" for c in RETIRED_SOC_2010] + RETIRED_SOC_2010
    known = {c for c, _ in list_titles()}
    seen: set[str] = set()
    out = []
    for v in values:
        if v in seen or v in ("--",):  # "--" is argparse's end of options, not a code
            continue
        seen.add(v)
        stripped = v.strip()
        if stripped in known or stripped.split(".")[0] in known and len(stripped) == 10:
            continue  # a valid code after all (a retired code that still exists)
        out.append(v)
    return out


MALFORMED = malformed_codes()


def test_there_are_at_least_200_malformed_values():
    assert len(MALFORMED) >= 200, len(MALFORMED)
    assert any(unicodedata.category(ch) == "Nd" and not ch.isascii() for v in MALFORMED for ch in v)


def _invocations(value: str) -> list[list[str]]:
    return [
        ["profile", value],
        ["render", value, "--quiet"],
        ["render", "--major", value, "--quiet"],
        ["screenshot", value],
        ["list", "--major", value],
    ]


def _looks_like_a_major_group(value: str) -> bool:
    return value.strip().isascii() and value.strip().isdigit() and len(value.strip()) == 2


def test_every_code_argument_rejects_malformed_input(tmp_path, monkeypatch, capsys):
    chapters = tmp_path / "chapters"
    monkeypatch.setattr(paths, "chapters_dir", lambda: chapters)
    shot = paths.book_dir() / "_static" / "chapter-screenshot.png"
    before = shot.stat().st_mtime_ns if shot.exists() else None
    checked = 0
    problems = []
    for value in MALFORMED:
        for argv in _invocations(value):
            if "--major" in argv and _looks_like_a_major_group(value):
                continue
            status = main(argv)
            captured = capsys.readouterr()
            lines = [line for line in captured.err.splitlines() if line.strip()]
            line = lines[0] if lines else ""
            names_input = show_input(value) in line or repr(value) in line or (not value.strip() and "empty" in line)
            if not names_input and value.startswith("-"):  # argparse read it as an option: all arguments shown
                names_input = show_input(value, limit=40) in line
            says_form = "expected" in line or "major groups run from 11 to 55" in line
            if status != 2 or len(lines) != 1 or captured.out or "Traceback" in captured.err:
                problems.append((argv[:1] + [show_input(a) for a in argv[1:]], status, captured.err[-300:]))
            elif not (names_input and says_form):
                problems.append((argv[:1] + [show_input(a) for a in argv[1:]], "message", line[:300]))
            checked += 1
    assert not problems, f"{len(problems)} of {checked}: {problems[:10]}"
    assert checked >= 1000  # 5 invocations of each value
    assert not chapters.exists(), "nothing written"
    assert (shot.stat().st_mtime_ns if shot.exists() else None) == before


PAPERMILL_VALUES = ["١١-٩١١١", "../../etc/passwd; rm -rf ~", "", "15-1132"]


def test_the_template_fails_in_its_first_cell_with_the_same_message(tmp_path):
    """The same values as the papermill parameter: the template's first code cell (``Chapter(soc_code)``)
    fails with the message the command line prints. One reused kernel for all of them."""
    from papermill.exceptions import PapermillExecutionError

    from occprofiles.render.kernel import shutdown_kernel
    from occprofiles.render.worker import execute_template

    try:
        for value in PAPERMILL_VALUES:
            with pytest.raises(InvalidSocCodeError) as expected:
                load_profile_dict(value)
            with pytest.raises(PapermillExecutionError) as failed:
                execute_template({"soc_code": value, "related_chapters": []}, reuse_kernel=True)
            err = failed.value
            assert err.ename == "InvalidSocCodeError"
            assert err.evalue == str(expected.value), (value, err.evalue)
            assert "Chapter(soc_code" in err.source  # the first cell after the parameters and the reset
    finally:
        shutdown_kernel()
