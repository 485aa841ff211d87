"""The chapter's text building blocks: Markdown with O*NET text escaped, HTML and Markdown tables,
source lines, "not published" notes and the wage-note lines."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from IPython.display import Markdown

from . import formatting as fmt
from .profile import WageNote

TABLE_OPEN = '<div class="pst-scrollable-table-container occ-table">'


def md(text: str) -> Markdown:
    # Not inside HTML tables, where a backslash is shown as it is.
    return Markdown(
        "\n".join(line if line.startswith(TABLE_OPEN) else fmt.escape_onet(line) for line in text.split("\n"))
    )


def escape_cell(text: str | None) -> str:
    """Escape table-breaking characters in source text."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A table of plain-text cells, as one line of HTML inside the Markdown (a CommonMark HTML block).

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
        "<tr>" + "".join(f"<td{cls(a)}>{html.escape(c)}</td>" for c, a in zip(r, align, strict=True)) + "</tr>"
        for r in cells
    )
    return f'\n{TABLE_OPEN}<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n\n'


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table: for cells with Markdown in them (links to other chapters, bold)."""
    cells = [[escape_cell(str(c)) for c in r] for r in rows]
    if not cells:
        return ""
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(lines) + "\n"


def source_line(*labels: str) -> str:
    """The italic source line under a table or paragraph."""
    return "*Source: " + "; ".join(labels) + ".*"


def not_published(what: str, reason: str | None) -> str:
    """A section the source publishes nothing for: its name and the reason, instead of zeros."""
    reason = (reason or "").strip()
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
