"""The book's documents in reading order, as the PDF prints them: front matter, then chapters by group."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import paths

FRONT_PAGES = (
    ("book/intro", "Introduction"),
    ("book/methods", "Methods"),
    ("book/_generated/data-sources", "Data sources"),
    ("book/_generated/licences", "Licences and attribution"),
    ("book/_generated/colophon", "Colophon"),
)


@dataclass
class Entry:
    """One document of the book, in reading order."""

    docname: str  # e.g. book/chapters/11/11-9111
    title: str
    group: str | None = None  # major group title for chapters, None for front matter
    pdf: Path | None = None
    pages: int = 0


def book_entries() -> list[Entry]:
    """Front matter, then each major group's chapters, in the order of the generated _toc.yml."""
    import yaml

    toc = yaml.safe_load(paths.toc_path().read_text(encoding="utf-8"))
    entries = [Entry(doc, title) for doc, title in FRONT_PAGES]
    chapters_root = paths.chapters_dir()
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            sections = chapter.get("sections")
            if not sections:
                continue
            major = Path(chapter["file"]).parent.name
            for section in sections:
                code = Path(section["file"]).name
                data = json.loads((chapters_root / major / f"{code}.json").read_text(encoding="utf-8"))
                entries.append(
                    Entry(
                        section["file"],
                        f"{data['title']} (SOC {code})",
                        group=f"{data['major_group']['title']} ({major}-0000)",
                    )
                )
    return entries
