"""Valid submission envelopes for any form of any edition.

Everything is derived from the edition's data: a unit of a kind that fills
the form in (named from the roster when the edition has one), the first
reform item, an arrival time a day before the deadline, one attachment per
required deliverable, and form data built field by field - the field's
``example`` when it is usable, otherwise a value made to satisfy the field's
pattern, type and length.  A text made up for a field is plainly a value
(``项目基础的内容。``), never a label of the form: the reader takes a cell that
is a label for that label, so a value equal to one would not survive
rendering the form and reading it back.  Nothing is random: the same call
gives the same envelope.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from reform_brand._portable import contact_regex
from reform_brand._text import nfkc
from reform_brand.model import Edition, Form, FormField, UnitKind, checked_edition
from reform_brand.names import strip_invisible
from reform_brand.rules._unit import unit_field
from reform_brand.scan import sample_scan
from reform_brand.schema import ENVELOPE_VERSION, get_form
from reform_brand.testing._regex import example_for_pattern

__all__ = ["ATTACHMENT_BYTES", "SubmissionFactory", "form_data_for", "write_attachments"]

#: Values for a contact field without an example, of no region: an office
#: phone is first one of the issuer's own, in the field's format.
_DEFAULTS: Mapping[str, str] = {
    "phone": "010-12345678",
    "mobile": "13800000000",
    "email": "office@example.cn",
}

#: A signed and stamped scan that passes the signed-scan rule (the Word file
#: below does not name the project, so only the seal and signature count).
_PDF = sample_scan()
_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>申报表</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


#: Small files whose content is of each type (what the deliverables rule
#: reads: a PDF header, a zip holding word/document.xml, an OLE header).
ATTACHMENT_BYTES: Mapping[str, bytes] = {"pdf": _PDF, "docx": _docx(), "doc": _DOC}


#: Colons a label may be followed by (as the reader drops them).
_COLONS = "：:∶﹕︓"


def _key(text: str) -> str:
    """``text`` as the reader compares labels: NFKC, white space and
    invisible characters removed, a trailing colon dropped."""
    return "".join(nfkc(strip_invisible(text)).split()).rstrip(_COLONS)


def _labels(fields: Iterable[FormField]) -> frozenset[str]:
    """The labels of ``fields`` and of their sub-fields, as compared."""
    return frozenset(_key(f.label.zh) for top in fields for _p, f in top.walk())


def _fits(f: FormField, value: str) -> bool:
    if f.max_chars and len(value) > f.max_chars:
        return False
    if f.max_zi and len(value) > f.max_zi:
        return False
    if f.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))
    if f.pattern and not re.search(f.pattern, value):
        return False
    return not (f.required and not value.strip())


def number_for(f: FormField) -> int | float:
    """A valid value of a number field: its example when that is a number
    within range, else a value in the middle of the range (a whole number for
    an ``integer`` field, or when the range holds one)."""
    example = _example_number(f)
    if example is not None:
        return example
    low, high = f.minimum, f.maximum
    if low is not None and high is not None:
        mid: float = (low + high) / 2
    else:
        mid = low if low is not None else min(high, 0) if high is not None else 0
    whole = math.ceil(mid) if low is not None else math.floor(mid)
    if _in_range(f, whole):
        return whole
    if f.type == "integer":
        raise ValueError(f"the integer field {f.id!r} has no whole number in its range")
    return mid


def _in_range(f: FormField, value: float) -> bool:
    return (f.minimum is None or value >= f.minimum) and (f.maximum is None or value <= f.maximum)


def _example_number(f: FormField) -> int | float | None:
    """The field's example as a number, when it is a valid value."""
    try:
        example = float(f.example) if f.example else None
    except ValueError:
        return None
    if example is None or not math.isfinite(example) or not _in_range(f, example):
        return None
    if example.is_integer():
        return int(example)
    return example if f.type == "number" else None


def _value(edition: Edition, f: FormField, labels: frozenset[str], where: str) -> Any:
    if f.type == "group":
        return _object(edition, f.fields, labels, f"{where}/{f.id}")
    if f.is_number:
        return number_for(f)
    if f.type == "choice":
        return f.choices[0].value
    if f.example and _fits(f, f.example) and _key(f.example) not in labels:
        return f.example
    if f.type == "date":
        return edition.issued.isoformat()
    candidates: list[str | None] = []
    if f.type == "phone":
        phones = (c.phone_full for c in edition.issuer.contacts)
        candidates.extend(p for p in phones if contact_regex(f).search(p))
    if f.type in _DEFAULTS:
        candidates.append(_DEFAULTS[f.type])
    if f.pattern:
        candidates.append(example_for_pattern(f.pattern))
    # A short sentence built from the label, not the label itself: a cell
    # that is a label is read as that label, and its value would be lost.
    sentence = f"{f.label.zh}的内容。"
    cap = min(n for n in (f.max_chars, f.max_zi, 10_000) if n)
    candidates += [sentence, sentence[:cap], "内容。"[:cap]]
    for value in candidates:
        if value is not None and _fits(f, value) and _key(value) not in labels:
            return value
    raise ValueError(_no_value(f, f"{where}/{f.id}"))


