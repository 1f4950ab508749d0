"""Loading an edition from its data files.

An edition is a directory of TOML files.  TOML was chosen over YAML because
the standard library reads it (``tomllib``), it has real dates and instants
with UTC offsets (the deadline is one), multi-line strings for the long
descriptions, comments, and none of YAML's surprises (``no`` read as false,
``3.10`` as a float).  Each top-level key comes from exactly one file, so the
data can be split (``edition.toml``, ``items.toml``, ``forms.toml``,
``roster.toml``) and every problem still names its file.

Loading runs in three passes, and each pass reports *all* its problems at
once, each with the file and the path inside it:

1. parse every file (syntax errors);
2. validate the merged document against the published edition schema
   (``schemas/edition.schema.json``);
3. structure it into :class:`~reform_brand.model.Edition` with a cattrs
   converter that forbids unknown keys, then check cross-references
   (unknown unit kinds or forms, duplicate ids, deadline before the issue
   date, patterns that do not compile...).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from reform_brand._cache import read_edition, write_edition
from reform_brand._edition_problems import MAIN_FILE, format_path, schema_problems
from reform_brand._portable import non_portable_reason
from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import pattern_reason, toml_reason
from reform_brand.codes.reasons import (
    known_reason,
    not_utf8_reason,
    os_reason,
    too_large_reason,
)
from reform_brand.errors import EditionDataError, Problem
from reform_brand.model import Edition, Form, FormField

# What checks an edition's files (the TOML parser, jsonschema, cattrs, the
# inheritance) is imported when files are read: an edition served from the
# cache needs none of it, and ``reform-brand editions`` starts faster.
if TYPE_CHECKING:
    from reform_brand.inherit import ParentResolver

__all__ = [
    "DIRS_KEY",
    "RendererLookup",
    "SearchPath",
    "format_path",
    "load_edition",
    "load_edition_data",
    "load_raw",
    "template_problems",
]

#: A reserved key of the origin map (never a TOML key of an edition): the data
#: directories of the edition and of the editions it inherits from, joined
#: with ``os.pathsep``, its own first.  Files the data names (a form's Word
#: ``template``) are looked up in them in that order, so that an inherited
#: form finds its template in the parent's directory.
#: Gives the renderers that apply to an edition id (to check its templates).
#: It may also have a ``describe(edition_id)`` method giving strings that
#: name those renderers without building them (for the cache key; see
#: :class:`reform_brand.host.Host`).
RendererLookup = Callable[[str], Sequence[object]]

DIRS_KEY = "\x00dirs"


class SearchPath:
    """Several data directories seen as one for the files an edition's data
    names: ``joinpath`` gives the file in the first directory that has it."""

    def __init__(self, dirs: list[str]) -> None:
        self.dirs = [Path(d) for d in dirs]

    def joinpath(self, *parts: str) -> Path:
        for d in self.dirs:
            candidate = d.joinpath(*parts)
            if candidate.is_file():
                return candidate
        return self.dirs[0].joinpath(*parts)

    def __str__(self) -> str:
        return os.pathsep.join(map(str, self.dirs))


_MAX_FILE_BYTES = 8 * 1024 * 1024


def load_edition(
    source: Traversable | Path | str,
    *,
    expected_id: str = "",
    resolve_parent: ParentResolver | None = None,
    renderers: RendererLookup | Iterable[object] = (),
) -> Edition:
    """Load and check the edition in directory ``source``.

    ``resolve_parent`` gives the raw data of a parent edition by id, for an
    edition that inherits from another (see :mod:`reform_brand.inherit`).
    ``renderers`` (or a function giving them for an edition id) check the
    templates the edition brings, through their optional ``check_template``
    capability; the host passes its renderers.
    Raises :class:`~reform_brand.errors.EditionDataError` listing every
    problem found.  An installed edition (``expected_id`` given, read from a
    folder) is kept in the user's cache once checked, and read back from
    there while its files are unchanged (see :mod:`reform_brand._cache`).
    """
    src: Traversable = Path(source) if isinstance(source, str) else source
    # A checked edition is kept in the user's cache, keyed by its files'
    # hashes (reform_brand._cache); only an installed edition (one with an
    # id) read from real folders is.
    if not (expected_id and isinstance(src, Path)):
        return _load_checked(src, expected_id, resolve_parent, renderers)[0]
    # The renderers are part of the key.  A lookup that can describe them
    # without building them (the host's: by the plugins that register them)
    # spares a command served from the cache the import of every renderer.
    describe = getattr(renderers, "describe", None)
    key: list[object] = list(
        describe(expected_id)
        if callable(describe)
        else renderers(expected_id)
        if callable(renderers)
        else renderers
    )
    hit = read_edition(src, expected_id, key)
    if hit is not None:
        return hit
    # Described: the renderers are built only if the edition brings templates.
    shown = renderers if callable(describe) else key
    edition, dirs = _load_checked(src, expected_id, resolve_parent, shown)
    write_edition(src, edition, dirs, key)
    return edition


def _load_checked(
    src: Traversable,
    expected_id: str,
    resolve_parent: ParentResolver | None,
    renderers: RendererLookup | Iterable[object],
) -> tuple[Edition, list[str]]:
    """The checked edition and the data folders it was read from."""
    import cattrs

    from reform_brand.converter import make_converter
    from reform_brand.inherit import placed

    data, origin = load_raw(src, resolve_parent)
    label = str(src)
    dirs = [d for d in origin.get(DIRS_KEY, "").split(os.pathsep) if d]
    problems = placed(schema_problems(data, origin), origin)
    if problems:
        raise EditionDataError(problems, edition=expected_id)
    try:
        edition = make_converter().structure(data, Edition)
    except cattrs.BaseValidationError as exc:
        problems = [
            Problem(
                file=_file_of(msg, origin),
                path=_path_of(msg),
                code="edition.structure",
                params={"detail": msg},
            )
            for msg in cattrs.transform_error(exc, path="")
        ]
        raise EditionDataError(placed(problems, origin), edition=expected_id) from None
    problems = placed(_semantic_problems(edition, origin, expected_id), origin)
    if problems:
        raise EditionDataError(problems, edition=expected_id)
    if len(dirs) > 1 and any(f.template for f in edition.forms):
        # Inherited forms keep the template of the edition they come from.
        label = str(SearchPath(dirs))
    # ``source`` is not data (eq=False); it lets messages say where it came
    # from, and a renderer find the templates the edition brings.
    edition = _with_source(edition, label)
    problems = placed(_template_problems(edition, origin, renderers), origin)
    if problems:
        raise EditionDataError(problems, edition=expected_id)
    return edition, dirs


def load_raw(
    src: Traversable, resolve_parent: ParentResolver | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The edition's merged data (inheritance applied), not yet checked.

    The origin map also holds, under :data:`DIRS_KEY`, the data directories
    of the edition and of its ancestors."""
    data, origin = load_edition_data(src)
    parent_dirs: list[str] = []
    resolve: ParentResolver | None = None
    if resolve_parent is not None:
        parent_of = resolve_parent

        def resolve(parent_id: str) -> tuple[dict[str, Any], dict[str, str]]:
            parent, parent_origin = parent_of(parent_id)
            parent_dirs.extend(d for d in parent_origin.get(DIRS_KEY, "").split(os.pathsep) if d)
            return parent, parent_origin

    from reform_brand.inherit import apply_inheritance

    merged, new_origin = apply_inheritance(data, origin, resolve)
    return merged, {**new_origin, DIRS_KEY: os.pathsep.join([str(src), *parent_dirs])}


