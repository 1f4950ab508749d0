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
    (``known``)."""

    item: dict[str, Any] | Path
    raw: bytes | None = None
    read: tuple[object, Sequence[Problem]] | None = None
    known: tuple[Known, ...] = ()


def unwrap(item: object) -> tuple[object, tuple[object, list[Problem]] | None]:
    """The item itself and, for a file intake read, its reading; what
    intake learned of the files it names taken as this process's own."""
    if not isinstance(item, Received):
        return item, None
    remember(item.known)
    if item.raw is not None:
        return item.item, parse_envelope_bytes(item.raw, max_bytes=MAX_FILE_BYTES)
    if item.read is None:
        return item.item, None
    value, problems = item.read
    return item.item, (value, list(problems))
