"""reform-brand new-edition: the scaffolded package installs with pip and passes
its own tests unchanged, in both modes (a full copy, and --inherit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand import BLOCK_ENV
from reform_brand.cli import main
from tests.packages import pip_install_target

MODES = {"copy": [], "inherit": ["--inherit"]}


def _env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (BLOCK_ENV, "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = str(site)
    env.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
    return env


@pytest.fixture(scope="module", params=sorted(MODES))
def installed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(package folder, site folder) of a scaffolded shandong-2023 edition,
    really installed with pip into its own --target folder."""
    mode = request.param
    root = tmp_path_factory.mktemp(f"scaffold-{mode}")
    pkg = root / "reform-brand-shandong-2023"
    assert (
        main(
            [
                "new-edition",
                "shandong-2023",
                "--from",
                "shandong-2022",
                "-o",
                str(pkg),
                *MODES[mode],
            ]
        )
        == 0
    )
    site = root / "site"
    proc = pip_install_target(site, pkg)
    assert proc.returncode == 0, proc.stderr
    return pkg, site


def test_the_package_holds_what_a_maintainer_needs(installed: tuple[Path, Path]) -> None:
    pkg, site = installed
    assert (pkg / "README.md").is_file()
    assert (pkg / "tests" / "test_edition.py").is_file()
    text = (pkg / "pyproject.toml").read_text(encoding="utf-8")
    assert (
        '[project.entry-points.reform_brand]\nshandong-2023 = "reform_brand_shandong_2023"' in text
    )
    # The data ships inside the import package of the installed distribution.
    data = site / "reform_brand_shandong_2023" / "data"
    assert (data / "edition.toml").is_file()


def test_it_passes_its_own_tests_unchanged(installed: tuple[Path, Path]) -> None:
    pkg, site = installed
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=pkg,
        env=_env(site),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout


def test_the_installed_edition_is_served_and_checks(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _pkg, site = installed
    env = _env(site)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reform_brand", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    shown = json.loads(cli("show", "shandong-2023", "--json").stdout)
    assert (shown["id"], shown["year"]) == ("shandong-2023", 2023)
    assert "2023" in shown["forms"][0]["title"]["zh"]
    assert len(shown["reform_items"]) == 17
    lint = json.loads(cli("lint", "shandong-2023", "--json").stdout)
    assert {f["code"] for f in lint["findings"]} == {"lint.year-mismatch"}
    from reform_brand.testing import SubmissionFactory, isolated_host, write_attachments

    host_edition = isolated_host(installed=["shandong-2022"]).edition("shandong-2022")
    env_json = SubmissionFactory(host_edition)("application")
    env_json["edition"] = "shandong-2023"
    write_attachments(tmp_path, env_json)
    (tmp_path / "a.json").write_text(json.dumps(env_json, ensure_ascii=False), encoding="utf-8")
    checked = cli("check", "shandong-2023", str(tmp_path / "a.json"), "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["counts"]["error"] == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["new-edition", "Bad Id", "--from", "shandong-2022"], 2),
        (["new-edition", "shandong-2022", "--from", "shandong-2022"], 2),
        (["new-edition", "x-2023", "--from", "nowhere-2022"], 2),
    ],
)
def test_usage_errors(
    args: list[str], code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "-o", str(tmp_path / "out")]) == code
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_a_non_empty_folder_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    assert main(["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out)]) == 2
    assert (out / "keep.txt").is_file()
    assert (
        main(
            [
                "new-edition",
                "x-2023",
                "--from",
                "shandong-2022",
                "-o",
                str(out),
                "--force",
                "--json",
            ]
        )
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    assert (made["edition"], made["year"], made["module"]) == (
        "x-2023",
        2023,
        "reform_brand_x_2023",
    )
    assert not (out / "keep.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "pyproject.toml", "src", "tests"]
