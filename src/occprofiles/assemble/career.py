"""Career-intelligence sections: automation risk, work-life balance, strengths and challenges.

The rules and thresholds live in :mod:`occprofiles.metrics` (and on the methods page); here they are
copied into the typed profile with their inputs.
"""

from __future__ import annotations

import json

from .. import metrics
from ..profile import Automation, AutomationInput, Finding, MetricInput, WorkLifeBalance
from .tables import Record, SourceTables, as_int

AGGREGATE_AUTOMATION_REASON = "aggregate code: see the detailed occupations it covers"


def build_automation_section(occ: Record, tables: SourceTables) -> Automation:
    """``automation``: the Frey–Osborne probability moved to 2018 SOC, its band and its inputs."""
    row = tables.automation[occ["soc_code"]]
    probability = row["computerisation_probability"]
    reason = row["reason"]
    if occ["code_kind"] == "aggregate" and probability is None:
        reason = AGGREGATE_AUTOMATION_REASON
    return Automation(
        release=tables.release("frey_osborne"),
        probability=probability,
        band=metrics.automation_band(probability),
        mapping=row["mapping"],
        soc_2010_inputs=tuple(AutomationInput(**i) for i in json.loads(row["soc_2010_inputs"])),
        reason=reason,
        method="methods.md#automation-risk",
    )


def build_work_life_balance_section(occ: Record, tables: SourceTables) -> WorkLifeBalance:
    """``work_life_balance``: the 0–10 score, its percentile and every input with its scale and weight."""
    row = tables.metric_rows[occ["soc_code"]]
    inputs = tuple(
        MetricInput(
            name=name,
            onet_file=file,
            element_id=element_id,
            value=row[key],
            scale_min=lo,
            scale_max=hi,
            direction="higher is better" if direction > 0 else "higher is worse",
            weight=weight,
        )
        for key, file, element_id, name, lo, hi, direction, weight in metrics.WLB_INPUTS
    )
    score = row["work_life_balance_score"]
    return WorkLifeBalance(
        release=tables.release("onet"),
        score=score,
        scale="percentile rank on 0–10: 0 least balance, 5 the median occupation, 10 most",
        percentile=as_int(row.get("work_life_balance_percentile")),
        inputs=inputs,
        method="methods.md#work-life-balance",
        reason=None if score is not None else "O*NET has no rating for one or both inputs for this code",
        composite=row.get("work_life_balance_composite"),
        scored_count=as_int(row.get("work_life_balance_scored_count")),
    )


def build_findings_sections(occ: Record, tables: SourceTables) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """``strengths`` and ``challenges``: the rules that hold, with their evidence."""
    strengths, challenges = metrics.evaluate_rules(tables.metric_rows[occ["soc_code"]])
    # A code EP publishes only within an aggregate gets the aggregate's figures: the evidence says whose.
    ep_code = occ["ep_code"]
    whose = f" (EP figures for the aggregate {ep_code})" if ep_code and ep_code != occ["soc_code"] else ""

    def typed(findings: list[dict]) -> tuple[Finding, ...]:
        return tuple(
            Finding(
                **{
                    **f,
                    "evidence": f["evidence"] + (whose if "bls_ep" in f["sources"] else ""),
                    "sources": tuple(f["sources"]),
                }
            )
            for f in findings
        )

    return typed(strengths), typed(challenges)
