"""Which scan belongs to which Word form, when a group holds several forms
that no manifest pairs, and when a document says it was last modified.

Several forms of one group are often versions of one project (申报表.docx
and 申报表（修改版）.docx).  A scan belongs to the version it shows:

1. by name: a scan whose name is a form's name (without 盖章, 扫描件...)
   belongs to it — unless that form has other versions and the scan's name
   carries no revision mark (then the name does not say which version);
   a second download's mark (``申报表 (1).docx``, ``申报表 - 副本.pdf``) makes
   no version: a scan named as one of such copies belongs to it, and a
   copy's scan named as no form goes with a copy of the form;
2. by text, where the PDF has a text layer: the version whose values it
   shows most of;
3. else, among versions of one project, the latest (by the revision mark in
   its name, then by the document's own modification time).

Forms of different projects are never guessed at: a scan their names or
texts do not tell apart stays unmatched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence, Set
from pathlib import Path, PurePosixPath
from typing import Any, Final

from attrs import frozen

from reform_brand.engine import _versions
from reform_brand.moments import parse_arrival
from reform_brand.names import natural_key, normalise
from reform_brand.office._names import clean_text, stem_key
from reform_brand.safeopen import (
    OpenPackage,
    UnsafeFileError,
    check_zip,
    open_regular,
    read_member,
)
from reform_brand.scan import normalise as text_key

__all__ = ["Candidate", "copy_key", "document_modified", "is_copy", "pair_scans", "unrevised_key"]

_MODIFIED: Final = re.compile(
    rb"<dcterms:modified\b[^>]*>\s*([0-9T:.+\-Z ]{10,40})\s*</dcterms:modified>"
)
_CORE_LIMIT: Final = 256 * 1024
_REVISION: Final = re.compile(
    r"v(?:er)?\.?\s*[0-9]{1,3}(?![0-9])|第\s*[0-9]{1,3}\s*版|修改版?|修订版?|更正版?|最终版|终版|"
    r"定稿|新版|final|revised",
    re.IGNORECASE,
)


def document_modified(path: Path, opened: OpenPackage | None = None) -> str:
    """When the .docx at ``path`` says it was last modified
    (``docProps/core.xml`` ``dcterms:modified``), as ISO 8601 with an
    offset; "" when it does not say, or cannot be read (never raises).
    ``opened``: the file already open (from its sniff), read instead."""
    try:
        if opened is not None:
            xml = _core_xml(opened.zf, opened.infos)
        else:
            with open_regular(path) as fh, zipfile.ZipFile(fh) as zf:
                xml = _core_xml(zf, check_zip(zf))
    except (OSError, UnsafeFileError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return ""
    except NotImplementedError:
        return ""
    if len(xml) > _CORE_LIMIT or b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return ""
    m = _MODIFIED.search(xml)
    if m is None:
        return ""
    text = m.group(1).decode("ascii").strip().replace(" ", "T")
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return ""
    if when.tzinfo is None:
        return ""
    # Kept only as the envelope's modified_at takes it (an RFC 3339
    # date-time away from the calendar's ends): odd metadata is no problem
    # of the submission.
    text = when.isoformat()
    return text if parse_arrival(text) is not None else ""


def _core_xml(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bytes:
    """``docProps/core.xml`` (b"" when there is none or it is too large)."""
    info = next((i for i in infos if i.filename == "docProps/core.xml"), None)
    if info is None or info.file_size > _CORE_LIMIT:
        return b""
    with zf.open(info) as part:
        return read_member(part, _CORE_LIMIT + 1, info.filename)


#: What a browser, a file manager or a mail client adds to the name of a
#: file saved again beside one of the same name: ``申报表 (1).docx``,
#: ``申报表(2).pdf``, ``申报表 - 副本.pdf`` and ``申报表 - Copy (2).pdf``
#: (Windows), ``申报表 copy.pdf`` (macOS), ``复件 申报表.docx`` and ``Copy of
#: 申报表.docx`` (older Windows).  (A number written otherwise, ``申报表_1``,
#: ``申报表2``, may as well number different projects: no copy's mark.)
_COPY_TAIL: Final = re.compile(
    r"(?:\s*-\s*(?:副本|copy)|\s+copy)?(?:\s*[(（]\s*[0-9]{1,3}\s*[)）])?\s*$", re.IGNORECASE
)
_COPY_HEAD: Final = re.compile(r"^\s*(?:复件|copy of)\s+", re.IGNORECASE)


def _uncopied(stem: str) -> str:
    """``stem`` without a second download's marks (:data:`_COPY_TAIL`)."""
    bare = _COPY_HEAD.sub("", _COPY_TAIL.sub("", stem, count=1), count=1)
    return bare if bare.strip() else stem


