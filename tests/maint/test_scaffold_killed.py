"""A new-edition run killed by SIGKILL leaves its temporary folder beside
the output (``.DIR.x1y2z3w4.new-edition``): the next run removes it, and
puts back the package it had moved aside when the new one never took its
place; the folder of a run still going is never removed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand.cli import main
from tests.packages import MADE
from tests.stuck import killed, started

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no flock")

#: A new-edition run into ``argv[2]`` (with ``--force``) that stops for good
#: while it writes the package (``argv[1]`` ``write``) or between moving
#: the folder there aside and renaming the new one in its place
#: (``swap``), saying so by the file ``argv[3]``.
_STUCK = """
import pathlib, sys, time
from reform_brand.cli import main
from reform_brand.maint import _scaffold
ready = pathlib.Path(sys.argv[3])
def stuck(*args, **kwargs):
    ready.write_text("")
    while True:
        time.sleep(60)
if sys.argv[1] == "write":
    _scaffold._write_package = stuck
else:
    real = pathlib.Path.rename
    def rename(self, target):
        if self.name == "new":
            stuck()
        return real(self, target)
    pathlib.Path.rename = rename
main(["new-edition", "x-2023", "--from", "shandong-2022", "-o", sys.argv[2], "--force"])
"""


def _stuck(how: str, out: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    ready = tmp_path / "ready"
    return started([sys.executable, "-c", _STUCK, how, str(out), str(ready)], ready)


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".new-edition" in p.name)


def _new_edition(out: Path, *extra: str) -> int:
    return main(["new-edition", "x-2023", "--from", "shandong-2022", "-o", str(out), *extra])


def test_the_folder_of_a_run_killed_while_writing_is_removed_by_the_next(
    tmp_path: Path,
) -> None:
    parent = tmp_path / "packages"
    parent.mkdir()
    out = parent / "pkg"
    proc = _stuck("write", out, tmp_path)
    try:
        (left,) = _left(parent)
        assert left.startswith(".pkg.")
        # A run going on meanwhile: its folder is left to it.
        assert _new_edition(parent / "other") == 0
        assert _left(parent) == [left]
    finally:
        killed(proc)
    assert _new_edition(out) == 0
    assert _left(parent) == []
    assert sorted(p.name for p in parent.iterdir()) == ["other", "pkg"]


def test_a_package_a_killed_run_had_moved_aside_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    out.mkdir()
    (out / "keep.txt").write_text("the maintainer's", encoding="utf-8")
    # (A package new-edition made, which --force replaces.)
    (out / "pyproject.toml").write_text(MADE, encoding="utf-8")
    proc = _stuck("swap", out, tmp_path)
    killed(proc)
    assert not out.exists()  # (moved aside, the new one not yet in its place)
    # The next run puts it back before it looks at the output: not forced,
    # it keeps it.
    assert _new_edition(out) == 2
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "pyproject.toml"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == "the maintainer's"
    assert _left(tmp_path) == []
