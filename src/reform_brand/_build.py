"""Quick constructors of the engine's frozen attrs classes, for the plain
path: the members given by position, set through their slots.

A frozen attrs class reads its members in ``__init__`` by keyword and sets
each through ``object.__setattr__``; a valid submission builds four or five
such objects (its unit, its attachments, the submission, the report), and
on the plain path that is a tenth of the call.  :func:`builder` writes, for
one class, a function of the members its caller names, in the caller's
order, that sets each slot through the slot itself (a member not named
takes its default): the object it gives equals the one ``__init__`` gives
(a test compares them).  A class whose ``__init__`` does more than set its
members (a converter, a validator, a hook, a default made by a factory, a
slot that is no member) gets a function that calls ``__init__``.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Final

import attrs

__all__ = ["builder"]

#: The slots attrs adds that are no member.
_OWN_SLOTS: Final = frozenset({"__weakref__"})


def builder(cls: type[Any], *given: str) -> Callable[..., Any]:
    """A function of the members ``given`` of the attrs class ``cls``, by
    position in that order, that returns the object ``cls(**members)``
    builds of them (a member not given takes its default)."""
    fields = attrs.fields(cls)
    names = [f.name for f in fields]
    if len(set(given)) != len(given) or not set(given) <= set(names):
        raise ValueError(f"{cls.__name__} has no members {given!r}")
    if not _plain_init(cls, fields, given):

        def build_by_init(*values: object) -> Any:
            return cls(**dict(zip(given, values, strict=True)))

        return build_by_init
    space: dict[str, Any] = {"new": object.__new__, "cls": cls}
    args = [f"a{i}" for i in range(len(given))]
    lines = [f"def build({', '.join(args)}):", "    made = new(cls)"]
    for i, f in enumerate(fields):
        space[f"set{i}"] = cls.__dict__[f.name].__set__
        if f.name in given:
            value = args[given.index(f.name)]
        else:
            space[f"default{i}"] = f.default
            value = f"default{i}"
        lines.append(f"    set{i}(made, {value})")
    lines.append("    return made")
    # (Our own source: names made here, no text of the class's.)
    exec(compile("\n".join(lines) + "\n", f"<build {cls.__name__}>", "exec"), space)
    build: Callable[..., Any] = space["build"]
    return build


def _plain_init(
    cls: type[Any], fields: tuple[attrs.Attribute[Any], ...], given: tuple[str, ...]
) -> bool:
    """Whether ``cls.__init__`` only sets each member into a slot of its
    own, and each member not ``given`` has a default that is a value."""
    slots = cls.__dict__.get("__slots__")
    if slots is None or set(slots) - _OWN_SLOTS != {f.name for f in fields}:
        return False
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return False
    for f in fields:
        if not f.init or f.converter is not None or f.validator is not None:
            return False
        hook: object = f.on_setattr
        if hook is not None and hook is not attrs.setters.NO_OP:
            return False
        if not isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType):
            return False
        made = f.default is attrs.NOTHING or isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
        if f.name not in given and made:
            return False
    return True
