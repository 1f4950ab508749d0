"""The table of a filled form: cells mapped to fields by their labels.

The value of a field is the next cell of its label's row (or, for a label
alone at the end of its row, the row below), going on in the rows below
that hold no label (a row split at a page break); a group (联系人) has a row
of sub-labels with the values in the row below, matched by grid column.  A
value typed after the label in the label cell stands in for an empty value
cell.  A value that holds the tags of the form's template is not filled in
(:class:`~reform_brand.office._template_tags.Unfilled`).  What cannot be
read is a finding, reported through the ``finding`` callback the reader
gives (:class:`~reform_brand.office._header.Report`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reform_brand.model import Form, FormField
from reform_brand.names import is_blank
from reform_brand.office._cell_value import ONE_LINE, clean_value, is_own_label
from reform_brand.office._grid import (
    Cell,
    continued_cells,
    join_lines,
    label_and_value,
    label_key,
    squash,
    sub_labels,
    sub_value_cells,
    with_bare_labels,
    without_own_label,
)
from reform_brand.office._header import Report
from reform_brand.office._template_tags import Unfilled

__all__ = ["TableReader"]


class TableReader:
    """Reads the fields of a form's table, reporting through ``finding``;
    a field whose text holds the template's tags is added to ``unfilled``."""

    def __init__(self, finding: Report, unfilled: Unfilled) -> None:
        self.finding = finding
        self.unfilled = unfilled

    def read(self, form: Form, rows: list[list[Cell]], data: dict[str, Any]) -> None:
        """Map the cells of ``rows`` to the fields of ``form``'s table
        into ``data``."""
        body = [f for f in form.fields if f.placement != "header"]
        by_key = with_bare_labels({squash(f.label.zh): f for f in body})
        labels = set(by_key) | {squash(s.label.zh) for f in body for s in f.fields}
        hits: dict[str, list[str]] = {}
        value_cells: set[int] = set()
        r = 0
        while r < len(rows):
            found = self._row(rows, r, by_key, hits, value_cells)
            r += 1
            for f, label, cells, inline in found:
                parts = [cells]
                # A row split in two at a page break: its value goes on in
                # the rows below, under a blank (or merged) label cell.  A
                # label alone at the end of its row: its value is below it.
                ref = cells if cells or inline is not None else [label]
                while len(found) == 1 and r < len(rows):
                    more = continued_cells(rows[r], label, ref, labels)
                    if more is None:
                        break
                    parts.append(more)
                    value_cells.update(id(c) for c in more)
                    r += 1
                value = self._value_of(f, parts, f"/{f.id}")
                self._hit(f"/{f.id}", f, value, inline, hits)
        for f in body:
            if f.type == "group":
                for sub in f.fields:
                    self._store(f"/{f.id}/{sub.id}", sub, hits, data, parent=f)
            else:
                self._store(f"/{f.id}", f, hits, data)

    def _row(
        self,
        rows: list[list[Cell]],
        r: int,
        by_key: Mapping[str, FormField],
        hits: dict[str, list[str]],
        value_cells: set[int],
    ) -> list[tuple[FormField, Cell, list[Cell], tuple[str, list[str]] | None]]:
        """The fields of row ``r`` (a group's read at once): each with its
        label cell, its value cells and the value typed after its label."""
        row = rows[r]
        found: list[tuple[FormField, Cell, list[Cell], tuple[str, list[str]] | None]] = []
        i = 0
        while i < len(row):
            cell = row[i]
            key = label_key(cell, by_key) if id(cell) not in value_cells else None
            f = by_key[key] if key is not None else None
            inline = None if f or id(cell) in value_cells else label_and_value(cell, by_key)
            f = by_key[inline[0]] if inline is not None else f
            if f is None:
                i += 1
                continue
            if f.type == "group":
                self._group(f, rows, (r, i), by_key, hits, value_cells)
                break
            j = _value_end(row, i, f if inline is None else None, by_key)
            cells = row[i + 1 : j]
            value_cells.update(id(c) for c in cells)
            found.append((f, cell, cells, inline))
            i = j
        return found

    def _group(
        self,
        f: FormField,
        rows: list[list[Cell]],
        at: tuple[int, int],
        by_key: Mapping[str, FormField],
        hits: dict[str, list[str]],
        value_cells: set[int],
    ) -> None:
        """The sub-fields of the group ``f`` whose label is cell ``at``
        (row, index): the values in the row below the sub-labels, unless
        that row is another field's (then, a form retyped with a sub-label
        a row, the cell after each sub-label)."""
        r, i = at
        subs = with_bare_labels({squash(s.label.zh): s for s in f.fields})
        row = rows[r]
        below = rows[r + 1] if r + 1 < len(rows) else []
        if any(c is not row[i] and label_key(c, by_key) is not None for c in below):
            below = []
        # (A value cell read already is no sub-label: 姓名 typed under 姓名.)
        found = [s for s in sub_labels(row, i + 1, subs) if id(row[s[0]]) not in value_cells]
        columns = [row[k].col for k, _sub, _inline in found]
        # (A second contact typed in a row added under the values.)
        more = _rows_on(rows, r + 2, row[i], below, set(by_key) | set(subs)) if below else []
        for k, sub, inline in found:
            pointer = f"/{f.id}/{sub.id}"
            cells = sub_value_cells(row, k, below, subs, row[i])
            extra = [_under(m, row[k].col) for m in more]
            value_cells.update(id(c) for c in [*cells, *(c for m in extra for c in m)])
            shared = [c for c in cells if sum(c.col <= x < c.col + c.span for x in columns) > 1]
            value = self._shared(sub, shared[0], pointer, f) if shared else None
            value = self._value_of(sub, [cells, *extra], pointer) if value is None else value
            self._hit(pointer, sub, value, inline, hits, f)

    def _shared(self, sub: FormField, cell: Cell, pointer: str, group: FormField) -> str | None:
        """The value of a sub-label whose value cell is merged with another
        sub-label's (手机 and 电子邮箱 in one cell): which line is whose is
        not guessed — ``read.ambiguous``, with the count of lines in it (or
        of the sub-labels sharing it) — unless the cell is empty."""
        lines = [line for line in "\n".join(cell.lines).splitlines() if not is_blank(line)]
        if not lines:
            return None
        self.finding(
            "read.ambiguous",
            f"/data{pointer}",
            label=f"{group.label.zh}（{sub.label.zh}）",
            label_en=f"{group.label.en or group.label.zh} ({sub.label.en or sub.label.zh})",
            count=max(2, len(lines)),
        )
        return "\x00ambiguous"

    def _hit(
        self,
        pointer: str,
        f: FormField,
        value: str,
        inline: tuple[str, list[str]] | None,
        hits: dict[str, list[str]],
        parent: FormField | None = None,
    ) -> None:
        """Record ``value`` read for ``pointer``; a value typed after the label
        in the label cell (``inline``) stands in for an empty value cell, with
        ``read.value-in-label``, and conflicts with a different one."""
        found = hits.setdefault(pointer, [])
        typed = clean_value(f, inline[1]) if inline is not None else ""
        if typed and not value:
            zh, en = f.label.zh, f.label.en or f.label.zh
            if parent is not None:
                zh, en = (
                    f"{parent.label.zh}（{zh}）",
                    f"{parent.label.en or parent.label.zh} ({en})",
                )
            self.finding("read.value-in-label", f"/data{pointer}", label=zh, label_en=en)
            value = typed
        elif typed and typed != value and not is_own_label(f, typed):
            # (The label again after the label, a text box holding it over
            # its cell, is no second value.)
            found.append(typed)
        found.append(value)

    def _value_of(self, f: FormField, parts: Sequence[Sequence[Cell]], pointer: str) -> str:
        """The value in the cells of each row of ``parts`` (a field's row,
        then the rows its value goes on in), one filled cell a row at most."""
        lines: list[str] = []
        boxed: set[int] = set()
        for cells in parts:
            # (A cell of white space and invisible characters looks empty.)
            filled = [c for c in cells if not is_blank("".join(c.lines))]
            if len(filled) > 1:
                self.finding(
                    "read.ambiguous",
                    f"/data{pointer}",
                    label=f.label.zh,
                    label_en=f.label.en or f.label.zh,
                    count=len(filled),
                )
                return "\x00ambiguous"
            if filled and f.blocks:  # (the text boxes over its printed lines)
                boxed.update(len(lines) + n for n in filled[0].boxed)
            lines += filled[0].lines if filled else []
        kept = without_own_label(f, lines)
        # (The label taken off the first line: which line is whose no longer known.)
        return clean_value(f, kept, boxed if kept == lines else frozenset()) if lines else ""

    def _store(
        self,
        pointer: str,
        f: FormField,
        hits: Mapping[str, list[str]],
        data: dict[str, Any],
        parent: FormField | None = None,
    ) -> None:
        found = hits.get(pointer)
        label, label_en = _labels(f, parent)
        if not found:
            if f.filled_by != "issuer":
                required = f.required and (parent is None or parent.required)
                self.finding(
                    "read.missing-label",
                    f"/data{pointer}",
                    severity="error" if required else "warning",
                    label=label,
                    label_en=label_en,
                )
            return
        values = set(found)
        if "\x00ambiguous" in values:
            return
        tagged = {v for v in values if self.unfilled.tags.holds(v)}
        if tagged:
            # (The template sent back: its tags are no value.  A copy of the
            # form filled in beside it gives the value.)
            values -= tagged
            if not values:
                self.unfilled.add(pointer, f, parent)
                return
        if len(values) > 1:
            self.finding(
                "read.ambiguous",
                f"/data{pointer}",
                label=label,
                label_en=label_en,
                count=len(found),
            )
            return
        value = values.pop()
        if is_blank(value):
            return
        if is_own_label(f, value):
            # (The label typed again as the value: no value, and why.)
            self.finding("read.value-is-label", f"/data{pointer}", label=label, label_en=label_en)
            return
        if f.type in ONE_LINE and "\n" in value:
            value = _one_line(value, parent is not None)
            self.finding(
                "read.value-joined", f"/data{pointer}", label=label, label_en=label_en, value=value
            )
        if parent is None:
            data[f.id] = value
        else:
            data.setdefault(parent.id, {})[f.id] = value


