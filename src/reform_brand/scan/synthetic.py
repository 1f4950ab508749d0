"""Realistic synthetic scans, for tests, benchmarks and demo inboxes.

A filled form (a PDF exported by LibreOffice, or pages drawn here) is
rasterised; a round red seal carrying the unit's name and a signature stroke
are drawn in with Pillow where the form puts them (by its own signature
and seal labels: 法定代表人（签字） and 单位（盖章） as well as the reference
edition's 主要负责人（签章） and （单位公章））; the page may be turned,
greyed, made noisy and saved as JPEG inside an image-only PDF, as a scanner
does.  Needs the ``scan`` extra (pypdfium2, numpy, Pillow)."""

from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np
import pypdfium2 as pdfium
from attrs import frozen
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from reform_brand.scan._label import SEAL_WORDS, SIGN_WORDS, SignLabel, sign_label

__all__ = [
    "DRAWN_LABEL",
    "DRAWN_SEAL",
    "FormPage",
    "cjk_font",
    "docx_to_pdf",
    "docx_to_pdfs",
    "draw_form_pages",
    "form_pages",
    "scan_from_docx",
    "scan_pdf",
]

_FONTS: Final = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)

#: Where the seal and the signature go (the keys of :attr:`FormPage.anchors`):
#: the seal by the form's seal label (its seal words, such as 公章 of
#: （单位公章） or 盖章 of 单位（盖章））, the signature by the form's signature
#: label (its sign words, such as 签章 of 主要负责人（签章）).
SEAL_ANCHOR: Final = "公章"
SIGNATURE_ANCHOR: Final = "签章"

Box = tuple[int, int, int, int]


@frozen(kw_only=True)
class FormPage:
    """One page of a filled form as pixels, with the boxes of the words the
    seal and the signature are put beside (when on this page)."""

    image: Image.Image
    dpi: int
    anchors: dict[str, Box]
    #: The box of the whole signature label, when known (drawn pages): a
    #: seal put ``seal_on_label`` is placed along it.
    label_box: Box | None = None


#: The signature label drawn by :func:`draw_form_pages` unless told.
DRAWN_LABEL: Final = "主要负责人（签章）"
#: The seal label drawn by :func:`draw_form_pages` unless told.
DRAWN_SEAL: Final = "（单位公章）"


def cjk_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font that draws Chinese, from the usual system places (Pillow's own
    font, without Chinese, when none is installed)."""
    for name in _FONTS:
        if Path(name).is_file():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default(size)


def docx_to_pdf(docx: bytes, *, timeout: float = 120) -> bytes | None:
    """``docx`` printed to PDF by LibreOffice, or None when it is not
    installed or fails."""
    return docx_to_pdfs([docx], timeout=timeout)[0]


def docx_to_pdfs(docs: Sequence[bytes], *, timeout: float = 180) -> list[bytes | None]:
    """Each of ``docs`` printed to PDF by one LibreOffice run (None for each
    when it is not installed or fails)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or not docs:
        return [None] * len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, docx in enumerate(docs):
            src = Path(tmp) / f"form-{i}.docx"
            src.write_bytes(docx)
            names.append(str(src))
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            *names,
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return [None] * len(docs)
        out = [Path(tmp) / f"form-{i}.pdf" for i in range(len(docs))]
        return [p.read_bytes() if p.is_file() else None for p in out]


def form_pages(
    pdf: bytes, *, dpi: int = 110, label: str = DRAWN_LABEL, seal_label: str = DRAWN_SEAL
) -> list[FormPage]:
    """The pages of a PDF with a text layer (a form exported to PDF),
    rasterised, with the seal and signature anchors found in its text: the
    signature's by ``label``, the form's signature label (主要负责人（签章）
    unless told; another edition's form has its own, such as
    法定代表人（签字））, at its sign words (签字 of it; the whole label when
    it has none), the label's box kept as :attr:`FormPage.label_box`.
    Where the label is not printed whole, its sign words (or, for a label
    without any, 签章, 签字 or 签名) are looked for alone.  The seal's by
    ``seal_label``, the form's seal label (（单位公章） unless told; another
    edition's has its own, such as 单位（盖章）: see
    :func:`reform_brand.scan._label.seal_label`), at its seal words (盖章 of
    it; the whole label when it has none), or those words alone where the
    label is not printed whole; "" for a form without one (the seal then
    goes over the date: :func:`scan_pdf`)."""
    sign = sign_label(label)
    stamp = "".join(seal_label.split())
    doc = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in doc:
            scale = dpi / 72
            image = page.render(scale=scale).to_pil().convert("RGB")
            textpage = page.get_textpage()
            place = _Place(textpage, page.get_height(), scale)
            anchors: dict[str, Box] = {}
            seal = place.seal(stamp)
            if seal is not None:
                anchors[SEAL_ANCHOR] = seal
            sig, label_box = place.signature(sign)
            if sig is not None:
                anchors[SIGNATURE_ANCHOR] = sig
            textpage.close()
            pages.append(FormPage(image=image, dpi=dpi, anchors=anchors, label_box=label_box))
    finally:
        doc.close()
    return pages


