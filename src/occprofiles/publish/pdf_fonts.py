"""One embedded font per face in a merged PDF, instead of one subset per printed part.

Chromium embeds a subset of each font in every PDF it prints (DejaVu Sans, bold, oblique, mono: ~69 KB a
chapter), so a merged book of 880 chapters would carry ~7,000 font subsets (~60 MB). Skia keeps the
original glyph ids in its subsets (the unused glyphs are empty: ``maxp`` still counts all 5,046 of DejaVu
Sans), so the subsets of one face can be joined glyph by glyph into one font that serves every part's
text unchanged; each part's font descriptor then points at that one stream. Subsets of a face that
disagree on a glyph (a different font file with the same name) are left alone, and so are compact subsets
(glyphs renumbered: every glyph used, none empty; Skia writes those for some small fonts); a subset cut after
its highest used glyph (5,043 of 5,046, or 2,559 for a group overview's bold italic) joins the others: its
glyph ids are the face's, most of them empty.
"""

from __future__ import annotations

import io
import struct
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        tables[tag] = (offset, length)
    return tables


def glyphs(data: bytes) -> tuple[int, dict[int, bytes]]:
    """A TrueType font's glyph count and its non-empty glyphs' raw ``glyf`` data by glyph id (read from
    the table directory, ``head`` and ``loca``: no full parse)."""
    t = _tables(data)
    head_offset = t[b"head"][0]
    (long_offsets,) = struct.unpack_from(">h", data, head_offset + 50)
    (count,) = struct.unpack_from(">H", data, t[b"maxp"][0] + 4)
    loca_offset = t[b"loca"][0]
    glyf_offset = t[b"glyf"][0]
    if long_offsets:
        loca, scale = struct.unpack_from(f">{count + 1}L", data, loca_offset), 1
    else:  # short offsets are half the byte offset
        loca, scale = struct.unpack_from(f">{count + 1}H", data, loca_offset), 2
    found = {
        gid: data[glyf_offset + scale * start : glyf_offset + scale * end]
        for gid, (start, end) in enumerate(zip(loca[:-1], loca[1:], strict=True))
        if end > start
    }
    return count, found


def share_fonts(pdf: pikepdf.Pdf) -> int:
    """Join the embedded TrueType subsets of each face into one font stream; returns how many font
    descriptors now share a joined font."""
    import pikepdf

    faces: dict[str, list[Any]] = {}
    parsed: dict[tuple[int, int], tuple[int, bytes, dict[int, bytes]]] = {}
    for obj in _font_descriptors(pdf):
        file = obj.get("/FontFile2")
        if file is None:
            continue
        data = file.read_bytes()
        try:
            count, found = glyphs(data)
        except (KeyError, struct.error):
            continue  # not a plain TrueType font: left as it is
        parsed[file.objgen] = (count, data, found)
        faces.setdefault(str(obj.FontName).split("+", 1)[-1], []).append(obj)
    shared = 0
    for descriptors in faces.values():
        most = max(parsed[d.FontFile2.objgen][0] for d in descriptors)
        members = [d for d in descriptors if _keeps_glyph_ids(*parsed[d.FontFile2.objgen][::2], most)]
        files = {m.FontFile2.objgen: m.FontFile2 for m in members}
        if len(files) < 2:
            continue
        union: dict[int, bytes] = {}
        consistent = True
        for objgen in files:
            for gid, glyph in parsed[objgen][2].items():
                if union.setdefault(gid, glyph) != glyph:
                    consistent = False
        if not consistent:
            continue
        template = next(o for o in files if parsed[o][0] == most)
        joined = _joined_font(parsed[template][1], union)
        stream = pikepdf.Stream(pdf, joined)
        stream.Length1 = len(joined)
        for m in members:
            m.FontFile2 = stream
        shared += len(members)
    return shared


def _font_descriptors(pdf: pikepdf.Pdf) -> list[Any]:
    """The font descriptors of every font the pages draw with (a Type 0 font's through its descendant), in
    object-number order, as ``pdf.objects`` listed them: which subset is the template stays the same."""
    import pikepdf

    from .pdf_post import resource_dicts

    found: dict[tuple[int, int], Any] = {}
    for resources in resource_dicts(pdf):
        fonts = resources.get("/Font")
        for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else []:
            if not isinstance(font, pikepdf.Dictionary):
                continue
            for f in [font, *font.get("/DescendantFonts", [])]:
                descriptor = f.get("/FontDescriptor") if isinstance(f, pikepdf.Dictionary) else None
                if isinstance(descriptor, pikepdf.Dictionary) and descriptor.is_indirect:
                    found[descriptor.objgen] = descriptor
    return [found[key] for key in sorted(found)]


def _keeps_glyph_ids(count: int, found: dict[int, bytes], most: int) -> bool:
    """A subset with the face's glyph ids: nearly as many as the fullest subset, or cut after its highest
    used glyph with most glyphs empty (a compact, renumbered subset has every glyph drawn)."""
    return count >= 0.9 * most or len(found) < 0.5 * count


def _joined_font(template: bytes, union: dict[int, bytes]) -> bytes:
    """``template`` (one subset) with every glyph of ``union`` filled in."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    # recalcTimestamp=False: the template's head.modified is kept, so the same prints merge to the same bytes
    font = TTFont(io.BytesIO(template), recalcTimestamp=False)
    order = font.getGlyphOrder()
    glyf = font["glyf"]
    for gid, data in union.items():
        glyf[order[gid]] = Glyph(data)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
