"""A batch checked as a stream: the same report as the whole-batch API,
with --jobs or without, a worker crash as a finding, the compact records the
batch rules see, and envelopes read without a buffer of the size cap."""

from __future__ import annotations

import copy
import io
import json
import os
import tracemalloc
from collections.abc import Iterator, Sequence
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any, Literal

import pytest

from reform_brand import Edition, Host, Validator
from reform_brand.cli import main
from reform_brand.findings import report_to_json
from reform_brand.office import clean_batch
from reform_brand.plugin import Finding, RuleContext, SubmissionRecord
from reform_brand.submission import read_envelope
from tests.validation.crash_rule import CrashRule
from tests.validation.helpers import (
    APPLICATION,
    NOW,
    PDF,
    batch_envelope,
    minimal_docx,
    stopped_by,
)

NOW_TEXT = NOW.isoformat()


def _write(folder: Path, name: str, value: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """40 envelope files in two folders with their attachments: resends of
    one project, a duplicate id, a unit over its quota, a materials-only
    envelope, a file that is not JSON and one that is not an object."""
    root = tmp_path_factory.mktemp("stream")
    files: list[Path] = []
    for f in range(2):
        folder = root / f"f{f}"
        folder.mkdir()
        (folder / "scan.pdf").write_bytes(PDF)
        (folder / "form.docx").write_bytes(minimal_docx())
        (folder / "summary.txt").write_text("年度进展总结。" * 10, encoding="utf-8")
        for i in range(18):
            env = batch_envelope(i, f"s{f}-{i}")
            if i == 5:
                env["id"] = "dup"
                del env["data"]["contact"]["email"]
            files.append(_write(folder, f"{i:02d}.json", env))
    material = {
        "version": 1,
        "edition": "shandong-2022",
        "unit": {"name": "济南市科协", "kind": "city-association"},
        "attachments": [{"role": "progress-summary", "path": "summary.txt"}],
    }
    files.append(_write(root / "f0", "material.json", material))
    (root / "f1" / "broken.json").write_text("{nope", encoding="utf-8")
    files.append(root / "f1" / "broken.json")
    files.append(_write(root / "f1", "list.json", [1, 2]))
    (root / "f1" / "missing.json").symlink_to(root / "nowhere")
    files.append(root / "f1" / "missing.json")
    return files


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "shandong-2022", *args, "--now", NOW_TEXT])
    return code, out.getvalue()


def test_streamed_run_agrees_with_the_whole_batch_api(
    validator: Validator, batch: list[Path]
) -> None:
    whole = validator.validate_batch(batch, now=NOW)
    run = validator.stream_batch(batch, now=NOW)
    checked = list(run)
    outcome = run.finish()
    streamed = [outcome.final(rec, rep) for rec, rep in checked if not rec.material_only]
    assert tuple(streamed) == whole.submissions
    assert outcome.findings == whole.findings
    # What the batch is about, so that agreeing means something.
    codes = {f.code for f in whole.all_findings()}
    assert {"batch.superseded", "batch.duplicate-id", "file.not-json"} <= codes
    assert {"envelope.not-object", "file.unreadable"} <= codes
    assert [r.position for r in outcome.records] == list(range(len(batch)))


