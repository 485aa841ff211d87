"""The one place that touches a private matplotlib function: text sizes shared between figures.

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
from collections.abc import Callable
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


def stock_text_metrics() -> Callable[..., Any] | None:
    """matplotlib's own function (unwrapped if already patched), or None when it is gone."""
    import matplotlib.text as mtext

    function = getattr(mtext, PATCHED_FUNCTION, None)
    return getattr(function, "__wrapped__", function)


def patch_target_problem() -> str | None:
    """Why the private function cannot be patched safely, or None when it has the expected shape."""
    function = stock_text_metrics()
    if function is None:
        return f"{PATCHED_MODULE}.{PATCHED_FUNCTION} no longer exists"
    if not callable(function):
        return f"{PATCHED_MODULE}.{PATCHED_FUNCTION} is not callable"
    try:
        parameters = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError) as error:
        return f"{PATCHED_MODULE}.{PATCHED_FUNCTION} has no readable signature ({error})"
    if parameters != EXPECTED_PARAMETERS:
        return f"{PATCHED_MODULE}.{PATCHED_FUNCTION} takes {parameters}, not the expected {EXPECTED_PARAMETERS}"
    return None


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

    def rc_value(key: RcKeyType) -> Any:
        value = dict.__getitem__(mpl.rcParams, key)  # no validation: this runs for every string measured
        return tuple(value) if type(value) is list else value

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
            tuple(rc_value(k) for k in METRICS_RC_KEYS),
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
