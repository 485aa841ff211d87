"""Pins for every Jupyter Book / Sphinx / theme patch in ``occprofiles.publish.compat``.

Each test fails loudly when an upgrade changes what a patch relies on: then revisit the patch (or drop
it, if upstream now does the job). The patches themselves fall back to stock behaviour at run time.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from occprofiles.publish import compat

# --- 1. Jupyter Book's build command with Sphinx's jobs ---------------------------------------------


def test_build_sphinx_still_takes_jobs_and_the_cli_looks_it_up_when_it_runs():
    import jupyter_book.cli.main as cli
    import jupyter_book.sphinx

    assert compat.build_sphinx_takes_jobs()
    assert inspect.signature(jupyter_book.sphinx.build_sphinx).parameters["jobs"].kind is inspect.Parameter.KEYWORD_ONLY
    # Rebinding the module attribute works only while the CLI imports the function at call time.
    assert not hasattr(cli, "build_sphinx"), (
        "jupyter_book.cli.main now binds build_sphinx at import: the jobs patch is void"
    )
    assert "from jupyter_book.sphinx import build_sphinx" in inspect.getsource(cli.build.callback)


def test_the_jobs_reach_build_sphinx(monkeypatch):
    import jupyter_book.sphinx

    calls: list[dict] = []

    def recorder(sourcedir, outputdir, *, jobs=None, **kwargs):
        calls.append({"jobs": jobs})
        return 0

    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", recorder)
    assert compat.pass_jobs_to_build_sphinx(3)
    jupyter_book.sphinx.build_sphinx("src", "out")
    assert calls == [{"jobs": 3}]


def test_without_a_jobs_parameter_build_sphinx_is_left_alone(monkeypatch):
    import jupyter_book.sphinx

    def old_style(sourcedir, outputdir, **kwargs):
        return 0

    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", old_style)
    assert not compat.pass_jobs_to_build_sphinx(3)
    assert jupyter_book.sphinx.build_sphinx is old_style


# --- 2 and 3. The theme's sidebar, sphinx-multitoc-numbering's parallel flag: a small Sphinx build ---

CHAPTERS = ("29-1022", "29-1141", "29-2011")
_BUILD = """
import json, sys
from sphinx.application import Sphinx
src, out, with_patches = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
extensions = ["sphinx_multitoc_numbering"] + (["occprofiles.publish.nav"] if with_patches else [])
app = Sphinx(src, src, out + "/html", out + "/doctrees", "html", status=None, warning=sys.stderr, freshenv=True,
             confoverrides={"extensions": extensions})
app.build()
cache = getattr(app, "occprofiles_sidebar_cache", None)
print(json.dumps({"hits": cache.hits if cache else None,
                  "multitoc_parallel_read_safe": app.extensions["sphinx_multitoc_numbering"].parallel_read_safe}))
