"""The system's and the JSON parser's reasons inside a message are in the
message's language; a finding's JSON keeps Python's own text."""

from __future__ import annotations

import errno
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.codes.reasons import json_reason, known_reason, os_reason
from reform_brand.i18n import render


def test_a_known_system_reason_is_in_both_languages() -> None:
    reason = os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert isinstance(reason, Localized)
    assert reason.value == "No such file or directory"
    assert reason.text("zh") != reason.text("en")
    assert os_reason(OSError(9999, "Odd")) == "Odd"
    assert isinstance(known_reason("not a regular file"), Localized)


def test_a_known_json_reason_is_in_both_languages() -> None:
    reason = json_reason("Expecting value")
    assert isinstance(reason, Localized) and reason.value == "Expecting value"
    assert json_reason("Something new") == "Something new"


def test_an_error_message_shows_the_reason_in_its_language() -> None:
    reason = os_reason(OSError(errno.ENOSPC, "No space left on device"))
    zh = render("cli.cannot-write", {"path": "x", "detail": reason}, "zh")
    en = render("cli.cannot-write", {"path": "x", "detail": reason}, "en")
    assert "No space" not in zh and "磁盘" in zh
    assert "no space" in en


@pytest.mark.parametrize(("text", "msg"), [('{"a": ', "Expecting value"), ("{} x", "Extra data")])
def test_a_json_syntax_error_is_told_in_chinese(tmp_path: Path, text: str, msg: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "shandong-2022", str(path), "--now", "2022-08-25T00:00:00+08:00"])
    assert "file.not-json" in out.getvalue() and msg not in out.getvalue()
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "shandong-2022", str(path), "--json", "--now", "2022-08-25T00:00:00+08:00"])
    (finding,) = json.loads(out.getvalue())["submissions"][0]["findings"]
    assert finding["params"]["detail"] == msg  # Python's own text, as before


def test_what_a_reader_raised_is_told_in_both_languages() -> None:
    import zipfile

    from reform_brand.codes.reasons import error_reason

    reason = error_reason(zipfile.BadZipFile("File is not a zip file"))
    assert isinstance(reason, Localized) and reason.value == "BadZipFile"
    assert "损坏" in reason.zh and "damaged" in reason.en
    assert isinstance(error_reason(OSError(errno.EACCES, "Permission denied")), Localized)

    class Odd(Exception):
        pass

    odd = error_reason(Odd())
    assert odd.value == "Odd" and "Odd" in odd.en and "Odd" not in odd.zh
    broken = known_reason("broken zip: BadZipFile")
    assert isinstance(broken, Localized) and broken.value == "broken zip: BadZipFile"


def _bad_crc_zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("申报表.pdf", b"%PDF-1.4 " + b"x" * 200)
    data = bytearray(buf.getvalue())
    data[60] ^= 0xFF  # inside the entry's data: its CRC no longer matches
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("申报表.docx", b"PK\x03\x04" + b"\x00" * 40),  # a zip cut short
        ("材料.zip", _bad_crc_zip()),  # an entry that cannot be read back
    ],
)
def test_a_damaged_file_in_an_inbox_is_told_in_chinese(
    tmp_path: Path, name: str, content: bytes
) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / name).write_bytes(content)
    args = ["check", "shandong-2022", str(tmp_path), "--now", "2022-08-25T00:00:00+08:00"]
    out = io.StringIO()
    with redirect_stdout(out):
        main([*args, "--lang", "zh"])
    lines = [line for line in out.getvalue().splitlines() if "unreadable" in line]
    assert lines, out.getvalue()
    for line in lines:
        told = line.split(": ", 1)[1]
        assert not any(w in told for w in ("zip:", "BadZipFile", "EOFError", "truncated")), line


def test_a_data_file_not_in_utf_8_and_an_output_that_is_no_folder_are_told_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.json"
    data.write_bytes('{"project_name": "项目"}'.encode("gbk"))
    argv = ["render", "shandong-2022", "application", "--data", str(data)]
    assert main([*argv, "-o", str(tmp_path / "out.docx")]) == 2
    err = capsys.readouterr().err
    assert "[cli.data-unreadable]" in err and "UTF-8 编码" in err and "codec" not in err
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    assert main(["export", "shandong-2022", "-o", str(blocker)]) == 2
    err = capsys.readouterr().err
    line = render("cli.cannot-write", {"path": str(blocker), "detail": "x"}, "zh").split("：")[0]
    assert err.startswith(line) and "不是文件夹" in err and "directory" not in err


def test_a_name_service_error_is_told_in_both_languages() -> None:
    import socket

    reason = os_reason(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert isinstance(reason, Localized) and reason.value == "Name or service not known"
    assert "服务器名称" in reason.text("zh")
    # The same number as a plain system error is no name service's.
    assert os_reason(OSError(socket.EAI_NONAME, "Odd")) == "Odd"


def test_a_data_file_that_is_not_json_says_why_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.json"
    out = str(tmp_path / "out.docx")
    for text, code in (('{"a": ', "cli.data-json"), ("[" * 100_000, "cli.data-too-deep")):
        data.write_text(text, encoding="utf-8")
        assert main(["render", "shandong-2022", "application", "--data", str(data), "-o", out]) == 2
        err = capsys.readouterr().err
        assert f"[{code}]" in err and "Expecting" not in err and "nested" not in err, err
        # (No place given where none is known: not 第 ? 行.)
        assert "?" not in err, err
