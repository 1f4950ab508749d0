"""Results of verified scans kept between runs, by the scan's content.

An office checks its inbox again and again while a call is open, and every
run used to read every signed scan again: about a second of OCR each, some
five minutes for three hundred scans on two cores.  A scan's result depends
on nothing but its bytes, the limits it was read under, the signature label
its line was found by (the form's), the image and OCR libraries and this
package's code; so each result is kept, pickled, in the
user's cache folder under a key made of all of those, and a later run that
meets the same content (whatever its name or folder) takes it instead of
reading the scan again.  A changed file, other limits, another form's
signature label (another edition's), another version of
the OCR engine or of this package give another key: a result is never
served for anything but what it was made from.

Where:

- ``REFORM_BRAND_SCAN_STORE`` unset: the sub-folder ``scans`` of the cache
  folder (:mod:`reform_brand._cache`: ``REFORM_BRAND_CACHE_DIR``, or the
  user cache folder; ``REFORM_BRAND_CACHE_DIR=off`` turns this off too);
- ``REFORM_BRAND_SCAN_STORE=/some/dir``: that folder;
- ``REFORM_BRAND_SCAN_STORE=off`` (or ``0``, ``no``, ``false``, ``none``,
  empty): no results are kept between runs;
- a value that names no folder (a file, a path under a file, a ``~user``
  whose home cannot be found): none either (the command line says so).

The folder is made readable by its user alone (a result holds the text read
from a form and the pictures of its seal and signature), and only the
:data:`MAX_ENTRIES` results used last are kept.  Only a scan that could be
read is kept (``status == "ok"``): a broken file costs little to look at
again, and a failure of the engine is not made permanent.  As with the
other caches, a folder that cannot be made or written, or an entry that
cannot be read (truncated, corrupt, another layout), is passed over
silently: the scan is verified as without it.  Entries are written to a
temporary file and renamed into place, so a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Final

from reform_brand._cache import (
    cache_dir,
    file_stamp,
    folder_fault,
    is_off,
    module_origin,
    open_entry,
    prune,
)
from reform_brand._leftovers import LEFT_TMP, clear_left_files, held_file
from reform_brand.scan._results import by_digest, content_digest, keep_by_digest
from reform_brand.scan._types import ScanLimits, ScanResult

__all__ = [
    "MAX_ENTRIES",
    "STORE_ENV",
    "ocr_installed",
    "read_result",
    "store_dir",
    "stored",
    "write_result",
]

#: Environment variable: the folder of kept results, or ``off``.
STORE_ENV: Final = "REFORM_BRAND_SCAN_STORE"
#: Entry layout; raised when it changes.
_FORMAT: Final = "1"
#: Results kept at most (each some tens of KB: a thumbnail and a few crops);
#: writing one more removes the least recently used.
MAX_ENTRIES: Final = 2048
#: This package's modules that make a result.
_CODE: Final = (
    "__init__.py",
    "_declared.py",
    "_drawn.py",
    "_label.py",
    "_marks.py",
    "_ocr.py",
    "_pdf.py",
    "_pdf_aes.py",
    "_pdf_crypt.py",
    "_pdf_filters.py",
    "_pdf_jpeg.py",
    "_pdf_live.py",
    "_pdf_refs.py",
    "_pdf_tree.py",
    "_results.py",
    "_store.py",
    "_types.py",
    "_verify.py",
)
_OCR_MODULE: Final = "rapidocr_onnxruntime"
#: The libraries whose version changes what a scan reads as.
_LIBRARIES: Final = ("pypdfium2", "cv2", "numpy", "PIL", "onnxruntime", _OCR_MODULE)


def store_dir() -> Path | None:
    """The folder of kept results, or None when they are not kept."""
    given = os.environ.get(STORE_ENV)
    if given is not None:
        if is_off(given) or folder_fault(given) is not None:
            return None
        return Path(given).expanduser()
    folder = cache_dir()
    return None if folder is None else folder.parent / "scans"


@functools.cache
def ocr_installed() -> bool:
    """Whether the OCR engine's package is installed, found without
    importing it (looked for once per process): the part of a result's key
    that says whether the engine read it (a result made without it is kept
    apart)."""
    return module_origin(_OCR_MODULE) is not None


@functools.cache
def _code_stamp() -> str:
    """This package's code and the libraries it reads scans with (each by
    its file's size and modification time: an upgrade changes them)."""
    here = Path(__file__).resolve().parent
    parts = [sys.version, _FORMAT]
    parts += [file_stamp(here / name) for name in _CODE]
    parts += [f"{m}={file_stamp(module_origin(m))}" for m in _LIBRARIES]
    return "\n".join(parts)


def _entry(digest: bytes, limits: ScanLimits, label: str, ocr: bool) -> Path | None:
    folder = store_dir()
    if folder is None:
        return None
    h = hashlib.sha256(_code_stamp().encode("utf-8", "surrogateescape"))
    h.update(b"\0" + digest + b"\0" + repr(limits).encode() + (b"\0ocr" if ocr else b"\0-"))
    h.update(b"\0" + label.encode("utf-8"))
    return folder / f"{h.hexdigest()}.pickle"


def read_result(digest: bytes, limits: ScanLimits, label: str, *, ocr: bool) -> ScanResult | None:
    """The result kept for the content whose SHA-256 is ``digest``, read
    under ``limits`` (with the OCR engine or without), its signature line
    found by ``label``, or None."""
    path = _entry(digest, limits, label, ocr)
    if path is None:
        return None
    try:
        with open_entry(path) as fh:
            value = pickle.load(fh)  # the user's own private cache folder
    except Exception:  # none, corrupt, truncated, another Python: verify it
        return None
    if not isinstance(value, ScanResult) or value.status != "ok":
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning
    return value


def write_result(
    digest: bytes, limits: ScanLimits, label: str, result: ScanResult, *, ocr: bool
) -> bool:
    """Keep ``result`` for its content and ``label``; False when it is not
    kept (not a readable scan, no folder, or the folder cannot be written).
    Never raises."""
    path = _entry(digest, limits, label, ocr) if result.status == "ok" else None
    if path is None:
        return False
    tmp = ""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = held_file(".tmp-", ".part", path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # (held until renamed: no run takes it for a leftover)
    except Exception:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        return False
    names = prune(path.parent, keep=MAX_ENTRIES)
    clear_left_files(rf"\.tmp-{LEFT_TMP}\.part", path.parent, names)  # (of runs killed midway)
    return True


def stored(path: Path, limits: ScanLimits, label: str) -> ScanResult | None:
    """The result this process has for the content of the file at ``path`` (its
    signature line found by ``label``) or, else, the one an earlier run
    kept (then kept by content in this process too: the copies of one
    scan in several folders share one result in memory, pictures and
    all); None when there is none. Reads the file once (or not at all
    when this run hashed it before) and imports no image library."""
    digest = content_digest(path, limits.max_bytes)
    if digest is None:
        return None
    result = by_digest(digest, limits, label)
    if result is None:
        result = read_result(digest, limits, label, ocr=ocr_installed())
        if result is not None:
            keep_by_digest(digest, limits, label, result)
    return result
