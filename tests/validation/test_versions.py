"""Resends and revisions: versions of one submission, the latest wins."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reform_brand import Validator
from reform_brand.engine._versions import revision_mark
from tests.validation.helpers import NOW, Envelope


def _app(make: Callable[..., Envelope], sub_id: str, arrived: str, word: str = "") -> Envelope:
    env = make(sub_id, "济南市科协")
    env["data"]["project_name"] = "科技志愿服务"
    env["arrived_at"] = arrived
    if word:
        env["attachments"] = [{"role": "word", "path": word}]
    return env


def test_the_latest_arrival_wins_and_the_earlier_counts_nowhere(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [
        _app(make_application, "second-mail", "2022-08-19T09:00:00+08:00"),
        _app(make_application, "first-mail", "2022-08-18T09:00:00+08:00"),
        *(make_application(f"other-{i}", "济南市科协") for i in range(2)),
    ]
    for i, env in enumerate(envs[2:]):
        env["data"]["project_name"] = f"另一个项目 {i}"
    report = validator.validate_batch(envs, now=NOW, strict=True)
    assert report.findings == ()  # three projects, the quota of three: no finding
    first = report.submission("first-mail")
    assert first.superseded_by == "second-mail"
    assert first.codes() == ["batch.superseded"]
    assert first.findings[0].severity == "info"
    assert first.quota_unit == ""
    assert report.submission("second-mail").quota_unit == "济南市科协"


def test_an_earlier_version_raises_no_finding_of_its_own(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    old = _app(make_application, "old", "2022-08-18T09:00:00+08:00")
    old["data"]["contact"]["mobile"] = "123"
    new = _app(make_application, "new", "2022-08-19T09:00:00+08:00")
    report = validator.validate_batch([old, new], now=NOW)
    assert report.submission("old").codes() == ["batch.superseded"]
    assert report.ok


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("申报表.docx", "申报表（修改版）.docx"),
        ("申报表-v2.docx", "申报表-v3.docx"),
        ("申报表 修订.docx", "申报表第2版.docx"),
    ],
)
def test_on_the_same_arrival_a_revision_mark_wins(
    validator: Validator, make_application: Callable[..., Envelope], older: str, newer: str
) -> None:
    at = "2022-08-19T09:00:00+08:00"
    envs = [_app(make_application, "z", at, older), _app(make_application, "a", at, newer)]
    report = validator.validate_batch(envs, now=NOW)
    assert report.submission("z").superseded_by == "a"


def test_a_different_project_is_not_a_version(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    a = _app(make_application, "a", "2022-08-18T09:00:00+08:00")
    b = _app(make_application, "b", "2022-08-19T09:00:00+08:00")
    b["data"]["project_name"] = "完全不同的项目"
    report = validator.validate_batch([a, b], now=NOW)
    assert [s.superseded_by for s in report.submissions] == ["", ""]


def test_a_late_resend_replaces_nothing(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    on_time = _app(make_application, "a", "2022-08-18T09:00:00+08:00")
    late = _app(make_application, "b", "2022-08-21T09:00:00+08:00")
    report = validator.validate_batch([on_time, late], now=NOW)
    assert [s.superseded_by for s in report.submissions] == ["", ""]
    assert report.submission("b").codes() == ["deadline.late"]
    assert report.submission("a").quota_unit == "济南市科协"


@pytest.mark.parametrize(
    ("name", "mark"),
    [
        ("申报表.docx", 0),
        ("申报表(修改版).docx", 1),
        ("申报表-最终版.pdf", 1),
        ("申报表v2.docx", 2),
        ("申报表 V10.docx", 10),
        ("申报表第3版.docx", 3),
        ("dev2022.docx", 0),
    ],
)
def test_revision_marks(name: str, mark: int) -> None:
    assert revision_mark(name) == mark


def test_versions_are_found_by_their_keys_when_hashes_collide(
    validator: Validator,
    make_application: Callable[..., Envelope],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The keys are hashed first and grouped only where a hash is shared:
    a shared hash of different keys groups nothing that differs."""
    from reform_brand.engine import _versions

    envs = [
        _app(make_application, "second", "2022-08-19T09:00:00+08:00"),
        _app(make_application, "first", "2022-08-18T09:00:00+08:00"),
        make_application("other", "济南市科协"),
        make_application("elsewhere", "青岛市科协"),
    ]
    envs[3]["data"]["project_name"] = "科技志愿服务"  # the same project, another unit
    plain = validator.validate_batch(envs, now=NOW)
    monkeypatch.setattr(_versions, "hash", lambda key: 7, raising=False)
    colliding = validator.validate_batch(envs, now=NOW)
    assert colliding == plain
    assert [s.superseded_by for s in plain.submissions] == ["", "second", "", ""]


def test_an_id_used_more_than_once_is_one_finding_with_its_count(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    envs = [make_application(sub_id, "济南市科协") for sub_id in ("a", "dup", "b", "dup", "dup")]
    for i, env in enumerate(envs):
        env["data"]["project_name"] = f"项目 {i}"
    report = validator.validate_batch(envs, now=NOW)
    [dup] = [f for f in report.findings if f.code == "batch.duplicate-id"]
    assert (dup.params["id"], dup.params["count"]) == ("dup", 3)
