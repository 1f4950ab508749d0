"""Reading filled forms back: what a unit does to the form in Word, and what
cannot be read."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reform_brand.model import Edition
from reform_brand.office._read import parse_zh_date, read_form
from reform_brand.render import normalise_text
from reform_brand.testing._factory import _key, _labels
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_rendered_application_reads_back_exactly(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    path = _write(tmp_path, "a.docx", E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert result.findings == ()
    assert result.form == "application"
    assert result.unit == "济南市科协"
    assert result.data == data


@pytest.mark.parametrize("opinion", [":", "：", "同意推荐。\n：", "（盖章）说明：见附件"])
def test_an_opinion_of_a_colon_reads_back_as_written(
    edition: Edition, tmp_path: Path, opinion: str
) -> None:
    """The last lines of a cell that ends in signature, seal and date
    blocks are left out only when they are blank or are those blocks: a
    line of a colon alone is text (it used to read as blank, the field as
    absent)."""
    data = application_data(recommender_opinion=opinion)
    path = _write(tmp_path, "a.docx", E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert result.findings == ()
    assert result.data["recommender_opinion"] == opinion


def test_rendered_recommendation_reads_back_exactly(edition: Edition, tmp_path: Path) -> None:
    data = recommendation_data()
    path = _write(tmp_path, "r.docx", E.filled(edition, "recommendation", data))
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.form == "recommendation"
    assert result.data == data
    env = result.envelope(arrived_at=None)
    assert env["unit"] == {"name": "省科协科普部"}
    assert env["form"] == "recommendation"


def test_blank_form_reads_as_empty(edition: Edition, tmp_path: Path) -> None:
    path = _write(tmp_path, "blank.docx", E.filled(edition, "application", {}))
    result = read_form(edition, path)
    assert result.form == "application"
    assert result.data == {}
    assert result.codes() == []


def test_content_controls_tracked_changes_and_signed_date(edition: Edition, tmp_path: Path) -> None:
    data = application_data(project_implementation="实施内容。")
    edited = E.edit(
        E.filled(edition, "application", data),
        E.content_controls("项目名称", "项目基础"),
        E.tracked_changes(
            "项目实施",
            insert="（修订）",
            delete="删去的话",
            new_paragraph="新增的一段。",
            drop_paragraph="删去的一段。",
        ),
        E.sign_date("推荐单位意见", "2022 年 8 月 16 日"),
        E.append_blank_paragraphs("预期成效", 3),
    )
    result = read_form(edition, _write(tmp_path, "e.docx", edited))
    assert result.codes() == []
    assert result.data["project_name"] == data["project_name"]
    assert result.data["project_basis"] == data["project_basis"]
    # Insertions read, deletions (text and a whole paragraph) left out.
    assert result.data["project_implementation"] == "实施内容。（修订）\n新增的一段。"
    assert result.data["expected_outcomes"] == data["expected_outcomes"]
    # The signature date is not the opinion.
    assert result.data["recommender_opinion"] == "同意申报。"


def test_retyped_form_with_spaced_labels(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    result = read_form(edition, _write(tmp_path, "t.docx", E.retyped_application(edition, data)))
    assert result.codes() == []
    assert result.data == data


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("申报单位：x　2022 年 8 月 15 日", "2022-08-15"),
        ("２０２２年８月１５日", "2022-08-15"),
        ("二〇二二年八月二十日", "2022-08-20"),
        ("2022.8.5", "2022-08-05"),
        ("年 月 日", None),
        ("2022 年 13 月 1 日", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_zh_date(text) == iso


@pytest.mark.parametrize(
    "bad", ["2022 年 2 月 30 日", "2022-2-30", "2022.13.45", "２０２２/２/３０"]
)
def test_bad_header_date_is_a_finding(edition: Edition, tmp_path: Path, bad: str) -> None:
    """A date written with dashes, dots or slashes that is no date is as bad
    as one written with 年 月 日 (it used to be dropped without a word)."""
    doc = E.open_docx(E.filled(edition, "application", application_data()))
    header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
    for r in header.runs:
        r.text = r.text.replace("2022 年 8 月 15 日", bad)
    result = read_form(edition, _write(tmp_path, "d.docx", E.save(doc)))
    assert [(f.code, f.pointer) for f in result.findings] == [("read.bad-date", "/data/date")]
    assert "date" not in result.data


@pytest.mark.parametrize("line", ["日期：2022 年 8 月 15 日", "日 期: 2022-08-15"])
def test_a_labelled_header_date_ends_the_unit(edition: Edition, tmp_path: Path, line: str) -> None:
    """``申报单位：济南市科协　日期：2022 年 8 月 15 日``: the unit runs to the
    date's label, the next label of the line (it used to end in ``日期：``)."""
    doc = E.open_docx(E.filled(edition, "application", application_data()))
    header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
    for r in header.runs[1:]:
        r._r.getparent().remove(r._r)
    header.runs[0].text = f"申报单位：济南市科协　　{line}"
    result = read_form(edition, _write(tmp_path, "d.docx", E.save(doc)))
    assert result.codes() == []
    assert (result.unit, result.data["date"]) == ("济南市科协", "2022-08-15")


