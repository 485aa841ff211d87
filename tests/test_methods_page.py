"""The methods page states the rules the code applies: no method hidden in code only."""

from pathlib import Path

from occprofiles import metrics, paths

# The page escapes the asterisk of "O*NET" (Markdown emphasis); compare the text a reader sees.
METHODS = (paths.REPO_ROOT / "book" / "methods.md").read_text(encoding="utf-8").replace("O\\*NET", "O*NET")


def test_every_strength_and_challenge_rule_is_published_verbatim():
    for rule in metrics.RULES:
        row = f"| {rule.label} | {rule.kind} | {rule.rule} |"
        assert row in METHODS, f"methods.md lacks the rule row: {row}"


def test_work_life_balance_inputs_and_weights_are_published():
    for _key, file, element_id, name, lo, hi, direction, weight in metrics.WLB_INPUTS:
        scale = f"{lo:.0f}–{hi:.0f}"
        way = "higher is better" if direction > 0 else "higher is worse"
        assert f"| {file} | {element_id} | {scale} | {way} | {weight} |" in METHODS, name
    assert sum(w[-1] for w in metrics.WLB_INPUTS) == 1.0


def test_automation_bands_are_published():
    assert f"below {metrics.AUTOMATION_LOW_BELOW:.0%}" in METHODS
    assert f"{metrics.AUTOMATION_HIGH_FROM:.0%} or more" in METHODS


def test_frey_osborne_code_mapping_file_is_named_on_the_methods_page():
    assert "data/mappings/frey_osborne_codes.yml" in METHODS
    assert Path(paths.REPO_ROOT / "data" / "mappings" / "frey_osborne_codes.yml").exists()


def test_processed_tables_are_published_on_the_methods_page():
    from occprofiles.contract import processed_tables_markdown

    page = (paths.REPO_ROOT / "book" / "methods.md").read_text(encoding="utf-8")
    assert processed_tables_markdown() in page


def test_processed_table_names_are_pudl_style():
    import re

    from occprofiles.contract import PROCESSED_TABLES
    from occprofiles.registry import load_registry

    sources = set(load_registry()) | {"occprofiles"}
    names = [t.name for t in PROCESSED_TABLES]
    assert len(names) == len(set(names))
    for name in names:
        if name == "out_profiles":
            continue
        m = re.fullmatch(r"(core|out)_([a-z_]+?)__([a-z0-9_]+)", name)
        assert m and m.group(2) in sources, name


def test_methods_page_names_no_table_the_build_does_not_write():
    import re

    from occprofiles.contract import PROCESSED_TABLES

    named = set(re.findall(r"`((?:core|out)_[a-z0-9_]+)`", METHODS))
    assert named <= {t.name for t in PROCESSED_TABLES} | {"out_coverage"}
