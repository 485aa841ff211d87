"""papermill integration without rendering: the engine's public registration and typed errors."""

from __future__ import annotations

from importlib.metadata import entry_points

from occprofiles.render import REUSED_KERNEL_ENGINE
from occprofiles.render.worker import describe_error, ensure_engine_registered


def test_the_engine_is_registered_through_papermills_entry_point():
    (entry,) = [e for e in entry_points(group="papermill.engine") if e.name == REUSED_KERNEL_ENGINE]
    assert entry.value == "occprofiles.render.engine:ReusedKernelEngine"
    # papermill loads it itself (importing papermill first: see render/engine.py's docstring).
    from papermill.engines import NBClientEngine, papermill_engines

    engine = papermill_engines.get_engine(REUSED_KERNEL_ENGINE)
    assert issubclass(engine, NBClientEngine) and engine.__module__ == "occprofiles.render.engine"
    ensure_engine_registered()  # no error


def test_a_missing_engine_is_a_clear_error(monkeypatch):
    import pytest
    from papermill.engines import papermill_engines

    from occprofiles.errors import EngineNotRegisteredError, RenderError

    monkeypatch.delitem(papermill_engines._engines, REUSED_KERNEL_ENGINE)  # test only: simulate a stale install
    with pytest.raises(EngineNotRegisteredError, match="pip install -e") as raised:
        ensure_engine_registered()
    assert isinstance(raised.value, RenderError)


def test_a_failed_cell_is_described_by_its_error_and_cell():
    from papermill.exceptions import PapermillExecutionError

    exc = PapermillExecutionError(
        cell_index=4,
        exec_count=3,
        source="1/0",
        ename="ZeroDivisionError",
        evalue="division by zero",
        traceback=["..."],
    )
    assert describe_error(exc) == "ZeroDivisionError: division by zero (cell 3)"


def test_other_failures_are_one_line_with_their_type():
    class PapermillExecutionError(Exception):  # same name, not papermill's: no longer mistaken for it
        pass

    assert describe_error(PapermillExecutionError("boom\nsecond line")) == "PapermillExecutionError: boom"
    assert describe_error(KeyError("title")) == "KeyError: 'title'"
    assert len(describe_error(ValueError("x" * 2000))) == 500
