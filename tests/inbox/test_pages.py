"""The pages of the forms as read: rendered by worker processes for a large
batch, the same pages and links as rendered here; a worker that fails
leaves its pages to this process."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, _handover
from reform_brand.office import InboxReport, _pages, check_inbox, write_report_dir
from tests.validation.helpers import NOW


def _pages_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "forms").iterdir())}


@pytest.fixture(scope="module")
def mixed_report(inboxes: dict[str, Path], edition: Edition) -> InboxReport:
    return check_inbox(edition, inboxes["mixed"], now=NOW)


@pytest.fixture(scope="module")
def expected(
    mixed_report: InboxReport, edition: Edition, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("pages") / "here"
    write_report_dir(mixed_report, edition, out, jobs=1)
    return out


def _same(got: Path, expected: Path) -> None:
    assert _pages_of(got) == _pages_of(expected)
    # report.html links each submission to its page, as before.
    assert (got / "report.html").read_bytes() == (expected / "report.html").read_bytes()


def test_workers_make_the_same_pages(
    mixed_report: InboxReport,
    edition: Edition,
    expected: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every batch goes to the workers, a few pages at a time (chunks in
    # flight, taken in order).
    monkeypatch.setattr(_pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(_pages, "_CHUNK", 3)
    made = write_report_dir(mixed_report, edition, tmp_path / "workers", jobs=2)
    _same(tmp_path / "workers", expected)
    assert [p.name for p in made if p.parent.name == "forms"] == list(_pages_of(expected))
    assert len(_pages_of(expected)) > 3 * 2 * 2  # more chunks than the window holds


class _Broken:
    """A pool whose workers die: every answer is BrokenProcessPool, or
    (``at_submit``) the pool is found broken when a chunk is given to it."""

    at_submit = False

    def __init__(self, **_kw: Any) -> None:
        self.shut = False

    def submit(self, *_args: Any) -> Future[list[bool]]:
        if self.at_submit:
            raise BrokenProcessPool("gone")
        done: Future[list[bool]] = Future()
        done.set_exception(BrokenProcessPool("gone"))
        return done

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shut = True


class _BrokenAtSubmit(_Broken):
    at_submit = True


@pytest.mark.parametrize("pool", [_Broken, _BrokenAtSubmit])
def test_pages_of_a_failed_worker_are_made_here(
    mixed_report: InboxReport,
    edition: Edition,
    expected: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pool: type[_Broken],
) -> None:
    monkeypatch.setattr(_pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(_pages, "_CHUNK", 2)
    monkeypatch.setattr(_handover, "ProcessPoolExecutor", pool)  # the workers' pool
    write_report_dir(mixed_report, edition, tmp_path / "broken", jobs=2)
    _same(tmp_path / "broken", expected)


def test_a_small_batch_or_one_job_stays_here(
    mixed_report: InboxReport, edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(**_kw: Any) -> None:
        raise AssertionError("no workers for this batch")

    monkeypatch.setattr(_handover, "ProcessPoolExecutor", no_pool)
    write_report_dir(mixed_report, edition, tmp_path / "small", jobs=2)  # under PARALLEL_FROM
    monkeypatch.setattr(_pages, "PARALLEL_FROM", 1)
    write_report_dir(mixed_report, edition, tmp_path / "one", jobs=1)
    assert _pages_of(tmp_path / "small") == _pages_of(tmp_path / "one")


def test_each_roster_row_links_its_own_page(
    mixed_report: InboxReport, edition: Edition, expected: Path
) -> None:
    """A report folder keeps which pages it wrote (a bit each, not a link
    per submission): each submission whose form was read links its own
    page, by its place, even where submissions share an id."""
    from reform_brand.office._report_html import _roster

    written = _pages.WrittenPages()
    pages = set(_pages_of(expected))
    for n, sub in enumerate(mixed_report.submissions, start=1):
        if _pages.form_file_name(n, sub) in pages:
            written.add(n)
    assert 0 not in written and "1" not in written and -1 not in written
    rows = list(_roster(mixed_report, edition, "zh", written))
    links = [row.link for row in rows]
    assert sorted(link.removeprefix("forms/") for link in links if link) == sorted(pages)
    for n, (sub, link) in enumerate(zip(mixed_report.submissions, links, strict=True), start=1):
        assert link == (f"forms/{_pages.form_file_name(n, sub)}" if sub.read and sub.form else "")
    html = (expected / "report.html").read_text(encoding="utf-8")
    assert all(f'href="{link}"' in html for link in links if link)


def test_each_page_is_titled_with_its_unit_and_project(
    mixed_report: InboxReport, edition: Edition, expected: Path
) -> None:
    """Every page has the form's title; a clerk with many of them open tells
    them apart by the unit and project before it, escaped as the page's
    other text."""
    import html.parser

    class _Title(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.title: list[str] = []
            self._in = False

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self._in = tag == "title"

        def handle_endtag(self, tag: str) -> None:
            self._in = False

        def handle_data(self, data: str) -> None:
            if self._in:
                self.title.append(data)

    pages = _pages_of(expected)
    titles = set()
    for n, sub in enumerate(mixed_report.submissions, start=1):
        name = _pages.form_file_name(n, sub)
        if name not in pages:
            continue
        parser = _Title()
        parser.feed(pages[name].decode("utf-8"))
        title = "".join(parser.title)
        whose = " · ".join(x for x in (sub.unit, sub.project_name) if x)
        assert whose and title.startswith(whose + " — "), (title, whose)
        assert title.endswith(edition.form(sub.form).title.zh)
        titles.add(title)
    assert len(titles) > 1


def test_a_page_title_is_escaped_and_clipped() -> None:
    from reform_brand.office import InboxSubmission

    sub = InboxSubmission(id="s", folder="f", unit="<b>&单位\u202e", project_name="项" * 100)
    whose = _pages._whose(sub)
    assert whose == "<b>&单位\u202e · " + "项" * 59 + "…"
    page = _pages._titled(b"<html><title>T</title><title>x</title>", whose)
    assert page.startswith(b"<html><title>&lt;b&gt;&amp;\xe5\x8d\x95\xe4\xbd\x8d\\u202e")
    assert page.endswith(" — T</title><title>x</title>".encode())
    assert _pages._titled(b"<title>T</title>", "") == b"<title>T</title>"
