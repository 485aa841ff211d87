"""glyphs() reads a TrueType font's glyphs from its table directory and ``loca`` alone (long and short
offsets), as fontTools' full parse sees them: the joined fonts of volumes and the book depend on it."""

import io
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from occprofiles.publish.pdf_fonts import glyphs

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core (.ci/run)


def subset_like_skia(text: str) -> bytes:
    """A subset that keeps the face's glyph ids (the rest empty), as Chromium's PDFs embed them."""
    font = TTFont(DEJAVU)
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def reference(data: bytes) -> tuple[int, set[int], int]:
    font = TTFont(io.BytesIO(data))
    order = font.getGlyphOrder()
    glyf = font["glyf"]
    drawn = {gid for gid, name in enumerate(order) if glyf[name].numberOfContours != 0}
    return font["maxp"].numGlyphs, drawn, font["head"].indexToLocFormat


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs Debian's fonts-dejavu-core")
@pytest.mark.parametrize("text", ["Median wage $45,330", "O*NET 29.3: Skincare Specialists (39-5094) +6.7 %"])
def test_glyphs_match_a_full_parse_for_short_and_long_offsets(text):
    full = DEJAVU.read_bytes()
    part = subset_like_skia(text)
    for data in (full, part):
        count, found = glyphs(data)
        expected_count, drawn, _ = reference(data)
        assert count == expected_count
        assert set(found) == drawn
    assert {reference(full)[2], reference(part)[2]} == {0, 1}  # one font of each loca format
    count, found = glyphs(part)
    full_font, part_font = TTFont(DEJAVU), TTFont(io.BytesIO(part))
    for char in set(text) - {" "}:  # the face's glyph ids kept (the subset is cut after its highest one)
        name = full_font.getBestCmap()[ord(char)]
        assert full_font.getGlyphID(name) == part_font.getGlyphID(name) and part_font.getGlyphID(name) in found
    assert len(found) < 0.5 * count  # most glyphs empty
    raw_glyf, loca = part_font.reader["glyf"], part_font["loca"]  # the bytes as fontTools' own loca cuts them
    assert all(found[gid] == raw_glyf[loca[gid] : loca[gid + 1]] for gid in found)
