"""Every command that writes files makes the missing folders above what it
is asked to write, refuses a file where a folder is needed (and a folder
where a file is), says which part of the path is in the way, and leaves
nothing behind when it fails."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from reform_brand.cli import main
from tests.validation.helpers import APPLICATION, NOW

#: Each command that writes, with ``{out}`` where its output goes; whether
#: the output is a folder.
COMMANDS = {
    "render": (["render", "shandong-2022", "application", "-o", "{out}"], False),
    "template": (["template", "shandong-2022", "application", "-o", "{out}"], False),
    "export": (["export", "shandong-2022", "-o", "{out}"], True),
    "new-edition": (["new-edition", "x-2031", "--from", "shandong-2022", "-o", "{out}"], True),
    "check --report": (["check", "shandong-2022", "{inbox}", "--report", "{out}"], True),
    "check --export-envelopes": (
        ["check", "shandong-2022", "{inbox}", "--export-envelopes", "{out}"],
        True,
    ),
    "demo": (["demo", "-o", "{out}"], True),
}


def _argv(name: str, tmp_path: Path, out: Path | str) -> list[str]:
    inbox = tmp_path / "inbox"
    if not inbox.exists():
        inbox.mkdir()
        (inbox / "a.json").write_text(json.dumps(APPLICATION, ensure_ascii=False), "utf-8")
    argv = [a.format(out=out, inbox=inbox) for a in COMMANDS[name][0]]
    if argv[0] == "check":
        argv += ["--now", NOW.isoformat()]
    return [*argv, "--lang", "en"]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("name", COMMANDS)
def test_the_missing_folders_above_an_output_are_made(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "not" / "yet" / ("out" if COMMANDS[name][1] else "out.docx")
    code, err = _run(capsys, _argv(name, tmp_path, out))
    assert code in (0, 1), err  # (1: the check found errors)
    assert out.is_dir() == COMMANDS[name][1]
    assert out.exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_a_file_in_the_way_is_named_and_nothing_is_made(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    _argv(name, tmp_path, blocker)  # (the inbox made first)
    before = _tree(tmp_path)
    out = blocker / "sub" / ("out" if COMMANDS[name][1] else "out.docx")
    code, err = _run(capsys, _argv(name, tmp_path, out))
    assert code == 2
    assert err.rstrip().endswith("[cli.cannot-write]"), err
    assert "a part of the path is not a folder" in err, err
    assert _tree(tmp_path) == before
    assert blocker.read_text(encoding="utf-8") == "in the way"


@pytest.mark.parametrize(
    ("name", "force"),
    [
        *((n, False) for n, (_, folder) in COMMANDS.items() if folder),
        ("export", True),
        ("new-edition", True),
    ],
)
def test_a_file_where_a_folder_is_written_is_refused(
    name: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--force replaces what the command writes, never a file with a folder
    (new-edition --force replaced it with the package)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    argv = _argv(name, tmp_path, blocker) + (["--force"] if force else [])
    code, err = _run(capsys, argv)
    assert code == 2
    assert err.rstrip().endswith("[cli.cannot-write]"), err
    assert "a-file: not a folder" in err
    assert blocker.read_text(encoding="utf-8") == "in the way"


#: A link to nothing, or a loop of links, in the way of an output: what
#: each command says of it (it said "it exists already" of a path that does
#: not exist).
LINKS = {
    "gone": "it is a link to nothing (its target does not exist)",
    "gone/sub": "a part of the path is a link to nothing (its target does not exist)",
    "loop/sub": "too many levels of symbolic links",
}


@pytest.mark.parametrize(
    ("name", "where"),
    [(n, w) for n, (_, folder) in COMMANDS.items() for w in LINKS if folder or "/" in w],
)
def test_a_link_to_nothing_in_the_way_is_said_to_be_one(
    name: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    _argv(name, tmp_path, tmp_path)  # (the inbox made first)
    before = _tree(tmp_path)
    out = tmp_path / where
    if not COMMANDS[name][1]:
        out = out / "out.docx"
    code, err = _run(capsys, _argv(name, tmp_path, out))
    assert code == 2
    assert err.rstrip().endswith(f"{out}: {LINKS[where]} [cli.cannot-write]"), err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("name", ["render", "template"])
@pytest.mark.parametrize("force", [False, True])
def test_a_folder_where_a_file_is_written_is_refused(
    name: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    argv = _argv(name, tmp_path, folder) + (["--force"] if force else [])
    code, err = _run(capsys, argv)
    assert code == 2
    assert err.rstrip().endswith("[cli.cannot-write]"), err
    assert "it is a folder" in err
    assert folder.is_dir() and not any(folder.iterdir())


@pytest.mark.parametrize("name", ["render", "template"])
@pytest.mark.parametrize("given", ["out/", "out.docx/", "new/out/"])
@pytest.mark.parametrize("force", [False, True])
def test_an_output_file_written_as_a_folder_is_refused(
    name: str, given: str, force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o out/`` names a folder: it was written as the file ``out``."""
    out = f"{tmp_path}/{given}"
    argv = _argv(name, tmp_path, out) + (["--force"] if force else [])
    before = _tree(tmp_path)
    code, err = _run(capsys, argv)
    assert code == 2
    assert err.rstrip().endswith(
        f"{out}: it ends with '/' and so names a folder, where a file is written [cli.cannot-write]"
    ), err
    assert _tree(tmp_path) == before


