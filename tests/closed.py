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


def close_folder(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The folder ``name`` may not be looked into: listing it raises
    ``PermissionError`` (EACCES), and so does a ``stat`` of anything in it
    (``cur/`` asked for as a Maildir's), as for a folder of mode 000."""
    scandir, stat_ = os.scandir, os.stat
    inside = os.sep + name + os.sep

    def refused(path: object) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def closed_scandir(path: str) -> object:
        if os.fspath(path).rstrip(os.sep).endswith(os.sep + name):
            raise refused(path)
        return scandir(path)

    def closed_stat(path: str | os.PathLike[str], **kwargs: bool) -> os.stat_result:
        if inside in os.fspath(path):
            raise refused(path)
        return stat_(path, **kwargs)

    monkeypatch.setattr(os, "scandir", closed_scandir)
    monkeypatch.setattr(os, "stat", closed_stat)
