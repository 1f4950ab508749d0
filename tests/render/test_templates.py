"""An edition's own Word template: used when given, checked when the edition loads
(by the renderers that can check templates, which the host hands the loader)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from reform_brand import Edition, EditionDataError
from reform_brand.catalogue import Localized
from reform_brand.findings import param_json
from reform_brand.loader import load_edition
from reform_brand.render import (
    DocxRenderer,
    TemplateError,
    build_template,
    builtin_renderers,
    check_template,
    form_template,
)
from tests.conftest import REFERENCE_DATA
from tests.render.conftest import read_docx


def _edition_with_template(tmp_path: Path, template: bytes | None, rel: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, data)
    forms = data / "forms.toml"
    text = forms.read_text(encoding="utf-8")
    marker = 'role = "applicant"\n'
    assert marker in text
    forms.write_text(text.replace(marker, marker + f'template = "{rel}"\n', 1), encoding="utf-8")
    if template is not None:
        (data / "templates").mkdir()
        (data / "templates" / "application.docx").write_bytes(template)
    return data


def _edited(edition: Edition, extra: str) -> bytes:
    """The built application template with one more paragraph."""
    doc = docx.Document(io.BytesIO(build_template(edition, edition.form("application"))))
    doc.add_paragraph(extra)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_an_edition_brings_its_own_template(edition: Edition, tmp_path: Path) -> None:
    src = _edition_with_template(
        tmp_path, _edited(edition, "本版本自带模板"), "templates/application.docx"
    )
    own = load_edition(src, expected_id="shandong-2022", renderers=builtin_renderers())
    form = own.form("application")
    assert form.template == "templates/application.docx"
    assert form_template(own, form) == (src / "templates" / "application.docx").read_bytes()
    content = DocxRenderer().render(own, form, {"project_name": "自带模板"})
    doc = docx.Document(io.BytesIO(content))
    assert doc.paragraphs[-1].text == "本版本自带模板"
    assert read_docx(content, form)["project_name"] == "自带模板"


def test_unknown_variable_is_caught_when_the_edition_loads(
    edition: Edition, tmp_path: Path
) -> None:
    bad = _edited(edition, "{{ project_nmae }} {{ contact.fax }}")
    src = _edition_with_template(tmp_path, bad, "templates/application.docx")
    with pytest.raises(EditionDataError) as info:
        load_edition(src, expected_id="shandong-2022", renderers=builtin_renderers())
    problems = info.value.problems
    assert [(p.file, p.path, p.code) for p in problems] == [
        ("forms.toml", "forms[0].template", "render.template-unknown-variable"),
        ("forms.toml", "forms[0].template", "render.template-unknown-subfield"),
    ]
    assert problems[0].params["name"] == "project_nmae"
    assert "project_nmae" in info.value.message("zh")
    assert "contact.fax" in info.value.message("en")


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("{% if %}", "render.template-syntax"),
        ("{{ project_name|no_such_filter }}", "render.template-syntax"),
    ],
)
def test_broken_tags_are_caught(edition: Edition, extra: str, code: str) -> None:
    problems = check_template(edition.form("application"), _edited(edition, extra))
    assert [p.code for p in problems] == [code]


def test_a_template_that_leaves_out_a_field_is_caught(edition: Edition) -> None:
    form = edition.form("recommendation")
    template = build_template(edition, edition.form("application"))
    codes = sorted({p.code for p in check_template(form, template)})
    assert codes == [
        "render.template-title",
        "render.template-unknown-variable",
        "render.template-unused-field",
    ]


@pytest.mark.parametrize(
    ("rel", "template", "code"),
    [
        ("templates/application.docx", None, "render.template-missing"),
        ("../outside.docx", None, "render.template-path"),
        ("/etc/passwd", None, "render.template-path"),
        ("templates/application.docx", b"not a zip", "render.template-not-docx"),
    ],
)
def test_unusable_template_files_are_caught(
    tmp_path: Path, rel: str, template: bytes | None, code: str
) -> None:
    src = _edition_with_template(tmp_path, template, rel)
    with pytest.raises(EditionDataError) as info:
        load_edition(src, expected_id="shandong-2022", renderers=builtin_renderers())
    assert [p.code for p in info.value.problems] == [code]


def test_a_built_edition_is_checked_on_first_render(edition: Edition) -> None:
    import attrs

    form = attrs.evolve(edition.form("application"), template="missing.docx")
    built = attrs.evolve(edition, forms=(form, edition.form("recommendation")), source="/nowhere")
    with pytest.raises(TemplateError) as info:
        DocxRenderer().render(built, form)
    assert info.value.problems[0].code == "render.template-missing"


def _rezipped(template: bytes, extra: dict[str, bytes]) -> bytes:
    """``template`` with ``extra`` entries added (or replacing its own)."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            if item.filename not in extra:
                zout.writestr(item.filename, zin.read(item))
        for name, data in extra.items():
            zout.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        # More entries than any .docx that is opened may have.
        ({f"customXml/item{i}.bin": b"" for i in range(2001)}, "entries"),
        # A bomb: one entry that inflates far beyond its compressed size.
        ({"word/media/bomb.bin": b"\0" * (8 * 1024 * 1024)}, "ratio"),
        # An entity declaration deep inside a part (not in its first bytes).
        (
            {
                "word/styles.xml": b'<?xml version="1.0"?>'
                + b" " * 8192
                + b'<!DOCTYPE w [<!ENTITY a "a">]><w:styles/>'
            },
            "DOCTYPE",
        ),
    ],
)
def test_a_template_is_held_to_the_limits_of_every_opened_docx(
    edition: Edition, extra: dict[str, bytes], why: str
) -> None:
    form = edition.form("application")
    template = _rezipped(build_template(edition, form), extra)
    (problem,) = check_template(form, template)
    assert problem.code == "render.template-not-docx"
    detail = problem.params["detail"]
    assert isinstance(detail, Localized)
    assert why in str(detail.value)  # the JSON's detail, as it was


