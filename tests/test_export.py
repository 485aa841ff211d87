"""``occprofiles export`` (issue 11): one self-contained HTML file that makes no request to any other host and
shows every chart, a PDF printed by the book's route, and the executed notebook."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from occprofiles import paths
from occprofiles.cli import main
from occprofiles.export import plain_markdown
from occprofiles.publish.browser import browser

from conftest import oews_number

CODE = "11-9111"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, processed):
    """The notebook (in-process) and the HTML file (the command, its output kept in ``html-output.txt``)."""
    folder = tmp_path_factory.mktemp("export")
    assert main(["export", CODE, "--to", "notebook", "--out", str(folder / f"{CODE}.ipynb")]) == 0
    out = folder / f"{CODE}.html"
    run = subprocess.run(
        [sys.executable, "-m", "occprofiles.cli", "export", CODE, "--to", "html", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    (folder / "html-output.txt").write_text(run.stdout + run.stderr)
    return folder


def test_the_command_says_what_it_wrote_and_nothing_about_the_kernels_transport(exported):
    """The kernel talks over local sockets (IPC), not TCP: ipykernel's "[IPKernelApp] WARNING | Kernel is running
    over TCP without encryption" is not printed; the command's own line is."""
    output = (exported / "html-output.txt").read_text()
    assert "without encryption" not in output and "IPKernelApp" not in output, output
    assert f"Wrote {exported / CODE}.html" in output


def test_the_key_facts_card_stacks_on_a_phone_as_in_the_book(exported):
    """The standalone file carries the book's rules for chapter outputs (book/_static/occprofiles-chapter.css): at
    390 px the card is one block per fact and no value is cut; at 1,000 px it is a table; codes keep whole."""
    css = (paths.book_dir() / "_static" / "occprofiles-chapter.css").read_text(encoding="utf-8")
    page_html = (exported / f"{CODE}.html").read_text(encoding="utf-8")
    assert css.strip() in page_html
    got = {}
    with browser() as b:
        for width in (390, 1000):
            page = b.new_page(viewport={"width": width, "height": 900})
            page.goto((exported / f"{CODE}.html").as_uri(), wait_until="load")
            got[width] = page.evaluate(
                """() => {
              const box = document.querySelector('.occ-key-facts');
              const tds = [...box.querySelectorAll('td')];
              return {stacked: getComputedStyle(tds[0]).display === 'block',
                      cut: tds.filter(td => td.getBoundingClientRect().right > innerWidth + 1).map(td => td.innerText),
                      scrolls: document.documentElement.scrollWidth > innerWidth,
                      code: getComputedStyle(document.querySelector('.occ-code')).whiteSpace};
            }"""
            )
            page.close()
    assert got[390]["stacked"] and not got[1000]["stacked"]
    assert got[390]["cut"] == [] and got[390]["code"] == "nowrap"


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
