"""environment.yml (conda) and pyproject.toml (pip) must declare the same packages and versions."""

import re
import tomllib

import yaml

from occprofiles import paths


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_and_pyproject_declare_the_same_packages():
    project = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [
        r for extra in project.get("optional-dependencies", {}).values() for r in extra
    ]
    env = yaml.safe_load((paths.REPO_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_reqs = [r for r in pip_section if not r.startswith("-e")]
    assert {_name(r): r.replace(" ", "") for r in declared} == {_name(r): r.replace(" ", "") for r in conda_reqs}
