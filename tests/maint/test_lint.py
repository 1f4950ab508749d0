"""reform-brand lint: findings with codes and pointers, on editions written as
the reference edition plus one change (inheritance)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Host
from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.findings import param_json
from reform_brand.maint import lint_edition, nested_quantifiers
from reform_brand.maint._patterns import example_problem, word_classes
from reform_brand.model import Choice, FormField, Text


def child(tmp_path: Path, body: str, head: str = "") -> Path:
    """An edition directory: shandong-2022 plus ``body``."""
    folder = tmp_path / "child"
    folder.mkdir()
    text = f'id = "child-2022"\n{head}\n[inherit]\nfrom = "shandong-2022"\n\n'
    (folder / "edition.toml").write_text(text + textwrap.dedent(body), encoding="utf-8")
    return folder


def _project_name(tmp_path: Path, pattern: str, example: str) -> Path:
    """A child edition whose 申报表's 项目名称 has ``pattern`` and ``example``."""
    return child(
        tmp_path,
        f"""
        [[forms]]
        id = "application"
        [[forms.fields]]
        id = "project_name"
        pattern = '{pattern}'
        example = "{example}"
        """,
    )


def pairs(folder: Path | str, host: Host) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in lint_edition(folder, host=host).findings]


def test_the_reference_edition_lints_clean(reference_host: Host) -> None:
    report = lint_edition("shandong-2022", host=reference_host)
    assert report.findings == ()
    assert report.ok


@pytest.mark.parametrize("pattern", [r"^(a+)+$", r"^(a*)*$", r"^([0-9]|[0-9]+)*x$"])
def test_nested_quantifiers_are_errors(tmp_path: Path, reference_host: Host, pattern: str) -> None:
    # A near-miss example takes such a pattern exponential time (40 letters:
    # hours), so it is not tried: the pattern is an error to rewrite first.
    folder = _project_name(tmp_path, pattern, "a" * 16 + "!")
    found = pairs(folder, reference_host)
    assert found == [("lint.pattern-backtracking", "/forms/0/fields/0/pattern")]
    report = lint_edition(folder, host=reference_host)
    assert not report.ok
    assert report.findings[0].file == "edition.toml"
    # What is nested is said in the message's language; JSON keeps English.
    [nested] = [f for f in report.findings if f.code == "lint.pattern-backtracking"]
    detail = nested.params["detail"]
    assert isinstance(detail, Localized)
    assert detail.value == detail.en == nested_quantifiers(pattern)
    assert detail.zh in nested.message("zh") and detail.en in nested.message("en")
    assert not re.search(r"[A-Za-z]{2,}", nested.message("zh"))


def test_pattern_style_and_examples(tmp_path: Path, reference_host: Host) -> None:
    folder = _project_name(tmp_path, r"\d+", "x")
    assert sorted(pairs(folder, reference_host)) == [
        ("lint.example-mismatch", "/forms/0/fields/0/example"),
        ("lint.pattern-digit-class", "/forms/0/fields/0/pattern"),
        ("lint.pattern-unanchored", "/forms/0/fields/0/pattern"),
    ]


def _field(**kwargs: Any) -> FormField:
    """A field of the applicant's, its id, label and clause given."""
    return FormField(
        id="x", label=Text(zh="栏目", en="Field"), filled_by="applicant", clause="附件1", **kwargs
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (
            _field(type="text", max_chars=3, example="四个汉字"),
            "longer than 3 characters",
        ),
        (_field(type="date", example="2022/8/20"), "not a date written YYYY-MM-DD"),
        (
            _field(
                type="choice",
                example="丙",
                choices=(
                    Choice(value="乙", label=Text(zh="乙")),
                    Choice(value="甲", label=Text(zh="甲")),
                ),
            ),
            "not one of 乙, 甲",
        ),
        (
            _field(type="text", pattern="^[0-9]+$", example="一"),
            "does not match the pattern",
        ),
        (
            _field(type="integer", example="1,000"),
            "not a number written like 120 or 12.5",
        ),
        (_field(type="integer", example="2.5"), "not a whole number"),
        (_field(type="integer", minimum=1, example="0"), "less than the minimum 1"),
        (_field(type="number", maximum=9, example="10"), "more than the maximum 9"),
    ],
)
def test_example_reasons_are_given_in_both_languages(field: FormField, value: str) -> None:
    """The reason sits inside the message: in Chinese in the Chinese one,
    in English in the English one; JSON keeps the English text."""
    reason = example_problem(field)
    assert isinstance(reason, Localized)
    assert reason.value == value
    assert reason.en == value
    assert not re.search(r"[A-Za-z]{2,}", reason.zh.replace("YYYY-MM-DD", ""))


