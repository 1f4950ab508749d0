"""Units and phones a text names that are not the edition's own.

A full copy of another province's edition (``new-edition X --from Y``
without ``--inherit``) has no parent to compare with: once its maintainer
has written the new roster and issuer contacts, a field's example or help
that still names a unit of the old roster (``南京市科协``), a society of
the old province or one of its cities (``浙江省科普作家协会``,
``南京市药学会``) or a phone of the old office's area code
(``025-83000000``, ``(025)83000000``) is told apart by what the edition
itself lists.

A unit is named only where its name begins with a place and its level:
a province (``provinces.json``) before ``省`` or ``自治区``, or two
characters or more before ``市``, ``县`` or ``区`` (``南京市``,
``南京市玄武区``).  ``学会`` or ``科普协会`` alone, a placeholder
(``某某市科协``, ``XX学会``, ``××协会``) or ``本单位`` name none.  The
societies and districts of the region and of the places its roster names
(``江苏省海洋学会``; ``南京市药学会``, ``南京市鼓楼区科协`` when
``南京市科协`` is on it) are the edition's own.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Final

from reform_brand.maint._phones import foreign_phone
from reform_brand.model import Edition

__all__ = [
    "OwnUnits",
    "foreign_unit_or_phone",
    "not_places",
    "province_levels",
    "provinces",
]

#: What ends a unit's name: a science and technology association right
#: after its level (``市科协``, ``省科学技术协会``), or a society after its
#: field (``省海洋学会``, ``市科普作家协会``, ``省…研究会``, ``市…基金会``).
_TAIL: Final = re.compile(r"科学技术协会|科协|研究会|基金会|学会|协会")
#: The tails written right after the level.
_ASSOCIATION: Final = frozenset({"科学技术协会", "科协"})
#: The levels a place is written with.
_LEVELS: Final = frozenset("省市县区")
#: A Chinese character of a place name before a unit's level.
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
#: Characters that end the place before a unit's level: another level
#: (``江苏省各市科协``), or a word that is no place (``本市``, ``各市``...).
_NOT_PLACE: Final = frozenset("省市县区、的各本该全每")
#: Characters a society's field never holds: the end of a unit before it
#: (``科协``, ``学会``), a placeholder, or what ends a place.
_NOT_FIELD: Final = _NOT_PLACE | frozenset("协会某")
#: The longest field a society writes after its level (``青少年科技教育``).
_FIELD_MAX: Final = 10
#: Words a text writes before a unit's name (``如南京市科协``, ``…科协或徐州市科协``).
_LEADING: Final = frozenset("如例即由向在和与及或请填写报至为是等均经从协")
#: What a placeholder of a place writes (``某某市科协``); ``XX`` and ``××``
#: are no Chinese characters, so never a place.
_PLACEHOLDER: Final = "某"
#: The longest place read before a unit's level (``乌鲁木齐``).
_PLACE_MAX: Final = 4
#: The longest run read before a level for a province and its autonomy
#: (``新疆维吾尔自治``).
_WALK_MAX: Final = 8
#: Words that end as a place and its level but are no place
#: (``所在社区科协``, ``超市``, ``各地级市科协``).
_NO_PLACE: Final = frozenset(
    {"社区", "小区", "园区", "校区", "景区", "郊区", "山区", "街区", "片区", "辖区"}
    | {"超市", "都市", "门市", "上市", "级市"}
)
#: Words that end right before a level and say where a unit is, not which
#: one (``该单位所在市科协``, ``当地县科协``, ``上级市科协``).
_NO_PLACE_WORDS: Final = frozenset(
    {"所在", "当地", "本地", "属地", "外地", "异地", "上级", "下级", "同级", "各级"}
)
#: What a national unit's name begins with: no place (``中国城市科学研究会``).
_NATIONAL: Final = ("中国", "中华", "全国")


@functools.cache
def _province_data() -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """``provinces.json`` beside this module (data, read when first asked):
    each province's short name, English name and level, and the words that
    hold a province's name but name none (:func:`not_places`)."""
    text = resources.files(__package__).joinpath("provinces.json").read_text(encoding="utf-8")
    data = json.loads(text)
    rows = tuple((str(zh), str(en), str(level)) for zh, en, level in data["provinces"])
    return rows, tuple(str(w) for w in data["not_places"])


@functools.cache
def provinces() -> tuple[tuple[str, str], ...]:
    """China's provinces, autonomous regions, municipalities and special
    administrative regions, by the short name a title writes and in English."""
    return tuple((zh, en) for zh, en, _ in _province_data()[0])


@functools.cache
def province_levels() -> Mapping[str, str]:
    """Each province's level by its short name: ``省``, ``市`` (a
    municipality: 北京市 is the province itself), ``自治区``..."""
    return {zh: level for zh, _, level in _province_data()[0]}


def not_places() -> tuple[str, ...]:
    """Words that hold the start of a province's name but name no province
    (幸福建设, 隆重庆祝, 中山西路, 延吉林业局)."""
    return _province_data()[1]


