"""Results of :func:`reform_brand.scan.verify_scan` kept per file, so that a
scan is verified once per run: by the ``signed-scan`` rule, then reused for
the report's and the roster's pictures.

In one process the results are kept in memory (the last
:data:`MAX_KEPT`).  Worker processes (``check --jobs``) started inside
:func:`shared_results` also leave theirs in a private folder named by an
environment variable they inherit; when the block ends, the parent takes
them into its memory and removes the folder.

The same folder lets workers share a scan's result by its content
(:func:`by_content`): the first worker to meet a scan claims it and
verifies it, and another worker that meets the same scan meanwhile waits
for that result instead of loading the OCR engine and verifying it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from reform_brand._bounded import Bounded
from reform_brand._leftovers import SHARED_SCANS, clear_runs_left, held_folder, locked_now
from reform_brand.opened import digest_of
from reform_brand.safeopen import UnsafeFileError
from reform_brand.scan._types import ScanLimits, ScanResult

__all__ = [
    "KEPT_BY_CONTENT",
    "MAX_KEPT",
    "SHARED_ENV",
    "by_content",
    "by_digest",
    "content_digest",
    "content_name",
    "keep",
    "keep_by_digest",
    "kept",
    "left",
    "shared_results",
]

#: How many results one process keeps in memory (each holds a few small PNGs).
MAX_KEPT: Final = 512
#: The environment variable naming the folder that worker processes share.
SHARED_ENV: Final = "REFORM_BRAND_SCAN_RESULTS"
#: "1" when the process that made the shared folder takes the workers'
#: results when they are done.
_TAKE_ENV: Final = "REFORM_BRAND_SCAN_RESULTS_TAKEN"

#: How long a worker waits for another one verifying the same scan before
#: it verifies the scan itself, and how often it looks.
WAIT_SECONDS: Final = 600.0
_POLL_SECONDS: Final = 0.02

#: A file as it is now: device, inode, size, modification time, the time
#: its inode last changed, the limits it was read under, and the signature
#: label its line was found by (the form's; "" for none): a result found by
#: one form's label is not another form's.  (The change time tells a new
#: file from a removed one whose inode it took, of the same size and given
#: the same modification time, as a copy keeping times or an archive's
#: entry taken out is.)
Key = tuple[int, int, int, int, int, ScanLimits, str]

_KEPT: OrderedDict[Key, ScanResult] = OrderedDict()


def _key(path: Path, limits: ScanLimits, label: str) -> Key | None:
    """The file as it is now (its identity: one status call, whatever link
    or folder it is reached by), the limits it was read under and the label
    its signature line was found by; None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, limits, label)


def _remember(key: Key, result: ScanResult) -> None:
    _KEPT[key] = result
    _KEPT.move_to_end(key)
    while len(_KEPT) > MAX_KEPT:
        _KEPT.popitem(last=False)


def kept(path: Path, limits: ScanLimits, label: str) -> tuple[Key | None, ScanResult | None]:
    """The key of ``path`` and its result when this run already has it."""
    key = _key(path, limits, label)
    return key, (_KEPT.get(key) if key is not None else None)


#: Results by content, in this process (the last :data:`KEPT_BY_CONTENT`
#: contents met): a scan copied into several folders is read once.
KEPT_BY_CONTENT: Final = 256
_BY_CONTENT: Bounded[tuple[bytes, ScanLimits, str], ScanResult] = Bounded(KEPT_BY_CONTENT)


def content_digest(path: Path, limit: int) -> bytes | None:
    """The digest of the file's content, its SHA-256 (None: it cannot be
    read, or it is over ``limit`` bytes).  A file this run sniffed or hashed
    before (the rules' look at an attachment's type, intake's ledger) is not
    read again (:func:`reform_brand.opened.digest_of`)."""
    try:
        return bytes.fromhex(digest_of(path, max_bytes=limit))
    except (OSError, UnsafeFileError, ValueError):
        return None


def content_name(digest: bytes, limits: ScanLimits, label: str) -> str:
    """The name a content's result has in the shared folder: the content
    and limits, then the label."""
    seen = digest + repr(limits).encode("utf-8")
    name = hashlib.blake2b(seen, digest_size=20).hexdigest()
    return f"{name}-{hashlib.blake2b(label.encode('utf-8'), digest_size=8).hexdigest()}"


def by_digest(digest: bytes, limits: ScanLimits, label: str) -> ScanResult | None:
    """The result this process has for a content and label, if any."""
    return _BY_CONTENT.get((digest, limits, label))


def keep_by_digest(digest: bytes, limits: ScanLimits, label: str, result: ScanResult) -> None:
    _BY_CONTENT.put((digest, limits, label), result)


def left(path: Path, limits: ScanLimits, label: str) -> ScanResult | None:
    """The result this run already has for the file at ``path`` under
    ``label`` (the signature label its line was found by): kept for the
    file, or for its content in this process or in the shared folder
    (another process verified it), without verifying anything nor loading
    the image libraries.  None when it has none."""
    key, result = kept(path, limits, label)
    if result is not None:
        return result
    digest = content_digest(path, limits.max_bytes)
    if digest is None:
        return None
    result = by_digest(digest, limits, label)
    folder = _shared_folder() if result is None else None
    if folder is not None:
        done = folder / f"{content_name(digest, limits, label)}.content"
        result = _load(done) if done.exists() else None
        if result is not None:
            keep_by_digest(digest, limits, label, result)
    if result is not None and key is not None:
        _remember(key, result)
    return result


