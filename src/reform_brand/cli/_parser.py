"""The parser of ``reform-brand`` and the run of one command line: help in
the language of ``--lang`` (argparse's own words included), and every
failure turned into a message and an exit code, never a traceback.

Imports nothing of the package but the table of commands until a command
is named (:func:`build_parser` with ``stubs``), so that the top-level
``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys

from reform_brand.cli._table import (
    COMMAND_MODULES,
    COMMANDS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    lang_from,
    version,
)
from reform_brand.codes.commands import COMMANDS as TABLE
from reform_brand.codes.commands import WORDS

# Not typing.TYPE_CHECKING: importing typing costs a command's --help a
# good part of its time.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Final, NoReturn


def word(key: str, lang: str) -> str:
    """A word of the help around the commands (``cli.help.main.KEY``)."""
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` gives it
    (``COLUMNS``, else the terminal of standard output, else 80), without
    importing :mod:`shutil`, which argparse imports for it and which costs
    a command's ``--help`` more than a tenth of its time (it loads the
    compression modules)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # (argparse's own default: the terminal's width less 2.)
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)
        self._chinese_headings: set[str] = set()

    # argparse wraps with textwrap: by characters, not the terminal's columns
    # (a Chinese character takes two), at spaces only (a Chinese sentence has
    # none), and after a hyphen too, which cuts a format (YYYY-MM-DD) or an
    # option (-print0) in two.  reform_brand.cli._wrap counts columns.
    def _split_lines(self, text: str, width: int) -> list[str]:
        from reform_brand.cli._wrap import wrap

        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from reform_brand.cli._wrap import columns, wrap

        return "\n".join(indent + line for line in wrap(text, width - columns(indent)))

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        # argparse lays the usage out by the prefix's length in characters:
        # "用法：" takes six columns, not three, so its lines ran three
        # columns over and the continued lines stood three to the left.  It
        # is laid out with a stand-in of the prefix's width in columns.
        if not prefix or prefix.isascii():
            return super()._format_usage(usage, actions, groups, prefix)
        from reform_brand.cli._wrap import columns

        stand_in = "\x00" * columns(prefix)
        text: str = super()._format_usage(usage, actions, groups, stand_in)
        return text.replace(stand_in, prefix, 1)

    # argparse writes a heading with ":" after it; a Chinese heading takes
    # the full-width colon, as the usage line's "用法：" does.
    def start_section(self, heading: str | None) -> None:
        if heading and not heading.isascii():
            self._chinese_headings.add(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        for heading in self._chinese_headings:
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        # A sub-command's prog is made with prefix "" (no prefix at all).
        if prefix is None:
            prefix = word("usage", _Parser.lang)
        super().add_usage(usage, actions, groups, prefix)


class _Parser(argparse.ArgumentParser):
    """argparse's parser with its headings, ``-h`` and usage problems in the
    language of the command line."""

    lang = "zh"

    def __init__(
        self,
        *,
        add_help: bool = True,
        parents: Sequence[argparse.ArgumentParser] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = word("positionals", self.lang)
        self._optionals.title = word("options", self.lang)
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=word("help", self.lang),
            )
        # The parents' options join the groups of the same (translated) title,
        # as argparse does with ``parents=`` -- after the titles are set.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        # An option's value of a list of choices (--lang EN, --role Issuer)
        # is taken in any case, as the canonical choice, which the help
        # shows; a command's name is not.
        value = super()._get_value(action, arg_string)
        if action.option_strings and action.choices is not None and isinstance(value, str):
            folded = value.casefold()
            for choice in action.choices:
                if isinstance(choice, str) and choice.casefold() == folded:
                    return choice
        return value

    def error(self, message: str) -> NoReturn:
        # argparse's message, in English, is translated here only: the
        # table and the catalogue stay unloaded until a command line is wrong.
        from reform_brand.cli._usage import usage_line

        self.print_usage(sys.stderr)
        sys.stderr.write(usage_line(message, self.lang) + "\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(
    lang: str = "zh", command: str | None = None, *, stubs: bool = False
) -> argparse.ArgumentParser:
    """See :func:`reform_brand.cli.build_parser`."""
    lang = "en" if lang == "en" else "zh"
    _Parser.lang = lang
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("zh", "en"), default=lang, help=word("lang", lang))
    parser = _Parser(prog="reform-brand", description=word("about", lang), parents=[common])
    parser.add_argument(
        "--version",
        action="version",
        version=f"reform-brand {version()}",
        help=word("version", lang),
    )
    sub = parser.add_subparsers(dest="command", metavar=word("command", lang), parser_class=_Parser)
    sub.required = True
    only = COMMANDS.get(command or "")
    if stubs and not only:
        for name, (_module, zh, en) in TABLE.items():
            sub.add_parser(name, help=en if lang == "en" else zh, add_help=False)
        return parser
    from reform_brand.cli._args import ADD

    for name in (only,) if only else COMMAND_MODULES:
        ADD[name](sub, common)
    return parser


#: The signals that stop a command: Ctrl-C, SIGTERM and, where there is
#: one, SIGHUP.
_STOPPING: Final = ("SIGINT", "SIGTERM", "SIGHUP")


def _stop(signum: int, frame: object) -> None:
    from reform_brand._stop import request_stop

    request_stop()
    raise KeyboardInterrupt


def run_command(args_list: list[str], command: str | None) -> int:
    """Parse and run one command line; the exit code.  SIGTERM and SIGHUP
    (the terminal closed: it left temporary folders and half an export
    behind) stop it as Ctrl-C does (exit 130, temporary files removed, a
    report being written left as it was), from before the command's modules
    are imported; and each is noted, so that a library that swallows the interruption where
    it lands does not lose it (:mod:`reform_brand._stop`)."""
    import signal

    from reform_brand._stop import clear_stop

    clear_stop()
    try:
        stopping = [getattr(signal, name) for name in _STOPPING if hasattr(signal, name)]
        previous = {sig: signal.signal(sig, _stop) for sig in stopping}
    except ValueError:  # not the main thread: the signals are left as they are
        return _run_command(args_list, command)
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: _noted_interrupt(hook, unraisable)
    try:
        return _run_command(args_list, command)
    finally:
        sys.unraisablehook = hook
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        clear_stop()


def _noted_interrupt(hook: Callable[[Any], object], unraisable: Any) -> None:
    """An interruption raised where Python cannot pass it on (a weak
    reference's callback, a finalizer: the import system runs one) is not
    printed: :func:`_stop` noted it, and the command stops at its next step
    (:func:`reform_brand._stop.stop_if_requested`).  Anything else goes to
    ``hook``."""
    if isinstance(getattr(unraisable, "exc_value", None), KeyboardInterrupt):
        return
    hook(unraisable)


def _ignore(unraisable: object) -> None:
    """Nothing: what an interrupted step leaves to be finalized."""


def _run_command(args_list: list[str], command: str | None) -> int:
    lang = lang_from(args_list)
    out = _Output(sys.stdout)
    err = sys.stderr
    errors = _lenient(out.stream)
    sys.stdout = out  # (a stream: what it is not asked is forwarded)
    sys.stderr = _Escaped(err)
    try:
        return _run_in(args_list, command, lang, out)
    finally:
        sys.stdout = out.stream
        sys.stderr = err
        if errors is not None:
            _reconfigured(out.stream, errors)


#: The error handler of the standard output while a command runs
#: (:func:`_shown_anyway`).
_SHOWN: Final = "reform-brand-shown"


def _shown_anyway(exc: UnicodeError) -> tuple[str | bytes, int]:
    """What the standard output writes for what its encoding cannot: the
    bytes of a file name that are not UTF-8 (held as ``\\udcXX``, as the
    system gave them) as those bytes, anything else (Chinese text to a
    file in another encoding) as ``\\uXXXX``."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    if all("\udc80" <= c <= "\udcff" for c in chunk):
        return bytes(ord(c) - 0xDC00 for c in chunk), exc.end
    return codecs.backslashreplace_errors(exc)


def _lenient(stream: Any) -> str | None:
    """Make ``stream`` write what its encoding cannot (:func:`_shown_anyway`)
    where it would fail with it, an internal error after the command did its
    work (``wrote NAME`` of a name that is not UTF-8, with
    ``PYTHONIOENCODING=utf-8``; Chinese text to ASCII in the C locale
    without Python's UTF-8 mode, whose handler is ``surrogateescape``); its
    error handler as it was, or None when it is left as it was."""
    errors = getattr(stream, "errors", None)
    if errors not in ("strict", "surrogateescape"):
        return None
    codecs.register_error(_SHOWN, _shown_anyway)
    return errors if _reconfigured(stream, _SHOWN) else None


def _reconfigured(stream: Any, errors: str) -> bool:
    try:
        stream.reconfigure(errors=errors)
    except (AttributeError, ValueError, OSError):  # (not a text file, or closed)
        return False
    return True


#: What a terminal would act on instead of showing, if a file or folder name
#: (or a form's text) holding it reached it as it is: the control characters
#: but the line end and the tab (an escape sequence that recolours, moves the
#: cursor or retitles the window; a carriage return that overwrites the
#: line) and the C1 controls, and the marks that set the order in which
#: a line is shown (Unicode's Bidi_Control characters, LRM and RLM among
#: them).  Written as ``\xNN`` / ``\uNNNN`` instead.
_UNSAFE: Final = {
    **{c: f"\\x{c:02x}" for c in (*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))},
    **{
        c: f"\\u{c:04x}"
        for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    },
}


