"""Long lists of names sorted on disk (reform_brand._textlist), and the
shared values of a batch step found without a sorted copy."""

from __future__ import annotations

import copy
import gc
import io
import json
import pickle
import weakref
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand._jsontext import indented, write_indented
from reform_brand._textlist import SHORT, TextList, TextSorter
from reform_brand.engine._records import shared_hashes
from reform_brand.names import natural_key

names = st.lists(st.text(alphabet="a07²x\n\0é改", max_size=6), max_size=300)


def _sorted(values: list[str], in_memory: int, unique: bool = False) -> tuple[str, ...] | TextList:
    sorter = TextSorter(natural_key, unique=unique, in_memory=in_memory)
    for v in values:
        sorter.add(v)
    return sorter.result()


@settings(max_examples=200, deadline=None)
@given(names, st.integers(1, 40), st.booleans())
def test_sorted_in_runs_on_disk_as_sorted_gives_it(
    values: list[str], in_memory: int, unique: bool
) -> None:
    expected = sorted(dict.fromkeys(values) if unique else values, key=natural_key)
    got = _sorted(values, in_memory, unique)
    assert isinstance(got, tuple)  # at most SHORT names
    assert list(got) == expected


def test_a_long_list_is_kept_on_disk_and_equals_the_tuple() -> None:
    values = [f"s{i}" for i in range(SHORT + 500, 0, -1)]
    values += ["a7", "a007", "a7"]  # equal keys, in the order they came
    got = _sorted(values, 1000, unique=True)
    expected = tuple(sorted(dict.fromkeys(values), key=natural_key))
    assert isinstance(got, TextList)
    assert len(got) == len(expected) == SHORT + 502
    assert got == expected and expected == got and got == list(expected)
    assert got[:3] == ("a7", "a007", "s1") and got[-1] == expected[-1]
    assert got[SHORT] == expected[SHORT] and got[-2] == expected[-2]
    assert got != expected[:-1]
    # Copied or sent to another process, it is the tuple.
    assert pickle.loads(pickle.dumps(got)) == expected
    assert isinstance(copy.deepcopy(got), tuple)


def test_a_list_on_disk_is_written_as_json_a_part_at_a_time() -> None:
    big = _sorted([f"文件{i}.json" for i in range(SHORT * 2)], 4096)
    assert isinstance(big, TextList)
    value = {"files": big, "count": len(big)}
    out = io.StringIO()
    write_indented(out, value, "    ")
    assert out.getvalue() == indented({"files": list(big), "count": len(big)}, "    ")
    assert json.loads(out.getvalue())["files"][-1] == f"文件{SHORT * 2 - 1}.json"


def test_a_list_mapped_stays_on_disk() -> None:
    big = TextList(f"x{i}" for i in range(SHORT + 1))
    upper = big.mapped(str.upper)
    assert isinstance(upper, TextList) and upper[0] == "X0" and len(upper) == SHORT + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3), max_size=400))
def test_shared_hashes_are_the_values_that_occur_twice(values: list[int]) -> None:
    expected = {v for v in values if values.count(v) > 1}
    assert shared_hashes(array("q", values)) == expected


def test_names_kept_on_disk_are_made_valid_unicode_for_the_outputs() -> None:
    from reform_brand.findings import Finding
    from reform_brand.office._names import clean_finding

    names = [f"in/{i}.json" for i in range(SHORT + 1)] + ["in/bad-\udcff.json"]
    f = Finding(code="quota.exceeded", severity="warning", params={"files": TextList(names)})
    files = clean_finding(f).params["files"]
    assert isinstance(files, TextList) and len(files) == len(names)
    assert files[-1] != names[-1] and "\udcff" not in files[-1]
    files[-1].encode("utf-8")  # valid Unicode
    assert files[:2] == ("in/0.json", "in/1.json")
    clean = Finding(
        code="quota.exceeded", severity="warning", params={"files": TextList(names[:-1])}
    )
    assert clean_finding(clean).params["files"] is clean.params["files"]


def test_a_sorter_whose_result_is_never_asked_for_is_let_go_of_at_once() -> None:
    """The sorters made together share their files, not a cycle: one left
    without its result is freed when its last reference goes (its run with
    it), not at the cyclic collector's next pass."""
    gc.disable()
    try:
        first, second = TextSorter.several(2, natural_key)
        first.add("甲")
        gone = weakref.ref(first)
        del first
        assert gone() is None
        second.add("乙")
        assert second.result() == ("乙",)
    finally:
        gc.enable()
