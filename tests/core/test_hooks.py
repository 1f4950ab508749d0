"""One test per hook: a plugin given to the host registers through it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest

from reform_brand import Edition, Host, UnknownEditionError, hookimpl
from reform_brand.plugin import Finding, Form, RuleContext
from reform_brand.registries import EditionRegistry, RendererRegistry, RuleRegistry
from tests.conftest import REFERENCE_DATA


def test_reform_brand_editions(edition: Edition) -> None:
    built = attrs.evolve(edition, id="built-2022")

    class Plugin:
        __name__ = "edition-plugin"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add(built)
            registry.add_source("from-path", Path(REFERENCE_DATA))

    host = Host.create(plugins=[Plugin()], load_entry_points=False)
    assert host.editions.ids() == ["built-2022", "from-path"]
    assert host.edition("built-2022") is built
    assert host.editions.entry("from-path").plugin == "edition-plugin"
    # A source whose data carries another id is refused when loaded.
    with pytest.raises(ValueError, match="edition"):
        host.edition("from-path")
    with pytest.raises(UnknownEditionError) as info:
        host.edition("shandong-2022")
    assert info.value.available == ("built-2022", "from-path")


class _Rule:
    id = "testland.extra"
    codes = ("testland.extra-problem",)
    editions = ("testland-2023",)
    scope: Literal["submission", "batch"] = "submission"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return ()


class _Renderer:
    id = "txt"
    suffix = ".txt"
    media_type = "text/plain"
    editions: tuple[str, ...] = ()

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        return b""


def test_reform_brand_rules() -> None:
    class Plugin:
        __name__ = "rule-plugin"

        @hookimpl
        def reform_brand_rules(self, registry: RuleRegistry) -> None:
            registry.add(_Rule())

    host = Host.create(plugins=[Plugin()], load_entry_points=False)
    assert host.rules.get("testland.extra").codes == ("testland.extra-problem",)
    assert host.rules.entry("testland.extra").plugin == "rule-plugin"
    assert _Rule in [type(r) for r in host.rules.for_edition("testland-2023")]
    assert _Rule not in [type(r) for r in host.rules.for_edition("shandong-2022")]


def test_reform_brand_renderers() -> None:
    class Plugin:
        __name__ = "renderer-plugin"

        @hookimpl
        def reform_brand_renderers(self, registry: RendererRegistry) -> None:
            registry.add(_Renderer())

    host = Host.create(plugins=[Plugin()], load_entry_points=False)
    assert host.renderers.get("txt").suffix == ".txt"
    assert host.renderers.entry("txt").plugin == "renderer-plugin"
    assert "txt" in [r.id for r in host.renderers.for_edition("anything")]


def test_hook_implementation_may_take_fewer_arguments() -> None:
    calls: list[str] = []

    class Plugin:
        __name__ = "no-args"

        @hookimpl
        def reform_brand_rules(self) -> None:
            calls.append("called")

    host = Host.create(plugins=[Plugin()], load_entry_points=False)
    _ = host.rules
    assert calls == ["called"]
    assert host.errors == []


def test_plugin_with_an_argument_the_hook_does_not_have_fails_to_register() -> None:
    class Plugin:
        __name__ = "bad-signature"

        @hookimpl
        def reform_brand_rules(self, registry: RuleRegistry, extra: int) -> None:
            raise AssertionError("never called")

    host = Host.create(plugins=[Plugin()], load_entry_points=False)
    assert [(e.code, e.plugin) for e in host.errors] == [
        ("plugin.register-failed", "bad-signature")
    ]
