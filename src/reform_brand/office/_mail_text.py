"""Decoding the words of a mail header the way Chinese mail clients write them.

Attachment names and subjects arrive as RFC 2047 encoded words
(``=?GBK?B?...?=``), as RFC 2231 parameters (``filename*=gbk''%C9%EA...``), or
as raw 8-bit GBK bytes that no standard allows and many clients send.  The
labels ``gb2312`` and ``gbk`` (and their other names) are read as GB18030,
their superset, since clients label GBK text as GB2312 all the time; the
names of Big5 Python does not know (``x-big5``, ``windows-950``) as Big5.  A charset nobody knows is
reported (the caller makes a finding of it) and the bytes are read as UTF-8
or else GB18030.
"""

from __future__ import annotations

import codecs
import email.message
import email.utils
import html.parser
import re
import unicodedata
import urllib.parse
from email.errors import HeaderParseError
from email.header import decode_header
from typing import Final

from attrs import frozen

from reform_brand._text import one_line_shown

__all__ = [
    "MAX_NAME_BYTES",
    "MAX_NAME_CHARS",
    "Decoded",
    "big5_or",
    "decode_bytes",
    "decode_words",
    "html_text",
    "param_name",
    "safe_file_name",
    "sender_of",
    "shortened",
    "windows_name",
]

#: An attachment's display name is cut to this many characters (extension kept).
MAX_NAME_CHARS: Final = 120
#: ... and to this many bytes in UTF-8: a file name holds 255 (40 Chinese
#: characters are 120 bytes), and room is left for ``附件-`` and `` (2)``.
MAX_NAME_BYTES: Final = 200

