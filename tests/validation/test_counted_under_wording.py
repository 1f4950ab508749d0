"""``eligibility.city-missing`` names the kind the unit is counted under as
the edition calls it, in zh and en."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reform_brand import Host, Validator, hookimpl
from reform_brand.catalogue import Localized
from reform_brand.registries import EditionRegistry
from tests.validation.helpers import NOW, Envelope

_CHILD = """\
id = "renamed-2022"

[inherit]
from = "shandong-2022"

[[unit_kinds]]
id = "city-association"
name.zh = "地区联合会"
name.en = "Regional federation"
"""


def test_the_message_names_the_kind_from_the_edition(
    tmp_path: Path, validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("c1", "平阴县科协", "county-association")
    [finding] = validator.validate(env, now=NOW).findings
    assert finding.code == "eligibility.city-missing"
    # One language-neutral parameter for the name in both languages.
    assert finding.params["under_name"] == Localized(zh="市级科协", en="city association")

    (tmp_path / "edition.toml").write_text(_CHILD, encoding="utf-8")

    class Plugin:
        __name__ = "renamed"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("renamed-2022", tmp_path)

    host = Host.create(plugins=[Plugin()], block=())
    renamed = host.edition("renamed-2022")
    env["edition"] = "renamed-2022"
    report = Validator(renamed, host.rules.for_edition(renamed.id)).validate(env, now=NOW)
    [finding] = report.findings
    assert (finding.code, finding.pointer) == ("eligibility.city-missing", "/unit/city")
    assert finding.params["under_name"] == Localized(zh="地区联合会", en="regional federation")
    assert "地区联合会" in finding.message("zh") and "市级科协" not in finding.message("zh")
    assert "regional federation" in finding.message("en")
