"""Validation and rendering from many threads at once, as a portal's worker
pool calls them, give the same results as in one thread."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from reform_brand import Host, validate_submission
from reform_brand.render import render_form
from reform_brand.testing import SubmissionFactory

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