@functools.cache
def _province_before() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A province's name at the end of the run before ``省``, and before
    ``区`` as an autonomous region or special administrative region
    (``广西壮族自治``, ``香港特别行政``)."""
    names = "|".join(re.escape(zh) for zh, _ in sorted(provinces(), key=lambda p: -len(p[0])))
    return (
        re.compile(rf"(?:{names})$"),
        re.compile(rf"(?:{names})(?:壮族|回族|维吾尔)?(?:自治|特别行政)$"),
    )


class OwnUnits:
    """The units an edition names as its own: its roster's names and
    aliases, its issuer, and its region's own association."""

    def __init__(self, edition: Edition) -> None:
        self.names: frozenset[str] = frozenset(
            name for unit in edition.roster for name in (unit.name, *unit.aliases) if name
        )
        self.issuer = edition.issuer.name.zh
        region = edition.region.zh.strip()
        short = re.sub(r"(?:省|市|自治区|特别行政区)$", "", region)
        self.region = tuple(w for w in {region, short} if len(w) >= 2)

    def owns(self, name: str) -> bool:
        return (
            name in self.names
            or (bool(self.issuer) and name in self.issuer)
            or any(name.startswith(w) and len(name) - len(w) <= 8 for w in self.region)
        )

    def owns_place(self, place: str) -> bool:
        """Whether ``place`` (``南京``) is the region's, or the place of a
        unit on the roster or of the issuer: its societies and districts
        (``南京市海洋学会``, ``南京市鼓楼区科协``) are the edition's own."""
        return (
            any(place.startswith(w) or w.startswith(place) for w in self.region)
            or any(name.startswith(place) for name in self.names)
            or self.issuer.startswith(place)
        )


def _place_before(
    text: str, end: int, most: int = _PLACE_MAX + 2, stop: frozenset[str] = _NOT_PLACE
) -> str:
    """The Chinese characters right before ``end`` that may be a place (or,
    with ``stop`` :data:`_NOT_FIELD`, a society's field)."""
    start = end
    while start > 0 and end - start < most:
        ch = text[start - 1]
        if not _HAN.match(ch) or ch in stop:
            break
        start -= 1
    return text[start:end]


def _trimmed(place: str) -> str:
    """``place`` after the last word no place begins with (``如``, ``或``,
    the ``协`` of a unit before) that leaves two characters or more."""
    for i in range(len(place) - 3, -1, -1):
        if place[i] in _LEADING:
            return place[i + 1 :]
    return place


def _place(text: str, at: int) -> str | None:
    """The place before the level at ``text[at]``: a province's name before
    ``省`` or an autonomous region's ``区``, else two to four characters
    after any word that begins no place (``如``, ``或``); None for none."""
    run = _place_before(text, at, _WALK_MAX)
    province, autonomous = _province_before()
    if text[at] == "省" or (text[at] == "区" and run.endswith(("自治", "特别行政"))):
        m = (province if text[at] == "省" else autonomous).search(run)
        return run[m.start() :] if m is not None else None
    run = run[-(_PLACE_MAX + 2) :]
    if (
        len(run) < 2
        or _PLACEHOLDER in run
        or run[-1] + text[at] in _NO_PLACE
        or run[-2:] in _NO_PLACE_WORDS
    ):
        return None
    place = _trimmed(run)[-_PLACE_MAX:]
    return None if place.startswith(_NATIONAL) else place


def _level_before(text: str, tail: re.Match[str]) -> int | None:
    """Where the level of the unit ending in ``tail`` is: right before an
    association (``市科协``), before a society's field (``省海洋学会``)."""
    at = tail.start() - 1
    if tail.group(0) not in _ASSOCIATION:
        field = _place_before(text, tail.start(), _FIELD_MAX, _NOT_FIELD)
        if not field:
            return None
        at -= len(field)
    return at if at >= 0 and text[at] in _LEVELS else None


def _unit_at(text: str, tail: re.Match[str], units: OwnUnits) -> tuple[int, str] | None:
    """The unit ending in ``tail`` when it is not the edition's own: where
    its name begins, and its name from its first place on."""
    at = _level_before(text, tail)
    if at is None or (place := _place(text, at)) is None:
        return None
    start = at - len(place)
    # A place right after another's level is part of one name: 南京市玄武区科协.
    while start > 0 and text[start - 1] in _LEVELS and (outer := _place(text, start - 1)):
        place, start = outer, start - 1 - len(outer)
    name = text[start : tail.end()]
    rest = name[len(place) :]
    if any(
        units.owns_place(place[-k:]) or units.owns(place[-k:] + rest)
        for k in range(2, len(place) + 1)
    ):
        return None
    return start, name


def _foreign_unit(text: str, units: OwnUnits) -> tuple[int, str] | None:
    for tail in _TAIL.finditer(text):
        unit = _unit_at(text, tail, units)
        if unit is not None:
            return unit
    return None


def foreign_unit_or_phone(
    text: str, units: OwnUnits, areas: frozenset[str]
) -> tuple[str | None, str]:
    """The first unit ``text`` names that is not the edition's own
    (``"unit"``), or phone of an area code none of its issuer's contacts has
    (``"foreign-area"``); ``(None, "")`` for none."""
    unit, phone = _foreign_unit(text, units), foreign_phone(text, areas)
    if unit is not None and (phone is None or unit[0] <= phone[0]):
        return unit[1], "unit"
    if phone is not None:
        return phone[1], "foreign-area"
    return None, ""