def _no_value(f: FormField, pointer: str) -> str:
    """Why no value was made for the field at ``pointer`` (in the form data),
    and what the maintainer does about it."""
    limits = [
        f"pattern {f.pattern!r}" if f.pattern else "",
        f"at most {f.max_chars} characters" if f.max_chars else "",
        f"at most {f.max_zi} zi" if f.max_zi else "",
    ]
    shown = ", ".join(x for x in limits if x) or f"type {f.type!r}"
    example = (
        f"its example {f.example!r} does not fit it (or reads as a label of the form)"
        if f.example
        else "it has no example"
    )
    return (
        f"SubmissionFactory cannot make a valid value for the field {pointer} "
        f"({shown}): {example}; add an example that fits the field "
        f'(example = "...") to its entry in the edition\'s form data'
    )


def _object(
    edition: Edition, fields: tuple[FormField, ...], labels: frozenset[str], where: str = ""
) -> dict[str, Any]:
    return {f.id: _value(edition, f, labels, where) for f in fields if f.filled_by != "issuer"}


def form_data_for(edition: Edition, form: Form | str) -> dict[str, Any]:
    """Valid form data for ``form``: every field its filler fills in.

    Raises :class:`ValueError` naming the field (by its pointer in the form
    data), its pattern and limits when no value fits it - a pattern beyond
    what :func:`~reform_brand.testing._regex.example_for_pattern` generates,
    with no example that fits: give the field one.
    """
    form_obj = get_form(edition, form)
    try:
        return _object(edition, form_obj.fields, _labels(form_obj.fields))
    except ValueError as exc:
        raise ValueError(f"form {form_obj.id!r} of {edition.id}: {exc}") from None


