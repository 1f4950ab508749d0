"""Peak memory of checking an .mbox of N mails against the same mails as
.eml files.

An inbox holding one .mbox of N mails, each with one attachment of M MiB,
and an inbox holding the same N mails saved as N .eml files are each
checked (``reform-brand check shandong-2022 INBOX --report OUT``) by a
fresh interpreter; the peak resident set size of that process (``VmHWM``)
is printed for both, with their ratio.  A mailbox's mails are read one at
a time (each mail's attachments written out as it is read), so the ratio
stays near 1 whatever N is.

    python benchmarks/bench_mailbox.py [--mails 20] [--mib 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import os
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cli_peak


def a_mail(n: int, mib: int) -> bytes:
    """The ``n``-th unit's mail, with an attachment of ``mib`` MiB."""
    m = EmailMessage()
    m["From"] = f"unit{n}@example.org"
    m["To"] = "office@example.org"
    m["Subject"] = f"改革品牌项目申报材料 {n}"
    m["Message-ID"] = f"<bench-{n}@example.org>"
    when = dt.datetime(2022, 8, 15, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    m["Date"] = email.utils.format_datetime(when)
    m.set_content("附件请查收。")
    data = os.urandom(mib << 20)
    m.add_attachment(data, maintype="application", subtype="pdf", filename=f"材料{n}.pdf")
    return m.as_bytes()


def build(root: Path, mails: int, mib: int) -> tuple[Path, Path]:
    """An inbox with one .mbox of the mails, and one with them as .eml files."""
    boxed, saved = root / "mbox", root / "eml"
    boxed.mkdir()
    saved.mkdir()
    with open(boxed / "收件箱.mbox", "wb") as box:
        for n in range(1, mails + 1):
            raw = a_mail(n, mib)
            (saved / f"{n}.eml").write_bytes(raw)
            quoted = raw.replace(b"\nFrom ", b"\n>From ")
            box.write(b"From unit@example.org Mon Aug 15 09:00:00 2022\n" + quoted + b"\n")
    return boxed, saved


def peak_of(inbox: Path, report: Path) -> tuple[int, float]:
    """Exit code and peak RSS in MiB of checking ``inbox`` in a new process."""
    return cli_peak(["check", "shandong-2022", str(inbox), "--report", str(report)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=20)
    parser.add_argument("--mib", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-mailbox-") as tmp:
        boxed, saved = build(Path(tmp), args.mails, args.mib)
        size = (boxed / "收件箱.mbox").stat().st_size / (1 << 20)
        rc_box, box = peak_of(boxed, Path(tmp) / "report-mbox")
        rc_eml, eml = peak_of(saved, Path(tmp) / "report-eml")
    print(f"{args.mails} mails x {args.mib} MiB (the .mbox: {size:.0f} MiB)")
    print(f"  .mbox in the inbox:     peak RSS {box:6.1f} MiB (exit {rc_box})")
    print(f"  .eml files in the inbox: peak RSS {eml:6.1f} MiB (exit {rc_eml})")
    print(f"  ratio .mbox / .eml: {box / eml:.2f}x")
    return 0 if rc_box in (0, 1) and rc_eml in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
