"""The interactive path (issue 11): JupyterLab started as ``make lab`` starts it (``occprofiles.lab``), the
template opened in headless Chromium and run top to bottom with JupyterLab's own "Run All" command.

JupyterLab 4 draws only the cells in view unless ``windowingMode`` is "none": the test's own settings folder
sets it (and silences the news pop-up and autosave). The template is opened as a copy in a temporary root
folder, so nothing the run writes can reach the repository. The server, its kernel and the browser are
stopped at the end, and the test checks that none of them is left.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import psutil
import pytest

from occprofiles import paths
from occprofiles.lab import TEMPLATE, lab_command, lab_env
from occprofiles.publish.browser import browser

from conftest import oews_number

CODE = "11-9111"  # the template's default soc_code
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

# Reads the open notebook's cell models (every output, whatever is on screen) and the rendered page.
READ_NOTEBOOK = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = [];
    for (const cell of panel.content.model.cells) {
        const json = cell.toJSON();
        cells.push({type: json.cell_type, count: json.execution_count ?? null, outputs: json.outputs || []});
    }
    return {
        cells,
        kernel: panel.sessionContext.session?.kernel?.status ?? null,
        charts: document.querySelectorAll(".jp-OutputArea-output figure.occ-chart svg").length,
        math: Array.from(document.querySelectorAll("mjx-container, .MathJax, .MathJax_Display, .jp-RenderedLatex, math"))
              .map(e => e.tagName + ": " + (e.closest(".jp-OutputArea-output, .jp-MarkdownOutput")?.innerText ?? "").slice(0, 160)),
        errors: document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
        // tables wider than the output area they sit in (the reader would have to scroll sideways)
        wide: Array.from(document.querySelectorAll(".jp-OutputArea-output table"))
              .filter(t => t.getBoundingClientRect().width > t.closest(".jp-OutputArea-output").clientWidth + 1)
              .map(t => Math.round(t.getBoundingClientRect().width) + "px of "
                        + t.closest(".jp-OutputArea-output").clientWidth + "px: " + t.innerText.slice(0, 60)),
        text: document.querySelector(".jp-Notebook").innerText,
    };
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"JupyterLab exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer {url} within {timeout} s")


@pytest.fixture
def lab(tmp_path, processed):
    """A JupyterLab server on 127.0.0.1 with a token, on a copy of the template; stopped afterwards."""
    root, settings = tmp_path / "root", tmp_path / "settings"
    root.mkdir()
    shutil.copy(paths.notebooks_dir() / TEMPLATE, root / TEMPLATE)
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(16)
    env = lab_env()
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    extra = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.open_browser=False",
    ]
    command = lab_command(root / TEMPLATE, root, extra)
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={token}", server)
        yield {"url": f"{base}/lab/tree/{TEMPLATE}?token={token}", "server": server, "base": base, "token": token}
    finally:
        stop_server(server, base, token)
        log.close()


def stop_server(server: subprocess.Popen, base: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then kill whatever of its tree is left."""
    try:
        tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    try:
        request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        urllib.request.urlopen(request, timeout=5).close()
        server.wait(timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    for process in tree:
        if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
            process.kill()


def test_the_template_runs_in_jupyterlab_with_charts_and_no_math(lab, oews_db):
    median = oews_number(oews_db.national(CODE)["v13"])
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(lab["url"], wait_until="load")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=90_000)
        page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.ready; }")
        page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function(
            """() => { const p = window.jupyterapp.shell.currentWidget;
                       const cells = Array.from(p.content.model.cells).filter(c => c.type === 'code');
                       return p.sessionContext.session?.kernel?.status === 'idle'
                              && cells.every(c => c.executionCount !== null); }""",
            timeout=120_000,
        )
        page.wait_for_timeout(500)  # let the last outputs render
        seen = page.evaluate(READ_NOTEBOOK)
        save_screenshots(page, os.environ.get("OCCPROFILES_LAB_SCREENSHOTS"))
        server = psutil.Process(lab["server"].pid)
        server_tree = {server.pid} | {p.pid for p in server.children(recursive=True)}  # the kernel among them
        browser_pids = {p.pid for p in psutil.Process().children(recursive=True)} - before - server_tree
    outputs = [o for c in seen["cells"] if c["type"] == "code" for o in c["outputs"]]
    assert [o for o in outputs if o["output_type"] == "error"] == []
    assert seen["errors"] == 0
    assert all(c["count"] is not None for c in seen["cells"] if c["type"] == "code")
    assert f"${median:,.0f}" in seen["text"]  # OEWS May 2025 median, $123,860, shown with its dollar sign
    assert seen["charts"] >= 5
    assert seen["math"] == [], "text typeset as math"
    assert ":::" not in seen["text"]  # admonitions are boxes, not MyST markup
    assert not re.search(r"\{[a-z-]+\}`", seen["text"]), "a MyST role shown as markup"
    assert seen["wide"] == [], "tables wider than their output area"
    # the browser and its helpers end with the block (Chromium's last helpers take a moment)
    assert browser_pids
    assert wait_until_gone(browser_pids) == []


def save_screenshots(page, folder: str | None) -> None:
    """For a person to look at (``OCCPROFILES_LAB_SCREENSHOTS=DIR``): the notebook's top, then each of its
    first charts scrolled into view, then the Sources table."""
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    page.screenshot(path=os.path.join(folder, "lab-0-top.png"))
    charts = page.locator(".jp-OutputArea-output figure.occ-chart")
    for i in range(min(charts.count(), 4)):
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(200)
        page.screenshot(path=os.path.join(folder, f"lab-{i + 1}-chart.png"))
    tables = page.locator(".jp-OutputArea-output table")
    tables.nth(tables.count() - 1).scroll_into_view_if_needed()  # the Sources table, the chapter's last
    page.wait_for_timeout(200)
    page.screenshot(path=os.path.join(folder, "lab-9-sources.png"))


def wait_until_gone(pids: set[int] | list[int], timeout: float = 5.0) -> list[str]:
    """The processes of ``pids`` still alive after ``timeout`` seconds (name and pid), else []."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive or time.monotonic() > deadline:
            return [f"{_name(pid)} ({pid})" for pid in alive]
        time.sleep(0.1)


def _name(pid: int) -> str:
    try:
        return " ".join(psutil.Process(pid).cmdline())[:120]
    except psutil.NoSuchProcess:
        return "ended"


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_the_server_and_its_kernel_are_gone_after_the_test(tmp_path, processed):
    """The fixture's stop leaves nothing: the server and the kernel it started (checked on a fresh server)."""
    gen = lab.__wrapped__(tmp_path, processed)
    info = next(gen)
    # start a kernel the way a notebook would, through the server's API
    request = urllib.request.Request(
        f"{info['base']}/api/kernels?token={info['token']}", data=b'{"name": "python3"}', method="POST"
    )
    urllib.request.urlopen(request, timeout=30).close()
    time.sleep(1)
    tree = [info["server"].pid] + [p.pid for p in psutil.Process(info["server"].pid).children(recursive=True)]
    assert len(tree) >= 2, "the kernel was not started"
    with pytest.raises(StopIteration):
        next(gen)
    assert wait_until_gone(tree) == []
