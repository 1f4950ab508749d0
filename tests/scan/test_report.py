"""The report shows the signed scans: a thumbnail of the first page, a crop
of each seal found (or of the empty place where it belongs), and the
roster's 盖章 column."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from contextlib import redirect_stdout
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reform_brand import Edition
from reform_brand.office import check_inbox, write_report_dir
from reform_brand.scan import missing_extra, sample_scan
from reform_brand.testing import SubmissionFactory
from tests.inbox.docx_edit import filled, minimal_pdf

NOW = dt.datetime(2022, 8, 25, tzinfo=dt.timezone(dt.timedelta(hours=8)))

pytestmark = pytest.mark.skipif(
    missing_extra() is not None, reason="the scan extra is not installed"
)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def _inbox(tmp_path: Path, edition: Edition) -> Path:
    inbox = tmp_path / "inbox"
    data = SubmissionFactory(edition)("application")["data"]
    data["applicant_unit"] = "济南市科协"
    for folder, scan in (("济南市科协 1", sample_scan()), ("济南市科协 2", minimal_pdf(["x"]))):
        mail = inbox / folder
        mail.mkdir(parents=True)
        data = dict(data, project_name=f"项目 {folder[-1]}")
        (mail / "申报表.docx").write_bytes(filled(edition, "application", data))
        (mail / "申报表.pdf").write_bytes(scan)
    return inbox


def test_the_report_and_roster_show_the_scans(tmp_path: Path, edition: Edition) -> None:
    report = check_inbox(edition, _inbox(tmp_path, edition), now=NOW)
    out = tmp_path / "out"
    write_report_dir(report, edition, out, forms=False)
    page = _Images()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    classes = [str(img.get("class")) for img in page.images]
    # Both scans have a first page; the stamped one shows its seal, the
    # exported placeholder none.
    assert classes.count("thumb") == 2
    assert classes.count("seal") >= 1
    assert all(str(img.get("src")).startswith("data:image/png;base64,") for img in page.images)
    sheet = load_workbook(out / "roster.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    column = header.index("盖章")
    values = sorted(str(row[column].value) for row in sheet.iter_rows(min_row=2))
    assert values == ["有", "未见"]
    # The stamped scan is signed beside 主要负责人（签章）; the exported
    # placeholder has no signature.
    column = header.index("签名")
    values = sorted(str(row[column].value) for row in sheet.iter_rows(min_row=2))
    assert values == ["有", "未见"]


class _Scans(HTMLParser):
    """The pictures of each submission's scan: (class, alt, caption) by the
    file named in its block."""

    def __init__(self) -> None:
        super().__init__()
        self.by_file: dict[str, list[tuple[str, str, str]]] = {}
        #: Each picture's (class, src), by the file named in its block.
        self.srcs: dict[str, list[tuple[str, str]]] = {}
        self._file = ""
        self._in_file = False
        self._caption: list[str] | None = None
        self._img: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "span" and a.get("class") == "file":
            self._in_file, self._file = True, ""
        elif tag == "img" and self._file:
            assert str(a.get("src")).startswith("data:image/png;base64,")
            self._img = (str(a.get("class")), str(a.get("alt")))
            self.srcs.setdefault(self._file, []).append((self._img[0], str(a.get("src"))))
        elif tag == "figcaption":
            self._caption = []

    def handle_data(self, data: str) -> None:
        if self._in_file:
            self._file += data
        elif self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_file = False
        elif tag == "figcaption" and self._img is not None and self._caption is not None:
            self.by_file.setdefault(self._file, []).append((*self._img, "".join(self._caption)))
            self._img, self._caption = None, None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_shows_the_signature_found_beside_the_seal(
    tmp_path: Path, edition: Edition, lang: str
) -> None:
    from reform_brand.office._report_html import _T
    from reform_brand.scan.synthetic import scan_from_docx

    inbox = tmp_path / "inbox"
    data = SubmissionFactory(edition)("application")["data"]
    data["applicant_unit"] = "济南市科协"
    unsigned = dict(data, project_name="项目 2")
    word = filled(edition, "application", unsigned)
    scans = {
        "济南市科协 1": (dict(data, project_name="项目 1"), sample_scan()),
        "济南市科协 2": (
            unsigned,
            scan_from_docx(
                word,
                title="申报表",
                rows=[("项目名称", "项目 2")],
                seal_text="济南市科协",
                signature=False,
            ),
        ),
    }
    for folder, (values, scan) in scans.items():
        mail = inbox / folder
        mail.mkdir(parents=True)
        (mail / "申报表.docx").write_bytes(filled(edition, "application", values))
        (mail / "申报表.pdf").write_bytes(scan)
    report = check_inbox(edition, inbox, now=NOW)
    out = tmp_path / "out"
    write_report_dir(report, edition, out, forms=False, lang=lang)
    page = _Scans()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    signed = page.by_file["济南市科协 1/申报表.docx"]
    bare = page.by_file["济南市科协 2/申报表.docx"]
    words = {k: v[lang == "en"] for k, v in _T.items()}
    # Each picture is captioned in the page's language, as its alt text.
    assert all(alt == caption for _kind, alt, caption in signed + bare)
    kinds = [kind for kind, _alt, _caption in signed]
    assert kinds.index("seal") < kinds.index("signature")
    assert ("signature", words["signature"], words["signature"]) in signed
    assert [kind for kind, _alt, _caption in bare].count("signature") == 0
    assert any(kind.startswith("seal") for kind, _alt, _caption in bare)


def _thumb(scan: Path) -> str:
    """The thumbnail the report shows of ``scan``, as the check found it."""
    from reform_brand.scan import verify_scan

    png = verify_scan(scan, label="主要负责人（签章）").thumbnail_png
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_submissions_of_one_id_each_show_their_own_scan(
    tmp_path: Path, edition: Edition, jobs: str
) -> None:
    """A Word form with its signed and stamped scan, and a JSON envelope
    sent with the same id (``batch.duplicate-id``), whose facts name no
    scan: the form's roster row and its part of report.html show its scan's
    pictures and what was seen on it, the envelope's none (both were looked
    up by the id, and the envelope showed the form's scan as its own)."""
    from reform_brand.cli import main
    from tests.validation.helpers import batch_envelope, minimal_docx

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    data = SubmissionFactory(edition)("application")["data"]
    mail = inbox / "济南市科协"
    mail.mkdir(parents=True)
    (mail / "申报表.docx").write_bytes(filled(edition, "application", data))
    (mail / "申报表.pdf").write_bytes(sample_scan())
    sent = inbox / "sent"
    sent.mkdir()
    (sent / "scan.pdf").write_bytes(minimal_pdf(["x"]))
    (sent / "form.docx").write_bytes(minimal_docx())
    env = json.dumps(batch_envelope(1, "济南市科协/申报表.docx"), ensure_ascii=False)
    (sent / "envelope.json").write_text(env, encoding="utf-8")
    argv = ["check", "shandong-2022", str(inbox), "--report", str(out), "--jobs", jobs]
    with redirect_stdout(io.StringIO()):
        main([*argv, "--json", "--now", NOW.isoformat()])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "batch.duplicate-id" in {f["code"] for f in report["findings"]}
    assert [s["scan"] for s in report["inbox"]["submissions"]] == ["济南市科协/申报表.pdf", ""]
    sheet = load_workbook(out / "roster.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    seen = [(r["扫描件"], r["盖章"], r["签名"]) for r in rows]
    assert seen == [("济南市科协/申报表.pdf", "有", "有"), (None, None, None)]
    page = _Scans()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    thumbs = {
        name: [src for kind, src in pictures if kind == "thumb"]
        for name, pictures in page.srcs.items()
    }
    assert thumbs == {"济南市科协/申报表.docx": [_thumb(mail / "申报表.pdf")]}
