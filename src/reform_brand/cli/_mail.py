"""The ``fetch-mail`` command: an IMAP folder into a local mail folder.

    reform-brand fetch-mail --host H [--port P] --user U [--folder INBOX] -o DIR
        [--tls | --starttls] [--cafile CA.pem] [--password-env VAR] [--limit N]

The password comes from the environment variable ``VAR`` or, without
``--password-env``, from a prompt; never from the command line.  The folder
is opened read-only (``EXAMINE``) and fetched incrementally by UID into DIR
(a Maildir: ``DIR/cur/UIDVALIDITY-UID.eml``), each message with the server's
reception time as its topmost ``Received:`` header; see docs/mail.md.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any, Final

from reform_brand.errors import UsageError
from reform_brand.office._mail_imap import FetchError, ImapAccount, fetch_mail

__all__ = ["add_commands", "cmd_fetch_mail"]

EXIT_OK = 0

_TEXT: Final = {
    "fetched": (
        "已取回 {n} 封新邮件到 {out}"
        "（服务器上共 {exists} 封；UIDVALIDITY {validity}，最后 UID {uid}）",
        "fetched {n} new mail(s) into {out} ({exists} on the server; "
        "UIDVALIDITY {validity}, last UID {uid})",
    ),
    "reset": (
        "服务器的 UIDVALIDITY 已变化，已重新取回全部邮件",
        "the server's UIDVALIDITY changed; every mail was fetched again",
    ),
    "saved": ("已保存 {path}", "saved {path}"),
    "no-env": (
        "环境变量 {var} 未设置或为空（--password-env）",
        "the environment variable {var} is not set or empty (--password-env)",
    ),
    "no-password": ("未输入密码", "no password was given"),
    "prompt": ("{user}@{host} 的密码：", "password for {user}@{host}: "),
    "connect": ("无法连接 IMAP 服务器：{detail}", "cannot connect to the IMAP server: {detail}"),
    "tls": (
        "TLS 失败（证书无法验证？可用 --cafile 指定 CA 证书）：{detail}",
        "TLS failed (certificate not verified? --cafile names a CA certificate): {detail}",
    ),
    "auth": ("登录失败（用户名或密码错误）：{detail}", "login failed (user or password): {detail}"),
    "folder": ("无法打开邮件夹：{detail}", "cannot open the folder: {detail}"),
    "state": (
        "输出目录保存的是另一个账号或邮件夹的邮件：{detail}；请换一个目录",
        "the output folder holds mail of another account or folder: {detail}; use another",
    ),
    "write": ("无法写入：{detail}", "cannot write: {detail}"),
    "protocol": ("IMAP 服务器的回应无法理解：{detail}", "unexpected IMAP reply: {detail}"),
    "bad-limit": ("--limit 必须是正整数", "--limit must be a positive number"),
}


def _t(key: str, lang: str, **params: object) -> str:
    zh, en = _TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "fetch-mail",
        parents=[common],
        help="fetch an IMAP folder into a local mail folder / 从 IMAP 邮件夹取回邮件",
        description="Fetch the mails of an IMAP folder, read-only (EXAMINE) and "
        "incrementally by UID, into DIR (a Maildir that `check` reads), each with "
        "the server's reception time. Over TLS only; the password comes from "
        "--password-env VAR or a prompt. Exit code 0 when done, 2 on a usage, "
        "connection, TLS or login error.",
    )
    p.add_argument("--host", required=True, help="the IMAP server")
    p.add_argument("--port", type=int, help="default: 993 (--tls) or 143 (--starttls)")
    p.add_argument("--user", required=True, help="the login name")
    p.add_argument("--folder", default="INBOX", help="the folder to read (default: INBOX)")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="the local mail folder")
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--tls",
        dest="security",
        action="store_const",
        const="tls",
        help="implicit TLS (the default)",
    )
    how.add_argument(
        "--starttls",
        dest="security",
        action="store_const",
        const="starttls",
        help="plain connection upgraded with STARTTLS",
    )
    p.add_argument("--cafile", metavar="CA.pem", help="verify the server against this CA")
    p.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from this environment variable (else: a prompt)",
    )
    p.add_argument("--limit", type=int, metavar="N", help="fetch at most N mails in this run")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds (default: 60)")
    p.set_defaults(func=cmd_fetch_mail, security="tls")


def _password(args: argparse.Namespace, lang: str) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env, "")
        if not value:
            raise UsageError(detail=_t("no-env", lang, var=args.password_env))
        return value
    try:
        value = getpass.getpass(_t("prompt", lang, user=args.user, host=args.host))
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
    return EXIT_OK
