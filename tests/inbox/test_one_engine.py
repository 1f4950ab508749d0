"""One engine, differentially: seeded batches of submissions, each sent as
JSON envelopes (checked by ``Validator.validate_batch``) and as an office's
inbox (the same forms rendered as Word files, one e-mail folder each with a
manifest giving the unit, the arrival and the declared items, checked by
``check_inbox``), get the same findings, submission by submission and over
the batch, for the reference edition and two third-party ones; and
``reform-brand check`` on the envelopes gives what ``validate_batch`` gives.

What a Word form cannot say as a JSON envelope can is left out, as
docs/inbox.md ("Export") lists it: the ledger and intake's notes
(``inbox.*``, ``read.*``, ``mail.*``); a value the reader could not read
(``read.bad-date``…) is left out of the data, so the envelope's finding on
that value is the form's ``form.required``; an empty string is a blank cell
(``form.empty`` in an envelope, ``form.required`` for a required field of a
form, nothing for another); and the files a quota names are the envelopes'
files or the inbox's forms.

``REFORM_BRAND_ONE_ENGINE_BATCHES`` sets the number of batches per edition
(default 10) for a longer run."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Host
from reform_brand.cli import main
from reform_brand.engine import Validator
from reform_brand.findings import BatchReport, Finding, report_to_json
from reform_brand.model import Form
from reform_brand.office import check_inbox
from reform_brand.render import render_form
from reform_brand.testing import SubmissionFactory
from reform_brand.testing._factory import ATTACHMENT_BYTES
from tests.inbox.conftest import NOW
from tests.neutral.conftest import NOW as HAINAN_NOW
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin

BATCHES = int(os.environ.get("REFORM_BRAND_ONE_ENGINE_BATCHES", "10"))
WORD, SCAN = "申报表.docx", "申报表（盖章）.pdf"
#: A revised form sent in the same e-mail as the first (its envelope's id
#: is the next one).
REVISED = "申报表（修改版）.docx"
Key = tuple[str, str, str, str]


@pytest.fixture(scope="module")
def editions() -> dict[str, Edition]:
    host = Host.create(plugins=[HainanPlugin(), GuizhouPlugin()], block=())
    return {e: host.edition(e) for e in ("shandong-2022", "hainan-2024", "guizhou-2025")}


def _unit(make: SubmissionFactory, form: Form, rnd: random.Random) -> dict[str, str]:
    kind = rnd.choice([k for k in make.edition.unit_kinds if form.id in k.forms])
    unit = make.unit(kind, rnd.randint(0, 2))
    roster = next((u for u in make.edition.roster if u.name == unit["name"]), None)
    if roster is not None and roster.aliases and rnd.random() < 0.3:
        unit["name"] = rnd.choice(roster.aliases)  # as the unit writes its name
    return unit


def _arrival(edition: Edition, rnd: random.Random) -> str | None:
    deadline = edition.deadline.at
    r = rnd.random()
    if r < 0.1:
        return None
    if r < 0.15:
        return deadline.isoformat()  # on the deadline itself
    hours = rnd.randint(1, 60) if r < 0.3 else -rnd.randint(1, 240)
    return (deadline + dt.timedelta(hours=hours)).isoformat()


def _spoil(form: Form, data: dict[str, Any], rnd: random.Random) -> None:
    """One field filled in wrongly, as a unit may: too long, left blank
    (missing or empty), a bad mobile number, a table date that is none."""
    fields = [f for f in form.fields if isinstance(data.get(f.id), str) and f.filled_by != "issuer"]
    how = rnd.choice(["long", "blank", "empty", "mobile", "date"])
    if how == "long":
        long = [f for f in fields if f.max_zi or f.max_chars]
        if long:
            f = rnd.choice(long)
            data[f.id] = "改革" * (max(f.max_zi, f.max_chars) // 2 + 5)
    elif how in ("blank", "empty"):
        f = rnd.choice(fields)
        if how == "blank":
            del data[f.id]
        else:
            data[f.id] = ""
    elif how == "mobile":
        for f in form.fields:
            for sub in (f, *f.fields):
                target = data if sub is f else data.get(f.id)
                if sub.type == "mobile" and isinstance(target, dict):
                    target[sub.id] = "1390756"
    else:
        dates = [f for f in fields if f.type == "date" and f.placement == "body"]
        if dates:
            data[rnd.choice(dates).id] = rnd.choice(["2024 年 7 月", "2022-13-45", "明年"])


def make_batch(edition: Edition, rnd: random.Random) -> list[dict[str, Any]]:
    """Envelopes of one batch; the attachments only name the roles sent."""
    make = SubmissionFactory(edition)
    out: list[dict[str, Any]] = []
    for _ in range(rnd.randint(3, 8)):
        form = rnd.choice(edition.forms)
        env = make(form.id)
        env["unit"] = _unit(make, form, rnd)
        arrived = _arrival(edition, rnd)
        env.pop("arrived_at")
        if arrived is not None:
            env["arrived_at"] = arrived
        items = [i.number for i in edition.reform_items]
        if items:
            declared = rnd.choice([[items[0]], [items[-1], items[0]], [len(items) + 1], []])
            if declared:
                env["reform_items"] = declared
            else:
                del env["reform_items"]
        # The Word file first, as intake lists it.
        word = {d.id for d in edition.delivery.deliverables if "docx" in d.file_types}
        env["attachments"] = sorted(
            (a["role"] for a in env["attachments"]), key=lambda r: r not in word
        )
        if len(env["attachments"]) > 1 and rnd.random() < 0.15:
            env["attachments"] = env["attachments"][:-1]  # the scan not sent
        if rnd.random() < 0.4:
            _spoil(form, env["data"], rnd)
        env["id"] = f"s{len(out):02d}"
        out.append(env)
        r = rnd.random()
        if r < 0.4:  # sent again later, or the same project by another unit
            again = copy.deepcopy(env)
            again["id"] = f"s{len(out):02d}"
            if r < 0.1:
                again["unit"] = _unit(make, form, rnd)
            elif r < 0.2 and env["data"].get(form.project_field):
                # A revision of the project in the same e-mail: the scan is its.
                again["mail"] = env["id"]
                env["attachments"] = env["attachments"][:1]
                out.append(again)
                continue
            if arrived is not None:
                later = dt.datetime.fromisoformat(arrived) + dt.timedelta(hours=rnd.randint(1, 30))
                again["arrived_at"] = later.isoformat()
            out.append(again)
    out += _materials(make, rnd, len(out))
    return out


def _materials(make: SubmissionFactory, rnd: random.Random, n: int) -> list[dict[str, Any]]:
    """Materials-only envelopes: an extra material, sometimes too long,
    sometimes sent twice or by a unit it is not asked of."""
    out: list[dict[str, Any]] = []
    for material in make.edition.extra_materials:
        if not material.unit_kinds or rnd.random() < 0.3:
            continue
        for _ in range(rnd.randint(1, 2)):
            kind = rnd.choice([*material.unit_kinds, make.edition.unit_kinds[0].id])
            text = "改革工作进展。" * rnd.choice([10, material.max_zi // 7 + 10])
            out.append(
                {
                    "version": 1,
                    "id": f"s{n + len(out):02d}",
                    "edition": make.edition.id,
                    "unit": make.unit(kind, rnd.randint(0, 1)),
                    "attachments": [material.id],
                    "text": text,
                }
            )
    return out


def _files(edition: Edition, env: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    """The files of ``env`` by role: the form rendered, a scan."""
    if "text" in env:  # an extra material
        return {env["attachments"][0]: ("进展情况.txt", env["text"].encode())}
    out = {}
    for role in env["attachments"]:
        d = next(d for d in edition.delivery.deliverables if d.id == role)
        if "docx" in d.file_types:
            out[role] = (
                REVISED if "mail" in env else WORD,
                render_form(edition, env["form"], copy.deepcopy(env["data"])),
            )
        else:
            out[role] = (SCAN, ATTACHMENT_BYTES["pdf"])
    return out


def write_json(edition: Edition, envs: list[dict[str, Any]], root: Path) -> list[Path]:
    paths = []
    root.mkdir(parents=True)
    for env in envs:
        e = copy.deepcopy(env)
        e["attachments"] = []
        e.pop("text", None)
        e.pop("mail", None)
        for role, (name, content) in _files(edition, env).items():
            (root / e["id"]).mkdir(parents=True, exist_ok=True)
            (root / e["id"] / name).write_bytes(content)
            e["attachments"].append({"role": role, "path": f"{e['id']}/{name}"})
        path = root / f"{e['id']}.json"
        path.write_text(json.dumps(e, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def write_inbox(edition: Edition, envs: list[dict[str, Any]], root: Path) -> None:
    for env in envs:
        folder = root / env.get("mail", env["id"])
        folder.mkdir(parents=True, exist_ok=True)
        manifest: list[str] = []
        if "arrived_at" in env:
            manifest.append(f"arrived_at = {env['arrived_at']}")
        if "reform_items" in env:
            manifest.append(f"reform_items = {json.dumps(env['reform_items'])}")
        manifest.append("[unit]")
        manifest += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in env["unit"].items()]
        for role, (name, content) in _files(edition, env).items():
            (folder / name).write_bytes(content)
            if "text" in env:
                manifest.append(f'[[materials]]\npath = "{name}"\nmaterial = "{role}"')
        if "mail" not in env:
            (folder / "manifest.toml").write_text("\n".join(manifest) + "\n", encoding="utf-8")


_SUBMISSION = re.compile(r"s(\d\d)(?:\.json|/[^',)\]]*)?")


def _same(text: str, root: Path) -> str:
    """``text`` with a submission's id or file as ``sNN``."""
    text = text.replace(f"{root}/", "")
    return _SUBMISSION.sub(lambda m: f"s{int(m[1]) + 1:02d}" if REVISED in m[0] else m[0][:3], text)


