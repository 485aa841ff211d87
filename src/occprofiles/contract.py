"""Names defined once: the profile schema version, the processed files and the processed tables.

Tables follow PUDL's ``{layer}_{source}__{asset}``: ``layer`` is ``core`` (one source, cleaned, keyed by
the code the source publishes) or ``out`` (what readers use); ``source`` is a registry id from
``data/sources.yml`` (``occprofiles`` for tables the project derives from several sources). The methods
page (``book/methods.md``) lists every table from :data:`PROCESSED_TABLES`, and a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass

# Raised whenever a key of the profile JSON is renamed, removed or changes type (book/profile-json.md).
PROFILE_SCHEMA_VERSION = 3

PROFILES_DB = "out_profiles.sqlite"  # one JSON profile per occupation (table ``out_profiles``)
PROFILES_TABLE = "out_profiles"
COVERAGE_CSV = "out_coverage.csv"
COVERAGE_MD = "coverage.md"
BUILD_STAMP = "BUILD.json"


@dataclass(frozen=True)
class TableSpec:
    name: str
    holds: str
    grain: str
    source: str


def _onet(asset: str, holds: str, grain: str = "O*NET-SOC code × element") -> TableSpec:
    return TableSpec(f"core_onet__{asset}", holds, grain, "onet")


PROCESSED_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "core_occprofiles__occupations",
        "every occupation that gets a profile: 2018 SOC detailed codes and "
        "OEWS/EP aggregate codes, with the code each source publishes it under",
        "SOC code",
        "soc, oews, bls_ep",
    ),
    TableSpec("core_soc__definitions", "2018 SOC titles, levels and definitions", "SOC code (all levels)", "soc"),
    TableSpec("core_soc__crosswalk", "2010 → 2018 SOC crosswalk", "2010 code × 2018 code", "soc"),
    TableSpec(
        "core_oews__national_wages",
        "national employment and wage distribution, all industries",
        "OEWS occupation code (all levels)",
        "oews",
    ),
    TableSpec(
        "core_oews__state_wages",
        "state employment, location quotient and wages, all industries",
        "OEWS occupation code × state",
        "oews",
    ),
    TableSpec(
        "core_oews__metro_wages",
        "metropolitan and nonmetropolitan area employment and wages",
        "OEWS occupation code × area",
        "oews",
    ),
    TableSpec(
        "core_oews__industry_wages",
        "national employment and wages by industry (NAICS 3-digit and "
        "OEWS government designations), with the share of the industry's jobs",
        "OEWS occupation code × industry",
        "oews",
    ),
    TableSpec("core_oews__footnotes", "OEWS footnote codes and their text", "footnote code", "oews"),
    TableSpec(
        "core_bls_ep__projections",
        "employment 2024 and 2034, change, openings, separations (persons), education and training",
        "EP code (line items and summaries)",
        "bls_ep",
    ),
    _onet("occupation", "O*NET-SOC titles and descriptions", "O*NET-SOC code"),
    _onet("tasks", "task statements with core/supplemental type", "O*NET-SOC code × task"),
    _onet("interests", "RIASEC interest scores and high points"),
    _onet("skills", "skill importance and level"),
    _onet("knowledge", "knowledge importance and level"),
    _onet("work_styles", "work style importance"),
    _onet("work_values", "work value extent"),
    _onet("education", "required level of education: share of respondents by category", "O*NET-SOC code × category"),
    _onet("job_zones", "job zone", "O*NET-SOC code"),
    _onet("technology_skills", "technology examples, hot and in-demand flags", "O*NET-SOC code × example"),
    _onet("related", "related occupations with relatedness tier", "O*NET-SOC code × related code"),
    _onet("alternate_titles", "alternate titles", "O*NET-SOC code × title"),
    TableSpec(
        "core_frey_osborne__probabilities",
        "probability of computerisation as published",
        "SOC 2010 code (or Frey–Osborne aggregate)",
        "frey_osborne",
    ),
    TableSpec(
        "core_occprofiles__automation_risk",
        "Frey–Osborne probabilities moved to 2018 SOC through the crosswalk, with the mapping and its inputs",
        "SOC code",
        "frey_osborne, soc",
    ),
    TableSpec(
        "core_projections_central__state_projections",
        "state long-term projections: base and projected employment, change, openings",
        "SOC code × state (FIPS 0 = national)",
        "projections_central",
    ),
    TableSpec(
        "core_occprofiles__metric_inputs",
        "inputs of the strengths/challenges rules and the work-life balance score, with the thresholds used",
        "SOC code",
        "oews, bls_ep, onet, frey_osborne",
    ),
    TableSpec(PROFILES_TABLE, f"one JSON profile document per occupation (in `{PROFILES_DB}`)", "SOC code", "all"),
)


def onet_table(asset: str) -> str:
    """``"skills"`` -> ``"core_onet__skills"`` (the O*NET extract returns its tables by asset name)."""
    return f"core_onet__{asset}"


def processed_tables_markdown() -> str:
    """The table of processed tables for the methods page (``book/methods.md``, kept equal by a test)."""
    rows = ["| table | what it holds | one row per | source |", "|---|---|---|---|"]
    rows += [f"| `{t.name}` | {t.holds} | {t.grain} | {t.source} |" for t in PROCESSED_TABLES]
    return "\n".join(rows).replace("O*NET", "O\\*NET")
