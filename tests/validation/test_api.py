"""The Python API: module functions, plugin rules, failures, threads."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, Literal

import pytest

from reform_brand import (
    CodeInfo,
    Finding,
    Host,
    RuleContext,
    RuleRegistry,
    Validator,
    get_validator,
    hookimpl,
    report_to_json,
    validate_batch,
    validate_submission,
)
from reform_brand._schemas import validator as shipped_validator
from reform_brand.rules import builtin_rules
from tests.validation.helpers import NOW, Envelope, pairs


def test_module_functions(host: Host, application: Envelope) -> None:
    report = validate_submission("shandong-2022", application, host=host, now=NOW)
    assert report.ok and report.verdict == "ok"
    batch = validate_batch("shandong-2022", [application] * 2, host=host, now=NOW)
    assert [s.submission for s in batch.submissions] == ["s1", "s1"]
    assert get_validator("shandong-2022", host=host) is get_validator("shandong-2022", host=host)


def test_ignore_rules_or_codes(host: Host, application: Envelope) -> None:
    del application["attachments"]
    del application["arrived_at"]
    v = get_validator("shandong-2022", host=host, ignore={"deliverables", "deadline"})
    assert pairs(v.validate(application, now=NOW)) == []
    v = get_validator("shandong-2022", host=host, ignore={"deliverables.missing"})
    assert pairs(v.validate(application, now=NOW)) == [("deadline.arrival-unknown", "/arrived_at")]


class _ProjectWord:
    """A plugin rule with its own code and messages."""

    id = "testland.project-word"
    codes = ("testland.no-brand-word",)
    editions = ("shandong-2022",)
    scope: Literal["submission", "batch"] = "submission"
    messages: ClassVar[dict[str, CodeInfo]] = {
        "testland.no-brand-word": CodeInfo(
            code="testland.no-brand-word",
            severity="info",
            rule="testland.project-word",
            zh="项目名称中没有“品牌”",
            en="the project name does not say 'brand'",
        )
    }

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        name = ctx.submission.data.get("project_name", "")
        if "品牌" not in name:
            yield ctx.finding(
                "testland.no-brand-word",
                rule=self.id,
                submission=ctx.submission,
                pointer="/data/project_name",
            )


class _Broken:
    id = "testland.broken"
    codes = ()
    editions = ()
    scope: Literal["submission", "batch"] = "submission"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        raise RuntimeError("boom")


class _QuietDeadline:
    """Replaces the built-in deadline rule."""

    id = "deadline"
    codes = ()
    editions = ()
    scope: Literal["submission", "batch"] = "submission"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())


class _Plugin:
    @hookimpl
    def reform_brand_rules(self, registry: RuleRegistry) -> None:
        registry.add(_ProjectWord())
        registry.add(_Broken())
        registry.add(_QuietDeadline(), replace=True)


def test_plugin_rules_add_replace_and_fail_alone(application: Envelope) -> None:
    host = Host.create(plugins=[_Plugin()])
    assert host.rules.entry("deadline").replaced == ("reform_brand.rules",)
    v = Validator.create("shandong-2022", host=host)
    del application["arrived_at"]  # the replaced deadline rule says nothing
    report = v.validate(application, now=NOW)
    assert pairs(report) == [
        ("testland.no-brand-word", "/data/project_name"),
        ("rule.failed", ""),
    ]
    assert report.findings[0].message("en", v.catalogue) == "the project name does not say 'brand'"
    assert report.findings[1].params["rule"] == "testland.broken"
    out = report_to_json(v.validate_batch([application], now=NOW))
    assert out["submissions"][0]["findings"][0]["message"]["zh"] == "项目名称中没有“品牌”"


def test_a_plugin_rule_id_or_code_may_be_ignored(application: Envelope) -> None:
    host = Host.create(plugins=[_Plugin()])
    v = get_validator("shandong-2022", host=host, ignore={"testland.project-word"})
    assert "testland.project-word" not in {r.id for r in v.rules}
    v = get_validator("shandong-2022", host=host, ignore={"testland.no-brand-word"})
    assert "testland.no-brand-word" not in {
        f.code for f in v.validate(application, now=NOW).findings
    }
    with pytest.raises(ValueError, match=r"'testland\.project-wrod'.*'testland\.project-word'"):
        get_validator("shandong-2022", host=host, ignore={"testland.project-wrod"})


def test_report_json_matches_its_schema(validator: Validator, application: Envelope) -> None:
    bad = dict(application, id="s2", data={**application["data"], "project_name": ""})
    report = validator.validate_batch([application, bad, application], now=NOW, strict=True)
    data = report_to_json(report)
    assert list(shipped_validator("report").iter_errors(data)) == []
    # The third is the same project again: a later version, with the same id.
    assert data["counts"] == {"submissions": 3, "error": 1, "warning": 1, "info": 1}
    assert [s["superseded_by"] for s in data["submissions"]] == ["s1", "", ""]
    json.dumps(data, ensure_ascii=False)


def test_threads_give_the_same_results(validator: Validator, application: Envelope) -> None:
    envs: list[Envelope] = []
    for i in range(60):
        env = json.loads(json.dumps(application))
        env["id"] = f"s{i}"
        if i % 3 == 0:
            env["data"]["contact"]["mobile"] = "1"
        if i % 5 == 0:
            del env["data"]["project_name"]
        envs.append(env)
    expected = [pairs(validator.validate(e, now=NOW)) for e in envs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda e: pairs(validator.validate(e, now=NOW)), envs * 5))
    assert got == expected * 5


def test_builtin_rules_declare_the_codes_they_emit(validator: Validator) -> None:
    from reform_brand.catalogue import CATALOGUE

    for rule in builtin_rules():
        for code in rule.codes:
            assert CATALOGUE[code].rule == rule.id, code
    declared = {c for r in builtin_rules() for c in r.codes}
    # The engine, and reading forms and inboxes (read.py, inbox.py), emit
    # findings of their own outside the rules; `lint` findings are about
    # edition data (reform_brand.maint._lint).
    outside = ("engine", "read", "inbox", "materials", "mail", "lint")
    engine = {c for c, info in CATALOGUE.items() if info.rule in outside}
    assert declared | engine == set(CATALOGUE)


def test_validation_does_not_import_the_word_libraries() -> None:
    code = (
        "import sys, reform_brand\n"
        "from reform_brand import validate_submission\n"
        "r = validate_submission('shandong-2022', {'edition': 'shandong-2022', 'form': "
        "'application', 'unit': {'name': 'x', 'kind': 'city-association'}, 'data': {}})\n"
        "assert r.findings\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'docxtpl', 'lxml'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert not {m for m in imported if m.split(".")[0] in ("docx", "docxtpl")}
