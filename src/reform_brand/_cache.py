"""A cache of structured editions, keyed by the hashes of their data files.

Loading an edition parses its TOML files, validates them against the edition
schema, structures them and checks every cross-reference: a good part of a
short command's time.  The result only depends on the data files (the
edition's folder and the folders of the editions it inherits from, templates
included), on the renderers that check its templates and on this code; so
the checked :class:`~reform_brand.model.Edition` is kept, pickled, in the
user's cache folder under a key made of all of those, and read back when the
key matches.  A data file changed by one byte gives another key: the cache
never serves stale data.

Where:

- ``REFORM_BRAND_CACHE_DIR`` unset: the user cache folder
  (``platformdirs.user_cache_dir``, ``$XDG_CACHE_HOME/reform-brand`` on
  Linux), sub-folder ``editions``;
- ``REFORM_BRAND_CACHE_DIR=/some/dir``: that folder;
- ``REFORM_BRAND_CACHE_DIR=off`` (or ``0``, ``no``, ``false``, empty): no cache.

A value that names no folder (a file, a path under a file, a ``~user``
whose home cannot be found) gives no cache, as a folder that cannot be
written does (:func:`folder_fault`; the command line says so on standard
error).

A folder that cannot be created or written, or an entry that cannot be read
(truncated, corrupt, from another Python), is passed over silently: the
edition is loaded from its files as without a cache.  Only editions that load
without a problem are kept; an edition with problems is reported afresh every
time.  Entries are written to a temporary file and renamed into place, so a
reader never sees half an entry.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Final

from reform_brand._leftovers import LEFT_TMP, clear_left_files, held_file
from reform_brand.model import Edition

__all__ = [
    "CACHE_ENV",
    "cache_dir",
    "edition_key",
    "file_stamp",
    "folder_fault",
    "is_off",
    "module_origin",
    "open_entry",
    "prune",
    "read_edition",
    "write_edition",
]

#: Environment variable: the cache folder, or ``off`` to disable the cache.
CACHE_ENV: Final = "REFORM_BRAND_CACHE_DIR"

_OFF: Final = frozenset({"", "0", "off", "no", "false", "none"})

#: Cache format; raised when the entry layout changes.
_FORMAT: Final = "1"

#: Entries kept at most; writing one more removes the least recently used.
MAX_ENTRIES: Final = 64

#: Data folders larger than this are not hashed (and their edition is not kept).
_MAX_BYTES: Final = 64 * 1024 * 1024

#: The code an entry depends on: a change to any of these files (by size or
#: modification time) gives new keys.
_CODE: Final = (
    "model.py",
    "loader.py",
    "converter.py",
    "inherit.py",
    "_portable.py",
    "_cache.py",
    "schemas/edition.schema.json",
)


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is disabled."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        if is_off(given):
            return None
        if folder_fault(given) is not None:
            return None  # no folder to keep it in: as a folder that cannot be written
        return Path(given).expanduser() / "editions"
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return Path(user_cache_dir("reform-brand", appauthor=False)) / "editions"


def is_off(value: str) -> bool:
    """Whether a folder setting's value turns its cache off."""
    return value.strip().lower() in _OFF


def folder_fault(value: str) -> OSError | None:
    """Why a folder setting's value (not off) names no folder to keep a
    cache in, or None: it is a folder, or nothing yet (made when it is
    first written).  A file is "not a directory", a path under one
    ``ENOTDIR``, a ``~user`` whose home cannot be found "no home folder";
    a path whose status cannot be read (too long, a loop of links, no
    permission) says why."""
    try:
        folder = Path(value).expanduser()
    except RuntimeError:  # ~user of no user, or no home at all
        return OSError(None, "no home folder", value)
    try:
        st = folder.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc
    if stat.S_ISDIR(st.st_mode):
        return None
    return OSError(None, "not a directory", value)


def file_stamp(path: Path | None) -> str:
    """A file as a cache key sees it: its path, size and modification time
    ("-" for none; ":-" after the path when it cannot be read)."""
    if path is None:
        return "-"
    try:
        st = path.stat()
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def module_origin(module: str) -> Path | None:
    """Where ``module`` would be imported from, without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return Path(spec.origin) if spec is not None and spec.origin else None


def _code_stamp() -> str:
    here = Path(__file__).resolve().parent
    parts = [sys.version, _FORMAT]
    for name in _CODE:
        try:
            st = (here / name).stat()
        except OSError:
            parts.append(f"{name}:-")
        else:
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def open_entry(path: Path) -> BinaryIO:
    """The cache entry ``path`` opened for reading, never by a blocking
    open: a named pipe or a device in its place (waited on, or read, for
    ever) is an ``OSError``, an entry that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"not a regular file: {path}")
    return os.fdopen(fd, "rb")


