"""Published values as the charts read them.

``formatting.is_missing`` (None or NaN) returns a plain ``bool``, so it does not narrow ``float | None`` for
the type checker. ``published`` gives a missing value as None, so an ``is None`` test narrows it;
``largest_first`` ranks rows by a published value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .. import formatting as fmt

N = TypeVar("N", bound=float)
R = TypeVar("R")


def published(value: N | None) -> N | None:
    """``value``, or None when it is missing (None or NaN, as ``formatting.is_missing``)."""
    return None if fmt.is_missing(value) else value


def published_values(values: Iterable[N | None]) -> list[N]:
    """The published values, in order (missing ones left out)."""
    return [v for value in values if (v := published(value)) is not None]


def largest_first(
    rows: Iterable[R], value: Callable[[R], float | None], name: Callable[[R], str] | None = None
) -> list[R]:
    """The rows whose ``value`` is published, largest first; ties by ``name`` when given, else (and then)
    in their given order."""
    ranked = [(v, row) for row in rows if (v := published(value(row))) is not None]
    if name is None:
        ranked.sort(key=lambda pair: -pair[0])
    else:
        ranked.sort(key=lambda pair: (-pair[0], name(pair[1])))
    return [row for _, row in ranked]
