"""Reading back forms as Word and LibreOffice save them: what a content
control left empty shows, and packages other than a plain .docx (.docm,
Strict Open XML, Word for the web's ``word/document2.xml``)."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import check_inbox, read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data
from tests.inbox.odt_make import docx_to_odt

PLACEHOLDER = "单击或点击此处输入文字。"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


def _placeholder_control(label: str, *, block: bool) -> Callable[[DocxDocument], None]:
    """The value cell of ``label`` holding an empty content control, as Word
    shows it: its placeholder text, with ``w:showingPlcHdr``."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        p = cell.paragraphs[0]._p
        for r in p.findall(qn("w:r")):
            p.remove(r)
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        pr.append(OxmlElement("w:showingPlcHdr"))
        sdt.append(pr)
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = PLACEHOLDER
        run.append(t)
        if block:  # a control around the paragraph
            p.addprevious(sdt)
            content.append(p)
            p.append(run)
        else:  # a control inside the paragraph
            content.append(run)
            p.append(sdt)

    return step


def test_an_empty_content_control_is_not_a_value(edition: Edition, tmp_path: Path) -> None:
    """The placeholder text of a content control nothing was typed into is
    not what the unit wrote: the field is empty, as the form looks."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data),
        _placeholder_control("项目名称", block=False),
        _placeholder_control("项目实施", block=True),
    )
    (tmp_path / "f.docx").write_bytes(edited)
    result = read_form(edition, tmp_path / "f.docx")
    assert result.codes() == []
    assert "project_name" not in result.data
    assert "project_implementation" not in result.data
    assert result.data["project_basis"] == data["project_basis"]


def test_an_empty_content_control_in_an_odt_is_not_a_value(
    edition: Edition, tmp_path: Path
) -> None:
    """LibreOffice saves a Word form's empty content control as one
    ``showing-place-holder``; a placeholder field is no value either."""
    data = application_data(project_name="名称标记", project_implementation="实施标记")
    control = (
        f'<loext:content-control xmlns:loext="{LOEXT}" '
        f'loext:showing-place-holder="true">{PLACEHOLDER}</loext:content-control>'
    )
    field = '<text:placeholder text:placeholder-type="text">&lt;输入&gt;</text:placeholder>'

    def change(name: str, part: bytes) -> bytes:
        if name != "content.xml":
            return part
        text = part.decode().replace("名称标记", control).replace("实施标记", field)
        return text.encode()

    (tmp_path / "f.odt").write_bytes(
        _rezip(docx_to_odt(E.filled(edition, "application", data)), change)
    )
    result = read_form(edition, tmp_path / "f.odt")
    assert result.codes() == []
    assert "project_name" not in result.data
    assert "project_implementation" not in result.data
    assert result.data["project_basis"] == data["project_basis"]


def _input_field(text: str) -> str:
    """A Word content control around a paragraph, as LibreOffice keeps it in
    an .odt: an input field holding the paragraph's text and its mark."""
    return f'<text:text-input text:description="">{text}&#x0d;</text:text-input>'