def is_copy(name: str) -> bool:
    """Whether the file name ``name`` carries a second download's mark."""
    stem = PurePosixPath(clean_text(name)).stem
    return _uncopied(stem) != stem


def copy_key(name: str) -> str:
    """:func:`stem_key` of ``name`` without a second download's marks:
    申报表 (1).docx, 申报表 - 副本.docx and 申报表.docx share it."""
    path = PurePosixPath(clean_text(name))
    return stem_key(_uncopied(path.stem) + path.suffix)


def unrevised_key(name: str) -> str:
    """:func:`stem_key` of ``name`` without its revision marks (修改版, v2)
    and a second download's marks: 申报表（修改版）.docx, 申报表 - 副本.pdf
    and 申报表.pdf share it."""
    path = PurePosixPath(clean_text(name))
    return stem_key(_REVISION.sub("", _uncopied(path.stem)) + path.suffix)


def revision_mark(name: str) -> int:
    """:func:`reform_brand.engine._versions.revision_mark` of the name as
    shown (a name that is not UTF-8, 申报表（修改版）.docx from a Windows
    share, read in GB18030)."""
    return _versions.revision_mark(clean_text(name))


@frozen(kw_only=True)
class Candidate:
    """A Word form of the group, as pairing sees it."""

    path: str
    #: The form and the project (normalised); "" when it was not read.
    project: str
    #: The document's own modification time (ISO 8601), or "".
    modified: str = ""
    #: The form's values, for comparing with a scan's text layer.
    data: Mapping[str, Any] = {}

    @property
    def rank(self) -> tuple[int, dt.datetime, tuple[tuple[int, int | str], ...]]:
        when = dt.datetime.min.replace(tzinfo=dt.UTC)
        if self.modified:
            with contextlib.suppress(ValueError):
                when = dt.datetime.fromisoformat(self.modified)
        return (revision_mark(self.path), when, natural_key(self.path))


def project_key(form: str, name: str) -> str:
    """The key versions of one project share: the form and its project name."""
    if not form or not name.strip():
        return ""
    return f"{form}\x00{normalise(name)}"


def _paragraphs(value: object) -> list[str]:
    if isinstance(value, str):
        return [p for p in (text_key(x) for x in value.split("\n")) if p]
    if isinstance(value, Mapping):
        return [p for v in value.values() for p in _paragraphs(v)]
    return []


def _shown(c: Candidate, text: str) -> int:
    """How much of ``c``'s values the text shows (characters)."""
    return sum(len(p) for p in _paragraphs(c.data) if p in text)


def _by_text(cands: Sequence[int], words: Sequence[Candidate], text: str | None) -> int | None:
    if not text:
        return None
    scores = {i: _shown(words[i], text) for i in cands}
    best = max(scores.values(), default=0)
    top = [i for i, s in scores.items() if s == best]
    return top[0] if best > 0 and len(top) == 1 else None


def _one_project(cands: Sequence[int], words: Sequence[Candidate]) -> bool:
    projects = {words[i].project for i in cands}
    return len(projects) == 1 and "" not in projects


