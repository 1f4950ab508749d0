"""Quotas and duplicates over a batch."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from pathlib import Path

from reform_brand import BatchReport, Validator
from reform_brand._textlist import SHORT, TextList
from reform_brand.catalogue import NAMES_SHOWN
from reform_brand.findings import report_to_json, write_report_json
from tests.validation.helpers import NOW, Envelope


def batch_pairs(report: BatchReport) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.unit) for f in report.findings]


def test_city_within_quota_counts_county_projects(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [
        make_application("a", "济南市科协"),
        make_application("b", "济南市科学技术协会"),
        make_application("c", "历城区科协", "county-association", city="济南市科协"),
    ]
    report = validator.validate_batch(envs, now=NOW)
    assert report.findings == () and report.ok
    assert {s.quota_unit for s in report.submissions} == {"济南市科协"}


def test_city_over_quota_reported_once_naming_every_submission(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [
        make_application("a", "济南市科协"),
        make_application("b", "济南市 科协"),
        make_application("c", "济南科协"),
        make_application("d", "平阴县科协", "county-association", city="济南市科协"),
        make_application("e", "青岛市科协"),
    ]
    report = validator.validate_batch(envs, now=NOW)
    assert batch_pairs(report) == [("quota.exceeded", "warning", "济南市科协")]
    f = report.findings[0]
    assert f.params["submissions"] == ("a", "b", "c", "d")
    assert f.params["count"] == 4 and f.params["limit"] == 3
    assert f.clause == "二.2" and f.submission == ""
    assert all(s.findings == () for s in report.submissions)
    assert report.ok


def test_strict_makes_soft_quotas_errors(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [make_application(i, "山东省计算机学会", "provincial-society") for i in "ab"]
    report = validator.validate_batch(envs, now=NOW, strict=True)
    assert [(c, s) for c, s, _ in batch_pairs(report)] == [("quota.exceeded", "error")]
    assert not report.ok


def test_unknown_units_are_counted_by_normalised_name(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [
        make_application("a", "ＡＢＣ企业科协", "enterprise-association"),
        make_application("b", "abc 企业科协", "enterprise-association"),
        make_application("c", "另一个企业科协", "enterprise-association"),
    ]
    report = validator.validate_batch(envs, now=NOW)
    assert [f.params["submissions"] for f in report.findings] == [("a", "b")]


def test_recommendations_per_department(validator: Validator, recommendation: Envelope) -> None:
    envs = []
    for i in range(4):
        env = dict(recommendation, id=f"r{i}")
        env["data"] = dict(recommendation["data"], project_name=f"项目{i}")
        envs.append(env)
    other = dict(envs[0], id="x", unit={"name": "省科协办公室", "kind": "department"})
    report = validator.validate_batch([*envs, other], now=NOW)
    assert batch_pairs(report) == [("quota.exceeded", "warning", "省科协科普部")]
    assert report.findings[0].params["submissions"] == ("r0", "r1", "r2", "r3")


def test_quota_results_do_not_depend_on_order(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [
        make_application(f"s{i}", ["济南市科协", "济南科协", "青岛市科协"][i % 3]) for i in range(9)
    ]
    first = validator.validate_batch(envs, now=NOW).findings
    random.Random(1).shuffle(envs)
    assert validator.validate_batch(envs, now=NOW).findings == first


def test_a_resent_project_is_one_submission_and_an_id_used_twice_is_a_finding(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    a = make_application("a", "山东省计算机学会", "provincial-society")
    b = make_application("b", "山东省计算机学会", "provincial-society")
    b["data"]["project_name"] = " " + a["data"]["project_name"]
    c = make_application("a", "青岛市科协")
    report = validator.validate_batch([a, b, c], now=NOW)
    codes = [(f.code, f.params.get("id")) for f in report.findings]
    assert codes == [("batch.duplicate-id", "a")]
    assert [s.superseded_by for s in report.submissions] == ["b", "", ""]
    assert report.submissions[0].codes() == ["batch.superseded"]


def test_submissions_with_problems_still_count_or_are_skipped(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs: list[object] = [make_application(f"s{i}", "济南市科协") for i in range(4)]
    envs.append([1, 2])
    envs.append({"edition": "shandong-2023", "form": "application", "unit": {}, "data": {}})
    report = validator.validate_batch(envs, now=NOW)
    assert [f.code for f in report.findings] == ["quota.exceeded"]
    assert report.findings[0].params["count"] == 4
    assert [s.submission for s in report.submissions][-2:] == ["#5", "#6"]


def test_a_late_submission_counts_against_no_quota(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [make_application(i, "济南市科协") for i in ("a", "b", "c")]
    late = make_application("d", "济南市科协")
    late["arrived_at"] = "2022-08-21T00:00:00+08:00"  # the exclusive end: late
    for strict in (False, True):
        report = validator.validate_batch([*envs, late], now=NOW, strict=strict)
        assert batch_pairs(report) == []
        assert [f.code for f in report.submission("d").findings] == ["deadline.late"]


def test_an_unknown_arrival_time_still_counts(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [make_application(i, "济南市科协") for i in ("a", "b", "c", "d")]
    envs[3]["arrived_at"] = None
    report = validator.validate_batch(envs, now=NOW)
    assert batch_pairs(report) == [("quota.exceeded", "warning", "济南市科协")]


def test_lists_in_a_finding_are_in_natural_order(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [make_application(f"rz-{n}", "济南市科协") for n in (16, 1, 6, 10)]
    report = validator.validate_batch(envs, now=NOW)
    assert report.findings[0].params["submissions"] == ("rz-1", "rz-6", "rz-10", "rz-16")


def test_a_unit_that_sent_thousands_is_named_by_one_finding_kept_on_disk(
    validator: Validator, make_application: Callable[..., Envelope], tmp_path: Path
) -> None:
    n = SHORT + 40
    paths = []
    for i in range(n, 0, -1):
        path = tmp_path / f"s{i}.json"
        path.write_text(json.dumps(make_application(f"s{i}", "济南市科协")), "utf-8")
        paths.append(path)
    report = validator.validate_batch(paths, now=NOW)
    [f] = report.findings
    assert f.code == "quota.exceeded" and f.params["count"] == n
    ids = tuple(f"s{i}" for i in range(1, n + 1))
    assert isinstance(f.params["submissions"], TextList)  # not held in memory
    assert f.params["submissions"] == ids
    assert f.params["files"] == tuple(str(tmp_path / f"{i}.json") for i in ids)
    # The message names the first hundred and how many more.
    assert f.message("en").count(", s") == NAMES_SHOWN - 1
    assert f.message("en").endswith(f"s{NAMES_SHOWN} … (and {n - NAMES_SHOWN} more)")
    assert f"另有 {n - NAMES_SHOWN} 项" in f.message("zh")
    # The JSON report written a part at a time is the report's JSON.
    out = io.StringIO()
    write_report_json(out, report)
    written = json.loads(out.getvalue())
    assert written == json.loads(json.dumps(report_to_json(report)))
    assert written["findings"][0]["params"]["submissions"] == list(ids)


def test_a_unit_typed_with_an_invisible_character_is_named_without_it(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    """A unit not on the roster typed with a zero-width space inside one
    time is one unit to the quota, and is named as the rest of the report
    names it, without the invisible character (the text report's group,
    report.html's section): the message quoted the least spelling, which
    the zero-width space made ``某某企业\\u200b科协``."""
    envs = [
        make_application("a", "某某企业科协", "enterprise-association"),
        make_application("b", "某某企业\u200b科协", "enterprise-association"),
        make_application("c", "\u200b某某企业科协\u2060", "enterprise-association"),
    ]
    report = validator.validate_batch(envs, now=NOW)
    assert batch_pairs(report) == [("quota.exceeded", "warning", "某某企业科协")]
    assert report.findings[0].params["submissions"] == ("a", "b", "c")
    assert report.findings[0].message("zh").startswith("某某企业科协共 3 项申报")
    assert report.findings[0].message("en").startswith("某某企业科协 has 3 submissions")
    assert {s.quota_unit for s in report.submissions} == {"某某企业科协"}
