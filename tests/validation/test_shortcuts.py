"""The built-in rules' shortcuts say what the plain path says.

Each shortcut skips work only where the plain path finds nothing; these
tests run both on generated values, valid, broken and hostile ones.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Validator
from reform_brand._text import has_surrogates
from reform_brand.rules._files import _a_name, _unsafe_path
from reform_brand.rules._form import FormDataRule, _suspect_values
from reform_brand.submission import Submission
from reform_brand.testing.strategies import json_values
from tests.validation.helpers import APPLICATION, NOW
from tests.validation.test_fast_path import values

SETTINGS = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class _Dict(dict[str, Any]):
    """An object the Python API may give where JSON gives a dict."""


class _Str(str):
    """... or a string."""


def _raw_findings(validator: Validator, data: Any) -> list[tuple[str, str]]:
    """What the form-data rule's field-by-field look at the raw values finds."""
    env = copy.deepcopy(APPLICATION)
    env["data"] = data
    sub = Submission.from_envelope(env, id="#1")
    ctx = validator._context((sub,), NOW, False)
    fields = validator.index.fields["application"]
    return [(f.code, f.pointer) for f in FormDataRule()._raw_values(ctx, fields, {})]


def _nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = {"contact": leaf}
    return leaf


raw_values = st.one_of(
    values,
    st.sampled_from(
        [
            "a\x00b",
            "\x1b[0m",
            "line\nbreak",
            "tab\there",
            "\x7f",
            float("nan"),
            float("inf"),
            -float("inf"),
            1.5,
            _Str("a\x00"),
            _Dict(name="a\x00"),
        ]
    ),
)
raw_data = st.one_of(
    json_values(max_leaves=8),
    st.dictionaries(
        st.sampled_from(["project_name", "contact", "remarks", "date", "x"]),
        st.one_of(
            raw_values, st.dictionaries(st.sampled_from(["name", "mobile", "y"]), raw_values)
        ),
        max_size=5,
    ),
    st.builds(_nested, st.integers(1, 12), raw_values),
)


def test_data_the_scan_passes_has_no_raw_value_finding(validator: Validator) -> None:
    """:func:`_suspect_values` says no only where the rule, looking at each
    field, finds nothing."""
    seen = {True: 0, False: 0}

    @SETTINGS
    @given(raw_data)
    def run(data: Any) -> None:
        found = _raw_findings(validator, data)
        suspect = _suspect_values(data)
        assert suspect or not found, data
        seen[bool(found)] += 1

    run()
    assert seen[True] > 20 and seen[False] > 100, seen


def test_the_scan_looks_deep_enough_or_gives_up() -> None:
    assert _suspect_values(_nested(7, "a\x00"))
    assert not _suspect_values(_nested(7, "a"))
    assert _suspect_values(_nested(20, "a"))  # deeper than it looks: each field is
    assert _suspect_values({"x": _Str("a")}) and _suspect_values(_Dict())
    assert not _suspect_values(["a\x00"]) and not _suspect_values("a\x00")
    assert _suspect_values({"x": float("nan")}) and not _suspect_values({"x": 1.5})


def _plain_unsafe(path: str) -> bool:
    """The path test as written before its shortcuts."""
    if "\x00" in path or "\\" in path or path.startswith("/") or ":" in path[:3]:
        return True
    if has_surrogates(path) and not _a_name(path):
        return True
    return any(part == ".." for part in path.split("/"))


paths = st.one_of(
    st.text(max_size=12),
    st.lists(
        st.sampled_from(["..", ".", "a", "b.pdf", "\ud800", "\udcff", "表", "c:", "...", ""]),
        max_size=5,
    ).map("/".join),
)


@SETTINGS
@given(paths)
def test_the_path_test_is_the_plain_one(path: str) -> None:
    assert _unsafe_path(path) == _plain_unsafe(path)


def test_contact_fields_come_type_by_type(edition: Edition, validator: Validator) -> None:
    """The index's ``contact`` group: the phone fields, then the mobile
    ones, then the e-mail ones, as the contacts rule reports them."""
    for form in edition.forms:
        by_type = [
            i
            for kind in ("phone", "mobile", "email")
            for i in validator.index.fields_of(form.id, kind)
        ]
        assert validator.index.fields_of(form.id, "contact") == tuple(by_type)
    assert validator.index.fields_of("application", "contact")
