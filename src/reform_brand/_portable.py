"""Regular expressions that mean the same in Python's ``re`` and in
ECMAScript (what ajv and browsers run), and the meta-schema of the
annotation keywords the exported JSON Schemas carry.

JSON Schema's ``pattern`` is an ECMAScript regular expression searched
anywhere in the string.  Python reads most of one the same way, but not all:

* ``$`` also matches before a final newline in Python (``"0531-1\\n"``);
* ``.`` excludes ``\\r``, U+2028 and U+2029 in ECMAScript, only ``\\n`` in
  Python (it becomes ECMAScript's class);
* ``\\d``, ``\\w`` and ``\\s`` are Unicode-aware in Python (full-width digits
  match ``\\d``) and ASCII or a different white-space set in ECMAScript.

:func:`portable_pattern` rewrites those constructs into forms both engines
read alike: ``(?![\\s\\S])`` for the end of the string, explicit classes for
the rest.  What ECMAScript cannot read at all (``\\A``, ``\\Z``, ``(?P<name>...)``,
inline flags, possessive quantifiers...) is found by :func:`non_portable`,
and refused when an edition loads.  (``\\b`` and ``\\B`` are read by both, but
a word is ASCII in ECMAScript.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from reform_brand.codes._info import Localized

if TYPE_CHECKING:
    from reform_brand.model import FormField

__all__ = [
    "ANNOTATION_VOCABULARY",
    "CONTACT_PATTERNS",
    "INVISIBLE",
    "annotation_meta_schema",
    "contact_format",
    "contact_pattern",
    "contact_regex",
    "fold_contact",
    "non_portable",
    "non_portable_reason",
    "pattern_tokens",
    "portable_pattern",
    "tolerant_pattern",
]

#: Characters that show nothing: zero-width spaces and joiners, direction
#: marks, word joiners and invisible operators, the BOM, the soft hyphen, the
#: Mongolian vowel separator and the combining grapheme joiner.  Names and
#: contacts are read without them.
INVISIBLE: Final = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
)

#: Python's ``str.isspace()`` set, as a class body both engines read alike.
_SPACE: Final = (
    "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
#: The end of the string, in both engines (no ECMAScript ``\\Z``).
_END: Final = "(?![\\s\\S])"
#: ECMAScript's ``.``: any character but the line terminators.
_DOT: Final = "[^\\n\\r\\u2028\\u2029]"
_OUTSIDE: Final = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
_INSIDE: Final = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}


@functools.lru_cache(maxsize=1024)
def portable_pattern(pattern: str) -> str:
    """``pattern`` rewritten so that Python's ``re.search`` and ECMAScript's
    ``RegExp.test`` (with or without the ``u`` flag) accept the same strings.
    (A pure function of the string: its results are cached.)

    >>> portable_pattern("^1[0-9]{10}$")
    '^1[0-9]{10}(?![\\\\s\\\\S])'
    >>> portable_pattern(r"^\\d+.$")
    '^[0-9]+[^\\\\n\\\\r\\\\u2028\\\\u2029](?![\\\\s\\\\S])'
    """
    out: list[str] = []
    for token, in_class in pattern_tokens(pattern):
        if len(token) == 2:  # an escape
            out.append((_INSIDE if in_class else _OUTSIDE).get(token[1], token))
        elif in_class:
            out.append(token)
        else:
            out.append(_END if token == "$" else _DOT if token == "." else token)
    return "".join(out)


def pattern_tokens(pattern: str) -> Iterator[tuple[str, bool]]:
    """The tokens of ``pattern`` as both engines read them: an escape (a
    backslash and its character) or one character, each with whether it
    stands inside a character class (a class's ``[`` outside it, its ``]``
    inside)."""
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            yield pattern[i : i + 2], in_class
            i += 2
            continue
        yield ch, in_class
        # A class opens at [ and closes at a ] that is not its first member.
        closes = ch == "]" and not _class_opening(pattern, i)
        in_class = not closes if in_class else ch == "["
        i += 1


def _class_opening(pattern: str, i: int) -> bool:
    """Whether the ``]`` at ``i`` is a literal first member of its class
    (``[]a]`` in Python; ECMAScript reads it as an empty class, which no
    edition writes)."""
    j = i - 1
    if j >= 0 and pattern[j] == "^":
        j -= 1
    return j >= 0 and pattern[j] == "[" and (j == 0 or pattern[j - 1] != "\\")


#: Escapes ECMAScript reads, with the ``u`` flag, as Python does: classes,
#: controls, hex and Unicode escapes, word boundaries, and the characters
#: that are syntax in a pattern.
_ESCAPES: Final = frozenset("dDwWsSfnrtvxub") | frozenset("^$\\.*+?()[]{}|/")
#: A group's opening after ``(?`` that ECMAScript reads: non-capturing,
#: lookahead and lookbehind.
_GROUPS: Final = (":", "=", "!", "<=", "<!")
_QUANTIFIER: Final = re.compile(r"\{[0-9]*(?:,[0-9]*)?\}")


def non_portable(pattern: str) -> str:
    """The first construct of ``pattern`` (a pattern Python compiles) that
    ECMAScript, with or without the ``u`` flag, does not read: a JSON
    Schema holding it does not compile in ajv or a browser.  ``""`` when
    there is none.

    >>> non_portable(r"^\\A[0-9]+\\Z$"), non_portable("^(?P<n>[0-9])(?i)$")
    ('\\\\A', '(?P')
    >>> non_portable("^1[0-9]{10}$"), non_portable(r"^[0-9\\-]{,3}$")
    ('', '{,3}')
    """
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            found = _escape(pattern, i, in_class)
            if found:
                return found
            i += 2
            continue
        if in_class:
            in_class = not (ch == "]" and not _class_opening(pattern, i))
        elif ch == "[":
            in_class = True
        else:
            found = _outside(pattern, i)
            if found:
                return found
        i += 1
    return ""


def non_portable_reason(pattern: str) -> Localized | None:
    """Why ``pattern`` does not read in ECMAScript (:func:`non_portable`), in
    both languages; ``None`` when it does."""
    found = non_portable(pattern)
    if not found:
        return None
    anchor = found in ("\\A", "\\Z")
    return Localized(
        zh=f"“{found}”只有 Python 认得，浏览器和 JSON Schema 所用的正则表达式不认"
        + ("（请用 ^ 和 $）" if anchor else ""),
        en=f"'{found}' is Python-only: ECMAScript (what JSON Schema and browsers use) "
        "does not read it" + (" (use ^ and $)" if anchor else ""),
        value=f"not ECMAScript: {found}",
    )


def _escape(pattern: str, i: int, in_class: bool) -> str:
    """The escape at ``i`` when ECMAScript does not read it as Python does."""
    nxt = pattern[i + 1 : i + 2]
    after = pattern[i + 2 : i + 3]
    if nxt in _ESCAPES and not (in_class and nxt == "B"):
        return ""
    if (nxt == "-" and in_class) or (nxt == "0" and not after.isdigit()):
        return ""
    if nxt in "123456789" and nxt and not in_class and not (after.isdigit()):
        return ""  # a back-reference
    return "\\" + nxt


def _outside(pattern: str, i: int) -> str:
    """A group opening or a quantifier at ``i`` (outside a class) that
    ECMAScript does not read."""
    ch = pattern[i]
    if ch == "(" and pattern.startswith("?", i + 1):
        if not pattern.startswith(_GROUPS, i + 2):
            return pattern[i : i + 3]
        return ""
    if ch == "{":
        quantifier = _QUANTIFIER.match(pattern, i)
        if quantifier and quantifier.group().startswith("{,"):
            return quantifier.group()
    if ch in "*+?}" and pattern.startswith("+", i + 1) and _quantifies(pattern, i):
        return pattern[i : i + 2]  # a possessive quantifier (Python 3.11)
    return ""


def _quantifies(pattern: str, i: int) -> bool:
    """Whether the ``*``, ``+``, ``?`` or ``}`` at ``i`` ends a quantifier."""
    if pattern[i] == "}":
        return bool(re.search(r"\{[0-9]*(?:,[0-9]*)?$", pattern[:i]))
    return not (pattern[i] == "?" and pattern[i - 1 : i] == "(")


#: The vocabulary URI of the annotation keywords.
ANNOTATION_VOCABULARY: Final = "urn:reform-brand:vocab:annotations"


def annotation_meta_schema() -> dict[str, Any]:
    """The meta-schema of the exported schemas: Draft 2020-12 plus the
    annotation vocabulary (``x-en``: English titles and descriptions;
    ``x-reform-brand``: edition facts such as the field type, the filler,
    the clause and the 字 limit).  Both keywords are annotations: they never
    change a verdict.  ajv needs them declared (``ajv.addKeyword``) in strict
    mode; Python's ``jsonschema`` ignores them."""
    en = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"title": {"type": "string"}, "description": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:reform-brand:meta:2020-12",
        "$vocabulary": {
            "https://json-schema.org/draft/2020-12/vocab/core": True,
            "https://json-schema.org/draft/2020-12/vocab/applicator": True,
            "https://json-schema.org/draft/2020-12/vocab/unevaluated": True,
            "https://json-schema.org/draft/2020-12/vocab/validation": True,
            "https://json-schema.org/draft/2020-12/vocab/meta-data": True,
            "https://json-schema.org/draft/2020-12/vocab/format-annotation": True,
            "https://json-schema.org/draft/2020-12/vocab/content": True,
            ANNOTATION_VOCABULARY: False,
        },
        "$dynamicAnchor": "meta",
        "title": "reform_brand schemas: Draft 2020-12 with the x-en and x-reform-brand annotations",
        "allOf": [{"$ref": "https://json-schema.org/draft/2020-12/schema"}],
        # A schema is an object or a boolean; only an object has annotations.
        "anyOf": [{"type": "boolean"}, {"type": "object", "properties": _annotations(en)}],
    }


