"""Commands of the office's main job: ``read`` and ``demo``.

    reform-brand read EDITION FILE.docx [--json]
    reform-brand demo [-o DIR]

``read`` reads one filled Word form back and prints the submission envelope
with what could not be read.  ``demo`` runs the main job — ``check`` on an
inbox with ``--report`` — on the example inbox bundled with the reference
edition, and writes the report, the roster and the forms as read into DIR.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import shutil
import sys
from importlib.resources import as_file
from pathlib import Path
from typing import Any, Final

from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._inputs import looked_at
from reform_brand.cli._intake import (
    PROGRESS_FROM,
    format_inbox,
    run_inbox,
    run_intake,
    write_reports,
)
from reform_brand.engine._validator import Validator
from reform_brand.errors import UnknownEditionError, UsageError
from reform_brand.findings import param_json
from reform_brand.host import Host
from reform_brand.i18n import Texts
from reform_brand.office import InboxReport, read_form
from reform_brand.office._scan_views import scan_views
from reform_brand.office._stage import Stage
from reform_brand.registries import ExampleInbox

__all__ = ["PROGRESS_FROM", "demo_inbox", "format_inbox", "run_inbox"]

EXIT_OK, EXIT_DATA = 0, 1


#: The command line's texts ``cli.inbox.KEY`` of the message catalogue.
_t: Final = Texts("cli.inbox")


# -- read ------------------------------------------------------------------------


def cmd_read(args: argparse.Namespace) -> int:
    lang: str = args.lang
    path = Path(args.file)
    looked_at(args.file, lang, "cli.inbox.no-file")
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    result = read_form(edition, path)
    catalogue = Validator.create(edition, host=host).catalogue
    if args.json:
        payload = {
            "format": "reform-brand-read",
            "version": 1,
            "file": str(path),
            "form": result.form,
            "envelope": result.envelope(),
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "pointer": f.pointer,
                    "params": {k: param_json(v) for k, v in f.params.items()},
                    "message": {"zh": f.message("zh", catalogue), "en": f.message("en", catalogue)},
                }
                for f in result.findings
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out = [
            _t("form", lang, form=result.form) if result.form else _t("no-form", lang),
        ]
        if result.unit:
            out.append(_t("unit", lang, unit=result.unit))
        if result.form:
            form = edition.form(result.form)
            for pointer, fld in form.walk():
                if fld.type == "group":
                    continue
                value = _at(result.data, pointer)
                if value is None:
                    continue
                label = fld.label.get(lang)
                text = str(value).replace("\n", "\n    ")
                out.append(f"  {label} ({pointer}): {text}")
        for f in result.findings:
            where = f" {f.pointer}" if f.pointer else ""
            out.append(f"{_sev(f.severity, lang)} {f.code}{where}: {f.message(lang, catalogue)}")
        sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK if result.ok else EXIT_DATA


def _sev(severity: str, lang: str) -> str:
    names = {"error": ("错误", "ERROR"), "warning": ("警告", "WARNING"), "info": ("提示", "INFO")}
    zh, en = names.get(severity, (severity, severity))
    return en if lang == "en" else zh


def _at(data: dict[str, Any], pointer: str) -> object:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# -- demo ---------------------------------------------------------------------------


def demo_inbox(host: Host, edition_id: str | None, lang: str = "zh") -> ExampleInbox:
    """The example inbox of ``edition_id``, or without one of the single
    edition that registers an example inbox (``EditionRegistry.add_examples``).
    Raises :class:`UsageError` saying which editions have one, or
    :class:`~reform_brand.errors.UnknownEditionError` for an id no installed
    edition has."""
    found = [ex for ex in host.editions.examples(edition_id) if ex.path.is_dir()]
    if edition_id is None and len(found) > 1:
        available = ", ".join(ex.edition for ex in found)
        raise UsageError(detail=_t("pick-demo", lang, available=available))
    if not found:
        if edition_id is None:
            raise UsageError(detail=_t("no-demo", lang))
        # An id no installed edition has is said so (edition.unknown, with
        # the editions installed), as every command says it.
        if edition_id not in host.editions.ids():
            raise UnknownEditionError(edition_id, host.editions.ids())
        available = ", ".join(ex.edition for ex in host.editions.examples()) or "-"
        raise UsageError(detail=_t("no-demo-for", lang, edition=edition_id, available=available))
    return found[0]


def cmd_demo(args: argparse.Namespace) -> int:
    from reform_brand.cli._check import format_report

    lang: str = args.lang
    host = Host.create()
    example = demo_inbox(host, args.edition, lang)
    edition = host.edition(example.edition)
    # Evaluated after the deadline, as the office would.
    now = example.now or edition.deadline.at + dt.timedelta(days=1)
    out = Path(args.output)
    # (In a folder this run holds: one a run killed midway left, the next
    # run removes, as it does an intake's.)
    with as_file(example.path) as src, contextlib.closing(Stage()) as tmp:
        # A copy, so that the demo reads exactly what ships, whatever the
        # installed package's location, and never writes beside it.
        inbox = tmp.path / "inbox"
        shutil.copytree(src, inbox, ignore=shutil.ignore_patterns("__pycache__"))
        found, report = run_intake(edition, inbox, host=host, strict=False, now=now, lang=lang)
        # The scans' pictures, while the copy (and intake's own) is there.
        scans = scan_views(report, edition, base=found.base, names=found.names)
        found.close()
        report = _relabel(report, example.path.name)
    validator = Validator.create(edition, host=host)
    sys.stdout.write(format_report(report.batch, validator, lang))
    sys.stdout.write(format_inbox(report, lang))
    written = write_reports(report, edition, out, lang, scans=scans)
    for p in written:
        if p.parent == out:
            sys.stdout.write(_t("wrote", lang, path=str(p)) + "\n")
    sys.stdout.write(_t("demo", lang, n=len(report.files), path=str(out / "report.html")) + "\n")
    return EXIT_OK


def _relabel(report: InboxReport, root: str) -> InboxReport:
    import attrs

    return attrs.evolve(report, root=root)
