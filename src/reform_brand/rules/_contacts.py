"""Contact fields: office phone, mobile and e-mail, in half-width characters.

The ``contacts`` rule owns the *format* of fields of type ``phone``,
``mobile`` and ``email`` (the edition's pattern, or a default one); the
``form-data`` rule owns their presence, type and character cap, and does not
report their pattern, nor their length when they are out of format (a
format problem is reported as one, before any length).  A value that matches
once it is folded — full-width digits, letters, signs and spaces made
half-width, dashes such as ``—`` or ``－`` read as ``-``, invisible characters
and outer white space removed, character by character — is read as the
folded value, with the warning ``contact.full-width`` that shows it.  The
exported schema's pattern accepts exactly those values too
(:func:`reform_brand.schema.contact_pattern`).  An office phone may carry an
extension (区号-号码-分机).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Final

from reform_brand._portable import contact_pattern, contact_regex, fold_contact
from reform_brand.engine._context import EditionIndex
from reform_brand.model import FormField
from reform_brand.plugin import FieldInfo, Finding, Quiet, RuleContext
from reform_brand.rules._base import BuiltinRule, field_value, label_params
from reform_brand.submission import Submission

__all__ = ["ContactsRule", "beyond_reading", "contact_verdict"]

#: Examples for a field without one (an office phone: the issuer's own, when
#: the edition gives one in the field's format).
_EXAMPLES: Final = {"phone": "010-12345678", "mobile": "13800000000", "email": "office@example.cn"}
_CODES: Final = {
    "phone": "contact.office-phone",
    "mobile": "contact.mobile",
    "email": "contact.email",
}


def beyond_reading(f: FormField, value: str) -> bool:
    """Whether ``value`` is so far over the field's cap that it is reported by
    its length alone: its format is not tried on it."""
    return bool(f.max_chars) and len(value) > 4 * f.max_chars


def contact_verdict(f: FormField, value: str) -> bool:
    """Whether ``value`` is in the field's format once folded: what the
    exported pattern (:func:`reform_brand.schema.contact_pattern`) says too."""
    return _in_format(f, fold_contact(value))


def _in_format(f: FormField, folded: str) -> bool:
    return contact_regex(f).search(folded) is not None


#: A contact field's key in the object that holds it, and its format's
#: search (None: a plain submission's value is in format when it reads as
#: it folds).
_Format = tuple[str, Callable[[str], "re.Match[str] | None"] | None]


def _pattern_at(schema: object, path: tuple[str, ...]) -> object:
    """The ``pattern`` of the property at ``path`` (object members from the
    top) of the form data's schema ``schema``, or None."""
    for key in path:
        props = schema.get("properties") if isinstance(schema, Mapping) else None
        schema = props.get(key) if isinstance(props, Mapping) else None
    return schema.get("pattern") if isinstance(schema, Mapping) else None


def _contact_fields(
    index: EditionIndex,
) -> dict[str, tuple[tuple[FieldInfo, re.Pattern[str], int], ...]]:
    """Per form, its contact fields, each with its format and the length
    beyond which a value is not read (:func:`beyond_reading`; 0: none)."""
    return {
        form_id: tuple(
            (
                info,
                contact_regex(info.field),
                4 * info.field.max_chars if info.field.max_chars else 0,
            )
            for info in index.fields_of(form_id, "contact")
        )
        for form_id in index.forms
    }


def _example(ctx: RuleContext, f: FormField) -> str:
    """An example for ``f``, which gives none."""
    phones = [c.phone_full for c in ctx.edition.issuer.contacts] if f.type == "phone" else []
    return next((p for p in phones if _in_format(f, p)), _EXAMPLES[f.type])


class ContactsRule(BuiltinRule):
    id = "contacts"
    codes = ("contact.full-width", "contact.office-phone", "contact.mobile", "contact.email")

    def check(self, ctx: RuleContext) -> list[Finding]:
        sub = ctx.submission
        data = sub.data
        if not isinstance(data, dict):
            return []
        out: list[Finding] = []
        # (Those of each type in turn: phone, mobile, e-mail.)
        for info, regex, reading in ctx.index.derived(_contact_fields).get(sub.form, ()):
            value = field_value(data, info.path)
            if not isinstance(value, str) or (reading and len(value) > reading):
                continue  # absent, wrong type or far too long: form-data's
            # Folding drops the invisible characters and the outer white
            # space and turns nothing else into white space: a blank value
            # (form-data's) folds to "".
            folded = fold_contact(value)
            if not folded:
                continue
            # The format first, then the length (form-data's form.too-long,
            # which it leaves out for a value out of format).
            in_format = regex.search(folded) is not None
            if in_format and folded == value:
                continue
            out.append(self._finding(ctx, sub, info, folded if in_format else None))
        return out

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when each contact field that holds a text holds it already
        in its format and as it reads folded (half-width, without invisible
        characters or outer white space): :meth:`check` reports nothing
        else."""
        # Per form with contact fields, the objects that hold them (by their
        # place in the data), each with its contact fields' keys and formats.
        # A field whose schema's pattern is the format widened to what folds
        # into it (:func:`contact_pattern`) needs no search: a plain
        # submission's value passed that pattern, so it is in format when
        # it reads as it folds.
        formats: dict[str, tuple[tuple[tuple[str, ...], tuple[_Format, ...]], ...]] = {}
        for form_id, fields in index.derived(_contact_fields).items():
            validator = index.data.get(form_id)
            schema = validator.schema if validator is not None else None
            held: dict[tuple[str, ...], list[_Format]] = {}
            for info, regex, _ in fields:
                told = _pattern_at(schema, info.path) == contact_pattern(info.field)
                search = None if told else regex.search
                held.setdefault(info.path[:-1], []).append((info.path[-1], search))
            if held:
                formats[form_id] = tuple((where, tuple(keys)) for where, keys in held.items())

        def test(sub: Submission, now: dt.datetime) -> bool:
            given = formats.get(sub.form)
            if given is None:
                return True
            for where, keys in given:
                holder = field_value(sub.data, where) if where else sub.data
                if not isinstance(holder, dict):
                    continue  # no contact field there: the check passes them by
                for key, search in keys:
                    value = holder.get(key)
                    if isinstance(value, str) and (
                        fold_contact(value) != value or (search and search(value) is None)
                    ):
                        return False
            return True

        return test

    def _finding(
        self, ctx: RuleContext, sub: Submission, info: FieldInfo, normalised: str | None
    ) -> Finding:
        """The finding of a contact out of format, or (``normalised``: the
        value folded) in format once folded."""
        f = info.field
        where = {
            "rule": self.id,
            "submission": sub,
            "pointer": "/data" + info.pointer,
            "clause": f.clause,
            "field": info.pointer,
            "example": f.example or _example(ctx, f),
            **label_params(f),
        }
        if normalised is not None:
            return ctx.finding("contact.full-width", normalised=normalised, **where)
        return ctx.finding(_CODES[f.type], **where)
