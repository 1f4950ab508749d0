"""The tags of a form's Word template, found in text read from a file.

``reform-brand template`` writes a form's Word template with Jinja and
docxtpl tags where the values go: ``申报单位：{{ applicant_unit }}``, and in a
cell ``{%p for p_ in project_name|paragraphs %}`` ⏎ ``{{ p_ }}`` ⏎
``{%p endfor %}``; an edition's own template names the form's fields in the
same way (checked when the edition loads).  A unit that sends that template
back unfilled, or fills some cells and leaves the tags in others, has not
filled those fields: their text is not their value.

A tag is only one with the full syntax, on one line: ``{{ expression }}``,
``{% statement %}`` or ``{# comment #}``, with docxtpl's ``p``, ``r``,
``tr`` or ``tc`` after the opening brace (``{%p``, ``{{r``) and Jinja's
``-``/``+`` allowed, whose expression or statement Jinja parses (a
statement's first word one of Jinja's or docxtpl's: ``for``, ``if``,
``endfor``, ``vm``...), its names in ASCII as the form's field ids are
(``{{ 重要 }}`` is prose).  A text *holds the template's tags*
(:meth:`TemplateTags.holds`) when one of its tags names a field of the form
(``{{ applicant_unit }}``, ``{%p for p_ in project_name|paragraphs %}``) or
a loop variable one of its tags declares (``{{ p_ }}`` beside its ``for``),
or when it is nothing but tags and white space.  Prose that only holds a
brace, ``{{`` or a tag naming no field (``{{ x }}`` beside other words: a
value that renders and reads back as it is) does not.

Jinja is imported, and a tag parsed, only for a text holding ``{{``, ``{%``
or ``{#``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Final, NamedTuple

from reform_brand.names import is_blank

if TYPE_CHECKING:
    from jinja2 import Environment

    from reform_brand.model import Form, FormField

__all__ = ["TemplateTags", "Unfilled"]

#: What may open a tag: a text without it holds none (the quick test).
_OPENING: Final = re.compile(r"\{[{%#]")
#: docxtpl's marks after the opening brace, then a space, and Jinja's
#: white space control.
_MARK: Final = r"[-+]?(?:(?:tr|tc|p|r)(?=\s))?"
_TAG: Final = re.compile(
    r"\{\{" + _MARK + r"(?P<expr>[^\n]*?)[-+]?\}\}"
    r"|\{%" + _MARK + r"(?P<stmt>[^\n]*?)[-+]?%\}"
    r"|\{#(?P<note>[^\n]*?)#\}"
)
#: Word's typographic quotes, typed over a tag's straight ones.
_QUOTES: Final = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
#: Jinja's statements that open a block, closed by ``end`` and their name.
_BLOCKS: Final = frozenset({"for", "if", "with", "filter", "autoescape", "macro", "call", "block"})
#: docxtpl's own statements: a cell merged down or across, its width and
#: its colour.
_DOCXTPL: Final = frozenset({"vm", "hm", "colspan", "cellbg"})
#: What a tag that reads and declares nothing gives.
_NONE: Final[tuple[frozenset[str], frozenset[str]]] = (frozenset(), frozenset())
#: Most tags whose parse is kept.
_KEPT: Final = 1024


class _Tag(NamedTuple):
    start: int
    end: int
    #: The variables the tag reads, and those it declares (a loop's).
    loads: frozenset[str]
    stores: frozenset[str]


class TemplateTags:
    """The template tags of ``form`` in text read from a file."""

    def __init__(self, form: Form) -> None:
        self.fields = frozenset(f.id for f in form.fields)

    def holds(self, text: str) -> bool:
        """Whether ``text`` holds the template's tags (see the module)."""
        tags = list(_tags(text))
        if not tags:
            return False
        names = self.fields.union(*(t.stores for t in tags))
        if any(t.loads & names for t in tags):
            return True
        rest = "".join(text[a.end : b.start] for a, b in pairwise(tags))
        return is_blank(text[: tags[0].start] + rest + text[tags[-1].end :])

    def names(self, text: str) -> frozenset[str]:
        """The fields of the form the tags of ``text`` name."""
        return self.fields.intersection(set().union(*(t.loads for t in _tags(text))))

    def before_other(self, text: str, field: str) -> str:
        """``text`` up to its first tag naming a field other than ``field``
        (a header line's next value: ``{{ applicant_unit }}⇥{{ date|zh_date }}``
        is ``{{ applicant_unit }}⇥`` for the unit)."""
        for t in _tags(text):
            if t.loads & (self.fields - {field}):
                return text[: t.start]
        return text


