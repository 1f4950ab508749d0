"""Names sorted by the numbers inside them: any text sorts, digits that are
no decimal digits included (an id ``1²`` stopped the whole batch)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand.cli import main
from reform_brand.names import natural_key
from tests.validation.helpers import APPLICATION, NOW


@given(st.lists(st.text(alphabet=st.sampled_from("a1²①٣0-_.９")), max_size=8))
def test_any_text_has_a_natural_key(texts: list[str]) -> None:
    ordered = sorted(texts, key=natural_key)
    assert sorted(ordered, key=natural_key) == ordered


def test_numbers_sort_by_value_and_other_digits_as_text() -> None:
    assert sorted(["rz-16", "rz-6", "rz-1"], key=natural_key) == ["rz-1", "rz-6", "rz-16"]
    assert natural_key("1²") == ((0, 1), (1, "²"))
    assert natural_key("٣") == ((0, 3),)  # a decimal digit of another script
    # Longer than int() reads from text at once (4,300 digits): still a number.
    long = "1" + "0" * 9000
    assert natural_key(f"a{long}") == ((1, "a"), (0, 10**9000))
    assert sorted([f"x{long}", "x9", f"x{long[:-1]}"], key=natural_key) == [
        "x9",
        f"x{long[:-1]}",
        f"x{long}",
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ids_of_digits_that_are_no_numbers_are_checked_like_any(tmp_path: Path, jobs: str) -> None:
    """Four submissions of one unit (over its quota of three), two of them
    under the same id: the batch findings name them, nothing stops."""
    files = []
    for i, sub_id in enumerate(["²", "1²", "1²", "①"]):
        env = json.loads(json.dumps(APPLICATION))
        env["id"] = sub_id
        env["data"]["project_name"] = f"项目{i}"
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(
            ["check", "shandong-2022", *files, "--json", "--now", NOW.isoformat(), "--jobs", jobs]
        )
    assert code == 1
    report = json.loads(out.getvalue())
    found = {f["code"]: f for f in report["findings"]}
    assert set(found["quota.exceeded"]["params"]["submissions"]) == {"²", "1²", "①"}
    assert "batch.duplicate-id" in found


def test_files_of_one_sort_key_are_named_in_the_same_order_on_every_run(tmp_path: Path) -> None:
    """``a7.json`` and ``a007.json`` sort as equals: the quota finding names
    them in the order they were given, whatever the process's string hashes
    (a set's order changed with them)."""
    import os
    import subprocess
    import sys

    names = ["a7.json", "a007.json", "a0007.json", "a07.json"]
    files = []
    for i, name in enumerate(names):
        env = json.loads(json.dumps(APPLICATION))
        env["id"] = f"s{i}"
        env["data"]["project_name"] = f"项目{i}"
        path = tmp_path / name
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    args = ["check", "shandong-2022", *files, "--json", "--now", NOW.isoformat(), "--jobs", "1"]
    orders = set()
    for seed in ("1", "2", "3", "4", "5"):
        done = subprocess.run(
            [sys.executable, "-m", "reform_brand", *args],
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        report = json.loads(done.stdout)
        [quota] = [f for f in report["findings"] if f["code"] == "quota.exceeded"]
        orders.add(tuple(quota["params"]["files"]))
    assert orders == {tuple(files)}


def _reference_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """The key as its definition says it: each run of ASCII digits and each
    part between them, in order; a part of decimal digits (of any script)
    by its value, any other by its text."""
    import re

    return tuple(
        (0, int("".join(str(int(c)) for c in part))) if part.isdecimal() else (1, part)
        for part in re.split(r"([0-9]+)", text)
        if part
    )


@given(st.text(alphabet=st.sampled_from("a1²①٣0-_.９/ 中")))
def test_the_key_is_its_definition(text: str) -> None:
    assert natural_key(text) == _reference_key(text)
