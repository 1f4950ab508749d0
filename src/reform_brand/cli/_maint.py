"""Commands for edition maintainers: ``diff``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reform_brand.cli._core import _host, edition_from_arg, print_json
from reform_brand.diff import diff_editions

EXIT_OK = 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "diff",
        parents=[common],
        help="what changed between two editions / 比较两个版本",
        description="Show what changed from edition A to edition B: reform items added, "
        "removed or reworded, quotas, form fields, dates. A and B are edition ids "
        "or edition directories.",
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.set_defaults(func=cmd_diff)


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_diff(args: argparse.Namespace) -> int:
    host = _host()
    a = edition_from_arg(host, args.a)
    b = edition_from_arg(host, args.b)
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
