"""The ``reform-brand`` command.

Exit codes (documented in docs/cli.md):

* 0 - done, nothing wrong found;
* 1 - done, and problems were found in the data (error findings, plugins
  that failed to load, editions that failed to load);
* 2 - usage or input error (unknown edition or form, bad option, malformed
  edition data, unreadable input);
* 3 - internal error (a bug: please report it);
* 130 - interrupted.

Messages are Chinese by default; ``--lang en`` (or ``REFORM_BRAND_LANG=en``)
gives English.  No command ever prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["EXIT_DATA", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Modules that add sub-commands: each has ``add_commands(subparsers, common)``.
COMMAND_MODULES: tuple[str, ...] = (
    "reform_brand.cli._core",
    "reform_brand.cli._maint",
    "reform_brand.cli._render",
    "reform_brand.cli._check",
    "reform_brand.cli._inbox",
    "reform_brand.cli._mail",
    "reform_brand.cli._suggest",
)

#: Which module adds which command, so that running one command imports only
#: its module (a test keeps this in step with the modules).  Anything else
#: (``--help``, a misspelled command) loads them all.
COMMANDS: dict[str, str] = {
    "editions": "reform_brand.cli._core",
    "show": "reform_brand.cli._core",
    "schema": "reform_brand.cli._core",
    "plugins": "reform_brand.cli._core",
    "diff": "reform_brand.cli._maint",
    "lint": "reform_brand.cli._maint",
    "new-edition": "reform_brand.cli._maint",
    "render": "reform_brand.cli._render",
    "export": "reform_brand.cli._render",
    "template": "reform_brand.cli._render",
    "check": "reform_brand.cli._check",
    "read": "reform_brand.cli._inbox",
    "demo": "reform_brand.cli._inbox",
    "fetch-mail": "reform_brand.cli._mail",
    "suggest": "reform_brand.cli._suggest",
}


class _Parser(argparse.ArgumentParser):
    lang = "zh"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        from reform_brand.i18n import render

        sys.stderr.write(render("cli.usage", {"detail": message}, self.lang) + "\n")
        raise SystemExit(EXIT_USAGE)


def _lang_from(argv: Sequence[str]) -> str:
    lang = os.environ.get("REFORM_BRAND_LANG", "zh")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return "en" if lang == "en" else "zh"


def _version() -> str:
    """The package's version (kept equal to the distribution's by a test)."""
    from reform_brand import __version__

    return __version__


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(lang: str = "zh", command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only the module that adds it is imported."""
    _Parser.lang = lang
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=lang,
        help="message language: zh (default) or en / 提示语言",
    )
    parser = _Parser(
        prog="reform-brand",
        description="改革品牌项目申报：版本、表格、校验与生成 / "
        "Calls for reform brand projects: editions, forms, checks and rendering.",
        parents=[common],
    )
    parser.add_argument(
        "--version", action="version", version=f"reform-brand {_version()}", help="show the version"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    only = COMMANDS.get(command or "")
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used as the script)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args_list and _command_in(args_list) is None:
        # Before any command module or the plugin host is imported.
        sys.stdout.write(f"reform-brand {_version()}\n")
        return EXIT_OK
    from reform_brand.errors import ReformBrandError
    from reform_brand.i18n import render

    lang = _lang_from(args_list)
    try:
        parser = build_parser(lang, _command_in(args_list))
        args = parser.parse_args(args_list)
        code: int = args.func(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write(render("cli.interrupted", {}, lang) + "\n")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``| head``); not an error of ours.
        _silence_stdout()
        code = EXIT_OK
    except ReformBrandError as exc:
        # The code in brackets is stable: scripts and tests match on it.
        lines = exc.message(lang).split("\n")
        lines[0] = f"{lines[0]} [{exc.code}]"
        sys.stderr.write("\n".join(lines) + "\n")
        code = EXIT_USAGE
    except Exception as exc:
        sys.stderr.write(
            render("cli.internal", {"error": f"{type(exc).__name__}: {exc}"}, lang) + "\n"
        )
        code = EXIT_INTERNAL
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return code


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> NoReturn:
    sys.exit(main())
