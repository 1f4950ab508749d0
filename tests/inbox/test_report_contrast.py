"""The status colours of report.html are read as text (a verdict, a badge's
white words, a count beside a bar): each keeps the contrast WCAG 2 asks of
normal text against the white it is printed on (AA: 4.5 to 1)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from reform_brand import Edition
from reform_brand.office._report_html import report_html
from tests.inbox.test_report_html import hostile_report
from tests.inbox.test_report_parts import _report as within_quota

#: WCAG 2.x, success criterion 1.4.3: text below 18pt (14pt bold).
AA: float = 4.5
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _css() -> str:
    return (
        resources.files("reform_brand.office")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("name", ["err", "warn", "info", "ok", "muted"])
def test_a_status_colour_reads_on_white(name: str) -> None:
    m = re.search(rf"--{name}:(#[0-9a-fA-F]{{6}})", _css())
    assert m is not None
    # The colour as text on white (a verdict), and white on it (a badge).
    assert contrast(m.group(1), WHITE) >= AA


def test_the_numbers_beside_the_bars_read_on_white(edition: Edition) -> None:
    # A unit over its quota (a red bar), units within it (blue ones).
    page = report_html(hostile_report(edition), edition) + report_html(
        within_quota(2), edition, scans={}
    )
    fills = set(re.findall(r'<text [^>]*fill="(#[0-9a-fA-F]{6})"', page))
    assert fills
    assert {f: round(contrast(f, WHITE), 2) for f in fills if contrast(f, WHITE) < AA} == {}
