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


def _compact_path(d: str) -> str:
    d = re.sub(r"\s*([MLCQZz])\s*", r"\1", d)  # "M 1 2 L 3 4 z" -> "M1 2L3 4z"
    return re.sub(r"(\d)\.0(?!\d)", r"\1", d)  # 342.0 -> 342


def minify_svg(svg: str) -> str:
    """Drop the XML prologue and metadata; round coordinates (not text) to 0.1 pt; compact paths and
    styles; unwrap single-element groups. The drawing is unchanged (to 0.1 pt); the SVG is ~40% smaller."""
    svg = re.sub(r"<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = _ATTRIBUTE.sub(
        lambda m: m.group(1) + " ".join(_LONG_DECIMAL.sub(r"\1", m.group(2)).split()) + m.group(3), svg
    )
    svg = re.sub(r' d="([^"]*)"', lambda m: f' d="{_compact_path(m.group(1))}"', svg)
    svg = re.sub(
        r' style="([^"]*)"', lambda m: ' style="' + re.sub(r"\s*([:;])\s*", r"\1", m.group(1)).rstrip(";") + '"', svg
    )
    svg = re.sub(r' transform="rotate\(-?0 [^)]*\)"', "", svg)  # matplotlib writes a no-op rotation on every text
    # The clip path into the style, where styles_to_classes can share it (same meaning in CSS).
    svg = re.sub(r' clip-path="(url\(#[^)"]+\))"([^>]*?) style="([^"]*)"', r'\2 style="\3;clip-path:\1"', svg)
    svg = re.sub(r'<g id="[^"]*">', "<g>", svg)
    svg = re.sub(r">\s+<", "><", svg).strip()
    # <g><path .../></g> -> <path .../> (repeat: groups nest)
    for _ in range(3):
        svg = re.sub(r"<g>(<(?:path|use|rect|circle|line|polyline|polygon)\b[^>]*/>)</g>", r"\1", svg)
        svg = re.sub(r"<g>(<text\b[^>]*>[^<]*</text>)</g>", r"\1", svg)
    return svg


def style_class(style: str) -> str:
    """A class name derived from the style itself: the same name means the same style in every chart
    and chapter, so inline SVGs sharing one page (or one JupyterLab window) never restyle each other."""
    return "o" + hashlib.sha1(style.encode("utf-8")).hexdigest()[:8]


def styles_to_classes(svg: str) -> str:
    """Each repeated ``style="…"`` becomes one CSS rule and a class: matplotlib repeats the same
    style on every text and bar, which was half of a chart's bytes."""
    found = re.findall(r' style="([^"]*)"', svg)
    repeated = {s for s in found if found.count(s) > 1}
    names: dict[str, str] = {}

    def to_class(match: re.Match) -> str:
        style = match.group(1)
        if style not in repeated:
            return match.group(0)
        return f' class="{names.setdefault(style, style_class(style))}"'

    svg = re.sub(r' style="([^"]*)"', to_class, svg)
    if not names:
        return svg
    css = "".join(f".{name}{{{style}}}" for style, name in names.items())
    return re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + f"<style>{css}</style>", svg, count=1)


def accessible_svg(svg: str, alt: str, title_id: str) -> str:
    """role=img, named by its <title> (the chart's text alternative for screen readers and tooltips)."""
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    return re.sub(
        r"(<svg[^>]*>)", lambda m: m.group(1) + f'<title id="{title_id}">{html.escape(alt)}</title>', svg, count=1
    )
