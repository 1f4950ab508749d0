"""reform-brand new-edition: the package's distribution and files stay
installable whatever the id."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.maint import scaffold_edition


@pytest.mark.parametrize(("new_id", "dist"), [("x-", "reform-brand-x"), ("y_", "reform-brand-y")])
def test_an_id_ending_with_a_separator_makes_a_valid_distribution_name(
    tmp_path: Path, reference_host: Host, new_id: str, dist: str
) -> None:
    made = scaffold_edition(new_id, "shandong-2022", tmp_path / "pkg", host=reference_host)
    with (made.directory / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    assert made.distribution == project["name"] == dist
    # PEP 508: a name begins and ends with a letter or a digit.
    assert re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", project["name"])
    assert project["entry-points"]["reform_brand"] == {new_id: made.module}
