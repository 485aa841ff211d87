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
from itertools import repeat
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.font_manager import FontProperties

from . import compat_blocks

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
    """The rc settings a text's size depends on, as a hashable key (read without validation, in one
    C-level pass over the keys: this runs for every string measured and every text laid out)."""
    values = map(dict.__getitem__, repeat(mpl.rcParams, len(METRICS_RC_KEYS)), METRICS_RC_KEYS)
    return tuple([tuple(value) if type(value) is list else value for value in values])


def font_key(fontprop: FontProperties) -> int:
    """A font's part of a cache key: its hash. ``FontProperties.__eq__`` is itself hash equality, so a
    key holding the hash matches exactly the keys that one holding a copy of the font matched, without
    copying the font and hashing it again at each comparison."""
    return hash(fontprop)


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
            font_key(fontprop),
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
            font_key(self._fontproperties),
            self.get_parse_math(),
            self._linespacing,
            self._horizontalalignment,
            self._verticalalignment,
            self._multialignment,
            self._rotation,
            self.get_rotation_mode(),
            metrics_rc(),
            block := compat_blocks.is_text_block(self),
        )
        hit = cache.get(key)
        if hit is None:
            if len(cache) > MAX_CACHED_SIZES:
                cache.clear()
            measuring = (
                compat_blocks.WordMeasuringRenderer(renderer, self.get_figure(root=True).dpi) if block else renderer
            )
            hit = cache[key] = original(self, measuring)
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


# Their labels' boxes (``Axis._get_ticklabel_bboxes(ticks, renderer)``) are asked for again and again
# too: for the axis's extent, for its label's place (once per sibling axis) and when it is drawn; ~7 %
# of chart time. Within the same block, they are computed once per axis, renderer and tick update: the
# memo holds the axis's tick-update entry, so ticks located or labelled again are measured again.
LABEL_BOXES_METHOD = "_get_ticklabel_bboxes"
EXPECTED_LABEL_BOXES_PARAMETERS = ("self", "ticks", "renderer")
_label_box_memo: dict[tuple, tuple[Any, tuple[list, list]]] | None = None


def stock_label_boxes() -> Callable[..., Any] | None:
    """matplotlib's own ``Axis._get_ticklabel_bboxes`` (unwrapped if already patched), or None."""
    from matplotlib.axis import Axis

    method = getattr(Axis, LABEL_BOXES_METHOD, None)
    return getattr(method, "__wrapped__", method)


def label_boxes_patch_problem() -> str | None:
    """Why ``Axis._get_ticklabel_bboxes`` cannot be patched safely, or None."""
    return signature_problem(
        f"matplotlib.axis.Axis.{LABEL_BOXES_METHOD}", stock_label_boxes(), EXPECTED_LABEL_BOXES_PARAMETERS
    )


def memoize_label_boxes() -> bool:
    """Install the tick-label box memo (idempotent; it acts only inside ``tick_updates_memoized()``);
    False, changing nothing, when matplotlib's private method is missing or has another shape."""
    from matplotlib.axis import Axis

    if getattr(getattr(Axis, LABEL_BOXES_METHOD, None), _TICKS_MARK, False):
        return True
    problem = label_boxes_patch_problem()
    if problem is not None:
        log.warning("tick label boxes not shared within a draw (stock matplotlib behaviour): %s", problem)
        return False
    original = getattr(Axis, LABEL_BOXES_METHOD)

    def memoized(self: Any, ticks: list, renderer: Any) -> tuple[list, list]:  # self: a matplotlib Axis
        memo, updates = _label_box_memo, _tick_memo
        update = None if updates is None else updates.get(self)
        if memo is None or update is None:
            return original(self, ticks, renderer)
        key = (self, id(renderer), self.get_figure(root=True).dpi, tuple(map(id, ticks)))
        hit = memo.get(key)
        if hit is None or hit[0] is not update:  # ``update`` is replaced whenever the ticks are updated again
            hit = memo[key] = (update, original(self, ticks, renderer))
        boxes1, boxes2 = hit[1]
        return list(boxes1), list(boxes2)  # copies: a caller may change what it gets

    setattr(memoized, _TICKS_MARK, True)
    memoized.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(Axis, LABEL_BOXES_METHOD, memoized)
    return True


@contextmanager
def tick_updates_memoized() -> Iterator[None]:
    """Inside: each axis computes its ticks, and their labels' boxes, once per place and view (nested
    use is fine)."""
    global _tick_memo, _label_box_memo
    if not memoize_tick_updates() or _tick_memo is not None:
        yield
        return
    boxes = memoize_label_boxes()
    _tick_memo = {}
    _label_box_memo = {} if boxes else None
    try:
        yield
    finally:
        _tick_memo = _label_box_memo = None


# ------------------------------------------------------------------------------------------------
# New ticks copied from the axis's first tick
# ------------------------------------------------------------------------------------------------
# ``Axis.get_major_ticks(n)`` (and ``get_minor_ticks``) makes each missing tick by building a Tick from
# scratch (two Line2D markers, a grid Line2D, two Texts, a MarkerStyle and a FontProperties each, their
# transforms) and then overwriting nearly all of that with the first tick's properties
# (``_copy_tick_props``: a deep copy of each MarkerStyle, a copy of each FontProperties). The result
# is the first tick's state with its own position. For a figure that asks for it
# (``CLONE_TICKS_ATTR`` true on the figure, as ``style.StyledFigure`` does) the new tick is made as
# that copy directly: the first tick and its five artists copied attribute by attribute, each with
# its own callback registry, font properties and position; every object matplotlib changes in place
# is the tick's own (the markers, paths and transforms it shares are only ever replaced). Axes of
# another kind (polar, 3D: their own ``_get_tick``) and texts with a bbox get matplotlib's own ticks.
TICK_LIST_METHODS = ("get_major_ticks", "get_minor_ticks")
EXPECTED_TICK_LIST_PARAMETERS = ("self", "numticks")
CLONE_TICKS_ATTR = "_occprofiles_clone_ticks"
_CLONE_MARK = "_occprofiles_tick_clone"
_TICK_PARTS = ("tick1line", "tick2line", "gridline", "label1", "label2")


