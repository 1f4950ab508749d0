"""The public API given arguments of the wrong kind (an edition id where an
:class:`Edition` is wanted, None for a form, an int for a host...): a
``TypeError`` at once that names the argument, never an ``AttributeError``
or ``KeyError`` from deep inside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reform_brand as rb
from reform_brand import Edition, Host
from reform_brand.maint import diff_editions
from reform_brand.registries import EditionRegistry
from reform_brand.testing import SubmissionFactory, write_attachments

Call = Callable[[Edition, Host, Any], object]

#: Each public call with one argument replaced by ``bad``; the argument's name.
CALLS: list[tuple[str, str, Call]] = [
    ("form_schema", "edition", lambda ed, h, bad: rb.form_schema(bad, "application")),
    ("form_schema", "form", lambda ed, h, bad: rb.form_schema(ed, bad)),
    ("ui_schema", "edition", lambda ed, h, bad: rb.ui_schema(bad, "application")),
    ("ui_schema", "form", lambda ed, h, bad: rb.ui_schema(ed, bad)),
    ("page_schema", "edition", lambda ed, h, bad: rb.page_schema(bad, "application")),
    ("page_schema", "form", lambda ed, h, bad: rb.page_schema(ed, bad)),
    ("submission_schema", "edition", lambda ed, h, bad: rb.submission_schema(bad)),
    ("render_form", "edition", lambda ed, h, bad: rb.render_form(bad, "application")),
    ("render_form", "form", lambda ed, h, bad: rb.render_form(ed, bad)),
    ("render_form", "host", lambda ed, h, bad: rb.render_form(ed, "application", host=bad)),
    ("get_validator", "edition", lambda ed, h, bad: rb.get_validator(bad, host=h)),
    ("get_validator", "host", lambda ed, h, bad: rb.get_validator(ed, host=bad)),
    ("validate_submission", "edition", lambda ed, h, bad: rb.validate_submission(bad, {})),
    ("validate_batch", "edition", lambda ed, h, bad: rb.validate_batch(bad, [])),
    ("Validator", "edition", lambda ed, h, bad: rb.Validator(bad)),
    ("Validator.create", "host", lambda ed, h, bad: rb.Validator.create(ed, host=bad)),
    ("validate_body", "validator", lambda ed, h, bad: rb.validate_body(bad, b"{")),
    ("load_edition", "host", lambda ed, h, bad: rb.load_edition(ed.id, host=bad)),
    ("lint_edition", "host", lambda ed, h, bad: rb.lint_edition(ed, host=bad)),
    ("lint_edition", "target", lambda ed, h, bad: rb.lint_edition(bad, host=h)),
    ("load_edition", "edition_id", lambda ed, h, bad: rb.load_edition(bad, host=h)),
    ("Host.edition", "edition_id", lambda ed, h, bad: h.edition(bad)),
    ("diff_editions", "a", lambda ed, h, bad: diff_editions(bad, ed)),
    ("diff_editions", "b", lambda ed, h, bad: diff_editions(ed, bad)),
    ("suggest_items", "edition", lambda ed, h, bad: rb.suggest_items(bad, "科普")),
    ("SubmissionFactory", "edition", lambda ed, h, bad: SubmissionFactory(bad)),
    ("SubmissionFactory.data", "form", lambda ed, h, bad: SubmissionFactory(ed).data(bad)),
    (
        "SubmissionFactory.unit_kind_for",
        "form",
        lambda ed, h, bad: SubmissionFactory(ed).unit_kind_for(bad),
    ),
    ("SubmissionFactory.unit", "kind", lambda ed, h, bad: SubmissionFactory(ed).unit(bad)),
    ("EditionRegistry.add", "edition", lambda ed, h, bad: EditionRegistry().add(bad)),
    (
        "EditionRegistry.add_source",
        "source",
        lambda ed, h, bad: EditionRegistry().add_source("x-2030", bad),
    ),
    (
        "EditionRegistry.add_examples",
        "inbox",
        lambda ed, h, bad: EditionRegistry().add_examples("x-2030", bad),
    ),
    ("Edition.form", "form_id", lambda ed, h, bad: ed.form(bad)),
    ("Edition.unit_kind", "kind_id", lambda ed, h, bad: ed.unit_kind(bad)),
    ("Edition.reform_item", "number", lambda ed, h, bad: ed.reform_item(bad)),
    ("Form.field_at", "pointer", lambda ed, h, bad: ed.form("application").field_at(bad)),
    (
        "EditionRegistry.load_directory",
        "source",
        lambda ed, h, bad: EditionRegistry().load_directory(bad),
    ),
]

#: Values no call above takes in the replaced argument (an edition id where
#: an Edition is wanted is one of them); None is a host's default, and the
#: generic envelope's.
BAD: list[object] = [None, 5, [1], {"id": "shandong-2022"}, b"shandong-2022", object()]
CASES = [
    pytest.param(call, argument, bad, id=f"{name}-{argument}-{type(bad).__name__}")
    for name, argument, call in CALLS
    for bad in ([*BAD, "1", True] if name == "Edition.reform_item" else BAD)
    if not (bad is None and (argument == "host" or name == "submission_schema"))
    and not (bad == 5 and name == "Edition.reform_item")
]


@pytest.mark.parametrize(("call", "argument", "bad"), CASES)
def test_an_argument_of_the_wrong_kind_is_a_type_error(
    edition: Edition, host: Host, call: Call, argument: str, bad: object
) -> None:
    with pytest.raises(TypeError, match=f"^{argument} takes "):
        call(edition, host, bad)


@pytest.mark.parametrize(
    "call",
    [
        lambda: rb.form_schema("shandong-2022", "application"),  # type: ignore[arg-type]
        lambda: rb.ui_schema("shandong-2022", "application"),  # type: ignore[arg-type]
        lambda: rb.page_schema("shandong-2022", "application"),  # type: ignore[arg-type]
        lambda: rb.submission_schema("shandong-2022"),  # type: ignore[arg-type]
        lambda: rb.render_form("shandong-2022", "application"),  # type: ignore[arg-type]
        lambda: rb.suggest_items("shandong-2022", "科普"),  # type: ignore[arg-type]
    ],
)
def test_an_edition_id_where_an_edition_is_wanted_says_how_to_get_one(
    call: Callable[[], object],
) -> None:
    with pytest.raises(TypeError, match=r"edition takes an Edition \(load_edition"):
        call()


def test_a_form_object_and_a_form_id_give_the_same_schema(edition: Edition) -> None:
    form = edition.form("application")
    assert rb.form_schema(edition, form) == rb.form_schema(edition, "application")
    with pytest.raises(rb.UnknownFormError):
        rb.form_schema(edition, "no-such-form")


@pytest.mark.parametrize(
    ("call", "known"),
    [
        (lambda ed: ed.form("no-such-form"), "application, recommendation"),
        (lambda ed: ed.unit_kind("no-such-kind"), "provincial-society, enterprise-association"),
        (lambda ed: ed.reform_item(99), "1, 2, 3"),
    ],
)
def test_an_unknown_key_is_a_key_error_naming_the_known_keys(
    edition: Edition, call: Callable[[Edition], object], known: str
) -> None:
    with pytest.raises(KeyError, match=known):
        call(edition)


def test_a_field_id_given_for_a_pointer_is_a_value_error(edition: Edition) -> None:
    """It was None, as if the form had no such field."""
    form = edition.form("application")
    assert form.field_at("/project_name") is form.fields[2]
    assert form.field_at("/no_such_field") is None
    with pytest.raises(ValueError, match="'/project_name'"):
        form.field_at("project_name")
    assert form.field_at("") is None  # the form's root: no field


def test_a_path_is_taken_wherever_a_folder_is(edition: Edition, tmp_path: Path) -> None:
    registry = EditionRegistry()
    registry.add_source("x-2030", tmp_path / "data")
    registry.add_examples("x-2030", str(tmp_path / "inbox"))
    assert [ex.path for ex in registry.examples("x-2030")] == [tmp_path / "inbox"]
    envelope = SubmissionFactory(edition)()
    assert write_attachments(str(tmp_path / "a"), envelope) == tmp_path / "a"
    assert write_attachments(tmp_path / "b", envelope) == tmp_path / "b"


def test_write_attachments_wants_an_envelope(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"^envelope takes "):
        write_attachments(tmp_path / "out", None)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
