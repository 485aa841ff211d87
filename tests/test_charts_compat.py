"""The one private matplotlib function the charts patch (charts/compat.py): its shape is pinned here, so a
matplotlib upgrade that moves it or changes its parameters fails this test by name instead of silently
slowing (or breaking) the charts; and without it the charts fall back to stock matplotlib."""

from __future__ import annotations

import inspect
import logging

import matplotlib.text as mtext
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from occprofiles.charts import compat, compat_geometry


def test_private_text_metrics_function_has_the_shape_the_patch_expects():
    function = compat.stock_text_metrics()
    assert function is not None, (
        f"matplotlib {mtext.__name__}.{compat.PATCHED_FUNCTION} is gone: update charts/compat.py "
        "(the charts now run without shared text sizes, slower)"
    )
    assert function.__module__ == compat.PATCHED_MODULE
    parameters = tuple(inspect.signature(function).parameters)
    assert parameters == compat.EXPECTED_PARAMETERS, (
        f"{compat.PATCHED_MODULE}.{compat.PATCHED_FUNCTION} now takes {parameters}: update charts/compat.py"
    )
    # and it still answers (width, height, descent) for a string on the renderer the book lays out with
    renderer = RendererAgg(100, 100, 100)
    metrics = function(renderer, "Registered Nurses", FontProperties(family=["DejaVu Sans"], size=9), False, 100)
    assert len(metrics) == 3 and metrics[0] > 0 and metrics[1] > 0
    assert compat.patch_target_problem() is None


def test_sharing_is_installed_once_and_keeps_the_stock_function_reachable():
    assert compat.share_text_metrics() is True
    patched = getattr(mtext, compat.PATCHED_FUNCTION)
    assert compat.is_sharing()
    assert compat.share_text_metrics() is True
    assert getattr(mtext, compat.PATCHED_FUNCTION) is patched  # not wrapped twice
    assert compat.stock_text_metrics() is not patched


def test_a_changed_signature_falls_back_to_stock_behaviour(monkeypatch, caplog):
    stock = compat.stock_text_metrics()

    def changed(renderer, text, fontprop, ismath, dpi, *, antialiased=True):  # a hypothetical new shape
        return stock(renderer, text, fontprop, ismath, dpi)

    monkeypatch.setattr(mtext, compat.PATCHED_FUNCTION, changed)
    with caplog.at_level(logging.WARNING, logger=compat.__name__):
        assert compat.share_text_metrics() is False
    assert getattr(mtext, compat.PATCHED_FUNCTION) is changed  # left alone
    assert "antialiased" in caplog.text and "stock matplotlib" in caplog.text


def test_a_missing_function_falls_back_to_stock_behaviour(monkeypatch, caplog):
    monkeypatch.delattr(mtext, compat.PATCHED_FUNCTION)
    with caplog.at_level(logging.WARNING, logger=compat.__name__):
        assert compat.share_text_metrics() is False
    assert not hasattr(mtext, compat.PATCHED_FUNCTION)
    assert "no longer exists" in caplog.text


@pytest.mark.usefixtures("processed")
def test_charts_draw_without_the_patch(monkeypatch):
    from occprofiles import charts
    from occprofiles.profile import load_profile

    stock = compat.stock_text_metrics()
    monkeypatch.setattr(mtext, compat.PATCHED_FUNCTION, stock)
    monkeypatch.setattr(compat, "share_text_metrics", lambda: False)
    fig = charts.draw("skills", load_profile("11-9111"))
    assert getattr(mtext, compat.PATCHED_FUNCTION) is stock
    assert "Critical Thinking" in charts.figure_svg(fig)


def test_text_layout_method_has_the_expected_shape():
    from matplotlib.text import Text

    assert compat.layout_patch_problem() is None, (
        f"matplotlib's Text.{compat.LAYOUT_METHOD} changed: update charts/compat.py (share_text_layouts)"
    )
    assert compat.share_text_layouts() is True
    patched = getattr(Text, compat.LAYOUT_METHOD)
    assert compat.is_sharing_layouts() and compat.share_text_layouts() is True
    assert getattr(Text, compat.LAYOUT_METHOD) is patched  # not wrapped twice


@pytest.mark.usefixtures("processed")
def test_shared_text_layouts_give_byte_identical_charts(monkeypatch):
    """Every chart of two chapters, drawn with matplotlib's own Text._get_layout and with the shared one
    (each drawn twice, so the second draw reads the cache), gives the same SVG bytes."""
    from matplotlib.text import Text

    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("29-1022", "53-3032")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    compat.share_text_layouts()
    shared_first, shared_again = svgs(), svgs()
    monkeypatch.setattr(Text, compat.LAYOUT_METHOD, compat.stock_text_layout())
    monkeypatch.setattr(compat, "share_text_layouts", lambda: False)
    stock = svgs()
    assert shared_first == stock
    assert shared_again == stock