class _Place:
    """Where words are on a page of a PDF with a text layer, in pixels of
    the page rendered at ``scale``."""

    def __init__(self, textpage: pdfium.PdfTextPage, height: float, scale: float) -> None:
        self.textpage, self.height, self.scale = textpage, height, scale

    def of(self, words: str) -> tuple[int, int] | None:
        """The first characters that read ``words``: their index and
        count."""
        hit = self.textpage.search(words).get_next()
        return None if hit is None else (int(hit[0]), int(hit[1]))

    def signature(self, sign: SignLabel) -> tuple[Box | None, Box | None]:
        """The signature anchor by the label ``sign`` (see
        :func:`form_pages`), and the box of the whole label when it is
        printed whole."""
        whole = self.of(sign.text) if sign.text else None
        if whole is None:
            words = (sign.sign,) if sign.sign else SIGN_WORDS
            hit = next((h for w in words if (h := self.of(w)) is not None), None)
            return (self.box(*hit) if hit is not None else None), None
        label = self.box(*whole)
        if not sign.sign:
            return label, label
        return self.box(whole[0] + sign.text.rfind(sign.sign), len(sign.sign)), label

    def seal(self, label: str) -> Box | None:
        """The seal anchor by the seal label ``label`` (see
        :func:`form_pages`)."""
        words = [w for w in SEAL_WORDS if w in label]
        whole = self.of(label) if label else None
        if whole is None:
            hit = next((h for w in words if (h := self.of(w)) is not None), None)
            return self.box(*hit) if hit is not None else None
        if not words:
            return self.box(*whole)
        return self.box(whole[0] + label.find(words[0]), len(words[0]))

    def box(self, index: int, count: int) -> Box:
        """The box of ``count`` characters from ``index``."""
        boxes = [self.textpage.get_charbox(index + k) for k in range(count)]
        left = min(b[0] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = min(b[1] for b in boxes)
        top = max(b[3] for b in boxes)
        s = self.scale
        return (
            int(left * s),
            int((self.height - top) * s),
            int(right * s),
            int((self.height - bottom) * s),
        )


def draw_form_pages(
    title: str,
    rows: Sequence[tuple[str, str]],
    *,
    dpi: int = 110,
    label: str = DRAWN_LABEL,
    seal_label: str = DRAWN_SEAL,
) -> list[FormPage]:
    """A one-page form drawn with Pillow (when LibreOffice is missing): the
    title, a table of label and value rows, and the opinion block with the
    signature ``label`` (主要负责人（签章） unless told; another edition's
    form has its own) and the seal label ``seal_label`` (（单位公章） unless
    told, such as 单位（盖章）; none for "")."""
    mm = dpi / 25.4
    width, height = int(210 * mm), int(297 * mm)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    big, small = cjk_font(int(5.5 * mm)), cjk_font(int(3.7 * mm))
    draw.text((width / 2, 30 * mm), title, fill="black", font=big, anchor="mm")
    left, right, top = int(20 * mm), int(190 * mm), int(42 * mm)
    y = top
    for name, value in rows:
        draw.rectangle((left, y, right, y + int(12 * mm)), outline="black", width=2)
        draw.line((left + int(35 * mm), y, left + int(35 * mm), y + int(12 * mm)), "black", 2)
        draw.text((left + 3 * mm, y + 6 * mm), name, fill="black", font=small, anchor="lm")
        draw.text((left + 38 * mm, y + 6 * mm), value, fill="black", font=small, anchor="lm")
        y += int(12 * mm)
    block = (left, y, right, y + int(60 * mm))
    draw.rectangle(block, outline="black", width=2)
    draw.text((left + 3 * mm, y + 8 * mm), "推荐单位意见", fill="black", font=small, anchor="lm")
    sig_xy = (left + 45 * mm, y + 35 * mm)
    seal_xy = (left + 125 * mm, y + 35 * mm)
    draw.text(sig_xy, label, fill="black", font=small, anchor="lm")
    if seal_label:
        draw.text(seal_xy, seal_label, fill="black", font=small, anchor="lm")
    draw.text(
        (left + 120 * mm, y + 48 * mm), "年　　月　　日", fill="black", font=small, anchor="lm"
    )
    anchors: dict[str, Box] = {}
    for word, (x, yy), words in (
        (SIGNATURE_ANCHOR, sig_xy, label),
        (SEAL_ANCHOR, seal_xy, seal_label),
    ):
        if not words:
            continue
        bbox = draw.textbbox((x, yy), words, font=small, anchor="lm")
        anchors[word] = (int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3]))
    sig = anchors[SIGNATURE_ANCHOR]
    return [FormPage(image=image, dpi=dpi, anchors=anchors, label_box=sig)]


