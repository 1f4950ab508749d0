"""The help of the command line, in zh and en: every command's summary and
description and every option's help (``cli.help.*``), shown by
``reform-brand COMMAND --help`` in the language of ``--lang``.  Part of the
entries of :mod:`reform_brand.codes.cli`.  Plain data, as
:mod:`reform_brand.codes.commands` is: a command's ``--help`` imports this
module and argparse, nothing else of the package (not even :mod:`typing`)."""

from __future__ import annotations

from reform_brand.codes.commands import COMMANDS, WORDS

#: The help of each command's options (``cli.help.COMMAND.OPTION``) and its
#: description (``cli.help.COMMAND.about``), zh then en.  Keep ``%`` out:
#: argparse formats help texts with it.
HELP: dict[str, tuple[str, str]] = {
    # Shared by several commands (``cli.help.common.OPTION``).
    "common.edition": (
        "已安装的版本 id，或版本数据目录",
        "an installed edition id, or an edition directory",
    ),
    "common.json": ("以 JSON 输出", "JSON output"),
    "common.force": ("覆盖已有的文件", "overwrite existing files"),
    "editions.about": ("列出已安装的版本。", "List the installed editions."),
    "show.about": (
        "显示一个版本：通知中的全部事实（单位类别、限额、改革重点事项、表格、截止时间、解读）。",
        "Show an edition: every fact of its notice.",
    ),
    "show.edition": ("版本 id，或版本数据目录", "an edition id, or an edition directory"),
    "show.json": ("以 JSON 输出整个版本", "the whole edition as JSON"),
    "schema.about": (
        "输出 EDITION 中一张表格的 JSON Schema；FORM 为 submission 时输出申报信封的 Schema。"
        "--ui 输出界面 Schema；--page 输出 FORM 的一个门户页面：表格数据内嵌于申报信封，"
        "形如 {schema, uiSchema, mirror}。",
        "Print the JSON Schema of a form of EDITION, or with FORM 'submission' the "
        "submission envelope; --ui prints the UI schema; --page prints one portal page "
        "for FORM: the envelope with the form's data inline, as {schema, uiSchema, mirror}.",
    ),
    "schema.form": ("表格 id，或 submission（申报信封）", "a form id, or 'submission'"),
    "schema.ui": ("react-jsonschema-form 的界面 Schema", "the react-jsonschema-form UI schema"),
    "schema.page": (
        "一个页面的 Schema 与界面 Schema：表格数据内嵌于申报信封",
        "schema and UI schema of one page: the envelope with FORM's data inline",
    ),
    "schema.role": (
        "包含谁填写的字段（默认：表格的填写方；issuer：全部）",
        "whose fields to include (default: the form's filler; issuer: all)",
    ),
    "plugins.about": (
        "列出已加载的插件及其钩子、被屏蔽的插件和加载错误。",
        "List loaded plugins with their hooks, blocked plugins and load errors.",
    ),
    "new-edition.about": (
        "以已安装的版本 EDITION 为基础，把新版本 NEW_ID 的可安装插件包写入 DIR："
        "带入口点的 pyproject.toml、数据文件（完整复制，或用 --inherit 只写变化的部分）、"
        "使用 pytest 插件的测试文件和 README。",
        "Write an installable edition plugin package for NEW_ID into DIR, made from the "
        "installed edition EDITION: pyproject.toml with the entry point, the data files "
        "(a full copy, or with --inherit only what changes), a test file using the pytest "
        "plugin, and a README.",
    ),
    "new-edition.new-id": (
        "新版本的 id，如 jiangsu-2023",
        "the new edition's id, e.g. jiangsu-2023",
    ),
    "new-edition.from": ("作为基础的版本", "the edition to start from"),
    "new-edition.output": ("插件包所在的文件夹", "the package folder"),
    "new-edition.inherit": (
        "继承 EDITION（[inherit]），而不复制其数据",
        "inherit from EDITION ([inherit]) instead of copying its data",
    ),
    "new-edition.year": (
        "新版本的年份（默认：取自 NEW_ID，或 EDITION 的年份加 1）",
        "the new edition's year (default: from NEW_ID, or EDITION's + 1)",
    ),
    "new-edition.force": ("替换非空的 DIR", "replace a non-empty DIR"),
    "lint.about": (
        "在 Schema 之外检查一个版本：id、限额、模板、正则（灾难性回溯）、日期、说明、译文、"
        "条款。EDITION 为已安装的版本 id 或版本数据目录。发现错误时退出码为 1"
        "（使用 --strict 时，警告也算）。",
        "Check an edition beyond its schema: ids, quotas, templates, patterns "
        "(catastrophic backtracking), dates, descriptions, translations, clauses. EDITION "
        "is an installed edition id or an edition data directory. Exit 1 when an error is "
        "found (with --strict, also a warning).",
    ),
    "lint.edition": ("版本 id，或版本数据目录", "an edition id, or an edition data directory"),
    "lint.strict": ("警告也算作错误", "warnings count as errors"),
    "diff.about": (
        "显示从版本 A 到版本 B 的变化：新增、删除或改写的改革重点事项、限额、表格字段、"
        "日期。A、B 为版本 id 或版本数据目录。",
        "Show what changed from edition A to edition B: reform items added, removed or "
        "reworded, quotas, form fields, dates. A and B are edition ids or edition directories.",
    ),
    "diff.a": ("原来的版本", "the edition before"),
    "diff.b": ("新的版本", "the edition after"),
    "render.about": (
        "把 EDITION 的表格 FORM 生成到 OUT：空白的，或用 DATA 填写的"
        "（JSON 文件，内容为表格数据或整个申报信封；'-' 表示从标准输入读取）。",
        "Render FORM of EDITION to OUT: blank, or filled with DATA (a JSON file holding "
        "the form data or a whole submission envelope; '-' reads standard input).",
    ),
    "render.form": ("表格 id", "a form id"),
    "render.data": ("表格数据或申报信封（JSON）", "form data or submission (JSON)"),
    "render.output": ("要写入的文件", "the file to write"),
    "render.format": (
        "docx、md、html 或插件提供的格式（默认：按 OUT 的后缀，否则 docx）",
        "docx, md, html or a plugin's format (default: from OUT's suffix, else docx)",
    ),
    "render.force": ("OUT 已存在时覆盖", "overwrite OUT if it exists"),
    "export.about": (
        "为 EDITION 的每张表格，把其 JSON Schema（FORM.schema.json）、界面 Schema"
        "（FORM.ui.json）、空白 Word 表格（FORM.docx）和 Markdown（FORM.md），以及申报信封的 "
        "Schema（submission.schema.json）和注解的元 Schema（annotations.meta.schema.json）"
        "写入 DIR。",
        "Write into DIR, for every form of EDITION, its JSON Schema (FORM.schema.json), UI "
        "schema (FORM.ui.json), blank Word form (FORM.docx) and Markdown (FORM.md), the "
        "submission envelope schema (submission.schema.json) and the meta-schema of their "
        "annotations (annotations.meta.schema.json).",
    ),
    "export.output": ("输出目录", "the directory"),
    "template.about": (
        "写出 EDITION 的表格 FORM 所用的 Word 模板（版本自带的，或由表格数据生成的），"
        "可在 Word 中修改后放入版本的数据目录发布（见 docs/rendering.md）。",
        "Write the Word template FORM of EDITION is rendered with (the edition's own, or "
        "the one built from the form's data), to edit in Word and ship in an edition's data "
        "directory (see docs/rendering.md).",
    ),
    "template.form": ("表格 id", "a form id"),
    "template.output": ("要写入的 .docx 文件", "the .docx file to write"),
    "template.force": ("OUT 已存在时覆盖", "overwrite OUT if it exists"),
    "check.about": (
        "把收到的材料作为一批，按版本 EDITION 检查：一个收件目录（Word 表格、扫描件、"
        "其他材料、清单文件和 JSON 申报信封，可任意混合；见 docs/inbox.md），或若干申报 JSON "
        "文件。有任何错误时退出码为 1。",
        "Check what arrived against EDITION as one batch: one inbox folder (Word forms, "
        "scans, extra materials, manifests and JSON envelopes, in any mix; docs/inbox.md) "
        "or submission JSON files. Exit code 1 when any finding is an error.",
    ),
    "check.paths": (
        "一个收件目录（见 docs/inbox.md）、一个邮件源（.eml、.msg、.mbox 或 Maildir；"
        "见 docs/mail.md），或申报 JSON 文件",
        "one inbox folder (docs/inbox.md), a mail source (.eml, .msg, .mbox or a Maildir; "
        "docs/mail.md), or submission JSON files",
    ),
    "check.files-from": (
        "另从 FILE 读取要检查的申报 JSON 文件路径，每行一个（或以 NUL 分隔，如 find -print0）；"
        "- 表示标准输入。命令行放不下的大批文件用它",
        "also check the submission JSON files listed in FILE, one path a line (or "
        "NUL-separated, as find -print0 writes); - for the standard input. For batches "
        "too large for a command line",
    ),
    "check.json": ("以 JSON 输出检查报告", "the report as JSON"),
    "check.strict": (
        "“原则上”的限额超出算作错误，而不是警告",
        "soft quotas (原则上) are errors, not warnings",
    ),
    "check.now": (
        "检查时间（报告中的校验时间；晚于它的到达时间有误），写作 YYYY-MM-DDThh:mm+hh:mm"
        "（日期、时间和时区偏移；默认：当前时间）",
        "evaluation time, written YYYY-MM-DDThh:mm+hh:mm (a date, a time and the UTC "
        "offset; default: now)",
    ),
    "check.report": (
        "把 report.json、report.html、roster.xlsx 和读回的表格写入 DIR",
        "write report.json, report.html, roster.xlsx and the forms as read into DIR",
    ),
    "check.export-envelopes": (
        "把从收件目录读到的内容写成 JSON 申报信封（连同其文件）放入 DIR",
        "write what was read from the inbox as JSON envelopes, with their files, into DIR",
    ),
    "check.jobs": (
        "并行读取和检查的进程数（默认：CPU 核数）",
        "worker processes that read and check files (default: the number of cores)",
    ),
    "read.about": (
        "把 FILE（在 Word、WPS 或 LibreOffice 中填写的该版本表格，.docx 或 .odt）读回为申报信封；"
        "读不出的内容给出检查结果。表格无法读取时退出码为 1。",
        "Read FILE (a form of the edition filled in Word, WPS or LibreOffice, .docx or .odt) "
        "back into a submission "
        "envelope; what cannot be read is a finding. Exit code 1 when the form could not "
        "be read.",
    ),
    "read.file": ("已填写的表格", "the filled form"),
    "read.json": ("以 JSON 输出申报信封和检查结果", "the envelope and findings as JSON"),
    "demo.about": (
        "检查已安装版本附带的示例收件目录（参考版本的示例：二十个单位的 Word 表格和盖章"
        "扫描件，其中两封邮件逾期、一个市超限额、一个文件损坏、一个单位名称写错），并把 "
        "report.json、report.html、roster.xlsx 和读回的表格写入 DIR。不写 EDITION 时，"
        "用唯一附带示例收件目录的版本。",
        "Check the example inbox an installed edition provides (the reference edition's: "
        "twenty units, Word forms, signed scans, two late mails, one city over its quota, one "
        "broken file, one misspelled unit) and write report.json, report.html, roster.xlsx "
        "and the forms as read into DIR. Without EDITION, the one edition that provides an "
        "example inbox.",
    ),
    "demo.edition": ("附带示例收件目录的版本", "an edition with an example inbox"),
    "demo.output": ("输出目录（默认：./demo-out）", "default: ./demo-out"),
    "fetch-mail.about": (
        "以只读方式（EXAMINE）按 UID 增量取回 IMAP 邮件夹中的邮件，存入 DIR（check 可读的 "
        "Maildir），每封带服务器的接收时间。只用 TLS；密码来自 --password-env 指定的环境变量"
        "或提示输入。完成时退出码为 0；用法、连接、TLS 或登录错误时为 2。",
        "Fetch the mails of an IMAP folder, read-only (EXAMINE) and incrementally by UID, "
        "into DIR (a Maildir that `check` reads), each with the server's reception time. "
        "Over TLS only; the password comes from --password-env VAR or a prompt. Exit code "
        "0 when done, 2 on a usage, connection, TLS or login error.",
    ),
    "fetch-mail.host": ("IMAP 服务器", "the IMAP server"),
    "fetch-mail.port": (
        "端口（默认：--tls 为 993，--starttls 为 143）",
        "default: 993 (--tls) or 143 (--starttls)",
    ),
    "fetch-mail.user": ("登录名", "the login name"),
    "fetch-mail.folder": (
        "要读取的邮件夹，写邮件客户端显示的名称（改革品牌申报）或服务器列出的名称"
        "（&ZTmXaVTBckx1M2Kl-）（默认：INBOX）",
        "the folder to read, as a mail client shows it (改革品牌申报) or as the server "
        "lists it (&ZTmXaVTBckx1M2Kl-) (default: INBOX)",
    ),
    "fetch-mail.output": ("本地邮件文件夹", "the local mail folder"),
    "fetch-mail.tls": ("直接 TLS 连接（默认）", "implicit TLS (the default)"),
    "fetch-mail.starttls": (
        "普通连接后用 STARTTLS 升级",
        "plain connection upgraded with STARTTLS",
    ),
    "fetch-mail.cafile": ("用此 CA 证书验证服务器", "verify the server against this CA"),
    "fetch-mail.password-env": (
        "从这个环境变量读取密码（否则提示输入）",
        "read the password from this environment variable (else: a prompt)",
    ),
    "fetch-mail.limit": ("本次最多取回 N 封邮件", "fetch at most N mails in this run"),
    "fetch-mail.timeout": (
        "等待服务器的秒数，大于 0、至多 86400（默认：60）",
        "seconds to wait for the server, above 0 and at most 86400 (default: 60)",
    ),
    "fetch-mail.json": (
        "以 JSON 输出取回的结果（失败时输出错误对象）",
        "what was fetched as JSON (on failure, an error object)",
    ),
    "suggest.about": (
        "按项目内容，为每个申报信封或已填写的 Word 表格排列 EDITION 的改革重点事项；"
        "最接近的在前，并列出匹配的词语。",
        "Rank EDITION's reform items for each submission envelope or filled Word form, by "
        "the project's text; best first, with the words that matched.",
    ),
    "suggest.edition": ("版本 id，或版本数据目录", "an edition id, or an edition directory"),
    "suggest.paths": (
        "申报 JSON 文件、已填写的 .docx 或 .odt 表格、存放它们的文件夹（收件目录），"
        "或邮件源（.eml、.msg、.mbox 或 Maildir）",
        "submission JSON files, filled .docx or .odt forms, folders (an inbox) of them, "
        "or mail sources (.eml, .msg, .mbox or a Maildir)",
    ),
    "suggest.json": ("以 JSON 输出建议", "the suggestions as JSON"),
    "suggest.top": ("每个文件的建议条数（默认：3）", "suggestions per file (default 3)"),
}


def texts() -> dict[str, tuple[str, str]]:
    """Every help text by its code (``cli.help.*``), zh then en: the
    commands' summaries and the top-level words from
    :mod:`reform_brand.codes.commands`, then :data:`HELP`."""
    return {
        **{f"cli.help.{name}": (zh, en) for name, (_module, zh, en) in COMMANDS.items()},
        **{f"cli.help.main.{word}": pair for word, pair in WORDS.items()},
        **{f"cli.help.{key}": pair for key, pair in HELP.items()},
    }