@pytest.mark.parametrize(
    ("rel", "template", "json_detail"),
    [
        ("templates/application.docx", None, "No such file or directory"),
        ("templates/application.docx", b"not a zip", "UnsafeFileError: read.not-docx"),
    ],
)
def test_an_unusable_template_is_explained_in_each_language(
    tmp_path: Path, rel: str, template: bytes | None, json_detail: str
) -> None:
    """Python's own words (an errno, an exception's name and code) stay in
    the JSON, not in the messages."""
    src = _edition_with_template(tmp_path, template, rel)
    with pytest.raises(EditionDataError) as info:
        load_edition(src, expected_id="shandong-2022", renderers=builtin_renderers())
    [problem] = info.value.problems
    detail = problem.params["detail"]
    assert isinstance(detail, Localized)
    assert json_detail in str(param_json(detail))
    for lang in ("zh", "en"):
        assert "Errno" not in problem.message(lang) and "Error" not in problem.message(lang)
    assert detail.zh in problem.message("zh") and detail.en in problem.message("en")


def test_a_template_that_does_not_write_the_form_s_title_is_caught(edition: Edition) -> None:
    """A form is recognised by its title when it is read back: a template kept
    from another year (or region) would make forms nobody can read back."""
    import attrs

    form = edition.form("application")
    template = build_template(edition, form)
    next_year = attrs.evolve(
        form, title=attrs.evolve(form.title, zh=form.title.zh.replace("2022", "2023"))
    )
    [problem] = check_template(next_year, template)
    assert (problem.code, problem.params["form"], problem.params["title"]) == (
        "render.template-title",
        "application",
        next_year.title.zh,
    )
    # White space and a title split across runs still match.
    spaced = attrs.evolve(form, title=attrs.evolve(form.title, zh=" ".join(form.title.zh)))
    assert check_template(spaced, template) == []
    split = docx.Document(io.BytesIO(template))
    [title] = [p for p in split.paragraphs if p.text == form.title.zh]
    title.runs[0].text = form.title.zh[:4]
    title.add_run(form.title.zh[4:])
    out = io.BytesIO()
    split.save(out)
    assert check_template(form, out.getvalue()) == []


def test_a_template_that_is_a_pipe_is_not_read(tmp_path: Path) -> None:
    """A template that is a pipe was opened, and the load waited for
    something to write to it; it is said not to be a regular file."""
    import os

    src = _edition_with_template(tmp_path, None, "templates/application.docx")
    (src / "templates").mkdir()
    os.mkfifo(src / "templates" / "application.docx")
    with pytest.raises(EditionDataError) as info:
        load_edition(src, expected_id="shandong-2022", renderers=builtin_renderers())
    (problem,) = info.value.problems
    assert problem.code == "render.template-missing"
    assert problem.params["detail"] == Localized(
        zh="不是普通文件", en="not a regular file", value="not a regular file"
    )
