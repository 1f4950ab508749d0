"""The signature line is found by the signature label of the form checked
against (its ``kind = "signature"`` block), not by the reference edition's
主要负责人（签章）: an edition whose form asks for 法定代表人（签字） or
负责人签名 gets the same treatment of a seal over part of its label, and a
scan's results are kept per label, so two editions never share a verdict."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from reform_brand import Host, render_form, validate_batch
from reform_brand._bounded import Bounded
from reform_brand.findings import BatchReport
from reform_brand.model import Block, Edition, Form, FormField, Text
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._scan_views import ScanViews
from reform_brand.scan import (
    ScanLimits,
    _ocr,
    _results,
    _store,
    _verify,
    left_result,
    shared_results,
    synthetic,
    verify_scan,
)
from reform_brand.scan._label import NO_LABEL, form_label, sign_label
from reform_brand.scan._marks import signature_line
from reform_brand.scan._types import Mark, ScanResult, TextLine
from reform_brand.testing import SubmissionFactory, write_attachments
from tests.finding_params import localized
from tests.scan.conftest import DPI, HEAD, HEAD_LABEL, SEAL
from tests.validation.helpers import APPLICATION

#: A seal over the line of :func:`_line` (y 100 to 130, from x 100).
OVER = Mark(page=1, box=(120, 40, 330, 250))
DEPUTY = "法定代表人（签字）"
SIGNED = "负责人签名"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REFERENCE_NOW = dt.datetime(2022, 8, 22, tzinfo=dt.UTC)


def _line(text: str) -> TextLine:
    return TextLine(
        page=1,
        text=text,
        box=(100, 100, 100 + 20 * len(text), 130),
        char_x=tuple(110 + 20 * k for k in range(len(text))),
    )


def _past(index: int) -> int:
    """The x past character ``index`` of :func:`_line`'s text."""
    return 110 + 20 * index + 12


@pytest.mark.parametrize(
    ("text", "name", "sign", "partial", "before", "after"),
    [
        (HEAD, "主要负责人", "签章", "负责", "主要", "人"),
        (DEPUTY, "法定代表人", "签字", "代表", "法定", "人"),
        (SIGNED, "负责人", "签名", "负责", "", "人"),
        ("校长（签字）", "校长", "签字", "", "", ""),
        ("法定代表人", "法定代表人", "", "代表", "法定", "人"),
    ],
)
def test_a_label_is_taken_apart(
    text: str, name: str, sign: str, partial: str, before: str, after: str
) -> None:
    label = sign_label(text)
    assert (label.text, label.name, label.sign) == (text, name, sign)
    assert (label.partial, label.before, label.after) == (partial, before, after)
    assert sign_label("") == NO_LABEL


@pytest.mark.parametrize(
    ("label", "text", "end"),
    [
        (DEPUTY, "法定代表", 9),  # the seal hides 人（签字）
        (DEPUTY, "定代表人（", 9),  # (法 lost at the line's start)
        (DEPUTY, "法走代表人", 9),  # 定 misread
        (DEPUTY, "法定代表人（签", 9),  # read in part
        (SIGNED, "负责", 5),
        (SIGNED, "负责人签", 5),
        (HEAD, "主要负责", 9),
    ],
)
def test_a_seal_over_part_of_the_form_s_own_label(label: str, text: str, end: int) -> None:
    """What a seal leaves legible of the form's own label is its line, and
    the words end where the whole label would."""
    hit = signature_line([_line(text)], [OVER], sign_label(label))
    assert hit is not None and hit[1] == _past(end - 1)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        (DEPUTY, "主要负责"),  # the reference edition's words
        (DEPUTY, "主要负责人（签"),
        (SIGNED, "主要负责"),  # 负责, but 主要 before it: not this label
        (SIGNED, "项目负责人"),
        (SIGNED, "负责人：张三"),
        (HEAD, "法定代表"),
        (HEAD, "法定代表人（签"),
        ("", "主要负责"),
        ("", "法定代表"),
        ("", "主要负责人（签"),
    ],
)
def test_another_edition_s_label_is_no_signature_line(label: str, text: str) -> None:
    """The reference edition's label read in part is no signature line for
    an edition whose form has another one, nor for a form without any."""
    assert signature_line([_line(text)], [OVER], sign_label(label)) is None


