"""Edition inheritance: an edition written as another edition plus changes.

A child edition's data files hold an ``[inherit]`` table::

    [inherit]
    from = "example-2022"                  # the parent edition's id
    remove = { reform_items = [16, 17] }  # entries of keyed arrays to drop
    replace = ["roster"]                  # arrays taken whole from the child

and only what changes.  The parent's data is merged with the child's:

* tables merge key by key, recursively (``[deadline] at = ...`` changes only
  the instant);
* arrays of entries with an identity (unit kinds, quotas and forms by ``id``,
  reform items by ``number``, roster units by ``name``, form fields and blocks
  by ``id``...) merge entry by entry: an entry with a known identity is merged
  into the parent's, a new one is appended in the child's order;
* other arrays and values are replaced.

The merged document is then checked like any edition.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
from attrs import frozen

from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import type_names
from reform_brand.converter import json_type
from reform_brand.errors import EditionDataError, Problem, UnknownEditionError

__all__ = [
    "KEYED_ARRAYS",
    "TOP_LEVEL_ARRAYS",
    "ParentResolver",
    "apply_inheritance",
    "merge",
    "origin_of",
    "own_place",
    "placed",
]

#: Array name -> the key that identifies its entries.
KEYED_ARRAYS: Mapping[str, str] = {
    "unit_kinds": "id",
    "quotas": "id",
    "reform_items": "number",
    "forms": "id",
    "fields": "id",
    "blocks": "id",
    "choices": "value",
    "extra_materials": "id",
    "readings": "id",
    "roster": "name",
    "deliverables": "id",
}

#: The keyed arrays at the top level of an edition: the only ones that
#: ``remove`` and ``replace`` can name (a field, block, choice or deliverable
#: lives inside a form or a table, and merges by its identity only).
TOP_LEVEL_ARRAYS: tuple[str, ...] = (
    "unit_kinds",
    "quotas",
    "reform_items",
    "forms",
    "extra_materials",
    "readings",
    "roster",
)

#: Given an edition id, the parent's merged raw data and origin map.
ParentResolver = Callable[[str], tuple[dict[str, Any], dict[str, str]]]

_INHERIT_KEYS = {"from", "remove", "replace"}


def merge(parent: Any, child: Any, name: str = "") -> Any:
    """Merge ``child`` into a copy of ``parent`` (see the module docstring)."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = merge(parent[key], value, key) if key in parent else copy.deepcopy(value)
        return out
    key_name = KEYED_ARRAYS.get(name)
    if (
        key_name
        and isinstance(parent, list)
        and isinstance(child, list)
        and all(isinstance(e, dict) and key_name in e for e in parent + child)
    ):
        merged = [dict(e) for e in parent]
        index = {e[key_name]: i for i, e in enumerate(merged)}
        for entry in child:
            i = index.get(entry[key_name])
            if i is None:
                index[entry[key_name]] = len(merged)
                merged.append(copy.deepcopy(entry))
            else:
                merged[i] = merge(merged[i], entry)
        return merged
    return copy.deepcopy(child)


@frozen(kw_only=True)
class _Spec:
    """An ``[inherit]`` table, checked."""

    parent: str
    remove: dict[str, list[Any]]
    replace: tuple[str, ...]


def _type(value: object) -> Localized:
    """The TOML type of ``value`` (a table, not an object) in both languages."""
    kind = json_type(value)
    return type_names("table" if kind == "object" else kind)


