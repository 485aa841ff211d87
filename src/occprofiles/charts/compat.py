"""The one place that touches private matplotlib API: text sizes (and, below, text layouts) shared
between figures.

matplotlib caches the size of a string per renderer *instance*, and every figure (and every save) gets
a new renderer, so each chart measured its state names, tick labels and source lines again. For the
two renderers the book uses (Agg for the layout, SVG for the output) the size depends only on the
renderer's class and dpi, the string, the font and the text rcParams: keyed on those, the cache lives
as long as the process (a render worker's kernel draws thousands of charts). Any other renderer (PDF,
PS, …) is measured by matplotlib as before. Output is byte-identical (tested); ~13% less chart time.

The patched function is ``matplotlib.text._get_text_metrics_with_cache(renderer, text, fontprop,
ismath, dpi)``. If a matplotlib release moves it or changes its parameters, nothing is patched (stock
behaviour, a warning in the log) and ``tests/test_charts_compat.py`` fails, naming the change.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.font_manager import FontProperties

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

log = logging.getLogger(__name__)

PATCHED_MODULE = "matplotlib.text"
PATCHED_FUNCTION = "_get_text_metrics_with_cache"
EXPECTED_PARAMETERS = ("renderer", "text", "fontprop", "ismath", "dpi")
SHARED_METRICS_RENDERERS = ("RendererAgg", "RendererSVG")  # what the book draws with (layout; output)
METRICS_RC_KEYS: tuple[RcKeyType, ...] = (
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
    "font.family",
    "font.sans-serif",
    "font.serif",
    "font.monospace",
    "mathtext.fontset",
)
MAX_CACHED_SIZES = 200_000
_MARK = "_occprofiles_shared"


def metrics_rc() -> tuple:
    """The rc settings a text's size depends on, as a hashable key (read without validation: this
    runs for every string measured)."""
    values = (dict.__getitem__(mpl.rcParams, key) for key in METRICS_RC_KEYS)
    return tuple(tuple(value) if type(value) is list else value for value in values)


def stock_text_metrics() -> Callable[..., Any] | None:
    """matplotlib's own function (unwrapped if already patched), or None when it is gone."""
    import matplotlib.text as mtext

    function = getattr(mtext, PATCHED_FUNCTION, None)
    return getattr(function, "__wrapped__", function)


def signature_problem(name: str, target: Any, expected: tuple[str, ...]) -> str | None:
    """Why a private matplotlib callable ``name`` cannot be patched safely (missing, not callable, another
    signature), or None when its parameters are ``expected``."""
    if target is None or not callable(target):
        return f"{name} no longer exists or is not callable"
    try:
        parameters = tuple(inspect.signature(target).parameters)
    except (TypeError, ValueError) as error:
        return f"{name} has no readable signature ({error})"
    if parameters != expected:
        return f"{name} takes {parameters}, not the expected {expected}"
    return None


def patch_target_problem() -> str | None:
    """Why the private function cannot be patched safely, or None when it has the expected shape."""
    return signature_problem(f"{PATCHED_MODULE}.{PATCHED_FUNCTION}", stock_text_metrics(), EXPECTED_PARAMETERS)


def is_sharing() -> bool:
    import matplotlib.text as mtext

    return bool(getattr(getattr(mtext, PATCHED_FUNCTION, None), _MARK, False))


