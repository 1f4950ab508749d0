"""What real users type, field by field: ajv's verdict on the submission
schema equals the server's (tests/portal/test_differential.py leaves out the
same server-only checks).  Each case is one value put into a valid envelope;
the table names what it is, so a disagreement says which input splits the
two sides."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from reform_brand import Edition, Host, submission_schema
from reform_brand.engine import Validator
from reform_brand.submission import read_envelope
from tests.portal._node import ajv_verdicts
from tests.portal.test_differential import EXAMPLES, NOW, SERVER_ONLY

ASTRAL = "\U0001f600"  # 😀, one code point, two UTF-16 units
#: (pointer into the application envelope, value); every one is judged alike
#: by ajv and the server, whichever way.
APPLICATION_CASES: list[tuple[str, Any]] = [
    # phones
    ("/data/contact/mobile", "１３８０５３１００００"),
    ("/data/contact/mobile", "+86 138 0531 0000"),
    ("/data/contact/mobile", "+8613805310000"),
    ("/data/contact/mobile", "138-0531-0000"),
    ("/data/contact/mobile", "138 0531 0000"),
    ("/data/contact/mobile", "13805310000\r\n"),
    ("/data/contact/mobile", "\u00a013805310000"),
    ("/data/contact/mobile", "138053100000"),
    ("/data/contact/mobile", "1380531000"),
    ("/data/contact/mobile", "23805310000"),
    ("/data/contact/mobile", "4008001234"),
    ("/data/contact/mobile", "400-800-1234"),
    ("/data/contact/office_phone", "0531-12345678-123"),
    ("/data/contact/office_phone", "０５３１-１２３４５６７８-１２３"),
    ("/data/contact/office_phone", "0531-12345678-1234567"),
    ("/data/contact/office_phone", "0531-12345678转123"),
    ("/data/contact/office_phone", "(0531)82073271"),
    ("/data/contact/office_phone", "0531 82073271"),
    ("/data/contact/office_phone", "053182073271"),
    ("/data/contact/office_phone", "+86-531-82073271"),
    ("/data/contact/office_phone", "400-800-1234"),
    ("/data/contact/office_phone", "4008001234"),
    ("/data/contact/office_phone", "13805310000"),
    ("/data/contact/office_phone", "010-12345678"),
    ("/data/contact/office_phone", "0531-1234567"),
    ("/data/contact/office_phone", "0531\u201482073271"),
    ("/data/contact/office_phone", "0531-8207\u030132 71"),
    ("/data/contact/office_phone", "0531-82073271\u2028"),
    ("/data/contact/office_phone", "0531-８２０７３２７１ "),
    # blanks alone, longer than the cap (20, 11, 254): blank, not too long
    ("/data/contact/office_phone", " " * 21),
    ("/data/contact/office_phone", "\u200b" * 21),
    ("/data/contact/mobile", "\u3000" * 12),
    ("/data/contact/mobile", "\u200b" * 12),
    ("/data/contact/email", "\ufeff" * 255),
    # e-mail
    ("/data/contact/email", "ｊｎ＠ｅｘａｍｐｌｅ．ｃｎ"),
    ("/data/contact/email", "jn@example.cn"),
    ("/data/contact/email", "jn+portal@example.cn"),
    ("/data/contact/email", "jn@科协.中国"),
    ("/data/contact/email", "科协@example.cn"),
    ("/data/contact/email", "jn@xn--fiq228c.xn--fiqs8s"),
    ("/data/contact/email", "jn@example"),
    ("/data/contact/email", "jn@@example.cn"),
    ("/data/contact/email", "jn@example.cn."),
    ("/data/contact/email", "jn@-example.cn"),
    ("/data/contact/email", "j..n@example.cn"),
    ("/data/contact/email", ".jn@example.cn"),
    ("/data/contact/email", '"j n"@example.cn'),
    ("/data/contact/email", "jn@[127.0.0.1]"),
    ("/data/contact/email", " jn@example.cn "),
    ("/data/contact/email", "jn@example.cn\r\n"),
    ("/data/contact/email", "jn\u200b@example.cn"),
    ("/data/contact/email", "jn@exa mple.cn"),
    ("/data/contact/email", "JN@EXAMPLE.CN"),
    ("/data/contact/email", "jn@example.c"),
    ("/data/contact/email", "jn@" + "a" * 64 + ".cn"),
    ("/data/contact/email", "a" * 65 + "@example.cn"),
    ("/data/contact/email", "jn@example.cn" + ASTRAL),
    # dates
    ("/data/date", "2022/8/1"),
    ("/data/date", "2022/08/01"),
    ("/data/date", "2022年8月1日"),
    ("/data/date", "2022.08.01"),
    ("/data/date", "2024-02-29"),
    ("/data/date", "2023-02-29"),
    ("/data/date", "1900-02-29"),
    ("/data/date", "2000-02-29"),
    ("/data/date", " 2022-08-01 "),
    ("/data/date", "2022-08-01 "),
    ("/data/date", "\u30002022-08-01"),
    ("/data/date", "2022-08-01\n"),
    ("/data/date", "2022-08-01T00:00:00"),
    ("/data/date", "2022-08-01Z"),
    ("/data/date", "2022-13-01"),
    ("/data/date", "2022-04-31"),
    ("/data/date", "22-08-01"),
    ("/data/date", "+2022-08-01"),
    ("/data/date", "12022-08-01"),
    ("/data/date", "２０２２－０８－０１"),
    ("/data/date", "2022-08-01\u200b"),
    ("/data/date", ""),
    # free text
    ("/data/project_name", ""),
    ("/data/project_name", " "),
    ("/data/project_name", "\u00a0\u00a0"),
    ("/data/project_name", "\u200b\u200c\u200d"),
    ("/data/project_name", "\r\n"),
    ("/data/project_name", "\u2028"),
    ("/data/project_name", "\u0301"),
    ("/data/project_name", "e\u0301"),
    ("/data/project_name", ASTRAL),
    ("/data/project_name", "\U00020000"),
    ("/data/project_name", "\u00a0项目\u00a0"),
    ("/data/project_name", "项目\r\n名称"),
    ("/data/project_name", "项目\u2028名称"),
    ("/data/project_name", "x" * 100),
    ("/data/project_name", "x" * 101),
    ("/data/project_name", ASTRAL * 50),
    ("/data/project_name", ASTRAL * 51),
    ("/data/project_name", ASTRAL * 100),
    ("/data/project_name", ASTRAL * 101),
    ("/data/project_name", "\U00020000" * 100),
    ("/data/project_name", "x" * 99 + ASTRAL),
    ("/data/project_name", "e\u0301" * 50),
    ("/data/project_name", "e\u0301" * 51),
    ("/data/project_name", "👨\u200d👩\u200d👧" * 20),
    ("/data/contact/name", ASTRAL * 50),
    ("/data/contact/name", ASTRAL * 51),
    ("/data/contact/name", "\u3000"),
    ("/data/contact/name", "张\u00a0明"),
    ("/data/project_basis", "字" * 20000),
    ("/data/project_basis", ASTRAL * 20000),
    ("/data/project_basis", ASTRAL * 20001),
    ("/data/project_basis", "\t\n"),
    # numbers and types in text fields
    ("/data/project_name", 1e2),
    ("/data/project_name", -0.0),
    ("/data/project_name", 2**60),
    # the envelope's numbers
    ("/version", 1),
    ("/version", 1.0),
    ("/version", -0.0),
    ("/version", 1e0),
    ("/version", 0.1 + 0.2),
    ("/version", 2**53 + 1),
    ("/version", 2**64),
    ("/reform_items", [1, 1]),
    ("/reform_items", [1, 1.0]),
    ("/reform_items", [1, 2, 1]),
    ("/reform_items", [1.0]),
    ("/reform_items", [-0.0]),
    ("/reform_items", [0]),
    ("/reform_items", [1e0, 2]),
    ("/reform_items", [17.0]),
    ("/reform_items", [18.0]),
    ("/reform_items", [1.0, 18.0]),
    ("/reform_items", [2**53 + 1]),
    ("/reform_items", [2**64]),
    ("/reform_items", [0.1 + 0.2]),
    ("/reform_items", []),
    ("/reform_items", ["1"]),
    ("/reform_items", ["１"]),
    ("/id", ""),
    ("/id", " "),
    ("/id", ASTRAL * 200),
    ("/id", ASTRAL * 201),
    ("/unit/name", ""),
    ("/unit/name", "\u3000"),
    ("/unit/name", "济南市科协\u200b"),
    ("/unit/name", ASTRAL * 200),
    ("/unit/name", ASTRAL * 201),
    ("/arrived_at", "2022-08-19T10:00:00+08:00 "),
    ("/arrived_at", "2022-08-19 10:00:00+08:00"),
    ("/arrived_at", "2022-08-19t10:00:00z"),
    ("/arrived_at", "2022-08-19T10:00:60Z"),
    ("/arrived_at", "2022-08-19T10:00:00.123456789+08:00"),
    ("/arrived_at", "2022-02-29T10:00:00Z"),
    ("/arrived_at", "2022-08-19T24:00:00Z"),
    # arrival times as a mail gateway or a portal may write them
    ("/arrived_at", " 2022-08-19T10:00:00+08:00"),
    ("/arrived_at", "2022-08-19T10:00:00+08:00\n"),
    ("/arrived_at", "2022-08-19T10:00+08:00"),
    ("/arrived_at", "2022-08-19T10+08:00"),
    ("/arrived_at", "20220819T100000+0800"),
    ("/arrived_at", "2022-08-19T10:00:00+0800"),
    ("/arrived_at", "2022-08-19T10:00:00+08"),
    ("/arrived_at", "2022-08-19T10:00:00,5+08:00"),
    ("/arrived_at", "2022-08-19T10:00:00.5+08:00"),
    ("/arrived_at", "2022-08-19T10:00:00+24:00"),
    ("/arrived_at", "2022-08-19T10:00:00+08:60"),
    ("/arrived_at", "2022-08-19T10:00:00-00:00"),
    ("/arrived_at", "2022-08-19\u300010:00:00+08:00"),
    ("/arrived_at", "2022-08-19_10:00:00+08:00"),
    ("/arrived_at", "2022-08-19T10:00:00+08:00[Asia/Shanghai]"),
    ("/arrived_at", "２０２２-08-19T10:00:00+08:00"),
    ("/arrived_at", "2016-12-31T23:59:60Z"),
    ("/arrived_at", "2017-01-01T07:59:60+08:00"),
    ("/arrived_at", "2017-01-01T08:59:60+08:00"),
    ("/arrived_at", "2022-08-19T10:00:60+08:00"),
    ("/arrived_at", "2022-W33-5T10:00:00+08:00"),
    ("/arrived_at", "2022-231T10:00:00+08:00"),
    ("/arrived_at", "0000-01-01T00:00:00Z"),
    ("/arrived_at", "0001-01-01T12:00:00Z"),
    ("/arrived_at", "0001-01-02T12:00:00Z"),
    ("/arrived_at", "0001-01-03T00:00:00+23:59"),
    ("/arrived_at", "9999-12-29T23:59:59-23:59"),
    ("/arrived_at", "9999-12-30T00:00:00+14:00"),
    ("/arrived_at", "9999-12-31T00:00:00Z"),
    # attachment roles: the edition's deliverables and extra materials
    ("/attachments", [{"role": "nope", "path": "a.pdf"}]),
    ("/attachments", [{"role": "", "path": "a.pdf"}]),
    ("/attachments", [{"role": "Word", "path": "a.docx"}]),
    ("/attachments", [{"role": "city-progress-summary", "path": "a.txt"}]),
    # a document's own modification time, read as the arrival time is
    *(
        ("/attachments", [{"role": "word", "path": "a.docx", "modified_at": modified}])
        for modified in (
            "2022-08-16T09:00:00+08:00",
            "2022-08-16",
            "2022-08-16T09:00:00",
            "2022-08-16 09:00:00+08:00",
            "2022-08-16T09:00+08:00",
            "2022-08-16T09:00:00+08:00 ",
            "",
            "0001-01-01T00:00:00Z",
            "0001-01-03T00:00:00Z",
            "9999-12-31T00:00:00Z",
            "2016-12-31T23:59:60Z",
        )
    ),
]
RECOMMENDATION_CASES: list[tuple[str, Any]] = [
    ("/data/recommendation_reason", ""),
    ("/data/recommendation_reason", "\u200b"),
    ("/data/recommendation_reason", "\r\n\u2028"),
    ("/data/recommendation_reason", ASTRAL),
    ("/data/recommended_unit", ASTRAL * 100),
    ("/data/recommended_unit", ASTRAL * 101),
    ("/data/date", "2022年8月1日"),
    ("/data/date", "2024-02-29"),
    ("/data/date", " 2024-02-29"),
]


def _put(envelope: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(envelope)
    keys = pointer.strip("/").split("/")
    cur = out
    for key in keys[:-1]:
        cur = cur[key]
    cur[keys[-1]] = copy.deepcopy(value)
    return out


def _base(name: str) -> dict[str, Any]:
    value, problems = read_envelope(EXAMPLES / name)
    assert isinstance(value, dict), problems
    return value


@pytest.mark.parametrize(
    ("example", "cases"),
    [("ok-jinan.json", APPLICATION_CASES), ("ok-recommendation.json", RECOMMENDATION_CASES)],
)
def test_typed_values_same_verdict(
    edition: Edition, host: Host, example: str, cases: list[tuple[str, Any]]
) -> None:
    base = _base(example)
    validator = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    assert validator.validate(base, now=NOW).ok
    envelopes = [_put(base, pointer, value) for pointer, value in cases]
    compiled, verdicts = ajv_verdicts(
        {"submission": submission_schema(edition)}, [("submission", e) for e in envelopes]
    )
    assert compiled == {"submission": None}
    split = []
    for (pointer, value), envelope, js in zip(cases, envelopes, verdicts, strict=True):
        report = validator.validate(envelope, now=NOW)
        if report.ok != js:
            codes = [f.code for f in report.findings if f.severity == "error"]
            split.append((pointer, json.dumps(value, ensure_ascii=False)[:60], js, codes))
    assert split == []


@pytest.mark.parametrize("role", ["city-progress-summary", "word", "signed-scan", "nope", ""])
def test_materials_only_envelopes_same_verdict(edition: Edition, host: Host, role: str) -> None:
    envelope = {
        "edition": edition.id,
        "unit": {"name": "菏泽市科协", "kind": "city-association"},
        "attachments": [{"role": role, "path": "summary.txt"}],
    }
    validator = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    compiled, verdicts = ajv_verdicts(
        {"submission": submission_schema(edition)}, [("submission", envelope)]
    )
    assert compiled == {"submission": None}
    assert verdicts == [validator.validate(envelope, now=NOW).ok]
