"""Commands about editions and plugins: ``editions``, ``show``, ``schema``, ``plugins``."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from pathlib import Path
from typing import Any, Final

from reform_brand.errors import EditionDataError, ReformBrandError, UnknownFormError, UsageError
from reform_brand.host import Host, PluginError

# The converter, the schemas and the model's classes are imported by the
# commands that use them: ``editions`` needs none of them (its edition comes
# from the cache), and it should start about as fast as jsonschema imports.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from reform_brand.model import Edition, FormField

EXIT_OK, EXIT_DATA = 0, 1


def print_json(value: Any) -> None:
    """Write ``value`` as indented UTF-8 JSON to stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def edition_to_json(edition: Edition) -> dict[str, Any]:
    """The whole edition as JSON-compatible data."""
    from reform_brand.converter import make_converter

    data: dict[str, Any] = make_converter().unstructure(edition)
    data.pop("source", None)
    return data


def _host() -> Host:
    return Host.create()


def edition_from_arg(host: Host, arg: str) -> Edition:
    """An installed edition by id, or an edition directory given by path
    (:func:`edition_dir`: the root of an edition plugin's package stands
    for its data folder).

    A path lets a maintainer check an edition before it is packaged.
    """
    path = Path(arg)
    # A file of that name is no edition id mistyped: it is said to be no
    # data directory (not "unknown edition"); so is a link of that name.
    named = arg not in host.editions and (path.is_dir() or path.is_file() or path.is_symlink())
    if "/" in arg or arg.startswith(".") or named:
        if not path.is_dir():
            refuse_unusable(arg)
            raise UsageError("cli.not-a-directory", path=arg)
        folder = edition_dir(path)
        try:
            return host.editions.load_directory(folder)
        except EditionDataError as exc:
            if folder == path:
                raise
            raise placed_in(folder, exc) from None
    return host.edition(arg)


#: A path the system refuses as it is given (a loop of links, a name too
#: long, no permission): ``cli.bad-path`` with its reason, never "not a
#: directory" or "unknown edition".
_UNUSABLE: Final = frozenset({errno.ELOOP, errno.ENAMETOOLONG, errno.EACCES, errno.EPERM})


def refuse_unusable(arg: str) -> None:
    """Raise the :class:`OSError` of looking at ``arg`` when the system
    refuses the path as it is given (the command line says it as
    ``cli.bad-path``)."""
    try:
        os.stat(arg)
    except OSError as exc:
        if exc.errno in _UNUSABLE:
            raise


def edition_dir(path: Path) -> Path:
    """The edition data folder that the folder ``path`` stands for: itself,
    or, for the root of an edition plugin's package (what ``new-edition``
    writes: ``pyproject.toml``, ``src/PACKAGE/data/``) that holds no
    ``edition.toml`` of its own, the one data folder of its package (with
    its ``edition.toml`` or, in none, without); for an installed package's
    folder (``__init__.py`` and ``data/``, no ``*.toml`` of its own), its
    ``data`` folder."""
    if (path / "edition.toml").is_file():
        return path
    if not (path / "pyproject.toml").is_file():
        data = path / "data"
        module = (path / "__init__.py").is_file() and data.is_dir()
        return data if module and not any(path.glob("*.toml")) else path
    found = sorted(path.glob("src/*/data/edition.toml")) or sorted(path.glob("*/data/edition.toml"))
    if not found:
        # A package whose data folder lost its edition.toml (or whose
        # edition.toml cannot be read): that folder's problems, not the
        # package's pyproject.toml read as edition data.
        folders = sorted(path.glob("src/*/data")) or sorted(path.glob("*/data"))
        found = [d / "edition.toml" for d in folders if d.is_dir()]
    return found[0].parent if len(found) == 1 else path


def placed_in(folder: Path, exc: EditionDataError) -> EditionDataError:
    """``exc`` with the files of ``folder`` named by their path: the data
    folder of a package given by its own folder, which the user did not name."""
    from attrs import evolve

    def where(file: str) -> str:
        inside = folder / file
        return str(inside) if file and "/" not in file and os.path.lexists(inside) else file

    problems = [evolve(p, file=where(p.file)) for p in exc.problems]
    return EditionDataError(problems, edition=exc.edition)


