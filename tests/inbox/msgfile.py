"""Outlook .msg files for tests: a minimal compound-file writer (MS-CFB)
and the MAPI properties of a mail (MS-OXMSG).

The writer: version 3 (512-byte sectors), one FAT (its sectors listed in
the header's DIFAT, so up to 109 of them), a mini FAT and the mini stream
(64-byte mini sectors, held in the root entry's chain) for every stream
smaller than 4096 bytes, as the directory's stream sizes require.  The
children of a storage are a balanced tree in MS-CFB order (shorter names
first, then upper-cased), all black (readers do not check colours).  Every chain is contiguous; the FAT
sectors come last.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import struct

Tree = dict[str, "bytes | Tree"]

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_CUTOFF = 4096


def _key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


@dataclasses.dataclass
class _Entry:
    """A directory entry: ``type`` 5 the root, 1 a storage, 2 a stream
    (``data``); ``data_size`` the root's mini stream size."""

    name: str
    type: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    data: bytes | None = None
    data_size: int | None = None
    start: int = _END


def _balanced(entries: list[_Entry], kids: list[int]) -> int:
    """The root of a balanced tree of ``kids`` (in order), linked by their
    left and right siblings; all black is a valid red-black tree only when
    it is perfect, but readers do not check colours."""
    mid = len(kids) // 2
    if kids[:mid]:
        entries[kids[mid]].left = _balanced(entries, kids[:mid])
    if kids[mid + 1 :]:
        entries[kids[mid]].right = _balanced(entries, kids[mid + 1 :])
    return kids[mid]


