"""Checking signed scans: time per page on one core.

Builds realistic scans of the filled 附件1 申报表 (printed by LibreOffice when
installed, else drawn), at 100 dpi: stamped and signed one-page, the same
turned 90°, a two-page scan, and an unstamped one.  Each is verified N times
(default 5) without the per-file cache, median per page.  The process is
pinned to one CPU where the system allows it, so the OCR engine takes one
thread (``reform_brand._cores.threads``).  The OCR engine's start (once per
process) is timed apart.  The machine's load average is printed beside the
figures.  CPU time (the process's, one thread) is the cost on one core;
wall time on a shared machine is an upper bound.  Then the process is
given back every core it may use, the engine is made again (on that many
threads, as a process checking alone has it) and the wall time per page
measured again: the last column.

    python benchmarks/bench_scan.py [-n 5] [--write]

``--write`` puts the figures into docs/scans.md (between the
``bench_scan`` markers).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, application, dist_version, machine

from reform_brand import Host, render_form
from reform_brand._cores import cores
from reform_brand.scan import DEFAULT_LIMITS, _ocr, synthetic
from reform_brand.scan._verify import _verify

DATA = application("已建立“三长”联系机制。", "一是完善机制；二是搭建平台。", "形成可推广的经验。")
SEAL = "济南市科学技术协会"
START = "<!-- bench_scan:start -->"
END = "<!-- bench_scan:end -->"


def scans(dpi: int) -> dict[str, bytes]:
    edition = Host.create().edition("shandong-2022")
    long = {
        **DATA,
        "project_basis": "已建立“三长”联系机制，覆盖全部县（市、区），形成常态化工作格局。" * 40,
    }
    pdfs = synthetic.docx_to_pdfs(
        [render_form(edition, "application", DATA), render_form(edition, "application", long)]
    )
    rows = [("申报单位", str(DATA["applicant_unit"])), ("项目名称", str(DATA["project_name"]))]
    title = edition.forms[0].title.zh
    one = synthetic.form_pages(pdfs[0], dpi=dpi) if pdfs[0] else None
    two = synthetic.form_pages(pdfs[1], dpi=dpi) if pdfs[1] else None
    one = one or synthetic.draw_form_pages(title, rows, dpi=dpi)
    two = two or one + one
    return {
        "stamped, one page": synthetic.scan_pdf(one, seal_text=SEAL, seed=1),
        "turned 90°": synthetic.scan_pdf(one, seal_text=SEAL, rotate=90, seed=2),
        "several pages": synthetic.scan_pdf(two, seal_text=SEAL, seed=3),
        "no seal": synthetic.scan_pdf(one, seal_text=None, seed=4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    every_core = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if every_core:
        os.sched_setaffinity(0, {min(every_core)})
    started = time.perf_counter()
    _ocr._engine()
    engine_s = time.perf_counter() - started
    found: dict[str, tuple[int, float, float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        made = scans(args.dpi)
        for name, data in made.items():
            path = Path(tmp) / "scan.pdf"
            path.write_bytes(data)
            times, cpu = [], []
            for _ in range(args.n):
                t, c = time.perf_counter(), time.process_time()
                result = _verify(path, DEFAULT_LIMITS)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            # The pages rendered: the first ones and the last ones.
            most = DEFAULT_LIMITS.pages_read + DEFAULT_LIMITS.last_pages
            pages = max(1, min(result.pages, most))
            verdict = f"seal {'yes' if result.seals else 'no'}, signature "
            verdict += "yes" if result.signatures else "no"
            found[name] = (
                pages,
                statistics.median(cpu) / pages,
                statistics.median(times) / pages,
                verdict,
            )
        # Every core again, and an engine on as many threads.
        if every_core:
            os.sched_setaffinity(0, every_core)
        _ocr._engine.cache_clear()
        threads = cores()
        rows = []
        for name, data in made.items():
            path = Path(tmp) / "scan.pdf"
            path.write_bytes(data)
            times = []
            for _ in range(args.n):
                t = time.perf_counter()
                _verify(path, DEFAULT_LIMITS)
                times.append(time.perf_counter() - t)
            pages, cpu_page, per_page, verdict = found[name]
            wide = statistics.median(times) / pages
            rows.append(
                f"| {name} | {pages} | {cpu_page:.2f} s | {per_page:.2f} s | {wide:.2f} s "
                f"| {verdict} |"
            )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    body = "\n".join(
        [
            f"Machine: {machine()}; load average during the run: {load}.",
            f"rapidocr-onnxruntime {dist_version('rapidocr-onnxruntime')}, onnxruntime "
            f"{dist_version('onnxruntime')}, pypdfium2 {dist_version('pypdfium2')}; "
            f"{args.dpi} dpi scans, median of {args.n}; OCR engine start {engine_s:.2f} s "
            "(once per process).",
            "",
            "| Scan | Pages read | CPU time per page | Wall time per page | "
            f"Wall time per page on {threads} cores | Found |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
    )
    print(body)
    if args.write:
        doc_path = ROOT / "docs" / "scans.md"
        doc = doc_path.read_text(encoding="utf-8")
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        doc_path.write_text(f"{head}{START}\n{body}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
