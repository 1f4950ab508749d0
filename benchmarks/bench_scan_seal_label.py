"""A seal stamped over 主要负责人（签章）: how often the signature line and the
signature are still found.

Builds scans of the filled 附件1 申报表 and 附件2 推荐表 (printed by
LibreOffice when installed, else drawn) at 100 dpi, with the round seal's
centre put at several places along the words 主要负责人（签章） and above or
below them, upright and turned 90°, signed and (as a check against false
signatures) unsigned.  Each scan is verified once, without any kept result,
and the counts are printed per form and turn.

    python benchmarks/bench_scan_seal_label.py [--dpi 100] [-v]

Measured, never asserted: the tests (tests/scan/test_seal_over_label.py) hold
a few of these cases.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import application

from reform_brand import Edition, Host, render_form
from reform_brand.scan import DEFAULT_LIMITS, _ocr, synthetic
from reform_brand.scan._verify import _verify

DATA = application("已建立“三长”联系机制。", "一是完善机制；二是搭建平台。", "形成可推广的经验。")
RECOMMENDATION = {
    "recommending_unit": "省科协科普部",
    "date": "2022-08-16",
    "recommended_unit": "山东省科技馆",
    "project_name": "数字科普公园建设",
    "recommendation_reason": "品牌成熟。",
    "recommender_opinion": "同意推荐。",
}
SEAL = "济南市科学技术协会"
#: The seal's centre: along the words (0 their left end, 1 their right end)
#: and mm below their middle.
ALONG = (0.1, 0.35, 0.6, 0.85, 1.1)
DOWN = (-14.0, 0.0, 12.0)


def sign_label(edition: Edition, form_id: str) -> str:
    """The Chinese label of the form's signature block (what the rule hands
    the scan check)."""
    form = next(f for f in edition.forms if f.id == form_id)
    return next(b.label.zh for _, f in form.walk() for b in f.blocks if b.kind == "signature")


def forms(dpi: int) -> dict[str, tuple[list[synthetic.FormPage], str]]:
    edition = Host.create().edition("shandong-2022")
    pdfs = synthetic.docx_to_pdfs(
        [
            render_form(edition, "application", DATA),
            render_form(edition, "recommendation", RECOMMENDATION),
        ]
    )
    rows = [("申报单位", str(DATA["applicant_unit"])), ("项目名称", str(DATA["project_name"]))]
    title = edition.forms[0].title.zh
    out = {}
    ids = ("application", "recommendation")
    for name, form_id, pdf in zip(("申报表", "推荐表"), ids, pdfs, strict=True):
        label = sign_label(edition, form_id)
        out[name] = (
            synthetic.form_pages(pdf, dpi=dpi)
            if pdf
            else synthetic.draw_form_pages(title, rows, dpi=dpi, label=label),
            label,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("-v", action="store_true", help="one line per scan")
    args = parser.parse_args()
    _ocr._engine()
    made = forms(args.dpi)
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        for (name, (pages, label)), turn, signed in itertools.product(
            made.items(), (0, 90), (True, False)
        ):
            line = sig = 0
            cases = list(itertools.product(ALONG, DOWN))
            for seed, (along, down) in enumerate(cases):
                path.write_bytes(
                    synthetic.scan_pdf(
                        pages,
                        seal_text=SEAL,
                        signature=signed,
                        rotate=turn,
                        seal_on_label=(along, down),
                        seed=seed,
                    )
                )
                result = _verify(path, DEFAULT_LIMITS, label)
                line += result.signature_line_found
                sig += bool(result.signatures)
                if args.v:
                    print(
                        f"{name} {turn:>3}° {'signed' if signed else 'unsigned'} "
                        f"along {along:.2f} down {down:+.0f} mm: "
                        f"line {'yes' if result.signature_line_found else 'no'}, "
                        f"signature {'yes' if result.signatures else 'no'}",
                        flush=True,
                    )
            kind = "signed" if signed else "unsigned"
            rows.append(f"| {name} | {turn}° | {kind} | {line}/{len(cases)} | {sig}/{len(cases)} |")
    print("| Form | Turn | Paper | Line found | Signature found |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
