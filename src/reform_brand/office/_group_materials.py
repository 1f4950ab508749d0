"""The extra materials of an inbox's group (:mod:`reform_brand.office._groups`):
what material a file is by the edition's data (:func:`material_for`, its
title, ``name_patterns`` or ``keywords``), and a file taken as one
(:func:`add_material`): its text counted, its unit, its envelope."""

from __future__ import annotations

import fnmatch
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from reform_brand.model import Edition, ExtraMaterial
from reform_brand.names import RosterIndex
from reform_brand.office._inbox import Material
from reform_brand.office._names import clean_text
from reform_brand.office._read import squash
from reform_brand.office._reader import Reader
from reform_brand.opened import keep_material_text, known_file
from reform_brand.rules import material_text
from reform_brand.safeopen import OpenPackage, UnsafeFileError, docx_text
from reform_brand.wordcount import count

__all__ = ["add_material", "docx_material", "material_for"]


def material_for(edition: Edition, name: str, head: str = "") -> ExtraMaterial | None:
    """The extra material a file is, by the edition's data: its title in the
    file name or first lines, a file-name pattern, or a group of key words
    (the group with most words wins; then the edition's order).  A name
    that is not UTF-8 is read as shown (:func:`clean_text`)."""
    name = clean_text(name)
    key = squash(f"{name}\n{head}")
    folded = unicodedata.normalize("NFKC", name).casefold()
    for m in edition.extra_materials:
        if squash(m.title.zh) in key:
            return m
    for m in edition.extra_materials:
        for pattern in m.name_patterns:
            if fnmatch.fnmatchcase(folded, unicodedata.normalize("NFKC", pattern).casefold()):
                return m
    best: tuple[int, ExtraMaterial] | None = None
    for m in edition.extra_materials:
        for words in m.keywords:
            if all(squash(w) in key for w in words) and (best is None or len(words) > best[0]):
                best = (len(words), m)
    return best[1] if best is not None else None


def docx_material(edition: Edition, path: Path, opened: OpenPackage | None) -> ExtraMaterial | None:
    """The extra material the Word file at ``path`` that holds no form is,
    by its name, else by its first three lines (read from ``opened`` when
    its sniff holds it open); None when none (or it cannot be read)."""
    mat = material_for(edition, path.name)
    if mat is None:
        try:
            text = opened.text() if opened is not None else docx_text(path)
        except (UnsafeFileError, OSError, ValueError, KeyError):
            return None
        head = "\n".join([line for line in text.splitlines() if line.strip()][:3])
        mat = material_for(edition, "", head)
    return mat


def add_material(
    r: Reader,
    roster: RosterIndex,
    manifest: Mapping[str, Any],
    rel: str,
    kind: str,
    item: Mapping[str, Any],
    opened: OpenPackage | None = None,
) -> None:
    """The file ``rel`` (of type ``kind``) taken as the extra material
    ``item`` names (``material``, and its ``unit`` when the group's
    ``manifest`` declares it): its text kept for the materials rule, its
    unit (declared, else named in the file's name or its start), and its
    envelope; a material the edition has not is a file of no known use."""
    edition = r.edition
    mat = {m.id: m for m in edition.extra_materials}.get(str(item.get("material", "")))
    if mat is None:
        r.unknown(rel, kind)
        return
    text = _material_text(r.root / rel, kind, opened)
    if text is not None:
        keep_material_text(r.root / rel, text)  # (the materials rule counts it)
    unit = str(item.get("unit") or manifest.get("unit", {}).get("name") or "")
    if not unit:
        unit = roster.unit_named_in(PurePosixPath(r.w.show(rel)).name) or (
            roster.unit_named_in(text[:400]) if text else ""
        )
    shown = r.w.show(rel)
    r.set(rel, role=mat.id)
    learned = known_file(r.root / rel)
    counted = count(text, edition.count_mode) if text is not None else None
    r.materials.append(
        Material(path=shown, material=mat.id, unit=unit, count=counted, limit=mat.max_zi)
    )
    env: dict[str, Any] = {
        "version": 1,
        "id": shown[:200],
        "edition": edition.id,
        "attachments": [{"role": mat.id, "path": rel}],
    }
    if unit:
        known = roster.canonical(unit)
        kind_of = {u.name: u.kind for u in edition.roster}
        given = manifest.get("unit", {})
        kind_id = kind_of.get(known, "") if known else str(given.get("kind", ""))
        env["unit"] = {"name": unit[:200], "kind": kind_id}
    r.envelopes.append(env)
    r.known.append(() if learned is None else (learned,))


def _material_text(path: Path, kind: str, opened: OpenPackage | None) -> str | None:
    """The text of a material (None when it cannot be read), from the
    opening its sniff holds when there is one (a file opened at all is within
    the size limit)."""
    try:
        if opened is not None and opened.kind == "docx":
            return opened.text()
        return material_text(path, kind=kind)  # (its type known: not sniffed again)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
