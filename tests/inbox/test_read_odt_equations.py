"""Equations in an .odt form: LibreOffice keeps one as an embedded object
(``draw:object``, its MathML in ``Object N/content.xml``).  Its text is read
into the value, as a .docx's equation is (it was left out without a word);
one that cannot be read is ``read.object-unread``, and an object that is no
equation (a chart) is no text.  A .docx's equation of Equation 3.0 or
MathType, which holds no text, is said too, and so is such an equation an
.odt keeps as an OLE object, and a form control (ActiveX in a .docx,
``draw:control`` in an .odt), whose value is no text."""

from __future__ import annotations

import shutil
import struct
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
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
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OLE_TYPE = "application/vnd.openxmlformats-officedocument.oleObject"
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


#: The OLE class ids of MathType (Equation.DSMT4), Equation 3.0 and an Excel sheet.
_MATHTYPE = "0002CE03-0000-0000-C000-000000000046"
_EQUATION_3 = "0002CE02-0000-0000-C000-000000000046"
_SHEET = "00020830-0000-0000-C000-000000000046"


def _storage(class_id: str, prog_id: str) -> bytes:
    """An OLE storage (a compound file, as Word embeds an object) of the
    class ``class_id``: its ``\\x01CompObj`` stream naming ``prog_id``, and
    an ``Equation Native`` stream that is none (each stream 8 sectors)."""
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    clsid = uuid.UUID(class_id).bytes_le

    def text(s: str) -> bytes:
        return struct.pack("<I", len(s) + 1) + s.encode() + b"\0"

    comp = b"\x01\x00\xfe\xff\x03\x0a\x00\x00\xff\xff\xff\xff" + clsid + text("Object")
    comp += text("Object") + text(prog_id) + struct.pack("<4I", 0x71B239F4, 0, 0, 0)
    streams = [("\x01Ole", struct.pack("<5I", 0x02000001, 0, 0, 0, 0)), ("\x01CompObj", comp)]
    streams.append(("Equation Native", b"\x1c\x00\x00\x00\x02\x00" + b"none" * 50))
    fat = [0xFFFFFFFD, end]  # (the FAT itself, the directory)
    for n in range(len(streams)):
        fat += [2 + 8 * n + k + 1 for k in range(7)] + [end]

    def entry(name: str, kind: int, siblings: tuple[int, int, int], at: int, size: int) -> bytes:
        named = (name + "\0").encode("utf-16-le")
        head = named.ljust(64, b"\0") + struct.pack("<HBB3I", len(named), kind, 1, *siblings)
        own = clsid if kind == 5 else bytes(16)
        return head + own + bytes(20) + struct.pack("<II", at, size) + bytes(4)

    none = 0xFFFFFFFF
    directory = entry("Root Entry", 5, (none, none, 2), end, 0)
    directory += entry(streams[0][0], 2, (none, none, none), 2, len(streams[0][1]))
    directory += entry(streams[1][0], 2, (1, 3, none), 10, len(streams[1][1]))
    directory += entry(streams[2][0], 2, (none, none, none), 18, len(streams[2][1]))
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
    header += struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<10I", 0, 1, 1, 0, 4096, end, 0, end, 0, 0) + b"\xff" * 4 * 108
    body = b"".join(data.ljust(4096, b"\0") for _, data in streams)
    return header + struct.pack("<128I", *fat, *[free] * (128 - len(fat))) + directory + body


@pytest.mark.parametrize(
    ("class_id", "stored", "said"),
    [
        ("", (_MATHTYPE, "Equation.DSMT4"), 1),  # (as LibreOffice writes it)
        ("", (_EQUATION_3, "Equation.3"), 1),
        ("", (_SHEET, "Excel.Sheet.12"), 0),
        ("", None, 0),  # (its storage missing)
        (_MATHTYPE, None, 1),
        (f"{{{_EQUATION_3.lower()}}}", None, 1),
        (_SHEET, (_MATHTYPE, "Equation.DSMT4"), 0),
    ],
    ids=["mathtype", "equation-3", "sheet", "missing", "class-mathtype", "class-3", "class-sheet"],
)
def test_an_older_equation_kept_as_an_ole_object_in_an_odt_is_said(
    edition: Edition,
    tmp_path: Path,
    class_id: str,
    stored: tuple[str, str] | None,
    said: int,
) -> None:
    """LibreOffice keeps a .docx's MathType or Equation 3.0 equation it does
    not convert as the OLE object it was (``draw:object-ole``: its storage as
    it was, and a picture; no ``draw:class-id``): said, as the .docx's is
    (it was lost without a word); another OLE object is not."""

    def change(root: Any) -> None:
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        frame = etree.SubElement(p, f"{{{_DRAW}}}frame")
        ole = etree.SubElement(frame, f"{{{_DRAW}}}object-ole")
        if class_id:
            ole.set(f"{{{_DRAW}}}class-id", class_id)
        ole.set(f"{{{_XLINK}}}href", "./Obj100")
        image = etree.SubElement(frame, f"{{{_DRAW}}}image")
        image.set(f"{{{_XLINK}}}href", "./ObjectReplacements/Obj100")
        frame.tail = "为公式"

    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    parts = {"Obj100": _storage(*stored)} if stored else {}
    result = _read(tmp_path, edition, edited_odt(odt, change, parts))
    found = [(f.code, f.severity, f.pointer, f.params["count"]) for f in result.findings]
    assert found == [("read.object-unread", "info", "", 1)] * said
    assert result.data["expected_outcomes"] == "形成一套制度文件。为公式"


