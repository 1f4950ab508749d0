"""Hosts for tests: only the plugins a test asks for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points

from reform_brand.hookspecs import ENTRY_POINT_GROUP
from reform_brand.host import Host

__all__ = ["installed_plugin_names", "isolated_host"]


def installed_plugin_names() -> dict[str, str]:
    """Entry point name -> distribution name, for the installed plugins."""
    out: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        name = ""
        if dist is not None:
            try:
                name = str(dist.metadata["Name"])
            except Exception:  # a broken distribution: the entry point name still counts
                name = ""
        out[ep.name] = name
    return out


def isolated_host(
    *plugins: object,
    installed: bool | Iterable[str] = False,
    default_plugins: bool = True,
) -> Host:
    """A host with reform_brand's default plugins, ``plugins`` (objects or
    modules with hook implementations) and the installed plugins asked for.

    ``installed`` is ``False`` (none: nothing installed on the machine leaks
    in), ``True`` (all of them, less ``REFORM_BRAND_BLOCK_PLUGINS``) or the
    entry point or distribution names to load, e.g. ``["example-2022"]``.
    Raises :class:`LookupError` naming an installed plugin that is not there.
    """
    if installed is True:
        return Host.create(plugins=plugins, default_plugins=default_plugins)
    if installed is False:
        return Host.create(
            plugins=plugins, load_entry_points=False, default_plugins=default_plugins, block=()
        )
    wanted = _names(installed)
    available = installed_plugin_names()
    known = set(available) | {d for d in available.values() if d}
    missing = sorted(wanted - known)
    if missing:
        raise LookupError(
            f"no installed reform_brand plugin named {', '.join(missing)}; "
            f"installed: {', '.join(sorted(available)) or '-'}"
        )
    block = {
        ep for ep, dist in available.items() if ep not in wanted and not (dist and dist in wanted)
    }
    return Host.create(plugins=plugins, default_plugins=default_plugins, block=block)


def _names(names: Iterable[str]) -> set[str]:
    if isinstance(names, str):
        return {names}
    seq: Sequence[str] = list(names)
    return {str(n) for n in seq}
