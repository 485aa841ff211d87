"""``occprofiles export`` (issue 11): one self-contained HTML file that makes no request to any other host and
shows every chart, a PDF printed by the book's route, and the executed notebook."""

from __future__ import annotations

import json
import subprocess

import pytest

from occprofiles.cli import main
from occprofiles.export import plain_markdown
from occprofiles.publish.browser import browser

from conftest import oews_number

CODE = "11-9111"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, processed):
    folder = tmp_path_factory.mktemp("export")
    for to, suffix in (("notebook", "ipynb"), ("html", "html")):
        assert main(["export", CODE, "--to", to, "--out", str(folder / f"{CODE}.{suffix}")]) == 0
    return folder


def test_the_executed_notebook_has_the_chapter_outputs(exported, oews_db):
    nb = json.loads((exported / f"{CODE}.ipynb").read_text())
    assert "".join(nb["cells"][0]["source"]) == "# Medical and Health Services Managers (SOC 11-9111)"
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert outputs and not [o for o in outputs if o["output_type"] == "error"]
    median = oews_number(oews_db.national(CODE)["v13"])
    assert any(f"{median:,.0f}" in "".join(o.get("data", {}).get("text/markdown", "")) for o in outputs)
    charts = sum("".join(o.get("data", {}).get("text/html", "")).count('<figure class="occ-chart') for o in outputs)
    assert charts >= 5


def test_standalone_html_requests_nothing_from_another_host_and_shows_every_chart(exported, oews_db):
    nb = json.loads((exported / f"{CODE}.ipynb").read_text())
    expected = sum(
        "".join(o.get("data", {}).get("text/html", "")).count('<figure class="occ-chart')
        for c in nb["cells"]
        for o in c.get("outputs", [])
    )
    page_file = exported / f"{CODE}.html"
    requests: list[str] = []
    with browser() as b:
        page = b.new_page(viewport={"width": 1000, "height": 900})

        def record(route):
            requests.append(route.request.url)
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", record)
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        charts = page.locator("figure.occ-chart svg")
        sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
        text = page.inner_text("body")
        math = page.locator("mjx-container, .MathJax, math").count()
        page.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert len(sizes) == expected >= 5
    assert all(s and s["width"] > 300 and s["height"] > 100 for s in sizes), sizes
    median = oews_number(oews_db.national(CODE)["v13"])
    assert f"${median:,.0f}" in text  # a dollar sign, shown as written
    assert math == 0
    assert ":::" not in text and "{download}" not in text  # MyST markup turned into HTML


def test_pdf_is_printed_through_the_book_route(tmp_path, processed):
    out = tmp_path / f"{CODE}.pdf"
    assert main(["export", CODE, "--to", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Medical and Health Services Managers (SOC 11-9111)" in text
    assert "$123,860" in text


def test_unknown_code_is_bad_input(tmp_path, capsys):
    assert main(["export", "99-9999", "--to", "html", "--out", str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()


def test_myst_markup_becomes_html():
    text = ":::{note}\nAggregate code.\n:::\n\nData: {download}`profile JSON (gzip) <11-9111.json.gz>` here."
    assert plain_markdown(text) == (
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n\nAggregate code.\n\n</div>\n\n'
        "Data: profile JSON (gzip) here."
    )
