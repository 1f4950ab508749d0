"""Malformed editions: every problem named with its file and path, exit code 2."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand import EditionDataError
from reform_brand.cli import main
from reform_brand.loader import load_edition
from tests.conftest import REFERENCE_DATA


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    """A writable copy of the reference edition's data files."""
    target = tmp_path / "edition"
    shutil.copytree(REFERENCE_DATA, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(directory: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(EditionDataError) as info:
        load_edition(directory)
    return [(p.file, p.path, p.code) for p in info.value.problems]


#: Where a number field goes in the reference's application form.
_NUMBER_FIELD_AT = '[[forms.fields]]\nid = "project_name"'


def _number_field(bound: str) -> str:
    """An integer field bounded by ``bound``, before the project's name."""
    key = "minimum" if bound.startswith("-") else "maximum"
    return (
        '[[forms.fields]]\nid = "staff"\nlabel.zh = "人数"\ntype = "integer"\n'
        f'required = false\nfilled_by = "applicant"\n{key} = {bound}\nclause = "附件1"\n\n'
        + _NUMBER_FIELD_AT
    )


Breakage = Callable[[Path], object]  # what it returns (write_text: a count) is unused


def _adding_number_field(bound: str) -> Breakage:
    return lambda d: edit(d / "forms.toml", _NUMBER_FIELD_AT, _number_field(bound))


CASES: dict[str, tuple[Breakage, tuple[str, str, str]]] = {
    "syntax error": (
        lambda d: edit(d / "items.toml", "number = 3", "number = = 3"),
        ("items.toml", "", "edition.syntax"),
    ),
    "unknown key": (
        lambda d: edit(d / "edition.toml", "paper_required = false", "paper_requried = false"),
        ("edition.toml", "delivery.paper_requried", "edition.schema.additional"),
    ),
    "wrong type": (
        lambda d: edit(d / "edition.toml", "limit = 3", 'limit = "3"'),
        ("edition.toml", "quotas[2].limit", "edition.schema.type"),
    ),
    "missing field": (
        lambda d: edit(d / "edition.toml", 'document_number = "鲁科协办发〔2022〕10号"\n', ""),
        ("edition.toml", "issuer.document_number", "edition.schema.required"),
    ),
    # (A key no file holds is placed in the main file, not in a file
    # called "edition".)
    "a whole file missing": (
        lambda d: (d / "forms.toml").unlink(),
        ("edition.toml", "forms", "edition.schema.required"),
    ),
    "quota naming an unknown unit kind": (
        lambda d: edit(
            d / "edition.toml",
            'unit_kinds = ["provincial-society"]',
            'unit_kinds = ["provincal-society"]',
        ),
        ("edition.toml", "quotas[0].unit_kinds[0]", "edition.unknown-unit-kind"),
    ),
    "duplicate item numbers": (
        lambda d: edit(d / "items.toml", "number = 5", "number = 4"),
        ("items.toml", "reform_items[4].number", "edition.duplicate-id"),
    ),
    "deadline before the issue date": (
        lambda d: edit(
            d / "edition.toml", "at = 2022-08-21T00:00:00+08:00", "at = 2022-08-01T00:00:00+08:00"
        ),
        ("edition.toml", "deadline.at", "edition.deadline-before-issue"),
    ),
    "naive deadline": (
        lambda d: edit(
            d / "edition.toml", "at = 2022-08-21T00:00:00+08:00", "at = 2022-08-21T00:00:00"
        ),
        ("edition.toml", "deadline.at", "edition.deadline-naive"),
    ),
    # Another zone than the deadline's own would put it past the calendar's
    # end (OverflowError): refused as arrival times at the ends are.
    "deadline at the calendar's end": (
        lambda d: edit(
            d / "edition.toml", "at = 2022-08-21T00:00:00+08:00", "at = 9999-12-31T23:59:59-12:00"
        ),
        ("edition.toml", "deadline.at", "edition.deadline-out-of-range"),
    ),
    "deadline at the calendar's start": (
        lambda d: edit(
            d / "edition.toml", "at = 2022-08-21T00:00:00+08:00", "at = 0001-01-01T00:00:00+14:00"
        ),
        ("edition.toml", "deadline.at", "edition.deadline-out-of-range"),
    ),
    # jsonschema takes inf and nan as numbers; a form's JSON Schema, written
    # as JSON, cannot hold them.
    **{
        f"bound {value}": (
            _adding_number_field(value),
            ("forms.toml", f"forms[0].fields[2].{key}", "edition.schema.other"),
        )
        for key, value in (("maximum", "inf"), ("maximum", "nan"), ("minimum", "-1e400"))
    },
    "unknown time zone": (
        lambda d: edit(
            d / "edition.toml", 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Beijing"'
        ),
        ("edition.toml", "deadline.timezone", "edition.unknown-timezone"),
    ),
    "pattern that does not compile": (
        lambda d: edit(d / "forms.toml", 'pattern = "^1[0-9]{10}$"', 'pattern = "^1[0-9{10}$"'),
        ("forms.toml", "forms[0].fields[3].fields[3].pattern", "edition.bad-pattern"),
    ),
    # Python compiles it, but the exported JSON Schema would not compile in
    # ajv or a browser.
    "pattern only Python reads": (
        lambda d: edit(
            d / "forms.toml", 'pattern = "^1[0-9]{10}$"', 'pattern = "^1[0-9]{10}\\\\Z"'
        ),
        ("forms.toml", "forms[0].fields[3].fields[3].pattern", "edition.bad-pattern"),
    ),
    "pattern with a Python-only group": (
        lambda d: edit(
            d / "forms.toml", 'pattern = "^1[0-9]{10}$"', 'pattern = "^1(?P<n>[0-9]{10})$"'
        ),
        ("forms.toml", "forms[0].fields[3].fields[3].pattern", "edition.bad-pattern"),
    ),
    "unknown form": (
        lambda d: edit(
            d / "edition.toml", 'forms = ["recommendation"]', 'forms = ["recomendation"]'
        ),
        ("edition.toml", "unit_kinds[4].forms[0]", "edition.unknown-form"),
    ),
    "key in two files": (
        lambda d: (d / "extra.toml").write_text("year = 2023\n", encoding="utf-8"),
        ("extra.toml", "year", "edition.duplicate-key"),
    ),
    "not UTF-8": (
        lambda d: (d / "roster.toml").write_bytes(
            '[[roster]]\nname = "济南市科协"\n'.encode("gbk")
        ),
        ("roster.toml", "", "edition.encoding"),
    ),
    "nesting 100,000 deep": (
        lambda d: (d / "deep.toml").write_text(
            "x = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8"
        ),
        ("deep.toml", "", "edition.too-deep"),
    ),
    "inline tables 5,000 deep": (
        lambda d: (d / "deep.toml").write_text(
            "x = " + "{a=" * 5000 + "1" + "}" * 5000, encoding="utf-8"
        ),
        ("deep.toml", "", "edition.too-deep"),
    ),
    "bad enum value": (
        lambda d: edit(d / "edition.toml", 'end = "exclusive"', 'end = "exclusively"'),
        ("edition.toml", "deadline.end", "edition.schema.enum"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_edition_names_file_path_and_problem(edition_dir: Path, case: str) -> None:
    breakage, expected = CASES[case]
    breakage(edition_dir)
    assert expected in problems_of(edition_dir)


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_edition_exits_2_with_message(
    edition_dir: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    breakage, (file, path, _code) = CASES[case]
    breakage(edition_dir)
    assert main(["show", str(edition_dir), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert file in err
    assert path in err
    assert "Traceback" not in err


def test_all_problems_are_reported_at_once(edition_dir: Path) -> None:
    edit(edition_dir / "edition.toml", "paper_required = false", "paper_requried = false")
    edit(edition_dir / "edition.toml", "limit = 3", 'limit = "3"')
    edit(edition_dir / "forms.toml", 'type = "textarea"', 'type = "textbox"')
    codes = [c for _, _, c in problems_of(edition_dir)]
    assert codes.count("edition.schema.additional") >= 1
    assert "edition.schema.type" in codes
    assert "edition.schema.enum" in codes


def test_messages_in_both_languages(edition_dir: Path) -> None:
    edit(edition_dir / "edition.toml", "paper_required = false", "paper_requried = false")
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir)
    assert "未知的键" in info.value.message("zh")
    assert "unknown key" in info.value.message("en")


def test_empty_directory(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [(str(tmp_path), "", "edition.no-files")]


def test_edition_id_must_match_registration(edition_dir: Path) -> None:
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir, expected_id="shandong-2023")
    assert [(p.path, p.code) for p in info.value.problems] == [("id", "edition.schema.enum")]


def test_the_reference_data_loads_cleanly() -> None:
    edition = load_edition(REFERENCE_DATA, expected_id="shandong-2022")
    assert edition.source == str(REFERENCE_DATA)


def test_a_file_that_cannot_be_read_is_explained_in_each_language(edition_dir: Path) -> None:
    """Where a file stops being UTF-8, and a file too large to read, in the
    message's language; the JSON keeps Python's own text."""
    from reform_brand import lint_edition
    from reform_brand.catalogue import Localized
    from reform_brand.findings import param_json
    from reform_brand.loader import _MAX_FILE_BYTES

    (edition_dir / "roster.toml").write_bytes(
        '# 名单\n[[roster]]\nname = "济南市科协"\n'.encode("gbk")
    )
    (edition_dir / "zz.toml").write_bytes(b"#" * (_MAX_FILE_BYTES + 1))
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir)
    found = {p.code: p for p in info.value.problems}
    encoding, unreadable = found["edition.encoding"], found["edition.unreadable"]
    assert isinstance(encoding.params["detail"], Localized)
    assert "第 1 行" in encoding.message("zh") and "line 1 " in encoding.message("en")
    assert "codec" in str(param_json(encoding.params["detail"]))
    assert unreadable.message("en").endswith(
        f"larger than {_MAX_FILE_BYTES} bytes [edition.unreadable]"
    )
    assert "larger" not in unreadable.message("zh")
    # lint reports them in the language asked for, not always in Chinese.
    report = lint_edition(str(edition_dir))
    messages = {f.code: f.message("en") for f in report.findings}
    assert "line 1 " in messages["edition.encoding"]


def test_a_file_that_cannot_be_looked_at_is_its_own_problem(
    edition_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of the folder that cannot be looked at (a link through a
    folder that may not be looked into) made the whole folder unreadable,
    named as the folder; it is that file's problem, the others are read."""
    import errno
    import os

    is_file = Path.is_file

    def closed(self: Path) -> bool:
        if self.name == "extra.toml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return is_file(self)

    (edition_dir / "extra.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(Path, "is_file", closed)
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir)
    assert [(p.file, p.code) for p in info.value.problems] == [("extra.toml", "edition.unreadable")]


def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


#: A data file that is no file: how it is made, and the reason said.
NOT_A_FILE: dict[str, tuple[Callable[[Path], object], str]] = {
    "folder": (Path.mkdir, "it is a folder"),
    "link to nothing": (lambda p: p.symlink_to(p.parent / "gone.toml"), "link to nothing"),
    "loop of links": (lambda p: p.symlink_to(p), "links"),
    "pipe": (_fifo, "not a regular file"),
}


@pytest.mark.parametrize("name", ["edition.toml", "forms.toml", "items.toml", "roster.toml"])
@pytest.mark.parametrize("case", sorted(NOT_A_FILE))
def test_a_data_file_that_is_no_file_is_said_to_be_one(
    edition_dir: Path, name: str, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data file that is a folder (or a link to nothing, a loop of links,
    a pipe) was left out without a word: the keys it holds were said to be
    missing, or a roster.toml folder left the edition without its roster."""
    make, reason = NOT_A_FILE[case]
    (edition_dir / name).unlink()
    make(edition_dir / name)
    assert problems_of(edition_dir) == [(name, "", "edition.unreadable")]
    for lang in ("zh", "en"):
        assert main(["show", str(edition_dir), "--lang", lang]) == 2
        out, err = capsys.readouterr()
        assert "edition.schema.required" not in out + err
        assert f"{name}: " in err and "[edition.unreadable]" in err, err
        if lang == "en":
            assert reason in err, err
        else:
            assert "cannot" not in err, err


#: An edition package's folder, the way its data folder sits in it: an
#: installed package (no pyproject.toml), or a source tree without ``src/``.
PACKAGES: dict[str, tuple[str, ...]] = {
    "installed": ("__init__.py",),
    "flat source": ("pyproject.toml", "pkg/__init__.py"),
}


@pytest.mark.parametrize("layout", sorted(PACKAGES))
def test_a_loop_named_edition_toml_in_a_package_is_said_with_its_path(
    edition_dir: Path, layout: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder of an installed edition package stands for its data
    folder, and so does a source tree's whose module is not under src/: its
    edition.toml a loop of links was "no edition data files" (the package
    folder read instead), or pyproject.toml's keys unknown edition keys."""
    package = edition_dir.parent / "package"
    for name in PACKAGES[layout]:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("", encoding="utf-8")
    data = (package / "pkg" if layout == "flat source" else package) / "data"
    shutil.move(edition_dir, data)
    (data / "edition.toml").unlink()
    (data / "edition.toml").symlink_to(data / "edition.toml")
    for lang in ("zh", "en"):
        assert main(["show", str(package), "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert f"{data / 'edition.toml'}: " in err and "[edition.unreadable]" in err, err
        assert "edition.no-files" not in err and "pyproject.toml" not in err, err
    assert main(["lint", str(package), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["file"]) for f in found] == [("edition.unreadable", "edition.toml")]


def test_hidden_files_in_a_data_folder_are_no_data(edition_dir: Path) -> None:
    """A folder copied by macOS to a drive it does not format holds
    ``._forms.toml`` beside ``forms.toml`` (its metadata, binary), and Emacs
    leaves a ``.#forms.toml`` link to nowhere while the file is edited: the
    edition loads as it does without them, where both stopped it."""
    plain = load_edition(edition_dir)
    (edition_dir / "._forms.toml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (edition_dir / ".#forms.toml").symlink_to("user@host.1234:1700000000")
    (edition_dir / ".hidden.toml").write_text("id = 1\n", encoding="utf-8")
    assert load_edition(edition_dir) == plain


def test_a_folder_of_hidden_files_alone_has_no_data(tmp_path: Path) -> None:
    (tmp_path / "._edition.toml").write_bytes(b"\x00\x05\x16\x07")
    assert problems_of(tmp_path) == [(str(tmp_path), "", "edition.no-files")]
