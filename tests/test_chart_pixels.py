"""Charts look the same after speed work: every chart of three sample chapters, as the book embeds it
(inline SVG, text as text), rasterized by headless Chromium and compared pixel by pixel with a committed
reference PNG (``tests/data/chart_pixels``).

The references were rasterized from the charts drawn by the code before the render-speed changes
(issue 14: the stock constrained layout on every figure, no shared font metrics). A chart whose pixels
differ beyond the tolerance fails, naming the chart, the share of pixels that differ and a PNG of the
difference. When a chart changes on purpose, regenerate the references and look at them:

    OCCPROFILES_UPDATE_CHART_PIXELS=1 .venv/bin/pytest -q tests/test_chart_pixels.py

Tolerance (stated, not tuned per chart): same size in pixels, and at most ``MAX_CHANGED_SHARE`` of the
pixels differ by more than ``CHANNEL_TOLERANCE`` levels (of 255) in any channel. A label moved by one
pixel changes more than that (``test_the_comparison_sees_a_one_pixel_shift``).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from occprofiles import charts
from occprofiles.profile import load_profile

pytestmark = pytest.mark.usefixtures("processed")

REFERENCE_DIR = Path(__file__).parent / "data" / "chart_pixels"
# Hourly-only pay (27-2011), top-coded state wages (29-1022), an OEWS/EP aggregate (21-1011).
CODES = ("21-1011", "27-2011", "29-1022")
CHANNEL_TOLERANCE = 48
MAX_CHANGED_SHARE = 0.0005  # 0.05 % of the pixels (~90 of a 624 x 300 px chart)
UPDATE = os.environ.get("OCCPROFILES_UPDATE_CHART_PIXELS") == "1"


def chart_svgs() -> dict[str, str]:
    """``<code>-<chart>`` -> the chart's inline SVG as a chapter embeds it."""
    out = {}
    for code in CODES:
        profile = load_profile(code)
        for name, spec in charts.SPECS.items():
            out[f"{code}-{name}"] = charts.inline_svg(spec.figure(profile), spec.alt_text(profile), f"t-{name}")
    return out


def rasterize(svgs: dict[str, str]) -> dict[str, bytes]:
    """PNG screenshots of each SVG alone on a white page (device scale 1: 1 pt = 4/3 px)."""
    from occprofiles.errors import PdfError
    from occprofiles.publish.browser import browser

    try:
        with browser() as b:
            page = b.new_page(viewport={"width": 900, "height": 600}, device_scale_factor=1)
            shots = {}
            for key, svg in svgs.items():
                page.set_content(f'<html><body style="margin:0;background:white">{svg}</body></html>')
                shots[key] = page.locator("svg").first.screenshot(animations="disabled")
            return shots
    except PdfError as exc:  # no Chromium on this machine
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))


def changed_share(a: bytes, b: bytes, diff_path: Path | None = None) -> float:
    """The share of pixels whose largest channel difference exceeds the tolerance (1.0 if sizes differ)."""
    import numpy as np
    from PIL import Image

    ia = np.asarray(Image.open(io.BytesIO(a)).convert("RGB"), dtype=np.int16)
    ib = np.asarray(Image.open(io.BytesIO(b)).convert("RGB"), dtype=np.int16)
    if ia.shape != ib.shape:
        return 1.0
    changed = np.abs(ia - ib).max(axis=2) > CHANNEL_TOLERANCE
    if diff_path is not None and changed.any():
        Image.fromarray((~changed * 255).astype(np.uint8)).save(diff_path)
    return float(changed.mean())


@pytest.fixture(scope="module")
def shots() -> dict[str, bytes]:
    return rasterize(chart_svgs())


def test_every_chart_looks_as_before(shots, tmp_path):
    if UPDATE:
        REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
        for key, png in shots.items():
            (REFERENCE_DIR / f"{key}.png").write_bytes(png)
    missing = sorted(set(shots) - {p.stem for p in REFERENCE_DIR.glob("*.png")})
    assert not missing, f"no reference PNG for {missing} (see this module's docstring to regenerate)"
    problems = []
    for key, png in sorted(shots.items()):
        share = changed_share((REFERENCE_DIR / f"{key}.png").read_bytes(), png, tmp_path / f"{key}-diff.png")
        if share > MAX_CHANGED_SHARE:
            problems.append(f"{key}: {100 * share:.3f}% of pixels differ (diff: {tmp_path / f'{key}-diff.png'})")
    assert not problems, "\n".join(problems)


def test_text_stays_text(processed):
    svg = chart_svgs_one()
    assert "<text" in svg and "DejaVuSans-" not in svg  # glyphs as text, not as path outlines


def chart_svgs_one() -> str:
    profile = load_profile(CODES[0])
    spec = charts.spec("skills")
    return charts.inline_svg(spec.figure(profile), spec.alt_text(profile), "t")


def test_the_comparison_sees_a_one_pixel_shift(shots):
    """The tolerance is tight enough to fail: the same chart moved right by one pixel does not pass."""
    from PIL import Image

    key = f"{CODES[0]}-skills"
    image = Image.open(io.BytesIO(shots[key])).convert("RGB")
    shifted = Image.new("RGB", image.size, "white")
    shifted.paste(image, (1, 0))
    buffer = io.BytesIO()
    shifted.save(buffer, format="PNG")
    assert changed_share(shots[key], buffer.getvalue()) > MAX_CHANGED_SHARE
