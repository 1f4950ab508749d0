"""The examples in the messages of the third-party edition hainan-2024 come
from its own data, never from the reference edition (a 2022 date, a Jinan
phone number), even where its fields give no example."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.catalogue import Localized
from reform_brand.model import Form, FormField
from reform_brand.office import read_form
from reform_brand.testing import SubmissionFactory
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, proposal

REFERENCE = ("2022", "0531", "8 月 15 日", "08-15")


def _no_examples(edition: Edition) -> Edition:
    def bare(f: FormField) -> FormField:
        return attrs.evolve(f, example="", fields=tuple(bare(s) for s in f.fields))

    def form(f: Form) -> Form:
        return attrs.evolve(f, fields=tuple(bare(x) for x in f.fields))

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


def _messages(findings: object) -> list[str]:
    return [m for f in findings for m in (f.message("zh"), f.message("en"))]  # type: ignore[attr-defined]


def test_a_bad_date_read_from_a_form_shows_a_date_of_the_edition(
    hainan: Edition, tmp_path: Path
) -> None:
    filled = E.edit(
        E.filled(hainan, "proposal", proposal(ends=None)), E.sign_date("结束时间", "2025 年 6 月")
    )
    (tmp_path / "申报书.docx").write_bytes(filled)
    for edition, example in (
        (hainan, "2025 年 6 月 30 日"),
        (_no_examples(hainan), "2024 年 5 月 10 日"),
    ):
        [bad] = read_form(edition, tmp_path / "申报书.docx").findings
        assert bad.code == "read.bad-date" and bad.params["example"] == example
        assert not [m for m in _messages([bad]) for r in REFERENCE if r in m]


def test_format_findings_without_examples_name_nothing_of_the_reference(
    hainan_host: Host, hainan: Edition
) -> None:
    bare = _no_examples(hainan)
    env = SubmissionFactory(hainan)("proposal", data={"starts": "明年七月", "phone": "0898-6530"})
    report = validate_batch(bare, [env], host=hainan_host, now=NOW)
    [sub] = report.submissions
    found = {f.code: f for f in sub.findings}
    assert found["form.date"].params["example"] == "2024-05-10"
    assert found["contact.mobile"].params["example"] == "13800000000"
    assert not [m for m in _messages(sub.findings) for r in REFERENCE if r in m]


def test_render_names_a_field_by_its_english_label_in_english(
    hainan: Edition, hainan_host: Host
) -> None:
    from reform_brand.render import RenderDataError, render_form

    data = proposal(budget="many", title=["a"])
    with pytest.raises(RenderDataError) as info:
        render_form(hainan, "proposal", data, fmt="md", host=hainan_host)
    labels = {p.path: p.params["label"] for p in info.value.problems}
    assert labels == {
        "/budget": Localized(
            zh="经费预算（万元）", en="Budget (10,000 yuan)", value="经费预算（万元）"
        ),
        "/title": Localized(zh="项目名称", en="Project title", value="项目名称"),
    }
    english = info.value.message("en")
    assert "'Budget (10,000 yuan)'" in english and "'Project title'" in english
    assert not re.search("[\u4e00-\u9fff]", english)
    assert "“经费预算（万元）”" in info.value.message("zh")


@pytest.mark.parametrize(
    ("kind", "name"), [("society", "海南省热带作物协会"), ("municipal", "海口市科技协会")]
)
def test_an_unknown_unit_names_its_kind_as_the_edition_does(
    hainan_host: Host, hainan: Edition, kind: str, name: str
) -> None:
    """The kind is the edition's own name of it, not a plural made by adding
    an s (provincial societys)."""
    env = SubmissionFactory(hainan)("proposal", unit_kind=kind)
    env["unit"]["name"] = env["data"]["unit"] = name
    report = validate_batch(hainan, [env], host=hainan_host, now=NOW)
    [unknown] = [f for f in report.submissions[0].findings if f.code == "roster.unknown-unit"]
    kind_name = hainan.unit_kind(kind).name
    said = unknown.params["kind_name"]
    assert isinstance(said, Localized)
    assert (unknown.pointer, said.zh, said.en) == ("/unit/name", kind_name.zh, kind_name.en.lower())
    assert f"(unit kind: {kind_name.en.lower()})" in unknown.message("en")


def test_the_factory_fills_contacts_without_examples_with_no_reference_number(
    hainan: Edition,
) -> None:
    """An office phone without an example is the issuer's own (0898-...), a
    mobile one of no region: never a Jinan number of the reference edition."""
    bare = _no_examples(hainan)
    form = bare.form("proposal")
    mobile = form.fields[[f.id for f in form.fields].index("phone")]
    office = attrs.evolve(mobile, id="office_phone", type="phone", pattern="", max_chars=20)
    with_office = attrs.evolve(form, fields=(*form.fields, office))
    edition = attrs.evolve(bare, forms=(with_office,))
    data = SubmissionFactory(edition)("proposal")["data"]
    assert (data["phone"], data["office_phone"]) == ("13800000000", "0898-65300000")


@pytest.mark.parametrize(
    ("arrived", "code"),
    [
        ("2024-06-13T10:00:00", "deadline.arrival-naive"),
        ("2024-06-13 10:00", "deadline.arrival-invalid"),
    ],
)
def test_an_arrival_time_written_wrong_is_shown_the_edition_s_deadline(
    arrived: str, code: str, hainan_host: Host, hainan: Edition
) -> None:
    env = SubmissionFactory(hainan)("proposal", arrived_at=arrived)
    [sub] = validate_batch(hainan, [env], host=hainan_host, now=NOW).submissions
    [found] = [f for f in sub.findings if f.code == code]
    assert (found.pointer, found.params["example"]) == ("/arrived_at", "2024-06-14T17:00:00+08:00")
    assert not [m for m in _messages([found]) for r in REFERENCE if r in m]


def test_a_date_time_format_problem_names_no_reference_date() -> None:
    from reform_brand.engine._keywords import keyword_problem

    problem = keyword_problem("format", "date-time")
    assert not [r for r in REFERENCE for text in (problem.zh, problem.en) if r in text]


def test_an_arrival_at_an_exclusive_five_o_clock_is_late_and_the_deadline_says_why(
    hainan_host: Host, hainan: Edition
) -> None:
    """hainan-2024 takes mail before 17:00: the reference's exclusive end is
    a midnight, shown as 24:00 of the day before; an exclusive 17:00 says,
    in Chinese as in English, that 17:00 itself is late."""
    env = SubmissionFactory(hainan)("proposal")
    env["arrived_at"] = "2024-06-14T17:00:00+08:00"
    report = validate_batch(hainan, [env], host=hainan_host, now=NOW)
    [late] = [f for f in report.submissions[0].findings if f.code == "deadline.late"]
    deadline = late.params["deadline"]
    assert isinstance(deadline, Localized)
    assert deadline.zh == "2024年6月14日 17:00（北京时间，不含该时刻）"
    assert deadline.en == "2024-06-14T17:00:00+08:00 (exclusive)"