@pytest.mark.parametrize("label", [DEPUTY, SIGNED, HEAD, ""])
def test_the_sign_words_read_whole_are_the_line_for_every_label(label: str) -> None:
    hit = signature_line([_line("主要负责人（签章）")], (), sign_label(label))
    assert hit is not None and hit[1] == _past(8)


def test_a_label_without_sign_words_is_its_line_when_read_whole() -> None:
    hit = signature_line([_line("法定代表人（盖章）")], (), sign_label("法定代表人（盖章）"))
    assert hit is not None and hit[1] == _past(8)
    assert signature_line([_line("法定代表人（盖章）")], (), NO_LABEL) is None


Read = Callable[..., list[TextLine]]


def _hiding(keep: str) -> Callable[[Read], Read]:
    """An OCR function's wrapper that reads of the label line only up to
    ``keep`` (what a seal over the rest leaves legible)."""

    def wrap(real: Read) -> Read:
        def read(*args: Any, **kwargs: Any) -> list[TextLine]:
            out = []
            for line in real(*args, **kwargs):
                at = line.text.find(keep)
                if at >= 0 and len(line.char_x) == len(line.text):
                    cut = at + len(keep)
                    x0, y0, _, y1 = line.box
                    line = TextLine(
                        page=line.page,
                        text=line.text[:cut],
                        box=(x0, y0, line.char_x[cut - 1] + 8, y1),
                        score=line.score,
                        char_x=line.char_x[:cut],
                    )
                out.append(line)
            return out

        return read

    return wrap


@pytest.fixture
def deputy_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A signed scan of a form whose signature label is 法定代表人（签字）,
    its seal stamped over the label's end, read as if the seal left only
    法定代表 legible."""
    pages = synthetic.draw_form_pages(
        "改革品牌项目申报表", [("申报单位", "济南市科协")], dpi=DPI, label=DEPUTY
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(pages, seal_text=SEAL, seal_on_label=(0.85, 0.0), seed=3))
    hide = _hiding("法定代表")
    for name in ("recognise", "labels_left", "beside_seals", "read_lines"):
        monkeypatch.setattr(_ocr, name, hide(getattr(_ocr, name)))
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
    return path


def test_a_seal_over_the_label_of_another_edition_s_form(deputy_scan: Path) -> None:
    """The seal leaves 法定代表 legible: the line and the signature are
    found for the form's own label, not for the reference edition's, and
    the results of the two are kept apart."""
    own = verify_scan(deputy_scan, label=DEPUTY)
    assert own.signature_line_found and len(own.signatures) == 1
    assert [s.in_place for s in own.seals] == [True]
    reference = verify_scan(deputy_scan, label=HEAD)
    assert not reference.signature_line_found and reference.signatures == ()
    none = verify_scan(deputy_scan)
    assert not none.signature_line_found
    # Each kept for its own label.
    assert verify_scan(deputy_scan, label=DEPUTY) is own
    assert verify_scan(deputy_scan, label=HEAD) is reference
    assert left_result(deputy_scan, label=DEPUTY) is own
    # The label as the form's data may space it.
    assert verify_scan(deputy_scan, label="法定代表人 （签字）") is own
    assert left_result(deputy_scan, label=" 法定代表人（签字）") is own
    assert left_result(deputy_scan, label=HEAD) is reference
    assert left_result(deputy_scan) is none  # (no label)


def test_the_results_kept_between_runs_are_kept_per_label(
    deputy_scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result kept by an earlier run for one edition's label is not
    served for another's."""
    monkeypatch.setenv(_store.STORE_ENV, str(tmp_path / "store"))
    own = verify_scan(deputy_scan, label=DEPUTY)
    assert own.signatures
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
    assert left_result(deputy_scan, label=HEAD) is None
    assert _store.stored(deputy_scan, ScanLimits(), HEAD_LABEL.text) is None
    reference = verify_scan(deputy_scan, label=HEAD)
    assert not reference.signature_line_found and reference.signatures == ()
    kept = _store.stored(deputy_scan, ScanLimits(), DEPUTY)
    assert kept is not None and kept.signatures


