"""dedupe_images: every use of a byte-identical image points at one copy, wherever the use is drawn from
(a page, a form XObject, a tiling pattern, an annotation's appearance); different images stay apart."""

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from occprofiles.publish.pdf_post import dedupe_images


def image(pdf: pikepdf.Pdf, pixel: bytes, colour_space: Name = Name.DeviceRGB) -> Stream:
    """A 2 x 2 image of one ``pixel`` (3 bytes in RGB, 1 in grey)."""
    return pdf.make_indirect(
        Stream(
            pdf,
            pixel * 4,
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=2,
            Height=2,
            ColorSpace=colour_space,
            BitsPerComponent=8,
        )
    )


def holder(pdf: pikepdf.Pdf, **extra) -> Stream:
    """A form XObject (or, with PatternType, a tiling pattern) drawing image /Im0 of its resources."""
    return pdf.make_indirect(Stream(pdf, b"q 10 0 0 10 0 0 cm /Im0 Do Q", BBox=Array([0, 0, 10, 10]), **extra))


def build() -> tuple[pikepdf.Pdf, list[Stream]]:
    pdf = pikepdf.new()
    grey = [image(pdf, b"\x80\x80\x80") for _ in range(4)]
    red = image(pdf, b"\xff\x00\x00")
    form = holder(pdf, Type=Name.XObject, Subtype=Name.Form, Resources=Dictionary(XObject=Dictionary(Im0=grey[1])))
    pattern = holder(
        pdf,
        Type=Name.Pattern,
        PatternType=1,
        PaintType=1,
        TilingType=1,
        XStep=10,
        YStep=10,
        Resources=Dictionary(XObject=Dictionary(Im0=grey[2])),
    )
    appearance = holder(
        pdf, Type=Name.XObject, Subtype=Name.Form, Resources=Dictionary(XObject=Dictionary(Im0=grey[3]))
    )
    annot = Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=Array([0, 0, 10, 10]), AP=Dictionary(N=appearance))
    for resources in (
        Dictionary(XObject=Dictionary(Im0=grey[0], Im1=red)),
        Dictionary(XObject=Dictionary(Fm0=form), Pattern=Dictionary(P0=pattern)),
    ):
        page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 100, 100]), Resources=resources))
        pdf.pages.append(page)
    pdf.pages[1].obj.Annots = Array([pdf.make_indirect(annot)])
    return pdf, [*grey, red]


def test_identical_images_drawn_from_pages_forms_patterns_and_appearances_become_one():
    pdf, (g0, _g1, _g2, _g3, red) = build()
    assert dedupe_images(pdf) == 3
    page0, page1 = (p.obj.Resources for p in pdf.pages)
    assert page0.XObject.Im0.objgen == g0.objgen and page0.XObject.Im1.objgen == red.objgen  # red is no copy
    drawn = [
        page1.XObject.Fm0.Resources.XObject.Im0,
        page1.Pattern.P0.Resources.XObject.Im0,
        pdf.pages[1].obj.Annots[0].AP.N.Resources.XObject.Im0,
    ]
    assert {im.objgen for im in drawn} == {g0.objgen}
    assert dedupe_images(pdf) == 0  # nothing left to share


def test_an_image_with_a_different_mask_is_not_a_copy():
    pdf, (g0, g1, *_rest) = build()
    g1.SMask = image(pdf, b"\x00", Name.DeviceGray)
    assert dedupe_images(pdf) == 2
    form = pdf.pages[1].obj.Resources.XObject.Fm0
    assert form.Resources.XObject.Im0.objgen == g1.objgen
