"""Walking an edition's data for the linter, and the checks of its texts:
each :class:`~reform_brand.model.Text` has its English, and its Chinese is
Chinese (not English left in the ``zh`` slot)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs

from reform_brand.findings import Finding
from reform_brand.model import FormField, Text

__all__ = ["clip", "text_findings", "walk", "walk_fields"]

#: A Chinese character (CJK ideographs, extension A and the compatibility block).
_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: A word of Latin letters.
_LATIN_WORD: Final = re.compile(r"[A-Za-z]{2,}")


def text_findings(pointer: str, text: Text, finding: Callable[..., Finding]) -> Iterator[Finding]:
    """``lint.translation-missing`` for a Chinese text without English, and
    ``lint.zh-not-chinese`` for a ``zh`` text of Latin words and no Chinese
    character (English put in the Chinese slot: the forms would show it)."""
    if text.zh.strip() and not text.en.strip():
        yield finding("lint.translation-missing", pointer + "/en", text=clip(text.zh))
    if _LATIN_WORD.search(text.zh) and not _HAN.search(text.zh):
        yield finding("lint.zh-not-chinese", pointer + "/zh", text=clip(text.zh))


def clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def walk(obj: object, pointer: str) -> Iterator[tuple[str, object]]:
    """Every attrs value (and Text) in ``obj`` with its JSON pointer."""
    yield pointer, obj
    cls: Any = type(obj)
    if isinstance(obj, Text) or not attrs.has(cls):
        return
    for a in attrs.fields(cls):
        if not a.eq:  # not data (Edition.source)
            continue
        value = getattr(obj, a.name)
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                if attrs.has(type(item)):
                    yield from walk(item, f"{pointer}/{a.name}/{i}")
        elif attrs.has(type(value)):
            yield from walk(value, f"{pointer}/{a.name}")


def walk_fields(fields: tuple[FormField, ...], prefix: str) -> Iterator[tuple[str, FormField]]:
    for j, f in enumerate(fields):
        pointer = f"{prefix}/{j}"
        yield pointer, f
        yield from walk_fields(f.fields, pointer + "/fields")
