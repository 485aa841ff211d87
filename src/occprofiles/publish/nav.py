"""Sphinx extension: build the sidebar navigation once per major group instead of once per chapter.

The theme (pydata via sphinx-book-theme) resolves the whole table of contents and re-parses it with
BeautifulSoup for every page: at ~880 chapters that was the largest single cost of writing the book.
Every chapter of one major group lives in the same folder and has the same sidebar, except for which
entry is marked as the current page (relative links are identical within a folder). So the first
chapter of a group gets the theme's sidebar, and the others get a copy with the "current" mark moved.
When the mark cannot be moved exactly (an unexpected shape), the theme's own function is called.

How the cache is hooked into the theme (and the other Sphinx-side patch) is in :mod:`.compat`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import compat

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
        """``generate`` (the theme's ``generate_toctree_html``) with its sidebar cached per folder."""
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


def _install_sidebar_cache(app: Any) -> None:
    """builder-inited: every extension (the theme too) has registered its listeners by then; a new
    cache for every build, as the navigation depends on the whole table of contents."""
    app.occprofiles_sidebar_cache = cache = SidebarCache()
    compat.wrap_theme_sidebar(app, cache.wrap)


def setup(app: Any) -> dict[str, Any]:
    compat.declare_multitoc_numbering_parallel_safe(app)
    compat.name_sidebar_toggles()
    app.connect("builder-inited", _install_sidebar_cache)
    app.connect("builder-inited", compat.connect_source_button_filter)
    app.connect("builder-inited", compat.correct_rendered_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