def share_text_metrics() -> bool:
    """Let every figure reuse the text sizes measured for earlier figures (idempotent).

    Returns False, changing nothing, when this matplotlib's private function is missing or has
    another shape: the charts are then measured by stock matplotlib (slower, same output).
    """
    import matplotlib.text as mtext

    if is_sharing():
        return True
    problem = patch_target_problem()
    if problem is not None:
        log.warning("text sizes not shared between figures (stock matplotlib behaviour): %s", problem)
        return False
    original = getattr(mtext, PATCHED_FUNCTION)
    cache: dict[tuple, tuple[float, float, float]] = {}

    def shared(
        renderer: Any, text: str, fontprop: FontProperties, ismath: bool | str, dpi: float
    ) -> tuple[float, float, float]:
        inner = getattr(renderer, "_renderer", renderer)  # vector backends draw through MixedModeRenderer
        if type(inner).__name__ not in SHARED_METRICS_RENDERERS:
            return original(renderer, text, fontprop, ismath, dpi)
        key = (
            type(inner),
            getattr(inner, "dpi", None),
            text,
            fontprop.copy(),
            ismath,
            dpi,
            metrics_rc(),
        )
        metrics = cache.get(key)
        if metrics is None:
            if len(cache) > MAX_CACHED_SIZES:
                cache.clear()
            metrics = cache[key] = renderer.get_text_width_height_descent(text, fontprop, ismath=ismath)
        return metrics

    setattr(shared, _MARK, True)
    shared.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(mtext, PATCHED_FUNCTION, shared)
    return True


# ------------------------------------------------------------------------------------------------
# Text layouts shared between figures
# ------------------------------------------------------------------------------------------------
# ``Text._get_layout(renderer)`` (the text's box and line offsets, relative to its anchor) is computed
# for every text at every layout pass and draw: three times per figure (constrained layout runs twice,
# then the save), ~18% of chart time. It depends on the string and the text's font, alignment,
# rotation and line spacing, the renderer's class and dpi and the figure's dpi, never on where the
# text is; keyed on those (for the two renderers the book uses), it is computed once per process.
# Texts that wrap, use TeX or rotate with their transform are measured by matplotlib as before.
LAYOUT_METHOD = "_get_layout"
EXPECTED_LAYOUT_PARAMETERS = ("self", "renderer")
_LAYOUT_MARK = "_occprofiles_shared_layout"


def stock_text_layout() -> Callable[..., Any] | None:
    """matplotlib's own ``Text._get_layout`` (unwrapped if already patched), or None when it is gone."""
    from matplotlib.text import Text

    method = getattr(Text, LAYOUT_METHOD, None)
    return getattr(method, "__wrapped__", method)


def layout_patch_problem() -> str | None:
    """Why ``Text._get_layout`` cannot be patched safely, or None when it has the expected shape."""
    return signature_problem(f"{PATCHED_MODULE}.Text.{LAYOUT_METHOD}", stock_text_layout(), EXPECTED_LAYOUT_PARAMETERS)


def is_sharing_layouts() -> bool:
    from matplotlib.text import Text

    return bool(getattr(getattr(Text, LAYOUT_METHOD, None), _LAYOUT_MARK, False))


def share_text_layouts() -> bool:
    """Let every figure reuse the text layouts computed for earlier figures (idempotent); False,
    changing nothing, when matplotlib's private method is missing or has another shape."""
    from matplotlib.text import Text

    if is_sharing_layouts():
        return True
    problem = layout_patch_problem()
    if problem is not None:
        log.warning("text layouts not shared between figures (stock matplotlib behaviour): %s", problem)
        return False
    original = getattr(Text, LAYOUT_METHOD)
    cache: dict[tuple, tuple[Any, list, Any]] = {}

    def shared(self: Any, renderer: Any) -> tuple[Any, list, Any]:  # self: a matplotlib Text
        inner = getattr(renderer, "_renderer", renderer)
        if (
            type(inner).__name__ not in SHARED_METRICS_RENDERERS
            or self.get_wrap()
            or self.get_usetex()
            or self.get_transform_rotates_text()
        ):
            return original(self, renderer)
        key = (
            type(inner),
            getattr(inner, "dpi", None),
            self.get_figure(root=True).dpi,
            self.get_text(),
            self._fontproperties.copy(),
            self.get_parse_math(),
            self._linespacing,
            self._horizontalalignment,
            self._verticalalignment,
            self._multialignment,
            self._rotation,
            self.get_rotation_mode(),
            metrics_rc(),
        )
        hit = cache.get(key)
        if hit is None:
            if len(cache) > MAX_CACHED_SIZES:
                cache.clear()
            hit = cache[key] = original(self, renderer)
        bbox, lines, box = hit
        return bbox.frozen(), list(lines), box  # copies: a caller may change what it gets

    setattr(shared, _LAYOUT_MARK, True)
    shared.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(Text, LAYOUT_METHOD, shared)
    return True


