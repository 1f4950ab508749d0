"""Build the Word template of any form from its data, with python-docx.

The template is an ordinary .docx whose value cells hold docxtpl tags, so a
new edition gets a faithful form without writing a template, and an edition
maintainer can save it (``reform-brand template``), edit it in Word and ship
it as the edition's own.  Built by code, no tag is ever split across runs.

Every value is printed through a paragraph loop,
``{%p for p_ in FIELD|paragraphs %}{{ p_ }}{%p endfor %}``, so that each line
of a long text is a paragraph of its own and reads back exactly; in a long
text, ``{%p if p_[:1].isspace() %}`` chooses between a paragraph without and
one with the first-line indent.  A group's
sub-fields are reached by subscript (``contact["name"]``), which never
confuses a sub-field with a method of the value.

Typography: A4; 仿宋 for text, 宋体 bold for the title, 黑体 for the
attachment heading, each set as the East Asian font (``w:eastAsia``) in the
document defaults, the styles and the runs, with the language zh-CN, so that
Word and LibreOffice do not fall back to a Japanese font.
"""

from __future__ import annotations

import datetime as dt
import io
import keyword

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

import reform_brand.render._layout as L
from reform_brand.errors import Problem
from reform_brand.model import Edition, Form, FormField
from reform_brand.render._errors import TemplateError
from reform_brand.render._zip import deterministic_zip

__all__ = ["TEXT_FONT", "build_template", "value_tag"]

LATIN_FONT = "Times New Roman"
TEXT_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LANG = "zh-CN"

#: Names the template language reserves: a field cannot be called so.
_RESERVED = frozenset(
    {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "loop", "p_"}
) | frozenset(keyword.kwlist)

_KEEP_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"})
_DROP_RELS = ("stylesWithEffects", "customXml", "thumbnail", "numbering")


def value_tag(pointer: tuple[str, ...]) -> str:
    """The template expression of the field at ``pointer`` (ids from the top)."""
    head, *rest = pointer
    return head + "".join(f'["{r}"]' for r in rest)


def build_template(edition: Edition, form: Form) -> bytes:
    """The Word template of ``form`` as .docx bytes (deterministic)."""
    reserved = [p for p, f in form.walk() if f.id in _RESERVED]
    if reserved:
        raise TemplateError(
            [
                Problem(
                    file=form.id,
                    path=p,
                    code="render.reserved-field-id",
                    params={"name": p.rsplit("/", 1)[-1]},
                )
                for p in reserved
            ],
            form=form.id,
        )
    lay = L.layout(form)
    doc = Document()
    _prune(doc)
    _typography(doc)
    _page(doc)
    _page_number(doc)
    _core_properties(doc, edition, form)

    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    p = doc.add_paragraph()
    _run(p, form.attachment, HEADING_FONT, L.ATTACHMENT_PT)
    _spacing(p, after=6)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, form.title.zh, TITLE_FONT, L.TITLE_PT, bold=True)
    _spacing(p, before=6, after=12)

    if lay.header_text or lay.header_dates:
        _header_line(doc, lay)

    _table(doc, lay)
    # Word puts a paragraph after a final table; make it tiny so that it
    # cannot push a full page over onto a second one.
    end = doc.add_paragraph()
    end.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    _set_rpr_fonts(mark, TEXT_FONT, 1)
    end._p.get_or_add_pPr().append(mark)

    out = io.BytesIO()
    doc.save(out)
    return deterministic_zip(out.getvalue())


# -- document-wide settings ----------------------------------------------


def _prune(doc: DocxDocument) -> None:
    """Drop what python-docx's default template carries and a form does not
    need: a second 430 KB style sheet, a thumbnail, custom XML, the list
    numbering (whose lists name list styles dropped here), and every style
    but the few used.  Smaller templates render faster."""
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if any(rel.reltype.endswith(name) for name in _DROP_RELS):
            part.drop_rel(rid)
    pkg_rels = part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype.endswith("thumbnail"):
            pkg_rels.pop(rid)
    styles = doc.styles.element
    for el in list(styles):
        unused_style = el.tag == qn("w:style") and el.get(qn("w:styleId")) not in _KEEP_STYLES
        if unused_style or el.tag == qn("w:latentStyles"):
            styles.remove(el)
    settings = doc.settings.element
    for el in list(settings):
        if el.tag in (qn("w:savePreviewPicture"), qn("w:rsids"), qn("w:proofState")):
            settings.remove(el)


def _rfonts(east_asia: str) -> BaseOxmlElement:
    el = OxmlElement("w:rFonts")
    el.set(qn("w:ascii"), LATIN_FONT)
    el.set(qn("w:hAnsi"), LATIN_FONT)
    el.set(qn("w:eastAsia"), east_asia)
    el.set(qn("w:cs"), LATIN_FONT)
    el.set(qn("w:hint"), "eastAsia")
    return el


