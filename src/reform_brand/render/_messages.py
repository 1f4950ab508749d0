"""Messages of the renderers, added to the shared catalogue.

They live beside the code that raises them; importing any module of
``reform_brand.render`` adds them to :data:`reform_brand.i18n.MESSAGES`
(``setdefault``: a code already there is never replaced).
"""

from __future__ import annotations

from reform_brand.i18n import MESSAGES

RENDER_MESSAGES: dict[str, tuple[str, str]] = {
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
    "render.bad-number": (
        "栏目“{label}”应为数字，实际为 {actual}",
        "field '{label}' must be a number, got {actual}",
    ),
    # Renderers and templates ------------------------------------------
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
    "render.reserved-field-id": (
        "栏目编号“{name}”是模板语言的保留字，无法自动生成模板",
        "the field id '{name}' is a reserved word of the template language; "
        "no template can be built for it",
    ),
    # Command line -------------------------------------------------------
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

for _code, _texts in RENDER_MESSAGES.items():
    MESSAGES.setdefault(_code, _texts)
