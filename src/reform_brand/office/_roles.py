"""What each received file was used as, in the clerk's words.

The inbox's ledger gives each file a role id (report.json's ``role``): a
deliverable's id (``word``, ``signed-scan``), an extra material's
(``city-progress-summary``), or one intake gives (``manifest``,
``archive``, a mail's ``body``…).  report.html's file list names them as
the edition titles its deliverables and materials, and the others in the
page's language; an id neither knows (an envelope's own) is shown as it is.
"""

from __future__ import annotations

from typing import Final

from reform_brand.model import Edition

__all__ = ["role_names"]

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
