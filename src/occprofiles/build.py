"""``occprofiles data build``: verified raw files -> core tables -> out profiles.

Layers (PUDL-style names ``{layer}_{source}__{asset}``, listed in :data:`occprofiles.contract.PROCESSED_TABLES`
and on the methods page):

- ``core_<source>__<asset>`` Parquet tables in ``data/processed/``: one source each (``occprofiles`` when
  derived from several), cleaned, unit-bearing columns, keyed by the code the source publishes.
- ``out_profiles.sqlite``: one JSON document per occupation (the public Profile contract), assembled
  once here so that loading a profile is a key lookup, not a join.
- ``out_coverage.csv`` / ``coverage.md``: which sections have data for every occupation.

Every step is a function of declared inputs; the build writes to a temporary folder and swaps it in,
so an interrupted build never leaves a half-written ``processed/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import numpy as np
import pandas as pd
import yaml

from . import metrics, paths
from .assemble import assemble_profiles
from .code_hash import hash_python_tree
from .contract import (
    BUILD_STAMP,
    PROFILE_SCHEMA_VERSION,
    PROFILES_DB,
    PROFILES_TABLE,
    onet_table,
)
from .errors import DiskFullError
from .extract.bls_ep import FILE as EP_FILE
from .extract.bls_ep import extract_bls_ep
from .extract.frey_osborne import FILE as FO_FILE
from .extract.frey_osborne import extract_frey_osborne
from .extract.oews import FILE as OEWS_FILE
from .extract.oews import extract_oews
from .extract.onet import FOLDER as ONET_FOLDER
from .extract.onet import extract_onet
from .extract.projections_central import FILE as PC_FILE
from .extract.projections_central import extract_projections_central
from .extract.soc import (
    CROSSWALK_FILE,
    DEFINITIONS_FILE,
    extract_soc_crosswalk,
    extract_soc_definitions,
)
from .lifecycle import signals_deferred
from .pc_codes import PC_CODES_FILE, assign_pc_codes
from .profile import Profile
from .registry import Source, load_registry, raw_file


@dataclass(frozen=True)
class BuildResult:
    processed_dir: Path
    profile_count: int
    seconds: float
    up_to_date: bool = False


# ---------------------------------------------------------------------------------------------
# core layer
# ---------------------------------------------------------------------------------------------


def build_core_universe(soc_defs: pd.DataFrame, oews_occ: pd.DataFrame, ep: pd.DataFrame) -> pd.DataFrame:
    """Every occupation that gets a profile: 2018 SOC detailed codes plus OEWS/EP aggregate codes.

    An aggregate code is one that OEWS or EP publishes at the detailed level although it is not a 2018
    SOC detailed code (e.g. 21-1018). It covers the 2018 detailed codes of the same broad group that
    the source does not publish on their own (rule checked in tests: every aggregate covers >= 2 codes).
    """
    detailed = soc_defs[soc_defs["soc_level"] == "detailed"]
    detailed_codes = set(detailed["soc_code"])
    oews_detailed = set(oews_occ.loc[oews_occ["oews_level"] == 3, "oews_code"])
    ep_detailed = set(ep.loc[ep["ep_occupation_type"] == "Line item", "ep_code"])

    def aggregates(published: set[str]) -> dict[str, list[str]]:
        out = {}
        for code in sorted(published - detailed_codes):
            broad = code[:6]
            out[code] = sorted(c for c in detailed_codes if c[:6] == broad and c not in published)
            if len(out[code]) < 2:
                raise ValueError(f"aggregate code {code} covers {out[code]}: the broad-group rule does not hold")
        return out

    oews_aggs, ep_aggs = aggregates(oews_detailed), aggregates(ep_detailed)
    titles = dict(zip(soc_defs["soc_code"], soc_defs["soc_title"], strict=True))
    oews_titles = dict(zip(oews_occ["oews_code"], oews_occ["oews_title"], strict=True))
    ep_titles = dict(zip(ep["ep_code"], ep["ep_title"], strict=True))
    definitions = dict(zip(soc_defs["soc_code"], soc_defs["soc_definition"], strict=True))

    rows = []
    for code in sorted(detailed_codes):
        oews_code = code if code in oews_detailed else next((a for a, kids in oews_aggs.items() if code in kids), None)
        ep_code = code if code in ep_detailed else next((a for a, kids in ep_aggs.items() if code in kids), None)
        rows.append(
            {
                "soc_code": code,
                "title": titles[code],
                "code_kind": "detailed",
                "soc_definition": definitions.get(code),
                "oews_code": oews_code,
                "ep_code": ep_code,
                "covers": "",
            }
        )
    for code in sorted(set(oews_aggs) | set(ep_aggs)):
        covers = sorted(set(oews_aggs.get(code, [])) | set(ep_aggs.get(code, [])))
        title = oews_titles.get(code) or ep_titles.get(code)
        rows.append(
            {
                "soc_code": code,
                "title": title,
                "code_kind": "aggregate",
                "soc_definition": None,
                "oews_code": code if code in oews_detailed else None,
                "ep_code": code if code in ep_detailed else None,
                "covers": ",".join(covers),
            }
        )
    universe = pd.DataFrame(rows)
    universe["major_group_code"] = universe["soc_code"].str[:2] + "-0000"
    universe["major_group_title"] = universe["major_group_code"].map(titles)
    universe["broad_group_code"] = universe["soc_code"].str[:6] + "0"
    universe["broad_group_title"] = universe["broad_group_code"].map(titles)
    return universe.sort_values("soc_code").reset_index(drop=True)


def build_core_oews(oews: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Split OEWS estimates into the four cuts the profiles use, with names attached."""
    est = oews["estimates"]
    area = oews["area"][["area_code", "area_type", "state_code", "area_name"]]
    cross_industry = est["industry_code"] == "000000"

    national = est[(est["area_type"] == "N") & cross_industry].drop(columns=["area_type", "area_code", "industry_code"])
    national = national.merge(oews["occupation"], on="oews_code", how="left", validate="one_to_one")

    states = est[(est["area_type"] == "S") & cross_industry].merge(area, on=["area_code", "area_type"], how="left")
    states = states.rename(columns={"area_name": "state"}).drop(columns=["industry_code"])
    metros = est[(est["area_type"] == "M") & cross_industry].merge(area, on=["area_code", "area_type"], how="left")
    metros = metros.rename(columns={"area_name": "area"}).drop(columns=["industry_code"])

    # National x industry at one industry level (NAICS 3-digit and OEWS government designations): the
    # rows of one level do not overlap, so shares and rankings are not double counted.
    ind = oews["industry"]
    level3 = set(ind.loc[ind["industry_level"] == 3, "industry_code"])
    by_industry = est[(est["area_type"] == "N") & est["industry_code"].isin(level3)].drop(
        columns=["area_type", "area_code"]
    )
    industry_totals = by_industry.loc[by_industry["oews_code"] == "00-0000", ["industry_code", "employment_count"]]
    by_industry = by_industry.merge(
        industry_totals.rename(columns={"employment_count": "industry_employment_count"}),
        on="industry_code",
        how="left",
    )
    by_industry["share_of_industry_employment_percent"] = (
        100 * by_industry["employment_count"] / by_industry["industry_employment_count"]
    )
    by_industry = by_industry.merge(ind[["industry_code", "industry_name"]], on="industry_code", how="left")
    return {
        "core_oews__national_wages": national.reset_index(drop=True),
        "core_oews__state_wages": states.reset_index(drop=True),
        "core_oews__metro_wages": metros.reset_index(drop=True),
        "core_oews__industry_wages": by_industry.reset_index(drop=True),
        "core_oews__footnotes": oews["footnote"],
    }


