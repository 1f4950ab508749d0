"""scan.no-seal says where a red round mark away from the signature line
is not: by the label of the signature block of the edition's own form, not
by the reference edition's 主要负责人（签章）."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.model import Form, FormField
from reform_brand.scan import Mark, ScanResult
from reform_brand.testing import SubmissionFactory, write_attachments
from tests.neutral.conftest import NOW


@pytest.fixture
def logo_not_seal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scan shows its signature and a red round logo, and no seal."""
    mark = Mark(page=1, box=(0, 0, 40, 40))
    result = ScanResult(
        status="ok",
        pages=1,
        scanned=True,
        seals_elsewhere=(mark,),
        signatures=(mark,),
        signature_line_found=True,
    )
    monkeypatch.setattr("reform_brand.scan.verify_scan", lambda path, **_: result)


def _note(edition: Edition, host: Host, tmp_path: Path, now: dt.datetime) -> tuple[str, str]:
    env = SubmissionFactory(edition)()
    report = validate_batch(
        edition, [env], host=host, base_dir=write_attachments(tmp_path, env), now=now
    )
    [found] = [f for f in report.submissions[0].findings if f.code == "scan.no-seal"]
    scan = next(i for i, a in enumerate(env["attachments"]) if a["path"].endswith(".pdf"))
    assert (found.pointer, found.params["elsewhere"]) == (f"/attachments/{scan}/path", 1)
    note = found.params["note"]
    return note.zh, note.en  # type: ignore[union-attr]


def _relabelled(edition: Edition, label: str) -> Edition:
    def field(f: FormField) -> FormField:
        blocks = tuple(
            attrs.evolve(b, label=attrs.evolve(b.label, zh=label)) if b.kind == "signature" else b
            for b in f.blocks
        )
        return attrs.evolve(f, blocks=blocks, fields=tuple(field(s) for s in f.fields))

    def form(f: Form) -> Form:
        return attrs.evolve(f, fields=tuple(field(x) for x in f.fields))

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


@pytest.mark.usefixtures("logo_not_seal")
def test_the_note_names_the_form_s_own_signature_block(
    edition: Edition, host: Host, tmp_path: Path
) -> None:
    now = dt.datetime(2022, 8, 22, tzinfo=dt.UTC)
    zh, en = _note(_relabelled(edition, "法定代表人（签字）"), host, tmp_path, now)
    assert "“法定代表人（签字）”" in zh and "not by 法定代表人（签字）" in en
    assert "主要负责人" not in zh + en


@pytest.mark.usefixtures("logo_not_seal")
def test_a_form_without_a_signature_block_names_the_signature_line(
    hainan: Edition, hainan_host: Host, tmp_path: Path
) -> None:
    zh, en = _note(hainan, hainan_host, tmp_path, NOW)
    assert "签名处" in zh and "not by the signature line" in en
    assert "主要负责人" not in zh + en
