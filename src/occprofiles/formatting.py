"""How numbers and the reasons for missing numbers are written for readers.

One place so that the CLI, the chapters and the charts say "not published" the same way.
"""

from __future__ import annotations

import math

# OEWS footnote codes seen on missing values (see the ``footnote`` table of the OEWS database).
OEWS_TOP_CODE_ANNUAL_USD = 239_200
OEWS_TOP_CODE_HOURLY_USD = 115.00
NOT_PUBLISHED = "not published"


def escape_onet(markdown: str) -> str:
    """The asterisk of "O*NET" would open an emphasis run in Markdown."""
    return markdown.replace("O*NET", "O\\*NET")


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def usd(value: float | None, *, hourly: bool = False) -> str:
    if is_missing(value):
        return NOT_PUBLISHED
    return f"${value:,.2f}/h" if hourly else f"${value:,.0f}"


def count(value: float | int | None) -> str:
    return NOT_PUBLISHED if is_missing(value) else f"{int(round(value)):,}"


def percent(value: float | None, *, signed: bool = False, digits: int = 1) -> str:
    if is_missing(value):
        return NOT_PUBLISHED
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def oews_wage_display(value: float | None, footnote: int | None, *, hourly: bool) -> str:
    """A wage as BLS means it: top-coded values are a bound, never a number."""
    if footnote == 5:
        return f"≥ ${OEWS_TOP_CODE_HOURLY_USD:,.2f}/h" if hourly else f"≥ ${OEWS_TOP_CODE_ANNUAL_USD:,}"
    if is_missing(value):
        return NOT_PUBLISHED
    return usd(value, hourly=hourly)


def oews_missing_reason(footnote: int | None, *, hourly: bool) -> str | None:
    """Why a value is absent, in the reader's words (None when the value is published)."""
    if footnote == 4:
        form = "annual salaries" if hourly else "hourly wages"
        return f"BLS publishes this occupation's pay only as {form} (OEWS footnote 4: not generally year-round, full time)"
    if footnote == 5:
        bound = f"${OEWS_TOP_CODE_HOURLY_USD:,.2f} per hour" if hourly else f"${OEWS_TOP_CODE_ANNUAL_USD:,} per year"
        return f"at or above the OEWS top code of {bound} (OEWS footnote 5)"
    if footnote == 8:
        return "estimate not released by BLS (OEWS footnote 8)"
    return None
