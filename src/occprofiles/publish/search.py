"""Sphinx extension: a search that finds occupations by title, SOC code and O*NET alternate title.

Sphinx's own search ranks every page that holds all the query's words at one of two scores (15 when a
word is in the title, 5 otherwise) and orders ties alphabetically; it drops numeric words, so "11-9111"
found nothing. This extension keeps Sphinx's search page and index (they work from file:// and from a
server, offline, with no service to run) and adds, through Sphinx's documented hooks:

- per chapter, **index entries** (the ``index`` directive's nodes, which Sphinx's search matches against
  the whole query, numbers included) for the SOC code and the O*NET-SOC codes, and the words of the
  O*NET specialties and alternate titles as full-text terms (a node that the HTML page does not show).
  Both are added when a page is written (``doctree-resolved``), so the general index stays as it was.
- a **scorer** (``html_search_scorer``: search_scorer.js) that ranks a chapter by how its title matches
  the query: SOC code, exact title, title phrase, exact alternate title, every word in the title, phrase
  in an alternate title, every word in one alternate title; then, within a tier, by employment.
- the scorer's **data** (title, codes, employment, alternate titles per chapter), written at the end of
  the build into ``_static/occprofiles-search-data.js``, which only the search page loads (the theme
  loads the search index and the scorer on every page; the alternate titles are 2 MB for the full book).

Employment orders results and is never shown: OEWS national employment (May release), or EP's base-year
employment where OEWS publishes none. Every entry is read from the chapter's profile JSON while Sphinx
reads the chapter and kept in Sphinx's environment, so an incremental build reads the changed chapters
only. The result summaries are taken from the article rather than the whole page: that one is a patch
of Sphinx's search JavaScript, so it lives in :mod:`.compat` (section 4), which says what it relies on.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.search.en import SearchEnglish

from . import compat

CHAPTER_DOC = re.compile(r"^book/chapters/\d\d/(?P<code>\d\d-\d{4})$")
SCORER_SOURCE = Path(__file__).with_name("search_scorer.js")
SCORER_FILE = "occprofiles-search-scorer.js"  # written into the doctree folder, read by Sphinx
DATA_FILE = "occprofiles-search-data.js"  # in the HTML's _static folder, loaded by the search page
ENV_ENTRIES = "occprofiles_search_entries"
ENV_SCORER_HASH = "occprofiles_search_scorer_hash"
_TRAILING_PARENTHESIS = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


@dataclass(frozen=True)
class SearchEntry:
    """What the search knows of one chapter besides its text."""

    code: str
    onet_codes: tuple[str, ...]
    title: str
    employment: int | None  # for ordering only; never shown
    aliases: tuple[str, ...]  # O*NET specialties and alternate titles, each form once


def title_forms(title: str) -> list[str]:
    """An O*NET alternate title and the form in its trailing parenthesis, each on its own:
    "Registered Nurse (RN)" -> ["Registered Nurse", "RN"]; "CDL Driver (Commercial Driver's License
    Driver)" -> ["CDL Driver", "Commercial Driver's License Driver"]; "Charge Nurse" -> ["Charge Nurse"]."""
    title = " ".join(title.split())
    match = _TRAILING_PARENTHESIS.match(title)
    forms = [match["outer"], match["inner"]] if match else [title]
    # ";" would split an index entry into entry and sub-entry
    return [f.replace(";", ",").strip() for f in forms if f.strip()]


def search_entry(profile: dict[str, Any]) -> SearchEntry:
    """The search entry of one chapter, from its profile JSON (the file beside the chapter)."""
    employment = profile["oews"].get("employment")
    if employment is None:
        employment = profile["projections"].get("employment_2024")
    onet = [profile.get("onet_soc_code")] + [s["onet_soc_code"] for s in profile.get("onet_specialties", [])]
    names = [s["title"] for s in profile.get("onet_specialties", [])] + list(profile.get("alternate_titles", []))
    aliases: dict[str, str] = {}
    for name in names:
        for form in title_forms(name):
            if form.lower() != profile["title"].lower():
                aliases.setdefault(form.lower(), form)
    return SearchEntry(
        code=profile["soc_code"],
        onet_codes=tuple(sorted({c for c in onet if c})),
        title=profile["title"],
        employment=int(employment) if employment is not None else None,
        aliases=tuple(sorted(aliases.values(), key=str.lower)),
    )