def _flipped(data: bytes, at: int, size: int) -> bytes:
    return data[:at] + bytes(b ^ 0xFF for b in data[at : at + size]) + data[at + size :]


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 0, 4), 1),  # (its signature)
        (_flipped(_storage(_SHEET, "Excel.Sheet.12"), 0x1C, 2), 1),  # (its byte order mark)
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 1024, 8), 1),  # (its root's name)
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 1024 + 0x42, 1), 1),  # (its type)
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 0x30, 4), 1),  # (its directory)
        (b"not a storage", 1),
        # (A stream's bytes damaged: the class is read, a sheet's is no equation.)
        (_flipped(_storage(_SHEET, "Excel.Sheet.12"), 1536 + 3 * 4096, 64), 0),
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 1536 + 3 * 4096, 64), 1),
    ],
    ids=["signature", "byte-order", "root-name", "root-type", "directory", "none", "sheet", "eq"],
)
def test_an_ole_object_whose_storage_is_damaged_in_an_odt_is_said(
    edition: Edition, tmp_path: Path, stored: bytes, said: int
) -> None:
    """A ``draw:object-ole`` whose storage's class cannot be read (bytes of
    its ``Obj100`` damaged) is an object whose content was not read,
    read.object-unread, as an equation's is (it was lost without a word)."""

    def change(root: Any) -> None:
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        ole = etree.SubElement(etree.SubElement(p, f"{{{_DRAW}}}frame"), f"{{{_DRAW}}}object-ole")
        ole.set(f"{{{_XLINK}}}href", "./Obj100")

    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    result = _read(tmp_path, edition, edited_odt(odt, change, {"Obj100": stored}))
    found = [(f.code, f.severity, f.pointer, f.params["count"]) for f in result.findings]
    assert found == [("read.object-unread", "info", "", 1)] * said


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b4a6e70000000049454e44ae426082"
)


def _ole_object(prog_id: str, stored: bytes | None) -> Callable[[DocxDocument], None]:
    """An OLE object of ``prog_id`` after the text of 预期成效, as Word embeds
    one: its storage ``stored`` (None: its part missing) and its picture."""

    def step(doc: DocxDocument) -> None:
        part = doc.part
        ole_id = "rIdMissing"
        if stored is not None:
            ole = Part(PackURI("/word/embeddings/oleObject1.bin"), _OLE_TYPE, stored, part.package)
            ole_id = part.relate_to(ole, f"{_RELS}/oleObject")
        image = Part(PackURI("/word/media/image9.png"), "image/png", _PNG, part.package)
        image_id = part.relate_to(image, f"{_RELS}/image")
        E._value_cell(doc, "预期成效").paragraphs[0]._p.append(
            parse_xml(
                f'<w:r {_OLE} xmlns:r="{_RELS}"><w:object><v:shape id="e1" '
                f'style="width:50pt;height:20pt"><v:imagedata r:id="{image_id}"/></v:shape>'
                f'<o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="e1" '
                f'DrawAspect="Content" ObjectID="_1" r:id="{ole_id}"/></w:object></w:r>'
            )
        )

    return step


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        ((_MATHTYPE, "Equation.DSMT4"), 1),
        ((_SHEET, "Excel.Sheet.12"), 0),
        (None, 0),
        (_flipped(_storage(_MATHTYPE, "Equation.DSMT4"), 0, 4), 1),
    ],
    ids=["mathtype", "sheet", "missing", "damaged"],
)
def test_an_older_equation_whose_program_is_not_named_in_a_docx_is_said(
    edition: Edition, tmp_path: Path, stored: tuple[str, str] | bytes | None, said: int
) -> None:
    """LibreOffice writes an equation it kept as an OLE object back to a
    .docx with an empty ``ProgID``: known by its storage's class, and said
    (it was lost without a word); another object is not, one whose
    storage's class cannot be read (damaged) is."""
    data = _storage(*stored) if isinstance(stored, tuple) else stored
    step = _ole_object("", data)
    (tmp_path / "f.docx").write_bytes(
        E.edit(E.filled(edition, "application", application_data()), step)
    )
    result = read_form(edition, tmp_path / "f.docx")
    assert [(f.code, f.params["count"]) for f in result.findings] == [
        ("read.object-unread", 1)
    ] * said
    assert result.data["expected_outcomes"] == "形成一套制度文件。"


