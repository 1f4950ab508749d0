"""A cell's paragraphs as a field's value: the signature, seal and date
lines the form prints at the foot of the cell left out (by the form's own
layout of them), with what is written on them in a text box anchored in
them, a one-line value's lines made one, and a value that is only the
field's own label told apart from a value."""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import Final

from reform_brand._text import nfkc
from reform_brand.model import Block, FormField, block_lines
from reform_brand.names import is_blank
from reform_brand.office._dates import (
    BLANK_DATE,
    DATE,
    EN_DATE,
    ISO_DATE,
    LOOSE_DATE,
    PARTIAL_DATE,
)
from reform_brand.office._grid import COLONS, LABEL_NOTE, REQUIRED_MARKS, squash

__all__ = ["ONE_LINE", "clean_value", "is_own_label"]

#: The field types whose value is one line (a name, a number to call, an
#: address); a ``textarea`` keeps its lines, and a choice, a number or a
#: date is read from its text whatever its lines.
ONE_LINE: Final = frozenset({"text", "phone", "mobile", "email"})


def clean_value(f: FormField, paragraphs: Sequence[str], boxed: Set[int] = frozenset()) -> str:
    """A cell's paragraphs as a value: the signature, seal and date lines at
    the foot of the cell left out (and the lines of a text box anchored in
    one of them: ``boxed``, the indexes of the paragraphs read from a text
    box, each with the one before it that is none), blank lines at the start
    and end dropped, one ``\\n`` between paragraphs; a one-line field is also
    stripped."""
    lines = _strip_blocks(f, list(paragraphs), boxed) if f.blocks else list(paragraphs)
    # (A line of white space and invisible characters alone is blank.)
    while lines and is_blank(lines[0]):
        lines.pop(0)
    while lines and is_blank(lines[-1]):
        lines.pop()
    value = "\n".join(lines)
    return value if f.type == "textarea" else value.strip()


def _is_date_line(key: str) -> bool:
    """Whether the squashed line ``key`` is a date line: blank (``年月日``),
    filled in, or partly (``2022年月日``: the year typed, the rest left to
    the pen) or otherwise (``8月15日``, ``2022年8月15``)."""
    if any(rx.fullmatch(key) for rx in (BLANK_DATE, DATE, ISO_DATE, EN_DATE, PARTIAL_DATE)):
        return True
    return LOOSE_DATE.search(f" {key}") is not None


def _block_of(text: str, line: Sequence[Block], taken: set[str]) -> Block | None:
    """The block of the printed ``line`` that ``text`` (a line of the cell)
    is, with whatever the signer wrote on it, and which is not ``taken``:
    a date line (``年 月 日``, filled in or not) for a date, a line that
    holds a signature's or a seal's label (``主要负责人（签章）``) for one."""
    key = squash(text)
    if not key:
        return None
    for b in line:
        if b.id in taken:
            continue
        word = squash(b.label.zh)
        if (b.kind == "date" and _is_date_line(key)) or (b.kind != "date" and word and word in key):
            return b
    return None


def _strip_blocks(f: FormField, lines: list[str], boxed: Set[int]) -> list[str]:
    """``lines`` without the signature, seal and date lines printed at the
    foot of the cell (and whatever the signer wrote on them, on the line or
    in a text box anchored in it: the lines ``boxed`` after it), matched from
    the foot up in the order the form prints them (:func:`block_lines`),
    each once: the opinion's own last line, a date its writer typed in
    (``2022年8月15日`` above the signature line), is the opinion's.  A
    printed line not found (deleted when the form was retyped) is passed
    over; signatures and seals printed on one line may stand on lines of
    their own."""
    out = list(lines)
    for line in reversed(block_lines(f.blocks)):
        taken: set[str] = set()
        while True:
            # (A blank line goes; one of a colon alone is text, not a block.)
            while out and not out[-1].strip():
                out.pop()
            at = len(out) - 1
            while at > 0 and at in boxed:
                at -= 1  # (a text box's lines: the line it is anchored in)
            b = _block_of(out[at], line, taken) if out and _signed(out[at + 1 :]) else None
            if b is None:
                break
            taken.add(b.id)
            text = out[at]
            del out[at:]
            before = _typed_before(text, line) if b.kind != "date" else ""
            if before:  # (the opinion's last words: no block is above them)
                return [*out, before]
    return out


def _signed(boxed: Sequence[str]) -> bool:
    """Whether the lines ``boxed``, of text boxes anchored in a printed line,
    may be what the signer wrote on it (a date, a name, a seal's words): no
    sentence ends in them (the opinion typed into a text box is the
    opinion's; a full stop is in a date too, ``2022.8.15``)."""
    return not any(ch in text for text in boxed for ch in _CLAUSE_END)


#: What ends a sentence or a clause in an opinion, but no date or name.
_CLAUSE_END: Final = "。！？；!?;"


#: What ends a sentence: the opinion's words typed at the start of the
#: signature's line end so (``同意推荐。主要负责人（签章）``).
_SENTENCE_END: Final = "。！？；.!?;…"


def _typed_before(text: str, line: Sequence[Block]) -> str:
    """The words typed before the first signature's or seal's label of the
    printed ``line`` in ``text``, the line of the cell that holds it, when
    they end a sentence or white space parts them from the label
    (``同意推荐。主要负责人（签章）``, where the cursor was when the opinion
    was typed); "" when the line starts with the label, or with a word
    glued to it (``单位主要负责人（签章）``, a label retyped)."""
    words = [w for b in line if b.kind != "date" and (w := squash(b.label.zh))]
    firsts = {w[0] for w in words}
    window = 4 * max(map(len, words), default=0) + 16
    for i, ch in enumerate(text):
        if nfkc(ch)[:1] not in firsts:
            continue  # (a long opinion: its characters are not squashed one by one)
        if any(squash(text[i : i + window]).startswith(w) for w in words):
            before = text[:i]
            kept = before.rstrip()
            ends = kept[-1:] in tuple(_SENTENCE_END) or kept != before
            return kept if kept.strip() and ends else ""
    return ""


#: The most characters a label typed as its value may hold besides the
#: label's own (white space between them, marks, a note, a colon).
_MOST_AROUND: Final = 32


def is_own_label(f: FormField, value: str) -> bool:
    """Whether ``value`` is nothing but ``f``'s own label (``项目名称`` typed
    as the project's name; a required field's mark or a colon with it, or
    the label without the note in brackets the edition writes after it),
    compared as labels are (:func:`squash`)."""
    label = squash(f.label.zh)
    if len(value) > _MOST_AROUND + 4 * len(label):
        return False  # (a long answer is not squashed to be compared)
    key = squash(value).strip(REQUIRED_MARKS).rstrip(COLONS)
    note = LABEL_NOTE.search(label)
    return bool(key) and (key == label or (note is not None and key == label[: note.start()]))
