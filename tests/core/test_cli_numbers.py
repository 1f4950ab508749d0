"""A number on the command line is written in ASCII digits: ``int`` and
``float`` also read full-width digits (``１２``), other scripts' digits
(``١٢``) and underscores (``1_2``), which were taken for the number
(``--jobs １２`` started 12 workers).  Each is a usage error (exit 2,
``cli.usage``) in both languages, and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reform_brand import _cores
from reform_brand.cli import main

#: Numbers as ``int`` reads them but no user types them as numbers.
ODD = ["１２", "١٢", "1_2", "１"]

#: Each numeric option, in a command line that is otherwise good (its
#: output ``out`` in the current folder), the number left as ``{}``.
NUMERIC = [
    ["check", "shandong-2022", ".", "--jobs", "{}"],
    ["suggest", "shandong-2022", ".", "--top", "{}"],
    ["new-edition", "x-2031", "--from", "shandong-2022", "-o", "out", "--year", "{}"],
    ["fetch-mail", "--host", "h", "--user", "u", "-o", "out", "--limit", "{}"],
    ["fetch-mail", "--host", "h", "--user", "u", "-o", "out", "--port", "{}"],
    ["fetch-mail", "--host", "h", "--user", "u", "-o", "out", "--timeout", "{}"],
]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("argv", NUMERIC, ids=lambda a: a[-2])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_number_not_in_ascii_digits_is_a_usage_error(
    argv: list[str],
    value: str,
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    if value == "１" and argv[-2] == "--year":
        value = "２０３１"
    code = main([*(a.format(value) for a in argv), "--lang", lang])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert err.rstrip().splitlines()[-1].endswith("[cli.usage]"), err
    assert "Traceback" not in out + err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("value", ["4", " 4 ", "+4"])
def test_a_number_in_ascii_digits_is_taken(value: str) -> None:
    from reform_brand._cores import whole_number

    assert whole_number(value) == 4


@pytest.mark.parametrize("value", ODD)
def test_threads_of_the_environment_in_other_digits_are_the_default(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_cores.THREADS_ENV, value)
    monkeypatch.setattr(_cores, "cores", lambda: 3)
    assert _cores.threads() == 3
