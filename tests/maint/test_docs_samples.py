"""Every code sample in docs/ runs: ``python`` blocks are executed, page by
page in one namespace (a page's blocks build on each other), in a temporary
folder; ``sh`` blocks' ``reform-brand`` command lines must parse, and the
cheap ones are run.  A block preceded by ``<!-- no-test: REASON -->`` is a
fragment that cannot run on its own (a web app); its core is tested
separately."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_OPT_OUT = re.compile(r"<!--\s*no-test:\s*\S[^>]*-->\s*$")


@dataclass(frozen=True)
class Block:
    page: Path
    lang: str
    code: str
    line: int
    skipped: bool


#: The inner runs load the plugin by its module when autoload is disabled.
PLUGIN_ARGS = (
    ("-p", "reform_brand.testing.pytest_plugin")
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    else ()
)


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        before = text[: m.start()].rstrip("\n").splitlines()
        skipped = bool(before) and bool(_OPT_OUT.search(before[-1]))
        line = text.count("\n", 0, m.start()) + 1
        out.append(Block(page, m.group(1), m.group(2), line, skipped))
    return out


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


PY_PAGES = [p for p in pages() if any(b.lang == "python" and not b.skipped for b in blocks(p))]


@pytest.mark.parametrize("page", PY_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_samples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REFORM_BRAND_BLOCK_PLUGINS", raising=False)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    ran = 0
    for block in blocks(page):
        if block.lang != "python" or block.skipped:
            continue
        code = compile(block.code, f"{page.relative_to(REPO)}:{block.line}", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # the documentation's own samples
        ran += 1
    assert ran


def _commands(block: Block) -> list[list[str]]:
    """The ``reform-brand`` command lines of a shell block (comments, line
    continuations and shell operators handled)."""
    text = block.code.replace("\\\n", " ")
    out = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if re.search(r" \[-", line):
            continue  # a synopsis (``[--json]``), not a sample
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part.strip()) if part.strip() else []
            for i, word in enumerate(words):
                if word.startswith((">", "<", "2>")):
                    words = words[:i]  # redirections
                    break
            while words and "=" in words[0] and not words[0].startswith("-"):
                words = words[1:]  # VAR=value prefixes
            if words and words[0].endswith("reform-brand"):
                out.append(words[1:])
    return out


SH_COMMANDS = [
    pytest.param(args, id=f"{b.page.relative_to(DOCS)}:{b.line}:{' '.join(args[:2])}")
    for p in pages()
    for b in blocks(p)
    if b.lang in ("sh", "bash", "console", "shell")
    for args in _commands(b)
]


@pytest.mark.parametrize("args", SH_COMMANDS)
def test_shell_samples_parse(args: list[str]) -> None:
    from reform_brand.cli import build_parser

    parser = build_parser("en")
    try:
        parsed = parser.parse_args(args)
    except SystemExit as exc:  # argparse's error
        pytest.fail(f"reform-brand {' '.join(args)}: does not parse (exit {exc.code})")
    assert callable(parsed.func)


CHEAP = {"editions", "show", "schema", "plugins", "lint", "diff"}


def _runnable(args: list[str]) -> bool:
    """Whether a sample can run here: a cheap command, and no path of the
    reader's own machine (or one a tutorial made)."""
    return (
        bool(args)
        and args[0] in CHEAP
        and not any(not w.startswith("-") and ("/" in w or w.startswith(".")) for w in args)
    )


RUNNABLE = [a for a in SH_COMMANDS if _runnable(cast("list[str]", a.values[0]))]


@pytest.mark.parametrize("args", RUNNABLE)
def test_cheap_shell_samples_run(
    args: list[str], host: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand import Host
    from reform_brand.cli import main

    assert isinstance(host, Host)
    made_later = [
        w for w in args[1:] if re.fullmatch(r"[a-z]+-[0-9]{4}", w) and w not in host.editions
    ]
    if made_later:
        # The edition a tutorial creates: the page's python sample builds it.
        assert made_later == ["shandong-2023"], made_later
        return
    assert main(args) in (0, 1), capsys.readouterr().err


def _file_blocks(page: Path) -> dict[str, str]:
    """Blocks whose first line names a file (``# test_portal.py``)."""
    out = {}
    for b in blocks(page):
        first = b.code.split("\n", 1)[0]
        m = re.fullmatch(r"# (test_\w+\.py)", first.strip())
        if b.lang == "python" and m:
            out[m.group(1)] = b.code
    return out


def test_the_test_authors_sample_suite_passes(pytester: pytest.Pytester) -> None:
    page = DOCS / "tutorials" / "test-author.md"
    files = _file_blocks(page)
    assert files, "no sample test file"
    [ini] = [b.code for b in blocks(page) if b.lang == "toml" and "rb_edition" in b.code]
    pytester.makepyprojecttoml(ini)
    for name, code in files.items():
        pytester.makepyfile(**{name[:-3]: code})
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=6)


def test_opt_outs_give_a_reason() -> None:
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"<!--\s*no-test\b([^>]*)-->", text):
            assert m.group(1).strip(": ").strip(), f"{page}: no-test without a reason"


def test_every_lint_code_is_documented() -> None:
    from reform_brand.maint import LINT_CATALOGUE

    page = (DOCS / "tutorials" / "maintainer.md").read_text(encoding="utf-8")
    for code in LINT_CATALOGUE:
        assert f"`{code}`" in page, code


def test_tutorials_exist() -> None:
    for name in ("portal-developer", "office", "maintainer", "test-author"):
        assert (DOCS / "tutorials" / f"{name}.md").stat().st_size > 1000, name


def test_the_maintainer_s_rule_and_test_pass_the_checks_of_a_typed_package(
    tmp_path: Path,
) -> None:
    """The tutorial's plugin module and rule test, put into the package
    new-edition writes (which ships py.typed), pass ruff there (where
    reform_brand is a third-party package) and mypy --strict."""
    import reform_brand
    from reform_brand.maint import scaffold_edition

    page = DOCS / "tutorials" / "maintainer.md"
    module, test = [b.code for b in blocks(page) if b.lang == "python"][:2]
    made = scaffold_edition("shandong-2023", "shandong-2022", tmp_path / "pkg", inherit=True)
    (made.directory / "src" / made.module / "__init__.py").write_text(module, encoding="utf-8")
    (made.directory / "tests" / "test_rule.py").write_text(test, encoding="utf-8")
    ruff = Path(sys.executable).with_name("ruff")
    lint = subprocess.run(
        [str(ruff), "check", "--isolated", "--extend-select", "I", "."],
        cwd=made.directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # The reform_brand under test, not another one installed.
    env = {**os.environ, "MYPYPATH": str(Path(reform_brand.__file__).parents[1])}
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
    typed = subprocess.run(
        [*mypy, "--cache-dir", str(tmp_path / "mypy"), "src", "tests"],
        cwd=made.directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr
