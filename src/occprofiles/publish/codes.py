"""Sphinx extension: every SOC code in the book's own text kept on one line, as the chapters' outputs keep theirs.

A browser breaks "15-1252" after its hyphen when the line is full ("(SOC 15-" / "1252)"): in a chapter's title,
on the methods page, on the generated pages. The chapters' outputs put each code in ``<span class="occ-code">``
(``chapter_tables.codes_kept_whole``, so JupyterLab and the exported file keep them whole too); this does the
same for the text Sphinx reads itself — titles, paragraphs, list items, table cells — by wrapping each code in an
inline node of class ``occ-code`` (``book/_static/occprofiles-chapter.css``: no break inside). A code written as
a literal (````11-9111.00````) gets the class on its own node. The text stays the same text: titles, the table
of contents and the search index read ``astext()``, which the inline node does not change.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes

from ..chapter_tables import SOC_CODE

CODE_CLASS = "occ-code"
CODE_IN_TEXT = re.compile(r"(?<![\w./=#_-])\d{2}-\d{4}(?:\.\d{2})?(?![\w/_-]|\.\d)")
# Text that is not prose: literals and code blocks keep their text (a whole-code literal gets the class), raw
# HTML is the chapter's own (already kept whole), a code already in an occ-code node is done.
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target)


def _kept(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIP) or CODE_CLASS in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def keep_codes_whole(doctree: nodes.document) -> int:
    """Wrap every SOC code of ``doctree``'s text in an ``occ-code`` inline node; return how many."""
    wrapped = 0
    for literal in doctree.findall(nodes.literal):
        if SOC_CODE.fullmatch(literal.astext()) and CODE_CLASS not in literal["classes"]:
            literal["classes"].append(CODE_CLASS)
    for text in list(doctree.findall(nodes.Text)):
        if not CODE_IN_TEXT.search(text) or _kept(text):
            continue
        parts: list[nodes.Node] = []
        end = 0
        for m in CODE_IN_TEXT.finditer(text):
            if m.start() > end:
                parts.append(nodes.Text(text[end : m.start()]))
            parts.append(nodes.inline(m.group(), m.group(), classes=[CODE_CLASS]))
            end = m.end()
            wrapped += 1
        if end < len(text):
            parts.append(nodes.Text(text[end:]))
        text.parent.replace(text, parts)
    return wrapped


def _on_doctree_read(app: Any, doctree: nodes.document) -> None:
    keep_codes_whole(doctree)


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", _on_doctree_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
