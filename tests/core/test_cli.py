"""The editions, show, schema and plugins commands; the help of every
command in both languages; what ``--version`` and ``--help`` import."""

from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_editions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "editions", "--json")
    assert code == 0
    listing = json.loads(out)
    assert listing["errors"] == []
    rows = {r["id"]: r for r in listing["editions"]}
    assert rows["shandong-2022"]["document_number"] == "鲁科协办发〔2022〕10号"
    assert rows["shandong-2022"]["plugin"] == "shandong-2022"
    code, out, _ = run(capsys, "editions")
    assert code == 0 and "shandong-2022" in out


def test_editions_says_when_no_edition_is_installed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_BRAND_BLOCK_PLUGINS", "shandong-2022")
    for lang in ("zh", "en"):
        code, out, err = run(capsys, "editions", "--lang", lang)
        assert (code, out) == (1, "")
        assert err.rstrip().endswith("[cli.editions.none]") and "shandong-2022" in err
    code, out, err = run(capsys, "editions", "--json")
    assert code == 1 and json.loads(out) == {"editions": [], "errors": []}
    assert "[cli.editions.none]" in err


def test_show_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, zh, _ = run(capsys, "show", "shandong-2022")
    assert code == 0 and "截止" in zh and "17. 媒体科普传播新途径" in zh
    code, en, _ = run(capsys, "show", "shandong-2022", "--lang", "en")
    assert code == 0 and "Deadline" in en and "New channels for science communication" in en
    # The data's words (the deadline's end, roles, quotas, who fills a
    # field) in the output's language; the issuer is no province's own.
    for word in (
        "exclusive",
        "(applicant",
        "(recommender",
        "  quota ",
        "issuer only",
        "省科协填写",
    ):
        assert word not in zh, word
    assert "不含截止时刻" in zh and "发文单位填写" in zh
    # The forms' attachment labels: 附件 1 is Annex 1 in English.
    assert "application: 附件 1 " in zh and "application: Annex 1 " in en
    for word in ("exclusive", "applicant", "issuer only"):
        assert word in en, word


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "shandong-2022", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["deadline"]["at"] == "2022-08-21T00:00:00+08:00"
    assert data["deadline"]["end"] == "exclusive"
    assert len(data["reform_items"]) == 17
    assert "source" not in data


def test_schema_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "shandong-2022", "application")
    assert code == 0 and json.loads(out)["title"].endswith("申报表")
    code, out, _ = run(capsys, "schema", "shandong-2022", "recommendation", "--ui")
    assert code == 0 and json.loads(out)["ui:order"][0] == "recommending_unit"
    code, out, _ = run(capsys, "schema", "shandong-2022", "submission")
    assert code == 0 and json.loads(out)["properties"]["edition"]["const"] == "shandong-2022"
    code, out, _ = run(capsys, "schema", "shandong-2022", "application", "--role", "issuer")
    assert "issuer_opinion" in json.loads(out)["properties"]


def test_unknown_form_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schema", "shandong-2022", "nope", "--lang", "en")
    assert code == 2 and out == ""
    assert "Available: application, recommendation, submission [form.unknown]" in err


def test_usage_errors_exit_2_in_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "nonsense")
    assert code == 2 and "用法错误" in err
    code, _, err = run(capsys, "show")
    assert code == 2
    code, _, err = run(capsys, "--lang", "en", "show")
    assert code == 2 and "usage error" in err


def test_plugins_lists_the_reference_plugin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plugins", "--json")
    report = json.loads(out)
    ref = next(p for p in report["plugins"] if p["name"] == "shandong-2022")
    assert ref["hooks"] == ["reform_brand_editions"]
    assert ref["editions"] == ["shandong-2022"]
    assert ref["distribution"] == "reform-brand"
    assert code == (1 if report["errors"] else 0)


def test_plugins_marks_the_opt_in_rules(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "plugins", "--json")
    rules = next(p for p in json.loads(out)["plugins"] if p["name"] == "reform_brand.rules")
    assert rules["opt_in_rules"] == ["reform-item-suggestions"]
    assert set(rules["opt_in_rules"]) < set(rules["rules"])
    _, out, _ = run(capsys, "plugins", "--lang", "en")
    [line] = [x for x in out.splitlines() if x.strip().startswith("rules:") and "deadline" in x]
    assert "reform-item-suggestions (opt-in)" in line
    assert "deadline (opt-in)" not in line


