"""Declared reform items that cannot be read (``"reform_items": "13"``) are
not "none declared": the submission, its record, report.json, the chart of
report.html and the roster say so apart."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from reform_brand import Submission
from reform_brand._schemas import validator as shipped_validator
from reform_brand.cli import main
from reform_brand.engine._records import SubmissionRecord, fields_of, record_of
from reform_brand.findings import Counts
from tests.validation.helpers import APPLICATION

NOW = "2022-08-25T00:00:00+08:00"
#: The three submissions: items that cannot be read, none, and item 1.
UNITS = {"bad": "济南市科协", "none": "青岛市科协", "one": "淄博市科协"}


@pytest.mark.parametrize(
    ("value", "items", "readable"),
    [
        ("13", (), False),
        ({"13": True}, (), False),
        (13, (), False),
        ([], (), True),
        ([13], (13,), True),
        (["13"], ("13",), False),
        ([True], (True,), False),
        ([99, 0], (99, 0), True),
        # JSON's 13.0 is the integer 13 (JSON Schema, ajv): read as 13
        ([13.0], (13,), True),
        ([1.0, 18.0], (1, 18), True),
        ([1.5], (1.5,), False),
        (None, None, True),
    ],
)
def test_a_submission_tells_unreadable_from_none(
    value: object, items: object, readable: bool
) -> None:
    sub = Submission.from_envelope({**APPLICATION, "reform_items": value})
    assert (sub.reform_items, sub.reform_items_readable) == (items, readable)
    record = SubmissionRecord.of(sub, position=0, usable=True, counts=Counts())
    assert record.reform_items_readable is readable
    assert record_of(fields_of(record)).reform_items_readable is readable


def _envelope(key: str, items: object) -> dict[str, Any]:
    env = copy.deepcopy(APPLICATION)
    env["id"] = key
    env["unit"] = {"name": UNITS[key], "kind": "city-association"}
    env["data"]["applicant_unit"] = UNITS[key]
    env["data"]["project_name"] = f"项目 {key}"
    env["reform_items"] = items
    return env


def test_check_reports_unreadable_items_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = []
    for key, items in (("bad", "13"), ("none", []), ("one", [1])):
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps(_envelope(key, items), ensure_ascii=False), "utf-8")
        paths.append(str(path))
    out = tmp_path / "report"
    main(["check", "shandong-2022", *paths, "--now", NOW, "--report", str(out)])
    capsys.readouterr()

    report = json.loads((out / "report.json").read_text("utf-8"))
    assert list(shipped_validator("report").iter_errors(report)) == []
    facts = {s["id"]: s for s in report["inbox"]["submissions"]}
    assert {k: (s["reform_items"], s["reform_items_readable"]) for k, s in facts.items()} == {
        "bad": ([], False),
        "none": ([], True),
        "one": ([1], True),
    }
    found = {
        s["id"]: {(f["code"], f["pointer"]) for f in s["findings"]} for s in report["submissions"]
    }
    assert ("envelope.type", "/reform_items") in found["bad"]
    assert ("reform-items.suggested", "/reform_items") not in found["bad"]
    assert ("reform-items.suggested", "/reform_items") in found["none"]

    html = (out / "report.html").read_text("utf-8")
    assert 'id="items-unreadable"' in html
    listed = html.split('id="items-unreadable"', 1)[1].split("</ul>", 1)[0]
    assert UNITS["bad"] in listed and UNITS["none"] not in listed
    # Item 1's bar counts the one submission that declares it; item 13 none.
    counts = dict(re.findall(r"<title>(\d+)\. [^<:]*: (\d+)</title>", html))
    assert (counts["1"], counts["13"]) == ("1", "0")

    sheet = load_workbook(out / "roster.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("改革事项")
    cells = {row[1]: row[column] for row in rows[1:] if row[1] in UNITS.values()}
    assert cells == {UNITS["bad"]: "（无法读取）", UNITS["none"]: None, UNITS["one"]: "1"}
