"""One matplotlib figure per chart of an occupation chapter, plus a text alternative for each.

Every chart is ``<name>_chart(profile) -> matplotlib.figure.Figure`` and every text alternative is
``<name>_alt(profile) -> str`` (or ``alt_text(name, profile)``). ``CHARTS`` lists the charts in chapter
order and ``render_all(profile)`` draws them all. ``save_figure`` writes PNG, SVG or PDF without the
volatile metadata (dates, software versions), so the same figure always gives the same bytes.

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

import math
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from typing import IO, Any, Callable, Optional, Sequence, Union

import matplotlib as mpl
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import offset_copy

from . import formatting as fmt
from .profile import Profile

__all__ = [
    "CHARTS",
    "EXTRA_CHARTS",
    "FIGURE_WIDTH_IN",
    "alt_text",
    "apply_style",
    "education_alt",
    "education_chart",
    "industries_alt",
    "industries_chart",
    "knowledge_alt",
    "knowledge_chart",
    "median_comparison_alt",
    "median_comparison_chart",
    "projection_alt",
    "projection_chart",
    "regional_outlook_alt",
    "regional_outlook_chart",
    "render_all",
    "riasec_alt",
    "riasec_chart",
    "save_figure",
    "skills_alt",
    "skills_chart",
    "state_tile_map_alt",
    "state_tile_map_chart",
    "state_wage_alt",
    "state_wage_chart",
    "wage_distribution_alt",
    "wage_distribution_chart",
]

# ------------------------------------------------------------------------------------------------
# style
# ------------------------------------------------------------------------------------------------

FIGURE_WIDTH_IN = 6.5
MIN_FONT_PT = 9.0
TITLE_PT = 11.0
SVG_HASHSALT = "occprofiles"

# seaborn "colorblind" (Okabe-Ito based); roles chosen so they also differ in lightness.
BLUE = "#0173b2"
LIGHT_BLUE = "#56b4e9"
ORANGE = "#de8f05"
VERMILLION = "#d55e00"
GREEN = "#029e73"
GREY = "#949494"
DARK_GREY = "#555555"
TEXT = "#262626"
CAPTION = "#404040"
NP_FACE = "#ececec"
NP_EDGE = "#8c8c8c"
NP_HATCH = "////"

# ColorBrewer PuOr (5 classes, colour-blind safe): orange = below the national share, purple = above.
LQ_BINS: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.5, "#e66101", "below 0.50"),
    (0.5, 0.8, "#fdb863", "0.50–0.79"),
    (0.8, 1.25, "#f7f7f7", "0.80–1.24"),
    (1.25, 2.0, "#b2abd2", "1.25–1.99"),
    (2.0, math.inf, "#5e3c99", "2.00 and above"),
)
# ColorBrewer Blues (5 classes) for employment.
EMPLOYMENT_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


@lru_cache(maxsize=1)
def _style_rc() -> dict[str, Any]:
    import seaborn as sns  # imported here: only the style is taken from seaborn

    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context("paper"))
    rc.update(
        {
            # pinned font (ships with matplotlib): same glyphs, same layout on every machine
            "font.family": ["sans-serif"],
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 9.5,
            # unhinted glyphs: indistinguishable at 100–200 dpi and ~17% faster to render than hinted
            "text.hinting": "no_hinting",
            # "$" is a currency sign here, never mathtext ("$73,390 to $94,700" must print as written)
            "text.parse_math": False,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 9.5,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "legend.title_fontsize": 9,
            "figure.titlesize": TITLE_PT,
            "figure.titleweight": "bold",
            "figure.labelsize": 9,
            "axes.prop_cycle": cycler(color=sns.color_palette("colorblind").as_hex()),
            "axes.edgecolor": ".7",
            "grid.color": ".88",
            "text.color": TEXT,
            "axes.labelcolor": TEXT,
            "xtick.color": TEXT,
            "ytick.color": TEXT,
            "patch.force_edgecolor": False,
            "hatch.linewidth": 0.8,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.facecolor": "white",
            "figure.constrained_layout.h_pad": 0.06,
            "figure.constrained_layout.w_pad": 0.06,
            # deterministic files
            "svg.hashsalt": SVG_HASHSALT,
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
        }
    )
    return rc


def apply_style() -> None:
    """Apply the book's one chart style (seaborn "whitegrid", colour-blind palette) to matplotlib.

    Idempotent and cheap; every chart calls it, so calling it yourself is only needed for figures
    you draw outside this module that should look the same.
    """
    mpl.rcParams.update(_style_rc())


SHARED_METRICS_RENDERERS = ("RendererAgg", "RendererSVG")  # what the book draws with (layout; output)
METRICS_RC_KEYS = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "font.family", "font.sans-serif",
                   "font.serif", "font.monospace", "mathtext.fontset")


def share_text_metrics() -> bool:
    """Let every figure reuse the text sizes measured for earlier figures.

    matplotlib caches the size of a string per renderer *instance*, and every figure (and every save)
    gets a new renderer, so each chart measured its state names, tick labels and source lines again.
    For the two renderers the book uses (Agg for the layout, SVG for the output) the size depends only
    on the renderer's class and dpi, the string, the font and the text rcParams: keyed on those, the
    cache lives as long as the process (a render worker's kernel draws thousands of charts). Any other
    renderer (PDF, PS, …) is measured by matplotlib as before. Output is byte-identical (tested); ~13%
    less chart time. Returns False, changing nothing, when this matplotlib has no such function.
    """
    import matplotlib.text as mtext

    if not hasattr(mtext, "_get_text_metrics_with_cache"):
        return False
    if getattr(mtext._get_text_metrics_with_cache, "_occprofiles_shared", False):
        return True
    original = mtext._get_text_metrics_with_cache
    cache: dict[tuple, tuple[float, float, float]] = {}

    def rc_value(key: str) -> Any:
        value = dict.__getitem__(mpl.rcParams, key)  # no validation: this runs for every string measured
        return tuple(value) if type(value) is list else value

    def shared(renderer, text, fontprop, ismath, dpi):
        inner = getattr(renderer, "_renderer", renderer)  # vector backends draw through MixedModeRenderer
        if type(inner).__name__ not in SHARED_METRICS_RENDERERS:
            return original(renderer, text, fontprop, ismath, dpi)
        key = (type(inner), getattr(inner, "dpi", None), text, fontprop.copy(), ismath, dpi,
               tuple(rc_value(k) for k in METRICS_RC_KEYS))
        metrics = cache.get(key)
        if metrics is None:
            if len(cache) > 200_000:
                cache.clear()
            metrics = cache[key] = renderer.get_text_width_height_descent(text, fontprop, ismath=ismath)
        return metrics

    shared._occprofiles_shared = True  # type: ignore[attr-defined]
    mtext._get_text_metrics_with_cache = shared
    return True


# ------------------------------------------------------------------------------------------------
# figure plumbing
# ------------------------------------------------------------------------------------------------


_BODY_ATTR = "_occprofiles_body_in"


def _new_figure(body_in: float) -> Figure:
    """A 6.5 in wide figure whose axes area (with tick labels and axis labels) is ``body_in`` tall.

    ``_finish`` adds the height of the title and caption once their line counts are known.
    """
    apply_style()
    share_text_metrics()
    fig = Figure(figsize=(FIGURE_WIDTH_IN, body_in + 1.0), layout="constrained")
    FigureCanvasAgg(fig)
    setattr(fig, _BODY_ATTR, body_in)
    return fig


def _wrap(text: str, width: int, max_lines: Optional[int] = None) -> str:
    """Wrap by characters (axis labels, where a line is far shorter than the figure)."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1].rstrip(" ,;:")
        if len(last) > width - 1:
            last = last[: width - 1].rstrip(" ,;:")
        lines[-1] = last + "…"
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _text_to_path():
    from matplotlib.textpath import TextToPath

    return TextToPath()


@lru_cache(maxsize=4096)
def _text_width_pt(text: str, size: float, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties

    apply_style()
    prop = FontProperties(family=_style_rc()["font.sans-serif"], size=size, weight="bold" if bold else "normal")
    width, _, _ = _text_to_path().get_text_width_height_descent(text, prop, ismath=False)
    return width


def _wrap_pt(text: str, width_pt: float, size: float, bold: bool = False) -> str:
    """Wrap by measured width (titles and captions span the whole figure; "W" is wider than "i")."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and _text_width_pt(candidate, size, bold) > width_pt:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


# usable text width: the figure minus the left offset of title/caption and a right margin
_LINE_PT = (FIGURE_WIDTH_IN - 0.2) * 72
_TITLE_LINE_IN = TITLE_PT * 1.22 / 72
_CAPTION_LINE_IN = MIN_FONT_PT * 1.3 / 72


def _finish(fig: Figure, title: str, source: str, notes: Sequence[str] = ()) -> None:
    """Title (top left) and caption: notes, then the source line (bottom left); then lay out once."""
    title_text = _wrap_pt(title, _LINE_PT, TITLE_PT, bold=True)
    paragraphs = [" ".join(n for n in notes if n)] if any(notes) else []
    paragraphs.append(source)
    caption = "\n".join(_wrap_pt(p, _LINE_PT, MIN_FONT_PT) for p in paragraphs)
    body = getattr(fig, _BODY_ATTR, None)
    if body is not None:
        height = (body + 0.16 + (title_text.count("\n") + 1) * _TITLE_LINE_IN
                  + 0.14 + (caption.count("\n") + 1) * _CAPTION_LINE_IN)
        fig.set_size_inches(FIGURE_WIDTH_IN, round(height, 2))
    fig.suptitle(title_text, x=0.012, ha="left")
    fig.supxlabel(caption, x=0.012, ha="left", fontsize=MIN_FONT_PT, color=CAPTION, linespacing=1.3)
    _freeze_layout(fig)


def _freeze_layout(fig: Figure) -> None:
    """Run constrained layout once, now, and keep its result.

    With a layout engine attached, every ``savefig`` lays the figure out again (twice: a dry draw,
    then the real one). Frozen, saving is a single draw, and the PNG, SVG and PDF of one figure share
    exactly the same layout. To add artists outside the axes afterwards, re-attach an engine:
    ``fig.set_layout_engine("constrained")``.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine(None)


def _not_published(title: str, source: str, reason: str) -> Figure:
    reason = reason.strip().rstrip(".") or fmt.NOT_PUBLISHED
    text = _wrap_pt(f"Not published: {reason}.", _LINE_PT - 10, 10)
    lines = text.count("\n") + 1
    fig = _new_figure(0.2 + lines * 10 * 1.3 / 72)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.0, 0.5, text, transform=ax.transAxes, ha="left", va="center", fontsize=10, color=TEXT)
    _finish(fig, title, source)
    fig.set_label("not published")
    return fig


def _field(obj: Any, name: str) -> Any:
    """An attribute of a Section/SourceRef, or a key when the profile holds plain dicts."""
    if obj is None:
        return None
    if isinstance(obj, dict) or hasattr(obj, "keys"):
        return obj.get(name)
    return getattr(obj, name, None)


def _section(profile: Profile, name: str) -> Any:
    sections = profile.sections or {}
    return sections.get(name)


def _section_reason(profile: Profile, section: str, fallback: str) -> str:
    reason = _field(_section(profile, section), "reason")
    return reason or fallback


def _hide_y_grid(ax) -> None:
    ax.grid(axis="y", visible=False)


def _usd_axis(hourly: bool) -> FuncFormatter:
    if hourly:
        return FuncFormatter(lambda v, _: f"${v:,.0f}")

    def f(v: float, _: Any) -> str:
        if v == 0:
            return "$0"
        return f"${v / 1000:,.0f}k" if abs(v) >= 1000 else f"${v:,.0f}"

    return FuncFormatter(f)


def _count_axis() -> FuncFormatter:
    def f(v: float, _: Any) -> str:
        if abs(v) >= 1_000_000:
            return f"{v / 1_000_000:,.1f}M".replace(".0M", "M")
        if abs(v) >= 1000:
            return f"{v / 1000:,.0f}k"
        return f"{v:,.0f}"

    return FuncFormatter(f)


def _compact(n: Optional[float]) -> str:
    """Short employment for a map tile: 630, 7.1k, 75k, 1.2M."""
    if fmt.is_missing(n):
        return "n/p"
    n = float(n)
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return f"{n:.0f}"


def _signed_pct(v: float, digits: int = 1) -> str:
    return fmt.percent(v, signed=True, digits=digits).replace("-", "−")


def _share_pct(v: Optional[float]) -> str:
    if fmt.is_missing(v):
        return "n/p"
    if 0 <= v < 0.005:  # BLS rounds a handful of jobs in a large industry to 0.00
        return "<0.01%"
    return f"{v:.2f}%" if v < 1 else f"{v:.1f}%"


def _text_colour_for(face: str) -> str:
    r, g, b = mpl.colors.to_rgb(face)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _spread(targets: Sequence[float], widths: Sequence[float], lo: float, hi: float, gap: float) -> list[float]:
    """Centres for labels of the given widths, as near their targets as possible without overlap.

    Overlapping labels are merged into clusters that are centred on their targets' mean and kept
    inside [lo, hi]; repeated until nothing overlaps.
    """
    n = len(targets)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: targets[i])
    clusters: list[list[int]] = [[i] for i in order]

    def place(cluster: list[int]) -> tuple[float, float]:
        total = sum(widths[i] for i in cluster) + gap * (len(cluster) - 1)
        centre = sum(targets[i] for i in cluster) / len(cluster)
        start = min(max(centre - total / 2, lo), max(lo, hi - total))
        return start, start + total

    changed = True
    while changed:
        changed = False
        spans = [place(c) for c in clusters]
        for k in range(len(clusters) - 1):
            if spans[k][1] + gap > spans[k + 1][0]:
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                changed = True
                break
    out = [0.0] * n
    for cluster in clusters:
        x, _ = place(cluster)
        for i in cluster:
            out[i] = x + widths[i] / 2
            x += widths[i] + gap
    return out


