"""``reform-brand render``, ``export`` and ``template``."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from reform_brand import Edition
from reform_brand.cli import main
from tests.render.conftest import read_docx


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _render_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, *extra: str
) -> tuple[int, str, Path]:
    """``render`` of the application form with ``content`` as its data file
    (``d.json``) into ``o.docx``: the exit code, the standard error and the
    output's path."""
    data = tmp_path / "d.json"
    data.write_bytes(content)
    out = tmp_path / "o.docx"
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-d", str(data), "-o", str(out), *extra
    )
    return code, err, out


def _write(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_render_blank_and_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edition: Edition
) -> None:
    blank = tmp_path / "blank.docx"
    assert _run(capsys, "render", "shandong-2022", "application", "-o", str(blank))[0] == 0
    data = _write(
        tmp_path / "d.json", {"project_name": "数字科普 & <公园>", "contact": {"name": "张明"}}
    )
    filled = tmp_path / "filled.docx"
    code, out, _ = _run(
        capsys, "render", "shandong-2022", "application", "-d", str(data), "-o", str(filled)
    )
    assert code == 0
    assert str(filled) in out
    back = read_docx(filled.read_bytes(), edition.form("application"))
    assert back["project_name"] == "数字科普 & <公园>"
    assert back["contact"]["name"] == "张明"


def test_render_takes_a_whole_submission(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edition: Edition,
) -> None:
    envelope = {
        "edition": "shandong-2022",
        "form": "recommendation",
        "unit": {"name": "省科协科普部", "kind": "department"},
        "data": {"recommended_unit": "山东省科技馆", "recommendation_reason": "一\n二"},
    }
    data = _write(tmp_path / "s.json", envelope)
    out = tmp_path / "r.docx"
    code, _, err = _run(
        capsys, "render", "shandong-2022", "recommendation", "-d", str(data), "-o", str(out)
    )
    assert code == 0, err
    back = read_docx(out.read_bytes(), edition.form("recommendation"))
    assert back["recommendation_reason"] == "一\n二"
    # The envelope names another form: refused.
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-d", str(data), "-o", str(out), "--force"
    )
    assert code == 2
    assert "recommendation" in err


@pytest.mark.parametrize(
    ("fmt", "suffix", "start"), [("md", ".md", b"\xe9\x99\x84"), ("html", ".html", b"<!DOCTYPE")]
)
def test_format_from_option_or_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str, start: bytes
) -> None:
    by_suffix = tmp_path / f"a{suffix}"
    assert _run(capsys, "render", "shandong-2022", "application", "-o", str(by_suffix))[0] == 0
    assert by_suffix.read_bytes().startswith(start)
    by_option = tmp_path / "b.out"
    args = ("render", "shandong-2022", "application", "-o", str(by_option), "--format", fmt)
    assert _run(capsys, *args)[0] == 0
    assert by_option.read_bytes() == by_suffix.read_bytes()


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"precious")
    code, _, err = _run(capsys, "render", "shandong-2022", "application", "-o", str(out))
    assert code == 2
    assert "--force" in err
    assert out.read_bytes() == b"precious"
    code, _, _ = _run(capsys, "render", "shandong-2022", "application", "-o", str(out), "--force")
    assert code == 0
    assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs[0].text == "附件 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_write_is_atomic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-o", str(out), "--force", "--lang", "en"
    )
    assert code == 2
    assert "cannot write" in err and err.rstrip().endswith("[cli.cannot-write]")
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{not json", "JSON"),
        (b"\xff\xfe\x00", "cannot read"),
        (b"[1, 2]", "object"),
        (b'{"nope": 1}', "nope"),
        (b'{"project_name": {"a": 1}}', "project_name"),
        (b'{"contact": "x"}', "contact"),
    ],
)
def test_bad_data_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    code, err, out = _render_bytes(capsys, tmp_path, content, "--lang", "en")
    assert code == 2
    assert needle in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json"]


