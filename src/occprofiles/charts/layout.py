"""Figure plumbing shared by every chart: the figure, wrapped titles and captions, the one layout
pass, the "not published" figure, row axes and label placement without overlaps."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.textpath import TextToPath

from .. import formatting as fmt
from . import compat, compat_blocks, compat_geometry, compat_ticks
from .style import (
    CAPTION,
    FIGURE_WIDTH_IN,
    MIN_FONT_PT,
    TEXT,
    TITLE_PT,
    StyledFigure,
    style_rc,
)

_BODY_ATTR = "_occprofiles_body_in"
# A panel title's height in axes coordinates, given explicitly (``ax.set_title(text, y=PANEL_TITLE_Y)``).
# Left to matplotlib, it is placed at 1.0 too (the x tick labels are at the bottom, so nothing is
# above the axes to avoid), but only after measuring the y axis again at every layout pass and draw,
# ~9% of chart time. The SVG is byte-identical either way (checked over 649 charts of 59 chapters).
PANEL_TITLE_Y = 1.0


def new_figure(body_in: float) -> Figure:
    """A 6.5 in wide figure whose axes area (with tick labels and axis labels) is ``body_in`` tall.

    Call it inside ``chart_style()``. ``finish`` adds the height of the title and caption once their line counts are known.
    """
    compat.share_text_metrics()  # looked up on the module: a test turns it off
    compat.share_text_layouts()
    compat.clone_new_ticks()
    compat_ticks.defer_minor_ticks()
    compat_geometry.join_bboxes_at_once()
    compat_geometry.memoize_axes_patch_transform()
    fig = StyledFigure(figsize=(FIGURE_WIDTH_IN, body_in + 1.0), layout="constrained")
    FigureCanvasAgg(fig)
    setattr(fig, _BODY_ATTR, body_in)
    return fig


def agg_renderer(fig: Figure) -> RendererAgg:
    """The renderer of a figure made by ``new_figure`` (its Agg canvas): text extents for placing labels."""
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        raise TypeError(f"expected a figure made by new_figure (Agg canvas), not one on {type(canvas).__name__}")
    return canvas.get_renderer()


def wrap_chars(text: str, width: int) -> str:
    """Wrap by characters (axis labels, where a line is far shorter than the figure).

    Never cut: a label is the reader's only name for its row, so it takes as many lines as it needs and
    the chart grows to fit (see ``label_lines``).
    """
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""])


def label_lines(labels: Sequence[str]) -> int:
    """The most lines any of the (wrapped) labels takes: the row height a chart needs for them."""
    return max((label.count("\n") + 1 for label in labels), default=1)


def row_height_in(lines: int, minimum: float) -> float:
    """The height of one labelled row: ``minimum``, or more when its label takes more than two lines."""
    return max(minimum, 0.08 + 0.165 * lines)


@lru_cache(maxsize=1)
def _text_to_path() -> TextToPath:
    return TextToPath()


@lru_cache(maxsize=4096)
def _text_width_pt(text: str, size: float, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties

    # No rc settings of the style matter here (the font is explicit, TextToPath never hints), and it
    # runs inside a chart anyway: so no style context for each of the hundreds of strings measured.
    prop = FontProperties(family=style_rc()["font.sans-serif"], size=size, weight="bold" if bold else "normal")
    width, _, _ = _text_to_path().get_text_width_height_descent(text, prop, ismath=False)
    return width


# A candidate line is measured whole only when the sum of its words' widths is this close to the limit.
# Unhinted glyph advances add up (DejaVu Sans here has no kerning across a space): over every title and
# caption of 40 chapters (52,112 candidate lines) the sum differed from the whole-line measure by
# < 1e-12 pt. Measuring near the limit keeps every line break exactly as a whole-line measure makes it.
_WRAP_CHECK_PT = 0.5


@lru_cache(maxsize=2048)
def wrap_pt(text: str, width_pt: float, size: float, bold: bool = False) -> str:
    """Wrap by measured width (titles and captions span the whole figure; "W" is wider than "i").

    Cached: the same source lines and notes come back in every chapter. A candidate line's width is the
    sum of its words' (each measured once, cached) and spaces; only a line within ``_WRAP_CHECK_PT`` of
    the limit is measured whole (measuring costs ~11 µs per character: every candidate line of a long
    note, measured whole, was ~5% of chart time).
    """
    space = _text_width_pt(" ", size, bold)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for word in paragraph.split():
            word_width = _text_width_pt(word, size, bold)
            if not line:
                line, line_width = word, word_width
                continue
            candidate, estimate = f"{line} {word}", line_width + space + word_width
            too_wide = (
                _text_width_pt(candidate, size, bold) > width_pt
                if abs(estimate - width_pt) <= _WRAP_CHECK_PT
                else estimate > width_pt
            )
            if too_wide:
                out.append(line)
                line, line_width = word, word_width
            else:
                line, line_width = candidate, estimate
        out.append(line)
    return "\n".join(out)


# usable text width: the figure minus the left offset of title/caption and a right margin
_LINE_PT = (FIGURE_WIDTH_IN - 0.2) * 72
_TITLE_LINE_IN = TITLE_PT * 1.22 / 72
_CAPTION_LINE_IN = MIN_FONT_PT * 1.3 / 72


def finish(fig: Figure, title: str, source: str, notes: Sequence[str] = ()) -> None:
    """Title (top left) and caption: notes, then the source line (bottom left); then lay out once."""
    title_text = wrap_pt(title, _LINE_PT, TITLE_PT, bold=True)
    paragraphs = [" ".join(n for n in notes if n)] if any(notes) else []
    paragraphs.append(source)
    caption = "\n".join(wrap_pt(p, _LINE_PT, MIN_FONT_PT) for p in paragraphs)
    body = getattr(fig, _BODY_ATTR, None)
    if body is not None:
        height = (
            body
            + 0.16
            + (title_text.count("\n") + 1) * _TITLE_LINE_IN
            + 0.14
            + (caption.count("\n") + 1) * _CAPTION_LINE_IN
        )
        fig.set_size_inches(FIGURE_WIDTH_IN, round(height, 2))
    title_block = fig.suptitle(title_text, x=0.012, ha="left")
    caption_block = fig.supxlabel(caption, x=0.012, ha="left", fontsize=MIN_FONT_PT, color=CAPTION, linespacing=1.3)
    compat_blocks.mark_text_blocks(title_block, caption_block)  # laid out from their words' sizes
    freeze_layout(fig)


def freeze_layout(fig: Figure) -> None:
    """Run constrained layout once, now, and keep its result.

    With a layout engine attached, every ``savefig`` lays the figure out again (twice: a dry draw,
    then the real one). Frozen, saving is a single draw, and the PNG, SVG and PDF of one figure share
    exactly the same layout. To add artists outside the axes afterwards, re-attach an engine:
    ``fig.set_layout_engine("constrained")``.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        with compat.tick_updates_memoized():
            engine.execute(fig)
        fig.set_layout_engine(None)


