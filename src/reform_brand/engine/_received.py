"""An item of a batch that intake has read already.

Intake opens each received file once: it reads a JSON envelope received as
a file, sniffs and hashes every file an envelope names and reads a Word
form's text from that same opening.  It hands the check what it read with
the item (:class:`Received`): the check, in this process or in a worker
process, then takes the envelope as intake read it and the files' types,
digests and texts by their identity (:func:`reform_brand.opened.remember`),
and opens none of them again.  The report is the same as for the item
alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from reform_brand.opened import Known, remember
from reform_brand.submission import MAX_FILE_BYTES, Problem, parse_envelope_bytes

__all__ = ["Received", "unwrap"]


@frozen
class Received:
    """``item`` (an envelope, or the ``Path`` of a submission file) with
    what intake learned of it: for a file, the bytes it was read as
    (``raw``, parsed where it is checked) or, when none were read, the
    value and problems of that reading (``read``); the files it names
    (``known``); whether its attachment paths are the names of files
    intake found in the folder (``paths_found``: an envelope intake built,
    see :attr:`reform_brand.submission.Submission.paths_found`)."""

    item: dict[str, Any] | Path
    raw: bytes | None = None
    read: tuple[object, Sequence[Problem]] | None = None
    known: tuple[Known, ...] = ()
    paths_found: bool = False

    def reading(self) -> tuple[object, list[Problem]] | None:
        """The value and problems of the file as intake read it (None: an
        envelope, not a file)."""
        if self.raw is not None:
            return parse_envelope_bytes(self.raw, max_bytes=MAX_FILE_BYTES)
        if self.read is None:
            return None
        value, problems = self.read
        return value, list(problems)


def unwrap(item: object) -> tuple[object, tuple[object, list[Problem]] | None]:
    """The item itself and, for a file intake read, its reading; what
    intake learned of the files it names taken as this process's own."""
    if not isinstance(item, Received):
        return item, None
    remember(item.known)
    return item.item, item.reading()