def _hash_dir(h: hashlib._Hash, folder: Path, budget: list[int]) -> bool:
    """Every regular file under ``folder`` (relative path and bytes) into
    ``h``; False when the folder cannot be read or is too large."""
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return False
    h.update(f"dir\0{folder}\0".encode("utf-8", "surrogateescape"))
    for p in files:
        # Never more than the budget read: a video of gigabytes left in a
        # data folder would else be read whole into memory by every command.
        try:
            with open_entry(p) as fh:
                if os.fstat(fh.fileno()).st_size > budget[0]:
                    return False
                data = fh.read(budget[0] + 1)
        except OSError:
            return False
        budget[0] -= len(data)
        if budget[0] < 0:
            return False
        rel = p.relative_to(folder).as_posix()
        h.update(f"file\0{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        h.update(data)
    return True


def edition_key(edition_id: str, dirs: Iterable[str], renderers: Iterable[object]) -> str | None:
    """The cache key of an edition loaded from ``dirs`` (its own data folder
    first, then its ancestors') and checked by ``renderers`` (objects, or
    strings that name them); None when the folders cannot all be hashed."""
    h = hashlib.sha256()
    h.update(_code_stamp().encode())
    h.update(f"\0id\0{edition_id}\0".encode())
    for r in renderers:
        kind = type(r)
        name = r if isinstance(r, str) else f"{kind.__module__}.{kind.__qualname__}"
        h.update(f"renderer\0{name}\0".encode())
    budget = [_MAX_BYTES]
    for d in dirs:
        folder = Path(d)
        if not folder.is_dir() or not _hash_dir(h, folder, budget):
            return None
    return h.hexdigest()


def _entry_path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{key}.pickle"


def read_edition(src: Path, edition_id: str, renderers: Iterable[object]) -> Edition | None:
    """The edition kept for the data folder ``src``, or None (no cache, no
    entry, an entry that cannot be read, or one whose files have changed).

    The entry is found by the hash of ``src`` alone (no file is parsed); it
    names the folders of the editions inherited from, and it is served only
    when the hash of all the folders is still the one it was made from."""
    shown = list(renderers)
    own = edition_key(edition_id, [str(src)], shown)
    path = _entry_path(own) if own is not None else None
    if path is None:
        return None
    try:
        with open_entry(path) as fh:
            value = pickle.load(fh)  # the user's own cache folder
        dirs, full, edition = value
    except Exception:  # none, corrupt, truncated, another Python: load the files
        return None
    if not isinstance(edition, Edition) or edition.id != edition_id:
        return None
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        return None
    if edition_key(edition_id, dirs, shown) != full:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning
    return edition


def write_edition(
    src: Path, edition: Edition, dirs: list[str], renderers: Iterable[object]
) -> bool:
    """Keep ``edition``, loaded from ``src`` and the folders ``dirs`` (its own
    first), checked by ``renderers``; False when it could not be written
    (never raises)."""
    shown = list(renderers)
    own = edition_key(edition.id, [str(src)], shown)
    full = edition_key(edition.id, dirs, shown)
    path = _entry_path(own) if own is not None else None
    if path is None or full is None:
        return False
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = held_file(".tmp-", ".pickle", path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((dirs, full, edition), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # (held until renamed: no run takes it for a leftover)
    except Exception:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        return False
    names = prune(path.parent)
    clear_left_files(rf"\.tmp-{LEFT_TMP}\.pickle", path.parent, names)  # (of runs killed midway)
    return True


def prune(folder: Path, pattern: str = "*.pickle", keep: int | None = None) -> list[str] | None:
    """Keep the ``keep`` (:data:`MAX_ENTRIES`) entries of ``folder`` matching
    ``pattern`` used last (a hit touches its entry), so that entries made
    once (editions loaded from temporary folders) do not pile up: finished
    entries only, never a run's temporary file (``.tmp-*``, which the
    pattern matches too: held while it is written, removed once left by
    :func:`~reform_brand._leftovers.clear_left_files`).  The names in
    ``folder`` as listed (None: it cannot be), for that function."""
    keep = MAX_ENTRIES if keep is None else keep
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    try:
        entries = [
            (os.stat(folder / n).st_mtime_ns, folder / n)
            for n in fnmatch.filter(names, pattern)
            if not n.startswith(".tmp-")
        ]
        if len(entries) > keep:
            entries.sort(reverse=True)
            for _, p in entries[keep:]:
                p.unlink(missing_ok=True)
    except OSError:
        pass
    return names
