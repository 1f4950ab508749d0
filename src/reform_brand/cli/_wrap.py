"""Help text wrapped by the columns a terminal gives it.

argparse wraps with :mod:`textwrap`, which counts characters and breaks
only at spaces: a Chinese character takes two columns of a terminal, and a
Chinese sentence has no spaces, so a help text in Chinese ran to about
twice the terminal's width and was cut wherever the terminal cut it.  Here
a line breaks at a space or between two Chinese characters, never before
a closing mark (``，`` ``。`` ``）``) nor after an opening one (``（``), and
never inside a word of Latin letters, a number or an option (``-print0``,
``YYYY-MM-DD``), and its width is counted in columns.  (Imported by a
command's ``--help``: nothing but :mod:`unicodedata`, not even :mod:`typing`.)
"""

from __future__ import annotations

import unicodedata

__all__ = ["columns", "wrap"]

#: Marks a line does not start with (they close what comes before them).
_NO_START = frozenset("，。、；：？！）》」』】〕〉…—,.;:?!)]}%’”")
#: Marks a line does not end with (they open what comes after them).
_NO_END = frozenset("（《「『【〔〈([{‘“")


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def columns(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for a wide (East Asian)
    character, one for any other."""
    return sum(2 if _wide(c) else 1 for c in text)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut where a line may break: each piece with whether a space
    came before it.  A wide character is a piece of its own; a run of other
    characters (a word, a number, an option) is one piece; a closing mark
    joins the piece before it, an opening mark the piece after it."""
    pieces: list[tuple[str, bool]] = []
    run: list[str] = []
    space = False
    glue = False  # the last piece ends with an opening mark

    def add(piece: str) -> None:
        nonlocal space, glue
        if pieces and (glue or (not space and piece[0] in _NO_START)):
            last, had_space = pieces[-1]
            pieces[-1] = (last + (" " if space else "") + piece, had_space)
        else:
            pieces.append((piece, space))
        space = False
        glue = piece[-1] in _NO_END

    for c in text:
        if c == " ":
            if run:
                add("".join(run))
                run = []
            space = True
        elif _wide(c) or c in _NO_START or c in _NO_END:
            if run:
                add("".join(run))
                run = []
            add(c)
        else:
            run.append(c)
    if run:
        add("".join(run))
    return pieces


def _cut(piece: str, width: int) -> list[str]:
    """A piece wider than a line, cut into lines of ``width`` columns."""
    lines: list[str] = []
    line, used = "", 0
    for c in piece:
        w = columns(c)
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0
        line += c
        used += w
    if line:
        lines.append(line)
    return lines


def wrap(text: str, width: int) -> list[str]:
    """The lines of ``text`` (its spaces folded) of at most ``width``
    columns each; a piece wider than a whole line is cut where it must be."""
    width = max(width, 2)
    lines: list[str] = []
    line, used = "", 0
    for piece, space in _pieces(" ".join(text.split())):
        w = columns(piece)
        gap = 1 if space and line else 0
        if line and used + gap + w > width:
            lines.append(line)
            line, used, gap = "", 0, 0
        if not line and w > width:
            *whole, line = _cut(piece, width)
            lines.extend(whole)
            used = columns(line)
            continue
        line += " " * gap + piece
        used += gap + w
    if line:
        lines.append(line)
    return lines
