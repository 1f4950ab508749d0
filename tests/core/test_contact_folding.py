"""A contact field's exported pattern accepts exactly the values that are
in the field's format once folded (full-width characters, other dashes,
invisible characters, white space around): the ``contacts`` rule's quiet
test relies on it, as the portal does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand._portable import (
    _DASHES,
    CONTACT_PATTERNS,
    INVISIBLE,
    fold_contact,
    portable_pattern,
    tolerant_pattern,
)

#: The default formats and a few an edition may give.
PATTERNS = [
    *CONTACT_PATTERNS.values(),
    r"^0[0-9]{2,3}-?[0-9]{7,8}$",
    r"^(0[0-9]{2,3}-)?[0-9]{7,8}(-[0-9]{1,4})?$",
    r"^[0-9]{5}$",
    r"^[a-z]+@example[.]cn$",
]

#: Values in or near those formats.
SAMPLES = [
    "13800000000",
    "1380000000",
    "0531-82073271",
    "0531-82073271-123",
    "053182073271",
    "82073271",
    "office@example.cn",
    "a.b@c-d.cn",
    "12345",
    "abc@example.cn",
]

_SPACES = [" ", "\t", "\n", "\u3000", "\x1c", "\u00a0", "\u2003"]


def _full_width(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


@st.composite
def typed(draw: st.DrawFn) -> str:
    """A sample as a person may type it: characters made full-width, other
    dashes, invisible characters between, white space around or inside,
    a character dropped or added."""
    out = []
    for ch in draw(st.sampled_from(SAMPLES)):
        way = draw(st.integers(0, 9))
        if way == 0:
            ch = _full_width(ch)
        elif way == 1 and ch == "-":
            ch = draw(st.sampled_from(_DASHES))
        elif way == 2:
            ch += draw(st.sampled_from(sorted(INVISIBLE)))
        elif way == 3:
            ch += draw(st.sampled_from(_SPACES))
        elif way == 4 and draw(st.booleans()):
            ch = ""
        out.append(ch)
    around = st.text(st.sampled_from([*_SPACES, *sorted(INVISIBLE)]), max_size=3)
    return draw(around) + "".join(out) + draw(around)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(PATTERNS), typed() | st.text(max_size=16))
def test_the_widened_pattern_accepts_what_folds_into_the_format(pattern: str, value: str) -> None:
    canonical = portable_pattern(pattern)
    widened = tolerant_pattern(canonical)
    assert (re.search(widened, value) is not None) == (
        re.search(canonical, fold_contact(value)) is not None
    )
