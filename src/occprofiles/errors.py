"""Project exceptions. Every error the package raises on purpose is an :class:`OccProfilesError`, so the
command line can print its message (no traceback) and exit non-zero."""

from __future__ import annotations


class OccProfilesError(Exception):
    """Base class for the project's own, user-facing errors."""


class RegistryError(OccProfilesError):
    """``data/sources.yml`` is malformed, or a source id / file path is not registered."""


class MissingRawDataError(OccProfilesError):
    """A registered raw file is not in ``data/raw`` yet."""


class ChecksumMismatchError(OccProfilesError):
    """A file's sha256 or size differs from the registry."""


class FetchError(OccProfilesError):
    """Obtaining a raw file failed (mirror incomplete, download refused, ...)."""


class NetworkUnavailableError(FetchError):
    """No network connection, and therefore no way to download."""


# --- profiles (profile.py) ---------------------------------------------------------------------------


class InvalidSocCodeError(OccProfilesError):
    """The input is not a SOC detailed code, or no profile exists for it. Exit status 2 on the CLI."""

    exit_status = 2


class ProfilesNotBuiltError(OccProfilesError):
    """``data/processed`` has no profiles yet."""


# --- rendering and publishing (render/, publish/) -------------------------------------------------


class RenderError(OccProfilesError):
    """Rendering chapters cannot start or cannot go on (not one chapter's failure: those are reported
    per chapter in the batch summary)."""


class EngineNotRegisteredError(RenderError):
    """papermill does not know the reused-kernel engine: the package's entry points are not installed."""


class SchedulerError(RenderError):
    """The Dask scheduler named by ``--scheduler`` cannot be used (unreachable, dask missing)."""


class BookBuildError(OccProfilesError):
    """The Jupyter Book (Sphinx) HTML build failed."""


class PdfError(OccProfilesError):
    """Printing the book to PDF failed, or cannot start (no Chromium, no HTML book)."""


# --- charts ----------------------------------------------------------------------------------------


class UnknownChartError(OccProfilesError, KeyError):
    """A chart name that is not in the chart registry (``occprofiles.charts.SPECS``)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""


class ChartOptionError(OccProfilesError, ValueError):
    """A chart or table option the profile cannot satisfy (e.g. a state with no estimate)."""


# --- stopping and faults (lifecycle.py, cli.py) ----------------------------------------------------


class Interrupted(KeyboardInterrupt):
    """A stop signal (SIGTERM or SIGINT) arrived: handled like Ctrl-C, exit status 128 + the signal.
    ``report`` says what finished and what did not, when the interrupted command knows."""

    def __init__(self, signum: int, report: str = "") -> None:
        super().__init__(signum)
        self.signum = signum
        self.report = report

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


class DiskFullError(OccProfilesError):
    """No space left on the device while writing an output; nothing partial is left in its place."""


class DataCorruptError(OccProfilesError):
    """A processed file (the profile database) cannot be read: corrupted or truncated."""


def show_input(text: object, limit: int = 60) -> str:
    """An input as an error message shows it: quoted and escaped (a newline, a NUL or an escape
    sequence cannot break the one-line message or the terminal), and cut short when very long."""
    shown = repr(text)
    if len(shown) <= limit:
        return shown
    return f"{shown[: limit - 5]}...{shown[-1]} ({len(str(text))} characters)"
