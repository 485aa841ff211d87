"""A chart's title and caption laid out from the sizes of their words (private matplotlib API, as in compat.py).

Every chart's title and caption (``layout.finish``: the figure's ``suptitle`` and ``supxlabel``, left-aligned)
name the occupation, so each chapter brings new lines, and matplotlib 3.11 measures a line by shaping it whole
(libraqm) and loading each glyph: ~0.7 ms for a title line, in each of the two renderers (Agg for the layout,
SVG for the output). That was ~19 ms of a chapter's ~350 ms of charts (measured).

In a left-aligned block of lines, only the lines' heights place anything: each line goes down by its ascent and
descent; the widths only size the block's box, which nothing reads (the layout engine takes the title's and
caption's heights; SVG text is anchored at its start). So here a line is measured as its words, each measured
(and cached, for every later title and caption) by the renderer itself:

- ascent: the highest of its words' (and at least 0: a space's empty glyph sits on the baseline);
- descent: the deepest of its words' (at least 0, likewise);
- width: the words' and the spaces' widths added up: close, not exact (kerning across a space and sub-pixel
  positions are left out), and unused.

The heights are exact: a word is shaped alone as within its line (the font has no lookup that spans a space)
and a glyph's height does not depend on where it sits on the line. The sizes are recomputed from the renderer's
own integer units (1/64 pixel) with its own arithmetic, so they are the same floats (a measure that does not
convert back exactly is not used: the whole line is measured). Checked: every chart of 240 chapters gave the
same SVG bytes as with whole lines measured; tests in ``tests/test_charts_compat.py``.
"""

from __future__ import annotations

from typing import Any

import matplotlib.text as mtext
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

BLOCK_ATTR = "_occprofiles_text_block"
_UNITS_PER_PIXEL = 64.0  # FreeType's 26.6 fixed point, as both renderers convert it


def mark_text_blocks(*texts: mtext.Text) -> None:
    """Lay out these texts (a chart's title and caption) from their words' sizes, while they stay blocks
    that only their heights place (``is_text_block``)."""
    for text in texts:
        setattr(text, BLOCK_ATTR, True)


def is_text_block(text: mtext.Text) -> bool:
    """A marked text that its lines' widths cannot move: left-aligned lines, not rotated, no box drawn."""
    return (
        getattr(text, BLOCK_ATTR, False)
        and text.get_horizontalalignment() == "left"
        and getattr(text, "_multialignment", None) in (None, "left")
        and text.get_rotation() == 0
        and text.get_bbox_patch() is None
    )


class WordMeasuringRenderer:
    """A renderer as ``Text._get_layout`` sees it, measuring a line of several words by its words."""

    # Not the wrapped renderer's ``_renderer``: what is measured through this stand-in is not shared as the
    # renderer's own sizes (compat.share_text_metrics keys on the renderer behind ``_renderer``).
    _renderer = None

    def __init__(self, renderer: Any, dpi: float) -> None:
        self._wrapped = renderer
        self._dpi = dpi
        inner = getattr(renderer, "_renderer", renderer)
        self._through_text_path = type(inner).__name__ == "RendererSVG"  # sizes scaled from TextToPath's

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

    def _measure(self, text: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
        # Looked up at each call: the shared sizes when compat.share_text_metrics is on, matplotlib's otherwise.
        measure = getattr(mtext, "_get_text_metrics_with_cache")  # noqa: B009 - private, not in the stubs
        return measure(self._wrapped, text, prop, ismath, self._dpi)

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
        words = s.split(" ")
        if ismath is not False or len(words) == 1:
            return self._measure(s, prop, ismath)
        # The renderer's sizes are integer 1/64 pixels, converted: Agg divides by 64; TextToPath measures
        # at FONT_SCALE points and scales the quotient to the font's size.
        scale = prop.get_size_in_points() / TextToPath.FONT_SCALE if self._through_text_path else 1.0

        def to_size(units: int) -> float:
            return units / _UNITS_PER_PIXEL * scale if self._through_text_path else units / _UNITS_PER_PIXEL

        top = bottom = 0  # a space's glyph is empty: it spans the baseline only
        width = self._measure(" ", prop, False)[0] * (len(words) - 1)
        for word in filter(None, words):
            word_width, height, descent = self._measure(word, prop, False)
            height_units = round(height / scale * _UNITS_PER_PIXEL)
            descent_units = round(descent / scale * _UNITS_PER_PIXEL)
            if to_size(height_units) != height or to_size(descent_units) != descent:
                return self._measure(s, prop, ismath)  # not the arithmetic expected: measure the line whole
            top = max(top, height_units - descent_units)
            bottom = min(bottom, -descent_units)
            width += word_width
        return width, to_size(top - bottom), to_size(-bottom)
