"""Scans as offices receive them and as they are forged, each built here:
a black-and-white fax, a PDF protected with an empty user password (RC4,
AES), one cut short, a picture sent for the PDF, a page turned by /Rotate, a phone
photo, another form.  The first ones are read without OCR; each of the
others runs OCR on one page."""

from __future__ import annotations

import copy
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from reform_brand import Edition, Validator, render_form
from reform_brand.rules._scan import _REASONS
from reform_brand.scan import Expected, ScanLimits, compare, sample_scan, synthetic, verify_scan
from reform_brand.scan._pdf import read_pdf
from tests.scan.conftest import HEAD, SEAL
from tests.scan.pdfs import drawn_pdf, open_encrypted_stencil_pdf, palette_pdf, stencil_pdf
from tests.scan.pdfs_aes import Kind, aes_stencil_pdf
from tests.scan.pdfs_pages import field_seal_pdf, xfa_pdf
from tests.validation.helpers import APPLICATION, NOW

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from reform_brand.scan import _ocr

    monkeypatch.setattr(_ocr, "available", lambda: False)


def _findings(
    scan: bytes, folder: Path, edition: Edition, validator: Validator
) -> list[tuple[str, str, dict[str, Any]]]:
    """Every finding (code, pointer, params) of ``scan`` beside the Word form."""
    env = copy.deepcopy(APPLICATION)
    folder.mkdir(exist_ok=True)
    (folder / "scan.pdf").write_bytes(scan)
    (folder / "form.docx").write_bytes(render_form(edition, "application", env["data"]))
    (folder / "envelope.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
    report = validator.validate(env, base_dir=folder, now=NOW)
    return [(f.code, f.pointer, dict(f.params)) for f in report.findings]


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize(("fill", "colour"), [(b"0 g", False), (b"1 0 0 rg", True)])
def test_a_fax_stored_as_a_stencil_mask_is_black_and_white(
    fill: bytes, colour: bool, tmp_path: Path
) -> None:
    """A 1-bit scan stored as /ImageMask has no colour space: painted black
    it is a black-and-white scan (its scan.no-seal says the seal cannot be
    told by its red), painted red it is not."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(stencil_pdf(fill))
    result = verify_scan(path)
    assert (result.status, result.scanned, result.colour) == ("ok", True, colour)


_GREYS = bytes(v for i in range(256) for v in (i, i, i))


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize(
    ("palette", "bits", "colour"),
    [
        (bytes([0, 0, 0, 255, 255, 255]), 1, False),
        (bytes([255, 255, 255, 0, 0, 0]), 1, False),
        (_GREYS, 8, False),
        (bytes([200, 0, 0, 255, 255, 255]), 1, True),
        (_GREYS[:-3] + bytes([255, 0, 0]), 8, True),
    ],
)
def test_a_scan_in_a_palette_of_greys_is_black_and_white(
    palette: bytes, bits: int, colour: bool, tmp_path: Path
) -> None:
    """A black-and-white (or greyscale) scan stored in a palette of greys
    shows no red, as one stored in a grey colour space; a palette whose
    colours drawn hold red does."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(palette_pdf(palette, bits))
    result = verify_scan(path)
    assert (result.status, result.scanned, result.colour) == ("ok", True, colour)


@pytest.mark.usefixtures("no_ocr")
def test_a_seal_put_on_as_a_signature_field_is_seen(tmp_path: Path) -> None:
    """An electronic seal put on a scan as a signature field's picture (its
    widget's normal appearance), as a viewer shows it: pdfium draws a
    widget only with the document's form fields loaded."""
    import random

    [page] = synthetic.draw_form_pages("申报表", [("申报单位", "济南市科协")], dpi=100)
    out = io.BytesIO()
    page.image.convert("RGB").save(out, "JPEG", quality=85)
    seal = synthetic._seal(160, SEAL, random.Random(3))  # (42 mm at 100 dpi)
    rgb, alpha = seal.convert("RGB").tobytes(), seal.getchannel("A").tobytes()
    size = (page.image.width, page.image.height)
    path = tmp_path / "scan.pdf"
    for at, found in ((b"0 0 0 0", False), (b"380 120 500 240", True)):
        path.write_bytes(field_seal_pdf(out.getvalue(), size, rgb, alpha, at))
        result = verify_scan(path)
        assert (result.status, result.seal_found) == ("ok", found)


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize(("entries", "found"), [(b"/TP 1", True), (b"/TP 0", False), (b"", False)])
def test_a_seal_put_on_as_a_button_icon_is_seen_where_shown(
    entries: bytes, found: bool, tmp_path: Path
) -> None:
    """An electronic seal put on as a pushbutton's icon (``/MK /I``), no
    appearance stream: pdfium makes the button's appearance from it, as a
    viewer does, when the icon is shown (``/TP`` 1 to 6), not when only
    the caption is (``/TP 0``, the default)."""
    import random

    [page] = synthetic.draw_form_pages("申报表", [("申报单位", "济南市科协")], dpi=100)
    out = io.BytesIO()
    page.image.convert("RGB").save(out, "JPEG", quality=85)
    seal = synthetic._seal(160, SEAL, random.Random(3))
    rgb, alpha = seal.convert("RGB").tobytes(), seal.getchannel("A").tobytes()
    size = (page.image.width, page.image.height)
    path = tmp_path / "scan.pdf"
    path.write_bytes(field_seal_pdf(out.getvalue(), size, rgb, alpha, b"380 120 500 240", entries))
    result = verify_scan(path)
    assert (result.status, result.seal_found) == ("ok", found)


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize("resolution", [150, 72, 36, 300])
def test_a_photo_saved_at_its_own_size_is_read_on_its_paper(
    resolution: int, tmp_path: Path
) -> None:
    """A photo of the signed form saved as PDF at its own size (a phone's
    photo at 72 dpi is a page 1.4 m long): its paper is taken for an A4
    sheet, so that the seal is measured on it, and the page is rendered
    as a scan of that paper is (110 dpi), not at 12 million pixels."""
    [page] = synthetic.draw_form_pages("申报表", [("申报单位", "济南市科协")], dpi=100)
    scan = pdfium.PdfDocument(synthetic.scan_pdf([page], seal_text=SEAL, seed=3))
    photo = scan[0].render(scale=150 / 72).to_pil()
    out = io.BytesIO()
    photo.save(out, "PDF", resolution=resolution)
    path = tmp_path / "scan.pdf"
    path.write_bytes(out.getvalue())
    result = verify_scan(path)
    assert (result.status, result.seal_found) == ("ok", True)
    _, [read] = read_pdf(path, ScanLimits())
    assert round(read.dpi) == 110
    assert abs(max(read.rgb.shape) - 297 / 25.4 * 110) < 2  # (A4's long side)


@pytest.mark.usefixtures("no_ocr")
def test_an_xfa_form_is_read_without_a_word_on_stderr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """pdfium draws no XFA form: its fields are not loaded, and nothing
    tells the clerk to reinstall pypdfium2."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(xfa_pdf())
    with caplog.at_level("WARNING"):
        result = verify_scan(path)
    assert (result.status, [r.name for r in caplog.records]) == ("ok", [])


@pytest.mark.usefixtures("no_ocr")
def test_a_scan_protected_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    """Encrypted, but it opens without a password: read as any scan (one
    whose user password is not empty is scan.unreadable, test_robustness)."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(open_encrypted_stencil_pdf())
    result = verify_scan(path)
    assert (result.status, result.scanned, result.colour) == ("ok", True, False)
    assert result.blank_pages == ()


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize("kind", ["aesv2", "r5", "r6"])
def test_a_scan_protected_against_editing_with_aes_is_read(kind: Kind, tmp_path: Path) -> None:
    """An owner's password only, AES (Acrobat's default, AES-256 at /R 6):
    it opens without a password and is read as any scan."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(aes_stencil_pdf(kind))
    result = verify_scan(path)
    assert (result.status, result.scanned, result.colour) == ("ok", True, False)
    assert result.blank_pages == ()


def test_aes_without_the_cipher_is_unchecked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """Without the cryptography package an AES-encrypted scan is
    scan.unreadable for that reason, not as a file too large."""
    scan = aes_stencil_pdf("r6", b"2 2 m")
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives.ciphers", None)
    found = _findings(scan, tmp_path, edition, validator)
    cause = "encrypted-unchecked"
    assert [(c, p, f.get("cause")) for c, p, f in found] == [("scan.unreadable", P, cause)]
    reason = found[0][2]["reason"]
    assert (reason.zh, reason.en) == _REASONS[cause]


def test_a_page_that_draws_too_much_is_said_so(
    tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """A scan of a few KB drawing 200,000 squares is scan.unreadable for
    that reason, not as a file too large."""
    found = _findings(drawn_pdf(10, 1000, 200, b"0 0 1 1 re f"), tmp_path, edition, validator)
    cause = "page-too-busy"
    assert [(c, p, f.get("cause")) for c, p, f in found] == [("scan.unreadable", P, cause)]
    reason = found[0][2]["reason"]
    assert (reason.zh, reason.en) == _REASONS[cause]


@pytest.mark.parametrize("share", [0.3, 0.9, 0.999])
def test_a_scan_cut_short_is_broken(
    share: float, tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    scan = sample_scan()
    found = _findings(scan[: int(len(scan) * share)], tmp_path, edition, validator)
    assert [(c, p, f.get("cause")) for c, p, f in found] == [("scan.unreadable", P, "broken")]


@pytest.mark.parametrize(("fmt", "detected"), [("PNG", "图片（PNG）"), ("JPEG", "图片（JPEG）")])
def test_a_picture_sent_for_the_pdf(
    fmt: str, detected: str, tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """A photo of the form named scan.pdf: the wrong type, said once by the
    deliverables rule (the scan is not looked at)."""
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, fmt)
    found = _findings(out.getvalue(), tmp_path, edition, validator)
    assert [(c, p) for c, p, _ in found] == [("deliverables.wrong-type", P)]
    assert found[0][2]["detected"].zh == detected


def _pages(pdf: bytes) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=100 / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def _as_pdf(images: list[Image.Image], **options: Any) -> bytes:
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=100.0, save_all=True, append_images=images[1:], **options)
    return out.getvalue()


def test_a_page_turned_by_rotate(scan_forms: dict[str, list[Any]], tmp_path: Path) -> None:
    """An upright scan whose page says /Rotate 180 (turned in a viewer and
    saved) is shown upside down: it is turned back and read."""
    doc = pdfium.PdfDocument(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, seed=41))
    doc[0].set_rotation(180)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    path = tmp_path / "scan.pdf"
    path.write_bytes(out.getvalue())
    result = verify_scan(path, label=HEAD)
    assert result.rotations == (180,)
    assert [s.in_place for s in result.seals] == [True] and len(result.signatures) == 1


def test_a_phone_photo(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    """The signed form photographed: a shadow across it (its left edge at
    43 % of the light), warm light, turned 2.5° on a dark table, JPEG."""
    (page,) = _pages(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, seed=42))
    shade = np.linspace(110, 255, page.width)[None, :, None] / 255
    lit = np.asarray(page).astype(float) * shade * np.array([1.0, 0.97, 0.9])
    photo = Image.fromarray(lit.clip(0, 255).astype(np.uint8))
    photo = photo.rotate(2.5, expand=True, fillcolor=(60, 55, 50))
    assert submit(_as_pdf([photo], quality=60)) == []


def test_a_black_and_white_fax(
    scan_forms: dict[str, list[Any]], tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """Signed and stamped, sent 1 bit a pixel: the seal is not told (and
    scan.no-seal says why), the signature and the form are."""
    (page,) = _pages(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, seed=43))
    fax = page.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    found = _findings(_as_pdf([fax]), tmp_path, edition, validator)
    assert [(c, p, f["grey"]) for c, p, f in found] == [("scan.no-seal", P, True)]


def test_the_scan_of_another_form(
    scan_forms: dict[str, list[Any]], tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """The signed recommendation form sent as the application's scan: not
    the same form, its title (…推荐表, 90 % like …申报表) included."""
    scan = synthetic.scan_pdf(scan_forms["recommendation"], seal_text=SEAL, seed=44)
    found = _findings(scan, tmp_path, edition, validator)
    assert [(c, p, f["field"]) for c, p, f in found] == [
        ("scan.mismatch", P, "form-title"),
        ("scan.mismatch", P, "/applicant_unit"),
        ("scan.mismatch", P, "/project_name"),
    ]


def test_another_forms_title_is_not_this_ones() -> None:
    """The application form's title is not read from the recommendation
    form's, 90 % alike, when that is a title of the edition too; the
    application's own title, misread by a character, still is."""
    head = "2022年度山东省科协改革品牌项目"
    title = Expected(
        key="title",
        label="表格标题",
        label_en="form title",
        value=head + "申报表",
        rivals=(head + "推荐表",),
    )
    assert [m.key for m in compare([head + "推荐表"], [title])] == ["title"]
    assert compare([head + "申扳表"], [title]) == []
    assert compare([head + "申报表"], [attrs.evolve(title, rivals=())]) == []