def _versions_of(i: int, free: Sequence[int], words: Sequence[Candidate]) -> list[int]:
    project = words[i].project
    if not project:
        return [i]
    return [j for j in free if words[j].project == project]


def _by_base(
    scan: str, free: list[int], words: Sequence[Candidate], folder: bool, covered: Set[str]
) -> list[int]:
    """The forms a scan named as none may be of: those named alike but for
    revision marks and a second download's marks (a copy's scan, 申报表 -
    副本.pdf, with a copy of the form, when each copy has a scan: see
    :func:`_covered`), else, in an e-mail, any."""
    base = unrevised_key(scan)
    cands = [i for i in free if unrevised_key(words[i].path) == base]
    if len(cands) > 1 and is_copy(scan) and copy_key(scan) in covered:
        cands = [i for i in cands if is_copy(words[i].path)] or cands
    return cands if cands or not folder else list(free)


def _choose(
    scan: str,
    free: list[int],
    words: Sequence[Candidate],
    text_of: Callable[[str], str | None],
    folder: bool,
    covered: Set[str],
) -> int | None:
    key = stem_key(scan)
    exact = [i for i in free if stem_key(words[i].path) == key]
    if len(exact) == 1:
        versions = _versions_of(exact[0], free, words)
        if len(versions) == 1 or revision_mark(scan) > 0:
            return exact[0]
        copied = copy_key(words[exact[0]].path)
        if copied in covered and all(copy_key(words[i].path) == copied for i in versions):
            # Copies downloaded twice (申报表.docx, 申报表 (1).docx), each
            # with a scan: the name says which, unless the scan's text
            # shows another.
            shown = _by_text(versions, words, text_of(scan))
            return exact[0] if shown is None else shown
        cands = versions
    else:
        cands = exact or _by_base(scan, free, words, folder, covered)
    if not cands:
        return None
    chosen = _by_text(cands, words, text_of(scan)) if len(cands) > 1 else cands[0]
    if chosen is None and _one_project(cands, words):
        chosen = max(cands, key=lambda i: words[i].rank)
    return chosen


def pair_scans(
    words: Sequence[Candidate],
    scans: Sequence[str],
    text_of: Callable[[str], str | None],
    *,
    folder: bool,
) -> tuple[list[tuple[int, str]], list[str]]:
    """``(word index, scan)`` pairs and the scans left over.  ``text_of``
    gives a scan's text layer, normalised by :func:`reform_brand.scan.normalise`
    (None without one); it is asked
    only when names do not decide.  ``folder``: the group is one e-mail, so a
    scan named like no form may still be one of its versions."""
    free = list(range(len(words)))
    pairs: list[tuple[int, str]] = []
    left: list[str] = []
    # Scans whose names carry a revision mark first: they say which version;
    # then those named as a form, which another scan must not take.
    named = {stem_key(w.path) for w in words}
    covered = _covered(words, scans)
    for scan in sorted(scans, key=lambda s: (-revision_mark(s), stem_key(s) not in named)):
        chosen = _choose(scan, free, words, text_of, folder, covered)
        if chosen is None:
            left.append(scan)
            continue
        free.remove(chosen)
        pairs.append((chosen, scan))
    left.sort(key=lambda s: list(scans).index(s))
    return pairs, left


def _covered(words: Sequence[Candidate], scans: Sequence[str]) -> frozenset[str]:
    """The copies' names (:func:`copy_key`) whose forms have as many scans
    so named: each copy a scan of its own, paired by name.  Copies with
    fewer scans are versions whose scan goes with the latest (the one that
    counts), as versions' scans do."""
    formed = Counter(copy_key(w.path) for w in words)
    scanned = Counter(copy_key(s) for s in scans)
    return frozenset(k for k, n in formed.items() if n > 1 and scanned[k] >= n)


def all_versions(words: Sequence[Candidate]) -> bool:
    """Whether the forms are all versions of one project."""
    return len(words) > 1 and _one_project(range(len(words)), words)