def _rows(ax, n: int) -> None:
    """Rows 0..n-1 from top to bottom, every row inside the axes (with or without a bar)."""
    ax.set_ylim(n - 0.5, -0.5)


def _ytick_labels(ax, labels: Sequence[str], bold: Sequence[bool] = ()) -> None:
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    for tick, b in zip(ax.get_yticklabels(), bold):
        if b:
            tick.set_fontweight("bold")


# ------------------------------------------------------------------------------------------------
# sources (always from the profile)
# ------------------------------------------------------------------------------------------------


def _oews_source(p: Profile, release: Optional[str] = None) -> str:
    return f"Source: BLS Occupational Employment and Wage Statistics (OEWS), {release or p.oews.release}."


def _ep_source(p: Profile) -> str:
    return f"Source: BLS Employment Projections, {p.projections.release}."


def _onet_release(p: Profile, section: str) -> str:
    release = _field(_section(p, section), "release")
    if release:
        return release
    release = _field((p.sources or {}).get("onet"), "release")
    return release or p.interests.release


def _onet_source(p: Profile, section: str, what: str) -> str:
    return f"Source: O*NET {_onet_release(p, section)} Database ({what})."


def _vintage_short(p: Profile) -> str:
    return p.regional_outlook.vintage.split(" (")[0].strip() or p.regional_outlook.release


def _vintage_note(p: Profile) -> str:
    m = re.search(r"\((.*)\)\s*$", p.regional_outlook.vintage)
    return m.group(1) if m else ""


def _pc_source(p: Profile) -> str:
    return f"Source: Projections Central, {p.regional_outlook.release} ({_vintage_short(p)})."


def _who(p: Profile) -> str:
    return f"{p.title} ({p.soc_code})"


# ------------------------------------------------------------------------------------------------
# 1. wage distribution
# ------------------------------------------------------------------------------------------------

_PERCENTILES = (("p10", "10th"), ("p25", "25th"), ("median", "Median"), ("p75", "75th"), ("p90", "90th"))
_PCT_WORDS = {"p10": "10th percentile", "p25": "25th percentile", "median": "median",
              "p75": "75th percentile", "p90": "90th percentile", "mean": "mean"}


@dataclass(frozen=True)
class _WagePoint:
    key: str
    label: str
    value: Optional[float]
    display: str
    bound: Optional[float]
    reason: Optional[str]


@dataclass(frozen=True)
class _WageData:
    basis: Optional[str]  # "annual", "hourly" or None (nothing published)
    points: tuple[_WagePoint, ...]  # the five percentiles, low to high
    mean: Optional[_WagePoint]
    notes: tuple[str, ...]


def _wage_point(p: Profile, basis: str, key: str, label: str) -> _WagePoint:
    values = p.oews.annual_wage_usd if basis == "annual" else p.oews.hourly_wage_usd
    value = values.get(key)
    display = p.oews.wage_display.get(f"{basis}_{key}", fmt.NOT_PUBLISHED)
    reason = None
    for note in p.oews.wage_notes:
        if note.field == f"{basis}_wage_usd.{key}":
            reason = note.reason
            display = note.display or display
    top_coded = (p.oews.annual_wage_top_coded if basis == "annual" else p.oews.hourly_wage_top_coded).get(key, False)
    bound = fmt.oews_top_code_usd(hourly=basis == "hourly") if fmt.is_missing(value) and top_coded else None
    if fmt.is_missing(value):
        value = None
    elif display == fmt.NOT_PUBLISHED:
        display = fmt.usd(value, hourly=basis == "hourly")
    return _WagePoint(key, label, value, display, bound, reason)


def _has_any(p: Profile, basis: str) -> bool:
    values = p.oews.annual_wage_usd if basis == "annual" else p.oews.hourly_wage_usd
    if any(not fmt.is_missing(v) for v in values.values()):
        return True
    return any((p.oews.annual_wage_top_coded if basis == "annual" else p.oews.hourly_wage_top_coded).values())


