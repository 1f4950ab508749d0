"""Constants and helpers shared by the validation tests."""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import signal
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reform_brand import SubmissionReport
from reform_brand.scan import sample_scan

EXAMPLES = (
    Path(__file__).resolve().parents[2] / "plugins" / "reform_brand_shandong_2022" / "examples"
)
CST = dt.timezone(dt.timedelta(hours=8))
#: An evaluation time after the deadline and after every arrival used here.
NOW = dt.datetime(2022, 8, 25, 12, 0, tzinfo=CST)

APPLICATION: dict[str, Any] = {
    "version": 1,
    "id": "s1",
    "edition": "shandong-2022",
    "form": "application",
    "unit": {"name": "济南市科协", "kind": "city-association"},
    "reform_items": [1],
    "arrived_at": "2022-08-19T10:00:00+08:00",
    "attachments": [
        {"role": "signed-scan", "path": "scan.pdf"},
        {"role": "word", "path": "form.docx"},
    ],
    "data": {
        "applicant_unit": "济南市科协",
        "date": "2022-08-15",
        "project_name": "“三长”进驻“两中心”工作机制创新",
        "contact": {
            "name": "张明",
            "title": "办公室主任",
            "office_phone": "0531-82073271",
            "mobile": "13805310000",
            "email": "office@example.cn",
        },
        "project_basis": "已建立“三长”联系机制。",
        "project_implementation": "一是完善机制；二是搭建平台。",
        "expected_outcomes": "形成可推广的经验。",
        "recommender_opinion": "同意推荐。",
    },
}

RECOMMENDATION: dict[str, Any] = {
    "version": 1,
    "id": "r1",
    "edition": "shandong-2022",
    "form": "recommendation",
    "unit": {"name": "省科协科普部", "kind": "department"},
    "reform_items": [14],
    "arrived_at": "2022-08-19T10:00:00+08:00",
    "attachments": [
        {"role": "signed-scan", "path": "scan.pdf"},
        {"role": "word", "path": "form.docx"},
    ],
    "data": {
        "recommending_unit": "省科协科普部",
        "date": "2022-08-16",
        "recommended_unit": "山东省科技馆",
        "project_name": "数字科普公园建设",
        "recommendation_reason": "品牌成熟。",
        "recommender_opinion": "同意推荐。",
    },
}

Envelope = dict[str, Any]


def minimal_docx(text: str = "申报表") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


#: A signed and stamped scan (the signed-scan rule finds nothing to say).
PDF = sample_scan()
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def pairs(report: SubmissionReport) -> list[tuple[str, str]]:
    """(code, pointer) of every finding, in order."""
    return [(f.code, f.pointer) for f in report.findings]


def batch_envelope(i: int, sub_id: str) -> dict[str, Any]:
    """Envelope ``i`` of a test batch, with the id ``sub_id``: one of three
    units in turn (two city associations and a provincial society), one of
    seven project names (so that projects are resent), an arrival day of its
    own."""
    env = copy.deepcopy(APPLICATION)
    env["id"] = sub_id
    unit = ("济南市科协", "青岛市科协", "山东省某学会")[i % 3]
    env["unit"] = {
        "name": unit,
        "kind": "provincial-society" if "学会" in unit else "city-association",
    }
    env["data"]["applicant_unit"] = unit
    env["data"]["project_name"] = f"项目 {i % 7}"
    # Within the call: issued on 2022-08-11, closing at the end of 2022-08-20.
    env["arrived_at"] = f"2022-08-{11 + i % 10}T10:00:00+08:00"
    return env


def stopped_by(proc: subprocess.Popen[bytes], sig: int) -> bytes:
    """What the process group of ``proc`` (started in a session of its
    own, its standard error piped) wrote on standard error once ``sig``
    stopped it; the test fails when it does not stop within two minutes."""
    os.killpg(proc.pid, sig)
    try:
        _out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the run did not stop")
    return err
