"""What Python's parsers say, in both languages: a TOML syntax error
(:func:`toml_reason`), a regular expression that does not compile
(:func:`pattern_reason`), and JSON type names (:func:`type_names`).

Python gives these in English ("Expected '=' after a key in a key/value pair
(at line 3, column 10)", "missing ), unterminated subpattern at position 0",
"integer"), which a Chinese message would carry as it is.  As in
:mod:`reform_brand.codes.reasons`, each is a
:class:`~reform_brand.codes._info.Localized` whose English text and ``value``
(what the JSON form of a finding carries) are Python's own; the Chinese one
says the same with the line and column kept.  A message not in the tables
is shown as Python gives it, after the place in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from reform_brand.codes._info import Localized

__all__ = [
    "pattern_reason",
    "toml_place_and_reason",
    "toml_reason",
    "toml_wide_hint",
    "type_names",
    "wide_hint",
]

#: tomllib's messages, the text before " (at ...)": (pattern, Chinese), in
#: order; ``{x}`` in the Chinese is the pattern's group ``x``.
_TOML: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (
            r"Expected newline or end of document after a statement",
            "一条语句之后应换行（同一行只能写一个键值对）",
        ),
        (r"Expected '=' after a key in a key/value pair", "键之后应为等号 ="),
        (r"Invalid statement", "无效的语句"),
        (r"Expected ']' at the end of a table declaration", "表头应以 ] 结束"),
        (r"Expected ']]' at the end of an array declaration", "数组表头应以 ]] 结束"),
        (
            r"Invalid initial character for a key part",
            "键的第一个字符无效（含中文、空格或点的键名要加引号）",
        ),
        (r"Invalid value", "无效的值（文字要加引号）"),
        (r"Invalid date or datetime", "无效的日期或时间"),
        (r"Unterminated string", "字符串没有结束（缺少结束的引号）"),
        (r"Expected (?P<x>'.*'|\".*\")", "字符串没有结束（缺少 {x}）"),
        (r"Unclosed array", "数组没有结束（缺少 ]）"),
        (r"Unclosed inline table", "内联表没有结束（缺少 }}）"),
        (
            r"Unescaped '\\' in a string",
            "字符串中有未转义的反斜杠 \\（请写成 \\\\，或改用单引号字符串）",
        ),
        (r"Invalid hex value", "无效的 \\u 或 \\U 转义"),
        (r"Escaped character is not a Unicode scalar value", "转义所写的字符不存在"),
        (r"Found invalid character (?P<x>.+)", "出现了不允许的字符 {x}"),
        (r"Illegal character (?P<x>.+)", "字符串中有不允许的字符 {x}"),
        (r"Cannot overwrite a value", "不能覆盖已有的值（同一个键写了两次？）"),
        (r"Cannot declare (?P<x>.+) twice", "{x} 重复声明"),
        (r"Cannot mutate immutable namespace (?P<x>.+)", "{x} 已经定义完，不能再修改"),
        (r"Cannot redefine namespace (?P<x>.+)", "不能重新定义 {x}"),
        (r"Duplicate inline table key (?P<x>.+)", "内联表中的键 {x} 重复"),
    )
)

#: Where tomllib says its error is.
_TOML_AT: Final = re.compile(
    r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$", re.S
)

#: The regular expression parser's messages (``re.error.msg``): (pattern,
#: Chinese), in order, as :data:`_TOML`.
_RE: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"missing \), unterminated subpattern", "缺少右括号 )，分组没有结束"),
        (r"missing \), unterminated comment", "缺少右括号 )，注释没有结束"),
        (r"missing (?P<x>[>)]), unterminated name", "缺少 {x}，名称没有结束"),
        (r"unbalanced parenthesis", "括号不成对（多了右括号 )）"),
        (r"nothing to repeat", "量词前面没有可重复的内容"),
        (r"multiple repeat", "量词连用（如 a** 或 a{{2}}+）"),
        (r"unterminated character set", "字符类没有结束（缺少 ]）"),
        (r"bad escape \(end of pattern\)", "表达式以单个反斜杠 \\ 结尾"),
        (r"bad escape (?P<x>.+)", "无效的转义 {x}"),
        (r"incomplete escape (?P<x>.+)", "不完整的转义 {x}"),
        (r"bad character range (?P<x>.+)", "无效的字符范围 {x}（起点大于终点）"),
        (r"unknown extension (?P<x>.+)", "未知的扩展写法 {x}"),
        (r"missing group name", "缺少分组名"),
        (r"bad character in group name (?P<x>.+)", "分组名 {x} 中有无效字符"),
        (r"unknown group name (?P<x>.+)", "未知的分组名 {x}"),
        (r"redefinition of group name (?P<x>\S+) .*", "分组名 {x} 重复"),
        (r"invalid group reference (?P<x>\d+)", "无效的分组引用 {x}"),
        (r"cannot refer to an open group", "不能引用尚未结束的分组"),
        (
            r"cannot refer to group defined in the same lookbehind subpattern",
            "后行断言中不能引用其中定义的分组",
        ),
        (r"look-behind requires fixed-width pattern", "后行断言 (?<=…) 或 (?<!…) 的内容必须定长"),
        (r"min repeat greater than max repeat", "量词的最小次数大于最大次数"),
        (r"the repetition number is too large", "量词的重复次数太大"),
        (r"unexpected end of pattern", "表达式意外结束"),
        (r"global flags not at the start of the expression", "全局标志必须写在表达式开头"),
        (r"bad inline flags: .*|unknown flag|missing flag", "无效的内联标志"),
        (r"missing -, : or \)", "缺少 -、: 或 )"),
        (r"missing (?P<x>[:<{])", "缺少 {x}"),
        (r"too many groups", "分组太多"),
    )
)

#: JSON type names (and ``table``, what TOML calls an object): Chinese.
_TYPES: Final[dict[str, str]] = {
    "object": "对象",
    "table": "表",
    "array": "数组",
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "null": "空值",
}


def _known(message: str, table: Iterable[tuple[re.Pattern[str], str]]) -> str | None:
    """The Chinese for ``message``, by the first pattern of ``table`` it
    matches whole; None when it matches none."""
    for pattern, zh in table:
        m = pattern.fullmatch(message)
        if m is not None:
            return zh.format(**{k: _key(v) for k, v in m.groupdict().items()})
    return None


def _key(text: str) -> str:
    """A TOML key as tomllib names it, ``('a', 'b')``, as written: ``a.b``."""
    if text.startswith("(") and text.endswith(")"):
        parts = re.findall(r"'([^']*)'|\"([^\"]*)\"", text)
        if parts:
            return ".".join(a or b for a, b in parts)
    return text


def toml_place_and_reason(exc: BaseException | str) -> tuple[str, str]:
    """Where a TOML syntax error is (``第 3 行第 10 列``, ``文件末尾``, or ""
    when tomllib does not say) and what it is, in Chinese (tomllib's words
    when the message is not a known one)."""
    own = str(exc)
    at = _TOML_AT.fullmatch(own)
    message = at["msg"] if at else own
    if at is None:
        where = ""
    elif at["line"] is None:
        where = "文件末尾"
    else:
        where = f"第 {at['line']} 行第 {at['col']} 列"
    zh = _known(message, _TOML)
    return where, zh if zh is not None else message


#: Before and after the place of an error inside a date or time that does
#: not exist: tomllib reads ``2023-13-01`` as the number 2023 and then stops
#: at ``-13-01`` ("Expected newline..."), ``2023-07-16T25:00`` as a date.
_DATE_BEFORE: Final = re.compile(r"=\s*[0-9]{4}(?:-[0-9]{2}-[0-9]{2})?$")
_DATE_AFTER: Final = re.compile(r"^[-T ][0-9]")
_BAD_DATE_ZH: Final = "日期或时间不存在（月为 1–12，日须为当月有的日子，时为 0–23，分和秒为 0–59）"
_BAD_DATE_EN: Final = (
    "; the date or time does not exist (months 1-12, a day the month has, "
    "hours 0-23, minutes and seconds 0-59)"
)


#: Characters a Chinese input method types where TOML wants ASCII: the
#: quotation marks (“文字”, 「文字」), and the full-width forms (＝, ２０２３).
_WIDE: Final = {
    **{ord(c): '"' for c in "“”「」『』"},
    **{ord(c): "'" for c in "‘’"},
    **{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
}


def toml_wide_hint(exc: BaseException | str, text: str | None) -> Localized | None:
    """What to say of a TOML syntax error at a Chinese (full-width)
    character of ``text``, typed where TOML takes an ASCII one (``“`` for
    ``"``, ``＝`` for ``=``): tomllib's own words ("Invalid value") read as
    if the text were not quoted at all.  None for any other error."""
    at = _TOML_AT.fullmatch(str(exc))
    if text is None or at is None or at["line"] is None:
        return None
    lines = text.splitlines()
    line, col = int(at["line"]), int(at["col"])
    if not 0 < line <= len(lines) or not 0 < col <= len(lines[line - 1]):
        return None
    return wide_hint(lines[line - 1][col - 1], "TOML")


def wide_hint(ch: str, syntax: str) -> Localized | None:
    """What to say of character ``ch`` where a ``syntax`` (TOML, JSON) error
    is, when it is a Chinese (full-width) character typed where the syntax
    takes an ASCII one; else None."""
    ascii_ch = _WIDE.get(ord(ch)) if len(ch) == 1 else None
    if ascii_ch is None:
        return None
    return Localized(
        zh=f"写了中文（全角）字符「{ch}」，{syntax} 只认英文（半角）的「{ascii_ch}」",
        en=f"'{ch}' is a Chinese (full-width) character: {syntax} takes the ASCII '{ascii_ch}'",
        value=ch,
    )


def _impossible_date(exc: BaseException | str, text: str | None) -> bool:
    """Whether the error is in a date or time whose numbers are out of range."""
    at = _TOML_AT.fullmatch(str(exc))
    if text is None or at is None or at["line"] is None:
        return False
    lines = text.splitlines()
    line, col = int(at["line"]), int(at["col"])
    if not 0 < line <= len(lines):
        return False
    before, after = lines[line - 1][: col - 1], lines[line - 1][col - 1 :]
    return bool(_DATE_BEFORE.search(before) and _DATE_AFTER.match(after))


def toml_reason(exc: BaseException | str, text: str | None = None) -> Localized:
    """A TOML syntax error (``tomllib.TOMLDecodeError`` or its text): in
    Chinese, where (line and column, or the end of the file) and what
    (``第 3 行第 10 列，键之后应为等号 =``); in
    English and as its value, tomllib's text.  Given the document's
    ``text``, an error inside a date that does not exist (``2023-13-01``)
    says so, where tomllib speaks of a missing newline."""
    where, what = toml_place_and_reason(exc)
    own = str(exc)
    if _impossible_date(exc, text):
        what = _BAD_DATE_ZH
        return Localized(zh=f"{where}，{what}", en=own + _BAD_DATE_EN, value=own)
    wide = toml_wide_hint(exc, text)
    if wide is not None:
        return Localized(zh=f"{where}，{wide.zh}", en=f"{own}; {wide.en}", value=own)
    return Localized(zh=f"{where}，{what}" if where else what, en=own, value=own)


def pattern_reason(exc: BaseException) -> Localized:
    """Why a regular expression does not compile (``re.error``, or the
    ``OverflowError`` of a repeat count too large): in Chinese, what and
    where (the character, counted from 1); in English and as its value,
    Python's text."""
    own = str(exc)
    message = exc.msg if isinstance(exc, re.error) else own
    zh = _known(message, _RE)
    pos = exc.pos if isinstance(exc, re.error) else None
    where = f"（在第 {pos + 1} 个字符处）" if pos is not None else ""
    return Localized(zh=(zh if zh is not None else message) + where, en=own, value=own)


def type_names(names: str | Sequence[str]) -> Localized:
    """JSON type names (``"integer"``, or several: ``integer/string``) in
    Chinese (``整数``, ``整数/字符串``); in English and as the value, the
    names themselves.  A name not in the table is kept as it is."""
    items = [names] if isinstance(names, str) else list(names)
    own = "/".join(items)
    return Localized(zh="/".join(_TYPES.get(n, n) for n in items), en=own, value=own)