@pytest.mark.parametrize("placeholder", [PLACEHOLDER, "Click or tap here to enter text."])
def test_a_content_control_around_a_paragraph_in_an_odt(
    edition: Edition, tmp_path: Path, placeholder: str
) -> None:
    """The input field's text is the value without the paragraph's mark (it
    was read with a ``\r``: ``第一段\r\n第二段``); an empty control's
    placeholder text is no value (it was read as the project's)."""
    data = application_data(project_basis="基础标记\n第二段", project_implementation="实施标记")

    def change(name: str, part: bytes) -> bytes:
        if name != "content.xml":
            return part
        text = part.decode().replace("基础标记", _input_field("第一段"))
        return text.replace("实施标记", _input_field(placeholder)).encode()

    (tmp_path / "f.odt").write_bytes(
        _rezip(docx_to_odt(E.filled(edition, "application", data)), change)
    )
    result = read_form(edition, tmp_path / "f.odt")
    assert result.codes() == []
    assert result.data["project_basis"] == "第一段\n第二段"
    assert "project_implementation" not in result.data


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _block_control(label: str, placeholder: str = "") -> Callable[[DocxDocument], None]:
    """The paragraphs of the value cell of ``label`` in one content control
    (``placeholder``: left empty, showing that text)."""

    def step(doc: DocxDocument) -> None:
        tc = E._value_cell(doc, label)._tc
        paras = list(tc.iterchildren(qn("w:p")))
        sdt = etree.SubElement(tc, qn("w:sdt"))
        pr = etree.SubElement(sdt, qn("w:sdtPr"))
        content = etree.SubElement(sdt, qn("w:sdtContent"))
        if placeholder:
            etree.SubElement(pr, qn("w:showingPlcHdr"))
            for p in paras[1:]:
                tc.remove(p)
            paras = paras[:1]
            for r in paras[0].findall(qn("w:r")):
                paras[0].remove(r)
            etree.SubElement(etree.SubElement(paras[0], qn("w:r")), qn("w:t")).text = placeholder
        paras[0].addprevious(sdt)
        content.extend(paras)

    return step


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_content_controls_converted_to_odt_by_libreoffice(edition: Edition, tmp_path: Path) -> None:
    """A form with content controls around its values' paragraphs, filled
    and left empty, saved as .odt by LibreOffice, reads as the .docx does."""
    data = application_data(project_basis="第一段\n第二段")
    src = tmp_path / "cc.docx"
    src.write_bytes(
        E.edit(
            E.filled(edition, "application", data),
            _block_control("项目基础"),
            _block_control("项目名称"),
            _block_control("项目实施", "Click or tap here to enter text."),
            _block_control("预期成效", PLACEHOLDER),
        )
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
    left = {
        k: v for k, v in data.items() if k not in ("project_implementation", "expected_outcomes")
    }
    for path in (src, tmp_path / "cc.odt"):
        result = read_form(edition, path)
        assert (path.suffix, result.codes(), result.data) == (path.suffix, [], left)


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_content_in_several_alternatives_is_read_once(edition: Edition, tmp_path: Path) -> None:
    """An ``mc:AlternateContent`` with two choices and a fallback, each a copy
    of the value (as a program writing for several versions of Word does):
    the first choice is read, as Word shows it (the second was read too,
    and the value doubled)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]._p
        runs = p.findall(qn("w:r"))
        alternate = etree.SubElement(p, f"{{{_MC}}}AlternateContent")
        for tag, requires in (("Choice", "w14"), ("Choice", "w15"), ("Fallback", "")):
            el = etree.SubElement(alternate, f"{{{_MC}}}{tag}")
            if requires:
                el.set("Requires", requires)
            el.extend(copy.deepcopy(r) for r in runs)
        for r in runs:
            p.remove(r)

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.codes(), result.data) == ([], data)


@pytest.mark.parametrize(
    ("drop_cap", "read"),
    [("drop", "第一段\n第二段"), ("margin", "第一段\n第二段"), ("none", "第\n一段\n第二段")],
)
def test_a_drop_cap_is_the_start_of_its_paragraph(
    edition: Edition, tmp_path: Path, drop_cap: str, read: str
) -> None:
    """Word keeps a drop cap (Insert > Drop Cap) as a paragraph of its own,
    in a frame, holding the first letters of the next one: read as the start
    of that paragraph, as Word shows it and LibreOffice saves it as .odt
    (the letter was read as a line of its own)."""
    data = application_data(project_basis="第一段\n第二段")

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "项目基础")
        first = cell.paragraphs[0]
        first.runs[0].text = "一段"
        cap = first.insert_paragraph_before("第")
        frame = cap._p.get_or_add_pPr()
        frame.append(
            etree.Element(qn("w:framePr"), {qn("w:dropCap"): drop_cap, qn("w:lines"): "3"})
        )

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.codes(), result.data) == ([], {**data, "project_basis": read})


_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_SYMEX = "http://schemas.microsoft.com/office/word/2015/wordml/symex"


@pytest.mark.parametrize(
    ("requires", "read"),
    [
        (["wps"], "选择一"),
        (["x"], "后备"),
        (["wps x"], "后备"),
        (["undeclared"], "后备"),
        (["x", "wps"], "选择二"),
        (["w16se"], "后备"),  # (an emoji as Word 2016 writes it: its character the fallback)
    ],
    ids=["understood", "unknown", "one-unknown", "undeclared", "second-understood", "emoji"],
)
def test_a_choice_requiring_what_reading_does_not_understand_gives_way(
    edition: Edition, tmp_path: Path, requires: list[str], read: str
) -> None:
    """Of an ``mc:AlternateContent``, the first choice whose required
    namespaces reading understands is read (ECMA-376 Part 3), else the
    fallback: a choice requiring a namespace it does not know (``x``, or a
    prefix not declared) was read instead of the fallback Word would show."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]._p
        for r in p.findall(qn("w:r")):
            p.remove(r)
        nsmap = {"mc": _MC, "wps": _WPS, "x": "urn:example:x", "w16se": _SYMEX}
        alternate = etree.SubElement(p, f"{{{_MC}}}AlternateContent", nsmap=nsmap)
        texts = [*["选择一", "选择二"][: len(requires)], "后备"]
        for text, need in zip(texts, [*requires, ""], strict=True):
            el = etree.SubElement(alternate, f"{{{_MC}}}{'Choice' if need else 'Fallback'}")
            if need:
                el.set("Requires", need)
            run = etree.SubElement(el, qn("w:r"))
            etree.SubElement(run, qn("w:t")).text = text

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.codes(), result.data) == ([], {**data, "project_name": read})