def cfb(tree: Tree, *, chained: bool = False) -> bytes:
    """A compound file holding ``tree`` (a name -> bytes for a stream, a
    name -> dict for a storage).  With ``chained``, each storage's children
    are a chain of right siblings: valid, and as deep as they are many."""
    entries: list[_Entry] = []

    def add(name: str, node: bytes | Tree, root: bool = False) -> int:
        idx = len(entries)
        entry = _Entry(name)
        entries.append(entry)
        if isinstance(node, dict):
            entry.type = 5 if root else 1
            kids = [add(k, node[k]) for k in sorted(node, key=_key)]
            if chained:
                for a, b in itertools.pairwise(kids):
                    entries[a].right = b
                entry.child = kids[0] if kids else _NOSTREAM
            else:
                entry.child = _balanced(entries, kids) if kids else _NOSTREAM
        else:
            entry.type, entry.child, entry.data = 2, _NOSTREAM, node
        return idx

    add("Root Entry", tree, root=True)
    mini = bytearray()
    minifat: list[int] = []
    big: list[tuple[_Entry, bytes]] = []
    for e in entries:
        data = e.data
        if data is None:
            continue
        if len(data) >= _CUTOFF:
            big.append((e, data))
            continue
        count = -(-len(data) // 64)
        e.start = len(minifat) if count else _END
        minifat += [len(minifat) + i + 1 for i in range(count)]
        if count:
            minifat[-1] = _END
        mini += data + bytes(count * 64 - len(data))
    # Content: mini FAT, directory, mini stream, big streams — each a chain.
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        count = -(-len(data) // 512)
        if not count:
            return _END
        start = len(sectors)
        padded = data + bytes(count * 512 - len(data))
        sectors.extend(padded[i * 512 : (i + 1) * 512] for i in range(count))
        fat.extend(start + i + 1 for i in range(count))
        fat[-1] = _END
        return start

    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_start = chain(minifat_bytes)
    entries[0].data_size = len(mini)
    dir_count = -(-len(entries) // 4) * 4
    dir_start = len(sectors)
    dir_sectors = dir_count // 4
    sectors.extend(b"" for _ in range(dir_sectors))  # written below
    fat.extend(dir_start + i + 1 for i in range(dir_sectors))
    fat[-1] = _END
    entries[0].start = chain(bytes(mini))
    for e, data in big:
        e.start = chain(data)
    directory = b"".join(_entry(e) for e in entries) + bytes(128 * (dir_count - len(entries)))
    for i in range(dir_sectors):
        sectors[dir_start + i] = directory[i * 512 : (i + 1) * 512]
    nfat = 1
    while (len(sectors) + nfat) * 4 > nfat * 512:
        nfat += 1
    assert nfat <= 109, "too large for this writer"
    fat_start = len(sectors)
    fat.extend([_FATSECT] * nfat)
    fat.extend([_FREE] * (nfat * 128 - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    difat = [fat_start + i for i in range(nfat)] + [_FREE] * (109 - nfat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            nfat,
            dir_start,
            0,
            _CUTOFF,
            minifat_start,
            -(-len(minifat_bytes) // 512),
            _END,
            0,
        )
        + struct.pack("<109I", *difat)
    )
    assert len(header) == 512
    return header + b"".join(sectors) + fat_bytes


def _entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    data = e.data
    size = e.data_size if e.data_size is not None else len(data) if data is not None else 0
    start = e.start if e.type != 1 else 0
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBB", len(name), e.type, 1)
        + struct.pack("<III", e.left, e.right, e.child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


# -- MAPI properties ----------------------------------------------------------------


def _filetime(when: dt.datetime) -> bytes:
    delta = when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return struct.pack("<Q", (delta // dt.timedelta(microseconds=1)) * 10)


def _props(header: int, fixed: dict[int, bytes]) -> bytes:
    out = bytes(header)
    for tag, value in fixed.items():
        out += struct.pack("<II", tag, 6) + value.ljust(8, b"\x00")
    return out


def _text(pid: int, value: str | bytes) -> tuple[str, bytes]:
    if isinstance(value, bytes):
        return f"__substg1.0_{pid:04X}001E", value + b"\x00"
    return f"__substg1.0_{pid:04X}001F", value.encode("utf-16-le")


def attachment(
    data: bytes,
    long_name: str | bytes = "",
    short_name: str | bytes = "",
    mime: str = "",
    embedded: Tree | None = None,
    method: int = 1,
    cid: str = "",
) -> Tree:
    """The storage of one attachment (names as bytes are 8-bit; ``method``
    PR_ATTACH_METHOD: 5 a mail, 6 an OLE object, whose storage is
    ``embedded`` too)."""
    node: Tree = {"__properties_version1.0": _props(8, {0x37050003: struct.pack("<I", method)})}
    for pid, value in ((0x3707, long_name), (0x3704, short_name), (0x370E, mime), (0x3712, cid)):
        if value:
            key, raw = _text(pid, value)
            node[key] = raw
    if embedded is not None:
        node["__substg1.0_3701000D"] = embedded
    else:
        node["__substg1.0_37010102"] = data
    return node


def msg(
    attachments: list[Tree],
    *,
    subject: str | bytes = "",
    sender: str = "",
    sender_name: str = "",
    headers: str = "",
    body: str = "",
    delivered: dt.datetime | None = None,
    submitted: dt.datetime | None = None,
    codepage: int | None = None,
    chained: bool = False,
    html: bytes | str | None = None,
    html_codepage: int | None = None,
    rtf: bytes | None = None,
) -> bytes:
    """An Outlook .msg mail (``chained``: see :func:`cfb`): ``html`` its
    PR_HTML (bytes: binary, in ``html_codepage``, PR_INTERNET_CPID; a str:
    a Unicode string), ``rtf`` its PR_RTF_COMPRESSED as stored (see
    :func:`rtf_compressed`)."""
    fixed: dict[int, bytes] = {}
    if html_codepage is not None:
        fixed[0x3FDE0003] = struct.pack("<I", html_codepage)
    if delivered is not None:
        fixed[0x0E060040] = _filetime(delivered)
    if submitted is not None:
        fixed[0x00390040] = _filetime(submitted)
    if codepage is not None:
        fixed[0x3FFD0003] = struct.pack("<I", codepage)
    tree: Tree = {"__properties_version1.0": _props(32, fixed)}
    for pid, value in ((0x0037, subject), (0x5D01, sender), (0x0C1A, sender_name), (0x1000, body)):
        if value:
            key, raw = _text(pid, value)
            tree[key] = raw
    if headers:
        tree["__substg1.0_007D001F"] = headers.encode("utf-16-le")
    if isinstance(html, bytes):
        tree["__substg1.0_10130102"] = html
    elif html is not None:
        tree["__substg1.0_1013001F"] = html.encode("utf-16-le")
    if rtf is not None:
        tree["__substg1.0_10090102"] = rtf
    for n, node in enumerate(attachments):
        tree[f"__attach_version1.0_#{n:08X}"] = node
    return cfb(tree, chained=chained)


# -- Rich Text bodies (MS-OXRTFCP) ----------------------------------------------------------

#: The dictionary's first bytes, where a compressed RTF starts writing.
_RTF_PREFIX_SIZE = 207


def _crc(data: bytes) -> int:
    """MS-OXRTFCP's CRC-32: zlib's without its inversions."""
    import zlib

    return zlib.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def rtf_compressed(rtf: bytes, *, crc: int | None = None) -> bytes:
    """``rtf`` as PR_RTF_COMPRESSED: LZFu with literals only (every control
    byte 0 but the last, whose reference to where the dictionary is written
    next ends the data); ``crc`` a wrong one to write instead."""
    out = bytearray()
    for start in range(0, len(rtf), 8):
        out.append(0)
        out += rtf[start : start + 8]
    if len(rtf) % 8:  # the end marker joins the last run
        out[-(len(rtf) % 8) - 1] |= 1 << (len(rtf) % 8)
    else:
        out.append(1)
    end = (_RTF_PREFIX_SIZE + len(rtf)) % 4096
    out += struct.pack(">H", end << 4)
    body = bytes(out)
    head = struct.pack("<III", len(body) + 12, len(rtf), 0x75465A4C)
    return head + struct.pack("<I", _crc(body) if crc is None else crc) + body