def _wage_data(p: Profile) -> _WageData:
    basis = "annual" if _has_any(p, "annual") else "hourly" if _has_any(p, "hourly") else None
    if basis is None:
        return _WageData(None, (), None, ())
    points = tuple(_wage_point(p, basis, k, lab) for k, lab in _PERCENTILES)
    mean = _wage_point(p, basis, "mean", "Mean")
    notes: list[str] = []
    if basis == "hourly":
        reasons = {n.reason for n in p.oews.wage_notes if n.field.startswith("annual_wage_usd.")}
        why = "; ".join(sorted(reasons)) if reasons else fmt.NOT_PUBLISHED
        notes.append(f"Annual wages are not published: {why}. Hourly wages are shown.")
    for pt in (*points, mean):
        if pt.value is None:
            words = _PCT_WORDS[pt.key].capitalize()
            if pt.bound is not None:
                notes.append(f"{words}: {pt.display}" + (f", {pt.reason}." if pt.reason else "."))
            else:
                notes.append(f"{words} not published" + (f": {pt.reason}." if pt.reason else "."))
    if not fmt.is_missing(p.oews.wage_rse_percent):
        notes.append(f"Relative standard error of the wage estimates: {p.oews.wage_rse_percent:.1f}%.")
    return _WageData(basis, points, mean, tuple(notes))


def _wage_title(p: Profile, data: _WageData) -> str:
    kind = "Hourly" if data.basis == "hourly" else "Annual"
    return f"{kind} wage distribution: {_who(p)}"


def wage_distribution_chart(profile: Profile) -> Figure:
    """10th–90th percentile wages as a box (25th–75th) with whiskers, the median and the mean."""
    p = profile
    data = _wage_data(p)
    source = _oews_source(p)
    if data.basis is None:
        reason = p.oews.reason or _section_reason(p, "wages", "OEWS publishes no wage estimates for this code")
        return _not_published(f"Wage distribution: {_who(p)}", source, reason)

    hourly = data.basis == "hourly"
    pts = {pt.key: pt for pt in data.points}
    published = [pt for pt in data.points if pt.value is not None]
    bounded = [pt for pt in data.points if pt.value is None and pt.bound is not None]
    mean = data.mean if data.mean is not None and data.mean.value is not None else None
    top = max([pt.value for pt in published] + [pt.bound for pt in bounded] + ([mean.value] if mean else []))
    xmax = top * (1.16 if bounded else 1.06)

    fig = _new_figure(1.85)
    ax = fig.add_subplot()
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    _hide_y_grid(ax)
    ax.xaxis.set_major_formatter(_usd_axis(hourly))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.set_xlabel("Hourly wage (US dollars per hour)" if hourly else "Annual wage (US dollars)")

    yc, half = 0.36, 0.09  # box centre and half height (axes fraction)

    def v(key: str) -> Optional[float]:
        return pts[key].value

    # whiskers, box, median: each only where both ends are published
    for a, b in (("p10", "p25"), ("p75", "p90")):
        if v(a) is not None and v(b) is not None:
            ax.plot([v(a), v(b)], [yc, yc], color=DARK_GREY, lw=1.5, solid_capstyle="butt", zorder=2)
    if v("p25") is not None and v("p75") is not None and v("p75") > v("p25"):
        ax.add_patch(Rectangle((v("p25"), yc - half), v("p75") - v("p25"), 2 * half,
                               facecolor=LIGHT_BLUE, edgecolor=BLUE, lw=1.2, zorder=3))
    for pt in published:
        if pt.key == "median":
            continue
        ax.plot([pt.value, pt.value], [yc - half * 0.7, yc + half * 0.7], color=DARK_GREY if pt.key in ("p10", "p90") else BLUE,
                lw=1.5, solid_capstyle="butt", zorder=4)
    if v("median") is not None:
        ax.plot([v("median")] * 2, [yc - half * 1.15, yc + half * 1.15], color=VERMILLION, lw=3,
                solid_capstyle="butt", zorder=5)
    if mean is not None:
        ax.plot([mean.value], [yc], marker="D", markersize=7, markerfacecolor="white",
                markeredgecolor=TEXT, markeredgewidth=1.3, linestyle="none", zorder=6)

    # top-coded percentiles: a dashed lead to the bound and an open arrow; the bound is written out
    label_items: list[tuple[float, str, str]] = []  # (x, text, colour)
    if bounded:
        bound = min(pt.bound for pt in bounded)
        below = [pt.value for pt in published if pt.value <= bound]
        if below:
            ax.plot([max(below), bound], [yc, yc], color=DARK_GREY, lw=1.2, ls=(0, (3, 2)), zorder=2)
        ax.annotate("", xy=(xmax * 0.995, yc), xytext=(bound, yc),
                    arrowprops=dict(arrowstyle="->", color=DARK_GREY, lw=1.2, ls=(0, (3, 2))), zorder=2)
        names = _join([pt.label for pt in bounded])
        label_items.append((bound, f"{names}\n{bounded[0].display}", TEXT))

    for pt in published:
        label_items.append((pt.value, f"{pt.label}\n{pt.display}", VERMILLION if pt.key == "median" else TEXT))
    label_items.sort(key=lambda t: t[0])

    # place the percentile labels above the box without overlaps (needs the final axes width)
    _finish(fig, _wage_title(p, data), source, data.notes)  # lays the figure out: axes width is final
    renderer = fig.canvas.get_renderer()
    ax_w_in = ax.get_position().width * FIGURE_WIDTH_IN
    y_lab = yc + half * 1.15 + 0.16
    texts = [ax.text(x, y_lab, s, ha="center", va="bottom", fontsize=9, color=c, linespacing=1.15,
                     fontweight="bold" if c == VERMILLION else "normal", zorder=7)
             for x, s, c in label_items]
    widths = [t.get_window_extent(renderer).width / fig.dpi / ax_w_in for t in texts]
    targets = [x / xmax for x, _, _ in label_items]
    centres = _spread(targets, widths, 0.0, 1.0, gap=0.1 / ax_w_in)
    for t, target, centre in zip(texts, targets, centres):
        t.set_x(centre * xmax)
        if abs(centre - target) * ax_w_in > 0.04:
            ax.plot([target * xmax, centre * xmax], [yc + half * 1.2, y_lab - 0.02], color=GREY, lw=0.8, zorder=1)
    if mean is not None:
        mt = ax.text(mean.value, yc - half - 0.07, f"Mean {mean.display}", ha="center", va="top", fontsize=9,
                     color=TEXT, zorder=7)
        w = mt.get_window_extent(renderer).width / fig.dpi / ax_w_in
        (c,) = _spread([mean.value / xmax], [w], 0.0, 1.0, 0.0)
        mt.set_x(c * xmax)
    return fig


def wage_distribution_alt(profile: Profile) -> str:
    p = profile
    data = _wage_data(p)
    if data.basis is None:
        reason = p.oews.reason or _section_reason(p, "wages", "OEWS publishes no wage estimates for this code")
        return f"Wage distribution of {_who(p)}: not published: {reason}. {_oews_source(p)}"
    parts = []
    for pt in (*data.points, data.mean):
        if pt is None:
            continue
        if pt.value is not None:
            parts.append(f"{_PCT_WORDS[pt.key]} {pt.display}")
        elif pt.bound is not None:
            parts.append(f"{_PCT_WORDS[pt.key]} {pt.display} (top-coded)")
        else:
            parts.append(f"{_PCT_WORDS[pt.key]} not published")
    notes = " ".join(data.notes)
    kind = "Hourly" if data.basis == "hourly" else "Annual"
    return f"{kind} wages of {_who(p)}: " + "; ".join(parts) + f". {notes} {_oews_source(p)}".replace("  ", " ")


# ------------------------------------------------------------------------------------------------
# 2. median compared with all occupations, the major group and related occupations
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    label: str
    value: Optional[float]
    kind: str  # "self", "benchmark", "related"
    display: str


def _comparison_rows(p: Profile) -> tuple[list[_Bar], list[str], Optional[str]]:
    """(rows with a value or bound, names not published, self display when only a bound is known)."""
    c = p.comparisons
    self_value = c.annual_median_wage_usd
    self_display = p.oews.wage_display.get("annual_median", fmt.NOT_PUBLISHED)
    rows: list[_Bar] = []
    missing: list[str] = []
    if not fmt.is_missing(self_value):
        rows.append(_Bar(p.title, self_value, "self", fmt.usd(self_value)))
    candidates = [
        _Bar("All occupations", c.all_occupations_annual_median_wage_usd, "benchmark", ""),
        _Bar(f"Major group: {c.major_group_title or c.major_group_code}", c.major_group_annual_median_wage_usd,
             "benchmark", ""),
    ] + [_Bar(f"{r.title}", r.annual_median_wage_usd, "related", "") for r in c.related[:5]]
    for bar in candidates:
        if fmt.is_missing(bar.value):
            missing.append(bar.label)
        else:
            rows.append(_Bar(bar.label, bar.value, bar.kind, fmt.usd(bar.value)))
    rows.sort(key=lambda b: -b.value)
    top_coded = fmt.is_missing(self_value) and p.oews.annual_wage_top_coded.get("median", False)
    return rows, missing, (self_display if top_coded else None)


