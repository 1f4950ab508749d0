"""MkDocs hooks of the documentation site (mkdocs.yml ``hooks``).

English pages are ``docs/X.md`` and Chinese ones ``docs/X.zh.md``
(mkdocs-static-i18n, suffix structure).  A page that exists in one language
only is shown in the other one as it is; this hook puts a note at its top
saying so, in the language of the build, so that no page carries it by hand.
"""

from __future__ import annotations

from typing import Any

#: The note, in the language of the build, for a page shown in the other.
NOTES: dict[str, str] = {
    "zh": '!!! note "本页暂无中文版"\n    以下为英文原文。\n\n',
    "en": '!!! note "This page is in Chinese only"\n    It has no English version yet.\n\n',
}

#: The language of a page file without a language suffix (``X.md``).
UNSUFFIXED = "en"


def page_language(page: Any) -> str:
    """The language a page is written in: its suffix, else English."""
    localization = getattr(page.file, "localization", None)
    return str(localization) if localization else UNSUFFIXED


def build_language(page: Any, config: Any) -> str:
    """The language of the site being built (static-i18n builds one per
    language and sets the theme's language for each)."""
    current = getattr(page.file, "locale_alternate_of", None)
    return str(current or config["theme"]["language"])


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    shown_in = build_language(page, config)
    written_in = page_language(page)
    if shown_in == written_in or shown_in not in NOTES:
        return markdown
    note = NOTES[shown_in]
    # After the page's first heading, so that the title stays the title.
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", note.rstrip("\n"), "", *lines[i + 1 :]])
    return note + markdown
