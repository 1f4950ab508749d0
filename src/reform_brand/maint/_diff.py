"""What changed between two editions: items added, removed or reworded,
quotas, form fields, dates...

The comparison is generic over the edition's data, so a new field of the
model is compared without touching this module.  Arrays whose entries have an
identity (see :data:`reform_brand.inherit.KEYED_ARRAYS`) are compared entry by
entry, so a change reads ``quotas[city-association].limit: 3 -> 2`` rather
than as a shifted list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from attrs import frozen

from reform_brand.converter import make_converter
from reform_brand.inherit import KEYED_ARRAYS
from reform_brand.model import Edition, checked_edition

__all__ = ["Change", "diff_editions"]

ChangeKind = Literal["added", "removed", "changed"]


@frozen(kw_only=True)
class Change:
    #: The top-level part of the edition: ``reform_items``, ``quotas``, ``forms``...
    section: str
    #: Where, e.g. ``forms[application].fields[contact].fields[mobile].pattern``.
    path: str
    kind: ChangeKind
    before: Any = None
    after: Any = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"section": self.section, "path": self.path, "kind": self.kind}
        if self.kind != "added":
            out["before"] = self.before
        if self.kind != "removed":
            out["after"] = self.after
        return out


def _data(edition: Edition) -> dict[str, Any]:
    data: dict[str, Any] = make_converter().unstructure(edition)
    data.pop("source", None)
    return data


def diff_editions(a: Edition, b: Edition) -> list[Change]:
    """The changes that turn edition ``a`` into edition ``b``, in data order;
    an argument that is no :class:`Edition` (an id) is a ``TypeError``."""
    return list(_diff(_data(checked_edition(a, "a")), _data(checked_edition(b, "b")), "", ""))


def _diff(a: Any, b: Any, path: str, name: str) -> Iterator[Change]:
    section = path.split(".", 1)[0].split("[", 1)[0] if path else name
    key_name = KEYED_ARRAYS.get(name)
    if isinstance(a, dict) and isinstance(b, dict):
        yield from _diff_tables(a, b, path, section)
    elif key_name and _keyed(a, key_name) and _keyed(b, key_name):
        yield from _diff_keyed(a, b, path, section, key_name)
    elif a != b:
        yield Change(section=section, path=path, kind="changed", before=a, after=b)


def _keyed(value: Any, key_name: str) -> bool:
    """Whether ``value`` is an array whose entries all carry ``key_name``."""
    return isinstance(value, list) and all(isinstance(e, dict) and key_name in e for e in value)


def _diff_tables(a: dict[str, Any], b: dict[str, Any], path: str, section: str) -> Iterator[Change]:
    for key in [*a, *(k for k in b if k not in a)]:
        sub = f"{path}.{key}" if path else key
        if key not in b:
            yield Change(section=section or key, path=sub, kind="removed", before=a[key])
        elif key not in a:
            yield Change(section=section or key, path=sub, kind="added", after=b[key])
        else:
            yield from _diff(a[key], b[key], sub, key)


def _diff_keyed(
    a: list[dict[str, Any]], b: list[dict[str, Any]], path: str, section: str, key_name: str
) -> Iterator[Change]:
    old = {e[key_name]: e for e in a}
    new = {e[key_name]: e for e in b}
    for key in [*old, *(k for k in new if k not in old)]:
        sub = f"{path}[{key}]"
        if key not in new:
            yield Change(section=section, path=sub, kind="removed", before=_label(old[key]))
        elif key not in old:
            yield Change(section=section, path=sub, kind="added", after=_label(new[key]))
        else:
            yield from _diff(old[key], new[key], sub, "")


def _label(entry: dict[str, Any]) -> Any:
    """A short stand-in for a whole added or removed entry.

    An entry without a title, label or name (a quota) is shown by the words
    of the notice it quotes, as a reader compares it with the notice, not as
    a truncated JSON object.
    """
    for key in ("title", "label", "name", "notice_text"):
        value = entry.get(key)
        if isinstance(value, dict) and "zh" in value:
            return value["zh"]
        if isinstance(value, str) and value:
            return value
    return entry