def _comparison_reason(p: Profile) -> str:
    reasons = {n.reason for n in p.oews.wage_notes if n.field == "annual_wage_usd.median"}
    if reasons:
        return "the annual median wage of this occupation: " + "; ".join(sorted(reasons))
    return p.oews.reason or _section_reason(p, "wages", "OEWS publishes no annual median wage for this occupation")


def median_comparison_chart(profile: Profile) -> Figure:
    """Annual median vs all occupations, the major group and up to five related occupations."""
    p = profile
    rows, missing, self_bound = _comparison_rows(p)
    title = f"Median annual wage compared: {_who(p)}"
    source = _oews_source(p, p.comparisons.release)
    has_self = any(r.kind == "self" for r in rows) or self_bound is not None
    if not has_self:
        return _not_published(title, source, _comparison_reason(p))

    bars = list(rows)
    if self_bound is not None:  # bound row goes first (it is at least the bound, probably the highest)
        bars.insert(0, _Bar(p.title, None, "self", self_bound))
    n = len(bars)
    labels = [_wrap(b.label, 34, 2 if b.kind == "related" else 3) for b in bars]
    max_lines = max(label.count("\n") + 1 for label in labels)
    fig = _new_figure(0.55 + max(0.42, 0.08 + 0.165 * max_lines) * n)
    ax = fig.add_subplot()
    colours = {"self": VERMILLION, "benchmark": DARK_GREY, "related": LIGHT_BLUE}
    top = max([b.value for b in bars if b.value is not None]
              + [fmt.oews_top_code_usd(hourly=False) if self_bound is not None else 0])
    ax.set_xlim(0, top * 1.25)
    for i, b in enumerate(bars):
        if b.value is not None:
            ax.barh(i, b.value, height=0.62, color=colours[b.kind], zorder=2)
            ax.text(b.value + top * 0.012, i, b.display, va="center", ha="left", fontsize=9,
                    fontweight="bold" if b.kind == "self" else "normal")
        else:  # top-coded: the bound in words, no bar
            ax.text(top * 0.012, i, f"{b.display} (at or above the OEWS top code; no exact value)",
                    va="center", ha="left", fontsize=9, fontweight="bold", color=VERMILLION)
    _ytick_labels(ax, labels,
                  [b.kind == "self" for b in bars])
    _rows(ax, len(ax.get_yticks()))
    _hide_y_grid(ax)
    ax.xaxis.set_major_formatter(_usd_axis(False))
    ax.set_xlabel("Median annual wage (US dollars)")
    notes = ["Highlighted (bold): this occupation."]
    if missing:
        notes.append(f"Not published: {_join(missing)}.")
    _finish(fig, title, source, notes)
    return fig


def median_comparison_alt(profile: Profile) -> str:
    p = profile
    rows, missing, self_bound = _comparison_rows(p)
    source = _oews_source(p, p.comparisons.release)
    if not any(r.kind == "self" for r in rows) and self_bound is None:
        return f"Median annual wage of {_who(p)} compared: not published: {_comparison_reason(p)}. {source}"
    parts = [f"{b.label}{' (this occupation)' if b.kind == 'self' else ''} {b.display}" for b in rows]
    if self_bound is not None:
        parts.insert(0, f"{p.title} {self_bound} (top-coded)")
    text = f"Median annual wage of {_who(p)} compared, highest first: " + "; ".join(parts) + "."
    if missing:
        text += f" Not published: {_join(missing)}."
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# 3. RIASEC interests
# ------------------------------------------------------------------------------------------------

_RIASEC = (("realistic", "Realistic", "R"), ("investigative", "Investigative", "I"), ("artistic", "Artistic", "A"),
           ("social", "Social", "S"), ("enterprising", "Enterprising", "E"), ("conventional", "Conventional", "C"))


def _riasec_scores(p: Profile) -> list[tuple[str, str, Optional[float]]]:
    i = p.interests
    if i is None:
        return []
    return [(name, letter, getattr(i, field)) for field, name, letter in _RIASEC]


def _riasec_reason(p: Profile) -> str:
    return _section_reason(p, "interests", "O*NET has no interest profile for this occupation")


def _riasec_title(p: Profile) -> str:
    code = p.interests.high_point_code if p.interests is not None else None
    return f"Interests (Holland code {code}): {_who(p)}" if code else f"Interests: {_who(p)}"


def riasec_chart(profile: Profile) -> Figure:
    """The six RIASEC interest scores on O*NET's fixed 1–7 scale; the high-point letters highlighted."""
    p = profile
    scores = _riasec_scores(p)
    source = _onet_source(p, "interests", "Interests")
    shown = [(n, l, v) for n, l, v in scores if not fmt.is_missing(v)]
    if not shown:
        return _not_published(_riasec_title(p), source, _riasec_reason(p))
    high = set(p.interests.high_point_code or "")
    fig = _new_figure(2.3)
    ax = fig.add_subplot()
    ax.set_xlim(1, 7)
    ax.set_ylim(len(scores) - 0.4, -0.6)
    labels = []
    for i, (name, letter, value) in enumerate(scores):
        labels.append(f"{name} ({letter})")
        if fmt.is_missing(value):
            ax.text(1.05, i, "not published", va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
            continue
        colour = VERMILLION if letter in high else LIGHT_BLUE
        if value > 1:
            ax.barh(i, value - 1, left=1, height=0.6, color=colour, zorder=2)
        else:  # at the scale minimum: a mark, so the score is visibly there
            ax.plot([1], [i], marker="|", markersize=12, color=colour, mew=2.5, zorder=3)
        inside = value > 6.4
        ax.text(value - 0.06 if inside else value + 0.06, i, f"{value:.2f}", va="center",
                ha="right" if inside else "left", fontsize=9,
                color=_text_colour_for(colour) if inside else TEXT,
                fontweight="bold" if letter in high else "normal", zorder=4)
    _ytick_labels(ax, labels, [l in high for _, l, _ in scores])
    _hide_y_grid(ax)
    ax.set_xticks(range(1, 8))
    ax.set_xlabel("O*NET interest score (1 = low, 7 = high)")
    notes = []
    if high:
        notes.append(f"Highlighted: the letters of the Holland code {p.interests.high_point_code}.")
    missing = [n for n, _, v in scores if fmt.is_missing(v)]
    if missing:
        notes.append(f"Not published: {_join(missing)}.")
    _finish(fig, _riasec_title(p), source, notes)
    return fig


def riasec_alt(profile: Profile) -> str:
    p = profile
    scores = _riasec_scores(p)
    source = _onet_source(p, "interests", "Interests")
    if not any(not fmt.is_missing(v) for _, _, v in scores):
        return f"Interests of {_who(p)}: not published: {_riasec_reason(p)}. {source}"
    parts = [f"{n} {v:.2f}" if not fmt.is_missing(v) else f"{n} not published" for n, _, v in scores]
    code = p.interests.high_point_code
    head = f"Interest scores of {_who(p)} on O*NET's 1 to 7 scale"
    head += f" (Holland code {code})" if code else ""
    return f"{head}: " + "; ".join(parts) + f". {source}"


# ------------------------------------------------------------------------------------------------
# 4. employment projections
# ------------------------------------------------------------------------------------------------


def _ep_years(p: Profile) -> tuple[str, str]:
    m = re.match(r"\s*(\d{4})\s*[–-]\s*(\d{2,4})", p.projections.release or "")
    if not m:
        return "2024", "2034"
    base, end = m.group(1), m.group(2)
    if len(end) == 2:
        end = base[:2] + end
    return base, end


def _projection_reason(p: Profile) -> str:
    return p.projections.reason or _section_reason(p, "projections", "BLS Employment Projections publishes no projection for this code")


def _openings_parts(p: Profile) -> tuple[list[tuple[str, Optional[int]]], Optional[int], list[str]]:
    pr = p.projections
    growth = None
    notes = []
    if pr.annual_openings is not None and pr.separations is not None:
        growth = pr.annual_openings - pr.separations
        if growth < 0:
            notes.append(
                f"No openings come from growth: employment is projected to decline, so the annual openings "
                f"({fmt.count(pr.annual_openings)}) are fewer than the separations ({fmt.count(pr.separations)})."
            )
            growth = None
    parts = [("Labor-force exits", pr.labor_force_exits), ("Occupational transfers", pr.occupational_transfers),
             ("Growth", growth)]
    return parts, growth, notes


def projection_chart(profile: Profile) -> Figure:
    """Employment in the base and target years (change annotated) and the annual openings by cause."""
    p = profile
    pr = p.projections
    base, end = _ep_years(p)
    title = f"Employment outlook, {pr.release}: {_who(p)}"
    source = _ep_source(p)
    if not pr.available or (pr.employment_2024 is None and pr.employment_2034 is None and pr.annual_openings is None):
        return _not_published(title, source, _projection_reason(p))

    fig = _new_figure(2.55)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.35]})
    notes: list[str] = []

    # left: employment
    emp = [(base, pr.employment_2024), (end, pr.employment_2034)]
    top = max([v for _, v in emp if v is not None] or [1])
    ax1.set_ylim(0, top * 1.32)
    ax1.set_xlim(-0.6, 1.6)
    for i, (year, value) in enumerate(emp):
        if value is None:
            ax1.text(i, top * 0.05, "not\npublished", ha="center", va="bottom", fontsize=9, style="italic", color=CAPTION)
            notes.append(f"Employment in {year} not published.")
            continue
        if value > 0:
            ax1.bar(i, value, width=0.6, color=LIGHT_BLUE if i == 0 else BLUE, zorder=2)
        ax1.text(i, value + top * 0.02, fmt.count(value), ha="center", va="bottom", fontsize=9)
    ax1.set_xticks([0, 1], [year for year, _ in emp])
    ax1.grid(axis="x", visible=False)
    ax1.yaxis.set_major_formatter(_count_axis())
    ax1.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax1.set_ylabel("Jobs (including self-employed)")
    ax1.set_title("Employment")
    if pr.change_percent is not None:
        change = f"Change {_signed_pct(pr.change_percent)}"
        if pr.employment_change is not None:
            change += f" ({pr.employment_change:+,})".replace("-", "−")
        ax1.text(0.5, 0.975, change, transform=ax1.transAxes, ha="center", va="top", fontsize=9,
                 fontweight="bold", color=BLUE if pr.change_percent >= 0 else VERMILLION)

    # right: openings
    parts, growth, grow_notes = _openings_parts(p)
    notes += grow_notes
    ax2.set_title(f"Openings per year: {fmt.count(pr.annual_openings)}" if pr.annual_openings is not None
                  else "Openings per year: not published")
    vals = [v for _, v in parts if v is not None]
    otop = max(vals + [1])
    ax2.set_ylim(0, otop * 1.2)
    ax2.set_xlim(-0.6, 2.6)
    colours = (ORANGE, GREEN, BLUE)
    for i, ((name, value), colour) in enumerate(zip(parts, colours)):
        if value is None:
            text = "none\n(declining)" if name == "Growth" and grow_notes else "not\npublished"
            ax2.text(i, otop * 0.03, text, ha="center", va="bottom", fontsize=9, style="italic", color=CAPTION)
            if not (name == "Growth" and grow_notes):
                notes.append(f"{name} not published.")
            continue
        if value > 0:
            ax2.bar(i, value, width=0.6, color=colour, zorder=2)
        ax2.text(i, value + otop * 0.02, fmt.count(value), ha="center", va="bottom", fontsize=9)
    ax2.set_xticks(range(3), ["Labor-force\nexits", "Occupational\ntransfers", "Growth"])
    ax2.grid(axis="x", visible=False)
    ax2.yaxis.set_major_formatter(_count_axis())
    ax2.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    notes.insert(0, f"Openings are annual averages over {base}–{end}; they add up to exits + transfers + growth "
                    f"(growth = openings − separations).")
    _finish(fig, title, source, notes)
    return fig


