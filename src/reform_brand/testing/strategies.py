"""Hypothesis strategies derived from an edition's forms.

Requires ``hypothesis`` (in reform_brand's ``testing`` and ``test`` extras).

* :func:`form_data` - form data that the form's JSON Schema accepts (from
  :func:`reform_brand.form_schema`: required members, optional ones, lengths,
  anchored patterns, dates, choices, numbers within their bounds) and that
  the edition's rules accept
  (contact formats, 字 limits, printable characters only);
* :func:`envelopes` - valid submission envelopes around such data;
* :func:`hostile_envelopes` - anything a sender might post: arbitrary JSON,
  envelopes with members of the wrong type, unknown forms and kinds, huge
  strings, deep nesting, full-width digits, markup, numbers out of range or
  not finite, numbers written as text.  Validation must never raise on them.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from reform_brand.model import ENVELOPE_MEMBERS, Edition, Form
from reform_brand.rules._unit import unit_field
from reform_brand.schema import NOT_BLANK, form_schema, get_form
from reform_brand.testing._factory import SubmissionFactory
from reform_brand.testing._regex import examples_for_pattern, has_positive_lookaround

__all__ = ["envelopes", "form_data", "hostile_envelopes", "json_values", "schema_values"]

#: Printable text: no control characters (other than newline) or surrogates.
_TEXT = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\u2028\u2029",
)
_LONG_TEXT = st.one_of(_TEXT, st.just("\n"))
#: The length of a string whose field sets no limit.
_UNLIMITED = 1_000_000


def _known_values(
    schema: Mapping[str, Any], pattern: str, low: int, high: int, where: str
) -> st.SearchStrategy[str]:
    """The field's examples and the values made up for ``pattern`` that fit:
    Hypothesis draws a positive lookaround (``(?=.*[0-9])``) as text of its
    own, so from such a pattern it draws nothing that matches."""
    given = [e for e in schema.get("examples", ()) if isinstance(e, str)]
    values = [
        v
        for v in dict.fromkeys([*given, *examples_for_pattern(pattern)])
        if low <= len(v) <= high and re.search(pattern, v)
    ]
    if not values:
        raise ValueError(
            f"form_data cannot draw values for the field {where or '/'} (pattern {pattern!r}, "
            f"{low} to {high} characters): Hypothesis does not draw from a positive "
            "lookaround and no value made up for the pattern fits; add an example that fits "
            "the field "
            '(example = "...") to its entry in the edition\'s form data'
        )
    return st.sampled_from(values)


def _string(schema: Mapping[str, Any], max_size: int, where: str = "") -> st.SearchStrategy[str]:
    low = int(schema.get("minLength", 0))
    x = schema.get("x-reform-brand", {})
    ftype = x.get("type", "text") if isinstance(x, Mapping) else "text"
    max_zi = int(x.get("max_zi", 0)) if isinstance(x, Mapping) else 0
    # The field's own limit (a character never counts more than one 字), and
    # the one free text is drawn within.
    limit = min(n for n in (int(schema.get("maxLength", 0)), max_zi, _UNLIMITED) if n)
    high = min(limit, max_size)
    if schema.get("format") == "date":
        return st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)
    pattern = schema.get("pattern")
    if isinstance(x, Mapping) and isinstance(x.get("format"), str):
        pattern = x["format"]  # a contact in its canonical form, not what folds into it
    alphabet = _LONG_TEXT if ftype == "textarea" else _TEXT
    # A value a pattern shapes is as long as the pattern makes it (within the
    # field's limit): max_text, a limit on free text, would leave an e-mail
    # address or a phone number of its minimum length no value at all.
    if isinstance(pattern, str) and has_positive_lookaround(pattern):
        return _known_values(schema, pattern, low, limit, where)
    if isinstance(pattern, str) and pattern != NOT_BLANK:
        # Printable characters only, even where the pattern allows any
        # (``[^\n]``, ``.``): a control character is refused (form.control-chars).
        return st.from_regex(pattern, fullmatch=True, alphabet=alphabet).filter(
            lambda s: low <= len(s) <= limit and re.search(pattern, s) is not None
        )
    text = st.text(alphabet, min_size=low, max_size=max(high, low))
    if pattern == NOT_BLANK or low:
        text = text.filter(lambda s: bool(s.strip()))
    return text


def _number(schema: Mapping[str, Any], kind: str) -> st.SearchStrategy[int | float]:
    """Numbers within the schema's inclusive ``minimum`` and ``maximum``."""
    low, high = schema.get("minimum"), schema.get("maximum")
    first = None if low is None else math.ceil(low)
    last = None if high is None else math.floor(high)
    # Bounds such as 0.25 - 0.75 hold no whole number: fractions only, then.
    empty = first is not None and last is not None and first > last
    whole: st.SearchStrategy[int] = st.nothing() if empty else st.integers(first, last)
    if kind == "integer":
        return whole
    return st.one_of(
        whole,
        st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    )


def schema_values(schema: Mapping[str, Any], *, max_text: int = 200) -> st.SearchStrategy[Any]:
    """Values valid under ``schema``, a JSON Schema as :func:`form_schema`
    writes it (objects, strings, ``oneOf`` of ``const``).  Free text is at
    most ``max_text`` characters long; a string a pattern shapes (a phone
    number, an e-mail address) is as long as the pattern makes it, within its
    field's limit.  A string whose pattern holds a
    positive lookaround (``(?=.*[0-9])``) is one of the field's examples or of the values
    :func:`~reform_brand.testing._regex.examples_for_pattern` makes up for
    it (:class:`ValueError`, naming the field, when none fits)."""
    return _values(schema, max_text, "")


