"""Markdown and a printable HTML page of a form, laid out like the Word form.

Neither needs docxtpl or python-docx.  Both print the same rows as the Word
form (see :mod:`reform_brand.render._layout`), from the templates
``templates/form.md.j2`` and ``templates/form.html.j2`` rendered in the
sandboxed page environment (:func:`reform_brand.render._jinja.page_environment`):
every value is escaped for its format when printed, and each line of a long
text is a paragraph of its own.  Jinja is imported on the first render.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import frozen

import reform_brand.render._layout as L
from reform_brand.model import Edition, Form, FormField
from reform_brand.render._context import Context, form_context, paragraphs, zh_date
from reform_brand.render._escape import md_escape

__all__ = ["HtmlRenderer", "MarkdownRenderer", "md_escape"]

_PACKAGE = "reform_brand.render"
#: Written in an empty header value of the Markdown form.
_BLANK_HEADER = "＿＿＿＿＿＿"


def _text(f: FormField, value: str) -> str:
    return zh_date(value) if f.type == "date" else value


def _date_label(label: str) -> str:
    return label.replace(" ", "　　")


def _block_texts(f: FormField, sep: str) -> list[str]:
    """The lines of a field's blocks (signature, seal, date) below its value."""
    return [
        _date_label(line[0].label.zh)
        if line[0].kind == "date"
        else sep.join(b.label.zh for b in line)
        for line in L.block_lines(f.blocks)
    ]


def _render(template: str, markdown: bool, **context: object) -> str:
    from reform_brand.render._jinja import page_environment

    env = page_environment(_PACKAGE, markdown=markdown)
    return env.get_template(template).render(context)


class _TextRenderer:
    """A renderer whose output is UTF-8 text built by ``text()``."""

    def __init__(self, editions: tuple[str, ...] = ()) -> None:
        self.editions: tuple[str, ...] = editions

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        return self.text(edition, form, form_context(form, data)).encode("utf-8")

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        raise NotImplementedError


# -- Markdown ------------------------------------------------------------


@frozen
class _Header:
    label: str
    value: str


@frozen
class _MdCell:
    label: str
    text: str


@frozen(kw_only=True)
class _MdRow:
    label: str
    #: A group: its sub-fields, as a table of one row.
    cells: tuple[_MdCell, ...] = ()
    #: A short value on the label's line.
    inline: bool = False
    text: str = ""
    #: A long value: its non-blank paragraphs, under the label as a heading.
    paragraphs: tuple[str, ...] = ()
    #: An empty value the applicant fills in: one blank paragraph.
    blank: bool = False
    blocks: tuple[str, ...] = ()


def _md_row(f: FormField, ctx: Context) -> _MdRow:
    if f.type == "group":
        group: Mapping[str, str] = ctx[f.id]
        cells = tuple(_MdCell(s.label.zh, _text(s, group[s.id])) for s in f.fields)
        return _MdRow(label=f.label.zh, cells=cells)
    value = _text(f, ctx[f.id])
    if f.lines <= 1 and not f.blocks and "\n" not in value:
        return _MdRow(label=f.label.zh, inline=True, text=value)
    return _MdRow(
        label=f.label.zh,
        paragraphs=tuple(p for p in paragraphs(value) if p.strip()),
        blank=not value and f.filled_by != "issuer",
        blocks=tuple(_block_texts(f, "　　")),
    )


class MarkdownRenderer(_TextRenderer):
    """The form as Markdown (UTF-8): headings, header line, rows in order."""

    id: ClassVar[str] = "md"
    suffix: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        lay = L.layout(form)
        header = [_Header(f.label.zh, ctx[f.id] or _BLANK_HEADER) for f in lay.header_text]
        header += [_Header("", zh_date(ctx[f.id])) for f in lay.header_dates]
        page = _render(
            "form.md.j2",
            True,
            attachment=form.attachment,
            title=form.title.zh,
            header=header,
            rows=[_md_row(row.field, ctx) for row in lay.rows],
        )
        return page.rstrip("\n") + "\n"


# -- HTML ----------------------------------------------------------------


