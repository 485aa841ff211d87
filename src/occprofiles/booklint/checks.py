"""The defect kinds the book lint looks for: each a pure function from text to the snippets it objects to.

A check reads one of three views of a chapter (see ``scan.ChapterText``): ``reader``, the text a reader
sees (tags dropped, entities and Markdown escapes resolved, one table cell or chart label a line);
``markdown``, each Markdown output or cell as written (for what a Markdown renderer would misread);
``svg``, each chart's SVG (for what only its geometry shows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .ticks import check_axis_ticks

EP_HALF = 50  # EP rounds every count to the hundred: a published part is within 50 of the true one
SNIPPET = 60  # characters shown either side of a match


@dataclass(frozen=True)
class Finding:
    code: str
    check: str
    snippet: str

    def line(self) -> str:
        return f"{self.code}  {self.check}: {self.snippet}"


OCCUPATION, GROUP, COMPARISON = "occupation", "group", "comparison"  # the kinds of chapter (render.kinds)
ALL_KINDS = (OCCUPATION, GROUP, COMPARISON)


@dataclass(frozen=True)
class Check:
    name: str
    view: str  # "reader", "markdown" or "svg"
    what: str
    run: Callable[[str], list[str]]
    kinds: tuple[str, ...] = ALL_KINDS  # the kinds of chapter it applies to


def snippet(text: str, start: int, end: int) -> str:
    """The match with some context, on one line."""
    left = text[max(0, start - SNIPPET) : start]
    right = text[end : end + SNIPPET]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def matches(pattern: re.Pattern[str], text: str) -> list[str]:
    return [snippet(text, m.start(), m.end()) for m in pattern.finditer(text)]


# --- labels and numbers ---------------------------------------------------------------------------

TRUNCATED = re.compile(r"\w…")


def truncated_label(text: str) -> list[str]:
    """A label or list cut short with "…" (a word that runs into an ellipsis)."""
    return matches(TRUNCATED, text)


SIGNED_ZERO = re.compile(r"(?<![\w.,])[−+-]0(?:[.,]0+)?(?![\d]|[.,]\d)\s?%?")


def signed_zero(text: str) -> list[str]:
    """A zero with a sign: "−0.0 %", "+0", "-0.0" (a value that rounds to zero has no sign)."""
    return matches(SIGNED_ZERO, text)


HYPHEN_MINUS = re.compile(r"(?<![\w.,)\]/'’-])-(?=\$?\d)")


def hyphen_minus(text: str) -> list[str]:
    """A hyphen-minus used as a minus sign in a number ("-4.6%"); the book writes the true minus "−"."""
    return matches(HYPHEN_MINUS, text)


MISSING_VALUE = re.compile(r"\b(?:nan|NaN|NaT|null|inf)\b|<NA>|\bNone\b(?! of\b)")
EP_NONE = re.compile(r"(?:related occupation|on-the-job training)\s*$")


def missing_value_shown(text: str) -> list[str]:
    """A program's missing value shown to readers: nan, None, NaT, <NA>, null, inf. EP's own category
    "None" (work experience, on-the-job training) and the English "None of" are words, not values."""
    return [snippet(text, m.start(), m.end()) for m in MISSING_VALUE.finditer(text) if not _ep_none(text, m)]


def _ep_none(text: str, m: re.Match[str]) -> bool:
    return m.group() == "None" and bool(EP_NONE.search(text[max(0, m.start() - 40) : m.start()].rstrip("* ")))


ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (?:areas|states|metros|metropolitan areas|industries|occupations|regions|tasks|openings|"
    r"jobs|titles|specialties|technologies|chapters|years|workers)\b"
)


def one_plural(text: str) -> list[str]:
    """ "1 areas": a count of one with a plural noun."""
    return matches(ONE_PLURAL, text)


# --- sentences --------------------------------------------------------------------------------------

LOWER_REASON = re.compile(r"not published\.\s+[a-z]")


def lowercase_reason(text: str) -> list[str]:
    """A reason that starts in lower case after "not published." """
    return matches(LOWER_REASON, text)


ZERO_OPENINGS = re.compile(r"\bAbout 0 openings|(?<![\d,.])0 (?:openings|from |a year)")


def zero_openings(text: str) -> list[str]:
    """An EP count shown as 0 ("About 0 openings", "0 from growth"): EP rounds to the hundred, so the
    book says "fewer than 50"."""
    return matches(ZERO_OPENINGS, text)


OPENINGS = re.compile(r"About (?P<total>[\d,]+) openings a year: (?P<parts>.*?)(?:\.\s|\.$|\n|$)")
PART = re.compile(
    r"(?P<less>less )?(?P<value>[\d,]+|fewer than 50)(?: a year)? (?:from|as) |adds (?P<added>[\d,]+|fewer than 50)"
)


def _bounds(value: str, sign: int) -> tuple[int, int]:
    if value == "fewer than 50":
        low, high = 0, EP_HALF - 1
    else:
        n = int(value.replace(",", ""))
        low, high = n - EP_HALF, n + EP_HALF
    return (low, high) if sign > 0 else (-high, -low)


def openings_parts(text: str) -> list[str]:
    """ "About N openings a year: a from …, b from …" whose parts cannot add to N, even allowing EP's
    rounding of each figure to the hundred."""
    out = []
    for m in OPENINGS.finditer(text):
        total = int(m["total"].replace(",", ""))
        parts = [_bounds(p["value"] or p["added"], -1 if p["less"] else 1) for p in PART.finditer(m["parts"])]
        low = sum(p[0] for p in parts)
        high = sum(p[1] for p in parts)
        if not parts or not (low - EP_HALF <= total <= high + EP_HALF):
            out.append(snippet(text, m.start(), m.end()))
    return out


def demand_and_decline(text: str) -> list[str]:
    """ "High demand" and "Projected decline" on the same chapter."""
    demand, decline = text.find("High demand"), text.find("Projected decline")
    if demand < 0 or decline < 0:
        return []
    return [f"{snippet(text, demand, demand + 11)} … {snippet(text, decline, decline + 17)}"]


NOT_A_RATING = re.compile(
    r"\b(?:Tasks|Technology skills|Technologies|Related occupations|Alternate titles)\b[^\n]{0,60}?no rating"
)


def not_a_rating(text: str) -> list[str]:
    """ "Tasks: … O*NET has no rating": tasks, technologies and related occupations are lists, not ratings."""
    return matches(NOT_A_RATING, text)


DANGLING = re.compile(r"see the methods page for context|Relative standard error of the wage estimates|\(not rated\)")


def dangling_reference(text: str) -> list[str]:
    """Words that promise what the book does not hold: "see the methods page for context" (no such figure
    there), the RSE of "the wage estimates" (OEWS publishes the mean wage's only), tasks "(not rated)"."""
    return matches(DANGLING, text)


VALUE_NOT_PUBLISHED = re.compile(r"not published\s*\(\$[\d,.]+")


def value_called_not_published(text: str) -> list[str]:
    """A figure the book holds, shown as "not published ($29.05/h)": say what it is instead."""
    return matches(VALUE_NOT_PUBLISHED, text)


OWN_CODE = re.compile(r"\(SOC (\d\d-\d{4})\)")


def related_is_itself(text: str) -> list[str]:
    """A related-occupations row carrying the chapter's own SOC code (its own O*NET specialties)."""
    own = OWN_CODE.search(text)
    if not own:
        return []
    row = re.compile(rf"^\|[^|\n]*\|\s*{re.escape(own[1])}\s*\|\s*(?:Primary|Supplemental)\b.*$", re.M)
    return matches(row, text)


# --- Markdown as written ----------------------------------------------------------------------------

DIRECTIVE = re.compile(r"^:::+[ \t]*\{\w+\}.*$", re.M)


def myst_directive(markdown: str) -> list[str]:
    """A MyST directive (":::{note}") in a chapter's Markdown: only Jupyter Book reads it; JupyterLab and the
    exported file show its markup ("This is written as the HTML Sphinx makes of it")."""
    return matches(DIRECTIVE, markdown)


BARE_NOT_PUBLISHED = re.compile(r"<td\b[^>]*>\s*not published\s*</td>|(?<=\|)\s*not published\s*(?=\|)")


def unexplained_not_published(markdown: str) -> list[str]:
    """A table cell that reads "not published" and nothing else: every such cell carries the number of its
    source's reason, listed under the table ("not published¹"), or the reason itself."""
    return matches(BARE_NOT_PUBLISHED, markdown)


DOLLAR = re.compile(r"(?<!\\)\$")
CODE_SPAN = re.compile(r"`[^`]*`")


def dollar_math(markdown: str) -> list[str]:
    """Two unescaped "$" in one Markdown output: JupyterLab typesets the text between them as TeX math."""
    text = CODE_SPAN.sub("", markdown)
    found = list(DOLLAR.finditer(text))
    if len(found) < 2:
        return []
    return [snippet(text, found[0].start(), found[1].end())]


CHECKS: tuple[Check, ...] = (
    Check("axis-ticks", "svg", "tick labels that disagree with their gridlines or repeat", check_axis_ticks),
    Check("truncated-label", "reader", 'a label or list cut with "…"', truncated_label),
    Check("signed-zero", "reader", '"−0.0 %", "+0", "-0.0"', signed_zero),
    Check("hyphen-minus", "reader", "hyphen-minus used as a minus sign", hyphen_minus),
    Check("missing-value", "reader", '"nan", "None" and the like shown to readers', missing_value_shown),
    Check("one-plural", "reader", '"1 areas"', one_plural),
    Check("lowercase-reason", "reader", 'lower-case reason after "not published."', lowercase_reason),
    Check("zero-openings", "reader", '"About 0 openings", "0 from growth"', zero_openings),
    Check("openings-sum", "reader", "openings parts that do not add to the total beyond EP rounding", openings_parts),
    Check(
        "demand-and-decline",
        "reader",
        '"High demand" together with "Projected decline"',
        demand_and_decline,
        (OCCUPATION,),  # a comparison may hold one of each
    ),
    Check("not-a-rating", "reader", '"Tasks: O*NET has no rating" (a list is not a rating)', not_a_rating),
    Check("dangling-reference", "reader", "a promise the book does not keep", dangling_reference),
    Check("value-not-published", "reader", 'a figure shown as "not published ($…)"', value_called_not_published),
    Check(
        "related-is-itself",
        "reader",
        "a related occupation with the chapter's own SOC code",
        related_is_itself,
        (OCCUPATION,),
    ),
    Check("dollar-math", "markdown", 'an unescaped pair of "$" (read as TeX math)', dollar_math),
    Check("myst-directive", "markdown", 'a MyST directive (":::{note}") JupyterLab would show as text', myst_directive),
    Check(
        "unexplained-not-published",
        "markdown",
        'a table cell "not published" without its reason',
        unexplained_not_published,
    ),
)
