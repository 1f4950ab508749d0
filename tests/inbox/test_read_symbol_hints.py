"""Which of a run's fonts draws a symbol font's character typed as text is
Word's choice (MS-OI29500 2.1.88, on ECMA-376 Part 1 17.3.2.26): with
``w:hint="eastAsia"`` (on the run or its character style; the hint of the
paragraph's style or the defaults, which the filled form sets, is not
applied: a run given a symbol font with no hint of its own was given it by
a program) some characters of U+00A0 to U+00FF take the East
Asian font, a few more when the run's language is Chinese; ``w:cs`` or
``w:rtl`` draw every character in the complex-script font.  A symbol font
set only as the East Asian font (Chinese Word) was not read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.docfonts import _inherits_hint, symbol_styled
from reform_brand.docxml import body_of_xml, paragraphs_in
from reform_brand.model import Edition
from reform_brand.office._read import read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _typed_in(
    fonts: dict[str, str], text: str, *props: tuple[str, dict[str, str]]
) -> Callable[[DocxDocument], None]:
    """A run of ``text`` in the fonts ``fonts`` (``w:rFonts``' attributes,
    ``hint`` among them) and the run properties ``props`` (tag, attributes)
    before 已完成 in 项目名称."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        run = p.add_run(text)
        rpr = run._r.get_or_add_rPr()
        rfonts = OxmlElement("w:rFonts")
        for slot, font in fonts.items():
            rfonts.set(qn(f"w:{slot}"), font)
        rpr.append(rfonts)
        for tag, attrs in props:
            el = OxmlElement(f"w:{tag}")
            for name, value in attrs.items():
                el.set(qn(f"w:{name}"), value)
            rpr.append(el)
        p.add_run("已完成")

    return step


_EAST = {"eastAsia": "Wingdings", "hint": "eastAsia"}
_WINGDINGS = {"ascii": "Wingdings", "hAnsi": "Wingdings"}


@pytest.mark.parametrize(
    ("step", "shown"),
    [
        # A symbol font as the East Asian font alone, hinted so.
        (_typed_in(_EAST, "¨"), "☐"),
        (_typed_in({"eastAsia": "Wingdings 2", "hint": "eastAsia"}, "¡"), "■"),
        (_typed_in({"eastAsia": "Wingdings 2", "hint": "eastAsia"}, "¤"), "☐"),
        (_typed_in({"eastAsia": "Symbol", "hint": "eastAsia"}, "´"), "×"),
        # þ is none of the hinted characters: the high-ANSI font draws it.
        (_typed_in(_EAST, "þ"), "þ"),
        (_typed_in({**_EAST, "hAnsi": "Wingdings"}, "þ"), "☑"),
        # ü is, in a run whose language is Chinese (the form's default).
        (_typed_in(_EAST, "ü"), "✓"),
        (_typed_in(_EAST, "ü", ("lang", {"eastAsia": "ja-JP"})), "ü"),
        # The hint the form's defaults set (eastAsia) is not applied: the
        # symbol font the run names draws ¨, as python-docx's font.name sets it.
        (_typed_in(_WINGDINGS, "¨"), "☐"),
        (_typed_in({**_WINGDINGS, "hint": "eastAsia"}, "¨"), "¨"),
        (_typed_in({**_WINGDINGS, "hint": "default"}, "¨"), "☐"),
        # Wingdings 2's £ (not hinted) in a Chinese form: a box.
        (
            _typed_in(
                {"ascii": "Wingdings 2", "hAnsi": "Wingdings 2", "eastAsia": "仿宋_GB2312"}, "£"
            ),
            "☐",
        ),
        # East Asian Times New Roman with one ASCII and high-ANSI font.
        (_typed_in({**_WINGDINGS, "eastAsia": "Times New Roman"}, "¨"), "☐"),
        # w:cs and w:rtl: the complex-script font, whatever the character.
        (_typed_in({"cs": "Wingdings"}, "þ", ("cs", {})), "☑"),
        (_typed_in({"cs": "Wingdings"}, "þ", ("rtl", {})), "☑"),
        (_typed_in({"cs": "Wingdings"}, "þ", ("rtl", {"val": "0"})), "þ"),
        (_typed_in({**_WINGDINGS, "cs": "Times New Roman"}, "þ", ("rtl", {})), "þ"),
    ],
)
def test_the_font_word_draws_a_character_in_is_read(
    edition: Edition, tmp_path: Path, step: Callable[[DocxDocument], None], shown: str
) -> None:
    data = application_data()
    path = tmp_path / "a.docx"
    path.write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_name"] == f"{data['project_name']}{shown}已完成"
    assert f"{data['project_name']}{shown}已完成" in docx_text(path).splitlines()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _styles(rpr: str) -> bytes:
    return (
        f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>{rpr}'
        "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
    ).encode()


