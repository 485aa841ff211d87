"""The chapter's "Further information" links: the occupation's pages at O*NET OnLine, BLS OEWS and
CareerOneStop, built from its codes. Nothing here touches the network (the book is built offline): each
address pattern below names where it was taken from, and ``tests/unit/test_links_out.py`` checks it against
addresses known to work.

Which pages are linked (no link to a page that cannot exist):

- **O*NET OnLine** summary report: every O*NET-SOC code O*NET 29.3 lists under the SOC code (the ``.00`` code
  and its specialties ``.01``, ``.02`` …). O*NET OnLine has a page for every code of its taxonomy, the
  armed forces (55-) and "all other" codes included. An aggregate code that BLS publishes (13-1020, …) has no
  O*NET code: none, its detailed occupations' chapters have theirs.
- **BLS OEWS** occupation page of the release the chapter quotes (May 2025), only for a code OEWS publishes
  nationally: the occupation's own page, or the aggregate's page when OEWS publishes the occupation only
  within an aggregate (21-1011 → 21-1018), said so in the link text. None for the armed forces (OEWS surveys
  civilian employers) or a code with no national estimate (11-1031 Legislators).
- **CareerOneStop** occupation profile (U.S. Department of Labor; it carries the career video) for the SOC
  code's ``.00`` O*NET-SOC code, civilian occupations only: CareerOneStop's profiles show BLS wages and
  projections, which do not cover the armed forces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from .profile import Profile

SOC = re.compile(r"\d{2}-\d{4}")
ONET_SOC = re.compile(r"\d{2}-\d{4}\.\d{2}")
MILITARY_PREFIX = "55-"

# O*NET OnLine's permanent address of an occupation's summary report, by O*NET-SOC code, e.g.
# https://www.onetonline.org/link/summary/29-1141.00 (the form O*NET OnLine gives for linking to a report;
# seen in use for 13-2041.00, 35-2014.00, 11-1011.00).
ONET_ONLINE = "https://www.onetonline.org/link/summary/{code}"

# BLS OEWS occupation profile of one release: /oes/<year>/may/oes<six digits>.htm, e.g.
# https://www.bls.gov/oes/2019/may/oes291141.htm (Registered Nurses, May 2019) and
# https://www.bls.gov/oes/2024/may/oes112021.htm (Marketing Managers, May 2024). Chosen over the
# release-independent https://www.bls.gov/oes/current/oes291141.htm: "current" moves on to the next release's
# numbers (and has been reported to redirect to the OEWS home page), while the release's page shows the
# figures this chapter quotes.
OEWS_PAGE = "https://www.bls.gov/oes/{year}/may/oes{digits}.htm"

# CareerOneStop's occupation profile, as its own occupation search links it: the title as the keyword, the
# O*NET-SOC code as eight digits, national figures, e.g.
# https://www.careeronestop.org/Toolkit/Careers/Occupations/occupation-profile.aspx?keyword=Aerospace%20Engineering%20and%20Operations%20Technologists%20and%20Technicians&onetcode=17302100&location=UNITED%20STATES
CAREERONESTOP = (
    "https://www.careeronestop.org/Toolkit/Careers/Occupations/occupation-profile.aspx"
    "?keyword={keyword}&onetcode={digits}&location=UNITED%20STATES"
)


@dataclass(frozen=True)
class OutLink:
    site: str  # "O*NET OnLine", "BLS OEWS, May 2025", "CareerOneStop"
    text: str  # the link text: what the page is about
    code: str  # the code the page is for
    url: str


def _checked(code: str, pattern: re.Pattern[str], form: str) -> str:
    if not pattern.fullmatch(code):
        raise ValueError(f"{code!r} is not a code of the form {form}")
    return code


def onet_online_url(onet_soc_code: str) -> str:
    """O*NET OnLine's summary report of one O*NET-SOC code ("29-1141.00")."""
    return ONET_ONLINE.format(code=_checked(onet_soc_code, ONET_SOC, "NN-NNNN.NN"))


def oews_url(soc_code: str, release: str) -> str:
    """The BLS OEWS page of SOC code ``soc_code`` ("29-1141") in release ``release`` ("May 2025")."""
    m = re.fullmatch(r"May (\d{4})", release)
    if not m:
        raise ValueError(f"{release!r} is not an OEWS release of the form 'May YYYY'")
    digits = _checked(soc_code, SOC, "NN-NNNN").replace("-", "")
    return OEWS_PAGE.format(year=m[1], digits=digits)


def careeronestop_url(onet_soc_code: str, title: str) -> str:
    """CareerOneStop's national occupation profile of one O*NET-SOC code, searched by its title."""
    digits = _checked(onet_soc_code, ONET_SOC, "NN-NNNN.NN").replace("-", "").replace(".", "")
    return CAREERONESTOP.format(keyword=quote(" ".join(title.split()), safe=""), digits=digits)


def further_links(p: Profile) -> list[OutLink]:
    """The occupation's pages elsewhere, in the order the chapter lists them (see the module's rules)."""
    military = p.soc_code.startswith(MILITARY_PREFIX)
    links = []
    if p.onet_soc_code:
        links.append(OutLink("O*NET OnLine", p.title, p.onet_soc_code, onet_online_url(p.onet_soc_code)))
    links += [
        OutLink("O*NET OnLine", s.title, s.onet_soc_code, onet_online_url(s.onet_soc_code)) for s in p.onet_specialties
    ]
    o = p.oews
    if not military and o.available and o.published_code:
        text = p.title if o.published_code == p.soc_code else "the aggregate OEWS publishes this occupation in"
        links.append(OutLink(f"BLS OEWS, {o.release}", text, o.published_code, oews_url(o.published_code, o.release)))
    if not military and p.onet_soc_code:
        links.append(OutLink("CareerOneStop", p.title, p.onet_soc_code, careeronestop_url(p.onet_soc_code, p.title)))
    return links
