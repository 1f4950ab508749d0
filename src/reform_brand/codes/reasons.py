"""Why the system or the JSON parser refused something, in both languages.

An operating-system error (:func:`os_reason`) or a JSON syntax error
(:func:`json_reason`) shown inside a message: Python gives its reason in
English ("Permission denied", "Expecting value"), which a Chinese message
would carry as it is.  Each is a :class:`~reform_brand.codes._info.Localized`
whose ``value`` is Python's own text, so that the JSON form of a finding is
what it was; a reason not in the tables is shown as Python gives it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from collections.abc import Mapping
from typing import Final

from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import wide_hint

__all__ = [
    "error_reason",
    "json_error_reason",
    "json_reason",
    "known_reason",
    "not_utf8_reason",
    "os_reason",
    "output_reason",
    "reason_text",
    "too_large_reason",
    "unsafe_detail",
    "unsafe_reason",
]

#: The system's reasons, by error number: (Chinese, English).
_OS: Final[dict[int, tuple[str, str]]] = {
    errno.ENOENT: ("文件或文件夹不存在", "no such file or folder"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("不允许的操作", "operation not permitted"),
    errno.ELOOP: ("符号链接成环", "too many levels of symbolic links"),
    errno.EISDIR: ("这是文件夹", "it is a folder"),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "a part of the path is not a folder"),
    errno.ENOSPC: ("磁盘空间已满", "no space left on the disk"),
    errno.EROFS: ("只读的文件系统", "a read-only file system"),
    errno.EIO: ("读写错误", "input/output error"),
    errno.ENAMETOOLONG: ("文件名太长", "the file name is too long"),
    errno.EEXIST: ("已经存在", "it exists already"),
    errno.ENOTEMPTY: ("文件夹不是空的", "the folder is not empty"),
    errno.EBUSY: ("正在使用中", "the device or resource is busy"),
    errno.EMFILE: ("打开的文件太多", "too many open files"),
    errno.ECONNREFUSED: ("服务器拒绝连接（端口不对，或服务没有运行）", "connection refused"),
    errno.ETIMEDOUT: ("连接超时", "the connection timed out"),
    errno.ECONNRESET: ("连接被对方断开", "the connection was reset"),
    errno.EHOSTUNREACH: ("无法到达该主机", "no route to the host"),
    errno.ENETUNREACH: ("网络不可达", "the network is unreachable"),
}

#: What the name service says of a host name (``socket.gaierror``), by the
#: name of its error number in :mod:`socket`: (Chinese, English).
_NAMES: Final[dict[str, tuple[str, str]]] = {
    "EAI_NONAME": ("找不到这个服务器名称", "the server name is not known"),
    "EAI_AGAIN": (
        "暂时无法解析服务器名称（网络或域名服务器的问题）",
        "the name service did not answer",
    ),
    "EAI_FAIL": ("无法解析服务器名称", "the server name cannot be resolved"),
    "EAI_NODATA": ("这个服务器名称没有地址", "the server name has no address"),
}


def _known_name_error(exc: OSError) -> tuple[str, str] | None:
    """The reason of a name service error (the module :mod:`socket` is
    loaded when there is one: it is not imported for this)."""
    socket = sys.modules.get("socket")
    if socket is None or not isinstance(exc, socket.gaierror):
        return None
    for name, reason in _NAMES.items():
        if getattr(socket, name, None) == exc.errno:
            return reason
    return None


#: Reasons the program gives itself as an OSError's text.
_OWN: Final[dict[str, tuple[str, str]]] = {
    # A .docx with a password to open it (not a legacy .doc, whose advice,
    # to save it as .docx, it already is).
    "encrypted": (
        "文件设有打开密码；请发件单位取消密码后重新发送",
        "it is protected by a password to open it; ask the sender to remove the password "
        "and send it again",
    ),
    "not a regular file": ("不是普通文件", "not a regular file"),
    "symbolic link": (
        "是符号链接（从不跟随：它可能指向邮件文件夹之外）",
        "a symbolic link (never followed: it could lead out of the mail folder)",
    ),
    "lstat": ("无法读取文件信息", "its status cannot be read"),
    "not a mail source": ("不是邮件文件", "not a mail source"),
    "no mail headers": ("不是邮件（没有发件人、日期等邮件头）", "not a mail (no mail headers)"),
    "truncated zip": (
        "文件不完整（zip 压缩包被截断）",
        "it is incomplete (a truncated zip archive)",
    ),
    "broken zip": (
        "文件已损坏（zip 压缩包无法解析）",
        "it is damaged (a zip archive that does not parse)",
    ),
    "not a directory": ("不是文件夹", "not a folder"),
    "names a folder": (
        "以“/”结尾，指的是文件夹，而这里要写的是文件",
        "it ends with '/' and so names a folder, where a file is written",
    ),
    "link to nothing": (
        "是指向不存在目标的符号链接",
        "it is a link to nothing (its target does not exist)",
    ),
    "part link to nothing": (
        "路径中有一部分是指向不存在目标的符号链接",
        "a part of the path is a link to nothing (its target does not exist)",
    ),
    "holds the current folder": (
        "这是当前文件夹或其上级文件夹，不能用新文件夹替换；请指定其他文件夹",
        "it is the current folder or a folder above it, which a new folder cannot "
        "replace: give another folder",
    ),
    "no home folder": ("找不到用户的主文件夹", "the user's home folder cannot be found"),
    "not utf-8": ("不是 UTF-8 编码的文本", "not UTF-8 text"),
    "nested too deeply": ("嵌套层数太多", "nested too deeply"),
    "not utf-16": (
        "以 UTF-16 字节序标记开头，但不是 UTF-16 文本",
        "it opens with a UTF-16 byte-order mark but is not UTF-16 text",
    ),
}

#: What any other exception a reader raised says of the file.
_DAMAGED: Final = ("文件已损坏或内容有误", "it is damaged or its content is invalid")
#: What an exception a reader raised says of the file, by the exception's
#: class name (the first of its classes found): (Chinese, English).
_ERRORS: Final[dict[str, tuple[str, str]]] = {
    "BadZipFile": ("文件已损坏（zip 压缩包有误）", "it is damaged (a broken zip archive)"),
    "TarError": ("文件已损坏（压缩包有误）", "it is damaged (a broken archive)"),
    "EOFError": ("文件不完整（提前结束）", "it ends too early (incomplete)"),
    "NotImplementedError": ("使用了不支持的压缩方式或格式", "an unsupported compression or format"),
    "UnicodeError": ("文字编码有误", "a text encoding error"),
    "XMLSyntaxError": ("文件已损坏（XML 无法解析）", "it is damaged (its XML does not parse)"),
    "KeyError": ("文件已损坏（缺少必需的部分）", "it is damaged (a part it needs is missing)"),
    "Error": ("文件已损坏", "it is damaged"),
    "ValueError": ("文件内容有误", "its content is invalid"),
    "RecursionError": ("嵌套层次太深", "it is nested too deeply"),
    "MemoryError": ("文件太大，内存不足", "it is too large for the memory"),
}

#: The JSON parser's messages (the text before " at" or ":"): (Chinese, English).
_JSON: Final[dict[str, tuple[str, str]]] = {
    "Expecting value": ("此处应为一个值", "a value was expected here"),
    "Extra data": ("值之后还有多余的内容", "more follows the value"),
    "Expecting property name enclosed in double quotes": (
        "此处应为用双引号括起的键名",
        "a key in double quotes was expected here",
    ),
    "Expecting ',' delimiter": ("此处应为逗号 ,", "a comma was expected here"),
    "Expecting ':' delimiter": ("此处应为冒号 :", "a colon was expected here"),
    "Unterminated string starting at": ("字符串没有结束", "the string is not closed"),
    "Invalid control character at": (
        "字符串中有控制字符（如未转义的换行）",
        "a control character (such as an unescaped line break) in a string",
    ),
    "Exceeds the limit (4300 digits) for integer string conversion": (
        "数字的位数太多（超过 4300 位）",
        "a number with too many digits (more than 4300)",
    ),
    "Invalid \\escape": ("无效的转义序列", "an invalid escape sequence"),
    "Invalid \\uXXXX escape": ("无效的 \\uXXXX 转义", "an invalid \\uXXXX escape"),
    "NaN is not allowed in JSON": ("JSON 中不能有 NaN", "NaN is not allowed in JSON"),
    "Infinity is not allowed in JSON": (
        "JSON 中不能有 Infinity",
        "Infinity is not allowed in JSON",
    ),
    "-Infinity is not allowed in JSON": (
        "JSON 中不能有 -Infinity",
        "-Infinity is not allowed in JSON",
    ),
    "number out of range": ("数字超出范围", "a number out of range"),
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": (
        "开头多了一个 UTF-8 字节顺序标记（BOM）",
        "one more UTF-8 byte order mark at the start",
    ),
}


def os_reason(exc: OSError) -> Localized | str:
    """Why ``exc`` happened, in both languages when it is a known reason
    (its ``value`` the system's own text), else the system's text."""
    own = exc.strerror or type(exc).__name__
    known = _known_name_error(exc)
    if known is None and exc.errno is not None:
        known = _OS.get(exc.errno)
    known = known or _OWN.get(own)
    return Localized(zh=known[0], en=known[1], value=own) if known else own


def output_reason(exc: OSError, out: str | os.PathLike[str]) -> Localized | str:
    """Why writing ``out`` (a file, or a folder to make) raised ``exc``:
    :func:`os_reason`, but for a file in the way, where making the folders
    it takes says "it exists already" or "a part of the path is not a
    folder" whichever part it is: ``out`` itself a file is "not a folder",
    a folder above it that is a file "a part of the path is not a folder";
    a link to nothing (``out`` itself, or a folder above it) is said to be
    one, a loop of links to be one, not a file that "exists already"."""
    if exc.errno not in (errno.EEXIST, errno.ENOTDIR):
        return os_reason(exc)
    path = os.path.abspath(out)
    parts = [path]
    while os.path.dirname(parts[-1]) != parts[-1]:
        parts.append(os.path.dirname(parts[-1]))
    for part in reversed(parts):
        try:
            mode = os.stat(part).st_mode
        except OSError as looked:
            if not os.path.islink(part):
                break
            if looked.errno == errno.ELOOP:
                return os_reason(looked)
            return known_reason("link to nothing" if part == path else "part link to nothing")
        if not stat.S_ISDIR(mode):
            if part == path:
                return known_reason("not a directory")
            return os_reason(NotADirectoryError(errno.ENOTDIR, "Not a directory"))
    return os_reason(exc)


def error_reason(exc: BaseException, value: str = "") -> Localized:
    """Why reading a file raised ``exc``, in both languages (its ``value``
    what the finding's JSON gave: ``value``, else the exception's class
    name); an exception not in the table is the file damaged or invalid,
    named in English only.  An OSError is :func:`os_reason` (a reason not
    in its table: "无法读取")."""
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        if isinstance(reason, Localized):
            return reason
        return Localized(zh="无法读取", en=reason, value=reason)
    name = type(exc).__name__
    own = value or name
    for cls in type(exc).__mro__:
        known = _ERRORS.get(cls.__name__)
        if known is not None:
            return Localized(zh=known[0], en=known[1], value=own)
    return Localized(zh=_DAMAGED[0], en=f"{_DAMAGED[1]} ({name})", value=own)


def known_reason(text: str) -> Localized | str:
    """A reason the program gives itself (``"not a regular file"``, ``"broken
    zip: BadZipFile"`` by what comes before its colon) in both languages,
    else ``text``."""
    known = _OWN.get(text) or _OWN.get(text.split(":")[0])
    return Localized(zh=known[0], en=known[1], value=text) if known else text


def json_error_reason(exc: json.JSONDecodeError) -> Localized | str:
    """:func:`json_reason` of a parse error, or, when the text has a Chinese
    (full-width) character where the error is (an input method's “ ” for
    ``"``, ``，`` for ``,``, ``：`` for ``:``), what to type instead; its
    ``value`` is the parser's own message either way."""
    hint = wide_hint(exc.doc[exc.pos : exc.pos + 1], "JSON")
    if hint is None:
        return json_reason(exc.msg)
    return Localized(zh=hint.zh, en=hint.en, value=exc.msg)


def json_reason(message: str) -> Localized | str:
    """The JSON parser's ``message`` (``JSONDecodeError.msg``, or a
    ``ValueError``'s text, known by what comes before its first colon) in
    both languages when it is a known one, else as it is."""
    known = _JSON.get(message) or _JSON.get(message.split(":")[0])
    return Localized(zh=known[0], en=known[1], value=message) if known else message


def too_large_reason(limit: int) -> Localized:
    """A file refused for being larger than ``limit`` bytes."""
    return Localized(
        zh=f"文件超过 {limit} 字节",
        en=f"larger than {limit} bytes",
        value=f"larger than {limit} bytes",
    )


def not_utf8_reason(exc: UnicodeDecodeError, raw: bytes) -> Localized:
    """Where the bytes ``raw`` stop being UTF-8 text (by line, as an editor
    shows it), in both languages; its ``value`` is Python's text."""
    line = raw[: exc.start].count(b"\n") + 1
    return Localized(
        zh=f"第 {line} 行有不是 UTF-8 的字节（可能存成了 GBK 等编码，请另存为 UTF-8）",
        en=f"line {line} holds bytes that are not UTF-8 (saved as GBK or another "
        "encoding? save it as UTF-8)",
        value=str(exc),
    )


def reason_text(reason: Localized | str, lang: str) -> str:
    """``reason`` as text in ``lang``."""
    return reason.text(lang) if isinstance(reason, Localized) else reason


def unsafe_detail(code: str, params: Mapping[str, object]) -> str:
    """A short English description of why a file was refused as unsafe
    (the ``code`` and ``params`` of :class:`reform_brand.safeopen.UnsafeFileError`),
    as a finding's JSON gives it: ``DOCTYPE in word/document.xml``."""
    p = params
    if code == "read.unsafe-zip":
        what = {
            "entries": "entries",
            "size": "uncompressed bytes",
            "ratio": "compression ratio",
            "expanded": "expanded size",
            "duplicates": "parts named twice",
        }.get(str(p.get("reason")), str(p.get("reason")))
        return f"{what} {p.get('value')} > {p.get('limit')}"
    if code == "read.doctype":
        return f"DOCTYPE in {p.get('part')}"
    if code == "read.too-large":
        return f"{p.get('part') or 'file'}: {p.get('size')} bytes > {p.get('limit')}"
    if code == "read.too-complex":
        return f"{p.get('part')}: {p.get('count')} elements > {p.get('limit')}"
    return code


def unsafe_reason(code: str, params: Mapping[str, object]) -> Localized:
    """Why a file was refused as unsafe (``read.unsafe-zip``,
    ``read.doctype``, ``read.too-large``, ``read.too-complex``, with their
    ``params``) in each
    language; its ``value``, what a finding's JSON gives, is
    :func:`unsafe_detail`."""
    value = unsafe_detail(code, params)
    size, limit, part = params.get("size"), params.get("limit"), params.get("part")
    if code == "read.unsafe-zip":
        what, what_en = params.get("what", "超出限制"), params.get("what_en", "over a limit")
        return Localized(
            zh=f"{what} {params.get('value')}，上限 {limit}",
            en=f"{what_en} {params.get('value')}; the limit is {limit}",
            value=value,
        )
    if code == "read.doctype":
        return Localized(
            zh=f"{part} 中有 DOCTYPE 声明", en=f"a DOCTYPE declaration in {part}", value=value
        )
    if code == "read.too-large":
        return Localized(
            zh=f"{part or '文件'} 有 {size} 字节，上限 {limit} 字节",
            en=f"{part or 'the file'} has {size} bytes; the limit is {limit}",
            value=value,
        )
    if code == "read.too-complex":
        return Localized(
            zh=f"{part} 有 {params.get('count')} 个元素，上限 {limit} 个",
            en=f"{part} holds {params.get('count')} elements; the limit is {limit}",
            value=value,
        )
    return Localized(zh="不安全", en="unsafe", value=value)