_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": (
        "http://purl.oclc.org/ooxml/wordprocessingml/main"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        "http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def _main_type(main: str) -> Callable[[str, bytes], bytes]:
    """A .docm, .dotx or .dotm as Word saves it: the main part's content
    type ``main`` says so."""

    def change(name: str, part: bytes) -> bytes:
        return (
            part.replace(_MAIN.encode(), main.encode()) if name == "[Content_Types].xml" else part
        )

    return change


_macro_enabled = _main_type("application/vnd.ms-word.document.macroEnabled.main+xml")


def _strict(name: str, part: bytes) -> bytes:
    """Saved as Strict Open XML: the same parts in the Strict namespaces."""
    for transitional, strict in _STRICT.items():
        part = part.replace(transitional.encode(), strict.encode())
    return part


@pytest.mark.parametrize(
    ("name", "change"), [("f.docm", _macro_enabled), ("f.docx", _strict)], ids=["docm", "strict"]
)
def test_a_macro_enabled_or_strict_document_reads_as_the_docx(
    edition: Edition, tmp_path: Path, name: str, change: Callable[[str, bytes], bytes]
) -> None:
    """Word saves a form as a .docm (macros enabled) or as Strict Open XML:
    the same form, read the same (it used to be read.unreadable, "the file
    is damaged")."""
    data = application_data()
    (tmp_path / name).write_bytes(_rezip(E.filled(edition, "application", data), change))
    result = read_form(edition, tmp_path / name)
    assert result.codes() == (["read.macro-enabled"] if name.endswith(".docm") else [])
    assert result.data == data
    assert "济南市科协" in docx_text(tmp_path / name)


