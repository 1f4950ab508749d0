"""Reading filled Word forms back into submissions.

A unit fills in the 申报表 or the 推荐表 in Word or LibreOffice — from the
blank template, or retyped in the same layout — and e-mails the .docx.
:func:`read_form` turns it back into a submission envelope:

1. the file is opened through :mod:`reform_brand.safeopen` (type by content,
   zip limits, no ``<!DOCTYPE``; images and embedded objects are never
   loaded) and handed to python-docx;
2. the form is recognised by its title, compared with all white space
   removed (``2022年度某省科协改革品牌项目申报表`` matches the title as the
   edition writes it), with a short prefix (``附件1``) and a suffix of
   bracketed or dash-separated words (``（样表）``, ``- 副本``) allowed
   (:mod:`~reform_brand.office._title`);
3. the header line (``申报单位：…　　2022 年 8 月 15 日``) gives the header
   fields: text fields as ``label：value``, a date field from
   ``YYYY 年 M 月 D 日`` (half- or full-width digits, or Chinese numerals)
   as an ISO date;
4. table cells are mapped to fields by their labels, compared without white
   space and line breaks (``推荐单位⏎意见`` is ``推荐单位意见``): the value is
   the next cell of the row (or, for a label alone at the end of its row,
   the row below), going on in the rows below that hold no label (a row
   split at a page break); a group (联系人) has a row of sub-labels with
   the values in the row below, matched by grid column.  Merged cells are
   read once (de-duplicated by their ``w:tc`` element);
5. text is read from every ``w:t`` through XPath — so content controls
   (``w:sdt``) and tracked insertions (``w:ins``) are read — leaving out
   tracked deletions (``w:del``, ``w:moveFrom``) and hidden text
   (``w:vanish``, directly or by a style); paragraphs are kept, one
   ``\\n`` between two, blank lines at the start and end of a value dropped;
   a paragraph whose mark was deleted runs on into the next.
6. the text of a ``number`` or ``integer`` field becomes a JSON number
   (:func:`~reform_brand.office._numbers.parse_number`: ``12.5``, ``１２``,
   ``12,000``, ``12 万元`` with the field's own unit), and that of a date
   field of the table an ISO date (``2024 年 7 月 1 日``, as the form
   prints it; a blank ``年 月 日`` is no value).

What cannot be read is a finding (``read.*``), never a guess: a file that is
not a .docx, an unknown or ambiguous form, a label that is missing, a field
found twice with different values, a date or a number that is not one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from reform_brand.catalogue import CATALOGUE, CodeInfo
from reform_brand.codes.reasons import error_reason, known_reason, os_reason
from reform_brand.docxml import (
    TBL,
    P,
    in_fallback,
    joined,
    paragraphs_in,
    paragraphs_of_xml,
)
from reform_brand.findings import Finding
from reform_brand.model import Edition, Form, FormField
from reform_brand.names import is_blank
from reform_brand.office._body import open_body
from reform_brand.office._dates import cell_date, parse_zh_date, written_date
from reform_brand.office._grid import (
    Cell,
    clean_value,
    continued_cells,
    frame,
    in_table,
    label_and_value,
    label_key,
    rows_of,
    squash,
    sub_labels,
    sub_value_cells,
    top_table,
    with_bare_labels,
    without_own_label,
)
from reform_brand.office._header import read_header
from reform_brand.office._numbers import parse_number
from reform_brand.office._odt import form_body
from reform_brand.office._title import is_title, title_keys
from reform_brand.safeopen import OpenPackage, UnsafeFileError, kind_name

__all__ = [
    "ReadResult",
    "document_paragraphs",
    "paragraphs_of_xml",
    "parse_number",
    "parse_zh_date",
    "read_form",
    "read_opened",
    "squash",
    "unit_field",
]


def _open_body(package: bytes) -> Any:
    return open_body(package)


def document_paragraphs(package: bytes) -> list[str]:
    """Every paragraph of the document body, tables included, in order."""
    return paragraphs_in(_open_body(package), None)


# -- the result -----------------------------------------------------------------


@frozen(kw_only=True)
class ReadResult:
    """What was read from one file.

    ``form`` is the recognised form's id (None when it was not recognised),
    ``data`` the form data, ``unit`` the unit's name from the header line,
    ``project`` the project's name (the form's ``project_field``), and
    ``findings`` what could not be read.  :meth:`envelope` gives a
    submission envelope for the validator.
    """

    file: str
    edition: str
    form: str | None = None
    data: dict[str, Any] = field(factory=dict)
    unit: str = ""
    findings: tuple[Finding, ...] = ()
    #: The project's name (the form's ``project_field``), or "".
    project: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing that stops the form being read was found."""
        return not any(f.severity == "error" for f in self.findings)

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def envelope(self, **extra: Any) -> dict[str, Any]:
        """A submission envelope (``docs/submission.md``) of what was read;
        ``extra`` adds or replaces members (``unit``, ``arrived_at``...)."""
        env: dict[str, Any] = {
            "version": 1,
            "edition": self.edition,
            "form": self.form or "",
            "unit": {"name": self.unit} if self.unit else {},
            "data": self.data,
        }
        env.update(extra)
        return env


