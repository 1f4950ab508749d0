"""Messages a clerk reads: no JSON Schema keyword or English phrase inside a
Chinese message, each limit in words, the field named."""

from __future__ import annotations

import copy
import re
import string
from pathlib import Path
from typing import Any, Final

import pytest

from reform_brand import Validator
from reform_brand.catalogue import MESSAGES, Localized, render_message
from reform_brand.engine._keywords import KEYWORD_PROBLEMS, keyword_problem
from reform_brand.findings import ParamValue, param_json
from tests.finding_params import texts
from tests.validation.helpers import APPLICATION, NOW

#: JSON Schema 2020-12 keywords a value can fail (and ``false``).
KEYWORDS: Final = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
    "const",
    "enum",
    "type",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "required",
    "dependentRequired",
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "items",
    "prefixItems",
    "unevaluatedItems",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "if",
    "then",
    "else",
]

#: ASCII words a Chinese message may hold: file formats, standards, names of
#: mail headers, literal values.  Not the manifest's keys (``unit.kind``): a
#: clerk is told what to write there in Chinese (清单文件, 单位类别).
ALLOWED: Final = frozenset(
    [
        "JSON",
        "json",
        "Word",
        "WORD",
        "PDF",
        "docx",
        # (A Word file's own names: a form saved macro-enabled or as a template.)
        "docm",
        "dotm",
        "zip",
        "odt",
        "wps",
        "WPS",
        "rar",
        "7z",
        "doc",
        "UTF-8",
        "BOM",
        "ISO",
        "RFC",
        "YYYY-MM-DD",
        "NUL",
        "DOCTYPE",
        "MIME",
        "GB18030",
        "GBK",
        "HTML",
        "Received",
        "Date",
        "null",
        "UUID",
    ]
)
_ISO: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:[+-]\d\d:\d\d|Z)?")
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]")


def _sample(template: str) -> str:
    """``template`` with every parameter filled in with Chinese text, so that
    whatever ASCII is left comes from the template itself."""
    names = {
        f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f
    }
    return template.format_map(dict.fromkeys(names, "某某"))


def _ascii_words(text: str) -> set[str]:
    return set(_WORD.findall(_ISO.sub("", text))) - ALLOWED


#: Findings of the edition linter are for maintainers: they name the data's keys.
CLERK_CODES: Final = sorted(
    c for c, i in MESSAGES.items() if i.kind == "finding" and not c.startswith("lint.")
)


@pytest.mark.parametrize("code", CLERK_CODES)
def test_no_keyword_or_english_phrase_in_a_chinese_finding_message(code: str) -> None:
    text = _sample(MESSAGES[code].zh)
    assert _ascii_words(text) == set(), text


#: A limit of each keyword as a schema gives it.
SAMPLE_LIMITS: Final[dict[str, Any]] = {
    "minimum": 1,
    "maximum": 10000,
    "exclusiveMinimum": 0,
    "exclusiveMaximum": 100.5,
    "multipleOf": 0.5,
    "format": "date-time",
    "const": 1,
    "enum": [1, 2, 3],
    "type": ["string", "null"],
    "pattern": "^1[0-9]{10}$",
    "minLength": 2,
    "maxLength": 100,
    "minItems": 1,
    "maxItems": 3,
    "uniqueItems": True,
    "contains": {"const": 1},
    "minContains": 1,
    "maxContains": 2,
    "required": ["name"],
    "dependentRequired": {"a": ["b"]},
    "additionalProperties": False,
    "unevaluatedProperties": False,
    "propertyNames": {"maxLength": 3},
    "minProperties": 1,
    "maxProperties": 5,
    "items": {"type": "integer"},
    "prefixItems": [{"type": "integer"}],
    "unevaluatedItems": False,
    "oneOf": [{"const": 1}],
    "anyOf": [{"const": 1}],
    "allOf": [{"const": 1}],
    "not": {"const": 1},
    "if": {"const": 1},
    "then": {"const": 1},
    "else": {"const": 1},
}


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_every_keyword_has_a_chinese_problem(keyword: str) -> None:
    assert keyword in KEYWORD_PROBLEMS
    problem = keyword_problem(keyword, SAMPLE_LIMITS[keyword])
    assert problem.value == keyword
    for code in ("form.invalid", "envelope.invalid"):
        params: dict[str, ParamValue] = {
            "label": "项目名称",
            "field": "单位名称",
            "problem": problem,
        }
        zh, en = render_message(code, params, "zh"), render_message(code, params, "en")
        assert keyword not in zh, zh
        assert not _ascii_words(zh), zh
        assert zh != en


