"""Contact fields: office phone, mobile and e-mail, in half-width characters.

The ``contacts`` rule owns the *format* of fields of type ``phone``,
``mobile`` and ``email`` (the edition's pattern, or a default one); the
``form-data`` rule owns their presence, type and character cap, and does not
report their pattern.  A value that matches once it is folded — full-width
digits, letters, spaces and hyphens made half-width (NFKC), dashes such as
``—`` or ``－`` read as ``-``, invisible characters and outer spaces removed —
is read as the folded value, with the warning ``contact.full-width`` that
shows it.  An office phone may carry an extension (区号-号码-分机).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final

from reform_brand.names import is_blank, strip_invisible
from reform_brand.plugin import Finding, RuleContext
from reform_brand.rules._base import BuiltinRule, field_value, label_params
from reform_brand.schema import portable_pattern

__all__ = ["DEFAULT_PATTERNS", "ContactsRule", "fold"]

#: Used when the edition gives a contact field no pattern of its own.
DEFAULT_PATTERNS: Final = {
    "phone": r"^0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?$",
    "mobile": r"^1[0-9]{10}$",
    "email": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]*[A-Za-z]$",
}
_EXAMPLES: Final = {"phone": "0531-82073271", "mobile": "13805310000", "email": "office@example.cn"}
_CODES: Final = {
    "phone": "contact.office-phone",
    "mobile": "contact.mobile",
    "email": "contact.email",
}


#: Dashes people type for the hyphen of a phone number.
_DASHES: Final = {ord(ch): "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"}


def fold(value: str) -> str:
    """``value`` as the office reads a contact typed in a Chinese input
    method: NFKC (full width to half width), dashes as ``-``, invisible
    characters and outer white space removed."""
    folded = unicodedata.normalize("NFKC", strip_invisible(value))
    return folded.translate(_DASHES).strip()


class ContactsRule(BuiltinRule):
    id = "contacts"
    codes = ("contact.full-width", "contact.office-phone", "contact.mobile", "contact.email")

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        form = ctx.index.forms.get(sub.form)
        if form is None or not isinstance(sub.data, dict):
            return
        infos = [i for kind in _CODES for i in ctx.index.fields_of(form.id, kind)]
        for info in infos:
            f = info.field
            value = field_value(sub.data, info.path)
            if not isinstance(value, str) or is_blank(value):
                continue  # absent, wrong type or empty: form-data's
            if f.max_chars and len(value) > f.max_chars:
                continue  # over the cap: form-data's form.too-long
            # As the exported schema reads it, in Python and in a browser.
            pattern = portable_pattern(f.pattern or DEFAULT_PATTERNS[f.type])
            if re.search(pattern, value):
                continue
            folded = fold(value)
            where = {
                "rule": self.id,
                "submission": sub,
                "pointer": "/data" + info.pointer,
                "clause": f.clause,
                "field": info.pointer,
                "example": f.example or _EXAMPLES[f.type],
                **label_params(f),
            }
            if re.search(pattern, folded):
                yield ctx.finding("contact.full-width", normalised=folded, **where)
            else:
                yield ctx.finding(_CODES[f.type], **where)