def projection_alt(profile: Profile) -> str:
    p = profile
    pr = p.projections
    base, end = _ep_years(p)
    source = _ep_source(p)
    if not pr.available or (pr.employment_2024 is None and pr.employment_2034 is None and pr.annual_openings is None):
        return f"Employment outlook of {_who(p)}: not published: {_projection_reason(p)}. {source}"
    parts, growth, grow_notes = _openings_parts(p)
    text = (f"Employment of {_who(p)}: {fmt.count(pr.employment_2024)} in {base} and {fmt.count(pr.employment_2034)} "
            f"in {end}, a change of {fmt.percent(pr.change_percent, signed=True)}")
    if pr.employment_change is not None:
        text += f" ({pr.employment_change:+,} jobs)"
    text += f". Annual openings: {fmt.count(pr.annual_openings)}, of which "
    text += "; ".join(f"{name.lower()} {fmt.count(v)}" for name, v in parts if v is not None or name != "Growth")
    text += "."
    if grow_notes:
        text += " " + " ".join(grow_notes)
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# 5. state tile map
# ------------------------------------------------------------------------------------------------

STATE_POSTAL: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA", "Colorado": "CO",
    "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
    "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
    "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM",
    "New York": "NY", "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "Puerto Rico": "PR", "Guam": "GU", "Virgin Islands": "VI",
}

# The common 50 states + DC tile grid (row, column); row 0 is the top.
TILE_GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (0, 11),
    "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 0), "ID": (2, 1), "MT": (2, 2), "ND": (2, 3), "MN": (2, 4), "IL": (2, 5), "WI": (2, 6),
    "MI": (2, 7), "NY": (2, 8), "RI": (2, 9), "MA": (2, 10),
    "OR": (3, 0), "NV": (3, 1), "WY": (3, 2), "SD": (3, 3), "IA": (3, 4), "IN": (3, 5), "OH": (3, 6),
    "PA": (3, 7), "NJ": (3, 8), "CT": (3, 9),
    "CA": (4, 0), "UT": (4, 1), "CO": (4, 2), "NE": (4, 3), "MO": (4, 4), "KY": (4, 5), "WV": (4, 6),
    "VA": (4, 7), "MD": (4, 8), "DE": (4, 9),
    "AZ": (5, 1), "NM": (5, 2), "KS": (5, 3), "AR": (5, 4), "TN": (5, 5), "NC": (5, 6), "SC": (5, 7),
    "DC": (5, 8),
    "OK": (6, 3), "LA": (6, 4), "MS": (6, 5), "AL": (6, 6), "GA": (6, 7),
    "HI": (7, 0), "TX": (7, 3), "FL": (7, 8),
}
# Territories, drawn only when the profile has a row for them, in a column set off to the right.
TERRITORY_GRID: dict[str, tuple[float, float]] = {"PR": (5, 11), "VI": (6, 11), "GU": (7, 11)}


def _lq_bin(value: Optional[float]) -> Optional[int]:
    if fmt.is_missing(value):
        return None
    for k, (lo, hi, _, _) in enumerate(LQ_BINS):
        if lo <= value < hi:
            return k
    return len(LQ_BINS) - 1


def _nice(v: float) -> float:
    if v <= 0:
        return 0
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * mag:
            return step * mag
    return 10 * mag


def _employment_breaks(values: Sequence[float]) -> list[float]:
    """Four rounded class limits from the quantiles of the published values."""
    vals = sorted(values)
    if not vals:
        return []
    out: list[float] = []
    for q in (0.2, 0.4, 0.6, 0.8):
        x = vals[min(len(vals) - 1, int(q * len(vals)))]
        b = _nice(x)
        if b > 0 and (not out or b > out[-1]):
            out.append(b)
    return out


@dataclass(frozen=True)
class _Tile:
    code: str
    name: str
    value: Optional[float]


def _state_tiles(p: Profile, by: str) -> list[_Tile]:
    rows = {STATE_POSTAL.get(s.state): s for s in p.states}
    tiles = []
    for name, code in STATE_POSTAL.items():
        row = rows.get(code)
        if code in TERRITORY_GRID and row is None:
            continue
        value = None if row is None else (row.location_quotient if by == "location_quotient" else row.employment)
        tiles.append(_Tile(code, name, None if fmt.is_missing(value) else float(value)))
    return tiles


def _map_basis(p: Profile, by: str) -> str:
    if by not in ("location_quotient", "employment"):
        raise ValueError(f"by must be 'location_quotient' or 'employment', not {by!r}")
    if by == "location_quotient" and not any(not fmt.is_missing(s.location_quotient) for s in p.states):
        return "employment"
    return by


def _states_reason(p: Profile) -> str:
    return _section_reason(p, "states", "OEWS publishes no state estimates for this occupation")


