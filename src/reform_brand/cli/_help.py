"""The help texts of a command, from the catalogue (``cli.help.*``, in
:mod:`reform_brand.codes.cli_help`), in the language the parser is built in."""

from __future__ import annotations

import argparse

from reform_brand.codes.cli_help import texts

#: The help texts (``cli.help.*``), zh then en: only their table is loaded,
#: not the catalogue, so that a command's ``--help`` stays instant.
TEXTS = texts()


class HelpTexts:
    """``t = HelpTexts(common, "check")``: ``t.summary`` is the command's
    one line, ``t("about")`` its description and ``t("json")`` the help of
    ``--json`` (``cli.help.check.json``, else ``cli.help.common.json``)."""

    def __init__(self, common: argparse.ArgumentParser, command: str) -> None:
        self.lang = "en" if common.get_default("lang") == "en" else "zh"
        self.command = command
        self.summary = self._text(f"cli.help.{command}")

    def _text(self, code: str) -> str:
        zh, en = TEXTS[code]
        return en if self.lang == "en" else zh

    def __call__(self, option: str) -> str:
        own = f"cli.help.{self.command}.{option}"
        return self._text(own if own in TEXTS else f"cli.help.common.{option}")
