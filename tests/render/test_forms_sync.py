"""forms/ at the repository root is the export of the shipped editions."""

from __future__ import annotations

import pytest

from reform_brand import Host
from reform_brand.cli._render import export_files
from tests.conftest import REPO

FORMS = REPO / "forms"
REGENERATE = "reform-brand export {edition} -o forms/{edition} --force"


def test_forms_folder_matches_the_plugin_data(host: Host) -> None:
    edition = host.edition("shandong-2022")
    folder = FORMS / edition.id
    expected = export_files(host, edition)
    present = sorted(p.name for p in folder.iterdir())
    hint = "regenerate with: " + REGENERATE.format(edition=edition.id)
    assert present == sorted(expected), hint
    stale = [name for name, content in expected.items() if (folder / name).read_bytes() != content]
    assert not stale, f"out of date: {', '.join(stale)}; {hint}"


def test_forms_readme_names_every_file(host: Host) -> None:
    readme = (FORMS / "README.md").read_text(encoding="utf-8")
    assert "do not edit" in readme
    for path in (FORMS / "shandong-2022").iterdir():
        assert f"`{path.name}`" in readme, path.name


@pytest.mark.parametrize("name", ["application.docx", "recommendation.docx"])
def test_published_word_forms_are_blank_forms(name: str) -> None:
    import io

    import docx

    doc = docx.Document(io.BytesIO((FORMS / "shandong-2022" / name).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text
    assert all("{{" not in c.text for row in doc.tables[0].rows for c in row.cells)


def test_every_shipped_edition_is_published(host: Host) -> None:
    shipped = {i for i in host.editions.ids() if host.editions.entry(i).plugin == "shandong-2022"}
    assert shipped <= {p.name for p in FORMS.iterdir() if p.is_dir()}
