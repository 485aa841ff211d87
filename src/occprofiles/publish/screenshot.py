"""``occprofiles screenshot``: a PNG of the top of one chapter of the built HTML book (for the README)."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..errors import PdfError
from ..render.selection import chapter_path
from .browser import browser, serve


def screenshot(soc_code: str, target: Path, width: int = 1100, height: int = 1300) -> Path:
    html_dir = paths.html_dir()
    doc = chapter_path(soc_code).relative_to(paths.REPO_ROOT).with_suffix(".html")
    if not (html_dir / doc).exists():
        raise PdfError(f"{soc_code} is not in the built book: run `occprofiles book --sample` first.")
    with serve(html_dir) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/{doc.as_posix()}", wait_until="networkidle")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
    from PIL import Image

    # 64 colours are plenty for a page of text and flat charts, and make the PNG ~4x smaller.
    Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
    return target
