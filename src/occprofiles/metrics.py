"""Career-intelligence metrics: published methods, computed once in the build.

The methods page (``book/methods.md``) is generated from the constants here, so the text a reader sees
and the code that computes a score cannot drift apart. Every metric is either computed by a rule stated
here or null with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .formatting import percent, period_years
from .registry import load_registry

# Rule texts name the releases they apply to; the releases come from the registry (data/sources.yml).
RELEASE = {source_id: source.release for source_id, source in load_registry().items()}
EP_BASE_YEAR, EP_TARGET_YEAR = period_years(RELEASE["bls_ep"])

# --- automation -------------------------------------------------------------------------------
AUTOMATION_LOW_BELOW = 0.30  # Frey & Osborne's own "low risk" band
AUTOMATION_HIGH_FROM = 0.70  # ... and "high risk" band

# --- work-life balance ------------------------------------------------------------------------
# Two O*NET ratings available in the Excel edition we use. O*NET Work Context (hours, schedules)
# is not in the mirror; when it is fetched, its "Duration of Typical Work Week" and "Work Schedules"
# items should join these inputs (the methods page says so).
WLB_INPUTS = (
    # (key, O*NET file, element id, element name, scale min, scale max, direction, weight)
    ("stress_tolerance_importance", "Work Styles", "1.C.4.b", "Stress Tolerance", 1.0, 5.0, -1, 0.5),
    ("working_conditions_extent", "Work Values", "1.B.2.b", "Working Conditions", 1.0, 7.0, +1, 0.5),
)

# --- strengths and challenges -------------------------------------------------------------------
DEMAND_TOP_SHARE = 0.10  # top decile of growth % or of annual openings
ALL_OCCUPATIONS_EP_CODE = "00-0000"  # EP Table 1.2 "Total, all occupations": the growth openings must match
PAY_HIGH_QUANTILE = 0.75
PAY_LOW_QUANTILE = 0.25
STRESS_TOP_SHARE = 0.10
LEARNING_QUANTILE = 0.75
# Fast-changing technology: the hot technologies O*NET flags as in demand in *this* occupation's job postings,
# without the general office tools (in demand for more than GENERIC_TECH_SHARE of O*NET occupations).
TECH_TOP_SHARE = 0.05
GENERIC_TECH_SHARE = 0.05


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "strength" or "challenge"
    label: str
    rule: str
    source_ids: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    Rule(
        "high_demand",
        "strength",
        "High demand",
        f"Projected employment growth {RELEASE['bls_ep']} (%) in the top decile of the 832 EP line-item occupations, "
        "or annual openings in their top decile with growth at least EP's all-occupations growth (00-0000); "
        "the openings half needs EP's figures for the occupation's own code (an aggregate's openings are "
        "several occupations').",
        ("bls_ep",),
    ),
    Rule(
        "high_pay",
        "strength",
        "High pay",
        "OEWS national annual median wage at or above the 75th percentile of detailed occupations with a published median.",
        ("oews",),
    ),
    Rule(
        "low_automation_risk",
        "strength",
        "Low automation risk",
        f"Frey–Osborne ({RELEASE['frey_osborne']}) probability of computerisation below {AUTOMATION_LOW_BELOW:.0%} (the authors' low-risk band).",
        ("frey_osborne",),
    ),
    Rule(
        "continuous_learning",
        "strength",
        "Continuous learning",
        "O*NET importance of the skill Active Learning at or above the 75th percentile of O*NET occupations.",
        ("onet",),
    ),
    Rule(
        "projected_decline",
        "challenge",
        "Projected decline",
        f"EP projects fewer jobs in {EP_TARGET_YEAR} than in {EP_BASE_YEAR} (employment change below 0%).",
        ("bls_ep",),
    ),
    Rule(
        "low_pay",
        "challenge",
        "Lower pay",
        "OEWS national annual median wage at or below the 25th percentile of detailed occupations with a published median.",
        ("oews",),
    ),
    Rule(
        "high_automation_risk",
        "challenge",
        "High automation risk",
        f"Frey–Osborne ({RELEASE['frey_osborne']}) probability of computerisation of {AUTOMATION_HIGH_FROM:.0%} or more (the authors' high-risk band).",
        ("frey_osborne",),
    ),
    Rule(
        "high_stress",
        "challenge",
        "High stress",
        "O*NET importance of the work style Stress Tolerance in the top decile of O*NET occupations.",
        ("onet",),
    ),
    Rule(
        "fast_changing_technology",
        "challenge",
        "Fast-changing technology",
        "Number of O*NET hot technologies that O*NET also flags as in demand in this occupation's own job postings "
        f"(general office tools, in demand for more than {GENERIC_TECH_SHARE:.0%} of O*NET occupations, left out) "
        f"in the top {TECH_TOP_SHARE:.0%} of O*NET occupations, and at least one.",
        ("onet",),
    ),
    Rule(
        "long_preparation",
        "challenge",
        "Long preparation",
        "EP typical entry-level education is a doctoral or professional degree.",
        ("bls_ep",),
    ),
)


def _first_record(df: pd.DataFrame) -> pd.DataFrame:
    """O*NET values of the SOC-level record (``.00``) only."""
    return df[df["onet_soc_code"].str.endswith(".00")]


def build_metric_inputs(core: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per profile code: the inputs of every metric, plus the thresholds used (as columns)."""
    universe = core["core_occprofiles__occupations"][["soc_code", "oews_code", "ep_code", "code_kind"]]
    national = core["core_oews__national_wages"]
    detailed_oews = national[national["oews_level"] == 3]
    ep = core["core_bls_ep__projections"]
    ep_items = ep[ep["ep_occupation_type"] == "Line item"]

    styles = _first_record(core["core_onet__work_styles"])
    stress = styles[styles["element_id"] == "1.C.4.b"].set_index("soc_code")["importance"]
    values = _first_record(core["core_onet__work_values"])
    conditions = values[values["element_id"] == "1.B.2.b"].set_index("soc_code")["extent"]
    skills = _first_record(core["core_onet__skills"])
    learning = skills[skills["element_name"] == "Active Learning"].set_index("soc_code")["importance"]
    tech = _first_record(core["core_onet__technology_skills"])
    hot = hot_in_demand_technologies(tech).groupby("soc_code")["example"].nunique()
    onet_codes = _first_record(core["core_onet__occupation"]).set_index("soc_code").index
    hot = hot.reindex(onet_codes[onet_codes.isin(tech["soc_code"])], fill_value=0)  # 0 among listed tech is real

    out = universe.copy()
    out["annual_median_wage_usd"] = out["oews_code"].map(detailed_oews.set_index("oews_code")["annual_median_wage_usd"])
    ep_idx = ep_items.set_index("ep_code")
    out["employment_change_percent"] = out["ep_code"].map(ep_idx["employment_change_percent"])
    out["annual_openings_count"] = out["ep_code"].map(ep_idx["annual_openings_count"]).astype("Float64")
    out["typical_entry_education"] = out["ep_code"].map(ep_idx["typical_entry_education"])
    auto = core["core_occprofiles__automation_risk"].set_index("soc_code")["computerisation_probability"]
    out["computerisation_probability"] = out["soc_code"].map(auto).astype("float64")
    out["stress_tolerance_importance"] = out["soc_code"].map(stress)
    out["working_conditions_extent"] = out["soc_code"].map(conditions)
    out["active_learning_importance"] = out["soc_code"].map(learning)
    out["hot_in_demand_technology_count"] = out["soc_code"].map(hot).astype("Float64")
    for col in (
        "stress_tolerance_importance",
        "working_conditions_extent",
        "active_learning_importance",
        "hot_in_demand_technology_count",
    ):
        out.loc[out["code_kind"] == "aggregate", col] = None  # O*NET rates detailed codes only

    # Work-life balance: the weighted composite of the inputs (0-10 in theory, 1.4-6.2 in fact), its
    # percentile among O*NET occupations with both inputs, and the score: that percentile on a 0-10 scale, so
    # 5 is about the median occupation (the composite's own numbers read low: its median is 3.7).
    composite = pd.Series(0.0, index=out.index)
    for key, _file, _eid, _name, lo, hi, direction, weight in WLB_INPUTS:
        scaled = (out[key].astype("float64") - lo) / (hi - lo)
        composite = composite + weight * (scaled if direction > 0 else 1 - scaled)
    exact = (10 * composite).round(9)  # unrounded (to 1e-9, so float noise makes no false order)
    out["work_life_balance_composite"] = exact.round(1)
    scored = exact.notna()
    # Percentile over distinct O*NET occupations (aggregates have no score, so no double counting): the share
    # at or below the occupation's unrounded composite (ties share the higher rank).
    out.loc[scored, "work_life_balance_percentile"] = (exact[scored].rank(pct=True, method="max") * 100).round(0)
    out["work_life_balance_score"] = out["work_life_balance_percentile"] / 10
    out.loc[scored, "work_life_balance_scored_count"] = int(scored.sum())

    # Thresholds over the distinct published occupations of each source.
    thresholds = {
        "growth_p90": ep_items["employment_change_percent"].quantile(1 - DEMAND_TOP_SHARE),
        "openings_p90": ep_items["annual_openings_count"].astype("float64").quantile(1 - DEMAND_TOP_SHARE),
        # NaN without EP's total row: then only the growth half of the demand rule can hold.
        "all_growth": ep.loc[ep["ep_code"] == ALL_OCCUPATIONS_EP_CODE, "employment_change_percent"].max(),
        "pay_p75": detailed_oews["annual_median_wage_usd"].quantile(PAY_HIGH_QUANTILE),
        "pay_p25": detailed_oews["annual_median_wage_usd"].quantile(PAY_LOW_QUANTILE),
        "stress_p90": stress.quantile(1 - STRESS_TOP_SHARE),
        "learning_p75": learning.quantile(LEARNING_QUANTILE),
        "tech_p95": hot.astype("float64").quantile(1 - TECH_TOP_SHARE),
    }
    for name, value in thresholds.items():
        out[f"threshold_{name}"] = float(value)
    return out