class SearchEnglishWords(SearchEnglish):
    """Sphinx's English search words, less the ones its search page never looks up.

    searchtools.js (Sphinx 7.4) skips every query word of ASCII digits (``queryTerm.match(/^\\d+$/)``), and
    splits queries into non-empty words; yet the index kept a term for every number on a page ("123", "860"
    from "$123,860", chart ticks) and an empty term listing every page: a fifth of searchindex.js, which
    every page loads, for nothing a query can reach. SOC codes are found through index entries, which
    match the whole query (see :func:`search_nodes`), not through terms."""

    def __init__(self, options: dict) -> None:
        super().__init__(options)
        # Sphinx asks about every word of every page (about 9,000 a chapter, a few thousand distinct in the
        # whole book), twice over, and stems each page's words afresh: both answers depend on the word alone.
        self._kept: dict[str, bool] = {}
        self._stems: dict[str, str] = {}

    def word_filter(self, word: str) -> bool:
        kept = self._kept.get(word)
        if kept is None:
            kept = bool(word) and not (word.isascii() and word.isdigit()) and super().word_filter(word)
            self._kept[word] = kept
        return kept

    def stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = self._stems[word] = super().stem(word)
        return stemmed


class search_terms(nodes.Element):
    """Words for the search index only: the HTML writer skips this node."""


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def search_nodes(entry: SearchEntry) -> list[nodes.Node]:
    """An index node for the codes (no target: a hit is the chapter itself) and the specialties and
    alternate titles as full-text words."""
    index = addnodes.index(entries=[("single", code, "", "main", None) for code in (entry.code, *entry.onet_codes)])
    words = search_terms()
    words += nodes.Text(" ".join(entry.aliases))
    return [index, words]


def search_data_script(entries: dict[str, SearchEntry]) -> str:
    """The scorer's data: docname -> title, codes, employment (null when neither source has it) and
    alternate titles, in docname order (the same chapters give the same file)."""
    data = {
        docname: {
            "title": e.title,
            "codes": [e.code, *e.onet_codes],
            "employment": e.employment,
            "aliases": list(e.aliases),
        }
        for docname, e in sorted(entries.items())
    }
    return "var OCCPROFILES_SEARCH = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


# --- collecting the entries while Sphinx reads (they live in the environment, so an incremental build
# --- reads the JSON of the changed chapters only)


def _entries(env: Any) -> dict[str, SearchEntry]:
    if not hasattr(env, ENV_ENTRIES):
        setattr(env, ENV_ENTRIES, {})
    return getattr(env, ENV_ENTRIES)


def _read_entry(app: Any, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not CHAPTER_DOC.match(docname):
        return
    profile_json = Path(app.env.doc2path(docname)).with_suffix(".json")
    if profile_json.exists():
        profile = json.loads(profile_json.read_text(encoding="utf-8"))
        _entries(app.env)[docname] = search_entry(profile)


def _purge(app: Any, env: Any, docname: str) -> None:
    _entries(env).pop(docname, None)


def _merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    _entries(env).update({d: e for d, e in _entries(other).items() if d in docnames})


def _add_search_nodes(app: Any, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not _ours(app):
        return
    entry = _entries(app.env).get(docname)
    if entry is not None:
        doctree += search_nodes(entry)


# --- the scorer (search_scorer.js and the summary patch from compat) and its data


def scorer_source() -> str:
    return SCORER_SOURCE.read_text(encoding="utf-8") + "\n" + compat.SEARCH_SUMMARY_FROM_ARTICLE_JS


def _use_scorer(app: Any, config: Any) -> None:
    """config-inited: use our scorer unless the configuration names one, or Sphinx's search script no
    longer has the shape it relies on (then the search is Sphinx's own)."""
    if config.html_search_scorer or not compat.searchtools_has_the_hooks_the_scorer_uses():
        return
    compat.keep_search_index_entries()
    config.html_search_scorer = str(Path(app.doctreedir) / SCORER_FILE)


def _ours(app: Any) -> bool:
    return bool(app.config.html_search_scorer) and app.config.html_search_scorer.endswith(SCORER_FILE)


def _outdated(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """A new scorer must reach language_data.js, which Sphinx writes only when some page is out of date:
    when the scorer's source changed, the root page is read again."""
    digest = hashlib.sha256(scorer_source().encode()).hexdigest()
    if getattr(env, ENV_SCORER_HASH, None) == digest:
        return []
    setattr(env, ENV_SCORER_HASH, digest)
    return [app.config.root_doc] if app.config.root_doc in env.found_docs else []


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _write_scorer(app: Any, env: Any) -> None:
    """env-updated: before Sphinx reads the scorer file (when it starts writing)."""
    if _ours(app):
        _write_if_changed(Path(app.config.html_search_scorer), scorer_source())


def _load_data_on_the_search_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search" and _ours(app):
        app.add_js_file(DATA_FILE)


def _write_data(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and _ours(app):
        _write_if_changed(Path(app.outdir) / "_static" / DATA_FILE, search_data_script(_entries(app.env)))


def setup(app: Any) -> dict[str, Any]:
    app.add_node(search_terms, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_search_language(SearchEnglishWords)
    app.connect("config-inited", _use_scorer)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _read_entry)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _write_scorer)
    app.connect("doctree-resolved", _add_search_nodes)
    app.connect("html-page-context", _load_data_on_the_search_page)
    app.connect("build-finished", _write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