def _params(f: Finding, root: Path) -> str:
    # The files a quota or a version names: the envelopes' files, or none
    # where the id is the inbox's form; the scan a scan finding names.
    params = {k: v for k, v in f.params.items() if k not in ("files", "latest_file", "path")}
    return _same(repr(sorted(params.items())), root)


def findings(report: BatchReport, root: Path) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for s in report.submissions:
        key = _same(s.submission, root)
        for f in s.findings:
            out[(f.code, key, f.pointer, _params(f, root))] += 1
    for f in report.findings:
        out[(f.code, "", f.pointer, _params(f, root))] += 1
    return out


def _empty(envs: dict[str, dict[str, Any]], sub: str, pointer: str) -> bool:
    """Whether the envelope ``sub`` holds an empty string at ``pointer``."""
    value: Any = envs.get(sub) if pointer.startswith("/data/") else None
    for part in pointer.split("/")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return isinstance(value, str) and not value


def documented(
    from_json: Counter[Key], from_inbox: Counter[Key], envs: dict[str, dict[str, Any]]
) -> None:
    """Take away, in place, the differences docs/inbox.md lists."""
    for key in [k for k in from_inbox if k[0].startswith(("inbox.", "read.", "mail."))]:
        if key[0].startswith("read.bad-"):
            # A value not read is left out: the envelope's finding on it is
            # the form's form.required, if any.
            for k in [k for k in from_json if k[1:3] == key[1:3] and k[0].startswith("form.")]:
                del from_json[k]
            for k in [k for k in from_inbox if k[:3] == ("form.required", *key[1:3])]:
                del from_inbox[k]
        del from_inbox[key]
    for key in [k for k in from_json if k[0].startswith("form.") and _empty(envs, *k[1:3])]:
        # An empty string is a blank cell: missing, required or not.
        for k in [k for k in from_inbox if k[:3] == ("form.required", *key[1:3])]:
            del from_inbox[k]
        del from_json[key]
    for key in [k for k in from_json if k[0] == "reform-items.undeclared"]:
        # A Word form cannot declare items: where they are suggested, an
        # envelope (which could have declared them) is warned.
        if any(k[:2] == ("reform-items.suggested", key[1]) for k in from_inbox):
            del from_json[key]


