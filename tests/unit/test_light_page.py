"""The light print page (``pdf_print.light_page``): what Chromium prints instead of the built page."""

from __future__ import annotations

from occprofiles.publish.pdf_print import light_page

BUILT = """<!DOCTYPE html>
<html lang="en" data-content_root="../../../" >
<head>
<meta charset="utf-8" />
<title>T</title>
<script data-cfasync="false">document.documentElement.dataset.mode = "";</script>
<noscript><style>.pst-js-only { display: none !important; }</style></noscript>
<link href="../../../_static/styles/pydata-sphinx-theme.css" rel="stylesheet" />
<link rel="preload" as="script" href="../../../_static/scripts/bootstrap.js" />
<script src="../../../_static/doctools.js"></script>
<link rel="stylesheet" type="text/css" href="../../../_static/occprofiles.css" />
</head>
<body data-default-mode="">
<header class="bd-header">a header with <a href="../13/index.html">navigation</a></header>
<div class="bd-sidebar-primary"><nav>900 entries</nav></div>
<div id="jb-print-docs-body" class="onlyprint"><h1>Title</h1></div>
<div id="searchbox"></div>
<article class="bd-article"><section><h1>Title</h1>
<details><summary>More</summary><p>the rest</p></details>
<details open="open"><summary>Shown</summary></details>
<script>window.x = 1;</script></section></article>
<footer class="prev-next-footer">previous, next</footer>
<script src="../../../_static/scripts/pydata-sphinx-theme.js"></script>
</body></html>"""


def test_keeps_the_article_and_stylesheets_in_the_themes_wrappers_without_scripts_or_navigation():
    page = light_page(BUILT)
    assert '<link href="../../../_static/styles/pydata-sphinx-theme.css" rel="stylesheet" />' in page
    assert 'href="../../../_static/occprofiles.css"' in page
    assert "<script" not in page.split("<body")[0] and "<noscript>" not in page and "preload" not in page
    for gone in ("bd-header", "bd-sidebar-primary", "900 entries", "prev-next-footer", "pydata-sphinx-theme.js"):
        assert gone not in page, gone
    body = page.split("<body", 1)[1]
    for wrapper in ('class="bd-container"', 'class="bd-main"', 'class="bd-content"', 'class="bd-article-container"'):
        assert wrapper in body, wrapper
    assert body.index('id="jb-print-docs-body"') < body.index('<article class="bd-article">')
    assert page.rstrip().endswith("</body></html>") and body.count("</article>") == 1


def test_sets_the_theme_attributes_its_first_script_would_and_opens_every_details():
    page = light_page(BUILT)
    assert '<html data-mode="" data-theme="" lang="en"' in page
    assert "<details open><summary>More" in page and page.count("<details open") == 2
    assert "<script>window.x = 1;</script>" in page  # the article itself is kept as built


def test_a_page_without_the_themes_markers_is_served_as_built():
    for html in ("<html><body><p>front</p></body></html>", BUILT.replace("</article>", "")):
        assert light_page(html) == html


class RecordingPage:
    """What ``print_page`` asks of a Playwright page, recorded: opened (goto) or swapped into (evaluate)."""

    url = "http://127.0.0.1:8000/book/chapters/13/13-2011.html"  # a page of the book is open

    def __init__(self) -> None:
        self.calls: list[str] = []

    def goto(self, url, wait_until):
        self.calls.append(f"goto {url}")

    def emulate_media(self, media):
        pass

    def evaluate(self, script, arg=None):
        self.calls.append("swap" if arg is not None else "settle")
        return True

    def pdf(self, **options):
        import pikepdf

        out = pikepdf.new()
        out.add_blank_page()
        buffer = __import__("io").BytesIO()
        out.save(buffer)
        return buffer.getvalue()


def test_print_page_swaps_a_light_page_in_and_opens_a_page_it_cannot_lighten(tmp_path):
    from occprofiles.publish.pdf_print import print_page

    url = "http://127.0.0.1:8000/book/chapters/11/11-9111.html"
    built, bare = tmp_path / "built.html", tmp_path / "bare.html"
    built.write_text(BUILT, encoding="utf-8")
    bare.write_text("<html><head><script>run()</script></head><body><p>no theme</p></body></html>", encoding="utf-8")
    swapped, opened, unsourced = RecordingPage(), RecordingPage(), RecordingPage()
    assert print_page(swapped, url, tmp_path / "a.pdf", "Letter", None, built) == 1  # type: ignore[arg-type]
    print_page(opened, url, tmp_path / "b.pdf", "Letter", None, bare)  # type: ignore[arg-type]
    print_page(unsourced, url, tmp_path / "c.pdf", "Letter", None)  # type: ignore[arg-type]
    assert swapped.calls == ["swap", "settle"]
    assert opened.calls == unsourced.calls == [f"goto {url}", "settle"]  # its script runs only if opened
