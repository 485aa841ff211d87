"""How numbers and the reasons for missing numbers are written for readers.

One place so that the CLI, the chapters and the charts say "not published" the same way.
"""

from __future__ import annotations

import math
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


def count(value: float | None) -> str:
    return f"{round(value):,}" if has_value(value) else NOT_PUBLISHED


def percent(value: float | None, *, signed: bool = False, digits: int = 1) -> str:
    if not has_value(value):
        return NOT_PUBLISHED
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


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
