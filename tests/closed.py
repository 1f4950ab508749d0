"""A folder this process may not look into, as a test makes it: root (as in
a container) reads every folder whatever its mode, so ``os.path.realpath``
is made to refuse the paths that pass through it."""

from __future__ import annotations

import errno
import os

import pytest


def refuse_realpath(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """``os.path.realpath`` raises ``PermissionError`` (EACCES) for every
    path holding ``marker``, as for a path through a folder that may not be
    looked into; any other path is resolved as before."""
    realpath = os.path.realpath

    def closed(path: str | os.PathLike[str], **kwargs: bool) -> str:
        if marker in os.fspath(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return realpath(path, **kwargs)

    monkeypatch.setattr(os.path, "realpath", closed)