def _read_spec(spec: object, file: str) -> _Spec:
    def fail(path: str, code: str, **params: object) -> EditionDataError:
        return EditionDataError([Problem(file=file, path=path, code=code, params=params)])

    def wrong_type(path: str, expected: str, value: object) -> EditionDataError:
        """``edition.schema.type``: ``value`` at ``path`` is not ``expected``."""
        return fail(path, "edition.schema.type", expected=type_names(expected), actual=_type(value))

    if not isinstance(spec, dict):
        raise wrong_type("inherit", "table", spec)
    for key in spec:
        if key not in _INHERIT_KEYS:
            raise fail(f"inherit.{key}", "edition.schema.additional", name=key)
    parent_id = spec.get("from")
    if parent_id is None:
        raise fail("inherit.from", "edition.schema.required", name="from")
    if not isinstance(parent_id, str):
        # (Written, of another type: not "missing", at the line that writes it.)
        raise wrong_type("inherit.from", "string", parent_id)
    if not parent_id:
        empty = "'' should be non-empty"  # as the edition schema says it of a string
        detail = Localized(zh="不能为空", en=empty, value=empty)
        raise fail("inherit.from", "edition.schema.other", detail=detail)
    remove = spec.get("remove", {})
    replace = spec.get("replace", [])
    allowed = ", ".join(TOP_LEVEL_ARRAYS)
    if not isinstance(remove, dict):
        raise fail("inherit.remove", "edition.inherit-bad-remove", allowed=allowed)
    for key, value in remove.items():
        if key not in TOP_LEVEL_ARRAYS:
            raise fail(f"inherit.remove.{key}", "edition.inherit-bad-remove", allowed=allowed)
        if not isinstance(value, list):
            raise wrong_type(f"inherit.remove.{key}", "array", value)
    if not isinstance(replace, list):
        raise wrong_type("inherit.replace", "array", replace)
    for i, name in enumerate(replace):
        if name not in TOP_LEVEL_ARRAYS:
            # An unknown name would silently merge what was meant to be replaced.
            raise fail(f"inherit.replace[{i}]", "edition.schema.enum", allowed=allowed)
    return _Spec(parent=parent_id, remove=remove, replace=tuple(replace))


def _no_twice(child: Mapping[str, Any], origin: Mapping[str, str]) -> None:
    """Raise ``edition.duplicate-id`` for what :func:`_twice` finds in the
    child's own data, before it is merged."""
    twice = [p for k, v in child.items() for p in _twice(v, k, k, origin.get(k, "edition"))]
    if twice:
        raise EditionDataError(twice)


def _twice(node: Any, name: str, path: str, file: str) -> Iterator[Problem]:
    """``edition.duplicate-id`` for each entry of a keyed array of the
    child's own data whose identity an earlier entry of that array has: the
    merge would fold the second into the first, never saying so (choices,
    whose repeated value ``lint.choice-duplicate`` tells, excepted)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _twice(value, key, f"{path}.{key}", file)
        return
    if not isinstance(node, list):
        return
    key_name = KEYED_ARRAYS.get(name) if name != "choices" else None
    seen: dict[object, str] = {}
    for i, entry in enumerate(node):
        yield from _twice(entry, "", f"{path}[{i}]", file)
        ident = entry.get(key_name) if key_name and isinstance(entry, dict) else None
        if not isinstance(ident, str | int):
            continue
        here = f"{path}[{i}].{key_name}"
        if ident in seen:
            params = {"id": ident, "other": seen[ident]}
            yield Problem(file=file, path=here, code="edition.duplicate-id", params=params)
        else:
            seen[ident] = here


def _remove_entries(merged: dict[str, Any], remove: Mapping[str, list[Any]], file: str) -> None:
    """Drop the entries ``remove`` names from ``merged``'s keyed arrays;
    naming an entry the merged data does not have is an error."""
    problems: list[Problem] = []
    for array, keys in remove.items():
        key_name = KEYED_ARRAYS[array]
        entries = merged.get(array, [])
        present = {e.get(key_name) for e in entries if isinstance(e, dict)}
        problems.extend(
            Problem(
                file=file,
                path=f"inherit.remove.{array}",
                code="edition.inherit-remove-unknown",
                params={"key": k, "array": array},
            )
            for k in keys
            if k not in present
        )
        merged[array] = [
            e for e in entries if not (isinstance(e, dict) and e.get(key_name) in keys)
        ]
    if problems:
        raise EditionDataError(problems)


def _parent(
    parent_id: str, resolve: ParentResolver | None, file: str, child_id: object
) -> tuple[dict[str, Any], dict[str, str]]:
    """The parent's raw data; a parent that is not installed (or no way to
    look one up) is ``edition.inherit-unavailable`` at ``inherit.from`` in
    the child's file, listing the installed editions."""
    available: tuple[str, ...] = ()
    if resolve is not None:
        try:
            return resolve(parent_id)
        except UnknownEditionError as exc:
            if exc.edition != parent_id:
                raise  # a grandparent: its own file says so
            available = exc.available
        except EditionDataError as exc:
            problems = [_in_parent(p, parent_id, file, child_id) for p in exc.problems]
            raise EditionDataError(problems) from None
    problem = Problem(
        file=file,
        path="inherit.from",
        code="edition.inherit-unavailable",
        params={"parent": parent_id, "available": ", ".join(available) or "-"},
    )
    raise EditionDataError([problem])


