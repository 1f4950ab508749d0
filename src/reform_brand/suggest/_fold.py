"""Traditional Chinese folded to simplified, for ranking only.

An edition's items, jieba's dictionary and the keywords are written in
simplified characters; a form typed in traditional characters (by a partner
in Hong Kong or Taiwan, or with an input method set to traditional) shares
only the words written alike in both scripts, and ranks poorly or not at
all.  So the text that is ranked, and an item's text where it has
traditional characters, is folded to simplified first with OpenCC (the
Taiwan conversion with its phrases, 軟體 to 软件 and 資訊 to 信息, then the
Hong Kong one for its own variants, 衞 to 卫).  What is shown is never
changed: the form's data, the report and the findings keep the text as
typed; only the matched words of a suggestion (the items' own words) are
simplified.

A text is folded only when it has a Chinese character outside GB 2312, the
character set of simplified Chinese that every mainland form is typed in:
traditional characters are outside it, and so are a few rare ones (folding
leaves those as they are).  Telling costs an encoding of the text; OpenCC is
imported, and its dictionaries read (a few milliseconds), the first time a
text needs folding, never for a simplified one.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any, Final

__all__ = ["fold", "has_traditional"]

#: A Chinese character: the unified ideographs, extension A and the
#: compatibility ideographs.
_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: OpenCC's conversions, in this order: Taiwan's (its variants), then
#: Hong Kong's (for the variants Taiwan's leaves, such as 衞).
_CONFIGS: Final = ("tw2s", "hk2s")
_LOCK = threading.Lock()
_converters: tuple[Any, ...] | None = None


@functools.lru_cache(maxsize=4096)
def _outside_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def has_traditional(text: str) -> bool:
    """Whether ``text`` has a Chinese character outside GB 2312 (a
    traditional character, or a rare one)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return any(_outside_gb2312(c) for c in set(text) if _HAN.match(c))
    return False


def _opencc() -> tuple[Any, ...]:
    global _converters
    with _LOCK:
        if _converters is None:
            import opencc

            _converters = tuple(opencc.OpenCC(f"{name}.json") for name in _CONFIGS)
        return _converters


def fold(text: str) -> str:
    """``text`` in simplified characters, for ranking: ``text`` itself when
    it has no traditional character (see :func:`has_traditional`)."""
    if not has_traditional(text):
        return text
    for converter in _opencc():
        text = converter.convert(text)
    return text
