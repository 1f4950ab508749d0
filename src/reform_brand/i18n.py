"""Messages in Chinese and English, kept in catalogues keyed by a stable code.

Every message a user sees is rendered here from a code and parameters, so
that tests can assert on codes and the wording can change without breaking
them.  Chinese is the default language.  The table is complete as written:
no module adds to it when imported (finding messages live in
:mod:`reform_brand.catalogue`, a plugin's in the message registry).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

Lang = Literal["zh", "en"]
LANGS: Final = ("zh", "en")

__all__ = ["LANGS", "MESSAGES", "Lang", "render"]

#: code -> (Chinese template, English template); ``str.format`` parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    # Edition data files -------------------------------------------------
    "edition.syntax": (
        "TOML 语法错误：{detail}",
        "TOML syntax error: {detail}",
    ),
    "edition.too-deep": (
        "嵌套层次过深，无法读取",
        "nested too deeply to be read",
    ),
    "edition.encoding": (
        "文件不是 UTF-8 编码：{detail}",
        "the file is not UTF-8: {detail}",
    ),
    "edition.unreadable": ("无法读取文件：{detail}", "cannot read the file: {detail}"),
    "edition.no-files": (
        "目录中没有版本数据文件（*.toml）",
        "the directory holds no edition data files (*.toml)",
    ),
    "edition.duplicate-key": (
        "顶层键“{key}”同时出现在 {other} 中",
        "top-level key '{key}' also appears in {other}",
    ),
    "edition.schema.required": ("缺少必填项“{name}”", "missing required key '{name}'"),
    "edition.schema.additional": (
        "未知的键“{name}”（拼写错误？）",
        "unknown key '{name}' (a typo?)",
    ),
    "edition.schema.type": (
        "类型错误：应为 {expected}，实际为 {actual}",
        "wrong type: expected {expected}, got {actual}",
    ),
    "edition.schema.enum": ("取值应为 {allowed} 之一", "the value must be one of {allowed}"),
    "edition.schema.other": ("{detail}", "{detail}"),
    "edition.structure": ("数据无法转换：{detail}", "the data cannot be converted: {detail}"),
    "edition.unknown-unit-kind": (
        "引用了未定义的单位类别“{kind}”",
        "refers to unit kind '{kind}', which is not defined",
    ),
    "edition.unknown-form": (
        "引用了未定义的表格“{form}”",
        "refers to form '{form}', which is not defined",
    ),
    "edition.duplicate-id": (
        "编号“{id}”重复（已见于 {other}）",
        "duplicate id '{id}' (already at {other})",
    ),
    "edition.deadline-before-issue": (
        "截止时间 {deadline} 早于发文日期 {issued}",
        "the deadline {deadline} is before the issue date {issued}",
    ),
    "edition.deadline-naive": (
        "截止时间必须带时区偏移",
        "the deadline must carry a UTC offset",
    ),
    "edition.unknown-timezone": ("未知的时区“{timezone}”", "unknown time zone '{timezone}'"),
    "edition.bad-pattern": (
        "正则表达式无法编译：{detail}",
        "the regular expression does not compile: {detail}",
    ),
    "edition.unknown-reading": (
        "引用了未定义的解读“{reading}”",
        "refers to reading '{reading}', which is not defined",
    ),
    "edition.bounds-not-number": (
        "只有 number、integer 类型的栏目可以设置 {name}（此栏目类型为 {type}）",
        "only number and integer fields may set {name} (this field is of type {type})",
    ),
    "edition.bad-range": (
        "最小值 {minimum} 大于最大值 {maximum}",
        "the minimum {minimum} is greater than the maximum {maximum}",
    ),
    "edition.group-without-fields": (
        "分组栏目必须包含子栏目",
        "a group field must hold sub-fields",
    ),
    "edition.inherit-bad-remove": (
        "inherit.remove 只能列出带标识的数组：{allowed}",
        "inherit.remove may only name arrays whose entries have an identity: {allowed}",
    ),
    "edition.inherit-unavailable": (
        "无法找到父版本“{parent}”",
        "the parent edition '{parent}' cannot be found",
    ),
    "edition.inherit-cycle": (
        "版本继承形成循环：{chain}",
        "editions inherit from each other in a cycle: {chain}",
    ),
    "edition.inherit-remove-unknown": (
        "要删除的“{key}”不在 {array} 中",
        "'{key}' to remove is not in {array}",
    ),
    "edition.invalid": (
        "版本数据有 {count} 处错误",
        "the edition data has {count} problem(s)",
    ),
    # Editions and plugins ---------------------------------------------
    "edition.unknown": (
        "未知的版本“{edition}”。已安装：{available}",
        "unknown edition '{edition}'. Installed: {available}",
    ),
    "form.unknown": (
        "版本“{edition}”没有表格“{form}”。可用：{available}",
        "edition '{edition}' has no form '{form}'. Available: {available}",
    ),
    "registry.duplicate": (
        "{what}“{name}”重复注册：{first} 与 {second}",
        "{what} '{name}' registered twice: by {first} and by {second}",
    ),
    "plugin.import-failed": (
        "插件 {entry_point}（{distribution}）无法导入：{error}",
        "plugin {entry_point} ({distribution}) failed to import: {error}",
    ),
    "plugin.register-failed": (
        "插件 {entry_point}（{distribution}）无法注册：{error}",
        "plugin {entry_point} ({distribution}) failed to register: {error}",
    ),
    "plugin.hook-failed": (
        "插件 {plugin} 的钩子 {hook} 出错：{error}",
        "plugin {plugin} failed in hook {hook}: {error}",
    ),
    "plugin.blocked": (
        "插件 {entry_point} 已被环境变量 {variable} 屏蔽",
        "plugin {entry_point} is blocked by the environment variable {variable}",
    ),
    # Command line -------------------------------------------------------
    "cli.usage": ("用法错误：{detail}", "usage error: {detail}"),
    "cli.internal": (
        "内部错误（请报告此问题）：{error}",
        "internal error (please report it): {error}",
    ),
    "cli.interrupted": ("已中断", "interrupted"),
    "cli.not-a-directory": (
        "{path} 不是目录（版本应为已安装的版本编号或版本数据目录）",
        "{path} is not a directory (give an installed edition id or an edition data directory)",
    ),
    "cli.output-exists": (
        "输出文件 {path} 已存在；使用 --force 覆盖",
        "the output file {path} exists; use --force to overwrite it",
    ),
    "cli.cannot-write": ("无法写入 {path}：{detail}", "cannot write {path}: {detail}"),
    # Rendering forms (reform_brand.render) ------------------------------
    # Data handed to a renderer ------------------------------------------
    "render.data-invalid": (
        "表格数据有 {count} 处错误，无法生成表格",
        "the form data has {count} problem(s); the form cannot be rendered",
    ),
    "render.data-not-object": (
        "应为 JSON 对象（键为栏目编号），实际为 {actual}",
        "expected a JSON object (keys are field ids), got {actual}",
    ),
    "render.unknown-field": (
        "表格“{form}”没有栏目“{name}”。可用：{available}",
        "form '{form}' has no field '{name}'. Available: {available}",
    ),
    "render.bad-value": (
        "栏目“{label}”应为文字，实际为 {actual}",
        "field '{label}' must be text, got {actual}",
    ),
    # Renderers and templates ------------------------------------------
    "render.bad-number": (
        "栏目“{label}”应为数字，实际为 {actual}",
        "field '{label}' must be a number, got {actual}",
    ),
    "render.unknown-format": (
        "版本“{edition}”没有输出格式“{format}”。可用：{available}",
        "edition '{edition}' has no output format '{format}'. Available: {available}",
    ),
    "render.template-invalid": (
        "表格“{form}”的 Word 模板有 {count} 处错误",
        "the Word template of form '{form}' has {count} problem(s)",
    ),
    "render.template-path": (
        "模板路径“{path}”必须是版本数据目录内的相对路径",
        "the template path '{path}' must be relative, inside the edition's data directory",
    ),
    "render.template-missing": (
        "找不到模板文件“{path}”：{detail}",
        "cannot read the template file '{path}': {detail}",
    ),
    "render.template-not-docx": (
        "模板文件“{path}”不是有效的 .docx 文件：{detail}",
        "the template file '{path}' is not a valid .docx file: {detail}",
    ),
    "render.template-syntax": (
        "模板“{path}”语法错误：{detail}",
        "template '{path}' has a syntax error: {detail}",
    ),
    "render.template-unknown-variable": (
        "模板“{path}”使用了表格“{form}”中没有的变量“{name}”",
        "template '{path}' uses the variable '{name}', which is not a field of form '{form}'",
    ),
    "render.template-unknown-subfield": (
        "模板“{path}”使用了“{name}”，但栏目“{field}”没有子栏目“{sub}”",
        "template '{path}' uses '{name}', but field '{field}' has no sub-field '{sub}'",
    ),
    "render.template-unused-field": (
        "模板“{path}”没有使用表格“{form}”的栏目“{name}”（填写的内容会丢失）",
        "template '{path}' does not use field '{name}' of form '{form}' (its data would be lost)",
    ),
    "render.template-check-failed": (
        "渲染器 {renderer} 检查表格“{form}”的模板时出错：{error}",
        "the renderer {renderer} failed while checking the template of form '{form}': {error}",
    ),
    "render.reserved-field-id": (
        "栏目编号“{name}”是模板语言的保留字，无法自动生成模板",
        "the field id '{name}' is a reserved word of the template language; "
        "no template can be built for it",
    ),
    # Command line: rendering ------------------------------------------
    "cli.data-unreadable": (
        "无法读取数据文件 {path}：{detail}",
        "cannot read the data file {path}: {detail}",
    ),
    "cli.data-json": (
        "数据文件 {path} 不是有效的 JSON（第 {line} 行第 {column} 列）：{detail}",
        "the data file {path} is not valid JSON (line {line}, column {column}): {detail}",
    ),
    "cli.data-too-large": (
        "数据文件 {path} 超过 {limit} 字节",
        "the data file {path} is larger than {limit} bytes",
    ),
    "cli.envelope-mismatch": (
        "提交信封中的 {key} 为“{actual}”，与命令行的“{expected}”不一致",
        "the submission envelope's {key} is '{actual}', not '{expected}' as given",
    ),
    "cli.outputs-exist": (
        "以下输出文件已存在；使用 --force 覆盖：{paths}",
        "these output files exist; use --force to overwrite them: {paths}",
    ),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
}


def render(code: str, params: Mapping[str, object], lang: str = "zh") -> str:
    """Render message ``code`` with ``params`` in ``lang``.

    A missing parameter never raises: the placeholder is left in the text so
    that an error about an error cannot hide the first one.
    """
    zh, en = MESSAGES.get(code, ("{code}", "{code}"))
    template = en if lang == "en" else zh
    return template.format_map(_Defaulting({"code": code, **params}))


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
