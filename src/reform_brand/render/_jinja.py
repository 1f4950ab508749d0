"""The Jinja environments templates are rendered in.

All are sandboxed (``ImmutableSandboxedEnvironment``: a template cannot run
Python or change the values it is given), use ``StrictUndefined`` (a name
the context does not hold is an error, never an empty string) and escape
every value they print unless the template marks it safe.  Values are data,
never template source: ``{{ }}`` or ``{% %}`` in a value is printed as it
is, never evaluated.

* :func:`environment` renders the Word templates (docxtpl).  Its
  ``finalize`` escapes for XML and also hides docxtpl's escape sequences
  ``{_{ }_} {_% %_}`` found *in values*, which docxtpl would otherwise turn
  into ``{{ }} {% %}`` after rendering: the underscore is written as the
  character reference ``&#95;``, which the XML parser reads back as ``_``.
* :func:`page_environment` renders the pages kept as template files inside
  an import package (``templates/*.j2``, read with importlib.resources): the
  HTML and Markdown forms here, the inbox report in
  :mod:`reform_brand.office`.  For HTML a value is escaped with
  :func:`html.escape` (``& < > " '``); for Markdown with
  :func:`~reform_brand.render._escape.md_escape`.  Autoescaping is on in
  both, so that what a macro returns is not escaped twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from importlib.resources import files
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from reform_brand.render._context import paragraphs, zh_date
from reform_brand.render._escape import html_escape, md_escape

__all__ = ["environment", "page_environment"]

_DOCXTPL_ESCAPE = re.compile(r"(?<=[{%])_(?=[{%])|(?<=[}%])_(?=[}%])")


def _finalize(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(escape(value))
    if "_" in text:
        text = _DOCXTPL_ESCAPE.sub("&#95;", text)
    return Markup(text)


#: Most (type, attribute) answers a sandbox keeps (see :class:`_Sandbox`).
_SAFE_ANSWERS = 4096


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, its answer to whether an attribute is safe kept
    by the value's type and the attribute's name (every check Jinja makes
    depends on those two alone: a name starting with ``_``, the internal
    attributes of functions, methods, frames and generators, and the methods
    that change a list, set or dict).  A page reads some 150 attributes; the
    checks were a fifth of its rendering."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        known = self._safe.get(key)
        if known is None:
            known = super().is_safe_attribute(obj, attr, value)
            if len(self._safe) < _SAFE_ANSWERS:
                self._safe[key] = known
        return known


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The shared environment (thread-safe; templates are compiled per render)."""
    env = _Sandbox(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters["paragraphs"] = paragraphs
    env.filters["zh_date"] = zh_date
    return env


def _html_finalize(value: object) -> Markup:
    if type(value) is str:  # the common case first
        return Markup(html_escape(value))
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html_escape(value))


def _md_finalize(value: object) -> Markup:
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(md_escape(str(value)))


def _md_lines(value: object) -> Markup:
    """A text of several lines as one line of Markdown (a table cell, a value
    of the header line): each line escaped, joined by ``<br>`` (a line left
    as it is would start a list, a heading or a new paragraph, and only the
    first line would be escaped as the start of one); blank as one space."""
    return Markup("<br>".join(md_escape(line) for line in str(value).split("\n")) or " ")


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _clip(text: object, most: int) -> str:
    """``text`` cut to ``most`` characters, the last one then an ellipsis."""
    s = str(text)
    return s if len(s) <= most else s[: most - 1] + "…"


def _load(package: str, name: str) -> str | None:
    try:
        return files(package).joinpath("templates", name).read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


@cache
def page_environment(package: str, *, markdown: bool = False) -> ImmutableSandboxedEnvironment:
    """The environment of the page templates in ``package``'s ``templates``
    folder (compiled templates are kept; thread-safe).  Filters: ``clip``
    (a text cut to a length, with an ellipsis), ``f1`` (a number with one
    decimal), ``paragraphs``, ``zh_date`` and, for Markdown,
    ``md_cell``."""
    finalize: Callable[[object], Markup] = _md_finalize if markdown else _html_finalize
    env = _Sandbox(
        loader=FunctionLoader(partial(_load, package)),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["clip"] = _clip
    env.filters["f1"] = _one_decimal
    env.filters["paragraphs"] = paragraphs
    env.filters["zh_date"] = zh_date
    if markdown:
        env.filters["md_cell"] = _md_lines
    return env
