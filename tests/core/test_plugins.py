"""Plugins: real entry points in packages installed from outside the repository,
broken ones reported, misspelled hooks, duplicates, blocking."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import pytest

from reform_brand import BLOCK_ENV, DuplicateRegistrationError, Host, hookimpl
from reform_brand.plugin import (
    Edition,
    EditionRegistry,
    Finding,
    Form,
    RendererRegistry,
    RuleContext,
    RuleRegistry,
)
from tests.conftest import REFERENCE_DATA
from tests.packages import pip_install_target, with_site

PACKAGES = {
    # An edition of another province, shipped as its own installable package.
    "testland": (
        "rb-testland",
        "rb_testland",
        """
        from importlib.resources import files
        from reform_brand import hookimpl

        @hookimpl
        def reform_brand_editions(registry):
            registry.add_source("testland-2023", files(__name__) / "data")
        """,
    ),
    "broken": (
        "rb-broken",
        "rb_broken",
        """
        raise ImportError("this plugin is broken on purpose")
        """,
    ),
    "typo": (
        "rb-typo",
        "rb_typo",
        """
        from reform_brand import hookimpl

        @hookimpl
        def reform_brand_edition(registry):  # misspelled hook name
            pass
        """,
    ),
    "clash": (
        "rb-clash",
        "rb_clash",
        """
        from importlib.resources import files
        from reform_brand import hookimpl

        @hookimpl
        def reform_brand_editions(registry):
            registry.add_source("shandong-2022", files("reform_brand_shandong_2022") / "data")
        """,
    ),
}


def _write_package(root: Path, dist: str, module: str, code: str) -> Path:
    pkg = root / dist
    (pkg / module).mkdir(parents=True)
    (pkg / module / "__init__.py").write_text(textwrap.dedent(code), encoding="utf-8")
    (pkg / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{dist}"
            version = "1.0"

            [project.entry-points.reform_brand]
            {dist.removeprefix("rb-")} = "{module}"

            [tool.setuptools]
            packages = ["{module}"]

            [tool.setuptools.package-data]
            {module} = ["data/*.toml"]
            """
        ),
        encoding="utf-8",
    )
    return pkg


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with the four plugin packages really installed into it."""
    root = tmp_path_factory.mktemp("plugin-src")
    paths = []
    for dist, module, code in PACKAGES.values():
        pkg = _write_package(root, dist, module, code)
        if module == "rb_testland":
            data = pkg / module / "data"
            shutil.copytree(REFERENCE_DATA, data, ignore=shutil.ignore_patterns("*.txt"))
            text = (data / "edition.toml").read_text(encoding="utf-8")
            text = text.replace('id = "shandong-2022"', 'id = "testland-2023"').replace(
                "year = 2022", "year = 2023"
            )
            (data / "edition.toml").write_text(text, encoding="utf-8")
        paths.append(str(pkg))
    target = tmp_path_factory.mktemp("site")
    assert pip_install_target(target, *paths).returncode == 0
    return target


def run_cli(
    site: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": with_site(site), **(env or {})}
    environ.pop(BLOCK_ENV, None) if not env or BLOCK_ENV not in env else None
    return subprocess.run(
        [sys.executable, "-m", "reform_brand", *args],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


def test_external_edition_is_found_through_its_entry_point(site: Path) -> None:
    proc = run_cli(site, "editions", "--json")
    ids = [row["id"] for row in json.loads(proc.stdout)["editions"]]
    assert "testland-2023" in ids and "shandong-2022" in ids
    shown = run_cli(site, "show", "testland-2023", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["year"] == 2023


def test_broken_plugins_are_reported_and_do_not_stop_the_others(site: Path) -> None:
    proc = run_cli(site, "plugins", "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    errors = {e["plugin"]: e for e in report["errors"]}
    assert errors["broken"]["code"] == "plugin.import-failed"
    assert errors["broken"]["distribution"] == "rb-broken"
    assert errors["broken"]["entry_point"] == "broken = rb_broken"
    assert "broken on purpose" in errors["broken"]["error"]
    assert errors["typo"]["code"] == "plugin.register-failed"
    assert "reform_brand_edition" in errors["typo"]["error"]
    # The clash names both plugins that registered shandong-2022, each with
    # its entry point and distribution.  reform_brand's own distribution
    # loads first: "clash", though its name sorts first, does not take the
    # reference edition's place.
    [dup] = [e for e in report["errors"] if e["code"] == "registry.duplicate"]
    assert (dup["plugin"], dup["distribution"]) == ("clash", "rb-clash")
    assert "shandong-2022 = reform_brand_shandong_2022 (reform-brand " in dup["error"]
    assert "clash = rb_clash (rb-clash 1.0)" in dup["error"]
    loaded = {p["name"] for p in report["plugins"]}
    assert {"shandong-2022", "testland"} <= loaded
    # ... and the reference edition still loads.
    shown = run_cli(site, "show", "shandong-2022", "--json")
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["issuer"]["document_number"] == "鲁科协办发〔2022〕10号"


def test_plugins_can_be_blocked_by_environment_variable(site: Path) -> None:
    proc = run_cli(site, "plugins", "--json", env={BLOCK_ENV: "broken, rb-typo,clash"})
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert proc.returncode == 0
    assert {b["name"] for b in report["blocked"]} == {"broken", "typo", "clash"}


def test_plugins_text_output_names_the_broken_plugin(site: Path) -> None:
    proc = run_cli(site, "plugins", "--lang", "en")
    assert proc.returncode == 1
    assert "rb-broken" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_in_process_entry_points(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv(BLOCK_ENV, raising=False)
    host = Host.create()
    assert "testland-2023" in host.editions
    assert host.edition("testland-2023").year == 2023
    assert {(e.plugin, e.code) for e in host.errors} == {
        ("broken", "plugin.import-failed"),
        ("typo", "plugin.register-failed"),
        ("clash", "registry.duplicate"),
    }
    assert host.editions.entry("shandong-2022").plugin == "shandong-2022"


class _Rule:
    scope: Literal["submission", "batch"] = "submission"

    def __init__(self, rule_id: str, editions: tuple[str, ...] = ()) -> None:
        self.id = rule_id
        self.codes = ("x.y",)
        self.editions = editions

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return ()


class _Renderer:
    def __init__(self, renderer_id: str) -> None:
        self.id = renderer_id
        self.suffix = "." + renderer_id
        self.media_type = "text/plain"
        self.editions: tuple[str, ...] = ()

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        return b""


def test_rule_and_renderer_registries_reject_duplicates_naming_both() -> None:
    class First:
        __name__ = "first"

        @hookimpl
        def reform_brand_rules(self, registry: RuleRegistry) -> None:
            registry.add(_Rule("core.same"))

        @hookimpl
        def reform_brand_renderers(self, registry: RendererRegistry) -> None:
            registry.add(_Renderer("txt"))

    class Second:
        __name__ = "second"

        @hookimpl
        def reform_brand_rules(self, registry: RuleRegistry) -> None:
            registry.add(_Rule("core.same"))

        @hookimpl
        def reform_brand_renderers(self, registry: RendererRegistry) -> None:
            registry.add(_Renderer("txt"))

    host = Host.create(plugins=[First(), Second()], load_entry_points=False)
    assert host.rules.entry("core.same").plugin == "first"
    assert host.renderers.entry("txt").plugin == "first"
    dupes = [(e.code, e.plugin, e.hook) for e in host.errors]
    assert ("registry.duplicate", "second", "reform_brand_rules") in dupes
    assert ("registry.duplicate", "second", "reform_brand_renderers") in dupes
    assert all("first" in e.error and "second" in e.error for e in host.errors)


def test_replace_is_explicit_and_recorded() -> None:
    reg = RuleRegistry()
    reg._bind("builtin")
    reg.add(_Rule("core.quota"))
    reg._bind("edition-plugin")
    with pytest.raises(DuplicateRegistrationError) as info:
        reg.add(_Rule("core.quota"))
    assert (info.value.first, info.value.second) == ("builtin", "edition-plugin")
    reg.add(_Rule("core.quota", editions=("x",)), replace=True)
    entry = reg.entry("core.quota")
    assert entry.plugin == "edition-plugin" and entry.replaced == ("builtin",)
    assert reg.for_edition("y") == []
    assert [r.id for r in reg.for_edition("x")] == ["core.quota"]


def test_hook_that_raises_is_pinned_on_its_plugin() -> None:
    class Raising:
        __name__ = "raising"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            raise RuntimeError("boom")

    host = Host.create(plugins=[Raising()], block=())
    assert "shandong-2022" in host.editions
    [err] = host.errors
    assert (err.code, err.plugin, err.hook) == (
        "plugin.hook-failed",
        "raising",
        "reform_brand_editions",
    )
    assert "boom" in err.message("en")


def test_no_plugin_manager_is_built_at_import() -> None:
    code = (
        "import reform_brand, sys; "
        "print('reform_brand_shandong_2022' in sys.modules, 'pluggy._manager' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "False"


def test_unknown_edition_lists_installed(capsys: pytest.CaptureFixture[str]) -> None:
    from reform_brand.cli import main

    assert main(["show", "shandong-2099", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "shandong-2099" in err and "shandong-2022" in err


def test_the_load_order_does_not_depend_on_entry_point_names() -> None:
    from importlib.metadata import EntryPoint

    from reform_brand.host import _load_order

    rows = [
        (EntryPoint("aaa", "rb_aaa", "reform_brand"), "zz-third"),
        (EntryPoint("zzz", "rb_zzz", "reform_brand"), "Reform_Brand"),
        (EntryPoint("bbb", "rb_bbb", "reform_brand"), "aa-third"),
        (EntryPoint("aab", "rb_aab", "reform_brand"), "zz-third"),
    ]
    ordered = sorted(rows, key=lambda row: _load_order(*row))
    assert [ep.name for ep, _ in ordered] == ["zzz", "bbb", "aaa", "aab"]


def test_an_edition_that_fails_names_its_plugin_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand.cli import _core, main

    broken = tmp_path / "broken-data"
    shutil.copytree(REFERENCE_DATA, broken)

    class Wrong:
        __name__ = "wrong"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("other-2024", broken)  # its data says shandong-2022

    host = Host.create(plugins=[Wrong()], load_entry_points=False)
    monkeypatch.setattr(_core, "_host", lambda: host)
    assert main(["editions", "--json"]) == 1
    [row] = json.loads(capsys.readouterr().out)["editions"]
    assert (row["id"], row["plugin"], row["source"]) == ("other-2024", "wrong", str(broken))
    assert main(["editions"]) == 1
    out = capsys.readouterr().out
    assert "wrong" in out and str(broken) in out
