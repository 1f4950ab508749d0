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
import re
import threading
from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any, Literal

import pluggy
from attrs import field, frozen

import reform_brand.hookspecs as hookspecs
from reform_brand.codes._info import Localized
from reform_brand.errors import DuplicateRegistrationError
from reform_brand.i18n import render
from reform_brand.model import Edition
from reform_brand.registries import (
    EditionRegistry,
    MessageRegistry,
    Renderer,
    RendererRegistry,
    RuleRegistry,
)

__all__ = [
    "BLOCK_ENV",
    "DEFAULT_PLUGINS",
    "OWN_DISTRIBUTION",
    "Host",
    "PluginError",
    "PluginInfo",
    "blocked_from_env",
    "load_edition",
    "plugin_names",
]

#: Environment variable: comma-separated plugin names to keep out.
BLOCK_ENV = "REFORM_BRAND_BLOCK_PLUGINS"

#: reform_brand's own features, registered as plugins through the same hooks
#: as third-party ones, and the hooks each implements.  A default plugin is
#: registered as a stand-in (:class:`_DeferredPlugin`): its module (and the
#: rules or renderers it brings) is imported on the first call of one of its
#: hooks, so that a command that needs neither, such as ``editions``, does
#: not pay for them.  A test checks that the hooks listed are the module's.
DEFAULT_HOOKS: dict[str, tuple[str, ...]] = {
    "reform_brand.render.plugin": ("reform_brand_renderers",),
    "reform_brand.rules": ("reform_brand_rules",),
}
DEFAULT_PLUGINS: tuple[str, ...] = tuple(DEFAULT_HOOKS)

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
    #: what, name, first, second), or the error in both languages.
    params: dict[str, str | Localized] = field(factory=dict, hash=False)

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


def blocked_from_env() -> frozenset[str]:
    """The names ``REFORM_BRAND_BLOCK_PLUGINS`` keeps out."""
    raw = os.environ.get(BLOCK_ENV, "")
    return frozenset(p.strip() for p in raw.split(",") if p.strip())


def plugin_names() -> frozenset[str]:
    """The names a plugin can be blocked by: the default plugins', and the
    entry point and distribution names of the installed plugins (nothing
    loaded)."""
    names = set(DEFAULT_PLUGINS)
    for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        names.add(ep.name)
        names.add(_dist_of(ep)[0])
    names.discard("")
    return frozenset(names)


class _DeferredPlugin:
    """A default plugin registered under its module's name, whose module is
    imported by name on the first call of one of its hooks (``hooks``, the
    hook implementations the module has), and the call passed on to it."""

    def __init__(self, module: str, hooks: Iterable[str]) -> None:
        self.__name__ = module
        for hook in hooks:
            setattr(self, hook, _deferred_hook(module, hook))


def _deferred_hook(module: str, hook: str) -> Any:
    def call(registry: Any) -> Any:
        return getattr(importlib.import_module(module), hook)(registry=registry)

    call.__name__ = call.__qualname__ = hook
    return hookspecs.hookimpl(call)


def _unknown_hooks(names: str, error: str) -> dict[str, str | Localized]:
    """The error of a plugin whose hook names match no hook (a typo), in
    both languages; nothing for another error."""
    if not names:
        return {}
    return {"error": Localized(zh=f"未知的钩子 {names}（拼写错误？）", en=error, value=error)}


