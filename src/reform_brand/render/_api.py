"""Rendering a form in one call, with the host's renderers or the built-in ones."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from reform_brand.loader import template_problems
from reform_brand.model import checked_edition
from reform_brand.plugin import Edition, Form, Renderer
from reform_brand.render._context import form_context
from reform_brand.render._errors import UnknownFormatError
from reform_brand.render._renderer import DocxRenderer
from reform_brand.render._text import HtmlRenderer, MarkdownRenderer
from reform_brand.schema import get_form

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = [
    "builtin_renderers",
    "check_data",
    "get_renderer",
    "render_form",
    "render_with",
    "template_problems",
]


@cache
def builtin_renderers() -> tuple[Renderer, ...]:
    """The built-in renderers, one shared instance each (their template
    caches are shared by every host)."""
    return (DocxRenderer(), MarkdownRenderer(), HtmlRenderer())


def get_renderer(edition: Edition | str, fmt: str, *, host: Host | None = None) -> Renderer:
    """The renderer ``fmt`` for ``edition``: the host's (plugins included) or,
    without a host, a built-in one.  Raises :class:`UnknownFormatError`."""
    from reform_brand.host import host_or_new

    edition_id = edition if isinstance(edition, str) else checked_edition(edition).id
    candidates = (
        host_or_new(host).renderers.for_edition(edition_id)
        if host is not None
        else list(builtin_renderers())
    )
    for r in candidates:
        if r.id == fmt:
            return r
    raise UnknownFormatError(edition_id, fmt, [r.id for r in candidates])


def render_form(
    edition: Edition,
    form: Form | str,
    data: Mapping[str, Any] | None = None,
    *,
    fmt: str = "docx",
    host: Host | None = None,
) -> bytes:
    """``form`` of ``edition`` rendered as ``fmt``: blank when ``data`` is
    ``None``, else filled with the form data (the ``data`` of a submission).

    Raises :class:`~reform_brand.errors.UnknownFormError`,
    :class:`UnknownFormatError`, :class:`RenderDataError` (the data does not
    fit the form) or :class:`TemplateError`.
    """
    form_obj = get_form(edition, form)
    return render_with(get_renderer(edition, fmt, host=host), edition, form_obj, data)


def check_data(form: Form, data: object) -> None:
    """Check ``data`` against ``form`` as every renderer needs it: an object
    whose keys are the form's fields and whose values are text or numbers.
    Raises :class:`RenderDataError` listing every problem with its JSON
    pointer; ``None`` (a blank form) is fine."""
    if data is not None:
        form_context(form, cast("Mapping[str, Any]", data))


def render_with(
    renderer: Renderer, edition: Edition, form: Form, data: Mapping[str, Any] | None = None
) -> bytes:
    """``renderer.render(edition, form, data)`` after :func:`check_data`: a
    plugin's renderer gets data checked exactly as the built-in ones do."""
    check_data(form, data)
    return renderer.render(edition, form, data)
