"""An envelope of the usual shape, tested and read in one pass.

Nearly every envelope a portal sends is whole: the members it may have, each
of the right type.  :func:`shaped_submission` tests that shape and, while it
looks at each member, builds the :class:`~reform_brand.submission.Submission`
that :meth:`Submission.from_envelope <reform_brand.submission.Submission.from_envelope>`
would build: a member of the shape has the type ``from_envelope`` tests for,
so what it reads is what ``from_envelope`` reads.  When the shape holds, the
envelope's JSON Schema would find nothing, and the engine does not run it.
Any other envelope gives None: the engine reads it with ``from_envelope``
and lets the schema say what is wrong.

The test may be stricter than the schema, never looser (a property test
checks it against the schema), and the submission is the one
``from_envelope`` gives (a differential test checks that too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, TypeGuard

from reform_brand._build import builder
from reform_brand.findings import SubmissionReport
from reform_brand.names import is_blank
from reform_brand.submission import (
    ENVELOPE_MEMBERS,
    Attachment,
    Submission,
    Unit,
    oversized,
)

__all__ = ["envelope_shape_ok", "new_report", "read_submission", "shaped_submission"]

_ENVELOPE_KEYS: Final = frozenset(ENVELOPE_MEMBERS)
_UNIT_KEYS: Final = frozenset({"name", "kind", "city"})

#: The unit, attachment and submission of an envelope of the shape, and a
#: submission's report (all members but ``superseded_by``), built quickly
#: (:func:`~reform_brand._build.builder`).
_new_unit: Final = builder(Unit, "name", "kind", "city")
_new_attachment: Final = builder(Attachment, "role", "path", "index")
_new_submission: Final = builder(
    Submission,
    "id",
    "file",
    "base_dir",
    "real_base",
    "edition",
    "form",
    "unit",
    "reform_items",
    "has_arrival",
    "arrived_at",
    "attachments",
    "data",
    "envelope",
)
new_report: Final = builder(
    SubmissionReport,
    "submission",
    "file",
    "form",
    "unit",
    "unit_kind",
    "quota_unit",
    "files_checked",
    "findings",
)


def _text(value: object, low: int, high: int) -> TypeGuard[str]:
    """Whether ``value`` is a string of ``low`` to ``high`` characters."""
    return type(value) is str and low <= len(value) <= high


def _unit(unit: object) -> Unit | None:
    """The unit of the shape (a name that is not blank, a kind, perhaps a
    city that is not blank), or None."""
    if type(unit) is not dict or not unit.keys() <= _UNIT_KEYS:
        return None
    get = unit.get
    name, kind = get("name"), get("kind")
    if type(name) is not str or type(kind) is not str or not kind:
        return None
    if not 0 < len(name) <= 200 or is_blank(name):
        return None
    city = get("city", "")
    if "city" in unit and (not _text(city, 1, 200) or is_blank(city)):
        return None
    unit_made: Unit = _new_unit(name, kind, city)
    return unit_made


def _items(items: object) -> tuple[object, ...] | None:
    """Reform item numbers of the shape (distinct integers from 1), or None."""
    if type(items) is not list:
        return None
    for i in items:
        if type(i) is not int or i < 1:
            return None
    return tuple(items) if len(set(items)) == len(items) else None


def _attachments(atts: object) -> tuple[Attachment, ...] | None:
    """Attachments of the shape (each exactly a role and a path of 1 to 1,024
    characters: no ``modified_at``), or None."""
    if type(atts) is not list:
        return None
    out = []
    for i, a in enumerate(atts):
        if type(a) is not dict or len(a) != 2:
            return None
        role, path = a.get("role"), a.get("path")
        if type(role) is not str or type(path) is not str or not 0 < len(path) <= 1024:
            return None  # (also when a key is not "role" or "path": a member missing)
        out.append(_new_attachment(role, path, i))
    return tuple(out)


def _head(env: dict[str, Any]) -> tuple[dict[str, Any], str, str, str] | None:
    """The data, edition, form and id ("" when absent) of an envelope of the
    shape (its members known, version 1 if given), or None."""
    if not env.keys() <= _ENVELOPE_KEYS:
        return None
    get = env.get
    data, edition, form = get("data"), get("edition"), get("form")
    if type(data) is not dict or type(edition) is not str or type(form) is not str:
        return None
    version = get("version", 1)
    if not (edition and form) or type(version) is not int or version != 1:
        return None
    given_id = get("id", "")
    if type(given_id) is not str or len(given_id) > 200 or ("id" in env and not given_id):
        return None
    return data, edition, form, given_id


def shaped_submission(
    env: dict[str, Any],
    *,
    id: str,  # noqa: A002 - the envelope member is called id
    file: str = "",
    base_dir: Path | None = None,
    real_base: str = "",
) -> Submission | None:
    """The submission of ``env`` when ``env`` has the usual shape (see the
    module's text), else None.  The arguments are those of
    :meth:`Submission.from_envelope <reform_brand.submission.Submission.from_envelope>`,
    and so is the submission."""
    head = _head(env)
    if head is None:
        return None
    data, edition, form, given_id = head
    get = env.get
    unit = _unit(get("unit"))
    if unit is None:
        return None
    items = None
    if "reform_items" in env:
        items = _items(env["reform_items"])
        if items is None:
            return None
    arrived_at = get("arrived_at")
    if arrived_at is not None and type(arrived_at) is not str:
        return None
    attachments = _attachments(env["attachments"]) if "attachments" in env else ()
    if attachments is None:
        return None
    sub: Submission = _new_submission(
        # (An id of white space alone is no id: the one given here stands.)
        given_id if given_id.strip() else id[:200],
        file,
        base_dir,
        real_base,
        edition,
        form,
        unit,
        items,
        "arrived_at" in env,
        arrived_at,
        attachments,
        data,
        env,
    )
    return sub


def envelope_shape_ok(env: dict[str, Any]) -> bool:
    """A quick test that implies the generic envelope schema holds for ``env``
    (``data`` only needs to be an object): :func:`shaped_submission` gives
    a submission.

    When it returns True the envelope's JSON Schema would find nothing, so
    the engine skips that pass; when it returns False the schema is run to
    say what is wrong (a materials-only envelope, with no form, always is).
    It may be stricter than the schema, never looser (a property test checks
    this against the schema).
    """
    return shaped_submission(env, id="") is not None


def read_submission(
    value: object,
    *,
    readable: bool,
    id: str,  # noqa: A002 - the envelope member is called id
    file: str,
    base_dir: Path | None,
    real_base: str,
    shaped: Submission | None = None,
) -> tuple[Submission, bool, tuple[str, str, dict[str, object]] | None]:
    """The submission the engine reads from ``value`` (the envelope given,
    or what its file held; ``readable``: the file could be read), whether
    it has the usual shape (its envelope schema is then not run) and why
    it is refused unchecked, if it is (too deep, too many members and items
    or no text: :func:`~reform_brand.submission.oversized`), measured
    before anything is read from it.  ``shaped`` is the submission
    :func:`shaped_submission` gave for ``value`` with the same arguments,
    when it is known already (the plain path's), which is not read again."""
    if not readable:
        return Submission(id=id, file=file, base_dir=base_dir), False, None
    refused = oversized(value)
    if refused is not None:
        return Submission(id=id, file=file, base_dir=base_dir), False, refused
    if shaped is not None:
        return shaped, True, None
    if isinstance(value, dict):
        shaped = shaped_submission(value, id=id, file=file, base_dir=base_dir, real_base=real_base)
        if shaped is not None:
            return shaped, True, None
    if not isinstance(value, dict):
        return Submission(id=id, file=file, base_dir=base_dir), False, None
    sub = Submission.from_envelope(value, id=id, file=file, base_dir=base_dir, real_base=real_base)
    return sub, False, None
