"""How often `check` opens each file it is given: intake, the checks, the
report.

    python benchmarks/bench_opens.py [--units 12] [--write]

Four cases, each a fresh ``reform-brand check shandong-2022 ... --report
OUT --jobs 1`` with an audit hook (``sys.addaudithook``) that counts every
``open`` of a file under the input, under any of its names (a hard link
in intake's private folder counts for the file it links), and tells, from
the call stack, which part of the run made it (intake, the checks, the
report).  Each case runs with a new store of the scans' verifications,
then again with what the first run kept:

- **files**: N submission JSON files given as paths, each in its folder
  with its rendered Word form and its signed scan;
- **inbox**: the same folders given as one folder (an inbox: intake reads
  it, then the checks);
- **e-mail folders**: N e-mail folders with a Word form, its scan and a
  manifest each, and a progress summary in one of them;
- **the example inbox**: the reference edition's example inbox as bundled
  (archives, a mailbox, an .odt, a damaged Word form, revisions,
  materials).

The figure is the number of openings of each input file, by file type,
and how many of them each part made.  Counts, not times: the same on any
machine.  ``--write`` puts them into docs/performance.md and the row "each
file opened once" into its goals.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _goals as goals
from _common import application, write_section

from reform_brand import Host, render_form
from reform_brand.scan import sample_scan

NOW = "2022-08-25T08:00:00+08:00"

#: Run in the measured process: the hook, then the command.
_HOOKED = r"""
import collections, json, sys
root, out = sys.argv[1], sys.argv[2]
PARTS = (
    ("report", ("/office/_pages.py", "/office/_report", "/office/_roster.py",
                "/office/_scan_views.py", "/office/_outputs.py")),
    ("intake", ("/office/_intake.py", "/office/_mail_intake.py")),
    ("checks", ("/engine/_stream.py", "/engine/_validator.py")),
)
counts = collections.defaultdict(collections.Counter)
def part():
    f = sys._getframe(2)
    names = []
    while f is not None:
        names.append(f.f_code.co_filename.replace("\\", "/"))
        f = f.f_back
    for name, marks in PARTS:
        if any(n.endswith(m) or m in n for n in names for m in marks):
            return name
    return "other"
import os
# The input files by identity: an opening of a hard link to one (intake's
# private folder links the inbox's files) counts for the file.
inodes = {}
for top, _dirs, names in os.walk(root):
    for name in names:
        p = os.path.join(top, name)
        st = os.lstat(p)
        inodes[(st.st_dev, st.st_ino)] = p
def hook(event, args):
    if event != "open" or not args or not isinstance(args[0], str):
        return
    path = args[0]
    if not path.startswith(root):
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return
        path = inodes.get((st.st_dev, st.st_ino))
        if path is None:
            return
    counts[path][part()] += 1
sys.addaudithook(hook)
from reform_brand.cli import main
code = main(sys.argv[3:])
with open(out, "w", encoding="utf-8") as fh:
    json.dump({k: dict(v) for k, v in counts.items()}, fh)
