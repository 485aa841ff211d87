"""One matplotlib figure per chart of an occupation chapter, plus a text alternative for each.

The package, by concern:

- ``style``: palette, sizes and rc settings, applied only through ``chart_style()`` (no lasting change
  to matplotlib's global state);
- ``compat``: the one patch of a private matplotlib function (text sizes shared between figures);
- ``layout``, ``labels``, ``sources``: figure plumbing, printed numbers, source lines from the profile;
- ``values``: a missing value (None or NaN) as None, so an ``is None`` test narrows it; rows ranked by a value;
- one module per family: ``wages``, ``geography``, ``industries``, ``onet``, ``projections``; ``group``
  (a major group's overview, drawn from ``group_data.GroupData``);
- ``registry``: the chart specifications (data, drawing, alt text) the chapter and analysts share;
- ``svg``: the one save path (files and the chapter's inline SVG);
- ``dispose``: ``release_figure``, which frees a figure at once when it is done with (no garbage collection).

Rules every chart follows:

* Figures are 6.5 in wide (the text width of an A4 or Letter page), no text is smaller than 9 pt,
  the palette is colour-blind safe and every category also differs in lightness (greyscale print).
* The title names the occupation; a caption line at the bottom names the source and its release,
  both taken from the profile, never written here.
* A missing value is never drawn as zero: it is left out and named in the caption, or, when BLS
  publishes a bound (top-coded wages: ``≥ $239,200``), the bound is written as text instead of a bar.
* With nothing to draw, the chart is a small figure that says ``Not published: <reason>``, the reason
  taken from ``profile.sections``.

The figures are made with ``matplotlib.figure.Figure`` on an Agg canvas (no pyplot, no GUI), so they are
safe in a headless build; the caller owns them (``del fig`` or ``fig.clear()`` when done, nothing is
registered with pyplot). Fonts are pinned to DejaVu Sans (shipped with matplotlib) so the output does
not depend on the fonts installed on the machine.
"""

from __future__ import annotations

from .compat import share_text_metrics
from .dispose import release_figure
from .geography import (
    STATE_POSTAL,
    TERRITORY_GRID,
    TILE_GRID,
    state_tile_map_alt,
    state_tile_map_chart,
    state_wage_alt,
    state_wage_chart,
)
from .industries import industries_alt, industries_chart
from .onet import (
    education_alt,
    education_chart,
    knowledge_alt,
    knowledge_chart,
    riasec_alt,
    riasec_chart,
    skills_alt,
    skills_chart,
)
from .projections import (
    projection_alt,
    projection_chart,
    regional_outlook_alt,
    regional_outlook_chart,
)
from .registry import (
    CHARTS,
    EXTRA_CHARTS,
    GROUP_CHARTS,
    SPECS,
    ChartSpec,
    alt_text,
    chart_data,
    draw,
    group_spec,
    render_all,
    spec,
)
from .style import FIGURE_WIDTH_IN, MIN_FONT_PT, StyledFigure, apply_style, chart_style, gc_paused
from .svg import figure_svg, inline_svg, save_figure
from .wages import (
    median_comparison_alt,
    median_comparison_chart,
    wage_distribution_alt,
    wage_distribution_chart,
)

__all__ = [
    "CHARTS",
    "EXTRA_CHARTS",
    "FIGURE_WIDTH_IN",
    "GROUP_CHARTS",
    "MIN_FONT_PT",
    "SPECS",
    "STATE_POSTAL",
    "TERRITORY_GRID",
    "TILE_GRID",
    "ChartSpec",
    "StyledFigure",
    "alt_text",
    "apply_style",
    "chart_data",
    "chart_style",
    "draw",
    "education_alt",
    "education_chart",
    "figure_svg",
    "gc_paused",
    "group_spec",
    "industries_alt",
    "industries_chart",
    "inline_svg",
    "knowledge_alt",
    "knowledge_chart",
    "median_comparison_alt",
    "median_comparison_chart",
    "projection_alt",
    "projection_chart",
    "regional_outlook_alt",
    "regional_outlook_chart",
    "release_figure",
    "render_all",
    "riasec_alt",
    "riasec_chart",
    "save_figure",
    "share_text_metrics",
    "skills_alt",
    "skills_chart",
    "spec",
    "state_tile_map_alt",
    "state_tile_map_chart",
    "state_wage_alt",
    "state_wage_chart",
    "wage_distribution_alt",
    "wage_distribution_chart",
]
