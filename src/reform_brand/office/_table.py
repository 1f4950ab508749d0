"""The ledger while intake reads an inbox: :class:`FileTable`.

Every file found gets an entry (an :class:`~reform_brand.office.InboxFile`)
under its real relative path, and a regular file joins a group (an e-mail
folder at the top of the inbox, "" for the loose files, an archive's own).
Intake changes the entries as it reads (the type, the SHA-256, the role, the
submission), takes files out of their groups as envelopes received as files
claim them, and reads what is left group by group.

The entries and the groups are kept in a private temporary SQLite database,
not in dicts: an inbox of 300,000 files would otherwise hold some 450 bytes
a file (the path twice, the entry, the SHA-256 as text, the submission's
id, the dict's and the groups' references) from the walk until the ledger
is written.  The database lives in SQLite's page cache up to
:data:`CACHE_KIB` and in a temporary file past it, which SQLite deletes when
the table is closed.  Texts are stored as UTF-8 with lone surrogates kept
(a name that is not valid Unicode is kept exactly), so the database orders
them as Python orders ``str``.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from typing import Any, Final

import attrs

from reform_brand.office._inbox import InboxFile
from reform_brand.office._ledger import decoded, encoded

__all__ = ["CACHE_KIB", "FileTable"]

#: The most the database keeps in memory (SQLite's page cache), in KiB.
CACHE_KIB: Final = 512

#: Rows read at a time when the reader changes the table between reads.
_CHUNK: Final = 512

_SCHEMA: Final = (
    # id: the order entries were first put (the ledger's among equal paths);
    # grp, gseq: the group and the order the file joined it (NULL: none).
    "CREATE TABLE files(id INTEGER PRIMARY KEY, rel BLOB NOT NULL UNIQUE,"
    " path BLOB NOT NULL, entry BLOB NOT NULL, staged INTEGER NOT NULL,"
    " grp INTEGER, gseq INTEGER)",
    "CREATE INDEX files_grouped ON files(grp, gseq) WHERE grp IS NOT NULL",
    # id: the order groups were first joined (a dict's order: never given
    # twice, so a group emptied and joined again comes last).
    "CREATE TABLE groups(id INTEGER PRIMARY KEY AUTOINCREMENT, name BLOB NOT NULL UNIQUE)",
)


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class FileTable:
    """Entries by real relative path, and the groups' members in order (see
    the module).  Close it when done (:meth:`close`; closed when no longer
    referred to otherwise)."""

    def __init__(self) -> None:
        # (An empty name: a private temporary database, deleted on close.)
        self._db = sqlite3.connect("", isolation_level=None)
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            f"cache_size=-{CACHE_KIB}",
            "temp_store=FILE",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._db.execute("BEGIN")  # one transaction: nothing is kept past close
        self._count = 0
        self._gseq = itertools.count()
        #: The group last joined (name, id): a walk joins one group many times.
        self._last: tuple[str, int] | None = None
        #: For each :meth:`grouped_files` being read: the files that left
        #: their groups since its last read from the database.
        self._watching: list[set[bytes]] = []
        # Intake reads a file's entry and changes it a few times in a row,
        # the files mostly in the order the groups give them: the entries
        # of the rows a read of the groups gives are kept (as stored) until
        # asked for, changes are written a few hundred at a time, and so are
        # the files that leave their groups.  Each is bounded by _CHUNK.
        #: key -> (the entry as stored, or as changed; whether staged).
        self._clean: dict[bytes, tuple[bytes | InboxFile, bool]] = {}
        self._changed: dict[bytes, tuple[InboxFile, bool]] = {}
        self._leaving: set[bytes] = set()
        #: Whether each of the files asked about lately is in a group: the
        #: envelopes of a folder name the same attachments.
        self._member: dict[bytes, bool] = {}

    def close(self) -> None:
        self._db.close()

    def _flush(self) -> None:
        """Write the changes and leavings not written yet."""
        if self._changed:
            self._db.executemany(
                "UPDATE files SET path = ?, entry = ? WHERE rel = ?",
                [(_b(f.path), encoded(f), key) for key, (f, _st) in self._changed.items()],
            )
            self._changed.clear()
        if self._leaving:
            self._db.executemany(
                "UPDATE files SET grp = NULL, gseq = NULL WHERE rel = ?",
                [(key,) for key in self._leaving],
            )
            self._leaving.clear()

    def _knows(self, key: bytes, member: bool) -> None:
        if len(self._member) >= _CHUNK:
            self._member.clear()
        self._member[key] = member

    def _keep(self, key: bytes, entry: bytes | InboxFile, staged: bool) -> None:
        if len(self._clean) >= 2 * _CHUNK:
            self._clean.clear()
        self._clean[key] = (entry, staged)

    # -- entries ----------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    def __contains__(self, rel: str) -> bool:
        row = self._db.execute("SELECT 1 FROM files WHERE rel = ?", (_b(rel),)).fetchone()
        return row is not None

    def _read(self, key: bytes) -> tuple[InboxFile, bool] | None:
        found = self._changed.get(key)
        if found is not None:
            return found
        kept = self._clean.get(key)
        if kept is None:
            row = self._db.execute(
                "SELECT entry, staged FROM files WHERE rel = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            kept = (row[0], bool(row[1]))
        entry, staged = kept
        f = decoded(entry) if isinstance(entry, bytes) else entry
        self._keep(key, f, staged)
        return f, staged

    def get(self, rel: str) -> InboxFile | None:
        found = self._read(_b(rel))
        return None if found is None else found[0]

    def __getitem__(self, rel: str) -> InboxFile:
        found = self.get(rel)
        if found is None:
            raise KeyError(rel)
        return found

    def __setitem__(self, rel: str, f: InboxFile) -> None:
        self.put(rel, f)

    def put(
        self, rel: str, f: InboxFile, *, group: str | None = None, staged: bool = False
    ) -> None:
        """Put ``f`` under ``rel`` (an entry already there is replaced and
        keeps its place and group), joining ``group`` if given."""
        key, path, entry = _b(rel), _b(f.path), encoded(f)
        if key in self._changed or key in self._leaving:
            self._flush()
        self._clean.pop(key, None)
        try:
            if group is None:
                self._db.execute(
                    "INSERT INTO files(rel, path, entry, staged) VALUES (?, ?, ?, ?)",
                    (key, path, entry, int(staged)),
                )
            else:
                self._db.execute(
                    "INSERT INTO files(rel, path, entry, staged, grp, gseq)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (key, path, entry, int(staged), self._group_id(group), next(self._gseq)),
                )
            self._count += 1
            self._knows(key, group is not None)
            return
        except sqlite3.IntegrityError:
            self._db.execute(
                "UPDATE files SET path = ?, entry = ?, staged = staged OR ? WHERE rel = ?",
                (path, entry, int(staged), key),
            )
        if group is not None:
            self.join(group, rel)

    def change(self, rel: str, **changes: Any) -> None:
        """The entry of ``rel`` with ``changes`` (as :func:`attrs.evolve`)."""
        key = _b(rel)
        found = self._read(key)
        if found is None:
            raise KeyError(rel)
        old, staged = found
        self._clean.pop(key, None)
        self._changed[key] = (attrs.evolve(old, **changes), staged)
        if len(self._changed) >= _CHUNK:
            self._flush()

    def staged(self, rel: str) -> bool:
        """Whether ``rel`` exists only in the private folder (taken out of
        an archive or a mail)."""
        found = self._read(_b(rel))
        return found is not None and found[1]

    def sorted_entries(self) -> Iterator[InboxFile]:
        """Every entry by its path as shown (stable: in the order first put
        among equal paths), read as the iterator is advanced.  (SQLite sorts
        on disk past its cache.)"""
        self._flush()
        rows = self._db.execute("SELECT entry FROM files ORDER BY path, id")
        for (entry,) in rows:
            yield decoded(entry)

    # -- groups -------------------------------------------------------------------

    def _group_id(self, group: str) -> int:
        if self._last is not None and self._last[0] == group:
            return self._last[1]
        name = _b(group)
        row = self._db.execute("SELECT id FROM groups WHERE name = ?", (name,)).fetchone()
        if row is None:
            row = (self._db.execute("INSERT INTO groups(name) VALUES (?)", (name,)).lastrowid,)
        self._last = (group, int(row[0]))
        return self._last[1]

    def join(self, group: str, rel: str) -> None:
        """``rel`` joins ``group``, after its members so far."""
        key = _b(rel)
        if key in self._leaving:
            self._flush()
        cur = self._db.execute(
            "UPDATE files SET grp = ?, gseq = ? WHERE rel = ?",
            (self._group_id(group), next(self._gseq), key),
        )
        self._knows(key, cur.rowcount > 0)

    def leave(self, rel: str) -> None:
        """``rel`` leaves its group (a group left empty stays until
        :meth:`prune`)."""
        key = _b(rel)
        self._leaving.add(key)
        self._knows(key, False)
        for left in self._watching:
            left.add(key)
        if len(self._leaving) >= _CHUNK:
            self._flush()

    def grouped(self, rel: str) -> bool:
        key = _b(rel)
        known = self._member.get(key)
        if known is None and key in self._leaving:
            known = False
        if known is None:
            row = self._db.execute(
                "SELECT grp IS NOT NULL FROM files WHERE rel = ?", (key,)
            ).fetchone()
            known = bool(row is not None and row[0])
            self._knows(key, known)
        return known

    def prune(self) -> None:
        """Groups left empty are gone."""
        self._flush()
        self._db.execute(
            "DELETE FROM groups WHERE NOT EXISTS (SELECT 1 FROM files WHERE grp = groups.id)"
        )
        self._last = None

    def grouped_count(self) -> int:
        self._flush()
        row = self._db.execute("SELECT count(*) FROM files WHERE grp IS NOT NULL").fetchone()
        return int(row[0])

    def grouped_files(self) -> Iterator[tuple[str, str]]:
        """Every file in a group as (group, rel): the groups in the order
        they were first joined, each group's files in the order they joined
        it.  Read a few hundred at a time, so the table may change between
        (a file that leaves its group before it is reached is not given)."""
        after = (-1, -1)
        left: set[bytes] = set()
        self._watching.append(left)
        try:
            while True:
                self._flush()
                left.clear()
                rows = self._db.execute(
                    "SELECT f.grp, f.gseq, g.name, f.rel, f.entry, f.staged FROM files f"
                    " JOIN groups g ON g.id = f.grp"
                    " WHERE f.grp IS NOT NULL AND (f.grp, f.gseq) > (?, ?)"
                    " ORDER BY f.grp, f.gseq LIMIT ?",
                    (*after, _CHUNK),
                ).fetchall()
                if not rows:
                    return
                after = (rows[-1][0], rows[-1][1])
                # (The entries of these rows, as stored, for the reader to
                # change without reading them again.)
                self._clean = {rel: (entry, bool(st)) for _g, _q, _n, rel, entry, st in rows}
                name, group = b"", ""
                for _gid, _seq, gname, rel, _entry, _st in rows:
                    if gname != name:
                        name, group = gname, _s(gname)
                    if rel not in left:
                        yield group, _s(rel)
        finally:
            self._watching.remove(left)

    def group_names(self) -> Iterator[str]:
        """The names of the groups with files, sorted (as ``sorted`` sorts
        ``str``), read a few hundred at a time."""
        after, than = b"", ">="  # (the loose files' group is "")
        while True:
            self._flush()
            rows = self._db.execute(
                f"SELECT name FROM groups WHERE name {than} ?"
                " AND EXISTS (SELECT 1 FROM files WHERE grp = groups.id)"
                " ORDER BY name LIMIT ?",
                (after, _CHUNK),
            ).fetchall()
            if not rows:
                return
            after, than = rows[-1][0], ">"
            for (name,) in rows:
                yield _s(name)

    def members(self, group: str) -> list[str]:
        """The files of ``group``, in the order they joined it."""
        self._flush()
        rows = self._db.execute(
            "SELECT f.rel FROM files f JOIN groups g ON g.id = f.grp"
            " WHERE g.name = ? ORDER BY f.gseq",
            (_b(group),),
        )
        return [_s(rel) for (rel,) in rows]
