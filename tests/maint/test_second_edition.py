"""Proof of the extension points: a second, fictional edition - another
province, other quotas, one extra rule and one extra renderer - written only
against reform_brand's public API, installed with pip and found through its
real entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reform_brand import BLOCK_ENV, Host, validate_batch
from reform_brand.testing import SubmissionFactory, assert_findings, write_attachments
from tests.packages import pip_install_target, with_site

PLUGIN = '''
"""hainan-2024: a fictional call of the Hainan association, as a plugin."""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from reform_brand import CodeInfo, hookimpl

EDITION_ID = "hainan-2024"


class FreeTradePortRule:
    """Hainan asks every application to say how it serves the free trade port."""

    id = "hainan.free-trade-port"
    codes = ("hainan.free-trade-port",)
    editions = (EDITION_ID,)
    scope = "submission"
    messages = {
        "hainan.free-trade-port": CodeInfo(
            code="hainan.free-trade-port",
            severity="error",
            rule="hainan.free-trade-port",
            zh="“项目基础”应说明项目如何服务自由贸易港建设",
            en="the project basis must say how the project serves the free trade port",
        )
    }

    def check(self, ctx):
        sub = ctx.submission
        data = sub.data if isinstance(sub.data, dict) else {}
        basis = data.get("project_basis")
        if sub.form == "application" and isinstance(basis, str) and "自由贸易港" not in basis:
            yield ctx.finding(
                "hainan.free-trade-port",
                rule=self.id,
                submission=sub,
                pointer="/data/project_basis",
                clause="二.1",
            )


class CsvRenderer:
    """A form as CSV: one row per field (pointer, label, value)."""

    id = "csv"
    suffix = ".csv"
    media_type = "text/csv"
    editions = (EDITION_ID,)

    def render(self, edition, form, data=None):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\\n")
        writer.writerow(["pointer", "label", "value"])
        for pointer, field in form.walk():
            if field.type == "group":
                continue
            value = data or {}
            for part in pointer.strip("/").split("/"):
                value = value.get(part, "") if isinstance(value, dict) else ""
            writer.writerow([pointer, field.label.zh, value])
        return out.getvalue().encode("utf-8")


@hookimpl
def reform_brand_editions(registry):
    registry.add_source(EDITION_ID, files(__name__) / "data")


@hookimpl
def reform_brand_rules(registry):
    registry.add(FreeTradePortRule())


@hookimpl
def reform_brand_renderers(registry):
    registry.add(CsvRenderer())
'''

DATA = """
id = "hainan-2024"
year = 2024
issued = 2024-03-01
title.zh = "海南省科协关于遴选 2024 年度改革品牌项目的通知"
title.en = "Notice of the Hainan Association for Science and Technology on selecting the 2024 reform brand projects"
region.zh = "海南省"
region.en = "Hainan Province"
addressees = ["各市县科协", "各省级学会"]
preamble = ["为推进自由贸易港建设中的科协改革，开展 2024 年度改革品牌项目遴选工作。"]

[inherit]
from = "shandong-2022"
remove = { reform_items = [13, 14, 15, 16, 17], quotas = ["enterprise-association", "recommender"], extra_materials = ["city-progress-summary", "summary-2021"] }
replace = ["roster"]

[issuer]
name.zh = "海南省科协办公室"
name.en = "Office of the Hainan Association for Science and Technology"
document_number = "琼科协办发〔2024〕3号"
mailbox = "gaige@hainan.example.cn"
contacts = [{ phone = "0898-65000000", phone_full = "0898-65000000", clause = "联系方式" }]

[deadline]
at = 2024-04-01T00:00:00+08:00
notice_text = "3 月 31 日前发送"

[delivery]
mailbox = "gaige@hainan.example.cn"

[[quotas]]
id = "city-association"
limit = 2
soft = false
notice_text = "市县科协申报不超过 2 个品牌项目"
reading = ""

[[quotas]]
id = "provincial-society"
limit = 2
soft = false
notice_text = "省级学会申报不超过 2 个品牌项目"
reading = ""

[[forms]]
id = "application"
title.zh = "2024 年度海南省科协改革品牌项目申报表"
title.en = "Application form for 2024 reform brand projects of the Hainan Association for Science and Technology"

  [[forms.fields]]
  id = "budget"
  label.zh = "项目经费（万元）"
  label.en = "Project budget (10,000 yuan)"
  type = "number"
  required = true
  filled_by = "applicant"
  minimum = 0
  maximum = 500
  unit.zh = "万元"
  unit.en = "× 10,000 yuan"
  example = "80"
  clause = "附件1"

[[forms]]
id = "recommendation"
title.zh = "2024 年度海南省科协改革品牌项目推荐表"
title.en = "Recommendation form for 2024 reform brand projects of the Hainan Association for Science and Technology"

[[unit_kinds]]
id = "city-association"
name.zh = "市县科协"
name.en = "City and county associations"

[[delivery.deliverables]]
id = "signed-scan"
required = false

[[delivery.deliverables]]
id = "word"
required = false

