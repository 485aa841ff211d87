"""The book lint: defects a careful reader would see in the rendered chapters (issue 15).

``checks`` holds the text checks and ``ticks`` the chart-axis check, each a small pure function from
text to the snippets it objects to; ``scan`` reads rendered chapters (their Markdown cells, Markdown
and HTML outputs and inline SVG charts, whose text stays text) and runs every check; ``command`` is
``occprofiles check-book``.
"""

from __future__ import annotations

from .checks import CHECKS, Check, Finding
from .scan import ChapterText, chapter_text, scan_chapters

__all__ = ["CHECKS", "ChapterText", "Check", "Finding", "chapter_text", "scan_chapters"]
