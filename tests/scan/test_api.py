"""verify_scan's results for the report (boxes, PNG crops, thumbnail) and
the fuzzy comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reform_brand.scan import Expected, compare, normalise, synthetic, verify_scan
from tests.scan.conftest import SEAL

PNG = b"\x89PNG\r\n\x1a\n"


def test_results_for_the_report(scan_forms: dict[str, list[Any]], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, rotate=270, seed=11))
    result = verify_scan(path)
    assert result.status == "ok" and result.scanned and result.ocr
    assert result.rotations == (90,)
    (seal,) = result.seals
    assert seal.page == 1 and seal.in_place
    x0, y0, x1, y1 = seal.box
    assert 0.8 < (x1 - x0) / (y1 - y0) < 1.25
    assert seal.crop_png.startswith(PNG)
    assert result.signatures and result.signatures[0].crop_png.startswith(PNG)
    assert result.thumbnail_png.startswith(PNG)
    assert result.seal_region_png == b""
    assert verify_scan(path) is result  # read once per file


def test_the_empty_seal_region_is_given(scan_forms: dict[str, list[Any]], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=12))
    result = verify_scan(path)
    assert result.seals == () and result.seal_region_png.startswith(PNG)


def _expected(**values: str) -> list[Expected]:
    return [Expected(key=k, label=k, label_en=k, value=v) for k, v in values.items()]


def test_compare_tolerates_ocr_errors_in_long_values() -> None:
    lines = ["2022年度山东省科协改革品牌项目中报表", "项目名称", "“三长”进驻“两中心”工作机制刨新"]
    expected = _expected(
        title="2022 年度山东省科协改革品牌项目申报表", project="“三长”进驻“两中心”工作机制创新"
    )
    assert compare(lines, expected) == []


def test_compare_names_what_differs() -> None:
    lines = ["申报单位：青岛市科协", "项目名称", "数字科普公园建设"]
    found = compare(lines, _expected(unit="济南市科协", project="数字科普公园建设"))
    assert [(m.key, m.expected) for m in found] == [("unit", "济南市科协")]


def test_a_value_split_over_lines_is_found() -> None:
    assert (
        compare(
            ["“三长”进驻“两中", "心”工作机制创新"], _expected(p="“三长”进驻“两中心”工作机制创新")
        )
        == []
    )


def test_normalise_drops_spaces_and_punctuation() -> None:
    assert normalise(" 2022 年度（试行）“A” ") == "2022年度试行a"


def test_a_seal_over_the_signature_words(scan_forms: dict[str, list[Any]], tmp_path: Path) -> None:
    """The 推荐表 has no （单位公章） words: the seal is put over the date and
    the end of 主要负责人（签章）, which OCR then reads only in part."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        synthetic.scan_pdf(scan_forms["recommendation"], seal_text="山东省科学技术协会", seed=13)
    )
    result = verify_scan(path)
    assert [s.in_place for s in result.seals] == [True]
    assert result.signature_line_found and len(result.signatures) == 1


def test_the_thumbnail_is_the_first_page_with_ink(
    scan_forms: dict[str, list[Any]], tmp_path: Path
) -> None:
    """A blank sheet before the form: the pages are read 1, then from the
    last back, and the thumbnail is of page 2, the form's head (it was of
    the last page, read next)."""
    import io

    import numpy as np
    import pypdfium2
    from PIL import Image

    from reform_brand.scan.synthetic import FormPage

    two = scan_forms["two"]
    blank = FormPage(image=Image.new("RGB", two[0].image.size, "white"), dpi=two[0].dpi, anchors={})
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf([blank, *two], seal_text=SEAL, seed=13))
    result = verify_scan(path)
    assert result.status == "ok" and result.blank_pages == (1,) and result.pages > 2
    thumb = Image.open(io.BytesIO(result.thumbnail_png)).convert("L")
    doc = pypdfium2.PdfDocument(path.read_bytes())
    pages = [
        doc[i].render(scale=0.5).to_pil().convert("L").resize(thumb.size) for i in range(len(doc))
    ]
    doc.close()
    shown = np.asarray(thumb, dtype=np.int16)
    apart = [float(np.abs(np.asarray(p, dtype=np.int16) - shown).mean()) for p in pages]
    assert apart.index(min(apart)) == 1
