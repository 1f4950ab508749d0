"""File names as received: matching loose files by name, and showing names
that are not UTF-8.

On Linux a file name is bytes.  Python hands a name that is not valid UTF-8
to us with the bad bytes as lone surrogates (``os.fsdecode``); such a string
opens the file exactly, but cannot be written as UTF-8.  Every name shown in
an output goes through :func:`shown_path`: each part of the path is decoded
as UTF-8, else as GB18030 (a superset of GBK, what a Windows zip or share
leaves behind), else its bytes are escaped as ``\\xNN``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, Final

import attrs

from reform_brand._text import SURROGATES, has_surrogates, on_disk
from reform_brand._textlist import TextList
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.model import Edition, Form
from reform_brand.names import strip_invisible

__all__ = [
    "clean_batch",
    "clean_finding",
    "clean_text",
    "has_surrogates",
    "on_disk",
    "shown_path",
    "stem_key",
]

#: Encodings tried, in order, for a name part that is not UTF-8.
NAME_ENCODINGS: Final = ("gb18030",)


def _part(part: str) -> tuple[str, str]:
    if not has_surrogates(part):
        return part, ""
    try:
        raw = os.fsencode(part)
    except UnicodeEncodeError:
        # Surrogates that stand for no byte of a name (a JSON "\ud800"):
        # shown as that escape.
        return SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", part), "escaped"
    try:  # (UTF-8 read with a file system encoding that is not: an ASCII locale)
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    for encoding in NAME_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="backslashreplace"), "escaped"


def shown_path(rel: str) -> tuple[str, str]:
    """``rel`` (parts separated by ``/``) as valid Unicode for display, and how
    it was read: "" (it was UTF-8), "gb18030", or "escaped" (``\\xNN``)."""
    if not has_surrogates(rel):
        return rel, ""
    parts: list[str] = []
    how = ""
    for part in rel.split("/"):
        text, used = _part(part)
        parts.append(text)
        if used == "escaped" or not how:
            how = used or how
    return "/".join(parts), how


def one_line(text: str) -> str:
    """``text`` as one line for a table cell: invisible characters removed,
    every run of white space (line breaks, the ideographic space) one space,
    none around it."""
    return " ".join(strip_invisible(text).split())


#: The field types that reach a person.
_REACH: Final = ("phone", "mobile", "email")


def form_of(edition: Edition, form_id: str) -> Form | None:
    """The form ``form_id`` of ``edition`` (None: not one of its forms)."""
    return next((f for f in edition.forms if f.id == form_id), None)


def contact_line(form: Form | None, data: Mapping[str, Any], limit: int = 200) -> str:
    """Who to contact, as one line for the roster: every value of the group
    of ``form`` that holds a phone, mobile or e-mail field (联系人: 姓名 职务
    办公电话 手机 电子邮箱), else the form's own phone, mobile and e-mail
    fields; each value cut to ``limit`` characters."""
    fields = form.fields if form is not None else ()
    group = next((g for g in fields if any(s.type in _REACH for s in g.fields)), None)
    holder = data.get(group.id) if group is not None else data
    picked = group.fields if group is not None else [f for f in fields if f.type in _REACH]
    if not isinstance(holder, Mapping):
        return ""
    values = (holder.get(f.id) for f in picked)
    return " ".join(one_line(str(v)[:limit]) for v in values if v)


def clean_text(text: str) -> str:
    """``text`` with any undecodable name bytes decoded for display."""
    return shown_path(text)[0] if has_surrogates(text) else text


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, tuple):
        return tuple(_clean_value(v) for v in value)
    if isinstance(value, TextList):
        return value.mapped(clean_text) if any(map(has_surrogates, value)) else value
    return value


def clean_finding(f: Finding) -> Finding:
    """The finding with every name in it valid Unicode (outputs are UTF-8)."""
    texts = (f.file, f.submission, f.unit, *(v for v in f.params.values() if isinstance(v, str)))
    nested = any(isinstance(v, tuple | TextList) for v in f.params.values())
    if not nested and not any(has_surrogates(t) for t in texts):
        return f
    params: Mapping[str, Any] = {k: _clean_value(v) for k, v in f.params.items()}
    return attrs.evolve(
        f,
        file=clean_text(f.file),
        submission=clean_text(f.submission),
        unit=clean_text(f.unit),
        params=params,
    )


def clean_submission(s: SubmissionReport) -> SubmissionReport:
    """The submission's report with every file name and parameter valid
    Unicode (the report itself when they all are)."""
    findings = tuple(clean_finding(f) for f in s.findings)
    submission, file = clean_text(s.submission), clean_text(s.file)
    if (
        submission is s.submission
        and file is s.file
        and all(a is b for a, b in zip(findings, s.findings, strict=True))
    ):
        return s
    return attrs.evolve(s, submission=submission, file=file, findings=findings)


def clean_batch(batch: BatchReport) -> BatchReport:
    """The report with every file name and parameter valid Unicode."""
    subs = tuple(clean_submission(s) for s in batch.submissions)
    return attrs.evolve(
        batch, submissions=subs, findings=tuple(clean_finding(f) for f in batch.findings)
    )


_STEM_NOISE: Final = re.compile(
    r"(盖章版|盖章|签章版|签章|签字版|签字|扫描件|扫描版|扫描|电子版|word版|pdf版|"
    r"signed|scan(ned)?|stamped|final|定稿)",
    re.IGNORECASE,
)
_STEM_PUNCT: Final = re.compile(r"[\s\-_—–.·,，、()（）\[\]【】《》<>]+")


#: A document's suffix left in the stem of a file made from it: 申报表.docx.pdf
#: (printed or exported from 申报表.docx, scanned as 申报表.pdf.pdf).
_INNER_SUFFIX: Final = re.compile(
    r"(?:\s*\.\s*(?:docx|docm|dotx|dotm|doc|wps|odt|pdf))+\s*$", re.IGNORECASE
)


def stem_key(name: str) -> str:
    """The key loose files are matched by: the name without its suffix (and
    a document's suffix left before it, 申报表.docx.pdf), folded (NFKC,
    case), with words such as 盖章, 扫描件, signed and punctuation removed.
    ``济南市科协-申报表.docx``, ``济南市科协 申报表（盖章扫描件）.pdf`` and
    ``济南市科协-申报表.docx.pdf`` share a key."""
    stem = PurePosixPath(clean_text(name)).stem  # (a GBK name as shown: 盖章 found in it)
    stem = _INNER_SUFFIX.sub("", stem, count=1) or stem
    folded = unicodedata.normalize("NFKC", stem).casefold()
    return _STEM_PUNCT.sub("", _STEM_NOISE.sub("", folded))