def plugin_error_json(e: PluginError, lang: str) -> dict[str, Any]:
    """A plugin that failed to load or register, as JSON (``editions`` and
    ``plugins``); ``message`` ends with the code in brackets."""
    return {
        "code": e.code,
        "plugin": e.plugin,
        "distribution": e.distribution,
        "entry_point": e.entry_point,
        "hook": e.hook,
        "error": e.error,
        "message": e.message(lang),
    }


def edition_origin(host: Host, edition_id: str, lang: str) -> dict[str, str]:
    """Who registered an edition and where its data is: ``plugin`` (its
    name), ``source`` (the data folder; "" for an edition built in Python)
    and ``origin``, the two said in ``lang`` to follow a failure's first line."""
    from reform_brand.i18n import render

    entry = host.editions.entry(edition_id)
    value = entry.value
    source = str(value) if isinstance(value, Path) or hasattr(value, "iterdir") else ""
    origin = render(
        "cli.editions.origin",
        {"plugin": host.plugin_named(entry.plugin), "source": source or "-"},
        lang,
    )
    return {"plugin": entry.plugin, "source": source, "origin": origin}


def _with_origin(error: str, origin: str) -> str:
    """``error`` with ``origin`` after its first line."""
    first, sep, rest = error.partition("\n")
    return first + origin + sep + rest


def cmd_editions(args: argparse.Namespace) -> int:
    host = _host()
    rows: list[dict[str, Any]] = []
    failed = False
    for edition_id in host.editions.ids():
        entry = host.editions.entry(edition_id)
        row: dict[str, Any] = {"id": edition_id, "plugin": entry.plugin}
        try:
            e = host.edition(edition_id)
        except ReformBrandError as exc:
            failed = True
            origin = edition_origin(host, edition_id, args.lang)
            row["source"] = origin["source"]
            row["error"] = _with_origin(exc.message(args.lang), origin["origin"])
        else:
            row.update(
                title=e.title.get(args.lang),
                year=e.year,
                region=e.region.get(args.lang),
                document_number=e.issuer.document_number,
            )
        rows.append(row)
    errors = [plugin_error_json(err, args.lang) for err in host.errors]
    failed = failed or bool(errors) or not rows
    if not rows:
        _say_no_edition(host, args.lang)
    if args.json:
        print_json({"editions": rows, "errors": errors})
    else:
        for item in errors:
            sys.stderr.write(item["message"] + "\n")
        for row in rows:
            if "error" in row:
                sys.stdout.write(f"{row['id']}\t!\t{row['error']}\n")
            else:
                sys.stdout.write(
                    f"{row['id']}\t{row['year']}\t{row['document_number']}\t{row['title']}\n"
                )
    return EXIT_DATA if failed else EXIT_OK


def _say_no_edition(host: Host, lang: str) -> None:
    """Say on standard error that no plugin registers an edition, naming
    the plugins that are blocked (the usual reason)."""
    from reform_brand.i18n import render

    blocked = ", ".join(b.name for b in host.blocked) or "-"
    code = "cli.editions.none"
    sys.stderr.write(f"{render(code, {'blocked': blocked}, lang)} [{code}]\n")


def cmd_show(args: argparse.Namespace) -> int:
    edition = edition_from_arg(_host(), args.edition)
    if args.json:
        print_json(edition_to_json(edition))
    else:
        sys.stdout.write(format_edition(edition, args.lang))
    return EXIT_OK


def format_edition(e: Edition, lang: str = "zh") -> str:
    """A readable summary of an edition (the JSON form holds everything)."""
    out = [
        *_head_lines(e, lang),
        "",
        *_kind_lines(e, lang),
        "",
        *_item_and_form_lines(e, lang),
        *_extra_lines(e, lang),
    ]
    return "\n".join(out) + "\n"


#: The words of ``show``'s text that are values of the edition's data, in
#: Chinese (English: the word itself).
_WORDS: Final = {
    "exclusive": "不含截止时刻",
    "inclusive": "含截止时刻",
    "applicant": "申报",
    "recommender": "推荐",
    "issuer": "发文单位",
    "soft": "软",
    "hard": "硬",
    "quota": "限额",
    "issuer only": "发文单位填写",
}


def _word(word: str, lang: str) -> str:
    return word if lang == "en" else _WORDS.get(word, word)


