"""Sphinx extension: the dashes and ellipses of docutils' SmartQuotes, without SmartQuotes.

Sphinx runs docutils' SmartQuotes transform on every text node of every document it reads: about a tenth of
the HTML build's CPU. The book's Markdown already gets typographic quotes from MyST (the ``smartquotes``
extension in ``_config.yml``), so with Sphinx's ``smartquotes`` off the only change a reader could see was
in SmartQuotes' other two rules, which the book's text needs: BLS titles and area names written with a
double hyphen ("Helpers--Electricians", "Nashville-Davidson--Murfreesboro--Franklin, TN") showed it as an
en dash. This does what those rules did ("---" em dash, "--" en dash, "..." ellipsis), on the same text:
not inside literals, code, math or raw HTML, nor where a node says it is not to be "smartquoted".
It runs before Sphinx's collectors read the titles, as SmartQuotes did.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes

# What SmartQuotes leaves alone (docutils' and Sphinx's lists): fixed text (literal blocks, code), literals,
# math, images, raw markup, problems, and Sphinx's not_smartquotable nodes.
UNTOUCHED = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.math,
    nodes.image,
    nodes.raw,
    nodes.problematic,
    addnodes.not_smartquotable,
)
_MARKS = re.compile(r"---|--|\.\.\.")
_TYPOGRAPHIC = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def typographic(text: str) -> str:
    """``text`` with "---" as an em dash, "--" as an en dash and "..." as an ellipsis (SmartQuotes' "De")."""
    return _MARKS.sub(lambda m: _TYPOGRAPHIC[m.group()], text)


def _untouched(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, UNTOUCHED) or not getattr(parent, "support_smartquotes", True):
            return True
        parent = parent.parent
    return False


def set_dashes_and_ellipses(doctree: nodes.Node) -> int:
    """Apply :func:`typographic` to the text of ``doctree`` that SmartQuotes would educate; returns how many
    text nodes changed."""
    changed = 0
    for text in list(doctree.findall(nodes.Text)):
        if ("--" not in text and "..." not in text) or _untouched(text):
            continue
        new = typographic(str(text))
        if new != text:
            text.parent.replace(text, nodes.Text(new))
            changed += 1
    return changed


def _on_doctree_read(app: Any, doctree: nodes.document) -> None:
    if not app.config.smartquotes:  # SmartQuotes on: it did this already
        set_dashes_and_ellipses(doctree)


def setup(app: Any) -> dict[str, Any]:
    # Before Sphinx's own collectors (priority 500), which take the titles for the contents and the sidebar.
    app.connect("doctree-read", _on_doctree_read, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
