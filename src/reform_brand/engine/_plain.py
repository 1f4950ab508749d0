"""The plain path: a valid submission told at once, its rules' quiet tests in
place of their checks.

Most submissions a portal validates are whole and valid.  A *plain*
submission is one the engine can tell is so without its general pass: its
envelope has the usual shape (:func:`~reform_brand.engine._shape.shaped_submission`),
names the validator's edition and one of its forms, its form data passes the
form's compiled check and holds only values of exactly their JSON types (a
number finite, no subclass of ``str`` or ``dict``), no string in it holds
half a character (nor, in the form data, a control character but tab, line
feed and carriage return; nor in the envelope's own strings, when the form's
check is the one generated for the plain path, which looks at all of them
in one go), it is far from the size limits, and no folder is given (its
files are not read).  The
general pass would find nothing in such an envelope, measure nothing over a
limit and give the same submission; the form's schema must be *closed*
(every object lists its members and refuses others, every array has a
largest size), so that a value it accepts is of a size known in advance.

For a plain submission each submission rule that has a quiet test
(``quiet``, docs/hooks.md) is asked it instead of running its ``check``:
True means the check would find nothing.  The rules whose test says False,
and those without one, run as usual.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from jsonschema import FormatChecker

from reform_brand._measure import is_half
from reform_brand.engine._context import EditionIndex, Quiet
from reform_brand.engine._fast import FastCheck
from reform_brand.engine._plaincheck import DataCheck, controlled, plain_data_check
from reform_brand.engine._shape import shaped_submission
from reform_brand.model import ENVELOPE_MEMBERS
from reform_brand.registries import Rule
from reform_brand.submission import MAX_DEPTH, MAX_MEMBERS, Submission

__all__ = ["PlainPath", "closed_size"]

#: The JSON types that hold no other value, and their Python types.
_SCALARS: Final = frozenset({"string", "number", "integer", "boolean", "null"})
_SCALAR_TYPES: Final = (str, int, float, bool, type(None))

#: Keywords that let a value be more than ``properties`` and ``items`` say:
#: a schema with one is not taken as closed.
_OPENING: Final = frozenset(
    {
        "$ref",
        "$dynamicRef",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "patternProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "prefixItems",
        "contains",
        "propertyNames",
    }
)

#: Keywords that combine schemas: a value they accept is no larger than the
#: largest their schemas accept (a choice field's ``oneOf`` of its values).
_COMBINING: Final = ("allOf", "anyOf", "oneOf")

#: The members of an envelope of the usual shape besides its data, its
#: attachments and its reform items: its own members and its unit's.
_ENVELOPE_MEMBERS: Final = len(ENVELOPE_MEMBERS) + 3


def closed_size(schema: object, depth: int = 0) -> tuple[int, int] | None:
    """The most members and items (counted as the engine's size limit counts
    them) and the deepest nesting of a value ``schema`` accepts, or None when
    the schema is not closed: an object schema that does not refuse other
    members, an array schema without ``maxItems``, a value of any type, or a
    keyword that lets a value be more than its schema's members say."""
    if not isinstance(schema, Mapping) or depth > MAX_DEPTH or _OPENING & schema.keys():
        return None
    sizes = [closed_size(branch, depth + 1) for key in _COMBINING for branch in schema.get(key, ())]
    own = _own_size(schema, depth)
    if own is None and sizes and "type" not in schema:
        own = (0, 0)  # (the schemas it combines say what the value may be)
    if own is None or None in sizes:
        return None
    members = max([own[0], *(s[0] for s in sizes if s)])
    return members, max([own[1], *(s[1] for s in sizes if s)])


def _own_size(schema: Mapping[str, Any], depth: int) -> tuple[int, int] | None:
    """:func:`closed_size` of ``schema``'s own ``type``, ``properties`` and
    ``items`` (a ``const`` or an ``enum`` of values that hold no other value
    is closed whatever its type), or None."""
    given = schema.get("type")
    if given is None:
        values = [schema["const"]] if "const" in schema else list(schema.get("enum", [[]]))
        return (0, 0) if all(type(v) in _SCALAR_TYPES for v in values) else None
    types = {given} if isinstance(given, str) else set(given)
    if not types or not types <= _SCALARS | {"object", "array"}:
        return None
    members, deepest = 0, 0
    if "object" in types:
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is not False or not isinstance(props, Mapping):
            return None
        members = len(props)
        for sub in props.values():
            size = closed_size(sub, depth + 1)
            if size is None:
                return None
            members += size[0]
            deepest = max(deepest, size[1] + 1)
        deepest = max(deepest, 1)
    if "array" in types:
        most = schema.get("maxItems")
        size = closed_size(schema.get("items", {}), depth + 1)
        if type(most) is not int or size is None:
            return None
        members = max(members, most * (1 + size[0]))
        deepest = max(deepest, size[1] + 1)
    return members, deepest


def _whole(value: Any) -> bool:
    """Whether ``value`` (a value a closed schema accepted: dicts, lists and
    scalars, a few levels deep) holds only values of exactly their JSON
    types (a number finite) and no string holding half a character or a
    control character (:func:`~reform_brand.engine._plaincheck.controlled`)."""
    kind = type(value)
    if kind is str:
        if value.isascii():
            return value.isprintable() or not controlled(value)
        return not is_half(value) and not controlled(value)
    if kind is dict:
        return all(type(k) is str and _whole(v) for k, v in value.items())
    if kind is list:
        return all(_whole(v) for v in value)
    if kind is float:
        return math.isfinite(value)
    return kind in (int, bool, type(None))


