"""Regional data a child edition for another region still takes from its parent.

An edition inherited from another province's (``--inherit``) gets
everything it does not write: when it names its own region or issuer but
not its own roster, phones and mailboxes, the office would check the new
call's units against the old province's list and print the old office's
numbers.  The origin map (which file holds each part) tells what the child
wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Final

from reform_brand.codes._info import Localized
from reform_brand.findings import Finding
from reform_brand.inherit import origin_of
from reform_brand.maint._phones import area_of, issuer_areas, phone_of_area
from reform_brand.maint._places import bare, own_provinces, province_named
from reform_brand.maint._units import OwnUnits, foreign_unit_or_phone
from reform_brand.model import Edition, FormField, Text

__all__ = ["REGIONAL", "parent_id", "parent_regional_data", "regional_texts"]

#: The parts of an edition that belong to one region's office.
REGIONAL: tuple[str, ...] = (
    "/roster",
    "/issuer/contacts",
    "/issuer/mailbox",
    "/delivery/mailbox",
)

#: Parts whose being the child's own means the child is for another region.
_OWN_REGION: tuple[str, ...] = ("/region", "/issuer/name")


def _inherited(origin: Mapping[str, str], pointer: str) -> bool:
    # An inherited part is labelled "FILE (PARENT-ID)", the child's own "FILE".
    return origin_of(origin, pointer, "").endswith(")")


def parent_regional_data(
    origin: Mapping[str, str],
    present: set[str],
    edition: Edition | None = None,
    parent: Edition | None = None,
) -> list[str]:
    """The pointers (among ``present``) of regional data still the parent's,
    when the edition names a region or issuer of its own: one other than
    the parent's, when both editions are given (next year's call of the same
    office may write its region and issuer again)."""
    if all(_inherited(origin, p) for p in _OWN_REGION):
        return []
    if edition is not None and parent is not None and not _another_region(edition, parent, origin):
        return []
    return [p for p in REGIONAL if p in present and _partly_inherited(origin, p)]


def _partly_inherited(origin: Mapping[str, str], pointer: str) -> bool:
    # A child's [[roster]] entries merge into the parent's by name: the
    # parent's units stay unless the child writes replace = ["roster"].
    return _inherited(origin, pointer) or any(
        key.startswith(pointer + "/") and label.endswith(")") for key, label in origin.items()
    )


# -- texts that still name another region ---------------------------------------


#: What a word of another region is, in both languages.
_WHOSE: Final[dict[str, tuple[str, str]]] = {
    "region": ("父版本的地区", "the parent's region"),
    "roster": ("父版本名单中的单位", "a unit on the parent's roster"),
    "phone": ("父版本的联系电话", "a phone number of the parent's"),
    "area": ("父版本的电话区号", "the parent's phone area code"),
    "mailbox": ("父版本的邮箱", "a mailbox of the parent's"),
    "province": ("另一个省份，不是本版本的地区", "another province than the edition's region"),
    "city": (
        "另一个省份的城市，不在本版本的地区",
        "a city of another province than the edition's region",
    ),
    "unit": ("不在本版本单位名单上的单位", "a unit not on this edition's roster"),
    "foreign-area": (
        "一个电话，其区号不是本版本发文单位联系电话的区号",
        "a phone whose area code none of the issuer's contacts has",
    ),
}

_REGION_SUFFIX: Final = re.compile(
    r"(?:省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)$"
)
_PARENT_ID: Final = re.compile(r"\(([^()]+)\)$")


def parent_id(origin: Mapping[str, str]) -> str:
    """The id of the edition ``origin``'s edition inherits from ("" for none):
    an inherited part is labelled ``FILE (PARENT-ID)``."""
    for key, label in origin.items():
        if key.startswith("^"):
            continue  # the parent's own map (:func:`reform_brand.inherit.own_place`)
        m = _PARENT_ID.search(label)
        if m is not None:
            return m.group(1)
    return ""


def _own(origin: Mapping[str, str], pointer: str) -> bool:
    return not _inherited(origin, pointer)


def _region_words(region: Text) -> list[str]:
    """``江苏省`` and ``江苏``; ``Jiangsu Province`` and ``Jiangsu``."""
    zh, en = region.zh.strip(), region.en.strip()
    out = [zh, _REGION_SUFFIX.sub("", zh), en, re.sub(r"\s+Province$", "", en)]
    return [w for w in out if len(w) >= 2]


def _parent_words(parent: Edition) -> dict[str, str]:
    """The parent's regional words, each with what it is (:data:`_WHOSE`):
    its units' names also without the levels of their places (南京科协 of
    南京市科协)."""
    words: dict[str, str] = {}
    for unit in parent.roster:
        for name in (unit.name, *unit.aliases):
            words.setdefault(name, "roster")
            words.setdefault(bare(name), "roster")
    for c in parent.issuer.contacts:
        for phone in (c.phone, c.phone_full):
            words.setdefault(phone, "phone")
    for box in (parent.issuer.mailbox, parent.delivery.mailbox):
        words.setdefault(box, "mailbox")
    for w in _region_words(parent.region):
        words.setdefault(w, "region")
    return {w: whose for w, whose in words.items() if len(w.strip()) >= 2}


class _Own:
    """What the edition writes of its own region: such a word in a text is
    its own, whoever else has it; with or without the levels of its places
    (江苏 is 江苏省), and so is a unit of its own region (南京市科协 in an
    edition for 南京)."""

    def __init__(self, edition: Edition, origin: Mapping[str, str]) -> None:
        words: set[str] = set()
        self.places: tuple[str, ...] = ()
        if _own(origin, "/region"):
            words.update(_region_words(edition.region))
            self.places = tuple({bare(w) for w in _region_words(edition.region)} - {""})
        for i, unit in enumerate(edition.roster):
            if _own(origin, f"/roster/{i}"):
                words.update((unit.name, *unit.aliases))
        areas: set[str] = set()
        for i, c in enumerate(edition.issuer.contacts):
            if _own(origin, f"/issuer/contacts/{i}"):
                words.update((c.phone, c.phone_full))
                areas.update(a for p in (c.phone, c.phone_full) if (a := area_of(p)))
        for pointer, box in (
            ("/issuer/mailbox", edition.issuer.mailbox),
            ("/delivery/mailbox", edition.delivery.mailbox),
        ):
            if _own(origin, pointer):
                words.add(box)
        self.words = frozenset(words)
        self.bare = frozenset(bare(w) for w in words)
        self.areas = frozenset(areas)

    def owns(self, word: str, whose: str) -> bool:
        if word in self.words or bare(word) in self.bare:
            return True
        return whose in {"roster", "region"} and bare(word).startswith(self.places)


def _texts(edition: Edition) -> Iterator[tuple[str, str]]:
    """The titles, each field's help and example, and the readings of the
    notice's clauses (a reading's example is the parent's as often as a
    field's), with their pointers; and the texts findings quote: the
    issuer's name (``issuer-field.filled``), the unit kinds' names, the
    notice's words of the deadline and of each quota (``deadline.late``,
    ``quota.exceeded``), the deliverables', reform items' and extra
    materials' titles."""
    yield "/title/zh", edition.title.zh
    yield "/title/en", edition.title.en
    yield "/issuer/name/zh", edition.issuer.name.zh
    yield "/issuer/name/en", edition.issuer.name.en
    yield "/deadline/notice_text", edition.deadline.notice_text
    deliverables = edition.delivery.deliverables
    for key, entries in (
        ("unit_kinds", [(k.name.zh, k.name.en) for k in edition.unit_kinds]),
        ("delivery/deliverables", [(d.title.zh, d.title.en) for d in deliverables]),
        ("reform_items", [(r.title.zh, r.title.en) for r in edition.reform_items]),
        ("extra_materials", [(m.title.zh, m.title.en) for m in edition.extra_materials]),
    ):
        part = "name" if key == "unit_kinds" else "title"
        for i, (zh, en) in enumerate(entries):
            yield f"/{key}/{i}/{part}/zh", zh
            yield f"/{key}/{i}/{part}/en", en
    for i, q in enumerate(edition.quotas):
        yield f"/quotas/{i}/notice_text", q.notice_text
    for i, form in enumerate(edition.forms):
        yield f"/forms/{i}/title/zh", form.title.zh
        yield f"/forms/{i}/title/en", form.title.en
        yield from _field_texts(form.fields, f"/forms/{i}/fields")
    for i, r in enumerate(edition.readings):
        yield f"/readings/{i}/reading/zh", r.reading.zh
        yield f"/readings/{i}/reading/en", r.reading.en
        yield f"/readings/{i}/why/zh", r.why.zh
        yield f"/readings/{i}/why/en", r.why.en


