"""A roster that lists units of several kinds (hainan-2024's cities,
societies, universities and enterprises; a county counted under its city):
a unit is on the roster as a unit of its kind, not under any kind.  The
reference edition lists its cities only, so there a name of the roster
was always a city."""

from __future__ import annotations

import shutil
from pathlib import Path

from reform_brand import Edition, Host, hookimpl, validate_batch
from reform_brand.registries import EditionRegistry
from reform_brand.testing import SubmissionFactory
from tests.neutral.conftest import DATA, NOW

COUNTY = """
[[unit_kinds]]
id = "county"
name.zh = "县级科协"
name.en = "County association"
role = "applicant"
forms = ["proposal"]
counted_under = "municipal"
clause = "二.1"
"""

COUNTY_UNIT = """
[[roster]]
name = "澄迈县科协"
kind = "county"
"""


def _roster_findings(edition: Edition, host: Host, envs: list[dict[str, object]]) -> list[str]:
    report = validate_batch(edition, envs, host=host, now=NOW)
    return [
        f"{s.submission} {f.pointer}"
        for s in report.submissions
        for f in s.findings
        if f.code == "roster.unknown-unit"
    ]


def test_a_city_of_the_roster_sent_as_a_society_is_no_society_of_it(
    hainan_host: Host, hainan: Edition
) -> None:
    """海口市科协 sending a third project as a 省级学会 would count it
    against a society's quota, past its own hard quota of 2."""
    make = SubmissionFactory(hainan)
    as_city = [make("proposal", unit_kind="municipal") for _ in range(2)]
    as_society = make("proposal", unit_kind="society")
    as_society["unit"]["name"] = as_society["data"]["unit"] = "海口市科协"
    found = _roster_findings(hainan, hainan_host, [*as_city, as_society])
    assert found == [f"{as_society['id']} /unit/name"]


class _CountyPlugin:
    __name__ = "hainan-county"

    def __init__(self, data: Path) -> None:
        self.data = data

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source("hainan-2024", self.data)


def _with_counties(tmp_path: Path) -> tuple[Host, Edition]:
    """hainan-2024 with a county kind counted under its cities, and a
    county on the roster."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "edition.toml").open("a", encoding="utf-8") as out:
        out.write(COUNTY)
    with (data / "roster.toml").open("a", encoding="utf-8") as out:
        out.write(COUNTY_UNIT)
    host = Host.create(plugins=[_CountyPlugin(data)], load_entry_points=False, block=())
    return host, host.edition("hainan-2024")


def test_a_county_s_city_is_a_city_of_the_roster_not_another_county(tmp_path: Path) -> None:
    host, edition = _with_counties(tmp_path)
    make = SubmissionFactory(edition)
    envs = []
    for city in ("海口市科协", "澄迈县科协", "海南大学科协"):
        env = make("proposal", unit_kind="county")
        env["unit"] = {"name": "澄迈县科协", "kind": "county", "city": city}
        env["data"]["unit"] = "澄迈县科协"
        envs.append(env)
    found = _roster_findings(edition, host, envs)
    assert found == [f"{envs[1]['id']} /unit/city", f"{envs[2]['id']} /unit/city"]


def test_a_city_sends_the_form_of_a_county_of_the_roster(tmp_path: Path) -> None:
    """A county's form sent by its city is no mismatch, the county on the
    roster (as one of the kind counted under cities) or not; a society's
    form sent by the city is."""
    host, edition = _with_counties(tmp_path)
    make = SubmissionFactory(edition)
    envs = []
    for named in ("澄迈县科协", "海南省热带作物学会"):
        env = make("proposal", unit_kind="municipal")
        env["data"]["unit"] = named
        envs.append(env)
    report = validate_batch(edition, envs, host=host, now=NOW)
    found = [
        (s.submission, f.pointer)
        for s in report.submissions
        for f in s.findings
        if f.code == "unit.form-mismatch"
    ]
    assert found == [(envs[1]["id"], "/data/unit")]
