"""The texts of ``fetch-mail``: what it fetched, and why it could not
(entries of :mod:`reform_brand.codes.cli`)."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    CodeInfo(
        code="cli.mail.fetched",
        severity=E,
        rule="cli",
        kind="text",
        zh="已取回 {n} 封新邮件到 {out}"
        "（服务器上共 {exists} 封；UIDVALIDITY {validity}，最后 UID {uid}）",
        en="fetched {n} new mail(s) into {out} "
        "({exists} on the server; UIDVALIDITY {validity}, last UID {uid})",
    ),
    CodeInfo(
        code="cli.mail.deleted",
        severity=E,
        rule="cli",
        kind="text",
        zh="另有 {n} 封邮件已被标记删除（尚未彻底清除），没有取回：删除了的邮件不算收到的申报",
        en="{n} more mail(s) are flagged deleted (not expunged yet) and were not fetched: "
        "a deleted mail is no received application",
    ),
    CodeInfo(
        code="cli.mail.expunged",
        severity=E,
        rule="cli",
        kind="text",
        zh="另有 {n} 封邮件在本次运行期间已从服务器上删除并彻底清除，没有取回："
        "删除了的邮件不算收到的申报",
        en="{n} more mail(s) were deleted and expunged on the server while this run went on "
        "and were not fetched: a deleted mail is no received application",
    ),
    CodeInfo(
        code="cli.mail.empty",
        severity=E,
        rule="cli",
        kind="text",
        zh="另有 {n} 封邮件在服务器上是空的（服务器没有发来任何内容），无法取回；其他邮件照常取回",
        en="{n} more mail(s) are empty on the server (it sent nothing of them) and could not "
        "be fetched; the others were",
    ),
    CodeInfo(
        code="cli.mail.reset",
        severity=E,
        rule="cli",
        kind="text",
        zh="服务器的 UIDVALIDITY 已变化，已重新取回全部邮件",
        en="the server's UIDVALIDITY changed; every mail was fetched again",
    ),
    CodeInfo(
        code="cli.mail.saved",
        severity=E,
        rule="cli",
        kind="text",
        zh="已保存 {path}",
        en="saved {path}",
    ),
    CodeInfo(
        code="cli.mail.no-env",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {var} 未设置或为空（--password-env）",
        en="the environment variable {var} is not set or empty (--password-env)",
    ),
    CodeInfo(
        code="cli.mail.no-password",
        severity=E,
        rule="cli",
        kind="text",
        zh="未输入密码",
        en="no password was given",
    ),
    CodeInfo(
        code="cli.mail.no-terminal",
        severity=E,
        rule="cli",
        kind="text",
        zh="没有可以输入密码的终端；请用 --password-env 指定存有密码的环境变量",
        en="no terminal to ask for the password on; name an environment variable "
        "that holds it with --password-env",
    ),
    CodeInfo(
        code="cli.mail.prompt",
        severity=E,
        rule="cli",
        kind="text",
        zh="{user}@{host} 的密码：",
        en="password for {user}@{host}: ",
    ),
    CodeInfo(
        code="cli.mail.connect",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法连接 IMAP 服务器：{detail}",
        en="cannot connect to the IMAP server: {detail}",
    ),
    CodeInfo(
        code="cli.mail.tls",
        severity=E,
        rule="cli",
        kind="text",
        zh="TLS 失败（证书无法验证？可用 --cafile 指定 CA 证书）：{detail}",
        en="TLS failed (certificate not verified? --cafile names a CA certificate): {detail}",
    ),
    CodeInfo(
        code="cli.mail.cafile",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法读取 --cafile 指定的 CA 证书：{detail}",
        en="cannot read the CA certificate --cafile names: {detail}",
    ),
    CodeInfo(
        code="cli.mail.auth",
        severity=E,
        rule="cli",
        kind="text",
        zh="登录失败（用户名或密码错误）：{detail}",
        en="login failed (user or password): {detail}",
    ),
    CodeInfo(
        code="cli.mail.folder",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法打开邮件夹：{detail}",
        en="cannot open the folder: {detail}",
    ),
    CodeInfo(
        code="cli.mail.state",
        severity=E,
        rule="cli",
        kind="text",
        zh="输出目录保存的是另一个账号或邮件夹的邮件：{detail}；请换一个目录",
        en="the output folder holds mail of another account or folder: {detail}; use another",
    ),
    CodeInfo(
        code="cli.mail.write",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法写入：{detail}",
        en="cannot write: {detail}",
    ),
    CodeInfo(
        code="cli.mail.protocol",
        severity=E,
        rule="cli",
        kind="text",
        zh="IMAP 服务器的回应无法理解：{detail}",
        en="unexpected IMAP reply: {detail}",
    ),
    CodeInfo(
        code="cli.mail.bad-limit",
        severity=E,
        rule="cli",
        kind="text",
        zh="--limit 必须是正整数",
        en="--limit must be a positive number",
    ),
    CodeInfo(
        code="cli.mail.bad-timeout",
        severity=E,
        rule="cli",
        kind="text",
        zh="--timeout 应为大于 0、不超过 {limit} 的秒数，而不是“{value}”",
        en="--timeout must be a number of seconds above 0 and at most {limit}, not '{value}'",
    ),
    CodeInfo(
        code="cli.mail.bad-port",
        severity=E,
        rule="cli",
        kind="text",
        zh="--port 应为 1 到 65535 之间的整数，而不是“{value}”",
        en="--port must be a whole number from 1 to 65535, not '{value}'",
    ),
    CodeInfo(
        code="cli.mail.bad-host",
        severity=E,
        rule="cli",
        kind="text",
        zh="--host 应为主机名或 IP 地址（每段 1 到 63 个字符；端口用 --port 给出），"
        "而不是“{value}”",
        en="--host must be a host name or an IP address "
        "(each label 1 to 63 characters; the port is given with --port), not '{value}'",
    ),
)
