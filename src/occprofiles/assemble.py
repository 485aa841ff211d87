"""Out layer: assemble one Profile document (the public JSON contract) per occupation.

Tables are grouped by code once, so the cost of the whole out layer is one pass over each table.
Numbers are copied from the core tables, never defaulted: a value a source does not publish is null,
with a ``*_note`` (or a section ``reason``) that says why.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable

import pandas as pd

from . import formatting as fmt
from . import metrics
from .registry import Source

RIASEC = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
RIASEC_LETTERS = "RIASEC"
# U.S. Census Bureau regions, by state FIPS code (for grouping Projections Central states).
CENSUS_REGIONS = {
    "Northeast": [9, 23, 25, 33, 44, 50, 34, 36, 42],
    "Midwest": [17, 18, 26, 39, 55, 19, 20, 27, 29, 31, 38, 46],
    "South": [10, 11, 12, 13, 24, 37, 45, 51, 54, 1, 21, 28, 47, 5, 22, 40, 48],
    "West": [4, 8, 16, 30, 32, 35, 49, 56, 2, 6, 15, 41, 53],
}
OEWS_MEASURES = ("mean", "p10", "p25", "median", "p75", "p90")
OEWS_COLUMN = {"mean": "{form}_mean_wage_usd", "median": "{form}_median_wage_usd"}
SELF_EMPLOYED_NOTE = (
    "OEWS counts wage and salary jobs in establishments and excludes the self-employed; Employment "
    "Projections counts all jobs, including the self-employed, and is for 2024. The two figures differ for that reason."
)
TOP_METROS = 25  # the profile keeps the largest metro areas; the core table has them all
PC_VINTAGE = "2020–2030 state projections (base year 2020, a pandemic year; not comparable with EP 2024–34)"


def clean(value: Any) -> Any:
    """NaN/NA -> None; numpy scalars -> Python numbers (JSON-safe, deterministic)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def as_int(value: Any) -> int | None:
    value = clean(value)
    return None if value is None else int(round(value))


def group(df: pd.DataFrame, key: str) -> dict[str, pd.DataFrame]:
    return {k: g for k, g in df.groupby(key, sort=False)}


def oews_wages(row: pd.Series | None) -> dict[str, Any]:
    """Annual and hourly wage distribution with display strings and reasons for absences."""
    out: dict[str, Any] = {"annual_wage_usd": {}, "hourly_wage_usd": {}, "wage_display": {}, "wage_notes": []}
    for form, key in (("annual", "annual_wage_usd"), ("hourly", "hourly_wage_usd")):
        hourly = form == "hourly"
        for m in OEWS_MEASURES:
            column = OEWS_COLUMN.get(m, "{form}_" + m + "_wage_usd").format(form=form)
            value = None if row is None else clean(row[column])
            foot = None if row is None else as_int(row[f"{column}_footnote"])
            out[key][m] = value
            out["wage_display"][f"{form}_{m}"] = fmt.oews_wage_display(value, foot, hourly=hourly)
            reason = fmt.oews_missing_reason(foot, hourly=hourly)
            if reason:
                out["wage_notes"].append({"field": f"{key}.{m}", "footnote_code": foot, "display": out["wage_display"][f"{form}_{m}"], "reason": reason})
    return out


def _records(df: pd.DataFrame | None, columns: dict[str, str]) -> list[dict[str, Any]]:
    if df is None or df.empty:
        return []
    sub = df[list(columns)].rename(columns=columns)
    return [{k: clean(v) for k, v in rec.items()} for rec in sub.to_dict("records")]


