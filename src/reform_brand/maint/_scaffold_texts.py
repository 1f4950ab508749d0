"""The texts of the files :mod:`reform_brand.maint._scaffold` writes into a
new edition plugin package, with their ``{name}`` places: the package's
``__init__.py`` (:data:`INIT`), its tests (:data:`TEST`) and its README
(:data:`README`)."""

from __future__ import annotations

import json
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import Final

__all__ = ["INIT", "README", "TEST", "init_summary", "plugins_marker", "test_summary"]

INIT: Final = '''\
"""{summary}

The edition is data (``data/*.toml``); this module only tells reform_brand
where that data lives, through the ``reform_brand`` entry point group.
Rules or renderers of this edition are registered here too (see
docs/tutorials/maintainer.md in reform_brand).
"""

from __future__ import annotations

from importlib.resources import files

from reform_brand.plugin import EditionRegistry, hookimpl

EDITION_ID = "{edition}"


@hookimpl
def reform_brand_editions(registry: EditionRegistry) -> None:
    registry.add_source(EDITION_ID, files(__name__) / "data")
'''

TEST: Final = '''\
"""{summary}

The plugin (fixtures rb_host, rb_edition, rb_submission, rb_validate) is
loaded by pytest through its entry point; with PYTEST_DISABLE_PLUGIN_AUTOLOAD
set, run ``pytest -p reform_brand.testing.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from reform_brand import Edition, Host, lint_edition, render_form
from reform_brand.testing import assert_valid

EDITION_ID = "{edition}"

pytestmark = [
    # Only this edition's plugin (and the editions it inherits from) are loaded.
    {marker}
    pytest.mark.rb_edition(EDITION_ID),
]


def test_found_through_its_entry_point(rb_host: Host) -> None:
    assert rb_host.editions.entry(EDITION_ID).plugin == EDITION_ID
    assert rb_host.errors == []


def test_lints_without_errors(rb_host: Host) -> None:
    report = lint_edition(EDITION_ID, host=rb_host)
    errors = [
        (f.code, f.file, f.pointer) for f in report.findings if f.severity == "error"
    ]
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

README: Final = """\
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

Until they are changed, `lint` warns about every fact that still names an
older year than {year}: the issue date, the deadline, the document number,
and texts such as the preamble, the readings and the fields' examples, each
with its file and path. Reminders, not errors.
"""


def _width(text: str) -> int:
    """The columns ``text`` takes, as ``ruff format`` counts them."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def plugins_marker(installed: Sequence[str]) -> str:
    """The ``rb_plugins`` marker of :data:`TEST`, in its list at 4 spaces,
    laid out as ``ruff format`` leaves it (lines of at most 88 columns), so
    that the maintainer's formatter leaves it alone however long the names."""
    names = [json.dumps(name, ensure_ascii=False) for name in installed]
    listed = "[" + ", ".join(names) + "]"
    line = f"pytest.mark.rb_plugins(installed={listed}),"
    if _width(line) + 4 <= 88:
        return line
    if _width(f"installed={listed}") + 8 <= 88:
        return f"pytest.mark.rb_plugins(\n        installed={listed}\n    ),"
    rows = "".join(f"            {name},\n" for name in names)
    return f"pytest.mark.rb_plugins(\n        installed=[\n{rows}        ]\n    ),"


def _summary(text: str) -> str:
    """The first line of a module's docstring, after its quotes, wrapped
    to lines of at most 88 columns (a long edition id would make it longer)."""
    return textwrap.fill('"""' + text, 88, break_long_words=False)[3:]


def init_summary(edition: str) -> str:
    """The summary line(s) of the package's ``__init__.py`` (:data:`INIT`)."""
    return _summary(f"The {edition} edition of the call for reform brand projects.")


def test_summary(edition: str) -> str:
    """The summary line(s) of the package's tests (:data:`TEST`)."""
    return _summary(f"Tests of the {edition} edition, with reform_brand's pytest plugin.")
