"""``check --files-from``: the paths of a batch given in a list file (or on
the standard input) instead of the command line, as a batch too large for a
command line is given; the same report as the paths given one by one."""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.cli._listed import LONGEST, given_paths
from reform_brand.errors import UsageError
from reform_brand.i18n import render
from tests.validation.helpers import NOW, PDF, batch_envelope, minimal_docx

NOW_TEXT = NOW.isoformat()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """13 envelope files with their attachments (units over their quota),
    one whose name holds a line end, and one that is not JSON."""
    root = tmp_path_factory.mktemp("listed")
    (root / "scan.pdf").write_bytes(PDF)
    (root / "form.docx").write_bytes(minimal_docx())
    files: list[Path] = []
    for i in range(12):
        name = f"{i:02d}.json" if i != 7 else "seven\nlines.json"
        path = root / name
        path.write_text(json.dumps(batch_envelope(i, f"s{i}"), ensure_ascii=False), "utf-8")
        files.append(path)
    (root / "broken.json").write_text("{nope", encoding="utf-8")
    files.append(root / "broken.json")
    return files


def _check(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    out = io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with redirect_stdout(out):
            code = main(["check", "shandong-2022", *args, "--now", NOW_TEXT, "--json"])
    finally:
        sys.stdin = saved
    return code, out.getvalue()


def _nul_list(paths: list[Path]) -> bytes:
    return b"".join(os.fsencode(p) + b"\0" for p in paths)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_list_gives_the_report_of_the_same_paths_given_one_by_one(
    batch: list[Path], tmp_path: Path, jobs: str
) -> None:
    listing = tmp_path / "list"
    listing.write_bytes(_nul_list(batch))
    expected = _check(*map(str, batch), "--jobs", jobs)
    got = _check("--files-from", str(listing), "--jobs", jobs)
    assert got == expected
    report = json.loads(got[1])
    assert len(report["submissions"]) == len(batch)
    assert "quota.exceeded" in {f["code"] for f in report["findings"]}
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert "file.not-json" in codes
    assert got[0] == 1  # (the file that is not JSON)


def test_a_list_of_lines_skips_blank_ones_and_drops_a_carriage_return(
    batch: list[Path], tmp_path: Path
) -> None:
    plain = [p for p in batch if "\n" not in p.name]
    text = b"\r\n  \t \r\n".join(os.fsencode(p) for p in plain) + b"\n \n\n"
    listing = tmp_path / "list.txt"
    listing.write_bytes(text)
    assert _check("--files-from", str(listing)) == _check(*map(str, plain))


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_a_list_saved_with_a_byte_order_mark_is_read_as_its_text(
    batch: list[Path], tmp_path: Path, mark: bytes, encoding: str
) -> None:
    """As Notepad ("UTF-8 with BOM") and PowerShell (``>``: UTF-16) save a
    list: the mark is no part of the first path, and the lines (CRLF) are
    read in the list's encoding."""
    plain = [p for p in batch if "\n" not in p.name]
    text = "\r\n".join(map(str, plain)) + "\r\n"
    listing = tmp_path / "list.txt"
    listing.write_bytes(mark + text.encode(encoding))
    assert _check("--files-from", str(listing)) == _check(*map(str, plain))


def test_a_list_in_utf_16_whose_text_is_broken_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes(b"\xff\xfe" + "a.json\n".encode("utf-16-le") + b"\x00\xd8")
    assert main(["check", "shandong-2022", "--files-from", str(listing), "--lang", "en"]) == 2
    reason = "it opens with a UTF-16 byte-order mark but is not UTF-16 text"
    _usage(capsys, "files-from", path=str(listing), reason=reason)


def test_paths_on_the_command_line_come_before_the_listed_ones(
    batch: list[Path], tmp_path: Path
) -> None:
    listing = tmp_path / "list"
    listing.write_bytes(_nul_list(batch[3:]))
    got = _check(*map(str, batch[:3]), "--files-from", str(listing))
    assert got == _check(*map(str, batch))


def test_the_list_is_read_from_the_standard_input(batch: list[Path]) -> None:
    assert _check("--files-from", "-", stdin=_nul_list(batch)) == _check(*map(str, batch))


def test_a_name_not_in_utf_8_is_read_as_the_file_system_gives_it(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xb2\xe2\xca\xd4.json")  # GBK, not UTF-8
    try:
        path = tmp_path / name
        path.write_text(json.dumps(batch_envelope(0, "s0"), ensure_ascii=False), "utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system takes no such name")
    listing = tmp_path / "list"
    listing.write_bytes(os.fsencode(path) + b"\n")
    _code, out = _check("--files-from", str(listing))
    assert [s["id"] for s in json.loads(out)["submissions"]] == ["s0"]


def test_the_list_is_copied_once_and_gone_through_as_often_as_asked(
    batch: list[Path], tmp_path: Path
) -> None:
    listing = tmp_path / "list"
    listing.write_bytes(_nul_list(batch))
    with given_paths(["first.json"], str(listing), "en") as paths:
        listing.unlink()  # (read from the private copy from here on)
        assert len(paths) == len(batch) + 1
        assert list(paths) == ["first.json", *map(str, batch)]
        assert list(paths) == ["first.json", *map(str, batch)]


def _usage(capsys: pytest.CaptureFixture[str], key: str, **params: object) -> None:
    err = capsys.readouterr().err
    assert render(f"cli.check.{key}", params, "en") in err, err


def test_a_list_that_cannot_be_read_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["check", "shandong-2022", "--files-from", str(missing), "--lang", "en"]) == 2
    _usage(capsys, "files-from", path=str(missing), reason="no such file or folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_list_that_is_no_file_is_refused_without_being_read(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named pipe no one writes to was waited on for ever, and /dev/zero
    read for ever (an endless run of empty entries): each is refused, as
    ``render -d`` refuses them, never opened."""
    if kind == "fifo":
        listing = str(tmp_path / "list")
        os.mkfifo(listing)
    else:
        listing = os.devnull if os.path.exists(os.devnull) else "/dev/zero"
    assert main(["check", "shandong-2022", "--files-from", listing, "--lang", "en"]) == 2
    _usage(capsys, "files-from", path=listing, reason="not a regular file")


def test_a_list_from_a_pipe_this_process_holds_is_read(batch: list[Path]) -> None:
    """``--files-from <(find ...)``: the pipe the shell gives as /dev/fd/N."""
    read, write = os.pipe()
    try:
        with os.fdopen(write, "wb") as fh:
            fh.write(_nul_list(batch[:2]))
        code, out = _check("--files-from", f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert code in (0, 1)
    assert len(json.loads(out)["submissions"]) == 2


@pytest.mark.parametrize(
    ("where", "zh"),
    [
        ("nowhere", "文件或文件夹不存在"),
        ("", "这是文件夹"),
        ("a-file/list", "路径中有一部分不是文件夹"),
    ],
)
def test_why_a_list_cannot_be_read_is_said_in_the_language_of_the_command_line(
    where: str, zh: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    listing = str(tmp_path / where) if where else str(tmp_path)
    assert main(["check", "shandong-2022", "--files-from", listing]) == 2
    err = capsys.readouterr().err
    assert zh in err and err.rstrip().endswith("[cli.usage]"), err
    assert "directory" not in err  # (Python's own "No such file or directory")


@pytest.mark.parametrize(("listed", "key"), [("gone.json", "no-path"), ("", "one-inbox")])
def test_a_listed_path_that_cannot_be_checked_so_is_a_usage_error(
    batch: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], listed: str, key: str
) -> None:
    """A path that does not exist; a folder (an inbox) with other paths."""
    other = tmp_path / listed if listed else tmp_path
    listing = tmp_path / "list.txt"
    listing.write_text(f"{batch[0]}\n{other}\n", encoding="utf-8")
    assert main(["check", "shandong-2022", "--files-from", str(listing), "--lang", "en"]) == 2
    _usage(capsys, key, path=str(other))


def test_nothing_to_check_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "shandong-2022", "--lang", "en"]) == 2
    _usage(capsys, "no-paths")
    empty = tmp_path / "empty"
    empty.write_bytes(b"\n\n")
    assert main(["check", "shandong-2022", "--files-from", str(empty), "--lang", "en"]) == 2
    _usage(capsys, "no-paths")


def test_a_list_without_separators_is_not_held_whole(tmp_path: Path) -> None:
    listing = tmp_path / "list"
    listing.write_bytes(b"a" * (LONGEST * 4))
    with pytest.raises(UsageError) as caught:
        given_paths([], str(listing), "en")
    assert caught.value.params["detail"] == render(
        "cli.check.files-from-long", {"path": str(listing), "n": 1}, "en"
    )


def test_the_listed_paths_are_not_held_in_memory(tmp_path: Path) -> None:
    """20,000 listed paths (some 1.5 MB as a list of strings) are kept on
    disk: what the paths take in memory does not grow with the list."""
    import tracemalloc

    listing = tmp_path / "list"
    listing.write_bytes(
        b"".join(b"%s/%06d.json\n" % (os.fsencode(tmp_path), i) for i in range(20_000))
    )
    tracemalloc.start()
    try:
        paths = given_paths([], str(listing), "en")
        held = tracemalloc.get_traced_memory()[0]
        assert sum(1 for _ in paths) == len(paths) == 20_000
    finally:
        tracemalloc.stop()
        paths.close()
    assert held < 256 * 1024, held
