"""The marker of an output folder, and atomic writes.

Every folder the program writes its outputs into (a report, an export) gets
the marker file :data:`OUTPUT_MARKER`; intake recognises it and never reads
that folder as received files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from reform_brand._leftovers import held_file

__all__ = ["OUTPUT_MARKER", "is_output_dir", "mark_output", "write_atomic", "written_entries"]

#: The marker file of an output folder (a report, an export).
OUTPUT_MARKER: Final = "reform-brand-output.json"
_MARKER_FORMAT: Final = "reform-brand-output"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder
    and a rename: readers see the old file or the new one, never half."""
    fd, tmp_name = held_file(f".{path.name}.", ".tmp", path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
            os.replace(tmp, path)  # (held until renamed: no run takes it for a leftover)
    finally:
        tmp.unlink(missing_ok=True)


def mark_output(folder: Path, what: str, entries: Iterable[str] = ()) -> Path:
    """Write the marker that tells intake ``folder`` is an output of ``what``
    ("report", "export"), not received files; ``entries`` are the names of
    what was written at its top (see :func:`written_entries`)."""
    path = folder / OUTPUT_MARKER
    value: dict[str, object] = {"format": _MARKER_FORMAT, "version": 1, "what": what}
    if entries:
        value["entries"] = sorted(entries)
    write_atomic(path, (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def written_entries(folder: Path) -> list[str]:
    """The names the marker of ``folder`` says were written at its top
    (plain names, never a path), or none."""
    try:
        value = json.loads((folder / OUTPUT_MARKER).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return []
    names = value.get("entries") if isinstance(value, dict) else None
    if not isinstance(names, list):
        return []
    return [
        n
        for n in names
        if isinstance(n, str) and n and "/" not in n and os.sep not in n and n not in (".", "..")
    ]


def is_output_dir(folder: Path) -> bool:
    """Whether ``folder`` holds the output marker (a regular file that says so)."""
    path = folder / OUTPUT_MARKER
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 4096:
            return False
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(value, dict) and value.get("format") == _MARKER_FORMAT
