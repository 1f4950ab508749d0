"""The data model of a call edition.

Every class is a frozen, keyword-only attrs class: an edition, once loaded, is
a value that can be shared between threads and compared.  Collections are
tuples.  Every datum that carries a rule cites the clause of the notice it
comes from in ``clause`` (for example ``"二.2"`` or ``"附件1"``); a datum that
is a reading of ours rather than a fact of the notice cites the reading's id
in ``reading``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Final, Literal

from attrs import field, frozen

Role = Literal["applicant", "recommender", "issuer"]
FieldType = Literal[
    "text",
    "textarea",
    "phone",
    "mobile",
    "email",
    "date",
    "choice",
    "group",
    "number",
    "integer",
]
#: Field types whose value is a JSON number (``integer``: a whole number).
NUMBER_TYPES: frozenset[str] = frozenset({"number", "integer"})
BlockKind = Literal["signature", "seal", "date"]
DeadlineEnd = Literal["inclusive", "exclusive"]
CountMode = Literal["word-compatible", "characters", "non-whitespace"]
Placement = Literal["header", "body"]
#: What a field names: the unit that fills the form in, or the project.
Named = Literal["unit", "project"]

__all__ = [
    "ENVELOPE_MEMBERS",
    "NUMBER_TYPES",
    "Block",
    "BlockKind",
    "Choice",
    "Contact",
    "CountMode",
    "Deadline",
    "DeadlineEnd",
    "Deliverable",
    "Delivery",
    "Edition",
    "ExtraMaterial",
    "FieldType",
    "Form",
    "FormField",
    "Issuer",
    "Placement",
    "Quota",
    "Reading",
    "ReformItem",
    "Role",
    "RosterUnit",
    "Text",
    "UnitKind",
    "checked_edition",
    "checked_type",
]

#: The members of a submission envelope, in the order forms show them (the
#: envelope schema's ``properties``; a test keeps the two the same).
ENVELOPE_MEMBERS: Final = (
    "version",
    "id",
    "edition",
    "form",
    "unit",
    "reform_items",
    "arrived_at",
    "attachments",
    "data",
)


@frozen(kw_only=True)
class Text:
    """A text in Chinese, with English alongside where it has been translated."""

    zh: str
    en: str = ""

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("zh" or "en"), falling back to Chinese."""
        if lang == "en" and self.en:
            return self.en
        return self.zh


@frozen(kw_only=True)
class Contact:
    """A way to reach the issuer: a phone number as the notice writes it."""

    phone: str
    #: The number in full, with the area code, where the notice omits it.
    phone_full: str
    clause: str


@frozen(kw_only=True)
class Issuer:
    name: Text
    document_number: str
    contacts: tuple[Contact, ...]
    mailbox: str
    clause: str


@frozen(kw_only=True)
class Deadline:
    """An instant with a time zone and an explicit inclusive or exclusive end.

    ``at`` is always timezone-aware.  A submission is on time when it arrived
    before ``at`` (``end == "exclusive"``) or not after it (``"inclusive"``).
    """

    at: dt.datetime
    end: DeadlineEnd
    timezone: str
    #: The words of the notice, e.g. "8 月 20 日前".
    notice_text: str
    late_accepted: bool
    clause: str
    reading: str = ""

    def is_on_time(self, arrived_at: dt.datetime) -> bool:
        """Whether an arrival at ``arrived_at`` (timezone-aware) is on time."""
        if arrived_at.tzinfo is None or arrived_at.utcoffset() is None:
            raise ValueError("arrival time must be timezone-aware")
        if self.end == "exclusive":
            return arrived_at < self.at
        return arrived_at <= self.at

    def accepts(self, arrived_at: dt.datetime) -> bool:
        """Whether a submission that arrived at ``arrived_at`` is taken in:
        on time, or late in a call that accepts late submissions
        (``late_accepted``).  One not taken in counts against no quota and
        replaces no earlier version."""
        return self.late_accepted or self.is_on_time(arrived_at)

    def last_moment(self) -> dt.datetime:
        """The last moment still on time, on the clock of :attr:`timezone`
        (the offset of :attr:`at` when the zone is unknown here): its
        ``date()`` is the last day of the call."""
        import zoneinfo

        try:
            zone: dt.tzinfo = zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = self.at.tzinfo or dt.UTC
        local = self.at.astimezone(zone)
        return local - dt.timedelta(microseconds=1) if self.end == "exclusive" else local


