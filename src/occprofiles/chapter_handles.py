"""The analyst's handles on a chapter: ``ch.figure(name, **options)`` (the matplotlib Figure behind a
chart) and ``ch.table(name, **options)`` (the pandas DataFrame behind a table).

Both come from the registries the chapter itself draws from (``charts.registry`` for charts,
``charts.tables`` for tables), with the options the chapter uses (``CHART_OPTIONS``, ``TABLE_OPTIONS``) as
defaults: ``ch.figure("state_wage")`` is the chapter's chart, ``ch.figure("state_wage", rows=15,
highlight=["TX"])`` a variant. Drawing never changes the kernel's matplotlib settings (``charts.style``).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from .charts.tables import ROWS, TABLES, table_spec

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .profile import Profile

# The options the chapter draws each chart and builds each table with (a chart not listed: its defaults).
CHART_OPTIONS: dict[str, dict[str, Any]] = {
    "median_comparison": {"related": 5},
    "state_wage": {"rows": ROWS},
    "industries": {"rows": ROWS},
    "skills": {"rows": ROWS},
    "knowledge": {"rows": ROWS},
}
TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    name: {"rows": ROWS} for name in ("skills", "knowledge", "states", "metros", "industries", "related")
}


def options_of(build: Any) -> dict[str, Any]:
    """The keyword options a chart or table function takes, with their defaults."""
    params = list(inspect.signature(build).parameters.values())[1:]  # after the profile
    return {p.name: p.default for p in params}


def records_function(name: str) -> Any | None:
    """Chart ``name``'s ``<name>_records`` (its ``chart_data`` rows as dicts, no pandas), or None."""
    import sys

    from . import charts

    return getattr(sys.modules[charts.spec(name).data.__module__], f"{name}_records", None)


class ChapterHandles:
    """Mixed into ``Chapter``: ``figure``, ``table`` and the lists of names and options."""

    profile: Profile

    def chart_options(self, name: str, **options: Any) -> dict[str, Any]:
        """The chapter's options for chart ``name``, updated with ``options``."""
        from . import charts

        known = options_of(charts.spec(name).figure)
        unknown = sorted(set(options) - set(known))
        if unknown:
            from .errors import ChartOptionError

            raise ChartOptionError(
                f"chart {name!r} has no option {', '.join(unknown)}; options: {', '.join(known) or 'none'}"
            )
        return {**CHART_OPTIONS.get(name, {}), **options}

    def figure(self, name: str, **options: Any) -> Figure:
        """The matplotlib Figure of chart ``name`` (``list(charts.SPECS)``), drawn in the book's style without
        changing your matplotlib settings; ``options`` as in ``ch.charts()``. Save it with
        ``fig.savefig("chart.svg")``; it shows itself as the last expression of a cell."""
        from . import charts

        return charts.draw(name, self.profile, **self.chart_options(name, **options))

    def chart_data(self, name: str, **options: Any) -> pd.DataFrame:
        """The numbers chart ``name`` draws, with the same options as ``figure``."""
        from . import charts

        return charts.chart_data(name, self.profile, **self.chart_options(name, **options))

    def chart_rows(self, name: str) -> list[dict[str, Any]]:
        """The rows chart ``name`` draws in the chapter (its options as the chapter has them), as dicts.

        From the chart's ``<name>_records`` function when its module has one (the same rows without
        pandas, None where the DataFrame has NaN: a chapter then never imports pandas, ~0.3 s of every
        render kernel's start), else from its DataFrame."""
        records = records_function(name)
        if records is not None:
            return records(self.profile, **self.chart_options(name))
        return [{str(k): v for k, v in r.items()} for r in self.chart_data(name).to_dict("records")]

    def table(self, name: str, **options: Any) -> pd.DataFrame:
        """The DataFrame behind chapter table ``name`` (``list(TABLES)``): typed columns, units in the names,
        <NA> where the source publishes nothing. ``options``: e.g. ``rows=20``, ``states=["CA", "TX"]``."""
        spec = table_spec(name)
        known = options_of(spec.build)
        unknown = sorted(set(options) - set(known))
        if unknown:
            from .errors import ChartOptionError

            raise ChartOptionError(
                f"table {name!r} has no option {', '.join(unknown)}; options: {', '.join(known) or 'none'}"
            )
        return spec.build(self.profile, **{**TABLE_OPTIONS.get(name, {}), **options})

    def charts(self) -> pd.DataFrame:
        """Every chart: its name, what it shows, its options with the chapter's values, where its code lives."""
        from . import charts

        return _listing(
            (s.name, s.description, {**options_of(s.figure), **CHART_OPTIONS.get(s.name, {})}, s.figure)
            for s in charts.SPECS.values()
        )

    def tables(self) -> pd.DataFrame:
        """Every table: its name, what it shows, its options with the chapter's values, where its code lives."""
        return _listing(
            (t.name, t.description, {**options_of(t.build), **TABLE_OPTIONS.get(t.name, {})}, t.build)
            for t in TABLES.values()
        )


def _listing(items: Any) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "name": name,
                "shows": description,
                "options": ", ".join(f"{k}={v!r}" for k, v in options.items()),
                "code": f"{build.__module__}.{build.__name__}",
            }
            for name, description, options, build in items
        ]
    )
