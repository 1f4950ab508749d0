"""Commands that write forms: ``render``, ``export`` and ``template``.

Every file is written atomically (a temporary file in the same directory,
then a rename), never over an existing file unless ``--force`` is given, and
never half: on any error nothing is left behind.  The folders above an
output that do not exist are made, as every command that writes makes them,
and removed again when the command fails.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast

import attrs

from reform_brand._jsonread import finite_float, pairs_hook, refuse_constant, refused_number_at
from reform_brand._leftovers import LEFT_TMP, clear_left_files, held_file
from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._folders import missing_folders, remove_folders
from reform_brand.cli._inputs import held_pipe
from reform_brand.codes.reasons import (
    json_error_reason,
    json_reason,
    known_reason,
    os_reason,
    output_reason,
)
from reform_brand.converter import json_type
from reform_brand.errors import ReformBrandError, UsageError
from reform_brand.host import Host
from reform_brand.i18n import render as message
from reform_brand.model import Edition
from reform_brand.render import (
    RenderDataError,
    UnknownFormatError,
    form_template,
    get_renderer,
    render_with,
)
from reform_brand.schema import (
    annotation_meta_schema,
    form_schema,
    get_form,
    submission_schema,
    ui_schema,
)

__all__ = ["export_files", "read_data", "write_atomic", "write_file"]

EXIT_OK = 0
#: A data file larger than this is refused (a form is a few tens of KB).
MAX_DATA_BYTES = 16 * 1024 * 1024


# -- writing -------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same
    directory.  Without ``force`` an existing ``path`` is an error, checked
    atomically where the file system has hard links."""
    # (What a run killed while writing it left: held by none.)
    clear_left_files(rf"\.{re.escape(path.name)}\.{LEFT_TMP}\.tmp", path.parent)
    try:
        fd, tmp_name = held_file(f".{path.name}.", ".tmp", path.parent)
    except OSError as exc:
        raise ReformBrandError("cli.cannot-write", path=path, detail=os_reason(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:  # (held until put in place, see _leftovers)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
            _put_in_place(tmp, path, force=force)
    except OSError as exc:
        raise ReformBrandError("cli.cannot-write", path=path, detail=os_reason(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)


def _put_in_place(tmp: Path, path: Path, *, force: bool) -> None:
    """Give the written file ``tmp`` its name ``path``; without ``force``
    never over a file there, checked atomically where the file system has
    hard links (``tmp`` is then removed by the caller)."""
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise ReformBrandError("cli.output-exists", path=path) from None
    except OSError:
        # No hard links here (some network and FAT file systems).
        if path.exists():
            raise ReformBrandError("cli.output-exists", path=path) from None
        os.replace(tmp, path)


def _make_folder(folder: Path, out: Path) -> None:
    """Make ``folder`` (the one ``out`` goes in, or ``out`` itself) and
    those above it; ``cli.cannot-write`` for ``out`` when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        detail = output_reason(exc, out)
        raise ReformBrandError("cli.cannot-write", path=out, detail=detail) from None


def _refuse_folder(given: str) -> None:
    """An output file ``given`` that is a folder, a device, a named
    pipe or a socket cannot be written, with ``--force`` neither (the rename
    that puts a file in place would put it in place of ``/dev/null``), nor
    one written as a folder (``out/``: it was written as the file ``out``):
    said before any work."""
    path = Path(given)
    if given.endswith(("/", os.sep)) or (os.altsep and given.endswith(os.altsep)):
        detail = known_reason("names a folder")
        raise ReformBrandError("cli.cannot-write", path=given, detail=detail)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:  # (a name too long, a path under a file)
        detail = output_reason(exc, path)
        raise ReformBrandError("cli.cannot-write", path=path, detail=detail) from None
    if stat.S_ISDIR(mode):
        detail = os_reason(IsADirectoryError(errno.EISDIR, "Is a directory"))
        raise ReformBrandError("cli.cannot-write", path=path, detail=detail)
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        detail = known_reason("not a regular file")
        raise ReformBrandError("cli.cannot-write", path=path, detail=detail)


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """:func:`write_atomic`, the folders above ``path`` made first; on any
    error (an interruption too) the folders made are removed again."""
    made = missing_folders(path)
    try:
        _make_folder(path.parent, path)
        write_atomic(path, data, force=force)
    except BaseException:
        remove_folders(made)
        raise


def _check_free(paths: list[Path], force: bool) -> None:
    if force:
        return
    existing = [str(p) for p in paths if p.exists() or p.is_symlink()]
    if len(existing) == 1:
        raise ReformBrandError("cli.output-exists", path=existing[0])
    if existing:
        raise ReformBrandError("cli.outputs-exist", paths=", ".join(existing))


def _say(code: str, lang: str, **params: object) -> None:
    sys.stdout.write(message(code, params, lang) + "\n")


# -- reading ---------------------------------------------------------------


def _open_data(spec: str) -> BinaryIO:
    """The data file ``spec`` opened for reading, never by a blocking open:
    a regular file, or a pipe this process holds already (``-d <(...)``).
    Anything else (a named pipe no one may ever write to, a device, a
    folder) is ``cli.data-not-a-file``."""
    st = os.stat(spec)
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        held = held_pipe(st)
        if held is None:
            raise UsageError("cli.data-not-a-file", path=spec)
        return os.fdopen(os.dup(held), "rb")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError("cli.data-not-a-file", path=spec)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(spec, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced after the stat
        os.close(fd)
        raise UsageError("cli.data-not-a-file", path=spec)
    return os.fdopen(fd, "rb")


def _is_data(spec: str, output: Path) -> bool:
    """Whether ``output`` is the data file ``spec`` (by another name too,
    ``/dev/stdin``, or ``-`` read from it): with ``--force`` the data was
    replaced by the form."""
    try:
        held = os.fstat(sys.stdin.fileno()) if spec == "-" else os.stat(spec)
        out = os.lstat(output)
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISREG(out.st_mode) and (held.st_dev, held.st_ino) == (out.st_dev, out.st_ino)


def read_data(spec: str) -> object:
    """The JSON value in file ``spec`` (``-``: standard input).  ``spec`` is
    a regular file or a pipe this process holds (``<(...)``): a named pipe,
    a device or a folder is refused without being opened."""
    name = "<stdin>" if spec == "-" else spec
    try:
        if spec == "-":
            raw = sys.stdin.buffer.read(MAX_DATA_BYTES + 1)
        else:
            with _open_data(spec) as fh:
                raw = fh.read(MAX_DATA_BYTES + 1)
    except OSError as exc:
        raise ReformBrandError("cli.data-unreadable", path=name, detail=os_reason(exc)) from None
    if len(raw) > MAX_DATA_BYTES:
        raise ReformBrandError("cli.data-too-large", path=name, limit=MAX_DATA_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReformBrandError(
            "cli.data-unreadable", path=name, detail=known_reason("not utf-8")
        ) from None
    duplicates: list[str] = []
    try:
        # NaN, Infinity and 1e999 are no JSON numbers (the form would print
        # "nan" or "inf"): refused as a submission file's are.
        value = json.loads(
            text,
            object_pairs_hook=pairs_hook(duplicates),
            parse_constant=refuse_constant,
            parse_float=finite_float,
        )
    except json.JSONDecodeError as exc:
        raise ReformBrandError(
            "cli.data-json",
            path=name,
            line=exc.lineno,
            column=exc.colno,
            detail=json_error_reason(exc),
        ) from None
    except ValueError as exc:
        raise ReformBrandError(
            "cli.data-json", path=name, **refused_number_at(text), detail=json_reason(str(exc))
        ) from None
    except RecursionError:
        deep = known_reason("nested too deeply")
        raise ReformBrandError("cli.data-too-deep", path=name, detail=deep) from None
    if duplicates:
        # Python keeps the last value and drops the others without a word.
        raise ReformBrandError("cli.data-duplicate-key", path=name, key=duplicates[0])
    return value


def form_data_of(value: object, *, edition: str, form: str) -> object:
    """The form data in ``value``: ``value`` itself, or the ``data`` of a
    submission envelope (an object with ``form`` and ``data``), whose edition
    and form must be the ones asked for."""
    if isinstance(value, Mapping) and "form" in value and "data" in value:
        for key, expected in (("form", form), ("edition", edition)):
            if key in value and value[key] != expected:
                raise ReformBrandError(
                    "cli.envelope-mismatch", key=key, actual=value[key], expected=expected
                )
        return value["data"]
    return value


# -- commands --------------------------------------------------------------


def _fmt_for(host: Host, edition: Edition, fmt: str | None, output: Path, lang: str) -> str:
    renderers = host.renderers.for_edition(edition.id)
    by_suffix = next((r for r in renderers if output.suffix.lower() == r.suffix.lower()), None)
    if fmt:
        # A suffix another format writes would name the file for what it
        # is not (Markdown in x.docx, which Word cannot open).
        # (In any case, as the suffix: --format MD is md.)
        chosen = next((r for r in renderers if r.id.casefold() == fmt.casefold()), None)
        if chosen is not None and by_suffix is not None and by_suffix.id != chosen.id:
            raise UsageError(
                detail=message(
                    "cli.render.format-suffix",
                    {"format": fmt, "suffix": chosen.suffix, "path": output},
                    lang,
                )
            )
        return fmt if chosen is None else chosen.id
    if by_suffix is not None:
        return by_suffix.id
    if not output.suffix:
        return "docx"
    # A suffix no renderer writes (x.csv, x.pdf) must not get Word bytes.
    raise UnknownFormatError(edition.id, output.suffix, [r.id for r in renderers])


def cmd_render(args: argparse.Namespace) -> int:
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    form = get_form(edition, args.form)
    output = Path(args.output)
    renderer = get_renderer(
        edition, _fmt_for(host, edition, args.fmt, output, args.lang), host=host
    )
    data: object = None
    #: Where the form data is in the data file: "/data" in an envelope.
    at = ""
    if args.data is not None:
        given = read_data(args.data)
        data = form_data_of(given, edition=edition.id, form=form.id)
        at = "" if data is given else "/data"
    _refuse_folder(args.output)
    if args.data is not None and _is_data(args.data, output):
        raise ReformBrandError("cli.render.data-is-output", path=output)
    if not args.force and (output.exists() or output.is_symlink()):
        raise ReformBrandError("cli.output-exists", path=output)
    # JSON null is a value that is not an object too, not "no data".
    if args.data is not None and not isinstance(data, Mapping):
        raise RenderDataError(
            [_data_problem(args.data, at or "/", "render.data-not-object", actual=json_type(data))],
            form=form.id,
        )
    try:
        # The data is checked against the form before any renderer (a
        # plugin's too) sees it.
        content = render_with(renderer, edition, form, cast("Mapping[str, Any] | None", data))
    except RenderDataError as exc:
        raise RenderDataError(
            [
                attrs.evolve(p, file=_data_name(args.data), path=_in_file(at, p.path))
                for p in exc.problems
            ],
            form=form.id,
        ) from None
    write_file(output, content, force=args.force)
    _say("cli.wrote", args.lang, path=output)
    return EXIT_OK


def _in_file(at: str, pointer: str) -> str:
    """The JSON pointer ``pointer`` into the form data as a pointer into the
    data file, the form data being at ``at`` in it (``/data`` of an
    envelope, ``/project_name`` then ``/data/project_name``)."""
    return (at + ("" if pointer == "/" else pointer)) or "/"


def _data_name(spec: str | None) -> str:
    return "<stdin>" if spec == "-" else str(spec)


def _data_problem(spec: str | None, path: str, code: str, **params: object) -> Any:
    from reform_brand.errors import Problem

    return Problem(file=_data_name(spec), path=path, code=code, params=params)


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_files(host: Host, edition: Edition) -> dict[str, bytes]:
    """The published files of ``edition``: name -> content, in a fixed order."""
    docx = get_renderer(edition, "docx", host=host)
    md = get_renderer(edition, "md", host=host)
    files: dict[str, bytes] = {}
    for form in edition.forms:
        files[f"{form.id}.schema.json"] = _json_bytes(form_schema(edition, form))
        files[f"{form.id}.ui.json"] = _json_bytes(ui_schema(edition, form))
        files[f"{form.id}{docx.suffix}"] = docx.render(edition, form, None)
        files[f"{form.id}{md.suffix}"] = md.render(edition, form, None)
    files["submission.schema.json"] = _json_bytes(submission_schema(edition))
    files["annotations.meta.schema.json"] = _json_bytes(annotation_meta_schema())
    return files


def cmd_export(args: argparse.Namespace) -> int:
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    files = export_files(host, edition)
    directory = Path(args.output)
    if directory.exists() and not directory.is_dir():
        raise UsageError("cli.cannot-write", path=directory, detail=known_reason("not a directory"))
    targets = [directory / name for name in files]
    for target in targets if directory.is_dir() else ():
        # (A named pipe in the folder is never replaced, with --force
        # neither, as for render; a folder in the way is said first.)
        _refuse_folder(str(target))
    _check_free(targets, args.force)
    made = missing_folders(directory / "-")
    written: list[Path] = []
    try:
        _make_folder(directory, directory)
        for target, content in zip(targets, files.values(), strict=True):
            new = not (target.exists() or target.is_symlink())
            write_atomic(target, content, force=args.force)
            if new:
                written.append(target)
    except BaseException:
        # What this run added goes (files it replaced with --force are
        # replaced: their old content is gone either way).
        for target in written:
            target.unlink(missing_ok=True)
        remove_folders(made)
        raise
    for target in targets:
        _say("cli.wrote", args.lang, path=target)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    # A data directory too: a maintainer takes the template of an edition
    # being written, to edit it and ship it with that edition.
    edition = edition_from_arg(Host.create(), args.edition)
    form = get_form(edition, args.form)
    output = Path(args.output)
    if output.suffix and output.suffix.lower() != ".docx":
        # Word bytes in x.md or x.pdf, which nothing opens (as `render`).
        raise UnknownFormatError(edition.id, output.suffix, ["docx"])
    _refuse_folder(args.output)
    if not args.force and (output.exists() or output.is_symlink()):
        raise ReformBrandError("cli.output-exists", path=output)
    write_file(output, form_template(edition, form), force=args.force)
    _say("cli.wrote", args.lang, path=output)
    return EXIT_OK
