"""The ``suggest`` command: which reform items a project's text points to.

    reform-brand suggest EDITION PATH... [--json] [--top N] [--lang zh|en]

PATH is a submission envelope (JSON), a filled Word form (.docx, or .odt as
WPS and LibreOffice save it), or a folder (an inbox among them) searched for
these; other files (.pdf scans, .doc, manifests) are passed over.  Each file
is read on its own: one that cannot be read, or a Word file whose form is not
recognised, is reported and the others go on.

Exit codes: 0 done; 1 some file could not be read (a Word file that is no
form, such as a progress summary, an envelope of another edition or form, or
a form without text, is reported but is not a failure); 2 usage error
(unknown edition, a PATH that does not exist, ``--top`` below 1).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from reform_brand.catalogue import MESSAGES, render_message
from reform_brand.cli._core import edition_from_arg
from reform_brand.errors import UsageError
from reform_brand.host import Host
from reform_brand.i18n import Texts
from reform_brand.model import Edition
from reform_brand.office import MANIFEST_NAMES, OUTPUT_MARKER, is_output_dir
from reform_brand.office._read import read_form
from reform_brand.submission import Submission, read_envelope
from reform_brand.suggest import Suggestion, form_text, suggest_items

__all__ = ["Entry", "cmd_suggest", "suggest_path"]

EXIT_OK, EXIT_DATA = 0, 1


#: The command line's texts ``cli.suggest.KEY`` of the message catalogue.
_t: Final = Texts("cli.suggest")

#: The suffixes of the forms read as Word forms (the others are envelopes).
_FORM_SUFFIXES: Final = (".docx", ".odt")


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

    def to_json(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "form": self.form,
            "suggestions": [s.to_json() for s in self.suggestions],
        }
        if self.declared is not None:
            out["declared"] = list(self.declared)
        if self.problem:
            out["problem"] = {"code": self.problem, "message": _problem(self, lang)}
        return out


def _files(path: Path) -> Iterator[Path]:
    """The submission files of ``path``: itself, or those in the folder, as
    intake finds them: hidden files, Word's lock files, manifests and the
    folders this program wrote (a report, exported envelopes: they hold
    :data:`OUTPUT_MARKER`) are passed over."""
    if not path.is_dir():
        yield path
        return
    for root, dirs, names in os.walk(path, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not is_output_dir(Path(root) / d)
        )
        for n in sorted(names):
            low = n.lower()
            if n.startswith((".", "~$")) or low in MANIFEST_NAMES or n == OUTPUT_MARKER:
                continue
            if low.endswith((".json", *_FORM_SUFFIXES)):
                yield Path(root) / n


def _matched(ranked: list[Suggestion]) -> tuple[Suggestion, ...]:
    """The suggestions that matched a word: a text with none (blank, only
    punctuation, only words the items do not use) is ``no-text``."""
    return tuple(s for s in ranked if s.raw > 0)


def _not_for(edition: Edition, sub: Submission) -> tuple[str, dict[str, Any]] | None:
    """Why an envelope is not ranked against ``edition``, as the check says
    it: the envelope is for another edition (whose items are numbered
    otherwise), or its form is not one of the edition's; else None."""
    if sub.edition and sub.edition != edition.id:
        return "envelope.edition-mismatch", {"given": sub.edition, "edition": edition.id}
    forms = tuple(f.id for f in edition.forms)
    if sub.form and sub.form not in forms:
        return "envelope.unknown-form", {"form": sub.form, "available": forms}
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
    matched = _matched(suggest_items(edition, sub, top=top))
    return Entry(
        path=str(path),
        form=sub.form,
        declared=sub.reform_items,
        suggestions=matched,
        problem="" if matched else "no-text",
    )


def _from_docx(edition: Edition, path: Path, top: int) -> Entry:
    result = read_form(edition, path)
    if result.form is None:
        first = next((f for f in result.findings if f.severity == "error"), None)
        if first is not None:
            return Entry(path=str(path), problem=first.code, params=dict(first.params))
        return Entry(path=str(path), problem="no-form")
    text = form_text(edition, result.form, result.data)
    matched = _matched(suggest_items(edition, text, top=top))
    return Entry(
        path=str(path),
        form=result.form,
        suggestions=matched,
        problem="" if matched else "no-text",
    )


def suggest_path(edition: Edition, path: Path, top: int = 3) -> Entry:
    """The suggestions for one submission file (.json, .docx or .odt)."""
    if path.suffix.lower() in _FORM_SUFFIXES:
        return _from_docx(edition, path, top)
    return _from_json(edition, path, top)


def _problem(entry: Entry, lang: str) -> str:
    if f"cli.suggest.{entry.problem}" in MESSAGES:
        return _t(entry.problem, lang)
    return render_message(entry.problem, entry.params, lang)


#: Problems that are not failures: a form without text, a Word file that is
#: no form (an inbox also holds progress summaries and the like), and an
#: envelope of another edition or form (the check reports it as an error).
_NOT_FAILURES: Final = frozenset(
    {"no-text", "read.unknown-form", "envelope.edition-mismatch", "envelope.unknown-form"}
)


def _is_failure(entry: Entry) -> bool:
    return bool(entry.problem) and entry.problem not in _NOT_FAILURES


def format_entries(edition: Edition, entries: list[Entry], lang: str) -> str:
    """The suggestions as readable text."""
    out = [_t("header", lang, edition=edition.id, n=len(entries)) + "\n"]
    for e in entries:
        form = f" [{e.form}]" if e.form else ""
        out.append(f"\n{e.path}{form}\n")
        if e.declared:
            items = "、".join(str(v) for v in e.declared)
            out.append("  " + _t("declared", lang, items=items) + "\n")
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
        top = int(text)
    except ValueError:
        top = 0
    if top < 1:
        raise UsageError(detail=_t("bad-top", lang))
    return top


def cmd_suggest(args: argparse.Namespace) -> int:
    lang: str = args.lang
    top = _top(args.top, lang)
    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise UsageError(detail=_t("no-path", lang, path=str(p)))
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    entries = [suggest_path(edition, f, top) for p in paths for f in _files(p)]
    if args.json:
        data = {"edition": edition.id, "submissions": [e.to_json(lang) for e in entries]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_entries(edition, entries, lang))
        if not entries:
            sys.stderr.write(_t("nothing", lang) + "\n")
    return EXIT_DATA if any(_is_failure(e) for e in entries) else EXIT_OK
