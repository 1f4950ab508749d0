"""``nfkc`` gives what ``unicodedata.normalize("NFKC", ...)`` gives, and the
squashed text of a form's cells what the plain NFKC squash gives (without
the invisible characters)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand._text import nfkc
from reform_brand.names import strip_invisible
from reform_brand.office._grid import squash

#: Characters that NFKC changes or that change around them: full-width
#: ASCII and the ideographic space, combining marks after them, Hangul
#: jamo, compatibility ideographs and letters, ligatures and circled forms.
_TRICKY = st.one_of(
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
    st.sampled_from(["\u3000", "\u0301", "\u0308", "\u0323", "\u0345", "\u3099", "\u309a"]),
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
    st.characters(min_codepoint=0x2460, max_codepoint=0x24FF),
    st.characters(min_codepoint=0xFB00, max_codepoint=0xFB4F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
    st.sampled_from(list("，。：；（）“”、！？ ab:\t\n")),
)
_TEXT = st.one_of(st.text(), st.text(alphabet=_TRICKY), st.text(alphabet=_TRICKY, min_size=65))


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_nfkc_is_unicodedata_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_squash_is_the_plain_squash(text: str) -> None:
    plain = "".join(unicodedata.normalize("NFKC", strip_invisible(text)).split()).rstrip(":∶")
    assert squash(text) == plain
    assert squash(text) == plain  # (remembered, when short)


def test_full_width_text_is_folded() -> None:
    assert nfkc("项目名称：（海洋）　科普，联盟") == "项目名称:(海洋) 科普,联盟"
    assert squash("项 目 名 称：") == "项目名称"
    assert nfkc("Ａ\u030a") == "\u00c5"  # a full-width letter still composes
