"""Validation and rendering from many threads at once, as a portal's worker
pool calls them, give the same results as in one thread."""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from reform_brand import Host, SubmissionReport, Validator, validate_body, validate_submission
from reform_brand.render import render_form
from reform_brand.testing import SubmissionFactory, write_attachments

NOW = dt.datetime(2022, 8, 25, tzinfo=dt.UTC)


def test_validation_and_rendering_from_a_worker_pool() -> None:
    host = Host.create(block=())
    edition = host.edition("shandong-2022")
    make = SubmissionFactory(edition)
    envs: list[dict[str, Any]] = [make("application") for _ in range(6)]
    envs += [make("recommendation") for _ in range(3)]
    envs[1]["data"]["contact"]["mobile"] = "１３８"
    envs[2]["data"]["project_basis"] = "& < > \" ' {{ x }} {% if %}\n第二段"
    del envs[3]["data"]["project_name"]

    def validate(env: dict[str, Any]) -> list[tuple[str, str]]:
        report = validate_submission(edition, env, host=host, now=NOW)
        return [(f.code, f.pointer) for f in report.findings]

    def render(env: dict[str, Any]) -> bytes:
        data = {k: v for k, v in env["data"].items() if k != "issuer_opinion"}
        return render_form(edition, env["form"], data, host=host)

    serial_checks = [validate(e) for e in envs]
    renderable = [e for e in envs if "project_name" in e["data"]]
    serial_forms = [render(e) for e in renderable]
    assert any(serial_checks) and not all(serial_checks)

    jobs = [("v", e) for e in envs] * 4 + [("r", e) for e in renderable] * 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda job: validate(job[1]) if job[0] == "v" else render(job[1]), jobs)
        )
    n = len(envs) * 4
    assert results[:n] == serial_checks * 4
    assert results[n:] == serial_forms * 2


def test_hosts_built_concurrently_agree() -> None:
    def build(_: int) -> tuple[list[str], list[str], list[str]]:
        host = Host.create(block=())
        host.edition("shandong-2022")
        return (
            host.editions.ids(),
            sorted(r.id for r in host.rules.for_edition("shandong-2022")),
            sorted(r.id for r in host.renderers.for_edition("shandong-2022")),
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(build, range(12)))
    assert all(r == results[0] for r in results)
    assert results[0][0] == ["shandong-2022"]


def _full(report: SubmissionReport) -> list[tuple[str, str, str, str, str]]:
    return [
        (f.code, f.pointer, f.severity, f.message("zh"), f.message("en")) for f in report.findings
    ]


def test_one_new_validator_from_eight_threads_at_once(tmp_path: Path) -> None:
    """A portal's worker pool shares one validator from its first request
    on: eight threads that start together on a new one (its caches empty)
    get, each, the reports one thread gets, messages and batch findings
    included, from envelopes, request bodies and a batch."""
    host = Host.create(block=())
    edition = host.edition("shandong-2022")
    make = SubmissionFactory(edition)
    envs: list[dict[str, Any]] = []
    for i in range(12):
        env = make("application" if i % 3 else "recommendation")
        if i % 4 == 1 and "contact" in env["data"]:
            env["data"]["contact"]["mobile"] = "１３８"
        if i % 5 == 2:
            del env["data"]["project_name"]
        if i % 6 == 3:
            env["arrived_at"] = "2022-12-01T00:00:00+08:00"
        if i % 7 == 4:
            env["reform_items"] = [99, 1, 1]
        envs.append(env)
    write_attachments(tmp_path, envs[0])

    def run(validator: Validator) -> list[object]:
        out: list[object] = []
        for env in envs:
            out.append(_full(validator.validate(env, now=NOW, base_dir=tmp_path)))
            body = json.dumps(env, ensure_ascii=False).encode()
            out.append(_full(validate_body(validator, body, now=NOW)))
        batch = validator.validate_batch(envs, now=NOW)
        out.append([_full(s) for s in batch.submissions])
        out.append([(f.code, f.message("en")) for f in batch.findings])
        return out

    def new() -> Validator:
        rules = host.rules.for_edition(edition.id)
        return Validator(edition, rules, messages=host.messages.catalogue())

    expected = run(new())
    assert any(expected[:-2]) and not all(expected[:-2])
    shared = new()
    start = threading.Barrier(8)

    def work(_: int) -> list[object]:
        start.wait()
        return run(shared)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [expected] * 8
