"""The folders a command makes above what it writes, and removes again
when it fails: every command that writes makes the missing folders above
its output (docs/cli.md), and a command that fails leaves none of them."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

__all__ = ["missing_folders", "remove_folders", "removed_on_failure"]


def missing_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that do not exist, the deepest first.  A
    ``..`` names no folder to make: ``new/../x`` makes ``new`` and ``x``,
    both removed again (the folder ``new/..`` is no more removed than
    made, and it stopped the removal of ``new``)."""
    missing = []
    for parent in path.absolute().parents:
        try:
            if parent.exists() or parent.is_symlink():
                break
        except OSError:  # (a name too long: nothing is made there)
            return []
        if parent.name != "..":
            missing.append(parent)
    return missing


def remove_folders(made: list[Path]) -> None:
    """Remove the folders a failed command made (the deepest first), as
    long as they are empty."""
    for folder in made:
        try:
            folder.rmdir()
        except OSError:
            break


@contextlib.contextmanager
def removed_on_failure(path: Path, *, whole: bool = False) -> Iterator[None]:
    """The folders above ``path`` that the block makes are removed again
    when it fails (an interruption too); with ``whole``, the folder
    ``path`` too, with what the block wrote in it, when it made it."""
    made = missing_folders(path / "-") if whole else missing_folders(path)
    try:
        yield
    except BaseException:
        if made and made[0] == path.absolute():
            shutil.rmtree(made.pop(0), ignore_errors=True)
        remove_folders(made)
        raise
