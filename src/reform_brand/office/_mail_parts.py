"""Parts of a mail that need a second look: the pictures of its body, the
parts that are the mail's own, and a forwarded mail sent encoded.

A mail from QQ Mail or NetEase (163, 126) may bring its large files as
links (超大附件, 云附件) to a download page that expires after some days:
the mail seems to hold no file, or not all of them (:func:`links_to_files`).

Some parts are the mail's own, whatever their names: a contact card
(``.vcf``, Foxmail's 名片), a calendar invitation (``.ics``), the signature
of a signed mail (``smime.p7s``), the report of a bounce or a read receipt,
the Mac header of a file Apple Mail sent as AppleDouble (``application/applefile``,
often under the file's own name, beside the file itself: :func:`is_mac_header`).
No unit sends its form as one; taken as received files they would be
unknown files of the submission (:func:`is_mail_part`).

A multipart whose boundary the parser did not find (none given, as a
script that folds its header wrong sends it, or another than the one its
parts are between) would be one unnamed file of its raw text, every form
in it lost: :func:`with_boundary` reads it again by the boundary its
lines show.

And what every part is asked: its type, its disposition, a header as
written, its file name and its content decoded (:func:`payload_of`).

A file may come uuencoded in the text of a mail (``begin 644 申报表.docx``
... ``end``), as scripts (``uuencode file | mail``) and older clients send
it: :func:`uuencoded` takes it out of the text, where it would be lost.

A forwarded mail (``message/rfc822``) may be sent in base64 or
quoted-printable, which the standard forbids and mail programs do (Python's
own ``EmailMessage.add_attachment`` does): the parser then reads the encoded
text as the forwarded mail, and the form in it is lost.
:func:`encoded_forward` decodes and reads it.

Pictures that belong to a mail's body, not to what it brought:

Outlook and Foxmail send an HTML mail as ``multipart/related``: the HTML
and the pictures it shows (a signature's logo, ``image001.png``), each with
a ``Content-ID`` that the HTML refers to as ``<img src="cid:...">``.  Such a
picture has a file name and often ``Content-Disposition: inline``, yet it is
part of the body: taken as a received file it would be an unknown file of
the submission, or, beside a Word form alone, taken for its scan.

A picture is part of the body when the HTML of the mail (or of a mail it
forwards) refers to its Content-ID, or when it is a resource of a
``multipart/related`` (not its root) with a Content-ID or a
Content-Location (how Apple Mail and MHTML name it) and not marked as an
attachment.  A picture the sender attached (``Content-Disposition:
attachment``, referred to by no HTML) stays a received file, and so does a
part that is no picture whatever refers to it: a Word form or a PDF is never
taken for a part of the body.
"""

from __future__ import annotations

import binascii
import email
import email.policy
import quopri
import re
import urllib.parse
from email.message import Message
from typing import Final

from reform_brand.office._mail_text import decode_bytes, param_name

__all__ = [
    "PICTURE_SUFFIXES",
    "content_id",
    "content_type_of",
    "disposition_of",
    "encoded_forward",
    "html_cids",
    "is_mail_part",
    "is_picture",
    "links_to_files",
    "part_name",
    "payload_as_declared",
    "payload_of",
    "raw_header",
    "related_root",
    "uuencoded",
    "with_boundary",
]

#: The names of pictures a mail client embeds in a body.
PICTURE_SUFFIXES: Final = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".webp",
    ".emz",
    ".wmz",
    ".wmf",
    ".emf",
)

#: A ``cid:`` URL in HTML (RFC 2392), up to the end of the attribute's value.
_CID_URL: Final = re.compile(rb"cid:([^\"'\s<>()]+)", re.IGNORECASE)


def _cid_key(text: str) -> str:
    """A Content-ID or a ``cid:`` URL's address as compared: without its
    angle brackets, %-escapes undone, without regard to case."""
    return urllib.parse.unquote(text.strip().strip("<>").strip()).casefold()


def content_id(part: Message) -> str:
    """The part's Content-ID as compared (see :func:`_cid_key`); "" when none."""
    for name, value in part.raw_items():
        if name.lower() == "content-id":
            return _cid_key(str(value))
    return ""


