"""What a signed scan is to show is decided per form, from its blocks: a
seal only where a block asks for one (a seal block, or a label with 章:
签章, 盖章, 公章), a signature only where the form has a signature block,
whatever the deliverable's ``verify`` lists for every form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.model import Block, Form, FormField, Text
from reform_brand.scan import ScanResult
from reform_brand.scan._label import form_marks, seal_label
from reform_brand.testing import SubmissionFactory, write_attachments

REFERENCE_NOW = dt.datetime(2022, 8, 22, tzinfo=dt.UTC)
DEPUTY = "法定代表人（签字）"
STAMP = "单位（盖章）"
BOTH = frozenset({"seal", "signature"})


def _blocks(edition: Edition, change: dict[str, tuple[Block, ...]]) -> Edition:
    """``edition`` whose forms named in ``change`` have those blocks (on the
    field that held their signature block) instead of their own."""

    def field(f: FormField, blocks: tuple[Block, ...]) -> FormField:
        if any(b.kind == "signature" for b in f.blocks):
            f = attrs.evolve(f, blocks=blocks)
        return attrs.evolve(f, fields=tuple(field(s, blocks) for s in f.fields))

    def form(f: Form) -> Form:
        if f.id not in change:
            return f
        return attrs.evolve(f, fields=tuple(field(x, change[f.id]) for x in f.fields))

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


def _block(kind: str, label: str) -> Block:
    return Block(id=f"b-{kind}", kind=kind, label=Text(zh=label), clause="")  # type: ignore[arg-type]


def third_party(edition: Edition) -> Edition:
    """An edition whose application form asks for 法定代表人（签字） and
    单位（盖章）, and whose recommendation form for 法定代表人（签字） alone:
    a signature line and no seal."""
    return _blocks(
        edition,
        {
            "application": (_block("signature", DEPUTY), _block("seal", STAMP)),
            "recommendation": (_block("signature", DEPUTY), _block("date", "年 月 日")),
        },
    )


def test_the_marks_each_form_asks_for(edition: Edition) -> None:
    reference = {f.id: form_marks(f) for f in edition.forms}
    # 主要负责人（签章）: a signature, and a seal (签章), on both forms.
    assert reference == {"application": BOTH, "recommendation": BOTH}
    other = {f.id: form_marks(f) for f in third_party(edition).forms}
    assert other == {"application": BOTH, "recommendation": frozenset({"signature"})}
    # A seal asked by a label with 章 on a block of another kind.
    stamped = _blocks(edition, {"recommendation": (_block("signature", "法定代表人（盖章）"),)})
    assert form_marks(stamped.form("recommendation")) == BOTH
    sealed = _blocks(edition, {"recommendation": (_block("date", "（公章） 年 月 日"),)})
    assert form_marks(sealed.form("recommendation")) == frozenset({"seal"})
    # No blocks at all: the paper is not described, verify holds.
    bare = _blocks(edition, {"recommendation": ()})
    assert form_marks(bare.form("recommendation")) is None
    assert form_marks(None) is None


def test_the_seal_label_of_each_form(edition: Edition) -> None:
    assert [seal_label(f) for f in edition.forms] == ["（单位公章）", ""]
    assert [seal_label(f) for f in third_party(edition).forms] == [STAMP, ""]
    sealed = _blocks(edition, {"recommendation": (_block("date", "（公章） 年 月 日"),)})
    assert seal_label(sealed.form("recommendation")) == "（公章） 年 月 日"
    assert seal_label(None) == ""


def _codes(
    edition: Edition, host: Host, tmp_path: Path, form: str, mp: pytest.MonkeyPatch
) -> list[str]:
    """The scan findings of a submission of ``form`` whose scan shows no
    seal and no signature."""
    result = ScanResult(status="ok", pages=1, scanned=True, signature_line_found=True)
    mp.setattr("reform_brand.scan.verify_scan", lambda path, **_: result)
    env = SubmissionFactory(edition)(form)
    base = write_attachments(tmp_path, env)
    report = validate_batch(edition, [env], host=host, base_dir=base, now=REFERENCE_NOW)
    scan = next(i for i, a in enumerate(env["attachments"]) if a["path"].endswith(".pdf"))
    found = report.submissions[0].findings
    assert all(f.pointer == f"/attachments/{scan}/path" for f in found if f.code[:5] == "scan.")
    return sorted(f.code for f in found if f.code in ("scan.no-seal", "scan.no-signature"))


@pytest.mark.parametrize(
    ("form", "codes"),
    [
        ("application", ["scan.no-seal", "scan.no-signature"]),
        ("recommendation", ["scan.no-signature"]),  # 法定代表人（签字）: no seal
    ],
)
def test_a_seal_is_asked_only_where_the_form_asks_for_one(
    edition: Edition,
    host: Host,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    codes: list[str],
) -> None:
    assert _codes(third_party(edition), host, tmp_path, form, monkeypatch) == codes


@pytest.mark.parametrize("form", ["application", "recommendation"])
def test_the_reference_forms_ask_for_both(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """主要负责人（签章） asks for a seal: the recommendation form, with no
    （单位公章）, still gets scan.no-seal."""
    codes = _codes(edition, host, tmp_path, form, monkeypatch)
    assert codes == ["scan.no-seal", "scan.no-signature"]


def test_a_signature_is_asked_only_where_the_form_has_a_signature_block(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamped = _blocks(edition, {"application": (_block("seal", STAMP),)})
    assert _codes(stamped, host, tmp_path, "application", monkeypatch) == ["scan.no-seal"]


def test_a_form_without_blocks_is_asked_all_that_verify_lists(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = _blocks(edition, {"recommendation": ()})
    codes = _codes(bare, host, tmp_path, "recommendation", monkeypatch)
    assert codes == ["scan.no-seal", "scan.no-signature"]
