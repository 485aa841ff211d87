"""The measured alternative (issue 13, not used by the build): a major group's pages printed as ONE
Chromium document, then split into one print per page (``benchmarks/pdf_stages.py`` compares it with one
document per page: slower for a real group, and one page wider than the paper shrinks the whole group).

One page load and one layout per group instead of one per chapter: :func:`group_html` puts the group's built
pages (its overview, then its chapters) one after another in one HTML document, each part from a new page
(its own named page, ``@page occ-pN``, whose margin boxes carry a chapter's running header: title and
code), with a link to each part's start, so that Chromium writes a named destination there.
:func:`split_print` reads the parts' first pages from those destinations and writes one tagged print per
part: its pages, the part of the structure tree on them (an element spanning two parts is cloned, one copy
per part, each with its own children) and the parent-tree entries of its pages.
"""

from __future__ import annotations

import contextlib
import html as html_lib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from occprofiles.errors import PdfError
from occprofiles.render.output import atomic_write_bytes

if TYPE_CHECKING:
    import pikepdf

    from occprofiles.publish.entries import Entry

_START = '<div id="jb-print-docs-body"'
_END = "</article>"
_BASE_CSS = """
@page { @top-left { font: 7.5pt 'DejaVu Sans', sans-serif; color: #555; vertical-align: bottom; padding-bottom: 0.2in; }
        @top-right { font: 7.5pt 'DejaVu Sans', sans-serif; color: #555; vertical-align: bottom; padding-bottom: 0.2in; } }
@media print {
  .bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container { display: block !important; }
  .occ-print-part { break-before: page; }
  .occ-print-part:first-child { break-before: auto; }
  .occ-part-mark { display: block; height: 0; overflow: hidden; font-size: 0; }
}
"""


def part_name(entry: Entry) -> str:
    """The id (and named destination) of an entry's part in its group's document."""
    return f"occ-part-{Path(entry.docname).name}"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _body(text: str, where: str) -> tuple[int, int]:
    start = text.find(_START)
    end = text.find(_END, start)
    if start < 0 or end < 0:
        raise PdfError(f"{where}: no printable body (expected {_START!r} … {_END!r}); rebuild the HTML book")
    return start, end + len(_END)


def group_html(html_dir: Path, entries: list[Entry]) -> str:
    """One HTML document of the entries' built pages (all in one folder: the same relative links), the
    first page's head and frame around their printable bodies."""
    rules, parts, first = [_BASE_CSS], [], ""
    for i, e in enumerate(entries):
        text = (html_dir / f"{e.docname}.html").read_text(encoding="utf-8")
        start, end = _body(text, e.docname)
        first = first or text
        name = part_name(e)
        if e.is_chapter:
            title, code = e.title.rsplit(" (SOC ", 1)[0], f"SOC {Path(e.docname).name}"
            rules.append(
                f"@page occ-p{i} {{ @top-left {{ content: {_css_string(title)}; }}"
                f" @top-right {{ content: {_css_string(code)}; }} }}"
            )
        parts.append(
            f'<div class="occ-print-part" id="{name}" style="page: occ-p{i}">'
            f'<a class="occ-part-mark" href="#{name}" aria-hidden="true" tabindex="-1">{html_lib.escape(e.title)}</a>'
            f"{text[start:end]}</div>"
        )
    start, end = _body(first, entries[0].docname)
    head_end = first.index("</head>")
    style = "<style>" + "\n".join(rules) + "</style>"
    return first[:head_end] + style + first[head_end:start] + "".join(parts) + first[end:]


def group_url(base: str, entries: list[Entry]) -> str:
    """Where the group's document is printed from: a page of its entries' folder (that is not built)."""
    return f"{base}/{Path(entries[0].docname).parent.as_posix()}/__occ_group_print__.html"


