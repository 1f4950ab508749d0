"""What belongs to a mail's body is no received file: the pictures of an
Outlook or Foxmail HTML mail."""

from __future__ import annotations

import email
import json
from email import encoders
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._archive import mail_ledger_row
from reform_brand.office._mail import Delivery, parse_mail
from tests.conftest import REPO
from tests.mail.mails import gbk_word, mail, named

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox" / "2022-08-17 淄博市科协"
FORM = DEMO / "淄博市科协申报表.docx"
DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)
LOGO_CID = "image001.png@01D8B1A2.3C4D5E60"
NOW = "2022-08-25T00:00:00+08:00"


def _picture(data: bytes, name: str, *, cid: str = "", disposition: str = "") -> MIMEBase:
    sub = "png" if data.startswith(b"\x89PNG") else "jpeg"
    part = MIMEImage(data, sub, name=name)
    if cid:
        part["Content-ID"] = f"<{cid}>"
    if disposition:
        part.add_header("Content-Disposition", disposition, filename=name)
    return part


def _form(name: str = "淄博市科协申报表.docx") -> MIMEBase:
    part = MIMEApplication(FORM.read_bytes(), DOCX, name=("gbk", "", name))
    part.add_header("Content-Disposition", "attachment", filename=("gbk", "", name))
    return part


