"""The warnings of a Jupyter Book (Sphinx) build, read from its output: counted, listed and kept.

Sphinx writes each warning as one line ``[location: ]WARNING: message [type.subtype]`` on stderr (the
type when ``show_warning_types`` is on, as in ``_config.yml``); an error is written the same way with
``ERROR:``, ``CRITICAL:`` or ``SEVERE:``. Python's own warnings (``DeprecationWarning`` and the like)
that a dependency raises during the build are counted too: Sphinx does not count them, but they are
printed in the build's output all the same. The book command prints the count; a strict build fails on
any of them (:func:`occprofiles.publish.book.build_html`).

Sphinx re-reads only the documents that changed, so an incremental build repeats no warning of the
others: a build that warned leaves the marker that makes the next one read every document again.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from .. import paths

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SPHINX_WARNING = re.compile(r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<message>.*)$")
PYTHON_WARNING = re.compile(r"^(?P<location>\S+:\d+): (?P<level>[A-Z][A-Za-z0-9_]*Warning): (?P<message>.*)$")
TYPE = r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)?"
TYPES_AT_END = re.compile(rf"(?: \[{TYPE}\])+$")
DOUBLED_TYPE = re.compile(rf"( \[{TYPE}\])\1$")
LOG_NAME = "html-build.log"


def build_warnings(output: str) -> list[str]:
    """Every warning line of a build's output, in order, without terminal colours."""
    lines = (ANSI.sub("", line).rstrip() for line in output.splitlines())
    # MyST puts its type in the message itself, and Sphinx adds it again ("[myst.header] [myst.header]").
    lines = (DOUBLED_TYPE.sub(r"\1", line) for line in lines)
    return [line for line in lines if SPHINX_WARNING.match(line) or PYTHON_WARNING.match(line)]


def warning_kind(line: str) -> str:
    """What kind of warning a line is: its type (``myst.xref_missing``; the first of ``[myst.header]
    [docutils]``) when it gives one, else the Python warning class, else the level."""
    typed = TYPES_AT_END.search(line)
    if typed:
        return re.findall(TYPE, typed.group())[0]
    python = PYTHON_WARNING.match(line)
    if python:
        return python["level"]
    sphinx = SPHINX_WARNING.match(line)
    return sphinx["level"].lower() if sphinx else "other"


def warnings_summary(warnings: list[str]) -> str:
    """``"0 warnings"``, ``"1 warning (myst.header)"`` or ``"3 warnings (toc.not_included 2, misc 1)"``."""
    if not warnings:
        return "0 warnings"
    kinds = Counter(warning_kind(w) for w in warnings)
    noun = "warning" if len(warnings) == 1 else "warnings"
    if len(kinds) == 1 and len(warnings) == 1:
        return f"1 {noun} ({next(iter(kinds))})"
    return f"{len(warnings)} {noun} (" + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()) + ")"


def warnings_listed(warnings: list[str], limit: int = 30) -> str:
    """The first ``limit`` warning lines, and how many more there are."""
    more = f"\n… and {len(warnings) - limit} more" if len(warnings) > limit else ""
    return "\n".join(warnings[:limit]) + more


def write_build_log(build_dir: Path, output: str) -> Path:
    """Keep the whole output of the last HTML build beside the book (``_build/html-build.log``)."""
    path = build_dir / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ANSI.sub("", output), encoding="utf-8")
    return path


def print_warnings(warnings: list[str]) -> None:
    """List a build's warnings on stderr (none: nothing), with where the whole output is."""
    if warnings:
        log = (paths.build_dir() / LOG_NAME).relative_to(paths.REPO_ROOT)
        print(f"{warnings_listed(warnings)}\n(the whole output: {log})", file=sys.stderr)
