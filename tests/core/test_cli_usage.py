"""Usage errors in the language of the command line: argparse's own
messages translated, every error line ending with its code in brackets."""

from __future__ import annotations

import re

import pytest

from reform_brand.cli import main

#: Command lines argparse refuses, and what the Chinese line says.
WRONG: dict[str, tuple[list[str], str]] = {
    "required": (["check"], "缺少必需的参数：EDITION"),
    "lang": (["--lang", "fr", "editions"], "参数 --lang：无效的取值 'fr'（可选：'zh', 'en'）"),
    "command": (["bogus"], "参数 命令：无效的取值 'bogus'（可选：'editions'"),
    "int": (
        ["new-edition", "x", "--from", "shandong-2022", "-o", "y", "--year", "abc"],
        "参数 --year：'abc' 不是有效的整数",
    ),
    "type": (["check", "shandong-2022", "inbox", "--jobs", "0"], "--jobs 应为不小于 1 的整数"),
    "unrecognized": (["editions", "--bogus"], "无法识别的参数：--bogus"),
    "one-value": (["check", "shandong-2022", "inbox", "--jobs"], "参数 --jobs：需要一个值"),
    "not-allowed": (
        ["fetch-mail", "--host", "h", "--user", "u", "-o", "d", "--tls", "--starttls"],
        "参数 --starttls：不能与参数 --tls 同时使用",
    ),
    "explicit": (["editions", "--json=3"], "参数 --json：不接受值 '3'"),
}

#: What English words of argparse's messages look like.
ENGLISH = re.compile(r"[A-Za-z]{4,}")


def _last_line(err: str) -> str:
    return err.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("case", WRONG)
