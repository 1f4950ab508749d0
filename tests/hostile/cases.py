"""The hostile-input corpus: every way in, each bad input with its expected
exit code and finding or error codes.

A case builds its input in a fresh directory and names the command to run
on it.  The corpus is built at test time rather than stored: zip bombs,
50 MB fields and symlinks do not belong in a repository, and every case is
then reproducible from this file alone.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import frozen

from tests.conftest import REFERENCE_DATA
from tests.hostile.odt_bombs import write_repeated_tables
from tests.hostile.ole import ole

EXAMPLES = REFERENCE_DATA.parent / "examples"


@frozen(kw_only=True)
class Case:
    id: str
    #: What is attacked: edition, submission, render, plugin, docx, pdf, inbox.
    way: str
    #: Builds the input under the directory given; returns the command's arguments.
    build: Callable[[Path], list[str]]
    exit: int
    #: Codes that must appear: finding codes in the --json report, or the
    #: bracketed codes of the error message on stderr.
    codes: frozenset[str]
    #: Extra environment for the command (e.g. PYTHONPATH for a plugin).
    env: Callable[[Path], dict[str, str]] | None = None


def _ok_envelope() -> dict[str, Any]:
    env: dict[str, Any] = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    return env


def _submission(tmp: Path, name: str, content: bytes | str | dict[str, Any]) -> Path:
    """A submission file with the example's attachments beside it."""
    folder = tmp / "in"
    if not (folder / "files").exists():
        shutil.copytree(EXAMPLES / "files", folder / "files")
    path = folder / name
    if isinstance(content, dict):
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def check(
    name: str, content: Callable[[], bytes | str | dict[str, Any]]
) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        path = _submission(tmp, name, content())
        return ["check", "shandong-2022", str(path), "--json", "--now", "2022-08-25T00:00:00+08:00"]

    return build


def with_data(**changes: Any) -> dict[str, Any]:
    env = _ok_envelope()
    env["data"] = {**env["data"], **changes}
    return env


def with_attachment(path: str) -> dict[str, Any]:
    env = _ok_envelope()
    env["attachments"] = [{"role": "signed-scan", "path": path}, env["attachments"][1]]
    return env


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def edition(mutate: Callable[[Path], object]) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        target = tmp / "edition"
        shutil.copytree(REFERENCE_DATA, target)
        mutate(target)
        return ["show", str(target)]

    return build


def _write(name: str, content: bytes) -> Callable[[Path], object]:
    return lambda d: (d / name).write_bytes(content)


def _truncate(name: str) -> Callable[[Path], None]:
    def go(d: Path) -> None:
        raw = (d / name).read_bytes()
        cut = len(raw) // 2
        while cut and (raw[cut] & 0xC0) == 0x80:
            cut -= 1  # at a character's start: the cut shows as TOML, not as UTF-8
        (d / name).write_bytes(raw[:cut])

    return go


