"""Contact fields: office phone, mobile and e-mail, in half-width characters.

The ``contacts`` rule owns the *format* of fields of type ``phone``,
``mobile`` and ``email`` (the edition's pattern, or a default one); the
``form-data`` rule owns their presence, type and character cap, and does not
report their pattern.  A value that would match once full-width characters
are made half-width gives ``contact.full-width``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final

from reform_brand.engine._context import RuleContext
from reform_brand.findings import Finding
from reform_brand.rules._base import BuiltinRule, field_value, label_params
from reform_brand.schema import portable_pattern

__all__ = ["DEFAULT_PATTERNS", "ContactsRule"]

#: Used when the edition gives a contact field no pattern of its own.
DEFAULT_PATTERNS: Final = {
    "phone": r"^0[0-9]{2,3}-[0-9]{7,8}$",
    "mobile": r"^1[0-9]{10}$",
    "email": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]*[A-Za-z]$",
}
_EXAMPLES: Final = {"phone": "0531-82073271", "mobile": "13805310000", "email": "office@example.cn"}
_CODES: Final = {
    "phone": "contact.office-phone",
    "mobile": "contact.mobile",
    "email": "contact.email",
}


def _has_full_width(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) == "F" for ch in text)


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
            if not isinstance(value, str) or not value.strip():
                continue  # absent, wrong type or empty: form-data's
            if f.max_chars and len(value) > f.max_chars:
                continue  # over the cap: form-data's form.too-long
            # As the exported schema reads it, in Python and in a browser.
            pattern = portable_pattern(f.pattern or DEFAULT_PATTERNS[f.type])
            if re.search(pattern, value):
                continue
            example = f.example or _EXAMPLES[f.type]
            folded = unicodedata.normalize("NFKC", value).strip()
            code = (
                "contact.full-width"
                if _has_full_width(value) and re.search(pattern, folded)
                else _CODES[f.type]
            )
            yield ctx.finding(
                code,
                rule=self.id,
                submission=sub,
                pointer="/data" + info.pointer,
                clause=f.clause,
                example=example,
                field=info.pointer,
                **label_params(f),
            )