def html_cids(msg: Message, *, max_parts: int, max_depth: int) -> frozenset[str]:
    """The Content-IDs that the HTML parts of ``msg`` (forwarded mails
    included) refer to, looking at no more parts, nor deeper, than the
    walk of the mail will."""
    found: set[str] = set()
    todo: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while todo and seen < max_parts:
        part, depth = todo.pop()
        seen += 1
        if depth > max_depth:
            continue
        if part.is_multipart():
            subs = part.get_payload()
            if isinstance(subs, list):
                todo.extend((s, depth + 1) for s in reversed(subs) if isinstance(s, Message))
            continue
        try:
            if part.get_content_type() != "text/html":
                continue
            data = part.get_payload(decode=True)
        except Exception:
            continue
        if isinstance(data, bytes):
            found.update(_cid_key(m.decode("latin-1")) for m in _CID_URL.findall(data))
    return frozenset(found)


def related_root(part: Message, parts: list[Message]) -> int:
    """The index among ``parts`` of the root of the multipart/related
    ``part``: the one its ``start`` parameter names, else the first."""
    try:
        start = part.get_param("start", header="content-type")
    except Exception:  # (a header the parser cannot take apart: the first is the root)
        return 0
    if isinstance(start, str) and start.strip():
        key = _cid_key(start)
        for i, sub in enumerate(parts):
            if content_id(sub) == key:
                return i
    return 0


def is_picture(content_type: str, name: str) -> bool:
    """Whether a part is a picture, by its type or by its name (clients
    send pictures as ``application/octet-stream`` too)."""
    return content_type.startswith("image/") or name.lower().endswith(PICTURE_SUFFIXES)


def _transfer_encoding(part: Message) -> str:
    """The part's Content-Transfer-Encoding as meant: without the spaces
    around it, a comment or a case the standard's parser stumbles on."""
    for name, value in part.raw_items():
        if name.lower() == "content-transfer-encoding":
            return re.sub(r"\([^()]*\)", " ", str(value)).strip().lower()
    return ""


def payload_as_declared(part: Message) -> bytes | None:
    """The content of a leaf part in base64 or quoted-printable whose
    Content-Transfer-Encoding the standard's parser does not read as such
    (``Base64 `` with a space after it, or with a comment): decoded here, where
    the parser would give the encoded text as the file.  None when the parser
    reads it right."""
    try:
        encoding = _transfer_encoding(part)
        if encoding not in ("base64", "quoted-printable"):
            return None
        if str(part.get("content-transfer-encoding", "")).lower() == encoding:
            return None  # (what the parser compares)
        text = part.get_payload(decode=False)
        if not isinstance(text, str):
            return None
        data = text.encode("utf-8", "surrogateescape")
        if encoding == "quoted-printable":
            return quopri.decodestring(data)
        # Leniently, as the parser reads base64: what is not of its alphabet
        # left out, the padding made good.
        letters = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        letters = letters[: len(letters) - (len(letters) % 4 == 1)]
        return binascii.a2b_base64(letters + b"=" * (-len(letters) % 4))
    except Exception:  # (never a reason to fail a mail: the parser's reading stands)
        return None


def encoded_forward(part: Message) -> Message | None:
    """The mail a ``message/rfc822`` part sent in base64 or quoted-printable
    holds, read; None for one sent as the standard asks (the parser read it
    already) or one that cannot be decoded."""
    encoding = _transfer_encoding(part)
    if encoding not in ("base64", "quoted-printable"):
        return None
    inner = part.get_payload()
    if not isinstance(inner, list) or len(inner) != 1 or not isinstance(inner[0], Message):
        return None
    try:
        # The encoded text, as the parser took it for a mail.
        text = inner[0].as_bytes(policy=email.policy.compat32.clone(linesep="\n"))
        if encoding == "base64":
            data = binascii.a2b_base64(b"".join(text.split()))
        else:
            data = quopri.decodestring(text)
        return email.message_from_bytes(data, policy=email.policy.default)
    except Exception:
        return None


