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
   as an ISO date; a value typed over two lines is read joined
   (``read.value-joined``);
4. table cells are mapped to fields by their labels
   (:mod:`~reform_brand.office._read_table`), compared without white
   space and line breaks (``推荐单位⏎意见`` is ``推荐单位意见``): the value is
   the next cell of the row (or, for a label alone at the end of its row,
   the row below), going on in the rows below that hold no label (a row
   split at a page break); a group (联系人) has a row of sub-labels with
   the values in the row below, matched by grid column.  Merged cells are
   read once (de-duplicated by their ``w:tc`` element; a legacy horizontal
   merge, ``w:hMerge``, is one cell as ``w:gridSpan`` is);
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
   prints it; a blank ``年 月 日`` is no value), and that of a ``choice``
   field the value of the choice whose label it is (the form prints the
   label), or the one ticked among the boxes a blank form prints.

What cannot be read is a finding (``read.*``), never a guess: a file that is
not a .docx, an unknown or ambiguous form, a label that is missing, a field
found twice with different values, a date or a number that is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from reform_brand.catalogue import CATALOGUE, CodeInfo, Localized
from reform_brand.codes.reasons import error_reason, known_reason, os_reason
from reform_brand.docxml import (
    TBL,
    P,
    in_fallback,
    joined,
    mark_deleted,
    paragraphs_in,
    paragraphs_of_xml,
    q,
)
from reform_brand.findings import Finding
from reform_brand.model import Choice, Edition, Form, FormField
from reform_brand.office._body import MACRO_ENABLED, open_body
from reform_brand.office._boxes import lift_headings
from reform_brand.office._dates import cell_date, parse_zh_date, written_date
from reform_brand.office._grid import Cell, frame, in_table, rows_of, squash, top_table
from reform_brand.office._header import label_pattern, read_header
from reform_brand.office._numbers import parse_number
from reform_brand.office._odt import form_body
from reform_brand.office._odt_objects import UNREAD_OBJECTS
from reform_brand.office._read_result import ReadResult, unit_field
from reform_brand.office._read_table import TableReader
from reform_brand.office._template_tags import Unfilled
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


#: An object embedded in a .docx (Equation 3.0's ``Equation.3``, MathType's
#: ``Equation.DSMT4``... by its ``ProgID``).
_OLE_OBJECT: Final = "{urn:schemas-microsoft-com:office:office}OLEObject"
#: An ActiveX control in a .docx (a text box, check box or list typed into:
#: its value is binary data of its own, not text).
_CONTROL: Final = q("control")
#: Content kept in a part of another format (an .htm, an .rtf: what a web
#: system's export puts in a .docx), which Word converts when it opens the
#: file: not read.
_ALT_CHUNK: Final = q("altChunk")