def test_unknown_form(edition: Edition, tmp_path: Path) -> None:
    result = read_form(edition, _write(tmp_path, "x.docx", E.text_docx(["会议通知", "各单位："])))
    assert result.form is None
    assert result.codes() == ["read.unknown-form"]


def test_both_titles_are_ambiguous(edition: Edition, tmp_path: Path) -> None:
    titles = [f.title.zh for f in edition.forms]
    result = read_form(edition, _write(tmp_path, "x.docx", E.text_docx(titles)))
    assert result.codes() == ["read.ambiguous-form"]


def test_missing_row_is_a_finding_not_a_guess(edition: Edition, tmp_path: Path) -> None:
    doc = E.open_docx(E.filled(edition, "application", application_data()))
    table = doc.tables[0]
    for row in table.rows:
        if "".join(row.cells[0].text.split()) == "项目实施":
            row._tr.getparent().remove(row._tr)
    result = read_form(edition, _write(tmp_path, "m.docx", E.save(doc)))
    assert [(f.code, f.pointer, f.severity) for f in result.findings] == [
        ("read.missing-label", "/data/project_implementation", "error")
    ]
    assert "project_implementation" not in result.data


def test_label_twice_with_different_values_is_ambiguous(edition: Edition, tmp_path: Path) -> None:
    doc = E.open_docx(E.filled(edition, "application", application_data()))
    table = doc.tables[0]
    import copy

    first = table.rows[0]._tr
    twin = copy.deepcopy(first)
    first.addnext(twin)
    cells = twin.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
    for t in cells[1].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        t.text = "另一个项目"
    result = read_form(edition, _write(tmp_path, "m.docx", E.save(doc)))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.ambiguous", "/data/project_name")
    ]
    assert "project_name" not in result.data


# -- files that are not forms -------------------------------------------------------


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_before_decompressing(edition: Edition, tmp_path: Path) -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<" + b" " * (300 << 20)})
    assert len(bomb) < 2 << 20
    result = read_form(edition, _write(tmp_path, "bomb.docx", bomb))
    assert result.codes() == ["read.unsafe-zip"]
    assert result.findings[0].params["reason"] in ("size", "ratio")


def test_too_many_entries_is_refused(edition: Edition, tmp_path: Path) -> None:
    many = _zip({f"word/media/{i}.xml": b"" for i in range(2100)} | {"word/document.xml": b""})
    result = read_form(edition, _write(tmp_path, "many.docx", many))
    assert result.codes() == ["read.unsafe-zip"]
    assert result.findings[0].params["reason"] == "entries"


def test_an_xml_part_over_its_limit_is_named(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part over the XML limit says which part and its size, not the
    file's: the file itself may be well under the file limit."""
    good = E.filled(edition, "application", application_data())
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    limit = sizes["word/document.xml"] - 1
    monkeypatch.setattr("reform_brand.safeopen.MAX_XML_PART_BYTES", limit)
    path = _write(tmp_path, "big.docx", good)
    result = read_form(edition, path)
    assert result.codes() == ["read.too-large"]
    params = result.findings[0].params
    assert params["part"] == "word/document.xml"
    assert (params["size"], params["limit"]) == (sizes["word/document.xml"], limit)
    assert params["size"] != path.stat().st_size
    assert "word/document.xml" in result.findings[0].message("zh")
    assert "word/document.xml" in result.findings[0].message("en")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_doctype_is_refused(edition: Edition, tmp_path: Path, encoding: str) -> None:
    good = E.filled(edition, "application", application_data())
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    )
    entries["word/styles.xml"] = laughs.encode(encoding)
    result = read_form(edition, _write(tmp_path, "laughs.docx", _zip(entries)))
    assert result.codes() == ["read.doctype"]
    assert result.findings[0].params["part"] == "word/styles.xml"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("at", [0, 1, 3, 8, 9, 10])
def test_a_declaration_across_the_pieces_a_part_is_decoded_in_is_found(
    encoding: str, at: int
) -> None:
    """A part in UTF-16 or UTF-32 is decoded a piece at a time: a
    declaration that a piece's end cuts in two is still found (``at``: its
    characters before the end), and a part without one is not refused."""
    from reform_brand._zipmember import _DECODED, declares_entities

    unit = len("xx".encode(encoding)) - len("x".encode(encoding))
    bom = len("x".encode(encoding)) - unit
    filler = (_DECODED - bom) // unit - at
    for word in ("<!DOCTYPE", "<!ENTITY"):
        part = ("<" + "x" * (filler - 1) + word + " a>" + "y" * 100).encode(encoding)
        assert part.find(word[:2].encode(encoding)[bom:]) == _DECODED - at * unit
        assert declares_entities(part), word
    quiet = "<" + "x" * (filler - 1) + "<!-- DOCTYPE ENTITY -->" + "y" * 100
    assert not declares_entities(quiet.encode(encoding))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.4\n%%EOF\n", "read.not-docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "read.legacy-doc"),
        (b"", "read.not-docx"),
        (b"just text", "read.not-docx"),
        (b"PK\x03\x04broken", "read.unreadable"),
    ],
)
def test_not_a_docx(edition: Edition, tmp_path: Path, content: bytes, code: str) -> None:
    result = read_form(edition, _write(tmp_path, "f.docx", content))
    assert result.codes() == [code]
    assert result.form is None