#: The types of the parts that are the mail's own (see the module).
_MAIL_PART_TYPES: Final = frozenset(
    {
        "text/vcard",
        "text/x-vcard",
        "text/directory",
        "text/calendar",
        "application/ics",
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
        "application/pgp-signature",
        "text/rfc822-headers",
        "message/delivery-status",
        "message/global-delivery-status",
        "message/disposition-notification",
        "message/global-disposition-notification",
    }
)
#: Their names, for a part sent as ``application/octet-stream``.
_MAIL_PART_SUFFIXES: Final = (".vcf", ".ics", ".p7s")


def is_mail_part(content_type: str, name: str) -> bool:
    """Whether a part is the mail's own, by its type or its name."""
    return content_type in _MAIL_PART_TYPES or name.lower().endswith(_MAIL_PART_SUFFIXES)


#: The first bytes of an AppleDouble header (RFC 1740); an AppleSingle file,
#: ``application/applefile`` too, starts ``00 05 16 00`` and holds the file.
_APPLE_DOUBLE: Final = b"\x00\x05\x16\x07"


def is_mac_header(part: Message) -> bool:
    """Whether ``part`` is the Mac header of a file Apple Mail sent as
    AppleDouble (the file itself is the next part): the mail's own."""
    if part.get_content_type() != "application/applefile" or part.is_multipart():
        return False
    data = part.get_payload(decode=True)
    return isinstance(data, bytes) and data.startswith(_APPLE_DOUBLE)


def is_own_part(part: Message, content_type: str) -> bool:
    """Whether ``part`` (of ``content_type``) is the mail's own whatever its
    name: by its type (:func:`is_mail_part`), or as a Mac header."""
    return is_mail_part(content_type, "") or is_mac_header(part)


#: Where the large attachments of Chinese webmail are downloaded from, and
#: where a file shared from a cloud drive is.
_LINKED_HOSTS: Final = re.compile(
    rb"mail\.qq\.com/cgi-bin/ftnExs_download|ftn\.qq\.com/|wx\.mail\.qq\.com/ftn/"
    rb"|mail\.(?:163|126)\.com/large-attachment-download|mail\.yeah\.net/large-attachment-download"
    rb"|dashi\.163\.com/html/cloud-attachment-download"
    # Files shared from a cloud drive (百度网盘, 微云, 阿里云盘, 夸克, 天翼, 和彩云,
    # 坚果云, OneDrive and SharePoint): links to the files, not the files.
    rb"|pan\.baidu\.com/(?:s/|share/)|share\.weiyun\.com/|(?:aliyundrive|alipan)\.com/s/"
    rb"|pan\.quark\.cn/s/|cloud\.189\.cn/(?:t/|web/share)|caiyun\.139\.com/|jianguoyun\.com/p/"
    rb"|1drv\.ms/|onedrive\.live\.com/|-my\.sharepoint\.com/",
    re.IGNORECASE,
)
#: What those mails call such a file.
_LINKED_WORDS: Final = ("超大附件", "云附件")


def links_to_files(data: bytes, charset: str | None) -> bool:
    """Whether the text part ``data`` (of the ``charset`` it is labelled
    with) links to files of the mail on a webmail's download page."""
    if _LINKED_HOSTS.search(data):
        return True
    text = decode_bytes(data, charset).text
    return any(word in text for word in _LINKED_WORDS)


#: The line that starts a uuencoded file: ``begin``, its mode and its name.
_UU_BEGIN: Final = re.compile(rb"^begin [0-7]{3,4} ([^\r\n]*\S)[ \t]*\r?$", re.MULTILINE)
_UU_END: Final = re.compile(rb"^end[ \t]*(?:\r?\n|\r?\Z)", re.MULTILINE)


def _uu_line(line: bytes) -> bytes:
    """One line of a uuencoded file decoded; as the ``uu`` module read it,
    a line some encoders padded or cut short is read for the bytes it says."""
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        count = (((line[0] - 32) & 63) * 4 + 5) // 3
        try:
            return binascii.a2b_uu(line[:count])
        except binascii.Error:
            return b""


