"""Axis ticks read from a chart's SVG: equally spaced gridlines must carry evenly stepped, distinct labels.

matplotlib writes each tick as a group holding its gridline (a straight ``<path d="Mx y Lx y">``) and
its label (``<text>``); the ticks of one axis are siblings. A tick label rounded too coarsely ("0, 400,
800, 1k, 2k" on gridlines 0 to 1,600) shows as a step that changes or a label that repeats.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "{http://www.w3.org/2000/svg}"
LINE = re.compile(r"^M\s*(-?[\d.]+)[ ,](-?[\d.]+)\s*L\s*(-?[\d.]+)[ ,](-?[\d.]+)$")
LABEL = re.compile(r"^(?P<sign>[−+-])?\$?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suffix>[kKMB]?)\s*(?P<unit>%|/h)?$")
SCALE = {"": 1.0, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}
SPACING_TOLERANCE = 0.2  # SVG units (the charts write one decimal)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


def tick_value(label: str) -> float | None:
    """The number a tick label states ("1.2k" -> 1200, "−5%" -> -5, "$40k" -> 40000); None if it states none."""
    m = LABEL.match(label.strip())
    if not m:
        return None
    value = float(m["num"].replace(",", "")) * SCALE[m["suffix"]]
    return -value if m["sign"] in ("−", "-") else value


def axes_ticks(svg: str) -> list[list[Tick]]:
    """Each axis's ticks (gridline position, label), in document order; axes with fewer than 3 ticks left out."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return []
    axes: list[list[Tick]] = []
    for parent in root.iter(f"{SVG_NS}g"):
        by_orientation: dict[str, list[Tick]] = {"x": [], "y": []}
        for group in parent.findall(f"{SVG_NS}g"):
            tick = _tick(group)
            if tick is not None:
                by_orientation[tick[0]].append(tick[1])
        axes += [ticks for ticks in by_orientation.values() if len(ticks) >= 3]
    return axes


def _tick(group: ET.Element) -> tuple[str, Tick] | None:
    children = list(group)
    paths = [c for c in children if c.tag == f"{SVG_NS}path"]
    texts = [c for c in children if c.tag == f"{SVG_NS}text"]
    if len(paths) != 1 or len(texts) != 1 or len(children) != 2:
        return None
    m = LINE.match(paths[0].get("d", "").strip())
    if not m:
        return None
    x1, y1, x2, y2 = (float(v) for v in m.groups())
    label = "".join(texts[0].itertext()).strip()
    if math.isclose(y1, y2) and not math.isclose(x1, x2):
        return "y", Tick(y1, label)
    if math.isclose(x1, x2) and not math.isclose(y1, y2):
        return "x", Tick(x1, label)
    return None


def tick_problems(ticks: list[Tick]) -> list[str]:
    """What is wrong with one axis's labels: a label that repeats, or (on equally spaced gridlines)
    numbers that do not step evenly."""
    labels = [t.label for t in ticks]
    shown = ", ".join(labels)
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        return [f"tick labels repeat ({', '.join(repeated)}): {shown}"]
    gaps = [b.position - a.position for a, b in zip(ticks, ticks[1:], strict=False)]
    if max(gaps) - min(gaps) > SPACING_TOLERANCE:
        return []  # not a linear axis (or not gridlines at regular steps): nothing to compare
    values = [tick_value(label) for label in labels]
    if any(v is None for v in values):
        return []
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]  # type: ignore[operator]
    if any(not math.isclose(s, steps[0], rel_tol=1e-9, abs_tol=1e-9) for s in steps) or steps[0] == 0:
        return [f"equally spaced gridlines, unevenly stepped labels: {shown}"]
    return []


def check_axis_ticks(svg: str) -> list[str]:
    """Every axis of one chart: duplicated tick labels, or labels that disagree with their gridlines."""
    return [problem for ticks in axes_ticks(svg) for problem in tick_problems(ticks)]
