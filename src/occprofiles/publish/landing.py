"""What the book holds, for the landing page (``book/intro.md`` includes the generated Markdown): chapter
and occupation counts from the rendered chapters and the profiles database, sources and releases from the
registry, links to the explorer and the ranked lists, and the overview chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import formatting as fmt
from ..charts.svg import inline_svg
from ..paths import generated_pages_dir
from ..registry import load_registry
from ..render.selection import rendered_codes
from .explorer_data import explorer_rows
from .overview_chart import major_groups_alt, major_groups_chart, major_groups_data

LANDING_INCLUDE = "book-contents.md"


def landing_markdown() -> str:
    """Links are written relative to ``book/intro.md``, the page that includes this text."""
    registry = load_registry()
    rows = explorer_rows()
    chapters = rendered_codes()
    groups_in_book = len({c[:2] for c in chapters})
    all_groups = len({r.major_code for r in rows})
    oews = registry["oews"]
    group_rows = major_groups_data()
    fig = major_groups_chart(group_rows, oews.release)
    svg = inline_svg(fig, major_groups_alt(group_rows, oews.release), "occ-overview-chart")
    lines = [
        "## What this book holds",
        "",
        f"- **{fmt.plural(len(chapters), 'chapter')}** in {fmt.plural(groups_in_book, 'SOC major group')}, "
        f"of the {len(rows):,} occupations with a profile in {all_groups} major groups.",
        f"- **[Occupation explorer](_generated/explorer.md)**: all {len(rows):,} occupations in one table, "
        "sortable and filterable by pay, employment, growth, openings, education, job zone, interests and "
        "automation.",
        "- **[Ranked lists](_generated/ranked-lists.md)**: highest paying, fastest growing and most openings "
        "(top 20 each, ready to print).",
        "",
        "| source | release | publisher |",
        "|:---|:---|:---|",
    ]
    lines += [
        f"| {s.title} | {s.release} | {s.publisher} |" for _, s in sorted(registry.items(), key=lambda kv: kv[1].title)
    ]
    lines += [
        "",
        "```{raw} html",
        f'<figure class="occ-chart occ-overview">{svg}</figure>',
        "```",
        "",
    ]
    return fmt.escape_onet("\n".join(lines))


def write_landing(write: Callable[[Path, str], None]) -> None:
    write(generated_pages_dir() / LANDING_INCLUDE, landing_markdown())
