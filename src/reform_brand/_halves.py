"""Half characters in the portal's page schema.

A lone surrogate (``\\ud840``: half of 𠀀, cut in two by a paste) is no
text: the server refuses a body that holds one (``envelope.not-json``) and
an envelope already parsed (``envelope.not-text``) before any schema is
checked.  No keyword of JSON Schema says "whole characters", so the page's
schema (:func:`reform_brand.page.page_schema`) puts :data:`WHOLE_TEXT` into
the pattern of every text: ajv then refuses what the server refuses.  The
schemas the server compiles (``form_schema``, ``submission_schema``) do not
have it, and ``validate()`` pays nothing for it.

ajv compiles a pattern with the ``u`` flag (``unicodeRegExp``, its
default): a surrogate pair is one code point there, as in a Python string,
and ``[\\uD800-\\uDFFF]`` matches a lone surrogate only, on both sides.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["WHOLE_TEXT", "refuse_halves", "whole_text"]

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
