"""The text output of `reform-brand lint` speaks the language asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand.cli import main

BROKEN = 'id = "jiangsu-2023"\nyear = 2023\nissued = 2023-13-01\n'


def _lint(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    assert main(["lint", str(folder), *extra]) == 1
    return capsys.readouterr().out.splitlines()


def test_severities_are_chinese_and_the_directory_is_named_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "edition.toml").write_text(BROKEN, encoding="utf-8")
    finding, summary = _lint(tmp_path, capsys)
    assert finding.startswith("错误 edition.syntax  edition.toml: ")
    assert summary == f"{tmp_path}：错误 1，警告 0，提示 0"


def test_english_keeps_english_severities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "edition.toml").write_text(BROKEN, encoding="utf-8")
    finding, summary = _lint(tmp_path, capsys, "--lang", "en")
    assert finding.startswith("error   edition.syntax  edition.toml: ")
    assert summary == f"{tmp_path}: 1 error, 0 warnings, 0 notes"
