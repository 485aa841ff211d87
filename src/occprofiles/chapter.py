"""What each cell of the chapter template shows: prose, tables and charts generated from a Profile.

The template (``notebooks/occupation_profile.ipynb``) calls one method per cell, e.g. ``ch.pay()``. Each
method displays Markdown (tables, notes) and charts; all wording that depends on the occupation is
generated here from the Profile, and every figure is labelled with its source and release. A section
whose source publishes nothing for the occupation says so, with the reason, instead of showing zeros.
Charts come from the chart registry (``occprofiles.charts``); the table helpers from ``chapter_tables``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import chapter_facts, chapter_rows
from . import formatting as fmt
from .chapter_handles import ChapterHandles
from .chapter_onet import (
    RELATED_EXAMPLES_NOTE,
    RELATEDNESS_NOTE,
    holland_sentence,
    related_examples,
    specialty_examples,
    task_lists,
)
from .chapter_scope import MILITARY_MAJOR_GROUP, scope_box
from .chapter_tables import (
    CHART_PRINT_NOTE,
    TableNotes,
    admonition,
    charted_in_full,
    employment_sentence,
    escape_cell,
    listed_in_full,
    md,
    md_table,
    not_published,
    num,
    openings_sentence,
    regions_text,
    screen_only,
    source_line,
    sources_table,
    table,
    table_shows_chart,
    top_code_note,
    unranked_note,
)
from .charts import tables
from .charts.values import largest_first
from .profile import Profile, load_profile
from .regions import CENSUS_REGIONS

STATE_WAGE_WHAT = "The median wage in the states with most jobs against the national median"
METHODS = "../../methods.md"  # chapters live in book/chapters/<major group>/
MAX_ROWS = tables.ROWS

STATES_AND_DC = sum(len(states) for states in CENSUS_REGIONS.values())  # 51


def _display(*objects: Any) -> None:
    from IPython.display import display

    display(*objects)


class Chapter(ChapterHandles):
    """One occupation's chapter. ``related_chapters``: codes that have a chapter in this book (linked).

    ``ch.figure(name, **options)`` and ``ch.table(name, **options)`` (``ChapterHandles``) give the Figure and
    the DataFrame behind each chart and table, built as the chapter builds them."""

    def __init__(
        self, soc_code: str, related_chapters: Sequence[str] | None = None, profile: Profile | None = None
    ) -> None:
        self.profile = profile or load_profile(soc_code)
        self.linked = set(related_chapters or ())

    # -------------------------------------------------------------------- scope
    @property
    def out_of_scope(self) -> bool:
        """A military occupation (SOC major group 55): outside OEWS, EP and Projections Central. The chapter
        says so once, in a box at the top, and then shows only the sections that have data."""
        return self.profile.major_group.code == MILITARY_MAJOR_GROUP

    def silent(self, *sections: str) -> bool:
        """True when the scope box has already said why none of ``sections`` has data (the section is left out)."""
        return self.out_of_scope and not any(self.profile.sections[name].available for name in sections)

    def scope_box(self) -> str:
        return scope_box(self.profile)

    # -------------------------------------------------------------------- labels
    @property
    def oews_label(self) -> str:
        return chapter_facts.oews_label(self.profile)

    @property
    def ep_label(self) -> str:
        return chapter_facts.ep_label(self.profile)

    @property
    def ep_wage_label(self) -> str:
        """EP's wage is its own copy of an older OEWS median: "BLS EP (OEWS May 2024)"."""
        return chapter_facts.ep_wage_label(self.profile)

    @property
    def hourly(self) -> bool:
        """OEWS publishes this occupation's pay only per hour: tables and charts show hourly medians."""
        return self.profile.oews.hourly_only

    @property
    def median_header(self) -> str:
        return "hourly median" if self.hourly else "annual median"

    def median_wage_fact(self) -> tuple[str, str, str]:
        """The key-facts wage row (``chapter_facts.median_wage_fact``)."""
        return chapter_facts.median_wage_fact(self.profile)

    def hourly_note(self) -> str:
        return f"{fmt.HOURLY_ONLY_NOTE}. " if self.hourly else ""

    @property
    def onet_label(self) -> str:
        return f"O*NET {self.profile.interests.release} (USDOL/ETA, CC BY 4.0)"

    def link(self, code: str, title: str) -> str:
        if code in self.linked and code != self.profile.soc_code:
            return f"[{escape_cell(title)}](../{code[:2]}/{code}.ipynb)"
        return escape_cell(title)

    # -------------------------------------------------------------------- charts
    def chart(self, name: str, *, print_note: str = "", **options: Any) -> None:
        """Display chart ``name`` (any name in ``charts.SPECS``) as inline SVG (vector: crisp in print;
        text stays text), named by its text alternative; drawn as ``self.figure(name, **options)``.
        ``print_note``: the chart is on screen only, and this note (hidden on screen) is printed instead."""
        from IPython.display import HTML

        from . import charts

        opts = self.chart_options(name, **options)
        # One pause of the garbage collector from drawing to release: between drawing and saving, the
        # collector would otherwise scan the whole live figure (then the save's) and move it to an older
        # generation, only for release_figure to free it by reference counting a moment later.
        with charts.gc_paused():
            fig = charts.draw(name, self.profile, **opts)
            svg = charts.inline_svg(
                fig, charts.alt_text(name, self.profile, **opts), f"occ-{self.profile.soc_code}-{name}-title"
            )
            charts.release_figure(fig)  # freed now by reference counting, not by the kernel's garbage collector
            del fig
        # mathjax_ignore: JupyterLab's MathJax would typeset "$73,390 … $94,700" in the SVG's text as TeX
        screen = " occ-screen-only" if print_note else ""
        figure = f'<figure class="occ-chart mathjax_ignore{screen}" data-chart="{name}">{svg}</figure>'
        _display(HTML(figure + print_note))

    # -------------------------------------------------------------------- sections
    def top_code_note(self, shown: Sequence[Any], rows: Sequence[Any], name: str) -> str:
        """OEWS footnote 5 in its own words when a row shown is "≥ $239,200" (else ""), naming the highest
        wage above the top code that OEWS publishes among ``rows`` (``name``: the attribute naming a row)."""
        if not any(r.annual_median_wage_top_coded for r in shown):
            return ""
        published = [(getattr(r, name), r.annual_median_wage_usd) for r in rows]
        return top_code_note(self.profile.oews.top_code_footnote, self.profile.oews.release, published) + " "

    def title(self) -> str:
        return f"{self.profile.title} (SOC {self.profile.soc_code})"

    def summary(self) -> None:
        p = self.profile
        parts = [f"**{p.major_group.title}** · SOC {p.soc_code}"]
        if p.onet_soc_code:
            parts.append(f"O*NET-SOC {p.onet_soc_code}")
        text = [" · ".join(parts), ""]
        if p.soc_definition:
            text += [f"**SOC definition.** {p.soc_definition}", ""]
        if p.code_mapping.kind == "aggregate" or not self.shows_key_facts:  # else: under the key facts
            text += [self.mapping_notes(), ""]
        if p.code_mapping.kind == "aggregate" and p.code_mapping.covers:
            text.append("Covers: " + ", ".join(self.link(c, c) for c in p.code_mapping.covers) + ".")
        if self.out_of_scope:
            text += ["", self.scope_box()]
        _display(md("\n".join(text)))

    def what_they_do(self) -> None:
        p = self.profile
        out = []
        if p.onet_description and p.onet_description != p.soc_definition:
            out += [p.onet_description, ""]
        examples = [] if p.tasks and p.skills else specialty_examples(p.onet_specialties)
        if p.tasks:
            out += task_lists(p.tasks)
        elif not self.out_of_scope:
            out.append(not_published("Tasks", p.sections["tasks"].reason))
            out.append("")
        if p.alternate_titles:
            shown = p.alternate_titles[:20]
            more = len(p.alternate_titles) - len(shown)
            out.append("**Also called:** " + "; ".join(shown) + (f"; and {more} more in O*NET." if more > 0 else "."))
            out.append("")
        if examples:
            out += examples
        elif p.onet_specialties:
            out.append(
                "**O*NET specialties under this SOC code:** "
                + "; ".join(f"{s.title} ({s.onet_soc_code})" for s in p.onet_specialties)
                + "."
            )
            out.append("")
        out.append(source_line(self.onet_label, "2018 SOC (BLS)"))
        _display(md("\n".join(out)))

    def mapping_notes(self) -> str:
        """The code-mapping notes (figures of an aggregate, …) in one box, a list when there are several."""
        notes = self.profile.code_mapping.notes
        if not notes:
            return ""
        return admonition("note", notes[0] if len(notes) == 1 else "\n".join(f"- {n}" for n in notes))

    @property
    def shows_key_facts(self) -> bool:
        """A military occupation shows only the figures that are not BLS's (none of them, so far: no card)."""
        p = self.profile
        return not self.silent("wages", "employment", "projections") or not (
            p.automation.probability is None and p.work_life_balance.score is None
        )

    def key_facts(self) -> None:
        """The key-facts card (``chapter_facts``): under the title, before "What they do"; a detailed code's
        notes on the aggregate its figures are for follow it (an aggregate's own note stays at the top)."""
        p = self.profile
        if not self.shows_key_facts:
            return
        card = chapter_facts.key_facts_card(p, not self.silent("wages", "employment", "projections"))
        if p.code_mapping.kind != "aggregate" and p.code_mapping.notes:
            card += "\n\n" + self.mapping_notes()
        _display(md(card))

    def further_information(self) -> None:
        """The occupation's pages at O*NET OnLine, BLS OEWS and CareerOneStop (``links_out``)."""
        _display(md(chapter_facts.further_information(self.profile, self.link)))

    def career_metrics(self) -> None:
        p = self.profile
        a, w, i = p.automation, p.work_life_balance, p.interests
        if self.silent("automation", "work_life_balance", "interests") and not (p.strengths or p.challenges):
            return
        out = ["### Automation risk", ""]
        if a.probability is not None:
            out.append(
                f"Frey & Osborne ({a.release}) estimated a **{a.probability:.1%} probability of computerisation** "
                f"(**{a.band}** risk band) for this occupation's SOC 2010 counterpart — a {a.release} model estimate, not a forecast of job losses. "
                f"Mapping to 2018 SOC: {a.mapping}. [How this is computed]({METHODS}#automation-risk)."
            )
            if len(a.soc_2010_inputs) > 1:
                out.append("")
                out.append(
                    table(
                        ["SOC 2010", "Frey–Osborne title", "probability of computerisation"],
                        [(x.soc_2010_code, x.title, f"{x.probability:.1%}") for x in a.soc_2010_inputs],
                    )
                )
        else:
            out.append(not_published("Automation risk", a.reason) + f" [Method]({METHODS}#automation-risk).")
        out += ["", "### Work-life balance", ""]
        if w.score is not None:
            inputs = "; ".join(
                f"{x.name} {num(x.value)} on {x.scale_min:.0f}–{x.scale_max:.0f} ({x.direction}, weight {x.weight})"
                for x in w.inputs
            )
            out.append(
                f"**{w.score:.1f} / 10**: at or above {w.percentile}% of the {fmt.count(w.scored_count)} O*NET "
                "occupations scored (a percentile rank: 5 is the median occupation). "
                f"Inputs, from {self.onet_label}: {inputs}; their weighted composite is {num(w.composite, 1)} on 0–10. "
                f"An indicator built from two O*NET ratings, not a survey of satisfaction. [Method]({METHODS}#work-life-balance)."
            )
        else:
            out.append(not_published("Work-life balance", w.reason) + f" [Method]({METHODS}#work-life-balance).")
        out += ["", "### Interests (RIASEC)", ""]
        _display(md("\n".join(out)))
        if i.realistic is not None:
            self.chart("riasec")
            _display(md(holland_sentence(i) + " " + source_line(self.onet_label)))
        else:
            _display(md(not_published("Interests", p.sections["interests"].reason)))
        out = ["### Strengths and challenges", ""]
        if p.strengths or p.challenges:
            rows = [(f.label, "strength", f.evidence) for f in p.strengths] + [
                (f.label, "challenge", f.evidence) for f in p.challenges
            ]
            out.append(table(["", "kind", "evidence"], rows, align="lll"))
        else:
            out.append("None of the published rules applies to this occupation.")
        out.append(f"Each label is a data rule stated on the [methods page]({METHODS}#strengths-and-challenges).")
        _display(md("\n".join(out)))

    def skills_and_education(self) -> None:
        p = self.profile
        if self.silent("skills", "knowledge", "work_styles", "education", "projections"):
            return
        if p.skills:
            self.chart("skills")
            notes = TableNotes()
            rows = [
                (s.name, num(s.importance), notes.cell(num(s.level), s.level_note))
                for s in tables.rating_rows(p.skills)
            ]
            text = (
                "**Top skills** (importance 1–5, level 0–7)\n\n"
                + table(["skill", "importance", "level"], rows)
                + notes.text()
            )
            drawn = [(r["name"], num(r["importance"]), num(r["level"])) for r in self.chart_rows("skills")]
            _display(md(screen_only(text, "Top skills") if charted_in_full(rows, drawn) else text))
        else:
            _display(md(not_published("Skills", p.sections["skills"].reason)))
        if p.knowledge:
            notes = TableNotes()
            rows = [
                (s.name, num(s.importance), notes.cell(num(s.level), s.level_note))
                for s in tables.rating_rows(p.knowledge)
            ]
            _display(
                md(
                    "**Top knowledge areas** (importance 1–5, level 0–7)\n\n"
                    + table(["knowledge", "importance", "level"], rows)
                    + notes.text()
                )
            )
        if p.work_styles:
            _display(
                md(
                    "**Work styles** (importance 1–5): "
                    + "; ".join(f"{s.name} {num(s.importance)}" for s in p.work_styles[:8])
                    + "."
                )
            )
        if p.education:
            self.chart("education")
        else:
            _display(md(not_published("Education", p.sections["education"].reason)))
        extra = []
        if p.job_zone:
            extra.append(f"O*NET job zone {p.job_zone} of 5.")
        e = p.projections
        if e.available:
            extra.append(
                f"BLS ({e.release}): typical entry education *{e.typical_entry_education or fmt.NOT_PUBLISHED}*, "
                f"work experience in a related occupation *{e.work_experience or fmt.NOT_PUBLISHED}*, on-the-job training *{e.on_the_job_training or fmt.NOT_PUBLISHED}*."
            )
        extra.append(source_line(self.onet_label, self.ep_label))
        _display(md(" ".join(extra)))

    def pay(self) -> None:
        p, o = self.profile, self.profile.oews
        if self.silent("wages"):
            return
        if not p.sections["wages"].available:
            _display(md(not_published("Wages", p.sections["wages"].reason)))
            return
        self.chart("wage_distribution")
        notes = TableNotes()
        rows = chapter_rows.wage_rows(o, notes)
        rse = (
            f"Relative standard error of employment: {fmt.percent(o.employment_rse_percent)}. "
            f"{fmt.WAGE_RSE_LABEL}: {fmt.percent(o.wage_rse_percent)} (OEWS publishes none for the percentiles)."
        )
        _display(
            md(table(["", "annual", "hourly"], rows) + "\n" + notes.text() + rse + " " + source_line(self.oews_label))
        )
        self.chart("median_comparison")
        notes = TableNotes()
        comparison = chapter_rows.median_comparison_rows(p, self.link, f"**{escape_cell(p.title)}**", notes)
        top, text = self.comparison_top_code_note(), md_table(["", "annual median"], comparison)
        if notes.texts:
            text += "\n" + notes.text()
        bars = self.chart_rows("median_comparison")
        drawn = [(r["display"],) for r in bars if fmt.has_value(r["annual_median_wage_usd"])]
        tail = top + source_line(self.oews_label)
        if charted_in_full([(v,) for _, v in comparison], drawn):
            # The table's notes and source line go with it, on screen only (the chart carries its own source and
            # marks its top-coded bars). Left in print, the source line floated beside the next chart, alone at
            # the top of a page (41-2031).
            text, tail = screen_only(text + "\n" + tail, "Median annual wages compared"), ""
        _display(md(text + "\n" + tail))

    def comparison_top_code_note(self) -> str:
        """OEWS footnote 5 in its own words when a median of the comparison table is the top code bound."""
        c = self.profile.comparisons
        if not (c.annual_median_wage_top_coded or any(r.annual_median_wage_top_coded for r in c.related)):
            return ""
        published = [(r.title, r.annual_median_wage_usd) for r in c.related]
        return top_code_note(self.profile.oews.top_code_footnote, self.profile.oews.release, published) + " "

    def outlook(self) -> None:
        p, e = self.profile, self.profile.projections
        if self.silent("projections"):
            return
        if not e.available:
            _display(md(not_published("Projections", e.reason)))
            return
        self.chart("projection")
        text = employment_sentence(e) + " " + openings_sentence(e)
        if e.published_code and e.published_code != p.soc_code:
            text += f" Figures are for the EP aggregate {e.published_code}."
        wage = e.median_annual_wage_2024_display
        if wage and wage != fmt.NOT_PUBLISHED:
            text += f" Median annual wage, {self.ep_wage_label}: {wage}. {e.wage_note}"
        _display(md(text + " " + source_line(self.ep_label)))

    def geography(self) -> None:
        p = self.profile
        if self.silent("states", "metros"):
            return
        if not p.states:
            _display(md(not_published("State estimates", p.sections["states"].reason)))
            return
        self.chart("state_tile_map")
        notes = TableNotes()
        rows = chapter_rows.state_rows(p, self.hourly, notes)
        _display(
            md(
                "**States with the most jobs**\n\n"
                + table(
                    ["state", "employment", "per 1,000 jobs", "location quotient", self.median_header, "vs national"],
                    rows,
                )
                + notes.text()
                + "\nA location quotient above 1 means the occupation is more concentrated in the state than nationally. "
                + self.hourly_note()
                + self.top_code_note(tables.state_rows(p), p.states, "state")
                + source_line(self.oews_label)
            )
        )
        # In print, the chart's values (median, difference from the national one) are the table's: left out.
        charted = [r["state"] for r in self.chart_rows("state_wage")]
        note = CHART_PRINT_NOTE.format(what=STATE_WAGE_WHAT, table="<strong>States with the most jobs</strong> above")
        self.chart("state_wage", print_note=note if table_shows_chart(rows, charted, (4, 5)) else "")
        if p.metros:
            self.metros_table()
        else:
            _display(md(not_published("Metropolitan area estimates", p.sections["metros"].reason)))

    def metros_table(self) -> None:
        """The areas with most jobs, then those that publish a wage but not the employment count (kept,
        "not published" with OEWS's reason)."""
        p = self.profile
        shown, notes = tables.metro_rows(p), TableNotes()
        metro_rows = chapter_rows.metro_rows(p, self.hourly, notes)
        note = unranked_note(sum(m.employment is None for m in shown), "area")
        _display(
            md(
                f"**Top metropolitan and nonmetropolitan areas** ({fmt.plural(p.metros_published_count, 'area')} "
                f"{'publishes' if p.metros_published_count == 1 else 'publish'} this occupation)\n\n"
                + table(["area", "employment", "location quotient", self.median_header], metro_rows)
                + notes.text()
                + "\n"
                + note
                + self.hourly_note()
                + self.top_code_note(shown, p.metros, "area")
                + source_line(self.oews_label)
            )
        )

    def industries(self) -> None:
        p = self.profile
        if self.silent("industries"):
            return
        if not p.industries:
            _display(md(not_published("Industry estimates", p.sections["industries"].reason)))
            return
        ranked = any(i.employment is not None for i in p.industries)
        if ranked:  # else no industry can be ranked, or drawn
            self.chart("industries")
        notes = TableNotes()
        rows = chapter_rows.industry_rows(p, self.hourly, notes)
        conc = largest_first(p.industries, lambda i: i.share_of_industry_employment_percent, lambda i: i.industry)[:5]
        unranked = sum(i.employment is None for i in tables.industry_rows(p))
        text = (
            ("**Industries with the most jobs in this occupation**" if ranked else "**Industries that publish a wage**")
            + "\n\n"
            + table(
                [
                    "industry",
                    "employment",
                    "share of the occupation",
                    "share of the industry's jobs",
                    self.median_header,
                ],
                rows,
            )
            + notes.text()
            + (unranked_note(unranked, "industry", "industries", ranked).rstrip() + "\n" if unranked else "")
        )
        if conc:
            text += (
                "\n**Where it is most concentrated** (share of the industry's jobs): "
                + "; ".join(f"{i.industry} {fmt.share_percent(i.share_of_industry_employment_percent)}" for i in conc)
                + "."
            )
        _display(
            md(
                text
                + " "
                + self.hourly_note()
                + self.top_code_note(tables.industry_rows(p), p.industries, "industry")
                + source_line(self.oews_label)
            )
        )

    def regional_outlook(self) -> None:
        r = self.profile.regional_outlook
        if self.silent("regional_outlook"):
            return
        if not (r.states or r.national):
            _display(md(not_published("Regional outlook", r.reason)))
            return
        _display(md(admonition("important", f"These are the **{r.vintage}**.")))
        if r.published_code and r.published_code != self.profile.soc_code:
            _display(
                md(
                    f"Projections Central publishes {r.published_code} ({r.published_title}), which includes this "
                    f"occupation: the figures below are for {r.published_code}, not for {self.profile.soc_code} alone."
                )
            )
        self.chart("regional_outlook")
        text = regions_text(r)
        if r.national:
            n = r.national
            text += (
                f"\n\nUnited States: {fmt.pc_count(n.employment_2020)} → {fmt.pc_count(n.employment_2030)} "
                f"({fmt.percent(n.change_percent, signed=True)}), {fmt.pc_count(n.annual_openings)} openings a year."
            )
            publishing = sum(g.states_published for g in r.regions)
            if publishing < STATES_AND_DC:
                # 51-7032: the nation +50 %, its three publishing states 0 % each: true to the source, and
                # puzzling unless the reader knows the national figure is not the sum of these states
                text += (
                    f" The national projection covers every state; {publishing} of the {STATES_AND_DC} states "
                    "(with DC) publish one for this occupation, so their figures need not add up to it or "
                    "share its change."
                )
        _display(md(text + " " + source_line(f"Projections Central, state long-term projections {r.release}")))

    def related(self) -> None:
        p = self.profile
        if self.silent("related_occupations", "technology_skills"):
            return
        out = []
        if p.related_occupations:
            notes = TableNotes()
            rows = chapter_rows.related_rows(p, self.link, notes)
            out.append(
                "**Related occupations** (by SOC occupation, the code whose OEWS median is shown)\n\n"
                + md_table(["occupation", "SOC", "O*NET relatedness", "annual median (OEWS)"], rows, align="lllr")
                + "\n"
                + notes.text()
                + RELATEDNESS_NOTE
                + (RELATED_EXAMPLES_NOTE if any(related_examples(r) for r in p.related_occupations[:MAX_ROWS]) else "")
            )
        else:
            out.append(not_published("Related occupations", p.sections["related_occupations"].reason))
        hot = [t for t in p.technology_skills if t.hot_technology]
        if hot:
            out.append(
                f"**Hot technologies** ({len(hot)} of {len(p.technology_skills)} technologies O*NET lists"
                + ("; ★ = in demand in job postings" if any(t.in_demand for t in hot) else "")
                + "): "
                + listed_in_full([t.name + (" ★" if t.in_demand else "") for t in hot], 30, "hot technologies")
            )
        elif p.technology_skills:
            out.append(
                "**Technologies used:** "
                + listed_in_full([t.name for t in p.technology_skills], 20, "technologies O*NET lists")
            )
        else:
            out.append(not_published("Technology skills", p.sections["technology_skills"].reason))
        out.append(source_line(self.onet_label, self.oews_label))
        _display(md("\n\n".join(out)))

    def sources(self) -> None:
        p = self.profile
        text = sources_table((s.title, s.release, s.url, s.licence) for _sid, s in sorted(p.sources.items()))
        text += (
            f"\nO*NET: this product includes information from the O*NET {p.sources['onet'].release} Database by the U.S. Department of Labor, Employment and "
            "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. "
            f"BLS data are U.S. government works. Frey & Osborne ({p.sources['frey_osborne'].release}), *The Future of Employment*, Technological Forecasting and Social Change 114 (2017) 254–280.\n\n"
            f"This chapter's numbers as data: [profile JSON (gzip)]({p.soc_code}.json.gz) "
            f"(contract: [profile JSON](../../profile-json.md); also printed by `occprofiles profile {p.soc_code} --json`)."
        )
        _display(md(text))
