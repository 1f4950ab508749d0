"""Settings of the environment a command cannot use: each said once on
standard error, in the command line's language with its code, and taken as
unset (by the command, the library and the workers of ``check --jobs``)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand import _cache, _cores
from reform_brand._cache import CACHE_ENV, cache_dir
from reform_brand._cores import THREADS_ENV
from reform_brand.cli import main
from reform_brand.scan._store import STORE_ENV, store_dir
from tests.validation.helpers import APPLICATION, NOW


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _codes(err: str) -> list[str]:
    return [line.rsplit("[", 1)[1].rstrip("]") for line in err.splitlines() if "[cli.env." in line]


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", " ", "1e3", "９", "1_2", "9" * 5000])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_number_of_threads_is_said_and_the_default_used(
    value: str, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    code, err = _run(capsys, "show", "shandong-2022", "--lang", lang)
    if not value.strip():  # empty: as unset
        assert (code, _codes(err)) == (0, [])
        return
    assert (code, _codes(err)) == (0, ["cli.env.threads"])
    assert THREADS_ENV not in os.environ  # the default, for the workers too
    line = err.splitlines()[0]
    assert THREADS_ENV in line
    assert ("ignored" in line) == (lang == "en")


def test_too_many_threads_are_said_and_capped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, "1000")
    code, err = _run(capsys, "show", "shandong-2022")
    assert (code, _codes(err)) == (0, ["cli.env.threads-limit"])
    assert f" {_cores.MAX_THREADS} " in err
    assert _cores.threads() == _cores.MAX_THREADS


@pytest.mark.parametrize("value", ["2", " 3 ", ""])
def test_a_good_number_of_threads_is_not_said(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    assert _run(capsys, "show", "shandong-2022") == (0, "")


@pytest.mark.parametrize("value", ["fr", "english", "zh_CN.UTF-8"])
def test_a_language_neither_zh_nor_en_is_said(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_BRAND_LANG", value)
    code, err = _run(capsys, "show", "shandong-2022")
    assert (code, _codes(err)) == (0, ["cli.env.lang"])
    assert "既不是" in err  # in Chinese, the default
    code, err = _run(capsys, "show", "shandong-2022", "--lang", "en")
    assert (code, _codes(err)) == (0, [])  # said once: the variable is dropped


@pytest.mark.parametrize("value", ["", "zh", "en"])
def test_a_good_language_is_not_said(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_BRAND_LANG", value)
    assert _run(capsys, "editions")[1] == ""


@pytest.mark.parametrize("value", ["EN", " en ", "En"])
def test_the_language_of_the_environment_is_taken_in_any_case(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``--lang EN`` is."""
    monkeypatch.setenv("REFORM_BRAND_LANG", value)
    code = main(["show", "no-such-edition"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cli.env.lang" not in err
    assert err.strip() and err.isascii()  # in English


def _bad_folders(tmp_path: Path) -> dict[str, str]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    return {
        "a file": str(a_file),
        "under a file": str(a_file / "cache"),
        "no such user": "~no-such-user-of-reform-brand/cache",
        "too long": "/" + "x" * 5000,
    }


@pytest.mark.parametrize("variable", [CACHE_ENV, STORE_ENV])
@pytest.mark.parametrize("kind", ["a file", "under a file", "no such user", "too long"])
def test_a_folder_setting_that_names_no_folder_is_said_and_the_default_used(
    variable: str,
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    value = _bad_folders(tmp_path)[kind]
    monkeypatch.setenv(variable, value)
    monkeypatch.delenv(CACHE_ENV if variable == STORE_ENV else STORE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    # The library keeps nothing there, never failing (a ~user of no user
    # was an internal error), as with a folder that cannot be written.
    assert store_dir() is None
    assert (cache_dir() is None) == (variable == CACHE_ENV)
    code, err = _run(capsys, "show", "shandong-2022", "--lang", "en")
    assert (code, _codes(err)) == (0, ["cli.env.folder"])
    assert variable in err and "this cache is not used" in err
    code, err = _run(capsys, "show", "shandong-2022", "--lang", "zh")
    assert (code, _codes(err)) == (0, ["cli.env.folder"])
    assert "不使用这个缓存" in err


@pytest.mark.parametrize("value", ["off", "0", "", "NONE"])
def test_a_folder_setting_turned_off_is_not_said(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, value)
    assert _cache.cache_dir() is None
    assert _run(capsys, "show", "shandong-2022") == (0, "")


def test_a_folder_setting_made_when_first_written_is_not_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "new" / "cache"))
    assert _run(capsys, "show", "shandong-2022") == (0, "")
    assert cache_dir() == tmp_path / "new" / "cache" / "editions"


@pytest.mark.parametrize(
    "variable", ["REFORM_BRAND_SCAN_RESULTS", "REFORM_BRAND_SCAN_RESULTS_TAKEN"]
)
def test_a_variable_of_the_workers_is_not_taken_from_the_user(
    variable: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(variable, str(tmp_path))
    code, err = _run(capsys, "show", "shandong-2022")
    assert (code, _codes(err)) == (0, ["cli.env.internal"])
    assert variable not in os.environ


def test_a_bad_setting_stops_no_command_and_no_usage_error_or_help_says_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, "abc")
    code, err = _run(capsys, "show")
    assert code == 2 and _codes(err) == []
    code, err = _run(capsys, "show", "--help")
    assert code == 0 and _codes(err) == []


SCRIPT = """\
import json, sys
from reform_brand import _handover
from reform_brand.cli import main
used = []
def recorded():
    used.append(sys.argv[1])
    return sys.argv[1]
if __name__ == "__main__":
    _handover.start_method = recorded
    code = main(sys.argv[2:])
    print(json.dumps({"code": code, "used": used}))
"""


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_workers_of_check_say_nothing_again(method: str, tmp_path: Path) -> None:
    if method == "fork" and not sys.platform.startswith("linux"):
        method = "spawn"
    files = []
    for i in range(40):
        env = copy.deepcopy(APPLICATION)
        env["id"] = f"s{i}"
        path = tmp_path / f"{i:03d}.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    script = tmp_path / "run_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    args = ["check", "shandong-2022", *files, "--json", "--now", NOW.isoformat(), "--jobs", "2"]
    bad = {
        THREADS_ENV: "abc",
        "REFORM_BRAND_LANG": "fr",
        CACHE_ENV: str(script),
        STORE_ENV: str(script / "x"),
    }
    done = subprocess.run(
        [sys.executable, str(script), method, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **bad, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert "Traceback" not in done.stderr, done.stderr
    result = json.loads(done.stdout.rstrip("\n").rsplit("\n", 1)[1])
    assert result["used"] == [method]  # the workers did start
    assert sorted(_codes(done.stderr)) == sorted(
        ["cli.env.threads", "cli.env.lang", "cli.env.folder", "cli.env.folder"]
    ), done.stderr


def test_a_value_is_said_on_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, "1\n2\x1b[31m")
    code, err = _run(capsys, "show", "shandong-2022", "--lang", "en")
    assert code == 0
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "'1\\n2\\x1b[31m'" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_blocked_name_of_no_plugin_is_said_once_and_the_others_still_block(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    names = "no-such-plugin, reform_brand.rules,no-such-plugin,,other-typo"
    monkeypatch.setenv("REFORM_BRAND_BLOCK_PLUGINS", names)
    code, err = _run(capsys, "plugins", "--json", "--lang", lang)
    assert (code, _codes(err)) == (0, ["cli.env.block-unknown"] * 2)
    lines = err.splitlines()
    assert "'no-such-plugin'" in lines[0] or "“no-such-plugin”" in lines[0]
    assert "other-typo" in lines[1]
    assert ("blocks nothing" in err) == (lang == "en")


@pytest.mark.parametrize("names", ["", " , ", "reform_brand.rules", "shandong-2022"])
def test_blocked_names_of_plugins_are_not_said(
    names: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_BRAND_BLOCK_PLUGINS", names)
    code, err = _run(capsys, "editions")
    assert _codes(err) == []
    # (With the only edition plugin blocked, no edition is installed.)
    alone = names == "shandong-2022"
    assert (code, "[cli.editions.none]" in err) == ((1, True) if alone else (0, False))