def template_problems(renderer: object, edition: Edition, form: Form) -> list[Problem]:
    """The problems ``renderer`` finds in the template of ``form`` through its
    optional ``check_template(edition, form)`` capability (see
    :class:`reform_brand.plugin.TemplateChecker`); none without it.  A
    capability that raises is itself a problem, ``render.template-check-failed``."""
    check = getattr(renderer, "check_template", None)
    if not callable(check):
        return []
    try:
        return list(check(edition, form))
    except Exception as exc:
        return [
            Problem(
                file=edition.id,
                path=f"forms/{form.id}",
                code="render.template-check-failed",
                params={
                    "renderer": str(getattr(renderer, "id", type(renderer).__name__)),
                    "form": form.id,
                    "error": f"{type(exc).__name__}: {exc}"[:300],
                },
            )
        ]


def _template_problems(
    edition: Edition, origin: Mapping[str, str], renderers: RendererLookup | Iterable[object]
) -> Iterator[Problem]:
    """The templates the edition brings, checked by the renderers that can
    (``check_template``), each problem placed at its form in the data files.
    The loader does not know the renderers: the host hands them in."""
    if not any(f.template for f in edition.forms):
        return
    chosen = renderers(edition.id) if callable(renderers) else renderers
    file = origin.get("forms", MAIN_FILE)
    for renderer in chosen:
        for i, form in enumerate(edition.forms):
            for p in template_problems(renderer, edition, form):
                yield attrs.evolve(p, file=file, path=f"forms[{i}].template")