class Unfilled:
    """The fields of ``form`` read as not filled in because their text holds
    the template's tags (:meth:`TemplateTags.holds`), each once: its
    pointer (``/data/contact/mobile``), its labels and whether it must be
    filled in.  A field the issuer fills (省科协意见) is read so but not
    listed: the applicant leaves it as it is, as a retyped form may leave it
    out."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.tags = TemplateTags(form)
        self.pointers: list[str] = []
        self.labels: list[tuple[str, str]] = []
        self.required = False

    def add(self, pointer: str, f: FormField, parent: FormField | None = None) -> None:
        """The field ``f`` at ``pointer`` (``/contact/mobile``) of the
        group ``parent``, if any, holds tags: read as not filled in."""
        if f"/data{pointer}" in self.pointers or f.filled_by == "issuer":
            return
        self.pointers.append(f"/data{pointer}")
        zh, en = f.label.zh, f.label.en or f.label.zh
        if parent is not None:
            zh = f"{parent.label.zh}（{zh}）"
            en = f"{parent.label.en or parent.label.zh} ({en})"
        self.labels.append((zh, en))
        self.required |= f.required and (parent is None or parent.required)

    def every(self) -> bool:
        """Whether every field the unit fills (a group's each) was added."""
        fills = {p for p, f in self.form.walk() if f.type != "group" and f.filled_by != "issuer"}
        return {f"/data{p}" for p in fills} <= set(self.pointers)


def _tags(text: str) -> Iterator[_Tag]:
    """The tags of ``text`` that Jinja parses, in order."""
    if _OPENING.search(text) is None:
        return
    for m in _TAG.finditer(text):
        expr, stmt = m.group("expr"), m.group("stmt")
        if expr is not None:
            parsed = _parsed("{{ " + expr + " }}")
        elif stmt is not None:
            parsed = _statement(stmt.strip())
        else:
            parsed = _NONE
        if parsed is not None:
            yield _Tag(m.start(), m.end(), *parsed)


def _statement(body: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """What the statement ``body`` (between ``{%`` and ``%}``) reads and
    declares, None when it is none: parsed in a block it may stand in."""
    word = body.split(None, 1)[0] if body else ""
    if word in _BLOCKS:
        return _parsed("{% " + body + " %}{% end" + word + " %}")
    if word in ("elif", "else"):
        return _parsed("{% if true %}{% " + body + " %}{% endif %}")
    if word == "set":
        closed = "" if "=" in body else "{% endset %}"
        return _parsed("{% " + body + " %}" + closed)
    if word.startswith("end") and word[3:] in _BLOCKS | {"set"} and word == body:
        return _NONE
    if word in _DOCXTPL:
        rest = body[len(word) :].strip()
        return _parsed("{{ " + rest + " }}") if rest else _NONE
    # (One that stands alone: include, import, from, extends.)
    return _parsed("{% " + body + " %}") if word.isascii() and word.isalpha() else None


@lru_cache(maxsize=_KEPT)
def _parsed(source: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The variables the template ``source`` reads and those it declares,
    None when Jinja does not parse it."""
    from jinja2 import TemplateError, nodes

    try:
        tree = _environment().parse(source.translate(_QUOTES))
    except TemplateError:
        return None
    names = list(tree.find_all(nodes.Name))
    if not all(n.name.isascii() for n in names):
        return None  # (prose in braces: ``{{ 重要 }}``; a template names fields in ASCII)
    loads = frozenset(n.name for n in names if n.ctx == "load")
    stores = frozenset(n.name for n in names if n.ctx in ("store", "param"))
    return loads, stores


@cache
def _environment() -> Environment:
    # (Only parsed, never compiled nor rendered: the filters a tag names,
    # ``paragraphs``, ``zh_date``, need not exist.)
    from jinja2 import Environment

    return Environment(autoescape=True)
