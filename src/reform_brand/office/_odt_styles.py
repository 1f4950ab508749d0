"""The styles of an .odt, as the form reader needs them: whether each one
shows its text (``text:display``, along its parent styles) and the fonts it
sets (its Western and Asian ones), so that hidden text is left out and a
symbol font's characters are read as the symbols they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeVar

__all__ = ["Display", "Faces"]

_TEXT: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE: Final = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO: Final = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_SVG: Final = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#: Styles followed along one chain of parent styles at most.
_MAX_DEPTH: Final = 64


def _t(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


class Faces(NamedTuple):
    """The fonts a style sets, lower case (None: not said): its Western one
    and its Asian one (``style:font-name-asian``)."""

    western: str | None = None
    asian: str | None = None

    def over(self, outer: Faces | None) -> Faces:
        """These fonts, the ones not said taken from ``outer``'s."""
        if outer is None:
            return self
        return Faces(self.western or outer.western, self.asian or outer.asian)


def _family(name: str) -> str:
    """A font family as a style names it, without its quotes, lower case."""
    return name.strip().strip("'\"").strip().lower()


_V = TypeVar("_V")


def _font_set(props: Any, faces: dict[str, str], face: str, family: str) -> str | None:
    """The font family the text properties ``props`` set: their font face
    ``face`` (its family, by ``faces``), else their font family ``family``."""
    named = props.get(_t(_STYLE, face))
    font = faces.get(named, _family(named)) if named else None
    said = props.get(family)
    return font or (_family(said) if said else None)


class _OdtStyle(NamedTuple):
    """What an .odt style sets itself."""

    parent: str
    #: Its ``text:display``: True shown, False hidden, None not said.
    shown: bool | None
    #: Its fonts' families (Western, Asian).
    font: Faces


class Display:
    """Whether each style of an .odt shows its text (``text:display`` of its
    text properties, along its parent styles), and the font it sets (the
    family of its ``style:font-name``'s font face, or its
    ``fo:font-family``): by family and name."""

    def __init__(self, *roots: Any) -> None:
        #: (family, name) -> its parent and what it sets itself
        self._own: dict[tuple[str, str], _OdtStyle] = {}
        faces = {
            str(face.get(_t(_STYLE, "name"), "")): _family(
                face.get(_t(_SVG, "font-family")) or face.get(_t(_STYLE, "name"), "")
            )
            for root in roots
            for face in root.iter(_t(_STYLE, "font-face"))
        }
        for root in roots:
            for style in root.iter(_t(_STYLE, "style")):
                family = style.get(_t(_STYLE, "family"), "")
                name = style.get(_t(_STYLE, "name"), "")
                props = style.find(_t(_STYLE, "text-properties"))
                shown, font = None, Faces()
                if props is not None:
                    shown = props.get(_t(_TEXT, "display"))
                    font = Faces(
                        _font_set(props, faces, "font-name", _t(_FO, "font-family")),
                        _font_set(props, faces, "font-name-asian", _t(_STYLE, "font-family-asian")),
                    )
                self._own.setdefault(
                    (family, name),
                    _OdtStyle(
                        style.get(_t(_STYLE, "parent-style-name"), ""),
                        None if shown is None else shown.strip() != "none",
                        font,
                    ),
                )

    def shown(self, family: str, name: str | None) -> bool | None:
        """Whether the style ``name`` shows its text (None: it says nothing)."""
        return self._nearest(family, name, lambda own: own.shown)

    def font(self, family: str, name: str | None) -> Faces:
        """The font families the style ``name`` sets (None: it says nothing)."""
        return Faces(
            self._nearest(family, name, lambda own: own.font.western),
            self._nearest(family, name, lambda own: own.font.asian),
        )

    def _nearest(
        self, family: str, name: str | None, value_of: Callable[[_OdtStyle], _V | None]
    ) -> _V | None:
        """What the style ``name`` or its nearest parent sets (None: none)."""
        key = (family, name or "")
        for _ in range(_MAX_DEPTH):
            entry = self._own.get(key)
            if entry is None:
                return None
            value = value_of(entry)
            if value is not None:
                return value
            key = (family, entry.parent)
        return None