def state_tile_map_chart(profile: Profile, by: str = "location_quotient") -> Figure:
    """A tile-grid map of the states coloured by location quotient (default) or by employment."""
    p = profile
    by = _map_basis(p, by)
    source = _oews_source(p)
    what = "location quotient" if by == "location_quotient" else "employment"
    title = f"Where the jobs are, by state ({what}): {_who(p)}"
    tiles = _state_tiles(p, by)
    if not any(t.value is not None for t in tiles):
        return _not_published(title, source, _states_reason(p))

    if by == "location_quotient":
        classes = [(colour, label) for _, _, colour, label in LQ_BINS]

        def klass(v: Optional[float]) -> Optional[int]:
            return _lq_bin(v)

        def tile_value(v: float) -> str:
            return f"{v:.2f}"
        legend_title = "Location quotient (1.00 = national average)"
    else:
        breaks = _employment_breaks([t.value for t in tiles if t.value is not None])
        edges = [0.0, *breaks, math.inf]
        colours = EMPLOYMENT_COLOURS[-(len(edges) - 1):] if len(edges) - 1 < 5 else EMPLOYMENT_COLOURS
        classes = []
        for k in range(len(edges) - 1):
            lo, hi = edges[k], edges[k + 1]
            label = f"below {lo and fmt.count(lo) or fmt.count(hi)}" if k == 0 else (
                f"{fmt.count(lo)} and more" if hi == math.inf else f"{fmt.count(lo)}–{fmt.count(hi - 1)}")
            classes.append((colours[k], label))

        def klass(v: Optional[float]) -> Optional[int]:
            if v is None:
                return None
            return next(k for k in range(len(edges) - 1) if edges[k] <= v < edges[k + 1])

        tile_value = _compact
        legend_title = "Employment (jobs)"

    fig = _new_figure(4.3)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_xlim(-0.05, 12.05)
    ax.set_ylim(-8.05, 0.05)
    size = 0.94
    n_missing = 0
    for t in tiles:
        row, col = TERRITORY_GRID.get(t.code) or TILE_GRID[t.code]
        x, y = col + (1 - size) / 2, -row - 1 + (1 - size) / 2
        k = klass(t.value)
        if k is None:
            n_missing += 1
            ax.add_patch(Rectangle((x, y), size, size, facecolor=NP_FACE, edgecolor=NP_EDGE, hatch=NP_HATCH, lw=0.6))
            face = NP_FACE
            value_text = "n/p"
        else:
            face = classes[k][0]
            ax.add_patch(Rectangle((x, y), size, size, facecolor=face, edgecolor="#9a9a9a", lw=0.6))
            value_text = tile_value(t.value)
        colour = _text_colour_for(face)
        bbox = None if k is not None else dict(boxstyle="square,pad=0.08", facecolor=NP_FACE, edgecolor="none")
        ax.text(col + 0.5, -row - 0.36, t.code, ha="center", va="center", fontsize=9, fontweight="bold",
                color=colour, bbox=bbox)
        ax.text(col + 0.5, -row - 0.7, value_text, ha="center", va="center", fontsize=9, color=colour, bbox=bbox)
    if any(t.code in TERRITORY_GRID for t in tiles):
        ax.text(11.5, -4.98, "Territories", ha="center", va="bottom", fontsize=9, color=CAPTION)
    handles = [Patch(facecolor=c, edgecolor="#9a9a9a", label=l) for c, l in classes]
    handles.append(Patch(facecolor=NP_FACE, edgecolor=NP_EDGE, hatch=NP_HATCH, label="n/p (not published)"))
    ax.legend(handles=handles, title=legend_title, loc="upper center", bbox_to_anchor=(5.5 / 12.1, 1.0),
              ncol=3, frameon=False, handlelength=1.6, handleheight=1.2, columnspacing=1.2, alignment="left")
    notes = []
    if by == "location_quotient":
        notes.append("Location quotient: the occupation's share of a state's jobs divided by its share of all "
                     "US jobs; above 1 means more concentrated than nationally.")
    if n_missing:
        notes.append(f"n/p: no estimate published for {n_missing} "
                     f"{'state or territory' if n_missing == 1 else 'states or territories'}.")
    _finish(fig, title, source, notes)
    return fig


def state_tile_map_alt(profile: Profile, by: str = "location_quotient") -> str:
    p = profile
    by = _map_basis(p, by)
    source = _oews_source(p)
    tiles = _state_tiles(p, by)
    what = "location quotient" if by == "location_quotient" else "employment"
    if not any(t.value is not None for t in tiles):
        return f"Map of {_who(p)} by state: not published: {_states_reason(p)}. {source}"
    shown = sorted((t for t in tiles if t.value is not None), key=lambda t: -t.value)
    f = (lambda v: f"{v:.2f}") if by == "location_quotient" else fmt.count
    values = "; ".join(f"{t.name} {f(t.value)}" for t in shown)
    missing = [t.name for t in tiles if t.value is None]
    text = f"Map of the states coloured by {what} of {_who(p)}, highest first: {values}."
    if by == "location_quotient":
        text += " A location quotient above 1 means the occupation is more concentrated there than nationally."
    if missing:
        text += f" Not published for {len(missing)}: {_join(missing)}."
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# 6. state wages vs the national median
# ------------------------------------------------------------------------------------------------


def _state_wage_rows(p: Profile, n: int = 10):
    ranked = sorted((s for s in p.states if not fmt.is_missing(s.employment)), key=lambda s: (-s.employment, s.state))
    return ranked[:n]


def _state_wage_reason(p: Profile, rows) -> str:
    if not p.states:
        return _states_reason(p)
    if not rows:
        return "no state employment estimates are published, so the states cannot be ranked"
    reasons = [s.annual_median_wage_note for s in rows if s.annual_median_wage_note]
    if reasons:
        common = max(sorted(set(reasons)), key=reasons.count)
        return f"state annual median wages: {common}"
    national = p.oews.annual_wage_usd.get("median")
    if fmt.is_missing(national):
        return "the national annual median wage is not published, so states cannot be compared with it"
    return "state annual median wages are not published"


def _state_wage_has_data(rows) -> bool:
    return any(not fmt.is_missing(s.wage_vs_national_percent) or s.annual_median_wage_top_coded for s in rows)


def state_wage_chart(profile: Profile) -> Figure:
    """The 10 states with most jobs: annual median as % above or below the national median."""
    p = profile
    rows = _state_wage_rows(p)
    national = p.oews.annual_wage_usd.get("median")
    title = f"Median annual wage in the 10 states with most jobs vs the US: {_who(p)}"
    source = _oews_source(p)
    if not _state_wage_has_data(rows):
        return _not_published(title, source, _state_wage_reason(p, rows))

    fig = _new_figure(0.75 + 0.32 * max(len(rows), 2))
    ax = fig.add_subplot()
    diffs = [s.wage_vs_national_percent for s in rows if not fmt.is_missing(s.wage_vs_national_percent)]
    lo, hi = min(diffs + [0.0]), max(diffs + [0.0])
    span = max(hi - lo, 10.0)
    ax.set_xlim(lo - span * 0.06, hi + span * 0.06)
    ax.axvline(0, color=TEXT, lw=1, zorder=3)
    labels, right = [], []
    notes = []
    top_coded, not_pub = [], []
    for i, s in enumerate(rows):
        labels.append(s.state)
        d = s.wage_vs_national_percent
        if not fmt.is_missing(d) and not fmt.is_missing(s.annual_median_wage_usd):
            if d != 0:
                ax.barh(i, d, height=0.62, color=BLUE if d > 0 else ORANGE, zorder=2)
            right.append((f"{s.annual_median_wage_display}  ({_signed_pct(d)})", TEXT, "normal"))
        elif s.annual_median_wage_top_coded:
            right.append((f"{s.annual_median_wage_display} (top-coded)", VERMILLION, "italic"))
            top_coded.append(s.state)
        else:
            right.append(("not published", CAPTION, "italic"))
            not_pub.append(s.state)
    _ytick_labels(ax, labels)
    _rows(ax, len(ax.get_yticks()))
    _hide_y_grid(ax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _signed_pct(v, 0) if v else "0%"))
    ax.set_xlabel(f"Difference from the national median ({fmt.usd(national)})")
    ax.text(1.03, 1.0, "State median", transform=ax.transAxes, ha="left", va="bottom", fontsize=9,
            fontweight="bold")
    for i, (text, colour, style) in enumerate(right):
        ax.text(1.03, i, text, transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=9,
                color=colour, style=style)
    if top_coded:
        notes.append(f"{_join(top_coded)}: median at or above the OEWS top code; no exact value, so no bar.")
    if not_pub:
        reasons = sorted({s.annual_median_wage_note for s in rows if s.state in not_pub and s.annual_median_wage_note})
        notes.append(f"Median not published for {_join(not_pub)}" + (f": {'; '.join(reasons)}." if reasons else "."))
    unranked = [s.state for s in p.states if fmt.is_missing(s.employment)]
    if unranked:
        listed = _join(unranked) if len(unranked) <= 4 else f"{len(unranked)} states or territories"
        notes.append(f"States ranked by OEWS employment; not ranked (employment not published): {listed}.")
    _finish(fig, title, source, notes)
    return fig


def state_wage_alt(profile: Profile) -> str:
    p = profile
    rows = _state_wage_rows(p)
    source = _oews_source(p)
    if not _state_wage_has_data(rows):
        return f"State wages of {_who(p)}: not published: {_state_wage_reason(p, rows)}. {source}"
    national = p.oews.annual_wage_usd.get("median")
    parts = []
    for s in rows:
        d = s.wage_vs_national_percent
        if not fmt.is_missing(d) and not fmt.is_missing(s.annual_median_wage_usd):
            parts.append(f"{s.state} {s.annual_median_wage_display} ({fmt.percent(d, signed=True)})")
        elif s.annual_median_wage_top_coded:
            parts.append(f"{s.state} {s.annual_median_wage_display} (top-coded)")
        else:
            parts.append(f"{s.state} not published")
    return (f"Median annual wage of {_who(p)} in the 10 states with most jobs, compared with the national median "
            f"of {fmt.usd(national)}: " + "; ".join(parts) + f". {source}")


