"""The ``suggest`` command: which reform items a project's text points to.

    reform-brand suggest EDITION PATH... [--json] [--top N] [--lang zh|en]

PATH is a submission envelope (JSON), a filled Word form (.docx, .docm, a
.dotx or .dotm template, or .odt as WPS and LibreOffice save it; a .doc or
.wps is read to say what it is), or an inbox (a folder, .mbox, .eml or Maildir)
read by the check's own intake, archives and mails included; what is no
submission there is passed over.  A file that cannot be read, or a Word
file given alone whose form is not recognised, is reported and the others
go on.

A form is given suggestions exactly when the check gives it
``reform-items.suggested``: one that says too little is ``too-little``, or
``no-text`` without a Chinese character, never a list of weak guesses.

Exit codes: 0 done; 1 some file could not be read (a Word file that is no
form, such as a progress summary, an envelope of another edition or form, or
a form without text or saying too little, is reported but is not a
failure); 2 usage error (unknown edition, an edition without reform
items, a PATH that does not exist, ``--top`` below 1).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
from attrs import field, frozen

from reform_brand._cores import whole_number
from reform_brand._text import written_out
from reform_brand.catalogue import CATALOGUE, MESSAGES, render_message
from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._inputs import looked_at
from reform_brand.cli._intake import read_inbox
from reform_brand.engine import EditionIndex
from reform_brand.engine._envelope import envelope_findings, form_choices
from reform_brand.engine._versions import superseded
from reform_brand.errors import UsageError
from reform_brand.findings import Finding
from reform_brand.host import Host
from reform_brand.i18n import Texts
from reform_brand.model import Edition
from reform_brand.office import InboxSubmission, is_mail_source
from reform_brand.office._read import read_form
from reform_brand.submission import Submission, read_envelope
from reform_brand.suggest import Suggestion, confident, form_text, rank_text, submission_text

__all__ = ["Entry", "cmd_suggest", "suggest_path"]

EXIT_OK, EXIT_DATA = 0, 1


#: The command line's texts ``cli.suggest.KEY`` of the message catalogue.
_t: Final = Texts("cli.suggest")

#: A Chinese character: a text without one has nothing to rank.
_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: The suffixes of the forms read as Word forms (the others are envelopes):
#: what Word, WPS and LibreOffice save (a .doc or .wps, and a form saved as
#: something else under a Word name, is read to say what it is).
_FORM_SUFFIXES: Final = (".docx", ".docm", ".dotx", ".dotm", ".odt", ".doc", ".wps")


@frozen(kw_only=True)
class Entry:
    """What was found for one file."""

    path: str
    form: str = ""
    declared: tuple[object, ...] | None = None
    suggestions: tuple[Suggestion, ...] = ()
    #: Why there are no suggestions: a finding code or a key of _TEXT.
    problem: str = ""
    params: Mapping[str, Any] = field(factory=dict)
    #: What is wrong with the declared items: the check's finding about
    #: them (``envelope.type``, ``reform-items.unknown``...); ``declared``
    #: is None when they are no list.
    declared_problem: Finding | None = None
    #: The path of the later version of the same project that replaces
    #: this one (``batch.superseded``), as the check finds it.
    superseded_by: str = ""
    #: The submission as the check would read it (not shown): to find the
    #: versions of one project.
    sub: Submission | None = field(default=None, eq=False, repr=False)

    def to_json(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "form": self.form,
            "suggestions": [s.to_json() for s in self.suggestions],
        }
        if self.declared is not None:
            out["declared"] = list(self.declared)
        if self.declared_problem is not None:
            f = self.declared_problem
            out["declared_problem"] = {
                "code": f.code,
                "pointer": f.pointer,
                "message": f.message(lang),
            }
        if self.superseded_by:
            out["superseded_by"] = self.superseded_by
        if self.problem:
            out["problem"] = {"code": self.problem, "message": _problem(self, lang)}
        return out


def _inbox(edition: Edition, root: Path, top: int, lang: str) -> list[Entry]:
    """The entries of an inbox (a folder, or an .mbox, .eml or Maildir), as
    ``check`` reads it: intake's submissions with a Word or .odt form (from
    e-mail folders, archives and mails alike; the items a manifest declares
    beside them), the JSON envelopes received as files, and the files that
    could not be opened (``inbox.unreadable``, an archive or a mail:
    :data:`_NOT_OPENED`).  The files that are no
    submission (progress summaries, scans alone, manifests, hidden
    files, the folders this program wrote) are passed over, as intake
    passes them over."""
    mail = is_mail_source(root)
    found = read_inbox(edition, root, lang)
    try:
        notes = found.notes
        # A manifest that could not be read declares nothing: say so beside
        # the forms of its e-mail folder, as the check says it.
        bad = {
            f.file.rpartition("/")[0]: f
            for f in found.findings
            if f.code == "inbox.manifest-invalid" and "/" in f.file
        }
        envelopes = {e.get("id"): e for e in found.envelopes}
        entries = [
            attrs.evolve(
                _from_form(edition, s, notes.get(s.id, ()), _shown(root, s.word, mail), top),
                declared_problem=bad.get(s.word.partition("/")[0]),
                sub=Submission.from_envelope(envelopes[s.id], file=s.word)
                if s.read and s.id in envelopes
                else None,
            )
            for s in found.submissions
            if s.word
        ]
        entries.extend(
            Entry(path=_shown(root, f.file, mail), problem=f.code, params=dict(f.params))
            for f in found.findings
            if f.code in _NOT_OPENED and f.file
        )
        for path in found.received:
            entry = _from_json(edition, path, top)
            entries.append(attrs.evolve(entry, path=_received_shown(root, found.base, path, mail)))
    finally:
        found.close()
    return sorted(entries, key=lambda e: e.path)


#: What intake says of a file it could not open, whatever forms it may hold:
#: a file that cannot be read, an archive or mail that cannot be opened (a
#: .rar, a mail over its size limit, an encrypted one).  Each is a problem
#: of its own, as in the check, never passed over in silence.
_NOT_OPENED: Final = frozenset(
    {
        "inbox.unreadable",
        "inbox.unreadable-here",
        "inbox.archive-unsupported",
        "inbox.archive-too-deep",
        "inbox.tnef-unreadable",
        "inbox.msg-unreadable",
        "mail.unreadable",
        "mail.too-large",
        "mail.encrypted",
    }
)


def _shown(root: Path, rel: str, mail: bool) -> str:
    """A file of the inbox ``root`` as the user knows it: inside a mail
    file with ``!/``, as the check's report shows an archive's entries."""
    return f"{root}!/{rel}" if mail else str(root / rel)


def _received_shown(root: Path, base: Path, path: Path, mail: bool) -> str:
    try:
        rel = path.relative_to(base).as_posix()
    except ValueError:
        return str(path)
    return _shown(root, rel, mail)


def _from_form(
    edition: Edition, sub: InboxSubmission, notes: Sequence[Finding], path: str, top: int
) -> Entry:
    """A Word form intake read (or could not read: the first of its
    ``read.*`` errors)."""
    if not sub.read:
        first = next((f for f in notes if f.severity == "error"), None)
        code = first.code if first is not None else "read.unreadable"
        params = dict(first.params) if first is not None else {}
        return Entry(path=path, form=sub.form, problem=code, params=params)
    matched, why = _suggested(edition, form_text(edition, sub.form, dict(sub.data)), top)
    return Entry(
        path=path,
        form=sub.form,
        declared=sub.reform_items or None,
        suggestions=matched,
        problem=why,
    )


def _suggested(edition: Edition, text: str, top: int) -> tuple[tuple[Suggestion, ...], str]:
    """The first ``top`` suggestions for ``text`` that matched a word, and
    why there are none, exactly when the check's ``reform-items.suggested``
    keeps silent: ``no-text`` for a text without a Chinese character
    (blank, punctuation, numbers, web addresses, English), ``too-little``
    for one that says too little (:func:`~reform_brand.suggest.confident`).
    A text without a Chinese character that matches an edition's English
    keywords (smart city) well enough is ranked, as the check ranks it."""
    ranked = rank_text(edition, text)
    if ranked is None or not confident(ranked):
        return (), "too-little" if _HAN.search(text) is not None else "no-text"
    return tuple(s for s in ranked[:top] if s.raw > 0), ""


def _not_for(edition: Edition, sub: Submission) -> tuple[str, dict[str, Any]] | None:
    """Why an envelope is not ranked against ``edition``, as the check says
    it: the envelope is for another edition (whose items are numbered
    otherwise), or its form is not one of the edition's; else None."""
    if sub.edition and sub.edition != edition.id:
        return "envelope.edition-mismatch", {"given": sub.edition, "edition": edition.id}
    forms = tuple(f.id for f in edition.forms)
    if sub.form and sub.form not in forms:
        return "envelope.unknown-form", {
            "form": sub.form,
            "available": forms,
            "forms": form_choices(edition),
        }
    return None