@pytest.mark.parametrize("limit", [1, "x", None, {"a": 1}, [1, "b"], 2.5, True])
def test_a_keyword_problem_never_fails_on_an_odd_limit(limit: object) -> None:
    for keyword in KEYWORDS:
        assert keyword_problem(keyword, limit).zh


def test_limits_are_named_in_words() -> None:
    assert keyword_problem("minimum", 1).zh == "不能小于 1"
    assert keyword_problem("maxItems", 3).zh == "至多 3 项"
    assert keyword_problem("exclusiveMaximum", 10).zh == "应小于 10"
    assert keyword_problem("multipleOf", 0.5).zh == "应为 0.5 的整数倍"
    assert keyword_problem("minLength", 1).zh == "不能为空"
    assert "YYYY-MM-DD" in keyword_problem("format", "date").zh


def test_envelope_messages_name_their_field(validator: Validator) -> None:
    env: dict[str, Any] = copy.deepcopy(APPLICATION)
    env["unit"]["name"] = "单" * 300
    env["reform_items"] = [3, 3]
    env["id"] = ""
    report = validator.validate(env, now=NOW)
    found = {f.code: f for f in report.findings}
    too_long = found["envelope.too-long"]
    assert too_long.pointer == "/unit/name"
    assert too_long.message("zh").startswith("“单位名称”过长：300 个字符")
    assert "Unit name" in too_long.message("en")
    assert found["envelope.duplicate-items"].message("zh").startswith("“所属改革重点事项”")
    assert found["envelope.empty"].message("zh") == "“申报编号”不能为空"


def test_an_envelope_limit_with_no_finding_of_its_own(validator: Validator) -> None:
    env: dict[str, Any] = copy.deepcopy(APPLICATION)
    env["reform_items"] = [3, 0]
    report = validator.validate(env, now=NOW)
    f = next(f for f in report.findings if f.code == "envelope.invalid")
    assert f.pointer == "/reform_items/1"
    assert f.params["keyword"] == "minimum"
    assert f.message("zh") == "“改革事项编号”取值无效：不能小于 1"
    assert f.message("en") == "'Reform item number' is invalid: must not be less than 1"
    assert isinstance(f.params["problem"], Localized)
    assert param_json(f.params["problem"]) == "minimum"


def test_unknown_kind_lists_the_chinese_names(validator: Validator) -> None:
    env: dict[str, Any] = copy.deepcopy(APPLICATION)
    env["unit"]["kind"] = "省级学会"
    report = validator.validate(env, now=NOW)
    f = next(f for f in report.findings if f.code == "eligibility.unknown-kind")
    text = f.message("zh")
    assert "省级学会（provincial-society）" in text and "市级科协（city-association）" in text
    assert texts(f, "available")[0] == "provincial-society"


def test_findings_made_from_real_failures_keep_english_details_out_of_chinese(
    tmp_path: Path,
) -> None:
    """The parameters a failure fills in (a parser's message, an exception's
    name, a limit's reason) stay in the JSON and the English message."""
    import zipfile

    from reform_brand import parse_envelope
    from reform_brand.findings import Finding
    from reform_brand.host import Host
    from reform_brand.office import read_form
    from reform_brand.safeopen import MAX_ZIP_ENTRIES

    edition = Host.create().edition("shandong-2022")
    found: list[Finding] = []
    found += parse_envelope(b"\xff\xfe").findings
    found += parse_envelope(b'{"a": }').findings
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("word/document.xml", "<w:document")
        zf.writestr("[Content_Types].xml", "<Types/>")
    found += read_form(edition, broken).findings
    bomb = tmp_path / "many.docx"
    with zipfile.ZipFile(bomb, "w") as zf:
        for i in range(MAX_ZIP_ENTRIES + 1):
            zf.writestr(f"x/{i}", "")
    found += read_form(edition, bomb).findings
    codes = {f.code for f in found}
    assert {"envelope.not-json", "read.unreadable", "read.unsafe-zip"} <= codes, codes
    for f in found:
        assert _ascii_words(f.message("zh")) == set(), (f.code, f.message("zh"))
    unsafe = next(f for f in found if f.code == "read.unsafe-zip")
    assert unsafe.params["reason"] == "entries"
    assert "number of entries" in unsafe.message("en")


#: An English article put before a parameter: "a {kind_name}" gives "a
#: enterprise association" for a name the edition chooses.
_ARTICLE: Final = re.compile(r"(?<![A-Za-z])an?\s+\{", re.IGNORECASE)


def test_no_english_article_depends_on_a_parameter() -> None:
    assert [c for c, i in MESSAGES.items() if _ARTICLE.search(i.en)] == []
