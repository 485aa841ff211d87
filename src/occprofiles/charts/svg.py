"""The one way a chart leaves matplotlib: ``write_figure``, used by ``save_figure`` (PNG, SVG or PDF
files) and by ``inline_svg`` (the SVG a chapter embeds in its page).

Both save inside the chart style (saving reads rcParams: hash salt, font type, hinting) with no volatile
metadata (dates, software versions), so the same figure always gives the same bytes. The inline SVG then
goes through the post-processing below: smaller (coordinates rounded, styles shared as classes) and
accessible (role=img, named by the chart's text alternative).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections import Counter
from os import PathLike
from typing import IO, TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.figure import Figure

from .style import SVG_HASHSALT, chart_style, gc_paused

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

VOLATILE_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
# Files: text drawn as paths (the same glyphs in every viewer); fonts embedded as TrueType in PDFs.
FILE_RC: dict[RcKeyType, Any] = {"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path", "pdf.fonttype": 42}
# Inline in a page: text stays text (selectable, searchable, smaller); images inside the SVG.
INLINE_SVG_RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": SVG_HASHSALT, "svg.image_inline": True}


def write_figure(
    fig: Figure, target: str | PathLike | IO, format: str, rc: dict[RcKeyType, Any], dpi: float | None = None
) -> None:
    """Save ``fig`` in the chart style plus ``rc``, without volatile metadata, on a white background.

    ``dpi=None`` takes the style's ``savefig.dpi``. ``target`` is a path or a binary (text, for SVG)
    file object.
    """
    form = format.lower()
    if form not in VOLATILE_METADATA:
        raise ValueError(f"format must be one of {', '.join(VOLATILE_METADATA)}, not {format!r}")
    options: dict[str, Any] = {"format": form, "metadata": dict(VOLATILE_METADATA[form]), "facecolor": "white"}
    if dpi is not None:
        options["dpi"] = dpi
    with gc_paused(), chart_style(), mpl.rc_context(rc):
        fig.savefig(target, **options)


def save_figure(fig: Figure, target: str | PathLike | IO[bytes], format: str = "png", dpi: float = 150) -> None:
    """Write ``fig`` as PNG, SVG or PDF with no volatile metadata: same figure, same bytes.

    The figure keeps its size (no ``bbox_inches="tight"``), so every chart is exactly 6.5 in wide.
    """
    write_figure(fig, target, format, FILE_RC, dpi=dpi)


def figure_svg(fig: Figure) -> str:
    """The figure as compact SVG text for a page (text as text), no volatile content."""
    buffer = io.StringIO()
    write_figure(fig, buffer, "svg", INLINE_SVG_RC)
    return minify_svg(buffer.getvalue())


def inline_svg(fig: Figure, alt: str, title_id: str) -> str:
    """What a chapter embeds: compact SVG, styles shared as classes, named by ``alt`` for screen readers."""
    return accessible_svg(styles_to_classes(figure_svg(fig)), alt, title_id)


# ------------------------------------------------------------------------------------------------
# post-processing of matplotlib's SVG
# ------------------------------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|width|height|transform|points|cx|cy|r|viewBox)=")([^"]*)(")')
_LONG_DECIMAL = re.compile(r"(\d+\.\d)\d+")
# Compiled once; replacements are functions, not templates like r"\1" (re expands a template in Python for
# every match: the coordinates of a chart are thousands of matches).
_PROLOGUE = re.compile(r"<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?")
_METADATA = re.compile(r"<metadata>.*?</metadata>", flags=re.DOTALL)
_PATH_DATA = re.compile(r' d="([^"]*)"')
_PATH_COMMAND = re.compile(r"\s*([MLCQZz])\s*")
_WHOLE_DECIMAL = re.compile(r"(\d)\.0(?!\d)")
_STYLE = re.compile(r' style="([^"]*)"')
_STYLE_SEPARATOR = re.compile(r"\s*([:;])\s*")
_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^)]*\)"')
_CLIP_PATH = re.compile(r' clip-path="(url\(#[^)"]+\))"([^>]*?) style="([^"]*)"')
_GROUP_ID = re.compile(r'<g id="[^"]*">')
_BETWEEN_TAGS = re.compile(r">\s+<")
_LONE_ELEMENT = re.compile(r"<g>(<(?:path|use|rect|circle|line|polyline|polygon)\b[^>]*/>)</g>")
_LONE_TEXT = re.compile(r"<g>(<text\b[^>]*>[^<]*</text>)</g>")
_SVG_TAG = re.compile(r"(<svg[^>]*>)")
_CLIP_DEF = re.compile(r'<clipPath id="([^"]+)">(.*?)</clipPath>', flags=re.DOTALL)
# A clip path's name where it is defined (id="…") and used (url(#…)); the prefix is matched, not looked
# behind for: a lookbehind is tried at every character of the SVG, a literal prefix is scanned for.
_CLIP_ID_USE = re.compile(r'(id="|url\(#)(p[0-9a-f]+)(?=[")])')
# style="…" as written -> compacted: a chart repeats a few styles many times (its texts, bars, lines).
_compacted_styles: dict[str, str] = {}
_MAX_COMPACTED_STYLES = 10_000


def _group1(match: re.Match) -> str:
    return match.group(1)


def _short_attribute(match: re.Match) -> str:
    return match.group(1) + " ".join(_LONG_DECIMAL.sub(_group1, match.group(2)).split()) + match.group(3)


def _compact_path(d: str) -> str:
    d = _PATH_COMMAND.sub(_group1, d)  # "M 1 2 L 3 4 z" -> "M1 2L3 4z"
    return _WHOLE_DECIMAL.sub(_group1, d)  # 342.0 -> 342


def _compact_path_attribute(match: re.Match) -> str:
    return f' d="{_compact_path(match.group(1))}"'


def _compact_style(match: re.Match) -> str:
    style = match.group(1)
    compacted = _compacted_styles.get(style)
    if compacted is None:
        if len(_compacted_styles) > _MAX_COMPACTED_STYLES:
            _compacted_styles.clear()
        compacted = _compacted_styles[style] = ' style="' + _STYLE_SEPARATOR.sub(_group1, style).rstrip(";") + '"'
    return compacted


def _clip_path_in_style(match: re.Match) -> str:
    clip, between, style = match.groups()
    return f'{between} style="{style};clip-path:{clip}"'


def minify_svg(svg: str) -> str:
    """Drop the XML prologue and metadata; round coordinates (not text) to 0.1 pt; compact paths and
    styles; unwrap single-element groups. The drawing is unchanged (to 0.1 pt); the SVG is ~40% smaller."""
    svg = _PROLOGUE.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = _ATTRIBUTE.sub(_short_attribute, svg)
    svg = _PATH_DATA.sub(_compact_path_attribute, svg)
    svg = _STYLE.sub(_compact_style, svg)
    svg = _NO_ROTATION.sub("", svg)  # matplotlib writes a no-op rotation on every text
    # The clip path into the style, where styles_to_classes can share it (same meaning in CSS).
    svg = _CLIP_PATH.sub(_clip_path_in_style, svg)
    svg = _GROUP_ID.sub("<g>", svg)
    svg = _BETWEEN_TAGS.sub("><", svg).strip()
    svg = _name_clip_paths_by_content(svg)
    # <g><path .../></g> -> <path .../> (repeat: groups nest)
    for _ in range(3):
        svg = _LONE_ELEMENT.sub(_group1, svg)
        svg = _LONE_TEXT.sub(_group1, svg)
    return svg


def _name_clip_paths_by_content(svg: str) -> str:
    """Each clip path named by a hash of its definition as written (rounded), one definition per name.

    matplotlib names a clip rectangle by a hash of its unrounded bounds, whose last bits vary from one draw to
    the next (constrained layout's solver: a comparison chart's axes differed in the 16th digit between two
    draws in one process), so the same drawing could carry another name and the page other bytes."""
    names: dict[str, str] = {}
    for old, body in _CLIP_DEF.findall(svg):
        names[old] = "p" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]
    if not names:
        return svg
    seen: set[str] = set()

    def once(match: re.Match) -> str:  # two clip paths alike are one: no id twice in a page
        name = names[match.group(1)]
        if name in seen:
            return ""
        seen.add(name)
        return f'<clipPath id="{name}">{match.group(2)}</clipPath>'

    def renamed(match: re.Match) -> str:
        prefix, old = match.groups()
        return prefix + names.get(old, old)

    svg = _CLIP_DEF.sub(once, svg)
    return _CLIP_ID_USE.sub(renamed, svg)


def style_class(style: str) -> str:
    """A class name derived from the style itself: the same name means the same style in every chart
    and chapter, so inline SVGs sharing one page (or one JupyterLab window) never restyle each other."""
    return "o" + hashlib.sha1(style.encode("utf-8")).hexdigest()[:8]


def styles_to_classes(svg: str) -> str:
    """Each repeated ``style="…"`` becomes one CSS rule and a class: matplotlib repeats the same
    style on every text and bar, which was half of a chart's bytes."""
    repeated = {s for s, n in Counter(_STYLE.findall(svg)).items() if n > 1}
    names: dict[str, str] = {}

    def to_class(match: re.Match) -> str:
        style = match.group(1)
        if style not in repeated:
            return match.group(0)
        return f' class="{names.setdefault(style, style_class(style))}"'

    svg = _STYLE.sub(to_class, svg)
    if not names:
        return svg
    css = "".join(f".{name}{{{style}}}" for style, name in names.items())
    return _SVG_TAG.sub(lambda m: m.group(1) + f"<style>{css}</style>", svg, count=1)


def accessible_svg(svg: str, alt: str, title_id: str) -> str:
    """role=img, named by its <title> (the chart's text alternative for screen readers and tooltips)."""
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    return _SVG_TAG.sub(lambda m: m.group(1) + f'<title id="{title_id}">{html.escape(alt)}</title>', svg, count=1)
