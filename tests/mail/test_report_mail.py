"""report.html of a mail source: each submission linked to its mail (sender,
subject, reception time, the body collapsed and escaped), and each mail to
the ledger rows of the files and parts that came with it."""

from __future__ import annotations

import datetime as dt
import mailbox
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reform_brand.cli import main
from tests.mail.mails import CST, DEMO, DOCX, mail, named, received_at
from tests.mail.test_check import NOW

RECEIVED = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)


class _Page(HTMLParser):
    """Elements by id (their text), the links in each mail section, and
    where each <pre> sits."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.text: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.pre_in: list[tuple[str, ...]] = []

    def _owner(self) -> str:
        return next((i for _, i in reversed(self.stack) if i), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("meta", "br", "img", "link"):
            return
        ident = a.get("id") or ""
        self.stack.append((tag, ident))
        if ident:
            self.text.setdefault(ident, [])
        href = a.get("href")
        if tag == "a" and href:
            self.links.setdefault(self._owner(), []).append(href)
        if tag == "pre":
            self.pre_in.append(tuple(t for t, _ in self.stack))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top, _ = self.stack.pop()
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self.stack:
            if ident:
                self.text[ident].append(data)


def _page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, _Page]:
    folder, stem = "2022-08-17 淄博市科协", "淄博市科协申报表"
    raw = mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协&办公室",
        subject="申报材料<script>alert(1)</script>",
        received=[received_at(RECEIVED)],
        parts=[
            named(f"{stem}.docx", (DEMO / folder / f"{stem}.docx").read_bytes(), DOCX),
            named(f"{stem}.pdf", (DEMO / folder / f"{stem}.pdf").read_bytes(), "application/pdf"),
        ],
        message_id="zibo",
    )
    path = tmp_path / "收件箱.mbox"
    box = mailbox.mbox(path)
    box.add(raw)
    box.add(b"this is not a mail at all\r\n")
    box.close()
    out = tmp_path / "out"
    main(["check", "shandong-2022", str(path), "--now", NOW, "--report", str(out)])
    assert "Traceback" not in capsys.readouterr().err
    html = (out / "report.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def test_each_mail_has_a_section_with_its_sender_subject_and_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, page = _page(tmp_path, capsys)
    mails = sorted(i for i in page.text if re.fullmatch(r"mail-\d+", i))
    assert len(mails) == 2  # the unreadable one is listed too
    text = "".join(page.text["mail-1"])
    assert "淄博市科协&办公室 <zbkx@example.cn>" in text
    assert "申报材料<script>alert(1)</script>" in text
    assert "2022-08-17 10:15:30 +08:00" in text
    assert "<zibo@test>" in text
    # Escaped where it is printed: no markup from the mail reaches the page.
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "淄博市科协&amp;办公室 &lt;zbkx@example.cn&gt;" in html


def test_the_body_is_kept_collapsed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = _page(tmp_path, capsys)
    assert "附件请查收。" in "".join(page.text["mail-1"])
    # The body's <pre> sits in a <details> of the mail's section.
    assert page.pre_in and all("details" in where for where in page.pre_in)


def test_submissions_and_ledger_rows_link_to_their_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, page = _page(tmp_path, capsys)
    # The mail's section links to its ledger rows: the two files and its parts.
    rows = [h[1:] for h in page.links["mail-1"]]
    assert len(rows) >= 3 and all(re.fullmatch(r"file-\d+", r) for r in rows)
    texts = {r: "".join(page.text[r]) for r in rows}
    assert any(
        t.endswith("淄博市科协申报表.docx" + "邮件") or "申报表.docx" in t for t in texts.values()
    )
    assert any("申报表.pdf" in t for t in texts.values())
    # Each of those rows links back to the mail.
    for r in rows:
        assert page.links.get(r) == ["#mail-1"], r
    # A row of another mail links to that one.
    other = [r for r, hrefs in page.links.items() if r.startswith("file-") and hrefs == ["#mail-2"]]
    assert other
    # The submission read from the mail links to it, in the findings part.
    everything = [h for hrefs in page.links.values() for h in hrefs]
    assert everything.count("#mail-1") == len(rows) + 1
