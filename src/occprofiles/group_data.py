"""A SOC major group's figures, from the profiles of all its occupations: the document behind a group
overview chapter (``notebooks/group_overview.ipynb``), written beside it as JSON.

Numbers are copied from the profiles as they are (OEWS wages and employment, EP projections and typical
entry education), never summed or estimated. An occupation that OEWS or EP publishes only within an
aggregate carries the aggregate's figures in its profile; the group's charts count each published unit
once (:attr:`GroupMember.own_oews`, :attr:`GroupMember.own_ep`), the table lists every occupation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from . import formatting as fmt
from .errors import InvalidSocCodeError, show_input
from .profile import list_titles, load_profile_dict

GROUP_SCHEMA_VERSION = 1
# BLS Employment Projections' typical entry education categories, lowest to highest (EP Table 5.2).
EP_EDUCATION_ORDER = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)


@dataclass(frozen=True)
class GroupMember:
    """One occupation of the group, with the figures its chapter shows (None: not published, see the reason)."""

    soc_code: str
    title: str
    kind: str  # "detailed" or "aggregate" (an OEWS/EP aggregate of detailed codes)
    oews_code: str | None  # the code OEWS publishes its figures under (an aggregate's, for some)
    ep_code: str | None
    annual_median_wage_usd: float | None
    annual_median_wage_top_coded: bool
    hourly_median_wage_usd: float | None
    hourly_median_wage_top_coded: bool
    hourly_only: bool  # OEWS publishes its pay only per hour (footnote 4)
    wage_reason: str | None  # why the annual median is not published
    oews_employment: int | None
    oews_reason: str | None
    change_percent: float | None
    annual_openings: int | None
    ep_employment_2024: int | None
    typical_entry_education: str | None
    ep_reason: str | None

    @property
    def own_oews(self) -> bool:
        """OEWS publishes figures under this very code (not only within an aggregate shown on its own)."""
        return self.oews_code == self.soc_code

    @property
    def own_ep(self) -> bool:
        return self.ep_code == self.soc_code

    @property
    def median_display(self) -> str:
        """The median as the chapter shows it: hourly for an hourly-only occupation, a top-coded one as its bound."""
        if self.hourly_only:
            return fmt.oews_wage(self.hourly_median_wage_usd, top_coded=self.hourly_median_wage_top_coded, hourly=True)
        return fmt.oews_wage(self.annual_median_wage_usd, top_coded=self.annual_median_wage_top_coded, hourly=False)


@dataclass(frozen=True)
class GroupData:
    major: str  # two digits
    code: str  # "29-0000"
    title: str
    oews_release: str
    ep_release: str
    group_annual_median_wage_usd: float | None  # OEWS's own figure for the major group
    all_occupations_annual_median_wage_usd: float | None
    all_occupations_change_percent: float | None  # EP, total of all occupations
    sources: Mapping[str, Mapping[str, str]]  # "oews", "bls_ep": title, release, url, licence
    members: tuple[GroupMember, ...]

    @property
    def oews_label(self) -> str:
        return f"BLS OEWS, {self.oews_release}"

    @property
    def ep_label(self) -> str:
        return f"BLS Employment Projections, {self.ep_release}"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["schema_version"] = GROUP_SCHEMA_VERSION
        out["sources"] = {k: dict(v) for k, v in self.sources.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupData:
        names = {f.name for f in fields(GroupMember)}
        members = tuple(GroupMember(**{k: v for k, v in m.items() if k in names}) for m in data["members"])
        keep = {f.name for f in fields(cls)} - {"members"}
        return cls(**{k: v for k, v in data.items() if k in keep}, members=members)


def group_codes(major: str) -> list[str]:
    """The SOC codes of major group ``major`` (two digits) that have a profile, sorted."""
    m = major.strip()
    codes = [c for c, _ in list_titles() if c[:2] == m] if len(m) == 2 and m.isdigit() else []
    if not codes:
        raise InvalidSocCodeError(
            f"major group {show_input(major)}: expected a two-digit SOC major group such as 29 (see `occprofiles list`)."
        )
    return codes


def _hourly_only(oews: Mapping[str, Any]) -> bool:
    # as occprofiles.profile.Oews.hourly_only, on the profile's JSON
    foot = {n["field"]: n["footnote_code"] for n in oews["wage_notes"]}.get("annual_wage_usd.median")
    return foot == fmt.OEWS_FOOTNOTE_ONE_FORM_ONLY and oews["hourly_wage_usd"].get("median") is not None


def _wage_reason(oews: Mapping[str, Any]) -> str | None:
    for note in oews["wage_notes"]:
        if note["field"] == "annual_wage_usd.median":
            return note["reason"]
    return oews.get("reason")


def member_from_profile(p: Mapping[str, Any]) -> GroupMember:
    """The group's row for one profile (its JSON, as stored)."""
    k, oews, ep, mapping = p["key_facts"], p["oews"], p["projections"], p["code_mapping"]
    return GroupMember(
        soc_code=p["soc_code"],
        title=p["title"],
        kind=mapping["kind"],
        oews_code=mapping["oews_code"],
        ep_code=mapping["ep_code"],
        annual_median_wage_usd=k["annual_median_wage_usd"],
        annual_median_wage_top_coded=k["annual_median_wage_top_coded"],
        hourly_median_wage_usd=k["hourly_median_wage_usd"],
        hourly_median_wage_top_coded=k["hourly_median_wage_top_coded"],
        hourly_only=_hourly_only(oews),
        wage_reason=None if k["annual_median_wage_usd"] is not None else _wage_reason(oews),
        oews_employment=k["oews_employment"],
        oews_reason=oews.get("reason"),
        change_percent=k["change_percent"],
        annual_openings=k["annual_openings"],
        ep_employment_2024=k["ep_employment_2024"],
        typical_entry_education=k["typical_entry_education"],
        ep_reason=ep.get("reason"),
    )


def _source(p: Mapping[str, Any], key: str) -> dict[str, str]:
    s = p["sources"][key]
    return {name: s[name] for name in ("title", "release", "url", "licence")}


def group_document(major: str) -> dict[str, Any]:
    """The group overview's document: what it shows, written beside the chapter as JSON."""
    major = major.strip()
    profiles = [load_profile_dict(code) for code in group_codes(major)]
    first = profiles[0]
    comparisons = first["comparisons"]
    data = GroupData(
        major=major,
        code=first["major_group"]["code"],
        title=first["major_group"]["title"] or first["major_group"]["code"],
        oews_release=first["oews"]["release"],
        ep_release=first["projections"]["release"],
        group_annual_median_wage_usd=comparisons["major_group_annual_median_wage_usd"],
        all_occupations_annual_median_wage_usd=comparisons["all_occupations_annual_median_wage_usd"],
        all_occupations_change_percent=first["projections"]["all_occupations_change_percent"],
        sources={"oews": _source(first, "oews"), "bls_ep": _source(first, "bls_ep")},
        members=tuple(member_from_profile(p) for p in profiles),
    )
    return data.to_dict()


def load_group(major: str) -> GroupData:
    return GroupData.from_dict(group_document(major))
