"""MkDocs hooks of the documentation site (mkdocs.yml ``hooks``).

The pages are ``docs/X.md`` in English and ``docs/X.zh.md`` in Chinese, and
Chinese is the site's default language.  mkdocs-static-i18n (suffix
structure) takes a page without a suffix to be in the default language, so
the site is built from a staging copy of docs/ in which a page written in
both languages is ``X.md`` (Chinese) and ``X.en.md`` (English); a page
written in one language keeps its name and is shown in both sites.

Such a page gets a note at its top, in the language of the site it is shown
in, saying that it exists in the other language only; no page carries the
note by hand.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

#: The note, in the language of the build, for a page shown in the other.
NOTES: dict[str, str] = {
    "zh": '!!! note "本页暂无中文版"\n    以下为英文原文。\n',
    "en": '!!! note "This page is in Chinese only"\n    It has no English version yet.\n',
}

#: Where the pages really are (docs_dir as mkdocs.yml gives it), the staging
#: copy the site is built from, and the language each staged page is
#: written in (by its path in the copy).
_SOURCE: list[Path] = []
_STAGE: list[Path] = []
WRITTEN: dict[str, str] = {}


def staged_name(rel: str, names: set[str]) -> tuple[str, str]:
    """The name of a page in the staging copy and the language it is written
    in, from its name in docs/ and the names of all pages there."""
    if rel.endswith(".zh.md"):
        twin = rel.removesuffix(".zh.md") + ".md"
        return (twin if twin in names else rel), "zh"
    if rel.endswith(".md") and rel.removesuffix(".md") + ".zh.md" in names:
        return rel.removesuffix(".md") + ".en.md", "en"
    return rel, "en"


def stage(source: Path, target: Path) -> dict[str, str]:
    """Copy ``source`` into ``target`` with the pages renamed (see above);
    the language of each page, by its staged path."""
    if target.exists():
        shutil.rmtree(target)
    files = [p for p in source.rglob("*") if p.is_file()]
    names = {p.relative_to(source).as_posix() for p in files}
    written: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(source).as_posix()
        new, lang = staged_name(rel, names) if rel.endswith(".md") else (rel, "")
        if lang:
            written[new] = lang
        (target / new).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / new)
    return written


def on_config(config: Any) -> Any:
    # Run again for each language static-i18n builds: stage from the real
    # docs/ each time (``mkdocs serve`` rebuilds on every edit; mkdocs.yml
    # watches docs/).
    if not _SOURCE:
        _SOURCE.append(Path(config["docs_dir"]))
        _STAGE.append(Path(tempfile.mkdtemp(prefix="reform-brand-docs-")))
        atexit.register(shutil.rmtree, _STAGE[0], True)
    staging = _STAGE[0] / "docs"
    WRITTEN.clear()
    WRITTEN.update(stage(_SOURCE[0], staging))
    config["docs_dir"] = str(staging)
    return config


def build_language(page: Any, config: Any) -> str:
    """The language of the site being built (static-i18n builds one per
    language and sets the theme's language for each)."""
    current = getattr(page.file, "locale_alternate_of", None)
    return str(current or config["theme"]["language"])


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    shown_in = build_language(page, config)
    written_in = WRITTEN.get(page.file.src_uri, shown_in)
    if shown_in == written_in or shown_in not in NOTES:
        return markdown
    note = NOTES[shown_in]
    # After the page's first heading, so that the title stays the title.
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", note, *lines[i + 1 :]])
    return note + "\n" + markdown


#: A Sphinx role left in a docstring (``:class:`Host```), as Markdown renders it.
_ROLE = re.compile(r":(?:func|meth|class|data|attr|mod|exc|obj|const):(?=<code>)")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """The API reference is generated from docstrings written for Sphinx
    roles too; drop the role's name, keep the code."""
    return _ROLE.sub("", html)
