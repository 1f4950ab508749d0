"""The Word renderer: docxtpl on a form's template, made deterministic.

A form's template is the edition's own (``Form.template``, a path relative
to the edition's data directory) or, without one, the template built from
the form's data (:mod:`reform_brand.render._builder`).  Template bytes are
read or built once and cached; each render opens a fresh ``DocxTemplate`` on
them (docxtpl keeps state in the object).  Before its first use a template is
checked against its form (:func:`check_template`); an edition loaded from
data files has its own templates checked when it loads.

This module imports docxtpl and python-docx; only rendering imports it.
"""

from __future__ import annotations

import html
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any, Final, cast

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.exceptions import TemplateError as JinjaTemplateError

from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import error_reason, known_reason, os_reason, too_large_reason
from reform_brand.errors import Problem
from reform_brand.i18n import render
from reform_brand.model import Edition, Form
from reform_brand.render._builder import build_template
from reform_brand.render._errors import TemplateError
from reform_brand.render._jinja import environment
from reform_brand.render._zip import deterministic_zip
from reform_brand.safeopen import UnsafeFileError, check_docx_bytes

__all__ = [
    "check_template",
    "edition_template_problems",
    "render_docx",
    "template_bytes",
]

#: A template larger than this is refused (a form is a few tens of KB).
#: Its zip entries and XML parts are held to the limits of
#: :mod:`reform_brand.safeopen`, as every .docx that is opened.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024

