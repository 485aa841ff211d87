"""What each cell of the group overview template shows (``notebooks/group_overview.ipynb``): one SOC
major group, from the profiles of all its occupations (``group_data``), its charts from the group
chart registry (``charts.GROUP_CHARTS``). The template calls one method per cell, as the occupation
chapter's does; every figure carries its source and release, a value a source does not publish is
"not published" with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import formatting as fmt
from .chapter_tables import TableNotes, md, md_table, source_line, sources_table
from .group_data import GroupData, GroupMember, load_group

METHODS = "../../methods.md"  # group overviews live in book/chapters/<major group>/index.ipynb


# Print: charts are 5.1 in wide (book/_static/occprofiles.css), of their natural 6.5 in; a chart taller than
# this does not fit under the overview's opening on its first page and moved to the next, leaving page 1 at 14 %.
PRINT_WIDTH_RATIO = 5.1 / 6.5
PRINT_CHART_MAX_IN = 7.0
PRINT_ROWS = (15, 10)


def _print_height_in(fig: Any) -> float:
    return float(fig.get_size_inches()[1]) * PRINT_WIDTH_RATIO


def _display(*objects: Any) -> None:
    from IPython.display import display

    display(*objects)


class GroupOverview:
    """One major group's overview. ``chapters``: the group's codes that have a chapter in this book (linked)."""

    def __init__(self, major_group: str, chapters: Sequence[str] | None = None, group: GroupData | None = None) -> None:
        self.group = group or load_group(major_group)
        self.linked = set(chapters or ())

    @property
    def title(self) -> str:
        return f"{self.group.title} (SOC {self.group.code})"

    def chart(self, name: str, **options: Any) -> None:
        """Display group chart ``name`` (``charts.GROUP_CHARTS``) as inline SVG named by its text alternative."""
        _display(self._figure_html(name, self.figure(name, **options), **options))

    def _figure_html(self, name: str, fig: Any, css: str = "", suffix: str = "", **options: Any) -> Any:
        """``fig`` (group chart ``name`` drawn with ``options``) as the HTML of a figure of class ``css``."""
        from IPython.display import HTML

        from . import charts

        svg = charts.inline_svg(
            fig, charts.group_spec(name).alt_text(self.group, **options), f"grp-{self.group.major}-{name}{suffix}-title"
        )
        hidden = " hidden" if "occ-print-only" in css else ""
        classes = " ".join(["occ-chart", "mathjax_ignore", *css.split()])
        return HTML(f'<figure class="{classes}" data-chart="{name}"{hidden}>{svg}</figure>')

    def figure(self, name: str, **options: Any) -> Any:
        """The matplotlib Figure of group chart ``name`` (for an analyst: ``go.figure("group_wage_growth", labels=4)``)."""
        from . import charts

        return charts.group_spec(name).figure(self.group, **options)

    # -------------------------------------------------------------------- sections
    def summary(self) -> None:
        g = self.group
        n, linked = len(g.members), len(self.linked & {m.soc_code for m in g.members})
        text = [
            f"**SOC major group {g.code}** · {fmt.plural(n, 'occupation')} with a profile · "
            f"{linked} with a chapter in this book (linked in [the table below](#occupations-of-the-group)).",
            "",
        ]
        if g.group_annual_median_wage_usd is not None:
            text.append(
                f"The median annual wage of the whole group is {fmt.usd(g.group_annual_median_wage_usd)} "
                f"({g.oews_label}), against {fmt.usd(g.all_occupations_annual_median_wage_usd)} for all occupations."
            )
        else:
            text.append(f"{g.oews_label} publishes no median wage for the group as a whole.")
        text += [
            "",
            "The charts count each published figure once: an occupation that OEWS or EP publishes only within an "
            "aggregate appears as that aggregate. Every figure is the one its occupation's chapter shows; how they are "
            f"made is on the [methods page]({METHODS}).",
        ]
        _display(md("\n".join(text)))

    def employment_and_wages(self) -> None:
        """The occupations with most jobs; in print, when the chart would not fit under the overview's opening
        on its first page, a shorter one (15 or 10 rows; its note says the table lists every occupation) and
        a note that the full chart is in the HTML edition."""
        from .charts.group import employment_rows

        name = "group_employment_wage"
        full = self.figure(name)
        if _print_height_in(full) <= PRINT_CHART_MAX_IN:
            _display(self._figure_html(name, full))
            return
        rows = next((r for r in PRINT_ROWS if _print_height_in(self.figure(name, rows=r)) <= PRINT_CHART_MAX_IN), 10)
        drawn, printed = len(employment_rows(self.group)), len(employment_rows(self.group, rows))
        _display(
            self._figure_html(name, full, "occ-screen-only"),
            self._figure_html(name, self.figure(name, rows=rows), "occ-print-only", "-print", rows=rows),
            md(
                f'<p class="occ-print-only" hidden><em>The chart of the {drawn} occupations with most jobs is in the '
                f"HTML edition; printed here: the first {printed}.</em></p>"
            ),
        )

    def wage_and_growth(self) -> None:
        self.chart("group_wage_growth")

    def education(self) -> None:
        self.chart("group_education")

    def occupations(self) -> None:
        g, notes = self.group, TableNotes()
        rows = [self._row(m, notes) for m in g.members]
        # short headings: six columns fit the text column of a desktop page (the source line says the rest)
        # the span marks the table for the book's CSS (book/_static/occprofiles.css: it fills the column)
        header = [
            "code",
            '<span class="occ-group-members">occupation</span>',
            "median wage",
            "jobs",
            f"growth {g.ep_release}",
            "openings\u00a0/\u00a0yr",
        ]
        text = md_table(header, rows, align="llrrrr")
        text += "\n" + "\n\n".join(notes.lines())
        text += "\n\n" + source_line(
            f"median wage and jobs (employment): {g.oews_label}",
            f"projected growth and openings a year: {g.ep_label}",
        )
        _display(md(text))

    def _row(self, m: GroupMember, notes: TableNotes) -> list[str]:
        name = f"[{m.title}]({m.soc_code}.ipynb)" if m.soc_code in self.linked else m.title
        shared = []
        if not m.own_oews and m.oews_code and m.oews_code == m.ep_code:
            shared.append(
                notes.mark(
                    f"OEWS and EP publish these occupations only within the aggregate {m.oews_code}: their figures are the aggregate's"
                )
            )
        else:
            if not m.own_oews and m.oews_code:
                shared.append(
                    notes.mark(
                        f"OEWS publishes these occupations only within {m.oews_code}: their OEWS figures are that aggregate's"
                    )
                )
            if not m.own_ep and m.ep_code:
                shared.append(
                    notes.mark(
                        f"EP publishes these occupations only within {m.ep_code}: their EP figures are that aggregate's"
                    )
                )
        wage = m.median_display
        if m.hourly_only:
            wage += notes.mark(fmt.HOURLY_ONLY_NOTE)
        elif m.annual_median_wage_usd is None and m.wage_reason:
            wage += notes.mark(m.wage_reason)
        jobs = fmt.count(m.oews_employment)
        if m.oews_employment is None and m.oews_reason:
            jobs += notes.mark(m.oews_reason)
        ep_note = notes.mark(m.ep_reason) if m.ep_reason else ""
        change = fmt.percent(m.change_percent, signed=True) + (ep_note if m.change_percent is None else "")
        openings = fmt.ep_count(m.annual_openings) + (ep_note if m.annual_openings is None else "")
        return [m.soc_code, name + "".join(shared), wage, jobs, change, openings]

    def sources(self) -> None:
        g = self.group
        text = sources_table(
            (s["title"], s["release"], s["url"], s["licence"]) for _key, s in sorted(g.sources.items())
        )
        text += (
            "\nBLS data are U.S. government works. This overview's numbers as data: "
            "[group JSON (gzip)](index.json.gz) (every occupation's figures as shown here; each "
            "occupation's full profile is in its chapter)."
        )
        _display(md(text))