def _rows_on(
    rows: Sequence[Sequence[Cell]],
    start: int,
    group_cell: Cell,
    below: Sequence[Cell],
    labels: set[str],
) -> list[list[Cell]]:
    """The rows from ``start`` on that go on with a group's row of values
    ``below`` (:func:`continued_cells`: no label, text only within the
    values' columns, the group's label cell merged down): rows added for a
    second contact."""
    ref = [c for c in below if c is not group_cell]
    out: list[list[Cell]] = []
    for row in rows[start:]:
        more = continued_cells(row, group_cell, ref, labels)
        if more is None:
            break
        out.append(more)
    return out


def _under(cells: Sequence[Cell], col: int) -> list[Cell]:
    """The cell of ``cells`` at grid column ``col``, else the one spanning it."""
    spanning = [c for c in cells if c.col < col < c.col + c.span]
    return [c for c in cells if c.col == col] or spanning[:1]


def _labels(f: FormField, parent: FormField | None) -> tuple[str, str]:
    """The label of ``f`` in Chinese and English, a sub-field's after its
    group's: ``联系人（手机）``."""
    label_en = f.label.en or f.label.zh
    if parent is None:
        return f.label.zh, label_en
    return (
        f"{parent.label.zh}（{f.label.zh}）",
        f"{parent.label.en or parent.label.zh} ({label_en})",
    )