def _values(schema: Mapping[str, Any], max_text: int, where: str) -> st.SearchStrategy[Any]:
    if "oneOf" in schema:
        return st.sampled_from([c["const"] for c in schema["oneOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if schema.get("type") == "object":
        props: Mapping[str, Any] = schema.get("properties", {})
        required = [k for k in props if k in schema.get("required", [])]
        # A read-only member (an issuer-only field) is left out.
        optional = [k for k in props if k not in required and not props[k].get("readOnly")]
        return st.fixed_dictionaries(
            {k: _values(props[k], max_text, f"{where}/{k}") for k in required},
            optional={k: _values(props[k], max_text, f"{where}/{k}") for k in optional},
        )
    if schema.get("type") == "string":
        return _string(schema, max_text, where)
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
    if "number" in kinds or "integer" in kinds:
        numbers = _number(schema, "integer" if "integer" in kinds else "number")
        return st.one_of(st.none(), numbers) if "null" in kinds else numbers
    raise ValueError(f"no strategy for the schema {dict(schema)!r}")


def form_data(
    edition: Edition, form: Form | str, *, max_text: int = 200
) -> st.SearchStrategy[dict[str, Any]]:
    """Form data of ``form`` that its JSON Schema and the rules accept."""
    form_obj = get_form(edition, form) if isinstance(form, str) else form
    return schema_values(form_schema(edition, form_obj, refuse_halves=False), max_text=max_text)


def envelopes(
    edition: Edition, form: Form | str | None = None, *, max_text: int = 200
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid envelopes for ``form`` (default: any form of the edition that a
    unit kind fills in) with generated form data and a unit of any kind that
    fills the form in.  :class:`ValueError` when no kind fills the form in."""
    factory = SubmissionFactory(edition)
    given = (
        [get_form(edition, form) if isinstance(form, str) else form]
        if form is not None
        else list(edition.forms)
    )
    # The kinds of unit that fill each form in; a form none fills in is sent
    # by nobody, and is left out of "any form".
    kinds = {f.id: [k.id for k in edition.unit_kinds if f.id in k.forms] for f in given}
    forms = [f for f in given if kinds[f.id]]
    if not forms:
        named = ", ".join(f.id for f in given) or "(none)"
        raise ValueError(f"no unit kind of {edition.id} fills in the form {named}")

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        f = draw(st.sampled_from(forms))
        kind = draw(st.sampled_from(kinds[f.id]))
        env = factory(f, unit_kind=kind)
        env["data"] = draw(form_data(edition, f, max_text=max_text))
        # The form names the unit that sends it (else unit.form-mismatch).
        named = unit_field(f)
        if named is not None and named.id in env["data"]:
            env["data"][named.id] = env["unit"]["name"]
        if edition.reform_items:
            numbers = [it.number for it in edition.reform_items]
            env["reform_items"] = draw(
                st.lists(st.sampled_from(numbers), min_size=1, max_size=3, unique=True)
            )
        return env

    return build()


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (what ``json.loads`` can return)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=50),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.text(max_size=10), children, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def _nested(depth: int) -> Any:
    value: Any = "深"
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


def _valid_bases(edition: Edition) -> list[dict[str, Any]]:
    """A valid envelope of each form the factory can make one for: a form
    that no unit kind fills in, or with a field the factory has no value
    for, is left to the envelopes made from scratch (the hostile strategy
    asks for no example)."""
    factory = SubmissionFactory(edition)
    bases = []
    for form in edition.forms:
        try:
            bases.append(factory(form))
        except ValueError:
            continue
    return bases


def hostile_envelopes(edition: Edition | None = None) -> st.SearchStrategy[Any]:
    """Anything a sender might post, valid or not (see the module docstring)."""
    junk = json_values()
    nasty_text = st.sampled_from(
        [
            "",
            " ",
            "\u3000",
            "０５３１－８２０７３２７１",
            "<script>alert(1)</script>",
            "{{ 7*7 }}{% raw %}",
            "& < > \" '",
            "\x00\x1f",
            "x" * 100_000,
            "字" * 3000,
        ]
    )
    nasty_numbers = st.sampled_from(
        [
            "１２",
            "12 万元",
            "12,000",
            -1,
            0.5,
            1e308,
            -1e308,
            10**40,
            float("nan"),
            float("inf"),
            True,
        ]
    )
    member_values = st.one_of(junk, nasty_text, nasty_numbers, st.just(_nested(200)))
    field_ids = [f.id for form in edition.forms for f in form.fields] if edition else []
    valid = _valid_bases(edition) if edition is not None else []

    @st.composite
    def broken(draw: st.DrawFn) -> Any:
        base: dict[str, Any]
        if bool(valid) and draw(st.booleans()):
            base = copy.deepcopy(draw(st.sampled_from(valid)))
        else:
            base = {"edition": "x", "form": "y", "unit": {"name": "z", "kind": "k"}, "data": {}}
        for _ in range(draw(st.integers(1, 4))):
            where = draw(st.sampled_from(["top", "unit", "data", "attachment"]))
            key = draw(
                st.one_of(
                    st.sampled_from(
                        [
                            *ENVELOPE_MEMBERS,
                            "name",
                            "kind",
                            "city",
                            "role",
                            "path",
                            *field_ids,
                        ]
                    ),
                    st.text(max_size=8),
                )
            )
            value = draw(member_values)
            if where == "top":
                base[key] = value
            elif where == "unit" and isinstance(base.get("unit"), dict):
                base["unit"][key] = value
            elif where == "data" and isinstance(base.get("data"), dict):
                base["data"][key] = value
            elif isinstance(base.get("attachments"), list):
                base["attachments"].append({key: value})
        return base

    return st.one_of(junk, broken())
