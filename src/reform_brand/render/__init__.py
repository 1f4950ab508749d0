"""Rendering forms: Word (.docx), Markdown and a printable HTML page.

Renderers are plugins (the ``reform_brand_renderers`` hook); the three
built-in ones are registered by the default plugin
:mod:`reform_brand.render.plugin`.  Importing this package does not import
docxtpl or python-docx: they are imported on the first Word render.

    >>> from reform_brand import Host
    >>> from reform_brand.render import render_form
    >>> host = Host.create()
    >>> edition = host.edition(host.editions.ids()[0])  # an installed edition
    >>> blank = render_form(edition, "application", host=host)            # .docx bytes
    >>> filled = render_form(edition, "application", {"project_name": "…"}, fmt="md")

See docs/rendering.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

from reform_brand.errors import Problem
from reform_brand.model import Edition, Form
from reform_brand.render._api import (
    builtin_renderers,
    check_data,
    get_renderer,
    render_form,
    render_with,
)
from reform_brand.render._context import Context, blank_context, form_context, normalise_text
from reform_brand.render._errors import (
    RenderDataError,
    RenderError,
    TemplateError,
    UnknownFormatError,
)
from reform_brand.render._renderer import DocxRenderer
from reform_brand.render._text import HtmlRenderer, MarkdownRenderer

__all__ = [
    "Context",
    "DocxRenderer",
    "HtmlRenderer",
    "MarkdownRenderer",
    "RenderDataError",
    "RenderError",
    "TemplateError",
    "UnknownFormatError",
    "blank_context",
    "build_template",
    "builtin_renderers",
    "check_data",
    "check_template",
    "edition_template_problems",
    "form_context",
    "form_template",
    "get_renderer",
    "normalise_text",
    "render_form",
    "render_with",
]


def build_template(edition: Edition, form: Form) -> bytes:
    """The Word template built from ``form``'s data (.docx bytes, with
    docxtpl tags), ready to be edited and shipped as an edition's own."""
    from reform_brand.render._builder import build_template as build

    return build(edition, form)


def check_template(form: Form, data: bytes, *, name: str = "") -> list[Problem]:
    """Problems of ``data`` as the Word template of ``form``; empty if usable."""
    from reform_brand.render._docx import check_template as check

    return check(form, data, name=name)


def edition_template_problems(
    edition: Edition, source: Traversable | Path, file: str
) -> Iterator[Problem]:
    """Problems of the templates ``edition`` brings (``Form.template``), read
    from its data directory ``source``; ``file`` names the forms' data file.
    (The loader asks each renderer's ``check_template`` instead.)"""
    from reform_brand.render._docx import edition_template_problems as problems

    return problems(edition, source, file)


def form_template(edition: Edition, form: Form) -> bytes:
    """The Word template ``form`` is rendered with: the one the edition brings
    (``Form.template``) or, without one, the one built from the form."""
    from reform_brand.render._docx import template_bytes

    return template_bytes(edition, form)