def unit_field(form: Form) -> FormField | None:
    """The field that names the submitting unit: the first text field of the
    header line (申报单位, 推荐部室或单位)."""
    for f in form.fields:
        if f.placement == "header" and f.type == "text":
            return f
    return None


class _Reader:
    def __init__(
        self, edition: Edition, file: str, catalogue: Mapping[str, CodeInfo] | None
    ) -> None:
        self.edition = edition
        self.file = file
        self.catalogue = catalogue if catalogue is not None else CATALOGUE
        self.findings: list[Finding] = []

    def finding(
        self, code: str, pointer: str = "", *, severity: str | None = None, **params: object
    ) -> None:
        self.add(code, pointer, severity, params)

    def add(
        self, code: str, pointer: str, severity: str | None, params: Mapping[str, object]
    ) -> None:
        info = self.catalogue.get(code)
        sev = severity or (info.severity if info is not None else "error")
        self.findings.append(
            Finding(
                code=code,
                severity=sev,  # type: ignore[arg-type]
                file=self.file,
                pointer=pointer,
                clause="",
                rule="read",
                params=params,
            )
        )

    # -- recognising the form ----------------------------------------------

    def recognise(self, paragraphs: Sequence[str]) -> Form | None:
        titles = {squash(f.title.zh): f for f in self.edition.forms}
        found: dict[str, Form] = {}
        keys = list(title_keys(paragraphs, [title for title in titles if title]))
        for key in keys:
            hits = [title for title in titles if title and is_title(key, title)]
            for title in hits:
                # (A title inside another one found here is part of that one.)
                if not any(title in other and title != other for other in hits):
                    found[titles[title].id] = titles[title]
        if len(found) == 1:
            form = next(iter(found.values()))
            self._repeated(keys, squash(form.title.zh), set(titles))
            return form
        if found:
            self.finding("read.ambiguous-form", forms=tuple(found))
        else:
            self.finding(
                "read.unknown-form",
                titles=tuple(f.title.zh for f in self.edition.forms),
            )
        return None

    def _repeated(self, keys: Sequence[str], title: str, titles: set[str]) -> None:
        """``read.form-repeated`` when the title of the form is found in
        more than one place of the texts ``keys`` (:func:`title_keys`): the
        form pasted twice, projects one after the other."""
        longer = [t for t in titles if title in t and t != title]
        count = sum(
            1 for key in keys if is_title(key, title) and not any(is_title(key, t) for t in longer)
        )
        if count > 1:
            self.finding("read.form-repeated", count=count)

    # -- the header line ---------------------------------------------------

    def header(
        self,
        form: Form,
        outside: Sequence[str],
        inside: Sequence[str],
        data: dict[str, Any],
    ) -> None:
        """The header line (:func:`~reform_brand.office._header.read_header`)."""
        read_header(form, outside, inside, data, self.finding, self.edition.issued)

    # -- the table ---------------------------------------------------------

    def table(self, form: Form, rows: list[list[Cell]], data: dict[str, Any]) -> None:
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
            j = i + 1
            while j < len(row) and label_key(row[j], by_key) is None:
                j += 1
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
        found = sub_labels(row, i + 1, subs)
        columns = [row[k].col for k, _sub, _inline in found]
        for k, sub, inline in found:
            pointer = f"/{f.id}/{sub.id}"
            cells = sub_value_cells(row, k, below, subs, row[i])
            value_cells.update(id(c) for c in cells)
            shared = [c for c in cells if sum(c.col <= x < c.col + c.span for x in columns) > 1]
            value = self._shared(sub, shared[0], pointer, f) if shared else None
            value = self._value_of(sub, [cells], pointer) if value is None else value
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
        elif typed and typed != value:
            found.append(typed)
        found.append(value)

    def _value_of(self, f: FormField, parts: Sequence[Sequence[Cell]], pointer: str) -> str:
        """The value in the cells of each row of ``parts`` (a field's row,
        then the rows its value goes on in), one filled cell a row at most."""
        lines: list[str] = []
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
            lines += filled[0].lines if filled else []
        return clean_value(f, without_own_label(f, lines)) if lines else ""

    def _store(
        self,
        pointer: str,
        f: FormField,
        hits: Mapping[str, list[str]],
        data: dict[str, Any],
        parent: FormField | None = None,
    ) -> None:
        found = hits.get(pointer)
        label = f.label.zh if parent is None else f"{parent.label.zh}（{f.label.zh}）"
        label_en = f.label.en or f.label.zh
        if parent is not None:
            label_en = f"{parent.label.en or parent.label.zh} ({label_en})"
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
        if parent is None:
            data[f.id] = value
        else:
            data.setdefault(parent.id, {})[f.id] = value

    # -- number and date fields -------------------------------------------

    def numbers(self, form: Form, data: dict[str, Any]) -> None:
        """The text read for each number field as a number, and for each
        date field of the table as an ISO date (a blank 年 月 日 as no
        value); text that is not one is a ``read.bad-number`` or
        ``read.bad-date`` finding and left out of the data."""
        for pointer, f in form.walk():
            if not f.is_number and (f.type != "date" or f.placement == "header"):
                continue
            *parents, key = pointer.strip("/").split("/")
            holder: Any = data
            for part in parents:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if not isinstance(holder, dict) or not isinstance(holder.get(key), str):
                continue
            text = holder[key]
            value = parse_number(text, f.unit.zh, f.unit.en) if f.is_number else cell_date(text)
            if value is None or value == "":
                del holder[key]
            if value is None:
                self.finding(
                    "read.bad-number" if f.is_number else "read.bad-date",
                    f"/data{pointer}",
                    label=f.label.zh,
                    label_en=f.label.en or f.label.zh,
                    example=written_date(f.example, self.edition.issued),
                )
            elif value != "":
                holder[key] = value


