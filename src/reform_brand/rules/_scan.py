"""The signed scan: a scan of the signed and stamped form, the same form as
the Word file (rule ``signed-scan``).

Judges every attachment whose deliverable lists what its scan must show
(``verify = ["seal", "signature", "form"]`` in the edition's data).  The work
is done by :mod:`reform_brand.scan` (the ``scan`` extra), imported only here,
on the first scan; without the extra each scan gets ``scan.unverified``.
The findings are warnings: they are heuristics, for the clerk to confirm.

The scan is compared with the paired Word file (the attachment whose
deliverable accepts .docx): the form's title and its short text fields
(unit, project name) as the submission gives them, those of them that the
Word file holds.  Without a readable .docx (a legacy .doc, or none) there is
nothing to compare with.

What ``verify`` lists is asked per form, as its blocks ask
(:func:`reform_brand.scan._label.form_marks`): a seal only on a form one of
whose blocks asks for one (a seal block, or a label with 章: 签章, 盖章,
公章), a signature only on a form with a signature block.  A form that
declares no blocks is checked for all that ``verify`` lists.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from reform_brand.engine._context import EditionIndex, Quiet, RuleContext, pointer_of
from reform_brand.findings import Finding
from reform_brand.model import Deliverable, Form, FormField
from reform_brand.rules._base import BuiltinRule
from reform_brand.rules._files import no_folder, resolve_attachment
from reform_brand.rules._unit import unit_field
from reform_brand.safeopen import UnsafeFileError
from reform_brand.submission import Attachment, Submission

__all__ = ["SignedScanRule"]

_REASONS: Final = {
    "encrypted": ("已加密", "encrypted"),
    "broken": ("已损坏或不是有效的 PDF", "broken or not a valid PDF"),
    "too-many-pages": ("页数过多", "too many pages"),
    "page-too-large": ("页面尺寸过大", "a page too large to render"),
    "image-too-large": ("含有像素过多的图像", "an image with too many pixels"),
    "page-too-busy": ("有一页绘制的内容过多", "a page that draws too much"),
    "image-broken": ("有一页的图像已损坏或数据不完整", "a page image that is damaged or cut short"),
    "too-large": ("文件过大", "too large"),
    "encrypted-unchecked": (
        "以 AES 加密，而在读取前检查其内容所需的 cryptography 包未安装"
        "（安装：pip install 'reform-brand[scan]'）",
        "encrypted with AES, and the cryptography package needed to look into it "
        "before it is read is not installed; install with: pip install 'reform-brand[scan]'",
    ),
    "not-a-file": ("无法读取", "cannot be read"),
}
_TITLE: Final = ("表格标题", "form title")
#: scan.mismatch's ``field`` for the form's own title: no field's pointer
#: (``/title``, ``/project_name``, as form.* findings name a field), which
#: always begins with ``/``.
_FORM_TITLE: Final = "form-title"
#: What scan.no-seal adds when a red round mark lies away from the signature
#: line: named as the form's signature block is (主要负责人（签章）), or ...
_ELSEWHERE: Final = (
    "（另有红色圆形图案，但不在“{label}”一带，可能是标志，请目视核对）",
    " (a red round mark lies elsewhere, not by {label}: a logo? Confirm by eye)",
)
#: ... as the place to sign, when the form has no signature block.
_ELSEWHERE_UNNAMED: Final = (
    "（另有红色圆形图案，但不在签名处一带，可能是标志，请目视核对）",
    " (a red round mark lies elsewhere, not by the signature line: a logo? Confirm by eye)",
)
#: ... and when the scan is black and white or greyscale.
_GREY: Final = (
    "（扫描件为黑白或灰度，无法按红色辨认公章，请目视核对）",
    " (the scan is black and white or greyscale, so a seal cannot be told by its red:"
    " confirm by eye)",
)
#: Where scan.no-signature says no signature is: by the label of the form's
#: signature block, or, when the form has none, as the place to sign.
_PLACE: Final = ("“{label}”处", "beside {label}")
_PLACE_UNNAMED: Final = ("签名处", "at the signature line")
_VALUE_CAP: Final = 100


def _targets(index: EditionIndex) -> dict[str, Deliverable]:
    """The deliverables whose scans are judged, by id."""
    return {d.id: d for d in index.edition.delivery.deliverables if d.verify}


def _is_kind(ctx: RuleContext, path: Path, kind: str) -> bool:
    """Whether ``path`` is a regular file of content ``kind`` (looked at
    once for all the rules: ``ctx.files``)."""
    try:
        return stat.S_ISREG(ctx.files.stat(path).st_mode) and ctx.files.sniff(path).kind == kind
    except OSError:
        return False


def _word_text(ctx: RuleContext, sub: Submission) -> str | None:
    """The text of the submission's Word form (.docx), or None."""
    for att in sub.attachments:
        d = ctx.index.deliverables.get(att.role)
        if d is None or "docx" not in d.file_types:
            continue
        real = resolve_attachment(sub, att, ctx.files)
        if real is None or not _is_kind(ctx, real, "docx"):
            continue
        try:
            return ctx.files.docx_text(real)
        except (OSError, UnsafeFileError):
            continue
    return None


