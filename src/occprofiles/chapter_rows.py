"""The rows of a chapter's tables, with a reason for every value a source does not publish: a cell that reads
"not published" carries the number of its source's reason (``chapter_tables.TableNotes``), and the reasons
are listed under the table. The reasons are the profile's own (OEWS's footnotes, as ``formatting`` words
them); the rows are the table registry's (``charts.tables``), so a table and its DataFrame show the same.

OEWS derives the employment per 1,000 jobs and the location quotient of an area, and this book the shares of
an industry row, from the employment estimate: OEWS withholds them with the employment count, with the same
footnote (every state and area row of the May 2025 release; ``tests/test_table_reasons.py`` checks the raw
file), so their cells carry the employment count's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import formatting as fmt
from .chapter_onet import related_examples
from .chapter_tables import TableNotes, num
from .charts import tables
from .profile import Oews, Profile

WAGE_MEASURES = (
    ("p10", "10th percentile"),
    ("p25", "25th percentile"),
    ("median", "Median"),
    ("p75", "75th percentile"),
    ("p90", "90th percentile"),
    ("mean", "Mean"),
)


def wage_rows(o: Oews, notes: TableNotes) -> list[tuple[str, str, str]]:
    """The national wage distribution, annual and hourly: a value OEWS withholds (not published, or the top
    code's bound) carries OEWS's footnote, in words."""
    reasons = {n.field: n.reason for n in o.wage_notes}
    rows: list[tuple[str, str, str]] = []
    for measure, label in WAGE_MEASURES:
        cells = [label]
        for form in ("annual", "hourly"):
            reason = reasons.get(f"{form}_wage_usd.{measure}")
            cells.append(o.wage_display[f"{form}_{measure}"] + (notes.mark(reason) if reason else ""))
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def _median_note(row: Any, hourly: bool) -> str | None:
    """Why the median the table shows (hourly for an hourly-only occupation) is absent."""
    return row.hourly_median_wage_note if hourly else row.annual_median_wage_note


def national_median_note(o: Oews, hourly: bool) -> str | None:
    """Why no state can be compared with the national median: the national median is not published."""
    form = "hourly" if hourly else "annual"
    if (o.hourly_wage_usd if hourly else o.annual_wage_usd).get("median") is not None:
        return None
    reason = {n.field: n.reason for n in o.wage_notes}.get(f"{form}_wage_usd.median") or o.reason
    return f"the national {form} median is not published" + (f" ({reason})" if reason else "")


def state_rows(p: Profile, hourly: bool, notes: TableNotes) -> list[tuple[str, ...]]:
    national = national_median_note(p.oews, hourly)
    rows: list[tuple[str, ...]] = []
    for s in tables.state_rows(p):
        median, why_median, why_count = s.median_wage_display(hourly), _median_note(s, hourly), s.employment_note
        own_median = (s.hourly_median_wage_usd if hourly else s.annual_median_wage_usd) is not None
        rows.append(
            (
                s.state,
                notes.cell(fmt.count(s.employment), why_count),
                notes.cell(num(s.employment_per_1000_jobs, 3), why_count),
                notes.cell(num(s.location_quotient), why_count),
                notes.cell(median, why_median),
                notes.cell(
                    fmt.percent(s.wage_vs_national_percent, signed=True), national if own_median else why_median
                ),
            )
        )
    return rows


def metro_rows(p: Profile, hourly: bool, notes: TableNotes) -> list[tuple[str, ...]]:
    return [
        (
            m.area,
            notes.cell(fmt.count(m.employment), m.employment_note),
            notes.cell(num(m.location_quotient), m.employment_note),
            notes.cell(m.median_wage_display(hourly), _median_note(m, hourly)),
        )
        for m in tables.metro_rows(p)
    ]


def industry_rows(p: Profile, hourly: bool, notes: TableNotes) -> list[tuple[str, ...]]:
    """An industry that publishes a wage but not the employment count: its count and both shares (made from
    the count) carry OEWS's reason for the count."""
    national = p.oews.employment_note or p.oews.reason
    national_why = f"the occupation's national employment is not published ({national})" if national else None
    rows: list[tuple[str, ...]] = []
    for i in tables.industry_rows(p):
        why = i.employment_note
        rows.append(
            (
                i.industry,
                notes.cell(fmt.count(i.employment), why),
                notes.cell(
                    fmt.percent(i.share_of_occupation_employment_percent), why if i.employment is None else national_why
                ),
                notes.cell(fmt.share_percent(i.share_of_industry_employment_percent), why),
                notes.cell(i.median_wage_display(hourly), _median_note(i, hourly)),
            )
        )
    return rows


def related_rows(p: Profile, link: Callable[[str, str], str], notes: TableNotes) -> list[tuple[str, ...]]:
    """O*NET's related occupations with the OEWS median of each SOC code; a median OEWS withholds (not
    published, or the top code's bound) carries OEWS's reason."""
    rows: list[tuple[str, ...]] = []
    for r in tables.related_rows(p):
        why = r.annual_median_wage_note
        rows.append(
            (
                link(r.soc_code, r.title) + related_examples(r),
                r.soc_code,
                r.relatedness_tier,
                r.annual_median_wage_display + (notes.mark(why) if why else ""),
            )
        )
    return rows


def median_comparison_rows(
    p: Profile, link: Callable[[str, str], str], title: str, notes: TableNotes
) -> list[tuple[str, str]]:
    """The annual median beside all occupations, the major group and the closest related occupations; a median
    not published carries its reason (a top-coded one is the bound, explained under the table)."""
    c, o = p.comparisons, p.oews
    own_why = {n.field: n.reason for n in o.wage_notes}.get("annual_wage_usd.median") or o.reason
    related_why = {r.soc_code: r.annual_median_wage_note for r in p.related_occupations}
    rows = [
        (title, notes.cell(c.annual_median_wage_display, own_why)),
        ("All occupations", fmt.usd(c.all_occupations_annual_median_wage_usd)),
        (c.major_group_title or c.major_group_code, fmt.usd(c.major_group_annual_median_wage_usd)),
    ]
    rows += [
        (link(r.soc_code, r.title), notes.cell(r.annual_median_wage_display, related_why.get(r.soc_code)))
        for r in c.related
    ]
    return rows