def _deep_update(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


class SubmissionFactory:
    """Makes valid submission envelopes for the forms of ``edition``.

    >>> make = SubmissionFactory(edition)                     # doctest: +SKIP
    >>> env = make("application", data={"project_name": "X"}) # doctest: +SKIP

    Each call returns a fresh envelope (a ``dict``, as parsed JSON) with a
    new ``id`` (and a numbered project name, in the form's
    :attr:`~reform_brand.model.Form.project_field`, so that a batch does not
    send one project twice); keyword arguments change it: ``data`` is merged into the form
    data (nested tables key by key; give ``None`` as a value to set JSON
    null, and use ``drop`` to remove fields) - any other value than a table
    replaces the form data (``data=[]``, ``data="x"``) - the other keywords
    replace the envelope member of the same name.
    """

    def __init__(self, edition: Edition) -> None:
        self.edition = checked_edition(edition)
        self._counter = itertools.count(1)

    def unit_kind_for(self, form: Form) -> UnitKind:
        """A unit kind that fills ``form`` in (one not counted under another
        kind when there is one)."""
        form = get_form(self.edition, form)
        kinds = [k for k in self.edition.unit_kinds if form.id in k.forms]
        if not kinds:
            raise ValueError(f"no unit kind of {self.edition.id} fills in the form {form.id!r}")
        return next((k for k in kinds if not k.counted_under), kinds[0])

    def unit_name(self, kind: UnitKind, n: int = 0) -> str:
        """A name for a unit of ``kind``: from the roster when it lists units
        of that kind (the ``n``-th, cycling), else made up from the kind."""
        if not isinstance(kind, UnitKind):
            raise TypeError(f"kind takes a UnitKind, not {type(kind).__name__}")
        names = [u.name for u in self.edition.roster if u.kind == kind.id]
        if names:
            return names[n % len(names)]
        return f"{kind.name.zh}{n + 1}" if n else kind.name.zh

    def kind(self, kind_id: str) -> UnitKind:
        """The unit kind ``kind_id``; :class:`LookupError` naming the
        edition's kinds when it has none of that id."""
        found = next((k for k in self.edition.unit_kinds if k.id == kind_id), None)
        if found is None:
            kinds = ", ".join(k.id for k in self.edition.unit_kinds) or "(none)"
            raise LookupError(
                f"edition {self.edition.id!r} has no unit kind {kind_id!r}. Available: {kinds}"
            )
        return found

    def unit(self, kind: UnitKind | str, n: int = 0) -> dict[str, str]:
        """The envelope's ``unit`` for a unit of ``kind``."""
        k = self.kind(kind) if isinstance(kind, str) else kind
        unit = {"name": self.unit_name(k, n), "kind": k.id}
        if k.counted_under:
            unit["city"] = self.unit_name(self.kind(k.counted_under), n)
        return unit

    def arrival(self) -> str:
        """An arrival time one day before the deadline, in the deadline's zone."""
        return (self.edition.deadline.at - dt.timedelta(days=1)).isoformat()

    def attachments(self) -> list[dict[str, str]]:
        """One attachment per required deliverable, named ``<id>.<type>``."""
        return [
            {"role": d.id, "path": f"{d.id}.{d.file_types[0]}"}
            for d in self.edition.delivery.deliverables
            if d.required
        ]

    def data(self, form: Form | str) -> dict[str, Any]:
        """Valid form data for ``form``."""
        return form_data_for(self.edition, form)

    def __call__(
        self,
        form: Form | str | None = None,
        *,
        data: Mapping[str, Any] | Any = None,
        drop: Iterable[str] = (),
        unit_kind: str | None = None,
        **members: Any,
    ) -> dict[str, Any]:
        """A valid envelope for ``form`` (default: the edition's first form).

        ``unit_kind`` picks the kind of the submitting unit; ``drop`` names
        form fields to remove, as JSON pointers into the form data
        (``"/contact/mobile"``) or plain top-level ids: a list of them (a
        lone string is a :class:`TypeError`), each naming a field that is
        there (:class:`ValueError` otherwise, listing the fields that are).
        """
        if not (form is None or isinstance(form, str | Form)):
            raise TypeError(f"form takes a Form or a form id, not {form!r}")
        form_obj = (
            self.edition.forms[0]
            if form is None
            else get_form(self.edition, form)
            if isinstance(form, str)
            else form
        )
        n = next(self._counter)
        kind = self.kind(unit_kind) if unit_kind is not None else self.unit_kind_for(form_obj)
        env: dict[str, Any] = {
            "version": ENVELOPE_VERSION,
            "id": f"{form_obj.id}-{n}",
            "edition": self.edition.id,
            "form": form_obj.id,
            "unit": self.unit(kind),
        }
        if self.edition.reform_items:
            env["reform_items"] = [self.edition.reform_items[0].number]
        env["arrived_at"] = self.arrival()
        env["attachments"] = self.attachments()
        env["data"] = self.data(form_obj)
        self._number_project(form_obj, env["data"], n)
        _name_unit(form_obj, env["data"], env["unit"]["name"])
        if isinstance(data, Mapping):
            _deep_update(env["data"], data)
        elif data is not None:  # not a table: the form data is that value
            env["data"] = copy.deepcopy(data)
        if isinstance(drop, str):
            # A string is a sequence of one-letter "pointers": never what was meant.
            raise TypeError(f"drop takes a list of JSON pointers, not the string {drop!r}")
        for pointer in drop:
            _drop(env["data"], pointer, form_obj.id)
        env.update(copy.deepcopy(members))
        return env

    def _number_project(self, form: Form, data: dict[str, Any], n: int) -> None:
        # One unit sending the same project twice sends two versions of one
        # submission (batch.superseded): number the project after the first.
        field = next((f for f in form.fields if f.id == form.project_field), None)
        value = data.get(field.id) if field is not None else None
        if field is None or n == 1 or not isinstance(value, str):
            return
        numbered = f"{value} {n}"
        if _fits(field, numbered):
            data[field.id] = numbered


def _name_unit(form: Form, data: dict[str, Any], name: str) -> None:
    """The form names the unit that sends it (``unit.form-mismatch``
    otherwise), in the field the edition's data makes its unit field."""
    f = unit_field(form)
    if f is not None and f.id in data and _fits(f, name):
        data[f.id] = name


def _drop(data: Any, pointer: str, form_id: str) -> None:
    """Remove the field at ``pointer`` (a JSON pointer into the form data, or
    a top-level id); :class:`ValueError` when it names no field there: a
    misspelt pointer would otherwise leave the envelope valid, and the test
    would fail on a finding that is not there rather than on its own typo."""
    if not isinstance(pointer, str):
        raise TypeError(f"drop takes JSON pointers or field ids (strings), not {pointer!r}")
    if pointer.startswith("/"):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]
    else:
        parts = [pointer]
    cur: Any = data
    for part in parts[:-1]:
        cur = cur.get(part) if isinstance(cur, dict) else None
    if isinstance(cur, dict) and parts[-1] in cur:
        del cur[parts[-1]]
        return
    there = ", ".join(sorted(cur)) if isinstance(cur, dict) else ""
    raise ValueError(
        f"drop: the form data of {form_id!r} has no field {pointer!r} to remove"
        + (f"; there: {there}" if there else "")
    )


def write_attachments(folder: Path | str, envelope: Mapping[str, Any]) -> Path:
    """Write the smallest valid file for each attachment of ``envelope`` into
    ``folder`` (by the type its file name ends with: pdf, docx or doc; any
    other name gets a short UTF-8 text).  Returns the folder, to be given as
    ``base_dir`` to the validator.

    An attachment without a path (not a table, no ``path``, a path that is
    not a non-empty string) gets no file: it is what the envelope's test
    checks, and the validator names it."""
    if not isinstance(envelope, Mapping):
        raise TypeError(f"envelope takes an envelope dict, not {type(envelope).__name__}")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    attachments = envelope.get("attachments")
    for att in attachments if isinstance(attachments, list) else []:
        path = att.get("path") if isinstance(att, Mapping) else None
        if not isinstance(path, str) or not path.strip():
            continue
        rel = PurePosixPath(path)
        if rel.is_absolute() or ".." in rel.parts:
            raise ValueError(f"attachment path leaves the folder: {rel}")
        target = root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        suffix = rel.suffix.lower().lstrip(".")
        target.write_bytes(ATTACHMENT_BYTES.get(suffix, "示例文字。\n".encode()))
    return root
