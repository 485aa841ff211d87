"""Numbers and words as the charts print them: axis formatters, tile and table values, lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.ticker import FuncFormatter

from .. import formatting as fmt
from .values import published


def usd_axis(hourly: bool) -> FuncFormatter:
    if hourly:
        return FuncFormatter(lambda v, _: f"${v:,.0f}")

    def f(v: float, _: Any) -> str:
        if v == 0:
            return "$0"
        return f"${v / 1000:,.0f}k" if abs(v) >= 1000 else f"${v:,.0f}"

    return FuncFormatter(f)


def count_axis() -> FuncFormatter:
    def f(v: float, _: Any) -> str:
        if abs(v) >= 1_000_000:
            return f"{v / 1_000_000:,.1f}M".replace(".0M", "M")
        if abs(v) >= 1000:
            return f"{v / 1000:,.0f}k"
        return f"{v:,.0f}"

    return FuncFormatter(f)


def compact_count(n: float | None) -> str:
    """Short employment for a map tile: 630, 7.1k, 75k, 1.2M."""
    known = published(n)
    if known is None:
        return "n/p"
    n = float(known)
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return f"{n:.0f}"


def signed_pct(v: float, digits: int = 1) -> str:
    return fmt.percent(v, signed=True, digits=digits).replace("-", "−")


def share_pct(value: float | None) -> str:
    v = published(value)
    if v is None:
        return "n/p"
    if 0 <= v < 0.005:  # BLS rounds a handful of jobs in a large industry to 0.00
        return "<0.01%"
    return f"{v:.2f}%" if v < 1 else f"{v:.1f}%"


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