FO_CODES_FILE = paths.mappings_dir() / "frey_osborne_codes.yml"


def expand_frey_osborne_codes(fo: pd.DataFrame, crosswalk: pd.DataFrame, mapping: dict) -> pd.DataFrame:
    """Give the table's non-SOC-2010 codes (OES aggregates, SOC 2000 codes) the SOC 2010 codes they stand for.

    The mapping is declared in ``data/mappings/frey_osborne_codes.yml``; an aggregate's probability is
    used only for SOC 2010 codes without a probability of their own.
    """
    known_2010 = set(crosswalk["soc_2010_code"])
    own = set(fo["soc_2010_code"])
    rows = [fo[fo["soc_2010_code"].isin(known_2010)].assign(via_code=None)]
    for row in fo[~fo["soc_2010_code"].isin(known_2010)].to_dict("records"):
        code: str = row["soc_2010_code"]
        entry = mapping.get(code)
        if entry is None:
            raise ValueError(f"Frey–Osborne code {code} is neither SOC 2010 nor in {FO_CODES_FILE.name}")
        targets = entry.get("soc_2010") or sorted(c for c in known_2010 if c.startswith(entry["soc_2010_prefix"]))
        unknown = set(targets) - known_2010
        if unknown:
            raise ValueError(f"{FO_CODES_FILE.name}: {code} maps to codes not in SOC 2010: {sorted(unknown)}")
        for target in targets:
            if target not in own:
                rows.append(pd.DataFrame([{**row, "soc_2010_code": target, "via_code": code}]))
    return pd.concat(rows, ignore_index=True)


