"""Commands for edition maintainers: ``new-edition``, ``lint`` and ``diff``."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import stat
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from reform_brand.cli._core import (
    _host,
    edition_dir,
    edition_from_arg,
    placed_in,
    print_json,
    refuse_unusable,
)
from reform_brand.errors import EditionDataError, UsageError
from reform_brand.maint._diff import diff_editions

if TYPE_CHECKING:
    from reform_brand.host import Host
    from reform_brand.maint import LintReport
    from reform_brand.model import Edition

#: The severities as the Chinese output of ``check`` writes them.
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

EXIT_OK = 0
EXIT_DATA = 1


def _refuse_source_path(host: Host, source: str) -> None:
    """A ``--from`` that is no installed edition's id but a path (``../ed23``,
    an edition's data folder or its package): a usage error saying that
    ``--from`` takes an installed edition's id, listing them, and, for the
    folder of an edition, which id to give once its package is installed."""
    path = Path(source)
    if source in host.editions or not (
        "/" in source or os.sep in source or source.startswith(".") or path.exists()
    ):
        return
    available = ", ".join(sorted(host.editions)) or "-"
    folder = edition_dir(path) if path.is_dir() else path.parent
    edition = _edition_id(folder / "edition.toml")
    if not edition:
        raise UsageError("cli.new-edition.from-path", path=source, available=available)
    if edition in host.editions:
        raise UsageError("cli.new-edition.from-installed", path=source, edition=edition)
    # The layouts edition_dir knows: PACKAGE/src/MODULE/data, PACKAGE/MODULE/data.
    up = folder.resolve().parents
    package = next((p for p in up[1:3] if (p / "pyproject.toml").is_file()), None)
    if package is None:
        raise UsageError(
            "cli.new-edition.from-folder", path=source, edition=edition, available=available
        )
    raise UsageError(
        "cli.new-edition.from-package",
        path=source,
        edition=edition,
        package=shlex.quote(str(package)),
        available=available,
    )


def _edition_id(toml: Path) -> str:
    """The ``id`` an edition.toml gives, or "" (no such file, unreadable)."""
    try:
        value = tomllib.loads(toml.read_text(encoding="utf-8")).get("id")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return value if isinstance(value, str) else ""


def cmd_new_edition(args: argparse.Namespace) -> int:
    from reform_brand.maint._scaffold import scaffold_edition, year_in_id

    host = _host()
    _refuse_source_path(host, args.source)
    made = scaffold_edition(
        args.new_id,
        args.source,
        Path(args.output),
        inherit=args.inherit,
        year=args.year,
        force=args.force,
        host=host,
    )
    if args.json:
        print_json(
            {
                "edition": made.edition,
                "from": made.parent,
                "year": made.year,
                "inherit": made.inherit,
                "directory": str(made.directory),
                "distribution": made.distribution,
                "module": made.module,
                "files": list(made.files),
            }
        )
        return EXIT_OK
    en = args.lang == "en"
    head = (
        f"wrote the edition plugin {made.distribution} ({made.edition}, from {made.parent}) "
        f"to {made.directory}:"
        if en
        else f"已生成版本插件 {made.distribution}（{made.edition}，基于 {made.parent}）："
        f"{made.directory}"
    )
    sys.stdout.write(head + "\n")
    for f in made.files:
        sys.stdout.write(f"  {f}\n")
    if args.year is None and year_in_id(made.edition) is None:
        # As the year was not given, say which one was taken.
        sys.stdout.write(
            f"{made.edition} ends with no year (19xx or 20xx): its year is {made.year}, "
            f"{made.parent}'s + 1 (--year gives another)\n"
            if en
            else f"{made.edition} 的结尾没有年份（19xx 或 20xx）：年份取 {made.year}，"
            f"即 {made.parent} 的年份加 1（用 --year 指定其他年份）\n"
        )
    data = made.directory / "src" / made.module / "data"
    # The commands are quoted for a shell, to run as they are copied: a
    # folder may hold a blank or a quote (版本 2023, O'Brien).
    lint, target, folder = (
        shlex.quote(str(p)) for p in (data, f"{made.directory}[test]", made.directory)
    )
    steps = (
        f"next: edit {data}, then `reform-brand lint {lint}`, "
        f"`pip install -e {target}` and `pytest {folder}`"
        if en
        else f"下一步：编辑 {data}，再运行 `reform-brand lint {lint}`、"
        f"`pip install -e {target}` 和 `pytest {folder}`"
    )
    sys.stdout.write(steps + "\n")
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    from reform_brand.maint._lint import lint_edition

    host = _host()
    target = args.edition
    path = Path(target)
    looks_like_path = "/" in target or target.startswith(".") or target not in host.editions
    written_as_path = "/" in target or target.startswith(".")
    named = path.is_file() or path.is_symlink()
    if looks_like_path and not path.is_dir() and (written_as_path or named):
        refuse_unusable(target)
        raise UsageError("cli.not-a-directory", path=target)
    given = edition_dir(path) if looks_like_path and path.is_dir() else target
    report = lint_edition(given, host=host)
    failed = not report.ok or (args.strict and report.counts.warning > 0)
    lines = _lines(report)
    if args.json:
        data = report.to_json()
        for found, line in zip(data["findings"], lines, strict=True):
            found["line"] = line
        print_json(data)
        return EXIT_DATA if failed else EXIT_OK
    _print_lint(report, lines, "en" if args.lang == "en" else "zh")
    return EXIT_DATA if failed else EXIT_OK


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _compared(host: Host, arg: str) -> Edition:
    """An edition ``diff`` compares; one whose data has problems names its
    files by their folder (``ed23/edition.toml``), as both editions' files
    have the same names: an ``edition.toml`` alone would not say which."""
    try:
        return edition_from_arg(host, arg)
    except EditionDataError as exc:
        source = host.editions.entry(arg).value if arg in host.editions else None
        path = Path(arg) if source is None else source
        if not isinstance(path, Path):
            raise
        raise placed_in(edition_dir(path) if source is None else path, exc) from None


def cmd_diff(args: argparse.Namespace) -> int:
    host = _host()
    a = _compared(host, args.a)
    b = _compared(host, args.b)
    changes = diff_editions(a, b)
    if args.json:
        print_json({"a": a.id, "b": b.id, "changes": [c.to_json() for c in changes]})
        return EXIT_OK
    en = args.lang == "en"
    if not changes:
        sys.stdout.write(("no differences" if en else "没有差异") + "\n")
        return EXIT_OK
    section = None
    for c in changes:
        if c.section != section:
            section = c.section
            sys.stdout.write(f"[{section}]\n")
        if c.kind == "added":
            sys.stdout.write(f"  + {c.path}: {_short(c.after)}\n")
        elif c.kind == "removed":
            sys.stdout.write(f"  - {c.path}: {_short(c.before)}\n")
        else:
            sys.stdout.write(f"  ~ {c.path}: {_short(c.before, 40)} -> {_short(c.after, 40)}\n")
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
    summary = (
        f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed"
        if en
        else f"新增 {counts['added']}，删除 {counts['removed']}，修改 {counts['changed']}"
    )
    sys.stdout.write(summary + "\n")
    return EXIT_OK


def _lines(report: LintReport) -> list[int | None]:
    """The line of each finding's pointer in its file (a file of the
    edition's data directory, read again), None where it has none."""
    from reform_brand.maint._lines import pointer_line, toml_places

    places: dict[str, dict[tuple[str, ...], int]] = {}
    lines: list[int | None] = []
    for f in report.findings:
        if f.file not in places:
            wanted = report.source and f.file.endswith(".toml")
            places[f.file] = toml_places(_toml_text(Path(report.source) / f.file) if wanted else "")
        lines.append(pointer_line(places[f.file], f.pointer) if f.pointer else None)
    return lines


