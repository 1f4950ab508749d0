"""The command line's own texts: headings, summaries, progress and usage
problems of ``check``, ``read``, ``demo``, ``suggest``, ``fetch-mail`` and
``new-edition``;
and the help of every command (``cli.help.*``, in :mod:`reform_brand.codes.cli_help`)."""

from __future__ import annotations

from typing import Final

from reform_brand.codes import cli_env, cli_help, cli_mail
from reform_brand.codes._info import CodeInfo, E

_TEXTS: Final[tuple[CodeInfo, ...]] = (
    CodeInfo(
        code="cli.editions.origin",
        severity=E,
        rule="cli",
        kind="text",
        zh="（由插件 {plugin} 注册，数据来自 {source}）",
        en=" (registered by the plugin {plugin}, its data from {source})",
    ),
    CodeInfo(
        code="cli.editions.none",
        severity=E,
        rule="cli",
        kind="text",
        zh="没有已安装的版本：没有插件注册版本（已屏蔽的插件：{blocked}）",
        en="no edition is installed: no plugin registers one (blocked plugins: {blocked})",
        about="What editions says on standard error when no plugin registers an "
        "edition (none installed, or every edition plugin blocked by "
        "REFORM_BRAND_BLOCK_PLUGINS): exit 1, with --json too (its editions list is empty).",
    ),
    CodeInfo(
        code="cli.empty",
        severity=E,
        rule="cli",
        kind="text",
        zh="不能为空",
        en="must not be empty",
        about="An edition, a path or a folder given as an empty string, which "
        "would be taken for the current folder, or a name (render --format, "
        "fetch-mail --user, --folder, --password-env), which would be left out: "
        "a usage error (exit 2).",
    ),
    CodeInfo(
        code="cli.dash-output",
        severity=E,
        rule="cli",
        kind="text",
        zh="“-”在这里不表示标准输出：请给出文件名或文件夹名（名为“-”的文件或文件夹写作“./-”）",
        en="'-' does not stand for the standard output here: give a file or folder name "
        "(one named '-' is './-')",
        about="An output given as '-': the file of render or template, the folder of "
        "export, new-edition, demo or fetch-mail (-o) or of check (--report, "
        "--export-envelopes), which would be written as a file or folder of that "
        "name: a usage error (exit 2), and nothing is written; the command's "
        "standard output carries what it says, not the file.",
    ),
    CodeInfo(
        code="cli.render.format-suffix",
        severity=E,
        rule="cli",
        kind="text",
        zh="--format {format} 写出的是 {suffix} 文件，而输出 {path} 的后缀属于另一种格式",
        en="--format {format} writes {suffix} files, and the output {path} has the suffix "
        "of another format",
    ),
    CodeInfo(
        code="cli.render.data-is-output",
        severity=E,
        rule="cli",
        kind="text",
        zh="输出文件 {path} 就是数据文件，写出会覆盖数据；请另给输出文件",
        en="the output file {path} is the data file, which writing it would replace; "
        "give another output file",
    ),
    CodeInfo(
        code="cli.check.no-path",
        severity=E,
        rule="cli",
        kind="text",
        zh="路径不存在：{path}",
        en="no such file or folder: {path}",
    ),
    CodeInfo(
        code="cli.check.link-to-nothing",
        severity=E,
        rule="cli",
        kind="text",
        zh="该路径是符号链接，指向的文件或文件夹不存在：{path}",
        en="a link to nothing (its target does not exist): {path}",
        about="The one PATH given to check or suggest, or the FILE of read, is a "
        "symbolic link whose target is gone: nothing to read, as for a path that does "
        "not exist. Among several paths, such a link is a finding of its own "
        "(`file.unreadable`; suggest: its problem).",
    ),
    CodeInfo(
        code="cli.check.no-paths",
        severity=E,
        rule="cli",
        kind="text",
        zh="未给出要检查的路径（PATH 或 --files-from FILE）",
        en="nothing to check: give a PATH or --files-from FILE",
    ),
    CodeInfo(
        code="cli.check.files-from",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法读取文件列表 {path}：{reason}",
        en="cannot read the list of files {path}: {reason}",
    ),
    CodeInfo(
        code="cli.check.files-from-long",
        severity=E,
        rule="cli",
        kind="text",
        zh="文件列表 {path} 的第 {n} 项过长，不是路径（列表应每行一个路径，或以 NUL 分隔）",
        en="entry {n} of the list of files {path} is too long to be a path (one path a "
        "line, or NUL-separated)",
    ),
    CodeInfo(
        code="cli.check.bad-now",
        severity=E,
        rule="cli",
        kind="text",
        zh="--now 应为带时区偏移的 ISO 8601 时间，写作 YYYY-MM-DDThh:mm+hh:mm",
        en="--now must be an ISO 8601 date-time with a UTC offset, written YYYY-MM-DDThh:mm+hh:mm",
    ),
    CodeInfo(
        code="cli.check.now-out-of-range",
        severity=E,
        rule="cli",
        kind="text",
        zh="--now {value} 超出检查可用的日期范围（{first} 至 {last}）",
        en="--now {value} is outside the dates a check can use ({first} to {last})",
    ),
    CodeInfo(
        code="cli.check.bad-jobs",
        severity=E,
        rule="cli",
        kind="text",
        zh="--jobs 应为不小于 1 的整数，而不是“{value}”",
        en="--jobs must be a whole number of at least 1, not '{value}'",
    ),
    CodeInfo(
        code="cli.check.too-many-jobs",
        severity=E,
        rule="cli",
        kind="text",
        zh="--jobs 至多为 {limit}，而不是 {value}",
        en="--jobs is at most {limit}, not {value}",
        about="Each worker process is started at once: a mistyped number would start that many.",
    ),
    CodeInfo(
        code="cli.check.header",
        severity=E,
        rule="cli",
        kind="text",
        zh="{edition}：检查 {n} 份申报（校验时间 {now}{strict}）",
        en="{edition}: {n} submission(s) checked (evaluated at {now}{strict})",
    ),
    CodeInfo(
        code="cli.check.strict",
        severity=E,
        rule="cli",
        kind="text",
        zh="，严格模式",
        en=", strict",
    ),
    CodeInfo(
        code="cli.check.no-unit",
        severity=E,
        rule="cli",
        kind="text",
        zh="（单位不明）",
        en="(unit unknown)",
    ),
    CodeInfo(
        code="cli.check.batch",
        severity=E,
        rule="cli",
        kind="text",
        zh="（整批）",
        en="(batch)",
    ),
    CodeInfo(
        code="cli.check.ok",
        severity=E,
        rule="cli",
        kind="text",
        zh="通过",
        en="ok",
    ),
    CodeInfo(
        code="cli.check.warnings",
        severity=E,
        rule="cli",
        kind="text",
        zh="有警告",
        en="warnings",
    ),
    CodeInfo(
        code="cli.check.errors",
        severity=E,
        rule="cli",
        kind="text",
        zh="有错误",
        en="errors",
    ),
    CodeInfo(
        code="cli.check.error",
        severity=E,
        rule="cli",
        kind="text",
        zh="错误",
        en="ERROR",
    ),
    CodeInfo(
        code="cli.check.warning",
        severity=E,
        rule="cli",
        kind="text",
        zh="警告",
        en="WARNING",
    ),
    CodeInfo(
        code="cli.check.info",
        severity=E,
        rule="cli",
        kind="text",
        zh="提示",
        en="INFO",
    ),
    CodeInfo(
        code="cli.check.summary",
        severity=E,
        rule="cli",
        kind="text",
        zh="合计：{n} 份申报，{bad} 份有错误，{warned} 份仅有警告；错误 {e}，警告 {w}，提示 {i}",
        en="Total: {n} submission(s), {bad} with errors, {warned} with warnings only; "
        "{e} error(s), {w} warning(s), {i} info",
    ),
    CodeInfo(
        code="cli.check.nothing",
        severity=E,
        rule="cli",
        kind="text",
        zh="未找到申报（Word 表格、PDF 文件或 *.json 信封）",
        en="no submissions found (Word forms, PDF files or *.json envelopes)",
    ),
    CodeInfo(
        code="cli.check.one-inbox",
        severity=E,
        rule="cli",
        kind="text",
        zh="收件目录只能单独检查：{path}",
        en="an inbox is checked on its own, not with other paths: {path}",
    ),
    CodeInfo(
        code="cli.check.export-files",
        severity=E,
        rule="cli",
        kind="text",
        zh="--export-envelopes 只用于收件目录（文件夹）",
        en="--export-envelopes needs an inbox (a folder)",
    ),
    CodeInfo(
        code="cli.check.output-is-inbox",
        severity=E,
        rule="cli",
        kind="text",
        zh="{option} 不能是收件目录本身：{path}（写在收件目录里时，请用其中的子文件夹）",
        en="{option} cannot be the inbox itself: {path} (inside the inbox, use a sub-folder)",
    ),
    CodeInfo(
        code="cli.check.output-holds-inbox",
        severity=E,
        rule="cli",
        kind="text",
        zh="{option} 的文件夹 {path} 在收件目录中，且已有收到的文件："
        "写入后，以后的检查会略过其中的文件；请用收件目录中新的或空的子文件夹",
        en="{option} {path} is a folder of the inbox that holds received files, which every "
        "later check would pass over: use a new or empty sub-folder",
    ),
    CodeInfo(
        code="cli.check.same-output",
        severity=E,
        rule="cli",
        kind="text",
        zh="--report 与 --export-envelopes 不能是同一个文件夹：{path}",
        en="--report and --export-envelopes cannot be the same folder: {path}",
    ),
    CodeInfo(
        code="cli.check.export-not-empty",
        severity=E,
        rule="cli",
        kind="text",
        zh="--export-envelopes 的文件夹 {path} 已有其他文件；"
        "请用新的或空的文件夹（或本程序以前导出的文件夹）",
        en="the --export-envelopes folder {path} holds other files; use a new or empty folder "
        "(or one this program exported to before)",
    ),
    CodeInfo(
        code="cli.check.wrote",
        severity=E,
        rule="cli",
        kind="text",
        zh="已写入 {path}",
        en="wrote {path}",
    ),
    CodeInfo(
        code="cli.inbox.no-file",
        severity=E,
        rule="cli",
        kind="text",
        zh="文件不存在：{path}",
        en="no such file: {path}",
    ),
    CodeInfo(
        code="cli.inbox.form",
        severity=E,
        rule="cli",
        kind="text",
        zh="表格：{form}",
        en="form: {form}",
    ),
    CodeInfo(
        code="cli.inbox.no-form",
        severity=E,
        rule="cli",
        kind="text",
        zh="表格：无法识别",
        en="form: not recognised",
    ),
    CodeInfo(
        code="cli.inbox.unit",
        severity=E,
        rule="cli",
        kind="text",
        zh="单位：{unit}",
        en="unit: {unit}",
    ),
    CodeInfo(
        code="cli.inbox.wrote",
        severity=E,
        rule="cli",
        kind="text",
        zh="已写入 {path}",
        en="wrote {path}",
    ),
    CodeInfo(
        code="cli.inbox.demo",
        severity=E,
        rule="cli",
        kind="text",
        zh="示例收件目录（{n} 个文件）已检查；打开 {path} 查看报告",
        en="example inbox ({n} files) checked; open {path} to see the report",
    ),
    CodeInfo(
        code="cli.inbox.no-demo",
        severity=E,
        rule="cli",
        kind="text",
        zh="没有已安装的版本提供示例收件目录",
        en="no installed edition provides an example inbox",
    ),
    CodeInfo(
        code="cli.inbox.no-demo-for",
        severity=E,
        rule="cli",
        kind="text",
        zh="版本 {edition} 没有示例收件目录；提供示例的版本：{available}",
        en="edition {edition} has no example inbox; editions with one: {available}",
    ),
    CodeInfo(
        code="cli.inbox.pick-demo",
        severity=E,
        rule="cli",
        kind="text",
        zh="多个版本提供示例收件目录，请指定其一：{available}",
        en="several editions provide an example inbox; name one: {available}",
    ),
    CodeInfo(
        code="cli.inbox.cannot-write",
        severity=E,
        rule="cli",
        kind="text",
        zh="无法写入 {path}：{detail}",
        en="cannot write {path}: {detail}",
    ),
    CodeInfo(
        code="cli.new-edition.bad-id",
        severity=E,
        rule="cli",
        kind="text",
        zh="版本编号“{edition}”无效：应由小写字母 a-z、数字 0-9、- 和 _ 组成，"
        "以字母或数字开头，不超过 64 个字符",
        en="invalid edition id '{edition}': use a-z, 0-9, - and _, "
        "starting with a letter or digit, at most 64 characters",
    ),
    CodeInfo(
        code="cli.new-edition.installed",
        severity=E,
        rule="cli",
        kind="text",
        zh="版本 {edition} 已安装",
        en="the edition {edition} is already installed",
    ),
    CodeInfo(
        code="cli.new-edition.not-data",
        severity=E,
        rule="cli",
        kind="text",
        zh="版本 {edition} 不是由数据文件构成的；请使用 --inherit",
        en="the edition {edition} is not made of data files; use --inherit",
    ),
    CodeInfo(
        code="cli.new-edition.from-path",
        severity=E,
        rule="cli",
        kind="text",
        zh="--from 取已安装版本的 id，而不是路径：{path}。已安装：{available}",
        en="--from takes the id of an installed edition, not a path: {path}. "
        "Installed: {available}",
    ),
    CodeInfo(
        code="cli.new-edition.from-installed",
        severity=E,
        rule="cli",
        kind="text",
        zh="--from 取已安装版本的 id，而不是路径：{path} 是已安装的版本 {edition} 的数据，"
        "请给出 --from {edition}",
        en="--from takes the id of an installed edition, not a path: {path} holds the data "
        "of the installed edition {edition}: give --from {edition}",
    ),
    CodeInfo(
        code="cli.new-edition.from-folder",
        severity=E,
        rule="cli",
        kind="text",
        zh="--from 取已安装版本的 id，而不是路径：{path} 是版本 {edition} 的数据，"
        "但这个版本没有安装。先把数据放进版本插件包（见维护人员教程）并用 pip install -e "
        "安装，再给出 --from {edition}。已安装：{available}",
        en="--from takes the id of an installed edition, not a path: {path} holds the data "
        "of the edition {edition}, which is not installed. Put it in an edition plugin "
        "package (see the maintainer's tutorial) and install that with pip install -e, "
        "then give --from {edition}. Installed: {available}",
    ),
    CodeInfo(
        code="cli.new-edition.from-package",
        severity=E,
        rule="cli",
        kind="text",
        zh="--from 取已安装版本的 id，而不是路径：{path} 是版本 {edition} 的插件包中的数据，"
        "但这个版本没有安装。先安装它：pip install -e {package}，再给出 --from {edition}。"
        "已安装：{available}",
        en="--from takes the id of an installed edition, not a path: {path} holds the data "
        "of the edition {edition}, in a plugin package that is not installed. Install it "
        "with pip install -e {package}, then give --from {edition}. Installed: {available}",
    ),
    CodeInfo(
        code="cli.new-edition.bad-year",
        severity=E,
        rule="cli",
        kind="text",
        zh="新版本的年份 {year} 超出范围：应在 {minimum} 到 {maximum} 之间（--year）",
        en="the new edition's year {year} is out of range: "
        "it must be from {minimum} to {maximum} (--year)",
    ),
    CodeInfo(
        code="cli.new-edition.not-ours",
        severity=E,
        rule="cli",
        kind="text",
        zh="文件夹 {path} 不是空的，其中也没有 new-edition 生成的版本插件："
        "--force 只替换这样的文件夹，不会删除其他文件；请给出一个新文件夹",
        en="the folder {path} is not empty and holds no edition package new-edition made: "
        "--force replaces only such a folder, never other files; give a new folder",
    ),
    CodeInfo(
        code="cli.intake.files",
        severity=E,
        rule="cli",
        kind="text",
        zh="收件目录 {root}：{n} 个文件，已使用 {used}，已忽略 {ignored}，无法读取 {unreadable}",
        en="inbox {root}: {n} file(s), {used} used, {ignored} ignored, {unreadable} unreadable",
    ),
    CodeInfo(
        code="cli.intake.progress",
        severity=E,
        rule="cli",
        kind="text",
        zh="读取 {done}/{total} {path}",
        en="reading {done}/{total} {path}",
    ),
    CodeInfo(
        code="cli.suggest.no-path",
        severity=E,
        rule="cli",
        kind="text",
        zh="路径不存在：{path}",
        en="no such file or folder: {path}",
    ),
    CodeInfo(
        code="cli.suggest.bad-top",
        severity=E,
        rule="cli",
        kind="text",
        zh="--top 应为不小于 1 的整数",
        en="--top must be a whole number of at least 1",
    ),
    CodeInfo(
        code="cli.suggest.no-items",
        severity=E,
        rule="cli",
        kind="text",
        zh="版本 {edition} 没有改革重点事项，无从建议",
        en="edition {edition} has no reform key items to suggest",
    ),
    CodeInfo(
        code="cli.suggest.no-text",
        severity=E,
        rule="cli",
        kind="text",
        zh="没有可用于判断的中文项目文字",
        en="no project text in Chinese to go by",
    ),
    CodeInfo(
        code="cli.suggest.too-little",
        severity=E,
        rule="cli",
        kind="text",
        zh="项目文字太少，或与各事项的用词都不相符，无法给出建议：请阅读表格后自行判断",
        en="the project text says too little, or matches no item's words, to suggest an "
        "item: read the form yourself",
    ),
    CodeInfo(
        code="cli.suggest.no-form",
        severity=E,
        rule="cli",
        kind="text",
        zh="未识别出表格",
        en="no form recognised",
    ),
    CodeInfo(
        code="cli.suggest.not-object",
        severity=E,
        rule="cli",
        kind="text",
        zh="不是申报 JSON 对象",
        en="not a submission JSON object",
    ),
    CodeInfo(
        code="cli.suggest.declared",
        severity=E,
        rule="cli",
        kind="text",
        zh="已声明事项：{items}",
        en="declared items: {items}",
    ),
    CodeInfo(
        code="cli.suggest.declared-problem",
        severity=E,
        rule="cli",
        kind="text",
        zh="已声明事项有误：{problem}",
        en="problem with the declared items: {problem}",
    ),
    CodeInfo(
        code="cli.suggest.nothing",
        severity=E,
        rule="cli",
        kind="text",
        zh="未找到申报文件（*.json、*.docx、*.odt）",
        en="no submission files (*.json, *.docx, *.odt) found",
    ),
    CodeInfo(
        code="cli.suggest.header",
        severity=E,
        rule="cli",
        kind="text",
        zh="{edition}：{n} 份文件的改革重点事项建议（得分为各事项得分中的占比）",
        en="{edition}: reform key items suggested for {n} file(s) (a score is the item's share)",
    ),
)

#: The command line's texts, those of ``fetch-mail``
#: (:mod:`reform_brand.codes.cli_mail`) and of the settings in the
#: environment (:mod:`reform_brand.codes.cli_env`), then its help
#: (:mod:`reform_brand.codes.cli_help`).
ENTRIES: Final[tuple[CodeInfo, ...]] = (
    _TEXTS
    + cli_mail.ENTRIES
    + cli_env.ENTRIES
    + tuple(
        CodeInfo(code=code, severity=E, rule="cli", kind="text", zh=zh, en=en)
        for code, (zh, en) in cli_help.texts().items()
    )
)
