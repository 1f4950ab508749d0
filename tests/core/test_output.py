"""The standard output that cannot take what a command writes (a full
disk, ``/dev/full``), that is closed, or whose reader goes away: a message
and an exit code, never a traceback nor an "internal error"."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand.cli import _parser, main
from reform_brand.i18n import render
from tests.inbox.batches import DEMO
from tests.validation.helpers import batch_envelope

FULL = os.strerror(errno.ENOSPC)


class _Full(io.StringIO):
    """A stream on a disk with no space left."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, FULL)


@pytest.fixture(scope="module")
def envelope(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "s0.json"
    path.write_text(json.dumps(batch_envelope(0, "s0"), ensure_ascii=False), "utf-8")
    return path


def _said_full(err: str) -> None:
    line = render(
        "cli.cannot-write",
        {"path": "the standard output", "detail": "no space left on the disk"},
        "en",
    )
    assert f"{line} [cli.cannot-write]" in err, err
    assert "cli.internal" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help", "--lang", "en"],
        ["check", "--help", "--lang", "en"],
        ["editions", "--lang", "en"],
        ["check", "shandong-2022", "ENVELOPE", "--json", "--lang", "en"],
        ["check", "shandong-2022", "ENVELOPE", "--lang", "en"],
    ],
)
def test_an_output_with_no_space_left_is_said_with_exit_code_2(
    argv: list[str], envelope: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(envelope) if a == "ENVELOPE" else a for a in argv]
    with redirect_stdout(_Full()):
        code = main([*args, "--lang", "en"] if "--lang" not in args else args)
    assert code == 2
    _said_full(capsys.readouterr().err)


