"""`reform-brand check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reform_brand._schemas import validator as shipped_validator
from reform_brand.cli import main
from tests.validation.helpers import EXAMPLES, Envelope

NOW = "2022-08-25T00:00:00+08:00"


def write(folder: Path, name: str, env: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def clean(folder: Path, application: Envelope) -> Path:
    write(folder, "a.json", application)
    return folder


def _envelopes(folder: Path) -> list[str]:
    """The JSON files of ``folder``: checked as files, a JSON batch (the folder
    itself would be an inbox, with its spare attachments as received files)."""
    return sorted(str(p) for p in folder.glob("*.json"))


def test_clean_batch_exits_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "shandong-2022", *_envelopes(clean), "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert "济南市科协" in out and "合计：1 份申报" in out


def test_the_time_of_the_check_is_written_as_the_notice_writes_a_time(
    clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The header's time of the check is on the office's clock: in Chinese
    as the notice writes a time (never an ISO 8601 instant), in English as
    ISO 8601 with the offset."""
    files = _envelopes(clean)
    assert main(["check", "shandong-2022", *files, "--now", "2022-08-24T17:30:00Z"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "2022年8月25日 01:30（北京时间）" in first
    assert "T" not in first.partition("：")[2]
    args = ["check", "shandong-2022", *files, "--now", "2022-08-24T17:30:00Z", "--lang", "en"]
    assert main(args) == 0
    assert "2022-08-25T01:30:00+08:00" in capsys.readouterr().out.splitlines()[0]


def test_errors_exit_1_and_are_grouped_by_unit(
    clean: Path, application: Envelope, capsys: pytest.CaptureFixture[str]
) -> None:
    del application["data"]["project_name"]
    application["id"] = "s2"
    write(clean, "b.json", application)
    assert main(["check", "shandong-2022", *_envelopes(clean), "--now", NOW, "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "form.required /data/project_name" in out
    assert out.strip().splitlines()[-1].startswith("Total: 2 submission(s), 1 with errors")


def test_warnings_only_exit_0_and_strict_exits_1(
    folder: Path, application: Envelope, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(4):
        application["id"] = f"s{i}"
        application["data"]["project_name"] = f"项目 {i}"
        write(folder, f"{i}.json", application)
    assert main(["check", "shandong-2022", *_envelopes(folder), "--now", NOW]) == 0
    assert "quota.exceeded" in capsys.readouterr().out
    assert main(["check", "shandong-2022", *_envelopes(folder), "--now", NOW, "--strict"]) == 1


def test_json_output_follows_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "shandong-2022", str(EXAMPLES), "--json", "--now", NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    assert list(shipped_validator("report").iter_errors(report)) == []
    assert report["format"] == "reform-brand-report" and report["version"] == 1
    assert report["evaluated_at"] == NOW
    assert {f["code"] for f in report["findings"]} == {
        "quota.exceeded",
        "batch.duplicate-id",
        "material.too-long",
        "material.missing",
        "inbox.unknown-file",  # README.md
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "shandong-2022"],
        ["check", "shandong-2022", "/no/such/path"],
        ["check", "shandong-2022", ".", "--now", "yesterday"],
        ["check", "shandong-2022", ".", "--now", "2022-08-25T00:00:00"],
        ["check", "no-such-edition", "."],
        ["check", "shandong-2022", ".", "--lang", "fr"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_bad_files_never_give_a_traceback(
    tmp_path: Path, application: Envelope, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "ex")
    (tmp_path / "ex" / "deep.json").write_bytes(b"[" * 10_000 + b"]" * 10_000)
    (tmp_path / "ex" / "binary.json").write_bytes(bytes(range(256)))
    assert main(["check", "shandong-2022", str(tmp_path / "ex"), "--now", NOW]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "envelope.too-deep" in captured.out and "file.encoding" in captured.out


def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "shandong-2022", str(tmp_path)]) == 0
    assert "*.json" in capsys.readouterr().err


def test_a_file_given_twice_is_checked_once(
    clean: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``a.json`` beside ``*.json``, the same file by another path, a link
    to it: one submission, not three that supersede each other."""
    a = clean / "a.json"
    link = tmp_path / "link.json"
    link.symlink_to(a)
    listed = tmp_path / "list.txt"
    listed.write_text(f"{a}\n", encoding="utf-8")
    argv = ["check", "shandong-2022", str(a), str(clean / ".." / clean.name / "a.json")]
    argv += [str(link), "--files-from", str(listed), "--now", NOW, "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["file"] for s in report["submissions"]] == [str(a)]
    assert not [f for f in report["findings"] if f["code"].startswith("batch.")]
