"""reform-brand new-edition: the scaffolded package installs with pip and passes
its own tests unchanged, in both modes (a full copy, and --inherit)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand import BLOCK_ENV, Edition
from reform_brand.cli import main
from tests.conftest import REFERENCE_DATA
from tests.packages import MADE, pip_install_target, with_site

MODES = {"copy": [], "inherit": ["--inherit"]}


def _env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (BLOCK_ENV, "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = with_site(site)
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
    # Only reminders: the facts of 2022 the new edition still holds.
    assert {f["code"] for f in lint["findings"]} == {
        "lint.year-mismatch",
        "lint.stale-year",
        "lint.stale-date",
    }
    assert lint["ok"] is True
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
    new = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out)]
    assert main(new) == 0
    (out / "keep.txt").write_text("x", encoding="utf-8")
    assert main(new) == 2
    assert (out / "keep.txt").is_file()
    capsys.readouterr()
    # A package new-edition made (edited since) is replaced with --force.
    assert main([*new, "--force", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert (made["edition"], made["year"], made["module"]) == (
        "x-2023",
        2023,
        "reform_brand_x_2023",
    )
    assert not (out / "keep.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "pyproject.toml", "src", "tests"]


@pytest.mark.parametrize("pyproject", [None, "[project]\nname = 'mine'\n", "not toml ["])
def test_force_never_takes_away_a_folder_of_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pyproject: str | None
) -> None:
    """--force replaces a package new-edition made, never a folder of other
    files (``-o ~ --force`` would have taken a home folder away)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    if pyproject is not None:
        (out / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    new = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out), "--force"]
    assert main(new) == 2
    assert _error_code(capsys.readouterr().err) == "cli.new-edition.not-ours"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["keep.txt"] + ([] if pyproject is None else ["pyproject.toml"])
    )