def test_a_fitting_example_has_no_reason() -> None:
    assert example_problem(_field(type="text", max_chars=9, example="海洋科普")) is None
    assert example_problem(_field(type="integer", minimum=1, example="3")) is None


def test_the_example_mismatch_message_speaks_one_language(
    tmp_path: Path, reference_host: Host
) -> None:
    folder = _project_name(tmp_path, "^[0-9]+$", "海洋科普")
    [finding] = [
        f
        for f in lint_edition(folder, host=reference_host).findings
        if f.code == "lint.example-mismatch"
    ]
    reason = finding.params["reason"]
    assert isinstance(reason, Localized)
    assert reason.value == "does not match the pattern"
    assert reason.zh in finding.message("zh")
    assert reason.en in finding.message("en")
    assert not re.search(r"[A-Za-z]{2,}", finding.message("zh"))
    assert param_json(reason) == "does not match the pattern"


def test_word_classes_are_flagged(tmp_path: Path, reference_host: Host) -> None:
    """\\w and \\b take a Chinese character as a word character in Python
    and not in ECMAScript: the server and the portal would disagree."""
    folder = _project_name(tmp_path, r"^[\w（）]+\b$", "海洋科普")
    assert sorted(pairs(folder, reference_host)) == [
        ("lint.pattern-word-class", "/forms/0/fields/0/pattern"),
    ]
    [finding] = lint_edition(folder, host=reference_host).findings
    assert finding.params["classes"] == "\\w \\b"


@pytest.mark.parametrize(
    ("pattern", "classes"),
    [
        (r"^\w+$", ("\\w",)),
        (r"\bfoo\B\W", ("\\b", "\\B", "\\W")),
        (r"^[\b\w-]+$", ("\\w",)),  # in a class, \b is a backspace
        (r"^\\w\\b$", ()),  # an escaped backslash, then letters
        (r"^[0-9一-龥]+$", ()),
    ],
)
def test_word_class_scan(pattern: str, classes: tuple[str, ...]) -> None:
    assert word_classes(pattern) == classes


def test_nested_quantifier_detection() -> None:
    assert nested_quantifiers("(a+)+")
    assert nested_quantifiers(r"(\w*)*")
    assert nested_quantifiers("((ab)*c)+")
    for safe in (
        r"^0[0-9]{2,3}-[0-9]{7,8}$",
        r"^(?:ab)+$",
        r"^(a{2}){3,}$",
        r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]*[A-Za-z]$",
        "(",
    ):
        assert nested_quantifiers(safe) == "", safe


def test_quota_problems(tmp_path: Path, reference_host: Host) -> None:
    folder = child(
        tmp_path,
        """
        [[quotas]]
        id = "extra"
        unit_kinds = ["city-association"]
        includes = ["enterprise-association"]
        limit = 5
        forms = ["application", "recommendation"]
        soft = true
        notice_text = "x"
        clause = "二.2"
        """,
    )
    assert sorted(pairs(folder, reference_host)) == [
        ("lint.quota-form-not-filled", "/quotas/0/forms"),
        ("lint.quota-include-mismatch", "/quotas/0/includes/0"),
        ("lint.quota-include-mismatch", "/quotas/0/includes/0"),
        ("lint.quota-overlap", "/quotas/0/unit_kinds/0"),
    ]


def test_a_kind_without_quota_is_a_note(tmp_path: Path, reference_host: Host) -> None:
    folder = child(tmp_path, "", head="")
    (folder / "edition.toml").write_text(
        (folder / "edition.toml").read_text(encoding="utf-8")
        + '[inherit.remove]\nquotas = ["recommender"]\n',
        encoding="utf-8",
    )
    found = lint_edition(folder, host=reference_host)
    assert [(f.code, f.pointer, f.severity) for f in found.findings] == [
        ("lint.kind-without-quota", "/unit_kinds/4", "info"),
        ("lint.kind-without-quota", "/unit_kinds/5", "info"),
    ]
    assert found.ok


