"""The occupation explorer (every occupation with a profile, one sortable and filterable table) and the
ranked lists (highest paying, fastest growing, most openings: plain tables that print).

The table is plain HTML (it reads, prints and searches without JavaScript); DataTables, as the itables
package ships it (``itables/html/dt_bundle.js``), adds sorting, paging and the filters. The build copies
that bundle into the book's ``_static`` folder as a classic script (see :func:`copy_table_assets`), so the
page works from ``file://`` and from a web server and asks no other host for anything.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .. import formatting as fmt
from ..paths import chapters_dir, generated_pages_dir
from ..registry import Source, load_registry
from .explorer_data import COLUMNS, Cell, Column, ExplorerRow, explorer_rows, headers

EXPLORER_PAGE = "explorer.md"
RANKED_PAGE = "ranked-lists.md"
TOP_N = 20
BUNDLE_EXPORT = "export{Md as DateTime,Go as ITable,vh as default,Tt as jQuery,mh as set_or_remove_dark_class}"
BUNDLE_GLOBAL = "window.occDataTables={DataTable:vh,ITable:Go,jQuery:Tt};"
ASSET_NAMES = ("occ-datatables.js", "occ-datatables.css", "occ-datatables-LICENSE.txt")


def chapter_href(code: str, from_dir: str = "..") -> str | None:
    """The built chapter's address from a page in ``book/_generated`` (None: not in this book)."""
    if (chapters_dir() / code[:2] / f"{code}.ipynb").exists():
        return f"{from_dir}/chapters/{code[:2]}/{code}.html"
    return None


def _code_html(code: str) -> str:
    return f'<span class="occ-code">{code}</span>'


def _title_html(row: ExplorerRow) -> str:
    href = chapter_href(row.code)
    title = html.escape(row.title)
    return f'<a href="{href}">{title}</a>' if href else title


def _td(cell: Cell) -> str:
    order = "" if cell.sort is None else f"{cell.sort:g}" if isinstance(cell.sort, float) else str(cell.sort)
    note = f' title="{html.escape(cell.note)}"' if cell.note else ""
    mark = " †" if cell.note else ""
    return f'<td data-order="{order}"{note}>{html.escape(cell.text)}{mark}</td>'


def _row_html(r: ExplorerRow) -> str:
    wage_attr = "" if r.wage_annual_usd is None else f' data-wage="{r.wage_annual_usd:g}"'
    if r.wage_top_coded:
        wage_attr = f' data-wage="{fmt.OEWS_TOP_CODE_ANNUAL_USD}"'
    cells = [
        f"<td>{_code_html(r.code)}</td>",
        f"<td>{_title_html(r)}</td>",
        f'<td data-order="{r.major_code}">{html.escape(r.major_title)}</td>',
        _td(r.wage),
        _td(r.employment),
        _td(r.growth),
        _td(r.openings),
        f"<td>{html.escape(r.education)}</td>",
        _td(r.job_zone),
        f"<td>{html.escape(r.holland)}</td>",
        _td(r.automation),
    ]
    return f'<tr data-major="{r.major_code}"{wage_attr}>' + "".join(cells) + "</tr>"


def _options(values: Sequence[tuple[str, str]]) -> str:
    return "".join(f'<option value="{html.escape(v)}">{html.escape(label)}</option>' for v, label in values)


def _filters_html(rows: Sequence[ExplorerRow]) -> str:
    majors = sorted({(r.major_code, f"{r.major_code} {r.major_title}") for r in rows})
    educations = sorted({r.education for r in rows if r.education != fmt.NOT_PUBLISHED})
    return (
        '<form class="occ-filters" id="occ-explorer-filters" onsubmit="return false">'
        '<label>Search <input type="search" id="occ-filter-text" placeholder="title or code"></label>'
        '<label>Major group <select id="occ-filter-major"><option value="">all</option>'
        + _options(majors)
        + '</select></label><label>Typical entry education <select id="occ-filter-education"><option value="">all</option>'
        + _options([(e, e) for e in educations])
        + "</select></label>"
        '<label>Median annual wage from $<input type="number" id="occ-filter-wage-min" min="0" step="1000" inputmode="numeric"></label>'
        '<label>to $<input type="number" id="occ-filter-wage-max" min="0" step="1000" inputmode="numeric"></label>'
        '<output id="occ-filter-count" aria-live="polite"></output></form>'
    )


