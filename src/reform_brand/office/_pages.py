"""The pages of the forms as read, for a report folder (``forms/*.html``):
rendered here, or, for a large batch, by worker processes while this
process goes on with the rest.

A page is rendered from the form data intake read (or, for an envelope
received as a file, read again from the file) and written as it is made;
what comes back is the name of each page written, in the order of the
report's submissions, so the report is the same however the pages were
made.  A worker that fails leaves its pages to this process.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import pickle
import re
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Final

from reform_brand._handover import WorkerPool
from reform_brand._text import nfkc
from reform_brand.errors import ReformBrandError
from reform_brand.model import Edition
from reform_brand.office._inbox import EnvelopeData, InboxReport, InboxSubmission
from reform_brand.office._names import on_disk

__all__ = ["PARALLEL_FROM", "WrittenPages", "form_file_name", "form_pages"]

#: Worker processes render the pages of a batch of this many submissions
#: or more (a worker takes some 0.3 s to start; a page some 0.7 ms).
PARALLEL_FROM: Final = 2000
#: Pages a worker renders at a time.
_CHUNK: Final = 250

#: A page to make: its file name, the form, the form data (a dict, or the
#: :class:`EnvelopeData` of an envelope received as a file), and whose it
#: is (:func:`_whose`).
_Page = tuple[str, str, Any, str]

#: The most characters of a unit's or a project's name in a page's title.
_TITLE_NAME: Final = 60


def _whose(sub: InboxSubmission) -> str:
    """The unit and project a page is of, for its title: every form page
    has the form's own title, and a clerk with a dozen of them open tells
    the tabs apart by this."""
    names = (n.strip() for n in (sub.unit, sub.project_name))
    return " · ".join(
        n if len(n) <= _TITLE_NAME else n[: _TITLE_NAME - 1] + "…" for n in names if n
    )


def _titled(page: bytes, whose: str) -> bytes:
    """``page`` with ``whose`` (escaped) before the form's title in its
    ``<title>``."""
    from reform_brand.render._escape import html_escape

    if not whose:
        return page
    return page.replace(b"<title>", b"<title>" + html_escape(whose + " — ").encode(), 1)


def form_file_name(n: int, sub: InboxSubmission) -> str:
    """The file name of the ``n``-th submission's page."""
    unit = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", nfkc(sub.unit))[:40]
    return f"{n:03d}-{unit or 'form'}.html"


class WrittenPages:
    """Which of a report's submissions (by their place, from 1) have a page
    written: a bit each.  A page's link is made again from the place and the
    submission when it is asked for (:func:`form_file_name`), so a report of
    100,000 submissions keeps no link for each."""

    __slots__ = ("_bits",)

    def __init__(self) -> None:
        self._bits = bytearray()

    def add(self, n: int) -> None:
        byte, bit = divmod(n, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(byte + 1 - len(self._bits)))
        self._bits[byte] |= 1 << bit

    def __contains__(self, n: object) -> bool:
        if not isinstance(n, int) or n < 0:
            return False
        byte, bit = divmod(n, 8)
        return byte < len(self._bits) and bool(self._bits[byte] >> bit & 1)

    def link(self, n: int, sub: InboxSubmission) -> str:
        """The link of the ``n``-th submission's page, relative to the
        report ("" when none was written)."""
        return f"forms/{form_file_name(n, sub)}" if n in self else ""


def _write_page(edition: Edition, folder: Path, page: _Page) -> bool:
    """Render and write one page; False when the data does not fit the form
    (a JSON batch's): no page."""
    from reform_brand.render import render_form

    name, form, data, whose = page
    try:
        values = data.load() if isinstance(data, EnvelopeData) else dict(data)
        made = _titled(render_form(edition, form, values, fmt="html"), whose)
    except ReformBrandError:
        return False
    folder.mkdir(exist_ok=True)
    (folder / on_disk(name)).write_bytes(made)
    return True


def _write_pages(edition: Edition, folder: Path, pages: list[_Page]) -> list[bool]:
    return [_write_page(edition, folder, page) for page in pages]


_worker: list[Edition] = []


def _init_worker(edition: Edition) -> None:
    _worker[:] = [edition]


def _in_worker(folder: str, pages: list[_Page]) -> list[bool]:
    return _write_pages(_worker[0], Path(folder), pages)


def form_pages(
    report: InboxReport, edition: Edition, folder: Path, *, jobs: int = 1
) -> Iterator[tuple[int, str]]:
    """Write the page of each submission whose form was read into
    ``folder`` (made when the first page is written); yields (the
    submission's place in the report, from 1, and the file name) for each
    page written, in the order of the report's submissions.  With ``jobs``
    > 1 and :data:`PARALLEL_FROM` submissions or more, ``jobs`` worker
    processes render them."""
    todo = (
        (n, (form_file_name(n, sub), sub.form, sub.data, _whose(sub)))
        for n, sub in enumerate(report.submissions, start=1)
        if sub.read and sub.form
    )
    state = _pickled(edition) if jobs > 1 and len(report.submissions) >= PARALLEL_FROM else None
    if state is None:
        # One page at a time: a form's data is held only while its page is made.
        for n, page in todo:
            if _write_page(edition, folder, page):
                yield n, page[0]
        return
    chunks = iter(lambda: list(itertools.islice(todo, _CHUNK)), [])
    yield from _in_workers(edition, folder, chunks, state, jobs)


def _named(chunk: list[tuple[int, _Page]], written: list[bool]) -> Iterator[tuple[int, str]]:
    for (n, (name, _form, _data, _whose)), ok in zip(chunk, written, strict=True):
        if ok:
            yield n, name


def _pickled(edition: Edition) -> bytes | None:
    """The edition for the workers; None when it cannot travel."""
    try:
        return pickle.dumps(edition, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


def _in_workers(
    edition: Edition,
    folder: Path,
    chunks: Iterator[list[tuple[int, _Page]]],
    state: bytes,
    jobs: int,
) -> Iterator[tuple[int, str]]:
    """The chunks rendered by ``jobs`` workers, a few at a time, their
    answers taken in order; a chunk whose worker failed is rendered here."""
    pool: WorkerPool[list[bool]] | None = WorkerPool(state, jobs, _init_worker)
    window: collections.deque[tuple[list[tuple[int, _Page]], Future[list[bool]] | None]]
    window = collections.deque()

    def taken() -> Iterator[tuple[int, str]]:
        chunk, done = window.popleft()
        written: list[bool] | None = None
        if done is not None:
            # (A worker that died leaves its pages to be made here.)
            with contextlib.suppress(BrokenProcessPool):
                written = done.result()
        if written is None:
            written = _write_pages(edition, folder, [p for _, p in chunk])
        return _named(chunk, written)

    try:
        for chunk in chunks:
            done: Future[list[bool]] | None = None
            if pool is not None:
                try:
                    done = pool.submit(_in_worker, str(folder), [p for _, p in chunk])
                except BrokenProcessPool:
                    pool.close(wait=False)
                    pool = None
            window.append((chunk, done))
            if len(window) > 2 * jobs:
                yield from taken()
        while window:
            yield from taken()
    finally:
        if pool is not None:
            pool.close()
