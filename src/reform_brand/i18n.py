"""Rendering a message of the catalogue in Chinese or English.

Every message a user sees is rendered from a code and parameters, so that
tests can assert on codes and the wording can change without breaking them.
Chinese is the default language.  The messages themselves live in the one
catalogue, :data:`reform_brand.catalogue.MESSAGES`; a plugin's are
registered through the message registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, final

import reform_brand.catalogue as _catalogue
from reform_brand._zhspace import format_zh

# MESSAGES is the catalogue's, built on first use (module __getattr__ below).
if TYPE_CHECKING:
    from reform_brand.catalogue import MESSAGES

Lang = Literal["zh", "en"]
LANGS: Final = ("zh", "en")

__all__ = ["LANGS", "MESSAGES", "Lang", "Texts", "render"]


def render(code: str, params: Mapping[str, object], lang: str = "zh") -> str:
    """Render message ``code`` with ``params`` in ``lang``.

    A missing parameter never raises: the placeholder is left in the text so
    that an error about an error cannot hide the first one.  A
    :class:`~reform_brand.catalogue.Localized` parameter is shown in ``lang``.
    """
    info = _catalogue.MESSAGES.get(code)
    if info is None:
        return code
    template = info.en if lang == "en" else info.zh
    localized = _catalogue.Localized
    shown = {k: v.text(lang) if isinstance(v, localized) else v for k, v in params.items()}
    values = _Defaulting({"code": code, **shown})
    return template.format_map(values) if lang == "en" else format_zh(template, values)


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def __getattr__(name: str) -> Any:
    if name == "MESSAGES":
        return _catalogue.MESSAGES
    raise AttributeError(f"module 'reform_brand.i18n' has no attribute {name!r}")


@final
class Texts:
    """The messages under one prefix of the catalogue, by their last part:
    ``Texts("cli.check")("usage", lang, **params)`` renders
    ``cli.check.usage`` (see :func:`render`)."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, key: str, lang: str, /, **params: object) -> str:
        return render(f"{self.prefix}.{key}", params, lang)
