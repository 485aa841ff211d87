"""How numbers and the reasons for missing numbers are written for readers.

One place so that the CLI, the chapters and the charts say "not published" the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeGuard, TypeVar

_T = TypeVar("_T")

# OEWS footnote codes seen on missing values (see the ``footnote`` table of the OEWS database).
OEWS_FOOTNOTE_ONE_FORM_ONLY = 4  # pay published only as hourly wages or only as annual salaries
OEWS_FOOTNOTE_TOP_CODED = 5  # at or above the top code: BLS publishes the bound, not the value
OEWS_FOOTNOTE_NOT_RELEASED = 8
# The top code BLS states in footnote 5 (and EP writes as ">=$239,200"); the profile keeps a flag, not a number.
OEWS_TOP_CODE_ANNUAL_USD = 239_200
OEWS_TOP_CODE_HOURLY_USD = 115.00
NOT_PUBLISHED = "not published"
MINUS = "\u2212"  # the true minus sign, as in the charts (a hyphen is not a minus)
# EP publishes employment, change and openings in thousands with one decimal: to the nearest hundred persons.
EP_ROUNDING_PERSONS = 100
EP_BELOW_ROUNDING = f"fewer than {EP_ROUNDING_PERSONS // 2}"
# EP's own note on a value it writes "—" (occupation.xlsx, Table 1.2: 'Data is unavailable for values denoted with a "—"').
EP_UNAVAILABLE = "EP writes “—” for this value: data unavailable (EP Table 1.2)"
# Projections Central publishes persons rounded to the nearest ten (every value of the files in the registry).
PC_ROUNDING_PERSONS = 10
# OEWS publishes one relative standard error for wages: the mean wage's (none for the percentiles).
WAGE_RSE_LABEL = "Relative standard error of the mean wage"
# OEWS footnote 4, for an occupation whose pay OEWS publishes only hourly: why annual wages are missing.
HOURLY_ONLY_NOTE = (
    "Wages per hour: OEWS publishes this occupation's pay only as hourly wages "
    "(OEWS footnote 4: not generally year-round, full time), so no annual figure is shown"
)


def escape_onet(markdown: str) -> str:
    """The asterisk of "O*NET" would open an emphasis run in Markdown."""
    return markdown.replace("O*NET", "O\\*NET")


def is_missing(value: object) -> bool:
    """None or a NaN float (a missing cell of a float column).

    A plain ``bool`` on purpose: no ``TypeIs`` is true to it. ``TypeIs[None]`` would type a NaN as None
    in the ``True`` branch, and ``TypeIs[float | None]`` would remove ``float`` from the ``False`` branch,
    where every published number is. :func:`has_value` is the narrowing form.
    """
    return value is None or (isinstance(value, float) and math.isnan(value))


def has_value(value: _T | None) -> TypeGuard[_T]:
    """``not is_missing(value)``, as a type guard: when True, ``value`` is a ``_T`` (``float | None`` -> ``float``).

    A ``TypeGuard`` narrows only the ``True`` branch, which is what is correct here: ``False`` means None or
    NaN, and a NaN is still a ``float``, so the ``False`` branch keeps the declared type.
    """
    return not is_missing(value)


def usd(value: float | None, *, hourly: bool = False) -> str:
    if not has_value(value):
        return NOT_PUBLISHED
    return f"${value:,.2f}/h" if hourly else f"${value:,.0f}"


def _sign(text: str, negative: bool, *, signed: bool) -> str:
    """``text`` is the unsigned figure as shown: a figure that shows as zero gets no sign ("0.0%", never
    "−0.0%"); a negative one the true minus; a positive one "+" when ``signed``."""
    if not any(ch in "123456789" for ch in text):
        return text
    if negative:
        return MINUS + text
    return "+" + text if signed else text


def count(value: float | None, *, signed: bool = False) -> str:
    """A count of persons: ``1,234``, ``−1,234``; ``signed=True`` writes ``+1,234`` (a change)."""
    if not has_value(value):
        return NOT_PUBLISHED
    return _sign(f"{abs(round(value)):,}", round(value) < 0, signed=signed)


def rounded_count(value: float | None, rounding: int, *, signed: bool = False) -> str:
    """A count a source publishes rounded to ``rounding`` persons: a published 0 means fewer than half of
    it (in either direction, for a change), so it is written "fewer than 50", never "0" or "+0"."""
    if not has_value(value):
        return NOT_PUBLISHED
    if abs(value) < rounding / 2:
        return f"fewer than {rounding // 2}"
    return count(value, signed=signed)


def ep_count(value: float | None, *, signed: bool = False) -> str:
    """A BLS Employment Projections count (rounded to the hundred: 0 is "fewer than 50")."""
    return rounded_count(value, EP_ROUNDING_PERSONS, signed=signed)


def pc_count(value: float | None, *, signed: bool = False) -> str:
    """A Projections Central count (rounded to the ten: 0 is "fewer than 5")."""
    return rounded_count(value, PC_ROUNDING_PERSONS, signed=signed)


def percent(value: float | None, *, signed: bool = False, digits: int = 1) -> str:
    """``23.2%``, ``−3.0%``; ``signed=True`` writes ``+23.2%``. A value that rounds to zero has no sign."""
    if not has_value(value):
        return NOT_PUBLISHED
    return _sign(f"{abs(value):.{digits}f}", value < 0, signed=signed) + "%"


def share_percent(value: float | None) -> str:
    """An occupation's share of an industry's jobs, as BLS publishes it (to the hundredth of a percent):
    a published share below 0.005 % is written "<0.01%" (a handful of jobs in a large industry), never "0.00%"."""
    if not has_value(value):
        return NOT_PUBLISHED
    return "<0.01%" if 0 <= value < 0.005 else percent(value, digits=2)


def join_words(items: Sequence[str]) -> str:
    """``["Florida", "Georgia"]`` -> ``"Florida and Georgia"``; three or more with commas."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "area")`` -> ``"1 area"``; ``plural(3, "area")`` -> ``"3 areas"``."""
    return f"{n:,} {singular if n == 1 else (plural_form or singular + 's')}"


