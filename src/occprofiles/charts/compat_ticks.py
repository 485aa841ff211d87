"""Private matplotlib API the charts patch for minor ticks (the rest is in ``compat`` and ``compat_geometry``):
an axis's first minor tick is made when something asks for it, not with the axes.

matplotlib makes one minor tick on every axis of every new axes (``Axis.reset_ticks`` sets the clip path on
each tick, which makes the lazy tick list; ``Axes.__init__`` applies ``tick_params(which="minor")`` to it),
and every layout pass and draw carries it (a spine's extent looks for it among the drawn ticks), although no
chart here has a minor tick location. Without them (A/B, SVGs byte-identical): chart CPU -9 % (63 chapters
drawn in one process, two runs a side, interleaved), the kernel's CPU per chapter -4.7 % (19 chapters
rendered by a worker, three runs a side).

On an axis of a figure that asks for it (``CLONE_TICKS_ATTR``, as ``style.StyledFigure`` does) the minor tick
list starts as ``UnmadeTicks``: it iterates as empty, so the settings ``set_tick_params`` applies to each
minor tick stay where matplotlib keeps them for any new tick (``Axis._minor_tick_kw``) and ``set_clip_path``
keeps its clip path on the axis; ``get_minor_ticks`` answers no tick when there is no minor tick location
(as matplotlib does: the first 0 of its list). A chart with minor ticks, or anything that reads an item of
the list, makes it with matplotlib's own lazy list, then that clip path: the same tick (tested). Falls back
to stock behaviour, with a warning, when a method it wraps is gone or has another shape.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .compat import CLONE_TICKS_ATTR, log, signature_problem

MINOR_CLIP_ATTR = "_occprofiles_minor_clip"  # (path, transform): the clip path the minor ticks are to get
_DEFER_MARK = "_occprofiles_minor_deferred"
WRAPPED_METHODS: dict[str, tuple[str, ...]] = {
    "set_clip_path": ("self", "path", "transform"),
    "get_minor_ticks": ("self", "numticks"),
}


def minor_tick_problem() -> str | None:
    """Why the minor tick list cannot be left unmade safely (a method or the lazy list is gone or has
    another shape), or None."""
    from matplotlib import axis as maxis

    for name, parameters in WRAPPED_METHODS.items():
        method = getattr(maxis.Axis, name, None)
        problem = signature_problem(f"matplotlib.axis.Axis.{name}", getattr(method, "__wrapped__", method), parameters)
        if problem is not None:
            return problem
    lazy = getattr(maxis, "_LazyTickList", None)
    if lazy is None or not isinstance(vars(maxis.Axis).get("minorTicks"), lazy):
        return "matplotlib.axis.Axis.minorTicks is no longer a lazy tick list"
    return None


def stock_minor_ticks() -> dict[str, Any]:
    """What the deferral replaces on ``matplotlib.axis.Axis``, as it was before (for tests and fallbacks)."""
    from matplotlib.axis import Axis

    out: dict[str, Any] = {name: _unwrapped(getattr(Axis, name, None)) for name in WRAPPED_METHODS}
    lazy = vars(Axis).get("minorTicks")
    out["minorTicks"] = getattr(lazy, "__dict__", {}).get("stock", lazy)
    return out


def is_deferring_minor_ticks() -> bool:
    from matplotlib.axis import Axis

    methods = all(getattr(getattr(Axis, name, None), _DEFER_MARK, False) for name in WRAPPED_METHODS)
    return methods and "stock" in getattr(vars(Axis).get("minorTicks"), "__dict__", {})


def _unwrapped(method: Any) -> Any:
    return method.__wrapped__ if getattr(method, _DEFER_MARK, False) else method


class UnmadeTicks(list):
    """An axis's minor tick list before its first tick is made. It iterates as empty: ``set_tick_params`` then
    leaves its settings in ``_minor_tick_kw`` only, and a spine finds no minor tick among the drawn ones (there
    is none). Its length is 1, the length of the list matplotlib makes (one tick), without making it. An item
    makes the list (matplotlib's own lazy list, then the clip path kept for it) and answers from it."""

    def __init__(self, make: Callable[[], list]) -> None:
        super().__init__()
        self._make = make

    def __len__(self) -> int:
        return 1

    def __getitem__(self, index: Any) -> Any:
        return self._make()[index]


def defer_minor_ticks() -> bool:
    """Install the deferral (idempotent; it acts only for figures with ``CLONE_TICKS_ATTR``); False, changing
    nothing, when matplotlib's methods have another shape. Installed over ``compat.clone_new_ticks``."""
    from matplotlib import axis as maxis

    from .compat import clone_new_ticks

    if is_deferring_minor_ticks():
        return True
    problem = minor_tick_problem()
    if problem is not None:
        log.warning("minor ticks made with every axes by matplotlib (stock behaviour): %s", problem)
        return False
    clone_new_ticks()  # first: this wraps its get_minor_ticks, never the reverse
    # What is there now, less a deferral installed before (a test may have put back one method of it only)
    set_clip_path, get_minor_ticks = (_unwrapped(getattr(maxis.Axis, n)) for n in WRAPPED_METHODS)
    stock_lazy = vars(maxis.Axis)["minorTicks"]
    stock_lazy = vars(stock_lazy).get("stock", stock_lazy)

    def made(axis: Any) -> list:
        """The axis's real minor tick list (made now if it is not)."""
        ticks = vars(axis).get("minorTicks")
        if not isinstance(ticks, UnmadeTicks):
            return axis.minorTicks
        del vars(axis)["minorTicks"]
        ticks = stock_lazy.__get__(axis, type(axis))
        clip = vars(axis).pop(MINOR_CLIP_ATTR, None)
        if clip is not None:
            for tick in ticks:
                tick.set_clip_path(*clip)
        return ticks

    class LazyMinorTicks(type(stock_lazy)):  # type: ignore[misc]
        """matplotlib's lazy list, except on a chart's axis: the unmade list there."""

        def __get__(self, instance: Any, owner: Any) -> Any:
            if instance is None or not getattr(instance.get_figure(root=True), CLONE_TICKS_ATTR, False):
                return super().__get__(instance, owner)
            unmade = vars(instance)["minorTicks"] = UnmadeTicks(lambda: made(instance))
            return unmade

    def deferred_set_clip_path(self: Any, path: Any, transform: Any = None) -> None:
        if isinstance(self.minorTicks, UnmadeTicks):  # a chart's axis (its unmade list, made by this read)
            setattr(self, MINOR_CLIP_ATTR, (path, transform))  # for the ticks when they are made
        return set_clip_path(self, path, transform)

    def deferred_get_minor_ticks(self: Any, numticks: int | None = None) -> list:
        if isinstance(vars(self).get("minorTicks"), UnmadeTicks):
            if numticks is None:
                numticks = len(self.get_minorticklocs())
            if numticks == 0:
                return []  # as matplotlib answers (its list[:0]), without making the list
            made(self)
        return get_minor_ticks(self, numticks)

    for wrapper, original in ((deferred_set_clip_path, set_clip_path), (deferred_get_minor_ticks, get_minor_ticks)):
        functools.update_wrapper(wrapper, original, updated=())  # its name, and __wrapped__
        setattr(wrapper, _DEFER_MARK, True)
        setattr(maxis.Axis, original.__name__, wrapper)
    lazy = LazyMinorTicks(major=False)
    lazy.__dict__["stock"] = stock_lazy  # for stock_minor_ticks
    maxis.Axis.minorTicks = lazy
    return True
