"""The ``reform-brand`` command.

Exit codes (documented in docs/cli.md):

* 0 - done, nothing wrong found;
* 1 - done, and problems were found in the data (error findings, plugins
  that failed to load, editions that failed to load);
* 2 - usage or input error (unknown edition or form, bad option, malformed
  edition data, unreadable input, an output that cannot be written);
* 3 - internal error (a bug: please report it);
* 130 - interrupted.

Messages and help are Chinese by default; ``--lang en`` (or
``REFORM_BRAND_LANG=en``) gives English.  No command ever prints a traceback.

``--version`` and the top-level ``--help`` import nothing but this package,
its parser and the table of commands (:mod:`reform_brand.codes.commands`);
running a command imports only the module that adds it.
"""

from __future__ import annotations

import os
import sys

from reform_brand.cli._table import COMMAND_MODULES as COMMAND_MODULES
from reform_brand.cli._table import COMMANDS as COMMANDS
from reform_brand.cli._table import EXIT_DATA as EXIT_DATA
from reform_brand.cli._table import EXIT_INTERNAL as EXIT_INTERNAL
from reform_brand.cli._table import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from reform_brand.cli._table import EXIT_OK as EXIT_OK
from reform_brand.cli._table import EXIT_USAGE as EXIT_USAGE
from reform_brand.cli._table import command_in, lang_from, top_help, version

# Not typing.TYPE_CHECKING: importing typing would double the start time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

__all__ = ["EXIT_DATA", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "main"]


def build_parser(
    lang: str = "zh", command: str | None = None, *, stubs: bool = False
) -> argparse.ArgumentParser:
    """The parser, its help in ``lang``.  With ``command``, only the module
    that adds it is imported; with ``stubs``, none (the commands are listed
    from the table, for the top-level help); else all of them."""
    from reform_brand.cli._parser import build_parser as build

    return build(lang, command, stubs=stubs)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used as the script)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _streams()
    command = command_in(args_list)
    # Before argparse, any command module or the plugin host is imported.
    if command is None and "--version" in args_list:
        return _out(f"reform-brand {version()}\n", args_list)
    if command is None and ("-h" in args_list or "--help" in args_list):
        return _out(top_help(lang_from(args_list)), args_list)
    if _in_starting_worker():
        from reform_brand.cli._parser import in_starting_worker

        return in_starting_worker(lang_from(args_list))
    try:
        from reform_brand.cli._parser import run_command

        return run_command(args_list, command)
    except KeyboardInterrupt:  # a Ctrl-C before the command line's own handling
        from reform_brand.cli._parser import interrupted

        return interrupted(lang_from(args_list))


def _streams() -> None:
    """A standard output or error closed by the caller (``>&-``), which
    Python gives as None, is written to nowhere: the command still runs
    and tells its result by its exit code.  A standard input closed
    (``<&-``) reads as empty (``render -d -`` and ``check --files-from -``
    read it: an internal error)."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (for the process)
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)


def _out(text: str, args_list: list[str]) -> int:
    """Print ``text`` (the version, the top-level help); exit code 0, or 2
    when the standard output cannot take it (a full disk).  What its
    encoding cannot take (Chinese to ``PYTHONIOENCODING=ascii``, or to the C
    locale without Python's UTF-8 mode) is written ``\\uXXXX``, as by every
    command, never a traceback."""
    errors = getattr(sys.stdout, "errors", None)
    lenient = errors in ("strict", "surrogateescape") and _reconfigured(
        sys.stdout, "backslashreplace"
    )
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from reform_brand.cli._parser import output_failed

        return output_failed(exc, lang_from(args_list))
    finally:
        if lenient:
            _reconfigured(sys.stdout, str(errors))
    return EXIT_OK


def _reconfigured(stream: object, errors: str) -> bool:
    try:
        stream.reconfigure(errors=errors)  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # (not a text file, or closed)
        return False
    return True


def _in_starting_worker() -> bool:
    """Whether this is a worker process still starting (``spawn`` runs the
    main script again in it: a script without ``if __name__ ==
    "__main__":`` calls main() there).  (A process that never imported
    multiprocessing is none: nothing is imported to tell.)"""
    process = sys.modules.get("multiprocessing.process")
    current = getattr(process, "current_process", None)
    return current is not None and bool(getattr(current(), "_inheriting", False))


def run() -> NoReturn:
    code = main()
    # The work is done: a Ctrl-C or SIGTERM while the interpreter ends does
    # not change the exit code (nor end it as killed).  (A command that ran
    # imported the module; --version and --help do not pay for it.)
    if "signal" in sys.modules:
        import signal

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
    if code == EXIT_INTERRUPTED:
        _forget_caught_interrupt()
    sys.exit(code)


def _forget_caught_interrupt() -> None:
    """CPython ends the process with SIGINT, whatever its exit code, once a
    ``KeyboardInterrupt`` went uncaught in code run through its
    ``PyRun_String`` API, even when the caller went on: a C extension's
    module set-up does that (lxml's, built with Cython), so a Ctrl-C that
    lands while it is imported ended the process as killed after the command
    had handled it (exit 130).  CPython forgets the note on the next code
    run that way: empty code is run so.  (Elsewhere than CPython, nothing.)"""
    try:
        import ctypes

        ctypes.pythonapi.PyRun_SimpleString(b"")
    except (ImportError, AttributeError, OSError):
        pass
