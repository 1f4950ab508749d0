"""The command line's table: its exit codes, which module adds which
command, and how to find the command in an argument list.  Cheap to import:
``--version`` and the top-level ``--help`` need nothing more."""

from __future__ import annotations

import os

from reform_brand.codes.commands import COMMANDS as _TABLE
from reform_brand.codes.commands import WORDS

# Not typing.TYPE_CHECKING: importing typing would double the start time.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Which module adds which command, so that running one command imports only
#: its module (a test keeps this in step with the modules).  A misspelled
#: command loads them all, for argparse's message.
COMMANDS: dict[str, str] = {name: module for name, (module, _zh, _en) in _TABLE.items()}

#: Modules that run sub-commands (their parsers: :data:`reform_brand.cli._args.ADD`).
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


def version() -> str:
    """The package's version (kept equal to the distribution's by a test)."""
    from reform_brand import __version__

    return __version__


def command_in(argv: Sequence[str]) -> str | None:
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


def lang_from(argv: Sequence[str]) -> str:
    """The language of the command line: ``--lang`` (in any case: ``--lang
    EN``; or as argparse takes it, ``--la en``), else ``REFORM_BRAND_LANG``,
    else zh.  A ``--lang`` that is neither
    zh nor en is passed over: its usage error is in the language the user
    would otherwise get."""
    lang = os.environ.get("REFORM_BRAND_LANG", "zh").strip().casefold()
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        # (argparse takes --l, --la and --lan for --lang: the command
        # spoke English while its errors were said in Chinese.)
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if eq:
            given = value
        elif i + 1 < len(argv):
            given = argv[i + 1]
        else:
            continue
        if given.casefold() in ("zh", "en"):
            lang = given.casefold()
    return "en" if lang == "en" else "zh"


def top_help(lang: str) -> str:
    """``reform-brand --help``: the commands and the global options, laid out
    as argparse lays out a command's help, without importing argparse."""
    en = lang == "en"
    colon = ":" if en else "："

    def word(key: str) -> str:
        zh_text, en_text = WORDS[key]
        return en_text if en else zh_text

    options = [
        ("-h, --help", word("help")),
        ("--lang {zh,en}", word("lang")),
        ("--version", word("version")),
    ]
    width = max(len(name) for name in (*_TABLE, *(o for o, _ in options))) + 4
    lines = [
        f"{word('usage')}reform-brand [-h] [--lang {{zh,en}}] [--version] {word('command')} ...",
        "",
        word("about"),
        "",
        f"{word('commands')}{colon}",
        *(
            f"  {name:<{width - 2}}{en_text if en else zh}"
            for name, (_m, zh, en_text) in _TABLE.items()
        ),
        "",
        f"{word('options')}{colon}",
        *(f"  {name:<{width - 2}}{text}" for name, text in options),
    ]
    return "\n".join(lines) + "\n"