def _th(column: Column, registry: Mapping[str, Source]) -> str:
    """The column's name, and under it its source and release; the registry's full title on hover."""
    label = column.source_label(registry)
    source = "" if column.source is None else f' title="{html.escape(registry[column.source].title)}"'
    small = "" if label is None else f'<br><span class="occ-source">{html.escape(label)}</span>'
    return f'<th data-numeric="{int(column.numeric)}"{source}>{html.escape(column.label)}{small}</th>'


def explorer_table_html(rows: Sequence[ExplorerRow]) -> str:
    registry = load_registry()
    head = "".join(_th(c, registry) for c in COLUMNS)
    body = "".join(_row_html(r) for r in rows)
    return f'<table class="table occ-explorer" id="occ-explorer"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def explorer_page() -> str:
    rows = explorer_rows()
    in_book = sum(1 for r in rows if chapter_href(r.code))
    hourly_only = sum(1 for r in rows if r.wage.sort is None and r.wage.text.endswith("/h"))
    aggregates = sum(1 for r in rows if r.ep_aggregate)
    oews_aggregates = sum(1 for r in rows if r.oews_aggregate)
    reg = load_registry()
    lines = [
        "---",
        "html_theme.sidebar_secondary.remove: true",
        "---",
        "# Occupation explorer",
        "",
        "[Book home](../intro.md) · [Ranked lists](ranked-lists.md) · [Methods](../methods.md)",
        "",
        f"All {len(rows):,} occupations with a profile, one row each; {in_book:,} have a chapter in this book "
        "(their titles are links). Click a column heading to sort (again to reverse; values a source does not "
        "publish sort last), type in the search box, or narrow the list by major group, typical entry "
        "education or median annual wage. The [ranked lists](ranked-lists.md) show the top "
        f"{TOP_N} by pay, growth and openings.",
        "",
        f"- Wages are the OEWS ({reg['oews'].release}) national medians. Pay BLS publishes only as hourly wages "
        f"({hourly_only} occupations) is shown per hour, sorts after the annual figures and is left out when a "
        "wage range is set; a top-coded median is shown as the bound it is (≥ the top code).",
        f"- † marks a figure with a note (hover or long-press): {oews_aggregates} occupations take their wage "
        f"and employment from the OEWS aggregate that includes them, {aggregates} their projections from the "
        f"Employment Projections (EP, {reg['bls_ep'].release}) aggregate; the reason a value is not published.",
        "- Employment: OEWS counts wage and salary jobs (no self-employed); openings and growth are "
        "Employment Projections figures, rounded to the hundred as EP publishes them.",
        "",
        "```{raw} html",
        # With JavaScript, the 880 rows are not laid out before DataTables shows the first page of them.
        "<script>document.documentElement.classList.add('occ-js')</script>",
        '<div class="occ-explorer-wrap">',
        _filters_html(rows),
        '<div class="occ-table-scroll">' + explorer_table_html(rows) + "</div></div>",
        '<link rel="stylesheet" href="../../_static/occ-datatables.css">',
        '<script src="../../_static/occ-datatables.js"></script>',
        '<script src="../../_static/occprofiles-explorer.js"></script>',
        "```",
        "",
        "The table's sorting, paging and search come from DataTables, as shipped by the itables package "
        "(MIT licence: `_static/occ-datatables-LICENSE.txt`).",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# ranked lists
# ------------------------------------------------------------------------------------------------


def _ranked(
    rows: Sequence[ExplorerRow], key: Callable[[ExplorerRow], float | None], value: Callable[[ExplorerRow], str]
) -> list[str]:
    ranked = sorted((r for r in rows if key(r) is not None), key=lambda r: (-(key(r) or 0.0), r.code))[:TOP_N]
    out = ["| rank | SOC code | occupation | value |", "|---:|:---|:---|---:|"]
    for i, r in enumerate(ranked, 1):
        href = chapter_href(r.code)
        title = f"[{r.title}](../chapters/{r.code[:2]}/{r.code}.ipynb)" if href else r.title
        out.append(f"| {i} | {_code_html(r.code)} | {title} | {value(r)} |")
    return out


def ranked_page() -> str:
    rows = explorer_rows()
    reg = load_registry()
    hd = headers()
    top_coded = sum(1 for r in rows if r.wage_top_coded)
    aggregates = sum(1 for r in rows if r.ep_aggregate)
    no_annual = sum(1 for r in rows if r.wage_annual_usd is None and not r.wage_top_coded)
    own_oews = [r for r in rows if not r.oews_aggregate]
    own_ep = [r for r in rows if not r.ep_aggregate]
    lines = [
        "# Ranked lists",
        "",
        f"The top {TOP_N} of the {len(rows):,} occupations with a profile, by pay, growth and openings, in the "
        "manner of the Occupational Outlook Handbook's lists. Linked titles have a chapter in this book; "
        "the [occupation explorer](explorer.md) sorts and filters every occupation.",
        "",
        f"## Highest paying: {hd['wage']}",
        "",
        f"Ranked by the national median annual wage. A median at or above the OEWS top code "
        f"(${fmt.OEWS_TOP_CODE_ANNUAL_USD:,}) is published only as that bound and cannot be ranked exactly: such "
        f"occupations would be listed first, in code order, as ≥ the bound ({top_coded} in this release). "
        f"{no_annual} occupations without a published annual median (hourly-only pay, or not published) "
        f"are not ranked, nor the {len(rows) - len(own_oews)} whose wage OEWS publishes only for an aggregate "
        "of several occupations.",
        "",
        *_ranked(
            own_oews,
            lambda r: float(fmt.OEWS_TOP_CODE_ANNUAL_USD) if r.wage_top_coded else r.wage_annual_usd,
            lambda r: r.wage.text,
        ),
        "",
        f"*Source: {reg['oews'].title}.*",
        "",
        f"## Fastest growing: {hd['growth']}",
        "",
        f"Ranked by projected employment change, in percent. The {aggregates} occupations whose projection "
        "EP publishes only for an aggregate of several occupations are not ranked (the figure is the "
        "aggregate's, not theirs); ties are listed in code order.",
        "",
        *_ranked(own_ep, lambda r: r.growth.sort, lambda r: r.growth.text),
        "",
        f"*Source: {reg['bls_ep'].title}.*",
        "",
        f"## Most openings: {hd['openings']}",
        "",
        "Ranked by projected openings a year (from growth and from workers who leave the occupation), as EP "
        "publishes them, rounded to the hundred; aggregates are left out as above.",
        "",
        *_ranked(own_ep, lambda r: r.openings.sort, lambda r: r.openings.text),
        "",
        f"*Source: {reg['bls_ep'].title}.*",
        "",
    ]
    return fmt.escape_onet("\n".join(lines))


def write_explorer_pages(write: Callable[[Path, str], None]) -> None:
    write(generated_pages_dir() / EXPLORER_PAGE, explorer_page())
    write(generated_pages_dir() / RANKED_PAGE, ranked_page())


# ------------------------------------------------------------------------------------------------
# the table library's files
# ------------------------------------------------------------------------------------------------


def copy_table_assets(static_dir: Path) -> None:
    """DataTables from the installed itables package, into the built book's ``_static``.

    itables ships the bundle as an ES module; a module file cannot be loaded from ``file://`` (Chromium
    blocks it as a cross-origin request), so its one ``export`` statement becomes a global instead."""
    import itables

    bundle_dir = Path(itables.__file__).parent / "html"
    src = (bundle_dir / "dt_bundle.js").read_text(encoding="utf-8")
    if src.count(BUNDLE_EXPORT) != 1 or "import.meta" in src:
        raise RuntimeError(
            f"{bundle_dir / 'dt_bundle.js'} is not the itables bundle this build knows (itables {itables.__version__}): "
            "update BUNDLE_EXPORT in occprofiles.publish.explorer"
        )
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / ASSET_NAMES[0]).write_text(src.replace(BUNDLE_EXPORT, BUNDLE_GLOBAL), encoding="utf-8")
    (static_dir / ASSET_NAMES[1]).write_text((bundle_dir / "dt_bundle.css").read_text(encoding="utf-8"), "utf-8")
    licence = Path(itables.__file__).parent.parent / f"itables-{itables.__version__}.dist-info" / "licenses" / "LICENSE"
    (static_dir / ASSET_NAMES[2]).write_text(
        f"occ-datatables.js and .css: the DataTables bundle of itables {itables.__version__} "
        "(itables/html/dt_bundle.js, its ES module export turned into a global). DataTables and its extensions "
        "are MIT-licensed (SpryMedia Ltd; notices inside the bundle); itables' licence follows.\n\n"
        + licence.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
