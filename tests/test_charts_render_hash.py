"""The chapters' staleness hash covers the whole charts package: a module added, changed or renamed
there makes every chapter stale (no hand-kept list of the package's files)."""

from __future__ import annotations

import shutil

from occprofiles import paths, render


def test_render_hash_covers_every_module_of_the_charts_package(tmp_path, monkeypatch):
    package = tmp_path / "occprofiles"
    shutil.copytree(paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    original = render.render_code_hash()
    assert original == render.render_code_hash()

    (package / "charts" / "new_family.py").write_text("# a new chart family\n")
    added = render.render_code_hash()
    assert added != original

    (package / "charts" / "new_family.py").rename(package / "charts" / "renamed_family.py")
    assert render.render_code_hash() not in (original, added)

    (package / "charts" / "renamed_family.py").unlink()
    assert render.render_code_hash() == original
    with open(package / "charts" / "style.py", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert render.render_code_hash() != original
