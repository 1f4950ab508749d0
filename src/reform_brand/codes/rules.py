"""Finding codes of the built-in rules: form data, issuer-only fields, eligibility,
reform items, quotas, the deadline, deliverables, the signed scan, lengths,
contacts, the roster."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E, I, W

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    # -- form-data -----------------------------------------------------------
    CodeInfo(
        code="form.required",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”未填写",
        en="the required field '{label}' is missing",
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
        en="'{label}' has the wrong type: expected {expected}, got {actual}",
    ),
    CodeInfo(
        code="form.empty",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”不能为空",
        en="the required field '{label}' must not be empty",
    ),
    CodeInfo(
        code="form.control-chars",
        severity=W,
        rule="form-data",
        zh="“{label}”含有控制字符（如 NUL），Word 表格无法显示，生成表格时将被删除",
        en="'{label}' holds control characters (such as NUL) that a Word form cannot show; "
        "they are dropped when the form is rendered",
        about="Characters U+0000-U+001F other than tab and line breaks, and U+007F: "
        "usually pasted by accident.",
    ),
    CodeInfo(
        code="form.blank",
        severity=E,
        rule="form-data",
        zh="必填栏目“{label}”只有空白",
        en="the required field '{label}' holds only white space",
    ),
    CodeInfo(
        code="form.too-long",
        severity=E,
        rule="form-data",
        zh="“{label}”过长：{length} 个字符，上限 {limit}",
        en="'{label}' is too long: {length} characters; the limit is {limit}",
        about="The hard cap of a field in characters (the edition's `max_chars`); the "
        "value is not otherwise checked.",
    ),
    CodeInfo(
        code="form.too-short",
        severity=E,
        rule="form-data",
        zh="“{label}”过短：至少 {limit} 个字符",
        en="'{label}' is too short: at least {limit} characters",
    ),
    CodeInfo(
        code="form.pattern",
        severity=E,
        rule="form-data",
        zh="“{label}”格式不对，示例：{example}",
        en="'{label}' is not in the expected form, e.g. {example}",
        about="A field with a pattern in the edition data (contact fields are reported "
        "by the contacts rule instead).",
    ),
    CodeInfo(
        code="form.date",
        severity=E,
        rule="form-data",
        zh="“{label}”应为日期，格式 YYYY-MM-DD，如 {example}",
        en="'{label}' must be a date written YYYY-MM-DD, e.g. {example}",
    ),
    CodeInfo(
        code="form.choice",
        severity=E,
        rule="form-data",
        zh="“{label}”的取值应为 {choices} 之一",
        en="'{label}' must be one of {choices}",
    ),
    CodeInfo(
        code="form.number",
        severity=E,
        rule="form-data",
        zh="“{label}”应为数字（如 {example}），实际为{actual}；数字不加引号、不带单位，"
        "选填栏目不填时写 null 或略去",
        en="'{label}' must be a number (e.g. {example}), got {actual}; write it without "
        "quotes or unit, and leave an optional field out (or null) when there is nothing to give",
        about="A number or integer field holds a JSON number (120, 12.5), not a string "
        '("120"). A blank optional number is null or left out; "" is not a number.',
    ),
    CodeInfo(
        code="form.integer",
        severity=E,
        rule="form-data",
        zh="“{label}”应为整数",
        en="'{label}' must be a whole number",
    ),
    CodeInfo(
        code="form.minimum",
        severity=E,
        rule="form-data",
        zh="“{label}”不能小于 {minimum}{unit_suffix}",
        en="'{label}' must not be less than {minimum}{unit_suffix}",
        about="The field's minimum in the edition data (inclusive).",
    ),
    CodeInfo(
        code="form.maximum",
        severity=E,
        rule="form-data",
        zh="“{label}”不能大于 {maximum}{unit_suffix}",
        en="'{label}' must not be more than {maximum}{unit_suffix}",
        about="The field's maximum in the edition data (inclusive).",
    ),
    CodeInfo(
        code="form.invalid",
        severity=E,
        rule="form-data",
        zh="“{label}”取值无效：{problem}",
        en="'{label}' is invalid: {problem}",
        about="A JSON Schema check with no finding of its own: `problem` says what the "
        "limit is in words, `keyword` (in JSON) names the check.",
    ),
    # -- issuer-only ----------------------------------------------------------
    CodeInfo(
        code="issuer-field.filled",
        severity=E,
        rule="issuer-only",
        zh="“{label}”由{issuer}填写，填表单位请留空",
        en="'{label}' is filled in by {issuer}; leave it empty",
        about="A field filled in by the issuer (in the reference edition, 省科协意见) holds "
        "text in a submission, whoever fills the form in (an applicant or a recommender).",
    ),
    # -- eligibility ----------------------------------------------------------
    CodeInfo(
        code="eligibility.unknown-kind",
        severity=E,
        rule="eligibility",
        zh="未知的单位类别“{kind}”；可用的类别（括号内为应填写的代码）：{kinds}",
        en="unknown unit kind '{kind}'; available: {kinds}",
    ),
    CodeInfo(
        code="eligibility.wrong-form",
        severity=E,
        rule="eligibility",
        zh="{kind_name}应填写{expected}，不能填写“{form_title}”",
        en="units of this kind fill in {expected}, not '{form_title}' (unit kind: {kind_name})",
        about="Each unit kind fills in the forms its `forms` names in the edition's data "
        "(in the reference edition, applicants the 申报表, recommenders the 推荐表).",
    ),
    CodeInfo(
        code="eligibility.city-missing",
        severity=E,
        rule="eligibility",
        zh="{kind_name}的项目计入所属{under_name}的限额，请填写所属{under_name}",
        en="a project of this unit kind ({kind_name}) counts against the quota of the "
        "{under_name} it belongs to: name that {under_name} (unit.city)",
    ),
    # -- reform items ---------------------------------------------------------
    CodeInfo(
        code="reform-items.undeclared",
        severity=W,
        rule="reform-items",
        zh="未声明所属改革重点事项，无法按事项统计",
        en="no reform key item is declared; the submission cannot be counted per item",
        about="The paper forms have no field for it; portals declare the items. In an inbox "
        "check, a submission read from a Word form whose items are suggested "
        "(`reform-items.suggested`) does not get it: its sender could not have declared them.",
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
        en="no reform key item is declared; by the project's text the closest are: {suggestions}",
        about="Suggested from the form's text (the free-text fields of its body: 项目名称, "
        "项目基础, 项目实施, 预期成效 on 附件1; 被推荐单位, 项目名称, 推荐理由 on 附件2; not the "
        "signed opinions, whose set phrases say nothing of the project) against the items' "
        "titles, descriptions and keywords; the "
        "score is the item's share of all items' scores (0-1). `items` and `scores` hold the "
        "top three. The clerk decides; see docs/suggestions.md.",
    ),
    CodeInfo(
        code="reform-items.ranks-low",
        severity=I,
        rule="reform-item-suggestions",
        zh="声明的改革重点事项 {number}（{title}）与项目内容不太相符（排第 {rank} 位，"
        "得分 {score}）；内容更接近事项 {best}（{best_title}，得分 {best_score}）",
        en="the declared reform key item {number} ({title}) fits the project's text "
        "poorly (ranked {rank}, score {score}); it is closer to item {best} ({best_title}, "
        "score {best_score})",
        about="Judged on the long-text fields (项目基础, 项目实施, 预期成效; 推荐理由), not "
        "the project or unit name nor the signed opinions, "
        "and only when it clearly points elsewhere: the best item matches at least three "
        "distinct words, and the declared item is not among the top three and scores under "
        "a quarter of the best. Never an error: the applicant's choice stands unless the "
        "office changes it.",
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
        zh="到达时间不是 RFC 3339 时间（写明秒和时区偏移，中间不留空格），如 {example}",
        en="the arrival time is not an RFC 3339 date-time (seconds and UTC offset given, "
        "nothing around it), e.g. {example}",
        about="Read as JSON Schema's `date-time` (ajv-formats) reads it: other ISO 8601 "
        "spellings, such as one without separators or without seconds, are not. The "
        "example is the edition's deadline, written as an arrival time.",
    ),
    CodeInfo(
        code="deadline.arrival-out-of-range",
        severity=E,
        rule="deadline",
        zh="到达时间的日期超出可接受的范围：应在 {first} 至 {last} 之间",
        en="the arrival time's date is out of the range of dates accepted: it must be "
        "from {first} to {last}",
        about="An RFC 3339 date-time within two days of either end of the calendar "
        "(0001-01-01, 9999-12-31), year 0 included: with its offset some time zone could "
        "not show the instant, so neither the server nor the exported schema reads it.",
    ),
    CodeInfo(
        code="deadline.arrival-before-issue",
        severity=E,
        rule="deadline",
        zh="到达时间 {arrived} 早于通知的发文日期 {issued}："
        "通知发出之前不会有申报到达，请核对到达时间",
        en="the arrival time {arrived} is before the notice was issued ({issued}): no "
        "submission arrives before the call; check the arrival time",
        about="An arrival before the first moment of the edition's issue date (`issued`, "
        "on the clock of the deadline's time zone), such as 0001-01-03 or a mail dated "
        "1970: a clock or a field gone wrong, never on time. The schema cannot say it "
        "(it knows no issue date): server only, as `deadline.late` is.",
    ),
    CodeInfo(
        code="deadline.arrival-naive",
        severity=E,
        rule="deadline",
        zh="到达时间缺少时区，如 {example}",
        en="the arrival time has no UTC offset, e.g. {example}",
        about="The example is the edition's deadline, written as an arrival time.",
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
        en="missing: {title}",
        about="Each submission delivers every deliverable the edition marks required "
        "(the reference edition: the signed-and-stamped scan as PDF and the Word file).",
    ),
    CodeInfo(
        code="deliverables.unknown-role",
        severity=E,
        rule="attachment-roles",
        zh="未知的附件用途“{role}”；可用的用途（括号内为应填写的代码）：{roles}",
        en="unknown attachment role '{role}'; available: {roles}",
        about="The rule attachment-roles, not deliverables: the exported submission "
        "schema spells the roles out, so a page's ajv refuses such a role too, and a "
        "validator that leaves the deliverables rule out while the unit is editing (no "
        "file uploaded yet) still says it.",
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
        code="deliverables.unreadable",
        severity=E,
        rule="deliverables",
        zh="附件文件无法读取：{path}（{detail}）",
        en="the attachment file cannot be read: {path} ({detail})",
        about="The file is there but cannot be opened: a symbolic link that leads to "
        "itself, no permission to read it, an input/output error.",
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
        en="{path} holds {detected}; “{title}” must be {expected}",
        about="The type is read from the content (PDF header; .docx as a zip holding "
        "word/document.xml; .doc by its OLE header), never from the file name.",
    ),
    CodeInfo(
        code="deliverables.misnamed",
        severity=W,
        rule="deliverables",
        zh="{path} 的内容是 {detected}，但扩展名不符",
        en="{path} holds {detected}, but its extension says otherwise",
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
    # -- signed-scan --------------------------------------------------------------
    CodeInfo(
        code="scan.no-seal",
        severity=W,
        rule="signed-scan",
        zh="扫描件 {path} 上未见圆形红色公章{note}",
        en="No round red seal found on the scan {path}{note}",
        about="Red, roughly circular, 25 to 62 mm across, red round most of its ring; "
        "looked for on the first and the last pages, at any rotation; once "
        "the signature line (the label of the form's signature block, 主要负责人（签章） on "
        "the reference edition's forms; the sign words for a form without one) is read, "
        "only a seal in its band counts. "
        "``elsewhere`` counts the red round marks away from it (a logo in the letterhead); "
        "``grey`` is true for a black-and-white or greyscale scan, where no seal shows red; "
        "``note`` says either, naming the line by the label of the form's signature "
        "block. A heuristic: confirm by eye (the report shows the "
        "region where the seal belongs). Asked only of a form whose blocks ask for a "
        "seal (a seal block, or a label with 章), or that declares no blocks.",
    ),
    CodeInfo(
        code="scan.no-signature",
        severity=W,
        rule="signed-scan",
        zh="扫描件 {path} 上{place}未见签名",
        en="No signature found {place} on the scan {path}",
        about="Ink (dark, not red, not a ruled line; or a red name stamp outside the "
        "seals) right of the signature words on their line. ``line_found`` is false "
        "when the signature line itself could not be read. ``place`` names the line "
        "by the label of the form's signature block (主要负责人（签章） on the "
        "reference edition's forms), or as the signature line for a form that declares "
        "no blocks. Asked only of a form with a signature block (or with no blocks).",
    ),
    CodeInfo(
        code="scan.mismatch",
        severity=W,
        rule="signed-scan",
        zh="扫描件 {path} 上的{label}与 Word 文件不一致",
        en="'{label}' on the scan {path} differs from the Word file",
        about="The scan's text (its text layer, or OCR) is compared fuzzily with the "
        "Word form's title and short fields (unit, project name); ``field`` names the "
        "one that differs: ``form-title`` for the form's own title, else the field's "
        "pointer in the form's data (``/applicant_unit``, ``/title``), as ``form.*`` "
        "findings name a field; ``expected`` what the Word file says.",
    ),
    CodeInfo(
        code="scan.not-scanned",
        severity=W,
        rule="signed-scan",
        zh="{path} 是导出的 PDF（只有文字层，没有扫描图像），不是扫描件（应交：{title}）",
        en="{path} is an exported PDF (a text layer and no scanned image), not a scan "
        "(asked for: {title})",
    ),
    CodeInfo(
        code="scan.blank",
        severity=W,
        rule="signed-scan",
        zh="扫描件 {path} 第 {pages} 页空白或无法辨认",
        en="Page {pages} of the scan {path} is blank or illegible",
        about="``pages``: the blank pages looked at, but the blank backs of a one-sided form "
        "scanned in duplex; ``all``: every page looked at is blank, and nothing else is "
        "verified.",
    ),
    CodeInfo(
        code="scan.unreadable",
        severity=W,
        rule="signed-scan",
        zh="扫描件 {path} {reason}，无法核验",
        en="The scan {path} cannot be checked ({reason})",
        about="``cause``: encrypted, broken, too-many-pages, page-too-large, "
        "image-too-large, page-too-busy, image-broken (a page image's data is cut short "
        "or damaged, so that its page cannot be drawn whole: part of it black, grey or white), "
        "too-large, encrypted-unchecked (it opens "
        "without a password but is encrypted with AES, and the cryptography package of "
        "the scan extra, which decrypts it to look into its content before pdfium "
        "parses it, is not installed). "
        "Limits are in ``reform_brand.scan.ScanLimits``.",
    ),
    CodeInfo(
        code="scan.unverified",
        severity=I,
        rule="signed-scan",
        zh="未核验扫描件 {path}（{title}）：缺少 {missing}；安装：{hint}",
        en="The scan {path} ({title}) was not checked: {missing} is missing; install with: {hint}",
    ),
    # -- lengths ----------------------------------------------------------------
    CodeInfo(
        code="lengths.too-long",
        severity=E,
        rule="lengths",
        zh="“{label}”共 {count} 字，超过 {limit} 字（计数方式：{mode_zh}）",
        en="'{label}' has {count} 字, over the limit of {limit} (counted {mode})",
        about="字 are counted with the edition's mode (Word-compatible in the reference "
        "edition); see docs/submission.md.",
    ),
    # -- contacts ---------------------------------------------------------------
    CodeInfo(
        code="contact.full-width",
        severity=W,
        rule="contacts",
        zh="“{label}”含全角字符或全角符号，已按半角读作 {normalised}",
        en="'{label}' holds full-width characters or signs; read as {normalised}",
    ),
    CodeInfo(
        code="contact.office-phone",
        severity=E,
        rule="contacts",
        zh="“{label}”应为区号-号码，如 {example}",
        en="'{label}' must be area code, hyphen, number, e.g. {example}",
    ),
    CodeInfo(
        code="contact.mobile",
        severity=E,
        rule="contacts",
        zh="“{label}”应为以 1 开头的 11 位数字，如 {example}",
        en="'{label}' must be 11 digits starting with 1, e.g. {example}",
    ),
    CodeInfo(
        code="contact.email",
        severity=E,
        rule="contacts",
        zh="“{label}”不是有效的电子邮箱，如 {example}",
        en="'{label}' is not a valid e-mail address, e.g. {example}",
    ),
    # -- roster -----------------------------------------------------------------
    CodeInfo(
        code="roster.unknown-unit",
        severity=W,
        rule="roster",
        zh="“{name}”不在{kind_name}名单中{did_you_mean}",
        en="'{name}' is not in the roster (unit kind: {kind_name}){did_you_mean}",
        about="Names are compared after normalisation; aliases count as known. A name the "
        "roster lists under another kind (a county given as a city, or as a county's city) "
        "is not in that kind's list. ``candidates``: "
        "the roster's names close to it (every equally close one); when none is, "
        "``did_you_mean`` says so and where the roster is listed, naming none.",
    ),
    # -- the form's unit --------------------------------------------------------
    CodeInfo(
        code="unit.form-mismatch",
        severity=W,
        rule="unit",
        zh="表格{label}为“{named}”，与报送单位“{sender}”不一致，也不是其可代为报送的单位；请核对",
        en="the form's {label} is '{named}', which is neither the sending unit '{sender}' "
        "nor a unit it may send for; check it",
        about='The unit the form names (the field the edition marks names = "unit", else '
        "the header field its filler fills in: 申报单位, 推荐部室或单位) is compared, "
        "after normalisation and roster aliases, with the "
        "envelope's unit.name and unit.city. A unit the roster does not list, or lists as "
        "one of a kind counted under the sender's, sent by a unit that others are counted "
        "under (a county's form sent by its city), is accepted. In an inbox the sending "
        "unit comes from the manifest or the mailbox.",
    ),
)
