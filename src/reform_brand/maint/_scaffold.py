"""``reform-brand new-edition``: scaffold an installable edition plugin package.

The package made for ``new-edition shandong-2023 --from shandong-2022 -o DIR``::

    DIR/
      pyproject.toml                 # setuptools; entry point group reform_brand
      README.md                      # what to edit next, and how to test
      src/reform_brand_shandong_2023/
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
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand.errors import UsageError
from reform_brand.model import Edition

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = ["Scaffold", "module_name", "scaffold_edition"]

_ID: Final = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_YEAR_AT_END: Final = re.compile(r"(?:19|20)[0-9]{2}$")


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
    """The import package of an edition plugin: ``reform_brand_shandong_2023``."""
    return "reform_brand_" + re.sub(r"[^a-z0-9_]", "_", edition_id)


def _new_year(new_id: str, parent: Edition, year: int | None) -> int:
    if year is not None:
        return year
    m = _YEAR_AT_END.search(new_id)
    return int(m.group(0)) if m else parent.year + 1


def _files(src: Traversable | Path) -> Iterator[tuple[PurePosixPath, Traversable | Path]]:
    for entry in sorted(src.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith(".toml"):
            yield PurePosixPath(entry.name), entry


def _retitle(text: str, old_year: int, new_year: int) -> str:
    """Replace the old year in ``title.zh``/``title.en`` lines."""

    def fix(m: re.Match[str]) -> str:
        return m.group(0).replace(str(old_year), str(new_year))

    return re.sub(r'(?m)^\s*title\.(?:zh|en)\s*=\s*".*"\s*$', fix, text)


def _copy_data(
    parent: Edition, source: Traversable | Path, data: Path, new_id: str, year: int
) -> list[str]:
    written = []
    for rel, entry in _files(source):
        text = entry.read_bytes().decode("utf-8-sig")
        text = re.sub(
            rf'(?m)^id\s*=\s*"{re.escape(parent.id)}"\s*$', f'id = "{new_id}"', text, count=1
        )
        text = re.sub(rf"(?m)^year\s*=\s*{parent.year}\s*$", f"year = {year}", text, count=1)
        text = _retitle(text, parent.year, year)
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
        target.write_bytes(entry.read_bytes())
        written.append(str(PurePosixPath("data", *rel.parts)))
    return written


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _inherit_data(parent: Edition, data: Path, new_id: str, year: int) -> list[str]:
    old, new = str(parent.year), str(year)
    lines = [
        f"# {new_id}: the edition {parent.id} plus changes.",
        "#",
        "# Everything not written here is inherited from the parent edition; tables",
        "# merge key by key and arrays of entries merge by id (see reform_brand's",
        "# docs/edition-format.md, Inheritance).  `reform-brand diff` shows what",
        f"# differs from {parent.id}; `reform-brand lint` checks the result.",
        "",
        f"id = {_toml_str(new_id)}",
        f"year = {year}",
        f"title.zh = {_toml_str(parent.title.zh.replace(old, new))}",
    ]
    if parent.title.en:
        lines.append(f"title.en = {_toml_str(parent.title.en.replace(old, new))}")
    lines += ["", "[inherit]", f"from = {_toml_str(parent.id)}", ""]
    for form in parent.forms:
        if old not in form.title.zh and old not in form.title.en:
            continue
        lines += ["[[forms]]", f"id = {_toml_str(form.id)}"]
        lines.append(f"title.zh = {_toml_str(form.title.zh.replace(old, new))}")
        if form.title.en:
            lines.append(f"title.en = {_toml_str(form.title.en.replace(old, new))}")
        lines.append("")
    data.mkdir(parents=True, exist_ok=True)
    (data / "edition.toml").write_text("\n".join(lines), encoding="utf-8")
    return ["data/edition.toml"]


_INIT = '''\
"""The {edition} edition of the call for reform brand projects.