class _Reader:
    def __init__(
        self, edition: Edition, file: str, catalogue: Mapping[str, CodeInfo] | None
    ) -> None:
        self.edition = edition
        self.file = file
        self.catalogue = catalogue if catalogue is not None else CATALOGUE
        self.findings: list[Finding] = []
        self.unfilled: Unfilled | None = None

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

    def macros(self, body: Any) -> None:
        """``read.macro-enabled`` for a macro-enabled document or template
        (.docm, .dotm), which is read as a .docx: its macros never run."""
        if body.get(MACRO_ENABLED):
            self.finding("read.macro-enabled")

    def unread_objects(self, body: Any) -> None:
        """``read.object-unread`` for the objects embedded in an .odt (its
        equations, its form controls) that could not be read, as its
        ``body`` counts them, the equations of a .docx made with an older
        equation editor (an OLE object, Equation 3.0's or MathType's: a
        picture and binary data, no text), its ActiveX controls (a value
        kept as binary data) and its content in a part of another format
        (``w:altChunk``)."""
        unread = int(body.get(UNREAD_OBJECTS) or 0)
        unread += sum(
            1
            for ole in body.iter(_OLE_OBJECT, _CONTROL, _ALT_CHUNK)
            if (ole.tag != _OLE_OBJECT or str(ole.get("ProgID", "")).startswith("Equation."))
            and not in_fallback(ole)
        )
        if unread:
            self.finding("read.object-unread", count=unread)

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
        table_at: int | None = None,
    ) -> None:
        """The header line (:func:`~reform_brand.office._header.read_header`)."""
        issued = self.edition.issued
        unfilled = self.unfilled_in(form)
        read_header(
            form, outside, inside, data, self.finding, issued, unfilled=unfilled, table_at=table_at
        )

    # -- the table ---------------------------------------------------------

    def table(self, form: Form, rows: list[list[Cell]], data: dict[str, Any]) -> None:
        """The fields of the table (:class:`~reform_brand.office._read_table.TableReader`)."""
        TableReader(self.finding, self.unfilled_in(form)).read(form, rows, data)

    # -- the template sent back -------------------------------------------

    def unfilled_in(self, form: Form) -> Unfilled:
        """The fields of ``form`` left as its template's tags, found so far."""
        if self.unfilled is None or self.unfilled.form is not form:
            self.unfilled = Unfilled(form)
        return self.unfilled

    def unfilled_pointers(self) -> tuple[str, ...]:
        """The pointers of the fields left as the template's tags."""
        return tuple(self.unfilled.pointers) if self.unfilled is not None else ()

    def template(self) -> None:
        """``read.unfilled-template`` when fields were left as the
        template's tags: which ones (every field the unit fills, when all
        are), an error when one of them must be filled in."""
        unfilled = self.unfilled
        if unfilled is None or not unfilled.pointers:
            return
        if not unfilled.every():
            which = Localized(
                zh="、".join(f"“{zh}”" for zh, _en in unfilled.labels),
                en=", ".join(f"'{en}'" for _zh, en in unfilled.labels),
            )
        else:
            which = _EVERY_FIELD
        self.finding(
            "read.unfilled-template",
            "/data",
            severity="error" if unfilled.required else "warning",
            which=which,
            count=len(unfilled.pointers),
            pointers=tuple(unfilled.pointers),
        )

    # -- number and date fields -------------------------------------------

    def numbers(self, form: Form, data: dict[str, Any]) -> None:
        """The text read for each number field as a number, and for each
        date field of the table as an ISO date (a blank 年 月 日 as no
        value); text that is not one is a ``read.bad-number`` or
        ``read.bad-date`` finding and left out of the data.  The text of a
        choice field, which the form prints as the choice's label, is the
        choice's value (:func:`choice_value`)."""
        for pointer, f in form.walk():
            if (
                not f.is_number
                and f.type != "choice"
                and (f.type != "date" or f.placement == "header")
            ):
                continue
            *parents, key = pointer.strip("/").split("/")
            holder: Any = data
            for part in parents:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if not isinstance(holder, dict) or not isinstance(holder.get(key), str):
                continue
            text = holder[key]
            if f.type == "choice":
                holder[key] = choice_value(f, text)
                if not holder[key]:  # every box left empty
                    del holder[key]
                continue
            value = parse_number(text, f.unit.zh, f.unit.en) if f.is_number else cell_date(text)
            if value is None or value == "":
                del holder[key]
            if value is None:
                params: dict[str, object] = {
                    "label": f.label.zh,
                    "label_en": f.label.en or f.label.zh,
                    "example": written_date(f.example, self.edition.issued),
                    **(_NUMBER_WORDS[f.type] if f.is_number else {}),
                }
                code = "read.bad-number" if f.is_number else "read.bad-date"
                self.add(code, f"/data{pointer}", None, params)
            elif value != "":
                holder[key] = value


#: The fields ``read.unfilled-template`` names when none was filled in.
_EVERY_FIELD: Final = Localized(zh="所有栏目", en="every field")

#: What a number field holds, and numbers it may be written as: never a
#: fraction for a whole number.
_NUMBER_WORDS: Final = {
    "number": {
        "what": Localized(zh="数字", en="a number"),
        "examples": Localized(zh="120、12.5 或 12,000", en="120, 12.5 or 12,000"),
    },
    "integer": {
        "what": Localized(zh="整数", en="a whole number"),
        "examples": Localized(zh="120 或 12,000", en="120 or 12,000"),
    },
}

#: Empty boxes, and the ticks, crosses and filled boxes that mark a choice.
_EMPTY: Final = frozenset("□☐")
_MARKS: Final = "□☐☑☒■▣✓✔√⊠"
#: A run of boxes and marks, then the choice's name up to the next box.
_BOXED: Final = re.compile(f"([{_MARKS}]+)([^{_MARKS}]*)")
#: What may stand between the choices (the form prints a full-width space).
_BETWEEN: Final = "、，,;；/／|｜"


