"""Reading filled Word forms back into submissions.

A unit fills in the 申报表 or the 推荐表 in Word or LibreOffice — from the
blank template, or retyped in the same layout — and e-mails the .docx.
:func:`read_form` turns it back into a submission envelope:

1. the file is opened through :mod:`reform_brand.safeopen` (type by content,
   zip limits, no ``<!DOCTYPE``; images and embedded objects are never
   loaded) and handed to python-docx;
2. the form is recognised by its title, compared with all white space
   removed (``2022年度山东省科协改革品牌项目申报表`` matches the title as the
   edition writes it);
3. the header line (``申报单位：…　　2022 年 8 月 15 日``) gives the header
   fields: text fields as ``label：value``, a date field from
   ``YYYY 年 M 月 D 日`` (half- or full-width digits, or Chinese numerals)
   as an ISO date;
4. table cells are mapped to fields by their labels, compared without white
   space and line breaks (``推荐单位⏎意见`` is ``推荐单位意见``): the value is
   the next cell of the row; a group (联系人) has a row of sub-labels with
   the values in the row below, matched by grid column.  Merged cells are
   read once (de-duplicated by their ``w:tc`` element);
5. text is read from every ``w:t`` through XPath — so content controls
   (``w:sdt``) and tracked insertions (``w:ins``) are read — leaving out
   tracked deletions (``w:del``, ``w:moveFrom``); paragraphs are kept, one
   ``\\n`` between two, with blank lines at the start and end of a value
   dropped.  A paragraph whose mark was deleted runs on into the next.
6. the text of a ``number`` or ``integer`` field becomes a JSON number
   (:func:`~reform_brand.office._numbers.parse_number`: ``12.5``, ``１２``,
   ``12,000``, ``12 万元`` with the field's own unit).

What cannot be read is a finding (``read.*``), never a guess: a file that is
not a .docx, an unknown or ambiguous form, a label that is missing, a field
found twice with different values, a date or a number that is not one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from reform_brand.catalogue import CATALOGUE, CodeInfo
from reform_brand.docxml import (
    MC,
    TBL,
    TC,
    TR,
    P,
    in_fallback,
    mark_deleted,
    own,
    paragraph_text,
    paragraphs_in,
    paragraphs_of_xml,
    q,
)
from reform_brand.findings import Finding
from reform_brand.model import Edition, Form, FormField
from reform_brand.office._numbers import parse_number
from reform_brand.safeopen import KIND_NAMES, UnsafeFileError, docx_package

__all__ = [
    "ReadResult",
    "document_paragraphs",
    "paragraphs_of_xml",
    "parse_number",
    "parse_zh_date",
    "read_form",
    "squash",
    "unit_field",
]


def squash(text: str) -> str:
    """``text`` as labels and titles are compared: NFKC (full width to half
    width), every white space removed, a trailing colon dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace()).rstrip(":")


def _open_body(package: bytes) -> Any:
    from docx import Document

    return Document(io.BytesIO(package)).element.body


def document_paragraphs(package: bytes) -> list[str]:
    """Every paragraph of the document body, tables included, in order."""
    return paragraphs_in(_open_body(package), None)


# -- the table grid -------------------------------------------------------------


@frozen(eq=False)
class _Cell:
    tc: Any
    row: int
    col: int
    span: int
    paragraphs: tuple[str, ...]

    @property
    def key(self) -> str:
        return squash("".join(self.paragraphs))


def _int_attr(el: Any, child: str) -> int:
    if el is None:
        return 0
    sub = el.find(q(child))
    if sub is None:
        return 0
    try:
        return max(0, min(int(sub.get(q("val"), "1")), 64))
    except ValueError:
        return 1