def _in_parent(problem: Problem, parent_id: str, file: str, child_id: object) -> Problem:
    """A problem of the parent's own ``[inherit]`` table or data, found while
    it was read for its child: in the parent's file, labelled as an
    inherited part is (``edition.toml (PARENT-ID)``), never in the
    child's file of the same name. A cycle that takes in the child is told
    at the child's own ``inherit.from``, which leads back to it."""
    if problem.code == "edition.inherit-cycle":
        # The chain read, ``c -> a -> b -> a``: the cycle is from the first ``a``.
        chain = str(problem.params.get("chain", "")).split(" -> ")
        if child_id in chain[chain.index(chain[-1]) :]:
            return attrs.evolve(problem, file=file)
    if problem.file.endswith(")"):
        return problem  # a grandparent's, labelled by the parent
    return attrs.evolve(problem, file=f"{problem.file} ({parent_id})")


def apply_inheritance(
    data: dict[str, Any],
    origin: dict[str, str],
    resolve: ParentResolver | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Resolve ``data``'s ``[inherit]`` table, if any, against its parent."""
    if data.get("inherit") is None:
        return data, origin
    file = origin.get("inherit", "edition")
    spec = _read_spec(data["inherit"], file)
    parent, parent_origin = _parent(spec.parent, resolve, file, data.get("id"))

    child = {k: v for k, v in data.items() if k != "inherit"}
    _no_twice(child, origin)
    merged: dict[str, Any] = {}
    new_origin: dict[str, str] = {}
    for key in parent.keys() | child.keys():
        if key in child and (key not in parent or key in spec.replace):
            merged[key] = copy.deepcopy(child[key])
        elif key in child:
            merged[key] = merge(parent[key], child[key], key)
        else:
            merged[key] = copy.deepcopy(parent[key])
        new_origin[key] = (
            origin[key] if key in child else f"{parent_origin.get(key, 'edition')} ({spec.parent})"
        )
    _remove_entries(merged, spec.remove, file)
    # Ordered as the parent, then the child's new keys.
    ordered = {k: merged[k] for k in [*parent, *(k for k in child if k not in parent)]}
    for key in parent.keys() & child.keys():
        if key not in spec.replace:
            label = f"{parent_origin.get(key, 'edition')} ({spec.parent})"
            _parent_parts(ordered[key], child[key], f"/{key}", key, label, new_origin)
    for key in parent:
        # Entries removed from an array the child does not write shift the rest.
        child_part = child.get(key, [] if key in spec.remove else None)
        if child_part is not None and key not in spec.replace:
            top = f"/{key}"
            _places(ordered[key], child_part, parent[key], (top, top, top), key, new_origin)
    # The parent's own map, one level down: where its parts are in its files.
    new_origin.update({_PARENT + k: v for k, v in parent_origin.items()})
    return ordered, new_origin


#: Origin keys: the place, in the child's own data, of a merged entry it
#: writes; the place in the parent's data of one the parent has; the
#: parent's origin map.
_CHILD, _PARENT_AT, _PARENT = "@c", "@p", "^"


def _places(
    merged: Any, child: Any, parent: Any, at: tuple[str, str, str], name: str, out: dict[str, str]
) -> None:
    """Record in ``out`` where each entry of a merged keyed array is in the
    child's data and in the parent's (``at``: the merged, child's and
    parent's pointers of ``merged``), where the two differ from the merged
    data's indices: ``/quotas/4`` is the child's ``/quotas/0``."""
    here, in_child, in_parent = at
    if isinstance(merged, dict) and isinstance(child, dict) and isinstance(parent, dict):
        for key, value in merged.items():
            if key in child and key in parent:
                where = (f"{here}/{key}", f"{in_child}/{key}", f"{in_parent}/{key}")
                _places(value, child[key], parent[key], where, key, out)
        return
    key_name = KEYED_ARRAYS.get(name)
    if key_name and _keyed(key_name, merged, child, parent):
        _entry_places(merged, child, parent, at, key_name, out)
    # else a value or a plain array, replaced whole: its indices are the child's


def _keyed(key_name: str, *lists: Any) -> bool:
    """Whether ``lists`` are all arrays of entries identified by ``key_name``."""
    return all(isinstance(x, list) for x in lists) and all(
        isinstance(e, dict) and key_name in e for x in lists for e in x
    )


def _entry_places(
    merged: list[Any],
    child: list[Any],
    parent: list[Any],
    at: tuple[str, str, str],
    key_name: str,
    out: dict[str, str],
) -> None:
    """:func:`_places` of a keyed array's entries."""
    here, in_child, in_parent = at
    child_at = {e[key_name]: i for i, e in enumerate(child)}
    parent_at = {e[key_name]: i for i, e in enumerate(parent)}
    for i, entry in enumerate(merged):
        c, p = child_at.get(entry[key_name]), parent_at.get(entry[key_name])
        where = (f"{here}/{i}", f"{in_child}/{c}", f"{in_parent}/{p}")
        if c is not None:
            out[_CHILD + where[0]] = where[1]
        if p is not None:
            out[_PARENT_AT + where[0]] = where[2]
        if c is not None and p is not None:
            _places(entry, child[c], parent[p], where, "", out)


def own_place(origin: Mapping[str, str], pointer: str, default: str = "") -> tuple[str, str]:
    """The file, and the pointer in its edition's data, of the datum at
    ``pointer`` (into the merged data): the child's own file and index for
    what the child writes, the parent's (or an ancestor's, labelled
    ``FILE (ID)``) for what it inherits; ``default`` when nothing is known."""
    label = origin_of(origin, pointer, default)
    inherited = label.endswith(")")
    tag = _PARENT_AT if inherited else _CHILD
    parts = pointer.split("/")
    for n in range(len(parts), 1, -1):
        mapped = origin.get(tag + "/".join(parts[:n]))
        if mapped is not None:
            pointer = mapped + "".join("/" + part for part in parts[n:])
            break
    up = {k[len(_PARENT) :]: v for k, v in origin.items() if k.startswith(_PARENT)}
    if not (inherited and up):
        return label, pointer
    file, pointer = own_place(up, pointer, default)
    # Labelled as the parent labels it: its own file is the parent's.
    return (
        (file, pointer) if file.endswith(")") else (f"{file} {label[label.rindex('(') :]}", pointer)
    )


_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def placed(problems: Iterable[Problem], origin: Mapping[str, str]) -> list[Problem]:
    """``problems`` (paths into the merged data, ``forms[1].fields[7]``) at
    the place a maintainer edits: the file and the path in it of the
    edition, child or parent, whose data holds the fault."""
    out: list[Problem] = []
    for p in problems:
        parts = [m.group(1) or m.group(2) or "" for m in _PATH_PART.finditer(p.path)]
        pointer = "".join("/" + part for part in parts)
        if not pointer or parts[0] == "inherit":
            out.append(p)
            continue
        file, own = own_place(origin, pointer, p.file)
        path = "".join(f"[{x}]" if x.isdigit() else f".{x}" for x in own.split("/")[1:])
        out.append(attrs.evolve(p, file=file, path=path.lstrip(".")))
    return out


def _parent_parts(
    merged: Any, child: Any, pointer: str, name: str, label: str, out: dict[str, str]
) -> None:
    """Record in ``out``, by JSON pointer into the merged data, the parts of a
    merged table or keyed array that the child does not write: a finding
    there is in the parent's file, though the top-level key is the child's."""
    if isinstance(merged, dict) and isinstance(child, dict):
        for key, value in merged.items():
            if key in child:
                _parent_parts(value, child[key], f"{pointer}/{key}", key, label, out)
            else:
                out[f"{pointer}/{key}"] = label
        return
    key_name = KEYED_ARRAYS.get(name)
    if not (
        key_name
        and isinstance(merged, list)
        and isinstance(child, list)
        and all(isinstance(e, dict) and key_name in e for e in merged + child)
    ):
        return  # a value or a plain array: the child's own, replaced whole
    written = {e[key_name]: e for e in child}
    for i, entry in enumerate(merged):
        own = written.get(entry[key_name])
        if own is None:
            out[f"{pointer}/{i}"] = label
        else:
            _parent_parts(entry, own, f"{pointer}/{i}", "", label, out)


def origin_of(origin: Mapping[str, str], pointer: str, default: str) -> str:
    """The file that holds the datum at ``pointer`` (a JSON pointer into an
    edition's merged data): the deepest part recorded as inherited, else the
    file of its top-level key, else ``default``."""
    parts = pointer.split("/")
    for n in range(len(parts), 2, -1):
        found = origin.get("/".join(parts[:n]))
        if found is not None:
            return found
    return origin.get(parts[1] if len(parts) > 1 else "", default)
