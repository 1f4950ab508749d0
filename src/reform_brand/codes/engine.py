"""Finding codes of the engine: reading submission files and the envelope's structure."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E, I, W

ENTRIES: Final[tuple[CodeInfo, ...]] = (
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
        zh="文件不是 UTF-8 编码（{guess}）；请另存为 UTF-8",
        en="the file is not UTF-8 ({guess}); save it as UTF-8",
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
        about="A syntax error; NaN, Infinity and numbers out of range (`1e999`) are refused "
        "as well, at their line and column, and so is a string "
        "with an unpaired surrogate escape (`\\ud800`), which is no text and names no "
        "file. An mbox mailbox given to check among other files is read as a submission "
        "file; the detail says it is a mailbox.",
    ),
    CodeInfo(
        code="file.not-a-submission",
        severity=E,
        rule="engine",
        zh="这是{kind}，不是申报 JSON 文件：收到的文件（表格、压缩包等）请放在一个文件夹中，"
        "把该文件夹作为收件目录检查（文件名误写为 .json 的，先改正扩展名）",
        en="this is {kind_en}, not a submission JSON file: put the files received (forms, "
        "archives and the rest) in a folder and check that folder as an inbox (one "
        "misnamed .json: correct its extension first)",
        about="A Word form, a PDF, a Word 97-2003 file (an Excel or PowerPoint 97-2003 "
        "file, or a .docx with a password to open it, named as what its streams say it "
        "is), a form saved as RTF, a web page, "
        "Word XML or a flat .fodt, or an archive (zip, tar, gzip, "
        "bzip2, xz, 7z, RAR) given to check where a submission JSON file is read (alone "
        "or among other files); a folder that holds them is an inbox, read by intake, "
        "which opens the archives. In an inbox, a file named .json is read as an "
        "envelope whatever it holds (a zip archive under that name is never opened): a "
        "form or a scan sent under such a name is read once its extension is right.",
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
        about="A request body handed to parse_envelope() that is not UTF-8 JSON; NaN, "
        "Infinity and numbers out of range (`1e999`) are refused as well, at their line "
        "and column, and so is a string with an unpaired surrogate "
        "escape (`\\ud800`), which is no text.",
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
        en="the submission has too many members and items (more than {limit}); not checked",
        about="A real envelope has a few dozen members and items; a flood of keys or of "
        "array items is refused whole, before anything in it is checked: in a body, in an "
        "envelope given already parsed, and in a submission file.",
    ),
    CodeInfo(
        code="envelope.duplicate-key",
        severity=W,
        rule="engine",
        zh="项“{key}”出现了多次，只采用最后一次的值",
        en="the member '{key}' appears more than once; only the last value is used",
    ),
    CodeInfo(
        code="envelope.not-text",
        severity=E,
        rule="engine",
        zh="{where} 处有不成对的代理码位（半个字符），不是文字，未校验",
        en="an unpaired surrogate (\\uD800-\\uDFFF), which is no text, at {where}; not checked",
        about="An envelope given already parsed (by a reader that takes `\\ud800`, as "
        "Python's json does) whose string, or one of whose keys, holds half a character "
        "(a lone surrogate other than U+DC80-U+DCFF, which stand for the bytes of a file "
        "name that is not UTF-8): as in a body or a file (`envelope.not-json`, "
        "`file.not-json`), it is no text and names no file. The pointer names the string, "
        "or the object whose key holds it.",
    ),
    CodeInfo(
        code="envelope.not-object",
        severity=E,
        rule="engine",
        zh="申报应为 JSON 对象，实际为 {actual}",
        en="a submission must be a JSON object, not {actual}",
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
        zh="“{field}”类型错误：应为 {expected}，实际为 {actual}",
        en="'{field}' has the wrong type: expected {expected}, got {actual}",
    ),
    CodeInfo(
        code="envelope.empty",
        severity=E,
        rule="engine",
        zh="“{field}”不能为空",
        en="'{field}' must not be empty",
    ),
    CodeInfo(
        code="envelope.too-long",
        severity=E,
        rule="engine",
        zh="“{field}”过长：{length} 个字符，上限 {limit}",
        en="'{field}' is too long: {length} characters; the limit is {limit}",
    ),
    CodeInfo(
        code="envelope.duplicate-items",
        severity=E,
        rule="engine",
        zh="“{field}”中有重复的值",
        en="'{field}' holds the same value more than once",
    ),
    CodeInfo(
        code="envelope.invalid",
        severity=E,
        rule="engine",
        zh="“{field}”取值无效：{problem}",
        en="'{field}' is invalid: {problem}",
        about="Any other structural problem of the envelope: `problem` says what the "
        "limit is in words, `keyword` (in JSON) names the JSON Schema check.",
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
        zh="未知的表格“{form}”；可用的表格（括号内为应填写的代码）：{forms}",
        en="unknown form '{form}'; available: {forms}",
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
        code="engine.worker-failed",
        severity=E,
        rule="engine",
        zh="检查本申报的工作进程意外退出（{error}）；本申报未能检查，其他申报不受影响",
        en="the worker process checking this submission stopped unexpectedly ({error}); "
        "it was not checked, the others were",
        about="With `check --jobs N` submissions are checked in worker processes. One whose "
        "check made its worker process die (a crash in a library reading its files, memory "
        "exhausted) is retried alone in a fresh worker; when that dies too, it gets this "
        "finding and the batch goes on.",
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
)
