"""The Word forms as a person sees them: converted to PDF by LibreOffice.

Each form, blank and filled with a short realistic submission, must print on
one A4 page showing the attachment heading, the title and every label.
Skipped where LibreOffice or poppler-utils is missing (``.ci/run`` installs
both, so CI runs these tests).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Form, Host
from reform_brand.render import render_form
from reform_brand.render._layout import label_lines
from tests.screenshots import save_screenshot

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")

pytestmark = [
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo) is not installed"),
]

PARAGRAPH = "围绕科协组织改革重点，健全工作机制，搭建服务平台，形成可复制可推广的经验做法。"


def _example(form: Form) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in form.fields:
        if f.filled_by == "issuer":
            continue
        if f.type == "group":
            data[f.id] = {s.id: s.example for s in f.fields}
        elif f.type == "textarea":
            # A short submission: a paragraph per four lines of room.
            data[f.id] = "\n".join([PARAGRAPH] * max(1, f.lines // 4 - 1))
        else:
            data[f.id] = f.example
    return data


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    host = Host.create(block=())
    edition = host.edition("shandong-2022")
    folder = tmp_path_factory.mktemp("pdf")
    docs = []
    for form in edition.forms:
        for kind, data in (("blank", None), ("filled", _example(form))):
            path = folder / f"{form.id}-{kind}.docx"
            path.write_bytes(render_form(edition, form, data, host=host))
            docs.append(path)
    profile = folder / "profile"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {p.stem: p.with_suffix(".pdf") for p in docs}


def _text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)


def _pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    size = re.search(r"^Page size:\s+(.*)$", info, re.M)[1]  # type: ignore[index]
    return pages, size


@pytest.mark.parametrize("form_id", ["application", "recommendation"])
@pytest.mark.parametrize("kind", ["blank", "filled"])
def test_one_a4_page_with_title_and_every_label(
    pdfs: dict[str, Path], edition: Edition, form_id: str, kind: str
) -> None:
    pdf = pdfs[f"{form_id}-{kind}"]
    pages, size = _pages(pdf)
    assert pages == 1
    assert "595" in size and "841" in size, size  # A4 in points
    form = edition.form(form_id)
    text = _text(pdf)
    assert form.attachment.replace(" ", "") in text
    assert form.title.zh.replace(" ", "") in text
    # pdftotext reads a page in its own order: a label printed on two lines
    # of its cell ("推荐单位" / "意见") may come out with other text between.
    for _pointer, f in form.walk():
        if f.type != "date":
            for piece in label_lines(f.label.zh):
                assert piece in text, f.label.zh
        for b in f.blocks:
            for piece in b.label.zh.split():
                assert piece in text, b.label.zh
    if kind == "filled":
        for value in (
            "济南市科协" if form_id == "application" else "省科协科普部",
            "2022年8月15日",
        ):
            assert value in text
        assert PARAGRAPH[:20] in text


def test_chinese_text_uses_a_chinese_font(pdfs: dict[str, Path]) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(pdfs["application-blank"])], check=True, capture_output=True
    ).stdout.decode()
    assert "CJK" in fonts or "Song" in fonts or "Hei" in fonts, fonts


@pytest.mark.parametrize("form_id", ["application", "recommendation"])
def test_the_printed_form_as_a_picture(pdfs: dict[str, Path], form_id: str, tmp_path: Path) -> None:
    """The filled form's page as an image (poppler's pdftoppm): what the
    office prints, shown on docs/tutorials/office.md."""
    out = tmp_path / form_id
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdfs[f"{form_id}-filled"]), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    png = out.with_suffix(".png").read_bytes()
    assert png.startswith(b"\x89PNG")
    save_screenshot(png, f"form-{form_id}.png")