def not_published_figure(title: str, source: str, reason: str) -> Figure:
    reason = reason.strip().rstrip(".") or fmt.NOT_PUBLISHED
    text = wrap_pt(f"Not published: {reason}.", _LINE_PT - 10, 10)
    lines = text.count("\n") + 1
    fig = new_figure(0.2 + lines * 10 * 1.3 / 72)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.0, 0.5, text, transform=ax.transAxes, ha="left", va="center", fontsize=10, color=TEXT)
    finish(fig, title, source)
    fig.set_label("not published")
    return fig


def hide_y_grid(ax: Axes) -> None:
    ax.grid(axis="y", visible=False)


def spread(targets: Sequence[float], widths: Sequence[float], lo: float, hi: float, gap: float) -> list[float]:
    """Centres for labels of the given widths, as near their targets as possible without overlap.

    Overlapping labels are merged into clusters that are centred on their targets' mean and kept
    inside [lo, hi]; repeated until nothing overlaps.
    """
    n = len(targets)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: targets[i])
    clusters: list[list[int]] = [[i] for i in order]

    def place(cluster: list[int]) -> tuple[float, float]:
        total = sum(widths[i] for i in cluster) + gap * (len(cluster) - 1)
        centre = sum(targets[i] for i in cluster) / len(cluster)
        start = min(max(centre - total / 2, lo), max(lo, hi - total))
        return start, start + total

    changed = True
    while changed:
        changed = False
        spans = [place(c) for c in clusters]
        for k in range(len(clusters) - 1):
            if spans[k][1] + gap > spans[k + 1][0]:
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                changed = True
                break
    out = [0.0] * n
    for cluster in clusters:
        x, _ = place(cluster)
        for i in cluster:
            out[i] = x + widths[i] / 2
            x += widths[i] + gap
    return out


def set_rows(ax: Axes, n: int) -> None:
    """Rows 0..n-1 from top to bottom, every row inside the axes (with or without a bar)."""
    ax.set_ylim(n - 0.5, -0.5)


def ytick_labels(ax: Axes, labels: Sequence[str], bold: Sequence[bool] = ()) -> None:
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    for tick, b in zip(ax.get_yticklabels(), bold, strict=False):
        if b:
            tick.set_fontweight("bold")
