"""Typed dataclasses to and from their JSON values: the converters behind ``Profile.from_dict``/``to_dict``.

One converter per type hint, made once (hints, fields and nested converters are looked up when it is made)."""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, value: Any) -> Any:
    return _converter(tp)(value)


def _identity(value: Any) -> Any:
    return value


@cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """The function that turns the JSON value of type hint ``tp`` into its typed value, made once per hint:
    the hints, fields and converters of a dataclass are looked up when its converter is made, not for every
    value (a profile has ~45,000 values; loading one took ~8 ms, most of it in ``typing.get_origin``)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = _converter(next(a for a in typing.get_args(tp) if a is not type(None)))
        return inner if inner is _identity else (lambda value: None if value is None else inner(value))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    if origin is tuple:
        (item_tp,) = [a for a in typing.get_args(tp) if a is not Ellipsis]
        item = _converter(item_tp)
        if item is _identity:
            return tuple
        return lambda value: tuple(item(v) for v in value)
    if origin in (collections.abc.Mapping, dict) or tp is Mapping:
        val = _converter(typing.get_args(tp)[1])
        return lambda value: types.MappingProxyType({k: val(v) for k, v in value.items()})
    return _identity


def _dataclass_converter(cls: type) -> Callable[[Any], Any]:
    hints = _hints(cls)
    known = frozenset(f.name for f in dataclasses.fields(cls))
    converters = {name: _converter(hints[name]) for name in known}

    def convert(value: Mapping[str, Any]) -> Any:
        unknown = value.keys() - known
        if unknown:
            raise ValueError(f"{cls.__name__}: unexpected keys {sorted(unknown)}")
        return cls(**{k: converters[k](v) for k, v in value.items()})

    return convert


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (Mapping, types.MappingProxyType)):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