def _terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


class _Escaped:
    """The standard error while a command runs: on a terminal, text is
    written with what the terminal would act on (:data:`_UNSAFE`) made
    visible; pipes and files get the text as it is.  When its reader goes
    away (``2>&1 | head``), the rest goes nowhere and the command goes on."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.terminal = _terminal(stream)
        #: The stream itself, for what this program means the terminal to
        #: act on (the progress line's return to its start).
        self.unescaped = stream

    def write(self, text: str) -> Any:
        try:
            return self.stream.write(text.translate(_UNSAFE) if self.terminal else text)
        except BrokenPipeError:
            _silence(self.stream)
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            _silence(self.stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _parsed(parser: argparse.ArgumentParser, args_list: list[str]) -> argparse.Namespace:
    """The command line parsed.  The PATHs of ``check`` (any number of them)
    may come after its options, as those of ``suggest`` may
    (``check EDITION --report DIR inbox``): argparse gives the PATHs it
    meets first, none when an option follows EDITION, and refused the
    others as unrecognized (after ``--`` too: ``--json -- ./-a.json``).
    Anything else unrecognized is refused, after the usage of the command."""
    args, extra = parser.parse_known_args(args_list)
    paths = getattr(args, "paths", None)
    end = extra.index("--") if "--" in extra else len(extra)
    before, after = extra[:end], extra[end + 1 :]
    if extra and isinstance(paths, list) and not any(e.startswith("-") for e in before):
        paths.extend([*before, *after])
        return args
    if extra:
        # Under the usage of the command, not of the whole command line.
        commands = next(
            (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
        )
        command = commands.get(str(getattr(args, "command", "")), parser)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _run_in(args_list: list[str], command: str | None, lang: str, out: _Output) -> int:
    hook = None
    try:
        parser = build_parser(lang, command, stubs=command is None)
        args = _parsed(parser, args_list)
        from reform_brand.cli._env import settle_environment

        settle_environment(args.lang)
        code: int = args.func(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        # A library interrupted midway (a workbook being written) may fail
        # again as its objects are finalized, which Python prints as
        # "Exception ignored in ...": the interruption says it all.
        hook, sys.unraisablehook = sys.unraisablehook, _ignore
        code = interrupted(lang)
    except BrokenPipeError:
        # The reader went away (``| head``); not an error of ours.
        _silence_stdout()
        code = EXIT_OK
    except Exception as exc:
        if out.failed is not None:
            return output_failed(out.failed, lang)
        code = _os_failed(exc, lang) if isinstance(exc, OSError) else _failed(exc, lang)
    if hook is not None:
        import gc

        gc.collect()
        sys.unraisablehook = hook
    try:
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError:
        pass  # (noted: said below)
    if out.failed is not None and code != EXIT_INTERRUPTED:
        # The output did not all fit (a full disk, /dev/full), though the
        # command went on (argparse drops an error writing its help).
        code = output_failed(out.failed, lang)
    return code


class _Output:
    """The standard output while a command runs: what it is asked is done
    by the stream itself, and an error writing it (other than a reader gone
    away) is noted, so that it is told from the command's own errors."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.failed: OSError | None = None
        self.terminal = _terminal(stream)

    def write(self, text: str) -> Any:
        try:
            return self.stream.write(text.translate(_UNSAFE) if self.terminal else text)
        except BrokenPipeError:
            # The reader went away (``| head``): the rest goes nowhere, and
            # the command goes on to write its files and tell its result.
            _silence(self.stream)
            return len(text)
        except OSError as exc:
            self.failed = self.failed or exc
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            _silence(self.stream)
        except OSError as exc:
            self.failed = self.failed or exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def output_failed(exc: OSError, lang: str) -> int:
    """The standard output could not be written (a full disk): said on the
    standard error, exit code 2; what is left for it goes nowhere."""
    from reform_brand.catalogue import Localized

    _silence_stdout()
    return _cannot_write(Localized(zh="标准输出", en="the standard output", value="-"), exc, lang)