def _head(form: Form) -> tuple[FormField, ...]:
    """The fields of ``form`` whose values a scan is read for: those down to
    the field that names the project (the head of the form: its unit, the
    project; the reference edition's 推荐表 names the recommended unit
    between them), and the field that names its unit.  The wide lines at
    the top of a page are all that is read: a short value lower down (a
    leader's name of two characters) never is, and is no mismatch."""
    project = form.project_field
    ids = [f.id for f in form.fields]
    head = form.fields[: ids.index(project) + 1] if project in ids else ()
    unit = unit_field(form)
    return (*head, *(() if unit is None or unit in head else (unit,)))


def _expected(ctx: RuleContext, sub: Submission) -> list[Any]:
    from reform_brand.scan import Expected, normalise

    form = ctx.index.forms.get(sub.form)
    if form is None:
        return []
    # Another form's title is no match for this one's, however alike.
    rivals = tuple(f.title.zh for f in ctx.index.forms.values() if f.title.zh != form.title.zh)
    items = [
        Expected(
            key=_FORM_TITLE,
            label=_TITLE[0],
            label_en=_TITLE[1],
            value=form.title.zh,
            rivals=rivals,
        )
    ]
    data = sub.data if isinstance(sub.data, dict) else {}
    for f in _head(form):
        value = data.get(f.id)
        if f.type != "text" or not isinstance(value, str) or not value.strip():
            continue
        items.append(
            Expected(
                key=pointer_of([f.id]),
                label=f.label.zh,
                label_en=f.label.en or f.label.zh,
                value=value[:_VALUE_CAP],
            )
        )
    word = _word_text(ctx, sub)
    if word is None:
        return []
    held = normalise(word)
    return [i for i in items if normalise(i.value) in held]


def _sign_label(ctx: RuleContext, sub: Submission) -> str:
    """The Chinese label of the form's (first) signature block, by which the
    scan's signature line is found; "" when the form has none. The report's
    pictures ask for the result by the same label."""
    from reform_brand.scan._label import form_label

    return form_label(ctx.index.forms.get(sub.form))


def _elsewhere(ctx: RuleContext, sub: Submission) -> tuple[str, str]:
    """scan.no-seal's note for a red round mark away from the signature
    line, which it names by the label of the form's signature block."""
    label = _sign_label(ctx, sub)
    if not label:
        return _ELSEWHERE_UNNAMED
    zh, en = _ELSEWHERE
    return zh.format(label=label), en.format(label=label)


def _asked(ctx: RuleContext, sub: Submission, d: Deliverable) -> tuple[str, ...]:
    """What ``d.verify`` asks of a scan of the submission's form: a seal and
    a signature only where the form's blocks ask for them."""
    from reform_brand.scan._label import form_marks

    marks = form_marks(ctx.index.forms.get(sub.form))
    if marks is None:
        return d.verify
    return tuple(v for v in d.verify if v == "form" or v in marks)