def _with_source(edition: Edition, label: str) -> Edition:
    return attrs.evolve(edition, source=label)


def _not_a_file(entry: Traversable) -> Localized | str | None:
    """Why ``entry``, a ``*.toml`` of the data that is not a file, cannot be
    read: a folder (``forms.toml/``, whose keys were said to be missing), a
    link to nothing or a loop of links, a pipe or a device (which would
    never be read to its end); None when it is gone."""
    if isinstance(entry, Path):
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            if exc.errno == errno.ENOENT and entry.is_symlink():
                return known_reason("link to nothing")
            return None if exc.errno == errno.ENOENT else os_reason(exc)
        if not stat.S_ISDIR(mode):
            return known_reason("not a regular file")
    elif not entry.is_dir():
        return None
    return os_reason(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))


def load_edition_data(src: Traversable) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse the TOML files of ``src`` and merge them.

    Returns the merged document (JSON-compatible: dates as ISO strings) and a
    map from each top-level key to the file it came from.
    """
    import tomllib

    from reform_brand.converter import to_jsonable

    problems: list[Problem] = []
    data: dict[str, Any] = {}
    origin: dict[str, str] = {}

    def listed(e: Traversable) -> bool:
        # (A file that cannot be looked at, a link through a folder that may
        # not be looked into, is that file's problem, not the folder's.  A
        # hidden file is no data: the ``._forms.toml`` macOS writes beside a
        # file copied to a drive it does not format, the ``.#forms.toml``
        # link Emacs leaves while a file is edited.)
        if not e.name.endswith(".toml") or e.name.startswith("."):
            return False
        try:
            if e.is_file():
                return True
            detail = _not_a_file(e)
        except OSError as exc:
            detail = os_reason(exc)
        if detail is not None:
            problems.append(
                Problem(file=e.name, path="", code="edition.unreadable", params={"detail": detail})
            )
        return False

    try:
        entries = sorted((e for e in src.iterdir() if listed(e)), key=lambda e: e.name)
    except OSError as exc:
        raise EditionDataError(
            [
                Problem(
                    file=str(src),
                    path="",
                    code="edition.unreadable",
                    params={"detail": os_reason(exc)},
                )
            ]
        ) from None
    if not entries:
        raise EditionDataError(
            problems or [Problem(file=str(src), path="", code="edition.no-files", params={})]
        )
    for entry in entries:
        name = entry.name
        raw = b""
        try:
            with entry.open("rb") as fh:
                raw = fh.read(_MAX_FILE_BYTES + 1)
            if len(raw) > _MAX_FILE_BYTES:
                detail = too_large_reason(_MAX_FILE_BYTES)
                problems.append(
                    Problem(
                        file=name, path="", code="edition.unreadable", params={"detail": detail}
                    )
                )
                continue
            text = raw.decode("utf-8-sig")
            doc = tomllib.loads(text)
            converted = {key: to_jsonable(value) for key, value in doc.items()}
        except RecursionError:
            problems.append(Problem(file=name, path="", code="edition.too-deep", params={}))
            continue
        except UnicodeDecodeError as exc:
            detail = not_utf8_reason(exc, raw)
            problems.append(
                Problem(file=name, path="", code="edition.encoding", params={"detail": detail})
            )
            continue
        except tomllib.TOMLDecodeError as exc:
            problems.append(
                Problem(
                    file=name,
                    path="",
                    code="edition.syntax",
                    params={"detail": toml_reason(exc, text)},
                )
            )
            continue
        except OSError as exc:
            why = os_reason(exc)
            problems.append(
                Problem(file=name, path="", code="edition.unreadable", params={"detail": why})
            )
            continue
        for key, value in converted.items():
            if key in origin:
                problems.append(
                    Problem(
                        file=name,
                        path=key,
                        code="edition.duplicate-key",
                        params={"key": key, "other": origin[key]},
                    )
                )
                continue
            origin[key] = name
            data[key] = value
    if problems:
        raise EditionDataError(problems)
    return data, origin


_CATTRS_PATH = re.compile(r" @ \$?(\S*)$")


def _path_of(msg: str) -> str:
    m = _CATTRS_PATH.search(msg)
    return m.group(1).lstrip(".") if m else ""


def _file_of(msg: str, origin: Mapping[str, str]) -> str:
    top = re.split(r"[.\[]", _path_of(msg), maxsplit=1)[0]
    return origin.get(top, MAIN_FILE)


def _semantic_problems(
    edition: Edition, origin: Mapping[str, str], expected_id: str
) -> Iterator[Problem]:
    """Cross-references the schema cannot check: unique ids, references to
    unit kinds, forms and readings, the deadline, the forms' fields."""
    checker = _CrossCheck(edition, origin)
    if expected_id and edition.id != expected_id:
        yield checker.problem("id", "edition.schema.enum", allowed=expected_id)
    yield from checker.ids()
    yield from checker.references()
    yield from checker.deadline()
    for i, form in enumerate(edition.forms):
        yield from _field_problems(
            checker.problem, checker.known_reading, f"forms[{i}]", form.fields, checker.unique
        )
        yield from _names_problems(checker.problem, f"forms[{i}]", form.fields)


