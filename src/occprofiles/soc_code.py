"""What counts as an occupation's code: a 2018 SOC detailed code (an O*NET-SOC code is accepted and cut)."""

from __future__ import annotations

import re

from .errors import InvalidSocCodeError, show_input

ACCEPTED_FORM = "a 2018 SOC detailed code such as 11-9111 (an O*NET-SOC code such as 11-9111.00 is also accepted)"

_DETAILED = re.compile(r"^(\d{2})-(\d{4})(?:\.(\d{2}))?\Z", re.ASCII)  # not "١١-٩١١١", no final newline


def normalise_soc_code(text: str) -> str:
    """``" 11-9111.00 "`` -> ``"11-9111"``; anything not shaped like a detailed code raises."""
    raw = "" if text is None else str(text)
    candidate = raw.strip()
    m = _DETAILED.match(candidate)
    if not m:
        shown = show_input(raw) if raw.strip() else "an empty code"
        raise InvalidSocCodeError(f"{shown} is not a SOC code: expected {ACCEPTED_FORM}.")
    code = f"{m.group(1)}-{m.group(2)}"
    if code.endswith("0000"):
        raise InvalidSocCodeError(
            f"{raw.strip()!r} is a SOC major group, not an occupation: expected {ACCEPTED_FORM}. "
            f"List its occupations with `occprofiles list --major {code[:2]}`."
        )
    if code.endswith("00"):
        raise InvalidSocCodeError(
            f"{raw.strip()!r} is a SOC minor group, not an occupation: expected {ACCEPTED_FORM}. "
            f"List occupations with `occprofiles list --major {code[:2]}`."
        )
    return code