def _field_texts(fields: tuple[FormField, ...], prefix: str) -> Iterator[tuple[str, str]]:
    for j, f in enumerate(fields):
        pointer = f"{prefix}/{j}"
        yield pointer + "/help/zh", f.help.zh
        yield pointer + "/help/en", f.help.en
        yield pointer + "/example", f.example
        yield from _field_texts(f.fields, pointer + "/fields")


def _first(text: str, words: Mapping[str, str]) -> tuple[int, str] | None:
    """Where ``text`` first names a word of ``words`` and the word (the
    longest there); an English word only as a whole word."""
    best: tuple[int, int, str] | None = None
    for w in words:
        if w.isascii() and w[:1].isalpha():
            m = re.search(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", text)
            at = m.start() if m is not None else -1
        else:
            at = text.find(w)
        if at >= 0 and (best is None or (at, -len(w)) < best[:2]):
            best = (at, -len(w), w)
    return (best[0], best[2]) if best is not None else None


def _another_region(edition: Edition, parent: Edition, origin: Mapping[str, str]) -> bool:
    """Whether the edition writes a region or issuer of its own, other than
    its parent's (next year's call of the same office may write them again)."""
    return (_own(origin, "/region") and bare(edition.region.zh) != bare(parent.region.zh)) or (
        _own(origin, "/issuer/name") and bare(edition.issuer.name.zh) != bare(parent.issuer.name.zh)
    )


class _Others:
    """What names another region in an edition's texts: the parent's words
    and area codes (when the edition is for another region), and the
    provinces other than its own (when its region is in one)."""

    def __init__(self, edition: Edition, parent: Edition | None, origin: Mapping[str, str]) -> None:
        own = _Own(edition, origin)
        self.provinces = own_provinces(edition.region)
        words: dict[str, str] = {}
        areas: frozenset[str] = frozenset()
        if parent is not None and _another_region(edition, parent, origin):
            words = _parent_words(parent)
            areas = issuer_areas(parent) - own.areas  # (however written)
        self.words = {w: whose for w, whose in words.items() if not own.owns(w, whose)}
        self.areas = areas

    def __bool__(self) -> bool:
        return bool(self.provinces or self.words or self.areas)

    def first(self, text: str) -> tuple[int, str, str] | None:
        """Where ``text`` first names another region, the word and what it
        is: the parent's word before another province at the same place."""
        hits: list[tuple[int, int, str, str]] = []
        if (word := _first(text, self.words)) is not None:
            hits.append((word[0], 0, word[1], self.words[word[1]]))
        if (phone := phone_of_area(text, self.areas)) is not None:
            hits.append((phone[0], 1, phone[1], "area"))
        if self.provinces and (place := province_named(text, self.provinces)) is not None:
            hits.append((place[0], 2, place[1], place[2]))
        if not hits:
            return None
        at, _, word_, whose = min(hits)
        return at, word_, whose


def _named(
    text: str, others: _Others, units: OwnUnits, areas: frozenset[str]
) -> tuple[str | None, str]:
    """The first regional word ``text`` names, and what it is; a unit not
    on the roster rather than the other province it begins with
    (``浙江省科普作家协会``, not ``浙江``)."""
    hit = others.first(text)
    if hit is not None and hit[2] not in {"province", "city"}:
        return hit[1], hit[2]
    unit, whose = foreign_unit_or_phone(text, units, areas)
    if hit is None:
        return unit, whose
    at, word, kind = hit
    if whose == "unit" and unit is not None and word in unit and text.find(unit) <= at:
        return unit, whose
    return word, kind


#: A time zone's name, which names no region of a call: 北京时间 is the time
#: of all China, and an IANA zone (Asia/Shanghai) names a city of its own.
_ZONES: Final = re.compile(
    r"北京时间|\b(?:Africa|America|Asia|Australia|Europe|Pacific|Etc)/[\w+-]+"
)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def regional_texts(
    edition: Edition,
    parent: Edition | None,
    origin: Mapping[str, str],
    finding: Callable[..., Finding],
) -> Iterator[Finding]:
    """``lint.regional-text`` for each title, field help or example, or
    reading of a clause, that still names another region: the parent's region, roster units, phones,
    area codes or mailboxes when the edition names a region or issuer of its
    own; another province (or a city of one) than the one ``region`` names,
    a unit not on the edition's roster, or a phone of an area code none of
    its issuer's contacts has, inherited or not."""
    others = _Others(edition, parent, origin)
    if not others:
        return
    units = OwnUnits(edition)
    areas = issuer_areas(edition)
    for pointer, text in _texts(edition):
        if not text:
            continue
        word, whose = _named(_ZONES.sub(_blank, text), others, units, areas)
        if word is not None:
            zh, en = _WHOSE[whose]
            yield finding("lint.regional-text", pointer, word=word, whose=Localized(zh=zh, en=en))
