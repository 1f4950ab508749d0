"""The plugin contract in reform_brand.plugin: messages registered through a
registry, undeclared codes refused, a plugin renderer's data checked, the
template check as a renderer capability, example inboxes found through the
edition registry, and plugin errors printed filled in with their code."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import attrs
import pytest

import reform_brand.plugin as plugin_api
from reform_brand import (
    DuplicateRegistrationError,
    EditionDataError,
    Host,
    UsageError,
    lint_edition,
    report_to_json,
)
from reform_brand.engine import get_validator
from reform_brand.errors import UnknownEditionError
from reform_brand.plugin import (
    CodeInfo,
    Edition,
    EditionRegistry,
    Finding,
    Form,
    MessageRegistry,
    Problem,
    Renderer,
    RendererRegistry,
    Rule,
    RuleContext,
    RuleRegistry,
    hookimpl,
)
from reform_brand.render import RenderDataError, render_form
from reform_brand.testing import SubmissionFactory
from tests.conftest import REFERENCE_DATA, REPO
from tests.packages import with_site

SRC = REPO / "src" / "reform_brand"

GOOD = CodeInfo(
    code="testland.no-motto",
    severity="warning",
    rule="testland.motto",
    zh="申报表应写明项目口号",
    en="the application should state the project's motto",
)


class _MottoRule:
    """Emits its own declared code and, when asked, one it does not declare."""

    id = "testland.motto"
    codes = ("testland.no-motto",)
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "submission"

    def __init__(self, undeclared: bool = False) -> None:
        self.undeclared = undeclared

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        yield ctx.finding("testland.no-motto", rule=self.id, submission=sub, pointer="/data")
        if self.undeclared:
            yield ctx.finding("testland.sneaky", rule=self.id, submission=sub)


def _messages_plugin(*infos: CodeInfo, name: str = "motto-messages") -> object:
    class Plugin:
        __name__ = name

        @hookimpl
        def reform_brand_messages(self, registry: MessageRegistry) -> None:
            for info in infos:
                registry.add(info)

    return Plugin()


def _rules_plugin(rule: Rule) -> object:
    class Plugin:
        __name__ = "motto-rules"

        @hookimpl
        def reform_brand_rules(self, registry: RuleRegistry) -> None:
            registry.add(rule)

    return Plugin()


def _host(*plugins: object) -> Host:
    return Host.create(plugins=[*plugins], block=())


class _TwoEditions:
    """Registers the reference data as ``twice`` (a second plugin of this
    kind registers it again)."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source("twice", REFERENCE_DATA)


class _MisspelledHook:
    __name__ = "misspelled"

    @hookimpl
    def reform_brand_edition(self, registry: EditionRegistry) -> None:  # not a hook
        pass


def test_registration_errors_are_said_in_chinese() -> None:
    host = _host(_TwoEditions("first"), _TwoEditions("second"), _MisspelledHook())
    _ = host.editions
    errors = {e.code: e for e in host.errors}
    dup = errors["registry.duplicate"]
    assert (dup.params["what"], dup.params["what_zh"]) == ("edition", "版本")
    assert "edition" not in dup.message("zh")
    assert "edition 'twice' registered twice" in dup.message("en")
    typo = errors["plugin.register-failed"]
    # The error as data stays Python's; the Chinese message says it in Chinese.
    assert typo.error == "PluginValidationError: unknown hook(s) reform_brand_edition (a typo?)"
    assert "unknown" not in typo.message("zh") and "reform_brand_edition" in typo.message("zh")
    assert typo.error in typo.message("en")


# -- messages ----------------------------------------------------------------


def test_reform_brand_messages(edition: Edition) -> None:
    host = _host(_rules_plugin(_MottoRule()), _messages_plugin(GOOD))
    assert host.messages.get("testland.no-motto") == GOOD
    assert host.messages.entry("testland.no-motto").plugin == "motto-messages"
    report = get_validator(edition.id, host=host).validate_batch([SubmissionFactory(edition)()])
    [found] = [f for f in report.all_findings() if f.code == "testland.no-motto"]
    # The registered severity and text, with no catalogue argument.
    assert found.severity == "warning"
    assert found.info == GOOD
    assert found.message("zh") == GOOD.zh
    assert found.message("en") == GOOD.en
    [row] = [
        f for f in report_to_json(report)["submissions"][0]["findings"] if f["code"] == GOOD.code
    ]
    assert row["message"] == {"zh": GOOD.zh, "en": GOOD.en}
    # The CodeInfo is not part of a finding's identity.
    assert attrs.evolve(found, info=None) == found


