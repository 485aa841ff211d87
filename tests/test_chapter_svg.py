"""Charts as inline SVG in a chapter: compaction keeps every element's style, and names the chart for
assistive technology; the class names of different charts on one page never collide."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from occprofiles import chapter, chapter_tables, charts
from occprofiles.charts.svg import styles_to_classes
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
    return {name: charts.figure_svg(fn(p)) for name, fn in charts.CHARTS.items()}


def test_styles_to_classes_keeps_every_elements_style(svgs):
    for name, svg in svgs.items():
        compact = styles_to_classes(svg)
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
    assert (
        clipped > 0
        and sum("clip-path:url(#" in s for s in styles) + svgs["skills"].count('clip-path="url(#') == clipped
    )


def test_a_class_name_means_one_style_in_every_chart(svgs):
    """Charts of several chapters may share one page (or JupyterLab window): a class never restyles
    another chart's elements."""
    rules: dict[str, str] = {}
    for code in ("11-9111", "27-2011"):
        p = load_profile(code)
        for name, fn in charts.CHARTS.items():
            compact = styles_to_classes(charts.figure_svg(fn(p)))
            for cls, style in re.findall(r"\.([\w-]+)\{([^}]*)\}", compact.split("</style>")[0]):
                assert rules.setdefault(cls, style) == style, (code, name, cls)
    assert len(rules) > 20


def test_table_cells_stay_on_one_line():
    text = chapter_tables.table(["area", "note"], [("A", "first line\n\nsecond *line* O*NET"), ("B", "x")])
    lines = [line for line in text.split("\n") if line]
    assert len(lines) == 1 and lines[0].startswith(chapter_tables.TABLE_OPEN)
    assert "first line second *line* O*NET" in lines[0]
    assert "O\\*NET" not in chapter_tables.md(text).data


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
    root = ET.fromstring(html[html.index("<svg") : html.rindex("</svg>") + 6])
    assert root.get("role") == "img"
    title = root.find(f"{SVG_NS}title")
    assert title is not None and root.get("aria-labelledby") == title.get("id")
    assert title.text == charts.alt_text("wage_distribution", ch.profile)
    assert "123,860" in title.text


_DRAW_ALL = """
import hashlib, sys
from occprofiles import charts
from occprofiles.charts import compat
from occprofiles.profile import load_profile
if sys.argv[1] == "unshared":
    compat.share_text_metrics = lambda: False  # the charts look it up on the module
digest = hashlib.sha256()
for code in ("11-9111", "27-2011", "29-1141"):
    p = load_profile(code)
    for fn in charts.CHARTS.values():
        digest.update(charts.figure_svg(fn(p)).encode())
print(compat.is_sharing(), digest.hexdigest())
"""


def test_shared_text_metrics_change_no_byte():
    """Text sizes shared across figures (charts/compat.py) draw exactly what per-figure ones do."""
    import subprocess
    import sys

    def draw(mode: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", _DRAW_ALL, mode], capture_output=True, text=True, check=True
        ).stdout.strip()

    import matplotlib.text as mtext

    shared, unshared = draw("shared").split(), draw("unshared").split()
    assert shared[0] == "True" and unshared[0] == "False"  # each mode really ran as named
    assert shared[1] == unshared[1]
    charts.share_text_metrics()
    assert getattr(mtext._get_text_metrics_with_cache, "_occprofiles_shared", False)


_PDF_AFTER = """
import hashlib, io, sys
from occprofiles import charts
from occprofiles.profile import load_profile
p = load_profile("11-9111")
if sys.argv[1] == "after-svg":
    charts.figure_svg(charts.CHARTS["industries"](p))  # fills the shared text sizes from SVG
buf = io.BytesIO()
charts.save_figure(charts.CHARTS["industries"](p), buf, format="pdf")
print(hashlib.sha256(buf.getvalue()).hexdigest())
"""


def test_shared_text_metrics_do_not_leak_between_renderers():
    """PDF measures text slightly differently from SVG: a PDF must not depend on what was drawn before."""
    import subprocess
    import sys

    def run(mode: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", _PDF_AFTER, mode], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert run("fresh") == run("after-svg")


def test_no_dollar_sign_reaches_a_markdown_renderer_as_math():
    """JupyterLab typesets "$…$" in Markdown output as TeX (in the source, and again in the rendered page); every
    "$" leaves md() as an entity in its own element, which the book, JupyterLab and nbconvert all show as a dollar
    sign (tests/test_lab.py checks it in JupyterLab itself)."""
    text = "Median $105,850 | related $97,550\n" + chapter_tables.table(["wage"], [("$68,940",), ("$80,330",)])
    out = chapter_tables.md(text).data
    assert "$" not in out
    assert html.unescape(out).count("$") == 4
    assert out.count("<span>&#36;</span>") == 4
    assert chapter_tables.as_read(out).startswith("Median $105,850 | related $97,550")