@frozen(kw_only=True)
class Deliverable:
    """One thing each submission must deliver, e.g. the signed scan as PDF."""

    id: str
    title: Text
    #: Accepted file types, checked by content: "pdf", "docx", "doc".
    file_types: tuple[str, ...]
    required: bool
    clause: str
    #: What a scan of this deliverable must show, checked by the signed-scan
    #: rule: "seal" (a round red seal), "signature" (ink beside the
    #: signature line) and "form" (the same form as the Word file).
    verify: tuple[Literal["seal", "signature", "form"], ...] = ()


@frozen(kw_only=True)
class Delivery:
    channel: Literal["email"]
    mailbox: str
    deliverables: tuple[Deliverable, ...]
    paper_required: bool
    clause: str


@frozen(kw_only=True)
class UnitKind:
    """A kind of unit that may take part in the call, and its role."""

    id: str
    name: Text
    role: Role
    #: Forms this kind fills in.
    forms: tuple[str, ...]
    #: A unit of this kind is counted under a unit of that kind (a county
    #: association under its city); submissions then name that unit.
    counted_under: str = ""
    clause: str


@frozen(kw_only=True)
class Quota:
    """How many submissions one unit of the given kinds may make."""

    id: str
    unit_kinds: tuple[str, ...]
    limit: int
    #: Forms whose submissions count toward the quota.
    forms: tuple[str, ...]
    #: Unit kinds whose submissions count toward the quota of the unit they
    #: are counted under (see ``UnitKind.counted_under``).
    includes: tuple[str, ...] = ()
    #: Soft ("原则上"): exceeding it is a warning; strict mode makes it an error.
    soft: bool
    notice_text: str
    clause: str
    reading: str = ""


@frozen(kw_only=True)
class ReformItem:
    number: int
    title: Text
    #: The full description from 附件3, one string per paragraph.
    description: tuple[str, ...]
    description_en: tuple[str, ...] = ()
    clause: str
    #: Extra words and synonyms that point to this item, beyond the title and
    #: description (for suggesting items from a project's text; see
    #: docs/suggestions.md).  Tuning data only: never shown as notice text.
    keywords: tuple[str, ...] = ()


@frozen(kw_only=True)
class Block:
    """A signature, seal or date space on the paper form."""

    id: str
    kind: BlockKind
    label: Text
    clause: str


