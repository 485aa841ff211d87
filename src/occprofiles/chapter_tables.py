"""The chapter's text building blocks: Markdown with O*NET text escaped, HTML and Markdown tables,
source lines, "not published" notes and the wage-note lines."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from IPython.display import Markdown

from . import formatting as fmt
from .profile import Projections, RegionalOutlook, WageNote
from .regions import CENSUS_REGIONS, STATE_NAMES

TABLE_OPEN_START = '<div class="pst-scrollable-table-container occ-table'  # then '">' or ' <more classes>">'
TABLE_OPEN = TABLE_OPEN_START + '">'
# A table that only repeats what its chart labels: on screen (HTML, JupyterLab), left out of print by the
# book's print styles (book/_static/occprofiles.css), where a note, hidden on screen, says so instead.
SCREEN_ONLY_OPEN = '<div class="occ-screen-only">'
PRINT_ONLY_NOTE = (
    '<p class="occ-print-only" hidden><em>{what}: the chart labels every value; the table of them is in the '
    "HTML edition.</em></p>"
)
# A chart whose every labelled value a table beside it shows (:func:`table_shows_chart`): on screen only; in
# print, a note names the table that holds its values.
CHART_PRINT_NOTE = (
    '<p class="occ-print-only" hidden><em>{what}: the chart is in the HTML edition; every value it labels is in '
    "the table {table}.</em></p>"
)


# JupyterLab reads a pair of "$" as TeX math twice over: its Markdown renderer takes "$…$" out of the source
# before parsing ("$105,850 | … | $97,550" becomes italic formula text), and MathJax then typesets the rendered
# page, where an entity is a "$" again (28 elements in 11-9111's tables with "&#36;" alone, JupyterLab 4.6).
# An entity in its own element is neither: MathJax looks for both delimiters inside one run of text, and an
# element ends the run. Every renderer (JupyterLab, MyST, nbconvert, print) shows a plain dollar sign.
DOLLAR_HTML = "<span>&#36;</span>"
DOLLAR_ENTITY = DOLLAR_HTML  # the name tests and callers used


SOC_CODE = re.compile(r"\d{2}-\d{4}(?:\.\d{2})?")
CODE_OPEN, CODE_CLOSE = '<span class="occ-code">', "</span>"  # book/_static/occprofiles-chapter.css: no break inside


def code_span(text: str) -> str:
    """A cell that is a SOC code is kept on one line (a browser breaks "15-1211" after the hyphen)."""
    return f"{CODE_OPEN}{text}{CODE_CLOSE}" if SOC_CODE.fullmatch(text) else text


# What a code in running text must not be wrapped inside: a code already kept whole, a code span (a command,
# a download's file name), a link (its target; a span inside its text would be Sphinx's to resolve: a link whose
# text is a code goes inside the span instead), an HTML tag (its attributes). A code is not part of a longer
# token (a path, a comparison's id, an anchor).
_NOT_TEXT = re.compile(rf"{re.escape(CODE_OPEN)}[^<]*{CODE_CLOSE}|`[^`\n]*`|\[([^\]\n]*)\]\([^)\n]*\)|<[^>\n]*>")
_CODE_IN_TEXT = re.compile(r"(?<![\w./=#_-])\d{2}-\d{4}(?:\.\d{2})?(?![\w/_-]|\.\d)")


def codes_kept_whole(text: str) -> str:
    """Every SOC and O*NET-SOC code in ``text`` (prose, table cells, key facts) in an ``occ-code`` span, so that
    no browser breaks it at its hyphen ("(SOC 15-" / "1252)" at 390 px); link targets, tags and code spans are
    left as they are."""
    out, end = [], 0
    for m in _NOT_TEXT.finditer(text):
        kept = f"{CODE_OPEN}{m.group()}{CODE_CLOSE}" if m.group(1) and SOC_CODE.fullmatch(m.group(1)) else m.group()
        out += [_CODE_IN_TEXT.sub(lambda c: code_span(c.group()), text[end : m.start()]), kept]
        end = m.end()
    out.append(_CODE_IN_TEXT.sub(lambda c: code_span(c.group()), text[end:]))
    return "".join(out)


def md(text: str) -> Markdown:
    # O*NET's asterisk: not inside HTML tables, where a backslash is shown as it is.
    raw = (TABLE_OPEN_START, SCREEN_ONLY_OPEN, PRINT_ONLY_NOTE[:30])
    lines = (line if line.startswith(raw) else fmt.escape_onet(line) for line in text.split("\n"))
    return Markdown(codes_kept_whole("\n".join(lines)).replace("$", DOLLAR_HTML))


def as_read(markdown: str) -> str:
    """What a reader sees of md()'s text: the dollar signs and HTML entities decoded, codes without the span that
    keeps them whole (for tests and tools)."""
    text = re.sub(rf"{re.escape(CODE_OPEN)}([^<]*){CODE_CLOSE}", r"\1", markdown.replace(DOLLAR_HTML, "$"))
    return html.unescape(text)


def admonition(kind: str, text: str, title: str | None = None) -> str:
    """A "note" or "important" box as the HTML Sphinx writes for a MyST ``:::{kind}`` directive (or, with a
    ``title``, ``:::{admonition} title`` of class ``kind``), so JupyterLab and nbconvert show a box with its title
    too, not the directive's markup (the text inside stays Markdown)."""
    head = html.escape(title) if title else kind.capitalize()
    return f'<div class="admonition {kind}">\n<p class="admonition-title">{head}</p>\n\n{text}\n\n</div>'


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class TableNotes:
    """Numbered notes under a table: a cell a source does not publish carries the number of its reason
    ("not published¹"), the same reason the same number; :meth:`text` lists them under the table."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def mark(self, reason: str) -> str:
        reason = fmt.capitalise_first(reason.strip().rstrip(".")) + "."
        if reason not in self.texts:
            self.texts.append(reason)
        return str(self.texts.index(reason) + 1).translate(_SUPERSCRIPT)

    def cell(self, shown: str, reason: str | None) -> str:
        """``shown`` with the number of ``reason`` when it is "not published" (a figure is left as it is)."""
        return shown + self.mark(reason) if shown == fmt.NOT_PUBLISHED and reason else shown

    def lines(self) -> list[str]:
        return [f"{str(i).translate(_SUPERSCRIPT)} {text}" for i, text in enumerate(self.texts, 1)]

    def text(self) -> str:
        """The notes, one paragraph each, followed by a blank line ("" when there is none)."""
        return "".join(line + "\n\n" for line in self.lines())


def charted_in_full(table_values: Iterable[Sequence[str]], chart_values: Iterable[Sequence[str]]) -> bool:
    """The chart labels every value the table shows: the same rows with the same displayed values, none of them
    "not published" (a chart draws no bar for those)."""
    shown = sorted(tuple(r) for r in table_values)
    return (
        bool(shown)
        and shown == sorted(tuple(r) for r in chart_values)
        and not any(fmt.NOT_PUBLISHED in cell for r in shown for cell in r)
    )


def table_shows_chart(table_rows: Iterable[Sequence[str]], charted: Iterable[str], columns: Sequence[int]) -> bool:
    """Every row the chart draws (``charted``, named as in the table's first column) is a row of the table,
    with its ``columns`` (the values the chart labels) published."""
    by_name = {r[0]: r for r in table_rows}
    names = list(charted)
    return bool(names) and all(
        n in by_name and not any(fmt.NOT_PUBLISHED in by_name[n][c] for c in columns) for n in names
    )


def screen_only(markdown: str, what: str) -> str:
    """``markdown`` (a table and its title) on screen only; in print, a note that the table is in the HTML edition.
    For a table that only repeats the values its chart labels, every one (:func:`charted_in_full`)."""
    return f"{SCREEN_ONLY_OPEN}\n\n{markdown.strip()}\n\n</div>\n\n{PRINT_ONLY_NOTE.format(what=what)}\n\n"


# Where a long web address may wrap: after a slash (not inside "//"), before a dot, "?", "&" or "=". Not at an
# underscore: "<wbr>_" would open Markdown emphasis.
_URL_BREAK = re.compile(r"(?<=[^/]/)(?=[^/])|(?<=[^/.])(?=[.?&=])")
_URL_IN_TEXT = re.compile(r"https?://[^\s()<>|]+[^\s()<>|.,;:]")


def wrappable_link(url: str) -> str:
    """A Markdown link that shows ``url`` with line-break opportunities (``<wbr>``), so that a narrow column
    (JupyterLab's output area, a phone, the printed page) wraps the address instead of growing wider than its box."""
    return f"[{_URL_BREAK.sub('<wbr>', url)}]({url})"


def wrappable_links(text: str) -> str:
    """``text`` with every web address in it made a :func:`wrappable_link`."""
    return _URL_IN_TEXT.sub(lambda m: wrappable_link(m.group(0)), text)


def sources_table(sources: Iterable[tuple[str, str, str, str]]) -> str:
    """The Sources table of a chapter, overview or comparison from (title, release, url, licence) rows: every web
    address a link that wraps in a narrow column."""
    rows = [(title, release, wrappable_link(url), wrappable_links(licence)) for title, release, url, licence in sources]
    return md_table(["source", "release", "link", "licence"], rows, align="llll")


def escape_cell(text: str | None) -> str:
    """Escape table-breaking characters in source text."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def table(
    header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None, css_class: str | None = None
) -> str:
    """A table of plain-text cells, as one line of HTML inside the Markdown (a CommonMark HTML block);
    ``css_class``: a class for its box besides the theme's (the key-facts card's layout on a phone).

    Sphinx passes it through as it is, where a Markdown table becomes a tree of nodes to parse,
    transform and index: tables were the bulk of the book's build time and of its pages' bytes.
    It looks like the theme's own tables (same classes)."""
    # One line: a line break in source text would end the HTML block (or leave the rest of the table
    # on a line md() treats as Markdown).
    cells = [[" ".join(str(c).split()) for c in r] for r in rows]
    if not cells:
        return ""
    align = align or "l" + "r" * (len(header) - 1)

    def cls(a: str, head: bool = False) -> str:
        names = (["head"] if head else []) + (["text-right"] if a == "r" else [])
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(f"<th{cls(a, True)}>{html.escape(h)}</th>" for h, a in zip(header, align, strict=True))
    body = "".join(
        "<tr>"
        + "".join(f"<td{cls(a)}>{code_span(html.escape(c))}</td>" for c, a in zip(r, align, strict=True))
        + "</tr>"
        for r in cells
    )
    box = f'{TABLE_OPEN_START} {css_class}">' if css_class else TABLE_OPEN
    return f'\n{box}<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n\n'


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table: for cells with Markdown in them (links to other chapters, bold)."""
    cells = [[code_span(escape_cell(str(c))) for c in r] for r in rows]
    if not cells:
        return ""
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(lines) + "\n"


def unranked_note(n: int, noun: str, nouns: str | None = None, ranked: bool = True) -> str:
    """ "2 areas publish a wage but not the employment count: listed after the areas ranked by employment. "
    ("" when ``n`` is 0; ``ranked`` False: none publishes the count, so none is ranked)."""
    if not n:
        return ""
    head = f"{fmt.plural(n, noun, nouns)} {'publishes' if n == 1 else 'publish'} a wage but not the employment count"
    if not ranked:
        return head + ", and none publishes the count, so none is ranked by employment. "
    return head + f": listed after the {nouns or noun + 's'} ranked by employment. "


def source_line(*labels: str) -> str:
    """The italic source line under a table or paragraph."""
    return "*Source: " + "; ".join(labels) + ".*"


def not_published(what: str, reason: str | None) -> str:
    """A section the source publishes nothing for: its name and the reason, instead of zeros."""
    reason = fmt.capitalise_first((reason or "").strip())
    if reason and not reason.endswith("."):
        reason += "."
    return f"**{what}: not published.** {reason}".strip()


def num(value: float | None, digits: int = 2) -> str:
    """A rating or quotient with fixed decimals, or the "not published" text."""
    return fmt.NOT_PUBLISHED if fmt.is_missing(value) else f"{value:.{digits}f}"


WAGE_MEASURE_NAMES = {
    "mean": "mean",
    "p10": "10th",
    "p25": "25th",
    "median": "median",
    "p75": "75th",
    "p90": "90th percentile",
}


def wage_note_lines(wage_notes: Iterable[WageNote]) -> list[str]:
    """One line per reason ("Annual wages (mean, 10th, …): not published — …"), not one per field."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for n in wage_notes:
        series, measure = n.field.split(".")
        form = "Annual wages" if series.startswith("annual") else "Hourly wages"
        grouped.setdefault((form, n.display, n.reason), []).append(WAGE_MEASURE_NAMES.get(measure, measure))
    return [
        f"- {form} ({', '.join(measures)}): {display} — {reason}."
        for (form, display, reason), measures in grouped.items()
    ]


# ------------------------------------------------------------------------------------------------
# sentences that must add up (issue 15): openings, the employment note, the top code, regions
# ------------------------------------------------------------------------------------------------


def ep_about(value: int) -> str:
    """ "About 555,800" — or "Fewer than 50" when EP's rounding to the hundred leaves nothing to be about."""
    return f"About {fmt.ep_count(value)}" if abs(value) >= fmt.EP_ROUNDING_PERSONS / 2 else "Fewer than 50"


def openings_sentence(e: Projections) -> str:
    """Openings a year and the parts EP adds them up from: labour-force exits + occupational transfers +
    growth, where growth = openings − separations (EP's identity; negative when employment declines).

    Each EP figure is rounded to the hundred on its own, so exits + transfers may differ from separations by
    up to a few hundred: the sentence then says what the stated parts add up to."""
    total = e.annual_openings
    if total is None:
        return "Openings a year: not published."
    head = ep_about(total) + " openings a year"
    if abs(total) < fmt.EP_ROUNDING_PERSONS / 2 or None in (
        e.labor_force_exits,
        e.occupational_transfers,
        e.separations,
    ):
        return head + (f" ({EP_ROUNDING_TEXT})." if abs(total) < fmt.EP_ROUNDING_PERSONS / 2 else ".")
    exits, transfers, separations = (
        int(e.labor_force_exits or 0),
        int(e.occupational_transfers or 0),
        int(e.separations or 0),
    )
    growth = total - separations
    parts = (
        f"{fmt.ep_count(exits)} from workers leaving the labour force",
        f"{fmt.ep_count(transfers)} from transfers to other occupations",
    )
    if growth >= fmt.EP_ROUNDING_PERSONS / 2:
        text = f"{head}: {parts[0]}, {parts[1]}, and {fmt.ep_count(growth)} from employment growth."
    elif growth <= -fmt.EP_ROUNDING_PERSONS / 2:
        text = f"{head}: {parts[0]} and {parts[1]}, less {fmt.ep_count(-growth)} a year as employment declines."
    else:
        verb = "removes" if (e.employment_change or 0) < 0 else "adds"
        text = f"{head}: {parts[0]} and {parts[1]}; the change in employment {verb} {fmt.EP_BELOW_ROUNDING} a year."
    if exits + transfers + growth != total:
        text += f" ({EP_ROUNDING_TEXT} on its own, so the parts need not add up to the total exactly.)"
    return text


EP_ROUNDING_TEXT = "EP rounds each figure to the nearest hundred"


def rounding_note(e: Projections) -> str:
    """After EP's change in percent: where the rounded employment shown gives another percentage or another
    change in jobs than EP publishes (EP rounds each figure on its own), both, and what the figures give."""
    percent = e.change_percent_from_rounded_display
    start, end, change = e.employment_2024, e.employment_2034, e.employment_change
    jobs = None  # the change in jobs the rounded figures give, when it is not EP's
    if start is not None and end is not None and change is not None and change != end - start:
        jobs = fmt.ep_count(end - start, signed=True)
    if percent is None and jobs is None:
        return ""
    published = f", {fmt.ep_count(change, signed=True)} jobs" if jobs else ""
    given = ", ".join(p for p in (percent, jobs) if p)
    return f"{published}, which EP computes before rounding: the rounded figures give {given}"


def employment_sentence(e: Projections) -> str:
    """Employment 2024 → 2034 with the change in percent, beside EP's all-occupations change."""
    change = fmt.percent(e.change_percent, signed=True)
    if e.employment_change is not None and abs(e.employment_change) < fmt.EP_ROUNDING_PERSONS / 2:
        change += f", a change of {fmt.EP_BELOW_ROUNDING} jobs: EP computes the percentage before rounding"
    else:
        change += rounding_note(e)
    if e.all_occupations_change_percent is not None:
        change += f"; all occupations {fmt.percent(e.all_occupations_change_percent, signed=True)}, EP Table 1.2, code 00-0000"
    return (
        f"BLS projects employment to go from {fmt.ep_count(e.employment_2024)} in 2024 to "
        f"{fmt.ep_count(e.employment_2034)} in 2034 ({change})."
    )


def top_code_note(footnote_text: str | None, release: str, published: Sequence[tuple[str, float | None]]) -> str:
    """Why some wages are "≥ $239,200" while others above $239,200 are published: OEWS footnote 5 in its own
    words. ``published``: (place, wage) of the rows shown beside the bounds."""
    bound = f"${fmt.OEWS_TOP_CODE_ANNUAL_USD:,}"
    above = [(place, w) for place, w in published if w is not None and w > fmt.OEWS_TOP_CODE_ANNUAL_USD]
    quote = f"“{footnote_text.strip()}”" if footnote_text else f"the wage is at or above {bound} a year"
    text = f"“≥ {bound}” marks a wage OEWS withholds with footnote 5: {quote}"
    if above:
        place, wage = max(above, key=lambda pw: pw[1] or 0)
        text += (
            f" In the {release} release OEWS withholds some wages at or above {bound} this way and publishes others "
            f"above it (here {place}: {fmt.usd(wage)}): a wage shown as “≥ {bound}” is at least {bound}, and may be "
            "lower or higher than a published wage above it."
        )
    return text


def employment_gap_note(note: str, oews_employment: int | None, ep_employment: int | None, oews_release: str) -> str:
    """The OEWS-vs-EP note, only when both figures exist, with the gap and no claim about its cause."""
    if oews_employment is None or ep_employment is None:
        return ""
    diff = ep_employment - oews_employment
    if diff == 0:
        return note + " Here the two figures are equal."
    side = "higher" if diff > 0 else "lower"
    return (
        note + f" Here EP's 2024 figure is {fmt.count(abs(diff))} {side} than OEWS's {oews_release} figure; "
        "the gap mixes the three differences."
    )


def regions_text(r: RegionalOutlook) -> str:
    """The Census-region table: a sum over two or more states, with the states it leaves out named; a region
    where only one state publishes is that state's figure, said so, not shown as a regional trend."""
    summed = [g for g in r.regions if g.states_published > 1]
    rows = [
        (
            g.region,
            f"{g.states_published} of {g.states_in_region}",
            fmt.pc_count(g.employment_2020),
            fmt.pc_count(g.employment_2030),
            fmt.percent(g.change_percent, signed=True),
        )
        for g in summed
    ]
    text = table(["Census region", "states publishing", "2020", "2030", "change"], rows)
    left_out = [f"{g.region}: {fmt.join_words(g.states_not_published)}" for g in summed if g.states_not_published]
    if left_out:
        text += (
            "\n\nStates that publish no projection for this occupation, left out of the sums: "
            + "; ".join(left_out)
            + "."
        )
    for g in r.regions:
        if g.states_published == 1:
            # the region's one publishing state: the one the sum did not leave out (same rule as the sum)
            name = next(
                STATE_NAMES[f] for f in CENSUS_REGIONS[g.region] if STATE_NAMES[f] not in g.states_not_published
            )
            change = "" if g.change_percent is None else f", {fmt.percent(g.change_percent, signed=True)}"
            text += (
                f"\n\n{g.region}: only {name} publishes this occupation ({fmt.pc_count(g.employment_2020)} in 2020, "
                f"{fmt.pc_count(g.employment_2030)} in 2030{change}): one state's figures, not a regional trend."
            )
    return text


def listed_in_full(items: Sequence[str], shown: int, rest_label: str) -> str:
    """``items`` joined by "; ": the first ``shown`` in the paragraph, the rest (if any) in a ``<details>``
    whose summary says how many there are ("The other 11 hot technologies"), so nothing is cut off.
    The PDF printer opens every ``<details>`` before printing."""
    if len(items) <= shown:
        return "; ".join(items) + "."
    rest = items[shown:]
    return (
        "; ".join(items[:shown])
        + f"; and {len(rest)} more.\n\n"
        + f'<details class="occ-more"><summary>The other {len(rest)} {rest_label}</summary>\n\n'
        + "; ".join(rest)
        + ".\n\n</details>"
    )
