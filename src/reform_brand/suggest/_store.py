"""The ranking model of an edition's reform items, kept between processes.

Building a :class:`~reform_brand.suggest.Ranker` reads jieba's dictionary
(some 350 000 lines) for the words the items use, and imports rank_bm25 and
numpy to weigh them: most of a second, paid again by every process (each
``check --jobs`` worker, each command).  What it builds is small (the
vocabulary, a few thousand words, and each term's weight in each item) and
depends on nothing but the items' text and keywords, jieba's dictionary,
rank_bm25, OpenCC (for items in traditional characters) and this code; so
it is kept as JSON beside the edition cache
(:mod:`reform_brand._cache`: the same folder setting, sub-folder
``suggest``) under a key made of all of those, and read back when the key
matches.  With it, a process ranks its first text without importing jieba,
rank_bm25 or numpy at all.

As with the edition cache, a folder that cannot be created or written, or an
entry that cannot be read (truncated, corrupt, another layout), is passed over
silently and the model is built from the dictionary; ``REFORM_BRAND_CACHE_DIR
=off`` turns it off.  Entries are written to a temporary file and renamed into
place (one a run killed meanwhile left, the next write removes: see
:mod:`reform_brand._leftovers`), and only the entries used last are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from reform_brand._cache import cache_dir, file_stamp, module_origin, open_entry, prune
from reform_brand._leftovers import LEFT_TMP, clear_left_files, held_file
from reform_brand.model import ReformItem

__all__ = ["MAX_ENTRIES", "State", "read_state", "state_key", "store_dir", "write_state"]

#: Entry layout; raised when it changes.
_FORMAT: Final = "1"
#: Entries kept at most; writing one more removes the least recently used.
MAX_ENTRIES: Final = 16
#: This package's modules that build what is kept.
_CODE: Final = ("_words.py", "_rank.py", "_store.py", "_fold.py")


@frozen
class State:
    """What a ranker is built from: the vocabulary (word -> jieba frequency,
    0 for a prefix that is no word), the dictionary's total frequency, and
    each term's BM25 weight in each item, in the items' order."""

    freq: dict[str, int]
    total: int
    weights: dict[str, list[float]]


def store_dir() -> Path | None:
    """The folder of the kept models, or None when the cache is off."""
    folder = cache_dir()
    return None if folder is None else folder.parent / "suggest"


def state_key(items: Sequence[ReformItem]) -> str:
    """The key of the model built for ``items`` with the installed jieba,
    rank_bm25 and this code."""
    here = Path(__file__).resolve().parent
    jieba = module_origin("jieba")
    parts = [
        _FORMAT,
        sys.version,
        *(file_stamp(here / name) for name in _CODE),
        file_stamp(jieba),
        file_stamp(jieba.parent / "dict.txt" if jieba is not None else None),
        file_stamp(module_origin("rank_bm25")),
        # An item written in traditional characters is folded with OpenCC.
        file_stamp(module_origin("opencc")),
        json.dumps(
            [[it.title.zh, list(it.description), list(it.keywords)] for it in items],
            ensure_ascii=False,
        ),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _valid(value: Any, n_items: int) -> State | None:
    if not isinstance(value, dict) or value.get("format") != _FORMAT:
        return None
    freq, total, weights = value.get("freq"), value.get("total"), value.get("weights")
    if not isinstance(freq, dict) or not isinstance(weights, dict):
        return None
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        return None
    if not all(type(f) is int and f >= 0 for f in freq.values()):
        return None
    for row in weights.values():
        if not isinstance(row, list) or len(row) != n_items:
            return None
        if not all(type(w) is float for w in row):
            return None
    return State(freq=freq, total=total, weights=weights)


def read_state(key: str, n_items: int) -> State | None:
    """The model kept under ``key`` for ``n_items`` items, or None (no cache,
    no entry, or one that cannot be read)."""
    folder = store_dir()
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        with open_entry(path) as fh:
            value = json.loads(fh.read())
    except Exception:  # none, unreadable, corrupt, truncated: build it
        return None
    state = _valid(value, n_items)
    if state is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the pruning
    return state


def write_state(key: str, state: State) -> bool:
    """Keep ``state`` under ``key``; False when it could not be written
    (never raises)."""
    folder = store_dir()
    if folder is None:
        return False
    value = {
        "format": _FORMAT,
        "freq": state.freq,
        "total": state.total,
        "weights": state.weights,
    }
    tmp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = held_file(".tmp-", ".json", folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(value, ensure_ascii=False).encode("utf-8"))
            os.replace(tmp, folder / f"{key}.json")  # (held until renamed: see _leftovers)
    except Exception:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        return False
    names = prune(folder, "*.json", MAX_ENTRIES)
    clear_left_files(rf"\.tmp-{LEFT_TMP}\.json", folder, names)  # (of runs killed midway)
    return True