# ------------------------------------------------------------------------------------------------
# 7. industries
# ------------------------------------------------------------------------------------------------


def _industry_rows(p: Profile, n: int = 10):
    return sorted((r for r in p.industries if not fmt.is_missing(r.employment)),
                  key=lambda r: (-r.employment, r.industry))[:n]


def _industry_share_rows(p: Profile, n: int = 10):
    return sorted((r for r in p.industries if not fmt.is_missing(r.share_of_industry_employment_percent)),
                  key=lambda r: (-r.share_of_industry_employment_percent, r.industry))[:n]


def _industries_reason(p: Profile) -> str:
    return _section_reason(p, "industries", "OEWS publishes no industry estimates for this occupation")


def industries_chart(profile: Profile, with_share_panel: bool = False) -> Figure:
    """Top 10 industries by employment, each with the occupation's share of the industry's jobs.

    ``with_share_panel=True`` adds a second panel: the 10 industries where the occupation is the
    largest share of all jobs.
    """
    p = profile
    rows = _industry_rows(p)
    title = f"Industries employing the most: {_who(p)}"
    source = _oews_source(p)
    if not rows:
        return _not_published(title, source, _industries_reason(p))
    panels = [("Top industries by employment", rows, "employment")]
    share_rows = _industry_share_rows(p) if with_share_panel else []
    if share_rows:
        panels.append(("Industries where it is the largest share of jobs", share_rows, "share"))
    heights = [len(r) for _, r, _ in panels]
    fig = _new_figure(0.85 + 0.42 * max(sum(heights), 2) + 0.85 * (len(panels) - 1))
    axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
    for ax, (panel_title, prow, kind) in zip(axes, panels):
        values = [r.employment if kind == "employment" else r.share_of_industry_employment_percent for r in prow]
        top = max(values)
        ax.set_xlim(0, top * 1.04)
        for i, v in enumerate(values):
            if v > 0:
                ax.barh(i, v, height=0.64, color=BLUE if kind == "employment" else GREEN, zorder=2)
        _ytick_labels(ax, [_wrap(r.industry, 40, 2) for r in prow])
        _rows(ax, len(ax.get_yticks()))
        _hide_y_grid(ax)
        if kind == "employment":
            ax.xaxis.set_major_formatter(_count_axis())
            ax.set_xlabel("Jobs")
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
            ax.set_xlabel("Share of the industry's jobs")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        if len(panels) > 1:
            ax.set_title(panel_title)
        # the numbers as a small table to the right of the bars (right-aligned columns)
        columns = (("Jobs", [fmt.count(r.employment) for r in prow], 54),
                   ("Share of\nindustry jobs", [_share_pct(r.share_of_industry_employment_percent) for r in prow], 142))
        for head, cells, right_pt in columns:
            tr = offset_copy(ax.get_yaxis_transform(), fig=fig, x=right_pt, units="points")
            ax.text(1.0, -0.6, head, transform=tr, ha="right", va="bottom", fontsize=9, fontweight="bold",
                    multialignment="right")
            for i, cell in enumerate(cells):
                ax.text(1.0, i, cell, transform=tr, ha="right", va="center", fontsize=9)
    notes = ["Industries as defined by OEWS (NAICS sectors and subsectors)."]
    _finish(fig, title, source, notes)
    return fig


def industries_alt(profile: Profile, with_share_panel: bool = False) -> str:
    p = profile
    rows = _industry_rows(p)
    source = _oews_source(p)
    if not rows:
        return f"Industries employing {_who(p)}: not published: {_industries_reason(p)}. {source}"
    parts = [f"{r.industry} {fmt.count(r.employment)} jobs ({_share_pct(r.share_of_industry_employment_percent)} "
             f"of the industry's jobs)" for r in rows]
    text = f"Industries employing the most {_who(p)}: " + "; ".join(parts) + "."
    if with_share_panel:
        share = _industry_share_rows(p)
        text += " Largest share of an industry's jobs: " + "; ".join(
            f"{r.industry} {_share_pct(r.share_of_industry_employment_percent)}" for r in share) + "."
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# 8. skills (and knowledge)
# ------------------------------------------------------------------------------------------------


def _top_ratings(ratings, n: int = 10):
    return sorted(ratings, key=lambda r: (-r.importance, r.name))[:n]


def _ratings_chart(p: Profile, kind: str) -> Figure:
    ratings = p.skills if kind == "skills" else p.knowledge
    word = "skills" if kind == "skills" else "knowledge areas"
    title = f"Top {word} by importance: {_who(p)}"
    source = _onet_source(p, kind, "Skills" if kind == "skills" else "Knowledge")
    top = _top_ratings(ratings)
    if not top:
        return _not_published(title, source, _section_reason(p, kind, f"O*NET has no {kind} ratings for this occupation"))
    n = len(top)
    fig = _new_figure(0.75 + 0.36 * max(n, 2))
    ax1, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1.2]})
    for ax, lo, hi, attr, colour, name in ((ax1, 1, 5, "importance", BLUE, "Importance (1–5)"),
                                            (ax2, 0, 7, "level", VERMILLION, "Level (0–7)")):
        ax.set_xlim(lo, hi + (hi - lo) * 0.02)
        ax.set_xticks(range(lo, hi + 1))
        ax.set_title(name)
        for i, r in enumerate(top):
            v = getattr(r, attr)
            if fmt.is_missing(v):
                ax.text(lo + 0.05 * (hi - lo), i, "not published", va="center", ha="left", fontsize=9,
                        style="italic", color=CAPTION)
                continue
            ax.plot([lo, v], [i, i], color=colour, lw=2, alpha=0.45, solid_capstyle="butt", zorder=2)
            ax.plot([v], [i], marker="o", markersize=6.5, color=colour, zorder=3)
            inside = v > hi - (hi - lo) * 0.14
            ax.text(v + (-1 if inside else 1) * (hi - lo) * 0.035, i, f"{v:.2f}", va="center",
                    ha="right" if inside else "left", fontsize=9, zorder=4,
                    bbox=dict(boxstyle="square,pad=0.05", facecolor="white", edgecolor="none") if inside else None)
        _hide_y_grid(ax)
    _ytick_labels(ax1, [_wrap(r.name, 30, 2) for r in top])
    _rows(ax1, len(top))
    notes = ["Importance: how important it is to the job (1 = not important, 5 = extremely important). "
             "Level: how much of it the job needs (0–7)."]
    _finish(fig, title, source, notes)
    return fig


def skills_chart(profile: Profile) -> Figure:
    """Top 10 skills by importance (1–5), with their level (0–7) in a second panel."""
    return _ratings_chart(profile, "skills")


def knowledge_chart(profile: Profile) -> Figure:
    """Top 10 knowledge areas by importance (1–5), with their level (0–7) in a second panel."""
    return _ratings_chart(profile, "knowledge")


def _ratings_alt(p: Profile, kind: str) -> str:
    ratings = p.skills if kind == "skills" else p.knowledge
    word = "skills" if kind == "skills" else "knowledge areas"
    source = _onet_source(p, kind, "Skills" if kind == "skills" else "Knowledge")
    top = _top_ratings(ratings)
    if not top:
        reason = _section_reason(p, kind, f"O*NET has no {kind} ratings for this occupation")
        return f"Top {word} of {_who(p)}: not published: {reason}. {source}"
    parts = [f"{r.name} importance {r.importance:.2f}, level "
             + (f"{r.level:.2f}" if not fmt.is_missing(r.level) else "not published") for r in top]
    return (f"Top {len(top)} {word} of {_who(p)} by importance (1 to 5) with level (0 to 7): "
            + "; ".join(parts) + f". {source}")


def skills_alt(profile: Profile) -> str:
    return _ratings_alt(profile, "skills")


def knowledge_alt(profile: Profile) -> str:
    return _ratings_alt(profile, "knowledge")


# ------------------------------------------------------------------------------------------------
# 9. education
# ------------------------------------------------------------------------------------------------

EDUCATION_SHORT: dict[int, str] = {
    1: "Less than high school", 2: "High school diploma", 3: "Post-secondary certificate",
    4: "Some college courses", 5: "Associate's degree", 6: "Bachelor's degree",
    7: "Post-baccalaureate certificate", 8: "Master's degree", 9: "Post-master's certificate",
    10: "First professional degree", 11: "Doctoral degree", 12: "Post-doctoral training",
}


def _education_label(e) -> str:
    short = EDUCATION_SHORT.get(e.category)
    if short:
        return short
    return re.split(r" - | \(", e.label)[0].strip()


def _education_reason(p: Profile) -> str:
    return _section_reason(p, "education", "O*NET has no education ratings for this occupation")


