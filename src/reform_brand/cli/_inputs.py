"""A path given to read (``check``, ``read``, ``suggest``), looked at
before any work: one that names nothing is a usage error (exit 2), and so
is a symbolic link whose target is gone, given alone (what was asked to be
read is not there); among other paths such a link is left to the reading,
which says it cannot be read, as it says of any file."""

from __future__ import annotations

import errno
import os
from typing import Final

from reform_brand.errors import UsageError
from reform_brand.i18n import render

__all__ = ["held_pipe", "looked_at"]

#: A path the system cannot look at as given (a name too long, a loop of
#: links, no permission): said as such (``cli.bad-path``), not as a path
#: that names nothing.
_UNUSABLE: Final = frozenset({errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.EPERM})


def looked_at(text: str, lang: str, missing: str, *, alone: bool = True) -> os.stat_result | None:
    """The status of what ``text`` names (links followed); None for a link
    that leads nowhere among other paths (not ``alone``).  A path that names
    nothing is a :class:`~reform_brand.errors.UsageError` with the text
    ``missing`` of the catalogue (its ``path``), a link to nothing given
    alone one with ``cli.check.link-to-nothing``; a path the system refuses
    as given raises its :class:`OSError` (``cli.bad-path``)."""
    try:
        return os.stat(text)
    except OSError as exc:
        if os.path.islink(text) and not alone:
            return None  # a finding of its own
        if exc.errno in _UNUSABLE:
            raise
        key = "cli.check.link-to-nothing" if os.path.islink(text) else missing
        raise UsageError(detail=render(key, {"path": text}, lang)) from None


def held_pipe(st: os.stat_result) -> int | None:
    """The descriptor of this process open on the pipe ``st`` describes
    (what ``<(...)`` gives as /dev/fd/N), or None."""
    try:
        names = os.listdir("/dev/fd")
    except OSError:
        return None
    for name in names:
        if not name.isdigit():
            continue
        try:
            held = os.fstat(int(name))
        except OSError:  # the descriptor that listed the folder, now closed
            continue
        if (held.st_dev, held.st_ino) == (st.st_dev, st.st_ino):
            return int(name)
    return None
