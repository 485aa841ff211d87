"""The same drawing gives the same SVG bytes, even when layout's floating point differs in the last bits.

matplotlib names each clip path by a hash of its unrounded geometry; constrained layout's solver gave a
comparison chart's axes bounds differing in the 16th digit between two draws in one process, so the page
changed while the drawing (rounded to 0.1 pt) did not. The post-processing names clip paths by what it writes.
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure

from occprofiles.charts import svg
from occprofiles.charts.style import chart_style


def _bars_svg(left: float) -> str:
    with chart_style():
        fig = Figure(figsize=(4, 2))
        ax = fig.add_axes((left, 0.1, 0.7, 0.8))
        ax.barh([0, 1], [3, 5])
        return svg.figure_svg(fig)


def test_clip_paths_are_named_by_their_written_geometry() -> None:
    exact, nudged = _bars_svg(0.2), _bars_svg(0.2 + 1e-15)
    assert exact == nudged
    ids = re.findall(r'<clipPath id="([^"]+)"', exact)
    assert ids and len(ids) == len(set(ids))
    assert all(f"url(#{i})" in exact for i in ids)


def test_another_clip_rectangle_gets_another_name() -> None:
    (near,) = re.findall(r'<clipPath id="([^"]+)"', _bars_svg(0.2))
    (far,) = re.findall(r'<clipPath id="([^"]+)"', _bars_svg(0.25))
    assert near != far


def test_clip_paths_written_alike_are_defined_once() -> None:
    raw = (
        '<svg><path d="M0 0" style="clip-path:url(#p0a)"/><path d="M1 1" style="clip-path:url(#p0b)"/>'
        '<defs><clipPath id="p0a"><rect x="1" y="2" width="3" height="4"/></clipPath>'
        '<clipPath id="p0b"><rect x="1" y="2" width="3" height="4"/></clipPath></defs></svg>'
    )
    out = svg.minify_svg(raw)
    (name,) = re.findall(r'<clipPath id="([^"]+)"', out)
    assert out.count(f"url(#{name})") == 2
