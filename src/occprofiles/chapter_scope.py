"""What the chapter of a military occupation (SOC major group 55) says once, at the top: which sources cover
it. OEWS, EP and Projections Central do not; the chapter then shows only the sections that have data."""

from __future__ import annotations

from . import formatting as fmt
from .chapter_tables import admonition
from .profile import Profile

MILITARY_MAJOR_GROUP = "55-0000"
ONET_SECTION_WORDS = (
    ("tasks", "tasks"),
    ("skills", "skills"),
    ("interests", "interests"),
    ("education", "education"),
    ("technology_skills", "technology skills"),
    ("related_occupations", "related occupations"),
)


def scope_box(p: Profile) -> str:
    """The box a military occupation opens with: what each source covers, once, instead of a "not published"
    block per section."""
    onet = [label for name, label in ONET_SECTION_WORDS if p.sections[name].available]
    has_text = [w for w, v in (("its description", p.onet_description), ("alternate titles", p.alternate_titles)) if v]
    onet_text = fmt.join_words(has_text + onet) or "nothing"
    return admonition(
        "note",
        f"BLS OEWS ({p.oews.release}) surveys civilian employers and BLS Employment Projections "
        f"({p.projections.release}) and Projections Central ({p.regional_outlook.release}) project civilian "
        "employment: none of them covers the armed forces, so this chapter has no wages, employment, "
        "projections or regional outlook. "
        + ("" if p.automation.probability is not None else "Frey & Osborne's table has no automation estimate for it. ")
        + f"O*NET {p.interests.release} gives {onet_text} for this code. "
        "Only the sections with data follow.",
        title="What the sources cover for a military occupation",
    )