class FreyOsborneInput(TypedDict):
    """One SOC 2010 input of a 2018 code's probability (``soc_2010_inputs``, as JSON)."""

    soc_2010_code: str
    title: str
    probability: float
    rank: int
    via_frey_osborne_code: str | None  # the Frey–Osborne aggregate code the SOC 2010 code stands in for


class AutomationRow(TypedDict):
    """A row of ``core_occprofiles__automation_risk``."""

    soc_code: str
    computerisation_probability: float | None
    mapping: str
    soc_2010_inputs: str  # JSON list of FreyOsborneInput
    reason: str | None


def _unscored_row(code: str, pairs: pd.DataFrame) -> AutomationRow:
    """A 2018 code none of whose SOC 2010 codes (``pairs``: its crosswalk rows) has a probability."""
    reason = (
        "no SOC 2010 occupation maps to this code in the BLS crosswalk"
        if pairs.empty
        else "the SOC 2010 occupation(s) it comes from ("
        + ", ".join(pairs["soc_2010_code"])
        + ") are not in the Frey–Osborne table"
    )
    return {
        "soc_code": code,
        "computerisation_probability": None,
        "mapping": "none",
        "soc_2010_inputs": "[]",
        "reason": reason,
    }


def _frey_osborne_inputs(scored: pd.DataFrame) -> list[FreyOsborneInput]:
    """The crosswalk rows of one 2018 code that have a probability, as inputs."""
    return [
        {
            "soc_2010_code": r["soc_2010_code"],
            "title": r["fo_title"],
            "probability": float(r["computerisation_probability"]),
            "rank": int(r["rank"]),
            "via_frey_osborne_code": r["via_code"] if isinstance(r["via_code"], str) else None,
        }
        for r in scored.to_dict("records")
    ]


def _scored_row(
    code: str, all_2010: list[str], inputs: list[FreyOsborneInput], splits: dict[str, int]
) -> AutomationRow:
    """A 2018 code's probability from its scored ``inputs`` (``all_2010``: every SOC 2010 code mapping to it;
    ``splits``: how many 2018 codes each SOC 2010 code maps to), and how it was mapped."""
    # Several SOC 2010 codes standing in for one Frey-Osborne aggregate are one input, not several.
    distinct = {(i["via_frey_osborne_code"] or i["soc_2010_code"]): i["probability"] for i in inputs}
    first = inputs[0]
    if len(distinct) == 1:
        n_children = splits[first["soc_2010_code"]]
        mapping_text = (
            "one-to-one"
            if n_children == 1 and len(inputs) == 1
            else f"split (the 2010 code maps to {n_children} 2018 codes; same probability for each)"
        )
        if first["via_frey_osborne_code"]:
            mapping_text = f"via Frey–Osborne aggregate {first['via_frey_osborne_code']} ({first['title']})"
        unscored = sorted(set(all_2010) - {i["soc_2010_code"] for i in inputs})
        if unscored:
            mapping_text = (
                f"partial ({len(all_2010)} SOC 2010 codes map to this code; only {first['soc_2010_code']} is in the "
                f"Frey–Osborne table, {', '.join(unscored)} not)"
            )
        probability = next(iter(distinct.values()))
    else:
        mapping_text = f"merged ({len(distinct)} SOC 2010 occupations map to this code; unweighted mean)"
        probability = round(float(np.mean(list(distinct.values()))), 4)
    return {
        "soc_code": code,
        "computerisation_probability": probability,
        "mapping": mapping_text,
        "soc_2010_inputs": json.dumps(inputs),
        "reason": None,
    }


