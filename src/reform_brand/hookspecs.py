"""The hook specifications: the contract between reform_brand and its plugins.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose
names are hooks below.  It is found through the ``reform_brand`` entry point
group (an edition package) or is one of reform_brand's own default plugins;
both are loaded the same way.  Each hook hands the plugin a *registry* to add
to, and is called once per plugin, so an error is pinned on the plugin that
raised it and the other plugins still register.

Hooks are called with keyword arguments only.  An implementation may accept
fewer arguments than the spec names.  Every hook is documented in
``docs/hooks.md`` (a test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from reform_brand.registries import (
        EditionRegistry,
        MessageRegistry,
        RendererRegistry,
        RuleRegistry,
    )

PROJECT_NAME = "reform_brand"
#: The entry point group plugins are found through.
ENTRY_POINT_GROUP = "reform_brand"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = [
    "ENTRY_POINT_GROUP",
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "reform_brand_editions",
    "reform_brand_messages",
    "reform_brand_renderers",
    "reform_brand_rules",
]


@hookspec
def reform_brand_editions(registry: EditionRegistry) -> None:
    """Add editions (calls for reform brand projects) to ``registry``.

    Usually ``registry.add_source(EDITION_ID, files(__name__) / "data")``: the
    edition is a directory of TOML data files, loaded and checked when first
    asked for.  ``registry.add(edition)`` adds an already built
    :class:`~reform_brand.model.Edition`.  An edition id registered by two
    plugins is an error that names both.

    ``registry.add_examples(EDITION_ID, files(__name__) / "demo_inbox",
    now=...)`` (or ``add_source(..., examples=...)``) registers an example
    inbox, which ``reform-brand demo`` checks.
    """


@hookspec
def reform_brand_rules(registry: RuleRegistry) -> None:
    """Add validation rules to ``registry``.

    A rule has an ``id``, the finding ``codes`` it may emit and the
    ``editions`` it applies to (empty: all).  ``registry.add(rule)`` rejects an
    id that is already taken, naming both plugins; an edition plugin replaces
    a built-in rule with ``registry.add(rule, replace=True)``.  The engine
    refuses a finding whose code the rule does not declare
    (``rule.undeclared-code``); the messages of the codes are registered
    through ``reform_brand_messages``.
    """


@hookspec
def reform_brand_renderers(registry: RendererRegistry) -> None:
    """Add renderers (output formats for forms, e.g. ``docx``) to ``registry``.

    A renderer has an ``id`` (the format name), a file ``suffix``, a
    ``media_type`` and the ``editions`` it applies to (empty: all).  Same
    duplicate and ``replace=True`` rules as for rules.  The engine checks the
    form data before calling ``render``; an optional
    ``check_template(edition, form) -> list[Problem]`` is asked when an
    edition loads and by ``lint``.
    """


@hookspec
def reform_brand_messages(registry: MessageRegistry) -> None:
    """Add the messages of the plugin's own finding codes to ``registry``.

    ``registry.add(CodeInfo(code=..., severity=..., rule=..., zh=..., en=...))``
    for each code the plugin's rules declare.  The engine then gives every
    finding of that code its severity and text: ``Finding.message("zh")``
    needs no extra argument.  A code already registered (by another plugin
    or by reform_brand itself) is refused unless ``replace=True``.
    """