def _set_rpr_fonts(rpr: BaseOxmlElement, east_asia: str, size_pt: float | None = None) -> None:
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    rpr.insert(0, _rfonts(east_asia))
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            sz = OxmlElement(tag)
            sz.set(qn("w:val"), str(round(size_pt * 2)))
            rpr.append(sz)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _typography(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr_fonts(rpr, TEXT_FONT, L.VALUE_PT)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for el in list(ppr):
        ppr.remove(el)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)

    normal = doc.styles["Normal"]
    _set_rpr_fonts(normal.element.get_or_add_rPr(), TEXT_FONT, L.VALUE_PT)

    settings = doc.settings.element
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), "en-US")
        el.set(qn("w:eastAsia"), LANG)

    # Declare the Chinese fonts with the GB2312 character set, which is how
    # Word and LibreOffice know to substitute a Chinese font where they are
    # not installed.
    fonts = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    table = parse_xml(fonts.blob)
    for name, alt, family in (
        (TEXT_FONT, "FangSong", "modern"),
        (TITLE_FONT, "SimSun", "auto"),
        (HEADING_FONT, "SimHei", "modern"),
    ):
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (
            ("w:altName", alt),
            ("w:charset", "86"),
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), val)
            font.append(child)
        table.append(font)
    fonts._blob = serialize_part_xml(table)


def _page(doc: DocxDocument) -> None:
    sec = doc.sections[0]
    sec.page_width = Mm(L.PAGE_WIDTH_MM)
    sec.page_height = Mm(L.PAGE_HEIGHT_MM)
    sec.top_margin = Mm(L.MARGIN_TOP_MM)
    sec.bottom_margin = Mm(L.MARGIN_BOTTOM_MM)
    sec.left_margin = Mm(L.MARGIN_LEFT_MM)
    sec.right_margin = Mm(L.MARGIN_RIGHT_MM)
    sec.header_distance = Mm(15)
    # The page number (:func:`_page_number`) a few millimetres below the text.
    sec.footer_distance = Mm(L.FOOTER_MM)


def _page_number(doc: DocxDocument) -> None:
    """Each page's number at its foot, centred, as 公文 pages are numbered
    (GB/T 9704: "— 1 —", 宋体 四号): a filled form runs over several pages,
    and a page missing from the signed scan shows."""
    p = doc.sections[0].footer.paragraphs[0]
    p.style = None  # (python-docx names a "Footer" style the form does not keep)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", TITLE_FONT, L.PAGE_NUMBER_PT)
    # The field PAGE: begin, instruction, separate, the number shown until
    # the field is updated, end.
    for part in ("begin", " PAGE ", "separate", "1", "end"):
        run = _run(p, "", TITLE_FONT, L.PAGE_NUMBER_PT)
        if part in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), part)
            run._r.append(char)
        elif part == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = part
            run._r.append(instr)
        else:
            run.text = part
    _run(p, " —", TITLE_FONT, L.PAGE_NUMBER_PT)


def _core_properties(doc: DocxDocument, edition: Edition, form: Form) -> None:
    # Fixed dates (the notice's issue date) keep renders byte-identical.
    when = dt.datetime.combine(edition.issued, dt.time(0, 0))
    cp = doc.core_properties
    cp.title = f"{form.attachment} {form.title.zh}".replace("{", "(").replace("}", ")")
    cp.subject = edition.issuer.document_number.replace("{", "(").replace("}", ")")
    cp.author = edition.issuer.name.zh.replace("{", "(").replace("}", ")")
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.last_modified_by = ""
    cp.language = LANG
    cp.revision = 1
    cp.created = when
    cp.modified = when


# -- paragraphs and runs -------------------------------------------------


def _run(p: Paragraph, text: str, font: str, size: float, *, bold: bool = False) -> Run:
    run = p.add_run(text)
    _set_rpr_fonts(run._r.get_or_add_rPr(), font, size)
    if bold:
        run.bold = True
    return run


def _value_run(p: Paragraph, expr: str, size: float) -> Run:
    run = _run(p, "{{ " + expr + " }}", TEXT_FONT, size)
    # Keep leading and trailing spaces of the value.
    run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
    return run


def _spacing(p: Paragraph, *, before: float = 0, after: float = 0) -> None:
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)


def _header_line(doc: DocxDocument, lay: L.Layout) -> None:
    p = doc.add_paragraph()
    _spacing(p, after=6)
    for i, f in enumerate(lay.header_text):
        if i:
            _run(p, "　　", TEXT_FONT, L.HEADER_PT)
        _run(p, f"{f.label.zh}：", TEXT_FONT, L.HEADER_PT)
        _value_run(p, f.id, L.HEADER_PT)
    if lay.header_dates:
        p.paragraph_format.tab_stops.add_tab_stop(Mm(L.TEXT_WIDTH_MM - 2), WD_TAB_ALIGNMENT.RIGHT)
        for f in lay.header_dates:
            _run(p, "\t", TEXT_FONT, L.HEADER_PT)
            _value_run(p, f"{f.id}|zh_date", L.HEADER_PT)