def _os_failed(exc: OSError, lang: str) -> int:
    """An error of the system that no command step turned into a message:
    a full disk (a temporary file that no longer fits) is said as such, with
    the file or the temporary folder, exit code 2; a path that cannot be
    used as given (a name too long, a loop of links, no permission: what a
    look at a path given on the command line meets before any command step
    reads it) is ``cli.bad-path`` with the path, exit code 2; anything else
    is an internal error."""
    import errno
    import tempfile

    if exc.errno in {errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.EPERM} and isinstance(
        exc.filename, str
    ):
        from reform_brand.codes.reasons import os_reason
        from reform_brand.errors import ReformBrandError

        error = ReformBrandError("cli.bad-path", path=exc.filename, detail=os_reason(exc))
        return _failed(error, lang)
    if exc.errno not in {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}:
        return _failed(exc, lang)
    where = exc.filename if isinstance(exc.filename, str) else tempfile.gettempdir()
    return _cannot_write(where, exc, lang)


def _cannot_write(where: object, exc: OSError, lang: str) -> int:
    """``cli.cannot-write`` for ``where``, with the system's reason; exit code 2."""
    from reform_brand.codes.reasons import os_reason
    from reform_brand.errors import ReformBrandError

    return _failed(ReformBrandError("cli.cannot-write", path=where, detail=os_reason(exc)), lang)


