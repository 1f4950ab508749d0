"""The catalogue of finding codes: severity, rule, and messages in zh and en.

Every finding the built-in rules and the validation engine can emit has an
entry here, keyed by its stable dotted code.  Messages are ``str.format``
templates rendered from the finding's parameters; they never repeat the
submitted value itself (which may be huge or hostile), only what is expected.

A plugin registers the entries of its own codes through the
``reform_brand_messages`` hook (:class:`reform_brand.plugin.MessageRegistry`);
a rule may also bring them in a ``messages`` attribute (a mapping of code to
:class:`CodeInfo`).  The engine merges both in.

``docs/findings.md`` is generated from this module::

    python -c "from reform_brand.catalogue import main; main()" > docs/findings.md

and a test fails when the page is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Final, Literal

from attrs import frozen

__all__ = [
    "CATALOGUE",
    "SEVERITIES",
    "CodeInfo",
    "Localized",
    "Severity",
    "findings_markdown",
    "render_message",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "info")


@frozen(kw_only=True)
class Localized:
    """A message parameter written differently in each language — a field's
    label, a time as the notice writes it — so that a finding's parameters
    are language-neutral: one ``label``, not ``label`` and ``label_en``.

    ``value`` is what the JSON form of a finding carries (e.g. the ISO 8601
    instant behind ``2022年8月20日24:00（北京时间）``); without it the JSON
    form is ``{"zh": ..., "en": ...}``.
    """

    zh: str
    en: str
    value: str | int | float | bool | None = None

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_json(self) -> object:
        return self.value if self.value is not None else {"zh": self.zh, "en": self.en}

    def __str__(self) -> str:
        return self.zh


ParamValue = str | int | float | bool | tuple[str, ...] | Localized


@frozen(kw_only=True)
class CodeInfo:
    """What a finding code means."""

    code: str
    #: The usual severity; a rule may raise or lower it (strict quotas).
    severity: Severity
    #: The rule that emits it ("engine" for the envelope and file checks).
    rule: str
    #: Message templates (``str.format`` with the finding's params).
    zh: str
    en: str
    #: What it means and what to do, for the reference page.
    about: str = ""


def _entries(*infos: CodeInfo) -> dict[str, CodeInfo]:
    out: dict[str, CodeInfo] = {}
    for info in infos:
        if info.code in out:  # pragma: no cover - guarded by a test
            raise ValueError(f"duplicate code {info.code}")
        out[info.code] = info
    return out


E: Final = "error"
W: Final = "warning"
I: Final = "info"  # noqa: E741 - reads as the severity it names

CATALOGUE: Final[Mapping[str, CodeInfo]] = _entries(
    # -- Files (the `check` command reading submission JSON) -------------------
    CodeInfo(
        code="file.unreadable",
        severity=E,
        rule="engine",
        zh="无法读取文件：{detail}",
        en="cannot read the file: {detail}",
        about="The file could not be opened or read (permissions, a directory, a device).",
    ),
    CodeInfo(
        code="file.too-large",
        severity=E,
        rule="engine",
        zh="文件过大（{size} 字节，上限 {limit} 字节），未读取",
        en="the file is too large ({size} bytes; the limit is {limit}); not read",
        about="Submission JSON files larger than the limit (16 MiB) are not read at all.",
    ),
    CodeInfo(
        code="file.encoding",
        severity=E,
        rule="engine",
        zh="文件不是 UTF-8 编码（可能是 GBK）；请另存为 UTF-8",
        en="the file is not UTF-8 (perhaps GBK); save it as UTF-8",
        about="Submission files are UTF-8 JSON. GBK or UTF-16 text is refused.",
    ),
    CodeInfo(
        code="file.bom",
        severity=W,
        rule="engine",
        zh="文件以 UTF-8 BOM 开头；已忽略 BOM 继续读取，请保存为无 BOM 的 UTF-8",
        en="the file starts with a UTF-8 byte order mark; it was read without it, "
        "but save files as UTF-8 without BOM",
        about="JSON must not start with a byte order mark (RFC 8259); the file is still read.",
    ),
    CodeInfo(
        code="file.not-json",
        severity=E,
        rule="engine",
        zh="不是有效的 JSON（第 {line} 行第 {column} 列）：{detail}",
        en="not valid JSON (line {line}, column {column}): {detail}",
        about="A syntax error; NaN and Infinity are refused as well.",
    ),
    CodeInfo(
        code="file.duplicate-key",
        severity=W,
        rule="engine",
        zh="JSON 对象中键“{key}”出现了不止一次，只有最后一个有效",
        en="the key '{key}' appears more than once in a JSON object; only the last one counts",
        about="Usually a copy-and-paste slip; the earlier value is silently lost otherwise.",
    ),
    # -- The envelope ---------------------------------------------------------
    CodeInfo(
        code="envelope.too-deep",
        severity=E,
        rule="engine",
        zh="数据嵌套过深（超过 {limit} 层），未校验",
        en="the data is nested too deeply (more than {limit} levels); not checked",
        about="No real submission is nested this deeply; such input is refused whole.",
    ),
    CodeInfo(
        code="envelope.not-json",
        severity=E,
        rule="engine",
        zh="提交的内容不是有效的 JSON（第 {line} 行第 {column} 列：{detail}），未校验",
        en="the body is not valid JSON (line {line}, column {column}: {detail}); not checked",
        about="A request body handed to parse_envelope() that is not UTF-8 JSON.",
    ),
    CodeInfo(
        code="envelope.too-large",
        severity=E,
        rule="engine",
        zh="提交的内容过大（{size} 字节，上限 {limit} 字节），未读取",
        en="the body is too large ({size} bytes; the limit is {limit}); not read",
        about="parse_envelope() refuses bodies over its cap (1 MiB by default) unread.",
    ),
    CodeInfo(
        code="envelope.too-many-members",
        severity=E,
        rule="engine",
        zh="提交的内容项数过多（超过 {limit} 项），未校验",
        en="the body has too many members (more than {limit}); not checked",
        about="A real envelope has a few dozen members; a flood of keys is refused whole.",
    ),
    CodeInfo(
        code="envelope.duplicate-key",
        severity=W,
        rule="engine",
        zh="项“{key}”出现了多次，只采用最后一次的值",
        en="the member '{key}' appears more than once; only the last value is used",
    ),
    CodeInfo(
        code="envelope.not-object",
        severity=E,
        rule="engine",
        zh="申报应为 JSON 对象，实际为 {actual}",
        en="a submission must be a JSON object, not {actual_en}",
    ),
    CodeInfo(
        code="envelope.required",
        severity=E,
        rule="engine",
        zh="缺少必填项“{name}”",
        en="the required member '{name}' is missing",
        about="A member the envelope must have (edition, form, unit and its name and "
        "kind, data; an attachment's role and path).",
    ),
    CodeInfo(
        code="envelope.unknown-key",
        severity=E,
        rule="engine",
        zh="未知的项“{name}”（拼写错误？）",
        en="unknown member '{name}' (a typo?)",
    ),
    CodeInfo(
        code="envelope.type",
        severity=E,
        rule="engine",
        zh="类型错误：应为 {expected}，实际为 {actual}",
        en="wrong type: expected {expected_en}, got {actual_en}",
    ),
    CodeInfo(
        code="envelope.empty",
        severity=E,
        rule="engine",
        zh="不能为空",
        en="must not be empty",
    ),
    CodeInfo(
        code="envelope.too-long",
        severity=E,
        rule="engine",
        zh="过长：{length} 个字符，上限 {limit}",
        en="too long: {length} characters; the limit is {limit}",
    ),
    CodeInfo(
        code="envelope.duplicate-items",
        severity=E,
        rule="engine",
        zh="列表中有重复的值",
        en="the list holds the same value more than once",
    ),
    CodeInfo(
        code="envelope.invalid",
        severity=E,
        rule="engine",
        zh="取值无效（{keyword}）",
        en="invalid value ({keyword})",
        about="Any other structural problem of the envelope; the keyword names the check.",
    ),
    CodeInfo(
        code="envelope.version",
        severity=E,
        rule="engine",
        zh="不支持的信封格式版本（支持 {supported}）",
        en="unsupported envelope format version (supported: {supported})",
    ),
    CodeInfo(
        code="envelope.edition-mismatch",
        severity=E,
        rule="engine",
        zh="本申报属于版本“{given}”，不是“{edition}”；未按本版本校验",
        en="this submission is for edition '{given}', not '{edition}'; not checked against it",
    ),
    CodeInfo(
        code="envelope.unknown-form",
        severity=E,
        rule="engine",
        zh="未知的表格“{form}”；可用：{available}",
        en="unknown form '{form}'; available: {available}",
    ),
    CodeInfo(
        code="rule.failed",
        severity=E,
        rule="engine",
        zh="校验规则 {rule} 出错（{error}）；本申报的结果可能不完整",
        en="the rule {rule} failed ({error}); the result for this submission may be incomplete",
        about="A rule raised an exception. The other rules still ran. Report it to the "
        "plugin that provides the rule.",
    ),
    CodeInfo(
        code="rule.undeclared-code",
        severity=E,
        rule="engine",
        zh="校验规则 {rule} 给出了未声明的发现代码 {code}；该发现已被舍弃",
        en="the rule {rule} emitted the code {code}, which it does not declare; "
        "that finding was dropped",
        about="A rule returned a finding whose code is not in its `codes`. The finding is "
        "replaced by this one and the other rules still run. Report it to the plugin that "
        "provides the rule: it must list every code it emits.",
    ),
    CodeInfo(
        code="report.truncated",
        severity=I,
        rule="engine",
        zh="发现过多，只列出前 {shown} 条（共 {total} 条）",
        en="too many findings; only the first {shown} of {total} are listed",
    ),
    # -- form-data -----------------------------------------------------------
    CodeInfo(
        code="form.required",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”未填写",
        en="the required field '{label_en}' is missing",
        about="One finding per missing field, pointing at the field.",
    ),
    CodeInfo(
        code="form.unknown-field",
        severity=E,
        rule="form-data",
        zh="表格中没有栏目“{name}”",
        en="the form has no field '{name}'",
        about="A key the form does not define (issuer-only fields are reported by "
        "`issuer-field.filled` instead).",
    ),
    CodeInfo(
        code="form.type",
        severity=E,
        rule="form-data",
        zh="“{label}”类型错误：应为 {expected}，实际为 {actual}",
        en="'{label_en}' has the wrong type: expected {expected_en}, got {actual_en}",
    ),
    CodeInfo(
        code="form.empty",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”不能为空",
        en="the required field '{label_en}' must not be empty",
    ),
    CodeInfo(
        code="form.control-chars",
        severity=W,
        rule="form-data",
        zh="“{label}”含有控制字符（如 NUL），Word 表格无法显示，生成表格时将被删除",
        en="'{label_en}' holds control characters (such as NUL) that a Word form cannot show; "
        "they are dropped when the form is rendered",
        about="Characters U+0000-U+001F other than tab and line breaks, and U+007F: "
        "usually pasted by accident.",
    ),
    CodeInfo(
        code="form.blank",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”只有空白",
        en="the required field '{label_en}' holds only white space",
    ),
    CodeInfo(
        code="form.too-long",
        severity=E,
        rule="form-data",
        zh="“{label}”过长：{length} 个字符，上限 {limit}",
        en="'{label_en}' is too long: {length} characters; the limit is {limit}",
        about="The hard cap of a field in characters (the edition's `max_chars`); the "
        "value is not otherwise checked.",
    ),
    CodeInfo(
        code="form.too-short",
        severity=E,
        rule="form-data",
        zh="“{label}”过短：至少 {limit} 个字符",
        en="'{label_en}' is too short: at least {limit} characters",
    ),
    CodeInfo(
        code="form.pattern",
        severity=E,
        rule="form-data",
        zh="“{label}”格式不对，示例：{example}",
        en="'{label_en}' is not in the expected form, e.g. {example}",
        about="A field with a pattern in the edition data (contact fields are reported "
        "by the contacts rule instead).",
    ),
    CodeInfo(
        code="form.date",
        severity=E,
        rule="form-data",
        zh="“{label}”应为日期，格式 YYYY-MM-DD，如 {example}",
        en="'{label_en}' must be a date written YYYY-MM-DD, e.g. {example}",
    ),
    CodeInfo(
        code="form.choice",
        severity=E,
        rule="form-data",
        zh="“{label}”的取值应为 {allowed} 之一",
        en="'{label_en}' must be one of {allowed}",
    ),
    CodeInfo(
        code="form.number",
        severity=E,
        rule="form-data",
        zh="“{label}”应为数字（如 {example}），实际为{actual}；数字不加引号、不带单位，"
        "选填栏目不填时写 null 或略去",
        en="'{label_en}' must be a number (e.g. {example}), got {actual_en}; write it without "
        "quotes or unit, and leave an optional field out (or null) when there is nothing to give",
        about="A number or integer field holds a JSON number (120, 12.5), not a string "
        '("120"). A blank optional number is null or left out; "" is not a number.',
    ),
    CodeInfo(
        code="form.integer",
        severity=E,
        rule="form-data",
        zh="“{label}”应为整数",
        en="'{label_en}' must be a whole number",
    ),
    CodeInfo(
        code="form.minimum",
        severity=E,
        rule="form-data",
        zh="“{label}”不能小于 {minimum}{unit_suffix}",
        en="'{label_en}' must not be less than {minimum}{unit_suffix_en}",
        about="The field's minimum in the edition data (inclusive).",
    ),
    CodeInfo(
        code="form.maximum",
        severity=E,
        rule="form-data",
        zh="“{label}”不能大于 {maximum}{unit_suffix}",
        en="'{label_en}' must not be more than {maximum}{unit_suffix_en}",
        about="The field's maximum in the edition data (inclusive).",
    ),
    CodeInfo(
        code="form.invalid",
        severity=E,
        rule="form-data",
        zh="“{label}”取值无效（{keyword}）",
        en="'{label_en}' is invalid ({keyword})",
    ),
    # -- issuer-only ----------------------------------------------------------
    CodeInfo(
        code="issuer-field.filled",
        severity=E,
        rule="issuer-only",
        zh="“{label}”由{issuer}填写，申报单位请留空",
        en="'{label_en}' is filled in by {issuer_en}; leave it empty",
        about="A field filled in by the issuer (省科协意见) holds text in a submission.",
    ),
    # -- eligibility ----------------------------------------------------------
    CodeInfo(
        code="eligibility.unknown-kind",
        severity=E,
        rule="eligibility",
        zh="未知的单位类别“{kind}”；可用：{available}",
        en="unknown unit kind '{kind}'; available: {available}",
    ),
    CodeInfo(
        code="eligibility.wrong-form",
        severity=E,
        rule="eligibility",
        zh="{kind_name}应填写{expected}，不能填写“{form_title}”",
        en="a {kind_name_en} fills in {expected_en}, not '{form_title_en}'",
        about="Applicants fill in the 申报表, recommenders the 推荐表.",
    ),
    CodeInfo(
        code="eligibility.city-missing",
        severity=E,
        rule="eligibility",
        zh="{kind_name}的项目计入所属{under_name}的限额，请填写所属{under_name}（unit.city）",
        en="a {kind_name_en}'s project counts against the quota of the {under_name_en} it "
        "belongs to: name that {under_name_en} (unit.city)",
    ),
    # -- reform items ---------------------------------------------------------
    CodeInfo(
        code="reform-items.undeclared",
        severity=W,
        rule="reform-items",
        zh="未声明所属改革重点事项，无法按事项统计",
        en="no reform key item is declared; the submission cannot be counted per item",
        about="The paper forms have no field for it; portals declare the items.",
    ),
    CodeInfo(
        code="reform-items.unknown",
        severity=E,
        rule="reform-items",
        zh="改革重点事项 {number} 不存在（共 {count} 项）",
        en="there is no reform key item {number} (there are {count})",
    ),
    CodeInfo(
        code="reform-items.suggested",
        severity=I,
        rule="reform-item-suggestions",
        zh="未声明改革重点事项；按项目内容，最接近的是：{suggestions}",
        en="no reform key item is declared; by the project's text the closest are: "
        "{suggestions_en}",
        about="Suggested from the form's text (project name, 项目基础, 项目实施, 预期成效, "
        "推荐理由) against the items' titles, descriptions and keywords; the score is the "
        "item's share of all items' scores (0-1). `items` and `scores` hold the top three. "
        "The clerk decides; see docs/suggestions.md.",
    ),
    CodeInfo(
        code="reform-items.ranks-low",
        severity=I,
        rule="reform-item-suggestions",
        zh="声明的改革重点事项 {number}（{title}）与项目内容不太相符（排第 {rank} 位，"
        "得分 {score}）；内容更接近事项 {best}（{best_title}，得分 {best_score}）",
        en="the declared reform key item {number} ({title_en}) fits the project's text "
        "poorly (ranked {rank}, score {score}); it is closer to item {best} ({best_title_en}, "
        "score {best_score})",
        about="Judged on the description (项目基础, 项目实施, 预期成效, 推荐理由), not the "
        "project name, and only when it clearly points elsewhere: the best item matches at "
        "least three distinct words, and the declared item is not among the top three and "
        "scores under a quarter of the best. Never an error: the applicant's choice stands "
        "unless the office changes it.",
    ),
    # -- quota (batch) ---------------------------------------------------------
    CodeInfo(
        code="quota.exceeded",
        severity=W,
        rule="quota",
        zh="{unit} 共 {count} 项申报，超过限额 {limit}（{notice_text}）：{submissions}",
        en="{unit} has {count} submissions, over the limit of {limit}: {submissions}",
        about="Reported once per unit. A soft quota (原则上) gives a warning; `--strict` "
        "(or `strict=True`) makes it an error, and so does a hard quota.",
    ),
    CodeInfo(
        code="batch.superseded",
        severity=I,
        rule="engine",
        zh="已被同一单位同一项目的较新版本 {latest} 取代，本版本不计入限额",
        en="replaced by a later version of the same project from the same unit ({latest}); "
        "this version counts nowhere",
        about="A resend or revision (修改版, a second e-mail) of the same project by the "
        "same unit: the latest version (by arrival time, then a revision mark such as "
        "v2 or 修改版 in a file name) is the submission; earlier versions count against no "
        "quota and their own findings are left out.",
    ),
    CodeInfo(
        code="batch.duplicate-id",
        severity=W,
        rule="duplicates",
        zh="申报编号“{id}”用了 {count} 次：{files}",
        en="the submission id '{id}' is used {count} times: {files}",
    ),
    # -- deadline ---------------------------------------------------------------
    CodeInfo(
        code="deadline.late",
        severity=E,
        rule="deadline",
        zh="逾期：{arrived} 到达，截止时间为 {deadline}（通知原文：{notice_text}）",
        en="late: arrived {arrived}; the deadline was {deadline}",
    ),
    CodeInfo(
        code="deadline.arrival-unknown",
        severity=W,
        rule="deadline",
        zh="到达时间未知，无法确认是否在截止时间（{deadline}）前送达",
        en="the arrival time is unknown; it cannot be confirmed that it arrived "
        "before the deadline ({deadline})",
        about="Never silently on time: give `arrived_at`.",
    ),
    CodeInfo(
        code="deadline.arrival-invalid",
        severity=E,
        rule="deadline",
        zh="到达时间不是 ISO 8601 时间，如 2022-08-20T17:30:00+08:00",
        en="the arrival time is not an ISO 8601 date-time, e.g. 2022-08-20T17:30:00+08:00",
    ),
    CodeInfo(
        code="deadline.arrival-naive",
        severity=E,
        rule="deadline",
        zh="到达时间缺少时区，如 2022-08-20T17:30:00+08:00",
        en="the arrival time has no UTC offset, e.g. 2022-08-20T17:30:00+08:00",
    ),
    CodeInfo(
        code="deadline.arrival-in-future",
        severity=W,
        rule="deadline",
        zh="到达时间 {arrived} 晚于校验时间 {now}",
        en="the arrival time {arrived} is after the evaluation time {now}",
    ),
    # -- deliverables -----------------------------------------------------------
    CodeInfo(
        code="deliverables.missing",
        severity=E,
        rule="deliverables",
        zh="缺少{title}",
        en="missing: {title_en}",
        about="Each submission delivers the signed-and-stamped scan as PDF and the Word file.",
    ),
    CodeInfo(
        code="deliverables.unknown-role",
        severity=E,
        rule="deliverables",
        zh="未知的附件用途“{role}”；可用：{available}",
        en="unknown attachment role '{role}'; available: {available}",
    ),
    CodeInfo(
        code="deliverables.path-escape",
        severity=E,
        rule="deliverables",
        zh="附件路径不得离开申报所在目录（绝对路径、“..”或指向外部的链接）",
        en="the attachment path leaves the submission's folder (absolute, '..' or a "
        "link pointing outside)",
    ),
    CodeInfo(
        code="deliverables.file-missing",
        severity=E,
        rule="deliverables",
        zh="附件文件不存在：{path}",
        en="the attachment file does not exist: {path}",
    ),
    CodeInfo(
        code="deliverables.not-a-file",
        severity=E,
        rule="deliverables",
        zh="附件不是普通文件：{path}",
        en="the attachment is not a regular file: {path}",
    ),
    CodeInfo(
        code="deliverables.too-large",
        severity=E,
        rule="deliverables",
        zh="附件过大（{size} 字节，上限 {limit} 字节）：{path}",
        en="the attachment is too large ({size} bytes; the limit is {limit}): {path}",
    ),
    CodeInfo(
        code="deliverables.wrong-type",
        severity=E,
        rule="deliverables",
        zh="{path} 的内容是 {detected}，{title}应为 {expected}",
        en="{path} holds {detected_en}; {title_en} must be {expected}",
        about="The type is read from the content (PDF header; .docx as a zip holding "
        "word/document.xml; .doc by its OLE header), never from the file name.",
    ),
    CodeInfo(
        code="deliverables.misnamed",
        severity=W,
        rule="deliverables",
        zh="{path} 的内容是 {detected}，但扩展名不符",
        en="{path} holds {detected_en}, but its extension says otherwise",
    ),
    CodeInfo(
        code="deliverables.unsafe-file",
        severity=E,
        rule="deliverables",
        zh="{path} 是可疑的压缩文件（{detail}），未打开",
        en="{path} is a suspicious archive ({detail}); not opened",
        about="Too many zip entries, too much uncompressed data or too high a "
        "compression ratio (a zip bomb).",
    ),
    # -- lengths ----------------------------------------------------------------
    CodeInfo(
        code="lengths.too-long",
        severity=E,
        rule="lengths",
        zh="“{label}”共 {count} 字，超过 {limit} 字（计数方式：{mode_zh}）",
        en="'{label_en}' has {count} 字, over the limit of {limit} (counted {mode})",
        about="字 are counted with the edition's mode (Word-compatible in the reference "
        "edition); see docs/submission.md.",
    ),
    # -- contacts ---------------------------------------------------------------
    CodeInfo(
        code="contact.full-width",
        severity=W,
        rule="contacts",
        zh="“{label}”含全角字符或全角符号，已按半角读作 {normalised}",
        en="'{label_en}' holds full-width characters or signs; read as {normalised}",
    ),
    CodeInfo(
        code="contact.office-phone",
        severity=E,
        rule="contacts",
        zh="“{label}”应为区号-号码，如 {example}",
        en="'{label_en}' must be area code, hyphen, number, e.g. {example}",
    ),
    CodeInfo(
        code="contact.mobile",
        severity=E,
        rule="contacts",
        zh="“{label}”应为以 1 开头的 11 位数字，如 {example}",
        en="'{label_en}' must be 11 digits starting with 1, e.g. {example}",
    ),
    CodeInfo(
        code="contact.email",
        severity=E,
        rule="contacts",
        zh="“{label}”不是有效的电子邮箱，如 {example}",
        en="'{label_en}' is not a valid e-mail address, e.g. {example}",
    ),
    # -- roster -----------------------------------------------------------------
    CodeInfo(
        code="roster.unknown-unit",
        severity=W,
        rule="roster",
        zh="“{name}”不在{kind_name}名单中{suggestion_zh}",
        en="'{name}' is not in the roster of {kind_name_en}{suggestion_en}",
        about="Names are compared after normalisation; aliases count as known.",
    ),
    # -- Reading filled Word forms (read.py) -------------------------------------
    CodeInfo(
        code="read.not-docx",
        severity=E,
        rule="read",
        zh="不是 Word 文档（.docx），内容为{detected}，无法读取表格",
        en="not a Word document (.docx) but {detected_en}; the form cannot be read",
        about="The file's content, not its name, decides: a PDF, an image or a broken "
        "archive renamed .docx cannot be read.",
    ),
    CodeInfo(
        code="read.legacy-doc",
        severity=E,
        rule="read",
        zh="这是 Word 97-2003 文档（.doc），无法读取表格；请另存为 .docx",
        en="this is a Word 97-2003 document (.doc), which cannot be read; save it as .docx",
        about="Legacy .doc files are accepted as the Word deliverable but cannot be read "
        "back; ask the unit for a .docx, or convert it with LibreOffice.",
    ),
    CodeInfo(
        code="read.unsafe-zip",
        severity=E,
        rule="read",
        zh="文件不安全，未打开（{reason}：{value}，上限 {limit}）",
        en="the file is unsafe and was not opened ({reason}: {value}; the limit is {limit})",
        about="A zip bomb: too many entries, too large once uncompressed, or compressed "
        "beyond any real document. Checked before anything is decompressed.",
    ),
    CodeInfo(
        code="read.doctype",
        severity=E,
        rule="read",
        zh="文件内含 DOCTYPE 声明（{part}），不安全，未读取",
        en="the file holds a DOCTYPE declaration ({part}); refused as unsafe",
        about="Word never writes a document type declaration; one is how XML entity "
        "bombs and external entities work.",
    ),
    CodeInfo(
        code="read.too-large",
        severity=E,
        rule="read",
        zh="文件过大（{size} 字节，上限 {limit} 字节），未读取",
        en="the file is too large ({size} bytes; the limit is {limit}); not read",
        about="The file, or its main XML part, is larger than any real form.",
    ),
    CodeInfo(
        code="read.not-a-file",
        severity=E,
        rule="read",
        zh="不是普通文件，未读取",
        en="not a regular file; not read",
        about="A directory, a FIFO or a device is never opened.",
    ),
    CodeInfo(
        code="read.unreadable",
        severity=E,
        rule="read",
        zh="文件已损坏，无法读取（{detail}）",
        en="the file is damaged and cannot be read ({detail})",
        about="The archive or its XML is broken; ask the unit to send the file again.",
    ),
    CodeInfo(
        code="read.unknown-form",
        severity=E,
        rule="read",
        zh="未找到表格标题，无法确定是哪张表（应为：{titles}）",
        en="no form title found, so the form is unknown (expected one of: {titles})",
        about="The title is compared with all white space removed; a document without "
        "either title is not one of the edition's forms.",
    ),
    CodeInfo(
        code="read.ambiguous-form",
        severity=E,
        rule="read",
        zh="文件中出现了多张表格的标题（{forms}），无法确定是哪张表",
        en="the file holds the titles of several forms ({forms}); which one is meant is unclear",
        about="Send one form per file.",
    ),
    CodeInfo(
        code="read.missing-label",
        severity=E,
        rule="read",
        zh="表格中找不到“{label}”一栏，无法读取",
        en="the form has no '{label_en}' cell; it cannot be read",
        about="Labels are compared without white space; a row deleted or renamed "
        "when the form was retyped cannot be read. A warning for an optional field.",
    ),
    CodeInfo(
        code="read.ambiguous",
        severity=E,
        rule="read",
        zh="“{label}”一栏出现 {count} 处不同内容，无法确定取哪一个",
        en="'{label_en}' has {count} different values in the form; which one is meant is unclear",
        about="A label found twice with different values, or a value split over "
        "several filled cells. Never guessed.",
    ),
    CodeInfo(
        code="read.bad-number",
        severity=E,
        rule="read",
        zh="“{label}”不是数字（应如 120、12.5 或 12,000，可带该栏目的单位）",
        en="'{label_en}' is not a number (expected e.g. 120, 12.5 or 12,000, with the "
        "field's unit if any)",
        about="A number field is read as half- or full-width digits, with an optional "
        "decimal point, thousands separators and the field's own unit. Anything else "
        "(words, another unit, a range) is left out of the data and reported.",
    ),
    CodeInfo(
        code="read.bad-date",
        severity=W,
        rule="read",
        zh="“{label}”不是有效日期（应如 2022 年 8 月 15 日）",
        en="'{label_en}' is not a valid date (expected e.g. 2022 年 8 月 15 日)",
        about="The header date is read as 年 月 日 with digits or Chinese numerals.",
    ),
    # -- The inbox (inbox.py) -----------------------------------------------------
    CodeInfo(
        code="inbox.ignored",
        severity=I,
        rule="inbox",
        zh="已忽略：{reason}",
        en="ignored: {reason_en}",
        about="System and temporary files (.DS_Store, Thumbs.db, Word's ~$ lock files) "
        "and files a manifest marks as ignored.",
    ),
    CodeInfo(
        code="inbox.unknown-file",
        severity=W,
        rule="inbox",
        zh="无法识别的文件（{detected}），未使用",
        en="a file that is not part of any submission ({detected_en}); not used",
        about="Neither a form, a scan, a manifest nor an extra material; the office "
        "should look at it.",
    ),
    CodeInfo(
        code="inbox.unreadable",
        severity=E,
        rule="inbox",
        zh="文件无法读取：{detail}",
        en="the file cannot be read: {detail}",
        about="A file that is damaged, unsafe or not what its name says, and is not "
        "part of a submission.",
    ),
    CodeInfo(
        code="inbox.unmatched-scan",
        severity=W,
        rule="inbox",
        zh="PDF 扫描件没有对应的 Word 文件，无法确定属于哪份申报",
        en="a PDF scan without its Word file; it cannot be matched to a submission",
        about="Scans are matched to Word files by folder, by manifest, or by file name.",
    ),
    CodeInfo(
        code="inbox.symlink-outside",
        severity=E,
        rule="inbox",
        zh="符号链接指向收件目录以外，未读取",
        en="a symbolic link leading outside the inbox; not read",
        about="Nothing outside the inbox is ever read.",
    ),
    CodeInfo(
        code="inbox.symlink",
        severity=I,
        rule="inbox",
        zh="符号链接，未重复读取（目标文件在收件目录中）",
        en="a symbolic link to a file inside the inbox; read where it lives, not twice",
    ),
    CodeInfo(
        code="inbox.not-regular",
        severity=W,
        rule="inbox",
        zh="不是普通文件，未读取",
        en="not a regular file; not read",
        about="A FIFO, socket or device in the inbox.",
    ),
    CodeInfo(
        code="inbox.manifest-invalid",
        severity=E,
        rule="inbox",
        zh="清单文件有误：{detail}",
        en="the manifest is invalid: {detail}",
        about="manifest.json or manifest.toml does not parse or does not fit its schema "
        "(docs/inbox.md); the folder is read as if it had none.",
    ),
    CodeInfo(
        code="inbox.manifest-missing-file",
        severity=E,
        rule="inbox",
        zh="清单中列出的文件不存在：{path}",
        en="the manifest names a file that is not there: {path}",
    ),
    CodeInfo(
        code="inbox.kind-unknown",
        severity=W,
        rule="inbox",
        zh="无法确定单位类别（不在名单中，也无清单说明）；请在 manifest 中注明 unit.kind",
        en="the unit kind is unknown (not on the roster, no manifest); give unit.kind "
        "in a manifest",
    ),
    CodeInfo(
        code="inbox.several-forms",
        severity=W,
        rule="inbox",
        zh="同一文件夹中有 {count} 个 Word 表格但无清单说明配对；按文件名配对扫描件",
        en="{count} Word forms in one folder without a manifest; scans were matched by file name",
    ),
    CodeInfo(
        code="inbox.own-output",
        severity=I,
        rule="inbox",
        zh="本程序写出的输出文件夹（报告、导出），不作为收件读取",
        en="a folder this program wrote (a report or an export); not read as received files",
        about="The folder holds the marker file `reform-brand-output.json` that every "
        "report and export folder gets, so a report written inside the inbox changes "
        "nothing on the next run. The marker file itself, in a folder checked as the "
        "inbox (an export), is listed the same way.",
    ),
    CodeInfo(
        code="inbox.name-encoding",
        severity=W,
        rule="inbox",
        zh="文件名不是 UTF-8 编码，已按 {encoding} 显示为“{shown}”；文件按原名读取",
        en="the file name is not UTF-8; shown as '{shown}' (read as {encoding}); the file "
        "is opened under its exact name",
        about="Names left by unzipping a Windows archive or copying from an old share are "
        "often GBK bytes. They are shown decoded as GBK/GB18030, or with the bytes "
        "escaped (\\xNN) when that fails; outputs stay valid UTF-8.",
    ),
    CodeInfo(
        code="inbox.too-deep",
        severity=W,
        rule="inbox",
        zh="文件夹嵌套超过 {limit} 层，未继续读取",
        en="folders nested more than {limit} deep; not read further",
    ),
    # -- Extra materials (the materials rule) -------------------------------------
    CodeInfo(
        code="material.too-long",
        severity=E,
        rule="materials",
        zh="{title}超过字数上限：{count} 字，上限 {limit} 字（按 {mode_zh}）",
        en="{title_en} is too long: {count} 字, the limit is {limit} (counted as {mode})",
        about="The same code whether the material came in a JSON envelope (an attachment "
        "whose role is the material's id) or was received in an inbox.",
    ),
    CodeInfo(
        code="material.duplicate",
        severity=W,
        rule="materials",
        zh="{unit}提交了 {count} 份{title}，每单位应为 {limit} 份",
        en="{unit} sent {count} copies of {title_en}; {limit} per unit is expected",
    ),
    CodeInfo(
        code="material.missing",
        severity=W,
        rule="materials",
        zh="以下单位尚未提交{title}：{units}",
        en="{title_en} not yet received from: {units}",
        about="Once a batch carries extra materials (an inbox where any arrived, or "
        "JSON envelopes with material attachments), the units that must send one and "
        "have not, listed once. A batch of forms alone says nothing about materials.",
    ),
    CodeInfo(
        code="material.unreadable",
        severity=W,
        rule="materials",
        zh="{title}无法读取文字（{detail}），请人工核对字数",
        en="the text of {title_en} cannot be read ({detail}); count it by hand",
    ),
    CodeInfo(
        code="material.unit-unknown",
        severity=W,
        rule="materials",
        zh="无法确定{title}来自哪个单位；请在 manifest 中注明或在文件名中写明单位",
        en="which unit sent {title_en} is unknown; name it in a manifest or in the file name",
    ),
    CodeInfo(
        code="material.not-selected",
        severity=W,
        rule="materials",
        zh="{unit}不在{selection}入选名单中，无需提交{title}",
        en="{unit} is not among the units selected{selection_en}; {title_en} is not expected",
    ),
    # -- Mail as intake (office/_mail.py, office/_mail_units.py) -------------------
    CodeInfo(
        code="mail.unreadable",
        severity=E,
        rule="mail",
        zh="无法读取邮件：{detail}",
        en="cannot read the mail: {detail}",
        about="The mail, the .mbox or the Maildir could not be read at all; the other "
        "mails of the source are still read.",
    ),
    CodeInfo(
        code="mail.too-large",
        severity=E,
        rule="mail",
        zh="邮件过大（{size} 字节，上限 {limit} 字节），未读取",
        en="the mail is too large ({size} bytes; the limit is {limit}); not read",
        about="A mail larger than the limit every received file has (64 MiB) is not read.",
    ),
    CodeInfo(
        code="mail.too-many-mails",
        severity=E,
        rule="mail",
        zh="邮箱中的邮件超过 {limit} 封，其余未读取",
        en="the mailbox holds more than {limit} mails; the rest were not read",
    ),
    CodeInfo(
        code="mail.too-many-parts",
        severity=E,
        rule="mail",
        zh="邮件的 MIME 部分超过 {limit} 个，其余部分已跳过",
        en="the mail has more than {limit} MIME parts; the rest were skipped",
        about="A mail bomb: the skipped parts are in the ledger with this code.",
    ),
    CodeInfo(
        code="mail.too-deep",
        severity=E,
        rule="mail",
        zh="邮件嵌套超过 {limit} 层，更深的部分已跳过",
        en="the mail is nested more than {limit} levels deep; deeper parts were skipped",
        about="Multiparts and forwarded mails nested deeper than the limit are skipped.",
    ),
    CodeInfo(
        code="mail.parts-too-large",
        severity=E,
        rule="mail",
        zh="邮件附件总计超过 {limit} 字节，其余附件已跳过",
        en="the mail's attachments exceed {limit} bytes in all; the rest were skipped",
    ),
    CodeInfo(
        code="mail.mime-defect",
        severity=W,
        rule="mail",
        zh="邮件格式有误（{defects}），已尽量读取",
        en="the mail's MIME structure is broken ({defects}); read as far as possible",
        about="The parser's defect classes are named; check the attachments by hand.",
    ),
    CodeInfo(
        code="mail.charset-unknown",
        severity=W,
        rule="mail",
        zh="未知字符集“{charset}”（{where}），已按 UTF-8 或 GB18030 读取",
        en="unknown charset '{charset}' ({where}); read as UTF-8 or GB18030",
    ),
    CodeInfo(
        code="mail.attachment-unnamed",
        severity=W,
        rule="mail",
        zh="附件（第 {part} 部分）没有文件名，已命名为“{name}”",
        en="an attachment (part {part}) has no name; it was named '{name}'",
    ),
    CodeInfo(
        code="mail.part-ignored",
        severity=I,
        rule="mail",
        zh="邮件部分未使用（正文的 HTML 副本、正文中的图片）",
        en="a part of the mail was not used (the body's HTML copy, a picture in the body)",
        about="Appears in the ledger only, as the code of parts that carry no received file.",
    ),
    CodeInfo(
        code="mail.no-attachments",
        severity=W,
        rule="mail",
        zh="邮件没有附件",
        en="the mail has no attachments",
    ),
    CodeInfo(
        code="mail.arrival-from-date",
        severity=W,
        rule="mail",
        zh="邮件没有可读的 Received 头，收到时间取自发件人填写的 Date 头",
        en="the mail has no readable Received header; the arrival time is the sender's Date",
        about="Date is the sender's clock, not the office server's reception time.",
    ),
    CodeInfo(
        code="mail.arrival-unknown",
        severity=W,
        rule="mail",
        zh="邮件没有 Received 头和 Date 头，收到时间未知",
        en="the mail has neither a Received nor a Date header; the arrival time is unknown",
    ),
    CodeInfo(
        code="mail.received-unreadable",
        severity=W,
        rule="mail",
        zh="最上面 {skipped} 个 Received 头没有可读的时间，已取下一个",
        en="the topmost {skipped} Received header(s) carry no readable time; the next was used",
    ),
    CodeInfo(
        code="mail.unit-guessed",
        severity=W,
        rule="mail",
        zh="发件人 {sender} 不在名单的邮箱中；根据{where}认定为“{unit}”",
        en="the sender {sender} is not a roster mailbox; taken as '{unit}' from the {where}",
        about="Add the address to the unit's mailboxes in the roster to make it certain.",
    ),
    CodeInfo(
        code="mail.unit-ambiguous",
        severity=W,
        rule="mail",
        zh="发件人 {sender} 不在名单的邮箱中；{where}中出现多个单位：{units}",
        en="the sender {sender} is not a roster mailbox; the {where} names several units: {units}",
    ),
    CodeInfo(
        code="mail.unit-unknown",
        severity=W,
        rule="mail",
        zh="无法确定发件人 {sender} 所属的单位",
        en="cannot tell which unit the sender {sender} is",
    ),
    # -- lint (`reform-brand lint`: edition data, not submissions) -----------------
    # Pointers point into the edition's data; load problems keep the loader's
    # codes (docs/edition-format.md). Defined with the other codes so that this
    # page lists them; reform_brand.maint._lint renders them.
    CodeInfo(
        code="lint.duplicate-id",
        severity=E,
        rule="lint",
        zh="编号“{id}”同时用于{first}和{second}",
        en="the id '{id}' is used by both {first_en} and {second_en}",
        about="Attachment roles name deliverables and extra materials alike, so their "
        "ids must differ; a roster name or alias must name one unit only.",
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
        code="lint.kind-without-quota",
        severity=I,
        rule="lint",
        zh="单位类别“{kind}”填写表格“{form}”，但没有限额",
        en="unit kind '{kind}' fills in form '{form}' but no quota counts it",
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
        code="lint.example-mismatch",
        severity=E,
        rule="lint",
        zh="“{label}”的示例值不符合该栏目的要求（{reason}）",
        en="the example of '{label_en}' does not fit the field ({reason})",
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
        zh="标题中出现年份 {found}，而版本年度为 {year}（复制旧版本后忘了修改？）",
        en="a title names the year {found} but the edition's year is {year} (copied "
        "from an older edition?)",
    ),
    CodeInfo(
        code="lint.item-undescribed",
        severity=E,
        rule="lint",
        zh="改革重点事项 {number} 没有说明",
        en="reform item {number} has no description",
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
        zh="出处条款“{clause}”是占位符",
        en="the clause '{clause}' is a placeholder",
    ),
)


def render_message(
    code: str,
    params: Mapping[str, ParamValue],
    lang: str = "zh",
    catalogue: Mapping[str, CodeInfo] | None = None,
) -> str:
    """Render the message of ``code``; never raises on missing parameters."""
    info = (catalogue or CATALOGUE).get(code)
    if info is None:
        return code
    template = info.en if lang == "en" else info.zh
    sep = ", " if lang == "en" else "、"
    values = _Defaulting({k: _shown(v, lang, sep) for k, v in params.items()})
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return code


def _shown(value: ParamValue, lang: str, sep: str) -> object:
    if isinstance(value, Localized):
        return value.text(lang)
    if isinstance(value, tuple):
        return sep.join(value)
    return value


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        # An English template may name a ``*_en`` parameter that a rule did not
        # give; fall back to the plain one, then to the placeholder.
        if key.endswith("_en") and key[:-3] in self:
            return str(self[key[:-3]])
        return "{" + key + "}"


def findings_markdown(catalogue: Mapping[str, CodeInfo] | None = None) -> str:
    """The findings reference page (docs/findings.md) as Markdown."""
    cat = catalogue or CATALOGUE
    lines = [
        "# Findings reference",
        "",
        "<!-- Generated from src/reform_brand/catalogue.py; do not edit by hand.",
        '     python -c "from reform_brand.catalogue import main; main()" > docs/findings.md',
        "     (a test compares this page with the catalogue). -->",
        "",
        "Every finding has a stable dotted **code**, a **severity** (`error`, `warning`",
        "or `info`), the submission and file it belongs to, a JSON **pointer** into the",
        "submission envelope (form fields are under `/data`), the **clause** of the",
        "notice behind it, and a message in Chinese and English rendered from the",
        "templates below with the finding's **params**. Tests and portals should rely",
        "on codes and pointers, never on the wording.",
        "",
        "A submission with any `error` finding is not acceptable as it stands; `check`",
        "exits with 1 when a batch holds one. Warnings are for the office to judge.",
        "",
    ]
    by_rule: dict[str, list[CodeInfo]] = {}
    for info in cat.values():
        by_rule.setdefault(info.rule, []).append(info)
    for rule in sorted(by_rule, key=lambda r: (r != "engine", r)):
        title = "Envelope and files (the engine)" if rule == "engine" else f"Rule `{rule}`"
        lines += [f"## {title}", ""]
        lines += ["| Code | Severity | 中文 | English |", "| --- | --- | --- | --- |"]
        for info in by_rule[rule]:
            lines.append(
                f"| `{info.code}` | {info.severity} | {_cell(info.zh)} | {_cell(info.en)} |"
            )
        notes = [info for info in by_rule[rule] if info.about]
        if notes:
            lines.append("")
            lines += [f"- `{info.code}`: {info.about}" for info in notes]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the findings reference page (docs/findings.md)."""
    sys.stdout.write(findings_markdown())
    return 0
