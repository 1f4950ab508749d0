"""``check INBOX --json --report DIR --jobs 2`` gives what ``--jobs 1``
gives, on every kind of inbox: Word forms (.docx and .odt) with their
signed scans, a zip of GBK names, an .eml, an .mbox and a Maildir, JSON
envelopes with their attachments, a revision and a resend, unreadable and
hostile files, another unit's files, for the reference edition and the
two test editions.

The workers really run: the parent is made to hand every submission to
them (``parallel_from`` lowered), or all but the first two (as a small
batch does when they pay), the workers forked or spawned, the scans
verified afresh; the report's
pages are written by workers too (``PARALLEL_FROM`` of the pages lowered
to 1); and each chunk a worker checks leaves a mark in a folder: an item
checked in this process after all (a validator that could not travel, a
value that could not) fails the test.

Compared: the exit code, the JSON written to stdout (and by the same
check without ``--report``, the report streamed), ``report.json`` whole,
``roster.xlsx`` cell by cell, ``report.html`` and the form pages byte for
byte.  Nothing is left out: the report holds no timing and no temporary path
(the files intake unpacked are named by where they came from)."""

from __future__ import annotations

import datetime as dt
import io
import json
import mailbox
import os
import random
import shutil
import uuid
from collections import OrderedDict
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from reform_brand import Host, Validator, _handover
from reform_brand._bounded import Bounded
from reform_brand.cli import main
from reform_brand.engine import _stream
from reform_brand.office import _pages
from reform_brand.scan import _results
from reform_brand.scan._store import STORE_ENV
from tests.hostile.cases import (
    _doctype_docx,
    _hostile_tar,
    _inbox_symlink,
    duplicate_parts,
    tar_gz_bomb,
    zip_bomb,
)
from tests.hostile.odt_bombs import write_repeated_tables
from tests.hostile.ole import ole
from tests.inbox.archives import gbk_zip
from tests.inbox.batches import DEMO, envelopes
from tests.inbox.test_archives import _unit_mail
from tests.inbox.test_one_engine import make_batch, write_inbox, write_json
from tests.mail.mails import CST, demo_unit_mail
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin

#: Where a worker leaves a mark of each chunk it checked.
_WORKED = "REFORM_BRAND_TEST_WORKED"
_ORIGINAL_WORK = _stream._work

#: The demo inbox's deliveries taken: Word forms and signed scans, a form
#: saved as .odt, a zip of GBK names, a revision with its scan, a resend
#: after the deadline, a scan of another project, a progress summary.
_DEMO_PARTS = (
    "2022-08-17 淄博市科协",
    "2022-08-17 日照市科协",
    "2022-08-18 泰安市科协",
    "2022-08-18 滨州市科协",
    "2022-08-19 东营市科协",
    "2022-08-19 烟台市科协",
    "2022-08-21 烟台市科协",
    "收件箱导出.mbox",
    "山东省机械工程学会-改革品牌项目申报表.docx",
    "山东省机械工程学会-改革品牌项目申报表（盖章扫描件）.pdf",
)


def _counted_work(chunk: list[Any], *args: Any) -> Any:
    """``_stream._work``, leaving a mark of the chunk (in the worker)."""
    folder = os.environ.get(_WORKED)
    if folder:
        (Path(folder) / f"{os.getpid()}-{uuid.uuid4().hex}").write_text(str(len(chunk)))
    return _ORIGINAL_WORK(chunk, *args)


def _maildir(folder: Path, mails: dict[str, bytes]) -> None:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True)
    for name, raw in mails.items():
        (folder / name).write_bytes(raw)