@pytest.mark.parametrize(
    ("run", "styles", "shown"),
    [
        # The hint the defaults set is not applied; their language is.
        ('<w:rFonts w:eastAsia="Wingdings"/>', '<w:rFonts w:hint="eastAsia"/>', "¨ü"),
        (
            '<w:rFonts w:eastAsia="Wingdings"/>',
            '<w:rFonts w:hint="eastAsia"/><w:lang w:eastAsia="zh-CN"/>',
            "¨ü",
        ),
        (
            '<w:rFonts w:eastAsia="Wingdings" w:hint="eastAsia"/>',
            '<w:lang w:eastAsia="zh-CN"/>',
            "☐✓",
        ),
        (
            '<w:rFonts w:eastAsia="Wingdings" w:hint="eastAsia"/>',
            '<w:lang w:eastAsia="zh-TW"/>',
            "☐✓",
        ),
        ('<w:rFonts w:eastAsia="Wingdings" w:hint="eastAsia"/>', "", "☐ü"),
        ('<w:rFonts w:eastAsia="Wingdings"/>', "", "¨ü"),
        # The run's own hint over the defaults'.
        ('<w:rFonts w:hAnsi="Wingdings" w:hint="default"/>', '<w:rFonts w:hint="eastAsia"/>', "☐✓"),
    ],
)
def test_a_hint_and_language_the_styles_set_are_read(run: str, styles: str, shown: str) -> None:
    """The East Asian language (``w:lang``) of the styles part chooses among
    a run's own fonts too, though it names no symbol font; the hint of the
    defaults does not."""
    xml = (
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:rPr>{run}</w:rPr>'
        "<w:t>¨ü</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    body = body_of_xml(xml)
    symbol_styled(body, _styles(styles), None, xml)
    assert paragraphs_in(body, None) == [shown]


@pytest.mark.parametrize(
    ("run", "text", "looked"),
    [
        ('<w:rFonts w:ascii="Wingdings"/>', "¨", True),
        ('<w:rFonts w:ascii="Wingdings"/>', "&#168;", True),
        ('<w:rFonts w:ascii="Wingdings"/>', "o", False),  # ASCII: no hint
        ('<w:rFonts w:ascii="宋体"/>', "¨", False),  # no symbol font
        (
            '<w:rFonts w:ascii="Wingdings" w:hint="eastAsia"/><w:lang w:eastAsia="zh-CN"/>',
            "¨",
            False,
        ),
        ("", "申报单位", False),
    ],
)
def test_the_styles_are_read_for_a_hint_only_when_it_may_matter(
    run: str, text: str, looked: bool
) -> None:
    """The styles part is read for the hint and language only when a run
    whose own fonts name a symbol font holds a character the hint may give
    another font and leaves the hint or the language to the styles."""
    xml = (
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:rPr>{run}</w:rPr>'
        f"<w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    styles = _styles('<w:rFonts w:hint="eastAsia"/>').lower()
    assert _inherits_hint(body_of_xml(xml), styles, xml) is looked
    assert _inherits_hint(body_of_xml(xml), b"<w:styles/>", xml) is False


def test_a_hint_a_style_sets_is_applied() -> None:
    """A character style's hint is the run's; a paragraph style's is not."""
    xml = (
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:rPr><w:rStyle w:val="H"/>'
        '<w:rFonts w:eastAsia="Wingdings"/></w:rPr><w:t>¨ü</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    styles = (
        f'<w:styles xmlns:w="{_W}"><w:style w:type="character" w:styleId="H">'
        '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:style></w:styles>'
    ).encode()
    body = body_of_xml(xml)
    symbol_styled(body, styles, None, xml)
    assert paragraphs_in(body, None) == ["☐ü"]
    in_paragraph = styles.replace(b'type="character"', b'type="paragraph"')
    xml_p = xml.replace(
        b'<w:p><w:r><w:rPr><w:rStyle w:val="H"/>',
        b'<w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:rPr>',
    )
    body = body_of_xml(xml_p)
    symbol_styled(body, in_paragraph, None, xml_p)
    assert paragraphs_in(body, None) == ["¨ü"]
