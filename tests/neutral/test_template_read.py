"""The Word template of another edition's forms sent back unfilled: its
number, date and choice fields are no more read as their tags than its text
fields (``read.unfilled-template``, never ``read.bad-number`` or
``read.bad-date``)."""

from __future__ import annotations

import pytest

from reform_brand import Edition
from reform_brand.office import read_form
from reform_brand.render import form_template
from tests.finding_params import texts
from tests.inbox.test_read_template import filled_by_unit


@pytest.mark.parametrize("which", ["hainan", "guizhou"])
def test_every_forms_template_reads_as_unfilled(which: str, request: pytest.FixtureRequest) -> None:
    edition: Edition = request.getfixturevalue(which)
    assert any(f.is_number for form in edition.forms for _p, f in form.walk())
    for form in edition.forms:
        result = read_form(edition, form_template(edition, form), file=f"{form.id}.docx")
        assert (result.form, result.data) == (form.id, {})
        found = [(f.code, f.severity, f.file, f.pointer) for f in result.findings]
        assert found == [("read.unfilled-template", "error", f"{form.id}.docx", "/data")]
        assert list(texts(result.findings[0], "pointers")) == filled_by_unit(form)