def print_group(page: Any, url: str, html: str, target: Path, paper: str) -> int:
    """Print ``html`` as if it were the page at ``url`` (answered from memory; no time limit); its pages."""
    from occprofiles.publish.pdf_print import print_page

    def answer(route: Any) -> None:
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(url, answer)
    page.set_default_timeout(0)
    try:
        return print_page(page, url, target, paper, None)
    finally:
        page.set_default_timeout(30_000)
        page.unroute(url, answer)


def part_starts(pdf: pikepdf.Pdf) -> dict[str, int]:
    """{named destination: its page index} of a print."""
    import pikepdf

    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    found: dict[str, Any] = {}
    if tree is not None:
        found.update((str(name), dest) for name, dest in pikepdf.NameTree(tree).items())
    old = pdf.Root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        found.update({str(k)[1:]: v for k, v in old.items()})
    index: dict[tuple[int, int], int] = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    starts = {}
    for name, dest in found.items():
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
        if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in index:
            starts[str(name)] = index[dest[0].objgen]
    return starts


def split_print(source: Path, parts: list[tuple[str, Path]]) -> list[int]:
    """Write each part (name of its start, target) of ``source`` as its own tagged print; the page counts."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        starts = part_starts(pdf)
        missing = [name for name, _ in parts[1:] if name not in starts]
        if missing:
            raise PdfError(f"{source.name}: no start found for {', '.join(missing)}")
        # the document opens with the first part (Chromium places its destination a page late)
        bounds = [0] + [starts[name] for name, _ in parts[1:]] + [len(pdf.pages)]
        if any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
            raise PdfError(f"{source.name}: the parts do not start in order on their own pages: {bounds[:-1]}")
        part_of = {pdf.pages[i].obj.objgen: k for k in range(len(parts)) for i in range(bounds[k], bounds[k + 1])}
        tree = _StructureSplit(pdf, part_of)
        counts = []
        for k, (_, target) in enumerate(parts):
            counts.append(_write_part(pdf, range(bounds[k], bounds[k + 1]), tree, k, target))
        return counts


def _write_part(pdf: pikepdf.Pdf, pages: range, tree: _StructureSplit, k: int, target: Path) -> int:
    import io

    import pikepdf

    out = pikepdf.new()
    for i in pages:
        out.pages.append(pdf.pages[i])
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        document = tree.restrict(root.K, k)
        if document is not None:
            with contextlib.suppress(KeyError):
                del document["/P"]
            keys = tree.keys(pages)
            nums = pikepdf.Array()
            for key in keys:
                nums.append(key)
                nums.append(tree.parent_entry(key, k))
            new_document = out.copy_foreign(document)
            new_nums = out.copy_foreign(pdf.make_indirect(nums))
            new_root = out.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructTreeRoot,
                    K=new_document,
                    ParentTree=out.make_indirect(pikepdf.Dictionary(Nums=new_nums)),
                    ParentTreeNextKey=max(keys, default=-1) + 1,
                )
            )
            for name in ("/RoleMap", "/ClassMap"):
                if name in root:
                    new_root[name] = out.copy_foreign(root[name]) if root[name].is_indirect else root[name]
            new_document.P = new_root
            out.Root.StructTreeRoot = new_root
            out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    _keep_destinations(pdf, pages, out)
    buffer = io.BytesIO()
    out.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())
    return len(out.pages)


def _keep_destinations(pdf: pikepdf.Pdf, pages: range, out: pikepdf.Pdf) -> None:
    """The named destinations on the part's pages (its own links point at them), but the parts' starts."""
    import pikepdf

    dests = pdf.Root.get("/Dests")
    if not isinstance(dests, pikepdf.Dictionary):
        return
    own = {pdf.pages[i].obj.objgen for i in pages}
    kept = pikepdf.Dictionary()
    for name, dest in dests.items():
        if name.startswith("/occ-part-") or not isinstance(dest, pikepdf.Array) or not len(dest):
            continue
        if dest[0].objgen in own:  # the page is copied already: the copier maps it onto its copy
            kept[name] = pikepdf.Array([out.copy_foreign(dest[0]), *list(dest)[1:]])
    if len(kept):
        out.Root.Dests = kept


class _StructureSplit:
    """The structure tree of a print, cut along its parts' pages."""

    def __init__(self, pdf: pikepdf.Pdf, part_of: dict[tuple[int, int], int]) -> None:
        from occprofiles.publish.pdf_post import _number_tree_pairs

        self.pdf, self.part_of = pdf, part_of
        self.memo: dict[tuple[int, int], frozenset[int]] = {}
        self.clones: dict[tuple[tuple[int, int], int], Any] = {}
        root = pdf.Root.get("/StructTreeRoot")
        self.parent_tree = dict(_number_tree_pairs(root.get("/ParentTree"))) if root is not None else {}

    def _page_part(self, pg: Any) -> set[int]:
        return {self.part_of[pg.objgen]} if pg is not None and pg.objgen in self.part_of else set()

    def parts(self, node: Any, pg: Any = None) -> frozenset[int]:
        """The parts a structure node has content on."""
        import pikepdf

        if isinstance(node, pikepdf.Array):
            return frozenset().union(*(self.parts(n, pg) for n in node)) if len(node) else frozenset()
        if not isinstance(node, pikepdf.Dictionary):
            return frozenset(self._page_part(pg))  # an MCID on the element's page
        if node.get("/Type") in (pikepdf.Name.MCR, pikepdf.Name.OBJR):
            return frozenset(self._page_part(node.get("/Pg", pg)))
        key = node.objgen if node.is_indirect else None
        if key is not None and key in self.memo:
            return self.memo[key]
        found = self.parts(node.K, node.get("/Pg", pg)) if "/K" in node else frozenset()
        if key is not None:
            self.memo[key] = found
        return found

    def restrict(self, node: Any, k: int, pg: Any = None) -> Any:
        """``node`` with only what is on part ``k`` (the node itself when it is all on ``k``, a clone when it
        spans parts, None when it has nothing there)."""
        import pikepdf

        if isinstance(node, pikepdf.Array):
            kept = [r for r in (self.restrict(n, k, pg) for n in node) if r is not None]
            return pikepdf.Array(kept) if kept else None
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in (pikepdf.Name.MCR, pikepdf.Name.OBJR):
            return node if k in self.parts(node, pg) else None
        found = self.parts(node, pg)
        if k not in found:
            return None
        if found == {k} and node.is_indirect:
            return node
        clone = self.pdf.make_indirect(
            pikepdf.Dictionary({key: v for key, v in node.items() if key not in ("/K", "/P", "/Pg")})
        )
        own_pg = node.get("/Pg")
        if own_pg is not None and k in self._page_part(own_pg):
            clone.Pg = own_pg
        kids = self.restrict(node.K, k, node.get("/Pg", pg)) if "/K" in node else None
        if kids is not None:
            clone.K = kids
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.is_indirect and "/S" in kid:
                    kid.P = clone
        if node.is_indirect:
            self.clones[(node.objgen, k)] = clone
        return clone

    def keys(self, pages: range) -> list[int]:
        """The parent-tree keys of the pages (their content) and of their annotations."""
        found = set()
        for i in pages:
            page = self.pdf.pages[i].obj
            if "/StructParents" in page:
                found.add(int(page.StructParents))
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot:
                    found.add(int(annot.StructParent))
        return sorted(k for k in found if k in self.parent_tree)

    def parent_entry(self, key: int, k: int) -> Any:
        """A parent-tree value, its elements replaced by their part-``k`` clones."""
        import pikepdf

        value = self.parent_tree[key]
        if isinstance(value, pikepdf.Array):
            return pikepdf.Array([self._mapped(v, k) for v in value])
        return self._mapped(value, k)

    def _mapped(self, elem: Any, k: int) -> Any:
        if elem is not None and hasattr(elem, "is_indirect") and elem.is_indirect:
            return self.clones.get((elem.objgen, k), elem)
        return elem
