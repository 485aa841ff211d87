"""Every patch of Jupyter Book, Sphinx extensions and the theme, in one place.

Each patch says what it works around and for which version it was written; each checks the shape of
what it patches first and, when that shape has changed, leaves the stock behaviour in place (and says
so in the log). ``tests/test_publish_compat.py`` pins each one: it fails loudly when an upgrade changes
what a patch relies on, so that the patch is revisited rather than silently skipped.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from collections.abc import Callable
from typing import Any

from sphinx.util import logging

# Sphinx's logger: inside a build its messages go where Sphinx's own go. Fallbacks log at info level,
# since a warning would fail the strict (-W) build that the fallback is meant to keep working.
logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------------
# 1. Jupyter Book's `build` command with Sphinx's parallel jobs
#
# Works around: jupyter-book 1.0.4's CLI has no --jobs option, but the function it calls,
# `jupyter_book.sphinx.build_sphinx`, takes `jobs` (Sphinx's -j). The CLI imports that function when
# the command runs (`from jupyter_book.sphinx import build_sphinx` inside `build`), so rebinding the
# module attribute first makes Sphinx read and write documents in `jobs` processes. Same output as a
# serial build. Written for jupyter-book 1.0.4.post1.
# ---------------------------------------------------------------------------------------------------


def build_sphinx_takes_jobs() -> bool:
    import jupyter_book.sphinx

    return "jobs" in inspect.signature(jupyter_book.sphinx.build_sphinx).parameters


def pass_jobs_to_build_sphinx(jobs: int) -> bool:
    """Rebind ``jupyter_book.sphinx.build_sphinx`` to pass ``jobs``; False (stock, serial) when it
    takes no such parameter."""
    import jupyter_book.sphinx

    if not build_sphinx_takes_jobs():
        logger.info(
            "occprofiles: jupyter_book.sphinx.build_sphinx takes no 'jobs' any more: the book is built serially"
        )
        return False
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    return True


def run_jupyter_book(jobs: int) -> None:
    """Jupyter Book's command line (arguments from ``sys.argv``) with ``jobs`` Sphinx processes, without the
    default extensions the book does not use (section 12). Runs in its own interpreter:
    ``python -c "from occprofiles.publish.compat import run_jupyter_book; ..."``."""
    from ..render.worker import defer_rfc3987_syntax

    defer_rfc3987_syntax()  # Jupyter Book's config check imports jsonschema: 1.3 CPU-s of grammars it never uses
    from jupyter_book.cli.main import main

    pass_jobs_to_build_sphinx(jobs)
    drop_unused_default_extensions()
    main()


def jupyter_book_command(jobs: int) -> list[str]:
    """The interpreter command that :func:`run_jupyter_book` runs in (Jupyter Book's arguments follow)."""
    return [
        sys.executable,
        "-c",
        f"from occprofiles.publish.compat import run_jupyter_book; run_jupyter_book({int(jobs)})",
    ]


# ---------------------------------------------------------------------------------------------------
# 12. Jupyter Book's default extensions that no page of the book uses, not loaded
#
# Works around: jupyter-book 1.0.4 loads sphinx-togglebutton, sphinx-copybutton, sphinx-thebe and
# sphinx-design into every build (`jupyter_book.config.get_default_sphinx_config`,
# which `yaml_to_sphinx` calls for the extension list), and each puts its styles and scripts into every
# page's head, and its transforms into every document's reading. The book has no toggle or dropdown, no
# code block to copy (code cells are removed), no launch buttons (thebe is off), no sphinx-design
# component (sphinx-comments stays: Jupyter Book always sets its `comments_config`, which Sphinx would
# otherwise report as unknown, and it adds nothing to a page when comments are off); `tests/test_publish_compat.py` checks that the built pages hold none of them.
# The function is wrapped to leave them out of the list; left stock when the list no longer holds them.
# ---------------------------------------------------------------------------------------------------

UNUSED_DEFAULT_EXTENSIONS = (
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_thebe",
    "sphinx_design",
)


def drop_unused_default_extensions() -> bool:
    """Wrap ``jupyter_book.config.get_default_sphinx_config`` to leave :data:`UNUSED_DEFAULT_EXTENSIONS` out;
    False (stock) when its extension list does not hold them all."""
    import jupyter_book.config

    stock = jupyter_book.config.get_default_sphinx_config
    if getattr(stock, "occprofiles_drops_unused", False):
        return True
    if not set(UNUSED_DEFAULT_EXTENSIONS) <= set(stock().get("extensions", ())):
        logger.info("occprofiles: Jupyter Book's default extensions changed: all of them are loaded")
        return False

    def default_sphinx_config() -> dict:
        config = stock()
        config["extensions"] = [e for e in config["extensions"] if e not in UNUSED_DEFAULT_EXTENSIONS]
        return config

    default_sphinx_config.occprofiles_drops_unused = True  # type: ignore[attr-defined]
    jupyter_book.config.get_default_sphinx_config = default_sphinx_config
    return True


# ---------------------------------------------------------------------------------------------------
# 2. The theme's sidebar, built once per folder of chapters
#
# Works around: pydata-sphinx-theme (0.17.1, under sphinx-book-theme 1.3.0) connects
# `toctree.add_toctree_functions` to `html-page-context`; it puts `generate_toctree_html(kind,
# startdepth=1, show_nav_level=1, **kwargs)` into each page's context, which resolves the whole table
# of contents and re-parses it with BeautifulSoup for every page. We replace that listener, in place
# (same priority, so before the theme's next listener first renders the sidebar), by one that calls it
# and then wraps the context's function with ``wrap`` (occprofiles.publish.nav's cache).
# ---------------------------------------------------------------------------------------------------

Wrap = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def theme_toctree_listener() -> Callable[..., Any]:
    from pydata_sphinx_theme import toctree

    return toctree.add_toctree_functions


def wrap_theme_sidebar(app: Any, wrap: Wrap) -> bool:
    """Replace the theme's ``add_toctree_functions`` listener with one that wraps its sidebar function.
    False (stock: the sidebar is built for every page) when the listener or its function is not found."""
    original = theme_toctree_listener()
    listeners = app.events.listeners.get("html-page-context", [])
    for index, listener in enumerate(listeners):
        if listener.handler is original:

            def add_wrapped_toctree_functions(
                app: Any, pagename: str, templatename: str, context: dict, doctree: Any
            ) -> None:
                original(app, pagename, templatename, context, doctree)
                if "generate_toctree_html" in context:
                    context["generate_toctree_html"] = wrap(pagename, context["generate_toctree_html"])

            listeners[index] = listener._replace(handler=add_wrapped_toctree_functions)
            return True
    logger.info(
        "occprofiles: the theme's add_toctree_functions listener was not found; the sidebar is built for every page"
    )
    return False


# ---------------------------------------------------------------------------------------------------
# 3. sphinx-multitoc-numbering declared safe for Sphinx's parallel read
#
# Works around: sphinx-external-toc always loads sphinx-multitoc-numbering (0.1.3), whose setup()
# returns no metadata, so Sphinx takes it as not parallel-read safe and reads serially. All it does is
# replace TocTreeCollector.assign_section_numbers, which runs in the main process after reading, and it
# keeps no per-document state: it is safe. Only the reviewed version is flipped.
# ---------------------------------------------------------------------------------------------------

MULTITOC_NUMBERING_REVIEWED = "0.1.3"


def declare_multitoc_numbering_parallel_safe(app: Any) -> bool:
    """Mark sphinx-multitoc-numbering parallel-read safe; False (stock) when it is not loaded, says
    something itself, or is a version that has not been reviewed."""
    ext = app.extensions.get("sphinx_multitoc_numbering")
    if ext is None or ext.parallel_read_safe is not None:
        return False
    version = getattr(ext.module, "__version__", None)  # its setup() declares no version to Sphinx
    if version != MULTITOC_NUMBERING_REVIEWED:
        logger.info(
            "occprofiles: sphinx-multitoc-numbering %s is not the reviewed %s: Sphinx reads serially",
            version,
            MULTITOC_NUMBERING_REVIEWED,
        )
        return False
    ext.parallel_read_safe = True
    return True


# ---------------------------------------------------------------------------------------------------
# 4. Sphinx's search: the hooks our scorer uses, and result summaries taken from the article
#
# Works around: Sphinx 7.4's searchtools.js takes a result's summary from the text of the page's
# `[role="main"]` element. Under sphinx-book-theme that element also holds the article header (the
# download menu, ".ipynb .pdf") and the print-only table of contents, so every summary began with them.
# `Search.htmlToText(htmlString, anchor)` is replaced, from language_data.js (which the search page
# loads after searchtools.js), by one that reads the `<article>` inside `[role="main"]`, with a space
# after each block (textContent runs paragraphs together) and the heading marks removed; a page without
# an article gets the stock function. And a query with no word to look for (a SOC code: numbers are not
# search words) gave every summary a leading "..." (its start position was NaN): it starts at the top.
#
# The scorer (occprofiles/publish/search_scorer.js, Sphinx's documented `html_search_scorer`) relies on
# the shape of Sphinx's search script too: `Scorer.score(result)` called on every result, with the
# docname at result[0], the anchor at result[2] and the score at result[4]; index entries matched
# against the whole query (how SOC codes are found). When any of these is missing, the extension does
# not install the scorer and the search is Sphinx's own. Written for Sphinx 7.4.7.
# ---------------------------------------------------------------------------------------------------

SEARCHTOOLS_SHAPE = (
    "normalResults.forEach((item) => (item[4] = Scorer.score(item)));",
    "// Each is an array of [docname, title, anchor, descr, score, filename].",
    "if (entry.includes(queryLower) && (queryLower.length >= entry.length/2)) {",
    "htmlToText: (htmlString, anchor) =>",
    "Search.makeSearchSummary(data, searchTerms, anchor)",
    "makeSearchSummary: (htmlText, keywords, anchor) =>",
)

SEARCH_SUMMARY_FROM_ARTICLE_JS = """\
/* occprofiles.publish.compat (4): search summaries from the article, not the page header. */
if (typeof Search !== "undefined" && typeof Search.htmlToText === "function") {
  const stockHtmlToText = Search.htmlToText;
  const blocks = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, th, td, caption, figcaption, summary, pre, div, section";
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector('[role="main"] article');
    if (!article) return stockHtmlToText(htmlString, anchor);
    article.querySelectorAll(".headerlink, script, style").forEach((el) => el.remove());
    const part = (anchor && article.querySelector(anchor)) || article;
    part.querySelectorAll(blocks).forEach((el) => el.append(" "));
    return part.textContent.replace(/\\s+/g, " ").trim();
  };
}
if (typeof Search !== "undefined" && typeof Search.makeSearchSummary === "function") {
  const stockSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) =>
    stockSummary(htmlText, keywords.size ? keywords : new Set([""]), anchor);
}
"""


def searchtools_source() -> str:
    from importlib.resources import files

    return (files("sphinx") / "themes" / "basic" / "static" / "searchtools.js").read_text(encoding="utf-8")


def searchtools_has_the_hooks_the_scorer_uses() -> bool:
    """True when Sphinx's searchtools.js has every piece the scorer and the summary patch rely on."""
    source = searchtools_source()
    missing = [piece for piece in SEARCHTOOLS_SHAPE if piece not in source]
    if missing:
        logger.info(
            "occprofiles: Sphinx's searchtools.js no longer has %s: the book uses Sphinx's own search ranking",
            "; ".join(missing),
        )
    return not missing


# ---------------------------------------------------------------------------------------------------
# 5. Sphinx's search index keeps the index entries of the pages an incremental build does not write
#
# Works around: Sphinx 7.4.7 builds the search index of an incremental build from the previous
# searchindex.js (`IndexBuilder.load`) plus the pages it writes. `load` restores titles and terms but not
# `indexentries`, and the environment it keeps is saved before pages are written, so every entry of an
# unchanged page is dropped: after one incremental build, "11-9111" (an index entry: numbers are not
# search terms) found nothing. `IndexBuilder.load` is wrapped to restore them from the same file, and
# `IndexBuilder.prune` to drop those of the pages about to be written again or removed. Left stock when
# `load` already reads "indexentries" (fixed upstream) or the attributes it relies on are gone.
# ---------------------------------------------------------------------------------------------------


def search_index_drops_index_entries() -> bool:
    """True for the Sphinx whose IndexBuilder loses the index entries of unchanged pages (7.4)."""
    from sphinx.search import IndexBuilder

    load, init, freeze = (inspect.getsource(f) for f in (IndexBuilder.load, IndexBuilder.__init__, IndexBuilder.freeze))
    return "indexentries" not in load and "self._index_entries" in init and "indexentries=index_entries" in freeze


def keep_search_index_entries() -> bool:
    """Wrap ``IndexBuilder.load`` and ``prune`` (once per process); False (stock) when not needed."""
    import io

    from sphinx.search import IndexBuilder

    if getattr(IndexBuilder, "_occprofiles_keeps_index_entries", False):
        return True
    if not search_index_drops_index_entries():
        logger.info("occprofiles: Sphinx's IndexBuilder.load reads index entries (or changed shape): left stock")
        return False
    stock_load, stock_prune = IndexBuilder.load, IndexBuilder.prune

    def load(self: Any, stream: Any, format: Any) -> None:
        data = stream.read()
        stock_load(self, io.StringIO(data) if isinstance(data, str) else io.BytesIO(data), format)
        frozen = (self.formats[format] if isinstance(format, str) else format).loads(data)
        docnames = frozen["docnames"]
        for entry, found in frozen.get("indexentries", {}).items():
            for file, entry_id, main in found:
                self._index_entries.setdefault(docnames[file], []).append((entry, entry_id, "main" if main else ""))

    def prune(self: Any, docnames: Any) -> None:
        stock_prune(self, docnames)
        keep = set(docnames)
        for docname in [d for d in self._index_entries if d not in keep]:
            del self._index_entries[docname]

    IndexBuilder.load = load  # type: ignore[method-assign]
    IndexBuilder.prune = prune  # type: ignore[method-assign]
    IndexBuilder._occprofiles_keeps_index_entries = True  # type: ignore[attr-defined]
    return True


# ---------------------------------------------------------------------------------------------------
# 6. The sidebar's expand/collapse toggles get an accessible name
#
# Works around: pydata-sphinx-theme (0.17.1) `toctree.add_collapse_checkboxes` wraps every sidebar
# entry that has children in <details><summary><span role="presentation"><i chevron/></span></summary>:
# the <summary> has no text, so a screen reader announces an unnamed control (axe-core "summary-name",
# serious, on every page). ``generate_toctree_html`` looks the function up in its module when it runs,
# so rebinding the module attribute names each toggle after the entry it opens ("Show or hide the
# pages under Management Occupations (11-0000)").
# ---------------------------------------------------------------------------------------------------


def name_summary(summary: Any) -> None:
    """Give a <summary> (BeautifulSoup tag) without text an ``aria-label`` after its sidebar entry."""
    if summary.get_text(strip=True) or summary.get("aria-label"):
        return
    item = summary.find_parent("li")
    link = item.find("a", recursive=False) if item is not None else None
    name = link.get_text(" ", strip=True) if link is not None else ""
    summary["aria-label"] = f"Show or hide the pages under {name}" if name else "Show or hide the pages below"


def name_sidebar_toggles() -> bool:
    """Rebind the theme's ``add_collapse_checkboxes`` to name the toggles it makes; False (stock: the
    toggles stay unnamed) when the theme has no such function."""
    from pydata_sphinx_theme import toctree

    original = getattr(toctree, "add_collapse_checkboxes", None)
    if original is None:
        logger.info("occprofiles: pydata_sphinx_theme.toctree.add_collapse_checkboxes is gone: toggles stay unnamed")
        return False
    if getattr(original, "occprofiles_names_toggles", False):
        return True

    def add_named_collapse_checkboxes(soup: Any) -> None:
        original(soup)
        for summary in soup.select("li > details > summary"):
            name_summary(summary)

    add_named_collapse_checkboxes.occprofiles_names_toggles = True  # type: ignore[attr-defined]
    toctree.add_collapse_checkboxes = add_named_collapse_checkboxes
    return True


# ---------------------------------------------------------------------------------------------------
# 7. No "download source" entry for sources the book does not ship
#
# Works around: sphinx-book-theme (1.3.0) `header_buttons.add_header_buttons` (html-page-context,
# priority 501) always offers the page's source (".ipynb", ".md") from `_sources/`, even with
# `html_copy_source: false`, which the book sets (the executed notebooks would add ~120 KB a chapter to
# a book of ~880; each chapter offers its profile JSON, and the template re-creates any chapter): the
# link was a 404 on every page. A listener after it drops the source entries from the download group
# when the sources are not copied; the group keeps the theme's "print to PDF" entry.
# ---------------------------------------------------------------------------------------------------

SOURCE_BUTTONS = ("download-source-button", "download-notebook-button")


def drop_unshipped_source_buttons(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.config.html_copy_source:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons" and isinstance(group.get("buttons"), list):
            group["buttons"] = [b for b in group["buttons"] if b.get("label") not in SOURCE_BUTTONS]


def connect_source_button_filter(app: Any) -> bool:
    """Connect :func:`drop_unshipped_source_buttons` after the theme's header buttons; False (stock)
    when the theme's listener is not found."""
    from sphinx_book_theme import header_buttons

    listeners = app.events.listeners.get("html-page-context", [])
    theirs = [li for li in listeners if li.handler is header_buttons.add_header_buttons]
    if not theirs:
        logger.info("occprofiles: sphinx-book-theme's add_header_buttons is not connected: source buttons left")
        return False
    app.connect("html-page-context", drop_unshipped_source_buttons, priority=theirs[0].priority + 1)
    return True


# ---------------------------------------------------------------------------------------------------
# 8. Header buttons whose accessible name contains their visible text
#
# Works around: pydata-sphinx-theme (0.17.1) components/search-button-field.html names the button
# "Search" while it shows "Search Ctrl+K", and components/theme-switcher.html names its button "Color
# mode" while Font Awesome's script turns the icon's title into visible SVG text ("Light"): axe-core's
# label-content-name-mismatch (WCAG 2.5.3, serious) on every page. The templates are Jinja, included by
# other templates, so the page is corrected as it leaves the builder's template renderer: the search
# field takes its name from what it shows, and the switch's name lists the modes it shows.
# ---------------------------------------------------------------------------------------------------

THEME_HTML_FIXES = (
    (
        '<button class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search"',
        '<button class="btn search-button-field search-button__button pst-js-only" title="Search"',
    ),
    (
        'theme-switch-button pst-js-only" aria-label="Color mode"',
        'theme-switch-button pst-js-only" aria-label="Color mode: Light, Dark or System Settings"',
    ),
)


def fix_theme_html(page: str) -> str:
    for old, new in THEME_HTML_FIXES:
        page = page.replace(old, new)
    return collapse_whitespace(page)


# ---------------------------------------------------------------------------------------------------
# 9. The templates' indentation and blank lines, left out of every page
#
# Not a workaround but a saving made at the same place as 8: the Jinja templates of pydata-sphinx-theme
# and sphinx-book-theme indent their markup and leave many blank lines (about 2 KB of every page, 2 MB
# over the ~900 pages of the book). Whitespace after a line break, and blank lines, are dropped outside
# <pre>, <textarea> and <script> (where they could matter); elsewhere a line break stays, so the page
# renders exactly as before (HTML collapses a run of whitespace into one space, or none between blocks).
# ---------------------------------------------------------------------------------------------------

_WHITESPACE_AFTER_BREAK = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)|\n[ \t\r\n]*", re.IGNORECASE | re.DOTALL)


def collapse_whitespace(page: str) -> str:
    """``page`` with the whitespace after each line break (blank lines too) removed, except inside
    <pre>, <textarea> and <script>."""
    return _WHITESPACE_AFTER_BREAK.sub(lambda m: m.group(1) or "\n", page)


# ---------------------------------------------------------------------------------------------------
# 10. The search index loaded by the search page only
#
# Works around: pydata-sphinx-theme (0.17.1) layout.html loads searchtools.js, language_data.js and
# searchindex.js on every page "so that our custom inline search experience can work on any page", also
# when that experience (the theme option search_as_you_type) is off, as here: the search field sends the
# reader to search.html, which loads them itself. For the whole book searchindex.js is ~5.5 MB (~1 MB
# gzipped), parsed on every page a reader opens. With search_as_you_type off, other pages leave them out.
# ---------------------------------------------------------------------------------------------------

_SEARCH_SCRIPTS = re.compile(
    r'<script src="(?:\.\./)*_static/searchtools\.js"></script>\s*'
    r'<script src="(?:\.\./)*_static/language_data\.js"></script>\s*'
    r'<script src="(?:\.\./)*searchindex\.js"></script>\s*'
)


def drop_unused_search_scripts(page: str, context: dict) -> str:
    """``page`` without the search scripts, unless it is the search page or search-as-you-type is on."""
    if context.get("pagename") == "search" or str(context.get("theme_search_as_you_type", "")).lower() == "true":
        return page
    return _SEARCH_SCRIPTS.sub("", page, count=1)


# ---------------------------------------------------------------------------------------------------
# 11. SOC codes kept whole in the theme's links
#
# Works around: the titles in pydata-sphinx-theme's (0.17.1) sidebar and previous/next links are the
# pages' titles as text, so "Management Occupations (SOC 11-0000)" broke at its hyphen ("11-" / "0000").
# The chapters keep codes whole with the occ-code span (book/_static/occprofiles-chapter.css); a code in a
# link's text gets the same span as the page leaves the renderer (link text only: never an attribute or
# the <title>).
# ---------------------------------------------------------------------------------------------------

_CODE_IN_LINK_TEXT = re.compile(r"(<a\b[^>]*>[^<]*?\(SOC )(\d\d-\d{4})(\)[^<]*</a>)")


def keep_link_codes_whole(page: str) -> str:
    return _CODE_IN_LINK_TEXT.sub(r'\1<span class="occ-code">\2</span>\3', page)


def correct_rendered_pages(app: Any) -> bool:
    """Wrap the HTML builder's template renderer with :func:`fix_theme_html` and
    :func:`drop_unused_search_scripts`; False (stock) for a builder without one."""
    templates = getattr(app.builder, "templates", None)
    render = getattr(templates, "render", None)
    if render is None or getattr(render, "occprofiles_fixes_theme", False):
        return render is not None

    def render_fixed(template: str, context: dict) -> str:
        return keep_link_codes_whole(fix_theme_html(drop_unused_search_scripts(render(template, context), context)))

    render_fixed.occprofiles_fixes_theme = True  # type: ignore[attr-defined]
    templates.render = render_fixed  # type: ignore[union-attr]
    return True
