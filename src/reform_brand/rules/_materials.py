"""Extra materials: what the edition asks for beside the forms (e.g. a city's
yearly progress summary), judged over the whole batch.

A material arrives as an attachment whose ``role`` is the material's id: on
a submission's envelope, or on a materials-only envelope (attachments and
no form, docs/submission.md).  The unit that sent it is the envelope's
unit.  One rule says everything about materials, whichever way they came
in (JSON envelopes or intake of an inbox):

* ``material.unit-unknown``: no unit is known for it;
* ``material.not-selected``: a material tied to the units selected earlier,
  from a unit not among them;
* ``material.too-long`` / ``material.unreadable``: over its 字 limit, counted
  with the edition's count mode (a .docx or a UTF-8 text file);
* ``material.duplicate``: more copies from one unit than ``per_unit``;
* ``material.missing``: units that must send it and did not, once the
  batch carries extra materials at all (a batch of forms alone, e.g. a
  portal's, says nothing about materials).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import attrs

from reform_brand.engine._context import RuleContext
from reform_brand.engine._records import SubmissionRecord
from reform_brand.findings import Finding
from reform_brand.model import ExtraMaterial
from reform_brand.names import normalise
from reform_brand.opened import content_known, material_text_known
from reform_brand.rules._base import BuiltinRule
from reform_brand.rules._files import MAX_ATTACHMENT_BYTES, resolve_attachment, sniff
from reform_brand.safeopen import UnsafeFileError, describe, docx_text, kind_name
from reform_brand.submission import Attachment
from reform_brand.wordcount import count

__all__ = ["MODE_ZH", "MaterialsRule", "material_text"]

MODE_ZH: Final = {
    "word-compatible": "Word 字数统计",
    "characters": "字符数（计空格）",
    "non-whitespace": "字符数（不计空格）",
}


def material_text(path: Path, *, kind: str = "") -> str:
    """The text of a material file: a .docx, or UTF-8 text (a BOM allowed).
    ``kind``: the file's type when it is known already (from its sniff;
    ``text`` too, for unknown content named as text), so that the file is
    opened once more only to be read.  A material that intake read in this
    run, and that has not changed since, is not read again.  Raises
    ``ValueError`` (with the reason) or ``OSError``."""
    if path.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise ValueError("too large")
    known = material_text_known(path)  # (read by intake, unchanged since)
    if known is not None:
        return known
    found = kind or sniff(path).kind
    if found == "docx":
        try:
            return docx_text(path)
        except UnsafeFileError as exc:
            raise ValueError(describe(exc)) from None
        except (KeyError, zipfile.BadZipFile) as exc:
            raise ValueError(type(exc).__name__) from None
    if found not in ("unknown", "empty", "text"):
        raise ValueError(kind_name(found)[1])
    raw = content_known(path)  # (read when intake sniffed it)
    if raw is None:
        raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None


@attrs.frozen
class _Received:
    sub: SubmissionRecord
    att: Attachment
    spec: ExtraMaterial
    unit: str
    #: The file as findings name it: the envelope's folder joined with the path.
    file: str


def _titles(spec: ExtraMaterial) -> dict[str, Any]:
    return {"title": spec.title.zh, "title_en": spec.title.en or spec.title.zh}


class MaterialsRule(BuiltinRule):
    """Extra materials over the batch: unit, selection, 字 limit, copies per
    unit, and the units still missing."""

    id = "materials"
    scope = "batch"
    codes = (
        "material.unit-unknown",
        "material.not-selected",
        "material.too-long",
        "material.unreadable",
        "material.duplicate",
        "material.missing",
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        received = list(_received(ctx))
        per_unit: dict[tuple[str, str], list[_Received]] = {}
        for r in received:
            yield from self._one(ctx, r)
            if r.unit:
                key = ctx.index.roster.canonical(r.unit) or normalise(r.unit)
                per_unit.setdefault((r.spec.id, key), []).append(r)
        for (_mat, _key), items in sorted(per_unit.items()):
            spec = items[0].spec
            if len(items) > spec.per_unit:
                yield self._finding(
                    ctx,
                    "material.duplicate",
                    items[1],
                    count=len(items),
                    limit=spec.per_unit,
                    files=tuple(x.file for x in items),
                )
        if not received:
            return  # a batch of forms only: whether materials are due is not its to say
        for spec in ctx.edition.extra_materials:
            expected: list[str] = []
            if spec.unit_kinds:
                expected = [u.name for u in ctx.edition.roster if u.kind in spec.unit_kinds]
            elif spec.selected_units:
                expected = list(spec.selected_units)
            got = {key for (mid, key) in per_unit if mid == spec.id}
            missing = tuple(
                u for u in expected if (ctx.index.roster.canonical(u) or normalise(u)) not in got
            )
            if missing:
                yield ctx.finding(
                    "material.missing",
                    rule=self.id,
                    unit="",
                    clause=spec.clause,
                    units=missing,
                    count=len(missing),
                    **_titles(spec),
                )

    def _finding(self, ctx: RuleContext, code: str, r: _Received, **params: Any) -> Finding:
        own = not r.sub.material_only
        found = ctx.finding(
            code,
            rule=self.id,
            submission=r.sub if own else None,
            pointer=f"/attachments/{r.att.index}" if own else "",
            clause=r.spec.clause,
            unit=r.unit,
            material=r.spec.id,
            **_titles(r.spec),
            **params,
        )
        return attrs.evolve(found, file=r.file)

    def _one(self, ctx: RuleContext, r: _Received) -> Iterator[Finding]:
        spec = r.spec
        if not r.unit:
            yield self._finding(ctx, "material.unit-unknown", r)
        elif spec.selected_units:
            selected = {normalise(u) for u in spec.selected_units}
            if normalise(r.unit) not in selected:
                year = spec.selected_in
                yield self._finding(
                    ctx,
                    "material.not-selected",
                    r,
                    selection=f"{year} 年度" if year else "",
                    selection_en=f" in {year}" if year else "",
                )
        if r.sub.base_dir is None:
            return  # no folder known: files are not checked
        real = resolve_attachment(r.sub, r.att)
        if r.sub.material_only and (real is None or not real.is_file()):
            # On a submission's envelope the deliverables rule says this.
            yield self._finding(ctx, "material.unreadable", r, detail="no such file")
            return
        if real is None or not spec.max_zi:
            return
        try:
            text = material_text(real)
        except (OSError, ValueError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield self._finding(ctx, "material.unreadable", r, detail=detail[:200])
            return
        mode = ctx.edition.count_mode
        n = count(text, mode)
        if n > spec.max_zi:
            yield self._finding(
                ctx,
                "material.too-long",
                r,
                count=n,
                limit=spec.max_zi,
                mode=mode,
                mode_zh=MODE_ZH.get(mode, mode),
            )


def _received(ctx: RuleContext) -> Iterator[_Received]:
    materials = ctx.index.materials
    for sub in ctx.records:
        for att in sub.attachments:
            spec = materials.get(att.role)
            if spec is None:
                continue
            file = att.path
            if sub.file:
                file = str(Path(sub.file).parent / att.path)
            yield _Received(sub=sub, att=att, spec=spec, unit=sub.unit.name[:200], file=file)
