"""The one message catalogue: every code's severity, origin, and messages in
zh and en.

Every finding the built-in rules and the engine can emit, every problem of an
edition's data, every error and every line of the command line has an entry,
keyed by its stable dotted code (:data:`MESSAGES`; :data:`CATALOGUE` is its
finding codes).  The entries are data in :mod:`reform_brand.codes`, one
module per part of the project, loaded explicitly by
:func:`builtin_catalogue`.  Messages are ``str.format`` templates rendered
from a finding's parameters; they never repeat the submitted value itself
(which may be huge or hostile), only what is expected.

A plugin registers the entries of its own codes through the
``reform_brand_messages`` hook (:class:`reform_brand.plugin.MessageRegistry`);
a rule may also bring them in a ``messages`` attribute (a mapping of code to
:class:`CodeInfo`).  The engine merges both in.

``docs/findings.md`` is generated from this module::

    python -m reform_brand.catalogue > docs/findings.md
    python -m reform_brand.catalogue --lang zh > docs/findings.zh.md

and a test fails when either page is out of date.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from reform_brand._textlist import TextList
from reform_brand._zhspace import format_zh
from reform_brand.codes._info import (
    SEVERITIES,
    CodeInfo,
    Kind,
    Localized,
    ParamValue,
    Severity,
)

__all__ = [
    "CATALOGUE",
    "MESSAGES",
    "SEVERITIES",
    "CodeInfo",
    "Kind",
    "Localized",
    "ParamValue",
    "Severity",
    "builtin_catalogue",
    "choices",
    "findings_markdown",
    "render_message",
]


def _entries(infos: Iterable[CodeInfo]) -> dict[str, CodeInfo]:
    out: dict[str, CodeInfo] = {}
    for info in infos:
        if info.code in out:
            raise ValueError(f"duplicate code {info.code}")
        out[info.code] = info
    return out


def builtin_catalogue() -> dict[str, CodeInfo]:
    """Every built-in message: finding codes, problems of an edition's data,
    errors and the command line's texts, loaded from :mod:`reform_brand.codes`.
    A code is defined once."""
    from reform_brand.codes import cli, engine, lint, mail, office, rules, texts

    parts = (engine, rules, office, mail, lint, texts, cli)
    return _entries(info for part in parts for info in part.ENTRIES)


# MESSAGES and CATALOGUE are built on first use (module ``__getattr__``):
# importing this module for CodeInfo, as the plugin host and every edition
# plugin do, does not load the code tables of every part of the project.
if TYPE_CHECKING:
    #: The one message catalogue of the built-in codes.
    MESSAGES: Mapping[str, CodeInfo]
    #: The finding codes (docs/findings.md): the catalogue's entries of kind
    #: ``finding``.
    CATALOGUE: Mapping[str, CodeInfo]

_LOCK = threading.Lock()
_TABLES: list[tuple[Mapping[str, CodeInfo], Mapping[str, CodeInfo]]] = []


def _tables() -> tuple[Mapping[str, CodeInfo], Mapping[str, CodeInfo]]:
    """MESSAGES and CATALOGUE, built once."""
    if not _TABLES:
        with _LOCK:
            if not _TABLES:
                messages = builtin_catalogue()
                findings = {c: info for c, info in messages.items() if info.kind == "finding"}
                globals().update(MESSAGES=messages, CATALOGUE=findings)
                _TABLES.append((messages, findings))
    return _TABLES[0]


def __getattr__(name: str) -> Any:
    if name == "MESSAGES":
        return _tables()[0]
    if name == "CATALOGUE":
        return _tables()[1]
    raise AttributeError(f"module 'reform_brand.catalogue' has no attribute {name!r}")


def render_message(
    code: str,
    params: Mapping[str, ParamValue],
    lang: str = "zh",
    catalogue: Mapping[str, CodeInfo] | None = None,
) -> str:
    """Render the message of ``code``; never raises on missing parameters."""
    messages = _tables()[0]
    info = (catalogue or messages).get(code)
    if info is None and catalogue is not None:
        info = messages.get(code)
    if info is None:
        return code
    template = info.en if lang == "en" else info.zh
    sep = ", " if lang == "en" else "、"
    values = _Defaulting({k: _shown(v, lang, sep) for k, v in params.items()})
    try:
        return template.format_map(values) if lang == "en" else format_zh(template, values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return code


def choices(named: Iterable[tuple[str, str, str]]) -> Localized:
    """What may be written, as a message parameter: each choice (its id,
    its Chinese and its English name) by its name with the id to write,
    ``省级学会（provincial-society）、…`` / ``provincial-society
    (Provincial society), …``."""
    listed = list(named)
    return Localized(
        zh="、".join(f"{zh}（{id_}）" for id_, zh, _en in listed),
        en=", ".join(f"{id_} ({en or zh})" for id_, zh, en in listed),
    )


#: The most names of a list parameter that a message shows.
NAMES_SHOWN: Final = 100


def _shown(value: ParamValue, lang: str, sep: str) -> object:
    if isinstance(value, Localized):
        return value.text(lang)
    if isinstance(value, tuple | TextList):
        if len(value) <= NAMES_SHOWN:
            return sep.join(value)
        more = len(value) - NAMES_SHOWN
        rest = f" … (and {more} more)" if lang == "en" else f"……（另有 {more} 项）"
        return sep.join(itertools.islice(value, NAMES_SHOWN)) + rest
    return value


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        # An English template may name a ``*_en`` parameter that a rule did not
        # give; fall back to the plain one, then to the placeholder.
        if key.endswith("_en") and key[:-3] in self:
            return str(self[key[:-3]])
        return "{" + key + "}"


#: The findings reference's own words, per language (the page is generated).
_PAGE: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "# Findings reference",
        "file": "docs/findings.md",
        "intro": """Every finding has a stable dotted **code**, a **severity** (`error`, `warning`
or `info`), the submission and file it belongs to, a JSON **pointer** into the
submission envelope (form fields are under `/data`), the **clause** of the
notice behind it, and a message in Chinese and English rendered from the
templates below with the finding's **params**. Tests and portals should rely
on codes and pointers, never on the wording.

