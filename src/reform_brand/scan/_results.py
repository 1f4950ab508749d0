"""Results of :func:`reform_brand.scan.verify_scan` kept per file, so that a
scan is verified once per run: by the ``signed-scan`` rule, then reused for
the report's and the roster's pictures.

In one process the results are kept in memory (the last
:data:`MAX_KEPT`).  Worker processes (``check --jobs``) started inside
:func:`shared_results` also leave theirs in a private folder named by an
environment variable they inherit; when the block ends, the parent takes
them into its memory and removes the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from reform_brand.scan._types import ScanLimits, ScanResult

__all__ = ["MAX_KEPT", "SHARED_ENV", "keep", "kept", "shared_results"]

#: How many results one process keeps in memory (each holds a few small PNGs).
MAX_KEPT: Final = 512
#: The environment variable naming the folder that worker processes share.
SHARED_ENV: Final = "REFORM_BRAND_SCAN_RESULTS"

_KEPT: OrderedDict[str, ScanResult] = OrderedDict()


def _key(path: Path, limits: ScanLimits) -> str | None:
    """The file as it is now (real path, size, modification time) and the
    limits it was read under; None when it cannot be stat'ed."""
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except OSError:
        return None
    text = f"{real}\0{st.st_size}\0{st.st_mtime_ns}\0{limits!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _remember(key: str, result: ScanResult) -> None:
    _KEPT[key] = result
    _KEPT.move_to_end(key)
    while len(_KEPT) > MAX_KEPT:
        _KEPT.popitem(last=False)


def kept(path: Path, limits: ScanLimits) -> tuple[str | None, ScanResult | None]:
    """The key of ``path`` and its result when this run already has it."""
    key = _key(path, limits)
    return key, (_KEPT.get(key) if key is not None else None)


def keep(key: str | None, result: ScanResult) -> None:
    """Keep ``result`` for this process and, in a worker, for its parent."""
    if key is None:
        return
    _remember(key, result)
    shared = os.environ.get(SHARED_ENV)
    if not shared or not os.path.isdir(shared):
        return
    target = Path(shared) / f"{key}.pickle"
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=shared, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)


@contextlib.contextmanager
def shared_results() -> Iterator[None]:
    """Within the block, worker processes started here leave their results
    for this process, which takes them when the block ends."""
    folder = tempfile.mkdtemp(prefix="reform-brand-scans-")
    before = os.environ.get(SHARED_ENV)
    os.environ[SHARED_ENV] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SHARED_ENV, None)
        else:
            os.environ[SHARED_ENV] = before
        for entry in sorted(Path(folder).glob("*.pickle")):
            # Written by this run's own workers into a folder only this user
            # can open; anything that does not load is simply verified again.
            with contextlib.suppress(Exception):
                result = pickle.loads(entry.read_bytes())
                if isinstance(result, ScanResult):
                    _remember(entry.stem, result)
        shutil.rmtree(folder, ignore_errors=True)
