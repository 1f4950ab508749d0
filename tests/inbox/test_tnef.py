"""Outlook's winmail.dat (TNEF): its attachments taken out like a .zip's
entries, under the same limits, every problem a finding."""

from __future__ import annotations

import base64
import random
import struct
from pathlib import Path

import pytest

from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, check_mail
from reform_brand.office._report_html import report_html
from reform_brand.office._tnef import TnefError, checksum, read_tnef
from tests.inbox import tnef as T
from tests.inbox.conftest import NOW
from tests.inbox.wrapped import ON_TIME, PDF, ledger_of, zibo_form
from tests.mail.mails import a_zip, mail, named, received_at


def _findings(report: InboxReport, code: str) -> dict[str, dict[str, object]]:
    return {f.file: dict(f.params) for f in report.batch.findings if f.code == code}


def _mail(*parts: object) -> bytes:
    return mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        received=[received_at(ON_TIME)],
        parts=list(parts),  # type: ignore[arg-type]
        message_id="zbkx",
    )


def _winmail(edition: Edition) -> bytes:
    return T.tnef(
        [
            # The long name in the property list wins over the 8.3 title.
            T.attachment(
                zibo_form(edition), title=b"SHENBA~1.DOC", long_name="淄博市科协申报表.docx"
            ),
            T.attachment(PDF, title="淄博市科协申报表.pdf".encode("gbk")),
        ]
    )


def _verdicts(report: InboxReport) -> list[tuple[str, str, tuple[str, ...]]]:
    verdicts = {s.submission: s.verdict for s in report.batch.submissions}
    codes = {
        s.submission: tuple(sorted({f.code for f in s.findings})) for s in report.batch.submissions
    }
    return [(s.unit, verdicts[s.id], codes[s.id]) for s in report.submissions]


