"""Equations in an .odt form: LibreOffice keeps one as an embedded object
(``draw:object``, its MathML in ``Object N/content.xml``).  Its text is read
into the value, as a .docx's equation is (it was left out without a word);
one that cannot be read is ``read.object-unread``, and an object that is no
equation (a chart) is no text.  A .docx's equation of Equation 3.0 or
MathType, which holds no text, is said too."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.office._odt_objects import MAX_EQUATION_CHARS
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.odt_make import docx_to_odt, edited_odt

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
_MATHML = "http://www.w3.org/1998/Math/MathML"
_EQUATION = (
    f'<math xmlns="{_MATHML}" display="block"><semantics><mrow><mrow><mi>E</mi>'
    '<mo stretchy="false">=</mo><mi>m</mi></mrow><msup><mi>c</mi><mn>2</mn></msup></mrow>'
    '<annotation encoding="StarMath 5.0">E=m {c} ^ {2}</annotation></semantics></math>'
)
_CHART = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
    "<office:body><office:chart/></office:body></office:document-content>"
)


def _with_object(edition: Edition, parts: dict[str, bytes], *names: str) -> bytes:
    """The form, its 预期成效 ``形成一套制度文件。`` followed by an embedded
    object for each of ``names`` (``Object 1``) and ``为公式``, with the
    package's extra ``parts``."""

    def change(root: Any) -> None:
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        for name in names:
            frame = etree.SubElement(p, f"{{{_DRAW}}}frame")
            obj = etree.SubElement(frame, f"{{{_DRAW}}}object")
            obj.set(f"{{{_XLINK}}}href", f"./{name}")
            image = etree.SubElement(frame, f"{{{_DRAW}}}image")
            image.set(f"{{{_XLINK}}}href", f"./ObjectReplacements/{name}")
        frame.tail = "为公式"

    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    return edited_odt(odt, change, parts)


def _read(tmp_path: Path, edition: Edition, odt: bytes) -> Any:
    (tmp_path / "f.odt").write_bytes(odt)
    return read_form(edition, tmp_path / "f.odt")


def test_an_equation_in_an_odt_is_read_as_its_text(edition: Edition, tmp_path: Path) -> None:
    """The MathML's text (``E=mc2``, as the .docx's equation reads), not its
    StarMath annotation (its name in the link escaped as a URL's or not); a
    chart beside it is no text."""
    parts = {"Object 1/content.xml": _EQUATION.encode(), "Object 2/content.xml": _CHART.encode()}
    result = _read(tmp_path, edition, _with_object(edition, parts, "Object%201", "Object 2"))
    assert result.codes() == []
    assert result.data["expected_outcomes"] == "形成一套制度文件。E=mc2为公式"


@pytest.mark.parametrize(
    "parts",
    [
        {},  # (its part missing)
        {"Object 1/content.xml": b"<math"},
        {"Object 1/content.xml": b'<!DOCTYPE m [<!ENTITY x "y">]><math>&x;</math>'},
        {
            "Object 1/content.xml": (
                f'<math xmlns="{_MATHML}"><mi>{"x" * (MAX_EQUATION_CHARS + 1)}</mi></math>'
            ).encode()
        },
    ],
    ids=["missing", "not-xml", "doctype", "too-long"],
)
def test_an_equation_that_cannot_be_read_is_said(
    edition: Edition, tmp_path: Path, parts: dict[str, bytes]
) -> None:
    """Not read, and said (an info finding), the rest of the form read as
    usual: the object was left out without a word."""
    result = _read(tmp_path, edition, _with_object(edition, parts, "Object 1"))
    found = [(f.code, f.severity, f.pointer, f.params["count"]) for f in result.findings]
    assert found == [("read.object-unread", "info", "", 1)]
    assert result.data["expected_outcomes"] == "形成一套制度文件。为公式"


_OLE = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml"'
)


@pytest.mark.parametrize(
    ("prog", "said"), [("Equation.DSMT4", 1), ("Equation.3", 1), ("Excel.Sheet.12", 0)]
)
def test_an_older_equation_in_a_docx_is_said(
    edition: Edition, tmp_path: Path, prog: str, said: int
) -> None:
    """An equation of Equation 3.0 or MathType (an OLE object: a picture and
    binary data) has no text to read: said, as an .odt's that cannot be
    read is (it was lost without a word); another embedded object is not."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "预期成效").paragraphs[0]._p
        p.append(
            parse_xml(
                f'<w:r {_OLE}><w:object><v:shape id="e1"/><o:OLEObject Type="Embed" '
                f'ProgID="{prog}" ShapeID="e1" ObjectID="_1"/></w:object></w:r>'
            )
        )

    data = application_data()
    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    found = [(f.code, f.severity, f.params["count"]) for f in result.findings]
    assert found == [("read.object-unread", "info", 1)] * said
    assert result.data == data


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_M = (
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
)


def _equation(label: str) -> Callable[[DocxDocument], None]:
    """An equation (Insert > Equation) after the text of ``label``'s cell."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, label).paragraphs[0]._p
        p.append(
            parse_xml(
                f"<m:oMath {_M}><m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r>"
                "</m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>"
            )
        )

    return step


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_word_equation_saved_as_odt_by_libreoffice(edition: Edition, tmp_path: Path) -> None:
    src = tmp_path / "m.docx"
    src.write_bytes(
        E.edit(E.filled(edition, "application", application_data()), _equation("预期成效"))
    )
    subprocess.run(
        [
            *(str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless"),
            *("--convert-to", "odt", "--outdir", str(tmp_path), str(src)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for path in (src, tmp_path / "m.odt"):
        result = read_form(edition, path)
        assert (path.suffix, result.codes()) == (path.suffix, [])
        assert result.data["expected_outcomes"] == "形成一套制度文件。E=mc2"


@pytest.mark.parametrize(
    ("class_id", "said"),
    [
        ("0002CE03-0000-0000-C000-000000000046", 1),  # MathType (Equation.DSMT4)
        ("{0002ce02-0000-0000-c000-000000000046}", 1),  # Equation 3.0
        ("00020830-0000-0000-C000-000000000046", 0),  # an Excel sheet
    ],
    ids=["mathtype", "equation-3", "sheet"],
)
def test_an_older_equation_kept_as_an_ole_object_in_an_odt_is_said(
    edition: Edition, tmp_path: Path, class_id: str, said: int
) -> None:
    """LibreOffice keeps a .docx's MathType or Equation 3.0 equation it does
    not convert as the OLE object it was (``draw:object-ole``: binary data
    and a picture): said, as the .docx's is (it was lost without a word);
    another OLE object is not."""

    def change(root: Any) -> None:
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        frame = etree.SubElement(p, f"{{{_DRAW}}}frame")
        ole = etree.SubElement(frame, f"{{{_DRAW}}}object-ole")
        ole.set(f"{{{_DRAW}}}class-id", class_id)
        ole.set(f"{{{_XLINK}}}href", "./Object 1")
        image = etree.SubElement(frame, f"{{{_DRAW}}}image")
        image.set(f"{{{_XLINK}}}href", "./ObjectReplacements/Object 1")
        frame.tail = "为公式"

    data = application_data()
    odt = docx_to_odt(E.filled(edition, "application", data))
    result = _read(tmp_path, edition, edited_odt(odt, change, {"Object 1": b"\xd0\xcf\x11\xe0"}))
    found = [(f.code, f.severity, f.pointer, f.params["count"]) for f in result.findings]
    assert found == [("read.object-unread", "info", "", 1)] * said
    assert result.data["expected_outcomes"] == "形成一套制度文件。为公式"