def render(data: Callable[[Path], Path] | None, *extra: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        args = ["render", "shandong-2022", "application", "-o", str(tmp / "out" / "form.docx")]
        (tmp / "out").mkdir()
        if data is not None:
            args += ["-d", str(data(tmp))]
        return [*args, *extra]

    return build


def data_file(content: bytes | str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "data.json"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return make


def named_pipe(tmp: Path) -> Path:
    """A named pipe that no one writes to: opening it to read would block."""
    path = tmp / "data.json"
    os.mkfifo(path)
    return path


def zip_bomb(path: Path, entries: int = 1, size: int = 200 * 1024 * 1024) -> None:
    """A small zip that expands to ``size`` bytes per entry."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        chunk = b"\0" * (1024 * 1024)
        z.writestr("[Content_Types].xml", "<Types/>")
        for n in range(entries):
            with z.open(f"word/document{n or ''}.xml", "w", force_zip64=True) as w:
                for _ in range(size // len(chunk)):
                    w.write(chunk)


def tar_gz_bomb(path: Path, size: int = 200 * 1024 * 1024) -> None:
    """A small .tar.gz of one entry of ``size`` zero bytes: no directory to
    check first, so it must be stopped while it is decompressed."""
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as gz:
        info = tarfile.TarInfo("申报表.pdf")
        info.size = size
        gz.write(info.tobuf(format=tarfile.GNU_FORMAT))
        chunk = b"\0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            gz.write(chunk)


def _hostile_tar(path: Path) -> None:
    """A .tar whose entries are a symbolic link, a hard link, a FIFO, a path
    out of the archive and an absolute path."""
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        for name, kind, target in (
            ("申报表.docx", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard.pdf", tarfile.LNKTYPE, "申报表.docx"),
            ("pipe", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tar.addfile(info)
        for name in ("../../escaped.txt", "/abs.txt"):
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))


def docx_attachment(make: Callable[[Path], object]) -> Callable[[Path], list[str]]:
    """A submission whose Word attachment is built by ``make``."""

    def build(tmp: Path) -> list[str]:
        env = _ok_envelope()
        path = _submission(tmp, "sub.json", env)
        word = next(a["path"] for a in env["attachments"] if a["role"] == "word")
        make(path.parent / word)
        return ["check", "shandong-2022", str(path), "--json", "--now", "2022-08-25T00:00:00+08:00"]

    return build


def _doctype_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            '"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>',
        )


def duplicate_parts(path: Path) -> None:
    """The example form with a second ``word/document.xml`` after the first."""
    with zipfile.ZipFile(EXAMPLES / "files" / "form.docx") as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # (zipfile's: a name given twice)
            z.writestr("word/document.xml", parts["word/document.xml"].replace(b"<w:t>", b"<w:t>X"))


def _symlink_out(tmp: Path) -> list[str]:
    env = with_attachment("files/link.pdf")
    path = _submission(tmp, "sub.json", env)
    secret = tmp / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4\n%secret\n")
    os.symlink(secret, path.parent / "files" / "link.pdf")
    return ["check", "shandong-2022", str(path), "--json", "--now", "2022-08-25T00:00:00+08:00"]


def _duplicates(tmp: Path) -> list[str]:
    env = _ok_envelope()
    first = _submission(tmp, "a.json", env)
    second = _submission(tmp, "b.json", env)
    return [
        "check",
        "shandong-2022",
        str(first),
        str(second),
        "--json",
        "--now",
        "2022-08-25T00:00:00+08:00",
    ]


def _plugin_site(tmp: Path) -> dict[str, str]:
    """A plugin that raises in every hook, installed as a real distribution."""
    site = tmp / "site"
    pkg = site / "rb_raises"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        "from reform_brand import hookimpl\n"
        "@hookimpl\ndef reform_brand_editions(registry):\n    raise RuntimeError('editions')\n"
        "@hookimpl\ndef reform_brand_rules(registry):\n    raise RuntimeError('rules')\n"
        "@hookimpl\ndef reform_brand_renderers(registry):\n    raise RuntimeError('renderers')\n",
        encoding="utf-8",
    )
    dist = site / "rb_raises-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rb-raises\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text("[reform_brand]\nraises = rb_raises\n", encoding="utf-8")
    return {"PYTHONPATH": str(site)}


def _plugin_import_fails(tmp: Path) -> dict[str, str]:
    site = tmp / "site"
    (site / "rb_boom").mkdir(parents=True)
    (site / "rb_boom" / "__init__.py").write_text("1/0\n", encoding="utf-8")
    dist = site / "rb_boom-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rb-boom\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text("[reform_brand]\nboom = rb_boom\n", encoding="utf-8")
    return {"PYTHONPATH": str(site)}


def _blank_form(path: Path) -> None:
    from reform_brand import Host
    from reform_brand.render import render_form

    host = Host.create(block=())
    path.write_bytes(render_form(host.edition("shandong-2022"), "application", host=host))


def inbox(make: Callable[[Path], object], *extra: str) -> Callable[[Path], list[str]]:
    """An inbox with one e-mail folder holding a blank form (itself an error:
    its required fields are empty), changed by ``make``."""

    def build(tmp: Path) -> list[str]:
        box = tmp / "inbox"
        mail = box / "2022-08-15 济南市科协"
        mail.mkdir(parents=True)
        _blank_form(mail / "申报表.docx")
        (mail / "申报表（盖章）.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
        make(box)
        return [
            "check",
            "shandong-2022",
            str(box),
            "--json",
            "--now",
            "2022-08-25T00:00:00+08:00",
            *extra,
        ]

    return build


def _inbox_symlink(box: Path) -> None:
    secret = box.parent / "secret.docx"
    secret.write_bytes(b"secret")
    os.symlink(secret, box / "link.docx")


def _inbox_loop(box: Path) -> None:
    os.symlink(box, box / "2022-08-15 济南市科协" / "loop")


def _report_over_file(tmp: Path) -> list[str]:
    args = inbox(lambda box: None)(tmp)
    (tmp / "report").write_text("not a folder", encoding="utf-8")
    return [*args, "--report", str(tmp / "report")]


def _example_check(tmp: Path) -> list[str]:
    return [
        "check",
        "shandong-2022",
        str(EXAMPLES / "ok-jinan.json"),
        "--json",
        "--now",
        "2022-08-25T00:00:00+08:00",
    ]


CASES: list[Case] = [
    # --- edition data files -------------------------------------------
    Case(
        id="edition-truncated",
        way="edition",
        build=edition(_truncate("items.toml")),
        exit=2,
        codes=frozenset({"edition.invalid", "edition.syntax"}),
    ),
    Case(
        id="edition-binary",
        way="edition",
        build=edition(_write("forms.toml", os.urandom(4096) + b"\xff")),
        exit=2,
        codes=frozenset({"edition.encoding"}),
    ),
    Case(
        id="edition-utf16",
        way="edition",
        build=edition(
            lambda d: (d / "roster.toml").write_bytes(
                (d / "roster.toml").read_text("utf-8").encode("utf-16")
            )
        ),
        exit=2,
        codes=frozenset({"edition.encoding"}),
    ),
    Case(
        id="edition-gbk",
        way="edition",
        build=edition(
            lambda d: (d / "roster.toml").write_bytes(
                (d / "roster.toml").read_text("utf-8").encode("gbk")
            )
        ),
        exit=2,
        codes=frozenset({"edition.encoding"}),
    ),
    Case(
        id="edition-deep",
        way="edition",
        build=edition(_write("deep.toml", b"x = " + b"[" * 50_000 + b"]" * 50_000)),
        exit=2,
        codes=frozenset({"edition.too-deep"}),
    ),
    Case(
        id="edition-huge",
        way="edition",
        build=edition(_write("huge.toml", b"x = '" + b"a" * (9 * 1024 * 1024) + b"'")),
        exit=2,
        codes=frozenset({"edition.unreadable"}),
    ),
    Case(
        id="edition-nul",
        way="edition",
        build=edition(_write("nul.toml", b'x = "a\x00b"\n')),
        exit=2,
        codes=frozenset({"edition.syntax"}),
    ),
    Case(
        id="edition-not-a-directory",
        way="edition",
        build=lambda tmp: ["show", str(EXAMPLES / "ok-jinan.json")],
        exit=2,
        codes=frozenset({"cli.not-a-directory"}),
    ),
    Case(
        id="edition-unknown-id",
        way="edition",
        build=lambda tmp: ["show", "atlantis-2030"],
        exit=2,
        codes=frozenset({"edition.unknown"}),
    ),
    # --- submission JSON ------------------------------------------------
    Case(
        id="json-invalid",
        way="submission",
        build=check("s.json", lambda: '{"edition": '),
        exit=1,
        codes=frozenset({"file.not-json"}),
    ),
    Case(
        id="json-lone-surrogate",
        way="submission",
        build=check(
            "s.json", lambda: '{"version": 1, "id": "\\ud800x", "edition": "shandong-2022"}'
        ),
        exit=1,
        codes=frozenset({"file.not-json"}),
    ),
    Case(
        id="json-null",
        way="submission",
        build=check("s.json", lambda: "null"),
        exit=1,
        codes=frozenset({"envelope.not-object"}),
    ),
    Case(
        id="json-is-a-docx",
        way="submission",
        build=check("form.json", lambda: (EXAMPLES / "files" / "form.docx").read_bytes()),
        exit=1,
        codes=frozenset({"file.not-a-submission"}),
    ),
    Case(
        id="json-is-a-pdf",
        way="submission",
        build=check("s.json", lambda: (EXAMPLES / "files" / "scan.pdf").read_bytes()),
        exit=1,
        codes=frozenset({"file.not-a-submission"}),
    ),
    Case(
        id="json-empty",
        way="submission",
        build=check("s.json", lambda: b""),
        exit=1,
        codes=frozenset({"file.not-json"}),
    ),
    Case(
        id="json-gbk",
        way="submission",
        build=check("s.json", lambda: json.dumps(_ok_envelope(), ensure_ascii=False).encode("gbk")),
        exit=1,
        codes=frozenset({"file.encoding"}),
    ),
    Case(
        id="json-utf16",
        way="submission",
        build=check(
            "s.json", lambda: json.dumps(_ok_envelope(), ensure_ascii=False).encode("utf-16")
        ),
        exit=1,
        codes=frozenset({"file.encoding"}),
    ),
    Case(
        id="json-bom",
        way="submission",
        build=check("s.json", lambda: b"\xef\xbb\xbf" + json.dumps(_ok_envelope()).encode()),
        exit=0,
        codes=frozenset({"file.bom"}),
    ),
    Case(
        id="json-50mb-field",
        way="submission",
        build=check("s.json", lambda: with_data(project_basis="x" * 50_000_000)),
        exit=1,
        codes=frozenset({"file.too-large"}),
    ),
    Case(
        id="json-2mb-field",
        way="submission",
        build=check("s.json", lambda: with_data(project_basis="字" * 700_000)),
        exit=1,
        codes=frozenset({"form.too-long"}),
    ),
    Case(
        id="json-deep-10000",
        way="submission",
        build=check("s.json", lambda: _nested(10_000)),
        exit=1,
        codes=frozenset({"envelope.too-deep"}),
    ),
    Case(
        id="json-deep-array",
        way="submission",
        build=check("s.json", lambda: "[" * 10_000 + "]" * 10_000),
        exit=1,
        codes=frozenset({"envelope.too-deep"}),
    ),
    Case(
        id="json-wrong-types",
        way="submission",
        build=check("s.json", lambda: dict.fromkeys(_ok_envelope(), 12345)),
        exit=1,
        codes=frozenset({"envelope.type"}),
    ),
    Case(
        id="json-data-wrong-types",
        way="submission",
        build=check(
            "s.json", lambda: {**_ok_envelope(), "data": {k: [1] for k in _ok_envelope()["data"]}}
        ),
        exit=1,
        codes=frozenset({"form.type"}),
    ),
    Case(
        id="json-nan",
        way="submission",
        build=check(
            "s.json", lambda: json.dumps(_ok_envelope()).replace('"version": 1', '"version": NaN')
        ),
        exit=1,
        codes=frozenset({"file.not-json"}),
    ),
    Case(
        id="json-huge-int",
        way="submission",
        build=check(
            "s.json",
            lambda: json.dumps(_ok_envelope()).replace('"version": 1', '"version": 1' + "0" * 5000),
        ),
        exit=1,
        codes=frozenset({"file.not-json"}),
    ),
    Case(
        id="json-control-chars",
        way="submission",
        build=check("s.json", lambda: with_data(project_name="a\x00b\x1fc")),
        exit=0,
        codes=frozenset({"form.control-chars"}),
    ),
    Case(
        id="json-template-syntax",
        way="submission",
        build=check(
            "s.json",
            lambda: with_data(project_name="{{ 7*7 }}{% if x %}", project_basis="{%p if %}"),
        ),
        exit=0,
        codes=frozenset(),
    ),
    Case(
        id="json-html",
        way="submission",
        build=check(
            "s.json", lambda: with_data(project_name="<script>alert(1)</script> & < > \" '")
        ),
        exit=0,
        codes=frozenset(),
    ),
    Case(
        id="attachment-traversal",
        way="submission",
        build=check("s.json", lambda: with_attachment("../../../etc/passwd")),
        exit=1,
        codes=frozenset({"deliverables.path-escape"}),
    ),
    Case(
        id="attachment-absolute",
        way="submission",
        build=check("s.json", lambda: with_attachment("/etc/passwd")),
        exit=1,
        codes=frozenset({"deliverables.path-escape"}),
    ),
    Case(
        id="attachment-symlink-out",
        way="submission",
        build=_symlink_out,
        exit=1,
        codes=frozenset({"deliverables.path-escape"}),
    ),
    Case(
        id="duplicate-submissions",
        way="submission",
        build=_duplicates,
        exit=0,
        codes=frozenset({"batch.superseded"}),
    ),
    # --- Word and PDF attachments -------------------------------------
    Case(
        id="docx-zip-bomb",
        way="docx",
        build=docx_attachment(lambda p: zip_bomb(p)),
        exit=1,
        codes=frozenset({"deliverables.unsafe-file"}),
    ),
    Case(
        id="docx-many-entries",
        way="docx",
        build=docx_attachment(lambda p: zip_bomb(p, entries=20_000, size=0)),
        exit=1,
        codes=frozenset({"deliverables.unsafe-file"}),
    ),
    Case(
        id="docx-doctype",
        way="docx",
        build=docx_attachment(_doctype_docx),
        exit=1,
        codes=frozenset({"deliverables.unsafe-file"}),
    ),
    Case(
        id="docx-duplicate-parts",
        way="docx",
        build=docx_attachment(duplicate_parts),
        exit=1,
        codes=frozenset({"deliverables.unsafe-file"}),
    ),
    Case(
        id="docx-truncated",
        way="docx",
        build=docx_attachment(
            lambda p: p.write_bytes((EXAMPLES / "files" / "form.docx").read_bytes()[:300])
        ),
        exit=1,
        codes=frozenset({"deliverables.wrong-type"}),
    ),
    Case(
        id="docx-is-a-pdf",
        way="docx",
        build=docx_attachment(lambda p: p.write_bytes(b"%PDF-1.4\n%%EOF\n")),
        exit=1,
        codes=frozenset({"deliverables.wrong-type"}),
    ),
    Case(
        id="docx-renamed-text",
        way="docx",
        build=docx_attachment(lambda p: p.write_text("not a word file", encoding="utf-8")),
        exit=1,
        codes=frozenset({"deliverables.wrong-type"}),
    ),
    Case(
        id="pdf-not-a-pdf",
        way="pdf",
        build=check("s.json", lambda: with_attachment("files/form.docx")),
        exit=1,
        codes=frozenset({"deliverables.wrong-type"}),
    ),
    # --- inbox layouts ---------------------------------------------------
    Case(
        id="inbox-symlink-outside",
        way="inbox",
        build=inbox(_inbox_symlink),
        exit=1,
        codes=frozenset({"inbox.symlink-outside"}),
    ),
    Case(
        id="inbox-symlink-loop",
        way="inbox",
        build=inbox(_inbox_loop),
        exit=1,
        codes=frozenset({"inbox.symlink-folder"}),
    ),
    Case(
        id="inbox-manifest-lone-surrogate",
        way="inbox",
        build=inbox(
            lambda box: (box / "2022-08-15 济南市科协" / "manifest.json").write_text(
                '{"unit": {"name": "\\ud800", "kind": "city-association"}}', encoding="utf-8"
            )
        ),
        exit=1,
        codes=frozenset({"inbox.manifest-invalid"}),
    ),
    Case(
        id="inbox-junk",
        way="inbox",
        build=inbox(lambda box: (box / "说明.txt").write_text("附件说明", encoding="utf-8")),
        exit=1,
        codes=frozenset({"inbox.unknown-file"}),
    ),
    Case(
        id="inbox-zip-bomb",
        way="inbox",
        build=inbox(lambda box: zip_bomb(box / "bomb.docx")),
        exit=1,
        codes=frozenset({"inbox.unreadable"}),
    ),
    Case(
        id="inbox-tar-gz-bomb",
        way="inbox",
        build=inbox(lambda box: tar_gz_bomb(box / "材料.tar.gz")),
        exit=1,
        codes=frozenset({"read.unsafe-zip"}),
    ),
    Case(
        id="inbox-tar-links-and-paths",
        way="inbox",
        build=inbox(lambda box: _hostile_tar(box / "材料.tar")),
        exit=1,
        codes=frozenset({"inbox.archive-entry-refused"}),
    ),
    Case(
        id="inbox-doctype",
        way="inbox",
        build=inbox(lambda box: _doctype_docx(box / "lol.docx")),
        exit=1,
        codes=frozenset({"read.doctype"}),
    ),
    Case(
        id="inbox-odt-repeated-tables",
        way="inbox",
        build=inbox(lambda box: write_repeated_tables(box / "申报表.odt")),
        exit=1,
        codes=frozenset({"read.unsafe-zip"}),
    ),
    Case(
        id="inbox-password-docx",
        way="inbox",
        build=inbox(
            lambda box: (box / "2022-08-15 济南市科协" / "申报表.docx").write_bytes(
                ole("EncryptionInfo", "EncryptedPackage")
            )
        ),
        exit=1,
        codes=frozenset({"read.unreadable"}),
    ),
    Case(
        id="inbox-truncated-docx",
        way="inbox",
        build=inbox(
            lambda box: (box / "cut.docx").write_bytes(
                (EXAMPLES / "files" / "form.docx").read_bytes()[:400]
            )
        ),
        exit=1,
        codes=frozenset({"inbox.unreadable"}),
    ),
    Case(
        id="inbox-manifest-broken",
        way="inbox",
        build=inbox(
            lambda box: (box / "2022-08-15 济南市科协" / "manifest.toml").write_text(
                "arrived_at = = 1", encoding="utf-8"
            )
        ),
        exit=1,
        codes=frozenset({"inbox.manifest-invalid"}),
    ),
    Case(
        id="inbox-report-over-a-file",
        way="inbox",
        build=_report_over_file,
        exit=2,
        codes=frozenset(),
    ),
    # --- rendering --------------------------------------------------------
    Case(
        id="render-invalid-json",
        way="render",
        build=render(data_file("{")),
        exit=2,
        codes=frozenset({"cli.data-json"}),
    ),
    Case(
        id="render-nan",
        way="render",
        build=render(data_file('{"project_name": NaN}')),
        exit=2,
        codes=frozenset({"cli.data-json"}),
    ),
    Case(
        id="render-duplicate-key",
        way="render",
        build=render(data_file('{"project_name": "甲", "project_name": "乙"}')),
        exit=2,
        codes=frozenset({"cli.data-duplicate-key"}),
    ),
    Case(
        id="render-5000-digit-integer",
        way="render",
        build=render(data_file('{"project_name": ' + "9" * 5000 + "}")),
        exit=2,
        codes=frozenset({"cli.data-json"}),
    ),
    Case(
        id="render-not-object",
        way="render",
        build=render(data_file("[1, 2]")),
        exit=2,
        codes=frozenset({"render.data-not-object"}),
    ),
    Case(
        id="render-null",
        way="render",
        build=render(data_file("null")),
        exit=2,
        codes=frozenset({"render.data-not-object"}),
    ),
    Case(
        id="render-fifo",
        way="render",
        build=render(named_pipe),
        exit=2,
        codes=frozenset({"cli.data-not-a-file"}),
    ),
    Case(
        id="render-gbk",
        way="render",
        build=render(data_file('{"project_name": "项目"}'.encode("gbk"))),
        exit=2,
        codes=frozenset({"cli.data-unreadable"}),
    ),
    Case(
        id="render-deep",
        way="render",
        build=render(data_file(_nested(10_000))),
        exit=2,
        codes=frozenset({"cli.data-too-deep"}),
    ),
    Case(
        id="render-unknown-field",
        way="render",
        build=render(data_file('{"nope": "x"}')),
        exit=2,
        codes=frozenset({"render.unknown-field"}),
    ),
    Case(
        id="render-wrong-type",
        way="render",
        build=render(data_file('{"project_name": ["x"]}')),
        exit=2,
        codes=frozenset({"render.bad-value"}),
    ),
    # --- plugins --------------------------------------------------------
    Case(
        id="plugin-raises-in-every-hook",
        way="plugin",
        build=_example_check,
        exit=0,
        codes=frozenset(),
        env=_plugin_site,
    ),
    Case(
        id="plugin-import-fails",
        way="plugin",
        build=lambda tmp: ["plugins", "--json"],
        exit=1,
        codes=frozenset({"plugin.import-failed"}),
        env=_plugin_import_fails,
    ),
    Case(
        id="plugin-raises-listed",
        way="plugin",
        build=lambda tmp: ["plugins", "--json"],
        exit=1,
        codes=frozenset({"plugin.hook-failed"}),
        env=_plugin_site,
    ),
]