def test_a_usage_error_is_chinese_by_default(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFORM_BRAND_LANG", raising=False)
    args, said = WRONG[case]
    assert main(args) == 2
    out, err = capsys.readouterr()
    line = _last_line(err)
    assert out == "" and "Traceback" not in err
    assert err.startswith("用法：")
    assert line.startswith("用法错误：") and line.endswith(" [cli.usage]"), line
    assert said in line
    rest = line.removesuffix(" [cli.usage]")
    for word in ("argument", "required", "invalid", "choice", "expected", "allowed", "usage"):
        assert word not in rest.lower(), line
    # Of ASCII words, only the names and values given, never argparse's words.
    given = {part for arg in args for part in arg.split("=")}
    for name in sorted(given | {"PATH", "EDITION"}, key=len, reverse=True):
        rest = rest.replace(name, "")
    if case != "command":
        assert not ENGLISH.findall(rest), line


@pytest.mark.parametrize("case", WRONG)
def test_a_usage_error_is_english_with_lang_en(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args, _ = WRONG[case]
    monkeypatch.setenv("REFORM_BRAND_LANG", "en")
    for given in (args, [*args, "--lang", "en"]):
        assert main(given) == 2
        _, err = capsys.readouterr()
        line = _last_line(err)
        assert err.startswith("usage: ")
        assert line.startswith("usage error: ") and line.endswith(" [cli.usage]"), line
        assert not re.search(r"[\u4e00-\u9fff]", line), line


def test_the_english_lines_keep_argparse_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = {
        "required": "the following arguments are required: EDITION",
        "lang": "argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')",
        "command": "argument COMMAND: invalid choice: 'bogus'",
        "int": "argument --year: invalid int value: 'abc'",
        "type": "usage error: --jobs must be a whole number of at least 1, not '0'",
    }
    for case, said in expected.items():
        assert main([*WRONG[case][0], "--lang", "en"]) == 2
        assert said in _last_line(capsys.readouterr().err), case


@pytest.mark.parametrize("given", [["--la", "en"], ["--lan=en"], ["--l", "EN"]])
def test_lang_as_argparse_takes_it_shortened_is_the_language_of_errors(
    given: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--la en`` made the command speak English (argparse takes a prefix
    of an option for it) and its errors Chinese."""
    monkeypatch.delenv("REFORM_BRAND_LANG", raising=False)
    assert main(["show", "no-such-edition", *given]) == 2
    line = _last_line(capsys.readouterr().err)
    assert line.endswith("[edition.unknown]") and line.startswith("unknown edition"), line
    assert main(["check", "shandong-2022", ".", *given, "--jobs", "0"]) == 2
    line = _last_line(capsys.readouterr().err)
    assert line.startswith("usage error: ") and line.endswith("[cli.usage]"), line


def test_an_invalid_lang_leaves_the_language_as_it_was(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--lang fr`` is refused in the language the environment asks for."""
    monkeypatch.setenv("REFORM_BRAND_LANG", "en")
    assert main(["--lang", "fr", "editions"]) == 2
    assert _last_line(capsys.readouterr().err).startswith("usage error: argument --lang: ")
    monkeypatch.delenv("REFORM_BRAND_LANG")
    assert main(["--lang=fr", "editions"]) == 2
    assert _last_line(capsys.readouterr().err).startswith("用法错误：参数 --lang：")


def test_every_message_of_the_table_is_translated() -> None:
    """Each argparse message id of the table, formatted as argparse does,
    reads in Chinese with its values kept, on its own and after an
    argument's name."""
    from reform_brand.cli._usage import translate
    from reform_brand.codes.cli_argparse import ZH

    values = {"argument_name": "--x", "message": "expected one argument", "type": "int"}
    for msgid in ZH:
        message = re.sub(r"%\((\w+)\)([sr])", lambda m: f"%({m[1]}){m[2]}", msgid)
        message = message % (
            {k: values.get(k, "'v'") for k in re.findall(r"%\((\w+)\)", msgid)}
            if "%(" in msgid
            else ("'v'",) * msgid.count("%")
        )
        for text in (message, f"argument --opt: {message}"):
            zh = translate(text, "zh")
            assert not ENGLISH.findall(zh.replace("--opt", "").replace("--x", "")), (msgid, zh)
            assert translate(text, "en") == text


def test_a_type_message_naming_its_option_is_not_named_twice() -> None:
    from reform_brand.cli._usage import translate

    assert translate("argument --jobs: --jobs 应为整数", "zh") == "--jobs 应为整数"
    assert translate("argument --jobs: jobs off", "zh") == "参数 --jobs：jobs off"
    assert translate("something else entirely", "zh") == "something else entirely"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_internal_error_ends_with_its_code(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reform_brand.cli._core as core

    def explode() -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(core, "_host", explode)
    assert main(["editions", "--lang", lang]) == 3
    line = _last_line(capsys.readouterr().err)
    start = "内部错误" if lang == "zh" else "internal error"
    assert line.startswith(start) and line.endswith("RuntimeError: unexpected [cli.internal]")


def test_the_usage_table_is_not_loaded_by_help() -> None:
    """The translation is loaded by an error only: a command's ``--help``
    stays as cheap as it was."""
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from reform_brand.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['check', '--help']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('reform_brand.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    for module in ("reform_brand.cli._usage", "reform_brand.codes.cli_argparse"):
        assert f"'{module}'" not in loaded, module
    assert "'reform_brand.i18n'" not in loaded


_NOW_FORMAT = "YYYY-MM-DDThh:mm+hh:mm"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_now_option_shows_a_format_of_no_edition(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--now's help and its error show the format, not a moment of one
    edition (the reference edition's deadline); the format is one that
    --now accepts."""
    from reform_brand.moments import parse_instant

    monkeypatch.setenv("REFORM_BRAND_LANG", lang)
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    block = out[out.index("\n  --now ") :]
    block = block[: block.index("\n  -", 1)]
    assert _NOW_FORMAT in block
    assert not re.search(r"\b(19|20)[0-9]{2}\b", block), block
    assert main(["check", "shandong-2022", "inbox", "--now", "tomorrow"]) == 2
    line = _last_line(capsys.readouterr().err)
    assert _NOW_FORMAT in line
    assert not re.search(r"\b(19|20)[0-9]{2}\b", line), line
    sample = _NOW_FORMAT.replace("YYYY", "2031").replace("MM", "01").replace("DD", "02")
    sample = sample.replace("hh:mm+hh:mm", "09:30+05:30")
    when = parse_instant(sample)
    assert when is not None and when.utcoffset() is not None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "now", ["9999-12-31T23:59+14:00", "9999-12-30T10:00+00:00", "0001-01-01T00:00-14:00"]
)
def test_a_now_out_of_the_dates_read_says_their_range(
    lang: str, now: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A well-written --now on a day no check can use was told to be
    written as it was (the format): its error gives the range instead."""
    from reform_brand.moments import DAYS_READ

    monkeypatch.setenv("REFORM_BRAND_LANG", lang)
    assert main(["check", "shandong-2022", "inbox", "--now", now]) == 2
    line = _last_line(capsys.readouterr().err)
    assert line.endswith("[cli.usage]")
    assert _NOW_FORMAT not in line
    assert now in line and all(day in line for day in DAYS_READ), line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_lines_fit_the_terminal_in_columns(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line of every command's help fits the terminal: a Chinese
    character counts two columns (the usage's prefix 用法： too, under whose
    end the usage's continued lines stand), and a Chinese sentence, which
    has no spaces, is broken between its characters, never before a
    closing mark."""
    import unicodedata

    from reform_brand.cli._table import COMMANDS

    def cols(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    monkeypatch.setenv("REFORM_BRAND_LANG", lang)
    monkeypatch.setenv("COLUMNS", "60")
    seen_wrapped = False
    for command in COMMANDS:
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        body = out[out.index("\n\n") :]  # after the usage block
        usage = out[: out.index("\n\n")].splitlines()
        # The usage's continued lines stand under its first option.
        if len(usage) > 1:
            first = usage[0]
            start = cols(first[: first.index(" [")]) + 1
            assert all(cols(u) - cols(u.lstrip(" ")) == start for u in usage[1:]), usage
        for line in out.splitlines():
            # (A usage line of one option too long to fit stands alone.)
            alone = line in usage[1:] and "] [" not in line
            assert cols(line) <= 58 or alone, (command, line)
            assert not line.lstrip().startswith(("，", "。", "）", "、", "：")), (command, line)
        seen_wrapped = seen_wrapped or any(cols(x) > 50 for x in body.splitlines())
    assert seen_wrapped  # long lines were there to wrap
