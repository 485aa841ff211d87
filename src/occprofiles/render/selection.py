"""Which chapters: codes chosen on the command line, the curated sample, where chapters live."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import paths
from ..errors import show_input
from ..profile import (
    InvalidSocCodeError,
    list_titles,
    load_profile_dict,
    normalise_soc_code,
)

TEMPLATE_NAME = "occupation_profile.ipynb"
# A curated sample across major groups (incl. hourly-only pay, an OEWS/EP aggregate-covered code and
# top-coded state wages), so that `make book` gives a newcomer a book within minutes.
SAMPLE_CODES = (
    "11-9111",  # Medical and Health Services Managers
    "13-2011",  # Accountants and Auditors
    "15-1252",  # Software Developers
    "21-1011",  # Substance Abuse and Behavioral Disorder Counselors (OEWS/EP aggregate 21-1018)
    "25-2021",  # Elementary School Teachers
    "27-2011",  # Actors (hourly wages only)
    "29-1141",  # Registered Nurses
    "29-1022",  # Oral and Maxillofacial Surgeons (top-coded state wages)
    "35-2014",  # Cooks, Restaurant
    "41-2031",  # Retail Salespersons
    "47-2111",  # Electricians
    "53-3032",  # Heavy and Tractor-Trailer Truck Drivers
)


def template_path() -> Path:
    return paths.notebooks_dir() / TEMPLATE_NAME


def chapter_path(code: str, root: Path | None = None) -> Path:
    return (root or paths.chapters_dir()) / code[:2] / f"{code}.ipynb"


def rendered_codes(root: Path | None = None) -> list[str]:
    root = root or paths.chapters_dir()
    return sorted(p.stem for p in root.glob("[0-9][0-9]/[0-9][0-9]-[0-9][0-9][0-9][0-9].ipynb"))


def select_codes(
    codes: Sequence[str] = (), major: str | None = None, sample: bool = False, all_codes: bool = False
) -> list[str]:
    """The sorted, de-duplicated codes named by the command line's arguments and options."""
    known = [c for c, _ in list_titles()]
    chosen: list[str] = []
    for text in codes:
        code = normalise_soc_code(text)
        if code not in known:
            load_profile_dict(text)  # raises with the closest titles, naming the input as given
        chosen.append(code)
    if major is not None:
        m = major.strip()
        group = [c for c in known if c.startswith(m + "-")]
        if len(m) != 2 or not m.isdigit() or not group:
            raise InvalidSocCodeError(
                f"--major {show_input(major)}: expected a two-digit SOC major group such as 29 (see `occprofiles list`)."
            )
        chosen += group
    if sample:
        chosen += list(SAMPLE_CODES)
    if all_codes:
        chosen += known
    return sorted(set(chosen))
