"""What intake read, written out as a batch of JSON envelopes.

:func:`export_envelopes` writes each envelope intake built (a Word form
with its scan, or an extra material on its own) as ``NNN.json`` into a
folder, with a copy of every file it names, under the name it is shown by;
JSON envelopes received as files are copied with the files they name.  The
folder can then be checked as a JSON batch (``reform-brand check``), or
sent on to a portal: it gives the same findings as the inbox, apart from the
ledger (``inbox.*``) and what intake noted about files it could not read
(``read.*``, ``inbox.kind-unknown``; see docs/inbox.md).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, Final

from reform_brand._leftovers import LEFT_TMP, clear_left_files
from reform_brand.office._intake import Intake
from reform_brand.office._marker import (
    OUTPUT_MARKER,
    is_output_dir,
    mark_output,
    write_atomic,
    written_entries,
)
from reform_brand.office._names import clean_text, on_disk
from reform_brand.submission import read_envelope

__all__ = ["export_envelopes"]


#: Characters a file found in an inbox may have in its name (on Linux or
#: macOS) that an envelope's path may not hold, or that no Windows name
#: holds: the exported copy is named with their full-width forms, so that
#: the export is checked as the inbox was, on any system.
_UNDECLARABLE: Final = str.maketrans({"\\": "＼", ":": "："})


def _declarable(path: str) -> str:
    """``path`` (a name found in the inbox, as shown) as an exported
    envelope may declare it."""
    return path.translate(_UNDECLARABLE)


def _copy(src: Path, out: Path, name: str) -> Path:
    """Copy ``src`` to ``out / name`` (``name`` as this computer can write
    it: :func:`on_disk`), unless a file is there already; the copy's path."""
    dest = out / on_disk(name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.exists():
        shutil.copyfile(src, dest)
    return dest


def export_envelopes(found: Intake, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write what intake read into ``out_dir`` (created if needed, marked as
    an output folder) as envelopes and their files.  Returns the envelope
    files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # What a run killed while writing a file left (``.001.json.x1y2z3w4.tmp``):
    # in an export of ours any such name, else the marker's.
    named = ".+" if is_output_dir(out) else re.escape(OUTPUT_MARKER)
    clear_left_files(rf"\.{named}\.{LEFT_TMP}\.tmp", out)
    if is_output_dir(out):
        # An export of ours written again: what the last one wrote goes
        # first, so that no envelope of it (003.json of three, now two) is
        # left to be read with the new ones.
        for name in written_entries(out):
            _remove(out / on_disk(name))
    written: list[Path] = []
    # What this export writes at the folder's top, in its marker whatever
    # happens: an export stopped midway (a full disk) is taken away by the
    # next one like a whole one; one killed outright (SIGKILL runs no
    # ``finally``) too, by what it was to write, marked first: a file it
    # had half copied is never kept by the next as copied.
    top: set[str] = set()
    plan = _plan(found)
    mark_output(out, "export", _top(found, plan))
    try:
        _write(found, out, written, top, plan)
    finally:
        mark_output(out, "export", top)
    return written


def _shown(found: Intake, attachment: dict[str, Any]) -> str:
    """The path an exported envelope declares ``attachment`` by."""
    return _declarable(found.names.get(attachment["path"], clean_text(attachment["path"])))


def _plan(found: Intake) -> list[tuple[str, dict[str, Any], list[str]]]:
    """Each envelope of ``found`` with the name its file is written under
    and the paths its attachments are declared by."""
    names = [[_shown(found, a) for a in env.get("attachments", [])] for env in found.envelopes]
    # No envelope is named as what a file is copied under (an inbox's folder
    # named ``001.json``): the export stopped, the envelope's name a folder.
    taken = {Path(shown).parts[0].casefold() for each in names for shown in each}
    numbers = (f"{n:03d}.json" for n in itertools.count(1) if f"{n:03d}.json" not in taken)
    return list(zip(numbers, found.envelopes, names, strict=False))


def _top(found: Intake, plan: list[tuple[str, dict[str, Any], list[str]]]) -> set[str]:
    """The names an export of ``found`` writes at the folder's top."""
    top = {name for name, _env, _each in plan}
    top.update(Path(shown).parts[0] for _name, _env, each in plan for shown in each)
    if found.received:
        top.add("received")
    return top


def _write(
    found: Intake,
    out: Path,
    written: list[Path],
    top: set[str],
    plan: list[tuple[str, dict[str, Any], list[str]]],
) -> None:
    root = found.base
    for name, env, each in plan:
        copy: dict[str, Any] = dict(env)
        attachments = []
        for a, shown in zip(env.get("attachments", []), each, strict=True):
            top.add(Path(shown).parts[0])
            _copy(root / a["path"], out, shown)
            attachments.append({"role": a["role"], "path": shown})
        copy["attachments"] = attachments
        path = out / name
        text = json.dumps(copy, ensure_ascii=False, indent=2) + "\n"
        top.add(path.name)
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    for received in found.received:
        # Received where it lies: in the inbox, or where its archive was opened.
        if received.is_relative_to(found.root):
            root = Path(found.root)
        rel = received.relative_to(root).as_posix()
        top.add("received")
        written.append(_copy(received, out / "received", clean_text(rel)))
        value, _problems = read_envelope(received)
        atts = value.get("attachments") if isinstance(value, dict) else None
        for a in atts if isinstance(atts, list) else []:
            named = a.get("path") if isinstance(a, dict) else None
            if not isinstance(named, str):
                continue
            src = os.path.normpath(os.path.join(os.path.dirname(rel), named))
            try:
                real = os.path.realpath(root / src)
            except OSError:  # (a folder on the way may not be looked into)
                continue
            if not real.startswith(os.path.realpath(root) + os.sep) or not os.path.isfile(real):
                continue  # outside the inbox: never copied
            _copy(root / src, out / "received", clean_text(src))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
