"""The next steps ``new-edition`` prints are commands to copy into a shell:
a folder with a blank or a quote in its name is one argument of each."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from reform_brand.cli import main


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ["版本 2023", "O'Brien 2023", "plain"])
def test_the_next_steps_are_commands_a_shell_runs_as_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, name: str
) -> None:
    out = tmp_path / "空 格" / name
    argv = ["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out), "--lang", lang]
    assert main(argv) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    commands = [shlex.split(c) for c in re.findall(r"`([^`]*)`", last)]
    data = out / "src" / "reform_brand_x_2023" / "data"
    assert commands == [
        ["reform-brand", "lint", str(data)],
        ["pip", "install", "-e", f"{out}[test]"],
        ["pytest", str(out)],
    ]
    assert data.is_dir()
