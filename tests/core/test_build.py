"""The engine's quick constructors build the objects ``__init__`` builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand._build import builder
from reform_brand.findings import Finding, SubmissionReport
from reform_brand.submission import Attachment, Submission, Unit

texts = st.text(max_size=8)


@given(name=texts, kind=texts, city=texts)
def test_a_unit_built_quickly_is_the_unit_init_builds(name: str, kind: str, city: str) -> None:
    made = builder(Unit, "city", "name", "kind")(city, name, kind)
    expected = Unit(name=name, kind=kind, city=city)
    assert type(made) is Unit
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)


@given(
    sub_id=texts,
    edition=texts,
    items=st.none() | st.tuples(st.integers()),
    arrived=st.none() | texts,
    roles=st.lists(texts, max_size=3),
    data=st.dictionaries(texts, texts, max_size=3),
    base=st.none() | st.just(Path("in")),
)
def test_a_submission_built_quickly_is_the_submission_init_builds(
    sub_id: str,
    edition: str,
    items: tuple[int, ...] | None,
    arrived: str | None,
    roles: list[str],
    data: dict[str, str],
    base: Path | None,
) -> None:
    attachments = tuple(
        builder(Attachment, "role", "path", "index")(role, f"{i}.pdf", i)
        for i, role in enumerate(roles)
    )
    given_members: dict[str, Any] = {
        "id": sub_id,
        "base_dir": base,
        "edition": edition,
        "unit": Unit(name="x"),
        "reform_items": items,
        "has_arrival": arrived is not None,
        "arrived_at": arrived,
        "attachments": attachments,
        "data": data,
    }
    made = builder(Submission, *given_members)(*given_members.values())
    expected = Submission(
        **{
            **given_members,
            "attachments": tuple(
                Attachment(role=a.role, path=a.path, index=a.index) for a in attachments
            ),
        }
    )
    assert type(made) is Submission
    assert made == expected
    assert repr(made) == repr(expected)
    # Every member is set, those not given to their defaults.
    assert attrs.asdict(made, recurse=False) == attrs.asdict(expected, recurse=False)
    assert made.paths_found is False and made.material_only is False


def test_a_report_built_quickly_is_frozen_and_equal() -> None:
    finding = Finding(code="x.y", severity="error")
    made = builder(SubmissionReport, "submission", "findings")("#1", (finding,))
    assert made == SubmissionReport(submission="#1", findings=(finding,))
    assert made.ok is False
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.submission = "#2"


def test_an_unknown_or_repeated_member_is_refused() -> None:
    with pytest.raises(ValueError, match="Unit"):
        builder(Unit, "name", "colour")
    with pytest.raises(ValueError, match="Unit"):
        builder(Unit, "name", "name")


@attrs.frozen
class _Checked:
    value: int = attrs.field(validator=attrs.validators.instance_of(int))


@attrs.frozen
class _Converted:
    value: int = attrs.field(converter=int)


@attrs.frozen
class _Hooked:
    value: int
    seen: list[int] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.seen.append(self.value)


@attrs.define(slots=False, frozen=True)
class _Unslotted:
    value: int


def test_a_class_whose_init_does_more_is_built_by_its_init() -> None:
    with pytest.raises(TypeError):
        builder(_Checked, "value")("1")
    assert builder(_Converted, "value")("7") == _Converted(7)
    hooked = builder(_Hooked, "value")(3)
    assert hooked.seen == [3]
    assert builder(_Unslotted, "value")(2) == _Unslotted(2)


def test_a_member_left_out_with_a_factory_default_is_built_by_init() -> None:
    # (A default made by a factory is made anew for each object.)
    first, second = builder(_Hooked, "value")(1), builder(_Hooked, "value")(2)
    assert first.seen == [1] and second.seen == [2]


@pytest.mark.parametrize("cls", [Unit, Attachment, Submission, SubmissionReport])
def test_the_engine_s_classes_are_built_through_their_slots(cls: type[Any]) -> None:
    """The classes the plain path builds take the quick way (a change that
    made their ``__init__`` do more would fall back to it, unseen)."""
    members = [f.name for f in attrs.fields(cls)]
    assert builder(cls, *members).__code__.co_filename == f"<build {cls.__name__}>"
