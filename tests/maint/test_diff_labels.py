"""`diff` names a whole added or removed entry in the words a reader checks."""

from __future__ import annotations

from pathlib import Path

from reform_brand import Host, hookimpl
from reform_brand.maint._diff import diff_editions
from reform_brand.registries import EditionRegistry

CHILD = """
id = "jiangsu-2023"
year = 2023

[inherit]
from = "shandong-2022"
remove = { quotas = ["recommender"] }
"""


def _host(directory: Path) -> Host:
    class Plugin:
        __name__ = "jiangsu"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("jiangsu-2023", directory)

    return Host.create(plugins=[Plugin()], block=())


def test_a_removed_quota_is_named_by_the_notice_text(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    host = _host(tmp_path)
    changes = {
        c.path: (c.before, c.after)
        for c in diff_editions(host.edition("shandong-2022"), host.edition("jiangsu-2023"))
    }
    assert changes["quotas[recommender]"] == ("每个部室和单位推荐项目原则上不得超过 3 个", None)
