"""A comparison chapter: two to four occupations side by side (``notebooks/compare.ipynb``).

``Comparison(["29-1141", "29-1171", "29-1071"])`` loads the profiles; the template calls one method per
cell (``cmp.key_facts()``, ``cmp.wages()``, ...), each displaying Markdown tables and charts from
``charts.compare``. Every figure is the profile's own number (nothing computed but the overlap of the
top lists), labelled with its source and release; a value a source does not publish is "not published"
with the source's reason, listed under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import formatting as fmt
from .chapter_tables import TableNotes, md, md_table, not_published, source_line, sources_table
from .charts import compare as cc
from .errors import InvalidSocCodeError
from .profile import Profile, load_profile, normalise_soc_code

MIN_CODES, MAX_CODES = 2, 4
METHODS = "../../methods.md"  # comparison chapters live in book/chapters/comparisons/
ID_SEPARATOR = "_"


def _display(*objects: Any) -> None:
    from IPython.display import display

    display(*objects)


def validate_codes(codes: Sequence[str]) -> list[str]:
    """The codes in their normal form, in the order given; clear errors for a bad or unknown code, fewer
    than two, more than four, or one named twice."""
    codes = list(codes)
    if not MIN_CODES <= len(codes) <= MAX_CODES:
        raise InvalidSocCodeError(
            f"a comparison takes {MIN_CODES} to {MAX_CODES} SOC codes, not {len(codes)}"
            + (f" ({' '.join(codes)})" if codes else "")
            + ": e.g. `occprofiles compare 29-1141 29-1171 29-1071`."
        )
    out: list[str] = []
    for text in codes:
        code = normalise_soc_code(text)
        load_profile(code)  # an unknown code raises, naming the closest ones
        if code in out:
            raise InvalidSocCodeError(
                f"{code} is named twice: a comparison takes {MIN_CODES} to {MAX_CODES} different SOC codes."
            )
        out.append(code)
    return out


def comparison_id(codes: Sequence[str]) -> str:
    """The chapter's id: the codes sorted, joined by "_" (the same occupations give the same chapter)."""
    return ID_SEPARATOR.join(sorted(validate_codes(codes)))


def codes_of(chapter_id: str) -> list[str]:
    return chapter_id.split(ID_SEPARATOR)


def _wage_reason(p: Profile, measure: str) -> str | None:
    """Why OEWS shows no annual ``measure`` for ``p`` (its footnote; no estimate at all; the section's reason)."""
    notes = {n.field: n.reason for n in p.oews.wage_notes}
    return notes.get(f"annual_wage_usd.{measure}") or p.oews.reason or p.sections["wages"].reason


def comparison_title(titles: Sequence[str]) -> str:
    return "Compared: " + fmt.join_words(list(titles))


