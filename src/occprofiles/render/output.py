"""Writing a rendered chapter: the title cell, no volatile metadata, deterministic ids, atomic files."""

from __future__ import annotations

import errno
import gzip
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DiskFullError
from .hashing import OUTPUT_HASH_KEY, UNSEALED

if TYPE_CHECKING:
    from nbformat import NotebookNode

RESET_CELL_ID = "occprofiles-reset"


def drop_empty_sections(cells: list) -> list:
    """A section heading (a Markdown cell that is only a "## " heading) whose code cell displays nothing is left
    out with that cell: a chapter method shows nothing when the chapter has already said, once, why the section
    has no data (the scope box of a military occupation)."""
    out: list = []
    for cell in cells:
        previous = out[-1] if out else None
        if (
            cell.cell_type == "code"
            and cell.get("execution_count") is not None  # run, and displayed nothing (not a template never run)
            and not cell.get("outputs")
            and previous is not None
            and previous.cell_type == "markdown"
            and previous.source.startswith("## ")
            and "\n" not in previous.source.strip()
        ):
            out.pop()
            continue
        out.append(cell)
    return out


def finalise_notebook(
    nb: NotebookNode,
    code: str,
    title: str,
    chash: str,
    parameters: dict,
    *,
    heading: str | None = None,
    id_key: str = "soc_code",
    cell_prefix: str | None = None,
    kind: str | None = None,
) -> NotebookNode:
    """Remove what differs between two runs (timestamps, durations, random ids, kernel-history
    execution counts) and the kernel-reset cell; the first cell becomes the chapter's title.

    An occupation's chapter: "# {title} (SOC {code})", cell ids "{code}-cNN", ``soc_code`` in the
    metadata. Another kind of chapter (occprofiles.render.kinds) passes its ``heading``, the metadata
    key naming its id (``id_key``), its ``cell_prefix`` and its ``kind`` (recorded in the metadata)."""
    nb.cells = drop_empty_sections([c for c in nb.cells if c.get("id") != RESET_CELL_ID])
    nb.cells[0].source = f"# {heading if heading is not None else f'{title} (SOC {code})'}"
    nb.cells[0].metadata = {}
    count = 0
    for index, cell in enumerate(nb.cells):
        cell.id = f"{cell_prefix or code}-c{index:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
    nb.metadata.pop("papermill", None)
    nb.metadata["occprofiles"] = {
        id_key: code,
        "content_hash": chash,
        "parameters": parameters,
        OUTPUT_HASH_KEY: UNSEALED,  # set by seal() once the text is final
    }
    if kind is not None:
        nb.metadata["occprofiles"]["kind"] = kind
    return nb


def json_download_path(chapter: Path) -> Path:
    """The chapter's profile JSON as the book offers it for download: gzip-compressed (the 880 plain
    JSON files alone were 52 MB of the HTML book; compressed, ~10 MB)."""
    return chapter.with_suffix(".json.gz")


def gzip_deterministic(data: bytes) -> bytes:
    """gzip without a timestamp or file name: the same JSON gives the same bytes. (GzipFile writes
    the header itself — OS byte 255 — where gzip.compress leaves it to zlib on some Python versions.)"""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temp file + rename in the target folder: readers see the old file or the new one, never half.
    A full disk is a :class:`DiskFullError` naming ``path``; the temp file is removed either way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:  # os.write may write part of it
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; chapters are published files
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(f"no space left on the device while writing {path} (nothing was written)") from exc
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temps(root: Path) -> None:
    """Temporary files left by a killed batch (never a chapter: chapters appear by atomic rename), in
    every chapter folder (occupations and group overviews in NN/, other kinds in their own)."""
    for tmp in root.glob("*/.*.tmp"):
        tmp.unlink(missing_ok=True)
