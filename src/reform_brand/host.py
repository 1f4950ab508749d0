"""The plugin host: a pluggy plugin manager and the registries it fills.

Nothing is loaded at import time.  ``Host.create()`` builds a manager,
registers reform_brand's default plugins, then loads the plugins of the
``reform_brand`` entry point group one by one: a plugin that fails to import
or to register is recorded (distribution, entry point, error) and the others
still load.  A hook implementation whose name matches no hook spec (a typo)
is an error for that plugin.  ``REFORM_BRAND_BLOCK_PLUGINS`` (comma
separated entry point or distribution names) keeps plugins out.

The registries are filled on first use by calling each plugin's hook
implementation on its own, so that an exception is pinned on the plugin that
raised it.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any, Literal

import pluggy
from attrs import field, frozen

import reform_brand.hookspecs as hookspecs
from reform_brand.errors import DuplicateRegistrationError
from reform_brand.i18n import render
from reform_brand.model import Edition
from reform_brand.registries import (
    EditionRegistry,
    MessageRegistry,
    RendererRegistry,
    RuleRegistry,
)

__all__ = ["BLOCK_ENV", "DEFAULT_PLUGINS", "Host", "PluginError", "PluginInfo", "load_edition"]

#: Environment variable: comma-separated plugin names to keep out.
BLOCK_ENV = "REFORM_BRAND_BLOCK_PLUGINS"

#: reform_brand's own features, registered as plugins through the same hooks
#: as third-party ones (imported by name when a host is created).
DEFAULT_PLUGINS: tuple[str, ...] = ("reform_brand.render.plugin", "reform_brand.rules")

PluginKind = Literal["default", "entry-point", "given"]


@frozen(kw_only=True)
class PluginError:
    """A plugin that could not be loaded, or a hook of it that failed."""

    code: str
    plugin: str
    distribution: str = ""
    entry_point: str = ""
    hook: str = ""
    error: str
    #: The parameters of the error's own message (``registry.duplicate``:
    #: what, name, first, second).
    params: dict[str, str] = field(factory=dict, hash=False)

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang``, ending with the code in brackets."""
        text = render(
            self.code,
            {
                "plugin": self.plugin,
                "distribution": self.distribution or "-",
                "entry_point": self.entry_point or self.plugin,
                "hook": self.hook,
                "error": self.error,
                "variable": BLOCK_ENV,
                **self.params,
            },
            lang,
        )
        return f"{text} [{self.code}]"


@frozen(kw_only=True)
class PluginInfo:
    name: str
    kind: PluginKind
    module: str
    distribution: str = ""
    version: str = ""
    entry_point: str = ""
    hooks: tuple[str, ...] = field(factory=tuple)


def _blocked_from_env() -> frozenset[str]:
    raw = os.environ.get(BLOCK_ENV, "")
    return frozenset(p.strip() for p in raw.split(",") if p.strip())


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 500 else text[:500] + "…"


