"""lint names the line of each finding in its file (``forms.toml:49``), in
its text and its JSON output, where the data writes what the pointer names."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.maint._lines import pointer_line, toml_places
from tests.conftest import REFERENCE_DATA


@pytest.mark.parametrize(
    ("file", "pointer", "written"),
    [
        ("edition.toml", "/year", "year = "),
        ("edition.toml", "/issuer/document_number", "document_number = "),
        ("edition.toml", "/preamble/0", "preamble = ["),
        ("edition.toml", "/deadline/at", "at = "),
        ("edition.toml", "/quotas/2/includes/0", "includes = "),
        ("edition.toml", "/extra_materials/1/selected_in", "selected_in = "),
        ("edition.toml", "/readings/1/reading/en", "reading.en = "),
        ("forms.toml", "/forms/1/title/zh", "title.zh = "),
        ("forms.toml", "/forms/0/fields/1/example", 'example = "2022-08-15"'),
        ("roster.toml", "/roster/15/aliases/1", "aliases = "),
    ],
)
def test_a_pointer_is_placed_on_the_line_that_writes_it(
    file: str, pointer: str, written: str
) -> None:
    text = (REFERENCE_DATA / file).read_text(encoding="utf-8")
    line = pointer_line(toml_places(text), pointer)
    assert line is not None
    assert text.splitlines()[line - 1].lstrip().startswith(written)


def test_a_missing_member_is_placed_on_its_entry_and_a_missing_key_nowhere() -> None:
    text = (REFERENCE_DATA / "forms.toml").read_text(encoding="utf-8")
    places = toml_places(text)
    line = pointer_line(places, "/forms/0/fields/0/choices")
    assert line is not None and text.splitlines()[line - 1].strip() == "[[forms.fields]]"
    assert pointer_line(places, "/issued") is None


def test_an_inheriting_file_places_no_entry_by_its_number() -> None:
    places = toml_places('id = "x"\nyear = 2023\n[inherit]\nfrom = "y"\n[[quotas]]\nid = "a"\n')
    assert pointer_line(places, "/year") == 2
    assert pointer_line(places, "/quotas/0/id") is None


def test_lint_says_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, data)
    forms = data / "forms.toml"
    text = forms.read_text(encoding="utf-8")
    forms.write_text(text.replace('type = "text"', 'type = "txt"', 1), encoding="utf-8")
    line = 1 + text.splitlines().index('type = "text"')
    assert main(["lint", str(data), "--json"]) == 1
    [found] = json.loads(capsys.readouterr().out)["findings"]
    assert (found["code"], found["file"], found["pointer"], found["line"]) == (
        "edition.schema.enum",
        "forms.toml",
        "/forms/0/fields/0/type",
        line,
    )
    assert main(["lint", str(data), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert re.search(
        rf"^error +edition\.schema\.enum +forms\.toml:{line} /forms/0/fields/0/type:", out, re.M
    ), out


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_data_file_that_is_no_file_is_not_read_again_for_its_lines(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data file that is a named pipe, or a link to a device: the loader
    refuses it (edition.unreadable), and looking for its lines read it all
    the same, waiting for ever on the pipe or reading /dev/zero into memory
    until the process was killed."""
    if kind == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes")
    if kind == "device" and not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    data = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, data)
    (data / "items.toml").unlink()
    if kind == "fifo":
        os.mkfifo(data / "items.toml")
    else:
        (data / "items.toml").symlink_to("/dev/zero")
    assert main(["lint", str(data), "--json"]) == 1
    [found] = json.loads(capsys.readouterr().out)["findings"]
    assert (found["code"], found["file"], found["line"]) == (
        "edition.unreadable",
        "items.toml",
        None,
    )
