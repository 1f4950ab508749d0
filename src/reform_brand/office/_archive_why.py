"""What intake says of the entries of an archive it did not take out or
ignored, and of a file named .zip that is no archive it can read, in both
languages (:mod:`reform_brand.office._archive`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from reform_brand.catalogue import Localized
from reform_brand.codes.reasons import error_reason, known_reason
from reform_brand.safeopen import UnsafeFileError

__all__ = ["BROKEN", "HIDDEN", "MBOX_EXPORT", "RECEIVED", "REFUSED", "TNEF_EMBEDDED", "msg_refused"]

#: What an e-mail folder was received as (``office._groups``), as its
#: findings name it.
RECEIVED: Final = {
    "mail": Localized(zh="此邮件", en="this e-mail", value="mail"),
    "archive": Localized(zh="此压缩包", en="this archive", value="archive"),
    "folder": Localized(zh="此文件夹", en="this folder", value="folder"),
}
#: Why an entry is ignored (Chinese, English).
HIDDEN: Final = ("隐藏、临时或系统文件", "a hidden, temporary or system file")
#: Why what Apple Mail writes beside an mbox it exports is ignored.
MBOX_EXPORT: Final = (
    "Apple Mail 导出邮箱时自带的索引文件（邮件在同一文件夹的 mbox 中读取）",
    "Apple Mail's own bookkeeping of a mailbox it exported (the mails are read from the mbox "
    "beside it)",
)
TNEF_EMBEDDED: Final = (
    "附件包中夹带的邮件，未打开",
    "a mail embedded in the winmail.dat; not opened",
)
#: Why an entry was not taken out of its archive: (zh, en).
REFUSED: Final[Mapping[str, tuple[str, str]]] = {
    "path": ("路径指向压缩包以外", "its path leads out of the archive"),
    "link": ("是符号链接", "it is a symbolic link"),
    "hardlink": ("是硬链接", "it is a hard link"),
    "special": ("不是普通文件", "it is not a regular file"),
    "encrypted": ("已加密", "it is encrypted"),
    "size": ("过大或压缩比异常", "it is too large or compressed beyond any real file"),
    "duplicate": ("与压缩包中另一文件同名", "another entry has the same name"),
    "renamed-duplicate": (
        "按 Windows 的规则命名（去掉名称末尾的点和空格，替换 Windows 不允许的字符）后，"
        "与压缩包中另一文件同名",
        "named as Windows names it (the dots and spaces it ends with dropped, the characters "
        "Windows refuses replaced), it has the name of another entry",
    ),
    "checksum": (
        "附件包中此文件的校验和不符，文件可能已损坏",
        "its checksum in the winmail.dat is wrong: it may be damaged",
    ),
    "total": (
        "压缩包取出的文件总量超过上限",
        "the files taken out of the archive exceed the total limit",
    ),
}


#: Why a file named .zip that is no readable archive cannot be read, by the
#: container ``_archive._probe`` found.
BROKEN: Final = {
    "truncated zip": known_reason("truncated zip"),
    "broken zip": known_reason("broken zip"),
    "empty": Localized(zh="空文件", en="an empty file", value="empty"),
}


def msg_refused(exc: UnsafeFileError | OSError) -> tuple[str, dict[str, object]]:
    """The finding's code and parameters of an Outlook .msg not read for
    ``exc``: one past the limit of a file is ``mail.too-large``, as a .msg
    given alone is (not a file said to be damaged)."""
    if isinstance(exc, UnsafeFileError) and exc.code == "read.too-large":
        return "mail.too-large", {"limit": exc.params["limit"]}
    return "inbox.unreadable", {"detail": error_reason(exc)}