class SignedScanRule(BuiltinRule):
    """The scan shows a round red seal and a signature, is a scan (not an
    export) with legible pages, and is the same form as the Word file."""

    id = "signed-scan"
    codes = (
        "scan.no-seal",
        "scan.no-signature",
        "scan.mismatch",
        "scan.not-scanned",
        "scan.blank",
        "scan.unreadable",
        "scan.unverified",
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        if sub.base_dir is None:
            return ()  # (no folder: no file to look at)
        targets = ctx.index.derived(_targets)
        if not targets:
            return ()
        return self._scans(ctx, sub, targets)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when no folder is given: there is no scan to look at."""
        return no_folder

    def _scans(
        self, ctx: RuleContext, sub: Submission, targets: Mapping[str, Deliverable]
    ) -> Iterator[Finding]:
        for att in sub.attachments:
            d = targets.get(att.role)
            real = resolve_attachment(sub, att, ctx.files) if d is not None else None
            if d is None or real is None or not _is_kind(ctx, real, "pdf"):
                continue  # the deliverables rule reports what is wrong
            yield from self._judge(ctx, sub, att, d, real)

    def _judge(
        self, ctx: RuleContext, sub: Submission, att: Attachment, d: Deliverable, real: Path
    ) -> Iterator[Finding]:
        from reform_brand.scan import INSTALL_HINT, verify_scan

        where: dict[str, Any] = {
            "rule": self.id,
            "submission": sub,
            "pointer": f"/attachments/{att.index}/path",
            "clause": d.clause,
            "path": att.path,
            "title": d.title.zh,
            "title_en": d.title.en or d.title.zh,
        }
        result = verify_scan(real, label=_sign_label(ctx, sub))
        if result.status == "unavailable":
            yield ctx.finding("scan.unverified", **where, missing=result.reason, hint=INSTALL_HINT)
            return
        if result.status == "unreadable":
            zh, en = _REASONS.get(result.reason, _REASONS["broken"])
            yield ctx.finding(
                "scan.unreadable", **where, cause=result.reason, reason=zh, reason_en=en
            )
            return
        if not result.scanned and result.text_layer:
            yield ctx.finding("scan.not-scanned", **where)
        # (The blank backs of a one-sided form scanned in duplex are as they
        # should be; the other pages are verified while any is legible.)
        backs = result.duplex_backs
        blank = [p for p in result.blank_pages if p not in backs]
        every = result.all_blank
        if blank:
            yield ctx.finding("scan.blank", **where, pages=tuple(str(p) for p in blank), all=every)
        if every:
            return
        verify = _asked(ctx, sub, d)
        if result.scanned:
            yield from self._marks(ctx, verify, result, where, INSTALL_HINT)
        if "form" in verify and (result.ocr_available or not result.scanned):
            yield from self._form(ctx, sub, result, where, real)

    def _marks(
        self,
        ctx: RuleContext,
        verify: tuple[str, ...],
        result: Any,
        where: dict[str, Any],
        hint: str,
    ) -> Iterator[Finding]:
        if "seal" in verify and not result.seals:
            elsewhere = len(result.seals_elsewhere)
            grey = not result.colour
            zh, en = (
                _GREY if grey else _elsewhere(ctx, where["submission"]) if elsewhere else ("", "")
            )
            yield ctx.finding(
                "scan.no-seal", **where, elsewhere=elsewhere, grey=grey, note=zh, note_en=en
            )
        if not result.ocr_available and ("signature" in verify or "form" in verify):
            from reform_brand.scan import missing_ocr

            yield ctx.finding("scan.unverified", **where, missing=missing_ocr() or "", hint=hint)
            return
        if "signature" in verify and not result.signatures:
            label = _sign_label(ctx, where["submission"])
            zh, en = (p.format(label=label) for p in _PLACE) if label else _PLACE_UNNAMED
            yield ctx.finding(
                "scan.no-signature",
                **where,
                line_found=result.signature_line_found,
                place=zh,
                place_en=en,
            )

    def _form(
        self, ctx: RuleContext, sub: Submission, result: Any, where: dict[str, Any], real: Path
    ) -> Iterator[Finding]:
        from reform_brand.scan import ScanLimits, compare, verify_scan

        expected = _expected(ctx, sub)
        if not expected:
            return
        differ = compare((line.text for line in result.lines), expected)
        if differ and result.scanned and len(result.looked_at) > 1:
            # Pages scanned out of order (a feeder's reversed stack): the
            # form's head may be on a page read after the one taken for it,
            # or only glanced at.  Every page looked at is read whole then.
            whole = ScanLimits(glance=False)
            again = verify_scan(real, limits=whole, label=_sign_label(ctx, sub))
            if again.status == "ok":
                differ = compare((line.text for line in again.lines), expected)
        if not result.scanned and len(differ) == len(expected):
            return  # an export of something else: scan.not-scanned says enough
        for m in differ:
            yield ctx.finding(
                "scan.mismatch",
                **where,
                field=m.key,
                label=m.label,
                label_en=m.label_en,
                expected=m.expected,
                score=m.score,
            )
