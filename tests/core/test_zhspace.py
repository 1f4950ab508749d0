"""Chinese messages set a parameter's Latin letters and digits apart from
the ideographs around it, and keep no space between two ideographs."""

from __future__ import annotations

import pytest

from reform_brand._zhspace import format_zh
from reform_brand.catalogue import render_message
from reform_brand.i18n import render


@pytest.mark.parametrize(
    ("template", "values", "shown"),
    [
        ("缺少{title}", {"title": "WORD 版"}, "缺少 WORD 版"),
        ("缺少{title}", {"title": "申报表"}, "缺少申报表"),
        ("内容为{detected}，无法读取", {"detected": "PDF"}, "内容为 PDF，无法读取"),
        ("的内容是 {detected}，但", {"detected": "未知内容"}, "的内容是未知内容，但"),
        ("的内容是 {detected}，但", {"detected": "PDF"}, "的内容是 PDF，但"),
        ("共{count}份", {"count": 4}, "共 4 份"),
        ("{unit} 提交了", {"unit": "济南市科协"}, "济南市科协提交了"),
        ("{unit}提交了", {"unit": "ACME"}, "ACME 提交了"),
        ("得分 {score:.2f}", {"score": 0.5}, "得分 0.50"),
        # The parameters and the message's own text are left as they are.
        ("文件{path}：", {"path": "申报表2.docx"}, "文件申报表2.docx："),
        ("2022年8月{day}日", {"day": "20"}, "2022年8月 20 日"),
        ("“{name}”", {"name": "ABC"}, "“ABC”"),
        ("缺少{missing}", {}, "缺少{missing}"),
    ],
)
def test_a_parameter_meets_the_text_as_chinese_text_spaces_it(
    template: str, values: dict[str, object], shown: str
) -> None:
    from reform_brand.catalogue import _Defaulting

    assert format_zh(template, _Defaulting(values)) == shown
    # Nothing else differs from format_map but the spaces.
    assert format_zh(template, _Defaulting(values)).replace(" ", "") == (
        template.format_map(_Defaulting(values)).replace(" ", "")
    )


def test_findings_and_command_messages_are_spaced_in_chinese_only() -> None:
    assert render_message("deliverables.missing", {"title": "WORD 版"}) == "缺少 WORD 版"
    assert render_message("read.not-docx", {"detected": "PDF"}, "zh").startswith(
        "不是 Word 文档（.docx），内容为 PDF，"
    )
    # English is formatted as it is written.
    english = render_message("deliverables.missing", {"title": "the WORD 版"}, "en")
    assert english.endswith("the WORD 版")
    # The command line's messages are spaced alike (in Chinese).
    assert render("read.not-docx", {"detected": "PDF"}, "zh") == render_message(
        "read.not-docx", {"detected": "PDF"}, "zh"
    )


@pytest.mark.parametrize(
    ("template", "values", "shown"),
    [
        ("项目“{name}”", {"name": "发挥“三长”作用"}, "项目“发挥‘三长’作用”"),
        # Not quoted by the message: left as it is.
        ("项目 {name}", {"name": "发挥“三长”作用"}, "项目发挥“三长”作用"),
        ("（{name}）", {"name": "发挥“三长”作用"}, "（发挥“三长”作用）"),
    ],
)
def test_a_quoted_parameter_nests_its_own_quotes_as_single_ones(
    template: str, values: dict[str, object], shown: str
) -> None:
    from reform_brand.catalogue import _Defaulting

    assert format_zh(template, _Defaulting(values)) == shown


def test_a_suggested_item_title_with_quotes_is_nested_in_the_listing() -> None:
    from reform_brand.rules._suggest import _listing
    from reform_brand.suggest import Suggestion

    titled = Suggestion(
        item=1,
        title="发挥“三长”作用机制",
        title_en="The “three heads”",
        score=0.16,
        raw=1.0,
        rank=1,
    )
    assert _listing([titled], "zh") == "1“发挥‘三长’作用机制”（0.16）"
    assert "“three heads”" in _listing([titled], "en")