def differences(edition: Edition, seed: int, root: Path, now: dt.datetime) -> list[str]:
    envs = make_batch(edition, random.Random(seed))
    paths = write_json(edition, envs, root / "json")
    write_inbox(edition, envs, root / "inbox")
    # The office's check runs the opt-in rules: the batch asks for them too.
    checked = Validator(edition, include="*").validate_batch(paths, now=now)
    from_json = findings(checked, root / "json")
    from_inbox = findings(check_inbox(edition, root / "inbox", now=now).batch, root / "inbox")
    documented(from_json, from_inbox, {e["id"]: e for e in envs})
    return [
        f"seed {seed}: {key} json={from_json[key]} inbox={from_inbox[key]}"
        for key in sorted(from_json.keys() | from_inbox.keys())
        if from_json[key] != from_inbox[key]
    ]


@pytest.mark.parametrize("edition_id", ["shandong-2022", "hainan-2024", "guizhou-2025"])
def test_a_batch_gets_the_same_findings_as_json_and_as_an_inbox(
    editions: dict[str, Edition], edition_id: str, tmp_path: Path
) -> None:
    edition = editions[edition_id]
    now = {"shandong-2022": NOW, "hainan-2024": HAINAN_NOW}.get(
        edition_id, edition.deadline.at + dt.timedelta(days=3)
    )
    found = []
    for seed in range(BATCHES):
        found += differences(edition, seed, tmp_path / str(seed), now)
    assert found == []


def _json_findings(report: dict[str, Any]) -> Counter[tuple[str, str, str]]:
    out: Counter[tuple[str, str, str]] = Counter()
    for s in report["submissions"]:
        out.update((f["code"], s["id"], f["pointer"]) for f in s["findings"])
    out.update((f["code"], "", f["pointer"]) for f in report["findings"])
    return out


def test_check_on_the_envelopes_gives_what_validate_batch_gives(
    editions: dict[str, Edition], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edition = editions["shandong-2022"]
    for seed in range(3):
        envs = make_batch(edition, random.Random(seed))
        paths = write_json(edition, envs, tmp_path / str(seed))
        expected = report_to_json(Validator(edition, include="*").validate_batch(paths, now=NOW))
        args = ["check", edition.id, str(tmp_path / str(seed)), "--json", "--now", NOW.isoformat()]
        assert main(args) == (0 if expected["ok"] else 1)
        found = _json_findings(json.loads(capsys.readouterr().out))
        assert found == _json_findings(expected)