@pytest.mark.parametrize("jobs", [1, 2])
def test_records_kept_on_disk_give_the_same_report(
    validator: Validator, batch: list[Path], monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A batch whose records are kept on disk past the first few (as past
    the first thousands of a large batch) has the report of one kept in
    memory: versions, quotas, duplicate ids and materials included."""
    from reform_brand.engine import _records

    in_memory = validator.validate_batch(batch, now=NOW)
    monkeypatch.setattr(_records, "IN_MEMORY", 3)
    run = validator.stream_batch(batch, now=NOW, jobs=jobs, parallel_from=1)
    list(run)
    records = run.finish().records
    assert isinstance(records, _records.RecordStore)
    assert records._spool is not None  # (what the test is about)
    on_disk = validator.validate_batch(batch, now=NOW, jobs=jobs, parallel_from=1)
    assert on_disk == in_memory
    assert report_to_json(on_disk) == report_to_json(in_memory)


@pytest.mark.parametrize("fmt", ["--json", "text"])
def test_check_streams_the_same_report_as_the_whole_batch(
    host: Host, edition: Edition, batch: list[Path], fmt: str
) -> None:
    v = Validator.create(edition, host=host)
    whole = clean_batch(v.validate_batch(batch, now=NOW))
    if fmt == "--json":
        expected = json.dumps(report_to_json(whole), ensure_ascii=False, indent=2) + "\n"
    else:
        from reform_brand.cli._check import format_report

        expected = format_report(whole, v, "zh")
    args = [str(p) for p in batch] + (["--json"] if fmt == "--json" else [])
    for jobs in ("1", "2"):
        code, out = _cli(*args, "--jobs", jobs, "--lang", "zh")
        assert code == 1
        assert out == expected, jobs


def test_jobs_give_the_same_batch_report_in_the_same_order(
    validator: Validator, batch: list[Path]
) -> None:
    one = validator.validate_batch(batch, now=NOW, jobs=1)
    two = validator.validate_batch(batch, now=NOW, jobs=2, parallel_from=1)
    assert two == one
    assert report_to_json(two) == report_to_json(one)
    assert [s.submission for s in two.submissions] == [s.submission for s in one.submissions]


def test_a_worker_that_dies_gives_a_finding_and_the_batch_goes_on(
    host: Host, edition: Edition, batch: list[Path], tmp_path: Path
) -> None:
    crash = copy.deepcopy(APPLICATION)
    crash["id"] = "crash"
    crash_file = _write(tmp_path, "crash.json", crash)
    items = [*batch[:10], crash_file, *batch[10:20]]
    rules = [*host.rules.for_edition(edition.id), CrashRule()]
    v = Validator(edition, rules, ignore=("material.missing",))
    report = v.validate_batch(items, now=NOW, jobs=2, parallel_from=1)
    crashed = report.submission("crash")
    assert [(f.code, f.file) for f in crashed.findings] == [
        ("engine.worker-failed", str(crash_file))
    ]
    # Everything else as a run without the crashing submission gives.
    plain = Validator(edition, host.rules.for_edition(edition.id), ignore=("material.missing",))
    expected = plain.validate_batch([*batch[:10], *batch[10:20]], now=NOW)
    assert tuple(s for s in report.submissions if s.submission != "crash") == (expected.submissions)


def test_workers_that_die_while_they_start_leave_the_batch_to_this_process(
    host: Host, edition: Edition, batch: list[Path]
) -> None:
    """No worker starts (each dies loading its state): every submission is
    checked here, with the report of a run without workers, not
    ``engine.worker-failed`` for each after a worker started for each."""
    from tests.validation.no_start_rule import NoStartRule

    v = Validator(edition, [*host.rules.for_edition(edition.id), NoStartRule()])
    two = v.validate_batch(batch, now=NOW, jobs=2, parallel_from=1)
    one = v.validate_batch(batch, now=NOW, jobs=1)
    assert "engine.worker-failed" not in {f.code for f in two.all_findings()}
    assert two == one


def test_an_encoder_is_given_the_envelope_its_submission_was_read_as(
    host: Host, edition: Edition, batch: list[Path], tmp_path: Path
) -> None:
    """In this process, in the workers and for a submission that killed its
    worker, the encoder gets the value the file was read as (None when it
    could not be read), and the file is not read for it again."""
    from reform_brand.submission import read_envelope
    from tests.validation.encoders import unit_and_envelope_id

    crash = copy.deepcopy(APPLICATION)
    crash["id"] = "crash"
    # (The last four: materials only, not JSON, not an object, a dangling link.)
    items = [*batch[:6], _write(tmp_path, "crash.json", crash), *batch[-4:]]
    rules = [*host.rules.for_edition(edition.id), CrashRule()]
    v = Validator(edition, rules)

    def expected(path: Path) -> str:
        value = read_envelope(path)[0]
        return str(value.get("id")) if isinstance(value, dict) else type(value).__name__

    runs = []
    for jobs in (1, 2):
        run = v.stream_batch(items[:6] + items[7:], now=NOW, jobs=jobs, parallel_from=1)
        runs.append([(rec.position, value) for rec, value in
                     run.encoded_with_envelope(unit_and_envelope_id)])  # fmt: skip
    assert runs[0] == runs[1]
    assert [value[2] for _pos, value in runs[0]] == [expected(p) for p in items[:6] + items[7:]]
    assert {"NoneType", "list"} <= {value[2] for _pos, value in runs[0]}
    run = v.stream_batch(items, now=NOW, jobs=2, parallel_from=1)
    crashed = [value for rec, value in run.encoded_with_envelope(unit_and_envelope_id)][6]
    assert crashed[1:] == ("engine.worker-failed", "crash")


def _checked_where(
    edition: Edition, host: Host, items: list[Path], folder: Path, seconds: float
) -> tuple[object, dict[str, int]]:
    from tests.validation.where_rule import WhereRule

    folder.mkdir()
    v = Validator(edition, [*host.rules.for_edition(edition.id), WhereRule(folder, seconds)])
    report = v.validate_batch(items, now=NOW, jobs=2)
    return report, {p.name: int(p.read_text()) for p in folder.iterdir()}


def test_a_small_batch_of_slow_submissions_goes_to_the_workers_midway(
    edition: Edition,
    host: Host,
    validator: Validator,
    batch: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under PARALLEL_FROM items, the first submissions are checked here;
    once those left would take longer than the workers take to start, the
    rest goes to them, with the report a run in process gives."""
    from reform_brand.engine import _stream

    monkeypatch.setattr(_stream, "_WORKER_START", 0.01)
    items = batch[:8]
    report, where = _checked_where(edition, host, items, tmp_path / "where", 0.02)
    ids = [s.submission for s in validator.validate_batch(items, now=NOW).submissions]
    assert [where[i] for i in ids[:2]] == [os.getpid()] * 2
    assert os.getpid() not in {where[i] for i in ids[2:]}
    plain = Validator(edition, host.rules.for_edition(edition.id))
    assert report == plain.validate_batch(items, now=NOW)


def test_a_small_batch_of_cheap_submissions_stays_in_process(
    edition: Edition, host: Host, batch: list[Path], tmp_path: Path
) -> None:
    _report, where = _checked_where(edition, host, batch[:8], tmp_path / "where", 0.0)
    assert set(where.values()) == {os.getpid()}


def test_workers_are_worth_their_start_when_what_is_left_costs_more() -> None:
    from reform_brand.engine._stream import _WORKER_START, _worth_workers

    slow = _WORKER_START  # a submission that costs as much as the start
    assert _worth_workers([slow, slow], 10, 2)
    assert not _worth_workers([slow], 10, 2)  # one is no measure
    assert not _worth_workers([slow, slow], 1, 2)  # one left: nothing to share
    assert not _worth_workers([slow, slow], 10, 1)  # one job
    # The cheaper of the last two counts: a first submission that loaded a
    # model or read a scan the others share is not the measure.
    assert not _worth_workers([slow * 5, 0.001], 20, 2)
    assert not _worth_workers([0.001, 0.001], 30, 2)


def test_a_check_on_every_core_is_not_counted_as_saved_by_workers() -> None:
    """A submission whose check here ran on two threads (its scan's OCR) in
    half its CPU time costs the workers nothing to save; one that ran on one
    core costs its CPU time."""
    from reform_brand.engine._stream import _one_core_cost, _worth_workers

    assert _one_core_cost(1.0, 0.5, 2) == 0.0
    assert _one_core_cost(0.02, 0.02, 2) == pytest.approx(0.02)
    assert _one_core_cost(0.3, 0.3, 4) == pytest.approx(0.3)
    assert _one_core_cost(0.3, 0.2, 1) == 0.3
    assert _one_core_cost(2.0, 0.1, 2) == 0.0  # never below nothing
    ocr_here = [_one_core_cost(1.0, 0.5, 2)] * 2
    assert not _worth_workers(ocr_here, 30, 2)
    assert _worth_workers([_one_core_cost(1.0, 1.0, 2)] * 2, 30, 2)


def test_a_pool_that_breaks_while_chunks_are_sent_loses_nothing(
    validator: Validator, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker may die while the next chunks are being sent: the executor
    then refuses them, and they are checked again with those in flight."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from reform_brand.engine import _stream

    refused: list[int] = []

    class Refusing(ProcessPoolExecutor):
        calls = 0

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            Refusing.calls += 1
            if Refusing.calls == 3:
                refused.append(Refusing.calls)
                raise BrokenProcessPool("a worker died")
            return super().submit(fn, *args, **kwargs)

    real_new = _stream._Pool._new

    def new(pool: Any) -> ProcessPoolExecutor:
        made = real_new(pool)
        made.__class__ = Refusing
        return made

    monkeypatch.setattr(_stream._Pool, "_new", new)
    two = validator.validate_batch(batch, now=NOW, jobs=2, parallel_from=1)
    assert refused == [3]
    assert two == validator.validate_batch(batch, now=NOW, jobs=1)


def test_a_validator_with_a_local_rule_checks_in_process(
    edition: Edition, batch: list[Path]
) -> None:
    class Local:  # cannot travel to a worker: the batch is checked here
        id = "test.local"
        codes: tuple[str, ...] = ()
        editions: tuple[str, ...] = ()
        scope: Literal["submission", "batch"] = "submission"

        def check(self, ctx: RuleContext) -> Iterator[Finding]:
            return iter(())

    v = Validator(edition, [Local()])
    assert v.validate_batch(batch, now=NOW, jobs=2, parallel_from=1) == v.validate_batch(
        batch, now=NOW
    )


class _SeeRecords:
    id = "test.records"
    codes = ("test.records",)
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "batch"

    def __init__(self) -> None:
        self.seen: list[tuple[Sequence[SubmissionRecord], Sequence[SubmissionRecord], int]] = []

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        self.seen.append((ctx.records, ctx.superseded_records, len(ctx.submissions)))
        return iter(())


def test_batch_rules_are_given_compact_records(
    edition: Edition, host: Host, batch: list[Path]
) -> None:
    rule = _SeeRecords()
    v = Validator(edition, [*host.rules.for_edition(edition.id), rule])
    report = v.validate_batch(batch, now=NOW)
    [(records, earlier, n_subs)] = rule.seen
    assert n_subs == 0
    assert all(isinstance(r, SubmissionRecord) for r in (*records, *earlier))
    superseded = {s.submission for s in report.submissions if s.superseded_by}
    assert {r.id for r in earlier} == superseded
    first = records[0]
    assert (first.form, first.unit.name, first.project) == ("application", "济南市科协", "项目 0")
    assert first.counts.error == 0
    assert first.real_base == os.path.realpath(Path(first.file).parent)
    assert any(r.material_only and r.attachments for r in records)
    assert not hasattr(first, "data")


def test_each_folder_is_resolved_once_per_batch(
    validator: Validator, batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = os.path.realpath

    def counting(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> str:
        calls.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os.path, "realpath", counting)
    validator.validate_batch(batch, now=NOW)
    folders = {str(p.parent) for p in batch}
    assert sorted(c for c in calls if c in folders) == sorted(folders)


def test_an_envelope_is_read_without_a_buffer_of_the_cap(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.json", APPLICATION)
    tracemalloc.start()
    try:
        value, problems = read_envelope(path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert value == APPLICATION and problems == []
    assert peak < 1024 * 1024
    path.write_bytes(b" " * 2048 + json.dumps(APPLICATION).encode())
    assert read_envelope(path, max_bytes=1024)[1][0][0] == "file.too-large"


def test_jobs_must_be_a_positive_number(batch: list[Path]) -> None:
    assert _cli(str(batch[0]), "--jobs", "0")[0] == 2
    assert _cli(str(batch[0]), "--jobs", "x")[0] == 2


def test_reports_are_encoded_where_they_are_checked(
    validator: Validator, batch: list[Path]
) -> None:
    from tests.validation.encoders import unit_and_codes

    plain = [(rec.position, unit_and_codes(rep, validator)) for rec, rep in
             validator.stream_batch(batch, now=NOW)]  # fmt: skip
    for jobs in (1, 2):
        run = validator.stream_batch(batch, now=NOW, jobs=jobs, parallel_from=1)
        encoded = [(rec.position, value) for rec, value in run.encoded(unit_and_codes)]
        assert encoded == plain, jobs
        assert [r.position for r in run.finish().records] == list(range(len(batch)))
    assert any(codes for _pos, (_unit, _ed, codes) in plain)


def test_records_from_workers_are_the_records_of_this_process(
    validator: Validator, batch: list[Path]
) -> None:
    records = []
    for jobs in (1, 2):
        run = validator.stream_batch(batch, now=NOW, jobs=jobs, parallel_from=1)
        list(run)
        records.append(run.finish().records)
    assert records[0] == records[1]
    assert len(records[0]) == len(batch)


def test_a_chunk_holds_what_a_worker_checks_in_a_twentieth_of_a_second() -> None:
    """Submissions go to the workers one at a time until a chunk is done,
    then as many as take about 50 ms of CPU time: one whose scan takes a
    second of OCR alone, cheap ones by the dozen (at most 64)."""
    from reform_brand.engine._stream import _MAX_CHUNK, _Pace

    pace = _Pace()
    assert pace.size() == 1
    pace.add(1.2, 1)  # a scan read by OCR
    assert pace.size() == 1
    middling = _Pace()
    middling.add(0.032, 16)  # 2 ms each
    assert middling.size() == 25
    middling.add(0.0, 16)  # the average falls: 1 ms each
    assert middling.size() == 50
    cheap = _Pace()
    cheap.add(0.004, 16)  # 0.25 ms each: 200 would take 50 ms
    assert cheap.size() == _MAX_CHUNK == 64
    instant = _Pace()
    instant.add(0.0, 8)
    assert instant.size() == _MAX_CHUNK


def test_a_worker_is_started_with_little_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's start-up data fits in a pipe's buffer, so that the parent
    never waits on the worker as it writes it (a worker that died starting
    left its parent waiting for ever): the validator goes in a private file,
    and the paths given on the command line stay behind."""
    import pickle
    import sys
    from concurrent.futures import Future

    from reform_brand.engine import _stream

    seen: list[list[str]] = []

    class Starting:
        def submit(self, fn: object, *args: object) -> Future[Any]:
            seen.append(list(sys.argv))
            return Future()

        def shutdown(self, **kwargs: object) -> None:
            pass

    v = Validator.create("shandong-2022")
    state = pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
    monkeypatch.setattr(sys, "argv", ["reform-brand", *(f"{i}.json" for i in range(10_000))])
    pool = _stream._Pool(state, 2)
    try:
        start = pool.executor._initargs
        assert len(pickle.dumps(start)) < 4096
        assert Path(start[0]).read_bytes() == state
        pool.executor.shutdown()
        pool.executor = Starting()  # type: ignore[assignment]
        pool.submit(_stream._work, [])
        assert seen == [["reform-brand"]]
        assert len(sys.argv) == 10_001
    finally:
        pool.close()
    assert not Path(start[0]).exists()


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2])
def test_ctrl_c_to_the_whole_process_group_stops_a_run_with_workers(
    tmp_path: Path, delay: float
) -> None:
    """A terminal's Ctrl-C reaches the checking process and its workers,
    some of them still starting: the run stops (exit 130) with no worker's
    traceback, and never waits for ever on a worker that died starting."""
    import signal
    import subprocess
    import sys
    import time

    files = []
    for i in range(60):
        env = copy.deepcopy(APPLICATION)
        env["id"] = f"s{i}"
        files.append(str(_write(tmp_path, f"{i:03d}.json", env)))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reform_brand",
            "check",
            "shandong-2022",
            *files,
            "--now",
            NOW_TEXT,
            "--jobs",
            "2",
            "--report",
            str(tmp_path / "out"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "REFORM_BRAND_LANG": "en"},
    )
    time.sleep(delay)
    err = stopped_by(proc, signal.SIGINT)
    assert proc.returncode in (0, 1, 130)
    assert b"Traceback" not in err, err.decode()


@pytest.mark.parametrize("text", ["null", "\ufeffnull", " null\n"])
def test_a_file_of_json_null_is_no_envelope(tmp_path: Path, text: str) -> None:
    """JSON ``null`` is read (a value, like ``0`` or ``[]``), and it is not an
    envelope: never a pass."""
    path = tmp_path / "n.json"
    path.write_text(text, encoding="utf-8")
    v = Validator.create("shandong-2022")
    report = v.validate_batch([path], now=NOW)
    (sub,) = report.submissions
    assert "envelope.not-object" in {f.code for f in sub.findings}
    assert not report.ok


def test_folders_are_resolved_once_while_they_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder's files share one folder object and its real path; only
    the last folders are kept (a batch of each submission in its own folder
    once kept them all), and one forgotten is resolved again."""
    from reform_brand.engine import _stream

    monkeypatch.setattr(_stream, "_FOLDERS_KEPT", 3)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    folders = _stream.Folders()
    first = folders.resolve(tmp_path / "link")
    again = folders.resolve(tmp_path / "link")
    assert again[0] is first[0] and again[1] == str(tmp_path / "real")
    for i in range(10):
        folders.resolve(tmp_path / f"f{i}")
        assert len(folders._seen) <= 3
    later = folders.resolve(tmp_path / "link")
    assert later[0] is not first[0] and later == (tmp_path / "link", str(tmp_path / "real"))
