"""Intake reads each file it takes in from one opening: an envelope received
as a file is read, parsed and hashed at once, and an attachment is hashed and
sniffed through the same descriptor; the answers are those of the separate
reads."""

from __future__ import annotations

import collections
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reform_brand import Edition
from reform_brand.office import intake
from reform_brand.opened import sniff_and_digest, sniff_checked
from reform_brand.submission import read_envelope, read_envelope_digest
from reform_brand.testing import write_attachments
from tests.validation.helpers import APPLICATION

_OPENS: list[str] = []
_LISTENING: list[bool] = [False]


def _hook(event: str, args: tuple[object, ...]) -> None:
    listened = _LISTENING[0] and event in ("open", "os.open")
    if listened and args and isinstance(args[0], str | Path):
        _OPENS.append(str(args[0]))


# (A hook cannot be removed: it notes paths only while a test listens.)
sys.addaudithook(_hook)


@pytest.fixture
def opens() -> Iterator[list[str]]:
    _OPENS.clear()
    _LISTENING[0] = True
    try:
        yield _OPENS
    finally:
        _LISTENING[0] = False
        _OPENS.clear()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(APPLICATION).encode(),
        b"\xef\xbb\xbf" + json.dumps(APPLICATION).encode(),
        b'{"a": 1, "a": 2}',
        b"\xff\xfe not utf-8",
        b"[" * 100,
        b"",
    ],
)
def test_an_envelope_read_with_its_digest_is_read_as_alone(
    content: bytes, tmp_path: Path, opens: list[str]
) -> None:
    path = tmp_path / "e.json"
    path.write_bytes(content)
    opens.clear()
    value, problems, digest = read_envelope_digest(path)
    assert opens.count(str(path)) == 1
    assert (value, problems) == read_envelope(path)
    assert digest == _sha(path)


def test_a_large_envelope_is_hashed_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2000 + b"{}")
    value, problems, digest = read_envelope_digest(path, max_bytes=1000)
    assert value is None and [code for code, _p in problems] == ["file.too-large"]
    assert digest == _sha(path)
    assert read_envelope_digest(tmp_path / "missing.json")[2] == ""


def test_a_file_sniffed_with_its_digest_is_sniffed_as_alone(
    tmp_path: Path, opens: list[str]
) -> None:
    folder = write_attachments(tmp_path / "a", APPLICATION)
    (folder / "x.txt").write_text("plain", encoding="utf-8")
    (folder / "empty.bin").write_bytes(b"")
    files = sorted(p for p in folder.iterdir())
    assert {p.suffix for p in files} >= {".pdf", ".docx"}
    for path in files:
        opens.clear()
        found, digest = sniff_and_digest(path)
        assert opens.count(str(path)) == 1, path.name
        assert digest == _sha(path)
        assert found == sniff_checked(path)


def test_a_file_reached_again_is_not_opened_again(tmp_path: Path, opens: list[str]) -> None:
    """A second name of the same file (a hard link) is known by its identity:
    its type and digest come without an opening."""
    folder = write_attachments(tmp_path / "a", APPLICATION)
    first = next(p for p in folder.iterdir() if p.suffix == ".docx")
    second = tmp_path / "again.docx"
    os.link(first, second)
    expected = sniff_and_digest(first)
    opens.clear()
    assert sniff_and_digest(second) == expected
    assert opens == []
    assert expected[1] == _sha(second)


def test_a_file_over_the_limit_is_hashed_and_a_fifo_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand import safeopen

    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    monkeypatch.setattr(safeopen, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(safeopen.open_regular, "__kwdefaults__", {"max_bytes": 1000})
    found, digest = sniff_and_digest(big)
    assert (found.kind, found.code) == ("unsafe", "read.too-large")
    assert digest == _sha(big)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        found, digest = sniff_and_digest(fifo)  # (would block if opened)
        assert (found.kind, found.code, digest) == ("unsafe", "read.not-a-file", "")


def test_intake_opens_each_envelope_and_attachment_twice_at_most(
    edition: Edition, tmp_path: Path, opens: list[str]
) -> None:
    """Once to see whether it is an archive or a mail file, once to read it
    (an envelope: parsed and hashed; an attachment: hashed and sniffed)."""
    for i in range(3):
        folder = tmp_path / f"unit{i}"
        env = dict(APPLICATION, id=f"s{i}")
        write_attachments(folder, env)
        (folder / "envelope.json").write_text(json.dumps(env), encoding="utf-8")
    opens.clear()
    found = intake(edition, tmp_path)
    assert len(found.received) == 3
    counted = collections.Counter(p for p in opens if p.startswith(str(tmp_path)))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 3
    for path in files:
        assert 1 <= counted[str(path)] <= 2, (path.name, counted[str(path)])
