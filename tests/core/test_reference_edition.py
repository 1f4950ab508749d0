"""The reference edition holds every fact of 鲁科协办发〔2022〕10号."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

from reform_brand import Edition
from reform_brand.cli._core import edition_to_json
from tests.conftest import REFERENCE_DATA

NOTICE = (REFERENCE_DATA / "notice.txt").read_text(encoding="utf-8")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def squash(text: str) -> str:
    """The text without any white space (PDF extraction adds and drops spaces)."""
    return re.sub(r"\s+", "", text)


def attachment3_descriptions() -> dict[int, str]:
    """Item number -> description as printed in 附件3, white space removed."""
    body = NOTICE[NOTICE.index("附件 3") : NOTICE.rindex("山东省科协办公室 2022 年")]
    body = squash(body).removeprefix("附件3改革重点事项说明")
    out: dict[int, str] = {}
    for n in range(17, 0, -1):
        head = f"{n}."
        pos = body.rindex(head)
        out[n] = body[pos + len(head) :]
        body = body[:pos]
    return out


def test_issuer_and_document(edition: Edition) -> None:
    assert edition.id == "shandong-2022"
    assert edition.year == 2022
    assert edition.issuer.name.zh == "山东省科协办公室"
    assert edition.issuer.document_number == "鲁科协办发〔2022〕10号"
    assert edition.issued == dt.date(2022, 8, 11)
    assert edition.issuer.mailbox == "skxbgsgy@shandong.cn"
    assert edition.delivery.mailbox == edition.issuer.mailbox
    assert [c.phone for c in edition.issuer.contacts] == ["0531-82073271", "82073208"]
    assert [c.phone_full for c in edition.issuer.contacts] == ["0531-82073271", "0531-82073208"]
    assert squash(edition.title.zh) == "山东省科协办公室关于遴选2022年度改革品牌项目的通知"
    assert edition.addressees == (
        "各省级学会",
        "各市科协",
        "各企事业科协",
        "机关各部室",
        "各直属单位",
    )
    assert squash(edition.preamble[0]) in squash(NOTICE)
    assert squash(edition.requirements[0]) in squash(NOTICE)


def test_deadline_is_end_of_20_august_in_shanghai(edition: Edition) -> None:
    d = edition.deadline
    assert d.timezone == "Asia/Shanghai"
    assert d.at.utcoffset() == dt.timedelta(hours=8)
    assert d.late_accepted is False
    last_moment = dt.datetime(2022, 8, 20, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert d.is_on_time(last_moment)
    assert not d.is_on_time(dt.datetime(2022, 8, 21, 0, 0, tzinfo=SHANGHAI))
    # 16:30 UTC on the 20th is already 00:30 on the 21st in Shanghai.
    assert not d.is_on_time(dt.datetime(2022, 8, 20, 16, 30, tzinfo=dt.UTC))
    assert d.is_on_time(dt.datetime(2022, 8, 20, 15, 59, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        d.is_on_time(dt.datetime(2022, 8, 20, 12, 0))
    assert d.clause == "二.4"


def test_delivery(edition: Edition) -> None:
    deliv = {x.id: x for x in edition.delivery.deliverables}
    assert deliv["signed-scan"].file_types == ("pdf",)
    assert set(deliv["word"].file_types) == {"docx", "doc", "odt"}
    assert all(x.required for x in deliv.values())
    assert edition.delivery.paper_required is False
    assert edition.delivery.channel == "email"


def test_unit_kinds_and_roles(edition: Edition) -> None:
    roles = {k.id: (k.role, k.forms, k.counted_under) for k in edition.unit_kinds}
    assert roles == {
        "provincial-society": ("applicant", ("application",), ""),
        "enterprise-association": ("applicant", ("application",), ""),
        "city-association": ("applicant", ("application",), ""),
        "county-association": ("applicant", ("application",), "city-association"),
        "department": ("recommender", ("recommendation",), ""),
        "affiliated-unit": ("recommender", ("recommendation",), ""),
    }


def test_quotas_are_soft_as_the_notice_says_in_principle(edition: Edition) -> None:
    q = {x.id: x for x in edition.quotas}
    assert (q["provincial-society"].limit, q["enterprise-association"].limit) == (1, 1)
    assert q["city-association"].limit == 3
    assert q["city-association"].includes == ("county-association",)
    assert q["recommender"].limit == 3
    assert set(q["recommender"].unit_kinds) == {"department", "affiliated-unit"}
    for quota in q.values():
        assert quota.soft, quota.id
        assert "原则上" in quota.notice_text
        assert squash(quota.notice_text) in squash(NOTICE)


def test_all_17_reform_items_in_full(edition: Edition) -> None:
    printed = attachment3_descriptions()
    assert [it.number for it in edition.reform_items] == list(range(1, 18))
    for item in edition.reform_items:
        # The title stands in section 一 and heads its description in 附件3.
        assert f"{item.number}.{squash(item.title.zh)}；" in squash(NOTICE) or (
            f"{item.number}.{squash(item.title.zh)}。" in squash(NOTICE)
        )
        text = squash("".join(item.description))
        assert text == printed[item.number].removeprefix(squash(item.title.zh))
        assert item.title.en
        # Clean paragraphs: no line breaks left from the printed layout.
        assert all("\n" not in p for p in item.description)


def test_forms_have_every_field_and_block(edition: Edition) -> None:
    app = edition.form("application")
    assert app.attachment == "附件 1"
    assert squash(app.title.zh) == "2022年度山东省科协改革品牌项目申报表"
    labels = [f.label.zh for _, f in app.walk()]
    assert labels == [
        "申报单位",
        "日期",
        "项目名称",
        "联系人",
        "姓名",
        "职务",
        "办公电话",
        "手机",
        "电子邮箱",
        "项目基础",
        "项目实施",
        "预期成效",
        "推荐单位意见",
        "省科协意见",
    ]
    opinion = app.field_at("/recommender_opinion")
    assert opinion is not None
    assert [(b.kind, b.label.zh) for b in opinion.blocks] == [
        ("signature", "主要负责人（签章）"),
        ("seal", "（单位公章）"),
        ("date", "年 月 日"),
    ]
    issuer = app.field_at("/issuer_opinion")
    assert issuer is not None and issuer.filled_by == "issuer"

    rec = edition.form("recommendation")
    assert rec.attachment == "附件 2"
    assert [f.label.zh for _, f in rec.walk()] == [
        "推荐部室或单位",
        "日期",
        "被推荐单位",
        "项目名称",
        "推荐理由",
        "推荐部室或单位意见",
    ]
    rec_opinion = rec.field_at("/recommender_opinion")
    assert rec_opinion is not None
    assert [b.kind for b in rec_opinion.blocks] == ["signature", "date"]
    for form in (app, rec):
        for _, f in form.walk():
            assert squash(f.label.zh) in squash(NOTICE) or f.id == "date"


def test_extra_materials(edition: Edition) -> None:
    m = {x.id: x for x in edition.extra_materials}
    summary = m["city-progress-summary"]
    assert summary.max_zi == 2000
    assert summary.unit_kinds == ("city-association",)
    assert len(summary.topics) == 5
    assert summary.clause == "三.1"
    assert m["summary-2021"].selected_units == ()
    assert m["summary-2021"].clause == "三.2"


def test_roster_of_16_cities(edition: Edition) -> None:
    names = [u.name for u in edition.roster]
    assert len(names) == 16
    assert all(n.endswith("市科协") for n in names)
    assert "济南市科协" in names and "菏泽市科协" in names


def test_readings_decided_in_the_brief(edition: Edition) -> None:
    ids = {r.id for r in edition.readings}
    assert {
        "soft-quota",
        "deadline-end-of-day",
        "word-compatible-count",
        "declared-reform-items",
        "unit-names",
    } <= ids
    assert edition.count_mode == "word-compatible"
    assert edition.declare_reform_items is True
    assert edition.deadline.reading == "deadline-end-of-day"


def test_every_rule_bearing_datum_cites_a_clause(edition: Edition) -> None:
    data = edition_to_json(edition)
    missing: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if "clause" in node and not node["clause"]:
                missing.append(path)
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(data, "edition")
    assert missing == []


def test_json_form_holds_every_fact(edition: Edition) -> None:
    data = edition_to_json(edition)
    text = str(data)
    for fact in (
        "鲁科协办发〔2022〕10号",
        "0531-82073271",
        "82073208",
        "skxbgsgy@shandong.cn",
        "2022-08-11",
        "2022-08-21T00:00:00+08:00",
        "Asia/Shanghai",
    ):
        assert fact in text, fact
    assert all(len("".join(it["description"])) > 150 for it in data["reform_items"])
