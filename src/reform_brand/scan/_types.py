"""What a scan check finds, as plain data (no image library needed to read it)."""

from __future__ import annotations

from typing import Final, Literal

from attrs import field, frozen

__all__ = [
    "DEFAULT_LIMITS",
    "Box",
    "Mark",
    "ScanLimits",
    "ScanResult",
    "TextLine",
]

#: A rectangle in page pixels: left, top, right, bottom.
Box = tuple[int, int, int, int]

Status = Literal["ok", "unreadable", "unavailable"]


@frozen(kw_only=True)
class ScanLimits:
    """Limits on what a scan may cost to open.  A PDF over them is reported
    (``scan.unreadable``), never opened further."""

    #: Resolution the pages are rendered at (dots per inch).
    dpi: int = 110
    #: A PDF with more pages is not opened further.
    max_pages: int = 50
    #: Only the first pages are rendered and read ...
    pages_read: int = 3
    #: ... and the last ones, where a long form's signature block is.
    last_pages: int = 2
    #: Pixels of one rendered page; a larger page is rendered at a lower
    #: resolution, down to ``min_dpi``.
    max_page_pixels: int = 12_000_000
    min_dpi: int = 50
    #: Pixels of one image inside the PDF (a decompression bomb guard).
    max_image_pixels: int = 150_000_000
    #: Size of the PDF file.
    max_bytes: int = 64 * 1024 * 1024
    #: What one page may draw, each thing counted as often as it is drawn
    #: (a form drawn 100 times that draws an image 100 times draws it
    #: 10,000 times): objects, inside the forms it draws too; images; and
    #: the pixels of those images; what the appearances of all its
    #: annotations draw added to what its content does.  A few KB drawing an image thousands of
    #: times would keep pdfium rendering for minutes.
    max_page_objects: int = 100_000
    max_page_images: int = 1_000
    max_page_image_pixels: int = 300_000_000
    #: ... and the bytes of their data (pdfium reads an image's data anew
    #: each time it draws it: 20 MB of JBIG2 drawn 1,000 times took it
    #: four minutes, a scan's page image is a few megabytes drawn once).
    max_page_image_bytes: int = 256 * 1024 * 1024
    #: Annotations one page may name (as often as it names them): pdfium
    #: loads each as it draws the page (20,000 took a second, 200,000 five
    #: and 550 MB); a scan has none or a few (an electronic seal, a
    #: signature field, a reader's notes).
    max_page_annotations: int = 1_000
    #: Whether the pages after everything is found are only glanced at, and
    #: the form's head read on the first page that shows text only; False
    #: reads every page looked at whole, its head too (pages scanned out of
    #: order, the head not on page 1).
    glance: bool = True


DEFAULT_LIMITS: Final = ScanLimits()


@frozen(kw_only=True)
class Mark:
    """A seal or a signature found on a page."""

    #: 1-based page number.
    page: int
    box: Box
    #: Whether it lies where the form puts it (the opinion block, beside
    #: the form's signature label, such as 主要负责人（签章）).
    in_place: bool = False
    #: The region around it as PNG, for the report.
    crop_png: bytes = field(default=b"", repr=False)


@frozen(kw_only=True)
class TextLine:
    """One line of text read from a page (text layer or OCR)."""

    page: int
    text: str
    box: Box
    score: float = 1.0
    #: Centre x of each character in page pixels, when OCR placed them.
    char_x: tuple[int, ...] = ()


@frozen(kw_only=True)
class ScanResult:
    """What :func:`reform_brand.scan.verify_scan` found in one PDF."""

    status: Status
    #: Why it is unreadable or unavailable: a short English reason
    #: ("encrypted", "broken", "too-many-pages", "page-too-large",
    #: "image-too-large", "page-too-busy", "image-broken", "too-large",
    #: "encrypted-unchecked": AES without the cryptography package; or the
    #: missing module's name).
    reason: str = ""
    pages: int = 0
    #: Some page is covered by an image (what a scanner produces).
    scanned: bool = False
    #: Some page carries a text layer.
    text_layer: bool = False
    #: Some scanned page read holds a colour image (False: a black-and-white
    #: or greyscale scan, on which a seal shows no red).
    colour: bool = True
    #: 1-based numbers of the pages read that hold nothing (or nothing legible).
    blank_pages: tuple[int, ...] = ()
    #: 1-based numbers of the pages rendered and looked at, read or glanced
    #: at (the first and the last pages of a long scan: ``ScanLimits``);
    #: empty: every page.
    looked_at: tuple[int, ...] = ()
    #: The seals: once the signature line is read, those stamped in its band
    #: (any, when it is not read).
    seals: tuple[Mark, ...] = ()
    #: Red round marks away from the signature line, when none is in its
    #: band (a logo in the letterhead, a seal stamped elsewhere).
    seals_elsewhere: tuple[Mark, ...] = ()
    signatures: tuple[Mark, ...] = ()
    #: Whether the signature line (the form's signature label, such as
    #: 主要负责人（签章）, or the sign words) was found at all.
    signature_line_found: bool = False
    #: The region where the seal belongs, as PNG, when no seal was found.
    seal_region_png: bytes = field(default=b"", repr=False)
    #: The first page, small, as PNG.
    thumbnail_png: bytes = field(default=b"", repr=False)
    lines: tuple[TextLine, ...] = ()
    #: Whether the text was read by OCR (else from the text layer).
    ocr: bool = False
    #: Whether OCR was possible (the engine is installed).
    ocr_available: bool = True
    #: Pages turned upright before reading, in degrees clockwise, per page
    #: read by OCR (not the pages glanced at, see ``glanced_pages``).
    rotations: tuple[int, ...] = ()
    #: 1-based numbers of the pages only glanced at (blank or not), because
    #: the seal, the signature and the form's text were all found before them.
    glanced_pages: tuple[int, ...] = ()
    #: Seconds spent on the whole file.
    seconds: float = 0.0

    @property
    def text(self) -> str:
        """All text read, one line per :class:`TextLine`."""
        return "\n".join(line.text for line in self.lines)

    @property
    def duplex_backs(self) -> tuple[int, ...]:
        """The blank pages that are the backs of sheets printed on one side
        and scanned on both, as a one-sided form scanned in duplex has them:
        every even page looked at, when the scan has an even number of pages,
        each of those is blank and some odd page looked at is not."""
        looked = self._looked()
        backs = tuple(p for p in looked if p % 2 == 0)
        blank = set(self.blank_pages)
        if self.pages % 2 or not backs or not blank.issuperset(backs):
            return ()
        return backs if any(p % 2 and p not in blank for p in looked) else ()

    @property
    def all_blank(self) -> bool:
        """Whether every page looked at is blank (or holds nothing legible)."""
        looked = self._looked()
        return bool(looked) and set(self.blank_pages).issuperset(looked)

    def _looked(self) -> tuple[int, ...]:
        return self.looked_at or tuple(range(1, self.pages + 1))

    @property
    def seal_found(self) -> bool:
        return bool(self.seals)

    @property
    def signature_found(self) -> bool:
        return bool(self.signatures)
