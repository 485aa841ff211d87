"""The occupation Profile: an immutable, typed view of one occupation's JSON document.

``load_profile("11-9111")`` looks the code up in ``data/processed/out_profiles.sqlite`` (built by
``occprofiles data build``) and returns a :class:`Profile`. ``Profile.to_dict()`` gives back the public
JSON contract documented in ``book/profile-json.md``. Loading needs neither pandas nor the raw files,
so it is fast enough to call once per chapter.
"""

from __future__ import annotations

import json
import sqlite3
import types
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import formatting as fmt
from . import paths
from .contract import PROFILES_DB, PROFILES_TABLE
from .errors import DataCorruptError, InvalidSocCodeError, ProfilesNotBuiltError
from .jsonable import from_jsonable, to_jsonable
from .soc_code import ACCEPTED_FORM, normalise_soc_code  # noqa: E402  (re-exported: callers import them from here)

# ------------------------------------------------------------------------------------------------
# typed sections (field names are the JSON keys)
# ------------------------------------------------------------------------------------------------


class _AnnualMedian:  # the annual median as readers see it (a top-coded one is the bound "≥ $239,200")
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool

    @property
    def annual_median_wage_display(self) -> str:
        return fmt.oews_wage(self.annual_median_wage_usd, top_coded=self.annual_median_wage_top_coded, hourly=False)


class _Medians(_AnnualMedian):
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool

    @property
    def hourly_median_wage_display(self) -> str:
        return fmt.oews_wage(self.hourly_median_wage_usd, top_coded=self.hourly_median_wage_top_coded, hourly=True)

    def median_wage_display(self, hourly: bool) -> str:
        """The median in the form the chapter shows: hourly for an occupation OEWS publishes only hourly."""
        return self.hourly_median_wage_display if hourly else self.annual_median_wage_display


@dataclass(frozen=True)
class CodeTitle:
    code: str
    title: str | None


@dataclass(frozen=True)
class Specialty:
    onet_soc_code: str
    title: str
    description: str | None
    tasks: tuple[Task, ...] = ()  # O*NET's tasks for the specialty, core first
    skills: tuple[Rating, ...] = ()  # its most important skills (up to SPECIALTY_SKILLS), most important first


@dataclass(frozen=True)
class CodeMapping:
    kind: str  # "detailed" or "aggregate"
    covers: tuple[str, ...]
    oews_code: str | None
    ep_code: str | None
    pc_code: str | None  # the Projections Central code of the regional outlook
    notes: tuple[str, ...]


@dataclass(frozen=True)
class KeyFacts(_Medians):
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    oews_employment: int | None
    ep_employment_2024: int | None
    self_employed_percent: float | None
    change_percent: float | None
    annual_openings: int | None
    typical_entry_education: str | None
    employment_note: str
    wage_source: str
    projection_source: str


@dataclass(frozen=True)
class Task:
    text: str
    type: str | None  # "Core", "Supplemental" or None (not rated)
    task_id: int


@dataclass(frozen=True)
class WageNote:
    field: str  # "annual_wage_usd.p90", ...
    footnote_code: int | None
    reason: str

    @property
    def display(self) -> str:
        """The value as readers see it: the top code as a bound (footnote 5), else "not published"."""
        return fmt.oews_wage(
            None, top_coded=self.footnote_code == fmt.OEWS_FOOTNOTE_TOP_CODED, hourly=self.field.startswith("hourly")
        )