#: A data file longer than the loader reads is not read again for its lines.
_MAX_TOML_BYTES: Final = 8 * 1024 * 1024


def _toml_text(path: Path) -> str:
    """The text of the data file ``path``, or "" where it cannot be read
    as the loader reads it: a named pipe no one writes to (waited on for
    ever), a device (``/dev/zero``: read for ever, into memory), a file
    too large, a file that is no UTF-8.  Its findings are said without
    lines."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return ""
        with path.open("rb") as fh:
            raw = fh.read(_MAX_TOML_BYTES + 1)
        return "" if len(raw) > _MAX_TOML_BYTES else raw.decode("utf-8-sig")
    except (OSError, ValueError):
        return ""


def _print_lint(report: LintReport, lines: list[int | None], lang: str) -> None:
    """The text output of ``lint``: one line a finding, then the counts."""
    for f, line in zip(report.findings, lines, strict=True):
        file = f"{f.file}:{line}" if line is not None else f.file
        where = " ".join(x for x in (file, f.pointer) if x)
        severity = f"{f.severity:<7}" if lang == "en" else _SEVERITY_ZH.get(f.severity, f.severity)
        sys.stdout.write(f"{severity} {f.code}  {where}: {report.message(f, lang)}\n")
    c = report.counts
    # An edition that does not load is named by its directory: once is enough.
    shown = report.source and report.source != report.edition
    label = report.edition + (f" ({report.source})" if shown else "")
    summary = (
        f"{label}: {_many(c.error, 'error')}, {_many(c.warning, 'warning')}, "
        f"{_many(c.info, 'note')}"
        if lang == "en"
        else f"{label}：错误 {c.error}，警告 {c.warning}，提示 {c.info}"
    )
    sys.stdout.write(summary + "\n")


def _many(n: int, word: str) -> str:
    """``n`` and ``word``, plural but for one (``1 error``, ``2 errors``)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