def _seal(diameter: int, text: str, rng: random.Random) -> Image.Image:
    """A round red seal: ring, star, the unit's name along the top arc."""
    size = diameter + 4
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    red = (205 + rng.randint(-15, 25), 25 + rng.randint(0, 30), 35 + rng.randint(0, 25), 235)
    ring = max(2, diameter // 28)
    draw.ellipse((2, 2, size - 3, size - 3), outline=red, width=ring)
    c, r = size / 2, diameter / 2
    star = []
    for k in range(10):
        rad = r * (0.22 if k % 2 == 0 else 0.09)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + rad * math.cos(a), c + rad * math.sin(a)))
    draw.polygon(star, fill=red)
    chars = list(text) or ["印"]
    font = cjk_font(max(8, int(diameter * 0.15)))
    span = min(math.radians(230), math.radians(26) * len(chars))
    for i, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(chars)
        glyph = Image.new("RGBA", (int(r * 0.4), int(r * 0.4)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, fill=red, font=font, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True, resample=Image.Resampling.BICUBIC)
        x = c + r * 0.72 * math.cos(a) - glyph.width / 2
        y = c + r * 0.72 * math.sin(a) - glyph.height / 2
        seal.alpha_composite(glyph, (int(x), int(y)))
    return seal


def _signature(
    draw: ImageDraw.ImageDraw, x: float, y: float, mm: float, rng: random.Random
) -> None:
    """A handwritten-looking stroke about 30 mm wide, starting at (x, y)."""
    points = []
    steps = 80
    width = (26 + rng.random() * 10) * mm
    for k in range(steps + 1):
        t = k / steps
        px = x + t * width
        py = y + math.sin(t * math.pi * (3 + rng.random())) * 3.5 * mm * (1 - 0.5 * t)
        py += math.sin(t * math.pi * 11) * 1.2 * mm
        points.append((px, py))
    ink = (20 + rng.randint(0, 20), 25 + rng.randint(0, 20), 70 + rng.randint(0, 60))
    draw.line(points, fill=ink, width=max(2, int(0.6 * mm)), joint="curve")
    loop = [
        (x + 4 * mm + 3 * mm * math.cos(a / 10), y + 2.5 * mm * math.sin(a / 10)) for a in range(70)
    ]
    draw.line(loop, fill=ink, width=max(2, int(0.5 * mm)))


def _multiply(image: Image.Image, layer: Image.Image) -> Image.Image:
    """``layer`` inked onto ``image``: ink over print stays dark, as a real
    seal's does (an opaque paste would hide the words under it)."""
    base = np.asarray(image.convert("RGB"), dtype=np.float64)
    ink = np.asarray(layer, dtype=np.float64) / 255
    alpha = ink[:, :, 3:4]
    out = base * (1 - alpha + alpha * ink[:, :, :3])
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _degrade(
    image: Image.Image, *, noise: float, grey: int, skew: float, rng: random.Random
) -> Image.Image:
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white")
    arr = np.asarray(image, dtype=np.float64)
    if grey:
        arr = arr * (255 - grey) / 255
    if noise:
        gen = np.random.default_rng(rng.randint(0, 2**31))
        arr = arr + gen.normal(0, noise, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return out.filter(ImageFilter.GaussianBlur(0.4)) if noise else out


def _on_label(sig: Box, along: float, down: float, mm: float, whole: Box | None) -> Box:
    """The point ``along`` the width of the signature label (0 its left
    end, 1 its right end) and ``down`` mm below its middle: from its box
    ``whole`` when known, else from the box ``sig`` of its sign words, as
    签章 lies in 主要负责人（签章） (characters 7 and 8 of 9)."""
    pitch = (sig[2] - sig[0]) / 2
    left, right = sig[0] - 6 * pitch, sig[2] + pitch
    if whole is not None:
        left, right = whole[0], whole[2]
    x = int(left + along * (right - left))
    y = int((sig[1] + sig[3]) / 2 + down * mm)
    return (x, y, x, y)


def scan_pdf(
    pages: Sequence[FormPage],
    *,
    seal_text: str | None = None,
    signature: bool = True,
    rotate: int = 0,
    skew: float = 0.0,
    noise: float = 6.0,
    grey: int = 18,
    jpeg_quality: int = 70,
    blank: bool = False,
    seal_on_label: tuple[float, float] | None = None,
    greyscale: bool = False,
    duplex: bool = False,
    seed: int = 0,
) -> bytes:
    """An image-only PDF as a scanner makes it from the printed ``pages``:
    a round red seal with ``seal_text`` over the seal anchor (the form's
    seal label: 公章 of （单位公章）, 盖章 of 单位（盖章）), or over the
    date when the form has none (no seal when ``seal_text`` is None), or
    with ``seal_on_label`` = (along, down) over the signature label
    (主要负责人（签章） on a printed form): its centre ``along`` their width from their left
    end (0 to 1) and ``down`` mm below their middle; a signature right of
    the signature anchor (the label's sign words, 签章 of 主要负责人（签章）)
    when ``signature``,
    turned by ``rotate`` degrees (a multiple of 90) and ``skew`` degrees,
    greyed, with noise, each page a JPEG (``greyscale``: a grey one, as a
    scanner set to greyscale saves it, where the seal shows no red).
    ``blank`` scans empty paper; ``duplex`` scans both sides of each sheet
    printed on one (every other page the blank back of the one before)."""
    rng = random.Random(seed)
    images = []
    for page in pages:
        mm = page.dpi / 25.4
        image = page.image.convert("RGB").copy()
        if blank:
            image = Image.new("RGB", image.size, "white")
        draw = ImageDraw.Draw(image)
        sig = page.anchors.get(SIGNATURE_ANCHOR)
        if signature and sig is not None and not blank:
            _signature(draw, sig[2] + 4 * mm, (sig[1] + sig[3]) / 2, mm, rng)
        spot = page.anchors.get(SEAL_ANCHOR)
        if spot is None and sig is not None:  # a form without a seal label: over the date
            x = min((sig[0] + sig[2]) // 2, image.width - int(28 * mm))
            y = sig[3] + int(12 * mm)
            spot = (x, y, x, y)
        if seal_on_label is not None and sig is not None:
            spot = _on_label(sig, *seal_on_label, mm, page.label_box)
        if seal_text is not None and spot is not None and not blank:
            seal = _seal(int(42 * mm), seal_text, rng)
            seal = seal.rotate(rng.uniform(-20, 20), resample=Image.Resampling.BICUBIC)
            cx = (spot[0] + spot[2]) / 2 + rng.uniform(-4, 4) * mm
            cy = (spot[1] + spot[3]) / 2 + rng.uniform(-4, 4) * mm
            layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
            layer.alpha_composite(seal, (int(cx - seal.width / 2), int(cy - seal.height / 2)))
            image = _multiply(image, layer)
        image = _degrade(image, noise=noise, grey=grey, skew=skew, rng=rng)
        if rotate % 360:
            image = image.rotate(-rotate, expand=True)
        images.append(image.convert("L") if greyscale else image)
        if duplex:
            back = _degrade(
                Image.new("RGB", image.size, "white"), noise=noise, grey=grey, skew=0.0, rng=rng
            )
            images.append(back.convert("L") if greyscale else back)
    out = io.BytesIO()
    first, *rest = images
    first.save(
        out,
        "PDF",
        resolution=float(pages[0].dpi),
        save_all=True,
        append_images=rest,
        quality=jpeg_quality,
    )
    return out.getvalue()


def scan_from_docx(
    docx: bytes,
    *,
    title: str,
    rows: Sequence[tuple[str, str]],
    dpi: int = 110,
    seal_text: str | None = None,
    signature: bool = True,
    rotate: int = 0,
    seed: int = 0,
    label: str = DRAWN_LABEL,
    seal_label: str = DRAWN_SEAL,
) -> bytes:
    """A scan of the Word form ``docx`` as :func:`scan_pdf` makes it: printed
    by LibreOffice when installed, else drawn from ``title`` and ``rows``
    (label, value); the signature goes by ``label``, the form's signature
    label, and the seal by ``seal_label``, its seal label.  For demo
    inboxes: ``seal_text=None`` gives an unstamped scan; the ``docx`` of
    another project gives a mismatched one."""
    pdf = docx_to_pdf(docx)
    pages = (
        form_pages(pdf, dpi=dpi, label=label, seal_label=seal_label)
        if pdf
        else draw_form_pages(title, rows, dpi=dpi, label=label, seal_label=seal_label)
    )
    return scan_pdf(pages, seal_text=seal_text, signature=signature, rotate=rotate, seed=seed)
