"""The page schema, the envelope's UI schema, limit hints and portable
patterns (read alike by Python's re and, in test_differential, by ajv)."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from reform_brand import Edition, Host, form_schema, page_schema, submission_schema, ui_schema
from reform_brand._portable import non_portable
from reform_brand.engine import Validator
from reform_brand.schema import BLANK_CHARACTERS, NOT_BLANK, limit_hint, portable_pattern
from reform_brand.testing import SubmissionFactory
from tests.portal._node import REPO, ajv_verdicts

PATTERN_CASES = [
    ("^1[0-9]{10}$", "13805310000", True),
    ("^1[0-9]{10}$", "13805310000\n", False),
    ("^\\d+$", "１２", False),
    ("^\\d+$", "12", True),
    ("^a.b$", "a\rb", False),
    ("^a.b$", "a-b", True),
    ("^[\\d-]+$", "0531-1", True),
    ("^[\\d-]+$", "０", False),
    ("^\\$[0-9]$", "$5", True),
    ("^[$]$", "$", True),
    ("^[^.]+$", "a\u2028", True),
    ("^\\w+$", "中文", False),
    ("^\\s*$", "\ufeff", False),
    ("^\\s*$", "\u0085\x1c", True),
    ("^\\S+$", "\u3000", False),
]


@pytest.mark.parametrize(("pattern", "text", "matches"), PATTERN_CASES)
def test_portable_pattern_in_python(pattern: str, text: str, matches: bool) -> None:
    assert (re.search(portable_pattern(pattern), text) is not None) is matches


def test_portable_pattern_in_ecmascript() -> None:
    """ajv (ECMAScript, ``u`` flag) reads every rewritten pattern as Python does."""
    schemas = {
        str(i): {"type": "string", "pattern": portable_pattern(p)}
        for i, (p, _, _) in enumerate(PATTERN_CASES)
    }
    cases = [(str(i), text) for i, (_, text, _) in enumerate(PATTERN_CASES)]
    compiled, verdicts = ajv_verdicts(schemas, cases)
    assert all(error is None for error in compiled.values())
    assert verdicts == [matches for _, _, matches in PATTERN_CASES]


@pytest.mark.parametrize(
    ("pattern", "found"),
    [
        # What ECMAScript (ajv, u flag) reads as Python does ...
        ("^0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?$", ""),
        ("^(?:a|b)(?=c)(?!d)(?<=e)(?<!f)(a)\\1$", ""),
        ("^[\\-\\]]a+?\\.\\/\\u0031\\x31\\0$", ""),
        # ... and what it cannot compile at all (checked with node's RegExp).
        ("^1[0-9]{10}\\Z", "\\Z"),
        ("\\A1$", "\\A"),
        ("^(?P<n>1)$", "(?P"),
        ("(?i)^a$", "(?i"),
        ("^a(?#note)$", "(?#"),
        ("^a(?>b)$", "(?>"),
        ("^a*+$", "*+"),
        ("^a{2}+$", "}+"),
        ("^a{,3}$", "{,3}"),
        ("^\\-$", "\\-"),
        ("^\\:$", "\\:"),
        ("^\\012$", "\\0"),
        ("^\\N{DIGIT ONE}$", "\\N"),
        ("^[\\1]$", "\\1"),
    ],
)
def test_what_ecmascript_does_not_read_is_found(pattern: str, found: str) -> None:
    re.compile(pattern)  # Python reads each
    assert non_portable(pattern) == found


def test_blank_is_what_strip_removes() -> None:
    blank = re.compile(f"[{BLANK_CHARACTERS}]")
    for code in range(0x3100):
        ch = chr(code)
        assert (blank.fullmatch(ch) is not None) is ch.isspace(), hex(code)
    assert not re.search(NOT_BLANK, "\ufeff\u200b\u00ad ")  # invisible: blank, as is_blank says


def test_submission_ui_schema(edition: Edition) -> None:
    ui = ui_schema(edition, "submission")
    assert ui["unit"]["kind"]["ui:widget"] == "select"
    assert ui["reform_items"]["ui:widget"] == "checkboxes"
    assert ui["edition"]["ui:widget"] == "hidden"


def test_page_schema(edition: Edition) -> None:
    page = page_schema(edition, "application")
    schema, ui = page["schema"], page["uiSchema"]
    Draft202012Validator.check_schema(schema)
    kinds = schema["properties"]["unit"]["properties"]["kind"]
    assert kinds["type"] == "string"
    assert {c["const"] for c in kinds["oneOf"]} == {
        k.id for k in edition.unit_kinds if "application" in k.forms
    }
    assert all(c["title"] for c in kinds["oneOf"])
    items = schema["properties"]["reform_items"]["items"]
    assert items["type"] == "integer" and len(items["oneOf"]) == len(edition.reform_items)
    # 申报单位 is asked once: the form's header field is copied from unit.name.
    assert page["mirror"] == {"/data/applicant_unit": "/unit/name"}
    assert ui["data"]["applicant_unit"] == {"ui:widget": "hidden"}
    # A valid envelope of the form (less what the portal adds) passes.
    env = SubmissionFactory(edition)("application")
    for member in ("id", "arrived_at", "attachments"):
        env.pop(member, None)
    v = Draft202012Validator(schema, format_checker=FormatChecker())
    assert [e.json_path for e in v.iter_errors(env)] == []
    county = dict(env, unit={"name": "历城区科协", "kind": "county-association"})
    assert [e.validator for e in v.iter_errors(county)] == ["required"]


@pytest.mark.parametrize(
    ("lang", "hint"), [("zh", "不超过 100 个字符"), ("en", "At most 100 characters")]
)
def test_the_unit_name_takes_no_more_than_the_form_field_it_is_copied_to(
    edition: Edition, host: Host, lang: str, hint: str
) -> None:
    """申报单位 is typed once, in unit.name, and copied into the form's
    field (100 characters): the input stopped at 200 and its hint said 200,
    and a name of 101-200 characters was form.too-long at the server."""
    form = edition.form("application")
    field = form.field_at("/applicant_unit")
    assert field is not None and field.max_chars == 100
    page = page_schema(edition, form, lang=lang)
    assert page["schema"]["properties"]["unit"]["properties"]["name"]["maxLength"] == 100
    assert page["uiSchema"]["unit"]["name"]["ui:help"] == hint
    # The limit is the one the server applies to the copied field.
    env = SubmissionFactory(edition)("application")
    env["unit"]["name"] = env["data"]["applicant_unit"] = "济" * 101
    report = Validator.create(edition, host=host).validate(env)
    assert ("form.too-long", "/data/applicant_unit") in [
        (f.code, f.pointer) for f in report.findings
    ]
    schema = Draft202012Validator(page["schema"])
    page_env = {k: v for k, v in env.items() if k not in ("id", "arrived_at", "attachments")}
    assert ["unit", "name"] in [list(e.absolute_path) for e in schema.iter_errors(page_env)]
    # The envelope's own limit stays where no form field repeats the name.
    assert (
        submission_schema(edition)["properties"]["unit"]["properties"]["name"]["maxLength"] == 200
    )


def test_limit_hints(edition: Edition) -> None:
    form = edition.form("application")
    name = form.field_at("/project_name")
    assert name is not None and limit_hint(name) == f"不超过 {name.max_chars} 个字符"
    ui = ui_schema(edition, "application")
    assert ui["project_name"]["ui:help"] == limit_hint(name)
    assert form_schema(edition, "application")["properties"]["project_name"]["maxLength"] == (
        name.max_chars
    )
    date = form.field_at("/date")
    assert date is not None and limit_hint(date, "en") == "As YYYY-MM-DD"
    # The help already says it: not repeated.
    assert "ui:help" not in ui["date"]


def test_cli_gives_the_envelope_ui_schema_and_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    from reform_brand.cli import main

    assert main(["schema", "shandong-2022", "submission", "--ui"]) == 0
    ui = json.loads(capsys.readouterr().out)
    assert ui["reform_items"]["ui:widget"] == "checkboxes"
    assert main(["schema", "shandong-2022", "application", "--page"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert sorted(page) == ["mirror", "schema", "uiSchema"]
    assert page["schema"]["properties"]["form"]["const"] == "application"


def test_a_page_of_the_envelope_alone_is_refused_without_offering_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reform_brand.cli import main

    assert main(["schema", "shandong-2022", "submission", "--page", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith("Available: application, recommendation [form.unknown]")
    assert main(["schema", "shandong-2022", "nosuch", "--lang", "en"]) == 2
    assert "recommendation, submission [form.unknown]" in capsys.readouterr().err


def test_guide_tutorial_and_reference_page_share_the_handler() -> None:
    """The portal guide and the tutorial (each in both languages) show the
    same handler, and the reference page's app computes the same status and
    body."""
    docs = REPO / "docs"
    blocks = []
    tutorials = docs / "tutorials"
    for page in (
        docs / "portal-guide.md",
        docs / "portal-guide.zh.md",
        tutorials / "portal-developer.md",
        tutorials / "portal-developer.zh.md",
    ):
        text = page.read_text(encoding="utf-8")
        match = re.search(r"<!-- handler -->\n```python\n(.*?)```", text, flags=re.DOTALL)
        assert match is not None, page
        blocks.append(match.group(1))
    assert blocks[0] == blocks[1] == blocks[2] == blocks[3]
    app = (REPO / "examples" / "portal" / "app.py").read_text(encoding="utf-8")
    for needle in ('"envelope.too-large"', "validate_body(editing,", "_BAD_BODY = {"):
        assert needle in app


@pytest.mark.parametrize("lang", ["fr", "ZH", "zh-CN", ""])
def test_a_language_the_schemas_do_not_speak_is_refused(edition: Edition, lang: str) -> None:
    """Not a page of mixed languages (Chinese titles, English limit hints,
    while a finding's message in that language is Chinese)."""
    with pytest.raises(ValueError, match=f"lang is 'zh' or 'en', not {lang!r}"):
        ui_schema(edition, "application", lang=lang)
    with pytest.raises(ValueError, match="lang is"):
        ui_schema(edition, "submission", lang=lang)
    with pytest.raises(ValueError, match="lang is"):
        page_schema(edition, "application", lang=lang)


@pytest.mark.parametrize("role", ["isuer", "Issuer", ""])
def test_a_role_no_form_has_is_refused(edition: Edition, role: str) -> None:
    """A misspelt role would give the applicant's schema, issuer fields left out."""
    with pytest.raises(ValueError, match=f"not {role!r}"):
        form_schema(edition, "application", role=role)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=f"not {role!r}"):
        ui_schema(edition, "application", role=role)  # type: ignore[arg-type]
    assert "issuer_opinion" in form_schema(edition, "application", role="issuer")["properties"]
