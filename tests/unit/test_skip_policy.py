"""The CI skip policy of tests/conftest.py, run in a throw-away pytest session (subprocess)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent

PLUGIN = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("occprofiles_tests_conftest", {str(TESTS / "conftest.py")!r})
policy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(policy)
from pathlib import Path
policy.ALLOWED_SKIPS_FILE = Path(__file__).with_name("allowed.txt")
pytest_runtest_logreport = policy.pytest_runtest_logreport
pytest_sessionfinish = policy.pytest_sessionfinish
pytest_terminal_summary = policy.pytest_terminal_summary
"""
TESTS_BODY = """
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="no mirror here")
def test_needs_mirror():
    pass

def test_skips_inside():
    pytest.skip("no chromium")

@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False
"""


def run(tmp_path: Path, *, ci: str | None, allowed: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(PLUGIN)
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(TESTS_BODY))
    if allowed is not None:
        (tmp_path / "allowed.txt").write_text(allowed)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_ci_skips_are_reported_but_pass(tmp_path):
    result = run(tmp_path, ci=None, allowed=None)
    assert result.returncode == 0, result.stdout
    assert "skip policy" not in result.stdout


def test_in_ci_an_unlisted_skip_fails_the_run_and_is_named(tmp_path):
    result = run(tmp_path, ci="true", allowed="test_sample.py::test_needs_mirror  # the mirror is optional here\n")
    assert result.returncode == 1, result.stdout
    assert "1 skipped test(s) not listed" in result.stdout
    assert "test_sample.py::test_skips_inside  -- no chromium" in result.stdout
    assert "test_needs_mirror  --" not in result.stdout  # listed, so allowed; the xfail is not a skip


def test_in_ci_listed_skips_pass(tmp_path):
    result = run(tmp_path, ci="true", allowed="# comment\n\n*test_sample.py::test_*  # both are fine in this sample\n")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "value,expected", [(None, False), ("", False), ("false", False), ("0", False), ("true", True), ("1", True)]
)
def test_what_counts_as_ci(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert policy().in_ci() is expected


def test_allowed_skip_patterns(tmp_path):
    allowed = tmp_path / "allowed.txt"
    allowed.write_text("# header\ntests/test_publish.py::*  # Chromium is optional\n")
    p = policy()
    assert p.allowed_skips(allowed) == {"tests/test_publish.py::*": "Chromium is optional"}
    skipped = {"tests/test_publish.py::test_pdf": "no chromium", "tests/test_fetch.py::test_x": "no mirror"}
    assert p.unlisted_skips(skipped, p.allowed_skips(allowed)) == {"tests/test_fetch.py::test_x": "no mirror"}
    assert p.allowed_skips(tmp_path / "missing.txt") == {}
    p.allowed_skips()  # the real tests/allowed_skips.txt is well formed


def policy():
    spec = importlib.util.spec_from_file_location("occprofiles_tests_conftest_policy", TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_listed_skip_without_reason_is_an_error(tmp_path):
    result = run(tmp_path, ci="true", allowed="test_sample.py::test_needs_mirror\n")
    assert result.returncode != 0
    assert "expected '<node id pattern>  # <reason>'" in result.stdout + result.stderr
