"""Number fields printed on the Word form, in HTML and Markdown, and read
back from a filled .docx."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from reform_brand import Edition, Host
from reform_brand.office._read import parse_number, read_form
from reform_brand.render import RenderDataError, render_form
from reform_brand.render._zip import deterministic_zip
from reform_brand.schema import format_number
from reform_brand.testing import SubmissionFactory


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (-3, "-3"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (10**25, "10000000000000000000000000"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_number_prints_an_int_of_any_length() -> None:
    """``str()`` refuses an int of over 4300 digits (ValueError)."""
    assert format_number(-(10**5000)) == "-1" + "0" * 5000


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12.5", 12.5),
        ("１２", 12),
        ("12,000", 12000),
        ("12，000", 12000),
        # (A space that groups thousands, as SI writes them.)
        ("12 000", 12000),
        ("1 200 000.5 万元", 1200000.5),
        ("１２　０００", 12000),
        ("12 万元", 12),
        ("１２．５万元", 12.5),
        # (万 alone is 万元 as people say it: the number is the same.)
        ("12万", 12),
        ("12.5 万", 12.5),
        (" -3 ", -3),
        ("0.30000000000000004", 0.30000000000000004),
        ("100000000000000000000", 10**20),
    ],
)
def test_parse_number(text: str, number: float) -> None:
    value = parse_number(text, "万元")
    assert value == number
    assert isinstance(value, int) == isinstance(number, int)


@pytest.mark.parametrize(
    # 120000元 in a 万元 field is not converted: a number in another unit
    # is a slip the unit confirms, not a guess the reader makes.
    "text",
    [
        "",
        "约 12",
        "120000元",
        "12 元",
        "12 千元",
        "1,2345",
        "12-15",
        # (Two numbers, never one: 1215, 12, 12000.)
        "12\n15",
        "12\t15",
        "1 2",
        "12 00",
        "12 000\n5",
        "十二",
        "1e5",
        "nan",
        "9" * 331,
    ],
)
def test_text_that_is_not_a_number(text: str) -> None:
    assert parse_number(text, "万元") is None


def _data(edition: Edition, **numbers: Any) -> dict[str, Any]:
    data = SubmissionFactory(edition).data("application")
    data.update(numbers)
    return data


@pytest.mark.parametrize(
    ("amount", "staff"), [(120.5, 12), (0, 1), (10000, 500), (7.25, None), (99.0, 3)]
)
def test_render_and_read_back_give_the_same_numbers(
    budget: Edition, budget_host: Host, amount: float, staff: int | None
) -> None:
    data = _data(budget, budget=amount, staff=staff)
    docx = render_form(budget, "application", data, host=budget_host)
    result = read_form(budget, docx)
    assert result.ok and result.findings == ()
    assert result.data["budget"] == amount
    assert result.data.get("staff") == staff
    assert isinstance(result.data["budget"], int) == float(amount).is_integer()


@pytest.mark.parametrize("amount", [5e-324, -1e-40, 1.7976931348623157e308, -(10**300)])
def test_a_number_at_the_limits_of_a_float_reads_back(
    budget: Edition, budget_host: Host, amount: float
) -> None:
    """Printed without an exponent, it is hundreds of digits long: the reader
    reads it back (out of the field's range, which validation says)."""
    data = _data(budget, budget=amount)
    result = read_form(budget, render_form(budget, "application", data, host=budget_host))
    assert (result.data["budget"], result.codes()) == (amount, [])


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_an_int_too_large_for_a_float_is_printed(
    budget: Edition, budget_host: Host, fmt: str
) -> None:
    """(It raised OverflowError, no error of the renderer's.)"""
    data = _data(budget, budget=10**5000)
    page = render_form(budget, "application", data, fmt=fmt, host=budget_host)
    if fmt != "docx":
        assert "1" + "0" * 5000 in page.decode()
    result = read_form(budget, render_form(budget, "application", data, host=budget_host))
    assert (result.data.get("budget"), result.codes()) == (None, ["read.bad-number"])


def _set_value(label: str, text: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        for table in doc.tables:
            for row in table.rows:
                cells = list(row.cells)
                for i, cell in enumerate(cells[:-1]):
                    if "".join(cell.text.split()) == label:
                        target = cells[i + 1]
                        for p in target.paragraphs[1:]:
                            p._p.getparent().remove(p._p)
                        target.paragraphs[0].text = text
                        return
        raise KeyError(label)

    return step


def _typed(edition: Edition, host: Host, label: str, text: str) -> bytes:
    doc = Document(io.BytesIO(render_form(edition, "application", _data(edition), host=host)))
    _set_value(label, text)(doc)
    out = io.BytesIO()
    doc.save(out)
    return deterministic_zip(out.getvalue())


@pytest.mark.parametrize(
    ("typed", "number"), [("１２,０００", 12000), ("12 万元", 12), ("  3.5  ", 3.5)]
)
def test_numbers_typed_by_hand_are_read(
    budget: Edition, budget_host: Host, typed: str, number: float
) -> None:
    result = read_form(budget, _typed(budget, budget_host, "项目经费（万元）", typed))
    assert result.findings == ()
    assert result.data["budget"] == number


def test_text_that_is_not_a_number_is_a_finding(budget: Edition, budget_host: Host) -> None:
    result = read_form(budget, _typed(budget, budget_host, "项目经费（万元）", "约十二万"))
    assert [(f.code, f.pointer) for f in result.findings] == [("read.bad-number", "/data/budget")]
    assert "budget" not in result.data
    staff = read_form(budget, _typed(budget, budget_host, "参与人数", "12 人"))
    assert [(f.code, f.pointer) for f in staff.findings] == [("read.bad-number", "/data/staff")]


def test_an_empty_number_cell_is_left_out(budget: Edition, budget_host: Host) -> None:
    data = _data(budget)
    del data["staff"]
    result = read_form(budget, render_form(budget, "application", data, host=budget_host))
    assert "staff" not in result.data and result.findings == ()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_renderers_print_numbers_with_their_unit(
    budget: Edition, budget_host: Host, fmt: str
) -> None:
    data = _data(budget, budget=12000.0, staff=12)
    text = render_form(budget, "application", data, fmt=fmt, host=budget_host).decode()
    assert "12000 万元" in text
    assert "12000.0" not in text
    blank = render_form(budget, "application", fmt=fmt, host=budget_host).decode()
    assert "12000" not in blank


@pytest.mark.parametrize("bad", ["120", True, [1], float("nan")])
def test_render_refuses_a_value_that_is_not_a_number(
    budget: Edition, budget_host: Host, bad: Any
) -> None:
    with pytest.raises(RenderDataError) as info:
        render_form(budget, "application", _data(budget, budget=bad), fmt="md", host=budget_host)
    assert [(p.code, p.path) for p in info.value.problems] == [("render.bad-number", "/budget")]


def test_render_accepts_a_blank_number(budget: Edition, budget_host: Host) -> None:
    for blank in ("", None):
        text = render_form(
            budget, "application", _data(budget, staff=blank), fmt="md", host=budget_host
        ).decode()
        assert "**参与人数**" in text
