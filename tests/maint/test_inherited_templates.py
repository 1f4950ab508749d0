"""An edition that inherits a form with its own Word template reads that
template from the parent's data directory, not from its own."""

from __future__ import annotations

import shutil
from pathlib import Path

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

    class Plugin:
        __name__ = "family"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("parent-2022", parent)
            registry.add_source("child-2023", child)
            registry.add_source("grandchild-2024", grandchild)

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
    # The child's own file: a template built for a renamed title (different bytes).
    import attrs

    renamed = attrs.evolve(
        reference.form("application"),
        title=attrs.evolve(reference.form("application").title, zh="子版本申报表"),
    )
    (own / "application.docx").write_bytes(build_template(reference, renamed))
    child = family.edition("child-2023")
    text = render_form(child, "application", fmt="docx", host=family)
    parent_text = render_form(family.edition("parent-2022"), "application", host=family)
    assert text != parent_text