def choice_value(f: FormField, text: str) -> str:
    """The value of the choice of ``f`` whose label (Chinese or English) or
    value ``text`` is, compared without white space, full width or case:
    ``延续项目`` is ``continued``; or of the one choice ticked among the
    boxes a blank form prints (:func:`_ticked`), "" when none is.  Any
    other text is kept as it was read (the check then says it is none of
    the choices)."""
    key = squash(text).casefold()
    for c in f.choices:
        if key in _names(c):
            return c.value
    ticked = _ticked(f, key)
    return text if ticked is None else ticked


def _names(c: Choice) -> set[str]:
    return {squash(s).casefold() for s in (c.value, c.label.zh, c.label.en) if s}


def _ticked(f: FormField, key: str) -> str | None:
    """The value of the one choice ticked among the boxes the form prints
    (``□新建项目　☑延续项目``: ``continued``; a tick typed into the box,
    ``□√延续项目``, is one too), "" when every box is empty; None when the
    text is no such list of boxes, or more than one is ticked."""
    parts = _BOXED.findall(key)
    if not parts or _BOXED.sub("", key).strip(_BETWEEN):
        return None
    picked: list[str] = []
    for marks, name in parts:
        c = next((c for c in f.choices if name.strip(_BETWEEN) in _names(c)), None)
        if c is None:
            return None
        if not set(marks) <= _EMPTY:
            picked.append(c.value)
    return picked[0] if len(picked) == 1 else "" if not picked else None


#: Why a .docx with a password to open it cannot be read (not a legacy .doc,
#: whose advice, to save it as .docx, it already is).
_PASSWORD: Final = known_reason("encrypted")


def _kind_finding(reader: _Reader, exc: UnsafeFileError) -> None:
    params = dict(exc.params)
    code = exc.code
    if code == "read.not-docx":
        kind = str(params.get("kind", "unknown"))
        if kind == "doc" and params.get("detail") == "encrypted":
            reader.finding("read.unreadable", detail=_PASSWORD)
            return
        if kind == "doc":
            reader.finding("read.legacy-doc")
            return
        if kind == "unknown" and "zip" in str(params.get("detail", "")):
            reader.finding("read.unreadable", detail=known_reason(str(params["detail"])))
            return
        zh, en = kind_name(kind, str(params.get("detail", "")))
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
    reader.macros(body)
    reader.unread_objects(body)
    frames = {t for t in body.iter(TBL) if frame(t)}
    tables = [t for t in body.iter(TBL) if t not in frames and top_table(t, body, frames)]
    lift_headings(tables, lambda: _heading(edition))
    outside = [p for p in body.iter(P) if not in_table(p, body, frames) and not in_fallback(p)]
    body_paragraphs = joined(outside)
    rows: list[list[Cell]] = []
    for t in tables:
        rows.extend(rows_of(t, len(rows)))
    cell_paragraphs = [text for row in rows for c in row for text in c.paragraphs]
    form = reader.recognise(body_paragraphs + cell_paragraphs)
    if form is None:
        return ReadResult(file=reader.file, edition=edition.id, findings=tuple(reader.findings))
    data: dict[str, Any] = {}
    # (A header typed into the table is read a row at a time, its cells
    # between tabs: a name in two paragraphs of its cell is one value, and
    # the date may be in another cell of the row.)
    row_texts = ["\t".join("\n".join(c.paragraphs) for c in row) for row in rows]
    at = _table_at(body, tables[0], set(outside)) if tables else None
    reader.header(form, body_paragraphs, row_texts, data, at)
    reader.table(form, rows, data)
    reader.numbers(form, data)
    reader.template()
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
        unfilled=reader.unfilled_pointers(),
    )


def _heading(edition: Edition) -> tuple[list[str], list[re.Pattern[str]]]:
    """The squashed titles of the edition's forms and their header fields'
    labels with a colon (:func:`~reform_brand.office._header.label_pattern`):
    what makes a text box the form's heading (:func:`lift_headings`)."""
    forms = edition.forms
    titles = [key for f in forms if (key := squash(f.title.zh))]
    labels = [
        label_pattern(f.label.zh) for form in forms for f in form.fields if f.placement == "header"
    ]
    return titles, labels


def _table_at(body: Any, table: Any, outside: set[Any]) -> int:
    """How many of the paragraphs outside the table (as :func:`joined`
    joins them) come before ``table``: only the title and the header are
    walked, not the table."""
    before = 0
    for el in body.iter(P, TBL):
        if el is table:
            break
        if el.tag == P and el in outside and not mark_deleted(el):
            before += 1
    return before


def iter_fields(form: Form) -> Iterator[tuple[str, FormField]]:
    """``(pointer, field)`` of every field a reader looks for."""
    yield from form.walk()
