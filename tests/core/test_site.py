"""The documentation site (mkdocs.yml): it builds with ``mkdocs build
--strict`` (a broken link or reference fails the suite), in Chinese by
default with English under ``/en/``; a page written in one language only
says so in the other; the API reference is generated from the code for every
public name; and in headless Chromium the language switch works and a
Chinese word is found by the site's search on the office page.

The browser test needs Chromium and chromedriver (Debian ``chromium``,
``chromium-driver``) and is skipped, saying why, where they are missing; the
build needs only the ``test`` extra (MkDocs, Material, mkdocs-static-i18n,
mkdocstrings).
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NOTE_ZH = "本页暂无中文版"
NOTE_EN = "This page is in Chinese only"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once from a clean state with ``--strict``."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    return out


def _pages() -> list[str]:
    """Every page of docs/, by its name without the language suffix."""
    names = {
        p.relative_to(DOCS).as_posix().removesuffix(".md").removesuffix(".zh")
        for p in DOCS.rglob("*.md")
    }
    return sorted(names)


def _html(site: Path, page: str, lang: str) -> str:
    folder = site if lang == "zh" else site / lang
    path = folder / "index.html" if page == "index" else folder / page / "index.html"
    return path.read_text(encoding="utf-8")


def _lang_of(page: str) -> set[str]:
    langs = set()
    if (DOCS / f"{page}.md").exists():
        langs.add("en")
    if (DOCS / f"{page}.zh.md").exists():
        langs.add("zh")
    return langs


def test_every_page_is_built_in_both_languages(site: Path) -> None:
    for page in _pages():
        assert '<html lang="zh"' in _html(site, page, "zh"), page
        assert '<html lang="en"' in _html(site, page, "en"), page


def test_a_page_in_one_language_says_so_in_the_other(site: Path) -> None:
    for page in _pages():
        langs = _lang_of(page)
        assert (NOTE_ZH in _html(site, page, "zh")) == ("zh" not in langs), page
        assert (NOTE_EN in _html(site, page, "en")) == ("en" not in langs), page


#: A link of a Chinese page to its English twin (a section the benchmarks
#: write into the English page only), written as HTML: MkDocs checks the
#: Markdown links only, so these are checked here.
_TO_ENGLISH = re.compile(r'<a href="((?:\.\./)+en/[^"#]*)#([\w-]+)"')


def test_links_to_the_english_pages_lead_to_their_sections(site: Path) -> None:
    found = 0
    for page in _pages():
        if "zh" not in _lang_of(page):
            continue
        here = (site / page) if page != "index" else site
        for href, anchor in _TO_ENGLISH.findall(_html(site, page, "zh")):
            target = (here / href / "index.html").resolve()
            assert target.is_relative_to((site / "en").resolve()), (page, href)
            assert target.exists(), (page, href)
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (page, href, anchor)
            found += 1
    assert found >= 2


def test_the_site_opens_in_chinese_with_the_reader_sections(site: Path) -> None:
    home = _html(site, "index", "zh")
    for section in ("门户开发者", "科协办公室", "维护者", "测试作者"):
        assert section in home, section
    english = _html(site, "index", "en")
    for section in ("Portal developers", "The office", "Maintainers", "Test authors"):
        assert section in english, section


def test_the_office_page_shows_the_report_and_the_forms(site: Path) -> None:
    """The screenshots (made by tests/inbox/test_browser.py and
    tests/render/test_pdf.py) are on the office page, in the built site,
    and small."""
    shown: set[str] = set()
    for name in ("office.md", "office.zh.md"):
        page = (DOCS / "tutorials" / name).read_text(encoding="utf-8")
        on_page = set(re.findall(r"!\[[^\]]+\]\(\.\./images/([\w.-]+\.png)\)", page))
        assert {"report.png", "form-application.png", "form-recommendation.png"} <= on_page, name
        shown |= on_page
    for name in sorted(shown):
        png = DOCS / "images" / name
        assert png.read_bytes().startswith(b"\x89PNG"), name
        assert png.stat().st_size < 200_000, name
        assert (site / "images" / name).exists(), name
    assert "images/report.png" in _html(site, "tutorials/office", "en")
    assert "images/report.png" in _html(site, "tutorials/office", "zh")


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", REPO / "tools/mkdocs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pages_are_staged_as_static_i18n_expects() -> None:
    hooks = _hooks()
    names = {"a.md", "a.zh.md", "b.md", "c.zh.md", "sub/d.md", "sub/d.zh.md"}
    assert hooks.staged_name("a.md", names) == ("a.en.md", "en")
    assert hooks.staged_name("a.zh.md", names) == ("a.md", "zh")
    assert hooks.staged_name("b.md", names) == ("b.md", "en")
    assert hooks.staged_name("c.zh.md", names) == ("c.zh.md", "zh")
    assert hooks.staged_name("sub/d.zh.md", names) == ("sub/d.md", "zh")


@pytest.mark.parametrize(
    ("written", "building", "note"),
    [("en", "zh", NOTE_ZH), ("zh", "en", NOTE_EN), ("en", "en", None), ("zh", "zh", None)],
)
def test_the_note_follows_the_page_and_the_build(
    written: str, building: str, note: str | None
) -> None:
    hooks = _hooks()
    hooks.WRITTEN["x.md"] = written
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md", locale_alternate_of=building))
    out = hooks.on_page_markdown("# Title\n\nText.\n", page, {"theme": {}}, None)
    assert out.startswith("# Title\n")
    if note is None:
        assert out == "# Title\n\nText.\n"
    else:
        assert note in out


def _directive_list(page: str = "api.md") -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(r"^::: ([\w.]+)$", text, flags=re.MULTILINE)


def _directives() -> set[str]:
    return set(_directive_list())


def _public_names() -> list[tuple[str, str]]:
    import reform_brand
    import reform_brand.plugin
    import reform_brand.testing

    return [
        (module.__name__, name)
        for module in (reform_brand, reform_brand.plugin, reform_brand.testing)
        for name in module.__all__
    ]


def _documented_as(module: str, name: str) -> str:
    """The entry of a public name: its own, or for a plugin-contract name
    that ``reform_brand`` exports too, the same object's entry there."""
    import reform_brand
    import reform_brand.plugin

    if module == "reform_brand.plugin" and name in reform_brand.__all__:
        assert getattr(reform_brand.plugin, name) is getattr(reform_brand, name), name
        return f"reform_brand.{name}"
    return f"{module}.{name}"


