"""The acceptance cases of the signed-scan check, on realistic scans (see
conftest.py).  Each runs OCR once (about a second a page on one core), so
the cases are few and at 100 dpi."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reform_brand.scan import synthetic
from tests.scan.conftest import SEAL

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


def test_stamped_and_signed(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, skew=0.8, seed=1)
    assert submit(scan) == []


def test_no_seal(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=2)
    assert submit(scan) == [("scan.no-seal", P)]


def test_no_signature(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, signature=False, seed=3)
    assert submit(scan) == [("scan.no-signature", P)]


def test_a_different_projects_scan(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, seed=4)
    assert submit(scan, project_name="数字科普公园建设") == [("scan.mismatch", P)]


def test_a_word_export(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    assert submit(scan_forms["pdf"][0]) == [("scan.not-scanned", P)]


def test_a_blank_page(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, blank=True, seed=5)
    assert submit(scan) == [("scan.blank", P)]


def test_a_scan_turned_90_degrees(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, rotate=90, noise=9, seed=6)
    assert submit(scan) == []


def test_a_two_page_scan(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    scan = synthetic.scan_pdf(scan_forms["two"], seal_text=SEAL, jpeg_quality=55, seed=7)
    assert submit(scan) == []


def test_a_two_page_scan_in_reverse_order(scan_forms: dict[str, list[Any]], submit: Submit) -> None:
    """A feeder's stack scanned the wrong way up: the signed page first (its
    top taken for the form's head, everything found on it), the form's
    head on page 2.  It is the same form: no ``scan.mismatch``."""
    first, signed = scan_forms["two"][:2]
    scan = synthetic.scan_pdf([signed, first], seal_text=SEAL, jpeg_quality=55, seed=7)
    assert submit(scan) == []


def test_a_one_sided_form_scanned_in_duplex(
    scan_forms: dict[str, list[Any]], submit: Submit
) -> None:
    """The blank backs of a one-sided print scanned on both sides are as
    they should be: no ``scan.blank``, and the pages are verified."""
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, duplex=True, seed=8)
    assert submit(scan) == []


def test_duplex_backs_do_not_stop_the_verification(
    scan_forms: dict[str, list[Any]], submit: Submit
) -> None:
    """Three sheets scanned in duplex hold three blank backs: the seal is
    still looked for, and found missing."""
    pages = [*scan_forms["one"], *scan_forms["two"]]
    scan = synthetic.scan_pdf(pages, seal_text=None, duplex=True, seed=9)
    assert submit(scan) == [("scan.no-seal", P)]