def capitalise_first(text: str) -> str:
    """A sentence's first letter in upper case, the rest as written ("the SOC 2010 …" -> "The SOC 2010 …")."""
    return text[:1].upper() + text[1:]


def oews_top_code_usd(*, hourly: bool) -> float:
    """The bound a top-coded OEWS wage is at or above."""
    return OEWS_TOP_CODE_HOURLY_USD if hourly else float(OEWS_TOP_CODE_ANNUAL_USD)


def oews_wage(value: float | None, *, top_coded: bool, hourly: bool) -> str:
    """A wage as BLS means it: a top-coded value is a bound ("≥ $239,200"), never a number."""
    if top_coded:
        return f"≥ ${OEWS_TOP_CODE_HOURLY_USD:,.2f}/h" if hourly else f"≥ ${OEWS_TOP_CODE_ANNUAL_USD:,}"
    if not has_value(value):
        return NOT_PUBLISHED
    return usd(value, hourly=hourly)


def oews_missing_reason(footnote: int | None, *, hourly: bool) -> str | None:
    """Why a value is absent, in the reader's words (None when the value is published)."""
    if footnote == OEWS_FOOTNOTE_ONE_FORM_ONLY:
        form = "annual salaries" if hourly else "hourly wages"
        return (
            f"BLS publishes this occupation's pay only as {form} (OEWS footnote 4: not generally year-round, full time)"
        )
    if footnote == OEWS_FOOTNOTE_TOP_CODED:
        bound = f"${OEWS_TOP_CODE_HOURLY_USD:,.2f} per hour" if hourly else f"${OEWS_TOP_CODE_ANNUAL_USD:,} per year"
        return f"at or above the OEWS top code of {bound} (OEWS footnote 5)"
    if footnote == OEWS_FOOTNOTE_NOT_RELEASED:
        return "estimate not released by BLS (OEWS footnote 8)"
    return None


def period_years(release: str) -> tuple[int, int]:
    """A projection period as the registry writes it -> its years: ``"2016–26"`` -> ``(2016, 2026)``."""
    start, end = release.replace("-", "–").split("–")
    return int(start), int(start[: 4 - len(end)] + end)