def stock_tick_lists() -> dict[str, Callable[..., Any] | None]:
    """matplotlib's own ``Axis.get_major_ticks``/``get_minor_ticks`` (unwrapped if patched)."""
    from matplotlib.axis import Axis

    methods = {name: getattr(Axis, name, None) for name in TICK_LIST_METHODS}
    return {name: getattr(m, "__wrapped__", m) for name, m in methods.items()}


def tick_clone_problem() -> str | None:
    """Why new ticks cannot be copied safely (a method or attribute this relies on is gone), or None."""
    from matplotlib.axis import Axis, Tick, XAxis, YAxis

    for name, method in stock_tick_lists().items():
        problem = signature_problem(f"matplotlib.axis.Axis.{name}", method, EXPECTED_TICK_LIST_PARAMETERS)
        if problem is not None:
            return problem
    stock_get_tick = getattr(Axis, "_get_tick", None)
    for cls in (XAxis, YAxis):
        if getattr(cls, "_get_tick", None) is not stock_get_tick or getattr(cls, "_tick_class", None) is None:
            return f"matplotlib.axis.{cls.__name__} makes its ticks another way"
    copy_props = getattr(Axis, "_copy_tick_props", None)
    problem = signature_problem("matplotlib.axis.Axis._copy_tick_props", copy_props, ("self", "src", "dest"))
    if problem is not None:
        return problem
    if not all(hasattr(Tick, name) for name in ("update_position", "get_children")):
        return "matplotlib.axis.Tick has no update_position/get_children"
    return None


def is_cloning_ticks() -> bool:
    from matplotlib.axis import Axis

    return bool(getattr(getattr(Axis, TICK_LIST_METHODS[0], None), _CLONE_MARK, False))


def _copied_artist(artist: Any, registry: Callable[[], Any]) -> Any:
    """``artist`` copied attribute by attribute: its own callbacks, no parent's remove method."""
    new = object.__new__(type(artist))
    state = artist.__dict__.copy()
    state["_callbacks"] = registry()
    state["stale_callback"] = None
    state["_remove_method"] = None
    if "_fontproperties" in state:
        state["_fontproperties"] = state["_fontproperties"].copy()
        state["_renderer"] = None
    new.__dict__ = state
    return new


def _can_clone(tick: Any) -> bool:
    return (
        tick._sticky_edges is None
        and all(getattr(tick, part, None) is not None for part in _TICK_PARTS)
        and tick.label1._bbox_patch is None
        and tick.label2._bbox_patch is None
        and all(getattr(tick, part)._sticky_edges is None for part in _TICK_PARTS)
    )


def clone_tick(src: Any) -> Any:
    """A new tick of ``src``'s axis, as ``_get_tick`` followed by ``_copy_tick_props(src, new)`` gives."""
    from matplotlib.cbook import CallbackRegistry

    def registry() -> Any:
        return CallbackRegistry(signals=["pchanged"])

    tick = _copied_artist(src, registry)
    for part in _TICK_PARTS:
        setattr(tick, part, _copied_artist(getattr(src, part), registry))
    for label in (tick.label1, tick.label2):
        label._text = ""
    tick.update_position(0)
    tick._loc = src._loc
    tick.stale = True
    return tick


def clone_new_ticks() -> bool:
    """Install the tick copy (idempotent; it acts only for figures with ``CLONE_TICKS_ATTR``); False,
    changing nothing, when matplotlib's private methods are missing or have another shape."""
    from matplotlib.axis import Axis, XAxis, YAxis

    if is_cloning_ticks():
        return True
    problem = tick_clone_problem()
    if problem is not None:
        log.warning("new ticks built by matplotlib (stock behaviour): %s", problem)
        return False

    def patched(name: str) -> Callable[..., list]:
        original = getattr(Axis, name)
        major = name == "get_major_ticks"

        def get_ticks(self: Any, numticks: int | None = None) -> list:  # self: a matplotlib Axis
            if type(self) not in (XAxis, YAxis) or not getattr(self.get_figure(root=True), CLONE_TICKS_ATTR, False):
                return original(self, numticks)
            if numticks is None:
                numticks = len(self.get_majorticklocs() if major else self.get_minorticklocs())
            ticks = self.majorTicks if major else self.minorTicks
            if len(ticks) < numticks and not _can_clone(ticks[0]):
                return original(self, numticks)
            while len(ticks) < numticks:
                ticks.append(clone_tick(ticks[0]))
            return ticks[:numticks]

        setattr(get_ticks, _CLONE_MARK, True)
        get_ticks.__wrapped__ = original  # type: ignore[attr-defined]
        get_ticks.__name__ = name
        return get_ticks

    for name in TICK_LIST_METHODS:
        setattr(Axis, name, patched(name))
    return True
