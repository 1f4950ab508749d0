"""The command line's table of commands and the words of its top-level help,
in zh and en: plain data, so that ``reform-brand --help`` and
``--version`` import this module and nothing else of the package (not even
:mod:`typing`).
:mod:`reform_brand.codes.cli` turns every entry into a catalogue entry
(``cli.help.COMMAND``, ``cli.help.main.WORD``)."""

from __future__ import annotations

#: Each command: the module that adds it, and its one-line summary (zh, en).
#: A test keeps the modules in step with what they add.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "editions": ("reform_brand.cli._core", "列出已安装的版本", "list installed editions"),
    "show": ("reform_brand.cli._core", "显示一个版本的全部内容", "show an edition"),
    "schema": (
        "reform_brand.cli._core",
        "输出表格或申报信封的 JSON Schema",
        "JSON Schema of a form or of the submission envelope",
    ),
    "plugins": (
        "reform_brand.cli._core",
        "已加载的插件及加载错误",
        "loaded plugins and load errors",
    ),
    "diff": ("reform_brand.cli._maint", "比较两个版本的变化", "what changed between two editions"),
    "lint": ("reform_brand.cli._maint", "检查版本数据", "check an edition beyond its schema"),
    "new-edition": (
        "reform_brand.cli._maint",
        "生成新版本的插件包",
        "scaffold a new edition plugin package",
    ),
    "render": (
        "reform_brand.cli._render",
        "生成表格（空白或已填写）",
        "render a form, blank or filled",
    ),
    "export": (
        "reform_brand.cli._render",
        "导出版本的全部表格：Schema、空白 Word 与 Markdown",
        "publish an edition's forms: schemas, blank .docx and Markdown",
    ),
    "template": (
        "reform_brand.cli._render",
        "保存表格的 Word 模板，供修改后随版本发布",
        "save a form's Word template, to edit and ship",
    ),
    "check": ("reform_brand.cli._check", "检查收到的申报材料", "check submissions"),
    "read": ("reform_brand.cli._inbox", "读回已填写的 Word 表格", "read a filled Word form back"),
    "demo": (
        "reform_brand.cli._inbox",
        "在随附的示例收件目录上运行检查",
        "the main job on the bundled example inbox",
    ),
    "fetch-mail": (
        "reform_brand.cli._mail",
        "从 IMAP 邮件夹取回邮件到本地",
        "fetch an IMAP folder into a local mail folder",
    ),
    "suggest": (
        "reform_brand.cli._suggest",
        "按项目内容建议改革重点事项",
        "suggest reform items from a project's text",
    ),
}

#: The words of the help around the commands (argparse's own included).
WORDS: dict[str, tuple[str, str]] = {
    "about": (
        "改革品牌项目申报：版本、表格、校验与生成。\n各命令的说明：reform-brand 命令 --help",
        "Calls for reform brand projects: editions, forms, checks and rendering.\n"
        "The help of a command: reform-brand COMMAND --help",
    ),
    "usage": ("用法：", "usage: "),
    "positionals": ("位置参数", "positional arguments"),
    "options": ("选项", "options"),
    "help": ("显示本帮助并退出", "show this help message and exit"),
    "version": ("显示版本号并退出", "show the version and exit"),
    "lang": ("提示语言：zh（默认）或 en", "message language: zh (the default) or en"),
    "command": ("命令", "COMMAND"),
    "commands": ("命令", "commands"),
}