def uuencoded(data: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The files uuencoded in the text ``data`` (each its name as written and
    its content), and the text without them.  A file is from its ``begin``
    line to its ``end`` line: text with no ``end`` line after it (a line
    that happens to start ``begin 644``) is left as it is."""
    files: list[tuple[bytes, bytes]] = []
    kept: list[bytes] = []
    pos = 0
    while (begin := _UU_BEGIN.search(data, pos)) is not None:
        end = _UU_END.search(data, begin.end())
        if end is None:
            break
        lines = data[begin.end() : end.start()].splitlines()
        files.append((begin[1], b"".join(_uu_line(line) for line in lines if line.strip())))
        kept.append(data[pos : begin.start()])
        pos = end.end()
    return files, b"".join([*kept, data[pos:]])


#: A line that opens a part of a multipart: ``--`` and its boundary (RFC
#: 2046: at most 70 characters).
_BOUNDARY_LINE: Final = re.compile(r"^--([^\s]{1,70})[ \t]*\r?$", re.MULTILINE)


def with_boundary(part: Message) -> Message | None:
    """The multipart ``part`` that the parser could not take apart (its
    payload is the raw text), read again with the boundary of its first
    line ``--BOUNDARY``, when its closing line ``--BOUNDARY--`` is there
    too; None when there is no such boundary."""
    text = part.get_payload(decode=False)
    if part.is_multipart() or not isinstance(text, str):
        return None
    found = _BOUNDARY_LINE.search(text)
    if found is None or found[1].endswith("--") or f"--{found[1]}--" not in text:
        return None
    head = f'Content-Type: {part.get_content_type()}; boundary="{found[1]}"\n\n'
    try:
        data = head.encode() + text.encode("utf-8", "surrogateescape")
        return email.message_from_bytes(data, policy=email.policy.default)
    except Exception:  # (never a reason to fail a mail: the part stays as it was)
        return None


# -- a part's headers and content ----------------------------------------------------


def content_type_of(part: Message) -> str:
    """The part's content type; ``application/octet-stream`` when its
    header cannot be read."""
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def disposition_of(part: Message) -> str:
    """The part's Content-Disposition (``attachment``, ``inline``), "" when none."""
    for name, value in part.raw_items():
        if name.lower() == "content-disposition":
            return str(value).split(";", 1)[0].strip().lower()
    return ""


def raw_header(part: Message, header: str) -> str | None:
    """The part's first ``header`` (lower case) as written, None when none."""
    for name, value in part.raw_items():
        if name.lower() == header:
            return str(value)
    return None


def part_name(part: Message) -> tuple[str, str, tuple[str, ...]] | None:
    """The decoded name, the raw name and unknown charsets of a part."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw is None:
            continue
        got = param_name(raw, header, param)
        if got is not None and got[0].text.strip():
            decoded, raw_name = got
            return decoded.text, raw_name, decoded.unknown
    return None


def payload_of(part: Message) -> bytes:
    """The content of a leaf part, decoded (empty when it cannot be)."""
    declared = payload_as_declared(part)
    if declared is not None:
        return declared
    clean = _clean_base64(part)
    if clean is not None:
        return clean
    try:
        data = part.get_payload(decode=True)
    except Exception:
        return b""
    return data if isinstance(data, bytes) else b""


#: Base64 as the standard writes it: the letters in lines, the padding at
#: the end.
_CLEAN_BASE64: Final = re.compile(r"[A-Za-z0-9+/\r\n]*+(?:={1,2}[\r\n]*+)?")


def _clean_base64(part: Message) -> bytes | None:
    """The content of a part in base64 as the standard writes it, decoded
    as the parser decodes it, without the parser's copies of it (each line,
    then the lines joined: a 30 MB file took some 200 MB); None for any
    other part, which the parser decodes (and says what is wrong with it)."""
    if str(part.get("content-transfer-encoding", "")).lower() != "base64":
        return None
    text = part.get_payload(decode=False)
    if not isinstance(text, str) or _CLEAN_BASE64.fullmatch(text) is None:
        return None
    if (len(text) - text.count("\r") - text.count("\n")) % 4:
        return None  # (the parser says the padding is wrong)
    try:
        return binascii.a2b_base64(text)
    except (binascii.Error, ValueError):
        return None