def test_a_full_disk_elsewhere_names_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A temporary file that no longer fits (no file name in the error)."""

    def full(_args: object) -> int:
        raise OSError(errno.ENOSPC, FULL)

    parser = _parser.build_parser("en", "editions")
    args = parser.parse_args(["editions"])
    monkeypatch.setattr(_parser, "build_parser", lambda *a, **k: _Parsed(args, full))
    assert main(["editions", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    line = render(
        "cli.cannot-write",
        {"path": tempfile.gettempdir(), "detail": "no space left on the disk"},
        "en",
    )
    assert f"{line} [cli.cannot-write]" in err, err


def test_another_error_of_the_system_is_still_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def denied(_args: object) -> int:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    parser = _parser.build_parser("en", "editions")
    args = parser.parse_args(["editions"])
    monkeypatch.setattr(_parser, "build_parser", lambda *a, **k: _Parsed(args, denied))
    assert main(["editions", "--lang", "en"]) == 3
    assert "[cli.internal]" in capsys.readouterr().err


class _Parsed:
    """A parser whose command is ``func``."""

    def __init__(self, args: object, func: object) -> None:
        self.args = args
        self.func = func

    def parse_args(self, _argv: list[str]) -> object:
        self.args.func = self.func  # type: ignore[attr-defined]
        return self.args

    def parse_known_args(self, argv: list[str]) -> tuple[object, list[str]]:
        return self.parse_args(argv), []


def _run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "reform_brand", *argv],
        stderr=subprocess.PIPE,
        check=False,
        timeout=120,
        **kwargs,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_check_written_to_dev_full_says_so(envelope: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = _run(
            ["check", "shandong-2022", str(envelope), "--json", "--lang", "en"], stdout=full
        )
    assert done.returncode == 2
    _said_full(done.stderr.decode("utf-8"))


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor in the child")
def test_a_closed_output_runs_the_command_and_tells_by_the_exit_code(envelope: Path) -> None:
    argv = ["check", "shandong-2022", str(envelope), "--json", "--lang", "en"]
    expected = _run(argv, stdout=subprocess.DEVNULL).returncode
    closed = _run(argv, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert closed.returncode == expected
    assert b"Traceback" not in closed.stderr and b"cli.internal" not in closed.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor in the child")
@pytest.mark.parametrize(
    "argv",
    [
        ["render", "shandong-2022", "application", "-d", "-", "-o", "OUT"],
        ["check", "shandong-2022", "--files-from", "-"],
    ],
)
def test_a_closed_input_reads_as_empty(argv: list[str], tmp_path: Path) -> None:
    """``<&-``: what reads the standard input (``-d -``, ``--files-from -``)
    was an internal error; it reads nothing, as from an empty input."""
    args = [str(tmp_path / "out.docx") if a == "OUT" else a for a in [*argv, "--lang", "en"]]
    empty = _run(args, stdin=subprocess.DEVNULL)
    closed = _run(args, preexec_fn=lambda: os.close(0))
    assert (closed.returncode, closed.stderr) == (empty.returncode, empty.stderr)
    assert closed.returncode == 2 and closed.stderr.rstrip().endswith(b"]")
    assert b"cli.internal" not in closed.stderr and b"Traceback" not in closed.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_reader_that_goes_away_is_no_error(envelope: Path) -> None:
    """``| head``: the command's own exit code once the reader is gone, and
    nothing more said."""
    argv = ["check", "shandong-2022", str(envelope), "--json", "--lang", "en"]
    expected = _run(argv, stdout=subprocess.DEVNULL).returncode
    with subprocess.Popen(
        [sys.executable, "-m", "reform_brand", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert code == expected
    assert b"Traceback" not in err and b"cli." not in err


class _Gone(io.StringIO):
    """A stream whose reader went away after its first line."""

    def write(self, text: str) -> int:
        if "\n" in self.getvalue():
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
        return super().write(text)


@pytest.mark.parametrize("gone", ["stdout", "stderr", "both"])
def test_a_reader_gone_stops_no_file_nor_the_exit_code(
    gone: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``demo | head -1`` wrote no report (the command stopped at the
    first line it could not write) and exited with 0 whatever it found;
    ``check --report DIR 2>&1 | head -1`` likewise.  The command goes on,
    writes its files and tells its result by its exit code."""
    from contextlib import redirect_stderr

    expected = main(["demo", "-o", str(tmp_path / "all"), "--lang", "en"])
    capsys.readouterr()
    out, err = _Gone(), _Gone()
    with (
        redirect_stdout(out if gone != "stderr" else io.StringIO()),
        redirect_stderr(err if gone != "stdout" else io.StringIO()),
    ):
        code = main(["demo", "-o", str(tmp_path / "cut"), "--lang", "en"])
        inbox = str(DEMO)
        checked = main(["check", "shandong-2022", inbox, "--report", str(tmp_path / "rep")])
    assert code == expected
    assert checked == main(["check", "shandong-2022", inbox]) != 0
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert sorted(p.name for p in (tmp_path / "cut").iterdir()) == names
    assert (tmp_path / "rep" / "report.json").is_file()