@pytest.mark.parametrize(
    ("content", "column"),
    [
        (b'{"project_name": NaN}', 18),
        (b'{"project_name": Infinity}', 18),
        (b'{"applicant_unit": "a",\n "project_name": -Infinity}', 18),
        (b'{"project_name": 1e999}', 18),
        (b'{"project_name": ' + b"1" * 5000 + b"}", 18),
    ],
    ids=["nan", "infinity", "minus-infinity", "out-of-range", "5000-digits"],
)
def test_a_number_that_is_no_json_number_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, column: int
) -> None:
    # Python's parser reads them (the form would print "nan" or "inf"), or
    # raises a ValueError of its own (an integer of 5,000 digits, once an
    # internal error); a submission file holding one is refused too.
    code, err, out = _render_bytes(capsys, tmp_path, content)
    assert code == 2
    line = content.count(b"\n") + 1
    assert err.rstrip().endswith("[cli.data-json]")
    assert f"第 {line} 行第 {column} 列" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b'{"project_name": "a", "project_name": "b"}', "project_name"),
        (b'{"contact": {"name": "A", "mobile": "1", "name": "B"}}', "name"),
        (b'{"form": "application", "data": {}, "data": {"project_name": "b"}}', "data"),
    ],
    ids=["top", "group", "envelope"],
)
def test_a_key_given_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, key: str
) -> None:
    # Python's parser keeps the last value: the first would be lost
    # without a word.
    code, err, out = _render_bytes(capsys, tmp_path, content)
    assert code == 2
    assert err.rstrip().endswith("[cli.data-duplicate-key]")
    assert f"“{key}”" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "value",
    [None, [1, 2], "text", 3, {"form": "application", "data": None}],
    ids=["null", "array", "string", "number", "envelope-with-null-data"],
)
def test_data_that_is_not_an_object_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    data = _write(tmp_path / "d.json", value)
    out = tmp_path / "o.md"
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-d", str(data), "-o", str(out)
    )
    assert code == 2
    assert "[render.data-not-object]" in err.splitlines()[-1]
    assert not out.exists()


@pytest.mark.parametrize(
    ("value", "pointers"),
    [
        ({"form": "application", "data": None}, ["/data"]),
        ({"form": "application", "data": [1]}, ["/data"]),
        (
            {"form": "application", "data": {"x/y": 1, "project_name": True}},
            ["/data/x~1y", "/data/project_name"],
        ),
        (
            {"form": "application", "data": {"contact": {"name": 1.5, "mobile": []}}},
            ["/data/contact/mobile"],
        ),
        ({"project_name": True}, ["/project_name"]),
        ([1], ["/"]),
    ],
    ids=["null-data", "array-data", "fields", "group", "no-envelope", "no-envelope-root"],
)
def test_a_problem_in_an_envelope_points_into_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object, pointers: list[str]
) -> None:
    """The data file's JSON pointers lead to the value in that file: in a
    submission envelope the form data is under /data."""
    data = _write(tmp_path / "d.json", value)
    out = tmp_path / "o.md"
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-d", str(data), "-o", str(out)
    )
    assert code == 2
    assert re.findall(r"d\.json: (\S+): ", err) == pointers
    assert not out.exists()