def _error_code(err: str) -> str:
    """The bracketed code that ends the error message on standard error."""
    line = err.strip().splitlines()[-1]
    assert line.endswith("]"), err
    return line[line.rindex("[") + 1 : -1]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["Bad ID", "--from", "shandong-2022"], "cli.new-edition.bad-id"),
        (["shandong-2022", "--from", "shandong-2022"], "cli.new-edition.installed"),
        (["x-2023", "--from", "shandong-2022", "--year", "-5"], "cli.new-edition.bad-year"),
        (["x-2023", "--from", "shandong-2022", "--year", "99999"], "cli.new-edition.bad-year"),
        (["x-2023", "--from", "shandong-2022", "--year", "1948"], "cli.new-edition.bad-year"),
        (["x-2023", "--from", "shandong-2022", "--year", "3000"], "cli.new-edition.bad-year"),
    ],
)
def test_usage_errors_have_their_code_in_both_languages(
    args: list[str], code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messages = []
    for lang in ("zh", "en"):
        out = tmp_path / lang
        assert main(["new-edition", *args, "-o", str(out), "--lang", lang]) == 2
        assert not out.exists()
        err = capsys.readouterr().err
        assert _error_code(err) == code
        messages.append(err)
    assert messages[0] != messages[1]


def test_the_years_the_edition_schema_allows_are_taken(tmp_path: Path) -> None:
    from reform_brand import Host
    from reform_brand._schemas import load_schema
    from reform_brand.maint import scaffold_edition

    bounds = load_schema("edition")["properties"]["year"]
    host = Host.create()
    for year in (bounds["minimum"], bounds["maximum"]):
        made = scaffold_edition("x-2023", "shandong-2022", tmp_path / str(year), year=year)
        data = made.directory / "src" / made.module / "data"
        assert host.editions.load_directory(data).year == year


@pytest.mark.parametrize(
    ("new_id", "year"),
    [("x-2024", 2024), ("x_1999", 1999), ("x-new", 2023), ("sd-12020", 2023), ("x-92024", 2023)],
)
def test_the_year_is_the_one_the_id_ends_with_else_the_next(
    new_id: str, year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A longer number's last four digits are no year: sd-12020 was read as 2020."""
    out = tmp_path / "out"
    assert main(["new-edition", new_id, "--from", "shandong-2022", "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == year
    data = next(out.glob("src/*/data"))
    assert f"year = {year}" in (data / "edition.toml").read_text(encoding="utf-8").splitlines()
    # The text output says which year was taken when the id names none.
    assert main(["new-edition", new_id, "--from", "shandong-2022", "-o", str(out), "--force"]) == 0
    said = "--year" in capsys.readouterr().out
    assert said == (new_id[-4:] != str(year))


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("kind", ["file", "link to a file", "link to nothing"])
def test_what_is_not_a_folder_is_never_replaced(
    kind: str, force: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--force replaces what the command writes, a folder; a file in the
    way is refused, as export refuses it."""
    out = tmp_path / "out"
    (tmp_path / "f").write_text("keep", encoding="utf-8")
    if kind == "file":
        (tmp_path / "f").rename(out)
    else:
        out.symlink_to(tmp_path / ("f" if kind == "link to a file" else "nowhere"))
    before = sorted((p.name, p.is_symlink()) for p in tmp_path.iterdir())
    args = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out), *force]
    for lang in ("zh", "en"):
        assert main([*args, "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert _error_code(err) == "cli.cannot-write"
        assert str(out) in err
    assert sorted((p.name, p.is_symlink()) for p in tmp_path.iterdir()) == before
    assert not out.is_dir()
    if kind != "link to nothing":
        assert out.read_text(encoding="utf-8") == "keep"


def test_a_folder_name_that_is_not_utf8_is_written_in_the_readme(tmp_path: Path) -> None:
    """The README names the folder the package was made in: a name the
    file system gave as bytes that are not UTF-8 was an internal error."""
    from reform_brand.maint import scaffold_edition

    out = tmp_path / os.fsdecode(b"pkg-\xff")
    scaffold_edition("x-2023", "shandong-2022", out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert " -o pkg-\\xff\n" in readme, readme


@pytest.mark.parametrize("output", ["/proc/x", "/proc/no/such/x"])
def test_an_output_that_cannot_be_written_is_a_usage_error(
    output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-edition", "x-2023", "--from", "shandong-2022", "-o", output]) == 2
    err = capsys.readouterr().err
    assert _error_code(err) == "cli.cannot-write"
    assert "Traceback" not in err
    assert not [p for p in Path("/proc").iterdir() if p.name.endswith(".new-edition")]


@pytest.mark.parametrize("made", ["a/b", "a/../b"])
@pytest.mark.parametrize("existing", [False, True])
def test_a_write_failing_midway_leaves_nothing_behind(
    existing: bool,
    made: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    from reform_brand.maint import _scaffold

    def full(*args: object) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_scaffold, "_pyproject", full)
    out = tmp_path / made / "out"
    if existing:
        out.mkdir(parents=True)
        (out / "keep.txt").write_text("x", encoding="utf-8")
        (out / "pyproject.toml").write_text(MADE, encoding="utf-8")
    args = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out), "--force"]
    assert main(args) == 2
    assert _error_code(capsys.readouterr().err) == "cli.cannot-write"
    if existing:
        # The folder that was there is kept as it was, and only it.
        assert sorted(p.name for p in out.parent.iterdir()) == ["out"]
        assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "pyproject.toml"]
    else:
        # Not even the folders made above the output.
        assert list(tmp_path.iterdir()) == []


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_a_copy_keeps_every_comment_and_changes_only_id_year_and_titles(
    tmp_path: Path,
) -> None:
    import tomllib

    from reform_brand.maint import scaffold_edition
    from tests.conftest import REFERENCE_DATA

    made = scaffold_edition("shandong-2023", "shandong-2022", tmp_path / "pkg")
    data = made.directory / "src" / made.module / "data"
    for original in sorted(REFERENCE_DATA.glob("*.toml")):
        before = original.read_text(encoding="utf-8")
        after = (data / original.name).read_text(encoding="utf-8")
        assert _comments(after) == _comments(before), original.name
        old, new = tomllib.loads(before), tomllib.loads(after)
        if original.name == "edition.toml":
            assert (new["id"], new["year"]) == ("shandong-2023", 2023)
            assert "2023" in new["title"]["zh"] and "2022" not in new["title"]["en"]
            # Every other datum is as it was, years in the notice's text too.
            assert new["deadline"] == old["deadline"] and new["preamble"] == old["preamble"]
        if original.name == "forms.toml":
            assert [f["title"]["zh"] for f in new["forms"]] == [
                f["title"]["zh"].replace("2022", "2023") for f in old["forms"]
            ]
            assert [f["fields"] for f in new["forms"]] == [f["fields"] for f in old["forms"]]


def test_titles_are_found_in_any_toml_layout(edition: Edition) -> None:
    import tomllib

    from reform_brand.maint._scaffold import _copied_toml

    text = (
        "# kept\n"
        'id = "shandong-2022"  # the id\n'
        "year = 2022\n"
        'title = { zh = "2022 年度", en = "The 2022 call" }\n'
        "\n"
        "[[forms]]\n"
        "# a form\n"
        'id = "a"\n'
        "[forms.title]\n"
        "zh = '''2022 年度\n申报表'''\n"
        "\n"
        "[other]\n"
        'text = "2022 stays"\n'
    )
    out = _copied_toml(text, edition, "x-2023", 2023)
    assert _comments(out) == ["# kept", "# a form"]
    assert 'id = "x-2023"  # the id\n' in out
    data = tomllib.loads(out)
    assert (data["id"], data["year"]) == ("x-2023", 2023)
    assert data["title"] == {"zh": "2023 年度", "en": "The 2023 call"}
    assert data["forms"][0]["title"]["zh"] == "2023 年度\n申报表"
    assert data["other"]["text"] == "2022 stays"


def test_the_package_is_valid_toml_that_names_the_edition(tmp_path: Path) -> None:
    import tomllib

    from reform_brand.maint import scaffold_edition

    made = scaffold_edition("x_2024", "shandong-2022", tmp_path / "pkg", inherit=True)
    project = tomllib.loads((made.directory / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "reform-brand-x-2024"
    assert project["project"]["entry-points"]["reform_brand"] == {"x_2024": "reform_brand_x_2024"}
    assert list(project["tool"]["setuptools"]["package-data"]) == ["reform_brand_x_2024"]
    edition_toml = (made.directory / "src" / made.module / "data" / "edition.toml").read_text(
        encoding="utf-8"
    )
    assert edition_toml.startswith("# x_2024: the edition shandong-2022 plus changes.\n")
    data = tomllib.loads(edition_toml)
    assert (data["id"], data["year"], data["inherit"]) == (
        "x_2024",
        2024,
        {"from": "shandong-2022"},
    )
    assert [f["id"] for f in data["forms"]] == ["application", "recommendation"]


def test_the_scaffolded_tests_import_only_public_names(tmp_path: Path) -> None:
    import ast

    from reform_brand.maint import scaffold_edition

    made = scaffold_edition("x-2023", "shandong-2022", tmp_path / "pkg")
    for path in [made.directory / "tests" / "test_edition.py", *made.directory.rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        private = [
            m
            for m in modules
            if m.split(".")[0] == "reform_brand" and any(p.startswith("_") for p in m.split("."))
        ]
        assert any(m.split(".")[0] == "reform_brand" for m in modules), path
        assert private == [], path


def test_the_package_folder_stands_for_its_edition_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lint and show given the folder new-edition wrote (not its data folder)
    read the edition in it, as given its data folder."""
    out = tmp_path / "reform-brand-x-2023"
    assert main(["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out)]) == 0
    capsys.readouterr()
    data = out / "src" / "reform_brand_x_2023" / "data"
    for command in (["lint", "--json"], ["show", "--json"]):
        assert main([*command[:1], str(data), *command[1:]]) in (0, 1)
        expected = json.loads(capsys.readouterr().out)
        assert main([*command[:1], str(out), *command[1:]]) in (0, 1)
        got = json.loads(capsys.readouterr().out)
        assert got == expected
        assert "pyproject.toml" not in json.dumps(got)
    # A data folder that lost its edition.toml is still the one read: its
    # problems, not those of pyproject.toml read as edition data.
    (data / "edition.toml").unlink()
    assert main(["show", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "edition.schema.required" in err and "pyproject.toml" not in err, err
    # A folder with no edition data of its own and no package: its own error.
    assert main(["lint", str(tmp_path / "reform-brand-x-2023" / "tests"), "--json"]) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert codes == {"edition.no-files"}


@pytest.mark.parametrize("mode", sorted(MODES))
def test_the_scaffolded_files_are_formatted_and_lint_clean(tmp_path: Path, mode: str) -> None:
    from reform_brand.maint import scaffold_edition

    made = scaffold_edition("x-2023", "shandong-2022", tmp_path / "pkg", inherit=bool(MODES[mode]))
    test_file = made.directory / "tests" / "test_edition.py"
    text = test_file.read_text(encoding="utf-8")
    installed = '"x-2023", "shandong-2022"' if MODES[mode] else '"x-2023"'
    assert f"pytest.mark.rb_plugins(installed=[{installed}])," in text
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).is_file():
        pytest.skip("ruff is not installed")
    proc = subprocess.run(
        [ruff, "format", "--check", "--diff", "--isolated", str(made.directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Linted as the maintainer's own project, where reform_brand is a
    # third-party package (run from its folder: ruff finds first-party
    # packages under the working directory).
    proc = subprocess.run(
        [ruff, "check", "--isolated", "--select", "E,F,W,I,B,UP,SIM,RUF,PT,C4,A", "."],
        cwd=made.directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("output", [".", "..", "sub/..", "../here", "/"])
def test_the_current_folder_or_one_above_it_is_never_replaced(
    output: str,
    force: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``-o . --force`` failed with the system's "resource busy"; the
    current folder (or one above it) would be taken away from under the
    shell that ran the command: it is refused, saying so."""
    here = tmp_path / "here"
    (here / "sub").mkdir(parents=True)
    monkeypatch.chdir(here)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    args = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", output, *force]
    messages = []
    for lang in ("zh", "en"):
        assert main([*args, "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert _error_code(err) == "cli.cannot-write"
        assert "Traceback" not in err
        messages.append(err)
    assert "current folder" in messages[1] and "当前文件夹" in messages[0]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    ("output", "target"), [("sub/../out", "out"), ("out/../out", "out"), ("sub/out/..", "sub")]
)
def test_a_folder_named_through_dots_is_replaced(
    output: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named through ``..`` is replaced where it is: ``out/../out``
    moved aside could not be put back by that name, and ``sub/out/..`` was
    not renamed by it ("resource busy")."""
    (tmp_path / "sub" / "out").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    for folder in ("out", "sub"):
        (tmp_path / folder / "old.txt").write_text("x", encoding="utf-8")
        (tmp_path / folder / "pyproject.toml").write_text(MADE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", output, "--force"]
    assert main(args) == 0
    assert (tmp_path / target / "pyproject.toml").is_file()
    assert not (tmp_path / target / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "sub"]


def test_a_path_given_to_from_says_it_takes_an_installed_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--from ../ed23 was "unknown edition": it says --from takes an installed
    edition's id, and for the folder of an edition, which id to give."""
    pkg = tmp_path / "pkg"
    assert main(["new-edition", "sd-2023", "--from", "shandong-2022", "-o", str(pkg)]) == 0
    data = next(pkg.glob("src/*/data"))
    loose = tmp_path / "loose"
    shutil.copytree(data, loose)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    cases = [
        ("../ed23", "cli.new-edition.from-path", "shandong-2022"),
        ("pkg", "cli.new-edition.from-package", "--from sd-2023"),
        (str(data), "cli.new-edition.from-package", "--from sd-2023"),
        ("loose/edition.toml", "cli.new-edition.from-folder", "--from sd-2023"),
        (str(REFERENCE_DATA), "cli.new-edition.from-installed", "--from shandong-2022"),
    ]
    for source, code, given in cases:
        for lang in ("zh", "en"):
            assert (
                main(["new-edition", "x-2024", "--from", source, "-o", "out", "--lang", lang]) == 2
            )
            err = capsys.readouterr().err
            assert (_error_code(err), given in err) == (code, True), source
            assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("year", ["2030", True, 2030.0])
def test_a_year_that_is_no_whole_number_is_a_type_error(tmp_path: Path, year: object) -> None:
    """ "2030" failed deep inside on '<=' between int and str; True was the year 1."""
    from reform_brand.maint import scaffold_edition

    with pytest.raises(TypeError, match=r"^year takes a whole number"):
        scaffold_edition("x-2030", "shandong-2022", tmp_path / "out", year=year)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((None, "shandong-2022", "out"), "new_id"),
        ((b"x-2030", "shandong-2022", "out"), "new_id"),
        (("x-2030", None, "out"), "source"),
        (("x-2030", "shandong-2022", None), "directory"),
        (("x-2030", "shandong-2022", b"out"), "directory"),
    ],
)
def test_an_argument_of_another_type_is_a_type_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[object, ...], name: str
) -> None:
    """None for new_id failed inside re, for directory inside pathlib, and
    for source named edition_id: the TypeError names the argument."""
    from reform_brand.maint import scaffold_edition

    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match=rf"^{name} takes "):
        scaffold_edition(*args)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
