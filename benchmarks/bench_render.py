"""Rendering the filled application form: reform_brand against bare docxtpl.

Renders the filled 附件1 申报表 N times (default 200) through
``reform_brand.render.render_form`` (data check and normalisation, sandboxed
autoescaping environment, deterministic zip), and N times with bare docxtpl
on the same template bytes and context (default environment, ``save``), in
the same run, interleaved in rounds so that machine noise hits both alike.
Prints the figures and, with ``--write``, puts them into the "## Rendering"
section of docs/performance.md.

    python benchmarks/bench_render.py [-n 200] [--write]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from reform_brand import Host

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import application, machine, write_section

from reform_brand.render import DocxRenderer, form_context, render_form
from reform_brand.render._context import paragraphs, zh_date

TARGET = 1.15

LONG = "围绕科协组织改革重点，健全工作机制，搭建服务平台，形成可复制可推广的经验做法。" * 6
DATA = application("\n".join([LONG] * 3), "\n".join([LONG] * 4), "\n".join([LONG] * 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="renders of each kind")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()

    host = Host.create()
    edition = host.edition("shandong-2022")
    form = edition.form("application")
    renderer = host.renderers.get("docx")
    assert isinstance(renderer, DocxRenderer)
    template = renderer.template(edition, form)
    context = form_context(form, DATA)

    def ours() -> None:
        render_form(edition, form, DATA, host=host)

    # Bare docxtpl: a plain Jinja environment, with only the two filters the
    # template needs to compile.
    plain = jinja2.Environment()
    plain.filters.update(paragraphs=paragraphs, zh_date=zh_date)

    def bare() -> None:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(context, jinja_env=plain)
        tpl.save(io.BytesIO())

    ours()
    bare()  # warm up: imports and caches
    per_round = max(1, args.n // args.rounds)
    t_ours: list[float] = []
    t_bare: list[float] = []
    for _ in range(args.rounds):
        for fn, sink in ((bare, t_bare), (ours, t_ours)):
            start = time.perf_counter()
            for _ in range(per_round):
                fn()
            sink.append((time.perf_counter() - start) / per_round)
    n = per_round * args.rounds
    ms_ours = statistics.median(t_ours) * 1000
    ms_bare = statistics.median(t_bare) * 1000
    ratio = ms_ours / ms_bare
    import docx
    import docxtpl

    size_kb = len(render_form(edition, form, DATA, host=host)) // 1024
    ours_label = "reform_brand `render_form` (checks, sandbox, autoescape, deterministic zip)"
    lines = [
        f"Filled 附件1 申报表 ({size_kb} KB .docx), "
        f"{n} renders of each kind in {args.rounds} interleaved rounds, median per render:",
        "",
        "| | ms per render |",
        "| --- | ---: |",
        f"| bare docxtpl (same template and context, plain environment) | {ms_bare:.1f} |",
        f"| {ours_label} | {ms_ours:.1f} |",
        f"| **ratio** (target ≤ {TARGET}) | **{ratio:.2f}x** |",
        "",
        f"Machine: {machine()}; docxtpl {docxtpl.__version__}, python-docx {docx.__version__}.",
        "",
        f"Command: `python benchmarks/bench_render.py -n {args.n} --write`",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Rendering", "bench_render.py", text)
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