_CHINESE: Final = frozenset(
    {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "euccn", "gb18030", "x-gb2312"}
    # Their other names (IANA's, WHATWG's, Microsoft's, Apple's), which
    # Python does not know, or knows as GB2312 alone.
    | {"gb_2312", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280", "windows-936"}
    | {"ms936", "x-euc-cn", "x-mac-chinesesimp"}
)
#: The names of Big5 that Python does not know (WHATWG's, Microsoft's, Apple's).
_BIG5: Final = frozenset({"x-big5", "cn-big5", "x-x-big5", "windows-950", "x-mac-chinesetrad"})


@frozen
class Decoded:
    """Text decoded from header bytes, with the charsets nobody knows."""

    text: str
    unknown: tuple[str, ...] = ()


def _codec(charset: str) -> str | None:
    label = charset.strip().lower()
    if label in _CHINESE:
        return "gb18030"
    if label in _BIG5:
        return "big5"
    if not label or label in ("unknown-8bit", "x-unknown"):
        return None
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # (a label with a NUL in it: ValueError)
        return None
    # A codec of bytes to bytes, ``base64`` or ``quoted-printable`` that a
    # client wrote as the charset, is no charset.
    return info.name if info._is_text_encoding else None


def _guess(data: bytes) -> str:
    """Unlabelled bytes as UTF-8, else as GB18030 (else as Big5, when they
    are that: :func:`big5_or`)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return big5_or(data, data.decode("gb18030"))
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


#: What Big5 bytes read as GBK give and Chinese text never holds: kana (the
#: GBK rows of Big5's common characters) and characters of the private use
#: area (GBK's user-defined rows).
_NOT_GBK: Final = re.compile("[\u3040-\u30ff\ue000-\uf8ff]")


def big5_or(data: bytes, text: str) -> str:
    """``text``, the bytes ``data`` read as GBK; or ``data`` read as Big5
    (a name or a subject from Taiwan or Hong Kong, no charset said) when
    ``text`` holds what no Chinese text does and Big5 gives Chinese text
    only."""
    if not _NOT_GBK.search(text):
        return text
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return text
    return big5 if _chinese(big5) and not _NOT_GBK.search(big5) else text


#: Labels that clients put on Chinese text by mistake (a default of theirs):
#: Latin-1, Windows-1252, ASCII.
_WESTERN: Final = frozenset({"iso8859-1", "cp1252", "iso8859-15", "ascii"})


def _chinese(text: str, least: int = 1) -> bool:
    """Whether every character of ``text`` beyond ASCII is a Chinese one (an
    ideograph, Chinese punctuation, a full-width form), and there are at
    least ``least``."""
    wide = [ch for ch in text if not ch.isascii()]
    return len(wide) >= least and all(
        "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
        for ch in wide
    )


def _mislabelled(data: bytes, codec: str) -> str | None:
    """``data`` as what it is when its label says otherwise; None when the
    label is to be believed.

    Text labelled GBK or GB2312 that is valid UTF-8 and reads as Chinese is
    UTF-8 (GB18030 reads nearly any bytes, as the wrong characters).  Text
    labelled Latin-1, Windows-1252 or ASCII is UTF-8 when it is valid UTF-8
    (Latin text seldom is), and GBK when it reads as two Chinese characters
    or more in GB2312, both bytes of each character at 0xA1 or above (an
    accented letter before an ASCII one, as Latin text has them, never is;
    two accented letters in a row, ``créée``, are one character)."""
    if codec == "gb18030" or codec in _WESTERN:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if codec != "gb18030" or _chinese(text):
                return text
    if codec in _WESTERN:
        try:
            text = data.decode("gb2312")
        except UnicodeDecodeError:
            return None
        if _chinese(text, least=2):
            return data.decode("gb18030")
    return None


def decode_bytes(data: bytes, charset: str | None) -> Decoded:
    """``data`` in ``charset``; unlabelled or unknown: UTF-8, else GB18030;
    a label clients put on Chinese text by mistake is not believed (see
    :func:`_mislabelled`)."""
    if not charset:
        return Decoded(_guess(data))
    codec = _codec(charset)
    if codec is None:
        # (Shown escaped in its finding: a label may hold a NUL, a line end.)
        return Decoded(_guess(data), (one_line_shown(charset),))
    if not data.isascii():
        text = _mislabelled(data, codec)
        if text is not None:
            return Decoded(text)
    try:
        return Decoded(data.decode(codec))
    except UnicodeDecodeError:
        return Decoded(_guess(data))


def _as_bytes(raw: str) -> bytes:
    """A header value as its bytes: surrogate escapes are the 8-bit bytes the
    parser could not decode; other characters are taken as UTF-8."""
    return raw.encode("utf-8", "surrogateescape")


#: A run of RFC 2047 encoded words, with the white space between them.
_WORDS: Final = re.compile(r"=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)*")


def decode_words(raw: str) -> Decoded:
    """A header value (raw, as parsed from bytes) as text: encoded words
    decoded, raw 8-bit bytes read as UTF-8 or GB18030, folding removed.  A
    value with both (a gateway's raw ``[外部邮件]`` before the client's
    encoded subject) has its encoded words decoded too."""
    unfolded = " ".join(raw.replace("\r", "").split("\n")).strip()
    data = _as_bytes(unfolded)
    if data.isascii():
        return _ascii_words(unfolded)
    text = _guess(data)
    out: list[str] = []
    unknown: list[str] = []
    pos = 0
    for run in _WORDS.finditer(text):
        got = _ascii_words(run[0])
        out += [text[pos : run.start()], got.text]
        unknown += got.unknown
        pos = run.end()
    return Decoded("".join([*out, text[pos:]]), tuple(unknown))


def sender_of(raw: str) -> tuple[Decoded, str]:
    """The display name (decoded) and the address of a ``From:`` value (raw,
    as parsed from bytes).  The address is taken apart before the name is
    decoded: an encoded word may hold what would end a name or start an
    address (``淄博市科协,组织部``, ``科协(办公室)``, ``@``), which decoded first
    would be read as the address.  A value encoded whole, address and all,
    is decoded first; one with no address at all is a name alone."""
    unfolded = " ".join(raw.replace("\r", "").split("\n")).strip()
    data = _as_bytes(unfolded)
    name, address = email.utils.parseaddr(data.decode("ascii") if data.isascii() else _guess(data))
    if "@" not in address or "=?" in address:
        whole = decode_words(raw)
        name, address = email.utils.parseaddr(whole.text)
        if address and "@" not in address and not name.strip():
            # A name alone (``From: 淄博市科协``, as a script or a gateway
            # writes it): no address, and the whole of it the name.
            name, address = whole.text.strip().strip('"'), ""
        return Decoded(name.strip(), whole.unknown), address.strip()
    got = decode_words(name)
    return Decoded(got.text.strip(), got.unknown), address.strip()


def _ascii_words(unfolded: str) -> Decoded:
    """An ASCII header value, its encoded words decoded."""
    try:
        pieces = decode_header(unfolded)
    except (HeaderParseError, ValueError):
        return Decoded(unfolded)
    out: list[str] = []
    unknown: list[str] = []
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        # (RFC 2231 lets a word name its language after ``*``: ``=?GBK*zh-CN?B?…?=``.)
        got = decode_bytes(chunk, charset and charset.partition("*")[0])
        out.append(got.text)
        unknown.extend(got.unknown)
    return Decoded("".join(out), tuple(unknown))


def param_name(raw_header: str, header: str, param: str) -> tuple[Decoded, str] | None:
    """The parameter ``param`` of the raw header value ``raw_header`` (the
    ``filename`` of a Content-Disposition, the ``name`` of a Content-Type),
    decoded, with the raw form as sent (8-bit bytes shown escaped); None when
    the header has no such parameter."""
    holder = email.message.Message()
    # Latin-1 keeps every byte as one character through the legacy parser.
    holder[header] = _as_bytes(raw_header).decode("latin-1")
    values = [v for k, v in holder.get_params(header=header) or () if k.lower() == param]
    if not values:
        return None
    # A name written twice, plainly and as RFC 2231 (``filename="a.pdf";
    # filename*=utf-8''...``), is the RFC 2231 one: the plain one is for
    # programs that do not read RFC 2231, often an ASCII stand-in.  An empty
    # one (``filename*=utf-8''``) names nothing: a name given beside it is
    # the name.
    named = [v for v in values if (v[2] if isinstance(v, tuple) else v).strip()]
    value = next((v for v in named if isinstance(v, tuple)), (named or values)[0])
    if isinstance(value, tuple):
        charset, lang, text = value
        data = text.encode("latin-1", "replace")
        raw = f"{charset or ''}'{lang or ''}'{urllib.parse.quote(data)}"
        return decode_bytes(data, charset or None), raw
    sent = value.encode("latin-1", "replace").decode("ascii", "backslashreplace")
    value = _unquoted(value)
    data = value.encode("latin-1", "replace")
    if data.isascii():
        return decode_words(value), sent
    return Decoded(_guess(data)), sent


def _unquoted(value: str) -> str:
    """A plain parameter's value without the quotes its sender left around
    it: single quotes (``filename='a.pdf'``, as some scripts quote), or a
    double quote never closed (``name="a.pdf``, a header cut short), which
    the parser keeps as part of the value."""
    if len(value) > 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    if value.startswith('"') and '"' not in value[1:]:
        return value[1:]
    return value


#: What a Windows file name cannot hold, as its full-width form (what a
#: Chinese name writes anyway): written there, a file so named is refused,
#: or, with a ``:``, hidden in a stream of another file.
_WINDOWS_FORBIDDEN: Final = str.maketrans({ch: chr(ord(ch) + 0xFEE0) for ch in '<>:"|?*'})
#: The names of Windows' devices, which no file may take (``CON.pdf`` is
#: the console), whatever its extension.
_DEVICES: Final = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)", re.IGNORECASE)


def windows_name(name: str) -> str:
    """One file's or folder's ``name`` with the characters Windows refuses
    as their full-width forms and a device's name taken as ``_CON.pdf``, as
    :func:`safe_file_name` writes them; nothing else changed."""
    text = name.translate(_WINDOWS_FORBIDDEN)
    return f"_{text}" if _DEVICES.match(text) else text


def safe_file_name(name: str, fallback: str) -> str:
    """``name`` made safe as one file name, on Windows too: no folders, no
    control characters, no leading dot, no trailing dot or space, none of
    the characters Windows refuses (each its full-width form,
    :data:`_WINDOWS_FORBIDDEN`), no device's name (``_CON.pdf``), at most
    :data:`MAX_NAME_CHARS` characters and :data:`MAX_NAME_BYTES` bytes of
    UTF-8 (the extension kept); ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", name)
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(
        "_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    text = text.translate(_WINDOWS_FORBIDDEN).strip().lstrip(".").lstrip().rstrip(". ")
    if text in ("", ".", ".."):
        return fallback
    return shortened(windows_name(text))


def shortened(name: str) -> str:
    """``name`` cut to :data:`MAX_NAME_CHARS` characters and
    :data:`MAX_NAME_BYTES` bytes of UTF-8, its extension kept (a file name
    holds 255 bytes: 85 Chinese characters); ``name`` itself when it fits."""
    if len(name) <= MAX_NAME_CHARS and len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not (dot and 0 < len(ext) <= 10):
        stem, ext = name, ""
    tail = "." + ext if ext else ""
    stem = stem[: MAX_NAME_CHARS - len(tail)]
    room = MAX_NAME_BYTES - len(tail.encode("utf-8", "surrogatepass"))
    while len(stem.encode("utf-8", "surrogatepass")) > room:
        stem = stem[:-1]
    return stem + tail


#: The most characters of an HTML body read for its text (the body shown is
#: far shorter; Outlook's style sheet comes first and is long).
_HTML_CHARS: Final = 1_000_000
#: Elements whose text is no text of the body.
_HIDDEN: Final = frozenset({"head", "style", "script", "title", "template", "noscript"})
#: Elements that end a line.
_BLOCKS: Final = frozenset(
    {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
)


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML body as a reader sees it: no markup, no style
    sheet nor script, a line for each paragraph, line break or row, the
    character references read (``&nbsp;``, ``&amp;``)."""
    parser = _Text()
    try:
        parser.feed(markup[:_HTML_CHARS])
        parser.close()
    except Exception:  # (HTMLParser reads what it can; never a reason to fail a mail)
        pass
    lines = (
        " ".join(line.replace("\xa0", " ").split()) for line in "".join(parser.out).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
