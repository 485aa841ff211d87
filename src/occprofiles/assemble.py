"""Out layer: assemble one Profile document (the public JSON contract) per occupation.

Tables are grouped by code once, so the cost of the whole out layer is one pass over each table.
Numbers are copied from the core tables, never defaulted: a value a source does not publish is null,
with a ``*_note`` (or a section ``reason``) that says why.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from . import formatting as fmt
from . import metrics
from .contract import PROFILE_SCHEMA_VERSION, onet_table
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


def records_by(df: pd.DataFrame, key: str, columns: list[str] | None = None, *, sort: list[str] | None = None,
               ascending: list[bool] | bool = True, where: pd.Series | None = None) -> dict[str, list[dict[str, Any]]]:
    """Group a table into {key: [record, ...]} once, sorted once; per-profile work is then plain Python."""
    if where is not None:
        df = df[where]
    if sort:
        df = df.sort_values(sort, ascending=ascending, kind="mergesort", na_position="last")
    if columns is not None:
        df = df[list(dict.fromkeys([key, *columns]))]
    out: dict[str, list[dict[str, Any]]] = {}
    for rec in df.to_dict("records"):
        out.setdefault(rec[key], []).append({k: clean(v) for k, v in rec.items()})
    return out


def one_by(df: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {k: v[0] for k, v in records_by(df, key).items()}


def oews_wages(row: dict[str, Any] | None) -> dict[str, Any]:
    """Annual and hourly wage distribution with display strings and reasons for absences."""
    out: dict[str, Any] = {"annual_wage_usd": {}, "hourly_wage_usd": {}, "wage_display": {}, "wage_notes": []}
    for form, key in (("annual", "annual_wage_usd"), ("hourly", "hourly_wage_usd")):
        hourly = form == "hourly"
        for m in OEWS_MEASURES:
            column = OEWS_COLUMN.get(m, "{form}_" + m + "_wage_usd").format(form=form)
            value = None if row is None else row[column]
            foot = None if row is None else as_int(row[f"{column}_footnote"])
            out[key][m] = value
            out["wage_display"][f"{form}_{m}"] = fmt.oews_wage_display(value, foot, hourly=hourly)
            reason = fmt.oews_missing_reason(foot, hourly=hourly)
            if reason:
                out["wage_notes"].append({"field": f"{key}.{m}", "footnote_code": foot, "display": out["wage_display"][f"{form}_{m}"], "reason": reason})
    return out


def _pick(records: list[dict[str, Any]] | None, columns: dict[str, str]) -> list[dict[str, Any]]:
    return [{new: r[old] for old, new in columns.items()} for r in records or []]


def _onet_tables(core: dict[str, pd.DataFrame]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """O*NET tables of the SOC-level records (``.00``), grouped by SOC code and sorted for display."""

    def soc_level(df: pd.DataFrame) -> pd.Series:
        return df["onet_soc_code"].str.endswith(".00")

    t = {name: core[onet_table(name)] for name in (
        "tasks", "interests", "skills", "knowledge", "work_styles", "work_values", "education",
        "job_zones", "technology_skills", "related", "alternate_titles")}
    tasks = t["tasks"].assign(_order=t["tasks"]["task_type"].map({"Core": 0, "Supplemental": 1}).fillna(2))
    education = t["education"].assign(category=t["education"]["category"].astype(int))
    ratings_sort = dict(sort=["importance", "element_name"], ascending=[False, True])
    return {
        "tasks": records_by(tasks, "soc_code", ["task_text", "task_type", "task_id"], sort=["_order", "task_id"], where=soc_level(tasks)),
        "interests": records_by(t["interests"], "soc_code", where=soc_level(t["interests"]), sort=["element_id"]),
        "skills": records_by(t["skills"], "soc_code", where=soc_level(t["skills"]) & t["skills"]["importance"].notna(), **ratings_sort),
        "knowledge": records_by(t["knowledge"], "soc_code", where=soc_level(t["knowledge"]) & t["knowledge"]["importance"].notna(), **ratings_sort),
        "work_styles": records_by(t["work_styles"], "soc_code", where=soc_level(t["work_styles"]) & t["work_styles"]["importance"].notna(), **ratings_sort),
        "work_values": records_by(t["work_values"], "soc_code", where=soc_level(t["work_values"])),
        "education": records_by(education, "soc_code", where=soc_level(education), sort=["category"]),
        "job_zones": records_by(t["job_zones"], "soc_code", where=soc_level(t["job_zones"])),
        "technology_skills": records_by(t["technology_skills"], "soc_code", where=soc_level(t["technology_skills"]),
                                        sort=["hot_technology", "in_demand", "example"], ascending=[False, False, True]),
        "related": records_by(t["related"], "soc_code", where=soc_level(t["related"]), sort=["relatedness_index"]),
        "alternate_titles": records_by(t["alternate_titles"], "soc_code", ["alternate_title"], where=soc_level(t["alternate_titles"])),
    }


def assemble_profiles(core: dict[str, pd.DataFrame], registry: dict[str, Source]) -> dict[str, dict]:
    universe = core["core_occprofiles__occupations"]
    national = one_by(core["core_oews__national_wages"], "oews_code")
    states_by = records_by(core["core_oews__state_wages"], "oews_code", sort=["oews_code", "employment_count", "state"], ascending=[True, False, True])
    metros = core["core_oews__metro_wages"].dropna(subset=["employment_count"])
    metros_count = metros.groupby("oews_code").size().to_dict()
    metros = metros.sort_values(["oews_code", "employment_count", "area"], ascending=[True, False, True], kind="mergesort")
    metros_by = records_by(metros.groupby("oews_code", sort=False).head(TOP_METROS), "oews_code")
    industries = core["core_oews__industry_wages"].dropna(subset=["employment_count"])
    industries_by = records_by(industries, "oews_code", sort=["oews_code", "employment_count", "industry_code"], ascending=[True, False, True])
    ep = one_by(core["core_bls_ep__projections"], "ep_code")
    onet_occ_by = records_by(core["core_onet__occupation"], "soc_code", sort=["onet_soc_code"])
    onet_by = _onet_tables(core)
    automation = one_by(core["core_occprofiles__automation_risk"], "soc_code")
    metric_rows = one_by(core["core_occprofiles__metric_inputs"], "soc_code")
    pc_by = records_by(core["core_projections_central__state_projections"], "soc_code", sort=["state_fips"])
    titles = dict(zip(universe["soc_code"], universe["title"]))
    oews_of = dict(zip(universe["soc_code"], universe["oews_code"]))
    all_median = national["00-0000"]["annual_median_wage_usd"]

    sources = {
        sid: {"title": s.title, "release": s.release, "url": (s.official_urls[0] if s.official_urls else s.homepage), "licence": s.licence}
        for sid, s in sorted(registry.items())
    }
    release = {sid: s.release for sid, s in registry.items()}

    profiles: dict[str, dict] = {}
    for occ in universe.to_dict("records"):
        occ = {k: clean(v) for k, v in occ.items()}
        code = occ["soc_code"]
        covers = [c for c in (occ["covers"] or "").split(",") if c]
        onet_records = onet_occ_by.get(code, [])
        soc_level_record = next((r for r in onet_records if r["is_soc_level_record"]), None)
        onet_description = soc_level_record["onet_description"] if soc_level_record else None
        specialties = _pick([r for r in onet_records if not r["is_soc_level_record"]],
                            {"onet_soc_code": "onet_soc_code", "onet_title": "title", "onet_description": "description"})

        def onet(name: str) -> list[dict[str, Any]]:
            return onet_by[name].get(code, [])

        # --- code mapping -----------------------------------------------------------------
        notes = []
        if occ["code_kind"] == "aggregate":
            notes.append(
                f"{code} is not a 2018 SOC detailed code: BLS publishes it as an aggregate of "
                + ", ".join(f"{c} {titles.get(c, '')}".strip() for c in covers)
                + ". O*NET rates the detailed occupations only; see their chapters."
            )
        for sid, published in (("oews", occ["oews_code"]), ("bls_ep", occ["ep_code"])):
            if published and published != code:
                notes.append(
                    f"{registry[sid].title} publishes this occupation only within the aggregate {published} "
                    f"({titles.get(published, '')}); its figures are for that aggregate."
                )
        code_mapping = {"kind": occ["code_kind"], "covers": covers, "oews_code": occ["oews_code"], "ep_code": occ["ep_code"], "notes": notes}

        # --- OEWS national --------------------------------------------------------------------
        nat = national.get(occ["oews_code"]) if occ["oews_code"] else None
        oews: dict[str, Any] = {"release": release["oews"], "published_code": occ["oews_code"], "available": nat is not None, "reason": None}
        oews["employment"] = None if nat is None else as_int(nat["employment_count"])
        oews["employment_note"] = None if nat is None or oews["employment"] is not None else fmt.oews_missing_reason(as_int(nat["employment_count_footnote"]), hourly=False)
        oews["employment_rse_percent"] = None if nat is None else nat["employment_rse_percent"]
        oews["wage_rse_percent"] = None if nat is None else nat["wage_rse_percent"]
        oews.update(oews_wages(nat))
        if nat is None:
            oews["reason"] = "OEWS May 2025 publishes no national estimate for this code" + (
                " (military occupations are outside the OEWS survey)" if code.startswith("55-") else "")

        # --- comparisons ------------------------------------------------------------------------
        major = occ["major_group_code"]
        major_median = national[major]["annual_median_wage_usd"] if major in national else None
        related = []
        for r in onet("related"):
            rel_oews = oews_of.get(r["related_soc_code"])
            median = national[rel_oews]["annual_median_wage_usd"] if rel_oews in national else None
            related.append({
                "soc_code": r["related_soc_code"], "onet_soc_code": r["related_onet_soc_code"], "title": r["related_title"],
                "soc_title": titles.get(r["related_soc_code"]),
                "relatedness_tier": r["relatedness_tier"], "annual_median_wage_usd": median,
                "in_book": r["related_soc_code"] in titles,
            })
        comparisons = {
            "release": release["oews"],
            "annual_median_wage_usd": oews["annual_wage_usd"]["median"],
            "all_occupations_annual_median_wage_usd": all_median,
            "major_group_code": major,
            "major_group_title": occ["major_group_title"],
            "major_group_annual_median_wage_usd": major_median,
            # Wages are published per SOC code: compare SOC occupations (titled as SOC titles them), once each.
            "related": list({r["soc_code"]: {"soc_code": r["soc_code"], "title": r["soc_title"] or r["title"],
                                             "annual_median_wage_usd": r["annual_median_wage_usd"]}
                             for r in related if r["relatedness_tier"] == "Primary-Short" and r["soc_code"] != code}.values())[:5],
        }

        # --- EP projections --------------------------------------------------------------------------
        e = ep.get(occ["ep_code"]) if occ["ep_code"] else None
        projections: dict[str, Any] = {"release": release["bls_ep"], "published_code": occ["ep_code"], "available": e is not None, "reason": None}
        for f in ("employment_2024", "employment_2034", "employment_change", "annual_openings", "labor_force_exits",
                  "occupational_transfers", "separations"):
            projections[f] = None if e is None else as_int(e[f"{f}_count"])
        for f in ("employment_change_percent", "self_employed_percent", "labor_force_exit_rate_percent",
                  "occupational_transfer_rate_percent", "separations_rate_percent", "median_annual_wage_2024_usd"):
            projections[f] = None if e is None else e[f]
        projections["change_percent"] = projections.pop("employment_change_percent")
        projections["median_annual_wage_2024_display"] = (
            None if e is None else (e["median_annual_wage_2024_display"] or fmt.usd(projections["median_annual_wage_2024_usd"]))
        )
        for f in ("typical_entry_education", "work_experience", "on_the_job_training"):
            projections[f] = None if e is None else e[f]
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
        tasks = [{"text": r["task_text"], "type": r["task_type"], "task_id": int(r["task_id"])} for r in onet("tasks")]
        interests: dict[str, Any] = {"release": release["onet"], "scale": "O*NET occupational interest, 1 (low) to 7 (high)"}
        oi = {r["element_name"]: r["value"] for r in onet("interests") if r["scale_id"] == "OI"}
        for name in RIASEC:
            interests[name] = oi.get(name.capitalize())
        high_points = [r["value"] for r in onet("interests") if r["scale_id"] == "IH"]
        interests["high_point_code"] = "".join(RIASEC_LETTERS[int(v) - 1] for v in high_points if v and int(v) > 0) or None

        def ratings(name: str) -> list[dict]:
            return [{"element_id": r["element_id"], "name": r["element_name"], "importance": r["importance"], "level": r.get("level")}
                    for r in onet(name)]

        skills, knowledge, work_styles = ratings("skills"), ratings("knowledge"), ratings("work_styles")
        education = _pick(onet("education"), {"category": "category", "category_label": "label", "percent": "percent"})
        job_zones = onet("job_zones")
        technology = _pick(onet("technology_skills"), {"example": "name", "commodity_title": "category", "hot_technology": "hot_technology", "in_demand": "in_demand"})
        alternate_titles = sorted({r["alternate_title"] for r in onet("alternate_titles")})

        # --- geography -------------------------------------------------------------------------------
        nat_median = oews["annual_wage_usd"]["median"]
        states = []
        for r in states_by.get(occ["oews_code"], []):
            median, foot = r["annual_median_wage_usd"], as_int(r["annual_median_wage_usd_footnote"])
            states.append({
                "state": r["state"], "state_fips": r["state_code"], "employment": as_int(r["employment_count"]),
                "employment_note": fmt.oews_missing_reason(as_int(r["employment_count_footnote"]), hourly=False),
                "employment_per_1000_jobs": r["employment_per_1000_jobs"],
                "location_quotient": r["location_quotient"],
                "annual_median_wage_usd": median,
                "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
                "annual_median_wage_note": fmt.oews_missing_reason(foot, hourly=False),
                "wage_vs_national_percent": (round(100 * (median / nat_median - 1), 1) if median and nat_median else None),
            })
        metros = []
        for r in metros_by.get(occ["oews_code"], []):
            median, foot = r["annual_median_wage_usd"], as_int(r["annual_median_wage_usd_footnote"])
            metros.append({
                "area": r["area"], "area_code": r["area_code"], "employment": as_int(r["employment_count"]),
                "employment_per_1000_jobs": r["employment_per_1000_jobs"], "location_quotient": r["location_quotient"],
                "annual_median_wage_usd": median, "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
            })
        industries = []
        for r in industries_by.get(occ["oews_code"], []):
            median, foot = r["annual_median_wage_usd"], as_int(r["annual_median_wage_usd_footnote"])
            share = r["share_of_industry_employment_percent"]
            industries.append({
                "industry": r["industry_name"], "industry_code": r["industry_code"], "employment": as_int(r["employment_count"]),
                "share_of_occupation_employment_percent": (round(100 * r["employment_count"] / oews["employment"], 2) if oews["employment"] else None),
                "share_of_industry_employment_percent": None if share is None else round(share, 2),
                "annual_median_wage_usd": median, "annual_median_wage_display": fmt.oews_wage_display(median, foot, hourly=False),
            })

        # --- regional outlook (Projections Central 2020-30) ---------------------------------------
        regional: dict[str, Any] = {"release": release["projections_central"], "vintage": PC_VINTAGE, "states": [], "regions": [], "national": None, "reason": None}
        pcd = pc_by.get(code)
        if pcd:
            for r in pcd:
                rec = {"area": r["area_name"], "state_fips": int(r["state_fips"]), "employment_2020": as_int(r["base_employment_count"]),
                       "employment_2030": as_int(r["projected_employment_count"]), "change_percent": r["change_percent"],
                       "annual_openings": as_int(r["annual_openings_count"])}
                if rec["state_fips"] == 0:
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
        a = automation[code]
        prob = a["computerisation_probability"]
        auto = {
            "release": release["frey_osborne"], "probability": prob, "band": metrics.automation_band(prob),
            "mapping": a["mapping"], "soc_2010_inputs": json.loads(a["soc_2010_inputs"]), "reason": a["reason"],
            "method": "methods.md#automation-risk",
        }
        if occ["code_kind"] == "aggregate" and prob is None:
            auto["reason"] = "aggregate code: see the detailed occupations it covers"
        m = metric_rows[code]
        wlb_inputs = []
        for key, file, eid, name, lo, hi, direction, weight in metrics.WLB_INPUTS:
            wlb_inputs.append({"name": name, "onet_file": file, "element_id": eid, "value": m[key], "scale_min": lo,
                               "scale_max": hi, "direction": "higher is better" if direction > 0 else "higher is worse", "weight": weight})
        wlb_score = m["work_life_balance_score"]
        work_life = {
            "release": release["onet"], "score": wlb_score, "scale": "0 (least balance) to 10 (most)",
            "percentile": as_int(m.get("work_life_balance_percentile")), "inputs": wlb_inputs, "method": "methods.md#work-life-balance",
            "reason": None if wlb_score is not None else "O*NET has no rating for one or both inputs for this code",
        }
        strengths, challenges = metrics.evaluate_rules(m)

        # --- sections index: where each section comes from, and whether it has data -----------
        def sec(source: str, has: bool, reason: str | None = None) -> dict:
            return {"source": source, "release": release[source], "available": bool(has), "reason": None if has else (reason or "not published by the source for this code")}

        if occ["code_kind"] == "aggregate":
            onet_reason = "O*NET rates detailed occupations only; see the chapters of the codes this aggregate covers"
        elif specialties:
            onet_reason = ("O*NET 29.3 publishes this for the occupation's specialties ("
                           + ", ".join(s["onet_soc_code"] for s in specialties) + "), not for the SOC-level record")
        else:
            onet_reason = "O*NET 29.3 has no rating for this occupation"
        has_wages = oews["annual_wage_usd"]["median"] is not None or oews["hourly_wage_usd"]["median"] is not None
        sections = {
            "identity": sec("soc", True),
            "tasks": sec("onet", bool(tasks), onet_reason),
            "wages": sec("oews", has_wages, oews["reason"]),
            "employment": sec("oews", oews["employment"] is not None, oews["reason"]),
            "projections": sec("bls_ep", e is not None, projections["reason"]),
            "interests": sec("onet", interests["realistic"] is not None, onet_reason),
            "skills": sec("onet", bool(skills), onet_reason),
            "knowledge": sec("onet", bool(knowledge), onet_reason),
            "work_styles": sec("onet", bool(work_styles), onet_reason),
            "education": sec("onet", bool(education), onet_reason),
            "technology_skills": sec("onet", bool(technology), onet_reason),
            "related_occupations": sec("onet", bool(related), onet_reason),
            "states": sec("oews", bool(states), oews["reason"]),
            "metros": sec("oews", bool(metros), oews["reason"]),
            "industries": sec("oews", bool(industries), oews["reason"]),
            "regional_outlook": sec("projections_central", bool(regional["states"]) or regional["national"] is not None, regional["reason"]),
            "automation": sec("frey_osborne", prob is not None, auto["reason"]),
            "work_life_balance": sec("onet", wlb_score is not None, work_life["reason"]),
        }

        profiles[code] = {
            "schema_version": PROFILE_SCHEMA_VERSION,
            "soc_code": code,
            "title": occ["title"],
            "major_group": {"code": major, "title": occ["major_group_title"]},
            "broad_group": {"code": occ["broad_group_code"], "title": occ["broad_group_title"]},
            "soc_definition": occ["soc_definition"],
            "onet_soc_code": f"{code}.00" if soc_level_record else None,
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
            "skills": skills,
            "knowledge": knowledge,
            "work_styles": work_styles,
            "work_values": _pick(onet("work_values"), {"element_name": "name", "extent": "extent"}),
            "education": education,
            "job_zone": as_int(job_zones[0]["job_zone"]) if job_zones else None,
            "technology_skills": technology,
            "related_occupations": related,
            "states": states,
            "metros": metros,
            "metros_published_count": int(metros_count.get(occ["oews_code"], 0)) if occ["oews_code"] else 0,
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
