"""The figures a chapter opens with (the key-facts card, under the title and before "What they do") and the
"Further information" list near its end: what ``Chapter.key_facts()`` and ``Chapter.further_information()``
show. Every figure carries its source and release; a value the source does not publish says so, with the
reason."""

from __future__ import annotations

import html
from collections.abc import Callable

from . import formatting as fmt
from .chapter_tables import TableNotes, code_span, employment_gap_note, table
from .links_out import OutLink, further_links
from .profile import Profile

KEY_FACTS_CLASS = "occ-key-facts"  # book/_static/occprofiles.css: a stacked card on a phone


def oews_label(p: Profile) -> str:
    return f"BLS OEWS, {p.oews.release}"


def ep_label(p: Profile) -> str:
    return f"BLS Employment Projections, {p.projections.release}"


def ep_wage_label(p: Profile) -> str:
    """EP's wage is its own copy of an older OEWS median: "BLS EP (OEWS May 2024)"."""
    return f"BLS EP (OEWS May {fmt.period_years(p.projections.release)[0]})"


def _of_aggregate(label: str, published: str | None, code: str) -> str:
    """A source label that says when its figure is an aggregate's that includes the occupation."""
    return f"{label} (aggregate {published})" if published and published != code else label


def median_wage_fact(p: Profile) -> tuple[str, str, str]:
    """The wage row: the annual median (with the hourly one beside it), or, for an occupation OEWS
    publishes only per hour, the hourly median under its own name."""
    k, source = p.key_facts, _of_aggregate(oews_label(p), p.oews.published_code, p.soc_code)
    if p.oews.hourly_only:
        return ("Median hourly wage", k.hourly_median_wage_display, source)
    value = k.annual_median_wage_display
    if k.hourly_median_wage_display != fmt.NOT_PUBLISHED:
        value += f" ({k.hourly_median_wage_display})"
    return ("Median annual wage", value, source)


def _with_reason(reason: str | None) -> str:
    return f"{fmt.NOT_PUBLISHED} — {reason}" if reason else fmt.NOT_PUBLISHED


def career_metric_facts(p: Profile) -> list[tuple[str, str, str]]:
    """Frey & Osborne's automation probability and the work-life balance indicator (O*NET ratings)."""
    a, w = p.automation, p.work_life_balance
    automation = _with_reason(a.reason) if a.probability is None else f"{a.probability:.1%} ({a.band})"
    balance = _with_reason(w.reason) if w.score is None else f"{w.score:.1f} / 10"
    return [
        ("Probability of computerisation (risk band)", automation, f"Frey & Osborne, {a.release}"),
        (
            "Work-life balance indicator (5 = the median occupation)",
            balance,
            f"O*NET {w.release} ratings (USDOL/ETA, CC BY 4.0)",
        ),
    ]


def key_fact_rows(p: Profile, with_bls: bool = True) -> list[tuple[str, str, str]]:
    """(fact, value, source and release) in the card's order; ``with_bls`` False leaves out the OEWS and EP
    rows (a military occupation: the scope box says why)."""
    k, e = p.key_facts, p.projections
    if not with_bls:
        return career_metric_facts(p)
    oews = _of_aggregate(oews_label(p), p.oews.published_code, p.soc_code)
    ep = _of_aggregate(ep_label(p), e.published_code, p.soc_code)
    rows = [median_wage_fact(p)]
    if k.annual_median_wage_usd is None and not k.annual_median_wage_top_coded and not p.oews.hourly_only:
        ep_wage = e.median_annual_wage_2024_display
        if ep_wage and ep_wage != fmt.NOT_PUBLISHED:  # OEWS publishes no national median: EP's older one
            rows.append(("Median annual wage", ep_wage, _of_aggregate(ep_wage_label(p), e.published_code, p.soc_code)))
    employment = (
        fmt.count(k.oews_employment)
        if k.oews_employment is not None
        else (p.oews.employment_note or p.oews.reason or fmt.NOT_PUBLISHED)
    )
    rows += [
        ("Employment: wage and salary jobs, without the self-employed", employment, oews),
        ("Employment 2024: all jobs, with the self-employed", fmt.ep_count(k.ep_employment_2024), ep),
        (f"Projected growth {e.release}", fmt.percent(k.change_percent, signed=True), ep),
        (f"Openings a year, {e.release} average", fmt.ep_count(k.annual_openings), ep),
        ("Typical entry education", k.typical_entry_education or fmt.NOT_PUBLISHED, ep),
        ("Self-employed share, 2024", fmt.percent(k.self_employed_percent), ep),
    ]
    return rows + career_metric_facts(p)


