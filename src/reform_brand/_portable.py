"""Regular expressions that mean the same in Python's ``re`` and in
ECMAScript (what ajv and browsers run), and the meta-schema of the
annotation keywords the exported JSON Schemas carry.

JSON Schema's ``pattern`` is an ECMAScript regular expression searched
anywhere in the string.  Python reads most of one the same way, but not all:

* ``$`` also matches before a final newline in Python (``"0531-1\\n"``);
* ``.`` excludes ``\\r``, U+2028 and U+2029 in ECMAScript, only ``\\n`` in
  Python (it becomes ECMAScript's class);
* ``\\d``, ``\\w`` and ``\\s`` are Unicode-aware in Python (full-width digits
  match ``\\d``) and ASCII or a different white-space set in ECMAScript.

:func:`portable_pattern` rewrites those constructs into forms both engines
read alike: ``(?![\\s\\S])`` for the end of the string, explicit classes for
the rest.  ``\\A``, ``\\Z``, ``\\b`` and ``\\B`` have no common meaning and are
left for the edition lint to refuse.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["ANNOTATION_VOCABULARY", "annotation_meta_schema", "portable_pattern"]

#: Python's ``str.isspace()`` set, as a class body both engines read alike.
_SPACE: Final = (
    "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
#: The end of the string, in both engines (no ECMAScript ``\\Z``).
_END: Final = "(?![\\s\\S])"
#: ECMAScript's ``.``: any character but the line terminators.
_DOT: Final = "[^\\n\\r\\u2028\\u2029]"
_OUTSIDE: Final = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
_INSIDE: Final = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}


def portable_pattern(pattern: str) -> str:
    """``pattern`` rewritten so that Python's ``re.search`` and ECMAScript's
    ``RegExp.test`` (with or without the ``u`` flag) accept the same strings.

    >>> portable_pattern("^1[0-9]{10}$")
    '^1[0-9]{10}(?![\\\\s\\\\S])'
    >>> portable_pattern(r"^\\d+.$")
    '^[0-9]+[^\\\\n\\\\r\\\\u2028\\\\u2029](?![\\\\s\\\\S])'
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(nxt, ch + nxt))
            i += 2
            continue
        if in_class:
            if ch == "]" and not _class_opening(pattern, i):
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "$":
            out.append(_END)
        elif ch == ".":
            out.append(_DOT)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _class_opening(pattern: str, i: int) -> bool:
    """Whether the ``]`` at ``i`` is a literal first member of its class
    (``[]a]`` in Python; ECMAScript reads it as an empty class, which no
    edition writes)."""
    j = i - 1
    if j >= 0 and pattern[j] == "^":
        j -= 1
    return j >= 0 and pattern[j] == "[" and (j == 0 or pattern[j - 1] != "\\")


#: The vocabulary URI of the annotation keywords.
ANNOTATION_VOCABULARY: Final = "urn:reform-brand:vocab:annotations"


def annotation_meta_schema() -> dict[str, Any]:
    """The meta-schema of the exported schemas: Draft 2020-12 plus the
    annotation vocabulary (``x-en``: English titles and descriptions;
    ``x-reform-brand``: edition facts such as the field type, the filler,
    the clause and the 字 limit).  Both keywords are annotations: they never
    change a verdict.  ajv needs them declared (``ajv.addKeyword``) in strict
    mode; Python's ``jsonschema`` ignores them."""
    en = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"title": {"type": "string"}, "description": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:reform-brand:meta:2020-12",
        "$vocabulary": {
            "https://json-schema.org/draft/2020-12/vocab/core": True,
            "https://json-schema.org/draft/2020-12/vocab/applicator": True,
            "https://json-schema.org/draft/2020-12/vocab/unevaluated": True,
            "https://json-schema.org/draft/2020-12/vocab/validation": True,
            "https://json-schema.org/draft/2020-12/vocab/meta-data": True,
            "https://json-schema.org/draft/2020-12/vocab/format-annotation": True,
            "https://json-schema.org/draft/2020-12/vocab/content": True,
            ANNOTATION_VOCABULARY: False,
        },
        "$dynamicAnchor": "meta",
        "title": "reform_brand schemas: Draft 2020-12 with the x-en and x-reform-brand annotations",
        "allOf": [{"$ref": "https://json-schema.org/draft/2020-12/schema"}],
        # A schema is an object or a boolean; only an object has annotations.
        "anyOf": [{"type": "boolean"}, {"type": "object", "properties": _annotations(en)}],
    }


def _annotations(en: dict[str, Any]) -> dict[str, Any]:
    return {
        "x-en": en,
        "x-reform-brand": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "filled_by": {"type": "string"},
                "clause": {"type": "string"},
                "max_zi": {"type": "integer", "minimum": 1},
                "placement": {"type": "string"},
                "reading": {"type": "string"},
                "edition": {"type": "string"},
                "form": {"type": "string"},
                "attachment": {"type": "string"},
                "role": {"type": "string"},
            },
        },
    }
