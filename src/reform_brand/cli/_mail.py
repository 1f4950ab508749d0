"""The ``fetch-mail`` command: an IMAP folder into a local mail folder.

    reform-brand fetch-mail --host H [--port P] --user U [--folder INBOX] -o DIR
        [--tls | --starttls] [--cafile CA.pem] [--password-env VAR] [--limit N]

The password comes from the environment variable ``VAR`` or, without
``--password-env``, from a prompt on the terminal (none: a usage error);
never from the command line.  The folder
is opened read-only (``EXAMINE``) and fetched incrementally by UID into DIR
(a Maildir: ``DIR/cur/UIDVALIDITY-UID.eml``), each message with the server's
reception time as its topmost ``Received:`` header; see docs/mail.md.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import warnings
from pathlib import Path
from typing import Final

from reform_brand.errors import UsageError
from reform_brand.i18n import Texts
from reform_brand.office._mail_imap import FetchError, ImapAccount, fetch_mail

__all__ = ["cmd_fetch_mail"]

EXIT_OK = 0


#: The command line's texts ``cli.mail.KEY`` of the message catalogue.
_t: Final = Texts("cli.mail")


def _password(args: argparse.Namespace, lang: str) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env, "")
        if not value:
            raise UsageError(detail=_t("no-env", lang, var=args.password_env))
        return value
    # Without a terminal, getpass warns (GetPassWarning, with its file and
    # line), says the password may be echoed and reads standard input: the
    # warning raised instead stops it before it writes or reads anything.
    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            value = getpass.getpass(_t("prompt", lang, user=args.user, host=args.host))
        except getpass.GetPassWarning:
            raise UsageError(detail=_t("no-terminal", lang)) from None
        except EOFError:
            value = ""
    if not value:
        raise UsageError(detail=_t("no-password", lang))
    return value


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")


def cmd_fetch_mail(args: argparse.Namespace) -> int:
    lang: str = args.lang
    if args.limit is not None and args.limit < 1:
        raise UsageError(detail=_t("bad-limit", lang))
    account = ImapAccount(
        host=args.host,
        port=args.port or (993 if args.security == "tls" else 143),
        user=args.user,
        password=_password(args, lang),
        folder=args.folder,
        security=args.security,
        cafile=args.cafile,
        timeout=args.timeout,
    )
    out = Path(args.output)
    try:
        result = fetch_mail(
            account,
            out,
            limit=args.limit,
            progress=lambda rel: _say(_t("saved", lang, path=out / rel)),
        )
    except FetchError as exc:
        raise UsageError(detail=_t(exc.kind, lang, detail=exc.detail)) from None
    if result.reset:
        sys.stdout.write(_t("reset", lang) + "\n")
    sys.stdout.write(
        _t(
            "fetched",
            lang,
            n=len(result.fetched),
            out=out,
            exists=result.exists,
            validity=result.uidvalidity,
            uid=result.last_uid,
        )
        + "\n"
    )
    if result.deleted:
        sys.stdout.write(_t("deleted", lang, n=result.deleted) + "\n")
    return EXIT_OK