def key_facts_note(p: Profile, rows: list[tuple[str, str, str]]) -> str:
    """The notes under the card: how OEWS and EP count employment, OEWS's reason for a median it withholds
    (unless the card shows it, marked with its reason), EP's wage."""
    k = p.key_facts
    note = employment_gap_note(k.employment_note, k.oews_employment, k.ep_employment_2024, p.oews.release)
    marked = {fact for fact, value, _ in rows if value.startswith(fmt.NOT_PUBLISHED)}  # their reason is numbered
    for n in p.oews.wage_notes:
        form = n.field.split("_")[0]
        if n.field.endswith("median") and f"Median {form} wage" not in marked:
            note += f" Median {form}: {n.display} — {n.reason}."
    if any(r[2].startswith(ep_wage_label(p)) for r in rows):
        note += f" {p.projections.wage_note}"
    return note.strip()


def _marked(p: Profile, rows: list[tuple[str, str, str]], notes: TableNotes) -> list[tuple[str, str, str]]:
    """The card's rows, a value not published marked with its source's reason (``TableNotes``): OEWS's for the
    median; EP's when it projects nothing, or its "—" (unavailable) for one figure."""
    wage_why = {n.field: n.reason for n in p.oews.wage_notes}
    why = {
        "Median annual wage": wage_why.get("annual_wage_usd.median") or p.oews.reason,
        "Median hourly wage": wage_why.get("hourly_wage_usd.median") or p.oews.reason,
    }
    ep_why = fmt.EP_UNAVAILABLE if p.projections.available else p.projections.reason
    return [
        (fact, notes.cell(value, why.get(fact) or (ep_why if ep_label(p) in source else None)), source)
        for fact, value, source in rows
    ]


def key_facts_card(p: Profile, with_bls: bool = True) -> str:
    """The card as Markdown: one HTML table (a stacked list of facts on a phone) and its notes."""
    notes = TableNotes()
    rows = _marked(p, key_fact_rows(p, with_bls), notes)
    text = table(["", "value", "source"], rows, align="lrl", css_class=KEY_FACTS_CLASS) + notes.text()
    note = key_facts_note(p, rows) if with_bls else ""
    return (
        text
        + "\n"
        + (note + " " if note else "")
        + "How the last two are computed: below, under *Career-intelligence metrics*."
    )


SITE_NOTES = {
    "O*NET OnLine": "O*NET OnLine (tasks, skills, knowledge, work context)",
    "CareerOneStop": "CareerOneStop, U.S. Department of Labor (the occupation's profile, with a career video)",
}


def external_link(out: OutLink) -> str:
    """An HTML anchor, not a Markdown link: MyST escapes a Markdown link's ``&`` twice (``&amp;amp;``, MyST-Parser
    issues 760 and 1116), which broke CareerOneStop's query string; an anchor's href is escaped once, here."""
    return f'<a class="reference external" href="{html.escape(out.url)}">{html.escape(out.text, quote=False)}</a>'


def further_information(p: Profile, link: Callable[[str, str], str]) -> str:
    """The occupation's pages at O*NET OnLine, BLS OEWS and CareerOneStop as a Markdown list, one line per
    site (``link(code, text)``: a link to another chapter of the book, or the text)."""
    by_site: dict[str, list[OutLink]] = {}
    for out in further_links(p):
        by_site.setdefault(out.site, []).append(out)
    lines = []
    for site, links in by_site.items():
        name = SITE_NOTES.get(site, f"{site} (national, industry, state and metropolitan estimates)")
        lines.append(f"- {name}: " + "; ".join(f"{external_link(x)} ({code_span(x.code)})" for x in links) + ".")
    if p.code_mapping.kind == "aggregate" and p.code_mapping.covers:
        lines.append(
            "- O*NET and CareerOneStop describe the detailed occupations this aggregate covers: "
            + ", ".join(link(c, c) for c in p.code_mapping.covers)
            + " (their chapters link their pages)."
        )
    if p.soc_code.startswith("55-"):
        lines.append("- BLS OEWS and CareerOneStop's wages and projections cover civilian occupations only.")
    elif not p.oews.available:
        lines.append(f"- No BLS OEWS page is linked: {p.oews.reason or fmt.NOT_PUBLISHED}.")
    return (
        "\n".join(lines)
        + "\n\nPages on other sites, linked by code: they may show a later release than this chapter's figures."
    )
