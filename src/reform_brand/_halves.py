"""Half characters in the portal's page schema.

A lone surrogate (``\\ud840``: half of 𠀀, cut in two by a paste) is no
text: the server refuses a body that holds one (``envelope.not-json``) and
an envelope already parsed (``envelope.not-text``) before any schema is
checked.  No keyword of JSON Schema says "whole characters", so the
schemas a portal is given (:func:`reform_brand.schema.form_schema`,
:func:`reform_brand.schema.submission_schema`, the page's
:func:`reform_brand.page.page_schema`, and so ``forms/`` and ``reform-brand
schema``) put :data:`WHOLE_TEXT` into the pattern of every text: ajv and
Python's ``jsonschema`` then refuse what the server refuses.  The schemas the
server compiles (``refuse_halves=False``) do not have it, and ``validate()``
pays nothing for it.

ajv compiles a pattern with the ``u`` flag (``unicodeRegExp``, its
default): a surrogate pair is one code point there, as in a Python string,
and ``[\\uD800-\\uDFFF]`` matches a lone surrogate only, on both sides.
"""

from __future__ import annotations

from typing import Any, Final

from reform_brand.catalogue import CATALOGUE

__all__ = ["WHOLE_TEXT", "refuse_halves", "refusing_halves", "whole_text"]

#: Matches a text without a lone surrogate (search semantics, as JSON
#: Schema's ``pattern``).
WHOLE_TEXT: Final = "^(?![\\s\\S]*[\\uD800-\\uDFFF])"

#: Left as they are: annotations (no schema inside), and the subschemas
#: whose failing is no refusal (a text of ``if`` or ``not`` refusing half a
#: character would turn a refusal into a pass).
_LEFT: Final = frozenset({"x-en", "x-reform-brand", "if", "not"})


def whole_text(pattern: str | None = None) -> str:
    """:data:`WHOLE_TEXT`, and ``pattern`` found in the same text (a
    ``^`` of ``pattern`` still anchors it at the start)."""
    return WHOLE_TEXT if pattern is None else f"{WHOLE_TEXT}[\\s\\S]*?(?:{pattern})"


def _is_text(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    texts = kind == "string" or (isinstance(kind, list) and "string" in kind)
    return texts and "const" not in schema and "enum" not in schema


def refuse_halves(schema: Any) -> None:
    """Put :func:`whole_text` into the pattern of every text of ``schema``
    (in place; a walk, not a recursion).  A subschema found at two places
    (the envelope's ``unit.city``, repeated in the condition that asks for
    it) is one object, rewritten once."""
    todo = [schema]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if not isinstance(node, list | dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            todo.extend(node)
        else:
            if _is_text(node):
                node["pattern"] = whole_text(node.get("pattern"))
            todo.extend(v for k, v in node.items() if k not in _LEFT)


def refusing_halves(schema: dict[str, Any], refuse: bool = True) -> dict[str, Any]:
    """``schema`` (in place) with :func:`refuse_halves`, and the message a
    page shows for half a character (``envelope.not-text``'s, in Chinese and
    English, ``{where}`` to fill in) in its ``x-reform-brand.messages``;
    ``schema`` as it is when ``refuse`` is False (the argument
    ``refuse_halves`` of the public schema functions)."""
    if not isinstance(refuse, bool):
        raise TypeError(f"refuse_halves takes True or False, not {type(refuse).__name__}")
    if not refuse:
        return schema
    refuse_halves(schema)
    half = CATALOGUE["envelope.not-text"]
    notes = schema.setdefault("x-reform-brand", {})
    notes["messages"] = {half.code: {"zh": half.zh, "en": half.en}}
    return schema
