"""Private matplotlib API the charts patch for geometry (the rest is in ``compat``): bounding boxes joined
in one pass, and the axes background's transform made once per place. Same numbers as matplotlib's own
(tested, byte-identical SVGs); each falls back to stock behaviour, with a warning, when the private
method it relies on is gone or has another shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .compat import CLONE_TICKS_ATTR, log, signature_problem

# ------------------------------------------------------------------------------------------------
# Bounding boxes joined in one pass
# ------------------------------------------------------------------------------------------------
# ``Bbox.union(bboxes)`` reads each box's four edges as properties, each a numpy reduction over the
# box's two corners, then reduces the four lists: 4n + 4 numpy calls for n boxes; it runs for every
# axis, spine and axes extent of every layout pass and draw (~6 % of chart time). The same minimum and
# maximum over every corner at once is the same number (min and max are exact) with 4 reductions. Where
# a corner is zero or NaN (whose sign a reduction in another order might pick differently) matplotlib's
# own function answers.
UNION_PARAMETERS = ("bboxes",)
_UNION_MARK = "_occprofiles_union"


def stock_bbox_union() -> Callable[..., Any] | None:
    """matplotlib's own ``Bbox.union`` (unwrapped if already patched), or None when it is gone."""
    from matplotlib.transforms import BboxBase

    function = getattr(BboxBase, "union", None)
    return getattr(function, "__wrapped__", function)


def union_patch_problem() -> str | None:
    """Why ``BboxBase.union`` cannot be replaced safely, or None."""
    return signature_problem("matplotlib.transforms.BboxBase.union", stock_bbox_union(), UNION_PARAMETERS)


def join_bboxes_at_once() -> bool:
    """Install the one-pass ``Bbox.union`` (idempotent); False, changing nothing, when matplotlib's
    function is missing or has another shape."""
    import numpy as np
    from matplotlib.transforms import Bbox, BboxBase

    if getattr(getattr(BboxBase, "union", None), _UNION_MARK, False):
        return True
    problem = union_patch_problem()
    if problem is not None:
        log.warning("bounding boxes joined by matplotlib (stock behaviour): %s", problem)
        return False
    original = stock_bbox_union()
    assert original is not None

    def union(bboxes: Any) -> Any:
        if not len(bboxes):
            return original(bboxes)  # its error
        corners = np.array([bbox.get_points() for bbox in bboxes], dtype=float)
        if corners.shape[1:] != (2, 2) or not corners.all() or np.isnan(corners).any():
            return original(bboxes)  # odd boxes, a zero corner or a NaN: matplotlib's own
        xs, ys = corners[:, :, 0], corners[:, :, 1]
        return Bbox([[xs.min(), ys.min()], [xs.max(), ys.max()]])

    setattr(union, _UNION_MARK, True)
    union.__wrapped__ = original  # type: ignore[attr-defined]
    BboxBase.union = staticmethod(union)  # type: ignore[method-assign]
    return True


# ------------------------------------------------------------------------------------------------
# The axes background's transform, made once per place
# ------------------------------------------------------------------------------------------------
# Every artist added to an axes is clipped to its background rectangle (``set_clip_path(ax.patch)``),
# which asks the rectangle for its transform: a new patch transform (an Affine2D built from its corner,
# size, angle and rotation point, five operations) joined to the axes transform each time, ~50 times
# per axes (~3 % of chart time). For the axes of a figure that asks for it (``CLONE_TICKS_ATTR``) the
# background answers with the transform it made last while those inputs (and its own transform object,
# and axes) are the same ones: the same value, as the stock one's parts are the live axes transform and
# numbers fixed when it is made.
AXES_PATCH_METHOD = "_gen_axes_patch"
_PATCH_MARK = "_occprofiles_patch_transform"


def stock_axes_patch() -> Callable[..., Any] | None:
    """matplotlib's own ``_AxesBase._gen_axes_patch`` (unwrapped if already patched), or None."""
    from matplotlib.axes._base import _AxesBase

    method = getattr(_AxesBase, AXES_PATCH_METHOD, None)
    return getattr(method, "__wrapped__", method)


def axes_patch_problem() -> str | None:
    """Why the axes background's transform cannot be memoized safely, or None."""
    from matplotlib.patches import Rectangle

    problem = signature_problem(f"matplotlib.axes._base._AxesBase.{AXES_PATCH_METHOD}", stock_axes_patch(), ("self",))
    if problem is not None:
        return problem
    probe = Rectangle((0.0, 0.0), 1.0, 1.0)
    missing = [name for name in _RECTANGLE_STATE if not hasattr(probe, name)]
    return f"matplotlib.patches.Rectangle has no {', '.join(missing)}" if missing else None


_RECTANGLE_STATE = ("_x0", "_y0", "_width", "_height", "angle", "rotation_point", "_aspect_ratio_correction", "axes")


def _memoized_transform(patch: Any) -> Callable[[], Any]:
    from matplotlib.artist import Artist

    stock = type(patch).get_transform
    memo: list[Any] = [None, None, None]

    def get_transform() -> Any:
        key = tuple(getattr(patch, name) for name in _RECTANGLE_STATE)
        own = Artist.get_transform(patch)
        if memo[0] is None or memo[1] is not own or memo[0] != key:
            memo[:] = [key, own, stock(patch)]
        return memo[2]

    return get_transform


def memoize_axes_patch_transform() -> bool:
    """Install the memo (idempotent; it acts only for figures with ``CLONE_TICKS_ATTR``); False, changing
    nothing, when matplotlib's private method or the rectangle's attributes are gone."""
    from matplotlib.axes._base import _AxesBase
    from matplotlib.patches import Rectangle

    if getattr(getattr(_AxesBase, AXES_PATCH_METHOD, None), _PATCH_MARK, False):
        return True
    problem = axes_patch_problem()
    if problem is not None:
        log.warning("axes backgrounds make their transform at every call (stock behaviour): %s", problem)
        return False
    original = getattr(_AxesBase, AXES_PATCH_METHOD)

    def gen_axes_patch(self: Any) -> Any:  # self: a matplotlib Axes
        patch = original(self)
        if type(patch) is Rectangle and getattr(self.get_figure(root=True), CLONE_TICKS_ATTR, False):
            patch.get_transform = _memoized_transform(patch)  # type: ignore[method-assign]
        return patch

    setattr(gen_axes_patch, _PATCH_MARK, True)
    gen_axes_patch.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(_AxesBase, AXES_PATCH_METHOD, gen_axes_patch)
    return True
