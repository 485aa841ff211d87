"""What the chapter shows from O*NET beyond plain tables: task lists, the specialties of a SOC code that O*NET
rates when it rates no SOC-level record, and the related-occupations rows (one per SOC code, titled by the code
whose wage is shown)."""

from __future__ import annotations

from collections.abc import Sequence

from . import formatting as fmt
from .chapter_tables import escape_cell, num
from .profile import RIASEC, Interests, RelatedOccupation, Specialty, Task

MAX_TASKS = 25


TASK_GROUPS = (
    ("Core", "core", "Core tasks"),
    ("Supplemental", "supplemental", "Supplemental tasks"),
    (None, "not categorised by O*NET", "Tasks not categorised by O*NET (neither core nor supplemental)"),
)


def task_lists(tasks: Sequence[Task]) -> list[str]:
    """The count by O*NET category, then one list per category: core, supplemental, and the statements O*NET
    leaves uncategorised (a task is listed, not rated: no "(not rated)")."""
    groups = [(label, heading, [t for t in tasks if t.type == kind]) for kind, label, heading in TASK_GROUPS]
    counts = ", ".join(f"{len(items)} {label}" for label, _, items in groups if items or label != TASK_GROUPS[2][1])
    out = [f"O*NET lists {fmt.plural(len(tasks), 'task')} for this occupation ({counts}).", ""]
    room = MAX_TASKS
    for _, heading, items in groups:
        shown = items[: max(room, 5)] if items else []
        room = max(0, room - len(shown))
        if shown:
            out += [f"**{heading}**\n", *(f"- {t.text}" for t in shown)]
            if len(shown) < len(items):
                out.append(f"- … and {len(items) - len(shown)} more in O*NET.")
            out.append("")
    return out


SPECIALTY_TASKS_SHOWN = 3
SPECIALTY_SKILLS_SHOWN = 5


def specialty_examples(specialties: Sequence[Specialty]) -> list[str]:
    """The O*NET specialties that have tasks or ratings, as labelled examples, for a SOC code whose SOC-level
    record O*NET does not rate ("All other" codes such as 11-9199): each with its description, its first core
    tasks and its most important skills, in O*NET's words and numbers."""
    rated = [s for s in specialties if s.tasks or s.skills]
    if not rated:
        return []
    out = [
        f"**O*NET rates these specialties within this SOC code** ({fmt.plural(len(rated), 'specialty', 'specialties')}; "
        "examples of the work, not a description of the whole SOC occupation):",
        "",
    ]
    for s in rated:
        line = f"- **{s.title}** (O*NET-SOC {s.onet_soc_code}). {s.description or ''}".rstrip()
        core = [t for t in s.tasks if t.type == "Core"] or list(s.tasks)
        if core:
            shown = core[:SPECIALTY_TASKS_SHOWN]
            kind = "core tasks" if core[0].type == "Core" else "tasks"
            line += f" *{fmt.capitalise_first(kind)} ({len(shown)} of {len(core)}):* " + " ".join(t.text for t in shown)
        if s.skills:
            line += (
                " *Most important skills (importance 1–5):* "
                + "; ".join(f"{r.name} {num(r.importance)}" for r in s.skills[:SPECIALTY_SKILLS_SHOWN])
                + "."
            )
        out.append(line)
    out.append("")
    return out


RELATEDNESS_NOTE = (
    "O*NET relates each occupation to 20 others in three tiers: Primary-Short (its 5 most related), "
    "Primary-Long (the next 5) and Supplemental (the next 10). A row is one SOC occupation, at its closest tier."
)
RELATED_EXAMPLES_NOTE = (
    ' "O*NET:" names the O*NET occupations O*NET relates within that SOC code, when their title differs from '
    "the SOC title; the wage is the SOC code's."
)


def related_examples(r: RelatedOccupation) -> str:
    """The O*NET titles O*NET relates within a SOC code, when they are not just the SOC title."""
    others = [t for t in r.onet_titles if t != r.title]
    return f" (O*NET: {escape_cell('; '.join(others))})" if others else ""


_INTEREST_BY_LETTER = {letter: (field, label) for field, label, letter in RIASEC}


def holland_sentence(interests: Interests) -> str:
    """The Holland code and the interests it names, in O*NET's order, with their scores. O*NET picks the second
    and third high points by its own rule, not by a fixed score (a CEI code includes Investigative at 3.57,
    while 21-1015 is S alone with Enterprising at 3.56), so a one-letter code gets one interest, never the
    runner-up by score."""
    code = interests.high_point_code
    if not code:
        return "Holland code **not published** (O*NET gives no high-point code for this occupation)."
    named = [
        f"{label} ({getattr(interests, field):.2f})"
        for field, label in (_INTEREST_BY_LETTER[letter] for letter in code)
    ]
    if len(named) == 1:
        return (
            f"Holland code **{code}**: the strongest interest is {named[0]} on O*NET's 1–7 scale; "
            "O*NET names no second or third high point for this occupation."
        )
    return f"Holland code **{code}**: the strongest interests, in O*NET's order, are {fmt.join_words(named)} on O*NET's 1–7 scale."