@dataclass(frozen=True)
class Oews:
    release: str
    published_code: str | None
    available: bool
    employment: int | None
    employment_note: str | None
    employment_rse_percent: float | None
    wage_rse_percent: float | None
    annual_wage_usd: Mapping[str, float | None]  # p10, p25, median, p75, p90, mean; null if not published
    hourly_wage_usd: Mapping[str, float | None]
    annual_wage_top_coded: Mapping[str, bool]  # same keys: true = at or above the OEWS top code (value null)
    hourly_wage_top_coded: Mapping[str, bool]
    wage_notes: tuple[WageNote, ...]
    top_code_footnote: str | None  # the text of OEWS footnote 5, as the OEWS footnote table publishes it
    reason: str | None = None

    @property
    def hourly_only(self) -> bool:
        """OEWS publishes this occupation's pay only as hourly wages (OEWS footnote 4 on the annual median)."""
        foot = {n.field: n.footnote_code for n in self.wage_notes}.get("annual_wage_usd.median")
        return foot == fmt.OEWS_FOOTNOTE_ONE_FORM_ONLY and self.hourly_wage_usd.get("median") is not None

    @property
    def wage_display(self) -> Mapping[str, str]:
        """``{"annual_median": "$110,680", "hourly_p90": "≥ $115.00/h", ...}``, formatted on demand."""
        out = {}
        for form, values, top_coded in (
            ("annual", self.annual_wage_usd, self.annual_wage_top_coded),
            ("hourly", self.hourly_wage_usd, self.hourly_wage_top_coded),
        ):
            for measure, value in values.items():
                out[f"{form}_{measure}"] = fmt.oews_wage(value, top_coded=top_coded[measure], hourly=form == "hourly")
        return types.MappingProxyType(out)


@dataclass(frozen=True)
class RelatedWage(_AnnualMedian):
    soc_code: str
    title: str
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool


@dataclass(frozen=True)
class Comparisons(_AnnualMedian):
    release: str
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    all_occupations_annual_median_wage_usd: float | None
    major_group_code: str
    major_group_title: str | None
    major_group_annual_median_wage_usd: float | None
    related: tuple[RelatedWage, ...]


@dataclass(frozen=True)
class Projections:
    release: str
    published_code: str | None
    available: bool
    employment_2024: int | None
    employment_2034: int | None
    employment_change: int | None
    change_percent: float | None
    annual_openings: int | None
    labor_force_exits: int | None
    occupational_transfers: int | None
    separations: int | None
    labor_force_exit_rate_percent: float | None
    occupational_transfer_rate_percent: float | None
    separations_rate_percent: float | None
    self_employed_percent: float | None
    median_annual_wage_2024_usd: float | None
    median_annual_wage_2024_top_coded: bool  # EP writes ">=$239,200": no number, the top code as a bound
    typical_entry_education: str | None
    work_experience: str | None
    on_the_job_training: str | None
    wage_note: str
    all_occupations_change_percent: float | None  # EP Table 1.2, code 00-0000 (Total, all occupations)
    reason: str | None = None

    @property
    def median_annual_wage_2024_display(self) -> str | None:
        if not self.available:
            return None
        return fmt.oews_wage(
            self.median_annual_wage_2024_usd, top_coded=self.median_annual_wage_2024_top_coded, hourly=False
        )

    @property
    def change_percent_from_rounded_display(self) -> str | None:
        """The change in percent a reader gets from the rounded employment shown, when it is not the one EP
        publishes (EP computes it before rounding: 40,000 → 25,600 is −36.0%, EP's −36.1%); else None."""
        start, end = self.employment_2024, self.employment_2034
        if not start or end is None or self.change_percent is None:
            return None
        shown = fmt.percent(100 * (end - start) / start, signed=True)
        return None if shown == fmt.percent(self.change_percent, signed=True) else shown


# O*NET's six occupational interests in RIASEC order: the Interests field, its label, its Holland-code letter.
RIASEC: tuple[tuple[str, str, str], ...] = (
    ("realistic", "Realistic", "R"),
    ("investigative", "Investigative", "I"),
    ("artistic", "Artistic", "A"),
    ("social", "Social", "S"),
    ("enterprising", "Enterprising", "E"),
    ("conventional", "Conventional", "C"),
)


@dataclass(frozen=True)
class Interests:
    release: str
    scale: str
    realistic: float | None
    investigative: float | None
    artistic: float | None
    social: float | None
    enterprising: float | None
    conventional: float | None
    high_point_code: str | None


@dataclass(frozen=True)
class Rating:
    element_id: str
    name: str
    importance: float
    level: float | None = None
    level_note: str | None = None  # why the level is null (O*NET's flags: not relevant, or suppressed)


@dataclass(frozen=True)
class WorkValue:
    name: str
    extent: float | None


@dataclass(frozen=True)
class EducationLevel:
    category: int
    label: str
    percent: float | None
    percent_note: str | None = None  # why the percent is null (O*NET recommends suppressing it)


