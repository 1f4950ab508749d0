"""Versions of one submission: resends and revisions.

Quotas count projects, not files.  The same project sent again by the same
unit — a resend, a 修改版, a second e-mail — is one submission in several
versions: the latest wins, and the earlier ones count nowhere (no quota, no
batch rule) and raise no findings of their own beyond ``batch.superseded``.
A different project from the same unit is not a version, and neither is a
late submission: it is not accepted (逾期不再受理), so it replaces nothing and
is reported as late (in a call that accepts late submissions, ``late_accepted``,
it is a version like any other).

Two submissions are versions of one another when they use the same form,
come from the same unit (the roster's name, or the normalised name) and name
the same project (normalised).  The latest is chosen by

1. the arrival time (an unknown arrival time counts as earliest);
2. then a revision mark in a file name: ``v3`` / ``第3版`` (the number), or
   修改版, 修订, 更正, 最终版, 定稿, 新版 (1), none (0);
3. then the document's own modification time (an attachment's
   ``modified_at``, which intake reads from ``docProps/core.xml``; unknown
   counts as earliest);
4. then the submission id, in natural order, and last the order of the batch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Final

from reform_brand._spool import Ints
from reform_brand._text import has_surrogates
from reform_brand.engine._context import EditionIndex
from reform_brand.engine._records import SubmissionRecord, shared_hashes
from reform_brand.moments import parse_arrival
from reform_brand.names import natural_key, normalise
from reform_brand.submission import Submission

__all__ = ["revision_mark", "superseded"]

_NUMBERED: Final = re.compile(
    r"(?:^|[^a-z])v(?:er)?\.?\s*([0-9]{1,3})(?![0-9])|第\s*([0-9]{1,3})\s*版"
)
_WORDS: Final = re.compile(r"修改|修订|更正|最终版|终版|定稿|新版|final|revised", re.IGNORECASE)
_EARLIEST: Final = dt.datetime.min.replace(tzinfo=dt.UTC)


def revision_mark(name: str) -> int:
    """How late a file name says its version is: the number of ``v3`` or
    ``第3版``, 1 for a word such as 修改版, else 0."""
    stem = PurePath(_utf8(name)).stem.casefold()
    best = 0
    for m in _NUMBERED.finditer(stem):
        best = max(best, int(m.group(1) or m.group(2)))
    if best == 0 and _WORDS.search(stem):
        best = 1
    return best


def _utf8(name: str) -> str:
    """``name``, a file's path, with its bytes read as UTF-8 where it holds
    escaped bytes (a UTF-8 name read in an ASCII locale: 申报表（修改版）.docx)."""
    if not has_surrogates(name):
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name


def _project(sub: Submission | SubmissionRecord, index: EditionIndex) -> object:
    if isinstance(sub, SubmissionRecord):
        return sub.project
    form = index.forms.get(sub.form)
    return form.project_of(sub.data) if form is not None else None


def _key(sub: Submission | SubmissionRecord, index: EditionIndex) -> tuple[str, str, str] | None:
    name = _project(sub, index)
    if not isinstance(name, str) or not name.strip() or len(name) > 1000:
        return None
    unit = sub.unit.name[:200]
    if not unit.strip():
        return None
    arrived = parse_arrival(sub.arrived_at)
    if arrived is not None and not index.edition.deadline.accepts(arrived):
        return None
    return (sub.form, index.roster.canonical(unit) or normalise(unit), normalise(name))


def _modified(sub: Submission | SubmissionRecord) -> dt.datetime:
    """The latest modification time the submission's documents state."""
    times = (parse_arrival(a.modified_at) for a in sub.attachments if a.modified_at)
    return max((t for t in times if t is not None), default=_EARLIEST)


def _rank(
    sub: Submission | SubmissionRecord,
) -> tuple[dt.datetime, int, dt.datetime, tuple[tuple[int, int | str], ...]]:
    names = [sub.file, *(a.path for a in sub.attachments)]
    mark = max((revision_mark(n) for n in names if n), default=0)
    arrived = parse_arrival(sub.arrived_at) or _EARLIEST
    return (arrived, mark, _modified(sub), natural_key(sub.id))


def superseded(
    subs: Sequence[Submission | SubmissionRecord], index: EditionIndex
) -> dict[int, int]:
    """For each submission of ``subs`` (by position) that a later version of
    the same project replaces, the position of the version that wins."""
    # The keys' hashes first, eight bytes a submission; the keys themselves
    # are made again and grouped only for the submissions whose hash
    # another shares (the resends, and the rare collision), so that a batch
    # of 100,000 submissions keeps no 100,000 keys and lists.
    keyed, hashes = Ints(), Ints()
    for i, sub in enumerate(subs):
        key = _key(sub, index)
        if key is not None:
            keyed.append(i)
            hashes.append(hash(key))
    shared = shared_hashes(hashes)
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, h in zip(keyed, hashes, strict=True):
        key = _key(subs[i], index) if h in shared else None
        if key is not None:
            groups.setdefault(key, []).append(i)
    out: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        # On a full tie the later in the batch wins (a resend comes after).
        latest = max(members, key=lambda i: (_rank(subs[i]), i))
        out.update({i: latest for i in members if i != latest})
    return out
