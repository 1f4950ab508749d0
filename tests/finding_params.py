"""A finding's parameters as the kind a test knows they are.

``Finding.params`` maps names to any kind a message parameter may be (text,
number, texts, a text in each language); a test reading one asserts the
kind it expects, and gets the value typed as such."""

from __future__ import annotations

from collections.abc import Sequence

from reform_brand.catalogue import Localized
from reform_brand.plugin import Finding, TextList


def text(f: Finding, name: str) -> str:
    """The text parameter ``name`` of ``f``."""
    value = f.params[name]
    assert isinstance(value, str), (name, value)
    return value


def number(f: Finding, name: str) -> int:
    """The whole-number parameter ``name`` of ``f``."""
    value = f.params[name]
    assert isinstance(value, int), (name, value)
    return value


def texts(f: Finding, name: str) -> Sequence[str]:
    """The list parameter ``name`` of ``f``: a tuple, or a :class:`TextList`
    (kept in a file) when it is long."""
    value = f.params[name]
    assert isinstance(value, tuple | TextList), (name, value)
    return value


def localized(f: Finding, name: str) -> Localized:
    """The parameter ``name`` of ``f`` that is written in each language."""
    value = f.params[name]
    assert isinstance(value, Localized), (name, value)
    return value
