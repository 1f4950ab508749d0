"""The ledger while intake reads (``office._table.FileTable``): the entries
and groups a dict and lists of paths would hold, kept in a temporary
database, and intake's walk keeping nothing of each file in memory."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand.office import InboxFile
from reform_brand.office._table import FileTable
from reform_brand.office._walk import walk
from tests.inbox.batches import traced_peak

#: Names with a lone surrogate (a file name that is not UTF-8), a character
#: past the BMP, and the empty group of loose files.
_names = st.sampled_from(["", "a", "b", "a/b", "\udce9x", "\U0001f600", "é", "b-", "0"])


def _entry(path: str, **fields: object) -> InboxFile:
    return InboxFile(path=path, **fields)  # type: ignore[arg-type]


class _Model:
    """What intake kept before: a dict of entries, a dict of groups' lists."""

    def __init__(self) -> None:
        self.files: dict[str, InboxFile] = {}
        self.groups: dict[str, list[str]] = {}

    def put(self, rel: str, f: InboxFile, group: str | None) -> None:
        self.files[rel] = f
        if group is not None:
            self.join(group, rel)

    def join(self, group: str, rel: str) -> None:
        for members in self.groups.values():
            if rel in members:
                members.remove(rel)
        self.groups.setdefault(group, []).append(rel)

    def leave(self, rel: str) -> None:
        for members in self.groups.values():
            if rel in members:
                members.remove(rel)

    def prune(self) -> None:
        for group in [g for g, m in self.groups.items() if not m]:
            del self.groups[group]


_steps = st.lists(
    st.one_of(
        st.tuples(st.just("put"), _names, _names, st.one_of(st.none(), _names)),
        st.tuples(st.just("change"), _names, st.sampled_from(["used", "ignored"])),
        st.tuples(st.just("leave"), _names),
        st.tuples(st.just("prune")),
        st.tuples(st.just("look"), _names),
        st.tuples(st.just("members"), _names),
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(_steps)
def test_the_table_holds_what_a_dict_and_lists_held(steps: list[tuple[object, ...]]) -> None:
    table, model = FileTable(), _Model()
    try:
        for step in steps:
            if step[0] == "put":
                _op, rel, shown, group = step
                f = _entry(str(shown), size=len(str(rel)))
                table.put(str(rel), f, group=None if group is None else str(group))
                model.put(str(rel), f, None if group is None else str(group))
            elif step[0] == "change" and step[1] in model.files:
                rel, status = str(step[1]), step[2]
                assert status in ("used", "ignored")  # what _steps draws
                table.change(rel, status=status, sha256="ab")
                model.files[rel] = attrs.evolve(model.files[rel], status=status, sha256="ab")
            elif step[0] == "leave":
                table.leave(str(step[1]))
                model.leave(str(step[1]))
            elif step[0] == "prune":
                table.prune()
                model.prune()
            elif step[0] == "look":
                # (Between changes not written yet, as the reader asks.)
                rel = str(step[1])
                assert table.get(rel) == model.files.get(rel)
                assert table.grouped(rel) == any(rel in m for m in model.groups.values())
            elif step[0] == "members":
                assert table.members(str(step[1])) == model.groups.get(str(step[1]), [])
        assert len(table) == len(model.files)
        for rel, f in model.files.items():
            assert rel in table and table[rel] == f and table.get(rel) == f
            assert table.grouped(rel) == any(rel in m for m in model.groups.values())
        assert "never put" not in table and table.get("never put") is None
        with pytest.raises(KeyError):
            table["never put"]
        # The ledger: by the path as shown, stable among equal paths.
        assert list(table.sorted_entries()) == sorted(model.files.values(), key=lambda f: f.path)
        # The groups: in the order they were first joined, as a dict's keys.
        model.prune()
        table.prune()
        assert list(table.grouped_files()) == [
            (group, rel) for group, members in model.groups.items() for rel in members
        ]
        assert table.grouped_count() == sum(len(m) for m in model.groups.values())
        assert list(table.group_names()) == sorted(model.groups)
        for group, members in model.groups.items():
            assert table.members(group) == members
    finally:
        table.close()


def test_files_may_leave_their_groups_while_the_groups_are_read() -> None:
    """The reader takes files out of their groups as it goes: a file that
    left before it is reached is not given, across the reads in chunks."""
    table = FileTable()
    for i in range(2_000):
        table.put(f"g{i % 3}/{i:05d}", _entry(f"g{i % 3}/{i:05d}"), group=f"g{i % 3}")
    seen = []
    for group, rel in table.grouped_files():
        seen.append(rel)
        assert table[rel].size == 0  # (as the read of its chunk gave it)
        table.change(rel, sha256=rel)
        table.change(rel, size=len(seen))
        number = int(rel.split("/")[1])
        if number + 3 < 2_000:
            table.leave(f"{group}/{number + 3:05d}")  # the next of its group
            table.change(f"{group}/{number + 3:05d}", kind="json")
    assert seen == [f"g{g}/{i:05d}" for g in range(3) for i in range(g, 2_000, 6)]
    for n, rel in enumerate(seen, start=1):
        assert (table[rel].sha256, table[rel].size) == (rel, n)
    assert [f.kind for f in table.sorted_entries()].count("json") == 2_000 - len(seen)
    table.prune()
    assert list(table.group_names()) == ["g0", "g1", "g2"]
    assert table.grouped_count() == len(seen)
    table.close()


def test_a_group_emptied_and_joined_again_comes_last() -> None:
    table = FileTable()
    for rel, group in (("a/1", "a"), ("b/1", "b"), ("c/1", "c")):
        table.put(rel, _entry(rel), group=group)
    table.leave("a/1")
    table.prune()
    table.put("a/2", _entry("a/2"), group="a")
    assert [g for g, _rel in table.grouped_files()] == ["b", "c", "a"]
    table.close()


def test_an_entry_put_again_keeps_its_place_its_group_and_stays_staged() -> None:
    table = FileTable()
    table.put("x", _entry("x"), group="", staged=True)
    table.put("w", _entry("w"), group="")
    table.put("x", _entry("w", size=9))
    assert table.staged("x") and not table.staged("w") and not table.staged("nowhere")
    assert [f.size for f in table.sorted_entries()] == [9, 0]  # equal paths: first put first
    assert table.members("") == ["x", "w"] and len(table) == 2
    table.close()


def _folder(root: Path, n: int) -> Path:
    for i in range(n):
        folder = root / f"{i // 50:04d}-某单位"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}-申报材料-附件.pdf").write_bytes(b"%PDF-1.4\n")
    return root


def test_the_walk_keeps_nothing_of_each_file_in_memory(tmp_path: Path) -> None:
    """The ledger's entries and the groups are in the table, not in Python's
    memory: walking 4,000 files takes no more than walking 1,000 (each kept
    in a dict with its entry and its group's list took some 400 bytes)."""
    small, large = _folder(tmp_path / "small", 1_000), _folder(tmp_path / "large", 4_000)

    def _walked(root: Path) -> int:
        def run() -> None:
            w = walk(root)
            assert w.files.grouped_count() == len(w.files)
            w.close()

        return min(traced_peak(run) for _ in range(2))

    grown = (_walked(large) - _walked(small)) / 3_000
    assert grown < 40
