"""reform-brand new-edition from an edition that itself inherits: the
package's tests load every edition its data inherits from, and its
distribution and files stay installable and lint clean whatever the id."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reform_brand import Host, hookimpl
from reform_brand.maint import scaffold_edition
from reform_brand.registries import EditionRegistry


class _Plugin:
    """A plugin that registers one edition's data folder."""

    def __init__(self, name: str, edition_id: str, data: Path) -> None:
        self.__name__ = name
        self._edition = edition_id
        self._data = data

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source(self._edition, self._data)


def _child(folder: Path, edition_id: str, year: int, parent: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "edition.toml").write_text(
        f'id = "{edition_id}"\nyear = {year}\n\n[inherit]\nfrom = "{parent}"\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def chain_host(tmp_path: Path) -> Host:
    """shandong-2022 (the reference), p-2023 from it, p-2024 from p-2023;
    each child registered by its own plugin, with its own distribution."""
    host = Host.create(plugins=[], block=())
    for name, parent, year in (("p-2023", "shandong-2022", 2023), ("p-2024", "p-2023", 2024)):
        data = _child(tmp_path / name, name, year, parent)
        host._register(
            _Plugin(name, name, data), name=name, kind="entry-point", distribution=f"rb-{name}"
        )
    assert host.edition("p-2024").year == 2024
    return host


def _installed(package: Path) -> list[str]:
    """The plugins the scaffolded tests load (their ``rb_plugins`` marker)."""
    tree = ast.parse((package / "tests" / "test_edition.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "installed":
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError("no rb_plugins(installed=...) marker")


def _dependencies(package: Path) -> list[str]:
    with (package / "pyproject.toml").open("rb") as fh:
        deps = tomllib.load(fh)["project"]["dependencies"]
    assert isinstance(deps, list)
    return [str(d) for d in deps]


@pytest.mark.parametrize(
    ("source", "inherit", "installed", "dependencies"),
    [
        # --inherit from a grandchild: every ancestor is loaded.
        ("p-2024", True, ["n-2025", "p-2024", "p-2023", "shandong-2022"], ["rb-p-2024"]),
        # A copy of an edition that inherits keeps its [inherit] table: the
        # edition it names (and its ancestors) must be there too.
        ("p-2024", False, ["n-2025", "p-2023", "shandong-2022"], ["rb-p-2023"]),
        ("p-2023", False, ["n-2025", "shandong-2022"], []),
        ("shandong-2022", True, ["n-2025", "shandong-2022"], []),
        ("shandong-2022", False, ["n-2025"], []),
    ],
)
def test_the_tests_load_every_edition_the_data_inherits_from(
    chain_host: Host,
    tmp_path: Path,
    source: str,
    inherit: bool,
    installed: list[str],
    dependencies: list[str],
) -> None:
    made = scaffold_edition("n-2025", source, tmp_path / "pkg", inherit=inherit, host=chain_host)
    assert _installed(made.directory) == installed
    assert _dependencies(made.directory) == ["reform-brand", *dependencies]


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


@pytest.mark.parametrize("inherit", [False, True])
def test_a_long_id_and_a_long_chain_stay_formatted_and_lint_clean(
    chain_host: Host, tmp_path: Path, inherit: bool
) -> None:
    new_id = "jiangsu-association-for-science-and-technology-reform-2025"
    made = scaffold_edition(new_id, "p-2024", tmp_path / "pkg", inherit=inherit, host=chain_host)
    assert new_id in _installed(made.directory)
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).is_file():
        pytest.skip("ruff is not installed")
    for args in (
        ["format", "--check", "--diff", "--isolated", "."],
        ["check", "--isolated", "--select", "E,F,W,I,B,UP,SIM,RUF,PT,C4,A", "."],
    ):
        proc = subprocess.run(
            [ruff, *args], cwd=made.directory, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
