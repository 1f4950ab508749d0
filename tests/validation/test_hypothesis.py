"""Any envelope, hostile ones included, gives a report and never an exception."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Validator
from reform_brand.cli import main
from reform_brand.engine._context import envelope_shape_ok
from reform_brand.model import ENVELOPE_MEMBERS
from tests.validation.helpers import APPLICATION, NOW

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

KEYS = list(ENVELOPE_MEMBERS)


@st.composite
def envelopes(draw: st.DrawFn) -> object:
    """The valid envelope with members dropped, replaced by hostile values or
    by pieces of other valid values."""
    env = json.loads(json.dumps(APPLICATION))
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=4)):
        env.pop(key, None)
    hostile = st.one_of(
        json_values,
        st.sampled_from(
            [
                "",
                "../../etc/passwd",
                "{{ x }}",
                "\x00",
                "0" * 300,
                -1,
                0,
                True,
                [1, 1],
                {"name": "", "kind": ""},
                [{"role": "word", "path": "/etc/passwd"}],
                "2022-08-21T00:00:00+08:00",
            ]
        ),
    )
    # (Copies: a sampled dict or list is one object for every draw, and the
    # form data's members are set below: it could become its own member.)
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=4)):
        env[key] = copy.deepcopy(draw(hostile))
    data_keys = ["project_name", "contact", "date", "issuer_opinion", "remarks"]
    if isinstance(env.get("data"), dict):
        for key in draw(st.lists(st.sampled_from(data_keys), max_size=3)):
            env["data"][key] = copy.deepcopy(draw(hostile))
    return draw(st.one_of(st.just(env), json_values))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(envelopes())
def test_validation_never_raises(validator: Validator, env: object) -> None:
    report = validator.validate(env, now=NOW)
    for f in report.findings:
        assert f.code
        f.message("zh")
        f.message("en")
    validator.validate_batch([env, env], now=NOW, strict=True)


@settings(max_examples=300, deadline=None)
@given(envelopes())
def test_the_shape_fast_path_never_hides_an_envelope_error(
    validator: Validator, env: object
) -> None:
    if isinstance(env, dict) and envelope_shape_ok(env):
        assert list(validator.index.envelope.iter_errors(env)) == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(envelopes(), max_size=4), st.binary(max_size=64))
def test_check_never_raises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], envs: list[object], junk: bytes
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, env in enumerate(envs):
        (folder / f"{i}.json").write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    (folder / "junk.json").write_bytes(junk)
    code = main(["check", "shandong-2022", str(folder), "--now", "2022-08-25T00:00:00+08:00"])
    assert code in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "内部错误" not in captured.err