def _from_json(edition: Edition, path: Path, top: int) -> Entry:
    value, problems = read_envelope(path)
    fatal = [p for p in problems if value is None or p[0] == "envelope.too-deep"]
    if fatal:
        code, params = fatal[0]
        return Entry(path=str(path), problem=code, params=params)
    if not isinstance(value, dict):
        return Entry(path=str(path), problem="not-object")
    sub = Submission.from_envelope(value, file=str(path))
    elsewhere = _not_for(edition, sub)
    if elsewhere is not None:
        code, params = elsewhere
        return Entry(path=str(path), form=sub.form, problem=code, params=params)
    matched, why = _suggested(edition, submission_text(edition, sub), top)
    wrong = _items_problem(edition, value, str(path))
    return Entry(
        path=str(path),
        form=sub.form,
        # Items that are no list are not shown as if none were declared.
        declared=sub.reform_items if isinstance(value.get("reform_items"), list) else None,
        suggestions=matched,
        problem=why,
        declared_problem=wrong,
        sub=sub,
    )


@functools.lru_cache(maxsize=2)
def _index(edition: Edition) -> EditionIndex:
    """The edition's index, as the check builds it (some 50 ms): built only
    when an envelope's items or a project's versions are looked into."""
    return EditionIndex.build(edition)