def test_fetch_mail_names_a_file_in_the_way_before_it_connects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("RB_TEST_PASSWORD", "x")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    for out, reason in (
        (blocker / "mail", "a part of the path is not a folder"),
        (blocker, "not a folder"),
        (tmp_path / "gone", LINKS["gone"]),
        (tmp_path / "gone" / "mail", LINKS["gone/sub"]),
    ):
        argv = ["fetch-mail", "--host", "127.0.0.1", "--port", "9", "--user", "u"]
        argv += ["--password-env", "RB_TEST_PASSWORD", "-o", str(out), "--lang", "en"]
        code, err = _run(capsys, argv)
        assert code == 2
        assert reason in err and "[cli.usage]" in err, err
    assert _tree(tmp_path) == ["a-file", "gone"]


#: Where the folders an output needs are made: ``new/../made`` makes
#: ``new`` and ``made`` (the removal stopped at ``new/..`` and left ``new``).
MADE = ["new/deeper", "new/../made/deeper"]


@pytest.mark.parametrize("made", MADE)
@pytest.mark.parametrize("name", ["render", "template", "export"])
def test_a_write_that_fails_leaves_no_file_and_no_folder_it_made(
    name: str,
    made: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / made / ("out" if COMMANDS[name][1] else "out.docx")
    calls: list[int] = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 1 or name != "export":  # export: the second file fails
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    argv = _argv(name, tmp_path, out)
    before = _tree(tmp_path)
    code, err = _run(capsys, argv)
    assert code == 2
    assert "[cli.cannot-write]" in err and "no space left" in err, err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("name", COMMANDS)
def test_a_named_pipe_is_never_replaced_with_force_neither(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rename that puts an output in place put it in place of a device
    or a pipe (``template -o /dev/null --force`` run as root replaced
    /dev/null with a Word file; ``new-edition --force`` moved it aside)."""
    pipe = tmp_path / "a-pipe"
    os.mkfifo(pipe)
    argv = _argv(name, tmp_path, pipe)
    if name in ("render", "template", "export", "new-edition"):
        argv.append("--force")
    code, err = _run(capsys, argv)
    assert code == 2
    assert err.rstrip().endswith("[cli.cannot-write]"), err
    reason = "not a folder" if COMMANDS[name][1] else "not a regular file"
    assert reason in err, err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    ("name", "breaks"),
    [
        ("check --report", "reform_brand.office._outputs.write_roster_xlsx"),
        ("demo", "reform_brand.office._outputs.write_roster_xlsx"),
        ("check --export-envelopes", "reform_brand.office._export._write"),
    ],
)
@pytest.mark.parametrize("made", MADE)
def test_a_folder_output_that_fails_leaves_no_folder_it_made(
    name: str,
    breaks: str,
    made: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _argv(name, tmp_path, tmp_path)  # (the inbox made first)
    before = _tree(tmp_path)
    monkeypatch.setattr(breaks, _full)
    out = tmp_path / made / "out"
    code, err = _run(capsys, _argv(name, tmp_path, out))
    assert code == 2
    assert "[cli.cannot-write]" in err and "no space left" in err, err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("name", ["check --report", "demo"])
@pytest.mark.parametrize(
    ("entry", "reason"), [("report.json", "it is a folder"), ("forms", "not a folder")]
)
def test_an_entry_of_the_report_folder_in_the_way_is_named_and_nothing_moved_in(
    name: str, entry: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder where report.json goes (a file where forms/ goes): the other
    files were moved in first, a report half replaced, and the folder named
    instead of what is in the way."""
    out = tmp_path / "out"
    out.mkdir()
    if entry == "forms":
        (out / entry).write_text("mine", encoding="utf-8")
    else:
        (out / entry).mkdir()
    argv = _argv(name, tmp_path, out)
    before = _tree(tmp_path)
    code, err = _run(capsys, argv)
    assert code == 2
    assert err.rstrip().endswith(f"{out / entry}: {reason} [cli.cannot-write]"), err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize(
    ("kind", "reason"), [("pipe", "not a regular file"), ("folder", "it is a folder")]
)
def test_export_force_never_replaces_a_pipe_or_a_folder_in_its_folder(
    kind: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """export --force put its file in place of a named pipe of the folder
    (render never replaces one); a folder in the way is said before a file
    is written."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "application.docx").write_text("mine", encoding="utf-8")
    blocker = out / "submission.schema.json"
    if kind == "pipe":
        os.mkfifo(blocker)
    else:
        blocker.mkdir()
    code, err = _run(capsys, [*_argv("export", tmp_path, out), "--force"])
    assert code == 2
    assert err.rstrip().endswith(f"{blocker}: {reason} [cli.cannot-write]"), err
    assert (out / "application.docx").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["application.docx", blocker.name]