def build_core_automation(
    fo: pd.DataFrame, crosswalk: pd.DataFrame, universe: pd.DataFrame, mapping: dict | None = None
) -> pd.DataFrame:
    """Frey-Osborne (SOC 2010) probabilities on 2018 SOC codes through the BLS crosswalk.

    - one 2010 code -> one 2018 code: the probability as published;
    - one 2010 code split into several 2018 codes: the same probability for each 2018 code;
    - several 2010 codes merged into one 2018 code: the unweighted mean, with every input listed;
    - Frey-Osborne's own aggregate codes first stand for the SOC 2010 codes declared in FO_CODES_FILE.
    A 2018 code with no mapped 2010 code gets no probability (and the reason).
    """
    if mapping is None:
        mapping = yaml.safe_load(FO_CODES_FILE.read_text(encoding="utf-8"))["codes"]
    fo = expand_frey_osborne_codes(fo, crosswalk, mapping)
    cw = crosswalk.merge(fo, on="soc_2010_code", how="left")
    splits = {str(code): int(n) for code, n in crosswalk.groupby("soc_2010_code")["soc_2018_code"].nunique().items()}
    by_2018 = {code: g for code, g in cw.groupby("soc_2018_code", sort=False)}
    rows: list[AutomationRow] = []
    for code in universe["soc_code"]:
        pairs = by_2018.get(code, cw.iloc[0:0])
        scored = pairs.dropna(subset=["computerisation_probability"])
        if scored.empty:
            rows.append(_unscored_row(code, pairs))
        else:
            all_2010 = sorted(set(pairs["soc_2010_code"]))
            rows.append(_scored_row(code, all_2010, _frey_osborne_inputs(scored), splits))
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# orchestration
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractedSources:
    """Every source as read from the verified raw folder: the input of :func:`build_core`."""

    registry: dict[str, Source]
    soc_defs: pd.DataFrame  # SOC 2018 definitions, every level
    crosswalk: pd.DataFrame  # SOC 2010 <-> 2018 detailed codes
    oews: dict[str, pd.DataFrame]  # the OEWS estimates and lookup tables
    ep: pd.DataFrame  # BLS Employment Projections
    onet: dict[str, pd.DataFrame]  # O*NET tables by short name
    fo: pd.DataFrame  # Frey–Osborne probabilities (SOC 2010)
    pc: pd.DataFrame  # Projections Central state projections


def extract_all() -> ExtractedSources:
    """Read every source from the verified raw folder (raises MissingRawDataError with guidance)."""
    registry = load_registry()
    onet_folder = raw_file("onet", f"{ONET_FOLDER}/Occupation Data.xlsx").parent
    return ExtractedSources(
        registry=registry,
        soc_defs=extract_soc_definitions(raw_file("soc", DEFINITIONS_FILE)),
        crosswalk=extract_soc_crosswalk(raw_file("soc", CROSSWALK_FILE)),
        oews=extract_oews(raw_file("oews", OEWS_FILE)),
        ep=extract_bls_ep(raw_file("bls_ep", EP_FILE)),
        onet=extract_onet(onet_folder),
        fo=extract_frey_osborne(raw_file("frey_osborne", FO_FILE)),
        pc=extract_projections_central(raw_file("projections_central", PC_FILE)),
    )


def build_core(inputs: ExtractedSources) -> dict[str, pd.DataFrame]:
    universe = build_core_universe(inputs.soc_defs, inputs.oews["occupation"], inputs.ep)
    core: dict[str, pd.DataFrame] = {
        "core_occprofiles__occupations": universe,
        "core_soc__definitions": inputs.soc_defs,
    }
    core.update(build_core_oews(inputs.oews))
    core["core_bls_ep__projections"] = inputs.ep
    for name, table in inputs.onet.items():
        core[onet_table(name)] = table
    core["core_frey_osborne__probabilities"] = inputs.fo
    core["core_soc__crosswalk"] = inputs.crosswalk
    core["core_occprofiles__automation_risk"] = build_core_automation(inputs.fo, inputs.crosswalk, universe)
    core["core_projections_central__state_projections"] = inputs.pc
    core["core_occprofiles__occupations"] = assign_pc_codes(universe, inputs.pc)
    core["core_occprofiles__metric_inputs"] = metrics.build_metric_inputs(core)
    return core