def hot_in_demand_technologies(tech: pd.DataFrame) -> pd.DataFrame:
    """The rows of O*NET Technology Skills (SOC-level records) that are hot *and* in demand for their occupation,
    without the general office tools: technologies in demand for more than GENERIC_TECH_SHARE of the occupations
    that list technology (Microsoft Office, Excel, Outlook, PowerPoint and Word, by the methods page)."""
    occupations = tech["soc_code"].nunique()
    share = tech[tech["in_demand"]].groupby("example")["soc_code"].nunique() / max(occupations, 1)
    generic = set(share[share > GENERIC_TECH_SHARE].index)
    return tech[tech["hot_technology"] & tech["in_demand"] & ~tech["example"].isin(generic)]


def _fmt(value: float, unit: str) -> str:
    if unit == "usd":
        return f"${value:,.0f}"
    if unit == "pct":
        return percent(value, signed=True)  # the true minus, as everywhere in the book
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def evaluate_rules(row: Mapping[str, Any] | pd.Series) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Apply RULES to one occupation's metric inputs (a record or a row of the metric-inputs table);
    return (strengths, challenges) with evidence."""

    def val(key: str) -> float | None:
        v = row.get(key)
        return None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else float(v)

    def t(name: str) -> float:
        return float(row[f"threshold_{name}"])

    hits: dict[str, str] = {}
    growth, openings = val("employment_change_percent"), val("annual_openings_count")
    # Methods page: growth in the top decile, or openings in the top decile while employment grows at least as
    # fast as all occupations: many openings in a shrinking or slow occupation are turnover, not demand (and a
    # label "High demand" beside "Projected decline" contradicts itself). Decline = growth < 0.
    # an aggregate's openings are several occupations': a code EP publishes only within one does not inherit them
    ep_code, soc_code = row.get("ep_code"), row.get("soc_code")
    own_openings = not (isinstance(ep_code, str) and isinstance(soc_code, str) and ep_code != soc_code)
    many_openings = own_openings and openings is not None and openings >= t("openings_p90")
    if growth is not None and (growth >= t("growth_p90") or (many_openings and growth >= t("all_growth"))):
        openings_text = "openings not published" if openings is None else f"{_fmt(openings, 'count')} openings a year"
        if not own_openings:
            openings_text = "the aggregate's openings not counted"
        hits["high_demand"] = (
            f"growth {_fmt(growth, 'pct')} (top-decile cut {_fmt(t('growth_p90'), 'pct')}), "
            f"{openings_text} (cut {_fmt(t('openings_p90'), 'count')}, with growth at least all occupations' "
            f"{_fmt(t('all_growth'), 'pct')})"
        )
    if growth is not None and growth < 0:
        hits["projected_decline"] = f"employment change {RELEASE['bls_ep']} {_fmt(growth, 'pct')}"
    pay = val("annual_median_wage_usd")
    if pay is not None:
        if pay >= t("pay_p75"):
            hits["high_pay"] = f"median {_fmt(pay, 'usd')} (75th-percentile cut {_fmt(t('pay_p75'), 'usd')})"
        if pay <= t("pay_p25"):
            hits["low_pay"] = f"median {_fmt(pay, 'usd')} (25th-percentile cut {_fmt(t('pay_p25'), 'usd')})"
    prob = val("computerisation_probability")
    if prob is not None:
        if prob < AUTOMATION_LOW_BELOW:
            hits["low_automation_risk"] = f"probability {prob:.1%}"
        if prob >= AUTOMATION_HIGH_FROM:
            hits["high_automation_risk"] = f"probability {prob:.1%}"
    learning = val("active_learning_importance")
    if learning is not None and learning >= t("learning_p75"):
        hits["continuous_learning"] = f"Active Learning importance {learning:.2f} of 5 (cut {t('learning_p75'):.2f})"
    stress = val("stress_tolerance_importance")
    if stress is not None and stress >= t("stress_p90"):
        hits["high_stress"] = f"Stress Tolerance importance {stress:.2f} of 5 (cut {t('stress_p90'):.2f})"
    hot = val("hot_in_demand_technology_count")
    if hot is not None and hot >= t("tech_p95") and hot > 0:
        hits["fast_changing_technology"] = (
            f"{hot:.0f} hot technologies in demand in this occupation's job postings (cut {t('tech_p95'):.0f})"
        )
    education = row.get("typical_entry_education")
    if isinstance(education, str) and education == "Doctoral or professional degree":
        hits["long_preparation"] = f"typical entry education: {education}"

    strengths: list[dict[str, Any]] = []
    challenges: list[dict[str, Any]] = []
    for rule in RULES:
        if rule.id in hits:
            item = {
                "id": rule.id,
                "label": rule.label,
                "rule": rule.rule,
                "evidence": hits[rule.id],
                "sources": list(rule.source_ids),
            }
            (strengths if rule.kind == "strength" else challenges).append(item)
    return strengths, challenges


def automation_band(probability: float | None) -> str | None:
    if probability is None:
        return None
    if probability < AUTOMATION_LOW_BELOW:
        return "low"
    if probability >= AUTOMATION_HIGH_FROM:
        return "high"
    return "medium"
