"""What the charts take from a profile besides the numbers (section reasons, source lines, the title),
and ``frame``, which gives a chart's data to an analyst as a DataFrame.

Sources and releases always come from the profile, never from this package.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..profile import Profile

if TYPE_CHECKING:
    import pandas as pd


def field(obj: Any, name: str) -> Any:
    """An attribute of a Section/SourceRef, or a key when the profile holds plain dicts."""
    if obj is None:
        return None
    if isinstance(obj, dict) or hasattr(obj, "keys"):
        return obj.get(name)
    return getattr(obj, name, None)


def profile_section(profile: Profile, name: str) -> Any:
    sections = profile.sections or {}
    return sections.get(name)


def section_reason(profile: Profile, section: str, fallback: str) -> str:
    reason = field(profile_section(profile, section), "reason")
    return reason or fallback


def oews_source(p: Profile, release: str | None = None) -> str:
    return f"Source: BLS Occupational Employment and Wage Statistics (OEWS), {release or p.oews.release}."


def ep_source(p: Profile) -> str:
    return f"Source: BLS Employment Projections, {p.projections.release}."


def onet_release(p: Profile, section: str) -> str:
    release = field(profile_section(p, section), "release")
    if release:
        return release
    release = field((p.sources or {}).get("onet"), "release")
    return release or p.interests.release


def onet_source(p: Profile, section: str, what: str) -> str:
    return f"Source: O*NET {onet_release(p, section)} Database ({what})."


def vintage_short(p: Profile) -> str:
    return p.regional_outlook.vintage.split(" (")[0].strip() or p.regional_outlook.release


def vintage_note(p: Profile) -> str:
    m = re.search(r"\((.*)\)\s*$", p.regional_outlook.vintage)
    return m.group(1) if m else ""


def pc_source(p: Profile) -> str:
    return f"Source: Projections Central, {p.regional_outlook.release} ({vintage_short(p)})."


def who(p: Profile) -> str:
    return f"{p.title} ({p.soc_code})"


def frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A chart's data as a DataFrame, columns in the given order (also when there are no rows)."""
    import pandas as pd  # imported on use: drawing a chapter never needs pandas

    return pd.DataFrame.from_records(records, columns=columns)