def test_internal_errors_never_print_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reform_brand.cli._core as core

    def explode() -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(core, "_host", explode)
    code, _, err = run(capsys, "editions")
    assert code == 3
    assert "RuntimeError" in err and "Traceback" not in err


def test_sigterm_while_a_command_is_set_up_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM stops a command as Ctrl-C does from the start of its run (its
    modules being imported, its parser built), not only once it works, and
    the handler the caller had is back afterwards."""
    import os
    import signal

    import reform_brand.cli._parser as parser_module

    built = parser_module.build_parser

    def terminated_while_building(*args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        os.kill(os.getpid(), signal.SIGTERM)
        return built(*args, **kwargs)

    monkeypatch.setattr(parser_module, "build_parser", terminated_while_building)
    before = signal.getsignal(signal.SIGTERM)
    code, _, err = run(capsys, "editions", "--lang", "en")
    assert code == 130
    assert "Traceback" not in err and err.strip()
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_interruption_prints_no_failure_of_what_it_left_half_done(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library stopped midway (openpyxl writing a workbook) may fail again
    as its objects are finalized; Python would print that as "Exception
    ignored in ...".  The interruption is all that is said."""
    import sys

    import reform_brand.cli._core as core

    def half_written() -> Any:
        try:
            yield 1
        finally:
            raise ValueError("the stream was cut")

    def interrupted() -> None:
        writer = half_written()
        next(writer)
        raise KeyboardInterrupt

    hook = sys.unraisablehook
    monkeypatch.setattr(core, "_host", interrupted)
    code, _, err = run(capsys, "editions", "--lang", "en")
    assert code == 130
    assert "Exception ignored" not in err and "ValueError" not in err
    assert sys.unraisablehook is hook