@pytest.mark.parametrize(
    ("name", "main", "codes"),
    [
        (
            "申报表.docm",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            {"read.macro-enabled"},
        ),
        (
            "申报表.dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            set(),
        ),
        (
            "申报表.dotm",
            "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            {"read.macro-enabled"},
        ),
    ],
)
def test_a_macro_enabled_document_or_a_template_in_an_inbox(
    edition: Edition, tmp_path: Path, name: str, main: str, codes: set[str]
) -> None:
    """A form saved by Word as a .docm, or as a template (.dotx, .dotm), is
    the e-mail's Word file under a name Word gives it (it was
    ``deliverables.misnamed``: "its extension says otherwise"); one with
    macros is said to be so, and read as the .docx is."""
    mail = tmp_path / "2022-08-15 济南市科协"
    mail.mkdir()
    form = _rezip(E.filled(edition, "application", application_data()), _main_type(main))
    (mail / name).write_bytes(form)
    (mail / "申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    report = check_inbox(edition, tmp_path, now=NOW)
    [sub] = report.submissions
    assert sub.word == f"2022-08-15 济南市科协/{name}" and sub.read
    found = {f.code for f in report.all_findings()}
    assert "deliverables.misnamed" not in found
    assert {c for c in found if c.startswith("read.")} == codes


def _by_default(main: str) -> Callable[[str, bytes], bytes]:
    """A package whose main part's type only the ``Default`` of ``.xml``
    gives (``main``), no ``Override`` naming that part."""
    override = f'<Override PartName="/word/document.xml" ContentType="{_MAIN}"/>'.encode()
    default = b'<Default Extension="xml" ContentType="application/xml"/>'

    def change(name: str, part: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return part
        assert override in part and default in part
        changed = f'<Default Extension="xml" ContentType="{main}"/>'.encode()
        return part.replace(override, b"").replace(default, changed)

    return change


@pytest.mark.parametrize(
    ("name", "main", "codes"),
    [
        (
            "f.docm",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            ["read.macro-enabled"],
        ),
        (
            "f.dotm",
            "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            ["read.macro-enabled"],
        ),
        (
            "f.dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            [],
        ),
        ("f.docx", _MAIN, []),
    ],
)
def test_a_main_part_typed_by_a_default_reads_as_the_docx(
    edition: Edition, tmp_path: Path, name: str, main: str, codes: list[str]
) -> None:
    """A package whose main part's type only a ``Default`` content type
    gives is read as one with an ``Override`` for it: a .docm so made was
    left to python-docx, which refused it (read.unreadable, "its content is
    invalid")."""
    data = application_data()
    form = _rezip(E.filled(edition, "application", data), _by_default(main))
    (tmp_path / name).write_bytes(form)
    result = read_form(edition, tmp_path / name)
    assert (result.codes(), result.data) == (codes, data)


def _saved_by_word_for_the_web(data: bytes) -> bytes:
    """A .docx as Word for the web saves it: its main part is
    ``word/document2.xml`` (named so by the package's relationships)."""
    renamed = {
        "word/document.xml": "word/document2.xml",
        "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                part = part.replace(b"word/document.xml", b"word/document2.xml")
            dst.writestr(renamed.get(info.filename, info.filename), part)
    return out.getvalue()


def test_a_form_saved_by_word_for_the_web_is_a_docx(edition: Edition, tmp_path: Path) -> None:
    """Word for the web names the main part ``word/document2.xml``: the form
    is read as any .docx (it was ``read.not-docx``, a zip archive), and in
    an inbox it is the e-mail's Word file, paired with its scan."""
    data = application_data()
    web = _saved_by_word_for_the_web(E.filled(edition, "application", data))
    with zipfile.ZipFile(io.BytesIO(web)) as z:
        assert "word/document.xml" not in z.namelist()
    mail = tmp_path / "inbox" / "2022-08-15 济南市科协"
    mail.mkdir(parents=True)
    (mail / "申报表.docx").write_bytes(web)
    (mail / "申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    result = read_form(edition, mail / "申报表.docx")
    assert result.codes() == []
    assert result.data == data
    assert "济南市科协" in docx_text(mail / "申报表.docx")
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    [sub] = report.submissions
    assert (sub.word, sub.scan) == (
        "2022-08-15 济南市科协/申报表.docx",
        "2022-08-15 济南市科协/申报表.pdf",
    )
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["2022-08-15 济南市科协/申报表.docx"] == ("docx", "used", "word")
    codes = {f.code for f in report.all_findings()}
    assert not {c for c in codes if c.startswith("read.")} | codes & {"deliverables.wrong-type"}


def _nested_table(label: str, rows: list[list[str]]) -> Callable[[DocxDocument], None]:
    """A small table pasted into the value cell of ``label``, after its text."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        table = cell.add_table(len(rows), len(rows[0]))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                table.cell(r, c).text = text
        # (python-docx, as Word, ends the cell with a paragraph after the table.)
        cell.add_paragraph("以上为近两年数据。")

    return step


def test_a_table_in_a_value_cell_is_part_of_the_value(edition: Edition, tmp_path: Path) -> None:
    """A table a unit puts in a cell (figures in 项目基础) is read as lines,
    its cells between tabs (its text used to be dropped without a word); a
    label in it is no label of the form."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data),
        _nested_table("项目基础", [["年份", "活动场次"], ["2021", "120"], ["项目名称", "别的"]]),
    )
    (tmp_path / "f.docx").write_bytes(edited)
    result = read_form(edition, tmp_path / "f.docx")
    assert result.codes() == []
    assert result.data["project_basis"] == (
        f"{data['project_basis']}\n年份\t活动场次\n2021\t120\n项目名称\t别的\n\n以上为近两年数据。"
    )
    assert result.data["project_name"] == data["project_name"]


def test_a_non_breaking_hyphen_is_a_hyphen(edition: Edition, tmp_path: Path) -> None:
    """``0531-82073271`` typed with Word's non-breaking hyphen (Ctrl+Shift+-,
    ``w:noBreakHyphen``) reads with its hyphen (it used to read
    ``053182073271``)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cells = E._cells(doc)
        cell = next(c for c in cells if c.text == data["contact"]["office_phone"])
        (run,) = cell.paragraphs[0].runs
        run.text = "0531"
        run._r.append(OxmlElement("w:noBreakHyphen"))
        t = OxmlElement("w:t")
        t.text = "82073271"
        run._r.append(t)

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert result.codes() == []
    assert result.data == data
    assert "0531-82073271" in docx_text(tmp_path / "f.docx")


_FLOATING = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>海洋科普联盟</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)


@pytest.mark.parametrize(("anchored", "codes"), [("value", []), ("label", ["read.value-in-label"])])
def test_a_floating_text_box_anchored_in_a_cell_is_its_text(
    edition: Edition, tmp_path: Path, anchored: str, codes: list[str]
) -> None:
    """A floating text box (``wp:anchor``, no fallback copy) typed over an
    empty value cell is read as the text of the cell its anchor is in: the
    value cell's, or the label cell's (a value typed in the label cell)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        value = E._value_cell(doc, "项目名称")
        for run in value.paragraphs[0].runs:
            run.text = ""
        label = next(c for c in E._cells(doc) if "".join(c.text.split()) == "项目名称")
        cell = value if anchored == "value" else label
        cell.paragraphs[0]._p.append(etree.fromstring(_FLOATING))

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.codes(), result.data["project_name"]) == (codes, "海洋科普联盟")