def test_a_mail_with_winmail_dat_is_judged_as_with_plain_attachments(
    edition: Edition, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.eml"
    plain.write_bytes(
        _mail(
            named("淄博市科协申报表.docx", zibo_form(edition)),
            named("淄博市科协申报表.pdf", PDF, "application/pdf"),
        )
    )
    packed = tmp_path / "packed.eml"
    packed.write_bytes(_mail(named("winmail.dat", _winmail(edition), "application/ms-tnef")))
    _f1, by_plain = check_mail(edition, plain, now=NOW)
    _f2, by_tnef = check_mail(edition, packed, now=NOW)
    assert _verdicts(by_tnef) == _verdicts(by_plain)
    (sub,) = by_tnef.submissions
    assert sub.word.endswith("/winmail.dat!/淄博市科协申报表.docx")
    assert sub.scan.endswith("/winmail.dat!/淄博市科协申报表.pdf")
    ledger = ledger_of(by_tnef)
    (box,) = [p for p in ledger if p.endswith("/winmail.dat")]
    assert ledger[box][:2] == ("used", "archive") and ledger[box][3] == "tnef"
    assert ledger[sub.word] == ("used", "word", "", "docx")
    assert ledger[sub.scan] == ("used", "signed-scan", "", "pdf")


def test_an_unnamed_tnef_part_is_opened_as_winmail_dat(edition: Edition, tmp_path: Path) -> None:
    part = (
        ["Content-Type: application/ms-tnef", "Content-Transfer-Encoding: base64"],
        base64.encodebytes(_winmail(edition)),
    )
    packed = tmp_path / "packed.eml"
    packed.write_bytes(_mail(part))
    _f, report = check_mail(edition, packed, now=NOW)
    (sub,) = report.submissions
    assert sub.word.endswith("/winmail.dat!/淄博市科协申报表.docx")
    assert sub.scan.endswith("/winmail.dat!/淄博市科协申报表.pdf")
    ledger = ledger_of(report)
    (box,) = [p for p in ledger if p.endswith("/winmail.dat")]
    assert ledger[box][:2] == ("used", "archive") and ledger[box][3] == "tnef"


def test_a_winmail_dat_in_an_email_folder_and_in_a_mail_file(
    edition: Edition, tmp_path: Path
) -> None:
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    (folder / "manifest.toml").write_text(
        'sender = "zbkx@example.cn"\narrived_at = 2022-08-17T09:30:00+08:00\n'
        'reform_items = [4]\n\n[unit]\nname = "淄博市科协"\nkind = "city-association"\n',
        encoding="utf-8",
    )
    (folder / "winmail.dat").write_bytes(_winmail(edition))
    (tmp_path / "潍坊.eml").write_bytes(
        mail(
            sender="wfkx@example.cn",
            sender_name="潍坊市科协",
            received=[received_at(ON_TIME)],
            parts=[
                named(
                    "winmail.dat",
                    T.gbk_files(
                        [
                            ("潍坊市科协申报表.docx", zibo_form(edition, "潍坊市科协")),
                            ("潍坊市科协申报表.pdf", PDF),
                        ]
                    ),
                    "application/ms-tnef",
                )
            ],
            message_id="wf",
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    subs = {s.unit: s for s in report.submissions}
    assert subs["淄博市科协"].word == "2022-08-17 淄博市科协/winmail.dat!/淄博市科协申报表.docx"
    assert subs["淄博市科协"].scan == "2022-08-17 淄博市科协/winmail.dat!/淄博市科协申报表.pdf"
    assert subs["潍坊市科协"].word.startswith("潍坊.eml!/")
    assert subs["潍坊市科协"].word.endswith("/winmail.dat!/潍坊市科协申报表.docx")
    assert subs["潍坊市科协"].scan.endswith("/winmail.dat!/潍坊市科协申报表.pdf")
    assert "winmail.dat!/淄博市科协申报表.docx" in report_html(report, edition)


def test_gbk_titles_are_decoded_by_the_code_page_and_without_one() -> None:
    data = T.gbk_files([("临沂市科协申报表.docx", b"x")])
    assert [f.name for f in read_tnef(data, max_attachments=10)] == ["临沂市科协申报表.docx"]
    # No code page (or one Python does not know): UTF-8 if it is, else GBK.
    for cp in (0, 99999):
        packed = T.tnef([T.attachment(b"x", title="申报表.pdf".encode("gbk"))], codepage=cp)
        assert read_tnef(packed, max_attachments=10)[0].name == "申报表.pdf"
        packed = T.tnef([T.attachment(b"x", title="申报表.pdf".encode())], codepage=cp)
        assert read_tnef(packed, max_attachments=10)[0].name == "申报表.pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("truncated", T.gbk_files([("a.pdf", PDF)])[:-40]),
        (
            "length",
            T.tnef([]) + struct.pack("<BII", 2, T.ATTACH_DATA, 0xFFFFFFF0) + b"\x00" * 64,
        ),
        ("props", T.tnef([T.attribute(2, T.ATTACHMENT, struct.pack("<IHH", 5, 0x77, 0x3707))])),
        ("count", T.gbk_files([(f"{n}.txt", b"x") for n in range(2001)])),
    ],
)
def test_a_malformed_winmail_dat_is_unreadable_with_a_finding(
    edition: Edition, tmp_path: Path, name: str, data: bytes
) -> None:
    (tmp_path / "winmail.dat").write_bytes(data)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    assert ledger["winmail.dat"][:3] == ("unreadable", "", "inbox.tnef-unreadable"), name
    assert "winmail.dat" in _findings(report, "inbox.tnef-unreadable")
    assert not [p for p in ledger if p.startswith("winmail.dat!/")]
    with pytest.raises(TnefError):
        read_tnef(data, max_attachments=2000)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (a_zip(**{"申报表.pdf": PDF}), "zip"),
        (b"PK\x03\x04" + T.gbk_files([("a.pdf", PDF)])[4:], ""),
        (b"not a winmail.dat at all\r\n", ""),
    ],
    ids=["a PDF", "a zip", "a wrong signature", "text"],
)
def test_a_winmail_dat_that_is_not_tnef_is_the_file_it_is(
    edition: Edition, tmp_path: Path, data: bytes, kind: str
) -> None:
    """TNEF is known by its first bytes: a file a client named winmail.dat
    that does not start with them is sniffed as any other file is, in the
    inbox and attached to a mail alike, never ``inbox.tnef-unreadable``."""
    with pytest.raises(TnefError):
        read_tnef(data, max_attachments=10)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "winmail.dat").write_bytes(data)
    (inbox / "a.eml").write_bytes(_mail(named("winmail.dat", data, "application/ms-tnef")))
    report = check_inbox(edition, inbox, now=NOW)
    assert "inbox.tnef-unreadable" not in {f.code for f in report.batch.findings}
    ledger = ledger_of(report)
    (attached,) = [p for p in ledger if p.startswith("a.eml!/") and p.endswith("/winmail.dat")]
    for path in ("winmail.dat", attached):
        assert ledger[path][3] != "tnef" and ledger[path][2] != "inbox.tnef-unreadable", path
        if kind:
            assert ledger[path][3] == kind, path
        if kind == "zip":  # opened as the .zip it is
            assert ledger[f"{path}!/申报表.pdf"][3] == "pdf"