# ------------------------------------------------------------------------------------------------
# Tick updates shared within one layout pass or draw
# ------------------------------------------------------------------------------------------------
# ``Axis._update_ticks()`` (locate the ticks, format their labels, pick those in view) runs for an axis
# again and again within one layout or draw: once for its own extent, once per spine (4), once per
# sibling axis when placing the axis label; ~10% of chart time. Nothing it reads changes within one
# constrained layout run or one draw, except the axes' place (repositioned between the two passes)
# and the figure's dpi (the SVG save draws at 72): both in the key (the axes' bbox in pixels), with the
# view interval, locators, formatters and scale. Outside ``tick_updates_memoized()`` it is matplotlib's
# own; the memo is dropped when the outermost block ends, so a figure changed later is never served
# stale ticks.
TICKS_METHOD = "_update_ticks"
EXPECTED_TICKS_PARAMETERS = ("self",)
_TICKS_MARK = "_occprofiles_tick_memo"
_tick_memo: dict[Any, tuple[tuple, list]] | None = None


def stock_tick_update() -> Callable[..., Any] | None:
    """matplotlib's own ``Axis._update_ticks`` (unwrapped if already patched), or None when it is gone."""
    from matplotlib.axis import Axis

    method = getattr(Axis, TICKS_METHOD, None)
    return getattr(method, "__wrapped__", method)


def tick_patch_problem() -> str | None:
    """Why ``Axis._update_ticks`` cannot be patched safely, or None when it has the expected shape."""
    return signature_problem(f"matplotlib.axis.Axis.{TICKS_METHOD}", stock_tick_update(), EXPECTED_TICKS_PARAMETERS)


def is_memoizing_ticks() -> bool:
    from matplotlib.axis import Axis

    return bool(getattr(getattr(Axis, TICKS_METHOD, None), _TICKS_MARK, False))


def memoize_tick_updates() -> bool:
    """Install the tick memo (idempotent; it acts only inside ``tick_updates_memoized()``); False,
    changing nothing, when matplotlib's private method is missing or has another shape."""
    from matplotlib.axis import Axis

    if is_memoizing_ticks():
        return True
    problem = tick_patch_problem()
    if problem is not None:
        log.warning("tick updates not shared within a draw (stock matplotlib behaviour): %s", problem)
        return False
    original = getattr(Axis, TICKS_METHOD)

    def memoized(self: Any) -> list:  # self: a matplotlib Axis
        memo = _tick_memo
        if memo is None:
            return original(self)
        key = (
            self.axes.bbox.bounds,
            tuple(self.get_view_interval()),
            self.major.locator,
            self.major.formatter,
            self.minor.locator,
            self.minor.formatter,
            self.get_transform(),
        )
        hit = memo.get(self)
        if hit is None or hit[0] != key:
            hit = memo[self] = (key, original(self))
        return list(hit[1])  # a copy: a caller may change what it gets

    setattr(memoized, _TICKS_MARK, True)
    memoized.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(Axis, TICKS_METHOD, memoized)
    return True


@contextmanager
def tick_updates_memoized() -> Iterator[None]:
    """Inside: each axis computes its ticks once per place and view (nested use is fine)."""
    global _tick_memo
    if not memoize_tick_updates() or _tick_memo is not None:
        yield
        return
    _tick_memo = {}
    try:
        yield
    finally:
        _tick_memo = None