def test_dates_and_years(tmp_path: Path, reference_host: Host) -> None:
    folder = child(tmp_path, "", head="issued = 2022-08-20\nyear = 2023\n")
    assert sorted(pairs(folder, reference_host)) == sorted(
        [
            ("lint.deadline-not-after-issue", "/deadline/at"),
            ("lint.stale-date", "/deadline/at"),
            *STALE_FACTS,
            ("lint.stale-year", "/forms/0/title/en"),
            ("lint.stale-year", "/forms/0/title/zh"),
            ("lint.stale-year", "/forms/1/title/en"),
            ("lint.stale-year", "/forms/1/title/zh"),
            ("lint.stale-year", "/title/en"),
            ("lint.stale-year", "/title/zh"),
            ("lint.year-mismatch", "/year"),
        ]
    )


#: What the reference edition says of 2022 (or of 2021, the year before)
#: beyond its titles and dates: stale in an edition of a later year.
STALE_FACTS = [
    ("lint.stale-year", "/extra_materials/1/selected_in"),
    ("lint.stale-year", "/forms/0/fields/1/example"),
    ("lint.stale-year", "/forms/1/fields/1/example"),
    ("lint.stale-year", "/issuer/document_number"),
    ("lint.stale-year", "/preamble/0"),
    ("lint.stale-year", "/readings/1/reading/en"),
    ("lint.stale-year", "/readings/1/reading/zh"),
]


