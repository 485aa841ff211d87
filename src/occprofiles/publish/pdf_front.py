"""The PDF book's title page and table of contents, as one HTML page for Chromium to print."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entries import Entry


def front_html(entries: list[Entry], starts: dict[str, int], releases: dict[str, str], paper: str = "Letter") -> str:
    """The title page, then the contents: front pages, each part (a major group, the comparisons) as a heading
    with its entries (the group's overview, its chapters) indented beneath, each with its book page."""
    rows, group = [], None
    for e in entries:
        if e.group and e.group != group:
            group = e.group
            rows.append(f'<li class="g">{html.escape(group)}</li>')
        rows.append(
            f'<li class="{"c" if e.group else "f"}"><span>{html.escape(e.title)}</span><b>{starts.get(e.docname, "")}</b></li>'
        )
    sources = "; ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in releases.items())
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @page {{ size: {paper}; margin: 0.7in 0.8in }}
      body {{ font-family: 'DejaVu Sans', sans-serif; color: #222; }}
      .title {{ height: 9.2in; display: flex; flex-direction: column; justify-content: center; break-after: page; }}
      .title h1 {{ font-size: 34pt; margin: 0 0 0.3in; }} .title p {{ font-size: 12pt; line-height: 1.5; }}
      h2 {{ font-size: 18pt; }} ul {{ list-style: none; padding: 0; font-size: 10pt; }}
      li {{ display: flex; justify-content: space-between; border-bottom: 1px dotted #bbb; padding: 2px 0; break-inside: avoid; }}
      li.g {{ font-weight: bold; border: 0; margin-top: 10px; }} li.c span {{ padding-left: 1.2em; }}
    </style></head><body>
    <section class="title"><h1>Occupation Profiles</h1>
      <p>One chapter per US occupation, from public labour-market data.<br>Sources: {sources}.</p>
      <p>This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, Employment and
      Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET&reg; is a trademark of USDOL/ETA.</p></section>
    <h2>Contents</h2><ul>{"".join(rows)}</ul></body></html>"""