"""


def _small_book(root: Path) -> Path:
    """A root page, one major-group page and three chapters laid out as in the book."""
    (root / "book" / "chapters" / "29").mkdir(parents=True)
    (root / "conf.py").write_text(
        'html_theme = "sphinx_book_theme"\nhtml_theme_options = {"show_navbar_depth": 1, "collapse_navbar": True}\n'
    )
    (root / "index.rst").write_text("Book\n====\n\n.. toctree::\n\n   book/chapters/29/index\n")
    group = "Healthcare\n==========\n\n.. toctree::\n\n" + "".join(f"   {c}\n" for c in CHAPTERS)
    (root / "book" / "chapters" / "29" / "index.rst").write_text(group)
    for code in CHAPTERS:
        (root / "book" / "chapters" / "29" / f"{code}.rst").write_text(
            f"Occupation (SOC {code})\n{'=' * 24}\n\nText.\n"
        )
    return root


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory) -> dict[str, tuple[dict, Path]]:
    src = _small_book(tmp_path_factory.mktemp("src"))
    builds = {}
    for label, flag in (("stock", "0"), ("patched", "1")):
        out = tmp_path_factory.mktemp(label)
        proc = subprocess.run(
            [sys.executable, "-c", _BUILD, str(src), str(out), flag],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        builds[label] = (json.loads(proc.stdout.strip().splitlines()[-1]), out / "html")
    return builds


def test_the_theme_listener_still_has_the_patched_shape():
    from pydata_sphinx_theme import toctree

    listener = compat.theme_toctree_listener()
    assert listener is toctree.add_toctree_functions
    assert list(inspect.signature(listener).parameters) == ["app", "pagename", "templatename", "context", "doctree"]
    # The function the cache wraps: its name in the context and its signature.
    source = inspect.getsource(toctree.add_toctree_functions)
    assert 'context["generate_toctree_html"] = generate_toctree_html' in source
    assert "kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs" in source


def test_the_cached_sidebar_is_used_and_pages_are_identical_to_the_themes(small_builds):
    (stock, stock_html), (patched, patched_html) = small_builds["stock"], small_builds["patched"]
    assert stock["hits"] is None
    # The first chapter builds the group's sidebar; every other chapter gets the cached copy (the
    # theme asks for it more than once per page).
    assert patched["hits"] >= len(CHAPTERS) - 1, (
        "the sidebar cache was not used: the theme's markup or listener changed"
    )
    for code in CHAPTERS:
        page = Path("book/chapters/29") / f"{code}.html"
        patched_page, stock_page = (patched_html / page).read_text(), (stock_html / page).read_text()
        stock_without_search = compat.drop_unused_search_scripts(stock_page, {"pagename": "x"})
        expected = compat.keep_link_codes_whole(compat.collapse_whitespace(stock_without_search))
        assert _without_patches_5_and_7(patched_page) == expected, code
        assert '(SOC <span class="occ-code">29-1141</span>)</a>' in patched_page  # patch 11, in the sidebar
        assert "searchindex.js" in stock_page and "searchindex.js" not in patched_page  # patch 10
        assert len(patched_page) < len(stock_page) - 1000  # patch 9: the templates' indentation left out
        # ... and those two did their work in a real build
        assert "<summary>" in stock_page and "<summary>" not in patched_page
        assert 'aria-label="Show or hide the pages under Healthcare"' in patched_page
        assert compat.fix_theme_html(stock_page) != stock_page


def _without_patches_5_and_7(page: str) -> str:
    """A page of the patched build with the toggles' names and the header buttons' fixes taken out again."""
    for old, new in compat.THEME_HTML_FIXES:
        page = page.replace(new, old)
    return re.sub(r'<summary aria-label="Show or hide the pages [^"]*">', "<summary>", page)


def test_multitoc_numbering_is_the_reviewed_version_and_still_declares_nothing(small_builds):
    import sphinx_multitoc_numbering

    assert sphinx_multitoc_numbering.__version__ == compat.MULTITOC_NUMBERING_REVIEWED, (
        "review the new version's parallel safety"
    )
    assert small_builds["stock"][0]["multitoc_parallel_read_safe"] is None, "it declares itself now: drop the patch"
    assert small_builds["patched"][0]["multitoc_parallel_read_safe"] is True


def test_patches_fall_back_to_stock_when_their_target_is_missing():
    app = SimpleNamespace(events=SimpleNamespace(listeners={"html-page-context": []}), extensions={})
    assert not compat.wrap_theme_sidebar(app, lambda pagename, generate: generate)
    assert not compat.declare_multitoc_numbering_parallel_safe(app)
    other_version = SimpleNamespace(parallel_read_safe=None, module=SimpleNamespace(__version__="9.9"))
    app.extensions["sphinx_multitoc_numbering"] = other_version
    assert not compat.declare_multitoc_numbering_parallel_safe(app) and other_version.parallel_read_safe is None


# --- 4. Sphinx's search: the hooks the scorer uses, and summaries from the article -------------------


def test_sphinx_search_still_has_the_hooks_the_scorer_uses():
    missing = [piece for piece in compat.SEARCHTOOLS_SHAPE if piece not in compat.searchtools_source()]
    assert missing == [], "Sphinx's searchtools.js changed: revisit search_scorer.js and the summary patch"
    assert compat.searchtools_has_the_hooks_the_scorer_uses()


# --- 5. Index entries of unchanged pages kept in the search index ----------------------------------


def _index_builder():
    from sphinx.search import IndexBuilder

    env = SimpleNamespace(version=1, domains={})
    for name in (
        "titles",
        "filenames",
        "mapping",
        "title_mapping",
        "all_titles",
        "index_entries",
        "objtypes",
        "objnames",
    ):
        setattr(env, f"_search_index_{name}", {})
    return IndexBuilder(env, "en", {}, "")


def test_sphinx_still_drops_the_index_entries_of_unchanged_pages():
    assert compat.search_index_drops_index_entries(), (
        "Sphinx's IndexBuilder.load now reads index entries: drop compat.keep_search_index_entries"
    )


def test_index_entries_survive_loading_the_previous_index_and_pruning():
    import io

    from sphinx.search import js_index

    compat.keep_search_index_entries()
    previous = _index_builder()
    for doc in ("a", "b"):
        previous._titles[doc], previous._filenames[doc], previous._all_titles[doc] = doc.upper(), doc + ".md", []
    previous._index_entries.update({"a": [("11-9111", "", "main")], "b": [("29-1141", "", "main")]})
    stored = js_index.dumps(previous.freeze())

    later = _index_builder()
    later.load(io.StringIO(stored), js_index)
    assert later._index_entries == {"a": [("11-9111", "", "main")], "b": [("29-1141", "", "main")]}
    later.prune({"a"})  # b is written again (or was removed): its entries go until it is fed again
    assert later._index_entries == {"a": [("11-9111", "", "main")]}
    assert later.freeze()["indexentries"] == {"11-9111": [(0, "", True)]}


# --- 6. The sidebar's toggles are named --------------------------------------------------------------


def test_the_theme_still_makes_unnamed_toggles_and_looks_the_function_up_when_it_runs(monkeypatch):
    from bs4 import BeautifulSoup
    from pydata_sphinx_theme import toctree

    monkeypatch.setattr(toctree, "add_collapse_checkboxes", toctree.add_collapse_checkboxes)
    soup = BeautifulSoup(
        '<ul><li class="toctree-l1 has-children"><a class="reference internal" href="b.html">Part B</a>'
        '<ul><li class="toctree-l2"><a href="c.html">C</a></li></ul></li></ul>',
        "html.parser",
    )
    toctree.add_collapse_checkboxes(soup)
    summary = soup.select_one("li > details > summary")
    assert summary is not None and summary.get_text(strip=True) == "", "the theme names its toggles now: drop patch 6"
    assert "add_collapse_checkboxes(soup)" in inspect.getsource(toctree.add_toctree_functions)

    assert compat.name_sidebar_toggles()
    assert compat.name_sidebar_toggles()  # idempotent: a second build in the same process
    fresh = BeautifulSoup(
        '<ul><li class="toctree-l1 has-children"><a class="reference internal" href="b.html">Part B</a>'
        '<ul><li class="toctree-l2"><a href="c.html">C</a></li></ul></li></ul>',
        "html.parser",
    )
    toctree.add_collapse_checkboxes(fresh)
    assert fresh.select_one("summary")["aria-label"] == "Show or hide the pages under Part B"


# --- 7. No download entry for unshipped sources -------------------------------------------------------


def test_the_theme_still_offers_the_source_download_and_the_filter_drops_it():
    from sphinx_book_theme import header_buttons

    source = inspect.getsource(header_buttons.add_header_buttons)
    assert '"label": "download-source-button"' in source and '"label": "download-buttons"' in source
    context = {
        "header_buttons": [
            {
                "label": "download-buttons",
                "buttons": [{"label": "download-source-button"}, {"label": "download-pdf-button"}],
            }
        ]
    }
    app = SimpleNamespace(config=SimpleNamespace(html_copy_source=False))
    compat.drop_unshipped_source_buttons(app, "p", "page.html", context, None)
    assert context["header_buttons"][0]["buttons"] == [{"label": "download-pdf-button"}]


# --- 8. Header buttons named after what they show ----------------------------------------------------


def test_the_theme_templates_still_hold_what_patch_8_rewrites():
    import pydata_sphinx_theme

    components = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components"
    field = (components / "search-button-field.html").read_text()
    switch = (components / "theme-switcher.html").read_text()
    assert 'search-button__button pst-js-only" title="{{ _(\'Search\') }}" aria-label="{{ _(\'Search\') }}"' in field
    assert 'theme-switch-button pst-js-only" aria-label="{{ _(\'Color mode\') }}"' in switch
    page = (
        '<button class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search"'
        " data-x>"
    )
    assert compat.fix_theme_html(page) == (
        '<button class="btn search-button-field search-button__button pst-js-only" title="Search" data-x>'
    )


def test_whitespace_is_left_out_only_where_it_cannot_change_the_page():
    page = "<div>\n    <p>a\n\n   b</p>\n  <pre>x\n\n    y</pre>\n <script>\n  var a;\n\n</script>\n<TEXTAREA> t\n\n u</TEXTAREA></div>"
    assert compat.collapse_whitespace(page) == (
        "<div>\n<p>a\nb</p>\n<pre>x\n\n    y</pre>\n<script>\n  var a;\n\n</script>\n<TEXTAREA> t\n\n u</TEXTAREA></div>"
    )


def test_sphinx_search_still_skips_numeric_query_words():
    """The search index leaves out numbers (publish.search.SearchEnglishWords) because the search page never
    looks them up: pinned here, so that a Sphinx whose search does look numbers up is noticed."""
    from occprofiles.publish.search import SearchEnglishWords

    assert "queryTerm.match(/^\\d+$/)" in compat.searchtools_source()
    words = SearchEnglishWords({})
    assert [w for w in ("123", "860", "", "nurse", "2nd", "x86", "\u00b2") if words.word_filter(w)] == [
        "nurse",
        "2nd",
        "x86",
        "\u00b2",
    ]


def test_the_theme_still_loads_the_search_index_on_every_page_and_patch_10_keeps_it_where_it_is_used():
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    layout = (theme / "layout.html").read_text()
    assert "<script src=\"{{ pathto('searchindex.js', 1) | e }}\"></script>" in layout
    assert "search_as_you_type = False" in (theme / "theme.conf").read_text()
    scripts = (
        '<script src="../../_static/searchtools.js"></script>\n'
        '<script src="../../_static/language_data.js"></script>\n'
        '<script src="../../searchindex.js"></script>\n'
    )
    page = f'<head>{scripts}<script src="../../_static/occ.js"></script></head>'
    assert compat.drop_unused_search_scripts(page, {"pagename": "book/intro"}) == (
        '<head><script src="../../_static/occ.js"></script></head>'
    )
    assert compat.drop_unused_search_scripts(page, {"pagename": "search"}) == page
    assert compat.drop_unused_search_scripts(page, {"pagename": "x", "theme_search_as_you_type": "True"}) == page


def test_codes_in_link_text_are_kept_whole_and_nowhere_else():
    page = (
        "<title>Registered Nurses (SOC 29-1141)</title>"
        '<a class="reference internal" href="index.html">Healthcare Practitioners (SOC 29-0000)</a>'
        '<a title="Nurses (SOC 29-1141)" href="x.html">Nurses (SOC 29-1141)</a>'
        "<p>Registered Nurses (SOC 29-1141)</p>"
    )
    assert compat.keep_link_codes_whole(page) == (
        "<title>Registered Nurses (SOC 29-1141)</title>"
        '<a class="reference internal" href="index.html">Healthcare Practitioners (SOC <span class="occ-code">29-0000</span>)</a>'
        '<a title="Nurses (SOC 29-1141)" href="x.html">Nurses (SOC <span class="occ-code">29-1141</span>)</a>'
        "<p>Registered Nurses (SOC 29-1141)</p>"
    )


def test_jupyter_book_still_loads_the_unused_extensions_and_patch_12_leaves_them_out(monkeypatch):
    import jupyter_book.config

    stock = jupyter_book.config.get_default_sphinx_config
    assert set(compat.UNUSED_DEFAULT_EXTENSIONS) <= set(stock()["extensions"])  # else: drop the patch
    assert "get_default_sphinx_config()" in inspect.getsource(jupyter_book.config.yaml_to_sphinx)
    monkeypatch.setattr(jupyter_book.config, "get_default_sphinx_config", stock)
    assert compat.drop_unused_default_extensions()
    patched = jupyter_book.config.get_default_sphinx_config()["extensions"]
    assert not set(compat.UNUSED_DEFAULT_EXTENSIONS) & set(patched)
    assert {"myst_nb", "jupyter_book", "sphinx_external_toc", "sphinx_book_theme", "sphinx_comments"} <= set(patched)
    sphinx, _, _ = jupyter_book.config.yaml_to_sphinx({"sphinx": {"extra_extensions": ["occprofiles.publish.codes"]}})
    assert not set(compat.UNUSED_DEFAULT_EXTENSIONS) & set(sphinx["extensions"])
