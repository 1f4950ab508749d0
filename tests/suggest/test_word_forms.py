"""A Word form cannot declare reform items: in the office's check, items
suggested for it replace the warning ``reform-items.undeclared``; a form
that says too little keeps the warning, and a manifest's items count as
declared."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from reform_brand import Edition, render_form
from reform_brand.office import check_inbox
from tests.suggest.conftest import EXAMPLES, MARINE

NOW = dt.datetime(2022, 8, 19, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ITEMS = ("reform-items.undeclared", "reform-items.suggested", "reform-items.ranks-low")


def _form_data(**fields: str) -> dict[str, Any]:
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    data: dict[str, Any] = copy.deepcopy(env["data"])
    data.update(fields)
    return data


def _codes(edition: Edition, root: Path, data: dict[str, Any], manifest: str = "") -> list[str]:
    folder = root / "2022-08-18 济南市科协"
    folder.mkdir(parents=True)
    (folder / "申报表.docx").write_bytes(render_form(edition, "application", data))
    if manifest:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    report = check_inbox(edition, root, now=NOW)
    (sub,) = report.batch.submissions
    return sorted(f.code for f in sub.findings if f.code in ITEMS)


def test_a_suggestion_replaces_the_warning(edition: Edition, tmp_path: Path) -> None:
    assert _codes(edition, tmp_path, _form_data(**MARINE)) == ["reform-items.suggested"]


def test_a_form_that_says_too_little_keeps_the_warning(edition: Edition, tmp_path: Path) -> None:
    thin = {
        "project_name": "项目",
        "project_basis": "略。",
        "project_implementation": "略。",
        "expected_outcomes": "略。",
        "recommender_opinion": "同意推荐。",
    }
    assert _codes(edition, tmp_path, _form_data(**thin)) == ["reform-items.undeclared"]


def test_items_given_by_a_manifest_are_declared(edition: Edition, tmp_path: Path) -> None:
    manifest = "arrived_at = 2022-08-18T10:00:00+08:00\nreform_items = [13]\n"
    assert _codes(edition, tmp_path, _form_data(**MARINE), manifest) == []