def _kind_finding(reader: _Reader, exc: UnsafeFileError) -> None:
    params = dict(exc.params)
    code = exc.code
    if code == "read.not-docx":
        kind = str(params.get("kind", "unknown"))
        if kind == "doc":
            reader.finding("read.legacy-doc")
            return
        if kind == "unknown" and "zip" in str(params.get("detail", "")):
            reader.finding("read.unreadable", detail=known_reason(str(params["detail"])))
            return
        zh, en = kind_name(kind)
        params.update(detected=zh, detected_en=en)
    reader.add(code, "", None, params)


def read_form(
    edition: Edition,
    source: str | Path | bytes,
    *,
    file: str = "",
    catalogue: Mapping[str, CodeInfo] | None = None,
) -> ReadResult:
    """Read the filled form in ``source`` (a path, or the bytes of a .docx
    already checked by :func:`reform_brand.safeopen.docx_package`).

    Never raises for anything the file holds: every problem is a finding of
    the result (``read.*``).  ``file`` names the file in findings (default:
    the path).
    """
    name = file or (str(source) if not isinstance(source, bytes) else "")
    if isinstance(source, bytes):
        return _read(edition, name, catalogue, lambda: _open_body(source))
    return _read(edition, name, catalogue, lambda: form_body(Path(source)))


def read_opened(
    edition: Edition,
    opened: OpenPackage,
    *,
    file: str,
    catalogue: Mapping[str, CodeInfo] | None = None,
) -> ReadResult:
    """:func:`read_form` of a .docx or .odt already open from its sniff,
    read from that opening (the caller closes it)."""
    return _read(edition, file, catalogue, lambda: form_body(Path(file), opened))


def _read(
    edition: Edition,
    name: str,
    catalogue: Mapping[str, CodeInfo] | None,
    body_of: Callable[[], Any],
) -> ReadResult:
    reader = _Reader(edition, name, catalogue)
    try:
        body = body_of()
    except UnsafeFileError as exc:
        _kind_finding(reader, exc)
    except OSError as exc:
        reader.finding("read.unreadable", detail=os_reason(exc))
    except Exception as exc:
        # (A part missing, bad XML or relationship: python-docx's errors vary.)
        reader.finding("read.unreadable", detail=error_reason(exc))
    else:
        return _read_body(reader, body)
    return ReadResult(file=name, edition=edition.id, findings=tuple(reader.findings))


def _read_body(reader: _Reader, body: Any) -> ReadResult:
    edition = reader.edition
    frames = {t for t in body.iter(TBL) if frame(t)}
    outside = [p for p in body.iter(P) if not in_table(p, body, frames) and not in_fallback(p)]
    body_paragraphs = joined(outside)
    tables = [t for t in body.iter(TBL) if t not in frames and top_table(t, body, frames)]
    rows: list[list[Cell]] = []
    for t in tables:
        rows.extend(rows_of(t, len(rows)))
    cell_paragraphs = [text for row in rows for c in row for text in c.paragraphs]
    form = reader.recognise(body_paragraphs + cell_paragraphs)
    if form is None:
        return ReadResult(file=reader.file, edition=edition.id, findings=tuple(reader.findings))
    data: dict[str, Any] = {}
    reader.header(form, body_paragraphs, cell_paragraphs, data)
    reader.table(form, rows, data)
    reader.numbers(form, data)
    uf = unit_field(form)
    unit = data.get(uf.id, "") if uf is not None else ""
    return ReadResult(
        file=reader.file,
        edition=edition.id,
        form=form.id,
        data=data,
        unit=unit if isinstance(unit, str) else "",
        findings=tuple(reader.findings),
        project=form.project_of(data) or "",
    )


def iter_fields(form: Form) -> Iterator[tuple[str, FormField]]:
    """``(pointer, field)`` of every field a reader looks for."""
    yield from form.walk()