def test_tick_update_method_has_the_expected_shape():
    from matplotlib.axis import Axis

    assert compat.tick_patch_problem() is None, (
        f"matplotlib's Axis.{compat.TICKS_METHOD} changed: update charts/compat.py (memoize_tick_updates)"
    )
    assert compat.memoize_tick_updates() is True
    patched = getattr(Axis, compat.TICKS_METHOD)
    assert compat.is_memoizing_ticks() and compat.memoize_tick_updates() is True
    assert getattr(Axis, compat.TICKS_METHOD) is patched  # not wrapped twice


def test_tick_memo_acts_only_inside_its_block_and_follows_the_axes():
    """Inside the block an axis locates its ticks once per place and view; moving the axes, or new ticks,
    locates them again; outside the block (and after it) every call is matplotlib's own."""
    from matplotlib.ticker import FixedLocator

    from occprofiles.charts.layout import new_figure
    from occprofiles.charts.style import chart_style

    class CountingLocator(FixedLocator):
        calls = 0

        def __call__(self):
            CountingLocator.calls += 1
            return super().__call__()

    def locs(axis):
        return [tick.get_loc() for tick in axis._update_ticks()]

    assert compat.memoize_tick_updates()
    with chart_style():
        fig = new_figure(2.0)
        ax = fig.add_subplot()
        ax.xaxis.set_major_locator(CountingLocator([0, 0.5, 1]))
        with compat.tick_updates_memoized():
            assert locs(ax.xaxis) == locs(ax.xaxis) == [0, 0.5, 1]
            assert CountingLocator.calls == 1
            ax._set_position([0.2, 0.2, 0.5, 0.5])
            assert locs(ax.xaxis) == [0, 0.5, 1] and CountingLocator.calls == 2  # moved: located again
            with compat.tick_updates_memoized():  # nested: the same memo
                assert locs(ax.xaxis) == [0, 0.5, 1] and CountingLocator.calls == 2
            ax.set_xticks([0, 1])
            assert locs(ax.xaxis) == [0, 1]  # new ticks, not the memo's
        assert compat._tick_memo is None
        ax.xaxis.set_major_locator(CountingLocator([0, 1]))
        calls = CountingLocator.calls
        assert locs(ax.xaxis) == locs(ax.xaxis) == [0, 1]
        assert CountingLocator.calls == calls + 2  # outside the block: matplotlib's own, every time


def test_tick_label_box_method_has_the_expected_shape():
    from matplotlib.axis import Axis

    assert compat.label_boxes_patch_problem() is None, (
        f"matplotlib's Axis.{compat.LABEL_BOXES_METHOD} changed: update charts/compat.py (memoize_label_boxes)"
    )
    assert compat.memoize_label_boxes() is True
    patched = getattr(Axis, compat.LABEL_BOXES_METHOD)
    assert compat.memoize_label_boxes() is True
    assert getattr(Axis, compat.LABEL_BOXES_METHOD) is patched  # not wrapped twice


def test_tick_label_boxes_are_measured_once_per_tick_update(monkeypatch):
    """Inside the block an axis's tick labels are measured once per renderer and tick update: moving the
    axes or relabelling its ticks measures them again (the new boxes), outside the block every call does."""
    from matplotlib.text import Text

    from occprofiles.charts.layout import agg_renderer, new_figure
    from occprofiles.charts.style import chart_style

    measured: list[str] = []
    stock_extent = Text.get_window_extent

    def counting(self, renderer=None, dpi=None):
        measured.append(self.get_text())
        return stock_extent(self, renderer, dpi)

    monkeypatch.setattr(Text, "get_window_extent", counting)

    def boxes(axis, renderer):
        first, _ = axis._get_ticklabel_bboxes(axis._update_ticks(), renderer)
        return [tuple(b.bounds) for b in first]

    with chart_style():
        fig = new_figure(2.0)
        ax = fig.add_subplot()
        ax.set_xticks([0, 0.5, 1], ["a", "bb", "ccc"])
        renderer = agg_renderer(fig)
        with compat.tick_updates_memoized():
            placed = boxes(ax.xaxis, renderer)
            assert boxes(ax.xaxis, renderer) == placed and measured == ["a", "bb", "ccc"]
            ax._set_position([0.3, 0.3, 0.5, 0.5])
            moved = boxes(ax.xaxis, renderer)
            assert moved != placed and len(measured) == 6  # moved: measured again
            ax.set_xticks([0, 1], ["a", "wide label"])
            relabelled = boxes(ax.xaxis, renderer)
            assert measured[-2:] == ["a", "wide label"] and relabelled[1][2] > moved[1][2]
        assert compat._label_box_memo is None
        count = len(measured)
        assert boxes(ax.xaxis, renderer) == boxes(ax.xaxis, renderer) == relabelled
        assert len(measured) == count + 4  # outside the block: matplotlib's own, every time


