"""Axis tick labels that state their gridline's value exactly, in a compact form, and a check of that.

A tick label is read as the value of its gridline: "1k" under the 1,200 gridline misstates it, and two
gridlines both labelled "2k" say nothing. So a label never rounds its value away: it takes as many
decimals as the value needs (``1.2k``, ``1.25k``, ``2.5%``, ``$12.5``) and drops the ones it does not
(``400``, ``3k``, ``10%``). Negative values carry the true minus sign (U+2212).

:func:`tick_label_problems` reads a drawn figure back (tick locations and the labels matplotlib drew)
and lists every label that does not parse back to its tick's value, or that two ticks share.
"""

from __future__ import annotations

import math
import re

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, NullFormatter, ScalarFormatter

MINUS = "\u2212"
MAX_DECIMALS = 6


def exact_number(value: float) -> str:
    """``|value|`` with thousands separators and as few decimals as state it exactly.

    The float noise of a tick locator (``1200.0000000002``) is not a decimal of the value:
    1200 -> "1,200", 2.5 -> "2.5", 0.125 -> "0.125".
    """
    v = abs(value)
    for digits in range(MAX_DECIMALS + 1):
        text = f"{v:,.{digits}f}"
        if math.isclose(float(text.replace(",", "")), v, rel_tol=1e-9, abs_tol=1e-12):
            return text
    return f"{v:,.{MAX_DECIMALS}f}"


def _sign(value: float, text: str, signed: bool) -> str:
    if _is_zero(value):  # zero (after removing float noise): no sign
        return text
    if value < 0:
        return MINUS + text
    return "+" + text if signed else text


def compact_number(value: float) -> str:
    """A tick value, compact and exact: 400, 1.2k, 1.25k, 12k, 1.5M (never a rounded thousand)."""
    v = abs(value)
    if v >= 1_000_000 and math.isclose(v, round(v, -4), rel_tol=1e-9):
        text = exact_number(v / 1_000_000) + "M"
    elif v >= 1000 and math.isclose(v, round(v, -1), rel_tol=1e-9):
        text = exact_number(v / 1000) + "k"
    else:
        text = exact_number(v)
    return _sign(value, text, signed=False)


def count_formatter() -> FuncFormatter:
    """Counts of jobs: 0, 400, 800, 1.2k, 1.6k; 2M."""
    return FuncFormatter(lambda v, _: compact_number(v))


def usd_formatter(hourly: bool) -> FuncFormatter:
    """US dollars: hourly in dollars ($12.5), annual compact ($62.5k)."""
    if hourly:
        return FuncFormatter(lambda v, _: _sign(v, "$" + exact_number(v), signed=False))
    return FuncFormatter(lambda v, _: "$0" if _is_zero(v) else _sign(v, "$" + compact_number(abs(v)), signed=False))


def percent_formatter(signed: bool) -> FuncFormatter:
    """Percentages: "0%", and the others with a sign when ``signed`` (+2.5%, −5%)."""
    return FuncFormatter(lambda v, _: "0%" if _is_zero(v) else _sign(v, exact_number(v), signed) + "%")


def _is_zero(value: float) -> bool:
    return exact_number(value).strip("0.,") == ""


# ------------------------------------------------------------------------------------------------
# the check: every drawn tick label states its gridline's value, no two ticks share a label

_LABEL = re.compile(r"^(?P<sign>[+\-\u2212])?\$?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<suffix>[kM])?%?$")
_SCALE = {None: 1.0, "k": 1e3, "M": 1e6}


def parse_tick_label(label: str) -> float | None:
    """The value a tick label states ("$1.2k" -> 1200.0, "+2.5%" -> 2.5, "−5%" -> -5.0), or None when
    the label is not a number."""
    m = _LABEL.match(label.strip())
    if m is None:
        return None
    value = float(m.group("number").replace(",", "")) * _SCALE[m.group("suffix")]
    return -value if m.group("sign") in ("-", MINUS) else value


def _numeric_axis(axis: Axis) -> bool:
    """An axis whose tick labels are made from the tick values, not given as text (categories, years).

    Labels given as text (``set_yticks(rows, names)``) sit on a FixedLocator with a formatter that
    indexes them (a FixedFormatter, or a FuncFormatter since matplotlib 3.10).
    """
    formatter = axis.get_major_formatter()
    if not axis.get_visible() or isinstance(formatter, (FixedFormatter, NullFormatter)):
        return False
    return not isinstance(axis.get_major_locator(), FixedLocator) or isinstance(formatter, ScalarFormatter)


def axis_tick_problems(ax: Axes, which: str) -> list[str]:
    """The problems of one drawn axis (``which`` is "x" or "y"); call after ``fig.canvas.draw()``.

    A label must state its tick's value, not a rounding of it: "1k" under the 1,200 gridline is within
    the rounding of a whole thousand, and still misreads the gridline. Only float noise is allowed
    (a millionth of the distance between ticks).
    """
    axis = ax.xaxis if which == "x" else ax.yaxis
    if not _numeric_axis(axis):
        return []
    lo, hi = sorted(axis.get_view_interval())
    slack = (hi - lo) * 1e-9
    shown = [
        (float(loc), tick.get_text())
        for loc, tick in zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False)
        if lo - slack <= loc <= hi + slack and tick.get_text()
    ]
    step = min((b - a for (a, _), (b, _) in zip(shown, shown[1:], strict=False)), default=hi - lo) or 1.0
    problems = []
    seen: dict[str, float] = {}
    for loc, label in shown:
        stated = parse_tick_label(label)
        if stated is None:
            problems.append(f"{which} tick at {loc:g}: label {label!r} is not a number")
        elif abs(stated - loc) > 1e-6 * abs(step):
            problems.append(f"{which} tick at {loc:g}: label {label!r} states {stated:g}")
        if label in seen:
            problems.append(f"{which} ticks at {seen[label]:g} and {loc:g} share the label {label!r}")
        seen.setdefault(label, loc)
    return problems


def tick_label_problems(fig: Figure) -> list[str]:
    """Every tick label of a drawn figure that misstates its tick's value or repeats another's label."""
    problems = []
    for n, ax in enumerate(fig.axes):
        for which in ("x", "y"):
            problems += [f"axes {n} ({ax.get_title() or 'untitled'}): {p}" for p in axis_tick_problems(ax, which)]
    return problems
