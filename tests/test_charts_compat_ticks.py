"""The minor tick deferral (charts/compat_ticks.py): a chart's axes make no minor tick unless the chart has
minor ticks, and every chart is the same, byte for byte, as with matplotlib's own minor ticks."""

from __future__ import annotations

import pytest
from matplotlib import axis as maxis

from occprofiles.charts import compat_ticks


def _stock(monkeypatch) -> None:
    """matplotlib's own minor tick list and methods back on ``Axis`` for the rest of the test."""
    for name, value in compat_ticks.stock_minor_ticks().items():
        monkeypatch.setattr(maxis.Axis, name, value)
    monkeypatch.setattr(compat_ticks, "defer_minor_ticks", lambda: False)


def _minor_ticks_made(monkeypatch) -> list[maxis.Axis]:
    made: list[maxis.Axis] = []
    stock_get_tick = maxis.Axis._get_tick

    def counting(self, major):
        if not major:
            made.append(self)
        return stock_get_tick(self, major)

    monkeypatch.setattr(maxis.Axis, "_get_tick", counting)
    return made


def test_the_methods_wrapped_have_the_expected_shape_and_install_once():
    assert compat_ticks.minor_tick_problem() is None, (
        "matplotlib's Axis.set_clip_path/get_minor_ticks or its lazy minor tick list changed: update "
        "charts/compat_ticks.py"
    )
    assert compat_ticks.defer_minor_ticks() is True
    wrapped = maxis.Axis.get_minor_ticks
    assert compat_ticks.is_deferring_minor_ticks() and compat_ticks.defer_minor_ticks() is True
    assert maxis.Axis.get_minor_ticks is wrapped  # not wrapped twice
    assert isinstance(compat_ticks.stock_minor_ticks()["minorTicks"], maxis._LazyTickList)


@pytest.mark.usefixtures("processed")
def test_charts_make_no_minor_tick_and_are_byte_identical_to_matplotlibs_own(monkeypatch):
    """Every chart of three chapters: no minor tick made (before: two per axes), and the same SVG bytes
    as with matplotlib's minor ticks."""
    from occprofiles import charts
    from occprofiles.profile import load_profile

    profiles = [load_profile(code) for code in ("27-2011", "29-1022", "43-9022")]

    def svgs() -> list[str]:
        return [charts.figure_svg(spec.figure(p)) for p in profiles for spec in charts.SPECS.values()]

    made = _minor_ticks_made(monkeypatch)
    deferred = svgs()
    assert made == []
    _stock(monkeypatch)
    assert svgs() == deferred
    assert len(made) >= 2 * len(deferred)  # matplotlib's own: one per axis


def _chart_with_minor_ticks() -> tuple[str, list]:
    """A chart figure whose x axis has minor ticks, set before and after the axes is made: its SVG, and the
    state of its first minor tick and the padding its axis reports."""
    from matplotlib.ticker import MultipleLocator

    from occprofiles.charts import figure_svg
    from occprofiles.charts.layout import finish, new_figure
    from occprofiles.charts.style import chart_style

    with chart_style():
        fig = new_figure(2.0)
        ax = fig.add_subplot()
        ax.plot([0, 10], [0, 1])
        ax.xaxis.set_minor_locator(MultipleLocator(0.5))
        ax.tick_params(axis="x", which="minor", length=5, color="#cc0000", labelsize=6)
        ax.grid(axis="x", which="minor", color="#eeeeee")
        finish(fig, "Minor ticks", "Source: a test")
        svg = figure_svg(fig)
    tick = ax.xaxis.get_minor_ticks()[0]
    state = [
        ax.xaxis.get_tick_padding(),
        tick._size,
        tick.tick1line.get_color(),
        tick.gridline.get_visible(),
        tick.gridline.get_color(),
        tick.label1.get_fontsize(),
        tick.gridline.get_clip_path() is not None,
        ax.yaxis.get_tick_padding(),
    ]
    return svg, state


def test_a_chart_with_minor_ticks_gets_the_ticks_matplotlib_makes(monkeypatch):
    made = _minor_ticks_made(monkeypatch)
    deferred = _chart_with_minor_ticks()
    assert made, "the chart's minor ticks are made when it asks for them"
    _stock(monkeypatch)
    assert _chart_with_minor_ticks() == deferred


def test_other_figures_get_matplotlibs_lazy_list():
    """A figure that does not ask for it (an analyst's own) makes its minor tick with the axes, as always."""
    from matplotlib.figure import Figure

    assert compat_ticks.defer_minor_ticks()
    ax = Figure().add_subplot()
    assert type(vars(ax.xaxis)["minorTicks"]) is list and len(ax.xaxis.minorTicks) == 1


def test_a_matplotlib_without_the_lazy_list_gets_stock_behaviour(monkeypatch, caplog):
    import logging

    from occprofiles.charts import compat

    monkeypatch.delattr(maxis.Axis, "minorTicks")
    with caplog.at_level(logging.WARNING, logger=compat.__name__):
        assert compat_ticks.is_deferring_minor_ticks() is False
        assert compat_ticks.defer_minor_ticks() is False
    assert "no longer a lazy tick list" in caplog.text and "stock behaviour" in caplog.text
    assert "minorTicks" not in vars(maxis.Axis)  # left alone