def test_a_copied_edition_is_told_every_stale_fact_with_file_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full copy for 2024 that changed only its id, year and titles (what
    new-edition writes): every fact still of 2022 is a warning, in the file
    that holds it."""
    out = tmp_path / "hn"
    assert main(["new-edition", "hainan-2024", "--from", "shandong-2022", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["lint", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    found = sorted((f["code"], f["file"], f["pointer"]) for f in data["findings"])
    files = {"forms": "forms.toml"}
    expected = [
        (code, files.get(pointer.split("/")[1], "edition.toml"), pointer)
        for code, pointer in [
            *STALE_FACTS,
            ("lint.stale-date", "/deadline/at"),
            ("lint.year-mismatch", "/year"),
        ]
    ]
    assert found == sorted(expected)
    assert {f["severity"] for f in data["findings"]} == {"warning"}
    assert main(["lint", str(out), "--strict"]) == 1


def test_an_extra_material_may_name_the_year_it_is_about(
    tmp_path: Path, reference_host: Host
) -> None:
    """A new year's edition that brought its facts up to date lints clean:
    the summary of the units selected the year before names that year."""
    folder = child(
        tmp_path,
        """
        [issuer]
        document_number = "鲁科协办发〔2023〕7号"

        [deadline]
        at = 2023-08-16T00:00:00+08:00

        [[extra_materials]]
        id = "summary-2021"
        title.zh = "2022 年度改革品牌项目总结"
        title.en = "Summary of a reform brand project selected in 2022"
        selected_in = 2022
        keywords = [["2022", "总结"]]
        """,
        head='issued = 2023-07-20\nyear = 2023\npreamble = ["开展 2023 年度改革品牌项目遴选工作。"]\n',
    )
    found = set(pairs(folder, reference_host))
    assert ("lint.stale-year", "/extra_materials/1/title/zh") not in found
    assert ("lint.stale-year", "/extra_materials/1/keywords/0/0") not in found
    assert ("lint.stale-year", "/extra_materials/1/selected_in") not in found
    assert ("lint.stale-year", "/issuer/document_number") not in found
    assert ("lint.stale-year", "/preamble/0") not in found
    assert ("lint.stale-date", "/deadline/at") not in found


def test_items_translations_clauses_and_ids(tmp_path: Path, reference_host: Host) -> None:
    folder = child(
        tmp_path,
        """
        [[reform_items]]
        number = 3
        description = ["  "]

        [[unit_kinds]]
        id = "provincial-society"
        name.en = ""
        clause = "TODO"

        [[extra_materials]]
        id = "word"
        title.zh = "另一个材料"
        title.en = "Another"
        unit_kinds = ["city-association"]
        clause = "待定"

        [[roster]]
        name = "济南科协"
        kind = "city-association"
        """,
    )
    assert sorted(pairs(folder, reference_host)) == [
        # Each at its place in the child's own file (merged: /extra_materials/2,
        # /roster/16, /reform_items/2).
        ("lint.clause-placeholder", "/extra_materials/0/clause"),
        ("lint.clause-placeholder", "/unit_kinds/0/clause"),
        ("lint.duplicate-id", "/extra_materials/0/id"),
        ("lint.duplicate-name", "/roster/0/name"),
        ("lint.item-undescribed", "/reform_items/0/description"),
        ("lint.translation-missing", "/unit_kinds/0/name/en"),
    ]


def test_gaps_in_item_numbers_and_repeated_titles(tmp_path: Path, reference_host: Host) -> None:
    folder = child(
        tmp_path,
        """
        [inherit.remove]
        reform_items = [5]

        [[reform_items]]
        number = 2
        title.zh = "发挥“三长”作用机制、路径方法创新"
        """,
    )
    assert sorted(pairs(folder, reference_host)) == [
        ("lint.duplicate-title", "/reform_items/0/title"),
        ("lint.item-numbering", "/reform_items"),
    ]


def test_a_deadline_moved_without_its_notice_text_is_a_warning(
    tmp_path: Path, reference_host: Host
) -> None:
    # The parent's notice text says 8 月 20 日 (its exclusive midnight of
    # 21 August); the child moves the instant and keeps the quote.
    moved = child(tmp_path, "[deadline]\nat = 2022-08-18T17:00:00+08:00\n")
    [finding] = lint_edition(moved, host=reference_host).findings
    assert (finding.code, finding.pointer) == (
        "lint.deadline-text-mismatch",
        "/deadline/notice_text",
    )
    assert (finding.params["last_day"], finding.params["said"]) == ("2022-08-18", "8 月 20 日")
    assert finding.file == "edition.toml (shandong-2022)"
    # Full-width digits and an inclusive end at the day's last moment agree.
    (moved / "edition.toml").write_text(
        'id = "child-2022"\n[inherit]\nfrom = "shandong-2022"\n\n[deadline]\n'
        'at = 2022-08-20T23:59:59+08:00\nend = "inclusive"\n'
        'notice_text = "于８月２０日前发送至省科协办公室邮箱"\n',
        encoding="utf-8",
    )
    assert pairs(moved, reference_host) == []


def test_two_forms_of_one_title_and_a_form_no_kind_fills_in(
    tmp_path: Path, reference_host: Host
) -> None:
    # The recommendation form titled as the application (full-width digits,
    # no spaces: the same once squashed), and no kind left to fill it in.
    folder = child(
        tmp_path,
        """
        [[unit_kinds]]
        id = "department"
        forms = ["application"]

        [[unit_kinds]]
        id = "affiliated-unit"
        forms = ["application"]

        [[forms]]
        id = "recommendation"
        title.zh = "２０２２年度山东省科协改革品牌项目申报表"
        """,
    )
    found = [
        (f.code, f.pointer, f.params.get("other"))
        for f in lint_edition(folder, host=reference_host).findings
        if f.code.startswith("lint.form-")
    ]
    assert found == [
        ("lint.form-title-duplicate", "/forms/0/title/zh", "application"),
        ("lint.form-unfilled", "/forms/0", None),
    ]


def test_late_submissions_accepted_against_a_notice_that_refuses_them(
    tmp_path: Path, reference_host: Host
) -> None:
    # The parent's notice text says 逾期不再受理.
    folder = child(tmp_path, "[deadline]\nlate_accepted = true\n")
    [finding] = lint_edition(folder, host=reference_host).findings
    assert (finding.code, finding.pointer) == ("lint.deadline-text-late", "/deadline/late_accepted")
    assert (finding.file, finding.params["said"]) == ("edition.toml", "逾期不再受理")


def test_a_keyword_of_one_character_is_one_suggestions_never_use(
    tmp_path: Path, reference_host: Host
) -> None:
    folder = child(
        tmp_path,
        """
        [[reform_items]]
        number = 2
        keywords = ["三长", "科", "AI", "Ｘ"]
        """,
    )
    assert sorted(pairs(folder, reference_host)) == [
        ("lint.keyword-too-short", "/reform_items/0/keywords/1"),
        ("lint.keyword-too-short", "/reform_items/0/keywords/3"),
    ]


def test_load_problems_are_findings_with_the_loader_codes(
    tmp_path: Path, reference_host: Host
) -> None:
    folder = child(
        tmp_path,
        """
        [[quotas]]
        id = "city-association"
        unit_kinds = ["nope"]
        """,
    )
    report = lint_edition(folder, host=reference_host)
    assert [(f.code, f.pointer, f.severity) for f in report.findings] == [
        ("edition.unknown-unit-kind", "/quotas/0/unit_kinds/0", "error")
    ]
    assert "nope" in report.message(report.findings[0], "en")


def test_template_that_does_not_declare_the_form_fields(
    tmp_path: Path, reference_host: Host
) -> None:
    from reform_brand.render import build_template

    edition = reference_host.edition("shandong-2022")
    folder = child(
        tmp_path,
        """
        [[forms]]
        id = "application"
        template = "templates/application.docx"
        """,
    )
    (folder / "templates").mkdir()
    wrong = build_template(edition, edition.form("recommendation"))
    (folder / "templates" / "application.docx").write_bytes(wrong)
    codes = {(f.code, f.pointer) for f in lint_edition(folder, host=reference_host).findings}
    assert ("render.template-unknown-variable", "/forms/0/template") in codes
    assert ("render.template-unused-field", "/forms/0/template") in codes


def test_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "shandong-2022", "--lang", "en"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    folder = child(tmp_path, "", head="year = 2023\n")
    assert main(["lint", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["counts"]["warning"] == 8 + len(STALE_FACTS)
    assert {f["code"] for f in data["findings"]} == {
        "lint.year-mismatch",
        "lint.stale-year",
        "lint.stale-date",
    }
    assert all(f["message"]["zh"] and f["message"]["en"] for f in data["findings"])
    assert main(["lint", str(folder), "--strict"]) == 1
    capsys.readouterr()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "edition.toml").write_text("id = [", encoding="utf-8")
    assert main(["lint", str(bad), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["code"] == "edition.syntax"
    assert main(["lint", "no-such-edition"]) == 2
    assert main(["lint", "./missing-dir"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_each_missing_member_is_one_problem(tmp_path: Path, reference_host: Host) -> None:
    """jsonschema reports every missing member of an entry once per member,
    each naming them all: the lint names each one once."""
    folder = child(
        tmp_path,
        """
        [[quotas]]
        id = "new-one"
        unit_kinds = ["provincial-society"]
        limit = 2
        forms = ["application"]
        clause = "二.2"
        """,
    )
    assert sorted(pairs(folder, reference_host)) == [
        ("edition.schema.required", "/quotas/0/notice_text"),
        ("edition.schema.required", "/quotas/0/soft"),
    ]


def test_a_chinese_text_that_is_english(tmp_path: Path, reference_host: Host) -> None:
    folder = child(
        tmp_path,
        """
        [[forms]]
        id = "application"
        [[forms.fields]]
        id = "project_name"
        label.zh = "Project name"

        [[delivery.deliverables]]
        id = "word"
        title.zh = "Word 版申报表"
        """,
    )
    assert pairs(folder, reference_host) == [("lint.zh-not-chinese", "/forms/0/fields/0/label/zh")]


def test_a_choice_value_listed_twice(tmp_path: Path, reference_host: Host) -> None:
    folder = child(
        tmp_path,
        """
        [[forms]]
        id = "application"
        [[forms.fields]]
        id = "scale"
        label.zh = "规模"
        label.en = "Scale"
        type = "choice"
        filled_by = "applicant"
        clause = "附件1"
        choices = [
          { value = "city", label = { zh = "市级", en = "City" } },
          { value = "county", label = { zh = "县级", en = "County" } },
          { value = "city", label = { zh = "市", en = "City (again)" } },
        ]
        """,
    )
    report = lint_edition(folder, host=reference_host)
    assert [(f.code, f.pointer, f.params["value"]) for f in report.findings] == [
        ("lint.choice-duplicate", "/forms/0/fields/0/choices/2/value", "city")
    ]


@pytest.mark.parametrize("key", ["max_chars", "max_zi"])
def test_a_cap_of_zero_is_a_warning_that_it_sets_none(
    tmp_path: Path, reference_host: Host, key: str
) -> None:
    """0 is what a cap left out means (no cap): written, it was meant as a
    cap, or as "nothing may be written", which no field can mean."""
    folder = child(
        tmp_path,
        f"""
        [[forms]]
        id = "application"
        [[forms.fields]]
        id = "project_name"
        {key} = 0
        """,
    )
    report = lint_edition(folder, host=reference_host)
    assert [(f.code, f.severity, f.pointer, f.file) for f in report.findings] == [
        ("lint.zero-cap", "warning", f"/forms/0/fields/0/{key}", "edition.toml")
    ]
    assert report.ok
