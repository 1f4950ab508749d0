"""The header line of a filled form: ``申报单位：济南市科协　　2022 年 8 月 15 日``.

Each header text field is its label followed by a colon (white space between
the label's characters and a short note in brackets allowed); its value runs
to the date, the next label or the end of the line, tabs kept in it, but
ends at a tab followed by other words with a colon, and, when the header has
a date, at the last tab or run of spaces before text written where the date
goes (``海口市科协⇥待定``: that text is the date's, no date).  A value broken over
lines (a line break, Enter pressed before the rest of the line, two
paragraphs of a cell) is read joined, with ``read.value-joined``; a line
with a colon of its own after the break is no part of it; so is a name on
the paragraph under a label with nothing after it, before the table
(``申报单位：`` ⏎ ``济南市科协``).  The header date is read from the
same line as an ISO date (:func:`~reform_brand.office._dates.parse_zh_date`).
What cannot be read is a finding, reported through the ``finding`` callback
the reader gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol

from reform_brand._text import nfkc
from reform_brand.model import Form, FormField
from reform_brand.names import INVISIBLE, strip_invisible
from reform_brand.office._dates import (
    BLANK_DATE,
    DATE,
    EN_DATE,
    ISO_DATE,
    LOOSE_DATE,
    PARTIAL_DATE,
    parse_zh_date,
    written_date,
)
from reform_brand.office._grid import COLONS, join_lines
from reform_brand.office._template_tags import Unfilled

__all__ = ["Report", "label_pattern", "read_header"]


class Report(Protocol):
    """How the header reports a finding (the reader's ``finding``)."""

    def __call__(
        self, code: str, pointer: str = "", *, severity: str | None = None, **params: object
    ) -> None: ...


def read_header(
    form: Form,
    outside: Sequence[str],
    inside: Sequence[str],
    data: dict[str, Any],
    finding: Report,
    issued: dt.date,
    *,
    unfilled: Unfilled,
    table_at: int | None = None,
) -> None:
    """The header line: text fields as ``label：value`` (looked for in the
    paragraphs outside the table first, then in its cells), a date field
    from the date on that line, else from a paragraph with the date's label
    or a date alone on the line next to it (a bad one's message gives the
    field's example, else the edition's date of ``issued``).  Invisible characters
    (a zero-width space pasted into a label or a date) are not looked at, but
    a text value keeps them, as a value of the table does.  ``table_at`` is
    how many of ``outside`` come before the table (None: all of them).
    A value that holds the template's tags (``{{ applicant_unit }}``) is
    not filled in, and added to ``unfilled``, as is a date left as its tag
    (``{{ date|zh_date }}``); a value ends at the tag of the next field on
    its line."""
    texts = [f for f in form.fields if f.placement == "header" and f.type != "date"]
    dates = [f for f in form.fields if f.placement == "header" and f.type == "date"]
    # (The date's label, ``日期：``, ends a text field's value too.)
    patterns = {f.id: label_pattern(f.label.zh) for f in texts + dates}
    below: set[str] = set()
    outside = _run_on(outside, [patterns[f.id] for f in texts], patterns, table_at, below)
    line: str | None = None
    places: dict[str, str] = {}
    for f in texts:
        found = _header_text(f, patterns, outside, inside, finding, places if dates else None)
        if found is not None:
            line = found[0] if line is None else line
            _text_value(f, found, below, data, finding, unfilled)
    looked = (outside, inside)
    _read_dates(dates, line, looked, patterns, places, data, finding, issued, unfilled)
    if line is not None and places.get(line) and any(f.id in data for f in dates):
        # (The date read from another line: what is after the tab on this
        # one is the value's own, ``济南市科协⇥科普部`` ⏎ ``2022年8月15日``.)
        for f in texts:
            found = _header_text(f, patterns, outside, inside, _unreported)
            if found is not None and found[0] == line:
                data.pop(f.id, None)
                _text_value(f, found, below, data, _unreported, unfilled)


def _unreported(code: str, pointer: str = "", *, severity: str | None = None, **_: object) -> None:
    """A finding said already, when a value is read again."""


def _text_value(
    f: FormField,
    found: tuple[str, str],
    below: set[str],
    data: dict[str, Any],
    finding: Report,
    unfilled: Unfilled,
) -> None:
    """The text field ``f``'s value ``found`` on its paragraph, put in
    ``data`` unless blank (joined, with ``read.value-joined``, when broken
    over lines or read from the paragraph under its label: in ``below``)."""
    text, value = found
    value = _untagged(value, f, unfilled)
    value, broken = join_lines(value)
    broken = broken or text in below
    if strip_invisible(value).strip():
        data[f.id] = value
        if broken:
            finding("read.value-joined", f"/data/{f.id}", **_labels(f), value=value)


def _read_dates(
    dates: Sequence[FormField],
    line: str | None,
    looked: tuple[Sequence[str], Sequence[str]],
    patterns: Mapping[str, re.Pattern[str]],
    places: Mapping[str, str],
    data: dict[str, Any],
    finding: Report,
    issued: dt.date,
    unfilled: Unfilled,
) -> None:
    """The header's dates, looked for on its ``line`` and near it, else in
    every paragraph outside the table (``looked``: outside, inside)."""
    outside, inside = looked
    candidates = [line] if line is not None else list(outside)
    if line is not None:
        candidates += _near_dates(line, outside, inside, [patterns[f.id] for f in dates])
    candidates = [strip_invisible(text) for text in candidates]
    # (What is written where the date goes, no date, is the first date's.)
    row = line is not None and line not in outside
    near = _next_to(line, outside) if line is not None and not row else []
    # (The unit above the table, the date in its first row: ``日期 | …``.)
    first = _first_row_dated(inside, dates, patterns) if line is not None and not row else []
    candidates += [strip_invisible(p) for p in first]
    place = _date_place(line, dates, patterns, places, unfilled, row=row, near=near)
    place = place or "".join(_date_place(p, dates, patterns, {}, unfilled, row=True) for p in first)
    for f in dates:
        _header_date(
            f, candidates, data, finding, partial=line is not None, issued=issued, place=place
        )
        _tagged_date(f, candidates, data, unfilled)
        place = ""


def _date_place(
    line: str | None,
    dates: Sequence[FormField],
    patterns: Mapping[str, re.Pattern[str]],
    places: Mapping[str, str],
    unfilled: Unfilled,
    *,
    row: bool = False,
    near: Sequence[str] = (),
) -> str:
    """What is written on the header ``line`` where its date goes when
    that is no date: the text after the date's label (``填报日期：待定``;
    in a ``row`` of the table, the cell after the label's own), else after
    the last tab, or run of spaces, that ends a value running to the line's
    end (``海口市科协⇥待定``), or in the one filled cell of the row after the
    unit's; else after the date's label on a paragraph ``near`` the line
    (``日期：待定`` under it); "" when that is blank, the line to write on, a
    note in brackets, another label (a colon, or the date's label alone) or
    the template's tag (and "" when no header line was found)."""
    if line is None:
        return ""
    texts = [places.get(line, "")]
    cells = [cell_label_pattern(f.label.zh) for f in dates]
    for f, cell in zip(dates, cells, strict=True):
        m = patterns[f.id].search(line)
        if m is not None:
            texts.insert(0, _header_value(line, m.end(), patterns))
        elif row and (m := cell.search(line)) is not None:
            # (The date's label in a cell of its own: its value is the next.)
            texts.insert(0, _first_cell(line[m.end() :]))
        texts += [
            _header_value(p, m.end(), patterns) for p in near if (m := patterns[f.id].search(p))
        ]
    for text in texts:
        text = strip_invisible(text).strip().strip(_WRITING_LINE).strip()
        if (
            text
            and not any(cell.fullmatch(text) for cell in cells)
            and _BRACKETED.fullmatch(text) is None
            and not any(c in text for c in COLONS)
            and not unfilled.tags.holds(text)
        ):
            return text
    return ""


def _untagged(value: str, f: FormField, unfilled: Unfilled) -> str:
    """``value`` up to the template's tag of the next field on its line
    (``济南市科协⇥{{ date|zh_date }}``: the date's); "" (not filled in) when
    what is left holds the template's tags (``{{ applicant_unit }}``)."""
    cut = unfilled.tags.before_other(value, f.id)
    if unfilled.tags.holds(cut):
        unfilled.add(f"/{f.id}", f)
        return ""
    return cut.strip() if cut != value else value


def _tagged_date(
    f: FormField, candidates: Sequence[str], data: Mapping[str, Any], unfilled: Unfilled
) -> None:
    """The header date ``f``, not read, left as its template's tag
    (``{{ date|zh_date }}``) on the line it is looked for on: not filled in."""
    if f.id not in data and any(f.id in unfilled.tags.names(text) for text in candidates):
        unfilled.add(f"/{f.id}", f)


def _dated(text: str) -> re.Match[str] | None:
    """The first date in ``text``, filled in, partly or blank."""
    folded = nfkc(strip_invisible(text))
    found = [
        m for rx in (DATE, ISO_DATE, EN_DATE, PARTIAL_DATE, BLANK_DATE) if (m := rx.search(folded))
    ]
    return min(found, key=lambda m: m.start()) if found else None


def _run_on(
    texts: Sequence[str],
    labels: Sequence[re.Pattern[str]],
    patterns: Mapping[str, re.Pattern[str]],
    table_at: int | None,
    below: set[str],
) -> list[str]:
    """The paragraphs outside the table, a header line that holds no date
    joined by a line break to the next paragraph when that one holds more
    words and then the date at its end, and no colon: Enter pressed inside
    the unit's name (``申报单位：济南市`` ⏎ ``科协　2022 年 8 月 15 日``);
    and a label with nothing after it joined to the next paragraph, before
    the table, when that one is the value alone (:func:`_value_below`:
    ``申报单位：`` ⏎ ``济南市科协``; the line so joined put in ``below``)."""
    out: list[str] = []
    joined_below: set[int] = set()
    for i, text in enumerate(texts):
        before_table = table_at is None or i < table_at
        if out and _runs_on(out[-1], text, labels):
            out[-1] += "\n" + text
        elif out and before_table and _value_below(out[-1], text, labels, patterns):
            out[-1] += "\n" + text
            joined_below.add(len(out) - 1)
        else:
            out.append(text)
    below.update(out[i] for i in joined_below)
    return out


def _value_below(
    line: str,
    text: str,
    labels: Sequence[re.Pattern[str]],
    patterns: Mapping[str, re.Pattern[str]],
) -> bool:
    """Whether ``text`` is the value of a label that ends ``line`` with
    nothing after it (``申报单位：``, its writing line or seal's note
    alone): a short text that is not another label (no colon), a date, a
    note (in brackets, or only underscores) or a sentence."""
    m = next((m for rx in labels if (m := rx.search(line)) is not None), None)
    if m is None or _header_value(line, m.end(), patterns) or _dated(line) is not None:
        return False
    shown = strip_invisible(_header_value(text, 0, patterns)).strip()
    return (
        bool(shown)
        and len(shown) <= _MOST_BELOW
        and _BRACKETED.fullmatch(shown) is None
        and not any(c in text for c in COLONS)
        and _dated(text) is None
        and not any(c in shown for c in _SENTENCE_END)
    )


#: The longest value read from the paragraph under its label, and what
#: ends a sentence (a note under the header is no unit's name).
_MOST_BELOW: Final = 40
_SENTENCE_END: Final = "。！？；!?;"
_BRACKETED: Final = re.compile(r"[（(【\[].*[）)】\]]")


def _runs_on(line: str, text: str, labels: Sequence[re.Pattern[str]]) -> bool:
    if not any(rx.search(line) for rx in labels) or any(c in text for c in COLONS):
        return False
    m = _dated(text)
    if m is None or not m.start() or m.string[m.end() :].strip():
        return False  # (a date alone, or one in a sentence, is not the line's end)
    return _dated(line) is None


def _near_dates(
    line: str,
    outside: Sequence[str],
    inside: Sequence[str],
    labels: Sequence[re.Pattern[str]],
) -> list[str]:
    """Where else the header's date is written when its line holds none: a
    paragraph outside the table with the date's label (``日期：…``), then
    the paragraph next after the line, or next before it, that holds a date
    alone (a line of its own under the unit, or above it; the next cell of
    a header typed into the table's first row)."""
    labelled = [p for p in outside if p != line and any(rx.search(p) for rx in labels)]
    texts = outside if line in outside else inside
    return labelled + [p for p in _next_to(line, texts) if _date_alone(p)]


def _first_row_dated(
    inside: Sequence[str], dates: Sequence[FormField], patterns: Mapping[str, re.Pattern[str]]
) -> list[str]:
    """The table's first row when it holds a date's label (``日期 | …``)."""
    labels = [patterns[f.id] for f in dates] + [cell_label_pattern(f.label.zh) for f in dates]
    return [p for p in inside[:1] if any(rx.search(p) for rx in labels)]


def _next_to(line: str, texts: Sequence[str]) -> list[str]:
    """The paragraphs of ``texts`` next after ``line`` and before it, not blank."""
    i = texts.index(line)
    after = next((p for p in texts[i + 1 :] if p.strip()), "")
    before = next((p for p in reversed(texts[:i]) if p.strip()), "")
    return [p for p in (after, before) if p]


def _date_alone(text: str) -> bool:
    """Whether ``text`` is a date and nothing else (filled in, or partly)."""
    folded = nfkc(strip_invisible(text)).strip()
    return any(rx.fullmatch(folded) for rx in (DATE, ISO_DATE, EN_DATE, PARTIAL_DATE))


def _labels(f: FormField) -> dict[str, str]:
    return {"label": f.label.zh, "label_en": f.label.en or f.label.zh}


def _header_text(
    f: FormField,
    patterns: Mapping[str, re.Pattern[str]],
    outside: Sequence[str],
    inside: Sequence[str],
    finding: Report,
    places: dict[str, str] | None = None,
) -> tuple[str, str] | None:
    """The paragraph that holds ``f``'s label and the value after it, or
    None (with a finding) when the label is missing or gives two values
    (what is written where the header's date goes after a value running to
    the line's end put in ``places``, by paragraph, when given)."""
    hits = [(p, m) for p in outside if (m := patterns[f.id].search(p)) is not None]
    values = [_header_value(p, m.end(), patterns, places) for p, m in hits]
    if not hits:
        hits, values = _row_hits(f, patterns, inside, places)
    if not hits:
        severity = "error" if f.required else "warning"
        finding("read.missing-label", f"/data/{f.id}", severity=severity, **_labels(f))
        return None
    # (The label again with nothing after it, as a line to sign or stamp at
    # the foot of the form, ``申报单位（盖章）：``, gives no other value.)
    filled = [n for n, value in enumerate(values) if strip_invisible(value).strip()]
    if filled:
        hits, values = [hits[n] for n in filled], [values[n] for n in filled]
    if len({join_lines(value)[0] for value in values}) > 1:
        count = len({join_lines(value)[0] for value in values})
        finding("read.ambiguous", f"/data/{f.id}", count=count, **_labels(f))
        return None
    return hits[0][0], values[0]


def _row_hits(
    f: FormField,
    patterns: Mapping[str, re.Pattern[str]],
    inside: Sequence[str],
    places: dict[str, str] | None,
) -> tuple[list[tuple[str, re.Match[str]]], list[str]]:
    """The rows of the table that hold ``f``'s label, and its value in each:
    the first filled cell after the label (no colon needed in a cell of its
    own); where the date goes put in ``places`` (:func:`_row_place`)."""
    cell = cell_label_pattern(f.label.zh)
    hits = [(p, m) for p in inside if (m := patterns[f.id].search(p) or cell.search(p))]
    values = [_header_value(_first_cell(p[m.end() :]), 0, patterns) for p, m in hits]
    if places is not None:
        places.update((p, _row_place(p[m.end() :])) for p, m in hits)
    return hits, values


def _header_date(
    f: FormField,
    candidates: Sequence[str],
    data: dict[str, Any],
    finding: Report,
    *,
    partial: bool,
    issued: dt.date,
    place: str = "",
) -> None:
    """The date of the header line, as an ISO date, or ``read.bad-date``
    when the line holds a date that is not one — or, when ``partial`` (the
    header line itself was found), a date only partly filled in
    (``2022 年 8 月``), or, else, when text that is no date is written in
    its ``place`` (:func:`_date_place`), as a date cell of the table that
    holds none."""
    example = written_date(f.example, issued)
    for text in candidates:
        iso = parse_zh_date(text)
        if iso is not None:
            data[f.id] = iso
            return
        folded = nfkc(text)
        bad = DATE.search(folded) or ISO_DATE.search(folded) or EN_DATE.search(folded)
        loose = PARTIAL_DATE.search(folded) or LOOSE_DATE.search(folded)
        if bad is not None or (partial and loose is not None):
            finding("read.bad-date", f"/data/{f.id}", **_labels(f), example=example)
            return
    if place:
        finding("read.bad-date", f"/data/{f.id}", **_labels(f), example=example)


def _header_value(
    text: str,
    start: int,
    patterns: Mapping[str, re.Pattern[str]],
    places: dict[str, str] | None = None,
) -> str:
    """The value after a label ending at ``start`` of ``text``: up to the
    date, the next label, or white space followed by a word and a colon
    (``济南市科协　　填报日期：``, a label the form does not know); without the
    underscores of the line it was written on, or a seal's note before or
    after it.  When ``places`` is given (the header has a date), a value
    running to the line's end ends at its last tab or run of spaces, the
    date's place (:func:`_split_place`: ``海口市科协⇥待定``), and what is
    after that is put in ``places`` under ``text``."""
    rest = text[start:]
    end = len(rest)
    folded, at = _folded(rest)
    for rx in (DATE, ISO_DATE, EN_DATE, PARTIAL_DATE, BLANK_DATE):
        m = rx.search(folded)
        if m is not None:
            end = min(end, at[m.start()])
    # A date written in a way the reader does not read, when no other is
    # there (it is looked for at the line's end only).
    m = LOOSE_DATE.search(folded) if end == len(rest) else None
    if m is not None:
        end = at[m.start()]
    dated = end
    for pat in (*patterns.values(), _OTHER_LABEL):
        m = pat.search(rest)
        if m is not None:
            end = min(end, m.start())
    value = _DATE_LABEL.sub("", rest[:end]) if end < len(rest) else rest[:end]
    if end == dated < len(rest):  # (what parts it from the date is no part of it)
        value = _before_date(value)
    value = _before_other_text(value)
    if places is not None and end == len(rest):
        value, places[text] = _split_place(value)
    value = value.strip().strip(_WRITING_LINE).strip()
    return _SEAL_NOTE_FIRST.sub("", _SEAL_NOTE.sub("", value))


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded by NFKC character by character, and for each folded
    character the offset in ``text`` of the one it comes from (``㈱`` folds
    to three; an invisible character, to none), so that a date found in the
    folded text is cut where it starts in ``text``."""
    folded = nfkc(text)
    if len(folded) == len(text) and strip_invisible(text) == text:
        return folded, list(range(len(text) + 1))
    parts: list[str] = []
    at: list[int] = []
    for i, ch in enumerate(text):
        one = "" if ch in INVISIBLE else nfkc(ch)
        parts.append(one)
        at.extend([i] * len(one))
    at.append(len(text))
    return "".join(parts), at


def _before_other_text(value: str) -> str:
    """``value`` up to its first tab when text with a colon of its own
    follows it (``济南市科协\t\t填报人：张三``: another label the form does not
    know, and its value), and up to the line break before the first
    line after it that holds a colon (``济南市科协⏎填报人：张三``); else all of
    it, so that a value holding a tab reads back whole (the tab before the
    date is stripped as white space)."""
    i = value.find("\t")
    if i >= 0 and any(c in value[i:] for c in COLONS):
        value = value[:i]
    lines = value.split("\n")
    for n, line in enumerate(lines[1:], start=1):
        if any(c in line for c in COLONS):
            return "\n".join(lines[:n])
    return value


#: Another label after the value, past white space: a word (no brackets)
#: and a colon (``　　填报日期：``, ``  联系电话：``).
_OTHER_LABEL: Final = re.compile(rf"(?<![^\S\n])[^\S\n]++[^\s{COLONS}()（）]{{1,8}}[{COLONS}]")
#: The date's label without a colon, right before where the value ends (at
#: the date): ``济南市科协　填表日期 2022年8月15日``.
_DATE_LABEL: Final = re.compile(r"(?<!\s)\s++\S{0,6}(?:日期|时间)\s*+$")
#: What parts a value from the date after it, besides white space: a comma
#: (``济南市科协，2022年…``) or the bracket the date is in
#: (``济南市科协（2022年8月15日）``).
_SEPARATORS: Final = "，,、；;"
_OPENING: Final = "（(【["


def _split_place(value: str) -> tuple[str, str]:
    """``value``, a header value running to the line's end, up to the last
    tab or run of two spaces on its last line, and what is after that (where
    the template puts the date: ``海口市科协⇥待定``); all of it and "" when
    there is none, or nothing before it on its line (a value holding a tab keeps it when
    the date's place after it is blank: ``济南市科协⇥科普部⇥``).  Looked at
    from the end, by hand (a regular expression would take a time the
    square of a long run of spaces)."""
    i = len(value)
    while i:
        ch = value[i - 1]
        if ch == "\n":
            return value, ""
        if ch == "\t" or (ch.isspace() and i >= 2 and value[i - 2] in " \t\u3000\xa0"):
            break
        i -= 1
    head = value[:i].rstrip()
    if not head[head.rfind("\n") + 1 :].strip().strip(_WRITING_LINE):
        return value, ""  # (no value before it on its line: ``＿＿⏎⇥济南市科协``)
    return head, value[i:]


def _before_date(value: str) -> str:
    """``value`` without what parts it from the date after it (white space,
    a comma, the date's opening bracket), looked at from its end (a regular
    expression took a time the square of a long run of spaces)."""
    end = len(value.rstrip())
    if end and value[end - 1] in _OPENING:
        end -= 1
    while end and (value[end - 1].isspace() or value[end - 1] in _SEPARATORS):
        end -= 1
    return value[:end]


#: The line a blank form gives its value, typed as underscores
#: (``申报单位：＿＿＿＿``), and left round the value written on it.
_WRITING_LINE: Final = "_＿"


#: A note where the seal goes, written after the unit's name instead of
#: after its label: ``济南市科协（盖章）``.
_SEAL_WORDS: Final = r"[（(]\s*(?:单位)?(?:盖章|公章|签章|印章|盖公章|签字盖章|签名盖章)\s*[）)]"
_SEAL_NOTE: Final = re.compile(rf"(?<!\s)\s*+{_SEAL_WORDS}$")
#: The same note typed after the label's colon, before the name
#: (``申报单位：（盖章）济南市科协``).
_SEAL_NOTE_FIRST: Final = re.compile(rf"^{_SEAL_WORDS}\s*")


def _first_cell(text: str) -> str:
    """The first filled cell of ``text``, the rest of a row of the table
    after a label (its cells between tabs): ``济南市科协`` of
    ``⇥济南市科协⇥联系电话（办公）：…``."""
    return next((part for part in text.split("\t") if part.strip()), "")


def _row_place(text: str) -> str:
    """Where the date goes in ``text``, a table row's rest after a header
    label: the one filled cell after the label's value (``济南市科协⇥⇥待定⇥``),
    else "" (none, or two: another label and its value, ``联系电话⇥123``)."""
    cells = text.split("\t")
    first = next((n for n, part in enumerate(cells) if part.strip()), len(cells))
    filled = [part for part in cells[first + 1 :] if part.strip()]
    return filled[0] if len(filled) == 1 else ""


def cell_label_pattern(label: str) -> re.Pattern[str]:
    """The label as a cell of its own in a row of the table (its cells
    between tabs: at the start of the row or after a tab, and up to the
    next tab or the end), a colon and a short note in brackets allowed."""
    return re.compile(f"(?:^|(?<=\t)){_label(label)}[{COLONS}]?(?=[^\\S\\n]*(?:\t|$))")


def label_pattern(label: str) -> re.Pattern[str]:
    """The label followed by a colon, with any white space between its
    characters (``申 报 单 位：``) and a short note in brackets before the
    colon (``申报单位（盖章）：``); invisible characters count as white space."""
    return re.compile(_label(label) + f"[{COLONS}]")


def _label(label: str) -> str:
    """The label as :func:`label_pattern` finds it, up to its colon."""
    chars = [re.escape(ch) for ch in label if not ch.isspace()]
    note = r"(?:[（(][^）)\n]{0,12}[）)])?"
    gap = "[\\s" + "".join(re.escape(ch) for ch in sorted(INVISIBLE)) + "]*"
    return gap.join(chars) + gap + note + gap
