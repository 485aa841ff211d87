"""requirements.lock pins every Python package the project needs, with hashes, and is current with pyproject.toml.

`make lock` writes it (uv pip compile --generate-hashes --universal); `make setup` installs from it with
--require-hashes. These checks fail when a dependency is added to pyproject.toml without re-running
`make lock`, when a range no longer admits its pin, when a pinned package needs one the lock lacks, or when
the environment the tests run in was not installed from the lock.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from occprofiles import paths

LOCK = paths.REPO_ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _lock_entries() -> dict[str, tuple[str, Marker | None, int]]:
    """name -> (version, marker, number of hashes), from the lock's requirement lines."""
    entries: dict[str, tuple[str, Marker | None, int]] = {}
    current = None
    for line in LOCK.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            current = canonicalize_name(name)
            entries[current] = (version, Marker(marker) if marker else None, 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, marker, count = entries[current]
            entries[current] = (version, marker, count + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            raise AssertionError(f"unexpected line in requirements.lock: {line!r}")
    return entries


def _declared() -> list[Requirement]:
    project = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for extra in project.get("optional-dependencies", {}).values() for r in extra]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_locked_package_has_an_exact_version_and_hashes():
    entries = _lock_entries()
    assert len(entries) > 100  # the project's closure is ~170 packages: a truncated lock would show here
    assert not [name for name, (_, _, hashes) in entries.items() if hashes == 0]


def test_every_declared_dependency_is_locked_at_a_version_its_range_admits():
    entries = _lock_entries()
    missing = [str(r) for r in _declared() if canonicalize_name(r.name) not in entries]
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    outside = [
        f"{r} (locked {entries[canonicalize_name(r.name)][0]})"
        for r in _declared()
        if not r.specifier.contains(entries[canonicalize_name(r.name)][0], prereleases=True)
    ]
    assert not outside, f"locked version outside the declared range (run `make lock`): {outside}"


def _applies(marker: Marker | None, extra: str = "") -> bool:
    return marker is None or marker.evaluate({"extra": extra})


def test_the_lock_is_closed_every_requirement_of_a_locked_package_is_locked():
    entries = _lock_entries()
    wanted: list[tuple[str, str]] = [(canonicalize_name(r.name), e) for r in _declared() for e in r.extras]
    wanted += [(name, "") for name, (_, marker, _) in entries.items() if _applies(marker)]
    unlocked = []
    for name, extra in wanted:
        for text in metadata.requires(name) or []:
            req = Requirement(text)
            if _applies(req.marker, extra) and canonicalize_name(req.name) not in entries:
                unlocked.append(f"{name}{f'[{extra}]' if extra else ''} needs {req}")
    assert not unlocked, unlocked


def test_this_environment_was_installed_from_the_lock():
    entries = _lock_entries()
    differ = {
        name: (version, metadata.version(name))
        for name, (version, marker, _) in entries.items()
        if _applies(marker) and metadata.version(name) != version
    }
    assert not differ, f"installed versions differ from requirements.lock (run `make setup`): {differ}"