def outlook(*pictures: MIMEBase, html: str = "", attachments: tuple[MIMEBase, ...] = ()) -> bytes:
    """A mail as Outlook writes an HTML mail: multipart/mixed > multipart/related
    (multipart/alternative of the text and the HTML, then the body's
    pictures) and the attachments."""
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText("附件请查收。\r\n\r\n淄博市科协", "plain", "gb2312"))
    body = html or f'<p>附件请查收。</p><p><img src="cid:{LOGO_CID}"></p>'
    alternative.attach(MIMEText(body, "html", "gb2312"))
    related = MIMEMultipart("related", type="multipart/alternative")
    related.attach(alternative)
    for picture in pictures:
        related.attach(picture)
    mixed = MIMEMultipart("mixed")
    mixed["Received"] = (
        "from mail.example.cn by mx.office.example.org; Wed, 17 Aug 2022 10:15:30 +0800"
    )
    mixed["From"] = "淄博市科协 <zbkx@example.cn>"
    mixed["Subject"] = "淄博市科协改革品牌项目申报"
    mixed["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    mixed.attach(related)
    for item in attachments or (_form(),):
        mixed.attach(item)
    return mixed.as_bytes()


def _ignored(d: Delivery) -> list[tuple[str, str]]:
    return [(e.name, e.code) for e in d.ledger if e.role == "other"]


def test_the_signature_logo_of_an_outlook_mail_is_part_of_its_body() -> None:
    logo = _picture(PNG, "image001.png", cid=LOGO_CID, disposition="inline")
    # Outlook also sends the body's pictures with no Content-Disposition.
    banner = _picture(JPEG, "image002.jpg", cid="image002.jpg@01D8B1A2.3C4D5E60")
    d = parse_mail(outlook(logo, banner), "outlook.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert _ignored(d) == [
        ("image001.png", "mail.part-ignored"),
        ("image002.jpg", "mail.part-ignored"),
    ]


def test_a_picture_the_html_finds_by_its_location_is_part_of_the_body() -> None:
    logo = _picture(PNG, "logo.png", disposition="inline")
    logo["Content-Location"] = "logo.png"
    d = parse_mail(outlook(logo, html='<img src="logo.png">'), "location.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert _ignored(d) == [("logo.png", "mail.part-ignored")]


def test_a_picture_the_html_refers_to_is_part_of_the_body_wherever_it_is() -> None:
    """Foxmail marks the body's pictures as attachments; the HTML's ``cid:``
    says they are the body's (the Content-ID compared as RFC 2392 says)."""
    logo = _picture(PNG, "签名.png", cid="Logo@Foxmail", disposition="attachment")
    html = '<p>附件请查收</p><img src="CID:logo%40foxmail">'
    raw = outlook(attachments=(_form(), logo), html=html)
    d = parse_mail(raw, "foxmail.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert _ignored(d) == [("签名.png", "mail.part-ignored")]


def test_a_picture_the_sender_attached_stays_a_received_file() -> None:
    logo = _picture(PNG, "image001.png", cid=LOGO_CID, disposition="inline")
    photo = _picture(JPEG, "盖章页.jpg", disposition="attachment")
    # An attachment with a Content-ID no HTML refers to is an attachment too.
    scan = _picture(JPEG + b"scan", "扫描件.jpg", cid="scan@x", disposition="attachment")
    d = parse_mail(outlook(logo, attachments=(_form(), photo, scan)), "photo.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx", "盖章页.jpg", "扫描件.jpg"]


def test_a_form_the_html_refers_to_is_never_taken_for_the_body() -> None:
    """Apple Mail shows a PDF or a Word file in the body and refers to it by
    ``cid:``: it is still the file the unit sent."""
    form = _form()
    form.replace_header("Content-Disposition", "inline")
    form["Content-ID"] = "<form@apple>"
    raw = outlook(form, html='<img src="cid:form@apple">', attachments=(_picture(PNG, "x.png"),))
    d = parse_mail(raw, "apple.eml")
    assert "淄博市科协申报表.docx" in [a.name for a in d.attachments]


def test_a_forwarded_outlook_mail_keeps_its_logo_out_too() -> None:
    logo = _picture(PNG, "image001.png", cid=LOGO_CID, disposition="inline")
    inner = outlook(logo)
    outer = EmailMessage()
    outer["From"] = "转发人 <office2@example.org>"
    outer["Subject"] = "转发：淄博市科协改革品牌项目申报"
    outer["Date"] = "Wed, 17 Aug 2022 11:00:00 +0800"
    outer.set_content("转发")
    outer.add_attachment(inner, maintype="message", subtype="rfc822")
    d = parse_mail(outer.as_bytes(), "fwd.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert [a.forward for a in d.attachments] == ["2"]


def test_a_form_with_a_logo_is_checked_as_the_form_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The logo beside a lone Word form is neither an unknown file nor taken
    for the form's scan."""
    path = tmp_path / "outlook.eml"
    path.write_bytes(outlook(_picture(PNG, "image001.png", cid=LOGO_CID, disposition="inline")))
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    files = {f["path"]: f for f in report["inbox"]["files"]}
    assert not [p for p in files if p.endswith("/image001.png")]
    [logo] = [f for p, f in files.items() if p.endswith("] image001.png")]
    assert (logo["kind"], logo["status"], logo["code"]) == (
        "mail-other",
        "ignored",
        "mail.part-ignored",
    )
    codes = {f["code"] for f in report["findings"]}
    codes |= {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert not codes & {"inbox.unknown-file", "deliverables.wrong-type"}


# -- the mail's own parts ------------------------------------------------------------


def _with(*parts: MIMEBase) -> bytes:
    msg = MIMEMultipart("mixed")
    msg["From"] = "淄博市科协 <zbkx@example.cn>"
    msg["Subject"] = "淄博市科协改革品牌项目申报"
    msg["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    msg.attach(MIMEText("附件请查收。", "plain", "utf-8"))
    for part in parts:
        msg.attach(part)
    return msg.as_bytes()


def _named(data: bytes, ctype: str, name: str = "", **params: str) -> MIMEBase:
    main, sub = ctype.split("/")
    part = MIMEBase(main, sub, policy=None, **params)
    part.set_payload(data)
    encoders.encode_base64(part)
    if name:
        part.add_header("Content-Disposition", "attachment", filename=name)
    return part


@pytest.mark.parametrize(
    ("ctype", "name"),
    [
        ("text/vcard", "张三.vcf"),
        ("text/x-vcard", "名片.vcf"),
        ("application/octet-stream", "张三.vcf"),
        ("text/calendar; method=REQUEST", ""),
        ("text/calendar", "invite.ics"),
        ("application/pkcs7-signature", "smime.p7s"),
        ("message/disposition-notification", ""),
        ("message/delivery-status", ""),
    ],
)
def test_a_card_an_invitation_a_signature_or_a_receipt_is_the_mail_s_own(
    ctype: str, name: str
) -> None:
    head = [f"Content-Type: {ctype}"]
    if name:
        head.append(f'Content-Disposition: attachment; filename="{gbk_word(name)}"')
    own = (head, b"Reporting-MTA: dns; mx.example.cn\r\n\r\nFinal-Recipient: rfc822; a@b\r\n")
    d = parse_mail(mail(parts=[named("申报表.docx", b"PK\x03\x04docx"), own]), "own.eml")
    assert [a.name for a in d.attachments] == ["申报表.docx"]
    [row] = [e for e in d.ledger if e.part == "3"]
    assert (row.status, row.code) == ("ignored", "mail.part-ignored")
    assert not {f.code for f in d.findings} & {"mail.attachment-unnamed", "mail.no-attachments"}
    # The file list shows it by its name, else its content type, with its size.
    shown = mail_ledger_row(row, "mail")
    assert shown.path == f"mail/[3] {name or ctype.partition(';')[0]}"
    if not ctype.startswith("message/"):  # (a report's parts: no size of its own)
        assert shown.size == len(own[1])


# -- the same file twice -------------------------------------------------------------


@pytest.mark.parametrize("name", ["淄博市科协申报表.docx", "申报表-副本.docx"])
def test_the_same_file_attached_twice_counts_once(name: str) -> None:
    d = parse_mail(_with(_form(), _form(name)), "twice.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    [row] = [e for e in d.ledger if e.part == "3"]
    assert (row.role, row.status, row.code, row.name) == (
        "attachment",
        "ignored",
        "mail.attachment-duplicate",
        name,
    )
    [note] = [f for f in d.findings if f.code == "mail.attachment-duplicate"]
    assert dict(note.params) == {"part": "3", "name": "淄博市科协申报表.docx"}


def test_a_file_again_in_the_forwarded_mail_counts_once() -> None:
    inner = EmailMessage()
    inner["From"] = "淄博市科协 <zbkx@example.cn>"
    inner["Subject"] = "申报"
    inner.set_content("附件")
    inner.add_attachment(FORM.read_bytes(), "application", DOCX, filename="申报表.docx")
    rfc822 = MIMEBase("message", "rfc822")
    rfc822.set_payload([inner])
    d = parse_mail(_with(_form(), rfc822), "fwd-twice.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert "mail.attachment-duplicate" in {f.code for f in d.findings}


def test_different_files_of_one_name_are_both_kept() -> None:
    other = _named(b"%PDF-1.4 other", "application/pdf", "淄博市科协申报表.docx")
    d = parse_mail(_with(_form(), other), "two.eml")
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx", "淄博市科协申报表 (2).docx"]


def test_one_submission_of_a_form_attached_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not two submissions of the unit, one superseding the other."""
    path = tmp_path / "twice.eml"
    path.write_bytes(_with(_form(), _form()))
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    assert len(report["inbox"]["submissions"]) == 1
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert "batch.superseded" not in codes
    [row] = [f for f in report["inbox"]["files"] if f["path"].endswith("[3] 淄博市科协申报表.docx")]
    assert (row["kind"], row["status"], row["code"]) == (
        "mail-attachment",
        "ignored",
        "mail.attachment-duplicate",
    )


# -- a body in HTML only -------------------------------------------------------------


def test_the_text_of_an_html_only_mail_is_its_body() -> None:
    """Webmail and Foxmail send a body in HTML only: the report shows its
    text, not "(no text body)"."""
    markup = (
        "<html><head><style>p.MsoNormal{margin:0}</style><title>x</title></head><body>"
        "<div>各位领导：</div><p>附件为申报表&nbsp;&amp;盖章扫描件，请查收。</p>"
        "<p>淄博市科协<br>张三</p><script>track()</script>"
        "<table><tr><td>电话</td><td>0533-1234567</td></tr></table></body></html>"
    )
    msg = MIMEMultipart("mixed")
    msg["From"] = "淄博市科协 <zbkx@example.cn>"
    msg["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    msg.attach(MIMEText(markup, "html", "gbk"))
    msg.attach(_form())
    d = parse_mail(msg.as_bytes(), "html.eml")
    assert d.body == (
        "各位领导：\n\n附件为申报表 &盖章扫描件，请查收。\n\n淄博市科协\n张三\n\n电话 0533-1234567"
    )
    [row] = [e for e in d.ledger if e.part == "1"]
    assert (row.role, row.status, row.code) == ("body", "used", "")


def test_the_plain_text_is_the_body_when_there_is_one() -> None:
    d = parse_mail(outlook(), "both.eml")
    assert d.body.startswith("附件请查收。")
    html = [e for e in d.ledger if e.content_type == "text/html"]
    assert [(e.status, e.code) for e in html] == [("ignored", "mail.part-ignored")]


# -- files as links ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ctype", "text", "charset"),
    [
        (
            "html",
            '<div>从QQ邮箱发来的超大附件</div><a href="https://wx.mail.qq.com/ftn/download?'
            'func=3&amp;k=abc">淄博市科协申报表.docx</a>',
            "gb18030",
        ),
        (
            "plain",
            "附件请查收。\r\n下载：https://mail.163.com/large-attachment-download/index.html"
            "?p=X&file=abc\r\n",
            "utf-8",
        ),
        ("plain", "另有云附件一个，请于15天内下载。", "gbk"),
        (
            "plain",
            "申报材料已上传百度网盘：\r\n链接: https://pan.baidu.com/s/1AbCdEfGh 提取码: x7k2\r\n",
            "gbk",
        ),
        ("plain", "通过微云分享的文件：https://share.weiyun.com/AbCd12", "utf-8"),
        (
            "html",
            '<p>我已与你共享 <a href="https://1drv.ms/w/s!AbCdEf">淄博市科协申报表.docx</a></p>',
            "utf-8",
        ),
        (
            "html",
            '<a href="https://contoso-my.sharepoint.com/:b:/g/personal/a/EAbC">申报表.pdf</a>',
            "utf-8",
        ),
    ],
    ids=["qq-html", "163-link", "words", "baidu-pan", "weiyun", "onedrive", "sharepoint"],
)
def test_files_sent_as_links_are_said(ctype: str, text: str, charset: str) -> None:
    msg = MIMEMultipart("mixed")
    msg["From"] = "淄博市科协 <zbkx@example.cn>"
    msg["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    msg.attach(MIMEText(text, ctype, charset))
    d = parse_mail(msg.as_bytes(), "linked.eml")
    assert {"mail.attachment-linked", "mail.no-attachments"} <= {f.code for f in d.findings}


def test_a_mail_with_its_files_attached_links_to_none() -> None:
    d = parse_mail(outlook(), "plain.eml")
    assert "mail.attachment-linked" not in {f.code for f in d.findings}


def test_the_mac_header_of_an_appledouble_file_is_the_mail_s_own() -> None:
    # Apple Mail's AppleDouble: the file's Mac header under the file's own
    # name, then the file; the header was taken as a received 申报表.pdf and
    # the form itself renamed 申报表 (2).pdf.
    pdf = b"%PDF-1.4\n%form\n"
    header = b"\x00\x05\x16\x07\x00\x02\x00\x00" + bytes(16) + b"\x00\x00"
    double = MIMEMultipart("appledouble")
    fork = MIMEApplication(header, "applefile", name="申报表.pdf")
    double.attach(fork)
    form = MIMEApplication(pdf, "pdf", name="申报表.pdf")
    form.add_header("Content-Disposition", "attachment", filename="申报表.pdf")
    double.attach(form)
    outer = MIMEMultipart()
    outer["From"] = "jnkx@example.cn"
    outer.attach(MIMEText("附件请查收。", "plain", "utf-8"))
    outer.attach(double)
    d = parse_mail(outer.as_bytes(), "apple.eml")
    assert [(a.name, a.data, a.part) for a in d.attachments] == [("申报表.pdf", pdf, "2.2")]
    [row] = [e for e in d.ledger if e.part == "2.1"]
    assert (row.status, row.code) == ("ignored", "mail.part-ignored")


def test_an_applesingle_file_holds_the_file_and_is_kept() -> None:
    # AppleSingle (application/applefile alone) holds the file's data: no header to leave out.
    single = b"\x00\x05\x16\x00\x00\x02\x00\x00" + bytes(16) + b"\x00\x01" + b"%PDF-1.4\n"
    outer = MIMEMultipart()
    outer["From"] = "jnkx@example.cn"
    outer.attach(MIMEText("附件请查收。", "plain", "utf-8"))
    part = MIMEApplication(single, "applefile", name="申报表.pdf")
    part.add_header("Content-Disposition", "attachment", filename="申报表.pdf")
    outer.attach(part)
    d = parse_mail(outer.as_bytes(), "single.eml")
    assert [(a.name, a.data) for a in d.attachments] == [("申报表.pdf", single)]


def _bounce(outer: MIMEMultipart) -> MIMEMultipart:
    """A bounce of ``outer`` (a mail the office sent), as Postfix writes it."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "MAILER-DAEMON@mx.office.example.org"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report.attach(MIMEText("I'm sorry to have to inform you ...", "plain", "utf-8"))
    report.attach(
        email.message_from_string(
            "Content-Type: message/delivery-status\n\n"
            "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b\nAction: failed\n"
        )
    )
    report.attach(MIMEMessage(outer))
    return report


def _notice() -> MIMEMultipart:
    sent = MIMEMultipart()
    sent["From"] = "office@example.org"
    sent["Subject"] = "关于申报改革品牌项目的通知"
    sent.attach(MIMEText("请查收通知。", "plain", "utf-8"))
    sent.attach(MIMEApplication(b"%PDF-1.4\n%notice\n", "pdf", name="通知.pdf"))
    return sent


def test_the_mail_a_bounce_returns_is_no_received_mail() -> None:
    # The office's notice bounced: it was a submission of MAILER-DAEMON's,
    # the notice its scan, forwarded by it.
    d = parse_mail(_bounce(_notice()).as_bytes(), "bounce.eml")
    assert d.attachments == ()
    assert d.forwarded == ()
    [row] = [e for e in d.ledger if e.part == "3"]
    assert (row.role, row.status, row.code) == ("other", "ignored", "mail.part-ignored")
    assert not {e.part for e in d.ledger} & {"3.1", "3.2"}
    assert "mail.forwarded" not in {f.code for f in d.findings}


def test_a_bounce_a_unit_forwards_is_read_as_sent() -> None:
    # A unit's own mail, returned to it, that it forwards to the office.
    forwarding = MIMEMultipart()
    forwarding["From"] = "jnkx@example.cn"
    forwarding.attach(MIMEText("原邮件被退回，现转发。", "plain", "utf-8"))
    forwarding.attach(MIMEMessage(_bounce(_notice())))
    d = parse_mail(forwarding.as_bytes(), "fw.eml")
    assert [(a.name, a.forward) for a in d.attachments] == [("通知.pdf", "2.3")]


def test_system_files_attached_to_a_mail_are_ignored_as_in_a_folder() -> None:
    pdf = b"%PDF-1.4\n" + bytes(64)
    system = {
        ".DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(40),
        "Thumbs.db": b"\xd0\xcf\x11\xe0" + bytes(60),
        "desktop.ini": b"[.ShellClassInfo]\r\n",
        "~$申报表.docx": bytes(162),
        "__MACOSX/._申报表.pdf": b"\x00\x05\x16\x07" + bytes(40),
    }
    parts = [named("申报表.pdf", pdf, "application/pdf")]
    parts += [named(name, data) for name, data in system.items()]
    parts.append(named(".pdf", pdf + b"another"))  # a name lost, its extension kept: no system file
    parts.append(named("../..", pdf + b"a third"))  # a file named as no file: no system file either
    d = parse_mail(mail(parts=parts), "a.eml")
    assert [a.name for a in d.attachments] == ["申报表.pdf", "pdf", "附件-9.bin"]
    ignored = [(e.name, e.role, e.status) for e in d.ledger if e.code == "inbox.ignored"]
    assert ignored == [(name, "attachment", "ignored") for name in system]
    assert sum(f.code == "inbox.ignored" for f in d.findings) == len(system)
    assert not any(f.code == "mail.no-attachments" for f in d.findings)
    alone = parse_mail(mail(parts=[named(".DS_Store", bytes(8))]), "b.eml")
    assert not alone.attachments
    assert any(f.code == "mail.no-attachments" for f in alone.findings)


def test_a_multipart_with_nothing_in_it_is_no_file() -> None:
    """A multipart whose body holds no part (its boundary never comes): no
    unnamed empty file of the unit's, the defect said."""
    empty = (['Content-Type: multipart/mixed; boundary="inner"'], b"\r\n")
    d = parse_mail(mail(parts=[named("申报表.pdf", b"%PDF-1.4\n"), empty]), "e.eml")
    assert [a.name for a in d.attachments] == ["申报表.pdf"]
    assert [(e.part, e.role, e.status, e.code) for e in d.ledger if e.part == "3"] == [
        ("3", "container", "ignored", "mail.mime-defect")
    ]
    codes = {f.code for f in d.findings}
    assert "mail.mime-defect" in codes and "mail.attachment-unnamed" not in codes