sys.exit(0 if code in (0, 1) else code)
"""


def _submissions(root: Path, units: int) -> list[Path]:
    """``units`` folders, each an envelope with its rendered form and scan."""
    edition = Host.create().edition("shandong-2022")
    scan = sample_scan()
    envelopes = []
    for n in range(1, units + 1):
        data = application("已建立“三长”联系机制。", "一是完善机制。", "形成可推广的经验。")
        data["applicant_unit"] = name = f"山东省第{n}学会"
        folder = root / f"unit{n:02d}"
        folder.mkdir(parents=True)
        (folder / "form.docx").write_bytes(render_form(edition, "application", data))
        (folder / "scan.pdf").write_bytes(scan)
        env = {
            "version": 1,
            "id": f"s{n}",
            "edition": "shandong-2022",
            "form": "application",
            "unit": {"name": name, "kind": "provincial-society"},
            "reform_items": [1],
            "arrived_at": "2022-08-19T10:00:00+08:00",
            "attachments": [
                {"role": "signed-scan", "path": "scan.pdf"},
                {"role": "word", "path": "form.docx"},
            ],
            "data": data,
        }
        path = folder / "envelope.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        envelopes.append(path)
    return envelopes


def _mail_folders(root: Path, units: int) -> None:
    """``units`` e-mail folders: a Word form, its scan, a manifest; a
    progress summary in the first."""
    edition = Host.create().edition("shandong-2022")
    scan = sample_scan()
    for n in range(1, units + 1):
        name = f"山东省第{n}学会"
        data = application("已建立“三长”联系机制。", "一是完善机制。", "形成可推广的经验。")
        data["applicant_unit"] = name
        folder = root / f"2022-08-{10 + n % 10:02d} {name}"
        folder.mkdir(parents=True)
        (folder / "申报表.docx").write_bytes(render_form(edition, "application", data))
        (folder / "申报表（盖章扫描件）.pdf").write_bytes(scan)
        (folder / "manifest.toml").write_text(
            f"arrived_at = 2022-08-{10 + n % 10:02d}T10:00:00+08:00\n"
            f'[unit]\nname = "{name}"\nkind = "provincial-society"\n',
            encoding="utf-8",
        )
        if n == 1:
            (folder / "改革工作进展情况.txt").write_text("年度进展。" * 200, encoding="utf-8")


def run(root: Path, args: list[str], work: Path, store: Path) -> dict[str, dict[str, int]]:
    """Openings of each file under ``root`` by part, for ``check ARGS``,
    the scans' verifications kept in ``store`` (a new folder: none kept)."""
    out = work / "opens.json"
    report = work / "report"
    shutil.rmtree(report, ignore_errors=True)
    cmd = [
        sys.executable,
        "-c",
        _HOOKED,
        str(root) + "/",
        str(out),
        "check",
        "shandong-2022",
        *args,
        "--report",
        str(report),
        "--jobs",
        "1",
        "--now",
        NOW,
    ]
    env = dict(os.environ, REFORM_BRAND_SCAN_STORE=str(store))
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    counted: dict[str, dict[str, int]] = json.loads(out.read_text(encoding="utf-8"))
    for path in root.rglob("*"):
        if path.is_file():
            counted.setdefault(str(path), {})
    return counted


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix if suffix else "(no extension)"


#: The files a submission is made of (a signed scan apart).
_SUBMISSION_FILES = (".json", ".docx", ".odt", ".toml")


def _group(kind: str) -> str:
    if kind == ".pdf":
        return "scan"
    return "submission" if kind in _SUBMISSION_FILES else "other"


