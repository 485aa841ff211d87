"""``occprofiles export SOC --to html|pdf|notebook``: one chapter as a file to mail or archive.

- ``notebook``: the template executed for the code (papermill, as ``occprofiles render`` does, links to other
  chapters off), the first cell made the chapter's title.
- ``html``: that notebook through nbconvert's ``HTMLExporter`` (lab template, input cells hidden as in the
  book, images embedded) with ``templates/standalone.html.j2``, which drops the scripts the lab template loads
  from other hosts (require.js, MathJax, mermaid) and adds the few styles the outputs use. nbconvert rather
  than our own page: it already inlines JupyterLab's CSS and renders every output type; the charts are
  inline SVG in the outputs, so the file needs nothing else. MyST markup in the outputs (admonitions, the
  download role) is turned into HTML first: only Jupyter Book reads it.
- ``pdf``: the standalone HTML printed by Debian's Chromium (Playwright), the book's print route
  (``publish.pdf``): same page size and margins, vector charts, no TeX; nbconvert's PDF exporter needs a
  TeX installation (~420 MB) and its WebPDF exporter a Playwright browser download.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths

if TYPE_CHECKING:
    from nbformat import NotebookNode

FORMATS = {"html": ".html", "pdf": ".pdf", "notebook": ".ipynb"}
TEMPLATE = Path(__file__).parent / "templates" / "standalone.html.j2"
CHAPTER_CSS = "occprofiles-chapter.css"  # the book's rules for chapter outputs, shared with the standalone file
_ADMONITION = re.compile(r"^:::\{(\w+)\}\n(.*?)\n:::$", re.S | re.M)
_DOWNLOAD_ROLE = re.compile(r"\{download\}`([^`<]*?)\s*<[^>`]*>`")


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser("export", help="one chapter as a standalone HTML file, a PDF or the executed notebook")
    cmd.add_argument("soc_code", metavar="SOC", help="2018 SOC detailed code, e.g. 11-9111")
    cmd.add_argument("--to", choices=list(FORMATS), required=True, help="html, pdf or notebook")
    cmd.add_argument("--out", metavar="FILE", help="file to write (default: _build/export/SOC.html|pdf|ipynb)")
    cmd.set_defaults(func=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from .profile import load_profile_dict, normalise_soc_code

    code = normalise_soc_code(args.soc_code)
    load_profile_dict(code)  # an unknown code is bad input (exit 2) before a kernel is started
    out = Path(args.out) if args.out else paths.build_dir() / "export" / f"{code}{FORMATS[args.to]}"
    export(code, args.to, out)
    print(f"Wrote {out}")
    return 0


def export(code: str, to: str, out: Path) -> Path:
    """Write chapter ``code`` as ``to`` ("html", "pdf" or "notebook") to ``out``."""
    from .render.output import atomic_write_bytes, atomic_write_text

    nb = executed_chapter(code)
    if to == "notebook":
        import nbformat

        atomic_write_text(out, nbformat.writes(nb) + "\n")
    elif to == "html":
        atomic_write_text(out, standalone_html(nb))
    else:
        atomic_write_bytes(out, print_pdf(standalone_html(nb)))
    return out


def executed_chapter(code: str) -> NotebookNode:
    """The template executed for ``code`` (papermill, the project's kernel), titled like a book chapter."""
    import nbformat
    import papermill
    from traitlets.config import Config

    from .profile import load_profile
    from .render.kernel import KERNEL_NAME

    with tempfile.TemporaryDirectory(prefix="occprofiles-export-") as tmp:
        target = Path(tmp) / f"{code}.ipynb"
        # The kernel talks over local sockets in this folder (IPC), as the render workers' kernels do: no TCP
        # ports, so ipykernel does not print "Kernel is running over TCP without encryption".
        kernel = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(tmp) / "kernel")}})
        papermill.execute_notebook(
            str(paths.notebooks_dir() / "occupation_profile.ipynb"),
            str(target),
            parameters={"soc_code": code},
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            cwd=tmp,
            config=kernel,
        )
        nb = nbformat.read(target, as_version=4)
    profile = load_profile(code)
    nb.cells[0].source = f"# {profile.title} (SOC {code})"
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nb.metadata["title"] = f"{profile.title} (SOC {code})"
    return nb


def plain_markdown(text: str) -> str:
    """MyST markup only Jupyter Book reads, as HTML every Markdown renderer shows: ``:::{note}`` blocks
    become admonition boxes, the download role its label."""
    text = _ADMONITION.sub(
        lambda m: (
            f'<div class="admonition {m.group(1)}">\n<p class="admonition-title">{m.group(1).capitalize()}</p>\n\n'
            f"{m.group(2)}\n\n</div>"
        ),
        text,
    )
    return _DOWNLOAD_ROLE.sub(lambda m: m.group(1), text)


def standalone_html(nb: NotebookNode) -> str:
    """One HTML file: styles, charts (inline SVG) and images inline; no request to any other host."""
    import copy

    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = plain_markdown(data["text/markdown"])
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = ["remove-cell"]
    config.TagRemovePreprocessor.remove_input_tags = ["remove-input"]
    exporter = HTMLExporter(
        config=config,
        template_name="lab",
        template_file=str(TEMPLATE),
        embed_images=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    css = (paths.book_dir() / "_static" / CHAPTER_CSS).read_text(encoding="utf-8")
    body, _ = exporter.from_notebook_node(nb, resources={"occ_chapter_css": css})
    return body


def print_pdf(html: str) -> bytes:
    """The standalone HTML printed by headless Chromium with the book's page size and margins."""
    from .publish.browser import browser
    from .publish.pdf import PAGE_FORMATS, PAGE_MARGIN

    with tempfile.TemporaryDirectory(prefix="occprofiles-export-") as tmp:
        page_file = Path(tmp) / "chapter.html"
        page_file.write_text(html, encoding="utf-8")
        with browser() as b:
            page = b.new_page()
            page.goto(page_file.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            return page.pdf(print_background=True, format=PAGE_FORMATS[0], margin=PAGE_MARGIN, tagged=True)
