"""Charts as inline SVG in a chapter: compaction keeps every element's style, and names the chart for
assistive technology; the class names of different charts on one page never collide."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from occprofiles import chapter, charts
from occprofiles.profile import load_profile

pytestmark = pytest.mark.usefixtures("processed")

SVG_NS = "{http://www.w3.org/2000/svg}"


def _effective_styles(svg: str) -> list[tuple[str, str]]:
    """(tag, style) of every element, in document order, resolving class="x" through the <style> rules."""
    root = ET.fromstring(svg)
    rules: dict[str, str] = {}
    for style in root.iter(f"{SVG_NS}style"):
        rules.update(re.findall(r"\.([\w-]+)\{([^}]*)\}", style.text or ""))
    out = []
    for el in root.iter():
        if el.tag in (f"{SVG_NS}style", f"{SVG_NS}title"):
            continue
        style = el.get("style") or ""
        if el.get("class"):
            assert not style, "an element has both a class and a style"
            style = rules[el.get("class")]
        out.append((el.tag, style))
    return out


@pytest.fixture(scope="module")
def svgs() -> dict[str, str]:
    p = load_profile("11-9111")
    return {name: chapter.figure_svg(fn(p)) for name, fn in charts.CHARTS.items()}


def test_styles_to_classes_keeps_every_elements_style(svgs):
    for name, svg in svgs.items():
        compact = chapter.styles_to_classes(svg, f"oc{list(charts.CHARTS).index(name)}-")
        assert _effective_styles(compact) == _effective_styles(svg), name
        assert len(compact) < 0.8 * len(svg), (name, len(svg), len(compact))


def test_clipping_is_kept(svgs):
    import io

    import matplotlib as mpl

    fig = charts.CHARTS["skills"](load_profile("11-9111"))
    raw = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "occprofiles"}):
        fig.savefig(raw, format="svg")
    clipped = raw.getvalue().count('clip-path="url(#')
    styles = [style for _tag, style in _effective_styles(svgs["skills"])]
    assert clipped > 0 and sum("clip-path:url(#" in s for s in styles) + svgs["skills"].count('clip-path="url(#') == clipped


def test_class_names_are_unique_to_their_chart_on_a_page(svgs):
    seen: dict[str, str] = {}
    for name, svg in svgs.items():
        compact = chapter.styles_to_classes(svg, f"oc{list(charts.CHARTS).index(name)}-")
        for cls in set(re.findall(r' class="([^"]+)"', compact)):
            assert seen.setdefault(cls, name) == name, f"{cls} used by {seen[cls]} and {name}"


def test_chart_is_an_image_named_by_its_title():
    shown = []
    ch = chapter.Chapter("11-9111")
    original = chapter._display
    chapter._display = lambda *objs: shown.extend(objs)
    try:
        ch.chart("wage_distribution")
    finally:
        chapter._display = original
    html = shown[0].data
    root = ET.fromstring(html[html.index("<svg"):html.rindex("</svg>") + 6])
    assert root.get("role") == "img"
    title = root.find(f"{SVG_NS}title")
    assert title is not None and root.get("aria-labelledby") == title.get("id")
    assert title.text == charts.alt_text("wage_distribution", ch.p)
    assert "123,860" in title.text


_DRAW_ALL = """
import hashlib, sys
from occprofiles import chapter, charts
from occprofiles.profile import load_profile
if sys.argv[1] == "unshared":
    charts.share_text_metrics = lambda: False
digest = hashlib.sha256()
for code in ("11-9111", "27-2011", "29-1141"):
    p = load_profile(code)
    for fn in charts.CHARTS.values():
        digest.update(chapter.figure_svg(fn(p)).encode())
print(digest.hexdigest())
"""


def test_shared_text_metrics_change_no_byte():
    """Text sizes shared across figures (charts.share_text_metrics) draw exactly what per-figure ones do."""
    import subprocess
    import sys

    def draw(mode: str) -> str:
        return subprocess.run([sys.executable, "-c", _DRAW_ALL, mode], capture_output=True, text=True, check=True).stdout.strip()

    import matplotlib.text as mtext

    assert draw("shared") == draw("unshared")
    charts.share_text_metrics()
    assert getattr(mtext._get_text_metrics_with_cache, "_occprofiles_shared", False)