def _versions(edition: Edition, entries: list[Entry]) -> list[Entry]:
    """``entries`` with each earlier version of a project (the same form,
    unit and project name, sent again or revised: 修改版, a second e-mail)
    marked ``batch.superseded`` and given no suggestion, as the check finds
    the versions and counts only the latest."""
    at = [i for i, e in enumerate(entries) if e.sub is not None]
    subs = [e.sub for e in entries if e.sub is not None]
    if len(subs) < 2:
        return entries
    later = superseded(subs, _index(edition))
    out = list(entries)
    for pos, win in later.items():
        old, latest = entries[at[pos]], entries[at[win]]
        out[at[pos]] = attrs.evolve(
            old,
            suggestions=(),
            problem="batch.superseded",
            params={"latest": latest.path, "latest_file": latest.path},
            superseded_by=latest.path,
        )
    return out


def _items_problem(edition: Edition, value: dict[str, Any], file: str) -> Finding | None:
    """The check's first finding about an envelope's ``reform_items``: the
    envelope's own (``envelope.type`` for a value that is no list, such as
    "13", an object or a number, or for an item that is no whole number;
    ``envelope.duplicate-items``), else ``reform-items.unknown`` for a
    number the edition does not have; None when the items are fine or
    absent."""
    raw = value.get("reform_items")
    numbers = frozenset(it.number for it in edition.reform_items)
    if raw is None or (
        isinstance(raw, list)
        and all(type(v) is int and v in numbers for v in raw)
        and len(set(raw)) == len(raw)
    ):
        return None

    def make(code: str, pointer: str, **params: object) -> Finding:
        info = CATALOGUE.get(code)
        severity = info.severity if info is not None else "error"
        return Finding(code=code, severity=severity, file=file, pointer=pointer, params=params)

    errors = list(_index(edition).envelope.iter_errors(value))
    found = [
        f
        for f in envelope_findings(errors, make)
        if f.pointer == "/reform_items" or f.pointer.startswith("/reform_items/")
    ]
    if found:
        return found[0]
    if not isinstance(raw, list):
        return make("envelope.type", "/reform_items")
    unknown = ((i, v) for i, v in enumerate(raw) if type(v) is int and v not in numbers)
    i, v = next(unknown, (-1, 0))
    if i < 0:
        return None  # (a whole number written 13.0, as JSON allows)
    return make("reform-items.unknown", f"/reform_items/{i}", number=v, count=len(numbers))


def _from_docx(edition: Edition, path: Path, top: int) -> Entry:
    result = read_form(edition, path)
    if result.form is None:
        first = next((f for f in result.findings if f.severity == "error"), None)
        if first is not None:
            return Entry(path=str(path), problem=first.code, params=dict(first.params))
        return Entry(path=str(path), problem="no-form")
    matched, why = _suggested(edition, form_text(edition, result.form, result.data), top)
    return Entry(path=str(path), form=result.form, suggestions=matched, problem=why)


