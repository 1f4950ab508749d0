"""A cell's paragraphs as a field's value: the signature, seal and date
lines the form prints at the foot of the cell left out."""

from __future__ import annotations

from collections.abc import Sequence

from reform_brand.model import FormField
from reform_brand.names import is_blank
from reform_brand.office._dates import BLANK_DATE, DATE, ISO_DATE
from reform_brand.office._grid import squash

__all__ = ["clean_value"]


def clean_value(f: FormField, paragraphs: Sequence[str]) -> str:
    """A cell's paragraphs as a value: the signature, seal and date lines at
    the foot of the cell left out, blank lines at the start and end dropped,
    one ``\\n`` between paragraphs; a one-line field is also stripped."""
    lines = _strip_blocks(f, list(paragraphs)) if f.blocks else list(paragraphs)
    # (A line of white space and invisible characters alone is blank.)
    while lines and is_blank(lines[0]):
        lines.pop(0)
    while lines and is_blank(lines[-1]):
        lines.pop()
    value = "\n".join(lines)
    return value if f.type == "textarea" else value.strip()


def _is_date_line(key: str) -> bool:
    return bool(BLANK_DATE.fullmatch(key) or DATE.fullmatch(key) or ISO_DATE.fullmatch(key))


def _strip_blocks(f: FormField, lines: list[str]) -> list[str]:
    """``lines`` without the signature, seal and date lines printed at the
    foot of the cell (and whatever the signer wrote on them)."""
    words = [squash(b.label.zh) for b in f.blocks if b.kind != "date"]
    words = [w for w in words if w]
    out = list(lines)
    while out:
        # (A blank line goes; one of a colon alone is text, not a block.)
        key = squash(out[-1]) if out[-1].strip() else ""
        if not out[-1].strip() or (key and (any(w in key for w in words) or _is_date_line(key))):
            out.pop()
            continue
        break
    return out
