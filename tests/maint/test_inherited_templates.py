"""An edition that inherits a form with its own Word template reads that
template from the parent's data directory, not from its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reform_brand import Host, hookimpl, render_form
from reform_brand.maint import lint_edition
from reform_brand.registries import EditionRegistry
from reform_brand.render import build_template
from tests.conftest import REFERENCE_DATA


def _editions(tmp_path: Path, edition_host: Host) -> Host:
    parent = tmp_path / "parent"
    shutil.copytree(REFERENCE_DATA, parent, ignore=shutil.ignore_patterns("*.txt"))
    text = (parent / "edition.toml").read_text(encoding="utf-8")
    (parent / "edition.toml").write_text(
        text.replace('id = "shandong-2022"', 'id = "parent-2022"'), encoding="utf-8"
    )
    forms = (parent / "forms.toml").read_text(encoding="utf-8")
    forms = forms.replace(
        'role = "applicant"\nclause = "二.2; 附件1"',
        'role = "applicant"\nclause = "二.2; 附件1"\ntemplate = "templates/application.docx"',
    )
    (parent / "forms.toml").write_text(forms, encoding="utf-8")
    reference = edition_host.edition("shandong-2022")
    (parent / "templates").mkdir()
    (parent / "templates" / "application.docx").write_bytes(
        build_template(reference, reference.form("application"))
    )
    child = tmp_path / "child"
    child.mkdir()
    (child / "edition.toml").write_text(
        'id = "child-2023"\nyear = 2023\n\n[inherit]\nfrom = "parent-2022"\n', encoding="utf-8"
    )
    grandchild = tmp_path / "grandchild"
    grandchild.mkdir()
    (grandchild / "edition.toml").write_text(
        'id = "grandchild-2024"\nyear = 2024\n\n[inherit]\nfrom = "child-2023"\n',
        encoding="utf-8",
    )

    return _host({"parent-2022": parent, "child-2023": child, "grandchild-2024": grandchild})


def _host(sources: dict[str, Path]) -> Host:
    """A host with the editions of ``sources`` (id: data directory) only."""

    class Plugin:
        __name__ = "family"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            for edition_id, source in sources.items():
                registry.add_source(edition_id, source)

    return Host.create(plugins=[Plugin()], load_entry_points=False, block=())


def test_inherited_template_is_read_from_the_parent(tmp_path: Path, host: Host) -> None:
    family = _editions(tmp_path, host)
    parent = family.edition("parent-2022")
    for edition_id in ("child-2023", "grandchild-2024"):
        edition = family.edition(edition_id)
        assert edition.form("application").template == "templates/application.docx"
        data = {"project_name": "模板继承"}
        assert render_form(edition, "application", data, host=family) == render_form(
            parent, "application", data, host=family
        )
        assert lint_edition(edition_id, host=family).findings[0].code == "lint.year-mismatch"


def test_a_child_template_of_the_same_name_wins(tmp_path: Path, host: Host) -> None:
    family = _editions(tmp_path, host)
    reference = host.edition("shandong-2022")
    own = tmp_path / "child" / "templates"
    own.mkdir()
    # The child's own file: a template built for another attachment heading
    # (different bytes, the same title).
    import attrs

    renamed = attrs.evolve(reference.form("application"), attachment="附件一")
    (own / "application.docx").write_bytes(build_template(reference, renamed))
    child = family.edition("child-2023")
    text = render_form(child, "application", fmt="docx", host=family)
    parent_text = render_form(family.edition("parent-2022"), "application", host=family)
    assert text != parent_text


@pytest.mark.parametrize("inherit", [False, True])
def test_a_scaffolded_edition_s_template_writes_its_new_title(
    tmp_path: Path, host: Host, inherit: bool
) -> None:
    """new-edition changes the year in the title of a form, and in the
    template the parent brings for it: the new edition loads, lints without
    error and reads back the forms it renders (a form is recognised by its
    title)."""
    from reform_brand.maint import scaffold_edition
    from reform_brand.office import read_form

    family = _editions(tmp_path, host)
    made = scaffold_edition(
        "parent-2023", "parent-2022", tmp_path / "pkg", inherit=inherit, host=family
    )
    assert f"src/{made.module}/data/templates/application.docx" in made.files
    data = made.directory / "src" / made.module / "data"

    both = _host({"parent-2022": tmp_path / "parent", "parent-2023": data})
    edition = both.edition("parent-2023")
    form = edition.form("application")
    assert "2023" in form.title.zh
    lint = lint_edition("parent-2023", host=both)
    assert [f.code for f in lint.findings if f.severity == "error"] == []
    filled = render_form(edition, "application", {"project_name": "模板换年"}, host=both)
    read = read_form(edition, filled)
    assert (read.form, read.data["project_name"]) == ("application", "模板换年")
    assert [f.code for f in read.findings] == []