def test_every_public_name_has_a_generated_entry() -> None:
    directives = _directives()
    for module, name in _public_names():
        assert _documented_as(module, name) in directives, f"{module}.{name} missing from api.md"
    for page in ("api.md", "api.zh.md"):
        assert not re.search(r"^### `", (DOCS / page).read_text(encoding="utf-8"), re.M), (
            f"docs/{page} has hand-written entries; use ::: directives"
        )


def test_the_chinese_api_page_generates_the_same_entries_in_the_same_places() -> None:
    """docs/api.zh.md translates the prose only: the same ::: directives in
    the same order, under sections with the same ids as the English page."""
    assert _directive_list("api.zh.md") == _directive_list("api.md")

    def sections(page: str) -> list[tuple[str, list[str]]]:
        text = (DOCS / page).read_text(encoding="utf-8")
        parts = re.split(r"^## .*\{ #([\w-]+) \}$", text, flags=re.MULTILINE)
        return [
            (ident, re.findall(r"^::: ([\w.]+)$", body, flags=re.MULTILINE))
            for ident, body in zip(parts[1::2], parts[2::2], strict=True)
        ]

    assert sections("api.zh.md") == sections("api.md")
    assert len(sections("api.md")) == len(
        re.findall(r"^## ", (DOCS / "api.md").read_text(encoding="utf-8"), re.M)
    )


def test_the_api_reference_shows_signatures_and_docstrings(site: Path) -> None:
    for lang in ("en", "zh"):
        page = _html(site, "api", lang)
        for module, name in _public_names():
            anchor = _documented_as(module, name)
            assert f'id="{anchor}"' in page, (lang, anchor)
    html = _html(site, "api", "en")
    # A signature and a docstring, generated from the code.
    start = html.index('id="reform_brand.validate_submission"')
    entry = re.sub(r"<[^>]+>", "", html[start : start + 6000])
    assert "edition" in entry and "SubmissionReport" in entry
    assert "never raises" in entry.lower() or "validate" in entry.lower()
    # Sphinx roles of the docstrings are dropped by the hooks, the code kept.
    assert not re.search(r":(class|meth|func|data|mod):<code>", html)


# The browser: the built site served over HTTP (search loads its index with
# fetch, which file:// URLs do not allow).


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, fmt: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "Chromium and chromedriver are not installed (Debian: chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield browser
    finally:
        browser.quit()


#: A word of the office tutorial in both languages, and where search finds it.
TERM = "收件箱"
OFFICE = "tutorials/office/"


def test_language_switch_and_chinese_search_in_a_browser(served: str, driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 30)
    driver.get(f"{served}/en/{OFFICE}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"

    # The language switch (Material's header select) leads to the Chinese page.
    link = driver.find_element(By.CSS_SELECTOR, '.md-select__link[hreflang="zh"]')
    driver.execute_script("arguments[0].click();", link)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh")
    assert driver.current_url == f"{served}/{OFFICE}"

    # The search, typed in Chinese, lists the office page.
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys(TERM)
    wait.until(
        lambda d: any(
            OFFICE in (a.get_attribute("href") or "")
            for a in d.find_elements(By.CSS_SELECTOR, ".md-search-result__link")
        )
    )
    hits = [
        a.get_attribute("href") or ""
        for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__link")
    ]
    assert any(h.startswith(f"{served}/{OFFICE}") for h in hits), hits