def in_starting_worker(lang: str) -> int:
    """Say that main() was called in a worker process that is starting, and
    do nothing there (the checking process does the work); exit code 0, so
    that the worker can start."""
    return _say("cli.in-starting-worker", {}, lang, EXIT_OK)


def interrupted(lang: str) -> int:
    """Say that the command was interrupted; its exit code."""
    return _say("cli.interrupted", {}, lang, EXIT_INTERRUPTED)


def _say(key: str, params: dict[str, object], lang: str, code: int) -> int:
    from reform_brand.i18n import render

    sys.stderr.write(render(key, params, lang) + "\n")
    return code


def _failed(exc: Exception, lang: str) -> int:
    from reform_brand.errors import ReformBrandError

    if isinstance(exc, ReformBrandError):
        # The code in brackets is stable: scripts and tests match on it.
        lines = exc.message(lang).split("\n")
        lines[0] = f"{lines[0]} [{exc.code}]"
        sys.stderr.write("\n".join(lines) + "\n")
        return EXIT_USAGE
    from reform_brand.i18n import render

    error = render("cli.internal", {"error": f"{type(exc).__name__}: {exc}"}, lang)
    sys.stderr.write(f"{error} [cli.internal]\n")
    return EXIT_INTERNAL


def _silence_stdout() -> None:
    _silence(sys.stdout)


def _silence(stream: Any) -> None:
    """What is written to ``stream`` from now on goes nowhere (its
    descriptor is the null device's), what it holds too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # (no descriptor: nothing to silence)
        pass
    finally:
        os.close(devnull)
