"""A scan is verified once per run: the report's pictures reuse what the
``signed-scan`` rule found, in the same process or in ``--jobs`` workers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reform_brand._bounded import Bounded
from reform_brand.engine import Validator
from reform_brand.host import Host
from reform_brand.model import Edition
from reform_brand.office import check_intake, intake
from reform_brand.office._scan_views import scan_views
from reform_brand.scan import ScanLimits, _results, _verify, synthetic, verify_scan
from reform_brand.scan._results import SHARED_ENV, by_content
from reform_brand.scan._types import ScanResult
from tests.conftest import REPO

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = _verify.verify

    def verify(path: Path, limits: Any, label: str = "") -> Any:
        calls.append(path)
        return real(path, limits, label)

    monkeypatch.setattr(_verify, "verify", verify)
    return calls


def test_a_scan_is_verified_once_until_it_changes(
    scan_forms: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text="济南市科学技术协会", seed=7))
    first = verify_scan(path)
    assert verify_scan(path) is first
    assert len(calls) == 1
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=8))
    again = verify_scan(path)
    assert len(calls) == 2
    assert first.seals and not again.seals


def test_workers_leave_their_results_for_the_report(
    host: Host, edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO, inbox)
    found = intake(edition, inbox)
    validator = Validator.create(edition, host=host)
    report = check_intake(found, edition, validator=validator, jobs=2, parallel_from=1)
    calls = _counting(monkeypatch)  # in this process only: the workers are gone
    views = scan_views(report, edition, base=found.base, names=found.names)
    assert len(views) >= 2
    assert calls == []
    assert SHARED_ENV not in __import__("os").environ


def _result(reason: str) -> ScanResult:
    return ScanResult(status="unreadable", reason=reason)


def test_workers_share_a_scan_by_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def verify(reason: str) -> Callable[[], ScanResult]:
        def run() -> ScanResult:
            calls.append(reason)
            return _result(reason)

        return run

    # Without a shared folder every process verifies for itself.
    monkeypatch.delenv(SHARED_ENV, raising=False)
    assert by_content("abc", verify("first")).reason == "first"
    assert by_content("abc", verify("second")).reason == "second"
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    calls.clear()
    assert by_content("abc", verify("first")).reason == "first"
    # Another worker meeting the same content takes the result.
    assert by_content("abc", verify("again")).reason == "first"
    assert by_content("def", verify("other")).reason == "other"
    assert calls == ["first", "other"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abc.content", "def.content"]


def _held_claim(path: Path) -> int:
    """A claim held as a live worker holds it (its number written, an
    exclusive ``flock`` on it): the descriptor to close."""
    import fcntl

    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, str(os.getpid()).encode("ascii"))
    return fd


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_worker_waits_for_the_one_verifying_the_same_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    fd = _held_claim(tmp_path / "abc.claim")  # alive
    waited = threading.Event()
    sleep = time.sleep

    def poll(seconds: float) -> None:
        waited.set()
        sleep(seconds)

    monkeypatch.setattr(time, "sleep", poll)

    def finish() -> None:
        waited.wait(10)
        done = tmp_path / "abc.tmp"
        done.write_bytes(pickle.dumps(_result("theirs")))
        done.replace(tmp_path / "abc.content")
        (tmp_path / "abc.claim").unlink()
        os.close(fd)

    other = threading.Thread(target=finish)
    other.start()
    try:
        found = by_content("abc", lambda: _result("mine"))
    finally:
        other.join()
    assert (found.reason, waited.is_set()) == ("theirs", True)


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_claim_nobody_holds_is_taken_over_at_once_whatever_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed while verifying left its claim, and its number is
    now a live process's (here this one's): the claim, held by nobody, is
    taken over without waiting, held while the scan is verified, and
    removed after."""
    import fcntl

    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    claim = tmp_path / "abc.claim"
    claim.write_text(str(os.getpid()), encoding="ascii")

    def no_wait(seconds: float) -> None:
        raise AssertionError("waited for a claim nobody holds")

    monkeypatch.setattr(time, "sleep", no_wait)
    held: list[bool] = []

    def verify() -> ScanResult:
        fd = os.open(claim, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(fd)
        return _result("mine")

    assert by_content("abc", verify).reason == "mine"
    assert held == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abc.content"]
    assert by_content("abc", lambda: _result("again")).reason == "mine"


def test_a_claim_left_by_a_process_that_is_gone_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (tmp_path / "abc.claim").write_text(str(gone.pid), encoding="ascii")
    assert by_content("abc", lambda: _result("mine")).reason == "mine"
    # A result that does not load is verified again, never trusted.
    (tmp_path / "def.content").write_bytes(b"not a pickle")
    assert by_content("def", lambda: _result("mine")).reason == "mine"


def test_a_streamed_check_lets_its_workers_share_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reform_brand.cli._check as check_module
    import reform_brand.cli._streamed as streamed_module
    from reform_brand.cli import main

    seen: list[tuple[str | None, str | None]] = []

    def streamed(*args: Any, **kwargs: Any) -> Any:
        seen.append((os.environ.get(SHARED_ENV), os.environ.get(_results._TAKE_ENV)))
        folder = Path(os.environ[SHARED_ENV])
        # A worker's result for a file is not left for a process that
        # shows no pictures; a result by content is.
        _results.keep((1, 2, 3, 4, 5, ScanLimits(), ""), _result("kept"))
        assert not list(folder.glob("*.pickle"))
        assert by_content("abc", lambda: _result("shared")).reason == "shared"
        assert (folder / "abc.content").exists()
        return real(*args, **kwargs)

    real = streamed_module.check_streamed
    monkeypatch.setattr(check_module, "check_streamed", streamed)
    env = tmp_path / "one.json"
    env.write_text("{}", encoding="utf-8")
    main(["check", "shandong-2022", str(env), "--jobs", "2", "--json"])
    assert len(seen) == 1 and seen[0][0] is not None and seen[0][1] == "0"
    assert SHARED_ENV not in os.environ
    assert not Path(seen[0][0]).exists()


def test_a_report_folder_verifies_each_scan_once_however_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --report`` keeps few results in memory, yet writes the
    pictures of every scan without verifying any again: the results stay in
    a folder, by content, until the report is written."""
    from reform_brand.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    units = sorted(p for p in DEMO.iterdir() if p.is_dir() and any(p.glob("*.pdf")))[:3]
    for unit in units:
        shutil.copytree(unit, inbox / unit.name)
    # Few results kept, and none of the earlier tests' (the same scans).
    monkeypatch.setattr(_results, "MAX_KEPT", 1)
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(1))
    verified: list[bytes] = []
    real = _verify._verify

    def counting(path: Path, limits: Any, label: str = "") -> Any:
        verified.append(path.read_bytes())
        return real(path, limits, label)

    monkeypatch.setattr(_verify, "_verify", counting)
    out = tmp_path / "report"
    argv = ["check", "shandong-2022", str(inbox), "--report", str(out), "--jobs", "1"]
    assert main([*argv, "--now", "2022-08-22T09:00:00+08:00"]) in (0, 1)
    scans = {p.read_bytes() for p in inbox.rglob("*.pdf")}
    assert len(scans) >= 3
    assert sorted(verified) == sorted(scans)  # each once
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('<img class="thumb" src="data:image/png') >= len(scans)


def test_scan_views_are_made_when_asked_for_and_shared_by_result(tmp_path: Path) -> None:
    """The report's pictures are made from a scan's result when a page asks
    for them; the same result (a copy or a link of one scan) gives the same
    view, its pictures encoded once.  They are by the submission's place:
    of an id sent twice each has its own scan's, none when its own could
    not be verified (not the other's)."""
    from reform_brand.findings import BatchReport
    from reform_brand.office import InboxReport, InboxSubmission
    from reform_brand.office._scan_views import ScanViews

    for name in ("a.pdf", "b.pdf", "c.pdf", "bad.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    shared = ScanResult(status="ok", thumbnail_png=b"page", seal_region_png=b"place")
    own = ScanResult(status="ok", thumbnail_png=b"other")
    results = {"a.pdf": shared, "b.pdf": shared, "c.pdf": own, "bad.pdf": _result("broken")}
    asked: list[str] = []

    def verify(path: Path, label: str) -> ScanResult:
        asked.append(path.name)
        return results[path.name]

    subs = (
        InboxSubmission(id="a", folder="", scan="a.pdf"),
        InboxSubmission(id="b", folder="", scan="b.pdf"),
        InboxSubmission(id="c", folder="", scan="c.pdf"),
        InboxSubmission(id="c", folder="", scan="bad.pdf"),
        InboxSubmission(id="d", folder="", scan="gone.pdf"),
        InboxSubmission(id="e", folder=""),
    )
    report = InboxReport(
        root=str(tmp_path),
        batch=BatchReport(
            edition="x", strict=False, evaluated_at=dt.datetime(2022, 8, 22, tzinfo=dt.UTC)
        ),
        files=(),
        submissions=subs,
    )
    views = ScanViews(report, tmp_path, {}, verify, labels={})
    assert asked == []
    assert views[0] is views[1]
    assert views[0].thumbnail == "data:image/png;base64,cGFnZQ=="
    assert views[0].empty.startswith("data:image/png;base64,")
    assert views[2].thumbnail == "data:image/png;base64,b3RoZXI="
    assert views.get(3) is None  # the other "c": its own scan is broken
    assert all(views.get(k) is None for k in (4, 5, 6, -1))
    assert sorted(views) == [0, 1, 2] and len(views) == 3
    assert asked.count("bad.pdf") >= 1 and "gone.pdf" not in asked


_READ_BACK = """
import sys, datetime as dt
from pathlib import Path
from reform_brand.findings import BatchReport
from reform_brand.host import Host
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._scan_views import ScanViews
from reform_brand.scan import shared_results
from reform_brand.scan._results import by_content, content_digest, content_name
from reform_brand.scan._types import ScanLimits, ScanResult

root = Path(sys.argv[1])
(root / "scan.pdf").write_bytes(b"%PDF-1.4 a scan")
made = ScanResult(status="ok", thumbnail_png=b"page")
edition = Host.create().edition("shandong-2022")
with shared_results(for_this_process=False):
    # As a worker leaves it: by the scan's content, checked against the
    # form's signature label.
    digest = content_digest(root / "scan.pdf", ScanLimits().max_bytes)
    name = content_name(digest, ScanLimits(), "主要负责人（签章）")
    by_content(name, lambda: made)
    report = InboxReport(
        root=str(root),
        batch=BatchReport(edition="x", strict=False, evaluated_at=dt.datetime.now(dt.UTC)),
        files=(),
        submissions=(InboxSubmission(id="a", folder="", scan="scan.pdf", form="application"),),
    )
    view = ScanViews.of(report, edition)[0]
assert view.thumbnail == "data:image/png;base64,cGFnZQ==", view
heavy = sorted(m for m in ("numpy", "cv2", "pypdfium2", "PIL") if m in sys.modules)
assert not heavy, heavy
"""


def test_the_report_reads_the_results_back_without_the_image_libraries(tmp_path: Path) -> None:
    """The checking process makes the report's pictures from the results the
    workers left, without importing numpy, OpenCV, pdfium or Pillow (some
    40 MB it would hold for nothing)."""
    if importlib.util.find_spec("cv2") is None:
        pytest.skip("the scan extra is not installed")
    proc = subprocess.run(
        [sys.executable, "-c", _READ_BACK, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_only_what_a_form_asks_for_is_pictured(tmp_path: Path, edition: Edition) -> None:
    """A form whose blocks ask for no seal (or no signature) has no seal
    picture, found or empty place, in report.html, nor a 盖章 status in the
    roster: only what the signed-scan rule asked of its scan is shown."""
    import attrs

    from reform_brand.findings import BatchReport, SubmissionReport
    from reform_brand.office import InboxReport, InboxSubmission
    from reform_brand.office._report_html import report_html
    from reform_brand.office._scan_views import ScanViews, seal_status, signature_status
    from reform_brand.scan._types import Mark

    found = (Mark(page=1, box=(0, 0, 9, 9), crop_png=b"mark"),)
    results = {
        "sealed.pdf": ScanResult(status="ok", thumbnail_png=b"page", seals=found, signatures=found),
        "bare.pdf": ScanResult(status="ok", thumbnail_png=b"page", seal_region_png=b"place"),
    }
    for name in results:
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    subs = tuple(
        InboxSubmission(id=f"{form}-{name}", folder="", scan=name, form=form, unit="济南市科协")
        for form in ("application", "recommendation", "free")
        for name in results
    )
    report = InboxReport(
        root=str(tmp_path),
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=dt.datetime.now(dt.UTC)),
        files=(),
        submissions=subs,
    )
    marks = {
        "application": frozenset(("seal", "signature")),
        "recommendation": frozenset(("signature",)),
        "free": frozenset[str](),
    }

    def verify(path: Path, _label: str) -> ScanResult:
        return results[path.name]

    views = ScanViews(report, tmp_path, {}, verify, labels={}, marks=marks)
    shown = {
        subs[k].id: (bool(v.seals), bool(v.empty), bool(v.signatures)) for k, v in views.made()
    }
    assert shown == {
        "application-sealed.pdf": (True, False, True),
        "application-bare.pdf": (False, True, False),
        "recommendation-sealed.pdf": (False, False, True),
        "recommendation-bare.pdf": (False, False, False),
        "free-sealed.pdf": (False, False, False),
        "free-bare.pdf": (False, False, False),
    }
    statuses = {s.id: (seal_status(s.scan, views[k]), signature_status(s.scan, views[k]))
                for k, s in enumerate(subs)}  # fmt: skip
    assert statuses["application-bare.pdf"] == ("missing", "missing")
    assert statuses["recommendation-bare.pdf"] == ("", "missing")
    assert statuses["free-sealed.pdf"] == ("", "")
    # Without marks (a form that declares no blocks) all is asked, as before.
    whole = ScanViews(report, tmp_path, {}, verify, labels={})
    assert whole[[s.id for s in subs].index("recommendation-bare.pdf")].empty
    reports = tuple(SubmissionReport(submission=s.id, file=s.scan) for s in subs[2:4])
    only = attrs.evolve(
        report, submissions=subs[2:4], batch=attrs.evolve(report.batch, submissions=reports)
    )
    # (The views of that report: they are by each submission's place in it.)
    page = report_html(
        only, edition, scans=ScanViews(only, tmp_path, {}, verify, labels={}, marks=marks)
    )
    assert page.count('<img class="thumb"') == 2 and page.count('<img class="signature"') == 1
    assert '<img class="seal' not in page
    page = report_html(only, edition, scans=ScanViews(only, tmp_path, {}, verify, labels={}))
    assert '<img class="seal empty"' in page and '<img class="seal"' in page


def test_two_submissions_of_one_id_each_show_their_own_scan(
    tmp_path: Path, edition: Edition
) -> None:
    """Two submissions of one id (``batch.duplicate-id``), each with its own
    scan: each one's roster row and its part of report.html show its own
    scan's pictures and what was seen on it (the views are by the
    submission's place, not by its id: both showed the last one's)."""
    import base64
    import io
    import re

    from openpyxl import load_workbook

    from reform_brand.findings import BatchReport, SubmissionReport
    from reform_brand.office import InboxReport, InboxSubmission
    from reform_brand.office._report_html import report_html
    from reform_brand.office._roster import roster_xlsx
    from reform_brand.office._scan_views import ScanViews
    from reform_brand.scan._types import Mark

    found = (Mark(page=1, box=(0, 0, 9, 9), crop_png=b"mark"),)
    results = {
        "sealed.pdf": ScanResult(status="ok", thumbnail_png=b"one", seals=found, signatures=found),
        "bare.pdf": ScanResult(status="ok", thumbnail_png=b"two", seal_region_png=b"place"),
    }
    for name in results:
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    subs = tuple(
        InboxSubmission(id="dup", folder="", scan=name, form="application", unit="济南市科协")
        for name in results
    )
    report = InboxReport(
        root=str(tmp_path),
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=dt.datetime.now(dt.UTC),
            submissions=tuple(
                SubmissionReport(submission="dup", file=s.scan, unit=s.unit) for s in subs
            ),
        ),
        files=(),
        submissions=subs,
    )

    def views() -> ScanViews:
        return ScanViews(report, tmp_path, {}, lambda p, _label: results[p.name], labels={})

    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition, scans=views()))).worksheets[0]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r["扫描件"], r["盖章"], r["签名"]) for r in rows] == [
        ("sealed.pdf", "有", "有"),
        ("bare.pdf", "未见", "未见"),
    ]
    page = report_html(report, edition, scans=views())
    thumbs = re.findall(r'<img class="thumb" src="data:image/png;base64,([^"]*)"', page)
    assert [base64.b64decode(t) for t in thumbs] == [b"one", b"two"]
    assert page.count('<img class="seal"') == 1 and page.count('<img class="seal empty"') == 1


def test_a_new_file_in_a_removed_ones_place_is_not_given_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan removed (a stage of an archive's entries cleared) and another
    of the same size written with the same modification time (a copy that
    keeps times, an entry taken out of an archive) may take its inode: it
    was given the removed scan's result, kept by the file's identity."""
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    first = tmp_path / "first.pdf"
    first.write_bytes(b"%PDF-1.4 first")
    key, found = _results.kept(first, ScanLimits(), "")
    assert key is not None and found is None
    _results.keep(key, _result("the first scan's"))
    assert _results.kept(first, ScanLimits(), "")[1] is not None
    was = os.stat(first)
    first.unlink()
    time.sleep(0.05)  # (past the file system clock's tick)
    second = tmp_path / "second.pdf"
    second.write_bytes(b"%PDF-1.4 other")
    os.utime(second, ns=(was.st_atime_ns, was.st_mtime_ns))
    now = os.stat(second)
    assert (now.st_size, now.st_mtime_ns) == (was.st_size, was.st_mtime_ns)
    assert _results.kept(second, ScanLimits(), "")[1] is None
