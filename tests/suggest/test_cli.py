"""`reform-brand suggest`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import COMMANDS, main
from tests.conftest import REPO
from tests.suggest.conftest import EXAMPLES, MARINE
from tests.suggest.evalset import load

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"
MARINE_FORM = DEMO / "2022-08-18 青岛市科协" / "1-海洋科技社团联合体建设.docx"
TRUNCATED = DEMO / "2022-08-17 临沂市科协" / "临沂市科协申报表.docx"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["suggest", "shandong-2022", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_command_is_registered_lazily() -> None:
    assert COMMANDS["suggest"] == "reform_brand.cli._suggest"


def test_an_envelope_as_json(
    tmp_path: Path, marine: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(marine, ensure_ascii=False), encoding="utf-8")
    code, out = run_json(capsys, str(path))
    assert code == 0 and out["edition"] == "shandong-2022"
    [entry] = out["submissions"]
    assert (entry["path"], entry["form"], entry["declared"]) == (str(path), "application", [13])
    assert [s["item"] for s in entry["suggestions"]][:1] == [13]
    assert len(entry["suggestions"]) == 3 and "海洋" in entry["suggestions"][0]["terms"]
    assert 0 < entry["suggestions"][0]["score"] <= 1 and "problem" not in entry


def test_a_word_form_and_top(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_json(capsys, str(MARINE_FORM), "--top", "5")
    [entry] = out["submissions"]
    assert code == 0 and entry["form"] == "application" and "declared" not in entry
    assert entry["suggestions"][0]["item"] == 13 and len(entry["suggestions"]) == 5


def test_a_folder_skips_scans_and_manifests_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MARINE_FORM, tmp_path / "good.docx")
    shutil.copy(TRUNCATED, tmp_path / "broken.docx")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "not-object.json").write_text("[1]", encoding="utf-8")
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe{")
    code, out = run_json(capsys, str(tmp_path))
    assert code == 1
    by_name = {Path(e["path"]).name: e for e in out["submissions"]}
    assert sorted(by_name) == ["bad.json", "broken.docx", "good.docx", "not-object.json"]
    assert by_name["good.docx"]["suggestions"][0]["item"] == 13
    assert by_name["broken.docx"]["problem"]["code"] == "inbox.unreadable"
    assert by_name["bad.json"]["problem"]["code"] == "file.encoding"
    assert by_name["not-object.json"]["problem"]["code"] == "not-object"
    assert all(not by_name[n]["suggestions"] for n in ("broken.docx", "bad.json"))


def test_an_archive_that_cannot_be_opened_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .rar or .7z (forms sent in an archive that cannot be opened) was
    passed over in silence: a folder of them 'held no submission', exit 0,
    where the check says each is an error."""
    shutil.copy(MARINE_FORM, tmp_path / "good.docx")
    (tmp_path / "forms.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + bytes(64))
    (tmp_path / "forms.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(64))
    code, out = run_json(capsys, str(tmp_path))
    assert code == 1
    by_name = {Path(e["path"]).name: e for e in out["submissions"]}
    assert sorted(by_name) == ["forms.7z", "forms.rar", "good.docx"]
    for name in ("forms.7z", "forms.rar"):
        assert by_name[name]["problem"]["code"] == "inbox.archive-unsupported"
        assert by_name[name]["suggestions"] == []
    assert by_name["good.docx"]["suggestions"][0]["item"] == 13


def test_no_text_is_not_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["data"] = {}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    code, out = run_json(capsys, str(path))
    assert code == 0
    assert out["submissions"][0]["problem"]["code"] == "no-text"


def test_human_output_in_chinese_and_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["suggest", "shandong-2022", str(MARINE_FORM)]) == 0
    zh = capsys.readouterr().out
    assert "1. 13 海洋科普联盟建设路径选择" in zh
    assert main(["suggest", "shandong-2022", str(MARINE_FORM), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "1. 13 Choosing paths to build a marine science popularisation alliance" in en


@pytest.mark.parametrize("top", ["0", "-1", "x"])
def test_bad_top_is_a_usage_error(top: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "shandong-2022", str(MARINE_FORM), "--top", top]) == 2
    assert "[cli.usage]" in capsys.readouterr().err


def test_missing_path_and_unknown_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "shandong-2022", str(tmp_path / "nope.json")]) == 2
    assert "nope.json" in capsys.readouterr().err
    assert main(["suggest", "no-such-edition", str(MARINE_FORM)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "shandong-2022", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "0 份文件" in captured.out and "*.docx" in captured.err


def test_a_word_file_that_is_no_form_is_reported_not_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = next(DEMO.glob("2021年度改革品牌项目总结*.docx"))
    shutil.copy(summary, tmp_path / "summary.docx")
    shutil.copy(MARINE_FORM, tmp_path / "form.docx")
    # Given alone, it is reported; in a folder it is a material, passed over
    # as the check passes it over.
    code, alone = run_json(capsys, str(tmp_path / "summary.docx"))
    assert code == 0
    assert [e["problem"]["code"] for e in alone["submissions"]] == ["read.unknown-form"]
    code, out = run_json(capsys, str(tmp_path))
    assert code == 0
    by_name = {Path(e["path"]).name: e for e in out["submissions"]}
    assert sorted(by_name) == ["form.docx"]
    assert by_name["form.docx"]["suggestions"][0]["item"] == 13


ODT_FORM = DEMO / "2022-08-17 日照市科协" / "日照市科协申报表.odt"


def test_an_odt_form_is_read_as_a_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ODT_FORM, tmp_path / "form.odt")
    shutil.copy(ODT_FORM, tmp_path / "FORM2.ODT")
    code, alone = run_json(capsys, str(tmp_path / "form.odt"))
    [entry] = alone["submissions"]
    assert code == 0 and entry["form"] == "application" and "problem" not in entry
    assert entry["suggestions"]
    code, folder = run_json(capsys, str(tmp_path))
    assert code == 0
    names = sorted(Path(e["path"]).name for e in folder["submissions"])
    assert names == ["FORM2.ODT", "form.odt"]
    # Both are read as forms; being one project twice, the check counts the
    # later one only, and so does this.
    latest = [e for e in folder["submissions"] if "superseded_by" not in e]
    assert [e["suggestions"] for e in latest] == [entry["suggestions"]]
    assert [e["problem"]["code"] for e in folder["submissions"] if e not in latest] == [
        "batch.superseded"
    ]


def test_an_envelope_of_another_edition_or_form_is_reported_not_ranked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = [EXAMPLES / "wrong-edition.json", EXAMPLES / "unknown-form.json"]
    code, out = run_json(capsys, *map(str, paths))
    assert code == 0
    problems = [(e["problem"]["code"], e["suggestions"]) for e in out["submissions"]]
    assert problems == [("envelope.edition-mismatch", []), ("envelope.unknown-form", [])]
    assert main(["suggest", "shandong-2022", *map(str, paths), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "shandong-2023" in text and "application" in text


@pytest.mark.parametrize(
    "text", ["", "   \u3000", "，。！？……", "marine alliance", "2022 http://a.cn"]
)
def test_a_text_that_matches_nothing_is_no_text_in_json_as_in_words(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["data"] = {"project_name": text, "project_basis": text}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    code, out = run_json(capsys, str(path))
    [entry] = out["submissions"]
    assert code == 0 and entry["suggestions"] == []
    assert entry["problem"]["code"] == "no-text"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_help_says_edition_may_be_a_folder(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edition_line(command: str) -> str:
        assert main([command, "--help", "--lang", lang]) == 0
        out = capsys.readouterr().out
        return next(line.split(None, 1)[1] for line in out.splitlines() if "EDITION  " in line)

    assert edition_line("suggest") == edition_line("show")
    # And it is so.
    data = REPO / "plugins" / "reform_brand_shandong_2022" / "data"
    code, out = run_json(capsys, str(EXAMPLES / "ok-jinan.json"))
    assert main(["suggest", str(data), str(EXAMPLES / "ok-jinan.json"), "--json"]) == code == 0
    assert json.loads(capsys.readouterr().out)["submissions"] == out["submissions"]


def test_a_folder_the_program_wrote_is_not_read_as_received(
    tmp_path: Path, marine: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand.office import mark_output

    text = json.dumps(marine, ensure_ascii=False)
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    for name in ("report", "export"):
        out = tmp_path / name
        out.mkdir()
        (out / "001.json").write_text(text, encoding="utf-8")
        (out / "report.json").write_text('{"format": "reform-brand"}', encoding="utf-8")
        mark_output(out, name)
    code, inbox = run_json(capsys, str(tmp_path))
    assert code == 0
    assert [Path(e["path"]).name for e in inbox["submissions"]] == ["a.json"]
    # Given itself, an output folder is read as the check reads it: its
    # marker and a JSON file that is no envelope (a report) passed over.
    code, export = run_json(capsys, str(tmp_path / "export"))
    assert [Path(e["path"]).name for e in export["submissions"]] == ["001.json"]


def test_an_inbox_is_read_as_the_check_reads_it(capsys: pytest.CaptureFixture[str]) -> None:
    """Forms inside archives and mails are ranked too, and a form that the
    check gives ``reform-items.suggested`` gets the same items here."""
    code, out = run_json(capsys, str(DEMO))
    assert code == 1  # the demo's truncated form
    by_id = {e["path"].removeprefix(f"{DEMO}/"): e for e in out["submissions"]}
    assert main(["check", "shandong-2022", str(DEMO), "--json", "--now", "2022-08-21T00:00:00Z"])
    report = json.loads(capsys.readouterr().out)
    suggested = {
        s["id"]: f["params"]["items"]
        for s in report["submissions"]
        for f in s["findings"]
        if f["code"] == "reform-items.suggested"
    }
    assert any(".mbox!/" in i for i in suggested) and len(suggested) >= 3
    for sub_id, items in suggested.items():
        assert [str(s["item"]) for s in by_id[sub_id]["suggestions"]] == items, sub_id
    assert any(".zip!/" in i and by_id[i]["suggestions"] for i in by_id)
    # A manifest's declared items are shown beside the suggestions.
    assert by_id["2022-08-15 济南市科协/申报表-三长进驻两中心.docx"]["declared"] == [1]


def test_a_file_given_twice_is_listed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MARINE_FORM, tmp_path / "a.docx")
    (tmp_path / "link.docx").symlink_to(tmp_path / "a.docx")
    twice = [str(tmp_path / "a.docx"), str(tmp_path / "link.docx"), f"{tmp_path}/./a.docx"]
    code, out = run_json(capsys, *twice)
    assert code == 0
    assert [e["path"] for e in out["submissions"]] == [str(tmp_path / "a.docx")]


def _envelope(tmp_path: Path, name: str, data: dict[str, Any], **members: Any) -> Path:
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["data"] = data
    env.pop("reform_items")
    env.update(members)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ["同意推荐。", "项", "请见附件。2022年8月15日", "科普"])
def test_a_text_that_says_too_little_gets_no_suggestion_as_in_the_check(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _envelope(tmp_path, "a", {"project_name": text, "project_basis": text})
    code, out = run_json(capsys, str(path))
    [entry] = out["submissions"]
    assert code == 0 and entry["suggestions"] == []
    assert entry["problem"]["code"] == "too-little"
    assert main(["check", "shandong-2022", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert "reform-items.suggested" not in codes and "reform-items.undeclared" in codes
    for lang, words in (("zh", "自行判断"), ("en", "too little")):
        assert main(["suggest", "shandong-2022", str(path), "--lang", lang]) == 0
        assert words in capsys.readouterr().out


def test_the_command_suggests_exactly_what_the_check_suggests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [p.text for p in load("fresh")[:6]]
    texts += ["海洋科普", "同意推荐。", "科普", "组织志愿者", "学会", "LED显示屏 3D打印"]
    paths = [
        _envelope(tmp_path, f"{i:02}", {"project_name": t}, id=f"s{i:02}")
        for i, t in enumerate(texts)
    ]
    _code, out = run_json(capsys, *map(str, paths))
    shown = {
        Path(e["path"]).stem: [str(s["item"]) for s in e["suggestions"]] for e in out["submissions"]
    }
    main(["check", "shandong-2022", *map(str, paths), "--json"])
    report = json.loads(capsys.readouterr().out)
    suggested = {
        s["id"][1:]: f["params"]["items"]
        for s in report["submissions"]
        for f in s["findings"]
        if f["code"] == "reform-items.suggested"
    }
    assert {k: v for k, v in shown.items() if v} == suggested
    assert 0 < len(suggested) < len(texts)  # both kinds are here


@pytest.mark.parametrize(
    "text", ["Marine science alliance with universities", "https://example.cn/a?b=1 2022 100%"]
)
def test_a_text_without_chinese_is_no_text(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _envelope(tmp_path, "a", {"project_name": text, "project_implementation": text})
    code, out = run_json(capsys, str(path))
    assert code == 0 and out["submissions"][0]["problem"]["code"] == "no-text"


@pytest.mark.parametrize("items", ["13", {"item": 13}, 13, True])
def test_declared_items_of_the_wrong_type_are_reported_as_the_check_reports_them(
    items: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _envelope(tmp_path, "a", dict(MARINE), reform_items=items)
    code, out = run_json(capsys, str(path))
    [entry] = out["submissions"]
    assert code == 0 and "declared" not in entry
    assert (entry["declared_problem"]["code"], entry["declared_problem"]["pointer"]) == (
        "envelope.type",
        "/reform_items",
    )
    assert entry["suggestions"][0]["item"] == 13  # the text is still ranked
    main(["check", "shandong-2022", str(path), "--json"])
    [sub] = json.loads(capsys.readouterr().out)["submissions"]
    check = [f for f in sub["findings"] if f["pointer"] == "/reform_items"]
    assert [(f["code"], f["message"]["zh"]) for f in check] == [
        ("envelope.type", entry["declared_problem"]["message"])
    ]
    assert main(["suggest", "shandong-2022", str(path), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "envelope.type" in text and "declared items: \n" not in text


@pytest.mark.parametrize(("items", "shown"), [([], []), ([13], [13]), (None, None)])
def test_declared_items_given_as_a_list_or_absent(
    items: Any, shown: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = {} if items is None else {"reform_items": items}
    path = _envelope(tmp_path, "a", dict(MARINE), **members)
    _code, out = run_json(capsys, str(path))
    [entry] = out["submissions"]
    assert entry.get("declared") == shown and "declared_problem" not in entry


def test_a_manifest_that_cannot_be_read_is_said_beside_its_forms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2022-08-18 青岛市科协"
    folder.mkdir()
    shutil.copy(MARINE_FORM, folder / "a.docx")
    (folder / "manifest.toml").write_text('reform_items = "13"\n', encoding="utf-8")
    other = tmp_path / "2022-08-19 东营市科协"
    other.mkdir()
    shutil.copy(MARINE_FORM.with_name("2-院士专家工作站提质增效.docx"), other / "b.docx")
    code, out = run_json(capsys, str(tmp_path))
    by_name = {Path(e["path"]).name: e for e in out["submissions"]}
    assert code == 0 and "declared" not in by_name["a.docx"]
    assert by_name["a.docx"]["declared_problem"]["code"] == "inbox.manifest-invalid"
    assert "declared_problem" not in by_name["b.docx"]
    assert by_name["a.docx"]["suggestions"][0]["item"] == 13


def test_an_earlier_version_of_a_project_is_marked_as_the_check_marks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2022-08-18 青岛市科协"
    folder.mkdir()
    shutil.copy(MARINE_FORM, folder / "申报表.docx")
    shutil.copy(MARINE_FORM, folder / "申报表(修改版).docx")
    code, out = run_json(capsys, str(tmp_path))
    by_name = {Path(e["path"]).name: e for e in out["submissions"]}
    old, new = by_name["申报表.docx"], by_name["申报表(修改版).docx"]
    assert code == 0 and new["suggestions"][0]["item"] == 13 and "problem" not in new
    assert (old["suggestions"], old["problem"]["code"]) == ([], "batch.superseded")
    assert old["superseded_by"] == new["path"] and "superseded_by" not in new
    main(["check", "shandong-2022", str(tmp_path), "--json"])
    report = json.loads(capsys.readouterr().out)
    replaced = {Path(s["id"]).name for s in report["submissions"] if s.get("superseded_by")}
    assert replaced == {"申报表.docx"}
    # Two envelopes of one project: the later arrival is the submission.
    first, second = (_envelope(tmp_path, n, dict(MARINE), id=n) for n in ("e1", "e2"))
    for path, when in ((first, "2022-08-19T10:00:00+08:00"), (second, "2022-08-18T10:00:00+08:00")):
        env = json.loads(path.read_text(encoding="utf-8"))
        env["arrived_at"] = when
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    _code, out = run_json(capsys, str(first), str(second))
    assert [e.get("superseded_by", "") for e in out["submissions"]] == ["", str(first)]


def test_a_file_inside_a_folder_also_given_is_listed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MARINE_FORM, tmp_path / "a.docx")
    code, out = run_json(capsys, str(tmp_path), str(tmp_path / "a.docx"), str(tmp_path))
    assert code == 0 and [Path(e["path"]).name for e in out["submissions"]] == ["a.docx"]


@pytest.mark.parametrize("as_json", [True, False])
def test_a_folder_without_submissions_says_so(
    as_json: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    args = ["suggest", "shandong-2022", str(tmp_path), "--lang", "en"]
    assert main(args + (["--json"] if as_json else [])) == 0
    captured = capsys.readouterr()
    assert "no submission files" in captured.err
    if as_json:
        assert json.loads(captured.out)["submissions"] == []


@pytest.mark.parametrize("items", [["13"], [99], [13, 13], [True], [13, {"n": 1}]])
def test_a_list_of_wrong_items_is_shown_with_the_checks_finding(
    items: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _envelope(tmp_path, "a", dict(MARINE), reform_items=items)
    code, out = run_json(capsys, str(path))
    [entry] = out["submissions"]
    assert code == 0 and entry["declared"] == items
    main(["check", "shandong-2022", str(path), "--json"])
    [sub] = json.loads(capsys.readouterr().out)["submissions"]
    check = [
        (f["code"], f["pointer"], f["message"]["zh"])
        for f in sub["findings"]
        if f["pointer"].startswith("/reform_items")
    ]
    problem = entry["declared_problem"]
    assert (problem["code"], problem["pointer"], problem["message"]) == check[0]
    assert main(["suggest", "shandong-2022", str(path)]) == 0
    assert problem["code"] in capsys.readouterr().out


def test_an_edition_without_reform_items_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "plugins" / "reform_brand_shandong_2022" / "data", data)
    items = data / "items.toml"
    text = items.read_text(encoding="utf-8")
    items.write_text(text[: text.index("[[reform_items]]")] + "reform_items = []\n", "utf-8")
    edition = data / "edition.toml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace(
            "declare_reform_items = true", "declare_reform_items = false"
        ),
        encoding="utf-8",
    )
    assert main(["suggest", str(data), str(MARINE_FORM), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "[cli.usage]" in err and "no reform key items" in err and "Traceback" not in err


def test_a_file_named_with_line_breaks_makes_no_line_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A form named ``x\\n\\n青岛市科协\\n  1.  9 …`` made lines of the text
    that read as another file and its suggestion: the breaks are written
    out (``\\x0a``), as in ``check``'s text."""
    name = "x\n\n青岛市科协.docx\n  1.  9 伪造\r.docx"
    shutil.copy(MARINE_FORM, tmp_path / name)
    assert main(["suggest", "shandong-2022", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "青岛市科协.docx" not in lines
    assert not any(line.startswith("  1.  9 伪造") for line in lines)
    shown = str(tmp_path / "x\\x0a\\x0a青岛市科协.docx\\x0a  1.  9 伪造\\x0d.docx")
    assert any(line.startswith(shown) for line in lines)


def test_a_word_file_of_another_name_is_read_as_a_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A form Word saved as a .docm, or sent as .doc, is read as the Word
    form it is (it was "not a submission JSON file"); a Word 97-2003 .doc
    is said to be one (read.legacy-doc), to be saved as .docx."""
    shutil.copy(MARINE_FORM, tmp_path / "form.docm")
    shutil.copy(MARINE_FORM, tmp_path / "form.doc")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016))
    for name in ("form.docm", "form.doc"):
        code, alone = run_json(capsys, str(tmp_path / name))
        [entry] = alone["submissions"]
        assert code == 0 and entry["form"] == "application" and entry["suggestions"]
    code, alone = run_json(capsys, str(tmp_path / "old.doc"))
    [entry] = alone["submissions"]
    assert code == 1 and entry["problem"]["code"] == "read.legacy-doc"