def _annotations(en: dict[str, Any]) -> dict[str, Any]:
    return {
        "x-en": en,
        "x-reform-brand": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "filled_by": {"type": "string"},
                "clause": {"type": "string"},
                "max_zi": {"type": "integer", "minimum": 1},
                "placement": {"type": "string"},
                "reading": {"type": "string"},
                "format": {"type": "string", "format": "regex"},
                "edition": {"type": "string"},
                "form": {"type": "string"},
                "attachment": {"type": "string"},
                "role": {"type": "string"},
            },
        },
    }


# -- contacts as people type them ---------------------------------------------

#: Dashes people type for the hyphen of a phone number.
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"
#: What :func:`fold_contact` does to each character: full-width ASCII
#: (U+FF01-U+FF5E) to ASCII, the ideographic space to a space, dashes to
#: ``-``, invisible characters dropped.
_FOLD: Final[dict[int, int | None]] = {
    **{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
    0x3000: 0x20,
    **{ord(ch): 0x2D for ch in _DASHES},
    **{ord(ch): None for ch in INVISIBLE},
}


def fold_contact(value: str) -> str:
    """A phone, mobile or e-mail as the office reads it when typed in a
    Chinese input method: full-width digits, letters, signs and spaces made
    half-width, dashes read as ``-``, invisible characters dropped, outer
    white space removed.  Character by character, so that
    :func:`tolerant_pattern` can say the same as a pattern."""
    if value.isascii():
        return value.strip()  # nothing to fold: every folded character is not ASCII
    return value.translate(_FOLD).strip()


#: The format of a contact field an edition gives no pattern of its own.
CONTACT_PATTERNS: Final = {
    "phone": r"^0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?$",
    "mobile": r"^1[0-9]{10}$",
    "email": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]*[A-Za-z]$",
}


