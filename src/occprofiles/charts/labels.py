"""Numbers and words as the charts print them: axis formatters, tile and table values, lists."""

from __future__ import annotations

from matplotlib.ticker import FuncFormatter

from .. import formatting as fmt
from . import ticks
from .values import published


def usd_axis(hourly: bool) -> FuncFormatter:
    """Dollar tick labels that state their gridline exactly ($62.5k, $12.5)."""
    return ticks.usd_formatter(hourly)


def count_axis() -> FuncFormatter:
    """Job-count tick labels that state their gridline exactly (400, 1.2k, 1.6k, 2M)."""
    return ticks.count_formatter()


def percent_axis(signed: bool = False) -> FuncFormatter:
    """Percentage tick labels that state their gridline exactly ("0%", "+2.5%", "−5%" when signed)."""
    return ticks.percent_formatter(signed)


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


def signed_pct(v: float | None, digits: int = 1) -> str:
    """A change as the tables write it (``formatting.percent``), with the true minus sign; a value that
    rounds to zero has no sign ("0.0%", never "−0.0%"); "not published" when missing."""
    return fmt.percent(v, signed=True, digits=digits)


def share_pct(value: float | None) -> str:
    """An industry share as the chapter's industry table writes it (``formatting.percent``, 2 decimals:
    BLS publishes the share to the hundredth); "n/p" when it is not published (a narrow column)."""
    v = published(value)
    return "n/p" if v is None else fmt.share_percent(v)
