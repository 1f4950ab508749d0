"""Checking the signed scans: a round red seal, a signature beside the
form's signature label (主要负责人（签章） on the reference edition's forms),
and the same form (title, unit, project) as the Word file.

Needs the ``scan`` extra (``pip install 'reform-brand[scan]'``: pypdfium2,
numpy, Pillow, OpenCV, rapidocr-onnxruntime).  Importing this package costs
nothing: the image and OCR libraries are imported on the first
:func:`verify_scan`.  :func:`missing_extra` says whether they are there.

The report and the roster call :func:`verify_scan` for the pictures (the
seal crops, the empty seal region, the first page's thumbnail, all PNG
bytes); results are kept per file (:mod:`reform_brand.scan._results`), so
the validation rule's work is reused, also from ``check --jobs`` workers
started inside :func:`shared_results`, and by content between runs
(:mod:`reform_brand.scan._store`, ``REFORM_BRAND_SCAN_STORE``).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from importlib.resources import files
from pathlib import Path
from typing import Final

from reform_brand.opened import drop_pdf_content
from reform_brand.scan._compare import Expected, Mismatch, compare, normalise
from reform_brand.scan._results import keep, kept, left, shared_results
from reform_brand.scan._store import stored
from reform_brand.scan._types import (
    DEFAULT_LIMITS,
    Box,
    Mark,
    ScanLimits,
    ScanResult,
    TextLine,
)

__all__ = [
    "DEFAULT_LIMITS",
    "INSTALL_HINT",
    "Box",
    "Expected",
    "Mark",
    "Mismatch",
    "ScanLimits",
    "ScanResult",
    "TextLine",
    "compare",
    "extra_installed",
    "left_result",
    "missing_extra",
    "missing_ocr",
    "normalise",
    "sample_scan",
    "shared_results",
    "text_layer",
    "verify_scan",
]

INSTALL_HINT: Final = "pip install 'reform-brand[scan]'"

#: Imported to verify a scan (module, distribution).
_NEEDED: Final = (
    ("numpy", "numpy"),
    ("cv2", "opencv-python"),
    ("PIL", "Pillow"),
    ("pypdfium2", "pypdfium2"),
)
_OCR: Final = ("rapidocr_onnxruntime", "rapidocr-onnxruntime")


def _missing(modules: tuple[tuple[str, str], ...]) -> str | None:
    for module, dist in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            return dist
    return None


def missing_extra() -> str | None:
    """The first package of the ``scan`` extra that cannot be imported (its
    distribution name), or None when scans can be verified."""
    return _missing(_NEEDED)


def extra_installed() -> bool:
    """Whether the packages of the ``scan`` extra are installed, found
    without importing them (:func:`missing_extra` imports them: some 40 MB
    for a process that only reads results others made)."""
    try:
        return all(importlib.util.find_spec(module) is not None for module, _dist in _NEEDED)
    except (ImportError, ValueError):
        return False


@functools.cache
def _installed() -> bool:
    """:func:`extra_installed`, looked for once per process (each look
    searches the import path for four packages)."""
    return extra_installed()


def left_result(
    path: Path, *, limits: ScanLimits = DEFAULT_LIMITS, label: str = ""
) -> ScanResult | None:
    """The result :func:`verify_scan` already gave in this run for the file
    at ``path`` or for the same content (in this process, or in a worker
    that shares its results: see :func:`shared_results`), with ``label``
    (the form's signature label, as :func:`verify_scan` takes it: a result
    found by one label is not another's); None when there is none.
    Verifies nothing and loads no image library."""
    return left(Path(path), limits, "".join(label.split()))


def missing_ocr() -> str | None:
    """The OCR package's name when it cannot be imported (then the seal is
    still looked for, but not the signature line or the form's text)."""
    return _missing((_OCR,))


def verify_scan(path: Path, *, limits: ScanLimits = DEFAULT_LIMITS, label: str = "") -> ScanResult:
    """What the PDF at ``path`` shows: whether it is a scan, its seals (with
    boxes and PNG crops), its signature, the text read and a thumbnail.

    ``label`` is the signature label of the form the scan is checked
    against (its ``kind = "signature"`` block's Chinese label, such as
    主要负责人（签章）): the signature line is found by it, also when a seal
    hides part of it.  Without one, only the sign words (签章, 签字, 签名)
    mark the line.  Results are kept per label: a scan checked against two
    forms is read for each.

    Never raises for a bad file: a broken, encrypted or oversized PDF gives
    ``status="unreadable"`` with the reason; without the extra, the status
    is ``"unavailable"`` and ``reason`` names the missing package.

    A scan this run verified, or one an earlier run kept
    (:mod:`reform_brand.scan._store`), is given back without importing the
    image libraries."""
    path = Path(path)
    try:
        return _verify_scan(path, limits, "".join(label.split()))
    finally:
        # The content a sniff kept for this verification: taken by it, or
        # not needed (a result kept, the extra missing).
        drop_pdf_content(path)


def _verify_scan(path: Path, limits: ScanLimits, label: str) -> ScanResult:
    key, result = kept(path, limits, label) if _installed() else (None, None)
    if result is None and key is not None:
        result = stored(path, limits, label)
        if result is not None:
            keep(key, result)
    if result is not None:
        return result
    missing = missing_extra()
    if missing is not None:
        return ScanResult(status="unavailable", reason=missing, ocr_available=False)
    from reform_brand.scan._verify import verify

    try:
        result = verify(path, limits, label)
    except Exception:  # a file that trips pdfium, OpenCV or the OCR engine
        result = ScanResult(status="unreadable", reason="broken")
    keep(key, result)
    return result


def text_layer(path: Path, *, limits: ScanLimits = DEFAULT_LIMITS) -> str | None:
    """The text layer of the PDF at ``path`` (a form exported to PDF has one,
    a scan usually not: then ""); None when pypdfium2 is missing or the file
    cannot be read.  Renders nothing; never raises for a bad file."""
    if missing_extra() is not None:
        return None
    from reform_brand.scan._pdf import text_layer as read_text

    try:
        return read_text(Path(path), limits)
    except Exception:  # a file that trips pdfium
        return None


def sample_scan() -> bytes:
    """A realistic scan that passes every check: the reference edition's
    申报表 of 济南市科协 filled in, printed, signed, stamped with a round red
    seal and scanned at 100 dpi (an image-only PDF of about 60 KB).  For test
    suites that need a signed scan beside a Word file that does not name the
    project (:mod:`reform_brand.testing` uses it)."""
    return (files("reform_brand.scan") / "data" / "signed-scan.pdf").read_bytes()
