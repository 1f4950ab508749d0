"""The text of a submission that says what the project is about.

Which fields count is read from the form, not from a list of field ids: the
top-level free-text fields (``text`` and ``textarea``) that the applicant or
recommender fills in, in the body of the form.  For the reference edition
that is 项目名称, 项目基础, 项目实施 and 预期成效 on 附件1, and the recommended
unit, 项目名称 and 推荐理由 on 附件2.  Header fields (the applicant unit, the
date), the field the edition marks as naming the unit (``names = "unit"``)
and issuer-only fields (省科协意见) are left out: they say nothing about
the project.  So is a field that is signed or sealed (a field with signature
or seal spaces: 推荐单位意见, 推荐部室或单位意见): it holds a verdict on the
project, in the set phrases of one (同意推荐, 效果明显, 具有推广借鉴价值),
which would otherwise point to whichever item uses those words.
"""

from __future__ import annotations

import re
from typing import Any, Final

from reform_brand._bounded import Bounded
from reform_brand.model import Edition, Form
from reform_brand.submission import Submission

__all__ = [
    "MAX_RANKED_CHARS",
    "MAX_TEXT_CHARS",
    "form_text",
    "lead_part",
    "submission_text",
    "text_fields",
]

#: The most text ranked per submission (code points).  A real form holds a
#: few thousand; the cap keeps a hostile one from costing seconds.
MAX_TEXT_CHARS: Final = 50_000

#: The most text actually segmented and ranked per submission (code
#: points): the lead sentences of its paragraphs, see :func:`lead_part`.
MAX_RANKED_CHARS: Final = 1_500

#: A sentence ends at one of these (kept with it); a paragraph at a line end.
_SENTENCE: Final = re.compile(r"[^。！？；!?;]*[。！？；!?;]|[^。！？；!?;]+")

_TEXT_TYPES: Final = frozenset({"text", "textarea"})
#: The spaces that make a field an opinion signed off (意见栏).
_SIGNED: Final = frozenset({"signature", "seal"})


def text_fields(form: Form, *, body_only: bool = False) -> tuple[str, ...]:
    """Ids of the fields of ``form`` whose text describes the project; with
    ``body_only``, the long-text (``textarea``) fields alone, without the
    project name and unit.  A field with signature or seal spaces is an
    opinion signed off, not a description, and is left out."""
    types = frozenset({"textarea"}) if body_only else _TEXT_TYPES
    return tuple(
        f.id
        for f in form.fields
        if f.type in types
        and f.filled_by != "issuer"
        and f.placement == "body"
        and f.names != "unit"
        and not any(b.kind in _SIGNED for b in f.blocks)
    )


def form_text(edition: Edition, form_id: str, data: Any, *, body_only: bool = False) -> str:
    """The describing text of form data ``data`` of form ``form_id``, one
    field a line; "" when the form is unknown or the data is not an object.
    Values that are not strings are skipped.  ``body_only``: see
    :func:`text_fields`."""
    if not isinstance(data, dict) or not isinstance(form_id, str):
        return ""
    fields = _fields_of(edition, form_id, body_only)
    if fields is None:
        return ""
    parts: list[str] = []
    size = 0
    for field_id in fields:
        value = data.get(field_id)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()[: MAX_TEXT_CHARS - size]
        parts.append(value)
        size += len(value)
        if size >= MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


#: The describing fields of the forms looked up last, by the edition's
#: identity: (edition, form id, body only) -> (the edition, the fields).
_FIELDS: Bounded[tuple[int, str, bool], tuple[Edition, tuple[str, ...] | None]] = Bounded(64)


def _fields_of(edition: Edition, form_id: str, body_only: bool) -> tuple[str, ...] | None:
    """:func:`text_fields` of form ``form_id`` of ``edition`` (None for an
    unknown form), worked out once per edition and form."""
    key = (id(edition), form_id, body_only)
    kept = _FIELDS.get(key)
    if kept is not None and kept[0] is edition:
        return kept[1]
    form = next((f for f in edition.forms if f.id == form_id), None)
    fields = None if form is None else text_fields(form, body_only=body_only)
    _FIELDS.put(key, (edition, fields))
    return fields


def submission_text(edition: Edition, submission: Submission) -> str:
    """The describing text of a submission's form data (see :func:`form_text`)."""
    return form_text(edition, submission.form, submission.data)


def lead_part(text: str, budget: int = MAX_RANKED_CHARS) -> str:
    """The most telling ``budget`` characters of ``text``: the first
    sentence of every paragraph, then the second of every paragraph, and so
    on, each paragraph's sentences kept in their order; ``text`` itself when
    it is no longer than ``budget``.

    A form's paragraphs open with what they are about (项目基础 with the
    project's setting, 项目实施 with each measure), and the words of the
    reform items are in those openings; the later sentences add numbers and
    detail.  Segmenting costs a few microseconds a character, so a long form
    (5 000 characters and more) is ranked on its first ``budget`` characters
    of openings, which keeps a submission within a few milliseconds.  A
    sentence that does not fit whole is cut at the budget."""
    if len(text) <= budget:
        return text
    paragraphs = [p for p in map(_SENTENCE.findall, map(str.strip, text.splitlines())) if p]
    chosen: list[list[str]] = [[] for _ in paragraphs]
    left = budget
    depth = 0
    # The paragraphs that still have a sentence at this depth, in order.
    active: list[int] = list(range(len(paragraphs)))
    while left > 0 and active:
        deeper: list[int] = []
        for i in active:
            p = paragraphs[i]
            piece = p[depth][:left]
            chosen[i].append(piece)
            left -= len(piece)
            if left <= 0:
                break
            if depth + 1 < len(p):
                deeper.append(i)
        active = deeper
        depth += 1
    return "\n".join("".join(c) for c in chosen if c)