class Host:
    """Plugins and the registries they fill.  Build one with :meth:`create`."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self.plugins: list[PluginInfo] = []
        self.errors: list[PluginError] = []
        self.blocked: list[PluginInfo] = []
        self._lock = threading.RLock()
        self._editions: EditionRegistry | None = None
        self._rules: RuleRegistry | None = None
        self._renderers: RendererRegistry | None = None
        self._messages: MessageRegistry | None = None

    @classmethod
    def create(
        cls,
        *,
        plugins: Sequence[object] = (),
        load_entry_points: bool = True,
        default_plugins: bool = True,
        block: Iterable[str] | None = None,
    ) -> Host:
        """Build a host.

        ``plugins`` are extra plugin objects or modules (for tests and
        embedding).  ``load_entry_points=False`` keeps installed plugins out.
        ``block`` names plugins to keep out; by default it is read from the
        ``REFORM_BRAND_BLOCK_PLUGINS`` environment variable.
        """
        pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        pm.add_hookspecs(hookspecs)
        host = cls(pm)
        blocked = _blocked_from_env() if block is None else frozenset(block)
        if default_plugins:
            for name in DEFAULT_PLUGINS:
                if name in blocked:
                    host.blocked.append(PluginInfo(name=name, kind="default", module=name))
                    continue
                host._register(importlib.import_module(name), name=name, kind="default")
        for obj in plugins:
            name = getattr(obj, "__name__", None) or f"{type(obj).__name__}@{id(obj):x}"
            host._register(obj, name=name, kind="given")
        if load_entry_points:
            host._load_entry_points(blocked)
        pm.check_pending()
        return host

    # -- loading --------------------------------------------------------

    def _load_entry_points(self, blocked: frozenset[str]) -> None:
        eps = sorted(entry_points(group=hookspecs.ENTRY_POINT_GROUP), key=lambda e: e.name)
        for ep in eps:
            dist, version = _dist_of(ep)
            if ep.name in blocked or (dist and dist in blocked):
                self.blocked.append(
                    PluginInfo(
                        name=ep.name,
                        kind="entry-point",
                        module=ep.value,
                        distribution=dist,
                        version=version,
                        entry_point=ep.name,
                    )
                )
                continue
            try:
                obj = ep.load()
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self.errors.append(
                    PluginError(
                        code="plugin.import-failed",
                        plugin=ep.name,
                        distribution=dist,
                        entry_point=f"{ep.name} = {ep.value}",
                        error=_describe(exc),
                    )
                )
                continue
            self._register(
                obj,
                name=ep.name,
                kind="entry-point",
                distribution=dist,
                version=version,
                entry_point=f"{ep.name} = {ep.value}",
            )

    def _register(
        self,
        obj: object,
        *,
        name: str,
        kind: PluginKind,
        distribution: str = "",
        version: str = "",
        entry_point: str = "",
    ) -> None:
        try:
            self.pm.register(obj, name=name)
            unknown = [
                caller.name for caller in self.pm.get_hookcallers(obj) or [] if caller.spec is None
            ]
            if unknown:
                self.pm.unregister(obj)
                raise pluggy.PluginValidationError(
                    obj, f"unknown hook(s) {', '.join(sorted(unknown))} (a typo?)"
                )
        except Exception as exc:
            self.errors.append(
                PluginError(
                    code="plugin.register-failed",
                    plugin=name,
                    distribution=distribution,
                    entry_point=entry_point or name,
                    error=_describe(exc),
                )
            )
            return
        hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(obj) or []))
        module = obj.__name__ if isinstance(obj, ModuleType) else type(obj).__module__
        self.plugins.append(
            PluginInfo(
                name=name,
                kind=kind,
                module=module,
                distribution=distribution,
                version=version,
                entry_point=entry_point,
                hooks=hooks,
            )
        )

    # -- registries ----------------------------------------------------

    def _collect(self, hook_name: str, registry: Any) -> None:
        caller = getattr(self.pm.hook, hook_name)
        # get_hookimpls() lists implementations in registration order:
        # default plugins first, then given ones, then entry points.
        infos = {p.name: p for p in self.plugins}
        for impl in caller.get_hookimpls():
            registry._bind(impl.plugin_name)
            kwargs = {k: registry for k in impl.argnames if k == "registry"}
            info = infos.get(impl.plugin_name)
            where = {
                "plugin": impl.plugin_name,
                "distribution": info.distribution if info is not None else "",
                "entry_point": (info.entry_point if info is not None else "") or impl.plugin_name,
                "hook": hook_name,
            }
            try:
                impl.function(**kwargs)
            except DuplicateRegistrationError as exc:
                self.errors.append(
                    PluginError(
                        code=exc.code,
                        error=exc.message("en"),
                        params={k: str(v) for k, v in exc.params.items()},
                        **where,
                    )
                )
            except Exception as exc:
                self.errors.append(
                    PluginError(code="plugin.hook-failed", error=_describe(exc), **where)
                )
        registry._bind("<direct>")

    @property
    def editions(self) -> EditionRegistry:
        with self._lock:
            if self._editions is None:
                # An edition's templates are checked, when it loads, by the
                # renderers that can (``check_template``).
                reg = EditionRegistry(renderers=lambda eid: self.renderers.for_edition(eid))
                self._collect("reform_brand_editions", reg)
                self._editions = reg
            return self._editions

    @property
    def rules(self) -> RuleRegistry:
        with self._lock:
            if self._rules is None:
                reg = RuleRegistry()
                self._collect("reform_brand_rules", reg)
                self._rules = reg
            return self._rules

    @property
    def renderers(self) -> RendererRegistry:
        with self._lock:
            if self._renderers is None:
                reg = RendererRegistry()
                self._collect("reform_brand_renderers", reg)
                self._renderers = reg
            return self._renderers

    @property
    def messages(self) -> MessageRegistry:
        """The messages of plugins' finding codes (``reform_brand_messages``)
        over the built-in catalogue."""
        with self._lock:
            if self._messages is None:
                reg = MessageRegistry()
                self._collect("reform_brand_messages", reg)
                self._messages = reg
            return self._messages

    def edition(self, edition_id: str) -> Edition:
        """The edition ``edition_id`` (see :meth:`EditionRegistry.get`)."""
        return self.editions.get(edition_id)

    def collect_all(self) -> None:
        """Fill every registry now (the ``plugins`` command shows the result)."""
        _ = self.editions, self.rules, self.renderers, self.messages


def _dist_of(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "", ""
    try:
        return str(dist.metadata["Name"]), str(dist.version)
    except Exception:
        return "", ""


def load_edition(edition_id: str, *, host: Host | None = None) -> Edition:
    """Load an installed edition by id (a new host unless one is given)."""
    return (host or Host.create()).edition(edition_id)
