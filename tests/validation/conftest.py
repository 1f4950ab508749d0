"""Fixtures for the validation tests: a validator for the reference edition,
a factory of valid envelopes, and a folder with real attachment files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand import Edition, Host, Validator
from tests.validation.helpers import APPLICATION, DOC, PDF, RECOMMENDATION, Envelope, minimal_docx


@pytest.fixture(scope="session")
def validator(host: Host, edition: Edition) -> Validator:
    """The validator for the reference edition with the installed rules,
    the opt-in ones included (the office's check: the examples' README
    documents what ``reform-brand check`` gives).

    The batches of these tests are not a whole call's worth of submissions:
    the cities' progress summaries they do not send (``material.missing``)
    are left out; tests/inbox checks that finding."""
    rules = host.rules.for_edition(edition.id)
    return Validator(edition, rules, ignore=("material.missing",), include="*")


@pytest.fixture
def application() -> Envelope:
    """A valid 申报表 envelope of 济南市科协 (a fresh copy per test)."""
    return copy.deepcopy(APPLICATION)


@pytest.fixture
def recommendation() -> Envelope:
    """A valid 推荐表 envelope of a department."""
    return copy.deepcopy(RECOMMENDATION)


@pytest.fixture
def make_application() -> Callable[..., Envelope]:
    """Build valid application envelopes with a given id, unit and project."""

    def make(
        sub_id: str, unit: str = "济南市科协", kind: str = "city-association", **unit_extra: str
    ) -> Envelope:
        env = copy.deepcopy(APPLICATION)
        env["id"] = sub_id
        env["unit"] = {"name": unit, "kind": kind, **unit_extra}
        env["data"]["applicant_unit"] = unit
        env["data"]["project_name"] = f"项目 {sub_id}"
        return env

    return make


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A submission folder holding scan.pdf, form.docx and form.doc."""
    sub = tmp_path / "submission"
    sub.mkdir()
    (sub / "scan.pdf").write_bytes(PDF)
    (sub / "form.docx").write_bytes(minimal_docx())
    (sub / "form.doc").write_bytes(DOC)
    return sub
