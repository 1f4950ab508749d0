"""Module attributes imported on first use (PEP 562).

A package that names more than its commands need keeps a table of where
each name lives, and its ``__getattr__`` and ``__dir__`` call these, so that
importing it costs only what is used.
"""

from __future__ import annotations

import importlib

# Not typing.TYPE_CHECKING: ``import reform_brand`` (the command line's
# --version and --help) must not import typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["lazy_attribute", "lazy_names"]


def lazy_attribute(
    module: str, table: Mapping[str, str], namespace: dict[str, Any], name: str
) -> Any:
    """``name`` of the module ``module`` (whose globals are ``namespace``),
    imported from the module ``table`` gives for it and kept in
    ``namespace``; ``AttributeError`` for a name the table does not hold."""
    where = table.get(name)
    if where is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    namespace[name] = value
    return value


def lazy_names(namespace: Mapping[str, Any], table: Mapping[str, str]) -> list[str]:
    """What ``dir()`` of such a module lists: its globals and its table."""
    return sorted(set(namespace) | set(table))