@pytest.mark.usefixtures("processed")
def test_memoized_tick_updates_give_byte_identical_charts(monkeypatch):
    """Every chart of two chapters, laid out and saved with the tick memo (and the tick-label box memo)
    and without it (matplotlib's own ``Axis._update_ticks`` and ``_get_ticklabel_bboxes`` at every call),
    gives the same SVG bytes."""
    import contextlib

    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("21-1011", "29-1022")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    memoized = svgs()
    monkeypatch.setattr(compat, "tick_updates_memoized", contextlib.nullcontext)
    assert svgs() == memoized


def test_tick_list_methods_have_the_expected_shape():
    from matplotlib.axis import Axis

    assert compat.tick_clone_problem() is None, (
        "matplotlib's Axis.get_major_ticks/get_minor_ticks or tick classes changed: update charts/compat.py "
        "(clone_new_ticks)"
    )
    assert compat.clone_new_ticks() is True
    patched = Axis.get_major_ticks
    assert compat.is_cloning_ticks() and compat.clone_new_ticks() is True
    assert Axis.get_major_ticks is patched  # not wrapped twice


def _tick_state(tick, first) -> list:
    """What a tick and its five artists hold: plain values as they are, font properties and markers by value,
    any other object (transforms, clip boxes, the axes) by whether it is the first tick's own."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.markers import MarkerStyle

    def value(v, ref):
        if v is None or isinstance(v, (str, int, float, bool, tuple, list)):
            return repr(v)
        if isinstance(v, FontProperties):
            return ("font", hash(v))
        if isinstance(v, MarkerStyle):
            return ("marker", v.get_marker(), v.get_fillstyle())
        return ("the first tick's", v is ref)

    skip = {"_callbacks", "_xorig", "_yorig", "_x", "_y", "_xy", "_path", "_transformed_path", "_invalidx"}
    skip |= {"_invalidy", "_text", "_loc", "_renderer", "stale_callback", *compat._TICK_PARTS}
    out = []
    for part in ("", *compat._TICK_PARTS):
        artist, ref = (getattr(tick, part), getattr(first, part)) if part else (tick, first)
        out.append(sorted((k, value(v, vars(ref).get(k))) for k, v in vars(artist).items() if k not in skip))
    return out


def test_a_copied_tick_is_the_tick_matplotlib_makes_and_owns_what_changes_in_place(monkeypatch):
    """A new tick of a chart's axis holds what matplotlib's own new tick holds (after its copy of the first
    tick's properties); its font properties and callbacks are its own: a bold label stays one label."""
    from matplotlib.axis import Axis

    from occprofiles.charts.layout import new_figure
    from occprofiles.charts.style import chart_style

    def drawn_ticks() -> list:
        with chart_style():
            fig = new_figure(2.0)
            ax = fig.add_subplot()
            ax.set_yticks(range(6), [f"row {i}" for i in range(6)])
            ax.yaxis.get_major_ticks()[2].label1.set_fontweight("bold")
            fig.canvas.draw()
            return ax.yaxis.get_major_ticks() + ax.xaxis.get_major_ticks()

    assert compat.clone_new_ticks()
    copied = drawn_ticks()
    assert [t.label1.get_fontweight() for t in copied[:6]] == ["normal", "normal", "bold", "normal", "normal", "normal"]
    assert len({id(t.label1._fontproperties) for t in copied}) == len(copied)
    assert len({id(t.gridline._callbacks) for t in copied}) == len(copied)
    for name, stock in compat.stock_tick_lists().items():
        monkeypatch.setattr(Axis, name, stock)
    made = drawn_ticks()
    assert len(made) == len(copied)
    for a, b in zip(copied, made, strict=True):
        assert type(a) is type(b) and a.get_loc() == b.get_loc()
        assert a.label1.get_text() == b.label1.get_text()
        first_a, first_b = (t.axes.yaxis if t in t.axes.yaxis.majorTicks else t.axes.xaxis for t in (a, b))
        assert _tick_state(a, first_a.majorTicks[0]) == _tick_state(b, first_b.majorTicks[0])


@pytest.mark.usefixtures("processed")
def test_copied_ticks_give_byte_identical_charts(monkeypatch):
    """Every chart of two chapters, with new ticks copied and with matplotlib's own new ticks, gives the
    same SVG bytes."""
    from matplotlib.axis import Axis

    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("27-2011", "29-1022")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    assert compat.clone_new_ticks()
    copied = svgs()
    for name, stock in compat.stock_tick_lists().items():
        monkeypatch.setattr(Axis, name, stock)
    monkeypatch.setattr(compat, "clone_new_ticks", lambda: False)
    assert svgs() == copied


def test_other_figures_get_matplotlibs_own_ticks():
    """A figure that does not ask for copied ticks (an analyst's own) is built by matplotlib as always."""
    from matplotlib.figure import Figure

    assert compat.clone_new_ticks()
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xticks(range(4))
    first, *others = ax.xaxis.get_major_ticks()
    assert others and all(t.tick1line._marker is not first.tick1line._marker for t in others)


def test_bbox_union_has_the_expected_shape_and_joins_as_matplotlib_does():
    """The one-pass union gives matplotlib's numbers exactly (signs of zero and NaN included) for boxes
    of every kind: inverted, infinite (``Bbox.null()``), NaN, with zero corners, transformed."""
    import numpy as np
    from matplotlib.transforms import Affine2D, Bbox, BboxBase, TransformedBbox

    assert compat_geometry.union_patch_problem() is None, (
        "matplotlib's BboxBase.union changed: update charts/compat.py (join_bboxes_at_once)"
    )
    assert compat_geometry.join_bboxes_at_once() is True
    patched = BboxBase.union
    assert compat_geometry.join_bboxes_at_once() is True and BboxBase.union is patched  # not wrapped twice
    stock = compat_geometry.stock_bbox_union()
    rng = np.random.default_rng(14)
    specials = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-300, -2.5]
    for trial in range(400):
        boxes = []
        for _ in range(rng.integers(1, 7)):
            points = rng.normal(0, 300, (2, 2))
            if trial % 3 == 0:
                points[rng.integers(0, 2), rng.integers(0, 2)] = specials[rng.integers(0, len(specials))]
            box = Bbox(points)
            boxes.append(TransformedBbox(box, Affine2D().scale(1.5)) if trial % 5 == 0 else box)
        if trial % 7 == 0:
            boxes.append(Bbox.null())
        ours, theirs = Bbox.union(boxes).get_points(), stock(boxes).get_points()
        assert np.array_equal(ours, theirs, equal_nan=True), (boxes, ours, theirs)
        assert np.array_equal(np.signbit(ours), np.signbit(theirs))
    with pytest.raises(ValueError):
        Bbox.union([])