def _plugin_named(info: PluginInfo | None, name: str) -> str | Localized:
    """A plugin as a message names it: its entry point and distribution
    (``dup = rb_dup（dup 0.1）``), else its name (a default plugin, or one
    given to :meth:`Host.create`); the value is its name."""
    if info is None or not info.entry_point:
        return name
    dist = " ".join(p for p in (info.distribution, info.version) if p)
    if not dist:
        return info.entry_point
    return Localized(
        zh=f"{info.entry_point}（{dist}）", en=f"{info.entry_point} ({dist})", value=name
    )


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
        blocked = blocked_from_env() if block is None else frozenset(block)
        if default_plugins:
            for name in DEFAULT_PLUGINS:
                if name in blocked:
                    host.blocked.append(PluginInfo(name=name, kind="default", module=name))
                    continue
                plugin = _DeferredPlugin(name, DEFAULT_HOOKS[name])
                host._register(plugin, name=name, kind="default", module=name)
        for obj in plugins:
            name = getattr(obj, "__name__", None) or f"{type(obj).__name__}@{id(obj):x}"
            host._register(obj, name=name, kind="given")
        if load_entry_points:
            host._load_entry_points(blocked)
        pm.check_pending()
        return host

    # -- loading --------------------------------------------------------

    def _load_entry_points(self, blocked: frozenset[str]) -> None:
        found = [(ep, *_dist_of(ep)) for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP)]
        for ep, dist, version in sorted(found, key=lambda row: _load_order(row[0], row[1])):
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
            if self.pm.is_registered(obj):
                # Given as a plugin too (a test's own host): loaded once.
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
        module: str = "",
    ) -> None:
        unknown = ""
        try:
            self.pm.register(obj, name=name)
            unknown = ", ".join(
                sorted(c.name for c in self.pm.get_hookcallers(obj) or [] if c.spec is None)
            )
            if unknown:
                self.pm.unregister(obj)
                raise pluggy.PluginValidationError(obj, f"unknown hook(s) {unknown} (a typo?)")
        except Exception as exc:
            error = _describe(exc)
            self.errors.append(
                PluginError(
                    code="plugin.register-failed",
                    plugin=name,
                    distribution=distribution,
                    entry_point=entry_point or name,
                    error=error,
                    params=_unknown_hooks(unknown, error),
                )
            )
            return
        hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(obj) or []))
        if not module:
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
                params: dict[str, str | Localized] = {k: str(v) for k, v in exc.params.items()}
                params["first"] = _plugin_named(infos.get(exc.first), exc.first)
                params["second"] = _plugin_named(infos.get(exc.second), exc.second)
                self.errors.append(
                    PluginError(
                        code=exc.code,
                        error=render(exc.code, params, "en"),
                        params=params,
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
                reg = EditionRegistry(renderers=_Renderers(self))
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

    def _renderer_stamp(self) -> list[str]:
        """Names for the renderers an edition's templates are checked by,
        without building them (the edition cache's key): each plugin that
        implements ``reform_brand_renderers`` (name, module, distribution and
        version), and the renderers added to the registry directly."""
        infos = {p.name: p for p in self.plugins}
        out = []
        for impl in self.pm.hook.reform_brand_renderers.get_hookimpls():
            info = infos.get(impl.plugin_name)
            name = impl.plugin_name
            if info is None or (info.kind == "given" and not isinstance(impl.plugin, ModuleType)):
                # An object given to create(): named by its class, not by
                # its id, which changes from one run to the next.
                kind = type(impl.plugin)
                name = f"{kind.__module__}.{kind.__qualname__}"
            about = (info.module, info.distribution, info.version) if info else ("", "", "")
            out.append("\0".join(("plugin", name, *about)))
        with self._lock:
            direct = self._renderers.entries() if self._renderers is not None else []
        for entry in direct:
            if entry.plugin == "<direct>":
                kind = type(entry.value)
                out.append(f"{kind.__module__}.{kind.__qualname__}")
        return out

    def plugin_named(self, name: str) -> str | Localized:
        """The plugin ``name`` as messages name it: its entry point and
        distribution (``dup = rb_dup（dup 0.1）``), else its name."""
        return _plugin_named(next((p for p in self.plugins if p.name == name), None), name)

    def edition(self, edition_id: str) -> Edition:
        """The edition ``edition_id`` (see :meth:`EditionRegistry.get`)."""
        return self.editions.get(edition_id)

    def collect_all(self) -> None:
        """Fill every registry now (the ``plugins`` command shows the result)."""
        _ = self.editions, self.rules, self.renderers, self.messages


class _Renderers:
    """The host's renderers for an edition (which check the templates it
    brings, when it loads); ``describe`` names them without importing any
    (see :func:`reform_brand.loader.load_edition`)."""

    def __init__(self, host: Host) -> None:
        self._host = host

    def __call__(self, edition_id: str) -> list[Renderer]:
        return self._host.renderers.for_edition(edition_id)

    def describe(self, edition_id: str) -> list[str]:
        return self._host._renderer_stamp()


#: The distribution reform_brand itself comes in: its entry points (the
#: reference edition) load before any other distribution's.
OWN_DISTRIBUTION = "reform-brand"


def _canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _load_order(ep: EntryPoint, dist: str) -> tuple[int, str, str, str]:
    """Where an entry point loads: reform_brand's own distribution first,
    then the others by distribution name, then by entry point name (and
    value); never by the order the environment lists them in.  Of two
    plugins that register the same name, the first to load keeps it."""
    own = _canonical(dist) == OWN_DISTRIBUTION
    return (0 if own else 1, _canonical(dist), ep.name, ep.value)


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
    return host_or_new(host).edition(edition_id)


def host_or_new(host: object) -> Host:
    """``host``, or a new host (the installed plugins) for None; anything
    else is a ``TypeError`` naming the argument."""
    if host is None:
        return Host.create()
    if not isinstance(host, Host):
        raise TypeError(
            f"host takes a Host (Host.create() gives one) or None, not {type(host).__name__}"
        )
    return host
