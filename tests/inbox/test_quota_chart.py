"""The quota chart of report.html counts as the quota rule does: one bar per
quota and unit, so that a unit under two quotas (its applications under one,
its recommendations under another) is never one bar mixing both."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reform_brand import Edition, Host, Validator, hookimpl
from reform_brand.office._charts import Chart, QuotaBar, quota_chart
from reform_brand.office._check import report_from_batch
from reform_brand.office._inbox import InboxReport
from reform_brand.office._report_html import report_html
from reform_brand.registries import EditionRegistry
from tests.finding_params import number, text
from tests.inbox.test_report_html import Page
from tests.validation.helpers import APPLICATION, NOW, RECOMMENDATION, Envelope

#: A city association that also recommends projects, up to one.
_CHILD = """\
id = "two-quotas-2022"

[inherit]
from = "shandong-2022"

[[unit_kinds]]
id = "city-association"
forms = ["application", "recommendation"]

[[quotas]]
id = "city-recommendation"
unit_kinds = ["city-association"]
limit = 1
forms = ["recommendation"]
soft = true
notice_text = "市级科协推荐项目原则上不超过 1 个"
clause = "二.3"
"""


def _affiliated_apart(edition_id: str, limit: int, notice: str) -> str:
    """A child edition whose departments' and affiliated units'
    recommendations are under two quotas of the same form, the affiliated
    units' of ``limit``."""
    return f"""\
id = "{edition_id}"

[inherit]
from = "shandong-2022"

[[quotas]]
id = "recommender"
unit_kinds = ["department"]

[[quotas]]
id = "affiliated"
unit_kinds = ["affiliated-unit"]
limit = {limit}
forms = ["recommendation"]
soft = true
notice_text = "{notice}"
clause = "二.3"
"""


_KINDS = _affiliated_apart("kinds-2022", 1, "每个直属单位推荐项目原则上不超过 1 个")

Checked = tuple[Host, Edition, Path]
Found = set[tuple[str, str, int, int]]


def _bars(chart: Chart) -> list[QuotaBar]:
    """The bars of a quota chart (a chart's bars are all of one kind)."""
    bars = [b for b in chart.bars if isinstance(b, QuotaBar)]
    assert len(bars) == len(chart.bars)
    return bars


def _edition(folder: Path, text: str) -> Checked:
    """The host of the child edition ``text``, the edition and a folder for
    its envelope files."""
    (folder / "edition.toml").write_text(text, encoding="utf-8")
    edition_id = text.partition('"')[2].partition('"')[0]

    class Plugin:
        __name__ = edition_id

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source(edition_id, folder)

    host = Host.create(plugins=[Plugin()], block=())
    return host, host.edition(edition_id), folder


