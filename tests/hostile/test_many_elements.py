"""A Word form whose text part holds far more elements than a form could
(millions of tiny paragraphs, within the size limit) is refused before it
is parsed: read.too-complex, as a part over the size limit is read.too-large,
in read_form and in the office's check, for .docx and .odt alike."""

from __future__ import annotations

import base64
import io
import random
import zipfile
from pathlib import Path

import pytest

from reform_brand._zipmember import MAX_XML_ELEMENTS, elements_over, xml_problem
from reform_brand.model import Edition
from reform_brand.office import check_inbox, read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data
from tests.inbox.odt_make import docx_to_odt

#: One tag more than the limit allows, as paragraphs of one character.
PARAGRAPHS = MAX_XML_ELEMENTS + 1


def _padded(data: bytes, part: str, before: bytes, filler: bytes) -> bytes:
    """``data`` (a zip) with ``filler`` put into ``part`` before ``before``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == part:
                at = body.rfind(before)
                body = body[:at] + filler + body[at:]
            stored = info.filename == "mimetype"
            dst.writestr(
                info.filename,
                body,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def _texts(n: int) -> list[bytes]:
    """``n`` texts of two characters, drawn so that the part does not
    compress like a bomb (which the zip's ratio limit refuses first)."""
    rnd = random.Random(2022)
    return [base64.b64encode(rnd.randbytes(3))[:2] for _ in range(n)]


def _crowded(edition: Edition, name: str) -> bytes:
    form = E.filled(edition, "application", application_data())
    if name.endswith(".odt"):
        filler = b"".join(b"<text:p>" + t + b"</text:p>" for t in _texts(PARAGRAPHS))
        return _padded(docx_to_odt(form), "content.xml", b"</office:text>", filler)
    # (Three elements a paragraph.)
    texts = _texts(PARAGRAPHS // 3 + 1)
    filler = b"".join(b"<w:p><w:r><w:t>" + t + b"</w:t></w:r></w:p>" for t in texts)
    return _padded(form, "word/document.xml", b"<w:sectPr", filler)


@pytest.mark.parametrize(
    ("name", "part"), [("申报表.docx", "word/document.xml"), ("申报表.odt", "content.xml")]
)
def test_a_form_of_too_many_elements_is_refused_unread(
    edition: Edition, tmp_path: Path, name: str, part: str
) -> None:
    path = tmp_path / name
    path.write_bytes(_crowded(edition, name))
    result = read_form(edition, path)
    assert [(f.code, f.params.get("part")) for f in result.findings] == [("read.too-complex", part)]
    (found,) = result.findings
    count, limit = found.params["count"], found.params["limit"]
    assert isinstance(count, int) and count > MAX_XML_ELEMENTS and limit == MAX_XML_ELEMENTS
    assert result.form is None and not result.data


@pytest.mark.parametrize("name", ["申报表.docx", "申报表.odt"])
def test_a_loose_form_of_too_many_elements_is_a_submission_that_says_so(
    edition: Edition, tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_bytes(_crowded(edition, name))
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert ("read.too-complex", "") in [
        (f.code, f.pointer) for f in report.report_of(sub.id).findings
    ]
    assert "inbox.unreadable" not in [f.code for f in report.batch.findings]
    assert (report.file(name).status, report.file(name).code) == ("unreadable", "read.too-complex")


def test_a_form_under_the_limit_is_read(edition: Edition, tmp_path: Path) -> None:
    form = E.filled(edition, "application", application_data())
    path = tmp_path / "申报表.docx"
    path.write_bytes(_padded(form, "word/document.xml", b"<w:sectPr", b"<w:p/>" * 1000))
    result = read_form(edition, path)
    assert "read.too-complex" not in result.codes()
    assert result.data["project_name"] == application_data()["project_name"]


def test_elements_are_counted_by_the_tags_that_open_them() -> None:
    part = b"<a>" + b"<b>x</b><c/>" * 10 + b"</a>"
    assert elements_over(part, limit=2) == 21
    assert elements_over(part, limit=21) == 0
    # A part too short to hold more than the limit is not counted at all.
    assert elements_over(b"<a/>" * 3, limit=3) == 0
    assert xml_problem(b"<!DOCTYPE a><a/>") == ("read.doctype", {})
    assert xml_problem(b"<a/>") is None
