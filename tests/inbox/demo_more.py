"""The rest of the example inbox: what a real mailbox also holds.

- 泰安: the e-mail brought one .zip of the form and its scan, with the names
  in GBK as Windows' "send to compressed folder" writes them;
- 日照: the form saved as .odt (LibreOffice's and WPS's default);
- 东营: a form and its revision (申报表(修改版).docx) in one e-mail, the scan
  of the revision beside them;
- 烟台: the same project sent again on 21 August, after the deadline;
- 收件箱导出.mbox: two units' mails saved from the mail client (菏泽, 枣庄),
  each with its arrival time in its ``Received:`` header;
- 聊城: a scan without the seal; 滨州: the scan of another project (its
  seal and signature are there), both printed and rasterised as a scanner
  makes them.

The two scans of :data:`REAL_SCANS` are made with
:func:`reform_brand.scan.synthetic.scan_from_docx`; they are not byte-for-byte
repeatable, so the sync test checks them by what they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from reform_brand.model import Edition
from tests.inbox import docx_edit as E
from tests.inbox.archives import gbk_zip
from tests.inbox.make_demo import application, manifest, scan
from tests.inbox.odt_make import docx_to_odt
from tests.mail.mails import CST, mail, named, received_at

#: The scans made as a scanner makes them: path -> what they show.
REAL_SCANS: Final = {
    "2022-08-19 聊城市科协/聊城市科协申报表.pdf": "unstamped",
    "2022-08-18 滨州市科协/滨州市科协申报表-盖章.pdf": "other-project",
}

_TITLE: Final = "2022年度山东省科协改革品牌项目申报表"
_DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _real_scan(
    docx: bytes, data: dict[str, Any], *, seal: str | None, seed: int, real: bool
) -> bytes:
    if not real:
        return b""
    from reform_brand.scan.synthetic import scan_from_docx

    rows = [
        ("申报单位", str(data["applicant_unit"])),
        ("项目名称", str(data["project_name"])),
        ("推荐单位意见", "同意申报。"),
    ]
    return scan_from_docx(docx, title=_TITLE, rows=rows, seal_text=seal, seed=seed)


def _mbox(mails: list[tuple[str, dt.datetime, bytes]]) -> bytes:
    """An mbox file as a mail client exports it (``From `` lines dated by
    the arrival; no body line starts with ``From ``: the parts are base64)."""
    out = []
    for sender, when, raw in mails:
        stamp = when.astimezone(dt.UTC).strftime("%a %b %d %H:%M:%S %Y")
        out.append(f"From {sender} {stamp}\n".encode() + raw.replace(b"\r\n", b"\n") + b"\n")
    return b"".join(out)


def more_deliveries(edition: Edition, *, real_scans: bool = True) -> dict[str, bytes]:
    """The files of the deliveries above: relative path -> bytes."""
    files: dict[str, bytes] = {}

    def filled(data: dict[str, Any], *steps: Callable[[Any], None]) -> bytes:
        return E.edit(E.filled(edition, "application", data), *steps)

    # 泰安: a zip of the form and its scan.
    d = "2022-08-18 泰安市科协"
    taian = application(
        "泰安市科协",
        "2022-08-18",
        "泰山科技志愿服务品牌",
        ("林峰", "科普部部长", "0538-82212345", "13905380014", "takx@example.cn"),
        "科技志愿服务",
    )
    files[f"{d}/泰安市科协申报材料.zip"] = gbk_zip(
        [
            ("泰安市科协申报表.docx", filled(taian)),
            ("泰安市科协申报表（盖章）.pdf", scan("Taian")),
        ]
    )
    files[f"{d}/manifest.toml"] = manifest(
        sender="takx@example.cn",
        arrived="2022-08-18T15:02:00+08:00",
        unit={"name": "泰安市科协", "kind": "city-association"},
        items=[9],
    )

    # 日照: the form saved as .odt.
    d = "2022-08-17 日照市科协"
    rizhao = application(
        "日照市科协",
        "2022-08-17",
        "海洋科普研学基地建设",
        ("马兰", "学会部部长", "0633-82912345", "13806330015", "rzkx@example.cn"),
        "海洋科普",
    )
    files[f"{d}/日照市科协申报表.odt"] = docx_to_odt(filled(rizhao))
    files[f"{d}/日照市科协申报表-盖章.pdf"] = scan("Rizhao")
    files[f"{d}/manifest.toml"] = manifest(
        sender="rzkx@example.cn",
        arrived="2022-08-17T11:40:00+08:00",
        unit={"name": "日照市科协", "kind": "city-association"},
        items=[12],
    )

    # 东营: the form and its revision in one e-mail; the scan is of the revision.
    d = "2022-08-19 东营市科协"
    contact = ("宋涛", "办公室主任", "0546-83312345", "13706460016", "dykx@example.cn")
    dongying = application(
        "东营市科协", "2022-08-19", "黄河三角洲科技服务联盟", contact, "科技服务联盟"
    )
    files[f"{d}/东营市科协申报表.docx"] = filled(dongying)
    revised = {**dongying, "expected_outcomes": dongying["expected_outcomes"] + "（修改版）"}
    files[f"{d}/东营市科协申报表(修改版).docx"] = filled(revised)
    files[f"{d}/东营市科协申报表(修改版)-盖章.pdf"] = scan("Dongying", "revised")
    files[f"{d}/manifest.toml"] = manifest(
        sender="dykx@example.cn",
        arrived="2022-08-19T16:20:00+08:00",
        unit={"name": "东营市科协", "kind": "city-association"},
        items=[6],
    )

    # 烟台: the same project sent again after the deadline.
    d = "2022-08-21 烟台市科协"
    files[f"{d}/烟台市科协-申报表.docx"] = filled(
        application(
            "烟台市科协",
            "2022-08-21",
            "学会服务地方产业发展“双进”工程",
            ("周强", "学会部部长", "0535-66212345", "13505350006", "ytkx@example.cn"),
            "学会服务地方产业",
        )
    )
    files[f"{d}/烟台市科协-申报表-签章.pdf"] = scan("Yantai", "resent")
    files[f"{d}/manifest.toml"] = manifest(
        sender="ytkx@example.cn",
        arrived="2022-08-21T09:15:00+08:00",
        unit={"name": "烟台市科协", "kind": "city-association"},
        items=[8],
        subject="改革品牌项目申报材料（补充修改后重新发送）",
    )

    # 聊城: a real scan without the seal.
    d = "2022-08-19 聊城市科协"
    liaocheng = application(
        "聊城市科协",
        "2022-08-19",
        "运河沿线科普长廊",
        ("高原", "科普部部长", "0635-82112345", "13606350017", "lckx2@example.cn"),
        "科普长廊",
    )
    liaocheng_docx = filled(liaocheng)
    files[f"{d}/聊城市科协申报表.docx"] = liaocheng_docx
    files[f"{d}/聊城市科协申报表.pdf"] = _real_scan(
        liaocheng_docx, liaocheng, seal=None, seed=12, real=real_scans
    )
    files[f"{d}/manifest.toml"] = manifest(
        sender="lckx2@example.cn",
        arrived="2022-08-19T10:30:00+08:00",
        unit={"name": "聊城市科协", "kind": "city-association"},
        items=[13],
    )

    # 滨州: the scan sent is of another project (the 2021 one).
    d = "2022-08-18 滨州市科协"
    contact = ("董雪", "学会部部长", "0543-32112345", "13505430018", "bzkx@example.cn")
    binzhou = application("滨州市科协", "2022-08-18", "智慧科协服务平台", contact, "智慧科协")
    old = application("滨州市科协", "2021-08-16", "渤海粮仓科技示范工程", contact, "科技示范")
    files[f"{d}/滨州市科协申报表.docx"] = filled(binzhou)
    files[f"{d}/滨州市科协申报表-盖章.pdf"] = _real_scan(
        filled(old), old, seal="滨州市科学技术协会", seed=13, real=real_scans
    )
    files[f"{d}/manifest.toml"] = manifest(
        sender="bzkx@example.cn",
        arrived="2022-08-18T09:05:00+08:00",
        unit={"name": "滨州市科协", "kind": "city-association"},
        items=[4],
    )

    # Two units' mails saved from the mail client as one .mbox.
    mails = []
    for sender, unit, project, when, phone in (
        (
            "hzkx@example.cn",
            "菏泽市科协",
            "牡丹产业科技服务团",
            dt.datetime(2022, 8, 18, 14, 26, 9, tzinfo=CST),
            "0530-56212345",
        ),
        (
            "zzkx@example.cn",
            "枣庄市科协",
            "“科创中国”枣庄锂电产业服务站",
            dt.datetime(2022, 8, 20, 22, 47, 31, tzinfo=CST),
            "0632-33112345",
        ),
    ):
        data = application(
            unit,
            when.date().isoformat(),
            project,
            ("刘洋", "办公室主任", phone, "13905300019", sender),
            "产业服务",
        )
        raw = mail(
            sender=sender,
            sender_name=unit,
            subject=f"{unit}改革品牌项目申报材料",
            date=when - dt.timedelta(minutes=1),
            received=[received_at(when)],
            parts=[
                named(f"{unit}申报表.docx", filled(data), _DOCX),
                named(f"{unit}申报表（盖章）.pdf", scan(sender.split("@")[0]), "application/pdf"),
            ],
            message_id=f"{sender.split('@')[0]}-2022",
        )
        mails.append((sender, when, raw))
    files["收件箱导出.mbox"] = _mbox(mails)
    return files
