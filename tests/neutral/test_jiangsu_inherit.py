"""An edition for another province made the way a maintainer makes one:
``new-edition jiangsu-2023 --from shandong-2022 --inherit``, then the
child's data written over the scaffold (its own issuer, deadline, roster,
a unit kind and a quota the reference edition has not, fewer reform items,
a stamped scan with no signature, a required field added to the 申报表).
The office's main job on an inbox of it — intake, the check, report.json,
report.html and the roster — follows the child's data throughout."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reform_brand import Edition, Host, hookimpl, lint_edition, scaffold_edition
from reform_brand.cli import main
from reform_brand.registries import EditionRegistry
from tests.inbox import docx_edit as E
from tests.neutral.conftest import mail

NOW = dt.datetime(2023, 4, 17, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

CHILD = """\
id = "jiangsu-2023"
year = 2023
issued = 2023-03-06
title.zh = "江苏省科协办公室关于遴选 2023 年度改革品牌项目的通知"
title.en = "Notice of the Office of the Jiangsu Association for Science and Technology on selecting the 2023 reform brand projects"
region.zh = "江苏省"
region.en = "Jiangsu Province"
addressees = ["各省级学会", "各设区市科协", "各高校科协"]
preamble = ["为深化全省科协系统改革，开展 2023 年度改革品牌项目遴选工作。"]

[inherit]
from = "shandong-2022"
remove = { reform_items = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], extra_materials = ["summary-2021"], readings = ["deadline-end-of-day"] }
replace = ["roster"]

[issuer]
name.zh = "江苏省科协办公室"
name.en = "Office of the Jiangsu Association for Science and Technology"
document_number = "苏科协办发〔2023〕5号"
mailbox = "gaige@jsast.example.cn"
clause = "五"
contacts = [{ phone = "025-83350000", phone_full = "025-83350000", clause = "五" }]

[[readings]]
id = "contact-required"
clause = "附件1"
notice_text = "联系人 姓名 职务 办公电话 手机 电子邮箱"
reading.zh = "联系人一栏的五项均为必填；办公电话写作区号-号码，如 025-83350000。"
reading.en = "All five contact columns are required; the office phone as area code-number, e.g. 025-83350000."
why.zh = "办公室需要能联系到申报人。"
why.en = "The office must be able to reach the applicant."

[deadline]
at = 2023-04-14T17:30:00+08:00
notice_text = "请于 4 月 14 日 17:30 前报送，逾期不予受理"
clause = "四.1"
reading = ""

[delivery]
mailbox = "gaige@jsast.example.cn"

[[delivery.deliverables]]
id = "signed-scan"
title.zh = "盖章扫描件"
title.en = "Stamped scan"
verify = ["seal"]

[[unit_kinds]]
id = "university"
name.zh = "高校科协"
name.en = "University association"
role = "applicant"
forms = ["application"]
clause = "二.2"

[[quotas]]
id = "city-association"
limit = 2
soft = false
notice_text = "市级科协申报不超过 2 个品牌项目（含县级科协项目）"

[[quotas]]
id = "university"
unit_kinds = ["university"]
limit = 1
forms = ["application"]
soft = false
notice_text = "高校科协限报 1 个项目"
clause = "二.2"

[[forms]]
id = "application"
title.zh = "2023 年度江苏省科协改革品牌项目申报表"
title.en = "Application form for 2023 reform brand projects of the Jiangsu Association for Science and Technology"

[[forms.fields]]
id = "applicant_unit"
example = "南京市科协"

[[forms.fields]]
id = "date"
example = "2023-04-01"

[[forms.fields]]
id = "contact"

  [[forms.fields.fields]]
  id = "office_phone"
  help.zh = "区号-号码，如 025-83350000。"
  help.en = "Area code, hyphen, number, e.g. 025-83350000."
  example = "025-83350000"

[[forms.fields]]
id = "leader"
label.zh = "项目负责人"
label.en = "Project leader"
type = "text"
required = true
filled_by = "applicant"
max_chars = 30
example = "李华"
clause = "附件1"

[[forms]]
id = "recommendation"
title.zh = "2023 年度江苏省科协改革品牌项目推荐表"
title.en = "Recommendation form for 2023 reform brand projects of the Jiangsu Association for Science and Technology"

[[forms.fields]]
id = "recommended_unit"
example = "江苏省科技馆"

[[forms.fields]]
id = "date"
example = "2023-04-01"

[[roster]]
name = "南京市科协"
kind = "city-association"
aliases = ["南京市科学技术协会"]

[[roster]]
name = "苏州市科协"
kind = "city-association"

[[roster]]
name = "南京大学科协"
kind = "university"