def _rows_of(tbl: Any, first_row: int) -> list[list[_Cell]]:
    """The rows of a table as lists of distinct cells.  Each ``w:tc`` is one
    cell, however many grid columns it spans; a vertically merged cell
    ("continue") is the cell it continues, read once."""
    rows: list[list[_Cell]] = []
    above: dict[int, _Cell] = {}
    for r, tr in enumerate(x for x in tbl.iter(TR) if own(x, tbl, TBL)):
        col = _int_attr(tr.find(q("trPr")), "gridBefore")
        row: list[_Cell] = []
        for tc in (x for x in tr.iter(TC) if own(x, tr, TR)):
            tcpr = tc.find(q("tcPr"))
            span = max(1, _int_attr(tcpr, "gridSpan"))
            vmerge = tcpr.find(q("vMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(q("val"), "continue") == "continue"
            origin = above.get(col) if continued else None
            if origin is not None:
                cell = origin
            else:
                cell = _Cell(
                    tc=tc,
                    row=first_row + r,
                    col=col,
                    span=span,
                    paragraphs=tuple(paragraphs_in(tc, TC)),
                )
            for c in range(col, col + span):
                above[c] = cell
            if not any(existing is cell for existing in row):
                row.append(cell)
            col += span
        rows.append(row)
    return rows


# -- dates ----------------------------------------------------------------------

_ZH_DIGITS: Final = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUM: Final = r"[0-9〇零一二三四五六七八九十两]{1,4}"
_DATE: Final = re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]")
_BLANK_DATE: Final = re.compile(r"年\s*月\s*日")
_ISO_DATE: Final = re.compile(r"([0-9]{4})\s*[-./]\s*([0-9]{1,2})\s*[-./]\s*([0-9]{1,2})")


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        if all(ch in _ZH_DIGITS for ch in text):
            return int("".join(str(_ZH_DIGITS[ch]) for ch in text))
        return None
    tens, _, ones = text.partition("十")
    if (tens and tens not in _ZH_DIGITS) or (ones and ones not in _ZH_DIGITS):
        return None
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def parse_zh_date(text: str) -> str | None:
    """``2022 年 8 月 15 日`` (or full-width digits, ``二〇二二年八月十五日``,
    ``2022-8-15``, ``2022.8.15``) as ``2022-08-15``; None when ``text``
    holds no valid date."""
    folded = unicodedata.normalize("NFKC", text)
    m = _DATE.search(folded) or _ISO_DATE.search(folded)
    if m is None:
        return None
    parts = [_zh_number(g) for g in m.groups()]
    if any(p is None for p in parts):
        return None
    year, month, day = (int(p) for p in parts if p is not None)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# -- the result -----------------------------------------------------------------


@frozen(kw_only=True)
class ReadResult:
    """What was read from one file.

    ``form`` is the recognised form's id (None when it was not recognised),
    ``data`` the form data, ``unit`` the unit's name from the header line, and
    ``findings`` what could not be read.  :meth:`envelope` gives a submission
    envelope for the validator.
    """

    file: str
    edition: str
    form: str | None = None
    data: dict[str, Any] = field(factory=dict)
    unit: str = ""
    findings: tuple[Finding, ...] = ()

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
        for text in paragraphs:
            key = squash(text)
            if not key:
                continue
            for title, form in titles.items():
                if key == title or (key.endswith(title) and len(key) - len(title) <= 12):
                    found[form.id] = form
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            self.finding("read.ambiguous-form", forms=tuple(found))
        else:
            self.finding(
                "read.unknown-form",
                titles=tuple(f.title.zh for f in self.edition.forms),
            )
        return None

    # -- the header line ---------------------------------------------------

    def header(
        self,
        form: Form,
        outside: Sequence[str],
        inside: Sequence[str],
        data: dict[str, Any],
    ) -> None:
        """The header line: text fields as ``label：value`` (looked for in the
        paragraphs outside the table first, then in its cells), a date field
        from the date on that line."""
        texts = [f for f in form.fields if f.placement == "header" and f.type != "date"]
        dates = [f for f in form.fields if f.placement == "header" and f.type == "date"]
        patterns = {f.id: _label_pattern(f.label.zh) for f in texts}
        line: str | None = None
        for f in texts:
            hits = [(p, m) for p in outside if (m := patterns[f.id].search(p)) is not None]
            if not hits:
                hits = [(p, m) for p in inside if (m := patterns[f.id].search(p)) is not None]
            if not hits:
                self.finding(
                    "read.missing-label",
                    f"/data/{f.id}",
                    severity="error" if f.required else "warning",
                    label=f.label.zh,
                    label_en=f.label.en or f.label.zh,
                )
                continue
            values = {self._header_value(p, m.end(), patterns) for p, m in hits}
            if len(values) > 1:
                self.finding(
                    "read.ambiguous",
                    f"/data/{f.id}",
                    label=f.label.zh,
                    label_en=f.label.en or f.label.zh,
                    count=len(values),
                )
                continue
            line = hits[0][0] if line is None else line
            value = values.pop()
            if value:
                data[f.id] = value
        candidates = [line] if line is not None else list(outside)
        for f in dates:
            for text in candidates:
                iso = parse_zh_date(text)
                if iso is not None:
                    data[f.id] = iso
                    break
                if _DATE.search(unicodedata.normalize("NFKC", text)) is not None:
                    self.finding(
                        "read.bad-date",
                        f"/data/{f.id}",
                        label=f.label.zh,
                        label_en=f.label.en or f.label.zh,
                    )
                    break

    @staticmethod
    def _header_value(text: str, start: int, patterns: Mapping[str, re.Pattern[str]]) -> str:
        rest = text[start:]
        end = len(rest)
        for cut in ("\t", "\n"):
            i = rest.find(cut)
            if i >= 0:
                end = min(end, i)
        folded = unicodedata.normalize("NFKC", rest)
        if len(folded) == len(rest):  # offsets agree: cut before the date
            for rx in (_DATE, _ISO_DATE, _BLANK_DATE):
                m = rx.search(folded)
                if m is not None:
                    end = min(end, m.start())
        for pat in patterns.values():
            m = pat.search(rest)
            if m is not None:
                end = min(end, m.start())
        return rest[:end].strip()

    # -- the table ---------------------------------------------------------

    def table(self, form: Form, rows: list[list[_Cell]], data: dict[str, Any]) -> None:
        body = [f for f in form.fields if f.placement != "header"]
        by_key = {squash(f.label.zh): f for f in body}
        hits: dict[str, list[str]] = {}
        value_cells: set[int] = set()
        for r, row in enumerate(rows):
            i = 0
            while i < len(row):
                cell = row[i]
                f = by_key.get(cell.key) if id(cell) not in value_cells else None
                if f is None:
                    i += 1
                    continue
                if f.type == "group":
                    self._group(f, rows, r, i, hits, value_cells)
                    break
                j = i + 1
                while j < len(row) and row[j].key not in by_key:
                    j += 1
                cells = row[i + 1 : j]
                value_cells.update(id(c) for c in cells)
                hits.setdefault(f"/{f.id}", []).append(self._value_of(f, cells, f"/{f.id}"))
                i = j
        for f in body:
            if f.type == "group":
                for sub in f.fields:
                    self._store(f"/{f.id}/{sub.id}", sub, hits, data, parent=f)
            else:
                self._store(f"/{f.id}", f, hits, data)

    def _group(
        self,
        f: FormField,
        rows: list[list[_Cell]],
        r: int,
        i: int,
        hits: dict[str, list[str]],
        value_cells: set[int],
    ) -> None:
        subs = {squash(s.label.zh): s for s in f.fields}
        row = rows[r]
        below = rows[r + 1] if r + 1 < len(rows) else []
        for k, cell in enumerate(row[i + 1 :], start=i + 1):
            sub = subs.get(cell.key)
            if sub is None:
                continue
            pointer = f"/{f.id}/{sub.id}"
            under = [c for c in below if c.col == cell.col and c is not row[i]]
            if under and under[0].key not in subs:
                cells = under[:1]
            else:
                # Retyped side by side: 姓名 | 张明 | 职务 | 主任 ...
                nxt = row[k + 1] if k + 1 < len(row) else None
                cells = [nxt] if nxt is not None and nxt.key not in subs else []
            value_cells.update(id(c) for c in cells)
            hits.setdefault(pointer, []).append(self._value_of(sub, cells, pointer))

    def _value_of(self, f: FormField, cells: Sequence[_Cell], pointer: str) -> str:
        filled = [c for c in cells if "".join(c.paragraphs).strip()]
        if len(filled) > 1:
            self.finding(
                "read.ambiguous",
                f"/data{pointer}",
                label=f.label.zh,
                label_en=f.label.en or f.label.zh,
                count=len(filled),
            )
            return "\x00ambiguous"
        if not filled:
            return ""
        return _clean_value(f, filled[0].paragraphs)

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
        if not value:
            return
        if parent is None:
            data[f.id] = value
        else:
            data.setdefault(parent.id, {})[f.id] = value

    # -- number fields ----------------------------------------------------

    def numbers(self, form: Form, data: dict[str, Any]) -> None:
        """The text read for each number field as a number; text that is not
        one is a ``read.bad-number`` finding and left out of the data."""
        for pointer, f in form.walk():
            if not f.is_number:
                continue
            *parents, key = pointer.strip("/").split("/")
            holder: Any = data
            for part in parents:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if not isinstance(holder, dict) or not isinstance(holder.get(key), str):
                continue
            number = parse_number(holder[key], f.unit.zh, f.unit.en)
            if number is None:
                del holder[key]
                self.finding(
                    "read.bad-number",
                    f"/data{pointer}",
                    label=f.label.zh,
                    label_en=f.label.en or f.label.zh,
                )
            else:
                holder[key] = number


def _label_pattern(label: str) -> re.Pattern[str]:
    """The label followed by a colon, with any white space between its
    characters (``申 报 单 位：``) and a short note in brackets before the
    colon (``申报单位（盖章）：``)."""
    chars = [re.escape(ch) for ch in label if not ch.isspace()]
    note = r"(?:[（(][^）)\n]{0,12}[）)])?"
    return re.compile(r"\s*".join(chars) + r"\s*" + note + r"\s*[：:]")


def _clean_value(f: FormField, paragraphs: Sequence[str]) -> str:
    """A cell's paragraphs as a value: the signature, seal and date lines at
    the foot of the cell left out, blank lines at the start and end dropped,
    one ``\\n`` between paragraphs; a one-line field is also stripped."""
    lines = _strip_blocks(f, list(paragraphs)) if f.blocks else list(paragraphs)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    value = "\n".join(lines)
    return value if f.type == "textarea" else value.strip()


def _is_date_line(key: str) -> bool:
    return bool(_BLANK_DATE.fullmatch(key) or _DATE.fullmatch(key) or _ISO_DATE.fullmatch(key))


def _strip_blocks(f: FormField, lines: list[str]) -> list[str]:
    """``lines`` without the signature, seal and date lines printed at the
    foot of the cell (and whatever the signer wrote on them)."""
    words = [squash(b.label.zh) for b in f.blocks if b.kind != "date"]
    words = [w for w in words if w]
    out = list(lines)
    while out:
        key = squash(out[-1])
        if not key or any(w in key for w in words) or _is_date_line(key):
            out.pop()
            continue
        break
    return out


# -- the entry point ------------------------------------------------------------


def _kind_finding(reader: _Reader, exc: UnsafeFileError) -> None:
    params = dict(exc.params)
    code = exc.code
    if code == "read.not-docx":
        kind = str(params.get("kind", "unknown"))
        if kind == "doc":
            reader.finding("read.legacy-doc")
            return
        if kind == "unknown" and "zip" in str(params.get("detail", "")):
            reader.finding("read.unreadable", detail=str(params["detail"]))
            return
        zh, en = KIND_NAMES.get(kind, KIND_NAMES["unknown"])
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
    reader = _Reader(edition, name, catalogue)
    try:
        package = source if isinstance(source, bytes) else docx_package(Path(source))
        body = _open_body(package)
    except UnsafeFileError as exc:
        _kind_finding(reader, exc)
        return ReadResult(file=name, edition=edition.id, findings=tuple(reader.findings))
    except OSError as exc:
        reader.finding("read.unreadable", detail=exc.strerror or type(exc).__name__)
        return ReadResult(file=name, edition=edition.id, findings=tuple(reader.findings))
    except Exception as exc:
        # A part missing, XML that does not parse, a bad relationship: what
        # python-docx raises for them is not one family of exceptions.
        reader.finding("read.unreadable", detail=type(exc).__name__)
        return ReadResult(file=name, edition=edition.id, findings=tuple(reader.findings))
    return _read_body(reader, body)


def _read_body(reader: _Reader, body: Any) -> ReadResult:
    edition = reader.edition
    outside = [p for p in body.iter(P) if not _in_table(p, body) and not in_fallback(p)]
    body_paragraphs = _join_deleted(outside)
    tables = [t for t in body.iter(TBL) if _top_table(t, body)]
    rows: list[list[_Cell]] = []
    for t in tables:
        rows.extend(_rows_of(t, len(rows)))
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
    )


def _in_table(p: Any, body: Any) -> bool:
    node = p.getparent()
    while node is not None and node is not body:
        if node.tag == TBL:
            return True
        node = node.getparent()
    return False


def _top_table(t: Any, body: Any) -> bool:
    node = t.getparent()
    while node is not None and node is not body:
        if node.tag in (TBL, q("txbxContent")) or node.tag == f"{{{MC}}}Fallback":
            return False
        node = node.getparent()
    return True


def _join_deleted(paragraphs: Sequence[Any]) -> list[str]:
    out: list[str] = []
    pending = ""
    joining = False
    for p in paragraphs:
        text = paragraph_text(p)
        pending = pending + text if joining else text
        joining = mark_deleted(p)
        if not joining:
            out.append(pending)
    if joining:
        out.append(pending)
    return out


def iter_fields(form: Form) -> Iterator[tuple[str, FormField]]:
    """``(pointer, field)`` of every field a reader looks for."""
    yield from form.walk()
