"""The plain path's check of a form's data: one function, generated from the
form's JSON Schema, that says True only when jsonschema would find nothing
in the data and no string of it holds half a character or a control
character (but tab, line feed and carriage return).

The forms' schemas use few keywords (types, the members of an object and
which are required, lengths, patterns, formats, bounds, a choice's values),
and a plain submission's data is judged by them alone: written out as
Python for one schema, they cost about half of what a compiler for every
schema's keywords costs.  The check may be stricter than the schema (a
string must be a ``str`` and no subclass, an integer an ``int`` and no
``1.0``, a number finite): a value it refuses takes the general pass, which
judges it by jsonschema.  A schema with any other keyword gets no check
(None), and the plain path uses the compiled check of every keyword.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Protocol

from jsonschema import FormatChecker

from reform_brand._measure import is_half
from reform_brand._portable import tolerant_pattern
from reform_brand.engine._fast import ANNOTATIONS, format_checks
from reform_brand.schema import NOT_BLANK

__all__ = ["CONTROL_BYTES", "DataCheck", "controlled", "plain_data_check"]

#: The control characters a form's text may not hold (all of C0 but tab,
#: line feed and carriage return, and DEL), as bytes.
CONTROL_BYTES: Final = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def controlled(text: str) -> bool:
    """Whether ``text`` holds a control character of :data:`CONTROL_BYTES`
    (they are ASCII: told among its ASCII characters, all at once)."""
    ascii_part = text.encode("ascii", "ignore")
    return len(ascii_part.translate(None, CONTROL_BYTES)) != len(ascii_part)


class DataCheck(Protocol):
    """A check :func:`plain_data_check` writes: whether ``data`` is valid and
    neither its strings nor the strings ``given`` (the envelope's) hold half
    a character or a control character."""

    def __call__(self, data: object, given: Sequence[str] = (), /) -> bool: ...


#: Each keyword written out, by the type it applies to.
_STRING: Final = frozenset({"minLength", "maxLength", "pattern", "format"})
_NUMBER: Final = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_OBJECT: Final = frozenset({"properties", "required", "additionalProperties"})
_ARRAY: Final = frozenset({"items", "maxItems", "minItems"})
_ANY: Final = frozenset({"type", "enum", "const", "oneOf", "anyOf"})
_KNOWN: Final = _STRING | _NUMBER | _OBJECT | _ARRAY | _ANY

#: The deepest schema written out.
_MOST_DEPTH: Final = 32


class _Unsupported(Exception):
    """The schema uses what the check does not write out."""


class _Writer:
    """The source of one check, and the values it refers to by name."""

    def __init__(self, formats: Mapping[str, Callable[[str], bool]]) -> None:
        self.lines: list[str] = []
        self.names: dict[str, object] = {
            "is_half": is_half,
            "isfinite": math.isfinite,
            "controlled": controlled,
        }
        self.formats = formats
        #: The strings met in every valid value (outside any condition or loop).
        self.sure: list[str] = []
        self._count = 0

    def name(self, value: object) -> str:
        """A name for ``value`` in the check's globals."""
        self._count += 1
        key = f"k{self._count}"
        self.names[key] = value
        return key

    def var(self) -> str:
        self._count += 1
        return f"v{self._count}"

    def fail_if(self, indent: str, condition: str) -> None:
        self.lines.append(f"{indent}if {condition}:")
        self.lines.append(f"{indent}    return False")

    def value(self, schema: object, var: str, indent: str, depth: int) -> None:
        """The lines that return False unless ``var`` is valid."""
        if not isinstance(schema, Mapping) or depth > _MOST_DEPTH:
            raise _Unsupported
        keys = {k for k in schema if k not in ANNOTATIONS and not str(k).startswith("x-")}
        if not keys <= _KNOWN or "type" not in keys:
            raise _Unsupported
        given = schema["type"]
        types = [given] if isinstance(given, str) else list(given)
        if not types or not all(isinstance(t, str) for t in types):
            raise _Unsupported
        self._choices(schema, var, indent)
        checks = {
            "string": self._string,
            "null": self._null,
            "boolean": self._boolean,
            "integer": self._integer,
            "number": self._number,
            "object": self._object,
            "array": self._array,
        }
        if not set(types) <= checks.keys():
            raise _Unsupported
        if len(types) == 1:
            checks[types[0]](schema, var, indent, depth, None)
            return
        # Several types: the value is of one of them, judged as that type.
        done = self.var()
        self.lines.append(f"{indent}{done} = False")
        for t in types:
            checks[t](schema, var, indent, depth, done)
        self.fail_if(indent, f"not {done}")

    def _typed(self, test: str, var: str, indent: str, done: str | None) -> str:
        """The indent under which ``var`` is known to pass ``test``; with
        ``done`` (several types), that block also marks it done."""
        if done is None:
            self.fail_if(indent, f"not ({test})")
            return indent
        self.lines.append(f"{indent}if not {done} and ({test}):")
        self.lines.append(f"{indent}    {done} = True")
        return indent + "    "

    def _string(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        inner = self._typed(f"type({var}) is str", var, indent, done)
        low, high = schema.get("minLength"), schema.get("maxLength")
        for bound in (low, high):
            if bound is not None and type(bound) is not int:
                raise _Unsupported
        if low is not None or high is not None:
            self.lines.append(f"{inner}n = len({var})")
            if low is not None:
                self.fail_if(inner, f"n < {low}")
            if high is not None:
                self.fail_if(inner, f"n > {high}")
        if "pattern" in schema:
            self._pattern(schema, var, inner)
        if "format" in schema:
            check = self.formats.get(schema["format"])
            if check is None:
                raise _Unsupported
            self.fail_if(inner, f"not {self.name(check)}({var})")
        # (Its characters are looked at with every other string's, at the
        # end: a string every valid value holds is named there, another one
        # gathered as it is met.)
        if inner == _BODY:
            self.sure.append(var)
        else:
            self.lines.append(f"{inner}text({var})")

    def _pattern(self, schema: Mapping[str, Any], var: str, indent: str) -> None:
        pattern = schema["pattern"]
        if not isinstance(pattern, str):
            raise _Unsupported
        try:
            search = self.name(re.compile(pattern).search)
        except re.error:
            raise _Unsupported from None
        if pattern == NOT_BLANK:
            # (A text that starts with a letter or a digit is not blank: no
            # blank or invisible character is one.  A test proves it.)
            self.fail_if(indent, f"not {var}[:1].isalnum() and {search}({var}) is None")
            return
        canonical = _contact_format(schema)
        if canonical is not None and pattern == tolerant_pattern(canonical):
            # A contact field's pattern, widened to what folds into its
            # format: an ASCII value without white space around folds into
            # itself, and is told by the format's quicker search.
            quick = self.name(re.compile(canonical).search)
            told = f"{var}.isascii() and {var}.strip() == {var} and {quick}({var}) is not None"
            self.fail_if(indent, f"not ({told}) and {search}({var}) is None")
            return
        self.fail_if(indent, f"{search}({var}) is None")

    def _null(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        self._typed(f"{var} is None", var, indent, done)

    def _boolean(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        self._typed(f"type({var}) is bool", var, indent, done)

    def _integer(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        inner = self._typed(f"type({var}) is int", var, indent, done)
        self._bounds(schema, var, inner)

    def _number(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        test = f"type({var}) is int or (type({var}) is float and isfinite({var}))"
        inner = self._typed(test, var, indent, done)
        self._bounds(schema, var, inner)

    def _bounds(self, schema: Mapping[str, Any], var: str, indent: str) -> None:
        for key, op in (
            ("minimum", "<"),
            ("maximum", ">"),
            ("exclusiveMinimum", "<="),
            ("exclusiveMaximum", ">="),
        ):
            if key in schema:
                bound = schema[key]
                if type(bound) not in (int, float) or not math.isfinite(bound):
                    raise _Unsupported
                self.fail_if(indent, f"{var} {op} {self.name(bound)}")

    def _object(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        inner = self._typed(f"type({var}) is dict", var, indent, done)
        props = schema.get("properties", {})
        required = schema.get("required", [])
        if (
            schema.get("additionalProperties") is not False
            or not isinstance(props, Mapping)
            or not isinstance(required, list)
            or not all(isinstance(k, str) for k in [*props, *required])
            or not set(required) <= set(props)
        ):
            raise _Unsupported
        self.fail_if(inner, f"not {var}.keys() <= {self.name(frozenset(props))}")
        if required:
            self.fail_if(inner, f"not {self.name(frozenset(required))} <= {var}.keys()")
        for key, sub in props.items():
            child = self.var()
            if key in required:
                self.lines.append(f"{inner}{child} = {var}[{key!r}]")
                self.value(sub, child, inner, depth + 1)
            else:
                self.lines.append(f"{inner}if {key!r} in {var}:")
                self.lines.append(f"{inner}    {child} = {var}[{key!r}]")
                self.value(sub, child, inner + "    ", depth + 1)

    def _array(
        self, schema: Mapping[str, Any], var: str, indent: str, depth: int, done: str | None
    ) -> None:
        inner = self._typed(f"type({var}) is list", var, indent, done)
        most, least = schema.get("maxItems"), schema.get("minItems")
        if type(most) is not int or (least is not None and type(least) is not int):
            raise _Unsupported
        self.fail_if(inner, f"len({var}) > {most}")
        if least is not None:
            self.fail_if(inner, f"len({var}) < {least}")
        item = self.var()
        self.lines.append(f"{inner}for {item} in {var}:")
        self.value(schema.get("items"), item, inner + "    ", depth + 1)

    def _choices(self, schema: Mapping[str, Any], var: str, indent: str) -> None:
        """``enum``, ``const``, and a ``oneOf`` or ``anyOf`` of consts (a
        choice field's values): strings only, each once."""
        given = [list(schema["enum"])] if "enum" in schema else []
        if "const" in schema:
            given.append([schema["const"]])
        given += [_consts(schema[key]) for key in ("oneOf", "anyOf") if key in schema]
        if not given:
            return
        for listed in given:  # (a value two of a oneOf's schemas take fails it)
            if not all(type(v) is str for v in listed) or len(set(listed)) != len(listed):
                raise _Unsupported
        # (A value must be among each list's: the first list's values the others hold.)
        values = [v for v in given[0] if all(v in other for other in given[1:])]
        self.fail_if(
            indent, f"type({var}) is not str or {var} not in {self.name(frozenset(values))}"
        )


def _contact_format(schema: Mapping[str, Any]) -> str | None:
    """The format a contact field's schema names (its ``x-reform-brand``
    ``format``, the pattern its own ``pattern`` widens), or None."""
    extension = schema.get("x-reform-brand")
    given = extension.get("format") if isinstance(extension, Mapping) else None
    if not isinstance(given, str):
        return None
    try:
        re.compile(given)
    except re.error:
        return None
    return given


def _consts(branches: object) -> list[object]:
    """The values of a ``oneOf`` or ``anyOf`` whose every schema is a
    ``const`` (and annotations); else :class:`_Unsupported`."""
    if not isinstance(branches, list):
        raise _Unsupported
    for branch in branches:
        if not isinstance(branch, Mapping) or "const" not in branch:
            raise _Unsupported
        if any(
            k != "const" and k not in ANNOTATIONS and not str(k).startswith("x-") for k in branch
        ):
            raise _Unsupported
    return [branch["const"] for branch in branches]


#: The indent of the check's body: a line there runs on every valid value.
_BODY: Final = "    "

#: The first lines of a check: the strings of the data met under a
#: condition or in a loop are gathered as it goes (``text``), and the
#: characters of all its strings looked at once, at its end.
_START: Final = ("    texts = [*given]", "    text = texts.append")


def _end(sure: list[str]) -> list[str]:
    """The last lines of a check whose every valid value holds the strings
    ``sure``: no string holds half a character or a control character.
    (An ASCII text holds no half of a character, and a printable one no
    control character; a text of other characters is told by its encodings,
    quicker than looking up each of its characters.  The strings are joined
    first: one look at a few thousand characters costs less than a look at
    each string.)"""
    strings = f"(*texts, {', '.join(sure)})" if sure else "texts"
    return [
        f'    joined = "".join({strings})',
        "    if joined.isascii():",
        "        return joined.isprintable() or not controlled(joined)",
        "    return not is_half(joined) and not controlled(joined)",
    ]


def plain_data_check(schema: Mapping[str, Any], checker: FormatChecker) -> DataCheck | None:
    """The plain path's check of data under ``schema`` (formats by
    ``checker``): True only when jsonschema finds nothing, every value is of
    exactly its JSON type (no subclass; a number finite) and no string holds
    half a character or a control character of :data:`CONTROL_BYTES`; None
    when the schema uses a keyword it does not write out."""
    writer = _Writer(format_checks(checker))
    try:
        writer.value(schema, "data", _BODY, 0)
    except _Unsupported:
        return None
    head = "def check(data, given=(), /):"
    source = "\n".join([head, *_START, *writer.lines, *_end(writer.sure), ""])
    space: dict[str, Any] = dict(writer.names)
    exec(compile(source, "<plain data check>", "exec"), space)  # (our own source)
    func: DataCheck = space["check"]
    return func