@dataclass(frozen=True)
class Technology:
    name: str
    category: str
    hot_technology: bool
    in_demand: bool


@dataclass(frozen=True)
class RelatedOccupation(_AnnualMedian):
    soc_code: str
    onet_soc_code: str  # the first (most related) O*NET-SOC code O*NET lists under soc_code
    title: str  # the SOC title of soc_code, whose wage is shown (the O*NET title if the SOC code has no profile)
    soc_title: str | None  # title of the SOC code whose wage is shown
    relatedness_tier: str  # the closest O*NET tier among onet_titles
    annual_median_wage_usd: float | None
    in_book: bool
    onet_titles: tuple[str, ...] = ()  # the O*NET occupations O*NET relates, all within soc_code, most related first
    annual_median_wage_top_coded: bool = False  # at or above the OEWS top code (the median is null)
    annual_median_wage_note: str | None = None  # why the median is null (OEWS's footnote, or no estimate)


@dataclass(frozen=True)
class StateRow(_Medians):
    state: str
    state_fips: str
    employment: int | None
    employment_note: str | None
    employment_per_1000_jobs: float | None
    location_quotient: float | None
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    annual_median_wage_note: str | None
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    wage_vs_national_percent: float | None  # against the national median of the same form (hourly if hourly-only)
    hourly_median_wage_note: str | None = None  # why the hourly median is null


@dataclass(frozen=True)
class MetroRow(_Medians):
    area: str
    area_code: str
    employment: int | None
    employment_note: str | None  # why employment is null (the area publishes a wage but not the count)
    employment_per_1000_jobs: float | None
    location_quotient: float | None
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    annual_median_wage_note: str | None
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    hourly_median_wage_note: str | None = None  # why the hourly median is null


@dataclass(frozen=True)
class IndustryRow(_Medians):
    industry: str
    industry_code: str
    employment: int | None
    share_of_occupation_employment_percent: float | None
    share_of_industry_employment_percent: float | None
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    annual_median_wage_note: str | None
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    hourly_median_wage_note: str | None = None  # why the hourly median is null
    employment_note: str | None = None  # why employment is null (the industry publishes a wage but not the count)


@dataclass(frozen=True)
class RegionalArea:
    area: str
    state_fips: int
    employment_2020: int | None
    employment_2030: int | None
    change_percent: float | None
    annual_openings: int | None


@dataclass(frozen=True)
class RegionRow:
    region: str
    states_published: int
    states_in_region: int
    states_not_published: tuple[str, ...]  # the region's states that publish no projection for the code
    employment_2020: int
    employment_2030: int
    change_percent: float | None


@dataclass(frozen=True)
class RegionalOutlook:
    release: str
    vintage: str
    published_code: str | None  # the Projections Central code of the figures (an aggregate's, see code_mapping)
    published_title: str | None
    national: RegionalArea | None
    states: tuple[RegionalArea, ...]
    regions: tuple[RegionRow, ...]
    reason: str | None = None


@dataclass(frozen=True)
class AutomationInput:
    soc_2010_code: str
    title: str
    probability: float
    rank: int
    via_frey_osborne_code: str | None  # set when the table lists the occupation under an aggregate code


@dataclass(frozen=True)
class Automation:
    release: str
    probability: float | None
    band: str | None
    mapping: str
    soc_2010_inputs: tuple[AutomationInput, ...]
    reason: str | None
    method: str


@dataclass(frozen=True)
class MetricInput:
    name: str
    onet_file: str
    element_id: str
    value: float | None
    scale_min: float
    scale_max: float
    direction: str
    weight: float


@dataclass(frozen=True)
class WorkLifeBalance:
    release: str
    score: float | None  # the percentile on 0-10 (5 = the median occupation)
    scale: str
    percentile: int | None
    inputs: tuple[MetricInput, ...]
    method: str
    reason: str | None
    composite: float | None = None  # the weighted inputs on 0-10 (what the percentile ranks)
    scored_count: int | None = None  # O*NET occupations with a score (the percentile's population)


@dataclass(frozen=True)
class Finding:
    id: str
    label: str
    rule: str
    evidence: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    source: str
    release: str
    available: bool
    reason: str | None


@dataclass(frozen=True)
class SourceRef:
    title: str
    release: str
    url: str
    licence: str