def education_chart(profile: Profile) -> Figure:
    """O*NET's required-education distribution: share of respondents by level."""
    p = profile
    levels = sorted(p.education, key=lambda e: e.category)
    title = f"Education required: {_who(p)}"
    source = _onet_source(p, "education", "Education, Training, and Experience: required level of education")
    if not any(not fmt.is_missing(e.percent) for e in levels):
        return _not_published(title, source, _education_reason(p))
    fig = _new_figure(0.55 + 0.27 * max(len(levels), 2))
    ax = fig.add_subplot()
    top = max(e.percent for e in levels if not fmt.is_missing(e.percent))
    ax.set_xlim(0, max(top * 1.15, 5))
    missing = []
    for i, e in enumerate(levels):
        if fmt.is_missing(e.percent):
            ax.text(top * 0.01, i, "not published", va="center", ha="left", fontsize=9, style="italic", color=CAPTION)
            missing.append(_education_label(e))
            continue
        if e.percent > 0:
            ax.barh(i, e.percent, height=0.66, color=BLUE, zorder=2)
        ax.text(e.percent + top * 0.012, i, f"{e.percent:.0f}%" if e.percent >= 1 or e.percent == 0 else f"{e.percent:.1f}%",
                va="center", ha="left", fontsize=9)
    _ytick_labels(ax, [_education_label(e) for e in levels])
    _rows(ax, len(ax.get_yticks()))
    _hide_y_grid(ax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    ax.set_xlabel("Share of respondents saying the level is required for the job")
    notes = []
    if missing:
        notes.append(f"Not published: {_join(missing)}.")
    _finish(fig, title, source, notes)
    return fig


def education_alt(profile: Profile) -> str:
    p = profile
    levels = sorted(p.education, key=lambda e: e.category)
    source = _onet_source(p, "education", "Education, Training, and Experience: required level of education")
    if not any(not fmt.is_missing(e.percent) for e in levels):
        return f"Education required for {_who(p)}: not published: {_education_reason(p)}. {source}"
    parts = [f"{_education_label(e)} {fmt.percent(e.percent, digits=0) if not fmt.is_missing(e.percent) else 'not published'}"
             for e in levels]
    return f"Share of respondents naming each education level as required for {_who(p)}: " + "; ".join(parts) + f". {source}"


# ------------------------------------------------------------------------------------------------
# 10. regional outlook (Projections Central)
# ------------------------------------------------------------------------------------------------


def _regional_rows(p: Profile, n_states: int = 10):
    ro = p.regional_outlook
    regions = [(f"{r.region}\n({r.states_published} of {r.states_in_region} states)", r.change_percent,
                f"{r.region} ({r.states_published} of {r.states_in_region} states)") for r in ro.regions]
    if ro.national is not None:
        regions.insert(0, ("United States", ro.national.change_percent, "United States"))
    states = sorted((a for a in ro.states if not fmt.is_missing(a.employment_2020)),
                    key=lambda a: (-a.employment_2020, a.area))[:n_states]
    return regions, states


def _regional_reason(p: Profile) -> str:
    return p.regional_outlook.reason or _section_reason(p, "regional_outlook", "Projections Central publishes no projection for this code")


def regional_outlook_chart(profile: Profile) -> Figure:
    """Projected change by Census region (and the US) and in the 10 states with most jobs."""
    p = profile
    title = f"Projected employment change, {_vintage_short(p)}: {_who(p)}"
    source = _pc_source(p)
    regions, states = _regional_rows(p)
    if not any(not fmt.is_missing(v) for _, v, _ in regions) and not any(
            not fmt.is_missing(a.change_percent) for a in states):
        return _not_published(title, source, _regional_reason(p))
    panels = [("By Census region", [(l, v) for l, v, _ in regions])]
    if states:
        panels.append((f"Top {len(states)} states by 2020 jobs",
                       [(a.area, a.change_percent) for a in states]))
    n = max(len(r) for _, r in panels)
    fig = _new_figure(0.8 + 0.38 * max(n, 2))
    n_left = len(panels[0][1])
    if len(panels) == 1 or n - n_left < 3:
        axes = fig.subplots(1, len(panels), squeeze=False)[0]
    else:  # the short region panel only as tall as its rows, so both panels have the same bar height
        gs = fig.add_gridspec(2, 2, height_ratios=[n_left + 1.2, n - n_left - 1.2])
        axes = [fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[:, 1])]
    allv = [v for _, rows in panels for _, v in rows if not fmt.is_missing(v)]
    lo, hi = min(allv + [0.0]), max(allv + [0.0])
    span = max(hi - lo, 10.0)
    for ax, (panel_title, rows) in zip(axes, panels):
        ax.set_xlim(lo - span * (0.3 if lo < 0 else 0.02), hi + span * (0.3 if hi > 0 else 0.02))
        ax.axvline(0, color=TEXT, lw=1, zorder=3)
        for i, (label, v) in enumerate(rows):
            if fmt.is_missing(v):
                ax.text(span * 0.02, i, "not published", va="center", ha="left", fontsize=9, style="italic",
                        color=CAPTION)
                continue
            colour = (DARK_GREY if label == "United States" else BLUE) if v >= 0 else ORANGE
            if v != 0:
                ax.barh(i, v, height=0.62, color=colour, zorder=2)
            ax.text(v + (span * 0.02 if v >= 0 else -span * 0.02), i, _signed_pct(v), va="center",
                    ha="left" if v >= 0 else "right", fontsize=9)
        _ytick_labels(ax, [l for l, _ in rows], [l == "United States" for l, _ in rows])
        _rows(ax, len(rows))
        _hide_y_grid(ax)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _signed_pct(v, 0) if v else "0%"))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.set_title(panel_title)
        ax.set_xlabel("Change in employment")
    vnote = _vintage_note(p)
    notes = ["Regions sum the states that publish a projection."]
    if vnote:
        notes.append(vnote[0].upper() + vnote[1:] + ".")
    _finish(fig, title, source, notes)
    return fig


def regional_outlook_alt(profile: Profile) -> str:
    p = profile
    source = _pc_source(p)
    regions, states = _regional_rows(p)
    if not any(not fmt.is_missing(v) for _, v, _ in regions) and not any(
            not fmt.is_missing(a.change_percent) for a in states):
        return f"Projected employment change of {_who(p)}, {_vintage_short(p)}: not published: {_regional_reason(p)}. {source}"
    text = f"Projected employment change of {_who(p)}, {_vintage_short(p)}, by region: " + "; ".join(
        f"{alt} {fmt.percent(v, signed=True)}" for _, v, alt in regions) + "."
    if states:
        text += " In the states with most jobs in 2020: " + "; ".join(
            f"{a.area} {fmt.percent(a.change_percent, signed=True)}" for a in states) + "."
    return f"{text} {source}"


# ------------------------------------------------------------------------------------------------
# registry, alt text, saving
# ------------------------------------------------------------------------------------------------

ChartFn = Callable[[Profile], Figure]

CHARTS: dict[str, ChartFn] = {
    "wage_distribution": wage_distribution_chart,
    "median_comparison": median_comparison_chart,
    "riasec": riasec_chart,
    "projection": projection_chart,
    "state_tile_map": state_tile_map_chart,
    "state_wage": state_wage_chart,
    "industries": industries_chart,
    "skills": skills_chart,
    "education": education_chart,
    "regional_outlook": regional_outlook_chart,
}
# Charts a chapter may add; not drawn by render_all.
EXTRA_CHARTS: dict[str, ChartFn] = {
    "knowledge": knowledge_chart,
}

ALT_TEXT: dict[str, Callable[[Profile], str]] = {
    "wage_distribution": wage_distribution_alt,
    "median_comparison": median_comparison_alt,
    "riasec": riasec_alt,
    "projection": projection_alt,
    "state_tile_map": state_tile_map_alt,
    "state_wage": state_wage_alt,
    "industries": industries_alt,
    "skills": skills_alt,
    "knowledge": knowledge_alt,
    "education": education_alt,
    "regional_outlook": regional_outlook_alt,
}


def alt_text(name: str, profile: Profile) -> str:
    """The text alternative of chart ``name`` (a key of CHARTS): the numbers it shows, in words."""
    try:
        fn = ALT_TEXT[name]
    except KeyError:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join([*CHARTS, *EXTRA_CHARTS])}") from None
    return re.sub(r"\s+", " ", fn(profile)).strip()


def render_all(profile: Profile) -> dict[str, Figure]:
    """Every chart of CHARTS for one profile, in chapter order. The caller closes/discards them."""
    return {name: fn(profile) for name, fn in CHARTS.items()}


_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def save_figure(fig: Figure, target: Union[str, PathLike, IO[bytes]], format: str = "png", dpi: float = 150) -> None:
    """Write ``fig`` as PNG, SVG or PDF with no volatile metadata: same figure, same bytes.

    The figure keeps its size (no ``bbox_inches="tight"``), so every chart is exactly 6.5 in wide.
    """
    form = format.lower()
    if form not in _METADATA:
        raise ValueError(f"format must be one of {', '.join(_METADATA)}, not {format!r}")
    rc = {"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path", "pdf.fonttype": 42}
    with mpl.rc_context(rc):
        fig.savefig(target, format=form, dpi=dpi, metadata=dict(_METADATA[form]), facecolor="white")
