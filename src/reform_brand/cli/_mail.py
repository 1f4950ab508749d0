"""The ``fetch-mail`` command: an IMAP folder into a local mail folder.

    reform-brand fetch-mail --host H [--port P] --user U [--folder INBOX] -o DIR
        [--tls | --starttls] [--cafile CA.pem] [--password-env VAR] [--limit N]
        [--timeout S] [--json]

The password comes from the environment variable ``VAR`` or, without
``--password-env``, from a prompt on the terminal (none: a usage error);
never from the command line.  The folder
is opened read-only (``EXAMINE``) and fetched incrementally by UID into DIR
(a Maildir: ``DIR/cur/UIDVALIDITY-UID.eml``), each message with the server's
reception time as its topmost ``Received:`` header; see docs/mail.md.

Each mail saved is said on standard error as it is written.  ``--json``
prints what was fetched as one JSON object on standard output
(:func:`fetched_json`), and a failure as ``{"ok": false, "error": {...}}``
there too, beside the message on standard error; the exit codes are the
same (docs/cli.md).  With ``--json`` no mail saved is said: standard output
holds the JSON alone, and standard error only the message of a failure (as
``check --json`` says nothing of an empty batch).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Final

from reform_brand.errors import UsageError
from reform_brand.i18n import Texts
from reform_brand.office._mail_imap import (
    STATE_NAME,
    FetchError,
    FetchResult,
    ImapAccount,
    fetch_mail,
    shown_folder,
)

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


def fetched_json(account: ImapAccount, out: Path, result: FetchResult) -> dict[str, Any]:
    """What ``fetch-mail --json`` prints when done: the account (never its
    password), the mails fetched, those passed over as deleted or empty, and the
    state kept for the next run."""
    return {
        "ok": True,
        "account": {
            "host": account.host,
            "port": account.port,
            "user": account.user,
            "folder": shown_folder(account.folder),
            "security": account.security,
        },
        "output": str(out),
        "fetched": len(result.fetched),
        "files": list(result.fetched),
        "exists": result.exists,
        "deleted": result.deleted,
        "expunged": result.expunged,
        "empty": result.empty,
        "reset": result.reset,
        "state": {
            "file": str(out / STATE_NAME),
            "uidvalidity": result.uidvalidity,
            "last_uid": result.last_uid,
        },
    }


class _Failed(UsageError):
    """Fetching failed: a usage error (exit code 2) that keeps where
    (:attr:`FetchError.kind <reform_brand.office._mail_imap.FetchError.kind>`)."""

    def __init__(self, kind: str, **params: object) -> None:
        super().__init__(**params)
        self.kind = kind


def _error_json(exc: UsageError, kind: str, lang: str) -> dict[str, Any]:
    """What ``fetch-mail --json`` prints when it fails (exit code 2)."""
    return {"ok": False, "error": {"code": exc.code, "kind": kind, "message": exc.message(lang)}}


def cmd_fetch_mail(args: argparse.Namespace) -> int:
    if not args.json:
        return _fetch(args)
    try:
        return _fetch(args)
    except UsageError as exc:
        from reform_brand.cli._core import print_json

        kind = exc.kind if isinstance(exc, _Failed) else "usage"
        print_json(_error_json(exc, kind, args.lang))
        raise


def _fetch(args: argparse.Namespace) -> int:
    lang: str = args.lang
    as_json: bool = args.json
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
            # (With --json, for a program: the JSON says which were saved.)
            progress=None if as_json else lambda rel: _say(_t("saved", lang, path=out / rel)),
        )
    except FetchError as exc:
        raise _Failed(exc.kind, detail=_t(exc.kind, lang, detail=exc.detail)) from None
    if as_json:
        from reform_brand.cli._core import print_json

        print_json(fetched_json(account, out, result))
        return EXIT_OK
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
    # (Those expunged meanwhile are no longer flagged: each is said as it is.)
    if result.deleted > result.expunged:
        sys.stdout.write(_t("deleted", lang, n=result.deleted - result.expunged) + "\n")
    if result.expunged:
        sys.stdout.write(_t("expunged", lang, n=result.expunged) + "\n")
    if result.empty:
        sys.stdout.write(_t("empty", lang, n=result.empty) + "\n")
    return EXIT_OK