def test_an_interruption_landing_in_a_finalizer_is_not_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C that lands while Python runs a weak reference's callback
    (the import system runs one as it forgets a module's lock) cannot be
    raised there: Python would print it as "Exception ignored in ...".  It
    was noted, and the command stops at its next step with the usual
    message alone."""
    import os
    import signal
    import sys
    import weakref

    import reform_brand.cli._core as core
    from reform_brand._stop import stop_if_requested

    class Held:
        pass

    def landed(ref: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # Python looks at its signals between steps
            pass

    def finalizing() -> Any:
        held = Held()
        kept = weakref.ref(held, landed)
        del held
        assert kept() is None
        stop_if_requested()  # the command's next step
        raise AssertionError("not stopped")

    hook = sys.unraisablehook
    monkeypatch.setattr(core, "_host", finalizing)
    code, out, err = run(capsys, "editions", "--lang", "en")
    assert code == 130
    assert out == "" and err.strip()
    assert "Exception ignored" not in err and "Traceback" not in err
    assert sys.unraisablehook is hook


def test_the_script_ends_as_its_command_did_whatever_comes_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the command is done, a Ctrl-C or SIGTERM while the interpreter
    ends does not turn its exit code into a kill (exit status 130 or 143)."""
    import signal

    import reform_brand.cli as cli

    monkeypatch.setattr(cli, "main", lambda: 1)
    previous, previous_int = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as done:
            cli.run()
        assert done.value.code == 1
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interruption_a_library_swallows_still_stops_the_command(
    sig: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """lxml's module set-up swallows an exception raised while it runs: a
    Ctrl-C or SIGTERM landing there was lost and the whole run went on.  It
    is noted, and the command stops before it starts."""
    import importlib
    import os
    import signal

    real = importlib.import_module

    def swallowing(name: str) -> Any:
        try:
            os.kill(os.getpid(), getattr(signal, sig))
            for _ in range(1000):  # Python looks at its signals between steps
                pass
        except BaseException:  # as a library's bare ``except:`` does
            pass
        return real(name)

    # Where the command line imports its commands' modules.
    monkeypatch.setattr("reform_brand.cli._args.importlib.import_module", swallowing)
    code, out, err = run(capsys, "editions", "--lang", "en")
    assert code == 130
    assert out == "" and err.strip()
    from reform_brand import _stop

    assert _stop._stop == [False]  # forgotten for the next command


def test_ctrl_c_before_the_command_line_is_handled_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C while the parser's module is imported (a slow first start)
    stops the command as any other does: exit 130, no traceback."""
    import reform_brand.cli._parser as parser_module

    def interrupted(*args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(parser_module, "run_command", interrupted)
    code, out, err = run(capsys, "editions", "--lang", "en")
    assert code == 130
    assert out == "" and err.strip() and "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reform-brand {version('reform-brand')}"


def test_command_map_matches_the_modules() -> None:
    """Each command runs a function of the module the table names for it."""
    import argparse
    import importlib

    from reform_brand.cli import COMMAND_MODULES, COMMANDS
    from reform_brand.cli._args import ADD

    assert set(ADD) == set(COMMAND_MODULES)
    found: dict[str, str] = {}
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        ADD[name](sub, argparse.ArgumentParser(add_help=False))
        found.update(dict.fromkeys(sub.choices, name))
        for command, p in sub.choices.items():
            func = p.get_default("func")
            assert callable(getattr(importlib.import_module(name), func.__name__)), command
    assert found == COMMANDS


@pytest.mark.parametrize("command", ["check", "editions", "suggest", "fetch-mail", "render"])
def test_a_command_help_imports_nothing_of_the_command(command: str) -> None:
    """``reform-brand COMMAND --help`` builds the parser from the help texts
    alone: the command's module and what it needs stay unimported."""
    import subprocess
    import sys

    from reform_brand.cli import COMMANDS

    code = (
        "import sys, contextlib, io\n"
        "from reform_brand.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert main([{command!r}, '--help']) == 0\n"
        "assert 'usage' in out.getvalue().lower() or '用法' in out.getvalue()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reform_brand.', 'attrs', 'typing', 'shutil'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert COMMANDS[command] not in loaded
    heavy = ("reform_brand.host", "reform_brand.engine", "reform_brand.catalogue", "attrs")
    for module in (*heavy, "typing", "shutil"):
        assert f"'{module}'" not in loaded, module


@pytest.mark.parametrize("columns", [None, "60", "200", "0", "-3", "wide"])
def test_the_help_is_as_wide_as_argparse_makes_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The help's formatter finds the width without shutil, as argparse
    does with it: ``COLUMNS``, else the terminal, else 80, less 2."""
    from reform_brand.cli._parser import _Formatter

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours, theirs = _Formatter("reform-brand"), argparse.HelpFormatter("reform-brand")
    assert (ours._width, ours._max_help_position) == (theirs._width, theirs._max_help_position)


def test_one_command_imports_only_what_it_needs() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reform_brand.cli import main\n"
        "assert main(['editions']) == 0\n"
        "heavy = ['reform_brand.engine._validator', 'reform_brand.office._inbox', 'reform_brand.office._read', "
        "'reform_brand.maint._lint', 'reform_brand.maint._scaffold', 'docx', 'docxtpl', 'openpyxl']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_every_public_name_resolves() -> None:
    import reform_brand

    for name in reform_brand.__all__:
        assert getattr(reform_brand, name) is not None, name
    assert set(reform_brand.__all__) <= set(dir(reform_brand))


def _help_of(command: str, lang: str) -> argparse.ArgumentParser:
    """The parser of one command, built in ``lang``."""
    from reform_brand.cli import build_parser

    parser = build_parser(lang, command)
    sub = next(a for a in parser._actions if a.dest == "command")
    # A sub-parsers action's choices: each command's name -> its parser.
    assert isinstance(sub.choices, dict)
    found = sub.choices[command]
    assert isinstance(found, argparse.ArgumentParser)
    return found


def _catalogue_texts(lang: str) -> set[str]:
    from reform_brand.catalogue import MESSAGES

    return {
        (info.en if lang == "en" else info.zh)
        for code, info in MESSAGES.items()
        if code.startswith("cli.help.")
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_help_follows_lang(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    from reform_brand.cli import COMMANDS

    texts = _catalogue_texts(lang)
    for command in COMMANDS:
        parser = _help_of(command, lang)
        assert parser.description in texts, command
        for action in parser._actions:
            assert action.help in texts, f"{command} {action.option_strings or action.dest}"
        assert main([command, "--help", "--lang", lang]) == 0
        out = capsys.readouterr().out
        if lang == "zh":
            assert out.startswith(f"用法：reform-brand {command} "), command
            assert "\n选项：\n" in out and "options:" not in out and "usage:" not in out, command
            # Every Chinese heading takes the full-width colon, as 用法： does.
            assert not re.search(r"^[^\x00-\x7f\s][^\n]*:$", out, re.MULTILINE), command
        else:
            assert out.startswith(f"usage: reform-brand {command} "), command
            assert "options:" in out and "选项" not in out, command


def test_help_is_chinese_by_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand.catalogue import MESSAGES

    monkeypatch.delenv("REFORM_BRAND_LANG", raising=False)
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：reform-brand check ")
    assert MESSAGES["cli.help.check.strict"].zh in out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert MESSAGES["cli.help.check"].zh in out and MESSAGES["cli.help.main.help"].zh in out
    assert "\n命令：\n" in out and "\n选项：\n" in out
    monkeypatch.setenv("REFORM_BRAND_LANG", "en")
    assert main(["check", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: reform-brand check ")


def test_the_top_level_help_lists_every_command_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reform_brand.catalogue import MESSAGES
    from reform_brand.cli import COMMANDS

    for lang in ("zh", "en"):
        assert main(["--help", "--lang", lang]) == 0
        out = capsys.readouterr().out
        for command in COMMANDS:
            info = MESSAGES[f"cli.help.{command}"]
            summary = info.en if lang == "en" else info.zh
            assert re.search(rf"^  {re.escape(command)} +{re.escape(summary)}$", out, re.M), (
                lang,
                command,
            )


#: What ``--version`` and the top-level ``--help`` may import of the package.
TABLE = {"reform_brand", "reform_brand.cli", "reform_brand.cli._table", "reform_brand.codes"}
TABLE |= {"reform_brand.codes.commands"}


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["-h", "--lang", "en"], ["--lang=en", "--help"]]
)
def test_version_and_help_import_only_the_table_of_commands(args: list[str]) -> None:
    """Checked in a fresh interpreter: of the package, ``--version`` and the
    top-level ``--help`` load only the command line's table of commands; not
    argparse, not even typing (the ratio to ``python -c pass`` is measured in
    docs/cli.md, not asserted)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reform_brand.cli import main\n"
        f"rc = main({args!r})\n"
        "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reform_brand', 'attrs', 'jsonschema', 'pluggy', 'argparse', 'typing')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rc, _, listed = out.stdout.strip().splitlines()[-1].partition(" ")
    assert int(rc) == 0
    assert set(ast.literal_eval(listed)) <= TABLE, listed


def test_main_does_nothing_in_a_worker_process_that_is_starting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``spawn`` runs the main script again in each worker; a script without
    ``if __name__ == "__main__":`` calls main() there.  main() then runs no
    command (the checking process does the work) and says how to fix the
    script, so that the worker can start."""
    import multiprocessing

    from reform_brand.cli import main

    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)
    assert main(["check", "shandong-2022", "/no/such/inbox", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'if __name__ == "__main__":' in captured.err and "not run" in captured.err
    monkeypatch.undo()
    assert main(["check", "shandong-2022", "/no/such/inbox", "--lang", "en"]) == 2


def test_an_interrupt_a_library_swallowed_does_not_end_the_process_as_killed(
    tmp_path: Path,
) -> None:
    """A Ctrl-C that lands while a C extension sets itself up through
    CPython's ``PyRun_String`` (lxml's module does) is swallowed there and
    noted by CPython, which would end a ``python -m`` process with SIGINT
    after the command handled the interruption: the exit code is 130 all the
    same."""
    import os
    import subprocess
    import sys

    (tmp_path / "interrupted_cli.py").write_text(
        "import ctypes, sys\n"
        "from reform_brand import cli\n"
        "def interrupted():\n"
        "    ctypes.pythonapi.PyRun_SimpleString(b'raise KeyboardInterrupt')\n"
        "    return cli.EXIT_INTERRUPTED\n"
        "cli.main = interrupted\n"
        "cli.run()\n",
        encoding="utf-8",
    )
    path = os.pathsep.join([str(tmp_path), *sys.path])
    done = subprocess.run(
        [sys.executable, "-m", "interrupted_cli"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert done.returncode == 130, done.stderr.decode()


def test_the_text_report_lists_units_by_pinyin_as_the_page_does() -> None:
    """The terminal's report groups units in the order report.html lists
    them (by pinyin, GB 2312's order), not by character code."""
    import copy

    from reform_brand import Validator
    from reform_brand.cli._check_text import format_report
    from reform_brand.office._charts import name_key
    from tests.validation.helpers import APPLICATION, NOW

    units = ["淄博市科协", "滨州市科协", "济南市科协", "东营市科协"]
    envelopes = []
    for n, unit in enumerate(units):
        env = copy.deepcopy(APPLICATION)
        env.update(id=f"s{n}", unit={"name": unit, "kind": "city-association"})
        env["data"]["applicant_unit"] = unit
        envelopes.append(env)
    validator = Validator.create("shandong-2022")
    text = format_report(validator.validate_batch(envelopes, now=NOW), validator, "zh")
    shown = [line for line in text.splitlines() if line in units]
    assert shown == ["滨州市科协", "东营市科协", "济南市科协", "淄博市科协"]
    assert shown == sorted(units, key=name_key) and shown != sorted(units)


def test_no_line_of_the_text_report_is_a_sender_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id, a unit or a file named with line breaks (an archive's entry
    ``x.docx\\n\\n青岛市科协\\n  fake.docx: 通过``) made lines of the text
    report that read as a unit's heading and a submission that passed: the
    breaks are written out (``\\x0a``), whole or streamed."""
    import copy

    from reform_brand import Validator
    from reform_brand.cli._check_text import format_report
    from tests.validation.helpers import APPLICATION, NOW

    forged = "\n\n青岛市科协\r\n  fake.docx [application]: 通过\u2028\x85会"
    env = copy.deepcopy(APPLICATION)
    env.update(
        id="s1" + forged, unit={"name": "山东省某学会" + forged, "kind": "provincial-society"}
    )
    env["data"]["applicant_unit"] = "山东省某学会" + forged
    env["data"]["x" + forged] = 1
    validator = Validator.create("shandong-2022")
    whole = format_report(validator.validate_batch([env], now=NOW), validator, "zh")
    path = tmp_path / "e.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    assert main(["check", "shandong-2022", str(path), "--now", NOW.isoformat()]) == 1
    streamed = capsys.readouterr().out
    for text in (whole, streamed):
        lines = text.splitlines()
        assert "青岛市科协" not in lines
        assert not any(line.startswith("  fake.docx") for line in lines)
        shown = "\\x0a\\x0a青岛市科协\\x0d\\x0a  fake.docx [application]: 通过\\u2028\\x85会"
        assert f"山东省某学会{shown}" in lines
        assert sum(shown in line for line in lines) >= 3  # (the id and the pointer too)


def test_a_unit_of_invisible_characters_alone_is_grouped_as_none() -> None:
    """A unit typed as a zero-width space, a BOM or a soft hyphen alone is
    blank, as everywhere: grouped with the submissions of no unit (their
    heading says so), not under a heading that shows nothing."""
    from reform_brand import Validator
    from reform_brand.cli._check_text import group_name

    validator = Validator.create("shandong-2022")
    for blank in ("", " \u3000", "\u200b", "\ufeff\u00ad", "\u2060\u200d"):
        assert group_name(validator, blank) == ""
    assert group_name(validator, " 济南\u200b市科协") == "济南市科协"
    # A unit off the roster typed with one is one group, as the quotas count it.
    assert {group_name(validator, n) for n in ("某学会", "某\u200b学会", "某学会\u00ad")} == {
        "某学会"
    }