def suggest_path(edition: Edition, path: Path, top: int = 3) -> Entry:
    """The suggestions for one submission file (.json, a Word form: .docx,
    .odt... :data:`_FORM_SUFFIXES`)."""
    if path.suffix.lower() in _FORM_SUFFIXES:
        return _from_docx(edition, path, top)
    return _from_json(edition, path, top)


def _problem(entry: Entry, lang: str) -> str:
    if f"cli.suggest.{entry.problem}" in MESSAGES:
        return _t(entry.problem, lang)
    return render_message(entry.problem, entry.params, lang)


#: Problems that are not failures: a form without text or saying too little,
#: an earlier version of a project, a Word file that is no form (an inbox
#: also holds progress summaries and the like), and an envelope of another
#: edition or form (the check reports it as an error).
_NOT_FAILURES: Final = frozenset(
    {
        "no-text",
        "too-little",
        "batch.superseded",
        "read.unknown-form",
        "envelope.edition-mismatch",
        "envelope.unknown-form",
    }
)


def _is_failure(entry: Entry) -> bool:
    return bool(entry.problem) and entry.problem not in _NOT_FAILURES


def format_entries(edition: Edition, entries: list[Entry], lang: str) -> str:
    """The suggestions as readable text."""
    out = [_t("header", lang, edition=edition.id, n=len(entries)) + "\n"]
    for e in entries:
        form = f" [{e.form}]" if e.form else ""
        # (A file named with line breaks makes no line of its own.)
        out.append(f"\n{written_out(e.path + form)}\n")
        if e.declared:
            # (A value that is no whole number is shown as JSON writes it.)
            items = "、".join(
                str(v) if type(v) is int else json.dumps(v, ensure_ascii=False) for v in e.declared
            )
            out.append("  " + _t("declared", lang, items=items) + "\n")
        if e.declared_problem is not None:
            problem = f"{e.declared_problem.message(lang)} [{e.declared_problem.code}]"
            out.append("  " + _t("declared-problem", lang, problem=problem) + "\n")
        if e.problem or not e.suggestions:
            out.append("  " + (_problem(e, lang) if e.problem else _t("no-text", lang)) + "\n")
            continue
        sep = ", " if lang == "en" else "、"
        for s in e.suggestions:
            title = s.title_en or s.title if lang == "en" else s.title
            terms = sep.join(s.terms)
            why = f" ({terms})" if lang == "en" else f"（{terms}）"
            out.append(f"  {s.rank}. {s.item:>2} {title}  {s.score:.2f}{why if terms else ''}\n")
    return "".join(out)


def _top(text: str, lang: str) -> int:
    try:
        top = whole_number(text)
    except ValueError:
        top = 0
    if top < 1:
        raise UsageError(detail=_t("bad-top", lang))
    return top


def _once(paths: list[Path]) -> list[Path]:
    """``paths`` with a file or folder given again (by another path, or
    through a link) left out, as ``check`` leaves it out, and so is one
    inside a folder also given: the folder's reading lists it once."""
    seen: set[tuple[int, int]] = set()
    out: list[Path] = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            out.append(p)  # (reported as it cannot be read)
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            out.append(p)
    folders = [p.resolve() for p in out if p.is_dir()]
    return [p for p in out if not any(_within(p, d) for d in folders)]


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies inside ``folder`` (not the folder itself)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return False
    return real != folder and real.is_relative_to(folder)


def cmd_suggest(args: argparse.Namespace) -> int:
    lang: str = args.lang
    top = _top(args.top, lang)
    for text in args.paths:
        looked_at(text, lang, "cli.suggest.no-path", alone=len(args.paths) == 1)
    paths = [Path(p) for p in args.paths]
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    if not edition.reform_items:
        # Else every form would say too little, which is not why.
        raise UsageError(detail=_t("no-items", lang, edition=edition.id))
    entries: list[Entry] = []
    for p in _once(paths):
        if p.is_dir() or is_mail_source(p):
            entries.extend(_inbox(edition, p, top, lang))
        else:
            entries.append(suggest_path(edition, p, top))
    entries = _versions(edition, entries)
    if args.json:
        data = {"edition": edition.id, "submissions": [e.to_json(lang) for e in entries]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_entries(edition, entries, lang))
    if not entries:
        sys.stderr.write(_t("nothing", lang) + "\n")
    return EXIT_DATA if any(_is_failure(e) for e in entries) else EXIT_OK
