"""Clauses checked against the notice's text, when the edition ships it.

A datum cites its clause as the notice numbers it: ``一``, ``二.4`` (item 4
of part 二), ``附件1``, or several joined by ``;``.  When the edition's data
directory holds the notice as ``notice.txt`` (as the scaffold's README
asks), a numbered clause that the notice has no heading for is named: it is
a typo, or a clause of last year's notice that this year's numbers
otherwise.  Named clauses (``联系方式``) are not checked.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from pathlib import Path
from typing import Final

from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import known_reason, os_reason, too_large_reason
from reform_brand.findings import Finding

__all__ = ["notice_finding", "notice_text", "read_notice", "unknown_clause_parts"]

_NUMERALS = "一二三四五六七八九十"
_PART = re.compile(rf"^([{_NUMERALS}]+)(?:[.．](\d+))?$")
_ANNEX = re.compile(r"^附件\s*(\d+)$")
_HEADING = re.compile(rf"^([{_NUMERALS}]+)、")


#: A notice larger than this is not read (as a data file of the edition
#: is not): a notice is a few pages, and a text of tens of megabytes (a
#: wrong file saved as notice.txt) would keep lint busy for minutes.
MAX_NOTICE_BYTES: Final = 8 * 1024 * 1024


def notice_text(source: str) -> str | None:
    """The notice beside an edition's data (``notice.txt``), if there is one."""
    return read_notice(source)[0]


def read_notice(source: str) -> tuple[str | None, Localized | str | None]:
    """The notice beside an edition's data (``notice.txt``), if there is
    one, and why it is not read when it is there but no UTF-8 text file (a
    folder, a link to nothing, a pipe, another encoding), which left the
    clauses unchecked without a word."""
    path = Path(source) / "notice.txt"
    if not source or not (path.is_symlink() or os.path.lexists(path)):
        return None, None
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            return None, known_reason("not a regular file")
        with path.open("rb") as fh:
            raw = fh.read(MAX_NOTICE_BYTES + 1)
        if len(raw) > MAX_NOTICE_BYTES:
            return None, too_large_reason(MAX_NOTICE_BYTES)
        return raw.decode("utf-8-sig"), None
    except FileNotFoundError:
        return None, known_reason("link to nothing")
    except UnicodeDecodeError:
        return None, known_reason("not utf-8")
    except OSError as exc:
        return None, os_reason(exc)


def notice_finding(detail: Localized | str) -> Finding:
    """The notice beside the data that is not read, and why."""
    params: dict[str, object] = {"detail": detail}
    return Finding(
        code="lint.notice-unreadable",
        severity="warning",
        file="notice.txt",
        rule="lint",
        params=params,
    )


def _sections(notice: str) -> dict[str, list[str]]:
    """The notice's parts (一、二、...) with their lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in notice.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif line.startswith(("附件", "联系")):
            # The list of annexes and the contacts close the numbered parts.
            current = None
        elif current is not None and line:
            current.append(line)
    return sections


#: The list of annexes at the end of a notice (``附件：1．…``), and each of
#: its further items on a line of its own (``2．…``, ``3、…``).
_ANNEX_LIST: Final = re.compile(r"^附件\s*[:：]\s*(\d+)\s*[.．、]")
_ANNEX_ITEM: Final = re.compile(r"^(\d+)\s*[.．、]")


@functools.lru_cache(maxsize=4)
def _listed_annexes(notice: str) -> frozenset[str]:
    """The numbers of the annexes the notice's list names: ``附件：1．…``
    and the numbered lines below it, blank lines between them too."""
    numbers: set[str] = set()
    listing = False
    for raw in notice.splitlines():
        line = raw.strip()
        found = _ANNEX_LIST.match(line) or (_ANNEX_ITEM.match(line) if listing else None)
        if found is not None:
            numbers.add(str(int(found.group(1))))
            listing = True
        elif line:
            listing = False
    return frozenset(numbers)


def _has_annex(notice: str, number: str) -> bool:
    return re.search(rf"附件\s*{number}(?!\d)", notice) is not None or str(
        int(number)
    ) in _listed_annexes(notice)


def _zh_number(n: int) -> str:
    """``n`` (1 to 99) in Chinese numerals: 一, 十, 十二, 二十一."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" if tens else ""
    return head + (_NUMERALS[ones - 1] if ones else "")


def _item_pattern(item: str) -> re.Pattern[str]:
    """Item ``item`` of a part as a notice numbers it: ``1．``, ``1、``,
    ``（1）``, or ``（一）`` (the second level of an official document)."""
    zh = _zh_number(int(item)) if 0 < int(item) < 100 else item
    return re.compile(rf"(?:{item}[.．、](?!\d)|[（(](?:{item}|{zh})[）)])")


def unknown_clause_parts(clause: str, notice: str) -> list[str]:
    """The numbered parts of ``clause`` that ``notice`` has no heading for."""
    sections = _sections(notice)
    unknown = []
    for part in (p.strip() for p in re.split(r"[;；]", clause)):
        annex = _ANNEX.match(part)
        numbered = _PART.match(part)
        if annex:
            found = _has_annex(notice, annex.group(1))
        elif numbered:
            lines = sections.get(numbered.group(1))
            item = numbered.group(2)
            found = lines is not None and (
                item is None or any(_item_pattern(item).match(line) for line in lines)
            )
        else:
            continue
        if not found:
            unknown.append(part)
    return unknown
