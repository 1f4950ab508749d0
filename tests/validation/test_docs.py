"""The findings reference is generated from the catalogue and up to date; the
portal guide's code runs."""

from __future__ import annotations

import re
from pathlib import Path

from reform_brand.catalogue import CATALOGUE, findings_markdown
from reform_brand.rules import builtin_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_findings_reference_is_up_to_date() -> None:
    page = (DOCS / "findings.md").read_text(encoding="utf-8")
    assert page == findings_markdown(), (
        "docs/findings.md is out of date: run "
        'python -c "from reform_brand.catalogue import main; main()" > docs/findings.md'
    )


def test_every_code_is_documented() -> None:
    page = (DOCS / "findings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9.-]+)` \|", page, flags=re.MULTILINE))
    emitted = {code for rule in builtin_rules() for code in rule.codes}
    assert emitted <= documented
    assert set(CATALOGUE) == documented


def test_portal_guide_code_runs() -> None:
    text = (DOCS / "portal-guide.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {"__name__": "portal_guide"}
    exec(compile("\n".join(blocks), "docs/portal-guide.md", "exec"), namespace)


def test_submission_page_names_every_envelope_member() -> None:
    from reform_brand import submission_schema

    page = (DOCS / "submission.md").read_text(encoding="utf-8")
    for member in submission_schema()["properties"]:
        assert f"| `{member}` |" in page, member
