"""``reform-brand new-edition``: scaffold an installable edition plugin package.

The package made for ``new-edition example-2023 --from example-2022 -o DIR``::

    DIR/
      pyproject.toml                 # setuptools; entry point group reform_brand
      README.md                      # what to edit next, and how to test
      src/reform_brand_example_2023/
        __init__.py                  # registers the edition's data directory
        py.typed
        data/*.toml                  # the edition's data (inside the package)
      tests/test_edition.py          # uses reform_brand's pytest plugin

Either a full copy of the source edition's data files (``id`` and ``year``
changed, and the year in the titles), or with ``inherit=True`` one
``edition.toml`` that inherits from the source edition (``[inherit]``) and
changes only the id, the year and the titles.  The package installs with pip
as it is and passes its own tests unchanged; the maintainer then edits the
data (see docs/tutorials/maintainer.md).

TOML is read, edited and written with tomlkit, so that a copied data file
keeps its comments and layout, and ``pyproject.toml`` is the package's
``templates/plugin-pyproject.toml`` with the names set.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import textwrap
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Final

import tomlkit
from attrs import frozen
from tomlkit.items import Table

from reform_brand._leftovers import HeldFolder, clear_left, held_folder
from reform_brand._schemas import load_schema
from reform_brand.codes.reasons import known_reason, output_reason
from reform_brand.errors import UsageError
from reform_brand.maint._scaffold_texts import (
    INIT,
    README,
    TEST,
    init_summary,
    plugins_marker,
    test_summary,
)
from reform_brand.maint._templates import retitled_template
from reform_brand.model import Edition, checked_type

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = ["Scaffold", "module_name", "scaffold_edition", "year_in_id"]

_ID: Final = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_YEAR_AT_END: Final = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}$")


@frozen(kw_only=True)
class Scaffold:
    """What :func:`scaffold_edition` wrote."""

    edition: str
    parent: str
    year: int
    inherit: bool
    directory: Path
    distribution: str
    module: str
    files: tuple[str, ...]


def module_name(edition_id: str) -> str:
    """The import package of an edition plugin: ``reform_brand_example_2023``."""
    return "reform_brand_" + re.sub(r"[^a-z0-9_]", "_", edition_id)


def year_in_id(edition_id: str) -> int | None:
    """The year ``edition_id`` ends with (19xx, 20xx: not a longer number's end), or None."""
    m = _YEAR_AT_END.search(edition_id)
    return int(m.group(0)) if m else None


def _new_year(new_id: str, parent: Edition, year: int | None) -> int:
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year takes a whole number or None, not {type(year).__name__}")
    named = year_in_id(new_id) if year is None else year
    return named if named is not None else parent.year + 1


def _files(src: Traversable | Path) -> Iterator[tuple[PurePosixPath, Traversable | Path]]:
    for entry in sorted(src.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and not entry.name.startswith(".") and entry.is_file():
            yield PurePosixPath(entry.name), entry


def _retitle(node: object, old: str, new: str) -> None:
    """Replace the year ``old`` by ``new`` in every ``title.zh``/``title.en``
    (the edition's, the forms', any table's) under ``node``, in place."""
    if isinstance(node, MutableMapping):
        for key, value in node.items():
            if key == "title" and isinstance(value, MutableMapping):
                for lang in ("zh", "en"):
                    text = value.get(lang)
                    if isinstance(text, str) and old in text:
                        value[lang] = text.replace(old, new)
            else:
                _retitle(value, old, new)
    elif isinstance(node, MutableSequence):
        for item in node:
            _retitle(item, old, new)


def _copied_toml(text: str, parent: Edition, new_id: str, year: int) -> str:
    """A data file of ``parent`` with the edition's id and year and the year
    in the titles changed; comments and layout kept."""
    doc = tomlkit.parse(text)
    if doc.get("id") == parent.id:
        doc["id"] = new_id
    if doc.get("year") == parent.year:
        doc["year"] = year
    _retitle(doc, str(parent.year), str(year))
    return tomlkit.dumps(doc)


def _copy_data(
    parent: Edition, source: Traversable | Path, data: Path, new_id: str, year: int
) -> list[str]:
    written = []
    for rel, entry in _files(source):
        text = _copied_toml(entry.read_bytes().decode("utf-8-sig"), parent, new_id, year)
        target = data.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(str(PurePosixPath("data", *rel.parts)))
    for form in parent.forms:
        if not form.template:
            continue
        rel = PurePosixPath(form.template)
        entry = source.joinpath(*rel.parts)
        target = data.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        old, new = str(parent.year), str(year)
        target.write_bytes(retitled_template(entry.read_bytes(), form.title.zh, old, new))
        written.append(str(PurePosixPath("data", *rel.parts)))
    return written


def _inherit_templates(parent: Edition, data: Path, year: int) -> list[str]:
    """The parent's Word templates of the forms whose titles name its year,
    that year changed, under the same paths in ``data`` (a child's template
    of the same name wins): a template that still wrote the old title would
    make forms that cannot be read back."""
    from reform_brand.render import form_template

    old, new = str(parent.year), str(year)
    written = []
    for form in parent.forms:
        if not form.template or old not in form.title.zh:
            continue
        rel = PurePosixPath(form.template)
        target = data.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(retitled_template(form_template(parent, form), form.title.zh, old, new))
        written.append(str(PurePosixPath("data", *rel.parts)))
    return written


def _add_titles(table: Any, zh: str, en: str) -> None:
    """``title.zh`` and (if any) ``title.en`` as dotted keys of ``table``."""
    table.add(tomlkit.key(["title", "zh"]), zh)
    if en:
        table.add(tomlkit.key(["title", "en"]), en)


_INHERIT_COMMENT: Final = """\
{new_id}: the edition {parent} plus changes.

Everything not written here is inherited from the parent edition; tables
merge key by key and arrays of entries merge by id (see reform_brand's
docs/edition-format.md, Inheritance).  `reform-brand diff` shows what
differs from {parent}; `reform-brand lint` checks the result."""


def _inherit_data(parent: Edition, data: Path, new_id: str, year: int) -> list[str]:
    old, new = str(parent.year), str(year)
    doc = tomlkit.document()
    for line in _INHERIT_COMMENT.format(new_id=new_id, parent=parent.id).splitlines():
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    doc.add("id", new_id)
    doc.add("year", year)
    _add_titles(doc, parent.title.zh.replace(old, new), parent.title.en.replace(old, new))
    doc.add(tomlkit.nl())
    inherit = tomlkit.table()
    inherit.add("from", parent.id)
    doc.add("inherit", inherit)
    forms = tomlkit.aot()
    for form in parent.forms:
        if old not in form.title.zh and old not in form.title.en:
            continue
        entry = tomlkit.table()
        entry.add("id", form.id)
        _add_titles(entry, form.title.zh.replace(old, new), form.title.en.replace(old, new))
        forms.append(entry)
    if forms:
        doc.add("forms", forms)
    data.mkdir(parents=True, exist_ok=True)
    (data / "edition.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")
    return ["data/edition.toml", *_inherit_templates(parent, data, year)]


def _table(doc: tomlkit.TOMLDocument, *keys: str) -> Table:
    node: Any = doc
    for key in keys:
        node = node[key]
    assert isinstance(node, Table), keys
    return node


def _only_entry(table: Table, key: str, value: Any) -> None:
    """Make ``key = value`` the only entry of ``table`` (comments kept)."""
    for old in list(table):
        del table[old]
    table[key] = value


def _pyproject(dist: str, edition: str, module: str, dependencies: list[str]) -> str:
    """The package's pyproject.toml: the template with the names set."""
    text = files(__package__).joinpath("templates", "plugin-pyproject.toml").read_text("utf-8")
    doc = tomlkit.parse(text)
    project = _table(doc, "project")
    project["name"] = dist
    project["description"] = (
        f"The {edition} edition of the call for reform brand projects (reform_brand plugin)."
    )
    project["dependencies"] = dependencies
    _only_entry(_table(doc, "project", "entry-points", "reform_brand"), edition, module)
    package_data = _table(doc, "tool", "setuptools", "package-data")
    (patterns,) = package_data.values()
    _only_entry(package_data, module, patterns)
    return tomlkit.dumps(doc)


def _made_here(folder: Path) -> bool:
    """Whether ``folder`` holds an edition package new-edition made (edited
    since, perhaps): a ``pyproject.toml`` that registers a ``reform_brand``
    entry point, as :func:`_pyproject` writes it."""
    path = folder / "pyproject.toml"
    try:
        if not path.is_file() or path.stat().st_size > _MAX_PYPROJECT:
            return False
        doc = tomlkit.parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return False
    project = doc.get("project")
    points = project.get("entry-points") if isinstance(project, MutableMapping) else None
    return isinstance(points, MutableMapping) and isinstance(points.get("reform_brand"), Table)


#: The largest pyproject.toml read to tell a package new-edition made.
_MAX_PYPROJECT: Final = 1 << 20


@frozen(kw_only=True)
class _Plan:
    """What :func:`scaffold_edition` will write, its arguments checked."""

    new_id: str
    parent: Edition
    #: The parent's data directory (None: not made of data files).
    source: Traversable | Path | None
    inherit: bool
    year: int
    module: str
    dist: str
    dependencies: list[str]
    #: The plugins the package's tests load.
    installed: list[str]


def _year_range() -> tuple[int, int]:
    """The years an edition may have, as its schema says."""
    year = load_schema("edition")["properties"]["year"]
    return int(year["minimum"]), int(year["maximum"])


def _plan(h: Host, new_id: str, source: str, inherit: bool, year: int | None) -> _Plan:
    if not _ID.match(new_id) or len(new_id) > 64:
        raise UsageError("cli.new-edition.bad-id", edition=new_id)
    if new_id in h.editions:
        raise UsageError("cli.new-edition.installed", edition=new_id)
    parent = h.edition(source)
    entry = h.editions.entry(source)
    src = entry.value if isinstance(entry.value, Path | Traversable) else None
    if not inherit and src is None:
        raise UsageError("cli.new-edition.not-data", edition=source)
    new_year = _new_year(new_id, parent, year)
    # The package must pass its own tests as it is: its edition, its schema.
    low, high = _year_range()
    if not low <= new_year <= high:
        raise UsageError("cli.new-edition.bad-year", year=new_year, minimum=low, maximum=high)
    # The editions the package's data inherits from, nearest first: with
    # --inherit, EDITION and its ancestors; a copy of an edition that itself
    # inherits keeps its [inherit] table, so EDITION's ancestors.
    chain = [source, *_ancestors(h, source)] if inherit else _ancestors(h, source)
    plugins = [h.editions.entry(e).plugin for e in chain]
    deps = ["reform-brand"]
    if chain:
        nearest = h.editions.entry(chain[0]).plugin
        parent_dist = next((p.distribution for p in h.plugins if p.name == nearest), "")
        if parent_dist not in ("", "reform-brand"):
            deps.append(parent_dist)
    return _Plan(
        new_id=new_id,
        parent=parent,
        source=src,
        inherit=inherit,
        year=new_year,
        module=module_name(new_id),
        # A distribution name ends with a letter or a digit (PEP 508): the id
        # ``x-`` makes ``reform-brand-x``, which pip installs.
        dist="reform-brand-" + new_id.replace("_", "-").rstrip("-"),
        dependencies=deps,
        installed=list(dict.fromkeys([new_id, *plugins])),
    )


def _ancestors(h: Host, edition_id: str) -> list[str]:
    """The editions ``edition_id`` inherits from (its ``[inherit] from``,
    that one's, ...), nearest first; the edition itself loaded, so that each
    is installed and the chain has no cycle."""
    from reform_brand.loader import load_edition_data

    out: list[str] = []
    current = edition_id
    while True:
        value = h.editions.entry(current).value
        if not isinstance(value, Path | Traversable):
            return out
        spec = load_edition_data(value)[0].get("inherit")
        parent = spec.get("from") if isinstance(spec, dict) else None
        if not isinstance(parent, str) or parent in out or parent not in h.editions:
            return out
        out.append(parent)
        current = parent


def _readme(plan: _Plan, name: str) -> str:
    parent = plan.parent.id
    how = (
        f"Its data inherits from `{parent}` (`[inherit]` in `data/edition.toml`): "
        "write only what changes."
        if plan.inherit
        else f"Its data is a full copy of `{parent}`'s, with the id, the year and "
        "the titles changed."
    )
    return README.format(
        dist=plan.dist,
        edition=plan.new_id,
        parent=parent,
        inherit_flag=" --inherit" if plan.inherit else "",
        # (A name that is not UTF-8, as the file system gave it, with its
        # bytes written \xNN: the README is UTF-8 text.)
        name=os.fsencode(name).decode("utf-8", "backslashreplace"),
        how=textwrap.fill(how, 76),
        module=plan.module,
        year=plan.year,
    )


def _write_package(root: Path, plan: _Plan, name: str) -> list[str]:
    """Write the package into the empty folder ``root``; the data files written."""
    pkg = root / "src" / plan.module
    pkg.mkdir(parents=True)
    if plan.source is not None and not plan.inherit:
        data_files = _copy_data(plan.parent, plan.source, pkg / "data", plan.new_id, plan.year)
    else:
        data_files = _inherit_data(plan.parent, pkg / "data", plan.new_id, plan.year)
    init = INIT.format(edition=plan.new_id, summary=init_summary(plan.new_id))
    (pkg / "__init__.py").write_text(init, encoding="utf-8")
    (pkg / "py.typed").write_text("", encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_edition.py").write_text(
        TEST.format(
            edition=plan.new_id,
            summary=test_summary(plan.new_id),
            marker=plugins_marker(plan.installed),
        ),
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text(
        _pyproject(plan.dist, plan.new_id, plan.module, plan.dependencies), encoding="utf-8"
    )
    (root / "README.md").write_text(_readme(plan, name), encoding="utf-8")
    return data_files


def _cannot_write(out: Path, exc: OSError) -> UsageError:
    return UsageError("cli.cannot-write", path=str(out), detail=output_reason(exc, out))


def _target(out: Path) -> Path:
    """``out`` as the folder it names, when named through ``..`` in the real
    path of the folder it is in: a folder is not renamed by the name ``.``
    or ``..`` (the system said "resource busy"), nor put back by a path
    through itself (``a/../a``).
    Refused when it is the current folder or one above it, which would be
    taken away from under this process and the shell that ran it."""
    dots = out.name in ("", "..")
    try:
        named = Path(os.path.realpath(out if dots else out.parent))
        named = named if dots else named / out.name
        here = Path(os.path.realpath(os.getcwd()))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    if named == here or named in here.parents:
        why = known_reason("holds the current folder")
        raise UsageError("cli.cannot-write", path=str(out), detail=why)
    # (Else as given: a link to nothing above it is said to be one.)
    return named if ".." in out.parts or dots else out


def _missing_parents(out: Path) -> list[Path]:
    """The folders above ``out`` that do not exist, the deepest first (a
    ``..`` names none: ``new/../x`` makes ``new``)."""
    missing = []
    for parent in out.absolute().parents:
        if parent.exists():
            break
        if parent.name != "..":
            missing.append(parent)
    return missing


#: The name of the temporary folder beside the output: ``.DIR.`` and
#: tempfile's random part, then this.
_HOLDER: Final = ".new-edition"


def _put_back(out: Path) -> Callable[[Path], None]:
    """The removal of a temporary folder of ``out`` a run killed midway left
    (:func:`_build`): the package it had moved aside (``old``) is put back
    first when the new one never took its place (killed between the two
    renames), never removed with the folder."""

    def remove(holder: Path) -> None:
        if not os.path.lexists(out):
            with contextlib.suppress(OSError):
                (holder / "old").rename(out)
        shutil.rmtree(holder, ignore_errors=True)

    return remove


def _build(out: Path, write: Callable[[Path], list[str]]) -> list[str]:
    """``write(root)`` into a temporary folder beside ``out``, then moved to
    ``out``; what was at ``out`` is replaced only then.  On any error nothing
    is left behind (not the temporary folder, nor the folders made above
    ``out``) and what was at ``out`` is kept.  The folder is held by this
    run (:mod:`reform_brand._leftovers`): one a run killed midway left, the
    next run removes (:func:`scaffold_edition`)."""
    made = _missing_parents(out)
    held: HeldFolder | None = None
    holder: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        held = held_folder(f".{out.name}.", _HOLDER, out.parent)
        holder = held.path
        new = holder / "new"
        new.mkdir()
        written = write(new)
        if out.exists() or out.is_symlink():
            # Moved aside, not deleted, until the new package is in place.
            out.rename(holder / "old")
            try:
                new.rename(out)
            except BaseException:
                (holder / "old").rename(out)
                raise
        else:
            new.rename(out)
        shutil.rmtree(holder, ignore_errors=True)
    except BaseException:
        if holder is not None:
            shutil.rmtree(holder, ignore_errors=True)
        for folder in made:
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    finally:
        if held is not None:
            held.release()
    return written


def _checked_args(new_id: object, source: object, directory: object) -> Path:
    """``directory`` as a Path; a ``TypeError`` naming the argument that is
    not of its type (None, bytes), which would else be raised from deep
    inside (``re``, ``pathlib``) without its name."""
    for name, value in (("new_id", new_id), ("source", source)):
        checked_type(value, str, name, "an edition id (a str)")
    if not isinstance(directory, str | os.PathLike):
        raise TypeError(f"directory takes a path (a str or a Path), not {type(directory).__name__}")
    return Path(directory)


def scaffold_edition(
    new_id: str,
    source: str,
    directory: Path | str,
    *,
    inherit: bool = False,
    year: int | None = None,
    force: bool = False,
    host: Host | None = None,
) -> Scaffold:
    """Write an edition plugin package for ``new_id``, made from the installed
    edition ``source``, into ``directory``.

    Raises :class:`~reform_brand.errors.UsageError` for an id that is not a
    valid edition id or already installed, a year outside the edition
    schema's range (``cli.new-edition.bad-year``), a ``directory`` that is
    a folder that is not empty (``cli.output-exists``, unless ``force``),
    that is anything but a folder (a file, a link to nothing, a device:
    ``cli.cannot-write``, with ``force`` too) or that cannot be written
    (``cli.cannot-write``: nothing is left behind);
    :class:`~reform_brand.errors.UnknownEditionError` for an unknown ``source``.
    """
    from reform_brand.host import host_or_new

    out = _checked_args(new_id, source, directory)
    plan = _plan(host_or_new(host), new_id, source, inherit, year)
    real = _target(out)
    # (What a run killed midway left: SIGKILL runs no ``finally``.)
    clear_left(f".{real.name}.", _HOLDER, real.parent, remove=_put_back(real))
    try:
        folder = real.is_dir()
        present = folder or real.exists() or real.is_symlink()
        taken = present and (not folder or any(real.iterdir()))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    if present and not folder:
        # What --force replaces is what this writes, a folder: a file, a
        # link to a file or to nothing, a device or a named pipe is never
        # moved aside (new-edition -o /dev/null --force would take
        # /dev/null away), as export never writes over a file.
        in_way = FileExistsError(errno.EEXIST, "File exists")
        raise UsageError("cli.cannot-write", path=str(out), detail=output_reason(in_way, out))
    if taken and not force:
        raise UsageError("cli.output-exists", path=str(out))
    if taken and not _made_here(real):
        # --force replaces a package this made, never a folder of other
        # files (new-edition x -o ~ --force would take a home folder away).
        raise UsageError("cli.new-edition.not-ours", path=str(out))
    try:
        data_files = _build(real, lambda root: _write_package(root, plan, real.name))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    return Scaffold(
        edition=new_id,
        parent=plan.parent.id,
        year=plan.year,
        inherit=inherit,
        directory=out,
        distribution=plan.dist,
        module=plan.module,
        files=(
            "pyproject.toml",
            "README.md",
            f"src/{plan.module}/__init__.py",
            f"src/{plan.module}/py.typed",
            *(f"src/{plan.module}/{f}" for f in data_files),
            "tests/test_edition.py",
        ),
    )