def test_zip_without_word_parts(edition: Edition, tmp_path: Path) -> None:
    result = read_form(edition, _write(tmp_path, "f.docx", _zip({"a.txt": b"x"})))
    assert result.codes() == ["read.not-docx"]
    assert result.findings[0].params["kind"] == "zip"


def test_docx_with_broken_xml(edition: Edition, tmp_path: Path) -> None:
    good = E.filled(edition, "application", application_data())
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    entries["word/document.xml"] = b"<w:document"
    result = read_form(edition, _write(tmp_path, "f.docx", _zip(entries)))
    assert result.codes() == ["read.unreadable"]


def test_fifo_is_not_opened(edition: Edition, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    result = read_form(edition, fifo)
    assert result.codes() == ["read.not-a-file"]


# -- render, then read: hostile values ------------------------------------------------

HOSTILE = ["& < > \" '", "第一行\n第二行\n\n第四行", "{{ x }} {% if %}", "中文　全角空格", "a\tb"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_round_trip(edition: Edition, tmp_path: Path, value: str) -> None:
    data = application_data(project_basis=value, project_name=value.replace("\n", " "))
    path = _write(tmp_path, "h.docx", E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_basis"] == value
    assert result.data["project_name"] == value.replace("\n", " ").strip()


_text = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters="\ufffe\uffff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())
_long = st.lists(_text, min_size=1, max_size=4).map("\n".join)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_text, basis=_long, outcome=_long)
def test_render_then_read_is_identity(
    edition: Edition, tmp_path: Path, name: str, basis: str, outcome: str
) -> None:
    # (A cell whose whole text is a label of the form is that label: see
    # docs/reading.md.)
    labels = _labels(next(f for f in edition.forms if f.id == "application").fields)
    assume(all(_key(value) not in labels for value in (name, basis, outcome)))
    data: dict[str, Any] = application_data(
        project_name=name, project_basis=basis, expected_outcomes=outcome
    )
    path = _write(tmp_path, "p.docx", E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert result.data == data


#: What has broken forms somewhere, mixed into any text: controls (removed
#: when rendered), zero-width and joining characters, a byte order mark,
#: bidi marks, a combining accent, ideographic and no-break spaces, a tab,
#: characters beyond the BMP, template and Markdown syntax.
_ODD = st.sampled_from(
    list(
        "\x00\x01\x1b\x7f\x85\u200b\u200d\ufeff\u202e\u2066\u200f\u0301\u3000\xa0\t𠀀😀{}%_<&*|`#\\"
    )
)
_any = st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\n\r")


def _trimmed(s: str) -> bool:
    n = normalise_text(s)
    return n.strip() == n and n != ""


_hostile = st.text(alphabet=st.one_of(_any, _ODD), min_size=1, max_size=20).filter(_trimmed)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_hostile, basis=st.lists(_hostile, min_size=1, max_size=4).map("\n".join), who=_hostile)
def test_render_then_read_hostile_text_is_the_text_as_rendered(
    edition: Edition, tmp_path: Path, name: str, basis: str, who: str
) -> None:
    """Any characters, controls among them: what is read back is the value
    as the renderer writes it (newlines unified, characters XML 1.0 forbids
    removed), nothing else changed."""
    labels = _labels(edition.form("application").fields)
    assume(all(_key(normalise_text(v)) not in labels for v in (name, basis, who)))
    data = application_data(project_name=name, project_basis=basis, contact={"name": who})
    path = _write(tmp_path, "p.docx", E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert result.data["project_name"] == normalise_text(name)
    assert result.data["project_basis"] == normalise_text(basis)
    assert result.data["contact"] == {"name": normalise_text(who)}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _soffice(src: Path, fmt: str, out: Path, profile: Path) -> Path:
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / (src.stem + "." + fmt.split(":", 1)[0])


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_form_saved_by_libreoffice_via_odt(edition: Edition, tmp_path: Path) -> None:
    """A unit filling the form in LibreOffice: opened, kept as .odt while
    editing, saved back as Word.  The form still reads back exactly."""
    data = application_data(project_basis="第一段 & <二>\n第二段“引号”")
    src = _write(tmp_path, "form.docx", E.filled(edition, "application", data))
    odt = _soffice(src, "odt", tmp_path / "odt", tmp_path / "profile")
    back = _soffice(odt, "docx:MS Word 2007 XML", tmp_path / "docx", tmp_path / "profile")
    result = read_form(edition, back)
    assert result.codes() == []
    assert result.data == data