def test_messages_are_not_registered_at_import() -> None:
    code = (
        "from reform_brand.i18n import MESSAGES; from reform_brand.catalogue import CATALOGUE;"
        "before = (dict(MESSAGES), dict(CATALOGUE));"
        "import reform_brand.render, reform_brand.render._errors, reform_brand.rules;"
        "import reform_brand.render.plugin, reform_brand_shandong_2022;"
        "print(before == (dict(MESSAGES), dict(CATALOGUE)), 'render.data-invalid' in MESSAGES)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "True"]
    assert not (SRC / "render" / "_messages.py").exists()


def test_a_taken_code_is_refused_naming_both() -> None:
    clash = attrs.evolve(GOOD, code="rule.failed")
    host = _host(
        _messages_plugin(GOOD, name="first"),
        _messages_plugin(GOOD, name="second"),
        _messages_plugin(clash, name="third"),
    )
    _ = host.messages
    dups = {e.plugin: e for e in host.errors if e.code == "registry.duplicate"}
    assert set(dups) == {"second", "third"}
    assert dups["second"].params == {
        "what": "message",
        "what_zh": "消息代码",
        "name": "testland.no-motto",
        "first": "first",
        "second": "second",
    }
    assert dups["third"].params["first"] == "reform_brand"
    for lang in ("zh", "en"):
        text = dups["second"].message(lang)
        assert "{" not in text and text.endswith("[registry.duplicate]")
    # A built-in message is reworded only on purpose.
    reg = MessageRegistry()
    reg.add(clash, replace=True)
    assert reg.get("rule.failed") == clash
    assert reg.catalogue()["rule.failed"] == clash


def test_a_rule_may_still_bring_messages_on_itself(edition: Edition) -> None:
    rule = _MottoRule()
    rule.messages = {GOOD.code: GOOD}  # type: ignore[attr-defined]
    host = _host(_rules_plugin(rule))
    report = get_validator(edition.id, host=host).validate_batch([SubmissionFactory(edition)()])
    [found] = [f for f in report.all_findings() if f.code == GOOD.code]
    assert found.message("en") == GOOD.en


# -- undeclared codes --------------------------------------------------------------


def test_an_undeclared_code_is_refused_and_the_other_rules_run(edition: Edition) -> None:
    host = _host(_rules_plugin(_MottoRule(undeclared=True)), _messages_plugin(GOOD))
    env = SubmissionFactory(edition)(drop=["project_name"])
    report = get_validator(edition.id, host=host).validate_batch([env])
    sub = report.submissions[0]
    assert "testland.sneaky" not in sub.codes()
    [refused] = [f for f in sub.findings if f.code == "rule.undeclared-code"]
    assert dict(refused.params) == {"rule": "testland.motto", "code": "testland.sneaky"}
    assert refused.severity == "error" and refused.rule == "engine"
    assert refused.submission == sub.submission
    assert "testland.sneaky" in refused.message("en")
    # The declared finding and the built-in rules' findings are still there.
    assert "testland.no-motto" in sub.codes()
    assert ("form.required", "/data/project_name") in [(f.code, f.pointer) for f in sub.findings]


# -- renderers -----------------------------------------------------------------------


class _CsvRenderer:
    """Writes whatever it is given: the engine must check the data first."""

    id = "csv"
    suffix = ".csv"
    media_type = "text/csv"
    editions: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.seen: list[object] = []

    def render(self, edition: Edition, form: Form, data: object = None) -> bytes:
        self.seen.append(data)
        return json.dumps(data, ensure_ascii=False).encode()


def _renderer_plugin(renderer: Renderer) -> object:
    class Plugin:
        __name__ = "csv-plugin"

        @hookimpl
        def reform_brand_renderers(self, registry: RendererRegistry) -> None:
            registry.add(renderer)

    return Plugin()


def test_a_plugin_renderer_gets_checked_data(edition: Edition) -> None:
    renderer = _CsvRenderer()
    host = _host(_renderer_plugin(renderer))
    with pytest.raises(RenderDataError) as info:
        render_form(edition, "application", {"nope": "x"}, fmt="csv", host=host)
    assert [(p.code, p.path) for p in info.value.problems] == [("render.unknown-field", "/nope")]
    assert renderer.seen == []
    out = render_form(edition, "application", {"project_name": "好"}, fmt="csv", host=host)
    assert json.loads(out) == {"project_name": "好"}


class _Checker:
    """A renderer with the template-check capability."""

    id = "checker"
    suffix = ".chk"
    media_type = "text/plain"
    editions: tuple[str, ...] = ()

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.asked: list[str] = []

    def render(self, edition: Edition, form: Form, data: object = None) -> bytes:
        return b""

    def check_template(self, edition: Edition, form: Form) -> list[Problem]:
        self.asked.append(form.id)
        if self.fail:
            raise RuntimeError("checker broke")
        if form.id != "application":
            return []
        return [Problem(file="x", path="y", code="render.template-syntax", params={})]


def test_template_problems_come_from_the_renderer_capability(
    edition: Edition, tmp_path: Path
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, data)
    forms = data / "forms.toml"
    text = forms.read_text(encoding="utf-8")
    marker = 'role = "applicant"\n'
    forms.write_text(text.replace(marker, marker + 'template = "t.docx"\n', 1), encoding="utf-8")
    for fail, code in ((False, "render.template-syntax"), (True, "render.template-check-failed")):
        checker = _Checker(fail=fail)
        host = _host(_renderer_plugin(checker))
        with pytest.raises(EditionDataError) as info:
            host.editions.load_directory(data)
        found = [(p.file, p.path, p.code) for p in info.value.problems]
        # Placed at the form in the data files, whatever the renderer said.
        assert ("forms.toml", "forms[0].template", code) in found
        assert checker.asked
    # lint asks the same capability (the built-in docx one: the file is missing).
    report = lint_edition(data, host=_host())
    assert ("render.template-missing", "/forms/0/template") in [
        (f.code, f.pointer) for f in report.findings
    ]


def test_the_loader_does_not_import_the_renderers() -> None:
    source = (SRC / "loader.py").read_text(encoding="utf-8")
    assert "reform_brand.render" not in source
    code = (
        "import sys, reform_brand.loader, reform_brand.plugin;"
        "bad = [m for m in sys.modules if m.startswith(('reform_brand.render',"
        " 'reform_brand.rules', 'reform_brand.office', 'reform_brand.maint', 'reform_brand.cli'))];"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# -- examples -----------------------------------------------------------------------


def test_the_demo_inbox_is_found_through_the_edition_registry(host: Host) -> None:
    from reform_brand.cli._inbox import demo_inbox

    [example] = host.editions.examples()
    assert example.edition == "shandong-2022" and example.path.is_dir()
    assert example.now is not None and example.now > host.edition("shandong-2022").deadline.at
    assert demo_inbox(host, None) == example
    source = (SRC / "cli" / "_inbox.py").read_text(encoding="utf-8")
    assert "shandong" not in source.lower()


def test_demo_asks_which_edition_when_several_have_examples(tmp_path: Path) -> None:
    from reform_brand.cli._inbox import demo_inbox

    (tmp_path / "inbox").mkdir()

    class Plugin:
        __name__ = "more-examples"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("other-2024", REFERENCE_DATA, examples=tmp_path / "inbox")
            registry.add_source("bare-2024", REFERENCE_DATA)

    host = _host(Plugin())
    with pytest.raises(UsageError) as info:
        demo_inbox(host, None, "en")
    assert "other-2024, shandong-2022" in info.value.message("en")
    assert demo_inbox(host, "other-2024").path == tmp_path / "inbox"
    assert demo_inbox(host, "other-2024").now is None
    # An edition with no example inbox: which ones have one.
    with pytest.raises(UsageError) as info:
        demo_inbox(host, "bare-2024", "en")
    assert "other-2024, shandong-2022" in info.value.message("en")
    # An id no installed edition has: unknown, as every command says.
    with pytest.raises(UnknownEditionError):
        demo_inbox(host, "nowhere-2020")
    reg = EditionRegistry()
    reg.add_examples("x", tmp_path)
    with pytest.raises(DuplicateRegistrationError):
        reg.add_examples("x", tmp_path / "other")
    with pytest.raises(ValueError, match="timezone"):
        EditionRegistry().add_examples("x", tmp_path, now=dt.datetime(2024, 1, 1))


# -- the module itself -------------------------------------------------------------------


def test_every_public_name_is_there_and_the_defaults_use_them() -> None:
    for name in plugin_api.__all__:
        assert getattr(plugin_api, name) is not None, name
    for rel in ("rules/__init__.py", "render/plugin.py", "rules/_base.py"):
        assert "from reform_brand.plugin import" in (SRC / rel).read_text(encoding="utf-8"), rel
    ref = REPO / "plugins" / "reform_brand_shandong_2022" / "__init__.py"
    assert "from reform_brand.plugin import" in ref.read_text(encoding="utf-8")


# -- through the command line -------------------------------------------------------------


PLUGIN_CODE = """
import json
from reform_brand.plugin import CodeInfo, hookimpl

class CsvRenderer:
    id = "csv"
    suffix = ".csv"
    media_type = "text/csv"
    editions = ()

    def render(self, edition, form, data=None):
        return json.dumps(data).encode()

class FlagRule:
    id = "contract.flag"
    codes = ("contract.flag",)
    editions = ()
    scope = "submission"

    def check(self, ctx):
        return [ctx.finding("contract.flag", rule=self.id, submission=ctx.submission)]

@hookimpl
def reform_brand_renderers(registry):
    registry.add(CsvRenderer())

@hookimpl
def reform_brand_rules(registry):
    registry.add(FlagRule())

@hookimpl
def reform_brand_messages(registry):
    registry.add(CodeInfo(code="contract.flag", severity="info", rule="contract.flag",
                          zh="插件的提示", en="a remark of the plugin"))

@hookimpl
def reform_brand_editions(registry):
    registry.add_source("shandong-2022", "/nowhere")
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plugin distribution (renderer + a clashing edition id), installed by
    hand: a package and its dist-info with the entry point."""
    root = tmp_path_factory.mktemp("contract-site")
    (root / "rb_contract").mkdir()
    (root / "rb_contract" / "__init__.py").write_text(
        textwrap.dedent(PLUGIN_CODE), encoding="utf-8"
    )
    info = root / "rb_contract-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rb-contract\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[reform_brand]\nzzz-contract = rb_contract\n", encoding="utf-8"
    )
    return root


def _cli(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": with_site(site), "REFORM_BRAND_LANG": "en"}
    env.pop("REFORM_BRAND_BLOCK_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "reform_brand", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_render_with_a_plugin_renderer_exits_2_on_bad_data(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"nope": "x", "project_name": ["x"]}', encoding="utf-8")
    proc = _cli(site, "render", "shandong-2022", "application", "-d", str(bad), "-o", "bad.csv",
                cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "[render.unknown-field]" in proc.stderr and "[render.bad-value]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "bad.csv").exists()
    good = tmp_path / "good.json"
    good.write_text('{"project_name": "x"}', encoding="utf-8")
    proc = _cli(site, "render", "shandong-2022", "application", "-d", str(good), "-o", "ok.csv",
                cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "ok.csv").read_text(encoding="utf-8")) == {"project_name": "x"}


def test_a_duplicate_registration_prints_filled_in(site: Path) -> None:
    proc = _cli(site, "plugins")
    assert proc.returncode == 1
    [line] = [ln for ln in proc.stdout.splitlines() if "registry.duplicate" in ln]
    assert "{" not in line
    assert "edition 'shandong-2022' registered twice: kept the first, by shandong-2022 = " in line
    assert "ignored the one by zzz-contract = rb_contract (rb-contract " in line
    assert line.endswith("[registry.duplicate]")
    report = json.loads(_cli(site, "plugins", "--json").stdout)
    [dup] = [e for e in report["errors"] if e["code"] == "registry.duplicate"]
    assert dup["plugin"] == "zzz-contract"
    assert dup["distribution"] == "rb-contract"
    assert dup["entry_point"] == "zzz-contract = rb_contract"


def test_editions_json_lists_registration_errors(site: Path) -> None:
    proc = _cli(site, "editions", "--json")
    assert proc.returncode == 1
    listing = json.loads(proc.stdout)
    assert [e["code"] for e in listing["errors"]] == ["registry.duplicate"]
    assert listing["errors"][0]["message"].endswith("[registry.duplicate]")
    text = _cli(site, "editions")
    assert "[registry.duplicate]" in text.stderr


def test_check_prints_a_plugin_code_with_its_registered_message(
    site: Path, tmp_path: Path, edition: Edition
) -> None:
    env = SubmissionFactory(edition)()
    (tmp_path / "sub.json").write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    proc = _cli(site, "check", "shandong-2022", str(tmp_path / "sub.json"), "--json")
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    [flag] = [f for f in report["submissions"][0]["findings"] if f["code"] == "contract.flag"]
    assert flag["severity"] == "info"
    assert flag["message"] == {"zh": "插件的提示", "en": "a remark of the plugin"}
    text = _cli(site, "check", "shandong-2022", str(tmp_path / "sub.json"))
    assert "a remark of the plugin" in text.stdout
