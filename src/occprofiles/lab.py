"""``make lab``: JupyterLab on the chapter template, with the project's kernel.

    python -m occprofiles.lab [SOC] [jupyter lab options...]

With a SOC code, a copy of the template with ``soc_code`` set (papermill's ``--prepare-only``: the
parameters cell is kept, an ``injected-parameters`` cell follows it) is written to ``_build/lab/SOC.ipynb``
and opened instead, so the template itself stays as it is.

The kernel is this environment's python: the template asks for the ``python3`` kernel, whose spec in the
venv starts ``python``, which Jupyter runs as the server's own interpreter (``sys.executable``);
``JUPYTER_PREFER_ENV_PATH=1`` makes the venv's specs win over a ``python3`` spec in ``~/.local``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import paths

TEMPLATE = "occupation_profile.ipynb"


def lab_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    return env


def lab_command(notebook: Path, root: Path, extra: Sequence[str] = ()) -> list[str]:
    """The JupyterLab command of this environment, serving ``root`` and opening ``notebook`` (inside it)."""
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers, CI
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        *as_root,
        *extra,
        str(notebook.resolve()),  # a path inside root (the server refuses one outside it)
    ]


def lab_notebook(soc_code: str | None) -> Path:
    """The template, or a copy set to ``soc_code`` in ``_build/lab``."""
    template = paths.notebooks_dir() / TEMPLATE
    if not soc_code:
        return template
    import papermill

    from .profile import load_profile_dict, normalise_soc_code

    code = normalise_soc_code(soc_code)
    load_profile_dict(code)  # an unknown code fails here, with the closest codes
    target = paths.build_dir() / "lab" / f"{code}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(template), str(target), parameters={"soc_code": code}, prepare_only=True)
    return target


def main(argv: list[str] | None = None) -> int:
    from .errors import OccProfilesError

    args = list(sys.argv[1:] if argv is None else argv)
    soc = args.pop(0) if args and not args[0].startswith("-") else None
    try:
        notebook = lab_notebook(soc)
    except OccProfilesError as exc:
        print(f"make lab: {exc}", file=sys.stderr)
        return 2
    command = lab_command(notebook, paths.REPO_ROOT, args)
    os.execve(command[0], command, lab_env())  # JupyterLab replaces this process (Ctrl-C stops it)


if __name__ == "__main__":
    sys.exit(main())