[[delivery.deliverables]]
id = "pdf-copy"
title.zh = "盖章 PDF 件"
title.en = "The stamped PDF"
file_types = ["pdf"]
required = true
clause = "报送要求"

[[delivery.deliverables]]
id = "editable"
title.zh = "可编辑电子版"
title.en = "The editable file"
file_types = ["docx"]
required = true
clause = "报送要求"

[[extra_materials]]
id = "annual-review"
title.zh = "年度改革工作回顾"
title.en = "Review of the year's reform work"
unit_kinds = ["city-association"]
per_unit = 1
max_zi = 1500
clause = "其他"
keywords = [["回顾"]]

[[roster]]
name = "海口市科协"
kind = "city-association"

[[roster]]
name = "三亚市科协"
kind = "city-association"

[[roster]]
name = "儋州市科协"
kind = "city-association"
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hainan-src")
    pkg = root / "rb-hainan"
    (pkg / "rb_hainan" / "data").mkdir(parents=True)
    (pkg / "rb_hainan" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    (pkg / "rb_hainan" / "data" / "edition.toml").write_text(DATA, encoding="utf-8")
    (pkg / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "rb-hainan"
            version = "1.0"

            [project.entry-points.reform_brand]
            hainan = "rb_hainan"

            [tool.setuptools]
            packages = ["rb_hainan"]

            [tool.setuptools.package-data]
            rb_hainan = ["data/*.toml"]
            """
        ),
        encoding="utf-8",
    )
    target = tmp_path_factory.mktemp("hainan-site")
    assert pip_install_target(target, pkg).returncode == 0
    return target


def cli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != BLOCK_ENV}
    env["PYTHONPATH"] = with_site(site)
    return subprocess.run(
        [sys.executable, "-m", "reform_brand", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def hainan_host(site: Path, monkeypatch: pytest.MonkeyPatch) -> Host:
    monkeypatch.syspath_prepend(str(site))
    from reform_brand.testing import isolated_host

    return isolated_host(installed=["hainan", "shandong-2022"])


def test_found_through_its_entry_point_with_its_hooks(site: Path) -> None:
    plugins = json.loads(cli(site, "plugins", "--json").stdout)
    [hainan] = [p for p in plugins["plugins"] if p["name"] == "hainan"]
    assert hainan["distribution"] == "rb-hainan"
    assert set(hainan["hooks"]) == {
        "reform_brand_editions",
        "reform_brand_rules",
        "reform_brand_renderers",
    }
    shown = json.loads(cli(site, "show", "hainan-2024", "--json").stdout)
    assert shown["region"]["zh"] == "海南省"
    assert [(q["id"], q["limit"], q["soft"]) for q in shown["quotas"]] == [
        ("provincial-society", 2, False),
        ("city-association", 2, False),
    ]
    assert len(shown["reform_items"]) == 12
    assert [u["name"] for u in shown["roster"]] == ["海口市科协", "三亚市科协", "儋州市科协"]


def test_it_lints_without_errors(site: Path) -> None:
    proc = cli(site, "lint", "hainan-2024", "--json")
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["counts"]["error"] == 0


def test_check_applies_the_extra_rule_and_the_hard_quota(site: Path, tmp_path: Path) -> None:
    host = _local_host(site)
    make = SubmissionFactory(host.edition("hainan-2024"))
    good = make("application", data={"project_basis": "服务自由贸易港建设的科协工作基础。"})
    lacking = make("application")
    third = make("application", data={"project_basis": "自由贸易港。"})
    for n, env in enumerate((good, lacking, third)):
        folder = tmp_path / f"s{n}"
        write_attachments(folder, env)
        (folder / "submission.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
    proc = cli(
        site, "check", "hainan-2024", str(tmp_path), "--json", "--now", "2024-04-02T00:00:00+08:00"
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    per_sub = {
        s["id"]: [(f["code"], f["pointer"]) for f in s["findings"]] for s in report["submissions"]
    }
    assert per_sub == {
        good["id"]: [],
        lacking["id"]: [("hainan.free-trade-port", "/data/project_basis")],
        third["id"]: [],
    }
    [rule_finding] = report["submissions"][1]["findings"]
    assert rule_finding["message"]["en"] == (
        "the project basis must say how the project serves the free trade port"
    )
    assert rule_finding["message"]["zh"].startswith("“项目基础”")
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("quota.exceeded", "error")]


def test_the_extra_rule_is_for_its_edition_only(hainan_host: Host) -> None:
    shandong = hainan_host.edition("shandong-2022")
    env = SubmissionFactory(shandong)("application")
    report = validate_batch(shandong, [env], host=hainan_host)
    assert "hainan.free-trade-port" not in [f.code for f in report.all_findings()]
    hainan = hainan_host.edition("hainan-2024")
    env = SubmissionFactory(hainan)("application")
    assert_findings(
        validate_batch(hainan, [env], host=hainan_host),
        [("hainan.free-trade-port", "/data/project_basis")],
    )


SHANDONG_WORDS = ("山东", "市级科协", "shandong", "Shandong", "2021")


def test_its_inbox_carries_no_reference_wording(site: Path, tmp_path: Path) -> None:
    from reform_brand.render import render_form
    from tests.inbox.docx_edit import minimal_pdf

    host = _local_host(site)
    edition = host.edition("hainan-2024")
    inbox = tmp_path / "inbox"
    mail = inbox / "2024-03-20 海口市科协"
    mail.mkdir(parents=True)
    data = SubmissionFactory(edition)("application", data={"project_basis": "自由贸易港。"})["data"]
    data["applicant_unit"] = "海口市科协"
    (mail / "申报表.docx").write_bytes(render_form(edition, "application", data))
    (mail / "申报表.pdf").write_bytes(minimal_pdf(["scan"]))
    (mail / "海口市科协年度改革工作回顾.txt").write_text("回顾" * 800, encoding="utf-8")
    out = tmp_path / "out"
    now = "2024-03-25T00:00:00+08:00"
    proc = cli(
        site, "check", "hainan-2024", str(inbox), "--json", "--now", now, "--report", str(out)
    )
    report = json.loads(proc.stdout)
    files = {f["path"]: f for f in report["inbox"]["files"]}
    assert files["2024-03-20 海口市科协/申报表.docx"]["role"] == "editable"
    assert files["2024-03-20 海口市科协/申报表.pdf"]["role"] == "pdf-copy"
    assert files["2024-03-20 海口市科协/海口市科协年度改革工作回顾.txt"]["role"] == "annual-review"
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert not codes & {"deliverables.missing", "deliverables.unknown-role"}
    batch = {(f["code"], f["unit"]) for f in report["findings"]}
    assert ("material.too-long", "海口市科协") in batch
    (missing,) = [f for f in report["findings"] if f["code"] == "material.missing"]
    assert missing["params"]["units"] == ["三亚市科协", "儋州市科协"]
    text = cli(site, "check", "hainan-2024", str(inbox), "--now", now, "--lang", "en").stdout
    outputs = [proc.stdout, text, (out / "report.html").read_text(encoding="utf-8")]
    for output in outputs:
        assert not [w for w in SHANDONG_WORDS if w in output], output[:2000]


def test_render_with_the_extra_renderer(site: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"project_name": "椰城科普", "contact": {"name": "王海"}}), "utf-8")
    out = tmp_path / "form.csv"
    proc = cli(site, "render", "hainan-2024", "application", "-d", str(data), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["pointer", "label", "value"]
    assert ["/project_name", "项目名称", "椰城科普"] in rows
    assert ["/contact/name", "姓名", "王海"] in rows
    # The renderer is the Hainan edition's: not offered for shandong-2022.
    other = cli(
        site, "render", "shandong-2022", "application", "--format", "csv", "-o", str(tmp_path / "x")
    )
    assert other.returncode == 2
    assert "Traceback" not in other.stderr
    # The built-in renderers still serve the new edition.
    docx = cli(site, "render", "hainan-2024", "application", "-o", str(tmp_path / "blank.docx"))
    assert docx.returncode == 0, docx.stderr


def _local_host(site: Path) -> Host:
    sys.path.insert(0, str(site))
    try:
        from reform_brand.testing import isolated_host

        host = isolated_host(installed=["hainan", "shandong-2022"])
        host.edition("hainan-2024")
        return host
    finally:
        sys.path.remove(str(site))


def test_its_number_field_is_checked_rendered_and_read_back(site: Path, tmp_path: Path) -> None:
    """The number field of its own: a JSON check, the Word form and reading
    it back, with no wording of the reference edition on the way."""
    host = _local_host(site)
    edition = host.edition("hainan-2024")
    env = SubmissionFactory(edition)("application")
    assert env["data"]["budget"] == 80
    env["data"]["budget"] = 620.5
    env["unit"] = {"name": "海口市科协", "kind": "city-association"}
    env["data"]["applicant_unit"] = "海口市科协"
    path = tmp_path / "env.json"
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    proc = cli(
        site, "check", "hainan-2024", str(path), "--json", "--now", "2024-03-25T00:00:00+08:00"
    )
    report = json.loads(proc.stdout)
    pairs = {(f["code"], f["pointer"]) for s in report["submissions"] for f in s["findings"]}
    assert ("form.maximum", "/data/budget") in pairs
    env["data"]["budget"] = 120.5
    data = tmp_path / "data.json"
    data.write_text(json.dumps(env["data"], ensure_ascii=False), encoding="utf-8")
    docx = tmp_path / "申报表.docx"
    made = cli(site, "render", "hainan-2024", "application", "-d", str(data), "-o", str(docx))
    assert made.returncode == 0, made.stderr
    read = cli(site, "read", "hainan-2024", str(docx), "--json")
    assert read.returncode == 0, read.stderr
    back = json.loads(read.stdout)
    assert back["envelope"]["data"]["budget"] == 120.5
    html = cli(
        site,
        "render",
        "hainan-2024",
        "application",
        "-d",
        str(data),
        "-o",
        str(tmp_path / "f.html"),
    )
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "120.5 万元" in page
    for output in (proc.stdout, read.stdout, page):
        assert not [w for w in SHANDONG_WORDS if w in output], output[:2000]