def _on_a_terminal(argv: list[str]) -> tuple[int, bytes]:
    """The command run with a pseudo-terminal as its output and error."""
    import pty  # noqa: F401 - (POSIX only: the test is skipped elsewhere)

    main_fd, child_fd = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "reform_brand", *argv], stdout=child_fd, stderr=child_fd
    ) as proc:
        os.close(child_fd)
        chunks = []
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # (EIO: the child's side is closed)
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=120)
    os.close(main_fd)
    return code, b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_a_name_holding_control_characters_reaches_a_terminal_made_visible(
    tmp_path: Path,
) -> None:
    """A received file's name can hold what a terminal acts on (an escape
    sequence that retitles the window or recolours the text, a carriage
    return, a right-to-left override): on a terminal it is shown, escaped;
    so it is in a pipe (a clerk reads the text through ``less`` or in a
    file as well): the text report writes a name's control and format
    characters out wherever it goes (its line breaks too, ``\\x0d``: they
    would make a line of their own); the JSON output keeps it exact."""
    name = "a\x1b]0;title\x07\x1b[31mred\rback\u202egnp\u200f.json"
    (tmp_path / name).write_text("[1]", encoding="utf-8")
    argv = ["suggest", "shandong-2022", str(tmp_path)]
    code, shown = _on_a_terminal(argv)
    assert code == 1
    # (The terminal itself ends each line with "\r\n".)
    assert not any(
        c in shown for c in (b"\x1b", b"\x07", b"\rback", "\u202e".encode(), "\u200f".encode())
    )
    assert b"a\\x1b]0;title\\x07\\x1b[31mred\\x0dback\\u202egnp\\u200f.json" in shown
    piped = _run(argv, stdout=subprocess.PIPE)
    assert b"a\\x1b]0;title\\x07\\x1b[31mred\\x0dback\\u202egnp\\u200f.json" in piped.stdout
    assert not any(c in piped.stdout for c in (b"\x1b", "\u202e".encode(), "\u200f".encode()))
    # Errors on the standard error too.
    code, said = _on_a_terminal(["check", "shandong-2022", str(tmp_path / "b\x1b[2Jc.json")])
    assert code == 2 and b"\x1b" not in said and b"b\\x1b[2Jc.json" in said


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_the_progress_line_still_drives_the_terminal(tmp_path: Path) -> None:
    """What this program means the terminal to act on (the progress line
    going back to its start) is not escaped with what names hold."""
    from reform_brand.cli._intake import PROGRESS_FROM

    for n in range(PROGRESS_FROM + 2):
        (tmp_path / f"说明{n}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a\x1b[2Jb.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c\u200bd.txt").write_text("x", encoding="utf-8")  # (a zero-width space)
    code, shown = _on_a_terminal(["check", "shandong-2022", str(tmp_path), "--jobs", "1"])
    assert code == 0
    assert b"\r\x1b[K" in shown and b"\\x0d\\x1b[K" not in shown
    assert b"\x1b[2J" not in shown and b"a\\x1b[2Jb.txt" in shown
    assert "\u200b".encode() not in shown and b"c\\u200bd.txt" in shown


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_what_the_output_encoding_cannot_take_is_written_anyway(
    encoding: str, tmp_path: Path
) -> None:
    """A name the file system gave as bytes that are not UTF-8 (its bytes
    are written as they are), or Chinese text to an output in another
    encoding (written ``\\uXXXX``): the standard output failed after the
    command's work, an internal error (exit 3)."""
    out = tmp_path / os.fsdecode(b"form-\xff.md")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    argv = ["render", "shandong-2022", "application", "-o", str(out), "--lang", "zh"]
    done = _run(argv, stdout=subprocess.PIPE, env=env)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    head = render("cli.wrote", {"path": "|"}, "zh").split("|")[0]
    assert done.stdout == head.encode(encoding, "backslashreplace") + os.fsencode(out) + b"\n"


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"]])
def test_the_help_to_an_ascii_output_is_written_anyway(argv: list[str]) -> None:
    """The Chinese help to an output that takes ASCII only: the top-level
    help, printed before any command's handling, ended in a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = _run([*argv, "--lang", "zh"], stdout=subprocess.PIPE, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert done.stdout.startswith("用法".encode("ascii", "backslashreplace"))


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX locale")
def test_an_ascii_output_in_the_c_locale_is_written_anyway(tmp_path: Path) -> None:
    """The C locale without Python's UTF-8 mode gives the standard output
    ASCII with the error handler ``surrogateescape``, not ``strict``: the
    Chinese text of the command failed there, an internal error (exit 3)."""
    out = tmp_path / "form.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env |= {"LC_ALL": "C", "PYTHONUTF8": "0"}
    argv = ["render", "shandong-2022", "application", "-o", str(out), "--lang", "zh"]
    done = _run(argv, stdout=subprocess.PIPE, env=env)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    head = render("cli.wrote", {"path": "|"}, "zh").split("|")[0]
    assert done.stdout == head.encode("ascii", "backslashreplace") + os.fsencode(out) + b"\n"