def table(case: str, counted: dict[str, dict[str, int]]) -> tuple[list[str], dict[str, int]]:
    """Rows of the table for one case, and the most openings in the whole
    run (intake, checks, report) of a signed scan, of another file a
    submission is made of, and of any other file."""
    by_kind: dict[str, list[dict[str, int]]] = collections.defaultdict(list)
    for path, parts in counted.items():
        by_kind[_kind(path)].append(parts)
    rows = []
    most = {"scan": 0, "submission": 0, "other": 0}
    for kind, found in sorted(by_kind.items()):
        n = len(found)
        part = {p: sum(f.get(p, 0) for f in found) / n for p in ("intake", "checks", "report")}
        other = sum(sum(f.values()) for f in found) / n - sum(part.values())
        total = [sum(f.values()) for f in found]
        key = _group(kind)
        most[key] = max([most[key], *total])
        rows.append(
            f"| {case} | {kind} | {n} | {part['intake']:.1f} | {part['checks']:.1f} | "
            f"{part['report']:.1f} | {other:.1f} | {min(total)} to {max(total)} |"
        )
    return rows, most


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=12)
    ap.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = ap.parse_args(argv)
    rows: list[str] = []
    worst: dict[str, dict[str, int]] = {}
    again: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        given = work / "given"
        envelopes = _submissions(given, args.units)
        mails = work / "mails"
        _mail_folders(mails, args.units)
        example = work / "example"
        shutil.copytree(Path(str(files("reform_brand_shandong_2022"))) / "demo_inbox", example)
        cases = [
            ("files", given, [str(p) for p in envelopes]),
            ("inbox of envelopes", given, [str(given)]),
            ("inbox of e-mail folders", mails, [str(mails)]),
            ("the example inbox", example, [str(example)]),
        ]
        for n, (case, root, check_args) in enumerate(cases):
            store = work / f"store{n}"  # (new: no scan's verification kept)
            made, worst[case] = table(case, run(root, check_args, work, store))
            rows += made
            print("\n".join(made), flush=True)
            # The same run again: the scans' verifications are kept.
            _made, again[case] = table(case, run(root, check_args, work, store))
    plain = [w for c, w in worst.items() if c != "files"]
    most = max(max(w["submission"], w["other"]) for w in plain)
    scan_first = max(w["scan"] for w in worst.values())
    scan_again = max(w["scan"] for w in again.values())
    others_again = max(max(w["submission"], w["other"]) for w in again.values())
    lines = [
        f"- Command: `python benchmarks/bench_opens.py --units {args.units}`: "
        "`reform-brand check shandong-2022 ... --report OUT --jobs 1` in a fresh process with "
        "an audit hook that counts every opening of an input file, under any of its names (a "
        "hard link in intake's private folder counts for the file it links), and the part of "
        "the run that made it (from the call stack). Each case is run with a new, empty "
        "store of the scans' verifications (`REFORM_BRAND_SCAN_STORE`), then once more with "
        "what that first run kept. Counts, not times: the same on any machine.",
        "- Cases: *files*, submission JSON files given as paths, each beside its rendered Word "
        "form and its signed scan; *inbox of envelopes*, the same folders given as an inbox; "
        "*inbox of e-mail folders*, a Word form, its scan and a manifest in each, a progress "
        "summary (.txt) in one; *the example inbox*, the reference edition's as bundled (a "
        ".zip, an .mbox, an .odt, a damaged Word form, revisions, materials).",
        "",
        "First runs (no scan's verification kept):",
        "",
        "| case | file type | files | intake | checks | report | other | openings of a file |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"- Run again with the verifications kept: a signed scan is opened at most "
        f"{scan_again} time(s), every other file at most {others_again}.",
        "- In an inbox, intake reads each envelope received as a file, Word form and manifest "
        "from one opening, and hands what it read to the check with the submission (to a "
        "worker process too): the envelope as read, each named file's type and digest, a Word "
        "form's text for the signed-scan rule. The checks open none of them again. A text "
        "material is read by the sniff that hashes it, and the materials rule counts the 字 "
        "of the text intake took from that reading. An inbox with archives and mail files is "
        "read the same way: the look for archives sniffs and hashes each file (intake takes "
        "that answer), takes a zip archive's entries out of the same opening, hashes a mail "
        "file from its reading, and links the other files into its private folder. A "
        "submission's files given as paths are opened once by all their checks, and the "
        "report's page of a form is made from the data its check read.",
        "- A signed scan is verified from the content that the sniff which hashed it read "
        "(the last PDFs read whole are kept for that, 16 MiB in all: an inbox whose scans are "
        "more than that has the earlier ones read again). With `--jobs N`, a scan of an inbox "
        "is sniffed by intake in the checking process and verified by a worker, which reads it "
        "once more unless an earlier run kept the verification of the same content (not "
        "counted here: the workers are other processes).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Openings per file", "bench_opens.py", text)
        goals.record(
            "opened-once",
            ours=f"at most {max(most, scan_first)} in all (`--jobs 1`, the example inbox "
            "included, no scan's verification kept); with `--jobs N` a worker that verifies a "
            "scan of an inbox reads it again",
            baseline="one opening",
            ratio=f"{max(most, scan_first)}x",
            met=max(most, scan_first) <= 1,
            script="bench_opens.py",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