@pytest.fixture(scope="module")
def two_quotas(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return _edition(tmp_path_factory.mktemp("two-quotas"), _CHILD)


def _envelope(
    checked: Checked, base: Envelope, sub_id: str, unit: str, kind: str = "city-association"
) -> Envelope:
    env = copy.deepcopy(base)
    env.update(id=sub_id, edition=checked[1].id, attachments=[])
    env["unit"] = {"name": unit, "kind": kind}
    env["data"]["project_name"] = f"项目 {sub_id}"
    return env


def _checked(checked: Checked, envs: list[Envelope]) -> tuple[InboxReport, Found]:
    """The inbox report of ``envs``, each an envelope file, and what the
    quota rule found: (quota, unit, count, limit)."""
    host, edition, folder = checked
    files = []
    for env in envs:
        files.append(folder / f"{env['id']}.json")
        files[-1].write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    validator = Validator(edition, host.rules.for_edition(edition.id))
    batch = validator.validate_batch(files, now=NOW)
    found = {
        (text(f, "quota"), text(f, "unit"), number(f, "count"), number(f, "limit"))
        for f in batch.findings
        if f.code == "quota.exceeded"
    }
    return report_from_batch(edition, batch), found


def _report(two_quotas: Checked) -> tuple[InboxReport, Found]:
    """济南 sends four applications (over the limit of three) and two
    recommendations (over the limit of one); 青岛 one application."""
    envs = [_envelope(two_quotas, APPLICATION, f"a{i}", "济南市科协") for i in range(4)]
    envs += [_envelope(two_quotas, RECOMMENDATION, f"r{i}", "济南市科协") for i in range(2)]
    envs.append(_envelope(two_quotas, APPLICATION, "q1", "青岛市科协"))
    return _checked(two_quotas, envs)


def test_a_unit_under_two_quotas_has_a_bar_for_each(two_quotas: Checked) -> None:
    edition = two_quotas[1]
    report, found = _report(two_quotas)
    assert found == {
        ("city-association", "济南市科协", 4, 3),
        ("city-recommendation", "济南市科协", 2, 1),
    }
    chart = quota_chart(report, edition)
    # Not one bar of 济南's six submissions against the limit of three.
    assert sorted((b.unit, b.count, b.limit) for b in _bars(chart)) == [
        ("济南市科协", 2, 1),
        ("济南市科协", 4, 3),
        ("青岛市科协", 1, 3),
    ]
    bars = {(b.quota, b.unit, b.count, b.limit) for b in _bars(chart)}
    # Every bar over its limit is what the rule found; the others are under it.
    assert {b for b in bars if b[2] > b[3]} == found
    assert bars == found | {("city-association", "青岛市科协", 1, 3)}
    # 济南's two bars are told apart by their forms (附件 1 and 附件 2); 青岛's
    # one bar as well, since 青岛 has the recommendation quota too.
    assert {(b.unit, b.tag) for b in _bars(chart)} == {
        ("济南市科协", "（附件 1）"),
        ("济南市科协", "（附件 2）"),
        ("青岛市科协", "（附件 1）"),
    }
    # 青岛 sent no recommendation: it is missing under that quota alone.
    assert "青岛市科协（附件 2）" in chart.missing
    assert not any(m.startswith(("青岛市科协（附件 1", "济南市科协")) for m in chart.missing)
    # Every other city is missing under both quotas.
    assert {"烟台市科协（附件 1）", "烟台市科协（附件 2）"} <= set(chart.missing)
    english = quota_chart(report, edition, lang="en")
    assert {b.tag for b in _bars(english)} == {" (Annex 1)", " (Annex 2)"}


def test_the_page_draws_and_names_each_bar(two_quotas: Checked) -> None:
    edition = two_quotas[1]
    report, _found = _report(two_quotas)
    raw = report_html(report, edition)
    start = raw.index('id="quota-chart"')
    page = Page(raw[raw.rindex("<svg", 0, start) : raw.index("</svg>", start) + 6])
    bars = [str(a.get("class")) for t, a in page.elements if t == "rect"]
    assert sorted(bars) == ["bar", "bar over", "bar over"]
    text = "".join(page.texts)
    assert "济南市科协（附件 1）: 4 / 3" in text
    assert "济南市科协（附件 2）: 2 / 1" in text


def test_quotas_of_one_form_are_told_apart_by_their_unit_kinds(tmp_path: Path) -> None:
    # One unit sent as a department twice and as an affiliated unit twice
    # (its kind given differently): a bar under each quota.
    checked = _edition(tmp_path, _KINDS)
    unit = "山东省科技馆"
    envs = [
        _envelope(checked, RECOMMENDATION, f"r{i}", unit, kind)
        for i, kind in enumerate(["department", "department", "affiliated-unit", "affiliated-unit"])
    ]
    report, found = _checked(checked, envs)
    assert found == {("affiliated", unit, 2, 1)}
    chart = quota_chart(report, checked[1])
    assert {(b.quota, b.unit, b.count, b.limit, b.tag) for b in _bars(chart)} == {
        ("affiliated", unit, 2, 1, "（省科协直属单位）"),
        ("recommender", unit, 2, 3, "（省科协机关部室）"),
    }


def test_one_quota_per_unit_has_no_tags(edition: Edition) -> None:
    from tests.inbox.test_report_html import hostile_report

    chart = quota_chart(hostile_report(edition, value=""), edition)
    assert chart.bars == [QuotaBar("济南市科协", 3, 2, quota="city-association")]
    assert all("（" not in m for m in chart.missing)
    assert "济南市科协" not in chart.missing and "青岛市科协" in chart.missing


#: Affiliated units may recommend nothing this year.
_NONE = _affiliated_apart("none-2022", 0, "直属单位本年度不推荐项目")


def test_a_unit_that_may_send_none_has_its_bar_first(tmp_path: Path) -> None:
    """A quota of 0: the rule finds the unit over it, and so does the chart,
    which draws its bar first (it uses more of its limit than any other)."""
    checked = _edition(tmp_path, _NONE)
    envs = [
        _envelope(checked, RECOMMENDATION, "r0", "山东省科技馆", "affiliated-unit"),
        *(
            _envelope(checked, RECOMMENDATION, f"d{i}", "省科协组织人事部", "department")
            for i in range(4)
        ),
    ]
    report, found = _checked(checked, envs)
    assert found == {
        ("affiliated", "山东省科技馆", 1, 0),
        ("recommender", "省科协组织人事部", 4, 3),
    }
    chart = quota_chart(report, checked[1])
    assert [(b.quota, b.unit, b.count, b.limit, b.over) for b in _bars(chart)] == [
        ("affiliated", "山东省科技馆", 1, 0, True),
        ("recommender", "省科协组织人事部", 4, 3, True),
    ]
    # Nothing is expected under a limit of 0: no unit is missing under it.
    assert not any(m.startswith("山东省科技馆") for m in chart.missing)


#: A unit whose name, spaces and full-width letters folded, is another
#: unit's alias (济南科协, of 济南市科协): the roster knows it by its alias.
_FOLDED = """\
id = "folded-2022"

[inherit]
from = "shandong-2022"

[[roster]]
name = "济南　科协"
kind = "city-association"
aliases = ["历城区科协"]
"""


def test_the_chart_counts_a_unit_by_the_key_the_quota_rule_counts_by(tmp_path: Path) -> None:
    """The rule counts 历城区科协's four applications under 济南　科协, the
    unit its alias names; the chart does the same, though the name shown
    (济南　科协), read again, would be 济南市科协's alias."""
    checked = _edition(tmp_path, _FOLDED)
    envs = [_envelope(checked, APPLICATION, f"l{i}", "历城区科协") for i in range(4)]
    envs.append(_envelope(checked, APPLICATION, "j0", "济南市科协"))
    report, found = _checked(checked, envs)
    assert found == {("city-association", "济南　科协", 4, 3)}
    chart = quota_chart(report, checked[1])
    bars = {(b.quota, b.unit, b.count, b.limit) for b in _bars(chart)}
    assert bars == found | {("city-association", "济南市科协", 1, 3)}


def test_long_names_that_begin_alike_are_told_apart(edition: Edition) -> None:
    """A name too long for the chart keeps its start and its end: two units
    of one body, alike for their first twenty characters, get two labels."""
    from reform_brand.office import InboxSubmission
    from tests.inbox.test_report_html import _plain_report

    body = "山东省科学技术协会直属事业单位科技馆联合研究会"
    units = [f"{body}青岛分会", f"{body}烟台分会", "济南市科协"]
    subs = tuple(
        InboxSubmission(
            id=f"s{n}",
            folder=f"m{n}",
            unit=unit,
            unit_kind="city-association",
            on_time=True,
            quota="city-association",
            quota_unit=unit,
            quota_limit=3,
        )
        for n, unit in enumerate(units)
    )
    report = _plain_report(edition, subs)
    labels = {b.unit: b.label for b in _bars(quota_chart(report, edition, "zh"))}
    assert labels["济南市科协"] == "济南市科协"
    long = [labels[u] for u in units[:2]]
    assert len(set(long)) == 2
    assert all(len(x) <= 16 and x.startswith("山东省") and "…" in x for x in long)
    assert [x.endswith(end) for x, end in zip(long, ("青岛分会", "烟台分会"), strict=True)] == [
        True,
        True,
    ]
    page = Page(report_html(report, edition))
    assert set(long) <= set(page.texts)


def test_an_arrival_the_deadline_rule_cannot_read_counts_as_the_quota_rule_counts_it(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """An arrival on a day at the calendar's end (9999-12-31), which the
    deadline rule cannot read (``deadline.arrival-out-of-range``), is an
    unknown arrival in the facts, and counts in the chart as the quota rule
    counts it: it was "late" there, and left out of the bar of a unit the
    rule found over its limit (1 / 1 beside a finding of 2 over 1)."""
    checked = (host, edition, tmp_path)
    far = _envelope(checked, APPLICATION, "far", "山东省某学会", "provincial-society")
    far["arrived_at"] = "9999-12-31T10:00:00+08:00"
    on_time = _envelope(checked, APPLICATION, "on-time", "山东省某学会", "provincial-society")
    report, found = _checked(checked, [far, on_time])
    assert {(unit, count, limit) for _quota, unit, count, limit in found} == {
        ("山东省某学会", 2, 1)
    }
    assert [s.on_time for s in report.submissions] == [None, True]
    bars = {(b.quota, b.unit, b.count, b.limit) for b in _bars(quota_chart(report, edition))}
    assert bars == found


def test_an_arrival_before_the_call_was_issued_is_not_shown_on_time(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """An arrival before the day the call was issued is an error of the
    deadline rule (``deadline.arrival-before-issue``: never on time), and
    the roster's column showed it 按时: it is unknown there, as an arrival
    the rule cannot read is, and counts in the chart as the quota rule
    counts it (toward the limit: the rule does not take it as late)."""
    checked = (host, edition, tmp_path)
    early = _envelope(checked, APPLICATION, "early", "山东省某学会", "provincial-society")
    early["arrived_at"] = "2022-08-10T23:59:59+08:00"
    on_time = _envelope(checked, APPLICATION, "on-time", "山东省某学会", "provincial-society")
    on_time["arrived_at"] = "2022-08-11T00:00:00+08:00"
    report, found = _checked(checked, [early, on_time])
    codes = {f.code for s in report.batch.submissions for f in s.findings}
    assert "deadline.arrival-before-issue" in codes
    assert [s.on_time for s in report.submissions] == [None, True]
    bars = {(b.quota, b.unit, b.count, b.limit) for b in _bars(quota_chart(report, edition))}
    assert bars == found
