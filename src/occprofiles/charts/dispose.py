"""Free a chart's figure the moment it is done with, instead of at the next full garbage collection.

A matplotlib figure is a web of reference cycles (every artist points to its figure and axes, axes to
their artists, axis to locator and back, a marker to its own bound method, ...): ~4,700 objects per
chart, ~47,000 per chapter, none of which reference counting alone can free. The cycle collector finds
them later, and by then a kernel has often moved them to its oldest generation, whose collection scans
every object of the kernel. ``release_figure`` empties the attributes of every artist of the figure (and
of the objects that close the cycles: tickers, locators, formatters, containers, markers, the canvas),
so reference counting frees the figure when its last name goes; ~1 % of the objects is left for the
collector. The figure is unusable afterwards: call it only on a figure nobody will draw again (the
chapter's, once its SVG is made).
"""

from __future__ import annotations

from typing import Any

from matplotlib.axis import Axis
from matplotlib.figure import Figure


def _children(artist: Any) -> list[Any]:
    if isinstance(artist, Axis):  # its get_children() would locate ticks again; every tick made, instead
        state = vars(artist)
        return [artist.label, artist.offsetText, *state.get("majorTicks", ()), *state.get("minorTicks", ())]
    return list(artist.get_children())


def figure_artists(fig: Figure) -> list[Any]:
    """Every artist of ``fig`` (the figure itself first), each once."""
    out: list[Any] = []
    seen: set[int] = set()
    stack: list[Any] = [fig]
    while stack:
        artist = stack.pop()
        if id(artist) in seen:
            continue
        seen.add(id(artist))
        out.append(artist)
        stack.extend(_children(artist))
    return out


def _cycle_closers(artist: Any) -> list[Any]:
    """The objects besides artists through which ``artist`` sits in a reference cycle."""
    out: list[Any] = []
    if isinstance(artist, Axis):
        for ticker in (artist.major, artist.minor):
            out += [ticker, ticker.locator, ticker.formatter]
    out += getattr(artist, "containers", ())
    marker = vars(artist).get("_marker")
    if marker is not None:
        out.append(marker)
    return out


def release_figure(fig: Figure) -> None:
    """Break the reference cycles of ``fig`` so it is freed as soon as nothing names it (it cannot be drawn
    again)."""
    artists = figure_artists(fig)
    others = [fig.canvas]
    for artist in artists:
        others += _cycle_closers(artist)
    for obj in (*others, *artists):
        state = getattr(obj, "__dict__", None)
        if state is not None:
            state.clear()
