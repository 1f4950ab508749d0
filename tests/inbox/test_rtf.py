"""The Rich Text body of an Outlook mail: PR_RTF_COMPRESSED decompressed
(MS-OXRTFCP, its examples) within bounds, and the RTF read as text."""

from __future__ import annotations

import contextlib
import random
import struct

import pytest

from reform_brand.office._rtf import RtfError, decompress, rtf_text
from tests.inbox import msgfile as M

#: MS-OXRTFCP 4.1 and 4.2: a compressed RTF, and one with a run that
#: refers to itself (the dictionary's reference overlaps what it writes).
SIMPLE = bytes.fromhex(
    "2d0000002b0000004c5a4675f1c5c7a703000a00726370673132354232"
    "0af32068656c090020627705b06c647d0a800fa0"
)
RUN = bytes.fromhex("1a0000001c0000004c5a4675e2d44b51410004205758595a0d6e7d010eb0")


def test_the_examples_of_the_specification() -> None:
    assert decompress(SIMPLE, limit=1000) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    assert decompress(RUN, limit=1000) == b"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}"
    assert decompress(RUN, limit=10) == b"{\\rtf1 WXY"


def test_stored_uncompressed_and_written_by_the_tests() -> None:
    stored = struct.pack("<IIII", 12 + 5, 5, 0x414C454D, 0) + b"{\\rtf"
    assert decompress(stored, limit=100) == b"{\\rtf"
    for rtf in (b"", b"x", b"{\\rtf1 1234567}", b"{\\rtf1 12345678}", bytes(range(256)) * 40):
        assert decompress(M.rtf_compressed(rtf), limit=1 << 20) == rtf


@pytest.mark.parametrize(
    "data",
    [
        b"",
        SIMPLE[:10],
        SIMPLE[:-1],  # its size says more than there is
        SIMPLE[:8] + b"ABCD" + SIMPLE[12:],  # a kind nobody knows
        SIMPLE[:12] + b"\x00\x00\x00\x00" + SIMPLE[16:],  # a wrong CRC
        struct.pack("<IIII", 3, 0, 0x75465A4C, 0),  # a size below the header's
    ],
)
def test_what_cannot_be_read_raises_rtf_error(data: bytes) -> None:
    with pytest.raises(RtfError):
        decompress(data, limit=1000)


def test_a_claimed_size_is_never_trusted_and_the_work_is_bounded() -> None:
    # Every token a reference of 17 bytes (each 2 bytes of input writes 17),
    # never to where the dictionary is written next (which would end it).
    tokens, pos = [], 207
    for _ in range(800_000):
        tokens.append(struct.pack(">H", ((pos + 1) % 4096) << 4 | 15))
        pos = (pos + 17) % 4096
    body = b"".join(b"\xff" + b"".join(tokens[i : i + 8]) for i in range(0, len(tokens), 8))
    data = struct.pack("<III", len(body) + 12, 0xFFFFFFFF, 0x75465A4C)
    data += struct.pack("<I", M._crc(body)) + body
    assert len(decompress(data, limit=64 * 1024)) == 64 * 1024
    rng = random.Random(3)
    for _ in range(200):
        junk = bytes(rng.getrandbits(8) for _ in range(rng.randrange(200)))
        body = junk[16:]
        head = struct.pack("<III", len(body) + 12, rng.randrange(1 << 20), 0x75465A4C)
        with contextlib.suppress(RtfError):
            assert len(decompress(head + struct.pack("<I", M._crc(body)) + body, limit=500)) <= 500


def test_the_text_as_a_reader_shows_it() -> None:
    rtf = (
        rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
        rb"{\colortbl;\red0\green0\blue0;}{\*\generator Riched20;}{\info{\author x}}"
        rb"\uc1\pard \'c9\'ea\'b1\'a8\u34920?\u-10179?\u-8704?\par"
        rb"{\pict\wmetafile8 0102ff}\uc0\u25253\'a3\'ba"
        rb"{\field{\*\fldinst HYPERLINK \"https://x.example\"}{\fldrslt \'c1\'b4\'bd\'d3}}"
        rb"\tab a\{b\}\\c\~d\bin4 {}\\e\par\par\par\par end}"
    )
    # (\bin4 and the four bytes after it: binary data, no text.)
    assert rtf_text(rtf, limit=1000) == "申报表\U0001f600\n报：链接\ta{b}\\c de\n\nend"
    assert rtf_text(rtf, limit=3) == "申报表"


def test_html_kept_as_rich_text_is_read_without_its_tags() -> None:
    """Outlook's RTF of an HTML mail (\\fromhtml): the tags are optional
    destinations, the text between them the body's."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}"
        rb"{\*\htmltag19 <html>}{\*\htmltag34 <body>}{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 "
        rb"Hello\htmlrtf }\htmlrtf0 {\*\htmltag72 </p>}\htmlrtf \par \htmlrtf0 world}"
    )
    assert rtf_text(rtf, limit=1000) == "Hello\nworld"


def test_what_is_no_rtf_is_no_text_and_nothing_raises() -> None:
    assert rtf_text(b"plain text", limit=100) == ""
    rng = random.Random(5)
    for _ in range(300):
        junk = bytes(rng.choice(b"{}\\'abu0123456789-*? \r\n\xff") for _ in range(200))
        assert len(rtf_text(b"{\\rtf1" + junk, limit=50)) <= 50


def test_each_font_is_read_in_its_own_character_set() -> None:
    """An English Outlook's mail (``\\ansicpg1252``) with Chinese in a font of
    the GB2312 character set (``\\fcharset134``), Russian in one of the
    Cyrillic set, and a font whose code page is given (``\\cpg950``): each
    run in its font's code page; the ANSI font, the default one and text
    after ``\\plain`` in the document's."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}"
        rb"{\f1\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f2\froman\fcharset204 Times;}"
        rb"{\f3\fnil\fcharset136\cpg950 PMingLiU;}}"
        rb"\pard caf\'e9 {\f1 \'d6\'d0\'ce\'c4} \'e9\par"
        rb"\f2 \'cf\'f0\f1 \'b1\'a8\plain \'e9 {\f3 \'a4\'a4}\par}"
    )
    assert (
        rtf_text(rtf, limit=1000)
        == "caf\u00e9 \u4e2d\u6587 \u00e9\n\u041f\u0440\u62a5\u00e9 \u4e2d"
    )


def test_a_chinese_documents_fonts_keep_its_code_page() -> None:
    """A Chinese Outlook (``\\ansicpg936``) names its Latin fonts with the
    ANSI character set and writes its Chinese in the document's code page:
    still GBK."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}"
        rb"{\f1\fnil\fcharset1 x;}}\f0 \'d6\'d0{\f1 \'ce\'c4}{\f9 \'b1\'a8}}"
    )
    assert rtf_text(rtf, limit=1000) == "\u4e2d\u6587\u62a5"
