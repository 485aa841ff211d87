"""Human-readable summary of a profile for the terminal (``occprofiles profile SOC``)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from . import formatting as fmt
from .profile import RIASEC, Profile


def _line(label: str, value: str) -> str:
    return f"  {label:<34} {value}\n"


def _wages(p: Profile) -> list[str]:
    o = p.oews
    out = [f"\nWages and employment — BLS OEWS, {o.release} (excludes the self-employed)\n"]
    if not o.available:
        return out + [_line("", o.reason or fmt.NOT_PUBLISHED)]
    employment = fmt.count(o.employment) if o.employment is not None else (o.employment_note or fmt.NOT_PUBLISHED)
    out.append(_line("Employment", employment))
    display = o.wage_display
    for m, label in (
        ("median", "Median wage"),
        ("mean", "Mean wage"),
        ("p10", "10th percentile"),
        ("p90", "90th percentile"),
    ):
        out.append(_line(label, f"{display['annual_' + m]}  ({display['hourly_' + m]})"))
    out += [_line("", f"{note.field}: {note.reason}") for note in o.wage_notes]
    return out


def _projections(p: Profile) -> list[str]:
    e = p.projections
    out = [f"\nProjections — BLS Employment Projections {e.release} (includes the self-employed)\n"]
    if not e.available:
        return out + [_line("", e.reason or fmt.NOT_PUBLISHED)]
    change = fmt.percent(e.change_percent, signed=True)
    if (from_rounded := e.change_percent_from_rounded_display) is not None:
        change += f"; EP computes it before rounding: the rounded figures give {from_rounded}"
    return out + [
        _line(
            "Employment 2024 → 2034",
            f"{fmt.ep_count(e.employment_2024)} → {fmt.ep_count(e.employment_2034)} ({change})",
        ),
        _line("Openings a year", fmt.ep_count(e.annual_openings)),
        _line("Typical entry education", e.typical_entry_education or fmt.NOT_PUBLISHED),
        _line(
            "Work experience / training",
            f"{e.work_experience or fmt.NOT_PUBLISHED} / {e.on_the_job_training or fmt.NOT_PUBLISHED}",
        ),
    ]


def _metrics(p: Profile) -> list[str]:
    i, a, w = p.interests, p.automation, p.work_life_balance
    out = [f"\nInterests — O*NET {i.release} (1–7)\n"]
    if i.realistic is not None:
        scores = "  ".join(f"{letter} {getattr(i, field):.2f}" for field, _, letter in RIASEC)
        out += [_line("RIASEC", scores), _line("Holland code", i.high_point_code or fmt.NOT_PUBLISHED)]
    else:
        out.append(_line("", p.sections["interests"].reason or fmt.NOT_PUBLISHED))
    risk = (
        f"{a.probability:.1%} ({a.band}; {a.mapping})" if a.probability is not None else f"not available ({a.reason})"
    )
    out.append(f"\nAutomation risk — Frey & Osborne {a.release}: {risk}\n")
    balance = f"{w.score}/10, percentile {w.percentile}" if w.score is not None else f"not available ({w.reason})"
    out.append(f"Work-life balance (O*NET composite): {balance}\n")
    if p.strengths or p.challenges:
        out.append("Strengths: " + (", ".join(s.label for s in p.strengths) or "none by the published rules") + "\n")
        out.append("Challenges: " + (", ".join(s.label for s in p.challenges) or "none by the published rules") + "\n")
    return out


def profile_summary(profile: Profile | Mapping[str, Any]) -> str:
    """The terminal summary of one profile (a typed Profile, or its JSON document)."""
    p = profile if isinstance(profile, Profile) else Profile.from_dict(profile)
    out = [f"{p.title} (SOC {p.soc_code})\n", f"{p.major_group.title} · {p.code_mapping.kind} code\n"]
    out += [textwrap.fill("Note: " + note, 100, subsequent_indent="  ") + "\n" for note in p.code_mapping.notes]
    if p.onet_description or p.soc_definition:
        out.append("\n" + textwrap.fill(p.onet_description or p.soc_definition or "", 100) + "\n")
    out += _wages(p) + _projections(p) + _metrics(p)
    out.append(
        f"\nTasks — O*NET {p.interests.release}: {len(p.tasks)} ({sum(t.type == 'Core' for t in p.tasks)} core)\n"
    )
    for t in p.tasks[:5]:
        out.append(textwrap.fill(t.text, 100, initial_indent="  • ", subsequent_indent="    ") + "\n")
    if p.states:
        out.append(f"\nTop states by employment — BLS OEWS, {p.oews.release}\n")
        for s in p.states[:5]:
            out.append(_line(s.state, f"{fmt.count(s.employment)}  median {s.median_wage_display(p.oews.hourly_only)}"))
    out.append("\nSources: " + "; ".join(f"{sid} {s.release}" for sid, s in p.sources.items()) + "\n")
    return "".join(out)