def test_bad_checksum_dot_dot_duplicate_and_embedded_mail_are_rows_of_their_own(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "winmail.dat").write_bytes(
        T.tnef(
            [
                T.attachment(PDF, title=b"bad.pdf", data_checksum=1),
                T.attachment(b"x", long_name="../../escape.txt"),
                T.attachment(b"x", long_name="..\\escape.txt"),
                T.attachment(b"one", title=b"same.txt"),
                T.attachment(b"two", title=b"SAME.txt"),
                T.attachment(b"", long_name="转发的邮件", embedded=True),
                T.attachment(b"fine", title="说明.txt".encode("gbk")),
            ]
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    refused = ("unreadable", "", "inbox.archive-entry-refused")
    for path in (
        "winmail.dat!/bad.pdf",
        "winmail.dat!/../../escape.txt",
        "winmail.dat!/..\\escape.txt",
        "winmail.dat!/SAME.txt",
    ):
        assert ledger[path][:3] == refused, path
    assert ledger["winmail.dat!/same.txt"][2] == "inbox.unknown-file"
    assert ledger["winmail.dat!/转发的邮件"][:3] == ("ignored", "", "inbox.ignored")
    assert ledger["winmail.dat!/说明.txt"][2] == "inbox.unknown-file"
    assert ledger["winmail.dat"][:2] == ("used", "archive")
    assert not (tmp_path.parent / "escape.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["winmail.dat"]


def test_an_ole_object_is_listed_as_what_it_is_not_as_a_mail(
    edition: Edition, tmp_path: Path
) -> None:
    """A picture or a document pasted into a Rich Text mail is an OLE object
    (ATTACH_OLE, or a PT_OBJECT of another interface than IID_IMessage):
    not taken out, and not called a mail."""
    packed = T.tnef(
        [
            T.attachment(b"\xd0\xcf\x11\xe0 storage", title=b"ole.bin", method=6),
            T.attachment(b"storage", long_name="图片", method=0, interface=T.IID_ISTORAGE),
            T.attachment(b"mail", long_name="转发的邮件", method=0, interface=T.IID_IMESSAGE),
            T.attachment(b"", long_name="夹带的邮件", embedded=True),
            T.attachment(b"fine", long_name="说明.txt"),
        ]
    )
    got = {f.name: f.problem for f in read_tnef(packed, max_attachments=10)}
    assert got == {
        "ole.bin": "ole",
        "图片": "ole",
        "转发的邮件": "embedded",
        "夹带的邮件": "embedded",
        "说明.txt": "",
    }
    (tmp_path / "winmail.dat").write_bytes(packed)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    why = _findings(report, "inbox.ignored")

    def reason(name: str) -> str:
        return str(getattr(why[f"winmail.dat!/{name}"]["reason"], "en", ""))

    for name in ("ole.bin", "图片"):
        assert ledger[f"winmail.dat!/{name}"][:3] == ("ignored", "", "inbox.ignored")
        assert reason(name).startswith("an OLE object embedded in the mail")
    for name in ("转发的邮件", "夹带的邮件"):
        assert reason(name).startswith("a mail embedded in the winmail.dat")


def test_reading_is_linear_in_the_stream() -> None:
    # Many small attributes: each read in place, none copies what remains.
    many = T.tnef([T.attribute(1, 0x00018004, b"x") for _ in range(200_000)])
    assert read_tnef(many, max_attachments=10) == []


@pytest.mark.parametrize(
    "size", [0, 1, 255, 256, 257, 4095, 4096, 4097, 4096 + 255, 65536 + 3, 1 << 20]
)
def test_the_checksum_is_the_sum_of_the_bytes_modulo_65536(size: int) -> None:
    rng = random.Random(size)
    for data in (rng.randbytes(size), b"\xff" * size, bytes(size), rng.randbytes(size + 1)):
        want = sum(data) & 0xFFFF
        assert checksum(data) == want
        assert checksum(memoryview(data)) == want
        # A view into a larger stream, as the reader takes each attribute.
        assert checksum(memoryview(b"\x01" + data + b"\x02")[1:-1]) == want


@pytest.mark.parametrize(
    "attachments",
    [
        [],
        [T.attachment(b"\xd0\xcf\x11\xe0 storage", title=b"ole.bin", method=6)],
        [T.attachment(b"", long_name="夹带的邮件", embedded=True)],
        [T.attachment(b"x", long_name="Thumbs.db")],
    ],
    ids=["none", "ole", "embedded-mail", "hidden"],
)
def test_a_winmail_dat_with_no_file_says_so(
    edition: Edition, tmp_path: Path, attachments: list[bytes]
) -> None:
    """A Rich Text mail whose winmail.dat holds no file to take out: the
    office must hear that the unit's mail brought nothing, as for a mail
    with no attachment, and how to have it sent again."""
    packed = tmp_path / "packed.eml"
    packed.write_bytes(_mail(named("winmail.dat", T.tnef(attachments), "application/ms-tnef")))
    _f, report = check_mail(edition, packed, now=NOW)
    assert report.submissions == ()
    [said] = [f for f in report.batch.findings if f.code == "inbox.tnef-no-files"]
    assert said.file.endswith("/winmail.dat")


def test_a_winmail_dat_with_a_file_is_not_said_to_hold_none(
    edition: Edition, tmp_path: Path
) -> None:
    packed = tmp_path / "packed.eml"
    packed.write_bytes(_mail(named("winmail.dat", _winmail(edition), "application/ms-tnef")))
    _f, report = check_mail(edition, packed, now=NOW)
    assert "inbox.tnef-no-files" not in {f.code for f in report.batch.findings}
