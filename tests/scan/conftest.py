"""Realistic scans built for the tests: the filled form printed to PDF by
LibreOffice (drawn with Pillow when it is missing), rasterised at 100 dpi,
with a round red seal carrying the unit's name and a signature drawn in,
turned, greyed, noisy and saved as JPEG pages of an image-only PDF."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Host, Validator, render_form
from reform_brand.scan import synthetic
from reform_brand.scan._label import sign_label
from tests.validation.helpers import APPLICATION, NOW, RECOMMENDATION

DPI = 100
SEAL = "济南市科学技术协会"
LONG = "已建立“三长”联系机制，覆盖全部县（市、区），形成常态化工作格局。" * 40


def _rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [("申报单位", data["applicant_unit"]), ("项目名称", data["project_name"])]


@pytest.fixture(scope="session")
def scan_forms(edition: Edition) -> dict[str, list[Any]]:
    """The application form of APPLICATION as pages: ``one`` (one page) and
    ``two`` (long text, so the opinion block is on page 2); the
    recommendation form of RECOMMENDATION (no （单位公章） words: the seal goes
    over the date, partly over 主要负责人（签章））; and ``pdf``, the
    application exported to PDF (a Word export, not a scan)."""
    data = copy.deepcopy(APPLICATION["data"])
    long = {**data, "project_basis": LONG}
    title = edition.forms[0].title.zh
    pdfs = synthetic.docx_to_pdfs(
        [
            render_form(edition, "application", data),
            render_form(edition, "application", long),
            render_form(edition, "recommendation", RECOMMENDATION["data"]),
        ]
    )
    if pdfs[0] is not None and pdfs[1] is not None and pdfs[2] is not None:
        one = synthetic.form_pages(pdfs[0], dpi=DPI)
        two = synthetic.form_pages(pdfs[1], dpi=DPI)
        rec = synthetic.form_pages(pdfs[2], dpi=DPI)
        export = pdfs[0]
    else:  # no LibreOffice: drawn pages, and the drawing split over two pages
        one = synthetic.draw_form_pages(title, _rows(data), dpi=DPI)
        two = [*synthetic.draw_form_pages(title, _rows(data), dpi=DPI)]
        rec = synthetic.draw_form_pages(title, _rows(data), dpi=DPI)
        export = synthetic.scan_pdf(one, seal_text=None, signature=False)
    return {"one": one, "two": two, "recommendation": rec, "pdf": [export]}


@pytest.fixture
def submit(
    tmp_path: Path, edition: Edition, validator: Validator
) -> Callable[..., list[tuple[str, str]]]:
    """Put ``scan`` (PDF bytes) beside the rendered Word form of the envelope
    (changed by ``data``), validate, and return the scan findings as
    (code, pointer)."""

    def run(scan: bytes, **data: str) -> list[tuple[str, str]]:
        env = copy.deepcopy(APPLICATION)
        env["data"].update(data)
        folder = tmp_path / "sub"
        folder.mkdir(exist_ok=True)
        (folder / "scan.pdf").write_bytes(scan)
        (folder / "form.docx").write_bytes(render_form(edition, "application", env["data"]))
        (folder / "envelope.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
        report = validator.validate(env, base_dir=folder, now=NOW)
        return sorted((f.code, f.pointer) for f in report.findings if f.code.startswith("scan."))

    return run


@pytest.fixture(scope="session")
def validator(host: Host, edition: Edition) -> Validator:
    return Validator(edition, host.rules.for_edition(edition.id))


#: The signature label of the reference edition's forms, by which the
#: signature line of their scans is found.
HEAD = "主要负责人（签章）"
HEAD_LABEL = sign_label(HEAD)