_TEXT: Final = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _squash(text: str) -> str:
    """``text`` as titles are compared when a form is read back: NFKC (full
    width as half width), no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _holds_title(source: str, form: Form) -> bool:
    """Whether the template text ``source`` (its XML) writes the title of
    ``form``, by which a form made from it is recognised when read back:
    the title squashed, in the squashed text of the template (across runs
    and paragraphs, so a title split by formatting is found too)."""
    text = "".join(html.unescape(m.group(1)) for m in _TEXT.finditer(source))
    return _squash(form.title.zh) in _squash(text)


def _template_path_problem(form: Form, file: str, path: str) -> Problem | None:
    rel = PurePosixPath(form.template)
    if rel.is_absolute() or ".." in rel.parts or "\\" in form.template or not rel.parts:
        return Problem(
            file=file, path=path, code="render.template-path", params={"path": form.template}
        )
    return None


#: The kinds of file a template is not read from: a pipe, a socket, a device.
_NOT_READ: Final = frozenset({stat.S_IFIFO, stat.S_IFSOCK, stat.S_IFCHR, stat.S_IFBLK})


def _read_template(source: Traversable | Path, form: Form, file: str, path: str) -> bytes:
    problem = _template_path_problem(form, file, path)
    if problem is not None:
        raise TemplateError([problem], form=form.id)
    target: Traversable | Path = source.joinpath(*PurePosixPath(form.template).parts)
    try:
        if isinstance(target, Path) and stat.S_IFMT(target.stat().st_mode) in _NOT_READ:
            # (Opened, a pipe would block until something wrote to it.)
            raise _missing(form, file, path, known_reason("not a regular file"))
        with target.open("rb") as fh:
            data: bytes = fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise _missing(form, file, path, os_reason(exc)) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _missing(form, file, path, too_large_reason(MAX_TEMPLATE_BYTES))
    return data


def _missing(form: Form, file: str, path: str, detail: object) -> TemplateError:
    problem = Problem(
        file=file,
        path=path,
        code="render.template-missing",
        params={"path": form.template, "detail": detail},
    )
    return TemplateError([problem], form=form.id)


def _not_docx_reason(exc: Exception) -> Localized:
    """Why a template is not a usable .docx, in both languages (its
    ``value``, for the JSON, the exception as Python names it)."""
    value = f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, UnsafeFileError):
        return error_reason(exc, value)
    if exc.code != "read.not-docx":  # a zip bomb, a DOCTYPE, a part too large
        params: dict[str, object] = dict(exc.params)
        for key in [k for k in params if k.endswith("_en")]:  # ``what`` / ``what_en``
            params[key[:-3]] = Localized(zh=str(params.get(key[:-3])), en=str(params.pop(key)))
        zh, en = (render(exc.code, params, lang) for lang in ("zh", "en"))
        return Localized(zh=zh, en=en, value=value)
    if exc.params.get("detail") == "no word/document.xml":
        return Localized(
            zh="压缩包中没有 Word 文档的正文（word/document.xml）",
            en="the archive holds no word/document.xml",
            value=value,
        )
    return Localized(
        zh="文件已损坏，或不是 Word 文档（zip 压缩包）",
        en="it is damaged, or not a Word document (a zip archive)",
        value=value,
    )


def _source_of(edition: Edition) -> Traversable | Path:
    if not edition.source:
        return Path.cwd()
    if os.pathsep in edition.source:
        # An inheriting edition: its own data directory, then its ancestors'.
        from reform_brand.loader import SearchPath

        return cast(Traversable, SearchPath(edition.source.split(os.pathsep)))
    return Path(edition.source)


def _template_source(data: bytes) -> str:
    """The template text docxtpl renders: body, headers and footers."""
    check_docx_bytes(data)  # the zip and XML limits of every opened .docx
    tpl = DocxTemplate(io.BytesIO(data))
    doc = tpl.get_docx()
    xml: str = tpl.patch_xml(tpl.get_xml())
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for _rel_id, part in tpl.get_headers_footers(uri):
            xml += tpl.patch_xml(tpl.get_part_xml(part))
    del doc
    return xml


def check_template(
    form: Form, data: bytes, *, file: str = "", path: str = "", name: str = ""
) -> list[Problem]:
    """Problems of ``data`` as the Word template of ``form`` (empty: usable).

    A template must be a readable .docx whose tags parse; every variable it
    uses must be a field of the form (``contact["name"]`` or ``contact.name``
    a sub-field of a group); it must use every field, or the data of the
    field it leaves out would silently be lost; and it must write the form's
    title, or no form made from it could be read back (a template kept from
    another year or region).  ``file`` and ``path`` say
    where the template is named (for messages), ``name`` how to call it.
    """
    label = name or form.template or f"<{form.id}>"

    def problem(code: str, **params: object) -> Problem:
        return Problem(file=file or label, path=path, code=code, params={"path": label, **params})

    try:
        source = _template_source(data)
    except Exception as exc:  # any failure to open it is the file's fault
        return [problem("render.template-not-docx", detail=_not_docx_reason(exc))]
    env = environment()
    try:
        ast = env.parse(source)
        env.compile(ast)
    except TemplateSyntaxError as exc:
        return [problem("render.template-syntax", detail=exc.message or str(exc))]
    except JinjaTemplateError as exc:
        return [problem("render.template-syntax", detail=str(exc))]
    problems: list[Problem] = []
    fields = {f.id: f for f in form.fields}
    used = meta.find_undeclared_variables(ast)
    for var in sorted(used - set(fields)):
        problems.append(problem("render.template-unknown-variable", name=var, form=form.id))
    for var in sorted(set(fields) - used):
        problems.append(problem("render.template-unused-field", name=var, form=form.id))
    if not _holds_title(source, form):
        problems.append(problem("render.template-title", form=form.id, title=form.title.zh))
    seen: set[tuple[str, str]] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        target = node.node  # type: ignore[attr-defined]
        if not isinstance(target, nodes.Name) or target.name not in fields:
            continue
        sub: object
        if isinstance(node, nodes.Getattr):
            sub = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            sub = node.arg.value
        else:
            continue
        f = fields[target.name]
        if any(s.id == sub for s in f.fields) or (target.name, str(sub)) in seen:
            continue
        seen.add((target.name, str(sub)))
        problems.append(
            problem(
                "render.template-unknown-subfield",
                name=f"{target.name}.{sub}",
                field=target.name,
                sub=sub,
            )
        )
    return problems


def edition_template_problems(
    edition: Edition, source: Traversable | Path, file: str
) -> Iterator[Problem]:
    """Problems of the templates an edition brings for its forms.

    Called when an edition loads from its data directory ``source``; ``file``
    is the data file the forms come from.
    """
    for i, form in enumerate(edition.forms):
        if not form.template:
            continue
        path = f"forms[{i}].template"
        try:
            data = _read_template(source, form, file, path)
        except TemplateError as exc:
            yield from exc.problems
            continue
        yield from check_template(form, data, file=file, path=path)


def template_bytes(edition: Edition, form: Form) -> bytes:
    """The template of ``form``: the edition's own or the built one (not checked)."""
    if form.template:
        return _read_template(_source_of(edition), form, edition.id, form.id)
    return build_template(edition, form)


def render_docx(template: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill ``template`` with ``context`` in the sandbox; deterministic bytes."""
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(dict(context), jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return deterministic_zip(out.getvalue())
