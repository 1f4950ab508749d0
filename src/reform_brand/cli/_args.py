"""The arguments of every command: its parser, built from the help texts
alone, and the function that runs it, imported only when it runs.  So
``reform-brand COMMAND --help`` imports argparse and the tables of
:mod:`reform_brand.codes`, not the command's module and what it needs.

:data:`ADD` gives, for each module of :data:`reform_brand.cli._table.COMMANDS`,
the function that adds its commands to a parser's sub-commands.
"""

from __future__ import annotations

import argparse
import importlib

from reform_brand.cli._help import HelpTexts
from reform_brand.cli._table import COMMANDS

# Not typing.TYPE_CHECKING: importing typing costs a command's --help a
# good part of its time.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["ADD"]


def _later(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The command function ``name`` of ``module``, imported when it runs."""

    def run(args: argparse.Namespace) -> int:
        func: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
        # (An interruption that a library's set-up swallowed stops it here.)
        from reform_brand._stop import stop_if_requested

        stop_if_requested()
        return func(args)

    run.__qualname__ = run.__name__ = name
    return run


def _command(
    sub: Any, common: argparse.ArgumentParser, name: str
) -> tuple[argparse.ArgumentParser, HelpTexts]:
    """The parser of command ``name`` (its summary and description from the
    help texts), run by ``cmd_NAME`` of the module the table of commands
    names for it; and its help texts."""
    t = HelpTexts(common, name)
    p: argparse.ArgumentParser = sub.add_parser(
        name, parents=[common], help=t.summary, description=t("about")
    )
    p.set_defaults(func=_later(COMMANDS[name], "cmd_" + name.replace("-", "_")))
    return p, t


def _add_core(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "editions")
    p.add_argument("--json", action="store_true", help=t("json"))

    p, t = _command(sub, common, "show")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument("--json", action="store_true", help=t("json"))

    p, t = _command(sub, common, "schema")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument("form", metavar="FORM", help=t("form"))
    p.add_argument("--ui", action="store_true", help=t("ui"))
    p.add_argument(
        "--page",
        action="store_true",
        help=t("page"),
    )
    p.add_argument(
        "--role",
        choices=("applicant", "recommender", "issuer"),
        help=t("role"),
    )

    p, t = _command(sub, common, "plugins")
    p.add_argument("--json", action="store_true", help=t("json"))


def _add_maint(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "new-edition")
    p.add_argument("new_id", metavar="NEW_ID", help=t("new-id"))
    p.add_argument(
        "--from",
        dest="source",
        metavar="EDITION",
        type=_given(t.lang),
        required=True,
        help=t("from"),
    )
    p.add_argument(
        "-o", "--output", metavar="DIR", type=_output(t.lang), required=True, help=t("output")
    )
    p.add_argument(
        "--inherit",
        action="store_true",
        help=t("inherit"),
    )
    p.add_argument("--year", type=_int, help=t("year"))
    p.add_argument("--force", action="store_true", help=t("force"))
    p.add_argument("--json", action="store_true", help=t("json"))

    p, t = _command(sub, common, "lint")
    p.add_argument("edition", metavar="EDITION|PATH", type=_given(t.lang), help=t("edition"))
    p.add_argument("--json", action="store_true", help=t("json"))
    p.add_argument("--strict", action="store_true", help=t("strict"))

    p, t = _command(sub, common, "diff")
    p.add_argument("a", metavar="A", type=_given(t.lang), help=t("a"))
    p.add_argument("b", metavar="B", type=_given(t.lang), help=t("b"))
    p.add_argument("--json", action="store_true", help=t("json"))


def _add_render(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "render")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument("form", metavar="FORM", help=t("form"))
    p.add_argument("-d", "--data", metavar="DATA.json", type=_given(t.lang), help=t("data"))
    p.add_argument(
        "-o", "--output", metavar="OUT", type=_output(t.lang), required=True, help=t("output")
    )
    p.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        type=_given(t.lang),
        help=t("format"),
    )
    p.add_argument("--force", action="store_true", help=t("force"))

    p, t = _command(sub, common, "export")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument(
        "-o", "--output", metavar="DIR", type=_output(t.lang), required=True, help=t("output")
    )
    p.add_argument("--force", action="store_true", help=t("force"))

    p, t = _command(sub, common, "template")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument("form", metavar="FORM", help=t("form"))
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT.docx",
        type=_output(t.lang),
        required=True,
        help=t("output"),
    )
    p.add_argument("--force", action="store_true", help=t("force"))


def _add_check(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "check")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=_given(t.lang),
        default=[],  # (with --files-from, none is needed)
        help=t("paths"),
    )
    p.add_argument(
        "--files-from", metavar="FILE", dest="files_from", type=_given(t.lang), help=t("files-from")
    )
    p.add_argument("--json", action="store_true", help=t("json"))
    p.add_argument("--strict", action="store_true", help=t("strict"))
    p.add_argument(
        "--now",
        metavar="ISO-8601",
        help=t("now"),
    )
    p.add_argument(
        "--report",
        metavar="DIR",
        type=_output(t.lang),
        help=t("report"),
    )
    p.add_argument(
        "--export-envelopes",
        metavar="DIR",
        type=_output(t.lang),
        dest="export_envelopes",
        help=t("export-envelopes"),
    )
    p.add_argument(
        "--jobs",
        metavar="N",
        type=_jobs(t.lang),
        default=None,
        help=t("jobs"),
    )


def _add_inbox(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "read")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument("file", metavar="FILE.docx", type=_given(t.lang), help=t("file"))
    p.add_argument("--json", action="store_true", help=t("json"))

    p, t = _command(sub, common, "demo")
    p.add_argument("edition", metavar="EDITION", nargs="?", type=_given(t.lang), help=t("edition"))
    p.add_argument(
        "-o", "--output", metavar="DIR", type=_output(t.lang), default="demo-out", help=t("output")
    )


def _add_mail(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "fetch-mail")
    p.add_argument("--host", type=_host(t.lang), required=True, help=t("host"))
    p.add_argument("--port", type=_port(t.lang), help=t("port"))
    p.add_argument("--user", required=True, type=_given(t.lang), help=t("user"))
    p.add_argument("--folder", default="INBOX", type=_given(t.lang), help=t("folder"))
    p.add_argument(
        "-o", "--output", metavar="DIR", type=_output(t.lang), required=True, help=t("output")
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--tls",
        dest="security",
        action="store_const",
        const="tls",
        help=t("tls"),
    )
    how.add_argument(
        "--starttls",
        dest="security",
        action="store_const",
        const="starttls",
        help=t("starttls"),
    )
    p.add_argument("--cafile", metavar="CA.pem", type=_given(t.lang), help=t("cafile"))
    p.add_argument(
        "--password-env",
        metavar="VAR",
        type=_given(t.lang),
        help=t("password-env"),
    )
    p.add_argument("--limit", type=_int, metavar="N", help=t("limit"))
    p.add_argument("--timeout", metavar="S", type=_timeout(t.lang), default=60.0, help=t("timeout"))
    p.add_argument("--json", action="store_true", help=t("json"))
    p.set_defaults(security="tls")


def _add_suggest(sub: Any, common: argparse.ArgumentParser) -> None:
    p, t = _command(sub, common, "suggest")
    p.add_argument("edition", metavar="EDITION", type=_given(t.lang), help=t("edition"))
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        type=_given(t.lang),
        help=t("paths"),
    )
    p.add_argument("--json", action="store_true", help=t("json"))
    p.add_argument("--top", metavar="N", default="3", help=t("top"))


def _given(lang: str) -> Callable[[str], str]:
    """The type of an edition, a path or a folder: not empty (``""`` would
    be taken for the current folder, and read or written as it); and of a
    name (``--format``, ``--user``, ``--folder``, ``--password-env``), which
    ``""`` would leave out (``--format ""`` took the output's suffix,
    ``--password-env ""`` asked for the password) or send to the server."""

    def given(text: str) -> str:
        if not text:
            from reform_brand.i18n import render

            raise argparse.ArgumentTypeError(render("cli.empty", {}, lang))
        return text

    return given


def _output(lang: str) -> Callable[[str], str]:
    """The type of an output file or folder: given (:func:`_given`), and not
    ``-``, which would be written as a file or folder of that name, where
    ``-`` reads the standard input elsewhere (``render -d -``); ``./-``
    names that file or folder."""
    given = _given(lang)

    def out_file(text: str) -> str:
        if given(text) == "-":
            from reform_brand.i18n import render

            raise argparse.ArgumentTypeError(render("cli.dash-output", {}, lang))
        return text

    return out_file


#: The most worker processes ``--jobs`` starts: a mistyped number (a few
#: digits too many) would start that many processes at once.
MAX_JOBS = 256


def _int(text: str) -> int:
    """``text`` as :func:`reform_brand._cores.whole_number` reads it
    (imported when a number is read: a command's help imports nothing)."""
    from reform_brand._cores import whole_number

    return whole_number(text)


# (argparse says "invalid int value", as for int itself.)
_int.__name__ = "int"


def _jobs(lang: str) -> Callable[[str], int]:
    """The type of ``--jobs``: a whole number of at least 1, at most
    :data:`MAX_JOBS`."""

    def jobs(text: str) -> int:
        try:
            n = _int(text)
        except ValueError:
            n = 0
        if not 1 <= n <= MAX_JOBS:
            from reform_brand.i18n import render

            key, params = "bad-jobs", {"value": text}
            if n > MAX_JOBS:
                key, params["limit"] = "too-many-jobs", str(MAX_JOBS)
            raise argparse.ArgumentTypeError(render(f"cli.check.{key}", params, lang))
        return n

    return jobs


def _timeout(lang: str) -> Callable[[str], float]:
    """The type of ``--timeout``: seconds, above 0 and at most
    :data:`reform_brand.office._mail_imap.MAX_TIMEOUT` (a day); not 0, which
    the socket layer takes for "never wait", nor ``nan``."""

    def timeout(text: str) -> float:
        from reform_brand.office._mail_imap import MAX_TIMEOUT

        try:
            # (float, like int, reads other digits and underscores.)
            seconds = float(text) if text.isascii() and "_" not in text else 0.0
        except ValueError:
            seconds = 0.0
        # Written so that nan fails too.
        if not 0.0 < seconds <= MAX_TIMEOUT:
            from reform_brand.i18n import render

            params = {"value": text, "limit": f"{MAX_TIMEOUT:g}"}
            raise argparse.ArgumentTypeError(render("cli.mail.bad-timeout", params, lang))
        return seconds

    return timeout


def _port(lang: str) -> Callable[[str], int]:
    """The type of ``--port``: a TCP port, 1 to 65535 (the socket layer
    takes 70000 for 70000 % 65536 without a word)."""

    def port(text: str) -> int:
        try:
            n = _int(text)
        except ValueError:
            n = 0
        if not 1 <= n <= 65535:
            from reform_brand.i18n import render

            raise argparse.ArgumentTypeError(render("cli.mail.bad-port", {"value": text}, lang))
        return n

    return port


def _host(lang: str) -> Callable[[str], str]:
    """The type of ``--host``: a name the socket layer can look up (it
    encodes names with the ``idna`` codec, which refuses an empty label or
    one longer than 63 characters) or an IP address, an IPv6 address also
    in brackets as a URL writes it (``[::1]``, looked up as a name that is
    not known); not empty, and no name with a colon (``host:993``: the
    port is ``--port``)."""

    def host(text: str) -> str:
        name = text[1:-1] if text.startswith("[") and text.endswith("]") else text
        ok = bool(name) and name.strip() == name
        if ":" in name or name != text:
            ok = ok and _ipv6(name)
        try:
            name.encode("idna")
        except UnicodeError:
            ok = False
        if not ok:
            from reform_brand.i18n import render

            raise argparse.ArgumentTypeError(render("cli.mail.bad-host", {"value": text}, lang))
        return name

    return host


def _ipv6(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


#: The module of each command (as :data:`reform_brand.cli._table.COMMANDS`
#: names it) -> what adds its commands.
ADD: dict[str, Callable[[Any, argparse.ArgumentParser], None]] = {
    "reform_brand.cli._core": _add_core,
    "reform_brand.cli._maint": _add_maint,
    "reform_brand.cli._render": _add_render,
    "reform_brand.cli._check": _add_check,
    "reform_brand.cli._inbox": _add_inbox,
    "reform_brand.cli._mail": _add_mail,
    "reform_brand.cli._suggest": _add_suggest,
}