@frozen
class _HtmlCell:
    label: str
    span: int
    paragraphs: tuple[str, ...]
    #: A phone number or an e-mail address, never broken inside (:func:`_whole`).
    whole: bool = False


#: Fields whose values a line must not break inside: ``0531-8207`` /
#: ``3271`` is no phone number a clerk can dial.
_WHOLE_TYPES = frozenset({"phone", "mobile", "email"})
#: Longer than this, a value is no one number or address: it wraps as any
#: text does rather than run over the cells beside it.
_WHOLE_MOST = 64


def _whole(f: FormField, value: str) -> bool:
    """Whether ``f``'s ``value`` is kept whole on the page (a cell's
    ``whole`` class: no break inside a number or an address, only where a
    line may break anyway, at a space or a hyphen before a letter)."""
    return f.type in _WHOLE_TYPES and len(value) <= _WHOLE_MOST and "\n" not in value


@frozen(kw_only=True)
class _HtmlRow:
    #: The label's lines (a long label breaks as the Word form does).
    label: list[str]
    height: float
    #: A group: its sub-fields, labels on the first table row, values below.
    cells: tuple[_HtmlCell, ...] = ()
    #: The value cell's class ("long", "blocks", "whole" or none) and its span.
    style: str = ""
    span: int = 1
    paragraphs: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()


#: Longer than this, what is written where the header's date goes is no
#: date (``2022 年 12 月 31 日`` has 16 characters): it wraps as any text
#: does rather than run off the page.
_DATE_MOST = 24


def _dates_wrap(dates: list[str]) -> bool:
    """Whether the header's ``dates`` may wrap (the class ``wrap``)."""
    return any(len(d) > _DATE_MOST or "\n" in d for d in dates)


def _style(f: FormField, value: str) -> str:
    """The class of a single field's value cell."""
    if f.blocks:
        return "blocks"
    if f.lines > 1:
        return "long"
    return "whole" if _whole(f, value) else ""


def _html_row(row: L.Row, ctx: Context, span: int) -> _HtmlRow:
    f = row.field
    label = L.label_lines(f.label.zh)
    if f.type == "group":
        group: Mapping[str, str] = ctx[f.id]
        subs = f.fields[:span]
        last_span = span - len(subs) + 1
        cells = tuple(
            _HtmlCell(
                s.label.zh,
                last_span if i == len(subs) - 1 else 1,
                tuple(paragraphs(_text(s, group[s.id]))),
                _whole(s, group[s.id]),
            )
            for i, s in enumerate(subs)
        )
        return _HtmlRow(label=label, height=row.height_mm, cells=cells)
    return _HtmlRow(
        label=label,
        height=row.height_mm,
        style=_style(f, ctx[f.id]),
        span=span,
        paragraphs=tuple(paragraphs(_text(f, ctx[f.id]))),
        blocks=tuple(_block_texts(f, "　　　　　　")),
    )


#: Sizes the page's style sheet is written with.
_PAGE: dict[str, float] = {
    "top": L.MARGIN_TOP_MM,
    "right": L.MARGIN_RIGHT_MM,
    "bottom": L.MARGIN_BOTTOM_MM,
    "left": L.MARGIN_LEFT_MM,
    "width": L.TEXT_WIDTH_MM,
    "value": L.VALUE_PT,
    "attachment": L.ATTACHMENT_PT,
    "title": L.TITLE_PT,
    "header": L.HEADER_PT,
    "label": L.LABEL_PT,
    "group": L.GROUP_PT,
}


class HtmlRenderer(_TextRenderer):
    """A printable, self-contained HTML page of the form (A4, no network)."""

    id: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html; charset=utf-8"

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        lay = L.layout(form)
        dates = [zh_date(ctx[f.id]) for f in lay.header_dates]
        return _render(
            "form.html.j2",
            False,
            attachment=form.attachment,
            title=form.title.zh,
            page=_PAGE,
            header=[_Header(f.label.zh, ctx[f.id]) for f in lay.header_text],
            dates=dates,
            dates_wrap=_dates_wrap(dates),
            columns=lay.columns_mm,
            rows=[_html_row(row, ctx, lay.value_columns) for row in lay.rows],
        )
