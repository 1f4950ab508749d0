"""argparse's usage errors in the language of the command line, with their
code: ``用法错误：参数 --year：'abc' 不是有效的整数 [cli.usage]``.

argparse hands :meth:`argparse.ArgumentParser.error` its message already
formatted from its English message ids; :func:`usage_line` matches the
message against those ids (:mod:`reform_brand.codes.cli_argparse`) and
formats the Chinese text with the same values (option names, the values
given, the choices), which stay as they were typed.  A message that is no
id of argparse's (a type's own message, already in the language of the
command line) is kept as it is.  Imported only when a command line is
wrong.
"""

from __future__ import annotations

import re

from reform_brand.codes.cli_argparse import TYPES_ZH, ZH

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")

#: The message argparse puts an argument's name in front of.
_ARGUMENT = "argument %(argument_name)s: %(message)s"


def _pattern(msgid: str) -> re.Pattern[str]:
    """The messages argparse formats from ``msgid``: each placeholder a
    group (``_0``, ``_1``... for the unnamed ones)."""
    parts: list[str] = []
    at = unnamed = 0
    for found in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[at : found.start()]))
        name = found.group(1)
        if name is None:
            name, unnamed = f"_{unnamed}", unnamed + 1
        parts.append(f"(?P<{name}>.*?)")
        at = found.end()
    parts.append(re.escape(msgid[at:]))
    return re.compile("".join(parts), re.DOTALL)


_ARGUMENT_PATTERN = _pattern(_ARGUMENT)

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_pattern(msgid), zh) for msgid, zh in ZH.items() if msgid != _ARGUMENT
]


def translate(message: str, lang: str) -> str:
    """argparse's ``message`` in ``lang`` (zh or en).  Of ``argument NAME:
    MESSAGE``, the inner message is translated too, and NAME is left out
    when the inner message starts with it (a type's own message naming its
    option, as ``--jobs`` does)."""
    found = _ARGUMENT_PATTERN.fullmatch(message)
    if found is not None:
        name, inner = found["argument_name"], translate(found["message"], lang)
        if inner.startswith(name + " "):
            return inner
        if lang == "en":
            return _ARGUMENT % {"argument_name": name, "message": inner}
        return ZH[_ARGUMENT].format(argument_name=name, message=inner)
    if lang == "en":
        return message
    for pattern, zh in _PATTERNS:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        named = {k: v for k, v in found.groupdict().items() if not k.startswith("_")}
        unnamed = [v for k, v in sorted(found.groupdict().items()) if k.startswith("_")]
        if "type" in named:
            named["type"] = TYPES_ZH.get(named["type"], named["type"] + " 值")
        return zh.format(*unnamed, **named)
    return message


def usage_line(message: str, lang: str) -> str:
    """The line of a usage error: ``用法错误：MESSAGE [cli.usage]``."""
    from reform_brand.i18n import render

    return f"{render('cli.usage', {'detail': translate(message, lang)}, lang)} [cli.usage]"