def _head_lines(e: Edition, lang: str) -> list[str]:
    en = lang == "en"
    phones = ", ".join(
        c.phone if c.phone == c.phone_full else f"{c.phone} ({c.phone_full})"
        for c in e.issuer.contacts
    ) or ("(none)" if en else "（无）")
    mailbox = "Mailbox" if en else "邮箱"
    d = e.deadline
    deliv = ", ".join(x.title.get(lang) for x in e.delivery.deliverables)
    paper = (
        ("paper not required" if en else "纸质版不需要寄送")
        if not e.delivery.paper_required
        else ""
    )
    return [
        f"{e.title.get(lang)}",
        f"  {'id' if en else '编号'}: {e.id}    {e.issuer.document_number}",
        f"  {'Issuer' if en else '发文单位'}: {e.issuer.name.get(lang)}    "
        f"{'issued' if en else '发文日期'} {e.issued.isoformat()}",
        f"  {'Phone' if en else '联系电话'}: {phones}    {mailbox}: {e.issuer.mailbox}",
        f"  {'Deadline' if en else '截止'}: {d.at.isoformat()} "
        f"({_word(d.end, lang)}, {d.timezone})  [{d.clause}] {d.notice_text}",
        f"  {'Deliver' if en else '报送'}: {deliv}; {paper}  [{e.delivery.clause}]",
    ]


def _kind_lines(e: Edition, lang: str) -> list[str]:
    en = lang == "en"
    out = ["Unit kinds and quotas:" if en else "单位类别与限额："]
    for k in e.unit_kinds:
        under = f" -> {k.counted_under}" if k.counted_under else ""
        out.append(
            f"  {k.id:<24} {k.name.get(lang)} ({_word(k.role, lang)}; {', '.join(k.forms)})"
            f"{under}  [{k.clause}]"
        )
    for q in e.quotas:
        soft = _word("soft" if q.soft else "hard", lang)
        inc = f" + {', '.join(q.includes)}" if q.includes else ""
        out.append(
            f"  {_word('quota', lang)} {q.id:<18} <= {q.limit} ({soft}) "
            f"{', '.join(q.unit_kinds)}{inc}  [{q.clause}]"
        )
    return out


def _item_and_form_lines(e: Edition, lang: str) -> list[str]:
    en = lang == "en"
    out = ["Reform key items:" if en else "改革重点事项："]
    out += [f"  {it.number:>2}. {it.title.get(lang)}" for it in e.reform_items]
    if not e.reform_items:
        out.append("  (none)" if en else "  （无）")
    out += ["", "Forms:" if en else "表格："]
    for f in e.forms:
        out.append(f"  {f.id}: {f.attachment_in(lang)} {f.title.get(lang)} ({_word(f.role, lang)})")
        out += ["    " + _field_line(pointer, fld, lang) for pointer, fld in f.walk()]
    return out


def _extra_lines(e: Edition, lang: str) -> list[str]:
    en = lang == "en"
    out: list[str] = []
    if e.extra_materials:
        out += ["", "Extra materials:" if en else "其他材料："]
        for m in e.extra_materials:
            limit = f" <= {m.max_zi} 字" if m.max_zi else ""
            out.append(f"  {m.id}: {m.title.get(lang)}{limit}  [{m.clause}]")
    if e.roster:
        out += ["", ("Roster: " if en else "单位名单：") + ", ".join(u.name for u in e.roster)]
    if e.readings:
        out += ["", "Readings:" if en else "解读："]
        out += [f"  {r.id} [{r.clause}]: {r.reading.get(lang)}" for r in e.readings]
    return out


def _field_line(pointer: str, f: FormField, lang: str) -> str:
    flags = []
    if f.required:
        flags.append("required" if lang == "en" else "必填")
    if f.filled_by == "issuer":
        flags.append(_word("issuer only", lang))
    blocks = " ".join(f"[{b.label.get(lang)}]" for b in f.blocks)
    kind = "; ".join([f.type, *flags])
    return f"{pointer:<28} {f.label.get(lang)} ({kind}) {blocks}".rstrip()


