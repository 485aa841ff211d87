"""Sphinx extension: build the sidebar navigation once per major group instead of once per chapter.

The theme (pydata via sphinx-book-theme) resolves the whole table of contents and re-parses it with
BeautifulSoup for every page: at ~880 chapters that was the largest single cost of writing the book.
Every chapter of one major group lives in the same folder and has the same sidebar, except for which
entry is marked as the current page (relative links are identical within a folder). So the first
chapter of a group gets the theme's sidebar, and the others get a copy with the "current" mark moved.
When the mark cannot be moved exactly (an unexpected shape), the theme's own function is called.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from sphinx.util import logging

logger = logging.getLogger(__name__)

CHAPTER_PAGE = re.compile(r"^(?P<folder>book/chapters/\d\d)/(?P<name>\d\d-\d{4})$")
CURRENT = '<li class="toctree-l2 current active"><a class="current reference internal" href="#">'
OTHER = '<li class="toctree-l2"><a class="reference internal" href="{name}.html">'


def move_current_mark(html: str, from_name: str, to_name: str) -> str | None:
    """The sidebar of chapter ``from_name`` turned into the sidebar of ``to_name`` (same folder)."""
    target = OTHER.format(name=to_name)
    if html.count(CURRENT) != 1 or html.count(target) != 1:
        return None
    return html.replace(CURRENT, OTHER.format(name=from_name)).replace(target, CURRENT)


class SidebarCache:
    def __init__(self) -> None:
        self.first: dict[tuple, tuple[str, str]] = {}  # key -> (chapter name, its sidebar html)
        self.hits = 0

    def wrap(self, pagename: str, generate: Callable[..., Any]) -> Callable[..., Any]:
        match = CHAPTER_PAGE.match(pagename)
        if not match:
            return generate
        folder, name = match["folder"], match["name"]

        def cached(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any) -> Any:
            if kind != "sidebar":
                return generate(kind, startdepth, show_nav_level, **kwargs)
            key = (folder, startdepth, show_nav_level, tuple(sorted(kwargs.items())))
            if key in self.first:
                first_name, first_html = self.first[key]
                moved = move_current_mark(first_html, first_name, name)
                if moved is not None:
                    self.hits += 1
                    return moved
                return generate(kind, startdepth, show_nav_level, **kwargs)
            html = generate(kind, startdepth, show_nav_level, **kwargs)
            self.first[key] = (name, str(html))
            return html

        return cached


def _install(app) -> None:
    """Wrap the theme's ``add_toctree_functions`` listener, so that the sidebar function is cached
    before the theme's next listener (same priority) first renders the sidebar."""
    from pydata_sphinx_theme import toctree

    app.occprofiles_sidebar_cache = cache = SidebarCache()
    listeners = app.events.listeners.get("html-page-context", [])
    for index, listener in enumerate(listeners):
        if listener.handler is toctree.add_toctree_functions:

            def add_cached_toctree_functions(app, pagename, templatename, context, doctree, _original=listener.handler):
                _original(app, pagename, templatename, context, doctree)
                if "generate_toctree_html" in context:
                    context["generate_toctree_html"] = cache.wrap(pagename, context["generate_toctree_html"])

            listeners[index] = listener._replace(handler=add_cached_toctree_functions)
            return
    logger.info("occprofiles.sphinx_nav: theme function not found; the sidebar is built for every page")


def _declare_multitoc_numbering_parallel_safe(app) -> None:
    """sphinx-external-toc always loads sphinx-multitoc-numbering, which does not say whether it is safe
    for Sphinx's parallel read, so Sphinx reads serially. It only replaces the section numbering that
    runs in the main process after reading (it keeps no per-document state): it is safe."""
    ext = app.extensions.get("sphinx_multitoc_numbering")
    if ext is not None and ext.parallel_read_safe is None:
        ext.parallel_read_safe = True


def setup(app) -> dict[str, Any]:
    _declare_multitoc_numbering_parallel_safe(app)
    # builder-inited: every extension (the theme too) has registered its listeners by then; a new
    # cache for every build, as the navigation depends on the whole table of contents.
    app.connect("builder-inited", _install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