def contact_format(f: FormField) -> str:
    """The canonical format of a contact field (``phone``, ``mobile``,
    ``email``), as a pattern both engines read alike."""
    return portable_pattern(f.pattern or CONTACT_PATTERNS[f.type])


def contact_regex(f: FormField) -> re.Pattern[str]:
    """:func:`contact_format`, compiled once per pattern (a rule matches
    every contact of every submission against it)."""
    return _contact_regex(f.pattern, f.type)


@functools.lru_cache(maxsize=256)
def _contact_regex(pattern: str, kind: str) -> re.Pattern[str]:
    return re.compile(portable_pattern(pattern or CONTACT_PATTERNS[kind]))


def contact_pattern(f: FormField) -> str:
    """The exported pattern of a contact field: its format, widened to what
    the server reads once folded (:func:`fold_contact`:
    full-width characters, other dashes, invisible characters, blanks around
    it), so that a browser and the server give the same verdict."""
    return tolerant_pattern(contact_format(f))


def _variants(lo: int, hi: int) -> list[tuple[int, int]]:
    """The characters :func:`fold_contact` turns into one of ``lo``-``hi``."""
    out = [(lo, hi)]
    a, b = max(lo, 0x21), min(hi, 0x7E)
    if a <= b:
        out.append((a + 0xFEE0, b + 0xFEE0))
    if lo <= 0x20 <= hi:
        out.append((0x3000, 0x3000))
    if lo <= 0x2D <= hi:
        out.extend((ord(ch), ord(ch)) for ch in _DASHES)
    return out


def _char(cp: int) -> str:
    ch = chr(cp)
    return ch if ch.isascii() and ch.isalnum() else f"\\u{cp:04x}"


def _class(ranges: list[tuple[int, int]], negated: bool = False) -> str:
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in merged)
    return f"[{'^' if negated else ''}{body}]"


_INVISIBLE_RANGES: Final = [(ord(ch), ord(ch)) for ch in INVISIBLE]
#: Invisible characters, anywhere between two characters of a contact.
_GAP: Final = _class(_INVISIBLE_RANGES) + "*"
#: White space (each followed by any invisible characters), around a
#: contact.  Written so that a run of invisible characters can be read in one
#: way only: a pattern must not backtrack over a long value.
_EDGE: Final = f"(?:[{_SPACE}]{_GAP})*"
_SIMPLE_ESCAPES: Final = {"n": 0x0A, "r": 0x0D, "t": 0x09, "f": 0x0C, "v": 0x0B}