def assemble_profiles(core: dict[str, pd.DataFrame], registry: dict[str, Source]) -> dict[str, dict]:
    universe = core["core_occupations"]
    national = core["core_oews_national"].set_index("oews_code")
    states_by = group(core["core_oews_states"], "oews_code")
    metros_by = group(core["core_oews_metros"], "oews_code")
    industries_by = group(core["core_oews_industries"], "oews_code")
    ep = core["core_ep_projections"].set_index("ep_code")
    onet_occ = core["core_onet_occupation"]
    onet_by = {name: group(core[f"core_onet_{name}"], "soc_code") for name in (
        "tasks", "interests", "skills", "knowledge", "work_styles", "work_values", "education",
        "job_zones", "technology_skills", "related", "alternate_titles")}
    onet_occ_by = group(onet_occ, "soc_code")
    automation = core["core_automation"].set_index("soc_code")
    metric_rows = core["core_metric_inputs"].set_index("soc_code")
    pc = core["core_regional_projections"]
    pc_by = group(pc, "soc_code")
    titles = dict(zip(universe["soc_code"], universe["title"]))
    oews_of = dict(zip(universe["soc_code"], universe["oews_code"]))
    all_median = clean(national.loc["00-0000", "annual_median_wage_usd"])

    sources = {
        sid: {"title": s.title, "release": s.release, "url": (s.official_urls[0] if s.official_urls else s.homepage), "licence": s.licence}
        for sid, s in sorted(registry.items())
    }
    release = {sid: s.release for sid, s in registry.items()}

    profiles: dict[str, dict] = {}
    for occ in universe.itertuples(index=False):
        code = occ.soc_code
        covers = [c for c in (occ.covers or "").split(",") if c]
        onet_records = onet_occ_by.get(code)
        soc_level = None
        specialties: list[dict] = []
        onet_description = None
        if onet_records is not None:
            soc_level = onet_records[onet_records["is_soc_level_record"]]
            if not soc_level.empty:
                onet_description = clean(soc_level.iloc[0]["onet_description"])
            spec = onet_records[~onet_records["is_soc_level_record"]].sort_values("onet_soc_code")
            specialties = _records(spec, {"onet_soc_code": "onet_soc_code", "onet_title": "title", "onet_description": "description"})

        def onet(name: str) -> pd.DataFrame | None:
            df = onet_by[name].get(code)
            return None if df is None else df[df["onet_soc_code"] == f"{code}.00"]

        # --- code mapping -----------------------------------------------------------------
        notes = []
        if occ.code_kind == "aggregate":
            notes.append(
                f"{code} is not a 2018 SOC detailed code: BLS publishes it as an aggregate of "
                + ", ".join(f"{c} {titles.get(c, '')}".strip() for c in covers)
                + ". O*NET rates the detailed occupations only; see their chapters."
            )
        for sid, published in (("oews", occ.oews_code), ("bls_ep", occ.ep_code)):
            if published and published != code:
                notes.append(
                    f"{registry[sid].title} publishes this occupation only within the aggregate {published} "
                    f"({titles.get(published, '')}); its figures are for that aggregate."
                )
        code_mapping = {"kind": occ.code_kind, "covers": covers, "oews_code": occ.oews_code, "ep_code": occ.ep_code, "notes": notes}

        # --- OEWS national --------------------------------------------------------------------
        nat = national.loc[occ.oews_code] if occ.oews_code in national.index else None
        oews = {"release": release["oews"], "published_code": occ.oews_code, "available": nat is not None, "reason": None}
        oews["employment"] = None if nat is None else as_int(nat["employment_count"])
        oews["employment_note"] = None if nat is None else (fmt.oews_missing_reason(as_int(nat["employment_count_footnote"]), hourly=False) if oews["employment"] is None else None)
        oews["employment_rse_percent"] = None if nat is None else clean(nat["employment_rse_percent"])
        oews["wage_rse_percent"] = None if nat is None else clean(nat["wage_rse_percent"])
        oews.update(oews_wages(nat))
        if nat is None:
            oews["reason"] = "OEWS May 2025 publishes no national estimate for this code" + (
                " (military occupations are outside the OEWS survey)" if code.startswith("55-") else "")

        # --- comparisons ------------------------------------------------------------------------
        major = occ.major_group_code
        major_median = clean(national.loc[major, "annual_median_wage_usd"]) if major in national.index else None
        related_df = onet("related")
        related = []
        if related_df is not None:
            for r in related_df.sort_values("relatedness_index").itertuples():
                rel_oews = oews_of.get(r.related_soc_code)
                median = clean(national.loc[rel_oews, "annual_median_wage_usd"]) if rel_oews in national.index else None
                related.append({
                    "soc_code": r.related_soc_code, "onet_soc_code": r.related_onet_soc_code, "title": r.related_title,
                    "relatedness_tier": r.relatedness_tier, "annual_median_wage_usd": median,
                    "in_book": r.related_soc_code in titles,
                })
        comparisons = {
            "release": release["oews"],
            "annual_median_wage_usd": oews["annual_wage_usd"]["median"],
            "all_occupations_annual_median_wage_usd": all_median,
            "major_group_code": major,
            "major_group_title": occ.major_group_title,
            "major_group_annual_median_wage_usd": major_median,
            "related": [{"soc_code": r["soc_code"], "title": r["title"], "annual_median_wage_usd": r["annual_median_wage_usd"]}
                        for r in related if r["relatedness_tier"] == "Primary-Short"][:5],
        }

        # --- EP projections --------------------------------------------------------------------------
        e = ep.loc[occ.ep_code] if occ.ep_code in ep.index else None
        projections: dict[str, Any] = {"release": release["bls_ep"], "published_code": occ.ep_code, "available": e is not None, "reason": None}
        fields = ["employment_2024", "employment_2034", "employment_change", "annual_openings", "labor_force_exits",
                  "occupational_transfers", "separations"]
        for f in fields:
            projections[f] = None if e is None else as_int(e[f"{f}_count"])
        for f in ("employment_change_percent", "self_employed_percent", "labor_force_exit_rate_percent",
                  "occupational_transfer_rate_percent", "separations_rate_percent", "median_annual_wage_2024_usd"):
            projections[f] = None if e is None else clean(e[f])
        projections["change_percent"] = projections.pop("employment_change_percent")
        projections["median_annual_wage_2024_display"] = (
            None if e is None else (clean(e["median_annual_wage_2024_display"]) or fmt.usd(projections["median_annual_wage_2024_usd"]))
        )
        for f in ("typical_entry_education", "work_experience", "on_the_job_training"):
            projections[f] = None if e is None else clean(e[f])
        projections["wage_note"] = "EP's wage is the OEWS May 2024 median (one year older than the OEWS May 2025 figures)."
        if e is None:
            projections["reason"] = "BLS Employment Projections 2024–34 publishes no projection for this code" + (
                " (military occupations are not projected)" if code.startswith("55-") else "")

        # --- key facts ----------------------------------------------------------------------------
        key_facts = {
            "annual_median_wage_usd": oews["annual_wage_usd"]["median"],
            "annual_median_wage_display": oews["wage_display"]["annual_median"],
            "hourly_median_wage_display": oews["wage_display"]["hourly_median"],
            "oews_employment": oews["employment"],
            "ep_employment_2024": projections["employment_2024"],
            "self_employed_percent": projections["self_employed_percent"],
            "change_percent": projections["change_percent"],
            "annual_openings": projections["annual_openings"],
            "typical_entry_education": projections["typical_entry_education"],
            "employment_note": SELF_EMPLOYED_NOTE,
            "wage_source": f"BLS OEWS, {release['oews']}",
            "projection_source": f"BLS Employment Projections, {release['bls_ep']}",
        }

        # --- O*NET sections --------------------------------------------------------------------
        tasks_df = onet("tasks")
        tasks = []
        if tasks_df is not None:
            order = {"Core": 0, "Supplemental": 1}
            t = tasks_df.assign(_o=tasks_df["task_type"].map(order).fillna(2)).sort_values(["_o", "task_id"])
            tasks = [{"text": r.task_text, "type": clean(r.task_type), "task_id": int(r.task_id)} for r in t.itertuples()]

        interests: dict[str, Any] = {"release": release["onet"], "scale": "O*NET occupational interest, 1 (low) to 7 (high)"}
        idf = onet("interests")
        if idf is not None and not idf.empty:
            oi = idf[idf["scale_id"] == "OI"].set_index("element_name")["value"]
            for name in RIASEC:
                interests[name] = clean(oi.get(name.capitalize()))
            ih = idf[idf["scale_id"] == "IH"].sort_values("element_id")["value"]
            interests["high_point_code"] = "".join(RIASEC_LETTERS[int(v) - 1] for v in ih if clean(v) and int(v) > 0) or None
        else:
            for name in RIASEC:
                interests[name] = None
            interests["high_point_code"] = None

        def ratings(name: str, with_level: bool = True) -> list[dict]:
            df = onet(name)
            if df is None or df.empty:
                return []
            df = df.dropna(subset=["importance"]).sort_values(["importance", "element_name"], ascending=[False, True])
            cols = {"element_id": "element_id", "element_name": "name", "importance": "importance"}
            if with_level:
                cols["level"] = "level"
            recs = _records(df, cols)
            for r in recs:
                r.setdefault("level", None)  # work styles have importance only
            return recs

        edu_df = onet("education")
        education = _records(
            None if edu_df is None else edu_df.assign(category=edu_df["category"].astype(int)).sort_values("category"),
            {"category": "category", "category_label": "label", "percent": "percent"},
        )
        jz = onet("job_zones")
        wv = onet("work_values")
        tech_df = onet("technology_skills")
        technology = []
        if tech_df is not None:
            tdf = tech_df.sort_values(["hot_technology", "in_demand", "example"], ascending=[False, False, True])
            technology = _records(tdf, {"example": "name", "commodity_title": "category", "hot_technology": "hot_technology", "in_demand": "in_demand"})
        alt_df = onet("alternate_titles")
        alternate_titles = sorted(set(alt_df["alternate_title"])) if alt_df is not None else []

        # --- geography -------------------------------------------------------------------------------
        nat_median = oews["annual_wage_usd"]["median"]
        states = []
        st = states_by.get(occ.oews_code)
        if st is not None:
            st = st.sort_values(["employment_count", "state"], ascending=[False, True], na_position="last")
            for r in st.itertuples():
                median = clean(r.annual_median_wage_usd)
                foot = as_int(r.annual_median_wage_usd_footnote)
                states.append({
                    "state": r.state, "state_fips": r.state_code, "employment": as_int(r.employment_count),
                    "employment_note": fmt.oews_missing_reason(as_int(r.employment_count_footnote), hourly=False),
                    "employment_per_1000_jobs": clean(r.employment_per_1000_jobs),
                    "location_quotient": clean(r.location_quotient),
                    "annual_median_wage_usd": median,
                    "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
                    "annual_median_wage_note": fmt.oews_missing_reason(foot, hourly=False),
                    "wage_vs_national_percent": (round(100 * (median / nat_median - 1), 1) if median and nat_median else None),
                })
        metros = []
        metros_published = 0
        mt = metros_by.get(occ.oews_code)
        if mt is not None:
            mt = mt.dropna(subset=["employment_count"]).sort_values(["employment_count", "area"], ascending=[False, True])
            metros_published = len(mt)
            for r in mt.head(TOP_METROS).itertuples():
                median = clean(r.annual_median_wage_usd)
                foot = as_int(r.annual_median_wage_usd_footnote)
                metros.append({
                    "area": r.area, "area_code": r.area_code, "employment": as_int(r.employment_count),
                    "employment_per_1000_jobs": clean(r.employment_per_1000_jobs), "location_quotient": clean(r.location_quotient),
                    "annual_median_wage_usd": median, "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
                })
        industries = []
        it = industries_by.get(occ.oews_code)
        if it is not None:
            it = it.dropna(subset=["employment_count"]).sort_values(["employment_count", "industry_code"], ascending=[False, True])
            for r in it.itertuples():
                median = clean(r.annual_median_wage_usd)
                foot = as_int(r.annual_median_wage_usd_footnote)
                industries.append({
                    "industry": r.industry_name, "industry_code": r.industry_code, "employment": as_int(r.employment_count),
                    "share_of_occupation_employment_percent": (round(100 * r.employment_count / oews["employment"], 2) if oews["employment"] else None),
                    "share_of_industry_employment_percent": clean(round(r.share_of_industry_employment_percent, 2)),
                    "annual_median_wage_usd": median, "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
                })

        # --- regional outlook (Projections Central 2020-30) ---------------------------------------
        regional: dict[str, Any] = {"release": release["projections_central"], "vintage": PC_VINTAGE, "states": [], "regions": [], "national": None, "reason": None}
        pcd = pc_by.get(code)
        if pcd is not None:
            for r in pcd.sort_values("state_fips").itertuples():
                rec = {"area": r.area_name, "state_fips": int(r.state_fips), "employment_2020": as_int(r.base_employment_count),
                       "employment_2030": as_int(r.projected_employment_count), "change_percent": clean(r.change_percent),
                       "annual_openings": as_int(r.annual_openings_count)}
                if r.state_fips == 0:
                    regional["national"] = rec
                else:
                    regional["states"].append(rec)
            by_fips = {s["state_fips"]: s for s in regional["states"]}
            for region, fips in CENSUS_REGIONS.items():
                have = [by_fips[f] for f in fips if f in by_fips]
                if not have:
                    continue
                base = sum(s["employment_2020"] for s in have)
                proj = sum(s["employment_2030"] for s in have)
                regional["regions"].append({
                    "region": region, "states_published": len(have), "states_in_region": len(fips),
                    "employment_2020": base, "employment_2030": proj,
                    "change_percent": round(100 * (proj / base - 1), 1) if base else None,
                })
        else:
            regional["reason"] = "Projections Central 2020–30 publishes no projection for this code"

        # --- metrics ----------------------------------------------------------------------------------
        a = automation.loc[code]
        prob = clean(a["computerisation_probability"])
        auto = {
            "release": release["frey_osborne"], "probability": prob, "band": metrics.automation_band(prob),
            "mapping": a["mapping"], "soc_2010_inputs": json.loads(a["soc_2010_inputs"]), "reason": clean(a["reason"]),
            "method": "methods.md#automation-risk",
        }
        if occ.code_kind == "aggregate" and prob is None:
            auto["reason"] = "aggregate code: see the detailed occupations it covers"
        m = metric_rows.loc[code]
        wlb_inputs = []
        for key, file, eid, name, lo, hi, direction, weight in metrics.WLB_INPUTS:
            wlb_inputs.append({"name": name, "onet_file": file, "element_id": eid, "value": clean(m[key]), "scale_min": lo,
                               "scale_max": hi, "direction": "higher is better" if direction > 0 else "higher is worse", "weight": weight})
        wlb_score = clean(m["work_life_balance_score"])
        work_life = {
            "release": release["onet"], "score": wlb_score, "scale": "0 (least balance) to 10 (most)",
            "percentile": as_int(m.get("work_life_balance_percentile")), "inputs": wlb_inputs, "method": "methods.md#work-life-balance",
            "reason": None if wlb_score is not None else "O*NET has no rating for one or both inputs for this code",
        }
        strengths, challenges = metrics.evaluate_rules(m)

        # --- sections index: where each section comes from, and whether it has data -----------
        def sec(source: str, has: bool, reason: str | None = None) -> dict:
            return {"source": source, "release": release[source], "available": bool(has), "reason": None if has else (reason or "not published by the source for this code")}

        onet_reason = "O*NET rates detailed occupations only; see the chapters of the codes this aggregate covers" if occ.code_kind == "aggregate" else "O*NET 29.3 has no rating for this occupation"
        sections = {
            "identity": sec("soc", True),
            "tasks": sec("onet", bool(tasks), onet_reason),
            "wages": sec("oews", nat is not None and oews["annual_wage_usd"]["median"] is not None or oews["hourly_wage_usd"]["median"] is not None, oews.get("reason")),
            "employment": sec("oews", oews["employment"] is not None, oews.get("reason")),
            "projections": sec("bls_ep", e is not None, projections.get("reason")),
            "interests": sec("onet", interests["realistic"] is not None, onet_reason),
            "skills": sec("onet", bool(ratings("skills")), onet_reason),
            "knowledge": sec("onet", bool(ratings("knowledge")), onet_reason),
            "work_styles": sec("onet", bool(ratings("work_styles", False)), onet_reason),
            "education": sec("onet", bool(education), onet_reason),
            "technology_skills": sec("onet", bool(technology), onet_reason),
            "related_occupations": sec("onet", bool(related), onet_reason),
            "states": sec("oews", bool(states), oews["reason"]),
            "metros": sec("oews", bool(metros), oews.get("reason")),
            "industries": sec("oews", bool(industries), oews.get("reason")),
            "regional_outlook": sec("projections_central", bool(regional["states"]) or regional["national"] is not None, regional.get("reason")),
            "automation": sec("frey_osborne", prob is not None, auto["reason"]),
            "work_life_balance": sec("onet", wlb_score is not None, work_life["reason"]),
        }

        profiles[code] = {
            "schema_version": 1,
            "soc_code": code,
            "title": occ.title,
            "major_group": {"code": major, "title": occ.major_group_title},
            "broad_group": {"code": occ.broad_group_code, "title": clean(occ.broad_group_title)},
            "soc_definition": clean(occ.soc_definition),
            "onet_soc_code": f"{code}.00" if soc_level is not None and not soc_level.empty else None,
            "onet_description": onet_description,
            "alternate_titles": alternate_titles,
            "onet_specialties": specialties,
            "code_mapping": code_mapping,
            "key_facts": key_facts,
            "tasks": tasks,
            "oews": oews,
            "comparisons": comparisons,
            "projections": projections,
            "interests": interests,
            "skills": ratings("skills"),
            "knowledge": ratings("knowledge"),
            "work_styles": ratings("work_styles", False),
            "work_values": _records(wv, {"element_name": "name", "extent": "extent"}) if wv is not None else [],
            "education": education,
            "job_zone": as_int(jz.iloc[0]["job_zone"]) if jz is not None and not jz.empty else None,
            "technology_skills": technology,
            "related_occupations": related,
            "states": states,
            "metros": metros,
            "metros_published_count": metros_published,
            "industries": industries,
            "regional_outlook": regional,
            "automation": auto,
            "work_life_balance": work_life,
            "strengths": strengths,
            "challenges": challenges,
            "sections": sections,
            "sources": sources,
        }
    return profiles