The edition is data (``data/*.toml``); this module only tells reform_brand
where that data lives, through the ``reform_brand`` entry point group.
Rules or renderers of this edition are registered here too (see
docs/tutorials/maintainer.md in reform_brand).
"""

from __future__ import annotations

from importlib.resources import files

from reform_brand import EditionRegistry, hookimpl

EDITION_ID = "{edition}"


@hookimpl
def reform_brand_editions(registry: EditionRegistry) -> None:
    registry.add_source(EDITION_ID, files(__name__) / "data")
'''

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "The {edition} edition of the call for reform brand projects (reform_brand plugin)."
readme = "README.md"
requires-python = ">=3.11"
dependencies = [{dependencies}]

[project.optional-dependencies]
test = ["reform-brand[testing]"]

# reform_brand finds the edition through this entry point group.
[project.entry-points.reform_brand]
{edition} = "{module}"

[tool.setuptools.packages.find]
where = ["src"]

# The data files live inside the import package, so that the wheel, an
# editable install and an sdist all ship them.
[tool.setuptools.package-data]
{module} = ["py.typed", "data/*.toml", "data/**/*"]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = ["--strict-markers"]
filterwarnings = ["error"]
"""

_TEST = '''\
"""Tests of the {edition} edition, with reform_brand's pytest plugin.

The plugin (fixtures rb_host, rb_edition, rb_submission, rb_validate) is
loaded by pytest through its entry point; with PYTEST_DISABLE_PLUGIN_AUTOLOAD
set, run ``pytest -p reform_brand.testing.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reform_brand import Edition, Host, render_form
from reform_brand.maint._lint import lint_edition
from reform_brand.testing import assert_valid

EDITION_ID = "{edition}"

pytestmark = [
    # Only this edition's plugin (and the edition it inherits from) are loaded.
    pytest.mark.rb_plugins(installed={installed!r}),
    pytest.mark.rb_edition(EDITION_ID),
]


def test_found_through_its_entry_point(rb_host: Host) -> None:
    assert rb_host.editions.entry(EDITION_ID).plugin == EDITION_ID
    assert rb_host.errors == []


def test_lints_without_errors(rb_host: Host) -> None:
    report = lint_edition(EDITION_ID, host=rb_host)
    errors = [(f.code, f.file, f.pointer) for f in report.findings if f.severity == "error"]
    assert errors == []


def test_every_form_takes_a_valid_submission(
    rb_edition: Edition,
    rb_submission: Callable[..., dict[str, Any]],
    rb_validate: Callable[..., Any],
) -> None:
    for form in rb_edition.forms:
        assert_valid(rb_validate(rb_submission(form.id)))


def test_every_form_renders(rb_host: Host, rb_edition: Edition) -> None:
    for form in rb_edition.forms:
        text = render_form(rb_edition, form.id, fmt="md", host=rb_host).decode("utf-8")
        assert form.title.zh in text
'''

_README = """\
# {dist}

The **{edition}** edition of the call for reform brand projects, as a
[reform_brand](https://pypi.org/project/reform-brand/) plugin. It was
scaffolded from `{parent}` by

    reform-brand new-edition {edition} --from {parent}{inherit_flag} -o {name}

{how}

## Next steps

1. Put the text of the new notice beside the data, in
   `src/{module}/data/notice.txt`, and read all of it.
2. Edit the data in `src/{module}/data/`: the issuer and document number,
   `issued`, the deadline, the reform items, the unit kinds and quotas, the
   forms, the extra materials and the roster. Cite the clause of the notice
   for every rule-bearing datum (`clause = "二.2"`).
3. Check it, and compare it with `{parent}`:

       reform-brand lint src/{module}/data
       reform-brand diff {parent} src/{module}/data

4. Install it and run its tests:

       pip install -e '.[test]'
       pytest

Until `issued` and the deadline are changed, `lint` warns that the year
({year}) differs from the issue date: a reminder, not an error.
"""


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
    valid edition id or already installed, or a ``directory`` that exists and
    is not empty (unless ``force``); :class:`~reform_brand.errors.UnknownEditionError`
    for an unknown ``source``.
    """
    from reform_brand.host import Host

    h = host or Host.create()
    if not _ID.match(new_id) or len(new_id) > 64:
        raise UsageError("cli.usage", detail=f"invalid edition id {new_id!r} (a-z, 0-9, -, _)")
    if new_id in h.editions:
        raise UsageError("cli.usage", detail=f"the edition {new_id!r} is already installed")
    parent = h.edition(source)
    entry = h.editions.entry(source)
    src = entry.value
    if not inherit and not isinstance(src, Path | Traversable):
        raise UsageError(
            "cli.usage",
            detail=f"the edition {source!r} is not made of data files; use --inherit",
        )
    out = Path(directory)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise UsageError("cli.output-exists", path=str(out))
    new_year = _new_year(new_id, parent, year)
    module = module_name(new_id)
    dist = "reform-brand-" + new_id.replace("_", "-")
    parent_plugin = next((p for p in h.plugins if p.name == entry.plugin), None)
    deps = ["reform-brand"]
    if (
        inherit
        and parent_plugin is not None
        and parent_plugin.distribution not in ("", "reform-brand")
    ):
        deps.append(parent_plugin.distribution)
    installed = [new_id] + ([entry.plugin] if inherit else [])

    # Build in a temporary folder beside the target, then move it in place.
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".new-edition-", dir=out.parent))
    try:
        pkg = tmp / "src" / module
        pkg.mkdir(parents=True)
        if isinstance(src, Path | Traversable) and not inherit:
            data_files = _copy_data(parent, src, pkg / "data", new_id, new_year)
        else:
            data_files = _inherit_data(parent, pkg / "data", new_id, new_year)
        (pkg / "__init__.py").write_text(_INIT.format(edition=new_id), encoding="utf-8")
        (pkg / "py.typed").write_text("", encoding="utf-8")
        (tmp / "tests").mkdir()
        (tmp / "tests" / "test_edition.py").write_text(
            _TEST.format(edition=new_id, installed=installed), encoding="utf-8"
        )
        (tmp / "pyproject.toml").write_text(
            _PYPROJECT.format(
                dist=dist,
                edition=new_id,
                module=module,
                dependencies=", ".join(_toml_str(d) for d in deps),
            ),
            encoding="utf-8",
        )
        how = (
            f"Its data inherits from `{parent.id}` (`[inherit]` in `data/edition.toml`): "
            "write only what changes."
            if inherit
            else f"Its data is a full copy of `{parent.id}`'s, with the id, the year and "
            "the titles changed."
        )
        (tmp / "README.md").write_text(
            _README.format(
                dist=dist,
                edition=new_id,
                parent=parent.id,
                inherit_flag=" --inherit" if inherit else "",
                name=out.name,
                how=textwrap.fill(how, 76),
                module=module,
                year=new_year,
            ),
            encoding="utf-8",
        )
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    files = [
        "pyproject.toml",
        "README.md",
        f"src/{module}/__init__.py",
        f"src/{module}/py.typed",
        *(f"src/{module}/{f}" for f in data_files),
        "tests/test_edition.py",
    ]
    return Scaffold(
        edition=new_id,
        parent=parent.id,
        year=new_year,
        inherit=inherit,
        directory=out,
        distribution=dist,
        module=module,
        files=tuple(files),
    )
