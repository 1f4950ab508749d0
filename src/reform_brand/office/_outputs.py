"""What the office's commands write: the report folder (report.json,
report.html, roster.xlsx, the forms as read), and the envelopes exported
from an inbox.

Every file is written atomically (a temporary file in the same folder, then
a rename), so two runs writing the same folder at once leave complete
files.  Every output folder gets the marker file :data:`OUTPUT_MARKER`, by
which intake knows its own outputs and never reads them as received files.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from reform_brand.model import Edition
from reform_brand.office._inbox import InboxReport, InboxSubmission, inbox_to_json
from reform_brand.office._marker import OUTPUT_MARKER, is_output_dir, mark_output, write_atomic
from reform_brand.office._report_html import report_html
from reform_brand.office._roster import roster_xlsx
from reform_brand.office._scan_views import ScanView, scan_views

__all__ = [
    "OUTPUT_MARKER",
    "REPORT_FILES",
    "is_output_dir",
    "mark_output",
    "write_atomic",
    "write_report_dir",
]

REPORT_FILES: Final = ("report.json", "report.html", "roster.xlsx")


def _form_file_name(n: int, sub: InboxSubmission) -> str:
    unit = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", unicodedata.normalize("NFKC", sub.unit))[:40]
    return f"{n:03d}-{unit or 'form'}.html"


def write_report_dir(
    report: InboxReport,
    edition: Edition,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    forms: bool = True,
    scans: Mapping[str, ScanView] | None = None,
) -> list[Path]:
    """Write ``report.json``, ``report.html``, ``roster.xlsx`` and (with
    ``forms``) each form as read, as a printable HTML page under ``forms/``,
    into ``out_dir`` (created if needed), with the output marker.  Each file is
    written atomically.  Returns the paths written (not the marker).
    ``scans`` are the scans' pictures when taken beforehand (the inbox's
    files are gone); by default they are taken from the inbox now."""
    from reform_brand.errors import ReformBrandError
    from reform_brand.render import render_form

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mark_output(out, "report")
    written: list[Path] = []
    links: dict[str, str] = {}
    if forms:
        forms_dir = out / "forms"
        for n, sub in enumerate(report.submissions, start=1):
            if not sub.read or not sub.form:
                continue
            try:
                page = render_form(edition, sub.form, dict(sub.data), fmt="html")
            except ReformBrandError:
                continue  # data that does not fit the form (a JSON batch): no page
            forms_dir.mkdir(exist_ok=True)
            name = _form_file_name(n, sub)
            write_atomic(forms_dir / name, page)
            written.append(forms_dir / name)
            links[sub.id] = f"forms/{name}"
    data = json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"
    if scans is None:
        scans = scan_views(report)  # once, for the report's pictures and the roster
    html = report_html(report, edition, lang=lang, form_links=links, scans=scans)
    for name, payload in (
        ("report.json", data.encode("utf-8")),
        ("report.html", html.encode("utf-8")),
        ("roster.xlsx", roster_xlsx(report, edition, lang=lang, scans=scans)),
    ):
        write_atomic(out / name, payload)
        written.append(out / name)
    return written