def _shared_folder() -> Path | None:
    shared = os.environ.get(SHARED_ENV)
    return Path(shared) if shared and os.path.isdir(shared) else None


def _store(target: Path, value: object) -> None:
    """``value`` pickled to ``target`` whole (never a half-written file)."""
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)


def _unpickled(source: Path) -> object:
    # Written by this run's own processes into a folder only this user can
    # open; anything that does not load is simply verified again.
    try:
        return pickle.loads(source.read_bytes())
    except Exception:
        return None


def _load(source: Path) -> ScanResult | None:
    result = _unpickled(source)
    return result if isinstance(result, ScanResult) else None


def keep(key: Key | None, result: ScanResult) -> None:
    """Keep ``result`` for this process and, in a worker, for its parent."""
    if key is None:
        return
    _remember(key, result)
    shared = _shared_folder()
    if shared is not None and os.environ.get(_TAKE_ENV, "1") == "1":
        name = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()
        _store(shared / f"{name}.pickle", (key, result))


def _claimant_alive(claim: Path) -> bool:
    """Whether the process that wrote ``claim`` still runs (True while its
    number is not written yet), where a claim cannot be held
    (:func:`_claimed`): its number may be another process's by now."""
    try:
        text = claim.read_text(encoding="ascii").strip()
    except OSError:
        return False  # gone: the result is there, or the claimant gave up
    if not text.isdigit() or os.name == "nt":
        return True  # (os.kill would end the process on Windows: the wait's limit serves)
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process by that number: still waiting
    return True


def _claimed(claim: Path) -> int | None:
    """A descriptor of ``claim`` that this process holds (an exclusive
    ``flock``, which the system lets go of when the process ends, however
    it ends): the claim made now, or one a claimant that is gone left,
    whatever process has its number now (see :mod:`~reform_brand._leftovers`);
    None while a live process holds it.  Where nothing can be held (no
    ``flock``, a file system without locks), a claim is held by its
    claimant's number (:func:`_claimant_alive`).  FileNotFoundError when
    the claim went meanwhile; OSError when it can be neither made nor
    looked at."""
    try:
        fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    except FileExistsError:
        fd = os.open(claim, os.O_RDWR | os.O_NOFOLLOW)
        held = _hold(fd, claim)
        taken = held is False or (held is None and _claimant_alive(claim))
    else:
        taken = _hold(fd, claim) is False  # (by a worker between its making and locking)
    try:
        if taken:
            os.close(fd)
            return None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    except OSError:
        os.close(fd)
        raise
    return fd


def _hold(fd: int, claim: Path) -> bool | None:
    """Whether this process now holds the claim ``fd`` (True), or another
    live process does (False); None where that cannot be told (no
    ``flock``, a file system without locks).  FileNotFoundError when
    ``fd`` is no longer the file named ``claim`` (its claimant was done
    and removed it)."""
    took = locked_now(fd)
    if not took:
        return took
    try:
        same = os.fstat(fd).st_ino == os.stat(claim).st_ino
    except OSError:
        same = False
    if not same:
        os.close(fd)
        raise FileNotFoundError(claim)
    return True


def by_content(name: str, verify: Callable[[], ScanResult]) -> ScanResult:
    """``verify()`` for the scan whose content (and limits) ``name`` stands
    for, once for this process and the workers it shares a folder with (see
    the module's text): a result another worker left is taken; a scan
    another worker is verifying is waited for (at most
    :data:`WAIT_SECONDS`, and not after that worker is gone: its claim is
    held while it lives, :func:`_claimed`); else this process claims it
    and verifies it.  Without a shared folder, simply ``verify()``."""
    folder = _shared_folder()
    if folder is None:
        return verify()
    done = folder / f"{name}.content"
    claim = folder / f"{name}.claim"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = _load(done) if done.exists() else None
        if found is not None:
            return found
        try:
            fd = _claimed(claim)
        except FileNotFoundError:
            continue  # (its claimant was done: its result is there)
        except OSError:
            return verify()
        if fd is None:
            if time.monotonic() > deadline:
                if done.exists():
                    continue
                return verify()
            time.sleep(_POLL_SECONDS)
            continue
        try:
            result = verify()
            _store(done, result)
        finally:
            with contextlib.suppress(OSError):
                claim.unlink()  # (while held: no worker takes it meanwhile)
            os.close(fd)
        return result


@contextlib.contextmanager
def shared_results(*, for_this_process: bool = True) -> Iterator[None]:
    """Within the block, worker processes started here share scans' results
    by content (:func:`by_content`) and, with ``for_this_process``, leave
    their results for this process, which takes them when the block ends
    (for the report's pictures)."""
    # (What a run killed midway left: SIGKILL runs no ``finally``.)
    clear_runs_left()
    held = held_folder(*SHARED_SCANS)
    folder = str(held.path)
    before = os.environ.get(SHARED_ENV), os.environ.get(_TAKE_ENV)
    os.environ[SHARED_ENV] = folder
    os.environ[_TAKE_ENV] = "1" if for_this_process else "0"
    try:
        yield
    finally:
        for name, value in zip((SHARED_ENV, _TAKE_ENV), before, strict=True):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for entry in sorted(Path(folder).glob("*.pickle")):
            kept_pair = _unpickled(entry)
            if isinstance(kept_pair, tuple) and len(kept_pair) == 2:
                key, result = kept_pair
                if isinstance(result, ScanResult):
                    _remember(key, result)
        shutil.rmtree(folder, ignore_errors=True)
        held.release()
