"""Read rendered chapters as a reader sees them and run every check on them: the occupation chapters
(``NN/CODE.ipynb``), the group overviews (``NN/index.ipynb``, named by the group's code, ``29-0000``) and the
comparisons (``comparisons/ID.ipynb``, named by their id, ``29-1071_29-1141_29-1171``), each with the checks
that apply to its kind.

A chapter's views: ``markdown``, each Markdown cell and ``text/markdown`` output as written; ``svg``,
each inline chart; ``reader``, all of it as text: HTML and SVG tags dropped (a table cell, list item or
chart label a line), HTML entities and Markdown escapes resolved, emphasis marks, link targets and
directive fences removed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CHECKS, COMPARISON, GROUP, OCCUPATION, Check, Finding

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S)
BLOCK_TAG = re.compile(r"</?(?:p|div|td|th|tr|table|thead|tbody|li|ul|ol|br|text|title|figure|figcaption|h\d)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")
EMPHASIS = re.compile(r"(?<!\\)\*\*|(?<![\\\w])\*(?=\S)|(?<=\S)(?<!\\)\*(?!\w)")
FENCE = re.compile(r"^:::+[ \t]*(?:\{\w+\}.*)?$", re.M)  # MyST directive fences (":::{note}", ":::")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
MD_ROLE = re.compile(r"\{\w+\}`([^`<]*?)\s*(?:<[^>]*>)?`")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>])")


OVERVIEW_STEM, COMPARISONS = "index", "comparisons"  # as render.kind_group and render.kind_comparison write them


def chapter_kind(path: Path) -> str:
    if path.parent.name == COMPARISONS:
        return COMPARISON
    return GROUP if path.stem == OVERVIEW_STEM else OCCUPATION


def chapter_id(path: Path) -> str:
    """The name a finding carries: the SOC code, the major group's code (``29-0000``) or the comparison's id."""
    return f"{path.parent.name}-0000" if chapter_kind(path) == GROUP else path.stem


@dataclass
class ChapterText:
    code: str
    kind: str = OCCUPATION
    markdown: list[str] = field(default_factory=list)
    svg: list[str] = field(default_factory=list)
    reader: str = ""


def reader_text(markup: str, markdown: bool) -> str:
    """What a reader sees of one cell or output."""
    text = STYLE.sub("", markup)
    text = BLOCK_TAG.sub("\n", text)
    text = TAG.sub("", text)
    if markdown:
        text = FENCE.sub("", text)
        text = MD_ESCAPE.sub(r"\1", EMPHASIS.sub("", MD_ROLE.sub(r"\1", MD_LINK.sub(r"\1", text))))
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def chapter_text(path: Path) -> ChapterText:
    """The views of one rendered chapter (``book/chapters/NN/CODE.ipynb``)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = ChapterText(code=chapter_id(path), kind=chapter_kind(path))
    shown: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = _joined(cell.get("source", ""))
            out.markdown.append(source)
            shown.append(reader_text(source, markdown=True))
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                source = _joined(data["text/markdown"])
                out.markdown.append(source)
                out.svg += SVG.findall(source)
                shown.append(reader_text(source, markdown=True))
            elif "text/html" in data:
                source = _joined(data["text/html"])
                out.svg += SVG.findall(source)
                shown.append(reader_text(source, markdown=False))
    out.reader = "\n".join(shown)
    return out


def run_checks(chapter: ChapterText, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    findings = []
    for check in checks:
        if chapter.kind not in check.kinds:
            continue
        texts = {"reader": [chapter.reader], "markdown": chapter.markdown, "svg": chapter.svg}[check.view]
        for text in texts:
            findings += [Finding(chapter.code, check.name, s) for s in check.run(text)]
    return findings


def chapter_paths(root: Path, codes: Iterable[str] = ()) -> list[Path]:
    """The rendered chapters under ``root`` (all, or those named in ``codes`` by :func:`chapter_id`): the
    occupations in code order, then the group overviews, then the comparisons."""
    wanted = set(codes)
    found = [
        *sorted(root.glob("[0-9][0-9]/[0-9][0-9]-[0-9][0-9][0-9][0-9].ipynb"), key=lambda p: p.stem),
        *sorted(root.glob(f"[0-9][0-9]/{OVERVIEW_STEM}.ipynb")),
        *sorted((root / COMPARISONS).glob("*.ipynb")),
    ]
    return [p for p in found if not wanted or chapter_id(p) in wanted]


def scan_chapters(paths: Iterable[Path], checks: Sequence[Check] = CHECKS) -> list[Finding]:
    return [finding for path in paths for finding in run_checks(chapter_text(path), checks)]


# --- the allow-list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    code: str
    check: str
    contains: str
    why: str

    def covers(self, finding: Finding) -> bool:
        return finding.code == self.code and finding.check == self.check and self.contains in finding.snippet


def read_allowed(path: Path) -> list[Allowed]:
    """Expected findings, one a line: ``CODE  CHECK  [TEXT THE SNIPPET CONTAINS]  # why (issue point)``.
    Every entry must say why; blank lines and lines starting with # are skipped."""
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        body, _, why = line.partition("#")
        parts = body.split(None, 2)
        if len(parts) < 2 or not why.strip():
            raise ValueError(f"{path}:{number}: expected 'CODE CHECK [TEXT] # why', got {raw!r}")
        entries.append(Allowed(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else "", why.strip()))
    return entries


def split_allowed(findings: list[Finding], allowed: Sequence[Allowed]) -> tuple[list[Finding], list[Finding]]:
    """(findings no entry covers, findings an entry covers)."""
    left = [f for f in findings if not any(a.covers(f) for a in allowed)]
    return left, [f for f in findings if f not in left]