A submission with any `error` finding is not acceptable as it stands; `check`
exits with 1 when a batch holds one. Warnings are for the office to judge.""",
        "engine": "Envelope and files (the engine)",
        "rule": "Rule `{rule}`",
        "head": "| Code | Severity | 中文 | English |",
    },
    "zh": {
        "title": "# 检查结果代码",
        "file": "docs/findings.zh.md",
        "intro": """每条检查结果（finding）都有一个固定的**代码**（如 `quota.exceeded`）、一个
**级别**（`error` 错误、`warning` 警告、`info` 提示）、所属的申报和文件、指向申报
数据的 JSON **指针**（表格字段在 `/data` 下）、所依据的通知**条款**，以及由下表的
中英文模板和该结果的**参数**生成的提示语。测试和门户应依据代码和指针判断，而不是
提示语的文字。

有任何 `error` 级别结果的申报，按原样不能受理；一批申报中有这样的结果时，`check`
的退出码为 1。警告（warning）由办公室酌情判断。""",
        "engine": "申报信封与文件（引擎）",
        "rule": "规则 `{rule}`",
        "head": "| 代码 | 级别 | 中文 | English |",
    },
}


def findings_markdown(catalogue: Mapping[str, CodeInfo] | None = None, lang: str = "en") -> str:
    """The findings reference page as Markdown: ``docs/findings.md``
    (``lang="en"``) or ``docs/findings.zh.md`` (``lang="zh"``); both show
    every code's Chinese and English message."""
    cat = catalogue or _tables()[1]
    words = _PAGE["zh" if lang == "zh" else "en"]
    flag = " --lang zh" if lang == "zh" else ""
    lines = [
        words["title"],
        "",
        "<!-- Generated from the catalogue (src/reform_brand/codes/); do not edit by hand.",
        f"     python -m reform_brand.catalogue{flag} > {words['file']}",
        "     (a test compares this page with the catalogue). -->",
        "",
        words["intro"],
        "",
    ]
    by_rule: dict[str, list[CodeInfo]] = {}
    for info in cat.values():
        by_rule.setdefault(info.rule, []).append(info)
    for rule in sorted(by_rule, key=lambda r: (r != "engine", r)):
        title = words["engine"] if rule == "engine" else words["rule"].format(rule=rule)
        lines += [f"## {title}", ""]
        lines += [words["head"], "| --- | --- | --- | --- |"]
        for info in by_rule[rule]:
            lines.append(
                f"| `{info.code}` | {info.severity} | {_cell(info.zh)} | {_cell(info.en)} |"
            )
        notes = [info for info in by_rule[rule] if info.about]
        if notes:
            lines.append("")
            lines += [f"- `{info.code}`: {info.about}" for info in notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the findings reference page: ``docs/findings.md``, or with
    ``--lang zh`` ``docs/findings.zh.md``."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = "zh" if args[-2:] == ["--lang", "zh"] or "--lang=zh" in args else "en"
    sys.stdout.write(findings_markdown(lang=lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