class Comparison:
    """Two to four occupations side by side. ``chapters_in_book``: codes with a chapter to link to."""

    def __init__(
        self,
        soc_codes: Sequence[str],
        chapters_in_book: Sequence[str] | None = None,
        profiles: Sequence[Profile] | None = None,
    ) -> None:
        if profiles is None:
            profiles = [load_profile(c) for c in validate_codes(soc_codes)]
        self.profiles: tuple[Profile, ...] = tuple(profiles)
        self.linked = set(chapters_in_book or ())

    # -------------------------------------------------------------------- labels and links
    @property
    def codes(self) -> list[str]:
        return [p.soc_code for p in self.profiles]

    def title(self) -> str:
        return comparison_title([p.title for p in self.profiles])

    def link(self, p: Profile) -> str:
        """The occupation's name, linking to its chapter when the book has one."""
        if p.soc_code in self.linked:
            return f"[{p.title}](../{p.soc_code[:2]}/{p.soc_code}.ipynb)"
        return p.title

    @property
    def chapter_id(self) -> str:
        return ID_SEPARATOR.join(sorted(self.codes))

    @property
    def first(self) -> Profile:
        return self.profiles[0]

    @property
    def oews_label(self) -> str:
        return f"BLS OEWS, {self.first.oews.release}"

    @property
    def ep_label(self) -> str:
        return f"BLS Employment Projections, {self.first.projections.release}"

    @property
    def ep_short(self) -> str:
        return f"BLS EP, {self.first.projections.release}"

    @property
    def onet_short(self) -> str:
        return f"O*NET {self.first.interests.release}"

    @property
    def onet_label(self) -> str:
        return f"O*NET {self.first.interests.release} (USDOL/ETA, CC BY 4.0)"

    @property
    def fo_label(self) -> str:
        return f"Frey & Osborne ({self.first.automation.release})"

    # -------------------------------------------------------------------- charts
    def figure(self, name: str, **options: Any) -> Any:
        """The matplotlib Figure of comparison chart ``name`` (``charts.COMPARISON_SPECS``)."""
        from .charts.registry import comparison_spec

        return comparison_spec(name).figure(self.profiles, **options)

    def table(self, name: str, **options: Any) -> Any:
        """The DataFrame behind comparison chart ``name``."""
        from .charts.registry import comparison_spec

        return comparison_spec(name).data(self.profiles, **options)

    def chart(self, name: str, **options: Any) -> None:
        from IPython.display import HTML

        from .charts import inline_svg
        from .charts.registry import comparison_spec

        spec = comparison_spec(name)
        key = "-".join(self.codes)
        svg = inline_svg(
            spec.figure(self.profiles, **options),
            " ".join(spec.alt(self.profiles, **options).split()),
            f"cmp-{key}-{name}-title",
        )
        _display(HTML(f'<figure class="occ-chart mathjax_ignore" data-chart="{name}">{svg}</figure>'))

    # -------------------------------------------------------------------- sections
    def summary(self) -> None:
        rows = [(self.link(p), p.soc_code, p.major_group.title or p.major_group.code) for p in self.profiles]
        text = md_table(["occupation", "SOC", "major group"], rows, align="lll")
        text += (
            "\nEach figure below is the occupation's own, as its chapter shows it, with its source and release. "
            "A value a source does not publish is shown as *not published*, with the source's reason."
        )
        _display(md(text))

    def _row(self, label: str, values: Sequence[str], source: str) -> tuple[str, ...]:
        return (label, *values, source)

    def key_fact_rows(self) -> tuple[list[tuple[str, ...]], list[str]]:
        """The key-facts rows (label, one value per occupation, source) and the numbered reasons under the
        table: a value not published carries its reason's number, an hourly median the hourly-only note's."""
        ps, notes = self.profiles, TableNotes()
        wage = []
        for p in ps:
            k = p.key_facts
            if p.oews.hourly_only:
                wage.append(k.hourly_median_wage_display + notes.mark(fmt.HOURLY_ONLY_NOTE))
            else:
                wage.append(notes.cell(k.annual_median_wage_display, _wage_reason(p, "median")))
        ep = [fmt.EP_UNAVAILABLE if p.projections.available else p.projections.reason for p in ps]
        auto = [
            notes.cell(f"{a.probability:.1%} ({a.band})" if a.probability is not None else fmt.NOT_PUBLISHED, a.reason)
            for a in (p.automation for p in ps)
        ]
        wlb = [
            notes.cell(f"{w.score:.1f} / 10" if w.score is not None else fmt.NOT_PUBLISHED, w.reason)
            for w in (p.work_life_balance for p in ps)
        ]
        zone = [
            notes.cell(
                f"{p.job_zone} of 5" if p.job_zone else fmt.NOT_PUBLISHED,
                p.sections["education"].reason or "O*NET assigns no job zone",
            )
            for p in ps
        ]

        def ep_cells(values: Sequence[str]) -> list[str]:
            return [notes.cell(v, why) for v, why in zip(values, ep, strict=True)]

        rows = [
            self._row("Median wage", wage, self.oews_label),
            self._row(
                "Employment (wage and salary jobs)",
                [
                    notes.cell(fmt.count(p.key_facts.oews_employment), p.oews.employment_note or p.oews.reason)
                    for p in ps
                ],
                self.oews_label,
            ),
            self._row(
                "Employment 2024 (incl. self-employed)",
                ep_cells([fmt.ep_count(p.key_facts.ep_employment_2024) for p in ps]),
                self.ep_short,
            ),
            self._row(
                f"Projected growth {self.first.projections.release}",
                ep_cells([fmt.percent(p.key_facts.change_percent, signed=True) for p in ps]),
                self.ep_short,
            ),
            self._row(
                "Openings a year", ep_cells([fmt.ep_count(p.key_facts.annual_openings) for p in ps]), self.ep_short
            ),
            self._row(
                "Typical entry education",
                ep_cells([p.key_facts.typical_entry_education or fmt.NOT_PUBLISHED for p in ps]),
                self.ep_short,
            ),
            self._row("Job zone", zone, self.onet_short),
            self._row("Automation probability", auto, self.fo_label),
            self._row("Work-life balance", wlb, f"this book, from {self.onet_short}"),
        ]
        return rows, notes.lines()

    def key_facts(self) -> None:
        rows, notes = self.key_fact_rows()
        header = ["", *[self.link(p) for p in self.profiles], "source"]
        # value columns left-aligned: a right-aligned column never wraps (its header, "Master's degree"), and the
        # table must fit the text column with four occupations
        text = md_table(header, rows, align="l" * (len(self.profiles) + 2))
        if notes:
            text += "\n" + "\n\n".join(notes) + "\n"
        text += (
            f"\nOEWS counts wage and salary jobs ({self.first.oews.release}); Employment Projections count all jobs, including the "
            f"self-employed ({fmt.period_years(self.first.projections.release)[0]}): the two employment rows differ for that reason. Automation: a {self.first.automation.release} model estimate of the "
            f"probability of computerisation, not a forecast ([method]({METHODS}#automation-risk)); work-life balance: a percentile "
            f"on 0–10 built from two O*NET ratings ([method]({METHODS}#work-life-balance))."
        )
        _display(md(text))

    def wages(self) -> None:
        self.chart("wage_ranges")
        rows, marks = [], TableNotes()
        for p in self.profiles:
            if p.oews.hourly_only:
                why = {n.field: n.reason for n in p.oews.wage_notes}
                shown = [
                    marks.cell(p.oews.wage_display[f"hourly_{k}"], why.get(f"hourly_wage_usd.{k}") or p.oews.reason)
                    for k, _ in cc.PERCENTILES
                ]
                rows.append((self.link(p) + " (hourly)", *shown))
            else:
                rows.append(
                    (self.link(p), *[marks.cell(pt.display, _wage_reason(p, pt.key)) for pt in cc.wage_points(p)])
                )
        text = md_table(["", "10th", "25th", "median", "75th", "90th percentile"], rows)
        if marks.texts:
            text += "\n" + marks.text().rstrip("\n") + "\n"
        notes = []
        for p in self.profiles:
            if any(pt.top_coded for pt in cc.wage_points(p)):
                notes.append(f"{p.title}: {p.oews.top_code_footnote or 'at or above the OEWS top code'}")
            if p.oews.hourly_only:
                notes.append(
                    f"{p.title}: OEWS publishes only hourly wages for this occupation (footnote 4: not generally "
                    "year-round, full time), shown in the table per hour and not on the chart's annual axis"
                )
        if notes:
            text += "\n" + ". ".join(n.rstrip(".") for n in notes) + "."
        _display(md(text + "\n" + source_line(self.oews_label)))

    def outlook(self) -> None:
        self.chart("outlook")
        e0 = self.first.projections
        base, target = fmt.period_years(e0.release)
        rows, notes = [], TableNotes()
        for p in self.profiles:
            e = p.projections
            shown = (
                fmt.ep_count(e.employment_2024),
                fmt.ep_count(e.employment_2034),
                fmt.percent(e.change_percent, signed=True),
                fmt.ep_count(e.annual_openings),
                fmt.percent(e.self_employed_percent),
            )
            why = fmt.EP_UNAVAILABLE if e.available else e.reason
            rows.append((self.link(p), *[notes.cell(v, why) for v in shown]))
        text = (
            f"**Employment {base} and {target}, projected change, openings a year, and the self-employed share in {base}**\n\n"
            + md_table(["", str(base), str(target), "change", "openings a year", "self-employed"], rows)
        )
        if notes.texts:
            text += "\n" + notes.text().rstrip("\n") + "\n"
        text += (
            "\nEmployment Projections include the self-employed; OEWS (the wage and employment estimates above) does not, "
            "so EP's employment is higher where many work for themselves (the last column). "
            f"All occupations together: {fmt.percent(e0.all_occupations_change_percent, signed=True)} over {base}–{target}. "
            "EP rounds employment and openings to the nearest hundred. "
        )
        given = [(p.title, p.projections.change_percent_from_rounded_display) for p in self.profiles]
        if differ := [f"{title}, {percent}" for title, percent in given if percent]:
            text += (
                "It computes the change before rounding, so the rounded figures can give another one: "
                f"{'; '.join(differ)}. "
            )
        text += source_line(self.ep_label)
        _display(md(text))

    def ratings(self, kind: str) -> None:
        rows_n = cc.TOP_RATINGS
        words = "skills" if kind == "skills" else "knowledge areas"
        if not any(p.skills if kind == "skills" else p.knowledge for p in self.profiles):
            reasons = "; ".join(f"{p.title}: {p.sections[kind].reason}" for p in self.profiles)
            _display(md(not_published(words.capitalize(), reasons)))
            return
        self.chart(f"{kind}_overlap")
        overlap = cc.ratings_overlap(self.profiles, kind, rows_n)
        n = len(cc.rated(self.profiles, kind))
        shared = [r["name"] for r in overlap if r["shared"]]
        lines = [f"**In the top {rows_n} {words} of all {n}:** " + (fmt.join_words(shared) if shared else "none") + "."]
        for p in cc.rated(self.profiles, kind):
            own = [r["name"] for r in overlap if r["in_top"] == 1 and r["name"] in cc.top_names(p, kind, rows_n)]
            lines.append(
                f"**Only in the top {rows_n} of {p.title}:** " + (fmt.join_words(own) if own else "none") + "."
            )
        lines += [
            not_published(f"{words.capitalize()} of {p.title}", p.sections[kind].reason)
            for p in self.profiles
            if p not in cc.rated(self.profiles, kind)
        ]
        notes = TableNotes()
        unrated = [
            p.sections[kind].reason or f"O*NET does not rate {p.title} on this {words[:-1]}" for p in self.profiles
        ]
        rows = [
            (
                r["name"],
                *[
                    notes.cell(fmt.NOT_PUBLISHED, why) if s is None else f"{s:.2f}"
                    for s, why in zip(r["importance"], unrated, strict=True)
                ],
                f"{r['in_top']} of {n}",
            )
            for r in overlap
        ]
        header = [words.split()[0], *[p.title for p in self.profiles], f"in top {rows_n} of"]
        lines.append(
            "\n" + md_table(header, rows, align="l" * len(header)) + ("\n" + notes.text() if notes.texts else "")
        )
        _display(md("\n\n".join(lines) + f"\nImportance on O*NET's 1–5 scale. {source_line(self.onet_label)}"))

    def skills_and_knowledge(self) -> None:
        self.ratings("skills")
        self.ratings("knowledge")

    def interests(self) -> None:
        self.chart("interests_overlay")
        parts = [f"{p.title} **{p.interests.high_point_code or fmt.NOT_PUBLISHED}**" for p in self.profiles]
        _display(
            md(
                "Holland codes (the strongest interests, in order): " + "; ".join(parts) + ". "
                "Realistic, Investigative, Artistic, Social, Enterprising, Conventional, each on O*NET's 1–7 scale. "
                + "".join(
                    not_published(f"Interests of {p.title}", p.sections["interests"].reason) + " "
                    for p in self.profiles
                    if p.interests.high_point_code is None and p.interests.realistic is None
                )
                + source_line(self.onet_label)
            )
        )

    def sources(self) -> None:
        p = self.first
        used = ("oews", "bls_ep", "onet", "frey_osborne")
        text = sources_table(
            (p.sources[s].title, p.sources[s].release, p.sources[s].url, p.sources[s].licence)
            for s in used
            if s in p.sources
        )
        text += (
            f"\nO*NET: this product includes information from the O*NET {p.sources['onet'].release} Database by the U.S. Department "
            "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark "
            "of USDOL/ETA. BLS data are U.S. government works.\n\n"
            "Each occupation's own chapter has every figure and its notes: "
            + "; ".join(self.link(q) + f" ({q.soc_code})" for q in self.profiles)
            + "."
        )
        text += (
            f"\n\nThis comparison's numbers as data: [the profiles compared, as JSON (gzip)]({self.chapter_id}.json.gz) "
            "(contract: [profile JSON](../../profile-json.md))."
        )
        _display(md(text))