def write_profiles_db(profiles: dict[str, Profile], target: Path) -> None:
    con = sqlite3.connect(target)
    try:
        con.execute(
            f"CREATE TABLE {PROFILES_TABLE} (soc_code TEXT PRIMARY KEY, title TEXT NOT NULL, json TEXT NOT NULL) WITHOUT ROWID"
        )
        con.executemany(
            f"INSERT INTO {PROFILES_TABLE} VALUES (?, ?, ?)",
            [
                (code, p.title, json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True, allow_nan=False))
                for code, p in sorted(profiles.items())
            ],
        )
        con.commit()
    finally:
        con.close()


# Parts of the package that cannot change the processed data: everything else is hashed, so a new
# module or code moved between files always makes the build stale (the raw files are pinned by sha256).
BUILD_INDEPENDENT_CODE = (
    "render",  # runs on the built profiles
    "publish",
    "charts",
    "chapter.py",
    "chapter_tables.py",
    "cli.py",
    "fetch.py",  # copies raw files, verified against the registry's sha256
    "summary.py",
    "coverage_view.py",
    "contract_doc.py",
)


def build_key() -> str:
    """Changes when the registry, the mappings or the build code change: then the build must rerun."""
    import hashlib

    h = hashlib.sha256(paths.registry_path().read_bytes())
    h.update(FO_CODES_FILE.read_bytes())
    h.update(PC_CODES_FILE.read_bytes())
    h.update(hash_python_tree(paths.PACKAGE_DIR, BUILD_INDEPENDENT_CODE).encode())
    return h.hexdigest()


def is_up_to_date() -> bool:
    stamp = paths.processed_dir() / BUILD_STAMP
    try:
        db = paths.processed_dir() / PROFILES_DB
        if json.loads(stamp.read_text())["build_key"] != build_key() or not db.exists():
            return False
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:  # corrupt: rebuild
            ok = con.execute("PRAGMA quick_check").fetchone() == ("ok",)
            return ok and con.execute(f"SELECT count(*) FROM {PROFILES_TABLE}").fetchone()[0] > 0
    except (OSError, ValueError, KeyError, sqlite3.DatabaseError):
        return False


def run_build(progress: bool = True, force: bool = False) -> BuildResult:
    started = time.perf_counter()
    target = paths.processed_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not force and is_up_to_date():
        count = json.loads((target / BUILD_STAMP).read_text())["profiles"]
        return BuildResult(target, count, time.perf_counter() - started, up_to_date=True)

    steps = ["extract", "core", "profiles", "write"]
    bar = _progress(steps, progress)
    bar.set_description("extract raw files")
    inputs = extract_all()
    bar.update()
    bar.set_description("core tables")
    core = build_core(inputs)
    bar.update()
    bar.set_description("assemble profiles")
    profiles = assemble_profiles(core, inputs.registry)
    bar.update()
    bar.set_description("write processed/")
    remove_stale_staging(target.parent)
    # The pid in the name lets a later build tell a killed build's leftovers from a running one's.
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target.parent))
    try:
        for name, table in core.items():
            table.to_parquet(staging / f"{name}.parquet", index=False)
        try:
            write_profiles_db(profiles, staging / PROFILES_DB)
        except sqlite3.OperationalError as exc:  # "database or disk is full" (ENOSPC); nothing replaced
            raise DiskFullError(f"cannot write {target / PROFILES_DB}: {exc}; the previous build is kept") from exc
        from .coverage import write_coverage

        write_coverage(profiles, staging)
        (staging / BUILD_STAMP).write_text(
            json.dumps(
                {
                    "profile_schema_version": PROFILE_SCHEMA_VERSION,
                    "profiles": len(profiles),
                    "build_key": build_key(),
                    "sources": {k: s.release for k, s in sorted(inputs.registry.items())},
                },
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )
        with signals_deferred():  # SIGTERM/SIGINT wait for the two renames: never no processed/ at all
            _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    bar.update()
    bar.close()
    return BuildResult(target, len(profiles), time.perf_counter() - started)


STAGING_PREFIX = ".processed-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def remove_stale_staging(data_folder: Path) -> list[Path]:
    """Staging folders of builds that were killed (SIGKILL leaves no chance to clean up): their pid is gone.
    A folder of a build still running, or one without a pid in its name, is left alone."""
    removed = []
    for folder in sorted(data_folder.glob(f"{STAGING_PREFIX}*")):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` so readers see either the old or the new build, never half."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _progress(steps: list[str], enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=len(steps),
        disable=not enabled,
        unit="step",
        bar_format="{desc:<22} {bar:20} {n_fmt}/{total_fmt} [{elapsed}]",
    )