def _one_line(value: str, in_group: bool) -> str:
    """A one-line field's value typed over several lines, made one line: a
    long name broken to fit its cell is one name (``济南市⏎科协``: joined,
    :func:`join_lines`); a group's cell is small, and its lines are mostly
    two values (two contacts' names, two mobile numbers), kept apart by a
    space (``张明 王静``), as the roster shows a contact."""
    if not in_group:
        return join_lines(value)[0]
    return " ".join(line.strip() for line in value.split("\n") if not is_blank(line))


def _value_end(
    row: Sequence[Cell], i: int, f: FormField | None, by_key: Mapping[str, FormField]
) -> int:
    """The index of the first label cell after ``row[i]``, the label of
    ``f`` (None: a label with its value typed after it); the cells between
    are its value.  A cell right after it that is ``f``'s own label again,
    with no filled cell after it up to the next label, is its value, not a
    label (``项目名称`` typed as the project's name: ``read.value-is-label``)."""
    j = i + 1
    while j < len(row) and label_key(row[j], by_key) is None:
        j += 1
    if f is None or j != i + 1 or j == len(row):
        return j
    key = label_key(row[j], by_key)
    if key is None or by_key[key] is not f:
        return j
    k = j + 1
    while k < len(row) and label_key(row[k], by_key) is None:
        k += 1
    return k if all(is_blank("".join(c.lines)) for c in row[j + 1 : k]) else j
