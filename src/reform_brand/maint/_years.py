"""The linter's check of year-bearing facts: what an edition copied from an
older one still says of the older year.

* titles (the edition's and each form's) that name a year other than the
  edition's ``year``, written in any way, but for the period a summary
  covers (below; the English title may name the year its Chinese one so names);
* any other text of the edition - the document number, the preamble and
  requirements, the reform items' descriptions, readings, notice texts,
  field examples and help, extra materials - that names a year before the
  edition's, as a year is written in a notice: ``2022 年``, ``〔2022〕``, a
  date ``2022-08-15``, or a value that is a year alone (a key word);
* the deadline, when its last day falls before the edition's year, or is
  not the day its ``notice_text`` names (``11 月 28 日``), and a call that
  accepts late submissions whose notice text refuses them (逾期不再受理);
* an extra material for the units selected in an earlier call whose
  ``selected_in`` is older than the year before the edition's (its texts
  may name ``selected_in``: ``2021 年度改革品牌项目总结``).

A text or a title may name the year before the edition's as the period a summary or a
report covers (``2022 年度改革工作总结``, ``2022 年度工作报告`` in a 2023 call):
last year's work is what this year's call asks a summary of, no stale copy.

Ids and clauses are not facts of the year and are not read.  The issue date
is ``lint.year-mismatch``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs

from reform_brand._text import nfkc
from reform_brand.findings import Finding
from reform_brand.model import Edition, Text

__all__ = ["deadline_text", "stale_years"]

#: A year, written in any way (in titles).
_YEAR: Final = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
#: A year as a notice writes one: before 年, in 〔〕 or [], the year of an
#: ISO date, or a value that is a year alone.
_NAMED_YEAR: Final = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年|〕|\]|-[01][0-9]-[0-3][0-9](?![0-9]))"
    r"|^\s*((?:19|20)[0-9]{2})\s*$"
)
#: A year named as the period a summary or a report covers: ``2022 年度总结``,
#: ``2022 年度改革工作总结``, ``2022 年度…报告`` (a few words between, no
#: punctuation).
_PERIOD: Final = re.compile(r"\s*年度[^\s，。；：、,.;:!?！？（）()]{0,16}?(?:总结|报告)")
#: Members that are not facts of the year.
_SKIPPED: Final = frozenset({"id", "clause", "source"})

FindingMaker = Callable[..., Finding]

#: Words of a notice that refuse late submissions (逾期不再受理).
_REFUSED: Final = re.compile(r"(?:逾期|过时)(?:不再|不予|不|概不)(?:受理|接收|候)|逾期无效")
#: A day as a notice writes one: ``11 月 28 日``, ``2025 年 11 月 28 日``.
_DAY: Final = re.compile(r"(?<![0-9])([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")


def deadline_text(edition: Edition, finding: FindingMaker) -> Iterator[Finding]:
    """``lint.deadline-text-late`` when the deadline accepts late submissions
    and its notice text refuses them; ``lint.deadline-text-mismatch`` when
    the deadline's notice text names days and none is the deadline's last
    day (``8 月 20 日前`` for an exclusive midnight of 21 August is that
    day)."""
    deadline = edition.deadline
    said = [(int(m[1]), int(m[2]), m[0]) for m in _DAY.finditer(nfkc(deadline.notice_text))]
    last = deadline.last_moment().date()
    refused = _REFUSED.search(deadline.notice_text)
    if deadline.late_accepted and refused is not None:
        yield finding(
            "lint.deadline-text-late",
            "/deadline/late_accepted",
            clause=deadline.clause,
            said=refused[0],
        )
    if said and not any((month, day) == (last.month, last.day) for month, day, _ in said):
        yield finding(
            "lint.deadline-text-mismatch",
            "/deadline/notice_text",
            clause=deadline.clause,
            last_day=last.isoformat(),
            said=said[0][2],
        )


def stale_years(edition: Edition, finding: FindingMaker) -> Iterator[Finding]:
    """The findings of ``edition``'s year-bearing facts that are stale;
    ``finding(code, pointer, **params)`` makes one."""
    year = edition.year
    titles: list[tuple[str, Text]] = [("/title", edition.title)]
    titles += [(f"/forms/{i}/title", f.title) for i, f in enumerate(edition.forms)]
    for pointer, text in titles:
        yield from _stale_title(pointer, text, year, finding)
    covered = {f"{pointer}/{lang}" for pointer, _ in titles for lang in ("zh", "en")}
    allowed = {
        f"/extra_materials/{i}": m.selected_in for i, m in enumerate(edition.extra_materials)
    }
    for pointer, value in _strings(edition, ""):
        if pointer in covered:
            continue
        material = "/".join(pointer.split("/")[:3])
        found = sorted(
            {
                y
                for m in _NAMED_YEAR.finditer(value)
                for y in [m.group(1) or m.group(2)]
                if int(y) < year
                and int(y) != allowed.get(material)
                and not _covered(m, value, year)
            }
        )
        if found:
            yield finding("lint.stale-year", pointer, found=", ".join(found), year=year)
    yield from _stale_dates(edition, finding)


def _stale_title(pointer: str, text: Text, year: int, finding: FindingMaker) -> Iterator[Finding]:
    """``lint.stale-year`` for a title naming another year than ``year``,
    written in any way.  Last year's summary (2022 年度工作总结表 in a 2023
    call) is named for the year it covers, in either language."""
    period = {m[0] for m in _YEAR.finditer(text.zh) if _covered(m, text.zh, year)}
    for value, lang in ((text.zh, "zh"), (text.en, "en")):
        years = sorted({y for y in _YEAR.findall(value) if int(y) != year} - period)
        if years:
            yield finding("lint.stale-year", f"{pointer}/{lang}", found=", ".join(years), year=year)


def _covered(m: re.Match[str], value: str, year: int) -> bool:
    """Whether the year ``m`` found in ``value`` is the year before ``year``
    named as the period a summary or report covers (:data:`_PERIOD`)."""
    named = m[m.lastindex] if m.lastindex else m[0]
    return int(named) == year - 1 and _PERIOD.match(value, m.end()) is not None


def _stale_dates(edition: Edition, finding: FindingMaker) -> Iterator[Finding]:
    year = edition.year
    last = edition.deadline.last_moment()
    if last.year < year:
        yield finding("lint.stale-date", "/deadline/at", date=last.date().isoformat(), year=year)
    for i, m in enumerate(edition.extra_materials):
        if m.selected_in and m.selected_in < year - 1:
            yield finding(
                "lint.stale-year",
                f"/extra_materials/{i}/selected_in",
                found=str(m.selected_in),
                year=year,
            )


def _strings(obj: object, pointer: str) -> Iterator[tuple[str, str]]:
    """Every text in ``obj`` (an attrs value, a tuple, a :class:`Text`) with
    its JSON pointer, but for the members in :data:`_SKIPPED`."""
    if isinstance(obj, str):
        yield pointer, obj
    elif isinstance(obj, Text):
        yield pointer + "/zh", obj.zh
        yield pointer + "/en", obj.en
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _strings(item, f"{pointer}/{i}")
    elif attrs.has(type(obj)):
        cls: Any = type(obj)
        for a in attrs.fields(cls):
            if a.eq and a.name not in _SKIPPED:
                yield from _strings(getattr(obj, a.name), f"{pointer}/{a.name}")
