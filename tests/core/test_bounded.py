"""The bounded table that a run's per-file and per-folder knowledge is kept
in: never more than its bound, the last entry always kept, and what it
keeps always the value last given for its key."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from reform_brand._bounded import Bounded


def test_a_new_key_empties_a_full_table() -> None:
    table: Bounded[str, int] = Bounded(2)
    assert table.put("a", 1) == 1
    table.put("b", 2)
    table.put("c", 3)
    assert table == {"c": 3}


def test_a_key_it_holds_is_replaced_without_emptying_it() -> None:
    table: Bounded[str, int] = Bounded(2)
    table.put("a", 1)
    table.put("b", 2)
    table.put("a", 10)
    assert table == {"a": 10, "b": 2}


def test_keep_returns_what_is_kept_and_keeps_the_first_value() -> None:
    table: Bounded[tuple[int, str], str] = Bounded(3)
    first = "x" * 3
    assert table.keep((1, "a"), first) is first
    assert table.keep((1, "a"), "other") is first
    table.keep((2, "b"), "b")
    table.keep((3, "c"), "c")
    assert table.keep((4, "d"), "d") == "d"
    assert table == {(4, "d"): "d"}


def test_the_bound_is_at_least_one() -> None:
    table: Bounded[int, int] = Bounded(0)
    table.put(1, 1)
    table.put(2, 2)
    assert table.limit == 1
    assert table == {2: 2}


def test_a_pickled_table_keeps_its_entries_and_bound() -> None:
    table: Bounded[str, int] = Bounded(5)
    table.put("a", 1)
    again = pickle.loads(pickle.dumps(table))
    assert isinstance(again, Bounded)
    assert again == {"a": 1}
    assert again.limit == 5


@given(
    limit=st.integers(min_value=1, max_value=6),
    steps=st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=9), st.integers()),
        max_size=60,
    ),
)
def test_the_table_never_outgrows_its_bound_and_keeps_what_it_was_given(
    limit: int, steps: list[tuple[bool, int, int]]
) -> None:
    table: Bounded[int, int] = Bounded(limit)
    for keep, key, value in steps:
        before = dict(table)
        got = table.keep(key, value) if keep else table.put(key, value)
        # The value given, or (keep) the one the table already held for it.
        assert got == (before[key] if keep and key in before else value)
        assert table[key] == got
        # Every other entry is as it was, or the whole table was emptied
        # (a new key in a full table).
        others = {k: v for k, v in table.items() if k != key}
        emptied = key not in before and len(before) >= limit
        assert others == ({} if emptied else {k: v for k, v in before.items() if k != key})
        assert len(table) <= limit
