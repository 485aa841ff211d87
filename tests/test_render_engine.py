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


def test_outputs_are_the_nodes_nbformat_makes_from_the_same_messages():
    """The engine builds outputs without a schema check each (the chapter is validated whole when written):
    the same nodes as ``nbformat.v4.output_from_msg``, and the same error for a message that is no output."""
    import pytest
    from nbformat.v4 import output_from_msg

    from occprofiles.render.engine import output_node

    messages = [
        ("display_data", {"data": {"text/html": "<figure>…</figure>", "text/plain": "<HTML>"}, "metadata": {}}),
        ("execute_result", {"data": {"text/plain": "42"}, "metadata": {"a": {"b": 1}}, "execution_count": 3}),
        ("stream", {"name": "stderr", "text": "warning\n"}),
        ("error", {"ename": "ValueError", "evalue": "bad", "traceback": ["line 1", "line 2"]}),
    ]
    for msg_type, content in messages:
        msg = {"header": {"msg_type": msg_type}, "content": content}
        assert output_node(msg) == output_from_msg(msg), msg_type
    status = {"header": {"msg_type": "status"}, "content": {"execution_state": "idle"}}
    with pytest.raises(ValueError):
        output_from_msg(status)
    with pytest.raises(ValueError):
        output_node(status)


def test_cell_metadata_is_papermills(monkeypatch):
    """The execution manager's shortcut writes what papermill's own ``cell_complete`` writes."""
    import datetime

    import nbformat
    from papermill.engines import NotebookExecutionManager

    from occprofiles.render.engine import ChapterExecutionManager

    start = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    end = start + datetime.timedelta(seconds=1.25)
    written = []
    for manager_class in (NotebookExecutionManager, ChapterExecutionManager):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        nb.metadata["papermill"] = {}
        manager = manager_class(nb, progress_bar=False)
        monkeypatch.setattr(manager, "now", lambda: start)
        manager.notebook_start()
        manager.cell_start(nb.cells[0], 0)
        monkeypatch.setattr(manager, "now", lambda: end)
        manager.cell_complete(nb.cells[0], cell_index=0)
        written.append(dict(nb.cells[0].metadata.papermill))
    assert written[0] == written[1]
    assert written[1]["duration"] == 1.25 and written[1]["status"] == "completed"


def test_rfc3987_syntax_is_imported_when_first_used():
    """A render worker defers rfc3987_syntax (1.1 CPU-s of grammar compiling on import); jsonschema's IRI
    check still gives its answers, importing the module on its first call. Run in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from occprofiles.render.worker import defer_rfc3987_syntax\n"
        "defer_rfc3987_syntax()\n"
        "import nbformat, jsonschema\n"
        "from jsonschema import FormatChecker\n"
        "assert 'lark' not in sys.modules, 'imported with nbformat'\n"
        "checker = FormatChecker()\n"
        "print(checker.conforms('http://example.com/ä', 'iri'), checker.conforms('not an iri', 'iri'))\n"
        "assert 'lark' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["True", "False"]
