"""The Word form's XML as Word reads it: properties in the order the
schema (ECMA-376, WordprocessingML) gives them, none twice.

Word refuses, or "repairs", a document whose properties break the schema's
sequence, where LibreOffice and python-docx read it without a word; so the
order is checked here, on the built template and on a filled render.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand import Edition, Host
from reform_brand.render import build_template, render_form
from tests.render.conftest import hostile_data

FORMS = ("application", "recommendation")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: The children of each property element the builder writes, in the
#: schema's order (CT_TblPr, CT_PPr, CT_RPr, CT_TcPr, CT_SectPr).
SEQUENCES = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
    "oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
}
#: Elements that may repeat in their sequence.
REPEATABLE = {"headerReference", "footerReference"}


def _out_of_order(content: bytes) -> list[tuple[str, str, list[str]]]:
    bad = []
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            for tag, sequence in SEQUENCES.items():
                order = sequence.split()
                for el in root.iter(f"{{{W}}}{tag}"):
                    kids = [etree.QName(k).localname for k in el if etree.QName(k).namespace == W]
                    ranks = [order.index(k) if k in order else -1 for k in kids]
                    twice = {k for k in kids if kids.count(k) > 1} - REPEATABLE
                    if -1 in ranks or ranks != sorted(ranks) or twice:
                        bad.append((name, tag, kids))
    return bad


@pytest.mark.parametrize("form_id", FORMS)
def test_built_template_follows_the_schema_order(edition: Edition, form_id: str) -> None:
    assert _out_of_order(build_template(edition, edition.form(form_id))) == []


@pytest.mark.parametrize("form_id", FORMS)
def test_filled_form_follows_the_schema_order(edition: Edition, host: Host, form_id: str) -> None:
    form = edition.form(form_id)
    content = render_form(edition, form, hostile_data(form), host=host)
    assert _out_of_order(content) == []


def test_the_table_has_one_fixed_layout(edition: Edition, host: Host) -> None:
    content = render_form(edition, "application", host=host)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    layouts = root.findall(f".//{{{W}}}tblPr/{{{W}}}tblLayout")
    assert [el.get(f"{{{W}}}type") for el in layouts] == ["fixed"]


@pytest.mark.parametrize("form_id", FORMS)
def test_every_style_named_is_defined(edition: Edition, host: Host, form_id: str) -> None:
    form = edition.form(form_id)
    content = render_form(edition, form, hostile_data(form), host=host)
    named: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        defined = {el.get(f"{{{W}}}styleId") for el in styles.iter(f"{{{W}}}style")}
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
                root = etree.fromstring(z.read(name))
                for tag in ("pStyle", "rStyle", "tblStyle"):
                    named |= {el.get(f"{{{W}}}val") for el in root.iter(f"{{{W}}}{tag}")}
    assert named - defined == set()


@pytest.mark.parametrize("form_id", FORMS)
def test_every_page_is_numbered(edition: Edition, host: Host, form_id: str) -> None:
    """A filled form runs over several pages, printed, signed and scanned:
    each page is numbered at its foot, centred, as 公文 pages are
    (GB/T 9704: "— 1 —", 宋体 四号), so a page left out shows."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    form = edition.form(form_id)
    content = render_form(edition, form, hostile_data(form), host=host)
    section = docx.Document(io.BytesIO(content)).sections[0]
    assert not section.different_first_page_header_footer
    footer = section.footer
    assert not footer.is_linked_to_previous
    (p,) = footer.paragraphs
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [el.text for el in p._p.iter(f"{{{W}}}instrText")]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert p.text.startswith("— ") and p.text.endswith(" —")
    fonts = {el.get(f"{{{W}}}eastAsia") for el in p._p.iter(f"{{{W}}}rFonts")}
    assert fonts == {"宋体"}
    sizes = {el.get(f"{{{W}}}val") for el in p._p.iter(f"{{{W}}}sz")}
    assert sizes == {"28"}
