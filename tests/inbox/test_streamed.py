"""An inbox folder checked as a stream: the same report as intake and the
whole-batch check make (JSON and text, with workers or without), and no
report of a submission kept while the batch goes on."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import tracemalloc
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator
from reform_brand.cli import main
from reform_brand.cli._check_text import format_report
from reform_brand.cli._intake import format_inbox
from reform_brand.cli._streamed import check_streamed
from reform_brand.office import check_intake, inbox_to_json, intake
from tests.inbox.batches import envelopes as _envelopes
from tests.inbox.batches import traced_peak, write_mbox
from tests.validation.helpers import APPLICATION, NOW, PDF, minimal_docx


def _whole(validator: Validator, edition: Edition, root: Path, as_json: bool) -> str:
    report = check_intake(intake(edition, root), edition, validator=validator, now=NOW)
    if as_json:
        return json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"
    return format_report(report.batch, validator, "zh") + format_inbox(report, "zh")


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "shandong-2022", *args, "--now", NOW.isoformat(), "--lang", "zh"])
    return code, out.getvalue()


def test_received_envelopes_are_kept_as_text_in_the_order_of_paths(
    edition: Edition, tmp_path: Path
) -> None:
    """Intake keeps the received envelope files' paths as text, each made a
    ``Path`` when reached, in the order ``Path`` objects sort in (a folder
    before a name that extends it with ``-``)."""
    from reform_brand.office import PathList

    for i, rel in enumerate(["x-y/2.json", "x/z/3.json", "x/1.json", "x.json"]):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dict(APPLICATION, id=f"s{i}")), encoding="utf-8")
    found = intake(edition, tmp_path)
    assert isinstance(found.received, PathList)
    paths = list(found.received)
    assert paths == sorted(paths) and len(paths) == 4
    assert all(isinstance(p, Path) for p in paths)
    assert found.received[0] == paths[0] and found.received[1:] == paths[1:]
    assert found.received == paths and found.received == PathList(map(str, paths))
    # Each received file with intake's reading of it, for its check.
    items = [getattr(i, "item", i) for i in found.items()]
    assert items == [*found.envelopes, *paths]


@pytest.mark.parametrize("name", ["files", "mixed", "demo"])
@pytest.mark.parametrize("fmt", ["--json", "text"])
def test_an_inbox_streams_the_report_of_the_whole_check(
    host: Host, edition: Edition, inboxes: dict[str, Path], name: str, fmt: str
) -> None:
    root = inboxes[name]
    validator = Validator.create(edition, host=host)
    expected = _whole(validator, edition, root, fmt == "--json")
    for jobs in ("1", "2"):
        code, out = _cli(str(root), *([fmt] if fmt == "--json" else []), "--jobs", jobs)
        assert code == 1
        assert out == expected, (name, jobs)
    if fmt == "--json":
        # What the batch is about, so that agreeing means something.
        data = json.loads(expected)
        codes = {f["code"] for s in data["submissions"] for f in s["findings"]}
        codes |= {f["code"] for f in data["findings"]}
        if name != "demo":
            assert {"batch.superseded", "batch.duplicate-id", "file.not-json"} <= codes
            assert {"envelope.not-object", "inbox.unknown-file"} <= codes
        else:
            assert any(s["word"] for s in data["inbox"]["submissions"])
            assert data["inbox"]["materials"]


@pytest.mark.parametrize("fmt", ["--json", "text"])
def test_an_inbox_whose_records_go_to_disk_streams_the_same_report(
    host: Host,
    edition: Edition,
    inboxes: dict[str, Path],
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reform_brand.engine import _records

    root = inboxes["mixed"]
    validator = Validator.create(edition, host=host)
    expected = _whole(validator, edition, root, fmt == "--json")
    monkeypatch.setattr(_records, "IN_MEMORY", 2)
    code, out = _cli(str(root), *([fmt] if fmt == "--json" else []), "--jobs", "1")
    assert (code, out) == (1, expected)


def test_submissions_sharing_an_id_show_each_its_own_verdict(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """Two envelopes of one id, the first with an error: each one's facts
    end with the verdict of its own report, as the whole check's report has
    it (not the last report's of the id: the first's facts said "ok")."""
    from tests.validation.helpers import batch_envelope

    (tmp_path / "scan.pdf").write_bytes(PDF)
    (tmp_path / "form.docx").write_bytes(minimal_docx())
    for i in range(4):
        env = batch_envelope(i, "dup" if i in (0, 2) else f"s{i}")
        if i == 0:
            del env["data"]["contact"]["email"]
        (tmp_path / f"{i}.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
    validator = Validator.create(edition, host=host)
    expected = _whole(validator, edition, tmp_path, as_json=True)
    code, out = _cli(str(tmp_path), "--json", "--jobs", "1")
    assert (code, out) == (1, expected)
    data = json.loads(out)
    own = [s["verdict"] for s in data["submissions"] if s["id"] == "dup"]
    shown = [s["verdict"] for s in data["inbox"]["submissions"] if s["id"] == "dup"]
    assert len(set(own)) == 2  # (what the test is about)
    assert shown == own


def test_an_inbox_with_nothing_to_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    assert main(["check", "shandong-2022", str(tmp_path), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert f"inbox {tmp_path}: 1 file(s), 0 used, 1 ignored, 0 unreadable" in captured.out
    assert captured.err.strip()  # nothing to check, said on stderr
    assert main(["check", "shandong-2022", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["submissions"] == [] and data["inbox"]["submissions"] == []
    assert [f["code"] for f in data["inbox"]["files"]] == ["inbox.unknown-file"]


def _peak(validator: Validator, edition: Edition, root: Path) -> int:
    found = intake(edition, root)
    with open(os.devnull, "w", encoding="utf-8") as out:
        return traced_peak(
            lambda: check_streamed(
                validator, found, strict=False, now=NOW, jobs=1, as_json=True, lang="zh", out=out
            )
        )


def test_an_inbox_keeps_no_report_of_a_submission(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """The check's own memory grows by the compact record of each
    submission (about a kilobyte with its verdict at the end), not by its
    report and facts (about 2 KB each here, as the whole check keeps
    them)."""
    validator = Validator.create(edition, host=host)
    small, large = tmp_path / "small", tmp_path / "large"
    _envelopes(small, 60)
    _envelopes(large, 300)
    # Each measured the second time: the first verifies the folder's scan.
    peaks = {
        root: min(_peak(validator, edition, root) for _ in range(2)) for root in (small, large)
    }
    per_submission = (peaks[large] - peaks[small]) / 240
    whole = intake(edition, large)
    tracemalloc.start()
    try:
        report = check_intake(whole, edition, validator=validator, now=NOW)
        kept, _peak_whole = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.submissions) == 302  # and the two files that are no envelope
    assert per_submission < 2_000
    # What the stream does not keep (the reports and facts, without the form
    # data, which the whole check reads again for the forms' pages).
    assert kept / 300 > per_submission + 500


def test_an_envelope_may_name_another_envelope_file(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .json file that an envelope names is that envelope's attachment,
    not a second envelope (intake once stopped on it)."""
    first = dict(APPLICATION, id="a", attachments=[{"role": "extra", "path": "b.json"}])
    (tmp_path / "a.json").write_text(json.dumps(first), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(dict(APPLICATION, id="b")), encoding="utf-8")
    found = intake(edition, tmp_path)
    assert [(f.path, f.role, f.submission) for f in found.files] == [
        ("a.json", "submission", "a"),
        ("b.json", "extra", "a"),
    ]
    assert [p.name for p in found.received] == ["a.json"]
    assert main(["check", "shandong-2022", str(tmp_path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["submissions"]] == ["a"]


@pytest.mark.parametrize("fmt", ["--json", "text"])
def test_a_mailbox_streams_the_report_of_the_whole_check(
    host: Host, edition: Edition, tmp_path: Path, fmt: str
) -> None:
    """An .mbox: its mails laid out as e-mail folders, checked as a stream,
    give the report ``check_mail`` makes, the mails' ledger rows and
    findings included."""
    from reform_brand.office import check_mail

    path = write_mbox(tmp_path / "收件箱.mbox")
    validator = Validator.create(edition, host=host)
    _found, report = check_mail(edition, path, validator=validator, now=NOW)
    if fmt == "--json":
        expected = json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"
        # What the mails add, so that agreeing means something.
        assert {"mail.unreadable", "mail.unit-guessed"} <= {f.code for f in report.batch.findings}
        assert any(f.kind == "mail" for f in report.files)
    else:
        expected = format_report(report.batch, validator, "zh") + format_inbox(report, "zh")
    code, out = _cli(str(path), *([fmt] if fmt == "--json" else []))
    assert code == 1
    assert out == expected


def test_a_worker_that_dies_in_an_inbox_gives_a_finding_and_the_report_goes_on(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """A received envelope whose check kills its worker is
    ``engine.worker-failed`` in the streamed report, with its facts; the
    other submissions are reported as without it."""
    from tests.validation.crash_rule import CrashRule

    root = tmp_path / "inbox"
    _envelopes(root, 40)
    crash = dict(APPLICATION, id="crash")
    (root / "f0" / "crash.json").write_text(json.dumps(crash, ensure_ascii=False), "utf-8")
    rules: list[Any] = [*host.rules.for_edition(edition.id), CrashRule()]
    validator = Validator(edition, rules)
    out = io.StringIO()
    check_streamed(
        validator, intake(edition, root), strict=False, now=NOW, jobs=2, as_json=True,
        lang="zh", out=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    by_id = {s["id"]: s for s in data["submissions"]}
    assert [f["code"] for f in by_id["crash"]["findings"]] == ["engine.worker-failed"]
    facts = {s["id"]: s for s in data["inbox"]["submissions"]}
    assert facts["crash"]["verdict"] == "errors"
    (root / "f0" / "crash.json").unlink()
    plain = json.loads(_whole(Validator.create(edition, host=host), edition, root, True))
    assert [s for s in data["submissions"] if s["id"] != "crash"] == plain["submissions"]


@pytest.mark.parametrize("name", ["files", "demo", "empty"])
def test_reports_are_written_entry_by_entry_as_json_dumps_writes_them(
    host: Host, edition: Edition, inboxes: dict[str, Path], tmp_path: Path, name: str
) -> None:
    """report.json and ``check --json`` are written entry by entry
    (``write_inbox_json``, ``write_report_json``), with the text of
    ``json.dumps(indent=2)`` of the whole value."""
    from reform_brand.findings import report_to_json, write_report_json
    from reform_brand.office import write_inbox_json

    root = inboxes.get(name, tmp_path)
    validator = Validator.create(edition, host=host)
    report = check_intake(intake(edition, root), edition, validator=validator, now=NOW)
    assert bool(report.submissions) == (name != "empty")
    out = io.StringIO()
    write_inbox_json(report, out)
    assert out.getvalue() == json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    write_report_json(out, report.batch)
    expected = json.dumps(report_to_json(report.batch), ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == expected


def test_a_whole_check_keeps_no_form_data_of_a_received_envelope(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """The facts of an envelope received as a file hold where its form data
    is, read again for the form's page, not the data itself."""
    from reform_brand.office import EnvelopeData, write_report_dir
    from reform_brand.render import render_form

    root = tmp_path / "inbox"
    _envelopes(root, 14)
    found = intake(edition, root)
    report = check_intake(found, edition, validator=Validator.create(edition, host=host), now=NOW)
    facts = next(s for s in report.submissions if s.id == "s1")
    assert isinstance(facts.data, EnvelopeData)
    envelope = json.loads(Path(facts.data.path).read_text(encoding="utf-8"))
    assert facts.data.load() == dict(facts.data) == envelope["data"]
    assert facts.read and len(facts.data) == len(envelope["data"])
    out = tmp_path / "out"
    write_report_dir(report, edition, out)
    pages = sorted((out / "forms").iterdir())
    # (A page's title names its unit and project before the form's title.)
    untitled = functools.partial(re.sub, rb"<title>.*?</title>", b"<title/>", count=1)
    assert untitled(render_form(edition, "application", envelope["data"], fmt="html")) in {
        untitled(p.read_bytes()) for p in pages
    }
    assert "EnvelopeData(" in repr(facts.data)


@given(
    st.lists(
        st.lists(
            # (A folder's entries: never "." or "..".)
            st.text(alphabet=st.sampled_from(" !-.0_aAz济~\t\x01"), min_size=1, max_size=4).filter(
                lambda name: name not in (".", "..")
            ),
            min_size=1,
            max_size=4,
        ),
        max_size=12,
    )
)
def test_received_paths_sort_as_path_objects_do(parts: list[list[str]]) -> None:
    """Intake sorts the received paths' texts with each separator made the
    least character: the order of ``Path`` objects, without their parts."""
    texts = [os.path.join("/inbox", *p) for p in parts]
    expected = [str(p) for p in sorted(map(Path, texts))]
    assert sorted(texts, key=lambda text: text.replace(os.sep, "\0")) == expected


def test_intake_keeps_what_it_learned_of_named_files_within_a_bound(
    host: Host, edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What intake learned of the files envelopes name is kept for the
    envelopes that name them later, up to a bound (an inbox of 100,000
    envelopes each naming its own files once kept an entry for each): a
    file forgotten is looked up again, and the check is the same."""
    from reform_brand.office import _reader

    _envelopes(tmp_path, 30)
    validator = Validator.create(edition, host=host)

    def report() -> str:
        found = intake(edition, tmp_path)
        return json.dumps(inbox_to_json(check_intake(found, edition, validator=validator, now=NOW)))

    expected = report()
    sizes: list[int] = []
    name = _reader.Reader._name

    def watched(self: _reader.Reader, target: str, found: Any) -> None:
        name(self, target, found)
        sizes.append(len(self._named))

    monkeypatch.setattr(_reader, "_NAMED_KEPT", 2)
    monkeypatch.setattr(_reader.Reader, "_name", watched)
    assert report() == expected
    # Each of the three folders' files named, and some forgotten on the way.
    assert len(sizes) > 6 and max(sizes) == 2 and 1 in sizes[2:]