def cmd_schema(args: argparse.Namespace) -> int:
    from reform_brand.page import page_schema
    from reform_brand.schema import form_schema, get_form, submission_schema, ui_schema

    # A page is the form's data inside the envelope, for its filler: a
    # UI schema alone or another role's page is no page.
    for option, given in (("--ui", args.ui), ("--role", args.role is not None)):
        if args.page and given:
            from reform_brand.cli._usage import translate

            not_with = f"argument {option}: not allowed with argument --page"
            raise UsageError(detail=translate(not_with, args.lang))
    edition = edition_from_arg(_host(), args.edition)
    if args.form == "submission" and not args.page:
        print_json(
            ui_schema(edition, "submission", lang=args.lang)
            if args.ui
            else submission_schema(edition)
        )
        return EXIT_OK
    try:
        form = get_form(edition, args.form)
    except UnknownFormError as exc:
        # The envelope's own schema is asked for by a name of its own (a
        # page is one form's: there is no page of the envelope alone).
        ids = [f.id for f in edition.forms]
        available = ids if args.page else [*ids, "submission"]
        raise UnknownFormError(exc.edition, exc.form, available) from None
    if args.page:
        print_json(page_schema(edition, form, lang=args.lang))
        return EXIT_OK
    if args.ui:
        print_json(ui_schema(edition, form, role=args.role, lang=args.lang))
    else:
        print_json(form_schema(edition, form, role=args.role))
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    report = plugins_report(_host(), args.lang)
    if args.json:
        print_json(report)
    else:
        _print_plugins(report, args.lang)
    return EXIT_DATA if report["errors"] or report["edition_errors"] else EXIT_OK


def plugins_report(host: Host, lang: str) -> dict[str, Any]:
    """What ``plugins --json`` prints: loaded plugins and what they
    registered, blocked plugins, plugin errors and editions that fail to load."""
    host.collect_all()
    edition_errors: list[dict[str, Any]] = []
    for edition_id in host.editions.ids():
        try:
            host.edition(edition_id)
        except EditionDataError as exc:
            origin = edition_origin(host, edition_id, lang)
            edition_errors.append(
                {
                    "edition": edition_id,
                    "plugin": origin["plugin"],
                    "source": origin["source"],
                    "error": _with_origin(exc.message(lang), origin["origin"]),
                }
            )
    plugins = [
        {
            "name": p.name,
            "kind": p.kind,
            "module": p.module,
            "distribution": p.distribution,
            "version": p.version,
            "entry_point": p.entry_point,
            "hooks": list(p.hooks),
            "editions": [i for i in host.editions.ids() if host.editions.entry(i).plugin == p.name],
            "rules": [r.value.id for r in host.rules.entries() if r.plugin == p.name],
            # Those of its rules that run only when asked for (docs/hooks.md).
            "opt_in_rules": [
                r.value.id
                for r in host.rules.entries()
                if r.plugin == p.name and getattr(r.value, "opt_in", False) is True
            ],
            "renderers": [r.value.id for r in host.renderers.entries() if r.plugin == p.name],
            "messages": [m.value.code for m in host.messages.entries() if m.plugin == p.name],
        }
        for p in host.plugins
    ]
    blocked = [
        {"name": b.name, "distribution": b.distribution, "entry_point": b.entry_point}
        for b in host.blocked
    ]
    return {
        "plugins": plugins,
        "blocked": blocked,
        "errors": [plugin_error_json(e, lang) for e in host.errors],
        "edition_errors": edition_errors,
    }


def _print_plugins(report: dict[str, Any], lang: str) -> None:
    en = lang == "en"
    w = sys.stdout.write
    for p in report["plugins"]:
        dist = f" ({p['distribution']} {p['version']})" if p["distribution"] else ""
        w(f"{p['name']} [{p['kind']}]{dist}: {p['module']}\n")
        w(f"    hooks: {', '.join(p['hooks']) or '-'}\n")
        opt_in = set(p["opt_in_rules"])
        mark = " (opt-in)" if en else "（按需运行）"
        for key in ("editions", "rules", "renderers", "messages"):
            if p[key]:
                names = [n + mark if key == "rules" and n in opt_in else n for n in p[key]]
                w(f"    {key}: {', '.join(names)}\n")
    for b in report["blocked"]:
        w(f"{b['name']} [{'blocked' if en else '已屏蔽'}]\n")
    for e in report["errors"]:
        w(f"{'ERROR' if en else '错误'}: {e['message']}\n")
    for ee in report["edition_errors"]:
        w(f"{'ERROR' if en else '错误'}: {ee['edition']}: {ee['error']}\n")