class _CrossCheck:
    def __init__(self, edition: Edition, origin: Mapping[str, str]) -> None:
        self.edition = edition
        self.origin = origin
        self.kinds = {k.id for k in edition.unit_kinds}
        self.forms = {f.id for f in edition.forms}
        self.readings = {r.id for r in edition.readings}

    def problem(self, path: str, code: str, **params: object) -> Problem:
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        return Problem(file=self.origin.get(top, MAIN_FILE), path=path, code=code, params=params)

    def unique(self, items: Iterable[tuple[str, object]]) -> Iterator[Problem]:
        seen: dict[object, str] = {}
        for path, key in items:
            if key in seen:
                yield self.problem(path, "edition.duplicate-id", id=key, other=seen[key])
            else:
                seen[key] = path

    def ids(self) -> Iterator[Problem]:
        e = self.edition
        keyed: tuple[tuple[str, str, Iterable[Any]], ...] = (
            ("unit_kinds", "id", e.unit_kinds),
            ("forms", "id", e.forms),
            ("quotas", "id", e.quotas),
            ("reform_items", "number", e.reform_items),
            ("extra_materials", "id", e.extra_materials),
            ("readings", "id", e.readings),
            ("roster", "name", e.roster),
            ("delivery.deliverables", "id", e.delivery.deliverables),
        )
        for array, key, entries in keyed:
            yield from self.unique(
                (f"{array}[{i}].{key}", getattr(x, key)) for i, x in enumerate(entries)
            )

    def known_kind(self, path: str, kind: str) -> Iterator[Problem]:
        if kind not in self.kinds:
            yield self.problem(path, "edition.unknown-unit-kind", kind=kind)

    def known_form(self, path: str, form: str) -> Iterator[Problem]:
        if form not in self.forms:
            yield self.problem(path, "edition.unknown-form", form=form)

    def known_reading(self, path: str, reading: str) -> Iterator[Problem]:
        if reading and reading not in self.readings:
            yield self.problem(path, "edition.unknown-reading", reading=reading)

    def references(self) -> Iterator[Problem]:
        e = self.edition
        for i, k in enumerate(e.unit_kinds):
            for j, f in enumerate(k.forms):
                yield from self.known_form(f"unit_kinds[{i}].forms[{j}]", f)
            if k.counted_under:
                yield from self.known_kind(f"unit_kinds[{i}].counted_under", k.counted_under)
        for i, q in enumerate(e.quotas):
            for j, kind in enumerate(q.unit_kinds):
                yield from self.known_kind(f"quotas[{i}].unit_kinds[{j}]", kind)
            for j, kind in enumerate(q.includes):
                yield from self.known_kind(f"quotas[{i}].includes[{j}]", kind)
            for j, f in enumerate(q.forms):
                yield from self.known_form(f"quotas[{i}].forms[{j}]", f)
            yield from self.known_reading(f"quotas[{i}].reading", q.reading)
        for i, m in enumerate(e.extra_materials):
            for j, kind in enumerate(m.unit_kinds):
                yield from self.known_kind(f"extra_materials[{i}].unit_kinds[{j}]", kind)
        for i, u in enumerate(e.roster):
            yield from self.known_kind(f"roster[{i}].kind", u.kind)
        yield from self.known_reading("deadline.reading", e.deadline.reading)

    def deadline(self) -> Iterator[Problem]:
        """An instant with an offset, on a day a check can use, in a known
        zone, after the issue date."""
        import zoneinfo

        from reform_brand.moments import DAYS_READ

        d = self.edition.deadline
        if d.at.tzinfo is None:
            yield self.problem("deadline.at", "edition.deadline-naive")
            return
        first, last = DAYS_READ
        if not first <= d.at.date().isoformat() <= last:
            # (Within two days of the calendar's ends: another zone, the
            # deadline's own among them, might not show it.)
            deadline = d.at.isoformat()
            yield self.problem(
                "deadline.at",
                "edition.deadline-out-of-range",
                deadline=deadline,
                first=first,
                last=last,
            )
            return
        try:
            zone = zoneinfo.ZoneInfo(d.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            yield self.problem("deadline.timezone", "edition.unknown-timezone", timezone=d.timezone)
            return
        if d.at.astimezone(zone).date() < self.edition.issued:
            yield self.problem(
                "deadline.at",
                "edition.deadline-before-issue",
                deadline=d.at.isoformat(),
                issued=self.edition.issued.isoformat(),
            )


def _field_problems(
    problem: Any, known_reading: Any, prefix: str, fields: tuple[FormField, ...], unique: Any
) -> Iterator[Problem]:
    yield from unique((f"{prefix}.fields[{j}].id", f.id) for j, f in enumerate(fields))
    for j, f in enumerate(fields):
        path = f"{prefix}.fields[{j}]"
        yield from unique((f"{path}.blocks[{k}].id", b.id) for k, b in enumerate(f.blocks))
        yield from known_reading(f"{path}.reading", f.reading)
        if f.pattern:
            yield from _pattern_problems(problem, f"{path}.pattern", f.pattern)
        if f.type == "group":
            if not f.fields:
                yield problem(f"{path}.fields", "edition.group-without-fields")
            yield from _field_problems(problem, known_reading, path, f.fields, unique)
        if f.type == "choice" and not f.choices:
            yield problem(f"{path}.choices", "edition.schema.required", name="choices")
        yield from _bound_problems(problem, path, f)


def _names_problems(
    problem: Any, prefix: str, fields: tuple[FormField, ...], top: bool = True
) -> Iterator[Problem]:
    """``names`` marks one top-level ``text`` field of a form for each thing
    named: the one whose value names the project, or the unit."""
    marked: set[str] = set()
    for j, f in enumerate(fields):
        path = f"{prefix}.fields[{j}]"
        if f.names is not None:
            if not top or f.type != "text" or f.names in marked:
                yield problem(f"{path}.names", "edition.bad-names", names=f.names, type=f.type)
            else:
                marked.add(f.names)
        yield from _names_problems(problem, path, f.fields, top=False)


def _pattern_problems(problem: Any, path: str, pattern: str) -> Iterator[Problem]:
    """A pattern must compile in Python, and read in ECMAScript too: the
    exported JSON Schema carries it to ajv and to browsers."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError) as exc:  # OverflowError: a repeat count too large
        yield problem(path, "edition.bad-pattern", detail=pattern_reason(exc))
        return
    python_only = non_portable_reason(pattern)
    if python_only is not None:
        yield problem(path, "edition.bad-pattern", detail=python_only)


def _bound_problems(problem: Any, path: str, f: FormField) -> Iterator[Problem]:
    """Bounds and a unit only on number fields, and never an empty range."""
    if not f.is_number:
        for name in ("minimum", "maximum"):
            if getattr(f, name) is not None:
                yield problem(f"{path}.{name}", "edition.bounds-not-number", name=name, type=f.type)
        if f.unit.zh:
            yield problem(f"{path}.unit", "edition.bounds-not-number", name="unit", type=f.type)
    elif f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        yield problem(f"{path}.minimum", "edition.bad-range", minimum=f.minimum, maximum=f.maximum)
