"""The book's one chart style: palette, sizes and the matplotlib rc settings, applied only through
:func:`chart_style` (a context manager), so drawing a chart never changes matplotlib's global state.

Every chart draws inside ``chart_style()`` and its figure is a :class:`StyledFigure`, which applies the
style's drawing settings again whenever it is drawn (saved, shown in Jupyter), so whatever matplotlib
makes at draw time (tick labels, text hinting) looks the same. The file settings (SVG hash salt and font
type, PDF font type) are set by the one save path, ``charts.svg``. An analyst's own figures in the same
kernel keep their own look.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ParamSpec

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure

from . import compat

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FIGURE_WIDTH_IN = 6.5
MIN_FONT_PT = 9.0
TITLE_PT = 11.0
SVG_HASHSALT = "occprofiles"

# seaborn "colorblind" (Okabe-Ito based); roles chosen so they also differ in lightness.
BLUE = "#0173b2"
LIGHT_BLUE = "#56b4e9"
ORANGE = "#de8f05"
VERMILLION = "#d55e00"
GREEN = "#029e73"
GREY = "#949494"
DARK_GREY = "#555555"
TEXT = "#262626"
CAPTION = "#404040"
NP_FACE = "#ececec"
NP_EDGE = "#8c8c8c"
NP_HATCH = "////"

# ColorBrewer PuOr (5 classes, colour-blind safe): orange = below the national share, purple = above.
LQ_BINS: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.5, "#e66101", "below 0.50"),
    (0.5, 0.8, "#fdb863", "0.50–0.79"),
    (0.8, 1.25, "#f7f7f7", "0.80–1.24"),
    (1.25, 2.0, "#b2abd2", "1.25–1.99"),
    (2.0, math.inf, "#5e3c99", "2.00 and above"),
)
# ColorBrewer Blues (5 classes) for employment.
EMPLOYMENT_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


# seaborn 0.13's ``axes_style("whitegrid")`` updated with ``plotting_context("paper")``, written out: importing
# seaborn (and with it scipy and pandas' plotting) cost ~0.3 CPU-s per kernel for these constants alone.
# tests/test_chart_style.py checks they are still what seaborn gives.
SEABORN_WHITEGRID_PAPER: dict[str, Any] = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".8",
    "axes.facecolor": "white",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "axes.labelsize": 9.600000000000001,
    "axes.linewidth": 1.0,
    "axes.spines.bottom": True,
    "axes.spines.left": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "axes.titlesize": 9.600000000000001,
    "figure.facecolor": "white",
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "font.size": 9.600000000000001,
    "grid.color": ".8",
    "grid.linestyle": "-",
    "grid.linewidth": 0.8,
    "image.cmap": "rocket",
    "legend.fontsize": 8.8,
    "legend.title_fontsize": 9.600000000000001,
    "lines.linewidth": 1.2000000000000002,
    "lines.markersize": 4.800000000000001,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "patch.linewidth": 0.8,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "xtick.direction": "out",
    "xtick.labelsize": 8.8,
    "xtick.major.size": 4.800000000000001,
    "xtick.major.width": 1.0,
    "xtick.minor.size": 3.2,
    "xtick.minor.width": 0.8,
    "xtick.top": False,
    "ytick.color": ".15",
    "ytick.direction": "out",
    "ytick.labelsize": 8.8,
    "ytick.left": False,
    "ytick.major.size": 4.800000000000001,
    "ytick.major.width": 1.0,
    "ytick.minor.size": 3.2,
    "ytick.minor.width": 0.8,
    "ytick.right": False,
}
# seaborn's ``color_palette("colorblind").as_hex()``
SEABORN_COLORBLIND = (
    "#0173b2",
    "#de8f05",
    "#029e73",
    "#d55e00",
    "#cc78bc",
    "#ca9161",
    "#fbafe4",
    "#949494",
    "#ece133",
    "#56b4e9",
)


@lru_cache(maxsize=1)
def style_rc() -> dict[str, Any]:
    """The rc settings of the style (a cached dict: do not modify it)."""
    rc: dict[str, Any] = dict(SEABORN_WHITEGRID_PAPER)
    rc.update(
        {
            # pinned font (ships with matplotlib): same glyphs, same layout on every machine
            "font.family": ["sans-serif"],
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 9.5,
            # unhinted glyphs: indistinguishable at 100–200 dpi and ~17% faster to render than hinted
            "text.hinting": "no_hinting",
            # "$" is a currency sign here, never mathtext ("$73,390 to $94,700" must print as written)
            "text.parse_math": False,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 9.5,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "legend.title_fontsize": 9,
            "figure.titlesize": TITLE_PT,
            "figure.titleweight": "bold",
            "figure.labelsize": 9,
            "axes.prop_cycle": cycler(color=list(SEABORN_COLORBLIND)),
            "axes.edgecolor": ".7",
            "grid.color": ".88",
            "text.color": TEXT,
            "axes.labelcolor": TEXT,
            "xtick.color": TEXT,
            "ytick.color": TEXT,
            "patch.force_edgecolor": False,
            "hatch.linewidth": 0.8,
            # seaborn's "rocket" exists only once seaborn is imported; no book chart draws an image
            "image.cmap": "viridis",
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.facecolor": "white",
            "figure.constrained_layout.h_pad": 0.06,
            "figure.constrained_layout.w_pad": 0.06,
            # deterministic files
            "svg.hashsalt": SVG_HASHSALT,
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
        }
    )
    return rc


@lru_cache(maxsize=2)
def _validated(which: str) -> dict[RcKeyType, Any]:
    """The settings as matplotlib stores them (validated once, not on every use)."""
    return dict(mpl.RcParams(style_rc() if which == "style" else drawing_rc()))


@contextmanager
def _overlay(settings: dict[RcKeyType, Any]) -> Iterator[None]:
    """``mpl.rc_context`` for settings validated in advance: every rcParam is restored on exit.

    A chart enters the style several times (drawing, each save); rc_context would validate ~60 values
    each time, which cost ~5% of the chart time.
    """
    saved = dict.copy(mpl.rcParams)  # the plain values, no validation (as rc_context restores them)
    dict.update(mpl.rcParams, settings)
    try:
        yield
    finally:
        dict.update(mpl.rcParams, saved)


def chart_style() -> contextlib.AbstractContextManager[None]:
    """Draw (and save) with the book's style; matplotlib's rcParams are restored on exit.

    Nested use is fine (an inner context sets the same values). Use it for figures of your own that
    should look like the book's: ``with chart_style(): fig = Figure(); ...; fig.savefig(...)``.
    """
    return _overlay(_validated("style"))


def apply_style() -> contextlib.AbstractContextManager[None]:
    """Kept for old callers: the style as a context manager (``with apply_style(): ...``).

    It used to update the global rcParams; it no longer changes anything outside the ``with`` block.
    """
    return chart_style()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection inside: drawing or saving a chart makes tens of thousands of
    short-lived objects, and the full collections they trigger scan every object of the kernel (pandas,
    matplotlib, the profiles), ~15% of chart time. The chart's garbage is collected after, by the
    next (young-generation) collection. Nested use is fine; the previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


P = ParamSpec("P")


def drawn_in_chart_style(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorator: the chart function runs inside ``chart_style()`` (every public chart has it)."""

    @functools.wraps(draw)
    def in_style(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with gc_paused(), chart_style():
            return draw(*args, **kwargs)

    return in_style


# Settings read only when a file is written: they belong to whoever saves (charts.svg sets them).
OUTPUT_RC_PREFIXES = ("svg.", "pdf.", "ps.", "savefig.")


@lru_cache(maxsize=1)
def drawing_rc() -> dict[str, Any]:
    """The style without its file-output settings (what a figure needs whenever it is drawn)."""
    return {key: value for key, value in style_rc().items() if not key.startswith(OUTPUT_RC_PREFIXES)}


class StyledFigure(Figure):
    """A Figure that is always drawn in the chart style, whoever saves or displays it.

    Only the drawing settings are applied here: the output settings in force (``svg.fonttype`` of the
    chapter's inline SVG, for one) stay those of the caller. Its axes make new ticks as copies of their
    first tick (``compat.clone_new_ticks``).
    """

    _occprofiles_clone_ticks = True  # compat.CLONE_TICKS_ATTR

    def draw(self, renderer: Any) -> None:
        with _overlay(_validated("drawing")), compat.tick_updates_memoized():
            super().draw(renderer)

    def _repr_svg_(self) -> str:
        """Jupyter shows the figure (SVG in the chart style, glyphs as paths), with or without pyplot."""
        import io

        buffer = io.StringIO()
        with chart_style():
            self.savefig(buffer, format="svg")
        return buffer.getvalue()


def text_colour_for(face: str) -> str:
    """Black or white, whichever contrasts more with the face colour (WCAG relative luminance)."""
    r, g, b = mpl.colors.to_rgb(face)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"
