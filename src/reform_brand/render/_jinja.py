"""The Jinja environment every template is rendered in.

Sandboxed (``ImmutableSandboxedEnvironment``: a template cannot run Python or
change the values it is given), ``StrictUndefined`` (a name the context does
not hold is an error, never an empty string) and autoescaping (``& < >`` in a
value cannot break the XML).  ``finalize`` also hides docxtpl's escape
sequences ``{_{ }_} {_% %_}`` found *in values*, which docxtpl would otherwise
turn into ``{{ }} {% %}`` after rendering: the underscore is written as the
character reference ``&#95;``, which the XML parser reads back as ``_``.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from reform_brand.render._context import paragraphs, zh_date

__all__ = ["environment"]

_DOCXTPL_ESCAPE = re.compile(r"(?<=[{%])_(?=[{%])|(?<=[}%])_(?=[}%])")


def _finalize(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(escape(value))
    if "_" in text:
        text = _DOCXTPL_ESCAPE.sub("&#95;", text)
    return Markup(text)


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The shared environment (thread-safe; templates are compiled per render)."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=True, finalize=_finalize
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["zh_date"] = zh_date
    return env
