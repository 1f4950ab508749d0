"""What each received file was used as, and what it is, in the clerk's words.

The inbox's ledger gives each file a role id (report.json's ``role``): a
deliverable's id (``word``, ``signed-scan``), an extra material's
(``city-progress-summary``), or one intake gives (``manifest``,
``archive``, a mail's ``body``…).  report.html's file list names them as
the edition titles its deliverables and materials, and the others in the
page's language; an id neither knows (an envelope's own) is shown as it is.
The ledger's kind of each file (report.json's ``kind``: ``docx``,
``manifest``, ``mail-body``…) is named the same way.
"""

from __future__ import annotations

from typing import Final

from reform_brand.model import Edition

__all__ = ["kind_names", "role_names"]

#: The roles intake gives, whatever the edition: (Chinese, English).
_INTAKE: Final[dict[str, tuple[str, str]]] = {
    "manifest": ("清单文件", "manifest"),
    "submission": ("JSON 申报信封", "JSON envelope"),
    "archive": ("压缩包", "archive"),
    "mailbox": ("邮箱", "mailbox"),
    "mail": ("邮件", "mail"),
    "container": ("邮件的多部分结构", "multipart container"),
    "forward": ("转发的邮件", "forwarded mail"),
    "body": ("邮件正文", "mail body"),
    "attachment": ("邮件附件", "mail attachment"),
    "other": ("邮件的其他部分", "other mail part"),
}


def role_names(edition: Edition, lang: str) -> dict[str, str]:
    """Each role id's name in ``lang`` ("zh" or "en"): the titles of the
    edition's deliverables and extra materials (in Chinese where the edition
    gives no English), and the words for the roles intake gives."""
    i = 1 if lang == "en" else 0
    names = {role: words[i] for role, words in _INTAKE.items()}
    names.update((d.id, d.title.get(lang)) for d in edition.delivery.deliverables)
    names.update((m.id, m.title.get(lang)) for m in edition.extra_materials)
    return names


#: What a received file is (the ledger's ``kind``): (Chinese, English).
_KINDS: Final[dict[str, tuple[str, str]]] = {
    "pdf": ("PDF", "PDF"),
    "docx": ("Word 文档", "Word document"),
    "doc": ("Word 97-2003 文档", "Word 97-2003 document"),
    "odt": ("OpenDocument 文本", "OpenDocument text"),
    "zip": ("ZIP 压缩包", "zip archive"),
    "7z": ("7z 压缩包", "7z archive"),
    "rar": ("RAR 压缩包", "RAR archive"),
    "tar": ("tar 归档", "tar archive"),
    "gz": ("gzip 压缩文件", "gzip file"),
    "bz2": ("bzip2 压缩文件", "bzip2 file"),
    "xz": ("xz 压缩文件", "xz file"),
    "empty": ("空文件", "empty file"),
    "unknown": ("未知内容", "unknown content"),
    "unsafe": ("不安全的压缩包", "unsafe archive"),
    "json": ("JSON 文件", "JSON file"),
    "manifest": ("清单文件", "manifest"),
    "text": ("文本文件", "text file"),
    "jpeg": ("JPEG 图片", "JPEG picture"),
    "png": ("PNG 图片", "PNG picture"),
    "mail": ("邮件", "mail"),
    "eml": ("邮件文件（.eml）", "mail file (.eml)"),
    "msg": ("Outlook 邮件（.msg）", "Outlook mail (.msg)"),
    "directory": ("文件夹", "folder"),
    "symlink": ("符号链接", "symbolic link"),
    "special": ("特殊文件", "special file"),
}


def kind_names(lang: str) -> dict[str, str]:
    """Each file kind's name in ``lang`` ("zh" or "en"); a part of a mail
    (``mail-body``, ``mail-attachment``…) is named as its role is."""
    i = 1 if lang == "en" else 0
    names = {kind: words[i] for kind, words in _KINDS.items()}
    names.update((f"mail-{role}", words[i]) for role, words in _INTAKE.items())
    return names
