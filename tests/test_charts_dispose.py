"""charts.release_figure: a chapter's figure is freed by reference counting the moment its last name goes,
instead of waiting for the garbage collector (which, in a render kernel, scans every object it holds)."""

from __future__ import annotations

import gc
import weakref

import pytest

from occprofiles import charts
from occprofiles.profile import load_profile

pytestmark = pytest.mark.usefixtures("processed")


@pytest.fixture
def no_automatic_gc():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_a_released_figure_is_freed_without_the_garbage_collector(name, no_automatic_gc):
    profile = load_profile("29-1022")
    fig = charts.draw(name, profile)
    charts.inline_svg(fig, charts.alt_text(name, profile), "t")
    kept = weakref.ref(fig)
    del fig
    left_to_gc = gc.collect()
    assert kept() is None and left_to_gc > 1000  # a figure alone is many reference cycles

    fig = charts.draw(name, profile)
    charts.inline_svg(fig, charts.alt_text(name, profile), "t")
    released = weakref.ref(fig)
    charts.release_figure(fig)
    del fig
    assert released() is None  # freed at once, no collection ran
    assert gc.collect() < 0.05 * left_to_gc


def test_releasing_after_the_svg_leaves_the_chapter_svg_unchanged(no_automatic_gc):
    profile = load_profile("27-2011")
    before = charts.inline_svg(charts.draw("state_wage", profile), "a", "t")
    fig = charts.draw("state_wage", profile)
    after = charts.inline_svg(fig, "a", "t")
    charts.release_figure(fig)
    assert after == before and "<text" in after


def test_a_chapter_chart_runs_no_garbage_collection_while_its_figure_lives(monkeypatch):
    """Chapter.chart pauses the collector from drawing to release_figure (the figure is then freed by
    reference counting): no collection scans the live figure, and the collector is on again afterwards."""
    from occprofiles import chapter

    shown: list = []
    monkeypatch.setattr(chapter, "_display", lambda *objs: shown.extend(objs))
    ch = chapter.Chapter("27-2011")
    ch.chart("skills")  # imports, fonts, caches
    alive = [False]
    collections: list[bool] = []
    draw, release = charts.draw, charts.release_figure

    def drawing(*args, **kwargs):
        alive[0] = True
        return draw(*args, **kwargs)

    def releasing(fig):
        release(fig)
        alive[0] = False

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(alive[0])

    monkeypatch.setattr(charts, "draw", drawing)
    monkeypatch.setattr(charts, "release_figure", releasing)
    gc.collect()
    gc.callbacks.append(count)
    try:
        for name in ("state_tile_map", "regional_outlook", "skills", "industries"):
            ch.chart(name)
    finally:
        gc.callbacks.remove(count)
    assert gc.isenabled() and not alive[0]
    assert True not in collections  # without the pause: one or more while each figure lives
    assert len(shown) == 5 and all("<svg" in figure.data for figure in shown)