@dataclass(frozen=True)
class Profile:
    schema_version: int
    soc_code: str
    title: str
    major_group: CodeTitle
    broad_group: CodeTitle
    soc_definition: str | None
    onet_soc_code: str | None
    onet_description: str | None
    alternate_titles: tuple[str, ...]
    onet_specialties: tuple[Specialty, ...]
    code_mapping: CodeMapping
    key_facts: KeyFacts
    tasks: tuple[Task, ...]
    oews: Oews
    comparisons: Comparisons
    projections: Projections
    interests: Interests
    skills: tuple[Rating, ...]
    knowledge: tuple[Rating, ...]
    work_styles: tuple[Rating, ...]
    work_values: tuple[WorkValue, ...]
    education: tuple[EducationLevel, ...]
    job_zone: int | None
    technology_skills: tuple[Technology, ...]
    related_occupations: tuple[RelatedOccupation, ...]
    states: tuple[StateRow, ...]
    metros: tuple[MetroRow, ...]
    metros_published_count: int
    industries: tuple[IndustryRow, ...]
    regional_outlook: RegionalOutlook
    automation: Automation
    work_life_balance: WorkLifeBalance
    strengths: tuple[Finding, ...]
    challenges: tuple[Finding, ...]
    sections: Mapping[str, Section]
    sources: Mapping[str, SourceRef]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON document (key order sorted, as stored)."""
        return to_jsonable(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        return from_jsonable(cls, data)

    @property
    def major_group_code(self) -> str:
        return self.major_group.code

    def section(self, name: str) -> Section:
        return self.sections[name]


# ------------------------------------------------------------------------------------------------
# codes and loading
# ------------------------------------------------------------------------------------------------


def profiles_db_path() -> Path:
    return paths.processed_dir() / PROFILES_DB


@lru_cache(maxsize=4)
def _connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)


def _db() -> sqlite3.Connection:
    db = profiles_db_path()
    if not db.exists():
        raise ProfilesNotBuiltError(f"no profiles at {db}: run `occprofiles data build` (or `make data`) first.")
    return _connect(db)


def _query(sql: str, params: tuple[str, ...] = ()) -> list[Any]:
    try:
        return _db().execute(sql, params).fetchall()
    except sqlite3.DatabaseError as exc:  # truncated or corrupted file; `make data` rebuilds it
        raise DataCorruptError(
            f"cannot read the profiles in {profiles_db_path()} ({exc}): the file is corrupted or truncated. "
            "Run `make data` to rebuild it."
        ) from exc


def list_titles() -> list[tuple[str, str]]:
    return [tuple(r) for r in _query(f"SELECT soc_code, title FROM {PROFILES_TABLE} ORDER BY soc_code")]


def load_profile_dict(soc_code: str) -> dict[str, Any]:
    code = normalise_soc_code(soc_code)
    rows = _query(f"SELECT json FROM {PROFILES_TABLE} WHERE soc_code = ?", (code,))
    if not rows:
        raise InvalidSocCodeError(_unknown_code_message(soc_code, code))
    return json.loads(rows[0][0])


def load_profile(soc_code: str) -> Profile:
    """The typed Profile of one occupation (raises InvalidSocCodeError for bad or unknown codes)."""
    return Profile.from_dict(load_profile_dict(soc_code))


def _unknown_code_message(raw: str, code: str) -> str:
    titles = list_titles()
    broad = [f"{c} {t}" for c, t in titles if c.startswith(code[:6])]
    if code.endswith("0") and broad:
        return (
            f"{raw.strip()!r} is a SOC broad group, not an occupation: expected {ACCEPTED_FORM}. "
            f"Its occupations: " + "; ".join(broad)
        )
    same_minor = [(c, t) for c, t in titles if c[:5] == code[:5]]
    pool = same_minor or titles
    scored = sorted(pool, key=lambda ct: -SequenceMatcher(None, code, ct[0]).ratio())[:5]
    hint = "; ".join(f"{c} {t}" for c, t in scored)
    return (
        f"no occupation has the code {raw.strip()!r}: expected {ACCEPTED_FORM}. "
        f"Closest codes: {hint}. Search titles with `occprofiles list --search WORD`."
    )
