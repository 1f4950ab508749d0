"""The characters of the symbol fonts a Word form's choices are typed in
(Wingdings, Wingdings 2, Symbol) as Unicode: data for
:mod:`reform_brand.docxml`."""

from __future__ import annotations

from typing import Final

__all__ = ["SYMBOL_CHARS"]

#: Characters of a symbol font (``w:sym``: Insert > Symbol) as Unicode, by
#: font (:func:`font_key`) and code (``w:char``, a private-use F0xx or the byte alone): the
#: boxes, ticks and crosses of a choice — an empty box ☐, a ticked ☑, a
#: crossed ☒, a filled ■ or ▣, a tick ✓, a cross ✗ or ⊗ — each as the
#: common character its glyph is drawn as (Unicode 7.0 gives each glyph
#: its own: Wingdings' FE is U+1F5F9, a box with a bold tick), and the
#: common signs.
SYMBOL_CHARS: Final = {
    "wingdings": {
        # 🞏 🞐 ❑ ❒ 🞎: white squares, plain and shadowed.
        0x6F: "☐",
        0x70: "☐",
        0x71: "☐",
        0x72: "☐",
        0xA8: "☐",
        0x6E: "■",
        0x78: "☒",  # ⌧
        0xFB: "✗",  # 🗶
        0xFC: "✓",
        0xFD: "☒",  # 🗷
        0xFE: "☑",  # 🗹
    },
    "wingdings2": {
        # □ 🞑 🞒 🞓: white squares, light to heavy.
        0xA3: "☐",
        0xA4: "☐",
        0xA5: "☐",
        0xA6: "☐",
        0xA1: "■",
        0xA2: "■",
        0xA8: "▣",
        0xA9: "▣",  # 🞕
        0x52: "☑",
        0x51: "☒",  # 🗵
        0x53: "☒",  # ⮽
        0x54: "☒",
        0x50: "✓",  # 🗸
        0x4F: "✗",  # 🗴
        0x55: "⊗",  # ⮾
        0x56: "⊗",  # ⮿
    },
    "symbol": {0xD6: "√", 0xB4: "×", 0xB1: "±", 0xB0: "°", 0xA3: "≤", 0xB3: "≥", 0xB9: "≠"},
}