def test_workers_share_results_per_label(
    deputy_scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the folder ``check --jobs`` workers share, a scan's result by its
    content is one per label; the report takes the one a worker left for
    the form's label."""
    with shared_results():
        own = verify_scan(deputy_scan, label=DEPUTY)
        monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
        monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
        assert left_result(deputy_scan, label=HEAD) is None
        assert left_result(deputy_scan) is None
        found = left_result(deputy_scan, label=DEPUTY)
        assert found is not None and found.signatures == own.signatures
        reference = verify_scan(deputy_scan, label=HEAD)
        assert not reference.signature_line_found


def _relabelled(edition: Edition, form_id: str, label: str) -> Edition:
    """``edition`` with the signature block of its form ``form_id`` labelled
    ``label``."""

    def field(f: FormField) -> FormField:
        blocks = tuple(
            attrs.evolve(b, label=attrs.evolve(b.label, zh=label)) if b.kind == "signature" else b
            for b in f.blocks
        )
        return attrs.evolve(f, blocks=blocks, fields=tuple(field(s) for s in f.fields))

    def form(f: Form) -> Form:
        return attrs.evolve(f, fields=tuple(field(x) for x in f.fields)) if f.id == form_id else f

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


def test_a_form_that_asks_for_no_seal_has_no_seal_picture(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's pictures of a scan are those of what its form's blocks
    ask for: a form signed 签字 with no seal block has no empty place for a
    seal (nor a 盖章 status in the roster), as the signed-scan rule asks it
    for none."""
    from reform_brand.office._scan_views import seal_status

    other = _relabelled(edition, "recommendation", "主要负责人（签字）")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 one scan")

    def verify(path: Path, limits: ScanLimits, label: str = "") -> ScanResult:
        return ScanResult(status="ok", thumbnail_png=b"page", seal_region_png=b"place")

    monkeypatch.setattr(_verify, "_verify", verify)
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
    subs = (
        InboxSubmission(id="a", folder="", scan="scan.pdf", form="application"),
        InboxSubmission(id="b", folder="", scan="scan.pdf", form="recommendation"),
    )
    report = InboxReport(
        root=str(tmp_path),
        batch=BatchReport(edition=other.id, strict=False, evaluated_at=dt.datetime.now(dt.UTC)),
        files=(),
        submissions=subs,
    )
    with shared_results():
        views = ScanViews.of(report, other)
        assert (bool(views[0].empty), bool(views[1].empty)) == (True, False)
        assert [seal_status("scan.pdf", views[k]) for k in (0, 1)] == ["missing", ""]
        assert views[1].thumbnail


@pytest.mark.parametrize("workers", [False, True])
def test_the_report_shows_each_submission_the_result_of_its_form_s_label(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """One scan checked against two forms whose signature labels differ:
    each submission's pictures are those of the result for its own form's
    label, not the last one made, in this process or left by workers."""
    other = _relabelled(edition, "application", DEPUTY)
    assert [form_label(f) for f in other.forms] == [DEPUTY, HEAD]
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 one scan")
    made: list[str] = []

    def verify(path: Path, limits: ScanLimits, label: str = "") -> ScanResult:
        made.append(label)
        return ScanResult(status="ok", thumbnail_png=label.encode("utf-8"))

    monkeypatch.setattr(_verify, "_verify", verify)
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
    subs = (
        InboxSubmission(id="a", folder="", scan="scan.pdf", form="application"),
        InboxSubmission(id="b", folder="", scan="scan.pdf", form="recommendation"),
        InboxSubmission(id="c", folder="", scan="scan.pdf", form="no-such-form"),
    )
    report = InboxReport(
        root=str(tmp_path),
        batch=BatchReport(edition=other.id, strict=False, evaluated_at=dt.datetime.now(dt.UTC)),
        files=(),
        submissions=subs,
    )
    with shared_results():
        for label in (DEPUTY, "", HEAD):  # as the check does, HEAD last
            verify_scan(tmp_path / "scan.pdf", label=label)
        if workers:  # (the results only in the folder the workers share)
            monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
            monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
        views = ScanViews.of(report, other)
        shown = {s.id: base64.b64decode(views[k].thumbnail.partition(",")[2])
                 for k, s in enumerate(subs)}  # fmt: skip
    assert shown == {"a": DEPUTY.encode(), "b": HEAD.encode(), "c": b""}
    assert made == [DEPUTY, "", HEAD]  # each verified once


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_printed_form_of_another_edition_is_signed_beside_its_own_label(
    edition: Edition, tmp_path: Path
) -> None:
    """The synthetic pages of a printed form whose signature label is
    法定代表人（签字） (no 签章 on it) put the signature beside 签字 of that
    label, and its scan shows the signature the check looks for there."""
    other = _relabelled(edition, "application", DEPUTY)
    [pdf] = synthetic.docx_to_pdfs([render_form(other, "application", APPLICATION["data"])])
    assert pdf is not None
    pages = synthetic.form_pages(pdf, dpi=DPI, label=DEPUTY)
    [page] = [p for p in pages if synthetic.SIGNATURE_ANCHOR in p.anchors]
    sign, whole = page.anchors[synthetic.SIGNATURE_ANCHOR], page.label_box
    assert whole is not None
    # 签字: within the right half of the label, before its closing bracket.
    assert (whole[0] + whole[2]) / 2 < sign[0] < sign[2] < whole[2]
    assert whole[1] <= sign[1] < sign[3] <= whole[3]
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(pages, seal_text=SEAL, seed=5))
    result = verify_scan(path, label=DEPUTY)
    assert result.signature_line_found and len(result.signatures) == 1
    assert [s.in_place for s in result.seals] == [True]


def test_the_catalogue_gives_the_reference_label_as_the_reference_edition_s_only() -> None:
    """What the scan codes' explanations say holds for any edition: the
    reference edition's 主要负责人（签章） is named as its own, never as
    every form's signature line."""
    from reform_brand.catalogue import CATALOGUE

    abouts = {c: i.about for c, i in CATALOGUE.items() if c.startswith("scan.")}
    own = f"{HEAD} on the reference edition's forms"
    assert {c for c, about in abouts.items() if own in about} >= {
        "scan.no-seal",
        "scan.no-signature",
    }
    assert [c for c, about in abouts.items() if HEAD in about.replace(own, "")] == []


def _two_signatures(edition: Edition) -> Edition:
    """``edition`` whose application form asks for a second signature,
    法定代表人（签字）, on its first field (before the head's)."""

    def form(f: Form) -> Form:
        if f.id != "application":
            return f
        first, *rest = f.fields
        block = Block(id="deputy", kind="signature", label=Text(zh=DEPUTY), clause="")
        first = attrs.evolve(first, blocks=(block, *first.blocks))
        return attrs.evolve(f, fields=(first, *rest))

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


def test_a_form_with_two_signature_blocks_is_checked_by_its_first(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule (docs/scans.md, step 6) and the report's pictures take the
    same label: that of the form's first signature block, in the order of
    its fields."""
    other = _two_signatures(edition)
    labels = {f.id: form_label(f) for f in other.forms}
    assert labels == {"application": DEPUTY, "recommendation": HEAD}
    assert form_label(None) == ""
    asked: list[str] = []

    def verify(path: Path, **kw: Any) -> ScanResult:
        asked.append(kw["label"])
        return ScanResult(status="ok", pages=1, scanned=True, signature_line_found=True)

    monkeypatch.setattr("reform_brand.scan.verify_scan", verify)
    env = SubmissionFactory(other)("application")
    base = write_attachments(tmp_path, env)
    report = validate_batch(other, [env], host=host, base_dir=base, now=REFERENCE_NOW)
    assert asked == [DEPUTY]
    [found] = [f for f in report.submissions[0].findings if f.code == "scan.no-signature"]
    place = localized(found, "place")
    assert (place.zh, place.en) == (f"“{DEPUTY}”处", f"beside {DEPUTY}")
