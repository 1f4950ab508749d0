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
from reform_brand.maint._phones import issuer_areas
from reform_brand.maint._units import OwnUnits, foreign_unit_or_phone, provinces
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
    "unit": ("不在本版本单位名单上的单位", "a unit not on this edition's roster"),
    "foreign-area": (
        "一个电话，其区号不是本版本发文单位联系电话的区号",
        "a phone whose area code none of the issuer's contacts has",
    ),
}

_AREA_CODE: Final = re.compile(r"^(0[0-9]{2,3})-")
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
    """The parent's regional words, each with what it is (:data:`_WHOSE`)."""
    words: dict[str, str] = {}
    for unit in parent.roster:
        for name in (unit.name, *unit.aliases):
            words.setdefault(name, "roster")
    for c in parent.issuer.contacts:
        for phone in (c.phone, c.phone_full):
            words.setdefault(phone, "phone")
            if (m := _AREA_CODE.match(phone)) is not None:
                words.setdefault(m.group(0), "area")
    for box in (parent.issuer.mailbox, parent.delivery.mailbox):
        words.setdefault(box, "mailbox")
    for w in _region_words(parent.region):
        words.setdefault(w, "region")
    return {w: whose for w, whose in words.items() if w.strip()}


def _own_words(edition: Edition, origin: Mapping[str, str]) -> set[str]:
    """What the edition writes of its own region: such a word in a text is
    its own, whoever else has it."""
    out: set[str] = set()
    if _own(origin, "/region"):
        out.update(_region_words(edition.region))
    for i, unit in enumerate(edition.roster):
        if _own(origin, f"/roster/{i}"):
            out.update((unit.name, *unit.aliases))
    for i, c in enumerate(edition.issuer.contacts):
        if _own(origin, f"/issuer/contacts/{i}"):
            out.update((c.phone, c.phone_full))
            out.update(m.group(0) for p in (c.phone, c.phone_full) if (m := _AREA_CODE.match(p)))
    for pointer, box in (
        ("/issuer/mailbox", edition.issuer.mailbox),
        ("/delivery/mailbox", edition.delivery.mailbox),
    ):
        if _own(origin, pointer):
            out.add(box)
    return out


def _province_words(region: Text) -> dict[str, str]:
    """Every other province's names, when ``region`` is in one (a copy made
    for another province that kept the old one's name in its titles)."""
    every = provinces()
    own = [(zh, en) for zh, en in every if zh in region.zh]
    own = own or [(zh, en) for zh, en in every if not region.zh.strip() and en in region.en]
    if not own:
        return {}
    return {w: "province" for zh, en in every if (zh, en) not in own for w in (zh, en)}


def _texts(edition: Edition) -> Iterator[tuple[str, str]]:
    """The titles, and each field's help and example, with their pointers."""
    yield "/title/zh", edition.title.zh
    yield "/title/en", edition.title.en
    for i, form in enumerate(edition.forms):
        yield f"/forms/{i}/title/zh", form.title.zh
        yield f"/forms/{i}/title/en", form.title.en
        yield from _field_texts(form.fields, f"/forms/{i}/fields")


def _field_texts(fields: tuple[FormField, ...], prefix: str) -> Iterator[tuple[str, str]]:
    for j, f in enumerate(fields):
        pointer = f"{prefix}/{j}"
        yield pointer + "/help/zh", f.help.zh
        yield pointer + "/help/en", f.help.en
        yield pointer + "/example", f.example
        yield from _field_texts(f.fields, pointer + "/fields")


def _first(text: str, words: Mapping[str, str]) -> str | None:
    """The word of ``words`` that ``text`` names first (the longest there);
    an English word only as a whole word."""
    best: tuple[int, int, str] | None = None
    for w in words:
        if w.isascii() and w[:1].isalpha():
            m = re.search(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", text)
            at = m.start() if m is not None else -1
        else:
            at = text.find(w)
        if at >= 0 and (best is None or (at, -len(w)) < best[:2]):
            best = (at, -len(w), w)
    return best[2] if best is not None else None


def _another_region(edition: Edition, parent: Edition, origin: Mapping[str, str]) -> bool:
    """Whether the edition writes a region or issuer of its own, other than
    its parent's (next year's call of the same office may write them again)."""
    return (_own(origin, "/region") and edition.region.zh != parent.region.zh) or (
        _own(origin, "/issuer/name") and edition.issuer.name.zh != parent.issuer.name.zh
    )


def _named(
    text: str, words: Mapping[str, str], units: OwnUnits, areas: frozenset[str]
) -> tuple[str | None, str]:
    """The first regional word ``text`` names, and what it is; a unit not
    on the roster rather than the other province it begins with
    (``浙江省科普作家协会``, not ``浙江``)."""
    word = _first(text, words)
    if word is not None and words[word] != "province":
        return word, words[word]
    unit, whose = foreign_unit_or_phone(text, units, areas)
    if word is None:
        return unit, whose
    if whose == "unit" and unit is not None and word in unit and text.find(unit) <= text.find(word):
        return unit, whose
    return word, "province"


def regional_texts(
    edition: Edition,
    parent: Edition | None,
    origin: Mapping[str, str],
    finding: Callable[..., Finding],
) -> Iterator[Finding]:
    """``lint.regional-text`` for each title, field help or example that
    still names another region: the parent's region, roster units, phones,
    area codes or mailboxes when the edition names a region or issuer of its
    own; another province than the one ``region`` names, a unit not on the
    edition's roster, or a phone of an area code none of its issuer's
    contacts has, inherited or not."""
    words = _province_words(edition.region)
    if parent is not None and _another_region(edition, parent, origin):
        words.update(_parent_words(parent))
    for w in _own_words(edition, origin):
        words.pop(w, None)
    if not words:
        return
    units = OwnUnits(edition)
    areas = issuer_areas(edition)
    for pointer, text in _texts(edition):
        if not text:
            continue
        word, whose = _named(text, words, units, areas)
        if word is not None:
            zh, en = _WHOSE[whose]
            yield finding("lint.regional-text", pointer, word=word, whose=Localized(zh=zh, en=en))