@pytest.mark.usefixtures("processed")
def test_charts_are_byte_identical_with_matplotlibs_own_bbox_union(monkeypatch):
    from matplotlib.transforms import BboxBase

    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("21-1011", "29-1022")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    joined = svgs()
    monkeypatch.setattr(compat_geometry, "join_bboxes_at_once", lambda: False)
    monkeypatch.setattr(BboxBase, "union", staticmethod(compat_geometry.stock_bbox_union()))
    assert svgs() == joined


def test_an_axes_background_keeps_its_transform_while_its_place_is_the_same():
    """The background of a book figure's axes answers with the transform it made last until its rectangle,
    its own transform or its axes change; with the same value as matplotlib's; other figures' axes get
    matplotlib's own (a new transform at each call)."""
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.transforms import Affine2D

    from occprofiles.charts.layout import new_figure
    from occprofiles.charts.style import chart_style

    assert compat_geometry.axes_patch_problem() is None, (
        "matplotlib's axes background changed: update charts/compat_geometry.py (memoize_axes_patch_transform)"
    )
    with chart_style():
        ax = new_figure(2.0).add_subplot()
        patch = ax.patch
        stock = type(patch).get_transform
        first = patch.get_transform()
        assert patch.get_transform() is first
        assert np.array_equal(first.get_matrix(), stock(patch).get_matrix())
        patch.set_width(0.5)
        narrower = patch.get_transform()
        assert narrower is not first and np.array_equal(narrower.get_matrix(), stock(patch).get_matrix())
        patch.set_transform(Affine2D().scale(2.0))
        moved = patch.get_transform()
        assert moved is not narrower and np.array_equal(moved.get_matrix(), stock(patch).get_matrix())
        other = Figure().add_subplot().patch
        assert other.get_transform() is not other.get_transform()


