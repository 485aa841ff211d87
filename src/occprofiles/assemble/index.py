"""How a profile says where its figures come from: the code mapping, the sections index and the sources."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..pc_codes import pc_title
from ..profile import CodeMapping, Section, SourceRef
from ..registry import Source
from .tables import Record, SourceTables

DEFAULT_ABSENCE = "not published by the source for this code"


def build_code_mapping_section(occ: Record, covers: tuple[str, ...], tables: SourceTables) -> CodeMapping:
    """``code_mapping``: which published code each source's figures come from, and why, in words."""
    code, titles = occ["soc_code"], tables.titles
    notes = []
    if occ["code_kind"] == "aggregate":
        notes.append(
            f"{code} is not a 2018 SOC detailed code: BLS publishes it as an aggregate of "
            + ", ".join(f"{c} {titles.get(c, '')}".strip() for c in covers)
            + ". O*NET rates the detailed occupations only; see their chapters."
        )
    for source_id, published in (("oews", occ["oews_code"]), ("bls_ep", occ["ep_code"])):
        if published and published != code:
            notes.append(
                f"{tables.registry[source_id].title} publishes this occupation only within the aggregate {published} "
                f"({titles.get(published, '')}); its figures are for that aggregate."
            )
    pc_code = occ["pc_code"]
    if pc_code and pc_code != code:
        notes.append(pc_aggregate_note(pc_code, tables) + " The regional outlook is that aggregate's.")
    return CodeMapping(
        kind=occ["code_kind"],
        covers=covers,
        oews_code=occ["oews_code"],
        ep_code=occ["ep_code"],
        pc_code=pc_code,
        notes=tuple(notes),
    )


def pc_aggregate_note(pc_code: str, tables: SourceTables) -> str:
    """Whose regional figures these are: "Projections Central publishes 15-1256 (…), which includes this occupation"."""
    records = tables.regional_by.get(pc_code, [])
    title = pc_title(records[0]["pc_title"]) if records else tables.titles.get(pc_code, "")
    return f"Projections Central publishes {pc_code} ({title}), which includes this occupation."


def onet_absence_reason(occ: Record, specialty_codes: list[str], tables: SourceTables, *, tasks: bool = False) -> str:
    """Why an O*NET section is empty: aggregate code, data only for specialties, or none. ``tasks``: the
    tasks section, whose statements are listed, not rated."""
    release = tables.release("onet")
    if occ["code_kind"] == "aggregate":
        what = "lists tasks for" if tasks else "rates"
        return f"O*NET {what} detailed occupations only; see the chapters of the codes this aggregate covers"
    if specialty_codes:
        return (
            f"O*NET {release} publishes {'tasks' if tasks else 'this'} for the occupation's specialties ("
            + ", ".join(specialty_codes)
            + "), not for the SOC-level record"
        )
    return (
        f"O*NET {release} lists no tasks for this occupation"
        if tasks
        else f"O*NET {release} has no rating for this occupation"
    )


def build_section_entry(source_id: str, available: bool, reason: str | None, tables: SourceTables) -> Section:
    return Section(
        source=source_id,
        release=tables.release(source_id),
        available=bool(available),
        reason=None if available else (reason or DEFAULT_ABSENCE),
    )


def build_sources_section(registry: Mapping[str, Source]) -> Mapping[str, SourceRef]:
    """``sources``: every registered source with its release, first official URL and licence."""
    return MappingProxyType(
        {
            sid: SourceRef(
                title=s.title,
                release=s.release,
                url=(s.official_urls[0] if s.official_urls else s.homepage),
                licence=s.licence,
            )
            for sid, s in sorted(registry.items())
        }
    )


def onet_list_absence_reason(what: str, occ: Record, specialty_codes: list[str], tables: SourceTables) -> str:
    """Why an O*NET list section (``what``: "technologies", "related occupations") is empty. These are
    lists O*NET publishes, not ratings: the reason says "lists", never "has no rating"."""
    release = tables.release("onet")
    if occ["code_kind"] == "aggregate":
        return f"O*NET lists {what} for detailed occupations only; see the chapters of the codes this aggregate covers"
    if specialty_codes:
        return (
            f"O*NET {release} lists {what} for the occupation's specialties ("
            + ", ".join(specialty_codes)
            + "), not for the SOC-level record"
        )
    return f"O*NET {release} lists no {what} for this occupation"
