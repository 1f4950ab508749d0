"""What the command line says of a setting in the environment that it
cannot use (entries of :mod:`reform_brand.codes.cli`): each is said once on
standard error, and the setting is taken as unset."""

from __future__ import annotations

from typing import Final

from reform_brand.codes._info import CodeInfo, E

_ABOUT: Final = (
    "A command says this once on standard error, before it runs, and goes on as "
    "if the variable were not set (its worker processes do not see it)."
)

ENTRIES: Final[tuple[CodeInfo, ...]] = (
    CodeInfo(
        code="cli.env.lang",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 的值“{value}”既不是 zh 也不是 en：已忽略",
        en="the environment variable {variable} is '{value}', neither zh nor en: ignored",
        about=_ABOUT,
    ),
    CodeInfo(
        code="cli.env.threads",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 的值“{value}”不是不小于 1 的整数：已忽略，线程数取默认值",
        en="the environment variable {variable} is '{value}', not a whole number of at "
        "least 1: ignored, the default number of threads is used",
        about=_ABOUT,
    ),
    CodeInfo(
        code="cli.env.threads-limit",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 的值 {value} 超过上限：使用 {limit} 个线程",
        en="the environment variable {variable} is {value}, over the limit: "
        "{limit} threads are used",
        about="A command says this once on standard error, before it runs.",
    ),
    CodeInfo(
        code="cli.env.folder",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 的值“{value}”不是可用的文件夹（{detail}）：不使用这个缓存",
        en="the environment variable {variable} is '{value}', not a folder that can be "
        "used ({detail}): this cache is not used",
        about="A command says this once on standard error, before it runs, and goes on "
        "without the cache, as when its folder cannot be written.",
    ),
    CodeInfo(
        code="cli.env.block-unknown",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 中的“{value}”不是任何已安装插件的入口点名称或发行包名称："
        "它不屏蔽任何插件",
        en="the environment variable {variable} names '{value}', which is no installed "
        "plugin's entry point or distribution name: it blocks nothing",
        about="A command says this once on standard error, before it runs; the other "
        "names of the variable still keep their plugins out.",
    ),
    CodeInfo(
        code="cli.env.internal",
        severity=E,
        rule="cli",
        kind="text",
        zh="环境变量 {variable} 由本程序为自己的工作进程设置，不应在运行命令时设置：已忽略",
        en="the environment variable {variable} is set by this program for its own "
        "worker processes, not when a command is run: ignored",
        about=_ABOUT,
    ),
)
