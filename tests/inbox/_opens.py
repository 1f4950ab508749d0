"""Counting the openings of files: an audit hook that notes every file
opened while a test listens (the ``opens`` fixture), with the identity of
what it opened, so that an opening of a second name of a file (a hard link
in intake's private folder) counts for the file."""

from __future__ import annotations

import collections
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_OPENS: list[str] = []
#: (device, inode) of each path in ``_OPENS`` when it was opened (None: it
#: did not exist yet).
_IDENTITIES: list[tuple[int, int] | None] = []
_LISTENING: list[bool] = [False]


def _hook(event: str, args: tuple[object, ...]) -> None:
    listened = _LISTENING[0] and event in ("open", "os.open")
    if listened and args and isinstance(args[0], str | Path):
        path = str(args[0])
        try:
            st = os.stat(path)
            identity: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except (OSError, ValueError):
            identity = None
        _OPENS.append(path)
        _IDENTITIES.append(identity)


# (A hook cannot be removed: it notes paths only while a test listens.)
sys.addaudithook(_hook)


@pytest.fixture
def opens() -> Iterator[list[str]]:
    """The paths opened while the test runs (clear it to start counting)."""
    _OPENS.clear()
    _IDENTITIES.clear()
    _LISTENING[0] = True
    try:
        yield _OPENS
    finally:
        _LISTENING[0] = False
        _OPENS.clear()
        _IDENTITIES.clear()


def openings_by_file(root: Path) -> dict[Path, int]:
    """How often each file under ``root`` was opened since the ``opens``
    fixture was last cleared, under any of its names (0 for a file never
    opened)."""
    files = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            files[(st.st_dev, st.st_ino)] = path
    counted: collections.Counter[Path] = collections.Counter()
    for identity in _IDENTITIES:
        if identity in files:
            counted[files[identity]] += 1
    return {path: counted[path] for path in files.values()}
