"""``occprofiles`` command line.

    occprofiles data fetch [--mirror DIR] [--source ID ...]
    occprofiles data build
    occprofiles profile SOC [--json]
    occprofiles list [--major NN] [--search WORD]

Exit status: 0 success, 1 a failure while doing the work, 2 bad input (unknown or malformed code,
bad option), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM (handled alike: what finished is
reported, worker processes and kernels are stopped, temporary files removed).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from . import __version__, paths
from .errors import OccProfilesError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import run_fetch

    mirror = Path(args.mirror).expanduser().resolve() if args.mirror else paths.mirror_dir()
    return run_fetch(mirror=mirror, only=args.source or None)


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import run_build

    result = run_build(progress=not args.quiet, force=args.force)
    if result.up_to_date:
        print(
            f"{result.profile_count} profiles in {_rel(result.processed_dir)} are up to date (nothing to do; --force rebuilds)."
        )
        return EXIT_OK
    print(
        f"Built {result.profile_count} profiles in {result.seconds:.1f} s -> {_rel(result.processed_dir)} "
        f"(coverage report: {_rel(result.processed_dir / 'coverage.md')})"
    )
    return EXIT_OK


def _cmd_profile(args: argparse.Namespace) -> int:
    from .profile import load_profile_dict

    data = load_profile_dict(args.soc_code)
    if args.json:
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    else:
        from .summary import profile_summary

        sys.stdout.write(profile_summary(data))
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from .coverage_view import list_occupations

    rows = list_occupations(major=args.major, search=args.search)
    if not rows:
        print("no occupations match", file=sys.stderr)
        return EXIT_USAGE
    for line in rows:
        print(line)
    return EXIT_OK


def _cmd_render(args: argparse.Namespace) -> int:
    from .render import OCCUPATION, run_renders, select_codes

    codes = select_codes(args.soc_codes, major=args.major, sample=args.sample, all_codes=args.all)
    if not codes and not args.groups:
        print(
            "occprofiles: nothing to render: name SOC codes, or use --major NN, --sample, --all or --groups",
            file=sys.stderr,
        )
        return EXIT_USAGE
    batches: list[tuple[str, list[str]]] = [(OCCUPATION, codes)]
    if args.groups or args.major:  # a whole group rendered: its overview too (--groups: every group in the book)
        from .render.kind_group import GROUP, overview_ids

        majors = None if args.groups else [args.major.strip()]
        batches.append((GROUP, overview_ids(majors, codes)))
    # One pool for the chapters and the overviews after them: one start of the workers and kernels.
    summaries = run_renders(
        batches, jobs=args.jobs, force=args.force, progress=not args.quiet, scheduler=args.scheduler
    )
    print(summaries[0].text())
    if len(summaries) > 1:
        print(f"Group overviews: {summaries[1].text()}")
    return EXIT_OK if all(s.ok for s in summaries) else EXIT_FAILURE


def _cmd_book(args: argparse.Namespace) -> int:
    from .lifecycle import exclusive_lock

    # Two builds of one checkout would write the same _build/html and PDFs: the second one waits.
    with exclusive_lock(paths.build_dir() / ".occprofiles-book.lock", "`occprofiles book`"):
        return _build_book(args)


def _build_book(args: argparse.Namespace) -> int:
    from . import compare_command
    from .publish.book import build_html
    from .publish.build_log import print_warnings, warnings_summary
    from .render import select_codes

    if args.sample or args.all:
        codes = select_codes(sample=args.sample, all_codes=args.all)
        if not compare_command.render_with_listed(codes, args.jobs, progress=not args.quiet):
            return EXIT_FAILURE
    result = build_html(strict=not args.no_strict, quiet=args.quiet, jobs=args.jobs)
    print_warnings(list(result.warnings))  # a --no-strict build's: a strict one fails on any
    print(
        f"Built the HTML book ({result.chapters} chapters) in {result.seconds:.1f} s, {warnings_summary(list(result.warnings))}: open {_rel(result.html_dir / 'index.html')}"
    )
    if args.pdf:
        from .publish.pdf import build_pdfs

        pdfs = build_pdfs(progress=not args.quiet, paper=args.paper)
        print(
            f"Built the PDF book ({pdfs.pages} pages) and {len(pdfs.chapters)} chapter PDFs in {pdfs.seconds:.1f} s "
            f"({pdfs.per_chapter_seconds:.2f} s to print one document): {_rel(pdfs.book)}, chapters in {_rel(pdfs.book.parent / 'chapters')}"
        )
    return EXIT_OK


def _cmd_screenshot(args: argparse.Namespace) -> int:
    from .profile import load_profile_dict, normalise_soc_code
    from .publish.screenshot import screenshot

    code = normalise_soc_code(args.soc_code)
    load_profile_dict(args.soc_code)  # an unknown code is bad input (exit 2), before a browser is started
    out = screenshot(code, Path(args.out))
    print(f"Wrote {_rel(out)}")
    return EXIT_OK


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class UsageError(Exception):
    """A command line argparse cannot parse (raised instead of argparse's two-line message and exit)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# What each command with a code argument accepts, for the one-line usage errors.
_MAJOR_FORM = "--major NN, a two-digit SOC major group such as 29"
_ACCEPTS = {"profile": "SOC", "screenshot": "SOC", "render": "SOC or --major", "list": "--major"}


def _usage_line(message: str, argv: list[str]) -> str:
    """One line: argparse's complaint, the arguments given (quoted, escaped, shortened) and the form
    the command accepts."""
    from .errors import show_input
    from .profile import ACCEPTED_FORM

    command = argv[0] if argv and argv[0] in _ACCEPTS else None
    line = f"occprofiles: {message}"
    given = [show_input(a, limit=40) for a in argv[1:7]]
    if given:
        line += " (given: " + " ".join(given) + (" ..." if len(argv) > 7 else "") + ")"
    if command is not None:
        forms = {"SOC": ACCEPTED_FORM, "SOC or --major": f"{ACCEPTED_FORM}, or {_MAJOR_FORM}", "--major": _MAJOR_FORM}
        line += f"; expected {forms[_ACCEPTS[command]]}"
    return line + f". See `occprofiles {command or ''} --help`.".replace("  ", " ")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="occprofiles", description="Occupation Profiles: data, profiles and chapters.")
    parser.add_argument("--version", action="version", version=f"occprofiles {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="fetch and build the data")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    fetch = data_sub.add_parser("fetch", help="fetch and verify the raw source files (see data/sources.yml)")
    fetch.add_argument(
        "--mirror", metavar="DIR", help=f"local mirror folder laid out like shared/data (default: ${paths.MIRROR_ENV})"
    )
    fetch.add_argument("--source", action="append", metavar="ID", help="only this source id (repeatable)")
    fetch.set_defaults(func=_cmd_fetch)
    build = data_sub.add_parser("build", help="build processed tables and profiles from the raw files")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--force", action="store_true", help="rebuild even if the inputs are unchanged")
    build.set_defaults(func=_cmd_build)

    prof = sub.add_parser("profile", help="print one occupation's profile")
    prof.add_argument("soc_code", metavar="SOC", help="2018 SOC detailed code, e.g. 11-9111 (11-9111.00 accepted)")
    prof.add_argument("--json", action="store_true", help="the full profile as JSON (the documented contract)")
    prof.set_defaults(func=_cmd_profile)

    render = sub.add_parser("render", help="execute the chapter template for occupations (papermill, in parallel)")
    render.add_argument("soc_codes", nargs="*", metavar="SOC", help="SOC detailed codes")
    render.add_argument("--major", metavar="NN", help="every occupation of SOC major group NN")
    render.add_argument("--sample", action="store_true", help="the curated sample of about 12 occupations")
    render.add_argument("--all", action="store_true", help="every occupation")
    render.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 2, help="worker processes (default: CPU count)"
    )
    render.add_argument(
        "--groups", action="store_true", help="the overviews of every major group with chapters (also made by `book`)"
    )
    render.add_argument("--force", action="store_true", help="re-render chapters that are up to date")
    render.add_argument("--scheduler", metavar="ADDRESS", help="send the chapters to this Dask distributed scheduler")
    render.add_argument("--quiet", action="store_true", help="no progress bar")
    render.set_defaults(func=_cmd_render)

    book = sub.add_parser("book", help="build the HTML book from the rendered chapters")
    book.add_argument("--sample", action="store_true", help="render the sample chapters first")
    book.add_argument("--all", action="store_true", help="render every chapter first")
    book.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 2,
        help="processes for rendering and for Sphinx (default: CPU count)",
    )
    book.add_argument(
        "--pdf", action="store_true", help="also print the whole-book PDF and one PDF per chapter (Chromium)"
    )
    book.add_argument("--paper", choices=["Letter", "A4"], default="Letter", help="PDF page size (default Letter)")
    book.add_argument("--no-strict", action="store_true", help="do not treat Sphinx warnings as errors")
    book.add_argument("--quiet", action="store_true", help="less output")
    book.set_defaults(func=_cmd_book)

    shot = sub.add_parser("screenshot", help="a PNG of one chapter of the built HTML book (headless Chromium)")
    shot.add_argument("soc_code", metavar="SOC")
    shot.add_argument("--out", default="book/_static/chapter-screenshot.png", help="PNG file to write")
    shot.set_defaults(func=_cmd_screenshot)

    lst = sub.add_parser("list", help="list occupations with their data coverage")
    lst.add_argument("--major", metavar="NN", help="only SOC major group NN (e.g. 29)")
    lst.add_argument("--search", metavar="WORD", help="only titles containing WORD")
    lst.set_defaults(func=_cmd_list)

    from . import compare_command, dataset, export, verify  # commands in their own modules
    from .booklint import command as check_book

    for module in (verify, dataset, export, check_book, compare_command):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(_usage_line(str(exc), argv), file=sys.stderr)
        return EXIT_USAGE
    restore = _install_stop_handlers()
    try:
        return args.func(args)
    except OccProfilesError as exc:
        print(f"occprofiles: {exc}", file=sys.stderr)
        return getattr(exc, "exit_status", EXIT_FAILURE)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (lifecycle.install_stop_handlers)
        signum = getattr(exc, "signum", signal.SIGINT)
        if getattr(exc, "report", ""):
            print(exc.report)  # type: ignore[attr-defined]
        print(f"occprofiles: stopped by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a full disk anywhere else: one line naming the file, not a traceback
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        print(f"occprofiles: no space left on the device while writing {exc.filename or 'an output'}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        restore()
        # Every worker has ended by now: wait for multiprocessing's resource tracker too (no zombie).
        if "multiprocessing.resource_tracker" in sys.modules:
            from .lifecycle import reap_resource_tracker

            reap_resource_tracker()


def _install_stop_handlers() -> Callable[[], None]:
    """SIGTERM handled like Ctrl-C (when called from the main thread); returns how to undo it, so that
    an in-process caller (the tests) gets its own handlers back."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    from .lifecycle import STOP_SIGNALS, install_stop_handlers

    old = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    install_stop_handlers()

    def restore() -> None:
        for s, handler in old.items():
            signal.signal(s, handler)

    return restore


if __name__ == "__main__":
    sys.exit(main())
