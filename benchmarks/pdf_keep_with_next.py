"""Experiment (not used by the build): keep a heading or a table's title line with what it introduces, by
finding the page breaks before printing.

    python benchmarks/pdf_keep_with_next.py 11-9111 29-1141 13-2011 27-2011 53-3032

The print floats charts left (``book/_static/occprofiles.css``); a float that does not fit the rest of a page
moves to the next one, and the heading before it (``break-after: avoid`` does not hold a float) stays at the
foot of the page. Chromium fragments CSS columns as it fragments pages, so the body laid out in columns one
page high (:data:`PAGINATE`) shows where each page would end; a lead-in whose content starts in a later column
gets ``break-before: page``, one at a time (each moves what follows), then the page prints. Each chapter is
printed without and with the pass; the table gives page counts, what moved and the pass's time.

Found (2026-11-29, all 879 chapters built; quiet 2-core machine 2.2x slower than results.md's): every
orphan of the seven chapters tried moved (1-4 a chapter); pages 8/8/8/9/9/8/9 -> 9/8/8/9/9/9/9 for 11-9111,
29-1141, 13-2011, 27-2011, 53-3032, 43-9022, 11-1011 (11-9111 gains one: a 45 %-empty page where the outlook
block no longer fits); the pass takes 138-262 ms a chapter (one multi-column layout plus ~30-150 ms a moved
lead-in) against ~840 ms for the print itself: +16-31 % of Chromium's print CPU, with the run already over
issue 13's 240 s budget. Not adopted; what it needs first: space won back in 11-9111 (8-page bound) and a
cheaper pass (e.g. fewer layouts than one per moved lead-in).

Also measured (2026-11-29), CSS alone, no pass: ``p:has(+ .occ-table)`` (a table's title line) and
``.output:has(> figure.occ-chart)`` (a chart's cell) with ``break-after: avoid``, so that a section whose chart
and titled table do not fit moves whole (heading, chart, title, table), plus the build manifest's list at 7.5 pt
to keep 11-9111 at 8 pages. On 125 chapters (every 7th) plus the 8 above: pages 1,000 -> 997 (four lose one,
27-3011 gains one), "Where they work" and "Industries" no longer left at a page's foot; but 6 of 133 chapters
then have a page (not the last) under 60 % used (0.29-0.56; none before): the section that moved whole left
its page half empty. Not adopted: the issue's page-use rule outranks the orphans. Still at a page's foot: a
heading and the print-only note before a chart that floated on (11-9111 page 2, "Skills, knowledge and
education").
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

PAGINATE = """([colWidth, pageHeight]) => {
  const body = document.body;
  const saved = body.getAttribute('style');
  body.style.cssText += `;display: block; columns: ${colWidth}px; column-gap: 0; column-fill: auto;
    height: ${pageHeight}px; width: ${colWidth}px; margin: 0; padding: 0;`;
  const x0 = body.getBoundingClientRect().left;
  const col = e => { const r = e.getClientRects(); return r.length ? Math.floor((r[0].left - x0 + 1) / colWidth) : -1; };
  const isHeading = e => /^H[1-6]$/.test(e.tagName);
  const leaf = e => { while (e && (e.tagName === 'SECTION' || e.tagName === 'DIV') && !e.classList.contains('admonition')
    && !e.classList.contains('occ-table') && e.firstElementChild) e = e.firstElementChild; return e; };
  const after = e => { while (e && !e.nextElementSibling) e = e.parentElement; return e ? leaf(e.nextElementSibling) : null; };
  // a lead-in and the first thing it introduces (past further headings and up to two short notes or boxes)
  const leadIns = [];
  for (const h of document.querySelectorAll('article h2, article h3, article h4, article p:has(+ .occ-table)')) {
    let e = after(h), notes = 0;
    while (e && (isHeading(e) || ((e.tagName === 'P' || e.classList.contains('admonition'))
           && !e.matches('p:has(+ .occ-table)') && e.offsetHeight < 90 && notes < 2))) {
      if (!isHeading(e)) notes++;
      e = after(e);
    }
    if (e && e !== h) leadIns.push([h, e]);
  }
  const moved = [];
  for (let round = 0; round < 12; round++) {
    const orphan = leadIns.find(([h, e]) => !h.style.breakBefore && col(e) > col(h));
    if (!orphan) break;
    orphan[0].style.breakBefore = 'column';  // in columns; a page break when printed (below)
    moved.push(orphan[0].textContent.replace('#', '').slice(0, 40));
  }
  for (const [h] of leadIns) if (h.style.breakBefore) h.style.breakBefore = 'page';
  if (saved === null) body.removeAttribute('style'); else body.setAttribute('style', saved);
  return moved;
}"""


def main(codes: list[str]) -> int:
    from occprofiles import paths
    from occprofiles.publish.browser import browser, serve
    from occprofiles.publish.pdf_print import PAGE_MARGIN, PRINT_ARGS, light_page, open_for_print, page_count

    out = Path(tempfile.mkdtemp(prefix="keep-with-next-"))
    print("| code | pages before | pages after | moved | pass ms |\n|---|---|---|---|---|")
    with serve(paths.html_dir(), light_page) as base, browser(PRINT_ARGS) as b:
        page = b.new_page()
        for code in codes:
            counts, moved, ms = [], [], 0.0
            for keep in (False, True):
                open_for_print(page, f"{base}/book/chapters/{code[:2]}/{code}.html")
                if keep:
                    started = time.perf_counter()
                    moved = page.evaluate(PAGINATE, [7.3 * 96, 9.8 * 96])  # Letter less 0.6 in margins
                    ms = (time.perf_counter() - started) * 1000
                data = page.pdf(print_background=True, format="Letter", margin=PAGE_MARGIN, tagged=True)
                (out / f"{code}{'-keep' if keep else ''}.pdf").write_bytes(data)
                counts.append(page_count(data))
            print(f"| {code} | {counts[0]} | {counts[1]} | {'; '.join(moved)} | {ms:.0f} |")
    print(f"\nprints in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["11-9111"]))
