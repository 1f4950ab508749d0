"""The Word files of an inbox's group (:mod:`reform_brand.office._groups`):
each one as read (:class:`GroupWord`), and the one rule for the same form
saved twice in one e-mail (:func:`saved_twice`).

A unit often sends its form twice in one e-mail: the .docx, and the same
form as its word processor saved it before (a .doc, a .wps), as RTF, a Word
2003 XML or a flat .fodt, or as an .odt that cannot be opened (damaged, or
with a password).  Beside a form that reads, such a copy is no second
submission (whose project is unknown, and which would take the form's
scan), but a file of no use, named as what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import PurePosixPath
from typing import Final

from attrs import frozen

from reform_brand.catalogue import Localized
from reform_brand.office._names import stem_key
from reform_brand.office._pairing import Candidate, project_key
from reform_brand.office._read import ReadResult
from reform_brand.office._reader import Reader

__all__ = ["DOCUMENTS", "WORD_NAMES", "GroupWord", "saved_twice"]


#: The names of a Word file (see ``_Group.classify``: a PDF so named).
WORD_NAMES: Final = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".odt", ".wps")
#: What a word processor saves a form as, under a name of its own (a .rtf,
#: a Word 2003 .xml, a flat .fodt, a web page or a single-file web page
#: Word or WPS saved, told by what it holds): the form sent, which cannot
#: be read.
DOCUMENTS: Final = frozenset({"rtf", "wordxml", "fodt", "word-html", "word-mht"})
#: What the reading of a Word file that could not be read through says: it
#: is no .docx (RTF, a web page… under a Word file's name), damaged or with
#: a password to open it, a Word 97-2003 or WPS file.  (One refused for what
#: it holds, a part over its limit or a DOCTYPE, is no copy saved twice.)
_UNREAD: Final = frozenset({"read.not-docx", "read.unreadable", "read.legacy-doc"})


@frozen(kw_only=True)
class GroupWord:
    """A Word file of a group, read."""

    path: str
    result: ReadResult | None
    kind: str
    #: The document's own modification time (docProps/core.xml), or "".
    modified: str = ""
    #: Its text (a .docx read from its sniff's opening), for the check.
    text: str | None = None
    #: Whether it holds a table (a form does), told of a file whose reading
    #: found no form title.
    tables: bool = True

    def candidate(self) -> Candidate:
        result = self.result
        data = result.data if result is not None else {}
        form, name = (result.form or "", result.project) if result is not None else ("", "")
        return Candidate(
            path=self.path, project=project_key(form, name), modified=self.modified, data=data
        )

    @property
    def reads(self) -> bool:
        """Whether it is a form that reads (not its template sent back with
        nothing filled in, which is not the form the unit filled)."""
        result = self.result
        return result is not None and result.form is not None and not result.blank_template

    @property
    def unread(self) -> bool:
        """Whether it is a Word file that could not be read through: a .doc
        or .wps, one that is no .docx, damaged, or with a password.  (Not
        one this computer may not read: the office's to fix, and what it
        holds is not known.)"""
        result = self.result
        if self.kind == "unreadable":
            return False
        if result is None:
            return self.kind == "doc"
        return result.form is None and not _UNREAD.isdisjoint(result.codes())


def _password(result: ReadResult | None) -> bool:
    """Whether the reading ``result`` says a password to open it stopped it."""
    found = result.findings[0] if result is not None and result.findings else None
    detail = found.params.get("detail") if found is not None else None
    return found is not None and isinstance(detail, Localized) and detail.value == "encrypted"


def _what(r: Reader, word: GroupWord) -> tuple[str, str]:
    """What the unread Word file ``word`` is, as :meth:`Reader.unknown`
    names it: (kind, detail)."""
    known = r.w.files.get(word.path)
    kind = known.kind if known is not None else word.kind
    suffix = PurePosixPath(word.path).suffix.lower()
    if _password(word.result):
        return ("odt" if kind == "odt" else "doc"), "encrypted"
    if kind == "doc" and suffix == ".wps":
        return kind, "wps"
    return kind, ""


def saved_twice(
    r: Reader,
    words: list[GroupWord],
    saved: list[tuple[str, str]],
    named: Collection[str],
    read: Callable[[str], ReadResult],
    *,
    scans: Collection[str] = (),
    loose: bool = False,
) -> None:
    """The same form saved twice in one e-mail (a group of the inbox in a
    folder: an e-mail, a folder or an archive delivered), among its Word
    files ``words`` and its forms ``saved`` as RTF, Word XML or a flat .fodt
    under a name of their own (path, what it is: :data:`DOCUMENTS`).

    Beside a form that reads, a Word file that cannot be read
    (:attr:`GroupWord.unread`) and a form so saved are files of no use,
    named as what they are: the form keeps its scan and its findings.  With no form that reads, the
    Word files are the ones sent (their reading says what each is), and a
    form so saved is the Word file only when there is no other.  A file
    the manifest names as a submission's Word file is that, always, and so
    is a file whose name a scan of ``scans`` carries when no form that reads
    has that name (申报表.docx and 申报表.pdf beside 推荐表.doc and
    推荐表.pdf: another form, with its own scan, not a copy; names compared
    as scans are paired, :func:`~reform_brand.office._names.stem_key`).
    ``read`` reads a file that is to be a Word file.  Among the ``loose``
    files at the top of the inbox, of many units, each Word file stays a
    submission of its own."""
    reads = not loose and any(w.reads for w in words)
    alone = not words
    # The names of scans no form that reads has (none without such a form).
    scanned = {stem_key(s) for s in scans} - {stem_key(w.path) for w in words if w.reads}
    scanned = scanned if reads else set()

    def own(rel: str) -> bool:
        """Whether ``rel`` is a Word file of its own, not a copy."""
        return rel in named or stem_key(rel) in scanned

    for word in [w for w in words if reads and w.unread and not own(w.path)]:
        words.remove(word)
        r.unknown(word.path, *_what(r, word))
    for rel, detail in saved:
        if alone or own(rel):
            words.append(GroupWord(path=rel, result=read(rel), kind="unknown"))
        else:
            r.unknown(rel, "unknown", detail)  # (named as what it is)