@pytest.mark.usefixtures("processed")
def test_charts_are_byte_identical_with_matplotlibs_own_axes_background(monkeypatch):
    from matplotlib.axes._base import _AxesBase

    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("21-1011", "29-1022")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    memoized = svgs()
    monkeypatch.setattr(compat_geometry, "memoize_axes_patch_transform", lambda: False)
    monkeypatch.setattr(_AxesBase, compat_geometry.AXES_PATCH_METHOD, compat_geometry.stock_axes_patch())
    assert svgs() == memoized


# ------------------------------------------------------------------------------------------------
# Titles and captions laid out from their words' sizes (charts/compat_blocks.py)
# ------------------------------------------------------------------------------------------------
BLOCK_LINES = (
    "Top skills by importance: Physical Therapists (29-1123)",
    "Where the jobs are, by state (location quotient): Dietitians and Nutritionists",
    "Source: BLS OEWS, May 2024; BLS Employment Projections, 2024–34. Not published¹: data suppressed.",
    "- - -",  # words above the baseline only: the spaces bring the line down to it
    "Équipe naïve, façade — “quoted” ‘words’ & [brackets] {braces} | pipes $ 100% _ g p q y",
    "  leading and trailing spaces  ",
    "double  spaces",
    "fi fl ffi office affluent",  # ligatures, alone and inside words
    "x¹ x² 10³",
)


@pytest.mark.parametrize("renderer_kind", ["agg", "svg"])
def test_a_line_measured_by_its_words_has_the_lines_height_and_descent(renderer_kind):
    """The heights a block's lines are placed by are the renderer's own for the whole line, to the bit; the
    width (which places nothing in a left-aligned block) is within a pixel."""
    from io import StringIO

    from matplotlib.backends.backend_svg import RendererSVG

    from occprofiles.charts import compat_blocks

    renderer = RendererAgg(650, 300, 100) if renderer_kind == "agg" else RendererSVG(650, 300, StringIO())
    measured: list[str] = []
    by_words = compat_blocks.WordMeasuringRenderer(renderer, 100)
    by_words._measure = lambda text, prop, ismath: (
        measured.append(text)
        or renderer.get_text_width_height_descent(  # type: ignore[method-assign]
            text, prop, ismath
        )
    )
    for size in (7.0, 8.5, 11.0):
        prop = FontProperties(family="DejaVu Sans", size=size)
        for line in BLOCK_LINES:
            width, height, descent = renderer.get_text_width_height_descent(line, prop, ismath=False)
            words_width, words_height, words_descent = by_words.get_text_width_height_descent(line, prop, False)
            assert (words_height, words_descent) == (height, descent), (line, size)
            assert abs(words_width - width) < 1.0, (line, size)
            assert line not in measured, f"{line!r} was measured whole, not by its words"


def test_only_a_charts_left_aligned_title_and_caption_are_laid_out_by_words():
    from matplotlib.figure import Figure

    from occprofiles.charts import compat_blocks
    from occprofiles.charts.layout import finish, new_figure
    from occprofiles.charts.style import chart_style

    with chart_style():
        fig = new_figure(1.0)
        fig.add_subplot().set_title("A panel title")
        finish(fig, "A title: Some Occupation (11-1111)", "Source: somewhere", notes=["A note."])
    blocks = [t for t in fig.findobj(mtext.Text) if compat_blocks.is_text_block(t)]
    assert blocks == [fig._suptitle, fig._supxlabel]
    other = Figure().text(0, 0, "centred")
    for change in (lambda t: t.set_ha("center"), lambda t: t.set_rotation(90), lambda t: t.set_bbox({})):
        text = Figure().text(0, 0, "a block")
        compat_blocks.mark_text_blocks(text)
        assert compat_blocks.is_text_block(text)
        change(text)
        assert not compat_blocks.is_text_block(text)
    assert not compat_blocks.is_text_block(other)


@pytest.mark.usefixtures("processed")
def test_titles_and_captions_laid_out_by_words_give_byte_identical_charts(monkeypatch):
    """Every chart of three chapters (long titles, multi-line captions with notes), drawn with titles and
    captions measured by words and by whole lines, gives the same SVG bytes."""
    from occprofiles import charts
    from occprofiles.charts import compat_blocks
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("21-1011", "29-1022", "53-3032")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    figures = [spec.figure(p) for p in profiles for spec in charts.SPECS.values()]
    assert all(compat_blocks.is_text_block(f._suptitle) and compat_blocks.is_text_block(f._supxlabel) for f in figures)
    by_words = svgs()
    monkeypatch.setattr(compat_blocks, "is_text_block", lambda text: False)
    assert svgs() == by_words