class _Unsupported(Exception):
    """A construct :func:`tolerant_pattern` does not rewrite."""


def tolerant_pattern(pattern: str) -> str:
    """``pattern`` (as :func:`portable_pattern` writes it) widened to accept
    exactly the strings whose :func:`fold_contact` it accepts: each character
    also in its full-width form (and any dash for ``-``), invisible
    characters between any two, white space around.  Both engines read it
    alike.  A pattern with a construct this does not rewrite (back
    references, word boundaries) is returned unchanged.

    >>> import re
    >>> p = tolerant_pattern(portable_pattern("^1[0-9]{10}$"))
    >>> bool(re.search(p, " １３８\\u200b０５３１００００\\u3000"))
    True
    >>> bool(re.search(p, "138 0531 0000"))
    False
    """
    try:
        return "".join(_Tolerant(pattern).run())
    except _Unsupported:
        return pattern


class _Tolerant:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def run(self) -> list[str]:
        out: list[str] = []
        while self.i < len(self.p):
            if self.p.startswith(_END, self.i):
                out.append(_EDGE + _END)
                self.i += len(_END)
                continue
            ch = self.p[self.i]
            if ch == "^":
                out.append("^" + _GAP + _EDGE)
                self.i += 1
            elif ch in "|)":
                out.append(ch)
                self.i += 1
                if ch == ")":
                    out.append(self._quantifier())
            elif ch == "(":
                out.append(self._group())
            else:
                atom = self._atom()
                q = self._quantifier()
                out.append(f"(?:{atom}{_GAP}){q}" if q else atom + _GAP)
        return out

    def _group(self) -> str:
        for opener in ("(?:", "(?=", "(?!", "("):
            if self.p.startswith(opener, self.i):
                if opener == "(" and self.p.startswith("(?", self.i):
                    raise _Unsupported  # named groups, look-behind, flags
                self.i += len(opener)
                return opener
        raise _Unsupported  # pragma: no cover - "(" always matches

    def _quantifier(self) -> str:
        p, i = self.p, self.i
        if i < len(p) and p[i] in "*+?":
            j = i + 1
        elif i < len(p) and p[i] == "{":
            close = p.find("}", i)
            body = p[i + 1 : close] if close > 0 else ""
            if not body or not all(c.isdigit() or c == "," for c in body):
                return ""
            j = close + 1
        else:
            return ""
        if j < len(p) and p[j] == "?":
            j += 1
        self.i = j
        return p[i:j]

    def _atom(self) -> str:
        ch = self.p[self.i]
        if ch == "[":
            return self._class()
        if ch in "*+?{":
            raise _Unsupported  # a quantifier with nothing to repeat
        cp = self._literal()
        return _class(_variants(cp, cp))

    def _literal(self) -> int:
        """The code point at ``self.i`` (an escape or a plain character)."""
        p, i = self.p, self.i
        if p[i] != "\\":
            self.i += 1
            return ord(p[i])
        nxt = p[i + 1 : i + 2]
        if nxt == "u" and _hex(p[i + 2 : i + 6], 4):
            self.i += 6
            return int(p[i + 2 : i + 6], 16)
        if nxt == "x" and _hex(p[i + 2 : i + 4], 2):
            self.i += 4
            return int(p[i + 2 : i + 4], 16)
        if nxt in _SIMPLE_ESCAPES:
            self.i += 2
            return _SIMPLE_ESCAPES[nxt]
        if not nxt or nxt.isalnum():
            raise _Unsupported  # \b, \B, back references, classes
        self.i += 2
        return ord(nxt)

    def _class(self) -> str:
        self.i += 1
        negated = self.p.startswith("^", self.i)
        self.i += negated
        if self.p.startswith("]", self.i):
            raise _Unsupported  # an empty class, or Python's literal "]"
        ranges: list[tuple[int, int]] = []
        while self.i < len(self.p) and self.p[self.i] != "]":
            lo = self._literal()
            hi = lo
            if self.p.startswith("-", self.i) and not self.p.startswith("-]", self.i):
                self.i += 1
                hi = self._literal()
            ranges.append((lo, hi))
        if self.i >= len(self.p):
            raise _Unsupported
        self.i += 1
        if negated:
            # Folded first: what folds into the class is out, and an
            # invisible character never takes a place.
            return _class(
                [v for lo, hi in ranges for v in _variants(lo, hi)] + _INVISIBLE_RANGES,
                negated=True,
            )
        return _class([v for lo, hi in ranges for v in _variants(lo, hi)])


def _hex(text: str, n: int) -> bool:
    return len(text) == n and all(c in "0123456789abcdefABCDEF" for c in text)