def _render_in_a_process(
    tmp_path: Path, data: str, *, pass_fds: tuple[int, ...] = (), shell: bool = False
) -> subprocess.Popen[str]:
    """``reform-brand render`` of the application to tmp_path/o.md with
    ``-d data`` (through bash when ``shell``: data is then a bash word)."""
    argv = [sys.executable, "-m", "reform_brand", "render", "shandong-2022", "application"]
    argv += ["-o", str(tmp_path / "o.md")]
    if shell:
        command = " ".join(shlex.quote(a) for a in argv) + " -d " + data
        return subprocess.Popen(
            ["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.Popen(
        [*argv, "-d", data],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=pass_fds,
    )


def _finished(proc: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("render blocked on its data file")
    assert "Traceback" not in err
    return proc.returncode, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "d.json"
    os.mkfifo(fifo)
    code, err = _finished(_render_in_a_process(tmp_path, str(fifo)))
    assert code == 2
    assert err.strip().endswith("[cli.data-not-a-file]")
    assert not (tmp_path / "o.md").exists()


@pytest.mark.parametrize("late", [False, True], ids=["written-at-once", "written-later"])
def test_a_pipe_given_as_dev_fd_is_read(tmp_path: Path, late: bool) -> None:
    read_end, write_end = os.pipe()
    data = json.dumps({"project_name": "管道里的项目"}).encode("utf-8")
    if not late:
        os.write(write_end, data)
        os.close(write_end)
    proc = _render_in_a_process(tmp_path, f"/dev/fd/{read_end}", pass_fds=(read_end,))
    os.close(read_end)
    if late:
        # The command waits for a writer that exists, as a reader of a pipe does.
        time.sleep(0.5)
        os.write(write_end, data)
        os.close(write_end)
    code, err = _finished(proc)
    assert code == 0, err
    assert "管道里的项目" in (tmp_path / "o.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_a_process_substitution_is_read(tmp_path: Path) -> None:
    data = shlex.quote(json.dumps({"project_name": "x-from-bash"}))
    code, err = _finished(_render_in_a_process(tmp_path, f"<(echo {data})", shell=True))
    assert code == 0, err
    assert "x-from-bash" in (tmp_path / "o.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("what", ["folder", "device"])
def test_data_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    data = str(tmp_path) if what == "folder" else os.devnull
    out = tmp_path / "o.md"
    code, _, err = _run(
        capsys, "render", "shandong-2022", "application", "-d", data, "-o", str(out)
    )
    assert code == 2
    assert err.strip().endswith("[cli.data-not-a-file]")
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "no-such-edition", "application", "-o", "x.docx"],
        ["render", "shandong-2022", "no-such-form", "-o", "x.docx"],
        ["render", "shandong-2022", "application", "-o", "x.pdf", "--format", "pdf"],
        ["render", "shandong-2022", "application", "-d", "missing.json", "-o", "x.docx"],
        ["render", "shandong-2022", "application", "-o", "."],
        ["render", "shandong-2022", "application"],
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err.strip()
    assert not any(tmp_path.iterdir())


def test_export_writes_every_file_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "forms"
    assert _run(capsys, "export", "shandong-2022", "-o", str(target))[0] == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == sorted(
        [
            *(
                f"{f}.{ext}"
                for f in ("application", "recommendation")
                for ext in ("schema.json", "ui.json", "docx", "md")
            ),
            "submission.schema.json",
            "annotations.meta.schema.json",
        ]
    )
    schema = json.loads((target / "application.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    code, _, err = _run(capsys, "export", "shandong-2022", "-o", str(target))
    assert code == 2
    assert "--force" in err
    assert _run(capsys, "export", "shandong-2022", "-o", str(target), "--force")[0] == 0
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


def test_template_command_saves_an_editable_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "application.docx"
    assert _run(capsys, "template", "shandong-2022", "application", "-o", str(out))[0] == 0
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert any("{{ p_ }}" in c for c in cells)
    assert "{{ applicant_unit }}" in doc.paragraphs[2].text


@pytest.mark.parametrize("name", ["application.md", "application.html", "application.pdf"])
def test_template_command_writes_word_bytes_under_a_word_name_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # The template is a .docx: under another format's suffix it would be a
    # file named for what it is not, as `render` refuses too.
    out = tmp_path / name
    code, _, err = _run(capsys, "template", "shandong-2022", "application", "-o", str(out))
    assert code == 2
    assert err.rstrip().endswith("[render.unknown-format]")
    assert not out.exists()
    for ok in ("application.DOCX", "application"):
        assert (
            _run(capsys, "template", "shandong-2022", "application", "-o", str(tmp_path / ok))[0]
            == 0
        )
        assert (tmp_path / ok).read_bytes()[:2] == b"PK"


def test_template_command_takes_an_edition_being_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As every command that takes EDITION: an edition's data directory, or
    the package that new-edition wrote."""
    from tests.conftest import REFERENCE_DATA

    data = tmp_path / "pkg" / "src" / "reform_brand_x" / "data"
    shutil.copytree(REFERENCE_DATA, data)
    (tmp_path / "pkg" / "pyproject.toml").write_text("", encoding="utf-8")
    for arg in (str(data), str(tmp_path / "pkg")):
        out = tmp_path / "application.docx"
        assert _run(capsys, "template", arg, "application", "-o", str(out), "--force")[0] == 0
        assert out.read_bytes()[:2] == b"PK"
    code, _, err = _run(capsys, "template", str(tmp_path / "nowhere"), "application", "-o", "x")
    assert (code, err.strip().endswith("[cli.not-a-directory]")) == (2, True)


def test_a_suffix_no_renderer_writes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand.cli import main

    out = tmp_path / "form.csv"
    assert main(["render", "shandong-2022", "application", "-o", str(out)]) == 2
    assert "[render.unknown-format]" in capsys.readouterr().err
    assert not out.exists()
    assert main(["render", "shandong-2022", "application", "-o", str(tmp_path / "form")]) == 0
    assert (tmp_path / "form").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("given", ["same", "dot", "stdin"])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_the_data_file_is_never_the_output(
    given: str,
    force: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``render -d d.json -o d.json --force`` replaced the data with the
    form (by another name of it too, or read from it as standard input)."""
    data = _write(tmp_path / "d.json", {"project_name": "x"})
    before = data.read_bytes()
    monkeypatch.chdir(tmp_path)
    spec = {"same": "d.json", "dot": str(data), "stdin": "-"}[given]
    with data.open("rb") as held:
        if given == "stdin":
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(held))
        for lang in ("zh", "en"):
            held.seek(0)
            argv = ["render", "shandong-2022", "application", "-d", spec, "-o", "./d.json"]
            code, _, err = _run(capsys, *argv, "--format", "md", *force, "--lang", lang)
            assert code == 2
            assert err.rstrip().endswith("[cli.render.data-is-output]"), err
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.json"]
