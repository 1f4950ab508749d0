"""Factory data rendered into a form and read back is the same data, and
still valid: a value the factory makes up is plainly a value, never the
field's label (a cell that is a label is read as that label)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reform_brand import Edition, Host, validate_submission
from reform_brand.office import read_form
from reform_brand.render import render_form
from reform_brand.testing import SubmissionFactory, assert_no_findings


def _round_trip(host: Host, edition: Edition, tmp_path: Path) -> list[str]:
    """Each form's factory envelope, its data rendered and read back and
    validated; returns the forms checked."""
    make = SubmissionFactory(edition)
    now = edition.deadline.at - dt.timedelta(hours=1)
    checked = []
    for form in edition.forms:
        env = make(form.id)
        path = tmp_path / f"{form.id}.docx"
        path.write_bytes(render_form(edition, form.id, env["data"]))
        result = read_form(edition, path)
        assert [(f.code, f.pointer) for f in result.findings] == []
        assert result.data == env["data"]
        report = validate_submission(edition, {**env, "data": result.data}, host=host, now=now)
        assert_no_findings(report)
        checked.append(form.id)
    return checked


def test_every_form_of_the_reference_edition_survives_render_and_read(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    assert _round_trip(host, edition, tmp_path) == ["application", "recommendation"]


def test_every_form_of_a_third_party_edition_survives_render_and_read(
    hainan_host: Host, hainan: Edition, tmp_path: Path
) -> None:
    assert _round_trip(hainan_host, hainan, tmp_path) == ["proposal"]
