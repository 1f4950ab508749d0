"""Inboxes of envelope files for the tests of streamed checks."""

from __future__ import annotations

import json
import mailbox
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from tests.validation.helpers import PDF, batch_envelope, minimal_docx

DEMO = Path(__file__).resolve().parents[2] / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"


def envelopes(root: Path, n: int) -> None:
    """``n`` envelope files in folders of 12 with their attachments: resends
    of projects, a duplicate id, units over their quota, a materials-only
    envelope, a file that is not JSON, one that is not an object, a loose
    file no envelope names.  The attachments are links to one scan and one
    Word form, as in a batch a portal exported: each is read once."""
    for i in range(n):
        folder = root / f"f{i // 12}"
        if not folder.exists():
            folder.mkdir(parents=True)
            if i == 0:
                (folder / "scan.pdf").write_bytes(PDF)
                (folder / "form.docx").write_bytes(minimal_docx())
            else:
                for name in ("scan.pdf", "form.docx"):
                    os.link(root / "f0" / name, folder / name)
        env = batch_envelope(i, "dup" if i in (3, 17) else f"s{i}")
        if i % 5 == 0:
            del env["data"]["contact"]["email"]
        (folder / f"{i:03d}.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
    (root / "f0" / "summary.txt").write_text("年度进展总结。" * 10, encoding="utf-8")
    material = {
        "version": 1,
        "edition": "shandong-2022",
        "unit": {"name": "济南市科协", "kind": "city-association"},
        "attachments": [{"role": "progress-summary", "path": "summary.txt"}],
    }
    (root / "f0" / "material.json").write_text(json.dumps(material), encoding="utf-8")
    (root / "f1" / "broken.json").write_text("{nope", encoding="utf-8")
    (root / "f1" / "list.json").write_text("[1, 2]", encoding="utf-8")
    (root / "f1" / "notes.bin").write_bytes(b"\x00\x01")


def traced_peak(run: Callable[[], object]) -> int:
    """The traced memory's peak while ``run()`` runs, above what it was
    before."""
    tracemalloc.start()
    try:
        base, _ = tracemalloc.get_traced_memory()
        run()
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def write_mbox(path: Path) -> Path:
    """The mails of the mail tests (``tests/mail/test_check.py``) as the
    .mbox file ``path``."""
    from tests.mail.test_check import _mails

    box = mailbox.mbox(path)
    for raw in _mails():
        box.add(raw)
    box.close()
    return path
