"""Markdown and a printable HTML page of a form, laid out like the Word form.

Neither needs docxtpl or python-docx.  Both print the same rows as the Word
form (see :mod:`reform_brand.render._layout`); values are escaped for their
format, and each line of a long text is a paragraph of its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from reform_brand.model import Edition, Form, FormField
from reform_brand.render import _layout as L
from reform_brand.render._context import Context, form_context, paragraphs, zh_date

__all__ = ["HtmlRenderer", "MarkdownRenderer"]


def _text(f: FormField, value: str) -> str:
    return zh_date(value) if f.type == "date" else value


def _date_label(label: str) -> str:
    return label.replace(" ", "　　")


# -- Markdown ------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#!&])")
_MD_LINE_START = re.compile(r"^( *)([-+=]|[0-9]+[.)])")


def md_escape(text: str) -> str:
    """One line of ``text`` as Markdown that shows it literally (CommonMark):
    inline markup characters are backslash-escaped, and so is a list, heading
    or rule marker at the start of the line."""
    text = _MD_INLINE.sub(r"\\\1", text)
    m = _MD_LINE_START.match(text)
    if m is not None:
        marker = m[2]
        escaped = "\\" + marker if marker in "-+=" else marker[:-1] + "\\" + marker[-1]
        text = text[: m.start(2)] + escaped + text[m.end(2) :]
    return text


def _md_cell(text: str) -> str:
    return "<br>".join(md_escape(line) for line in text.split("\n")) or " "


class _TextRenderer:
    """A renderer whose output is UTF-8 text built by ``text()``."""

    def __init__(self, editions: tuple[str, ...] = ()) -> None:
        self.editions: tuple[str, ...] = editions

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        return self.text(edition, form, form_context(form, data)).encode("utf-8")

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        raise NotImplementedError


class MarkdownRenderer(_TextRenderer):
    """The form as Markdown (UTF-8): headings, header line, rows in order."""

    id: ClassVar[str] = "md"
    suffix: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        lay = L.layout(form)
        out: list[str] = [f"{form.attachment}", "", f"# {md_escape(form.title.zh)}", ""]
        header: list[str] = []
        for f in lay.header_text:
            value = ctx[f.id]
            header.append(f"{f.label.zh}：{md_escape(value) if value else '＿＿＿＿＿＿'}")
        for f in lay.header_dates:
            header.append(md_escape(zh_date(ctx[f.id])))
        if header:
            out += ["　　".join(header), ""]
        for row in lay.rows:
            f = row.field
            if f.type == "group":
                group: Mapping[str, str] = ctx[f.id]
                out += [f"## {f.label.zh}", ""]
                out.append("| " + " | ".join(s.label.zh for s in f.fields) + " |")
                out.append("|" + " --- |" * len(f.fields))
                out.append(
                    "| " + " | ".join(_md_cell(_text(s, group[s.id])) for s in f.fields) + " |"
                )
                out.append("")
                continue
            value = _text(f, ctx[f.id])
            if f.lines <= 1 and not f.blocks and "\n" not in value:
                out += [f"**{f.label.zh}**：{md_escape(value)}", ""]
                continue
            out += [f"## {f.label.zh}", ""]
            for para in paragraphs(value):
                if para.strip():
                    out += [md_escape(para), ""]
            if not value:
                out += ["　", ""] if f.filled_by != "issuer" else []
            for line in L.block_lines(f.blocks):
                if line[0].kind == "date":
                    out += [_date_label(line[0].label.zh), ""]
                else:
                    out += ["　　".join(b.label.zh for b in line), ""]
        return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ----------------------------------------------------------------

_CSS = """\
@page { size: A4; margin: %(top)smm %(right)smm %(bottom)smm %(left)smm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: %(width)smm;
  font-family: "FangSong", "STFangsong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: %(value)spt; line-height: 1.4; }
.attachment { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif;
  font-size: %(attachment)spt; margin: 0 0 6pt; }
h1 { font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: %(title)spt;
  text-align: center; margin: 6pt 0 12pt; }
.header { display: flex; justify-content: space-between; font-size: %(header)spt;
  margin: 0 0 6pt; white-space: pre-wrap; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; }
td, th { border: 1px solid #000; padding: 1mm 1.9mm; vertical-align: middle; }
th { font-weight: normal; font-size: %(label)spt; text-align: center; }
td p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
td.long { vertical-align: top; }
td.long p { text-indent: 2em; }
td.blocks { vertical-align: bottom; }
td.center { text-align: center; font-size: %(group)spt; }
p.block { text-align: right; margin: 4pt 8mm 4pt 0; font-size: %(label)spt; }
@media screen { body { padding: 10mm; } }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _paras(text: str) -> str:
    return "".join(f"<p>{_esc(p) or '&#8203;'}</p>" for p in paragraphs(text))


class HtmlRenderer(_TextRenderer):
    """A printable, self-contained HTML page of the form (A4, no network)."""

    id: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html; charset=utf-8"

    def text(self, edition: Edition, form: Form, ctx: Context) -> str:
        lay = L.layout(form)
        css = _CSS % {
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
        w: list[str] = []
        a = w.append
        a("<!DOCTYPE html>")
        a('<html lang="zh-CN">')
        a("<head>")
        a('<meta charset="utf-8">')
        a(f"<title>{_esc(form.attachment)} {_esc(form.title.zh)}</title>")
        a(f"<style>\n{css}</style>")
        a("</head>")
        a("<body>")
        a(f'<p class="attachment">{_esc(form.attachment)}</p>')
        a(f"<h1>{_esc(form.title.zh)}</h1>")
        if lay.header_text or lay.header_dates:
            left = "　　".join(f"{_esc(f.label.zh)}：{_esc(ctx[f.id])}" for f in lay.header_text)
            right = " ".join(_esc(zh_date(ctx[f.id])) for f in lay.header_dates)
            a(f'<div class="header"><span>{left}</span><span>{right}</span></div>')
        a("<table>")
        a(
            "<colgroup>"
            + "".join(f'<col style="width:{c}mm">' for c in lay.columns_mm)
            + "</colgroup>"
        )
        span = lay.value_columns
        for row in lay.rows:
            f = row.field
            h = f"height:{row.height_mm}mm"
            if f.type == "group":
                group: Mapping[str, str] = ctx[f.id]
                subs = f.fields[:span]
                last_span = span - len(subs) + 1
                heads = "".join(
                    f"<th{_colspan(last_span if i == len(subs) - 1 else 1)}>{_esc(s.label.zh)}</th>"
                    for i, s in enumerate(subs)
                )
                vals = "".join(
                    f'<td class="center"{_colspan(last_span if i == len(subs) - 1 else 1)}>'
                    f"{_paras(_text(s, group[s.id]))}</td>"
                    for i, s in enumerate(subs)
                )
                a(f'<tr style="{h}"><th rowspan="2">{_label(f.label.zh)}</th>{heads}</tr>')
                a(f'<tr style="{h}">{vals}</tr>')
                continue
            cls = "blocks" if f.blocks else "long" if f.lines > 1 else ""
            blocks = "".join(
                '<p class="block">'
                + (
                    _esc(_date_label(line[0].label.zh))
                    if line[0].kind == "date"
                    else "　　　　　　".join(_esc(b.label.zh) for b in line)
                )
                + "</p>"
                for line in L.block_lines(f.blocks)
            )
            cls_attr = f' class="{cls}"' if cls else ""
            a(
                f'<tr style="{h}"><th>{_label(f.label.zh)}</th>'
                f"<td{cls_attr}{_colspan(span)}>{_paras(_text(f, ctx[f.id]))}{blocks}</td></tr>"
            )
        a("</table>")
        a("</body>")
        a("</html>")
        return "\n".join(w) + "\n"


def _label(text: str) -> str:
    return "<br>".join(_esc(line) for line in L.label_lines(text))


def _colspan(n: int) -> str:
    return f' colspan="{n}"' if n > 1 else ""