def _soffice(tmp_path: Path, src: Path, kind: str, out: Path) -> None:
    subprocess.run(
        [
            *(str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless"),
            *("--convert-to", kind, "--outdir", str(out), str(src)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_mathtype_equation_saved_by_libreoffice_is_said(edition: Edition, tmp_path: Path) -> None:
    """A .docx holding a MathType equation LibreOffice cannot convert, saved
    as .odt by LibreOffice, and that .odt saved as .docx again: said in each."""
    step = _ole_object("Equation.DSMT4", _storage(_MATHTYPE, "Equation.DSMT4"))
    src = tmp_path / "m.docx"
    src.write_bytes(E.edit(E.filled(edition, "application", application_data()), step))
    _soffice(tmp_path, src, "odt", tmp_path)
    _soffice(tmp_path, tmp_path / "m.odt", "docx", tmp_path / "back")
    for path in (src, tmp_path / "m.odt", tmp_path / "back" / "m.docx"):
        result = read_form(edition, path)
        assert (str(path), result.codes()) == (str(path), ["read.object-unread"])
        assert result.data["expected_outcomes"] == "形成一套制度文件。"


def test_an_activex_control_in_a_docx_is_said(edition: Edition, tmp_path: Path) -> None:
    """A value typed into an ActiveX control (Developer > Legacy Tools: a
    text box, a check box) is binary data of the control, no text: said (it
    was lost without a word)."""

    def step(doc: DocxDocument) -> None:
        E._value_cell(doc, "预期成效").paragraphs[0]._p.append(
            parse_xml(
                f'<w:r {_OLE} xmlns:r="{_RELS}"><w:object><v:shape id="c1" '
                'style="width:1in;height:18pt"/><w:control r:id="rIdX" w:name="TextBox1" '
                'w:shapeid="c1"/></w:object></w:r>'
            )
        )

    data = application_data()
    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert [(f.code, f.params["count"]) for f in result.findings] == [("read.object-unread", 1)]
    assert result.data == data


@pytest.mark.parametrize("in_cell", [False, True], ids=["body", "cell"])
def test_content_in_a_part_of_another_format_in_a_docx_is_said(
    edition: Edition, tmp_path: Path, in_cell: bool
) -> None:
    """``w:altChunk`` (an .htm part, as a web system's export keeps content
    that Word converts when it opens the file) is not read: said (it was
    lost without a word)."""

    def step(doc: DocxDocument) -> None:
        html = "<html><body><p>补充说明</p></body></html>".encode()
        part = Part(PackURI("/word/afchunk.htm"), "text/html", html, doc.part.package)
        rid = doc.part.relate_to(part, f"{_RELS}/aFChunk")
        chunk = parse_xml(f'<w:altChunk {_OLE} xmlns:r="{_RELS}" r:id="{rid}"/>')
        if in_cell:
            E._value_cell(doc, "预期成效")._tc.append(chunk)
        else:
            doc.element.body.insert(len(doc.element.body) - 1, chunk)

    data = application_data()
    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert [(f.code, f.params["count"]) for f in result.findings] == [("read.object-unread", 1)]
    assert result.data == data


def test_a_form_control_in_an_odt_is_said(edition: Edition, tmp_path: Path) -> None:
    """A form control of LibreOffice (a text box, a check box: ``draw:control``,
    its value kept with the document's forms, apart from the text) is not
    read: said (it was lost without a word)."""

    def change(root: Any) -> None:
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        control = etree.SubElement(p, f"{{{_DRAW}}}control")
        control.set(f"{{{_DRAW}}}control", "control1")
        control.tail = "为控件"

    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    result = _read(tmp_path, edition, edited_odt(odt, change))
    assert [(f.code, f.params["count"]) for f in result.findings] == [("read.object-unread", 1)]
    assert result.data["expected_outcomes"] == "形成一套制度文件。为控件"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_form_control_saved_by_libreoffice_is_said(edition: Edition, tmp_path: Path) -> None:
    """A text box form control of LibreOffice in an .odt, saved by LibreOffice
    as .docx (an ActiveX control) and as .odt: said in each."""
    form_ns = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

    def change(root: Any) -> None:
        forms = etree.Element(f"{{{office_ns}}}forms", nsmap={"form": form_ns})
        form = etree.SubElement(forms, f"{{{form_ns}}}form", {f"{{{form_ns}}}name": "Form"})
        box = etree.SubElement(form, f"{{{form_ns}}}text", {f"{{{form_ns}}}id": "control1"})
        box.set(f"{{{form_ns}}}current-value", "控件中的文字")
        root.find(f"{{{office_ns}}}body/{{{office_ns}}}text").insert(0, forms)
        p = next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == "形成一套制度文件。")
        etree.SubElement(p, f"{{{_DRAW}}}control", {f"{{{_DRAW}}}control": "control1"})

    src = tmp_path / "c.odt"
    src.write_bytes(
        edited_odt(docx_to_odt(E.filled(edition, "application", application_data())), change)
    )
    _soffice(tmp_path, src, "docx", tmp_path / "out")
    _soffice(tmp_path, src, "odt", tmp_path / "out")
    for path in (src, tmp_path / "out" / "c.docx", tmp_path / "out" / "c.odt"):
        result = read_form(edition, path)
        assert (str(path), result.codes()) == (str(path), ["read.object-unread"])
        assert result.data["expected_outcomes"] == "形成一套制度文件。"
