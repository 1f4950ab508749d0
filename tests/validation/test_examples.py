"""The bundled examples give exactly the findings their README documents."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from reform_brand import Validator
from tests.validation.helpers import EXAMPLES, NOW


def documented() -> tuple[dict[str, Counter[tuple[str, str]]], Counter[tuple[str, str]]]:
    per_file: dict[str, Counter[tuple[str, str]]] = {}
    batch: Counter[tuple[str, str]] = Counter()
    for line in (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| (`[^`]+`|\(batch\)) \| (.+) \|", line)
        if not m:
            continue
        items = [] if m.group(2) == "—" else [i.strip() for i in m.group(2).split(";")]
        pairs = Counter(tuple([*i.split(" ", 1), ""][:2]) for i in items)
        if m.group(1) == "(batch)":
            batch = pairs
        else:
            per_file[m.group(1).strip("`")] = pairs
    return per_file, batch


def test_every_example_is_documented_and_gives_its_findings(validator: Validator) -> None:
    per_file, batch = documented()
    report = validator.check_paths([EXAMPLES], now=NOW)
    actual = {
        Path(s.file).name: Counter((f.code, f.pointer) for f in s.findings)
        for s in report.submissions
    }
    assert actual == per_file
    assert Counter((f.code, f.unit) for f in report.findings) == batch


def test_every_rule_is_covered_by_an_example(validator: Validator) -> None:
    report = validator.check_paths([EXAMPLES], now=NOW)
    rules = {f.rule for f in report.all_findings()}
    # The reference edition has no form field with a 字 limit: tests/validation/
    # test_files.py covers the lengths rule on a changed edition.
    assert {r.id for r in validator.rules} - {"lengths"} <= rules


def test_examples_ship_inside_the_plugin_package() -> None:
    from importlib.resources import files

    root = files("reform_brand_shandong_2022") / "examples"
    assert (root / "README.md").is_file()
    assert (root / "files" / "scan.pdf").read_bytes().startswith(b"%PDF-")
