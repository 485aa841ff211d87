"""Links between the book's pages in the printed PDFs.

Chromium prints each page from a local server, so a link to another page of the book comes out as
``http://127.0.0.1:PORT/book/…``: dead once the PDF leaves this machine. Such a link goes to the first page of
its target when the target is in the same PDF (the book, a volume); otherwise its action is dropped and its
text stays (the annotation stays too: the tagged structure refers to it). Links to other sites are kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

LOCAL_PAGE = re.compile(r"^https?://(?:127\.0\.0\.1|localhost)(?::\d+)?/(?P<path>[^#?]*)")


@dataclass
class Relinked:
    within: int = 0  # now a jump to a page of this PDF
    dropped: int = 0  # the target is not in this PDF: the link does nothing


def local_docname(uri: str) -> str | None:
    """``book/chapters/29/29-1141`` for a link printed as ``http://127.0.0.1:PORT/book/chapters/29/29-1141.html#x``;
    None for a link to another site."""
    match = LOCAL_PAGE.match(uri)
    if match is None:
        return None
    path = match["path"]
    if path == "" or path.endswith("/"):
        path += "index"
    return path.removesuffix(".html")


def relink(pdf: pikepdf.Pdf, starts: Mapping[str, int]) -> Relinked:
    """Point every local link of ``pdf`` at the first page (index in ``starts``, by docname) of its target."""
    import pikepdf

    done = Relinked()
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", None) or []:
            action = annot.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            docname = local_docname(str(action.URI))
            if docname is None:
                continue
            start = starts.get(docname)
            if start is None:
                del annot["/A"]
                done.dropped += 1
            else:
                annot.A = pikepdf.Dictionary(
                    S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[start].obj, pikepdf.Name.Fit])
                )
                done.within += 1
    return done
