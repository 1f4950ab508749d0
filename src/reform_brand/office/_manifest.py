"""The manifest of an e-mail folder of the inbox (manifest.toml or
manifest.json): sender, arrival time, unit, reform items, and which file is
what.  The schema is published in docs/inbox.md."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import toml_place_and_reason, toml_wide_hint
from reform_brand.codes.reasons import json_error_reason, os_reason, reason_text
from reform_brand.engine._envelope import envelope_findings
from reform_brand.findings import Finding
from reform_brand.office._inbox import ledger_finding
from reform_brand.office._names import shown_path
from reform_brand.opened import digest_of
from reform_brand.safeopen import UnsafeFileError, describe, open_regular
from reform_brand.submission import SURROGATE_DETAIL, has_lone_surrogate

__all__ = [
    "MANIFEST_NAMES",
    "MANIFEST_SCHEMA",
    "MAX_MANIFEST_BYTES",
    "as_on_disk",
    "in_folder",
    "read_manifest",
    "read_manifest_digest",
]

MANIFEST_NAMES: Final = ("manifest.toml", "manifest.json")
MAX_MANIFEST_BYTES: Final = 256 * 1024

_UNIT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "kind": {"type": "string", "minLength": 1, "maxLength": 100},
        "city": {"type": "string", "minLength": 1, "maxLength": 200},
    },
}
_ITEMS_SCHEMA: Final[dict[str, Any]] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1},
    "uniqueItems": True,
}
_PATH_SCHEMA: Final[dict[str, Any]] = {"type": "string", "minLength": 1, "maxLength": 1024}

#: The manifest of an e-mail folder (manifest.json, or manifest.toml with the
#: same members).  Published in docs/inbox.md.
MANIFEST_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:reform-brand:inbox-manifest:1",
    "title": "收件清单",
    "description": "What one e-mail brought: sender, arrival time, unit, reform items, files.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "sender": {"type": "string", "maxLength": 320},
        "subject": {"type": "string", "maxLength": 1000},
        "arrived_at": {"type": "string", "maxLength": 64},
        "unit": _UNIT_SCHEMA,
        "reform_items": _ITEMS_SCHEMA,
        "submissions": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "word": _PATH_SCHEMA,
                    "scan": _PATH_SCHEMA,
                    "form": {"type": "string", "minLength": 1},
                    "unit": _UNIT_SCHEMA,
                    "reform_items": _ITEMS_SCHEMA,
                },
            },
        },
        "materials": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "material"],
                "properties": {
                    "path": _PATH_SCHEMA,
                    "material": {"type": "string", "minLength": 1},
                    "unit": {"type": "string", "minLength": 1, "maxLength": 200},
                },
            },
        },
        "ignore": {"type": "array", "maxItems": 1000, "items": _PATH_SCHEMA},
    },
}
_MANIFEST_VALIDATOR: Final = Draft202012Validator(MANIFEST_SCHEMA)


def _plain(value: Any) -> Any:
    """TOML values as JSON values (date-times as ISO 8601 strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


_TOO_LARGE: Final = Localized(
    zh=f"文件大于 {MAX_MANIFEST_BYTES} 字节",
    en=f"larger than {MAX_MANIFEST_BYTES} bytes",
    value=f"larger than {MAX_MANIFEST_BYTES} bytes",
)
_NOT_UTF8: Final = Localized(zh="不是 UTF-8 编码的文本", en="not UTF-8 text", value="not UTF-8")


def _syntax(exc: Exception, text: str) -> Localized:
    """A manifest that does not parse: where, in both languages (the
    parser's own words in English, and as the finding's value); a Chinese
    character typed where TOML takes an ASCII one (“”, ＝) is named."""
    own = str(exc)[:200]
    if isinstance(exc, RecursionError):
        return Localized(zh="嵌套层次太深", en="nested too deeply", value=own)
    if isinstance(exc, json.JSONDecodeError):
        reason = json_error_reason(exc)
        zh_reason = reason.zh if isinstance(reason, Localized) else "格式错误"
        where_zh = f"第 {exc.lineno} 行第 {exc.colno} 列"
        where_en = f"line {exc.lineno}, column {exc.colno}"
        return Localized(
            zh=f"JSON 格式错误（{where_zh}）：{zh_reason}",
            en=f"not valid JSON ({where_en}): {reason_text(reason, 'en')}",
            value=own,
        )
    if isinstance(exc, tomllib.TOMLDecodeError):
        where, what = toml_place_and_reason(exc)
        wide = toml_wide_hint(exc, text)
        what, hint = (wide.zh, f"; {wide.en}") if wide is not None else (what, "")
        zh = f"TOML 格式错误（{where}）：{what}" if where else f"TOML 格式错误：{what}"
        return Localized(zh=zh, en=f"not valid TOML: {own}{hint}", value=own)
    return Localized(zh="格式错误", en=own, value=own)


def _schema_detail(errors: list[ValidationError]) -> Localized:
    """The first five ways a parsed manifest does not fit its schema, each
    as the envelope's own are told (``/unit/kind：缺少必填项“kind”``); its
    value is the pointers and JSON Schema keywords."""
    found = envelope_findings(
        errors, lambda code, ptr, **params: ledger_finding(code, "", pointer=ptr, **params)
    )[:5]
    value = "; ".join(
        "/" + "/".join(str(p) for p in e.absolute_path) + f": {e.validator}" for e in errors[:5]
    )

    def told(f: Finding, lang: str) -> str:
        # (A member the schema gives no title is named by its pointer.)
        text = f.message(lang)
        where = f.pointer or "/"
        return text if where in text else f"{where}{'：' if lang == 'zh' else ': '}{text}"

    return Localized(
        zh="；".join(told(f, "zh") for f in found),
        en="; ".join(told(f, "en") for f in found),
        value=value,
    )


def read_manifest(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The manifest at ``path`` (``rel`` as the ledger names it), or None and
    an ``inbox.manifest-invalid`` finding."""
    found, problems, _digest = read_manifest_digest(path, rel)
    return found, problems


def read_manifest_digest(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Finding], str]:
    """:func:`read_manifest`, and the SHA-256 of the file (hex; "" when it
    cannot be read), from one opening of the file."""
    digest = ""

    def bad(detail: str | Localized) -> tuple[None, list[Finding], str]:
        return None, [ledger_finding("inbox.manifest-invalid", rel, detail=detail)], digest

    try:
        if os.stat(path).st_size > MAX_MANIFEST_BYTES:
            with contextlib.suppress(OSError, ValueError):
                digest = digest_of(path)
            return bad(_TOO_LARGE)
        with open_regular(path, max_bytes=MAX_MANIFEST_BYTES) as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        return bad(os_reason(exc))
    except UnsafeFileError as exc:  # grown over the limit since, or not a file
        return bad(_TOO_LARGE if exc.code == "read.too-large" else describe(exc))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return bad(_NOT_UTF8)
    try:
        value: Any = tomllib.loads(text) if rel.lower().endswith(".toml") else json.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return bad(_syntax(exc, text))
    if has_lone_surrogate(value):  # (a JSON "\ud800": no text, no name)
        return bad(SURROGATE_DETAIL)
    value = _plain(value)
    errors = sorted(_MANIFEST_VALIDATOR.iter_errors(value), key=lambda e: list(e.path))
    if errors:
        return bad(_schema_detail(errors))
    assert isinstance(value, dict)
    return value, [], digest


def in_folder(folder: str, path: str) -> str:
    """The path ``path`` of a manifest of ``folder``, as the inbox names it."""
    joined = f"{folder}/{path}" if folder else path
    return str(PurePosixPath(joined))


def as_on_disk(m: Mapping[str, Any], folder: str, rels: list[str]) -> dict[str, Any]:
    """The manifest ``m`` of ``folder`` with each file it names as the file
    on disk is named: a name typed in another letter case (``申报表.DOCX`` for
    ``申报表.docx``) is that file when no file has the name exactly and
    exactly one has it in any case (a clerk on Windows sees no difference);
    so is a name typed composed (NFC, ``café``) for a file whose name a Mac
    wrote decomposed (NFD), or the other way round."""
    exact = set(rels)
    folded: dict[str, list[str]] = {}
    for rel in rels:
        folded.setdefault(_folded(rel), []).append(rel)

    def on_disk(p: Any) -> Any:
        if not isinstance(p, str):
            return p
        rel = in_folder(folder, p)
        same = folded.get(_folded(rel), [])
        if rel in exact or len(same) != 1:
            return p
        return same[0][len(folder) + 1 :] if folder else same[0]

    out = dict(m)
    if "submissions" in m:
        out["submissions"] = [
            {**s, **{k: on_disk(s[k]) for k in ("word", "scan") if k in s}}
            for s in m["submissions"]
        ]
    if "materials" in m:
        out["materials"] = [{**i, "path": on_disk(i["path"])} for i in m["materials"]]
    if "ignore" in m:
        out["ignore"] = [on_disk(p) for p in m["ignore"]]
    return out


def _folded(name: str) -> str:
    """``name`` as a file system that ignores case and normalisation sees it
    (a UTF-8 name read in an ASCII locale as the name it is)."""
    shown, how = shown_path(name)
    return unicodedata.normalize("NFC", name if how else shown).casefold()
