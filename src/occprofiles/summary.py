"""Human-readable summary of a profile for the terminal (``occprofiles profile SOC``)."""

from __future__ import annotations

import textwrap
from typing import Any

from . import formatting as fmt


def _line(label: str, value: str) -> str:
    return f"  {label:<34} {value}\n"


def profile_summary(p: dict[str, Any]) -> str:
    o, e = p["oews"], p["projections"]
    out = [f"{p['title']} (SOC {p['soc_code']})\n", f"{p['major_group']['title']} · {p['code_mapping']['kind']} code\n"]
    for note in p["code_mapping"]["notes"]:
        out.append(textwrap.fill("Note: " + note, 100, subsequent_indent="  ") + "\n")
    if p.get("onet_description") or p.get("soc_definition"):
        out.append("\n" + textwrap.fill(p.get("onet_description") or p["soc_definition"], 100) + "\n")
    out.append(f"\nWages and employment — BLS OEWS, {o['release']} (excludes the self-employed)\n")
    if o["available"]:
        out.append(_line("Employment", fmt.count(o["employment"]) if o["employment"] is not None else (o["employment_note"] or fmt.NOT_PUBLISHED)))
        for m, label in (("median", "Median wage"), ("mean", "Mean wage"), ("p10", "10th percentile"), ("p90", "90th percentile")):
            out.append(_line(label, f"{o['wage_display']['annual_' + m]}  ({o['wage_display']['hourly_' + m]})"))
        for note in o["wage_notes"]:
            out.append(_line("", f"{note['field']}: {note['reason']}"))
    else:
        out.append(_line("", o["reason"]))
    out.append(f"\nProjections — BLS Employment Projections {e['release']} (includes the self-employed)\n")
    if e["available"]:
        out.append(_line("Employment 2024 → 2034", f"{fmt.count(e['employment_2024'])} → {fmt.count(e['employment_2034'])} ({fmt.percent(e['change_percent'], signed=True)})"))
        out.append(_line("Openings a year", fmt.count(e["annual_openings"])))
        out.append(_line("Typical entry education", e["typical_entry_education"] or fmt.NOT_PUBLISHED))
        out.append(_line("Work experience / training", f"{e['work_experience'] or fmt.NOT_PUBLISHED} / {e['on_the_job_training'] or fmt.NOT_PUBLISHED}"))
    else:
        out.append(_line("", e["reason"]))
    i = p["interests"]
    out.append(f"\nInterests — O*NET {i['release']} (1–7)\n")
    if i["realistic"] is not None:
        out.append(_line("RIASEC", "  ".join(f"{n[:1].upper()} {i[n]:.2f}" for n in ("realistic", "investigative", "artistic", "social", "enterprising", "conventional"))))
        out.append(_line("Holland code", i["high_point_code"] or fmt.NOT_PUBLISHED))
    else:
        out.append(_line("", p["sections"]["interests"]["reason"]))
    a = p["automation"]
    out.append(f"\nAutomation risk — Frey & Osborne {a['release']}: " + (f"{a['probability']:.4g} ({a['band']}; {a['mapping']})" if a["probability"] is not None else f"not available ({a['reason']})") + "\n")
    w = p["work_life_balance"]
    out.append("Work-life balance (O*NET composite): " + (f"{w['score']}/10, percentile {w['percentile']}" if w["score"] is not None else f"not available ({w['reason']})") + "\n")
    if p["strengths"] or p["challenges"]:
        out.append("Strengths: " + (", ".join(s["label"] for s in p["strengths"]) or "none by the published rules") + "\n")
        out.append("Challenges: " + (", ".join(s["label"] for s in p["challenges"]) or "none by the published rules") + "\n")
    tasks = p["tasks"]
    out.append(f"\nTasks — O*NET {i['release']}: {len(tasks)} ({sum(t['type'] == 'Core' for t in tasks)} core)\n")
    for t in tasks[:5]:
        out.append(textwrap.fill(t["text"], 100, initial_indent="  • ", subsequent_indent="    ") + "\n")
    if p["states"]:
        out.append(f"\nTop states by employment — BLS OEWS, {o['release']}\n")
        for s in p["states"][:5]:
            out.append(_line(s["state"], f"{fmt.count(s['employment'])}  median {s['annual_median_wage_display']}"))
    out.append("\nSources: " + "; ".join(f"{sid} {s['release']}" for sid, s in p["sources"].items()) + "\n")
    return "".join(out)
