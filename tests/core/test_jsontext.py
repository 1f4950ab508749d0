"""The report's indented JSON text is exactly what ``json.dumps(...,
ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import json
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand._jsontext import indented

#: The Unicode category left out of generated text: lone surrogates.
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(blacklist_categories=_SURROGATES))
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)


def _reference(value: Any, prefix: str) -> str:
    return prefix + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + prefix)


@settings(max_examples=400, deadline=None)
@given(value=_VALUES, prefix=st.sampled_from(["", "    ", "\t"]))
def test_the_text_is_json_dumps_own(value: Any, prefix: str) -> None:
    assert indented(value, prefix) == _reference(value, prefix)


def test_a_report_entry_as_json_dumps_writes_it() -> None:
    entry = {
        "id": "s1",
        "file": '山东省"学会"\\申报.json',
        "ok": False,
        "counts": {"error": 1, "warning": 0, "info": 2},
        "findings": [
            {"code": "form.required", "params": {"field": "项目名称", "scores": ("0.50", 1.5)}},
            {"code": "scan.no-seal", "params": {}, "items": []},
        ],
        "control": "\x00\x1f\u2028",
    }
    assert indented(entry, "    ") == _reference(entry, "    ")


@pytest.mark.parametrize("value", [{1: "not a string key"}, {"set": {1, 2}}, object()])
def test_what_json_cannot_write_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        indented(value)
