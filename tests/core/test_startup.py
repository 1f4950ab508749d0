"""A quick start: creating the plugin host and ``reform-brand editions``
import neither the rules, the renderers, the engine nor any library they
bring.  Checked in fresh interpreters, by what is in ``sys.modules``
afterwards (the time itself is measured by benchmarks/bench_startup.py, never
asserted)."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand import Host, loader
from reform_brand._cache import CACHE_ENV
from reform_brand.hookspecs import PROJECT_NAME
from reform_brand.host import DEFAULT_HOOKS, DEFAULT_PLUGINS
from reform_brand.plugin import Renderer, RendererRegistry, hookimpl

#: Never imported by ``Host.create()`` nor by ``editions``: the default
#: plugins' modules, what they import, and the libraries of other commands.
HEAVY = (
    "reform_brand.engine",
    "reform_brand.rules",
    "reform_brand.render",
    "reform_brand.suggest",
    "reform_brand.scan",
    "reform_brand.office",
    "reform_brand.maint",
    "reform_brand.testing",
    "reform_brand.findings",
    "reform_brand.submission",
    "docx",
    "docxtpl",
    "jinja2",
    "lxml",
    "fastjsonschema",
    "openpyxl",
    "pypdf",
)

#: Only needed to check an edition's files, not to read it from the cache.
CHECKING = (
    "jsonschema",
    "cattrs",
    "tomllib",
    "reform_brand.converter",
    "reform_brand.schema",
    "reform_brand._schemas",
    "reform_brand.inherit",
)


def _loaded(code: str, cache: Path, names: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run ``code`` in a fresh interpreter (the edition cache in ``cache``);
    its output and which of ``names`` (or their submodules) it imported."""
    script = (
        "import sys\n"
        f"{code}\n"
        f"names = {names!r}\n"
        "print(sorted(m for m in sys.modules if m in names or m.startswith(tuple(n + '.' "
        "for n in names))))\n"
    )
    env = {**os.environ, CACHE_ENV: str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    *out, listed = proc.stdout.strip().splitlines()
    return "\n".join(out), ast.literal_eval(listed)


EDITIONS = "from reform_brand.cli import main\nassert main(['editions']) == 0"


def test_editions_imports_nothing_heavy(tmp_path: Path) -> None:
    # First with an empty cache: the edition's files are checked (jsonschema,
    # cattrs), but no rule, renderer or Word library is imported.
    out, found = _loaded(EDITIONS, tmp_path, HEAVY)
    assert found == []
    assert out.startswith("shandong-2022\t2022\t")
    # Then from the cache: not even what checks the files.
    again, found = _loaded(EDITIONS, tmp_path, HEAVY + CHECKING)
    assert found == []
    assert again == out


def test_editions_json_imports_nothing_heavy(tmp_path: Path) -> None:
    code = "from reform_brand.cli import main\nassert main(['editions', '--json']) == 0"
    _loaded(code, tmp_path, ())
    _, found = _loaded(code, tmp_path, HEAVY + CHECKING)
    assert found == []


def test_creating_a_host_imports_nothing_heavy(tmp_path: Path) -> None:
    code = (
        "from reform_brand import Host\n"
        "host = Host.create()\n"
        "print(sorted(p.name for p in host.plugins if p.kind == 'default'))"
    )
    out, found = _loaded(code, tmp_path, HEAVY + CHECKING)
    assert found == []
    assert ast.literal_eval(out) == sorted(DEFAULT_PLUGINS)


def test_importing_the_package_and_the_plugin_api_imports_nothing_heavy(tmp_path: Path) -> None:
    code = "import reform_brand, reform_brand.plugin, reform_brand.catalogue, reform_brand.i18n"
    _, found = _loaded(code, tmp_path, (*HEAVY, *CHECKING, "reform_brand.codes.rules"))
    assert found == []


def test_a_default_plugin_module_is_imported_by_its_first_hook_call(tmp_path: Path) -> None:
    code = (
        "from reform_brand import Host\n"
        "host = Host.create()\n"
        "host.edition('shandong-2022')\n"
        "assert 'deadline' in host.rules\n"
    )
    _, found = _loaded(code, tmp_path, ("reform_brand.rules", "reform_brand.render"))
    # Asking for the rules imported the rules, and them only.
    assert "reform_brand.rules" in found
    assert not [m for m in found if m.startswith("reform_brand.render")]
    code = "from reform_brand import Host\nhost = Host.create()\nassert 'docx' in host.renderers\n"
    _, found = _loaded(code, tmp_path, ("reform_brand.rules", "reform_brand.render"))
    assert "reform_brand.render.plugin" in found
    assert not [m for m in found if m.startswith("reform_brand.rules")]


# -- the default plugins' stand-ins ---------------------------------------------------


@pytest.mark.parametrize("name", DEFAULT_PLUGINS)
def test_the_hooks_listed_for_a_default_plugin_are_its_modules(name: str) -> None:
    module = importlib.import_module(name)
    marker = f"{PROJECT_NAME}_impl"
    hooks = sorted(n for n in dir(module) if getattr(getattr(module, n), marker, None) is not None)
    assert tuple(hooks) == DEFAULT_HOOKS[name]
    # Plain implementations: the stand-in passes no ordering option on.
    for hook in hooks:
        opts = getattr(getattr(module, hook), marker)
        assert not any(opts.get(k) for k in ("tryfirst", "trylast", "wrapper", "hookwrapper"))


def test_a_default_plugin_is_described_as_its_module(host: Host) -> None:
    infos = {p.name: p for p in host.plugins if p.kind == "default"}
    assert set(infos) == set(DEFAULT_PLUGINS)
    for name, info in infos.items():
        assert info.module == name
        assert info.hooks == DEFAULT_HOOKS[name]
    assert host.rules.entry("deadline").plugin == "reform_brand.rules"
    assert host.renderers.entry("md").plugin == "reform_brand.render.plugin"


def test_a_blocked_default_plugin_is_not_called() -> None:
    host = Host.create(block=["reform_brand.rules"], load_entry_points=False)
    assert [p.name for p in host.blocked] == ["reform_brand.rules"]
    assert len(host.rules) == 0
    assert "docx" in host.renderers
    assert host.errors == []


# -- the edition cache's key names the renderer plugins ---------------------------------


class _Strict:
    id = "strict"
    suffix = ".strict"
    media_type = "text/plain"
    editions: tuple[str, ...] = ()

    def render(self, edition: object, form: object, data: object = None) -> bytes:
        return b""

    def check_template(self, edition: object, form: object) -> list[object]:
        return []


class _StrictPlugin:
    """Given to ``Host.create`` without a name: named after its id."""

    @hookimpl
    def reform_brand_renderers(self, registry: RendererRegistry) -> None:
        registry.add(_Strict())


@pytest.fixture
def checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time an edition's files are checked (not served from the cache),
    with the cache in a fresh folder."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    seen: list[str] = []
    real = loader._load_checked

    def counting(*args: object, **kwargs: object) -> object:
        seen.append(str(args[1]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_load_checked", counting)
    return seen


def test_the_cache_key_changes_with_the_renderer_plugins(checks: list[str]) -> None:
    assert isinstance(_Strict(), Renderer)
    Host.create(block=()).edition("shandong-2022")
    Host.create(block=()).edition("shandong-2022")
    assert checks == ["shandong-2022"]  # checked once, then from the cache
    with_strict = Host.create(block=(), plugins=[_StrictPlugin()])
    with_strict.edition("shandong-2022")
    assert len(checks) == 2  # another renderer plugin: checked again
    # Another object of the same class: the same renderers.
    Host.create(block=(), plugins=[_StrictPlugin()]).edition("shandong-2022")
    assert len(checks) == 2
    without_rendering = Host.create(block=["reform_brand.render.plugin"])
    without_rendering.edition("shandong-2022")
    assert len(checks) == 3


def test_a_renderer_added_directly_is_part_of_the_key(checks: list[str]) -> None:
    Host.create(block=()).edition("shandong-2022")
    host = Host.create(block=())
    host.renderers.add(_Strict())
    host.edition("shandong-2022")
    assert len(checks) == 2
    assert any(s.endswith("_Strict") for s in host._renderer_stamp())