def block_lines(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks as the form prints them, a list a line: signatures and
    seals side by side, each date on a line of its own (the renderer lays
    them out so, and the reader finds them so)."""
    lines: list[list[Block]] = []
    current: list[Block] = []
    for b in blocks:
        if b.kind == "date":
            if current:
                lines.append(current)
                current = []
            lines.append([b])
        else:
            current.append(b)
    if current:
        lines.append(current)
    return lines


#: The box a form prints before each choice of a blank ``choice`` field.
EMPTY_BOX: Final = "□"


@frozen(kw_only=True)
class Choice:
    """One allowed value of a ``choice`` field."""

    value: str
    label: Text


@frozen(kw_only=True)
class FormField:
    """A field of a form; ``type == "group"`` holds sub-fields in ``fields``.

    A ``number`` or ``integer`` field holds a JSON number, optionally bounded
    by ``minimum`` and ``maximum`` (both inclusive) and printed with its
    ``unit`` (e.g. 万元).
    """

    id: str
    label: Text
    type: FieldType
    required: bool = False
    filled_by: Role
    placement: Placement = "body"
    help: Text = Text(zh="")
    #: Hard cap in Unicode code points (JSON Schema ``maxLength``).
    max_chars: int = 0
    #: Limit in 字, counted with the edition's counting mode.
    max_zi: int = 0
    pattern: str = ""
    #: A valid example value, shown in messages and help texts.
    example: str = ""
    #: Height of a long-text row on the paper form, in lines.
    lines: int = 1
    choices: tuple[Choice, ...] = ()
    #: Inclusive bounds of a ``number`` or ``integer`` field.
    minimum: int | float | None = None
    maximum: int | float | None = None
    #: The unit a number is counted in (万元), printed after it on the form.
    unit: Text = Text(zh="")
    fields: tuple[FormField, ...] = ()
    blocks: tuple[Block, ...] = ()
    clause: str
    reading: str = ""
    #: What this field names (:meth:`Form.named`): the project
    #: (:attr:`Form.project_field`) or the unit that fills the form in; a
    #: top-level ``text`` field, one of a form for each.
    names: Named | None = None

    @property
    def is_number(self) -> bool:
        """Whether the field holds a number (``number`` or ``integer``)."""
        return self.type in NUMBER_TYPES

    def walk(self, prefix: str = "") -> Iterator[tuple[str, FormField]]:
        """Yield ``(json_pointer, field)`` for this field and its sub-fields."""
        pointer = f"{prefix}/{self.id}"
        yield pointer, self
        for sub in self.fields:
            yield from sub.walk(pointer)


#: The Chinese label of the field that names the project, for a form that
#: marks none and has no field ``project_name`` (:attr:`Form.project_field`).
PROJECT_LABEL: Final = "项目名称"


@frozen(kw_only=True)
class Form:
    id: str
    #: "附件 1".
    attachment: str
    title: Text
    #: Who fills the form in.
    role: Role
    fields: tuple[FormField, ...]
    template: str = ""
    clause: str

    def walk(self) -> Iterator[tuple[str, FormField]]:
        """Every field with its JSON pointer into the form data, in order."""
        for f in self.fields:
            yield from f.walk()

    def attachment_in(self, lang: str) -> str:
        """:attr:`attachment` in ``lang``: ``附件 1`` is ``Annex 1`` in
        English (any other label is given as it is)."""
        if lang != "en":
            return self.attachment
        head, _, number = self.attachment.partition("附件")
        number = number.strip()
        return f"Annex {number}" if not head.strip() and number.isdigit() else self.attachment

    def field_at(self, pointer: str) -> FormField | None:
        """The field at the JSON pointer ``pointer`` (``/contact/mobile``), or
        None; a field id given for a pointer (``project_name``, no ``/``) is
        a ``ValueError``, and no str a ``TypeError``: either was None, as if
        the form had no such field."""
        checked_type(pointer, str, "pointer", "a JSON pointer (str)")
        if pointer and not pointer.startswith("/"):
            raise ValueError(f"pointer is a JSON pointer, such as '/{pointer}', not {pointer!r}")
        for p, f in self.walk():
            if p == pointer:
                return f
        return None

    def named(self, what: Named) -> FormField | None:
        """The top-level text field the edition marks ``names = what``."""
        return next((f for f in self.fields if f.names == what and f.type == "text"), None)

    @property
    def project_field(self) -> str:
        """The id of the field that names the project ("" when none): the
        top-level text field the edition marks ``names = "project"``, else the
        one with the id ``project_name``, else the first text field of the
        table labelled 项目名称.  Versions of one project, the pairing of a
        scan with its form and the report's project column go by it."""
        marked = self.named("project")
        if marked is not None:
            return marked.id
        texts = [f for f in self.fields if f.type == "text"]
        for f in texts:
            if f.id == "project_name":
                return f.id
        for f in texts:
            if f.placement == "body" and "".join(f.label.zh.split()) == PROJECT_LABEL:
                return f.id
        return ""

    def project_of(self, data: object) -> str | None:
        """The project's name in the form data ``data``, when a string."""
        key = self.project_field
        name = data.get(key) if key and isinstance(data, dict) else None
        return name if isinstance(name, str) else None


@frozen(kw_only=True)
class ExtraMaterial:
    """Material sent beside the forms, e.g. a city's yearly progress summary."""

    id: str
    title: Text
    #: Unit kinds that send it; empty when it is tied to ``selected_units``.
    unit_kinds: tuple[str, ...] = ()
    #: Units that must send it (the units selected in an earlier year).
    selected_units: tuple[str, ...] = ()
    per_unit: int = 1
    max_zi: int = 0
    topics: tuple[Text, ...] = ()
    electronic_only: bool = True
    clause: str
    #: How a received file is recognised as this material, besides its title
    #: appearing in the file name or first lines: groups of key words, each
    #: group matching when all its words appear (e.g. ``[["进展"]]``).
    keywords: tuple[tuple[str, ...], ...] = ()
    #: Shell-style file-name patterns (``*进展*.docx``), matched case-folded.
    name_patterns: tuple[str, ...] = ()
    #: For material tied to ``selected_units``: the year of the earlier call
    #: that selected them (0: not said), used in messages.
    selected_in: int = 0


@frozen(kw_only=True)
class RosterUnit:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    #: The mail addresses the unit sends from (compared without case); a
    #: unit may have several.
    mailboxes: tuple[str, ...] = ()


@frozen(kw_only=True)
class Reading:
    """A reading of an ambiguous clause that the edition has decided."""

    id: str
    clause: str
    notice_text: str
    reading: Text
    why: Text


@frozen(kw_only=True)
class Edition:
    id: str
    title: Text
    year: int
    region: Text
    issued: dt.date
    issuer: Issuer
    addressees: tuple[str, ...]
    preamble: tuple[str, ...]
    deadline: Deadline
    delivery: Delivery
    count_mode: CountMode
    unit_kinds: tuple[UnitKind, ...]
    quotas: tuple[Quota, ...]
    reform_items: tuple[ReformItem, ...]
    #: Whether submissions must declare reform items (the forms have no field).
    declare_reform_items: bool
    forms: tuple[Form, ...]
    extra_materials: tuple[ExtraMaterial, ...] = ()
    roster: tuple[RosterUnit, ...] = ()
    readings: tuple[Reading, ...] = ()
    requirements: tuple[str, ...] = ()
    #: Where the edition's data was loaded from, for messages (not data).
    source: str = field(default="", eq=False)

    def form(self, form_id: str) -> Form:
        checked_type(form_id, str, "form_id", "a form id (str)")
        for f in self.forms:
            if f.id == form_id:
                return f
        raise _unknown_key(self.id, "form", form_id, [f.id for f in self.forms])

    def unit_kind(self, kind_id: str) -> UnitKind:
        checked_type(kind_id, str, "kind_id", "a unit kind id (str)")
        for k in self.unit_kinds:
            if k.id == kind_id:
                return k
        raise _unknown_key(self.id, "unit kind", kind_id, [k.id for k in self.unit_kinds])

    def issue_start(self) -> dt.datetime:
        """The first moment of the day the call was issued, on the clock of
        the deadline's zone: nothing arrives before it (an arrival before it
        is ``deadline.arrival-before-issue``)."""
        zone = self.deadline.last_moment().tzinfo
        return dt.datetime.combine(self.issued, dt.time(), tzinfo=zone)

    def reform_item(self, number: int) -> ReformItem:
        checked_type(number, int, "number", "a whole number")
        for item in self.reform_items:
            if item.number == number:
                return item
        raise _unknown_key(self.id, "reform item", number, [i.number for i in self.reform_items])


def checked_type(value: object, kind: type | tuple[type, ...], name: str, wanted: str) -> None:
    """A ``TypeError`` naming the argument ``name`` when ``value`` is not of
    ``kind`` (a bool is no number), saying what it takes (``wanted``): a
    look-up's key of another type (None, a number for an id, True for a
    number) could else only be unknown, and the ``KeyError`` would hide the
    mistake; another argument would fail deep inside without its name."""
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{name} takes {wanted}, not {type(value).__name__}")


def _unknown_key(edition: str, what: str, key: object, known: Sequence[object]) -> KeyError:
    """The ``KeyError`` of an unknown key, naming the keys the edition has."""
    names = ", ".join(map(str, known)) or "none"
    return KeyError(f"{edition} has no {what} {key!r} (its {what}s: {names})")


def checked_edition(edition: object, name: str = "edition") -> Edition:
    """``edition`` when it is an :class:`Edition`; else a ``TypeError``
    naming the argument (an edition id is loaded by ``load_edition`` or
    ``Host.edition`` first)."""
    if not isinstance(edition, Edition):
        raise TypeError(
            f"{name} takes an Edition (load_edition(id) gives one), not {type(edition).__name__}"
        )
    return edition
