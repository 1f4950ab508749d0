"""The signature line's label, as the form checked against declares it (its
``kind = "signature"`` block's Chinese label, e.g. 主要负责人（签章）), taken
apart into what a seal stamped over it may leave legible.

A label is a name (主要负责人, 法定代表人, 负责人) and the sign words after
it, in brackets or not (（签章）, （签字）, 签名).  A seal over the label
usually hides its end (the sign words and the name's last character) and
blurs its start: what stays legible is the two characters of the name before
its last (负责 of 主要负责人, 代表 of 法定代表人), or a stretch of the
label with a character or two misread.  Without a label (a form with no
signature block), only the sign words themselves (签章, 签字, 签名) mark the
line.

What a scan of a form is to show is told by the same blocks
(:func:`form_marks`): a seal where a block asks for one, a signature where
the form has a signature block."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand._bounded import Bounded

if TYPE_CHECKING:
    from reform_brand.model import Block, Form

__all__ = [
    "NO_LABEL",
    "SEAL_WORDS",
    "SIGN_WORDS",
    "SignLabel",
    "form_label",
    "form_marks",
    "seal_label",
    "sign_label",
]

#: Words of the signature line, whatever the form.
SIGN_WORDS: Final = ("签章", "签字", "签名")
#: Words of a label that asks for a seal (单位（盖章）, （单位公章）,
#: 主要负责人（签章）): a label with 章 asks for one.
SEAL_WORDS: Final = ("盖章", "公章", "签章")
_SEAL: Final = "章"
_OPEN: Final = "(（"
_CLOSE: Final = ")）"


@frozen(kw_only=True)
class SignLabel:
    """A signature label taken apart (see the module's text)."""

    #: The label as printed (spaces left out), or "" (none).
    text: str = ""
    #: Its name: the words before the sign words (主要负责人).
    name: str = ""
    #: Its sign words (签章), without brackets; "" when it has none.
    sign: str = ""
    #: What a seal over the label may leave legible of it: the two
    #: characters of the name before its last one (负责), or "".
    partial: str = ""
    #: The name's characters before ``partial`` (主要) and after it (人).
    before: str = ""
    after: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        """What marks the line when read whole: the sign words, and the
        label itself when it holds none of them (法定代表人（盖章）)."""
        if not self.text or any(w in self.text for w in SIGN_WORDS):
            return SIGN_WORDS
        return (*SIGN_WORDS, self.text)

    @property
    def rest(self) -> tuple[str, ...]:
        """What may follow ``partial`` (after the name's last character)
        where a seal hides the rest: a bracket, or a character of the sign
        words."""
        return (*_OPEN, *self.sign)


#: No label: the sign words alone.
NO_LABEL: Final = SignLabel()


#: The blocks of the forms met lately, by the form's identity (the form is
#: kept with them, so that its identity is not reused).
_BLOCKS: Bounded[int, tuple[Form, tuple[Block, ...]]] = Bounded(64)


def _blocks(form: Form | None) -> tuple[Block, ...]:
    """The blocks of ``form``'s fields, in the order of its fields; none
    for no form.  Found once per form: every scan checked asks for them
    (its label, its marks), and walking a form's fields costs more than
    the look-up."""
    if form is None:
        return ()
    known = _BLOCKS.get(id(form))
    if known is not None and known[0] is form:
        return known[1]
    blocks = tuple(b for _pointer, f in form.walk() for b in f.blocks)
    _BLOCKS.put(id(form), (form, blocks))
    return blocks


def form_label(form: Form | None) -> str:
    """The Chinese label of the signature block of ``form`` (its first
    ``kind = "signature"`` block, in the order of its fields) by which a
    scan of it is checked; "" for a form without one (or no form)."""
    return next((b.label.zh for b in _blocks(form) if b.kind == "signature"), "")


def form_marks(form: Form | None) -> frozenset[str] | None:
    """What a scan of ``form`` is to show, by its blocks: ``"seal"`` when
    one of them asks for a seal (a ``kind = "seal"`` block, or a label with
    章: 签章, 盖章, 公章), ``"signature"`` when it has a signature block.
    None when the form declares no blocks at all (or there is no form): its
    paper is not described, so the deliverable's ``verify`` holds as it
    stands."""
    blocks = _blocks(form)
    if not blocks:
        return None
    marks: set[str] = set()
    if any(b.kind == "seal" or _SEAL in b.label.zh for b in blocks):
        marks.add("seal")
    if any(b.kind == "signature" for b in blocks):
        marks.add("signature")
    return frozenset(marks)


def seal_label(form: Form | None) -> str:
    """The Chinese label of the place ``form`` puts its seal: its first
    ``kind = "seal"`` block's (（单位公章）, 单位（盖章）), or else the first
    other block's whose label has 章; "" when none (a seal asked by the
    signature label, as 主要负责人（签章） does, goes by that label)."""
    blocks = _blocks(form)
    for block in blocks:
        if block.kind == "seal":
            return block.label.zh
    for block in blocks:
        if block.kind != "signature" and _SEAL in block.label.zh:
            return block.label.zh
    return ""


@functools.cache
def sign_label(text: str) -> SignLabel:
    """``text`` (a form's signature label) taken apart; :data:`NO_LABEL`
    for ""."""
    text = "".join(text.split())
    if not text:
        return NO_LABEL
    name, sign = text, ""
    opened = max(text.rfind(c) for c in _OPEN)
    if text[-1] in _CLOSE and opened > 0:
        name, sign = text[:opened], text[opened + 1 : -1]
    else:
        for word in SIGN_WORDS:
            if text.endswith(word) and len(text) > len(word):
                name, sign = text[: -len(word)], word
                break
    if len(name) < 3:
        return SignLabel(text=text, name=name, sign=sign)
    return SignLabel(
        text=text,
        name=name,
        sign=sign,
        partial=name[-3:-1],
        before=name[:-3],
        after=name[-1:],
    )
