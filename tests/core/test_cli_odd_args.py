"""Odd command lines: each is a usage error in the language of the command
line with its code (exit 2), never a traceback, an internal error or a
file written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reform_brand.cli import build_parser, main

#: An empty string where an edition, a path or a folder is given: it was
#: taken for the current folder (``export -o ''`` wrote into it, ``suggest
#: ''`` read it, ``show ''`` loaded it as an edition).
EMPTY = [
    ["show", ""],
    ["schema", "", "application"],
    ["lint", ""],
    ["diff", "", "shandong-2022"],
    ["diff", "shandong-2022", ""],
    ["render", "", "application", "-o", "x.docx"],
    ["render", "shandong-2022", "application", "-o", ""],
    ["render", "shandong-2022", "application", "-d", "", "-o", "x.docx"],
    ["template", "shandong-2022", "application", "-o", ""],
    ["export", "shandong-2022", "-o", ""],
    ["export", "", "-o", "out"],
    ["new-edition", "x-2031", "--from", "", "-o", "out"],
    ["new-edition", "x-2031", "--from", "shandong-2022", "-o", ""],
    ["check", "shandong-2022", ""],
    ["check", "", "."],
    ["check", "shandong-2022", "--files-from", ""],
    ["check", "shandong-2022", ".", "--report", ""],
    ["check", "shandong-2022", ".", "--export-envelopes", ""],
    ["read", "shandong-2022", ""],
    ["suggest", "shandong-2022", ""],
    ["demo", ""],
    ["demo", "-o", ""],
    ["fetch-mail", "--host", "h", "--user", "u", "-o", ""],
    ["fetch-mail", "--host", "h", "--user", "u", "-o", "m", "--cafile", ""],
    # A name left out: the suffix's format, a password asked for, or an
    # empty name sent to the server.
    ["render", "shandong-2022", "application", "--format", "", "-o", "x.docx"],
    ["fetch-mail", "--host", "h", "--user", "", "-o", "m"],
    ["fetch-mail", "--host", "h", "--user", "u", "--folder", "", "-o", "m"],
    ["fetch-mail", "--host", "h", "--user", "u", "--password-env", "", "-o", "m"],
]


@pytest.mark.parametrize("argv", EMPTY, ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_edition_or_path_is_a_usage_error(
    argv: list[str],
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "edition.toml").write_text("", encoding="utf-8")  # what '' would load
    before = sorted(os.listdir(tmp_path))
    code = main([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    assert code == 2
    last = err.rstrip().splitlines()[-1]
    assert last.endswith("[cli.usage]"), err
    assert ("must not be empty" if lang == "en" else "不能为空") in last, err
    assert "Traceback" not in out + err
    assert sorted(os.listdir(tmp_path)) == before


#: A name longer than any file system takes (the system refuses it with
#: ENAMETOOLONG, which a look at the path raised as an internal error).
LONG = "x" * 300

TOO_LONG = [
    ["show", f"./{LONG}"],
    ["lint", f"./{LONG}"],
    ["diff", f"./{LONG}", "shandong-2022"],
    ["render", f"./{LONG}", "application", "-o", "x.docx"],
    ["render", "shandong-2022", "application", "-o", f"{LONG}.docx"],
    ["render", "shandong-2022", "application", "-d", LONG, "-o", "x.docx"],
    ["template", "shandong-2022", "application", "-o", LONG],
    ["export", "shandong-2022", "-o", LONG],
    ["new-edition", "x-2031", "--from", "shandong-2022", "-o", LONG],
    ["check", "shandong-2022", LONG],
    ["check", "shandong-2022", "--files-from", LONG],
    ["check", "shandong-2022", "inbox", "--report", LONG],
    ["check", "shandong-2022", "inbox", "--export-envelopes", LONG],
    ["read", "shandong-2022", LONG],
    ["suggest", "shandong-2022", LONG],
    ["demo", "-o", LONG],
    ["fetch-mail", "--host", "h", "--user", "u", "--password-env", "RB_TEST_PW", "-o", LONG],
]


@pytest.mark.parametrize("argv", TOO_LONG, ids=lambda a: " ".join(a).replace(LONG, "LONG"))
def test_a_name_too_long_is_said_with_its_path(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RB_TEST_PW", "x")
    (tmp_path / "inbox").mkdir()
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in out + err and "[cli.internal]" not in err
    last = err.rstrip().splitlines()[-1]
    assert "the file name is too long" in last, err
    if argv[0] == "check" and argv[2] == LONG:
        # (check's PATH: a name too long is no path that names nothing.)
        assert last.endswith("[cli.bad-path]"), err
    assert "no such file or folder" not in err
    assert LONG in last
    assert sorted(os.listdir(tmp_path)) == ["inbox"]


CONFLICTS = [
    # Markdown in a .docx (Word cannot open it), Word bytes in a .md.
    ["render", "shandong-2022", "application", "--format", "md", "-o", "x.docx"],
    ["render", "shandong-2022", "application", "--format", "docx", "-o", "x.MD"],
    ["render", "shandong-2022", "application", "--format", "html", "-o", "x.md"],
    # A page is the filler's: no UI schema alone, no other role's page.
    ["schema", "shandong-2022", "application", "--page", "--ui"],
    ["schema", "shandong-2022", "application", "--page", "--role", "issuer"],
]


@pytest.mark.parametrize("argv", CONFLICTS, ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_conflicting_options_are_a_usage_error(
    argv: list[str],
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    last = err.rstrip().splitlines()[-1]
    assert last.endswith("[cli.usage]"), err
    assert ("usage error" in last) == (lang == "en")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("fmt", "name"), [("md", "x.markdown"), ("md", "x.MD"), ("docx", "x"), ("html", "x.htm")]
)
def test_a_format_with_a_suffix_no_other_format_writes_is_rendered(
    fmt: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    argv = ["render", "shandong-2022", "application", "--format", fmt, "-o", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    assert out.read_bytes().startswith(b"PK") == (fmt == "docx")


@pytest.mark.parametrize(
    ("fmt", "name", "docx"), [("MD", "x", False), ("Md", "x.md", False), ("DOCX", "x", True)]
)
def test_a_format_is_taken_in_any_case(
    fmt: str, name: str, docx: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / name
    argv = ["render", "shandong-2022", "application", "--format", fmt, "-o", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"PK") == docx
    assert os.listdir(tmp_path) == [name]


def test_a_format_in_another_case_still_conflicts_with_the_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    argv = ["render", "shandong-2022", "application", "--format", "MD", "-o", str(out)]
    assert main([*argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("[cli.usage]")
    assert os.listdir(tmp_path) == []


def test_a_value_of_a_list_of_choices_is_taken_in_any_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["schema", "shandong-2022", "application", "--role", "Issuer", "--lang", "EN"]
    assert main(argv) == 0, capsys.readouterr().err
    args = build_parser("en").parse_args(argv)
    assert (args.role, args.lang) == ("issuer", "en")
    # The help shows the canonical values.
    assert "{zh,en}" in build_parser("en").format_help()


def test_a_command_name_is_not_taken_in_another_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["SHOW", "shandong-2022", "--lang", "en"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("[cli.usage]")


def test_the_language_is_taken_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--lang", "EN"]) == 2
    assert "usage error" in capsys.readouterr().err


DASH_OUTPUT = [
    ["render", "shandong-2022", "application", "--format", "md", "-o", "-"],
    ["render", "shandong-2022", "application", "--format", "html", "--output=-"],
    ["render", "shandong-2022", "application", "-o", "-"],
    ["template", "shandong-2022", "application", "-o", "-"],
    # The commands whose output is a folder made a folder named "-".
    ["export", "shandong-2022", "-o", "-"],
    ["export", "shandong-2022", "--output=-", "--force"],
    ["new-edition", "x-2023", "--from", "shandong-2022", "-o", "-"],
    ["demo", "-o", "-"],
    ["fetch-mail", "--host", "localhost", "--user", "u", "-o", "-"],
    ["check", "shandong-2022", ".", "--report", "-"],
    ["check", "shandong-2022", ".", "--export-envelopes", "-"],
]


@pytest.mark.parametrize("argv", DASH_OUTPUT, ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_output_given_as_a_dash_is_a_usage_error(
    argv: list[str],
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reform_brand.i18n import render

    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--lang", lang]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    last = err.rstrip().splitlines()[-1]
    assert last.endswith("[cli.usage]"), err
    assert render("cli.dash-output", {}, lang) in last
    assert os.listdir(tmp_path) == []


def test_a_file_named_dash_is_written_as_dot_slash_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["render", "shandong-2022", "application", "--format", "md", "-o", "./-"]
    assert main(argv) == 0, capsys.readouterr().err
    assert os.listdir(tmp_path) == ["-"]
    assert "\n# " in (tmp_path / "-").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["257", "99999999999999999999"])
def test_a_number_of_workers_past_the_limit_is_a_usage_error(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every worker is started at once: a mistyped --jobs started them all."""
    code = main(["check", "shandong-2022", str(tmp_path), "--jobs", jobs, "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.rstrip().endswith(f"--jobs is at most 256, not {jobs} [cli.usage]"), err


def test_the_most_workers_are_taken() -> None:
    from reform_brand.cli import build_parser

    args = build_parser("en", "check").parse_args(["check", "x", "p", "--jobs", "256"])
    assert args.jobs == 256


@pytest.mark.parametrize(
    "argv", [["show", "a-file"], ["lint", "a-file"], ["diff", "a-file", "shandong-2022"]]
)
def test_a_file_given_for_an_edition_is_said_to_be_no_data_directory(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not "unknown edition 'a-file'": the file is there, and is no folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(
        "a-file is not a directory (give an installed edition id or an "
        "edition data directory) [cli.not-a-directory]"
    ), err


@pytest.mark.parametrize("name", ["loop", "./loop"])
@pytest.mark.parametrize("argv", [["show", "{}"], ["lint", "{}"], ["diff", "{}", "shandong-2022"]])
def test_a_loop_of_links_given_for_an_edition_is_said_as_such(
    argv: list[str],
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not "unknown edition 'loop'" nor "not a directory": the system
    refuses the path, as ``check`` says of an inbox given so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("again")
    (tmp_path / "again").symlink_to("loop")
    assert main([*(a.format(name) for a in argv), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(
        f"cannot use the path {name}: too many levels of symbolic links [cli.bad-path]"
    ), err


@pytest.mark.parametrize("command", ["read", "suggest", "check"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_link_to_nothing_given_alone_is_a_usage_error(
    command: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """read and suggest took a link whose target is gone for a file, and
    failed to read it (read.unreadable, exit 1); check said what it is."""
    from reform_brand.i18n import render

    link = tmp_path / "form.docx"
    link.symlink_to(tmp_path / "gone.docx")
    assert main([command, "shandong-2022", str(link), "--lang", lang]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    last = err.rstrip().splitlines()[-1]
    assert last.endswith(render("cli.check.link-to-nothing", {"path": link}, lang) + " [cli.usage]")


@pytest.mark.parametrize("command", ["read", "suggest", "check"])
def test_a_loop_of_links_given_alone_is_a_bad_path(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "loop"
    link.symlink_to(link)
    assert main([command, "shandong-2022", str(link), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith("[cli.bad-path]"), err
    assert str(link) in err


def test_a_link_to_nothing_among_paths_is_suggest_s_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As check makes it a finding of its own, suggest reports it and goes on."""
    import json

    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "nowhere.json")
    other = tmp_path / "a.json"
    other.write_text("{}", encoding="utf-8")
    assert main(["suggest", "shandong-2022", str(link), str(other), "--json"]) == 1
    got = json.loads(capsys.readouterr().out)["submissions"]
    assert [s["path"] for s in got] == [str(link), str(other)]
    assert got[0]["problem"]["code"] == "file.unreadable"


@pytest.mark.parametrize(
    "order",
    [
        ["--json", "{a}", "{b}"],
        ["{a}", "--json", "{b}"],
        ["--json", "--", "{a}", "{b}"],
    ],
)
def test_the_paths_of_check_may_follow_its_options(
    order: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check EDITION --report DIR inbox``: the PATHs after an option were
    refused as unrecognized arguments (exit 2, under the usage of the
    command line, not of check), where suggest takes them so."""
    import json

    a, b = tmp_path / "-a.json", tmp_path / "b.json"
    for path in (a, b):
        path.write_text("{}", encoding="utf-8")
    argv = [x.format(a=a, b=b) for x in order]
    assert main(["check", "shandong-2022", "--now", "2022-08-22T09:00+08:00", *argv]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [s["file"] for s in report["submissions"]] == [str(a), str(b)]


def test_an_option_check_does_not_have_after_its_paths_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    assert main(["check", "shandong-2022", "--json", str(path), "--bogus", "x"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith("[cli.usage]")
    # Under the usage of check, not of the whole command line.
    assert err.startswith("用法：reform-brand check "), err


def test_an_argument_a_command_does_not_take_is_said_under_its_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "shandong-2022", "extra", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: reform-brand show "), err
    assert "unrecognized arguments: extra [cli.usage]" in err
