"""argparse's own usage errors in Chinese, by their English message ids
(argparse marks them for gettext), so that a usage error of
``reform-brand`` reads in the language of ``--lang`` as its help does.
English is argparse's own text.  Plain data: loaded only when a command
line is wrong, never by ``--help`` or ``--version``.

The ids hold argparse's placeholders (``%s``, ``%(name)r``); the Chinese
texts name the same values as :meth:`str.format` fields: ``{0}``, ``{1}``
for the unnamed ones in order, ``{name}`` for the named ones."""

from __future__ import annotations

#: argparse's message id -> the Chinese text.
ZH: dict[str, str] = {
    "argument %(argument_name)s: %(message)s": "参数 {argument_name}：{message}",
    "the following arguments are required: %s": "缺少必需的参数：{0}",
    "one of the arguments %s is required": "必须给出参数 {0} 之一",
    "not allowed with argument %s": "不能与参数 {0} 同时使用",
    "unrecognized arguments: %s": "无法识别的参数：{0}",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 {value}（可选：{choices}）",
    "invalid %(type)s value: %(value)r": "{value} 不是有效的{type}",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多接受一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 {0} 个值",
    "expected %s arguments": "需要 {0} 个值",
    "ignored explicit argument %r": "不接受值 {0}",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 {option} 有歧义，可能是：{matches}"
    ),
    "unexpected option string: %s": "多余的选项：{0}",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的命令 {parser_name}（可选：{choices}）"
    ),
}

#: The type of ``invalid %(type)s value`` (the name of the function that
#: converts the value) in Chinese; another type reads ``NAME 值``.
TYPES_ZH: dict[str, str] = {"int": "整数", "float": "数值"}