# -- the table -----------------------------------------------------------


def _cell_width(cell: _Cell, mm: float) -> None:
    cell.width = Mm(mm)


def _cant_split(tr: _Row) -> None:
    """Keep the row on one page: a short row, a contact row or the
    signature and seal lines are never printed half on each page."""
    tr_pr = tr._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _label(cell: _Cell, text: str, *, row_label: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = L.label_lines(text) if row_label else [text]
    for i, line in enumerate(lines):
        run = _run(p, line, TEXT_FONT, L.LABEL_PT)
        if i < len(lines) - 1:
            run.add_break()


def _values(
    cell: _Cell, f: FormField, pointer: tuple[str, ...], *, centre: bool, size: float = L.VALUE_PT
) -> None:
    """The paragraph loop that prints a value, one paragraph per line."""
    expr = value_tag(pointer)
    if f.type == "date":
        expr += "|zh_date"
    first = cell.paragraphs[0]
    first.add_run("{%p for p_ in " + expr + "|paragraphs %}")
    if centre or f.lines <= 1:
        p = cell.add_paragraph()
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _value_run(p, "p_", size)
    else:
        # 首行缩进两字: the usual first-line indent of Chinese paragraphs,
        # but for a line its writer indented (两个全角空格, a tab): indented
        # again, it would start four characters in.
        cell.add_paragraph().add_run("{%p if p_[:1].isspace() %}")
        _value_run(cell.add_paragraph(), "p_", size)
        cell.add_paragraph().add_run("{%p else %}")
        p = cell.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(2 * L.VALUE_PT)
        _value_run(p, "p_", size)
        cell.add_paragraph().add_run("{%p endif %}")
    cell.add_paragraph().add_run("{%p endfor %}")


def _blocks(cell: _Cell, f: FormField) -> None:
    lines = L.block_lines(f.blocks)
    last = len(lines) - 1
    for i, line in enumerate(lines):
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Mm(8)
        _spacing(p, before=10 if i == 0 else 4, after=4)
        # The signature, seal and date lines print together, on one page.
        if i < last:
            p.paragraph_format.keep_with_next = True
        if line[0].kind == "date":
            text = line[0].label.zh.replace(" ", "　　")
        else:
            text = "　　　　　　".join(b.label.zh for b in line)
        _run(p, text, TEXT_FONT, L.LABEL_PT)


def _fixed_layout(table_el: CT_Tbl, columns_mm: tuple[float, ...]) -> None:
    tbl_pr = table_el.tblPr
    # One ``w:tblLayout``, where the schema puts it (before ``w:tblLook``):
    # a second one after it makes the document invalid, which Word may
    # report as unreadable content.
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(round(Mm(c).twips) for c in columns_mm)))
    grid = table_el.tblGrid
    for col, mm in zip(grid.findall(qn("w:gridCol")), columns_mm, strict=True):
        col.set(qn("w:w"), str(round(Mm(mm).twips)))


def _table(doc: DocxDocument, lay: L.Layout) -> None:
    ncols = len(lay.columns_mm)
    nrows = sum(2 if r.field.type == "group" else 1 for r in lay.rows)
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table._tbl, lay.columns_mm)
    for row in table.rows:
        for cell, mm in zip(row.cells, lay.columns_mm, strict=True):
            _cell_width(cell, mm)

    r = 0
    for lrow in lay.rows:
        f = lrow.field
        if f.type == "group":
            top, bottom = table.rows[r], table.rows[r + 1]
            for tr in (top, bottom):
                tr.height = Mm(lrow.height_mm)
                tr.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
                _cant_split(tr)
            # The sub-field labels stay on the page of their values.
            for cell in top.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
            label = table.cell(r, 0).merge(table.cell(r + 1, 0))
            _label(label, f.label.zh, row_label=True)
            subs = f.fields
            last = min(len(subs), ncols - 1)
            if 0 < last < ncols - 1:
                table.cell(r, last).merge(table.cell(r, ncols - 1))
                table.cell(r + 1, last).merge(table.cell(r + 1, ncols - 1))
            for i, sub in enumerate(subs[: ncols - 1], start=1):
                _label(table.cell(r, i), sub.label.zh)
                value = table.cell(r + 1, i)
                value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                _values(value, sub, (f.id, sub.id), centre=True, size=L.GROUP_PT)
            r += 2
            continue
        tr = table.rows[r]
        tr.height = Mm(lrow.height_mm)
        tr.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _label(table.cell(r, 0), f.label.zh, row_label=True)
        value = table.cell(r, 1)
        if ncols > 2:
            value = value.merge(table.cell(r, ncols - 1))
        tall = f.lines > 1
        if not tall:
            # A long text may run over a page; anything else stays whole.
            _cant_split(tr)
        if f.blocks:
            value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        elif tall:
            value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        else:
            value.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _values(value, f, (f.id,), centre=False)
        _blocks(value, f)
        r += 1
