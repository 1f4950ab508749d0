"""Finding codes of the edition linter (``reform-brand lint``)."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E, I, W

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    # -- lint (`reform-brand lint`: edition data, not submissions) -----------------
    # Pointers point into the edition's data; load problems keep the loader's
    # codes (docs/edition-format.md). Defined with the other codes so that this
    # page lists them; reform_brand.maint._lint renders them.
    CodeInfo(
        code="lint.duplicate-id",
        severity=E,
        rule="lint",
        zh="编号“{id}”同时用于{first}和{second}",
        en="the id '{id}' is used by both {first} and {second}",
        about="Attachment roles name deliverables and extra materials alike, so their "
        "ids must differ.",
    ),
    CodeInfo(
        code="lint.duplicate-name",
        severity=E,
        rule="lint",
        zh="名称“{name}”同时给了{first}和{second}",
        en="the name '{name}' is given to both {first} and {second}",
        about="A roster name or alias must name one unit only (names are compared as "
        "the rules compare them: spaces and full-width forms folded).",
    ),
    CodeInfo(
        code="lint.item-numbering",
        severity=W,
        rule="lint",
        zh="改革重点事项应从 1 起连续编号，实际为 {numbers}",
        en="reform items should be numbered 1, 2, 3... without gaps; they are {numbers}",
    ),
    CodeInfo(
        code="lint.duplicate-title",
        severity=W,
        rule="lint",
        zh="改革重点事项 {number} 与 {other} 标题相同",
        en="reform items {number} and {other} have the same title",
    ),
    CodeInfo(
        code="lint.quota-overlap",
        severity=E,
        rule="lint",
        zh="单位类别“{kind}”的表格“{form}”同时计入限额 {first} 和 {second}；后者不起作用",
        en="unit kind '{kind}' is counted for form '{form}' by quotas {first} and {second}; "
        "the second never applies",
    ),
    CodeInfo(
        code="lint.quota-form-not-filled",
        severity=W,
        rule="lint",
        zh="限额 {quota} 统计“{kind}”的表格“{form}”，但该类别不填写此表",
        en="quota {quota} counts form '{form}' of unit kind '{kind}', which does not "
        "fill that form in",
    ),
    CodeInfo(
        code="lint.quota-include-mismatch",
        severity=W,
        rule="lint",
        zh="限额 {quota} 包含“{kind}”的项目，但该类别不计入限额所列的单位类别（counted_under）",
        en="quota {quota} includes unit kind '{kind}', which is not counted under one of "
        "the quota's kinds (counted_under)",
    ),
    CodeInfo(
        code="lint.quota-text-limit",
        severity=W,
        rule="lint",
        zh="限额 {quota} 的上限是 {limit}，但它引用的通知原文写的是 {counts}：请核对哪一个对",
        en="quota {quota} has the limit {limit}, but the notice text it cites says {counts}: "
        "check which is right",
        about="The count of projects the quota's `notice_text` quotes (`不超过 3 个`, "
        "`三项`) is not its `limit`: an edition copied from another changed one and not "
        "the other. Years and clause numbers are not read as counts.",
    ),
    CodeInfo(
        code="lint.quota-text-soft",
        severity=W,
        rule="lint",
        zh="限额 {quota} 超出即为错误，但它引用的通知原文写的是“原则上”：请核对",
        en="quota {quota} is hard (soft = false), but the notice text it cites says it holds "
        "in principle (原则上): check which is right",
        about="A quota the notice words 原则上 (in principle) is soft: exceeding it is a "
        "warning, an error only in strict mode.",
    ),
    CodeInfo(
        code="lint.kind-without-quota",
        severity=I,
        rule="lint",
        zh="单位类别“{kind}”填写表格“{form}”，但没有限额",
        en="unit kind '{kind}' fills in form '{form}' but no quota counts it",
    ),
    CodeInfo(
        code="lint.no-project-field",
        severity=W,
        rule="lint",
        zh="表格“{form}”没有写项目名称的栏目（id 为 project_name、标签为“项目名称”或标有 "
        'names = "project" 的顶层文字栏目）：同一项目的修改版无法识别，会重复计入限额',
        en="form '{form}' has no field naming the project (a top-level text field with the "
        'id project_name, labelled 项目名称 or marked names = "project"): a revision of a '
        "project cannot be told from another project, and counts against the quota again",
    ),
    CodeInfo(
        code="lint.form-title-duplicate",
        severity=E,
        rule="lint",
        zh="表格“{form}”与“{other}”标题相同：读回填好的表格时按标题认表，其中一张会被当作另一张",
        en="forms '{form}' and '{other}' have the same title: a filled form is told by "
        "its title, so one would be read as the other",
    ),
    CodeInfo(
        code="lint.form-unfilled",
        severity=W,
        rule="lint",
        zh="没有单位类别填写表格“{form}”（unit_kinds 的 forms）："
        "它的每份申报都会因表格不对而不予接受",
        en="no unit kind fills in form '{form}' (the unit kinds' forms): every submission "
        "of it would be refused as the wrong form",
    ),
    CodeInfo(
        code="lint.zero-cap",
        severity=W,
        rule="lint",
        zh="栏目“{label}”的 {key} = 0 不设上限（与不写相同），而不是“不能填写”："
        "请写出上限，或删去这一项",
        en="{key} = 0 on field '{label_en}' sets no cap (as leaving it out does), not "
        "'nothing may be written': give the cap, or leave the key out",
    ),
    CodeInfo(
        code="lint.no-unit-field",
        severity=W,
        rule="lint",
        zh="表格“{form}”没有写填表单位的栏目（表头的文字栏目，或标有 "
        'names = "unit" 的顶层文字栏目）：读回的表格不知道是哪个单位的',
        en="form '{form}' has no field naming the unit that fills it in (a text field of "
        'the header line, or a top-level text field marked names = "unit"): a form read '
        "back names no unit",
    ),
    CodeInfo(
        code="lint.pattern-backtracking",
        severity=E,
        rule="lint",
        zh="正则表达式含嵌套量词（{detail}），可能导致灾难性回溯；请改写",
        en="the pattern nests quantifiers ({detail}) and can backtrack catastrophically; "
        "rewrite it",
        about="A repeated group that itself repeats, such as `(a+)+` or `(\\w*)*`, "
        "takes exponential time on a near-miss input: one submission could stall "
        "the validator.",
    ),
    CodeInfo(
        code="lint.pattern-unanchored",
        severity=W,
        rule="lint",
        zh="正则表达式未用 ^…$ 锚定；JSON Schema 只要求部分匹配",
        en="the pattern is not anchored with ^...$; JSON Schema only needs a partial match",
    ),
    CodeInfo(
        code="lint.pattern-digit-class",
        severity=W,
        rule="lint",
        zh="正则表达式用了 \\d，它也匹配全角数字；请用 [0-9]",
        en="the pattern uses \\d, which also matches full-width digits; use [0-9]",
    ),
    CodeInfo(
        code="lint.pattern-word-class",
        severity=W,
        rule="lint",
        zh="正则表达式用了 {classes}：汉字不算单词字符（\\w 在服务器和浏览器上都只含 ASCII 字母、"
        "数字和下划线），而 \\b、\\B 在服务器（Python）和浏览器（ECMAScript）上对汉字的判断"
        "不同；请写出字符范围",
        en="the pattern uses {classes}: a Chinese character is no word character (\\w is "
        "ASCII letters, digits and the underscore on the server and in the browser alike), "
        "and \\b and \\B judge Chinese characters differently on the server (Python) and "
        "in the browser (ECMAScript); write the characters out",
        about="``\\w``, ``\\W``, ``\\b`` and ``\\B`` outside a character class; "
        "``classes`` lists those used.",
    ),
    CodeInfo(
        code="lint.example-mismatch",
        severity=E,
        rule="lint",
        zh="“{label}”的示例值不符合该栏目的要求（{reason}）",
        en="the example of '{label}' does not fit the field ({reason})",
        about="Examples are shown in messages and used by the testing helpers to make "
        "valid submissions, so each must satisfy its field's pattern and length.",
    ),
    CodeInfo(
        code="lint.deadline-not-after-issue",
        severity=E,
        rule="lint",
        zh="截止时间（最后一天 {last_day}）不晚于发文日期 {issued}",
        en="the deadline (last day {last_day}) is not after the issue date {issued}",
    ),
    CodeInfo(
        code="lint.year-mismatch",
        severity=W,
        rule="lint",
        zh="版本年度 {year} 与发文日期 {issued} 的年份不同",
        en="the edition's year {year} differs from the year of the issue date {issued}",
    ),
    CodeInfo(
        code="lint.stale-year",
        severity=W,
        rule="lint",
        zh="写有年份 {found}，而版本年度为 {year}（复制旧版本后忘了修改？）",
        en="names the year {found} but the edition's year is {year} (copied "
        "from an older edition?)",
        about="A title naming another year than the edition's `year`, or another text "
        "(document number, preamble, descriptions, readings, examples...) naming an "
        "older year, as `2022 年`, `〔2022〕` or `2022-08-15`: a fact an edition copied "
        "from an older one still holds. An extra material's texts may name its "
        "`selected_in`, which itself should be no older than the year before; any text "
        "or title may name the year before as the period a summary or a report covers "
        "(`2022 年度改革工作总结`, `2022 年度…报告`, a form `2022 年度工作总结表` in a "
        "2023 call).",
    ),
    CodeInfo(
        code="lint.stale-date",
        severity=W,
        rule="lint",
        zh="日期 {date} 早于版本年度 {year}（复制旧版本后忘了修改？）",
        en="the date {date} is before the edition's year {year} (copied from an older edition?)",
    ),
    CodeInfo(
        code="lint.deadline-text-mismatch",
        severity=W,
        rule="lint",
        zh="截止时间的最后一天为 {last_day}，但所引通知原文写的是 {said}：请核对哪一个正确",
        en="the deadline's last day is {last_day}, but the notice text it cites says {said}: "
        "check which is right",
        about="The day the deadline's `notice_text` names (`11 月 28 日`) is compared with "
        "the last day still on time of `at` and `end` (an exclusive midnight is the day "
        "before): one edited without the other (a deadline moved, its quote left as last "
        "year's) shows the clerk one day and judges by another.",
    ),
    CodeInfo(
        code="lint.deadline-text-late",
        severity=W,
        rule="lint",
        zh="截止时间接受逾期申报（late_accepted = true），"
        "但所引通知原文写的是“{said}”：请核对哪一个正确",
        en="the deadline accepts late submissions (late_accepted = true), but the notice "
        "text it cites says '{said}' (late ones refused): check which is right",
    ),
    CodeInfo(
        code="lint.item-undescribed",
        severity=E,
        rule="lint",
        zh="改革重点事项 {number} 没有说明",
        en="reform item {number} has no description",
    ),
    CodeInfo(
        code="lint.items-none",
        severity=E,
        rule="lint",
        zh="申报须声明改革重点事项（declare_reform_items = true），但版本没有列出任何改革重点事项",
        en="submissions must declare reform items (declare_reform_items = true), but the "
        "edition lists none",
        about="No submission can declare an item that exists: each one declaring none is "
        "warned, each one declaring some gets an error. List the notice's items "
        "(`reform_items`), or set `declare_reform_items = false` for a call without them.",
    ),
    CodeInfo(
        code="lint.keyword-too-short",
        severity=W,
        rule="lint",
        zh="改革重点事项 {number} 的关键词“{keyword}”不足两个字，推荐改革事项时从不使用它",
        en="keyword '{keyword}' of reform item {number} is shorter than two characters; "
        "suggestions never use it",
        about="Suggestions drop words of one character (a single 黔 or 科 would match "
        "almost any project), keywords included: write a word of two characters or more.",
    ),
    CodeInfo(
        code="lint.translation-missing",
        severity=W,
        rule="lint",
        zh="缺少英文译文：“{text}”",
        en="no English translation of '{text}'",
        about="Every title, label, name and help text (each zh/en text of the data) "
        "should have English beside it; the full reform item descriptions may stay "
        "Chinese only.",
    ),
    CodeInfo(
        code="lint.choice-duplicate",
        severity=E,
        rule="lint",
        zh="栏目“{label}”的选项值“{value}”出现了不止一次",
        en="the field '{label_en}' lists the choice value '{value}' more than once",
        about="The form's JSON Schema offers each choice as one of `oneOf`: a value listed "
        "twice matches two of them, so neither the schema nor the check accepts it, and "
        "every submission that picks it is refused (`form.choice`).",
    ),
    CodeInfo(
        code="lint.zh-not-chinese",
        severity=W,
        rule="lint",
        zh="中文文字里没有一个汉字，只有拉丁字母的词：“{text}”",
        en="the Chinese text has Latin words and no Chinese character: '{text}'",
        about="A title, label or name whose `zh` is English (a translation put in the "
        "wrong slot, or a placeholder): the Chinese forms and messages would show it. "
        "Chinese with Latin words in it (`PDF 扫描件`) is fine.",
    ),
    CodeInfo(
        code="lint.clause-missing",
        severity=E,
        rule="lint",
        zh="没有注明出处条款（clause）",
        en="no clause of the notice is cited (clause)",
    ),
    CodeInfo(
        code="lint.clause-placeholder",
        severity=E,
        rule="lint",
        zh="出处条款“{placeholder}”是占位符",
        en="the clause '{placeholder}' is a placeholder",
    ),
    CodeInfo(
        code="lint.parent-regional-data",
        severity=W,
        rule="lint",
        zh="本版本有自己的地区或发文单位，此处却仍是父版本的{what}：请按新通知填写",
        en="the edition names its own region or issuer, but still takes the {what_en} "
        "from its parent: write them from the new notice",
    ),
    CodeInfo(
        code="lint.regional-text",
        severity=W,
        rule="lint",
        zh="此处仍写着“{word}”，是{whose}：请按新通知改写",
        en="the text still names '{word}', {whose}: rewrite it from the new notice",
        about="A title, a field's help or its example, a reading of a clause, or a text "
        "findings quote (the issuer's name, a unit kind's name, the title of a deliverable, "
        "reform item or extra material, the notice's words of the deadline or a quota), naming "
        "another region (a time zone, 北京时间 or Asia/Shanghai, names none): the parent's "
        "region, a unit of its roster (with or without its place's level: `济南科协`), its "
        "phones, area code (however written) or mailboxes, in an edition that names a "
        "region or issuer of its own (as `lint.parent-regional-data`), but for those of "
        "its own region (`济南市科协` in an edition for `济南`) and area codes; or, "
        "inherited or copied, another province than the one `region` names (`吉林市` is a "
        "city of `吉林省`; `幸福建设` names no province), a unit or "
        "society (`济南市科协`, `浙江省科普作家协会`, `济南市药学会`) that is neither on the "
        "edition's own roster nor of its region or a city its roster names, or a phone "
        "whose area code (`0531`) none of the issuer's contacts has, however either is "
        "written (`0531-82073271`, `(0531)82073271`, `0531 8207 3271`). Placeholders "
        "(`某某市科协`, `XX学会`), societies without a place (`科普协会`) and mobile "
        "numbers are not flagged.",
    ),
    CodeInfo(
        code="lint.clause-unknown",
        severity=W,
        rule="lint",
        zh="出处条款“{part}”在通知原文（notice.txt）中找不到",
        en="the clause '{part}' is not in the notice's text (notice.txt)",
    ),
    CodeInfo(
        code="lint.notice-unreadable",
        severity=W,
        rule="lint",
        zh="无法读取通知原文（notice.txt）：{detail}；出处条款未与通知原文核对",
        en="cannot read the notice's text (notice.txt): {detail}; the clauses are not "
        "checked against it",
    ),
)
