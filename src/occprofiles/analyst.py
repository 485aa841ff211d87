"""Every occupation as one row of a pandas DataFrame, for the analyst's notebook (``notebooks/explore.ipynb``).

``profiles_frame()`` reads the profiles the book is made from (``data/processed/out_profiles.sqlite``):
one row per occupation, typed columns (pandas nullable dtypes: a value the source does not publish is
<NA>, never 0), units in the column names. A top-coded OEWS wage (at or above the top code, no number
published) is <NA> with ``annual_median_wage_top_coded`` true. ``COLUMNS`` describes every column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .profile import list_titles, load_profile_dict

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

_Row = dict[str, Any]


def _get(*keys: str) -> Callable[[_Row], Any]:
    def read(d: _Row) -> Any:
        value: Any = d
        for k in keys:
            if value is None:
                return None
            value = value.get(k)
        return value

    return read


# column -> (pandas dtype, how it is read from the profile JSON, what it is)
COLUMNS: dict[str, tuple[str, Callable[[_Row], Any], str]] = {
    "soc_code": ("string", _get("soc_code"), "2018 SOC detailed code"),
    "title": ("string", _get("title"), "SOC title"),
    "major_group_code": ("string", _get("major_group", "code"), "SOC major group code"),
    "major_group_title": ("string", _get("major_group", "title"), "SOC major group title"),
    "employment_count": ("Int64", _get("oews", "employment"), "OEWS wage and salary employment"),
    "annual_median_wage_usd": ("Float64", _get("oews", "annual_wage_usd", "median"), "OEWS annual median wage"),
    "annual_median_wage_top_coded": (
        "boolean",
        _get("oews", "annual_wage_top_coded", "median"),
        "true: the median is at or above the OEWS top code (no number published)",
    ),
    "annual_mean_wage_usd": ("Float64", _get("oews", "annual_wage_usd", "mean"), "OEWS annual mean wage"),
    "annual_p10_wage_usd": ("Float64", _get("oews", "annual_wage_usd", "p10"), "OEWS annual 10th percentile"),
    "annual_p90_wage_usd": ("Float64", _get("oews", "annual_wage_usd", "p90"), "OEWS annual 90th percentile"),
    "hourly_median_wage_usd": ("Float64", _get("oews", "hourly_wage_usd", "median"), "OEWS hourly median wage"),
    "ep_employment_2024_count": ("Int64", _get("projections", "employment_2024"), "EP employment, base year"),
    "ep_employment_2034_count": ("Int64", _get("projections", "employment_2034"), "EP employment, target year"),
    "projected_change_percent": ("Float64", _get("projections", "change_percent"), "EP projected change"),
    "annual_openings_count": ("Int64", _get("projections", "annual_openings"), "EP openings a year"),
    "self_employed_percent": ("Float64", _get("projections", "self_employed_percent"), "EP self-employed share"),
    "typical_entry_education": ("string", _get("projections", "typical_entry_education"), "EP entry education"),
    "job_zone_1_5": ("Int64", _get("job_zone"), "O*NET job zone (1-5)"),
    "holland_code": ("string", _get("interests", "high_point_code"), "O*NET RIASEC high-point code"),
    "automation_probability": (
        "Float64",
        _get("automation", "probability"),
        "Frey & Osborne (2013) probability of computerisation (0-1)",
    ),
    "work_life_balance_score_0_10": ("Float64", _get("work_life_balance", "score"), "indicator from O*NET ratings"),
    "state_count": ("Int64", lambda d: len(d.get("states") or ()), "states and territories with an OEWS row"),
}


def profile_row(profile: _Row) -> _Row:
    """One occupation's row (from its profile JSON as a dict)."""
    return {name: read(profile) for name, (_, read, _) in COLUMNS.items()}


def profiles_frame(major: str | None = None) -> pd.DataFrame:
    """Every occupation (or those of SOC major group ``major``, e.g. "29") as one DataFrame, indexed by
    ``soc_code`` and sorted by it."""
    import pandas as pd

    profiles = [load_profile_dict(code) for code, _ in list_titles()]
    df = pd.DataFrame.from_records([profile_row(p) for p in profiles], columns=list(COLUMNS))
    df = df.astype({name: dtype for name, (dtype, _, _) in COLUMNS.items()})
    if major is not None:
        df = df[df["major_group_code"].str.startswith(str(major)[:2])]
    df = df.set_index("soc_code", drop=False).rename_axis(None)
    if profiles:  # the releases, as the profiles name them (for captions)
        df.attrs["releases"] = {
            "oews": profiles[0]["oews"]["release"],
            "projections": profiles[0]["projections"]["release"],
        }
    return df


def columns_frame() -> pd.DataFrame:
    """What each column of ``profiles_frame()`` is, with its dtype."""
    import pandas as pd

    return pd.DataFrame([{"column": n, "dtype": t, "meaning": m} for n, (t, _, m) in COLUMNS.items()])


def side_by_side(frame: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Occupations as columns, one row per measure: for comparing a few occupations."""
    return frame.loc[codes].drop(columns=["soc_code"]).T.set_axis(codes, axis=1)


def wage_vs_growth(frame: pd.DataFrame, highlight: Sequence[str] = ()) -> Figure:
    """Annual median wage against projected employment change, one dot per occupation (in the book's chart
    style, leaving matplotlib's settings as they were). Occupations without both numbers are left out and
    counted in the caption, never drawn at zero; ``highlight``: SOC codes to mark and label."""
    from .charts.layout import finish, new_figure
    from .charts.style import BLUE, GREY, VERMILLION, chart_style

    both = frame.dropna(subset=["annual_median_wage_usd", "projected_change_percent"])
    left_out = len(frame) - len(both)
    releases = frame.attrs.get("releases", {})
    with chart_style():
        fig = new_figure(4.2)
        ax = fig.add_subplot()
        x = both["projected_change_percent"].astype(float)
        y = both["annual_median_wage_usd"].astype(float) / 1000
        ax.scatter(x, y, s=9, color=BLUE, alpha=0.45, linewidths=0, zorder=2)
        middle = (float(x.min()) + float(x.max())) / 2
        for i, code in enumerate(c for c in highlight if c in both.index):
            px, py = float(x[code]), float(y[code])
            ax.scatter([px], [py], s=36, color=VERMILLION, zorder=3)
            right = px > middle  # label on the side with room, staggered so neighbours do not collide
            ax.annotate(
                str(both.at[code, "title"]),
                (px, py),
                xytext=(-6 if right else 6, (14, -14, 26, -26)[i % 4]),
                textcoords="offset points",
                ha="right" if right else "left",
                va="center",
                fontsize=9,
                arrowprops={"arrowstyle": "-", "color": GREY, "lw": 0.6},
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                zorder=4,
            )
        ax.axvline(0, color=GREY, lw=0.8, zorder=1)
        ax.set_xlabel("Projected employment change (%)")
        ax.set_ylabel("Median annual wage (thousand US dollars)")
        notes = [f"{len(both)} occupations with both figures published."]
        if left_out:
            notes.append(f"{left_out} left out: a median wage or a projection is not published.")
        source = "Sources: BLS OEWS, {}; BLS Employment Projections, {}.".format(
            releases.get("oews", "release not recorded"), releases.get("projections", "release not recorded")
        )
        finish(fig, "Median annual wage vs projected employment change, every occupation", source, notes)
    return fig