[[roster]]
name = "江苏省机械工程学会"
kind = "provincial-society"
"""


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory: pytest.TempPathFactory) -> tuple[Host, Edition, Path]:
    """(host, edition, data folder) of the scaffolded and edited child."""
    made = scaffold_edition(
        "jiangsu-2023",
        "shandong-2022",
        tmp_path_factory.mktemp("pkg") / "reform-brand-jiangsu-2023",
        inherit=True,
    )
    data = made.directory / "src" / made.module / "data"
    (data / "edition.toml").write_text(CHILD, encoding="utf-8")

    class JiangsuPlugin:
        __name__ = "jiangsu-2023"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("jiangsu-2023", data)

    host = Host.create(plugins=[JiangsuPlugin()], block=())
    return host, host.edition("jiangsu-2023"), data


def _application(edition: Edition, unit: str, project: str) -> bytes:
    data: dict[str, Any] = {
        "applicant_unit": unit,
        "date": "2023-04-01",
        "project_name": project,
        "contact": {
            "name": "王芳",
            "title": "主任",
            "office_phone": "025-83350001",
            "mobile": "13905100001",
            "email": "office@example.cn",
        },
        "project_basis": "已建成社区科协 50 个。",
        "project_implementation": "推动街道社区科协组织全覆盖，建立网格化服务机制。",
        "expected_outcomes": "新建社区科协 100 个。",
        "leader": "李华",
    }
    return E.filled(edition, "application", data)


def _inbox(edition: Edition, root: Path) -> Path:
    inbox = root / "inbox"
    scan = E.minimal_pdf(["scan"])
    for k, project in enumerate(("网格化覆盖", "数字科协")):
        mail(
            inbox / f"nj{k}",
            "南京市科协",
            "city-association",
            "2023-04-10T09:00:00+08:00",
            {"申报表.docx": _application(edition, "南京市科协", project), "申报表.pdf": scan},
        )
    # A county's project counts under its city: 南京 is over its hard quota.
    county = inbox / "jn"
    mail(
        county,
        "南京市江宁区科协",
        "county-association",
        "2023-04-11T09:00:00+08:00",
        {"申报表.docx": _application(edition, "南京市江宁区科协", "江宁科普"), "申报表.pdf": scan},
    )
    manifest = county / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + 'city = "南京市科协"\n', encoding="utf-8"
    )
    # A unit kind of the child only, over its quota of 1; its kind from the
    # roster (no manifest); one form arrives at 17:30 exactly, late.
    for k, project in enumerate(("青年人才托举", "研究生科普")):
        folder = inbox / f"nju{k}"
        folder.mkdir()
        (folder / "申报表.docx").write_bytes(_application(edition, "南京大学科协", project))
        (folder / "申报表.pdf").write_bytes(scan)
    mail(
        inbox / "sz",
        "苏州市科协",
        "city-association",
        "2023-04-14T17:30:00+08:00",
        {"申报表.docx": _application(edition, "苏州市科协", "运河科普"), "申报表.pdf": scan},
    )
    return inbox


def test_the_child_lints_clean_of_its_parent_s_region(
    jiangsu: tuple[Host, Edition, Path],
) -> None:
    host, edition, _data = jiangsu
    assert (len(edition.reform_items), [q.id for q in edition.quotas][-1]) == (6, "university")
    report = lint_edition("jiangsu-2023", host=host)
    assert report.ok
    assert not {"lint.parent-regional-data", "lint.regional-text"} & set(report.codes())


def test_the_office_s_main_job_follows_the_child_s_data(
    jiangsu: tuple[Host, Edition, Path], tmp_path: Path
) -> None:
    _host, edition, data = jiangsu
    inbox = _inbox(edition, tmp_path)
    out = tmp_path / "out"
    argv = ["check", str(data), str(inbox), "--report", str(out), "--now", NOW.isoformat()]
    assert main(argv) == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    over = sorted(
        (f["params"]["quota"], f["params"]["count"], f["severity"])
        for f in report["findings"]
        if f["code"] == "quota.exceeded"
    )
    assert over == [("city-association", 3, "error"), ("university", 2, "error")]
    facts = {s["id"]: s for s in report["inbox"]["submissions"]}
    assert (facts["nju0/申报表.docx"]["unit_kind"], facts["sz/申报表.docx"]["on_time"]) == (
        "university",
        False,
    )
    # The field the child added is read back from the Word forms.
    late = [
        (s["id"], [f["code"] for f in s["findings"] if f["severity"] == "error"])
        for s in report["submissions"]
    ]
    assert ("sz/申报表.docx", ["deadline.late"]) in late
    assert all(codes in ([], ["deadline.late"]) for _sub, codes in late)
    sheet = openpyxl.load_workbook(io.BytesIO((out / "roster.xlsx").read_bytes()))["汇总表"]
    header = [c.value for c in sheet[1]]
    # Counted under the parent's city kind; a seal but no signature asked.
    assert "所属市级科协" in header and "盖章" in header and "签名" not in header
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "苏科协办发〔2023〕5号" in page and "鲁科协" not in page