def _envelope_texts(sub: Submission, given_id: object) -> list[str]:
    """The strings of the envelope ``sub`` was read from, but its form
    data's (its members' names are the known ones; the strings are of the
    usual shape's types)."""
    unit = sub.unit
    texts = [sub.edition, sub.form, unit.name, unit.kind, unit.city]
    if type(given_id) is str:
        texts.append(given_id)
    if type(sub.arrived_at) is str:
        texts.append(sub.arrived_at)
    for a in sub.attachments:
        texts.append(a.role)
        texts.append(a.path)
    return texts


class PlainPath:
    """The plain path of one validator: per form, its compiled data check
    and the most members its data may have; the rules' quiet tests."""

    def __init__(self, index: EditionIndex, plan: Sequence[tuple[Rule, frozenset[str]]]) -> None:
        self.edition = index.edition.id
        #: Per form whose schema is closed and compiled: the plain path's own
        #: check, generated from the schema, which tells half a character
        #: and a control character too (else None), or else the compiled
        #: check of every keyword; and the most members and items of its data.
        self.forms: dict[str, tuple[DataCheck | None, FastCheck | None, int]] = {}
        for form_id in index.forms:
            validator = index.data.get(form_id)
            if validator is None:
                continue
            schema = validator.schema
            checker = getattr(validator, "format_checker", None)
            if not isinstance(schema, Mapping) or not isinstance(checker, FormatChecker):
                continue
            size = closed_size(schema)
            own = plain_data_check(schema, checker)
            fast = None if own else index.fast_data.get(form_id)
            if (own or fast) is not None and size is not None and size[1] < MAX_DEPTH - 2:
                self.forms[form_id] = (own, fast, size[0])
        #: Each submission rule of the plan with its quiet test (None: none).
        self.plan: tuple[tuple[Rule, frozenset[str], Quiet | None], ...] = tuple(
            (rule, codes, _quiet_test(rule, index)) for rule, codes in plan
        )
        #: The quiet tests, and the rules that have none (which always run).
        self._tests = tuple(test for _, _, test in self.plan if test is not None)
        self._untested = [(rule, codes) for rule, codes, test in self.plan if test is None]

    def submission(self, value: object, sub_id: str) -> Submission | None:
        """The submission of ``value`` when it is plain (see the module's
        text), as the general pass reads it; else None."""
        sub, plain = self.read(value, sub_id)
        return sub if plain else None

    def read(self, value: object, sub_id: str) -> tuple[Submission | None, bool | None]:
        """What the plain path learns of ``value``: the submission
        :func:`~reform_brand.engine._shape.shaped_submission` gives for it (None
        when it is not of the usual shape or names another edition), and
        whether it is plain (None: it is not, and no check of its form data
        was run; False: it is not, as a check of its form data said, which
        jsonschema is then to explain: the compiled check, or the plain
        path's own, which may refuse what the schema takes)."""
        if type(value) is not dict:
            return None, None
        # (Far over the size limit: refused by the general pass before
        # anything is read from it, not read here item by item.)
        atts, items = value.get("attachments"), value.get("reform_items")
        listed = (len(atts) if type(atts) is list else 0) * 3
        listed += len(items) if type(items) is list else 0
        if _ENVELOPE_MEMBERS + listed > MAX_MEMBERS:
            return None, None
        sub = shaped_submission(value, id=sub_id)
        if sub is None or sub.edition != self.edition:
            return None, None
        form = self.forms.get(sub.form)
        if form is None:
            return sub, None
        own, fast, data_members = form
        if _ENVELOPE_MEMBERS + listed + data_members > MAX_MEMBERS:
            return sub, None
        texts = _envelope_texts(sub, value.get("id"))
        if own is not None:
            # (The plain path's own check, which looks at the envelope's
            # strings too, may refuse what the schema takes: half a
            # character, a ``str`` subclass, ``1.0`` for an integer.  When
            # it says no, jsonschema explains what it finds, which is
            # nothing for such data: the compiled check need not run.)
            return sub, own(sub.data, texts)
        if fast is None or is_half("".join(texts)):
            return sub, None
        if not fast(sub.data):
            return sub, False
        return sub, _whole(sub.data) or None

    def to_run(self, sub: Submission, now: dt.datetime) -> list[tuple[Rule, frozenset[str]]]:
        """The rules of the plan that must run on the plain submission
        ``sub``: those whose quiet test does not say True, in order."""
        try:  # (the usual case: every test says True, asked in one loop)
            for quiet in self._tests:
                if not quiet(sub, now):
                    break
            else:
                return list(self._untested)
        except Exception:  # (a test that fails: each is asked again below)
            pass
        out = []
        for rule, codes, test in self.plan:
            if test is not None:
                try:
                    if test(sub, now):
                        continue
                except Exception:  # (the rule's check then says what it says)
                    pass
            out.append((rule, codes))
        return out


def _quiet_test(rule: Rule, index: EditionIndex) -> Quiet | None:
    """``rule.quiet(index)``, or None when the rule has none or it fails."""
    quiet = getattr(rule, "quiet", None)
    if not callable(quiet):
        return None
    try:
        test = quiet(index)
    except Exception:
        return None
    return test if callable(test) else None