def _shandong(root: Path, host: Host) -> None:
    edition = host.edition("shandong-2022")
    for part in _DEMO_PARTS:
        src = DEMO / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        else:
            shutil.copy2(src, root / part)
    # An .eml and a Maildir, beside the .mbox.
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    (root / "临沂市科协.eml").write_bytes(
        demo_unit_mail("2022-08-17 临沂市科协", "临沂市科协申报表", "lykx@example.cn", on_time)
    )
    _maildir(
        root / "收件箱",
        {
            "cur/1660702530.M1P1.mx:2,S": _unit_mail(
                edition, "dzkx@example.cn", "德州市科协", on_time
            ),
            "new/1661011201.M2P2.mx": _unit_mail(
                edition, "wfkx@example.cn", "潍坊市科协", on_time + dt.timedelta(days=4)
            ),
        },
    )
    # JSON envelopes with their attachments (a duplicate id, a file that is
    # not JSON, a materials-only envelope, a loose file).
    envelopes(root / "json", 14)
    # Unreadable and hostile files.
    odd = root / "2022-08-16 威海市科协"
    odd.mkdir()
    (odd / "manifest.toml").write_text(
        '[unit]\nname = "威海市科协"\nkind = "city-association"\n', encoding="utf-8"
    )
    (odd / "申报表.docx").write_bytes(b"PK\x03\x04 truncated")
    (odd / "申报表（盖章）.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (odd / "空.docx").write_bytes(b"")
    _doctype_docx(odd / "lol.docx")
    duplicate_parts(odd / "twice.docx")
    zip_bomb(odd / "bomb.docx", size=16 * 1024 * 1024)
    (odd / "坏的.zip").write_bytes(gbk_zip([("申报表.docx", b"not a form")])[:-30])
    (odd / "加密.docx").write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    tar_gz_bomb(odd / "材料.tar.gz", size=16 * 1024 * 1024)
    _hostile_tar(odd / "材料.tar")
    write_repeated_tables(odd / "表格.odt")
    _inbox_symlink(root)
    os.symlink(root, odd / "loop")
    broken = root / "2022-08-16 历城区科协"
    broken.mkdir()
    (broken / "manifest.json").write_text(
        '{"unit": {"name": "\\ud800", "kind": "city-association"}}', encoding="utf-8"
    )
    shutil.copy2(DEMO / "2022-08-17 临沂市科协" / "临沂市科协申报表.docx", broken / "申报表.docx")
    # Another unit's form and scan in a unit's mail.
    other = root / "2022-08-18 德州市科协"
    other.mkdir()
    (other / "manifest.toml").write_text(
        '[unit]\nname = "德州市科协"\nkind = "city-association"\n', encoding="utf-8"
    )
    for suffix in ("docx", "pdf"):
        shutil.copy2(
            DEMO / "2022-08-17 临沂市科协" / f"临沂市科协申报表.{suffix}",
            other / f"临沂市科协申报表.{suffix}",
        )


def _third_party(root: Path, host: Host, edition_id: str) -> None:
    """The test edition's forms as an inbox and as JSON envelopes (the
    first form of each with its scan, a scan the edition asks for or not),
    with an .mbox of one unit's mail and a file of no use."""
    edition = host.edition(edition_id)
    rnd = random.Random(edition_id)
    scans = [d.id for d in edition.delivery.deliverables if "pdf" in d.file_types]
    for write, folder in ((write_inbox, "mails"), (write_json, "json")):
        envs = make_batch(edition, rnd)
        first = next(e for e in envs if "text" not in e)
        first["attachments"] += [r for r in scans if r not in first["attachments"]]
        write(edition, envs, root / folder)
    box = mailbox.mbox(root / "收件箱.mbox")
    box.add(
        _unit_mail(
            host.edition("shandong-2022"),
            "jnkx@example.cn",
            "济南市科协",
            dt.datetime(2024, 6, 1, 9, 0, tzinfo=CST),
        )
    )
    box.close()
    (root / "notes.bin").write_bytes(b"\x00\x01\x02")


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(plugins=[HainanPlugin(), GuizhouPlugin()], block=())


def _run(
    monkeypatch: pytest.MonkeyPatch,
    host: Host,
    edition: str,
    root: Path,
    out: Path | None,
    jobs: int,
) -> tuple[int, str]:
    """``check EDITION ROOT --json [--report OUT] --jobs JOBS``."""
    monkeypatch.setattr(Host, "create", classmethod(lambda cls, *a, **k: host))
    args = ["check", edition, str(root), "--json", "--jobs", str(jobs)]
    args += ["--report", str(out)] if out is not None else []
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        code = main([*args, "--now", "2022-08-22T09:00:00+08:00", "--lang", "zh"])
    return code, stdout.getvalue()


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(path)
    try:
        return {
            sheet.title: [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def _pages_of(out: Path) -> dict[str, bytes]:
    """The form pages and the HTML report, by name: their bytes."""
    pages = {str(p.relative_to(out)): p.read_bytes() for p in (out / "forms").rglob("*.*")}
    return {**pages, "report.html": (out / "report.html").read_bytes()}


@attrs.frozen
class _One:
    """An inbox of ``edition`` checked with ``--jobs 1`` into ``out``:
    the exit code and stdout, and the items its check took."""

    edition: str
    root: Path
    out: Path
    code: int
    stdout: str
    items: int
    #: Where the scans it verified are kept.
    store: Path


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A mark for each item this process checks (a worker counts in its
    own copy, or not at all)."""
    here: list[int] = []
    check_item = Validator.check_item

    def counted(self: Validator, *args: Any, **kwargs: Any) -> Any:
        here.append(1)
        return check_item(self, *args, **kwargs)

    monkeypatch.setattr(Validator, "check_item", counted)
    return here


@pytest.fixture(scope="module", params=["shandong-2022", "hainan-2024", "guizhou-2025"])
def one(
    request: pytest.FixtureRequest, host: Host, tmp_path_factory: pytest.TempPathFactory
) -> _One:
    edition: str = request.param
    base = tmp_path_factory.mktemp(edition)
    root = base / "inbox"
    root.mkdir()
    if edition == "shandong-2022":
        _shandong(root, host)
    else:
        _third_party(root, host, edition)
    with pytest.MonkeyPatch.context() as mp:
        # (A store of its own for the scans it verifies, as each test has:
        # this fixture is set up before the test's own.)
        store = tmp_path_factory.mktemp("scan-store")
        mp.setenv(STORE_ENV, str(store))
        # (Nor the results this process kept of earlier tests' scans, by
        # file or by content: the same scans, whose results would be taken
        # from memory, none verified and none stored.)
        mp.setattr(_results, "_KEPT", OrderedDict())
        mp.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))
        here = _counting(mp)
        code, stdout = _run(mp, host, edition, root, base / "one", 1)
    return _One(edition, root, base / "one", code, stdout, len(here), store)


@pytest.mark.parametrize("workers", ["from-the-first", "after-two", "spawned"])
def test_two_jobs_give_the_report_of_one(
    monkeypatch: pytest.MonkeyPatch, host: Host, tmp_path: Path, one: _One, workers: str
) -> None:
    worked = tmp_path / "worked"
    worked.mkdir()
    monkeypatch.setenv(_WORKED, str(worked))
    monkeypatch.setattr(_stream, "_work", _counted_work)
    # The CLI's batch takes stream_batch's own parallel_from: 1 hands every
    # item to the workers; one no inbox reaches, with a worker's start said
    # to cost nothing, checks two here first (as a small batch that pays).
    first = workers != "after-two"
    if workers == "spawned":  # (as on Windows and macOS: nothing inherited)
        monkeypatch.setattr(_handover, "start_method", lambda: "spawn")
    defaults = {**(Validator.stream_batch.__kwdefaults__ or {})}
    defaults["parallel_from"] = 1 if first else 10**6
    monkeypatch.setattr(Validator.stream_batch, "__kwdefaults__", defaults)
    monkeypatch.setattr(_stream, "_WORKER_START", -1.0)
    monkeypatch.setattr(_pages, "PARALLEL_FROM", 1)
    here = _counting(monkeypatch)
    out = tmp_path / "two"
    code, stdout = _run(monkeypatch, host, one.edition, one.root, out, 2)
    # (With workers from the first, the same check without a report folder
    # too: the report streamed.)
    streamed = _run(monkeypatch, host, one.edition, one.root, None, 2) if first else None

    # The workers checked the items of each check (two of them here, or none).
    in_workers = sum(int(p.read_text()) for p in worked.iterdir())
    assert len(here) == (0 if first else 2)
    assert in_workers + len(here) == (2 if first else 1) * one.items > 3
    assert code == one.code and code in (0, 1)
    assert json.loads(stdout) == json.loads(one.stdout)
    if streamed is not None:
        assert streamed[0] == code and json.loads(streamed[1]) == json.loads(one.stdout)
    report = json.loads((one.out / "report.json").read_text(encoding="utf-8"))
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == report
    assert _cells(out / "roster.xlsx") == _cells(one.out / "roster.xlsx")
    pages = _pages_of(out)
    assert pages == _pages_of(one.out) and len(pages) > 3
    # (The inbox holds what it is said to hold.)
    kinds = {(f["kind"], f["status"]) for f in report["inbox"]["files"]}
    assert {("docx", "used"), ("pdf", "used"), ("json", "used"), ("mail", "used")} <= kinds
    if one.edition == "shandong-2022":
        assert {("odt", "used"), ("zip", "used"), ("docx", "unreadable")} <= kinds
        codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
        codes |= {f["code"] for f in report["findings"]}
        hostile = {"read.doctype", "read.unsafe-zip", "read.unreadable", "inbox.symlink-outside"}
        hostile |= {"inbox.manifest-invalid", "inbox.archive-entry-refused", "scan.mismatch"}
        assert hostile <= codes
