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

Before that, what only looks like a gap is taken out: spaces between two
Chinese characters (``海 洋 科 普``, as text copied out of a PDF or spaced to
fill a cell comes) and invisible characters anywhere (zero-width spaces,
joiners, soft hyphens, byte-order marks), which would otherwise cut a text
into single characters that match nothing; and full-width letters and
digits (``ＡＰＰ``, ``３Ｄ``) are read as ASCII.  Line ends are kept: they end
a paragraph.

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

__all__ = ["close_gaps", "fold", "has_traditional"]

#: A Chinese character: the unified ideographs, extension A and the
#: compatibility ideographs.
_HAN_CLASS: Final = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAN: Final = re.compile(_HAN_CLASS)
#: OpenCC's conversions, in this order: Taiwan's (its variants), then
#: Hong Kong's (for the variants Taiwan's leaves, such as 衞).
_CONFIGS: Final = ("tw2s", "hk2s")
#: The white space that is no line end (every character ``str.isspace``
#: takes but \n \r \f \v \x1c-\x1e \x85 \u2028 \u2029), and the invisible
#: characters.
_SPACES: Final = (
    "\t\x1f \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
)
_INVISIBLES: Final = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: Spaces between two Chinese characters, and invisible characters anywhere.
_GAPS: Final = re.compile(
    rf"(?<={_HAN_CLASS})[{re.escape(_SPACES)}]+(?={_HAN_CLASS})|[{re.escape(_INVISIBLES)}]"
)
#: The characters :data:`_GAPS` takes out, but the ASCII space.  A regular
#: expression goes through a Chinese text at some 25 ns a character, where
#: ``in`` finds a character at C speed: a text whose only gaps are ASCII
#: spaces (most forms) is handled by :func:`_close_spaces` without one.
_OTHER_GAPS: Final = _SPACES.replace(" ", "") + _INVISIBLES
#: Full-width ASCII letters and digits, as ASCII.
_WIDE: Final = {
    c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_WIDE_CLASS: Final = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_WIDE_RE: Final = re.compile(f"[{_WIDE_CLASS}]")
#: Any character :func:`close_gaps` changes but the ASCII space: one search
#: through a text that has none (most forms) instead of one per character.
_TO_CLOSE: Final = re.compile(f"[{re.escape(_OTHER_GAPS)}{_WIDE_CLASS}]")
#: What OpenCC cannot take: NUL and lone surrogates.
_UNSAFE: Final = re.compile("[\x00\ud800-\udfff]")
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


def _close_spaces(text: str) -> str:
    """``_GAPS.sub("", text)`` for a text whose only gaps are ASCII spaces:
    each run of spaces between two Chinese characters taken out."""
    parts = text.split(" ")
    out = [parts[0]]
    last = parts[0][-1:]
    run = 0
    for part in parts[1:]:
        run += 1
        if not part:
            continue  # another space of the run
        if last and _HAN.match(last) and _HAN.match(part[0]):
            out.append(part)
        else:
            out.append(" " * run + part)
        last, run = part[-1], 0
    if run:
        out.append(" " * run)
    return "".join(out)


def close_gaps(text: str) -> str:
    """``text`` without spaces between Chinese characters and without
    invisible characters, full-width letters and digits as ASCII; ``text``
    itself when there is none."""
    if _TO_CLOSE.search(text) is None:
        return _close_spaces(text) if " " in text else text
    if any(c in text for c in _OTHER_GAPS):
        text = _GAPS.sub("", text)
    elif " " in text:
        text = _close_spaces(text)
    if _WIDE_RE.search(text) is not None:
        text = text.translate(_WIDE)
    return text


def fold(text: str) -> str:
    """``text`` as the items are written, for ranking: its gaps closed
    (:func:`close_gaps`) and in simplified characters; ``text`` itself when
    there is nothing to change (see :func:`has_traditional`)."""
    text = close_gaps(text)
    if not has_traditional(text):
        return text
    # OpenCC reads the text as a C string in UTF-8: it would stop at a NUL
    # (dropping the rest) and refuse a lone surrogate (which JSON allows,
    # "\ud800"); both separate words anyway.
    text = _UNSAFE.sub(" ", text)
    for converter in _opencc():
        text = converter.convert(text)
    return text
