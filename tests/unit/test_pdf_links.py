"""Local links in printed PDFs (publish/pdf_links): a link to a page of the book becomes a jump within the PDF
when that page is in it, and does nothing otherwise; links to other sites stay as they are."""

from __future__ import annotations

import pikepdf

from occprofiles.publish.pdf_links import local_docname, relink


def test_local_docname_reads_the_page_a_printed_link_points_at():
    assert local_docname("http://127.0.0.1:40677/book/chapters/29/29-1141.html") == "book/chapters/29/29-1141"
    assert local_docname("http://127.0.0.1:40677/book/methods.html#automation-risk") == "book/methods"
    assert local_docname("http://localhost:8000/book/chapters/29/") == "book/chapters/29/index"
    assert local_docname("https://www.bls.gov/oes/2025/may/oes119111.htm") is None
    assert local_docname("http://127.0.0.2/book/methods.html") is None


def _pdf_with_links(uris: list[str]) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    pdf.pages[0].obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 10, 10],
                    A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri)),
                )
                for uri in uris
            ]
        )
    )
    return pdf


def test_relink_jumps_within_the_pdf_drops_what_is_not_in_it_and_keeps_other_sites():
    pdf = _pdf_with_links(
        [
            "http://127.0.0.1:5000/book/chapters/29/29-1141.html",
            "http://127.0.0.1:5000/_downloads/abc/11-9111.json.gz",
            "https://www.onetonline.org/link/summary/11-9111.00",
        ]
    )
    done = relink(pdf, {"book/chapters/11/11-9111": 0, "book/chapters/29/29-1141": 2})
    assert (done.within, done.dropped) == (1, 1)
    jump, dropped, site = pdf.pages[0].obj.Annots
    assert jump.A.S == pikepdf.Name.GoTo and jump.A.D[0] == pdf.pages[2].obj
    assert "/A" not in dropped and dropped.Subtype == pikepdf.Name.Link  # kept: the structure tree may refer to it
    assert str(site.A.URI) == "https://www.onetonline.org/link/summary/11-9111.00"
