"""ajv and the library give the same verdict: the exported schemas compile in
ajv 8's strict mode (``ajv/dist/2020`` + ``ajv-formats``), and on the bundled
examples and a few thousand generated envelopes ajv's verdict on the
edition's submission schema equals the Python validator's, leaving out the
checks a schema cannot express (time, files, 字 counting, quotas, roster).

ajv runs once per batch, in one node process (tests/portal/_node.py)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any, Literal

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from reform_brand import (
    Edition,
    Host,
    form_schema,
    submission_schema,
    ui_schema,
    validate_body,
)
from reform_brand._halves import WHOLE_TEXT, refuse_halves
from reform_brand.catalogue import CATALOGUE
from reform_brand.engine import Validator
from reform_brand.page import page_schema
from reform_brand.schema import annotation_meta_schema
from reform_brand.submission import read_envelope
from reform_brand.testing import SubmissionFactory
from reform_brand.testing.strategies import form_data
from tests.portal._examples import collected
from tests.portal._node import REPO, ajv_verdicts

EXAMPLES = REPO / "plugins" / "reform_brand_shandong_2022" / "examples"
#: What no JSON Schema can say: the clock, the files, 字 counting, the roster,
#: quotas and duplicates over a batch (docs/portal-guide.md, "Server only").
#: An attachment's role out of the edition's list is the schema's too
#: (``deliverables.unknown-role``, of the rule attachment-roles, is not left out).
SERVER_ONLY = frozenset(
    {
        *(code for code, info in CATALOGUE.items() if info.rule == "deliverables"),
        "lengths",
        "roster",
        "quota",
        "duplicates",
        "deadline.late",
        "deadline.arrival-unknown",
        "deadline.arrival-in-future",
        "deadline.arrival-before-issue",
    }
)
NOW = dt.datetime(2022, 8, 19, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def exported_schemas(host: Host) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for edition_id in host.editions.ids():
        edition = host.edition(edition_id)
        schemas[f"{edition_id}/submission"] = submission_schema(edition)
        for form in edition.forms:
            schemas[f"{edition_id}/{form.id}"] = form_schema(edition, form)
            schemas[f"{edition_id}/{form.id}/issuer"] = form_schema(edition, form, role="issuer")
            schemas[f"{edition_id}/page-{form.id}"] = page_schema(edition, form)["schema"]
    schemas["generic/submission"] = submission_schema(None)
    for path in sorted((REPO / "forms").glob("*/*.schema.json")):
        schemas[f"forms/{path.parent.name}/{path.name}"] = json.loads(path.read_text("utf-8"))
    return schemas


def test_every_exported_schema_compiles_in_ajv_strict_and_in_python(host: Host) -> None:
    schemas = exported_schemas(host)
    # ajv is given the published meta-schema too, and every schema conforms.
    meta_schema = json.loads(
        (REPO / "forms" / "shandong-2022" / "annotations.meta.schema.json").read_text("utf-8")
    )
    assert meta_schema == annotation_meta_schema()
    compiled, verdicts = ajv_verdicts(
        {**schemas, "meta": meta_schema}, [("meta", schema) for schema in schemas.values()]
    )
    assert {name: error for name, error in compiled.items() if error} == {}
    assert all(verdicts)
    meta = Draft202012Validator(annotation_meta_schema())
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert [e.json_path for e in meta.iter_errors(schema)] == [], name


def test_ui_schemas_name_only_properties_of_their_schema(edition: Edition) -> None:
    for form in edition.forms:
        ui = ui_schema(edition, form)
        assert ui["ui:order"] == list(form_schema(edition, form)["properties"])
    page = page_schema(edition, "application")
    assert page["uiSchema"]["ui:order"] == list(page["schema"]["properties"])


def python_verdict(validator: Validator, envelope: Any) -> bool:
    return validator.validate(envelope, now=NOW).ok


def _disagreements(
    edition: Edition, host: Host, envelopes: list[Any]
) -> list[tuple[bool | None, list[tuple[str, str]], str]]:
    validator = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    schemas = {"submission": submission_schema(edition)}
    compiled, verdicts = ajv_verdicts(schemas, [("submission", e) for e in envelopes])
    assert compiled == {"submission": None}
    out = []
    for envelope, js in zip(envelopes, verdicts, strict=True):
        report = validator.validate(envelope, now=NOW)
        if report.ok != js:
            found = [(f.code, f.pointer) for f in report.findings if f.severity == "error"]
            out.append((js, found, json.dumps(envelope, ensure_ascii=False)[:400]))
    return out


def test_bundled_examples_same_verdict(edition: Edition, host: Host) -> None:
    envelopes = []
    for path in sorted(EXAMPLES.glob("*.json")):
        value, _problems = read_envelope(path)
        if value is not None:
            envelopes.append(value)
    assert len(envelopes) >= 25
    assert _disagreements(edition, host, envelopes) == []


# -- generated inputs ---------------------------------------------------------

TRICKY_TEXT = [
    "",
    " ",
    "\u3000",
    "\t",
    "\n",
    "\ufeff",
    "\u0085",
    "\x1c",
    "\u200b",
    "\u00a0x",
    "x\u2028",
    "0531-82073271\n",
    "0531-82073271\r",
    "0531-82073271 ",
    " 0531-82073271",
    "０５３１－８２０７３２７１",
    "13805310000\n",
    "１３８０５３１００００",
    "0531—82073271",
    "0531-82073271-801",
    "0531－８２０７３２７１－８０１２",
    "１３９ ５３５１ ００８８",
    "139 5351 0088",
    "\u200b13805310000\u3000",
    "1380531\u200b0000",
    "ｏｆｆｉｃｅ＠ｅｘａｍｐｌｅ．ｃｎ",
    "office@example.cn\u200b",
    "①３８０５３１００００",
    "office@example.cn\n",
    "office@example.cn\u2028",
    "0000-01-01",
    "2022-02-30",
    "2024-02-29",
    "2022-8-1",
    "2022-08-15\n",
    "２０２２-０８-１５",
    "20220815",
    "2022-W01-1",
    "a\nb",
    "x" * 101,
    "字" * 2001,
    "同意",
]
#: Put before and after a valid value: what the engines may read differently.
EDGES = ["", "", "\n", "\r", " ", "\t", "\u3000", "\ufeff", "\u0085", "\x1c", "\u2028", "\x00"]
ODD_VALUES: list[Any] = [None, 0, 5, 1.5, True, False, [], {}, ["x"], {"a": 1}]


#: The Unicode category left out of generated text: lone surrogates.
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)


def _values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(TRICKY_TEXT),
        st.sampled_from(ODD_VALUES),
        st.text(st.characters(exclude_categories=_SURROGATES), max_size=12),
        st.tuples(st.sampled_from(TRICKY_TEXT), st.sampled_from(TRICKY_TEXT)).map("".join),
    )


def _set(data: dict[str, Any], path: list[str], value: Any) -> None:
    cur = data
    for key in path[:-1]:
        nxt = cur.get(key)
        if not isinstance(nxt, dict):
            cur[key] = nxt = {}
        cur = nxt
    if value is _DELETE:
        cur.pop(path[-1], None)
    else:
        cur[path[-1]] = value


_DELETE: Any = object()


def data_mutations(edition: Edition) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Valid form data (from the form's schema) in an envelope, and four
    variants of it with one or two fields changed or removed."""
    factory = SubmissionFactory(edition)

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        form = draw(st.sampled_from(edition.forms))
        kinds = [k for k in edition.unit_kinds if form.id in k.forms]
        base = factory(form, unit_kind=draw(st.sampled_from(kinds)).id)
        base["data"] = draw(form_data(edition, form, max_text=40))
        fields = [*form.walk(), ("/unknown_key", None), ("/contact/extra", None)]
        out = [base]
        for _ in range(4):
            env = copy.deepcopy(base)
            for _ in range(draw(st.integers(1, 2))):
                ptr, f = draw(st.sampled_from(fields))
                example = (f.example if f is not None else "") or "x"

                def framed(ends: tuple[str, str], example: str = example) -> str:
                    return ends[0] + example + ends[1]

                decorated = st.tuples(st.sampled_from(EDGES), st.sampled_from(EDGES)).map(framed)
                value = draw(st.one_of(_values(), decorated, decorated, st.just(_DELETE)))
                _set(env["data"], ptr.strip("/").split("/"), value)
            out.append(env)
        return out

    return build()


def envelope_mutations(edition: Edition) -> st.SearchStrategy[dict[str, Any]]:
    factory = SubmissionFactory(edition)
    kinds = [k.id for k in edition.unit_kinds] + ["unknown-kind", ""]
    items = [it.number for it in edition.reform_items]
    member: dict[str, st.SearchStrategy[Any]] = {
        "version": st.sampled_from([1, 2, "1", True, 1.0, None]),
        "id": st.sampled_from(["a", "", " ", "x" * 201, 5]),
        "edition": st.sampled_from([edition.id, "other", "", 1]),
        "form": st.sampled_from([*(f.id for f in edition.forms), "nope", "", None]),
        "reform_items": st.one_of(
            st.lists(st.sampled_from([*items, 0, -1, max(items) + 1, "1", 1.5, True])),
            st.sampled_from([None, "1", {}]),
        ),
        "arrived_at": st.sampled_from(
            [
                "2022-08-19T10:00:00+08:00",
                "2022-08-19T10:00:00Z",
                "2022-08-19T10:00:00",
                None,
                "soon",
                5,
            ]
        ),
        "attachments": st.sampled_from(
            [
                [],
                [{"role": "signed-scan", "path": "a.pdf"}],
                [{"role": "nope", "path": "a.pdf"}],
                [{"role": "word", "path": ""}],
                [{"role": "word"}],
                [{"role": "word", "path": "a.docx", "x": 1}],
                "a.pdf",
            ]
        ),
        "data": st.sampled_from([[], "x", None]),
        "extra": st.just(1),
    }
    unit_member: dict[str, st.SearchStrategy[Any]] = {
        "name": st.sampled_from(["济南市科协", "", " ", "x" * 201, 5]),
        "kind": st.sampled_from(kinds),
        "city": st.sampled_from(["济南市科协", "", "x" * 201, None]),
        "extra": st.just("x"),
    }

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        form = draw(st.sampled_from(edition.forms))
        kinds_ok = [k.id for k in edition.unit_kinds if form.id in k.forms]
        env = factory(form, unit_kind=draw(st.sampled_from(kinds_ok)))
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                key = draw(st.sampled_from(sorted(member)))
                value = draw(st.one_of(member[key], st.just(_DELETE)))
                _set(env, [key], value)
            elif isinstance(env.get("unit"), dict):
                key = draw(st.sampled_from(sorted(unit_member)))
                value = draw(st.one_of(unit_member[key], st.just(_DELETE)))
                _set(env["unit"], [key], value)
        return env

    return build()


def test_generated_form_data_same_verdict(edition: Edition, host: Host) -> None:
    envelopes = [e for group in collected(data_mutations(edition), 500) for e in group]
    assert len(envelopes) >= 2000
    assert _disagreements(edition, host, envelopes) == []


def test_generated_envelopes_same_verdict(edition: Edition, host: Host) -> None:
    envelopes = collected(envelope_mutations(edition), 600)
    assert len(envelopes) >= 500
    assert _disagreements(edition, host, envelopes) == []


def test_the_editing_validator_refuses_an_unknown_role_as_ajv_does(
    edition: Edition, host: Host
) -> None:
    """The portal guide's validator while the unit edits leaves the
    deliverables rule out (nothing is uploaded yet): an attachment's role
    out of the edition's list passed there, while the page's ajv refuses it
    (the exported schema spells the roles out). Both refuse it; a role of
    the edition's passes both."""
    editing = Validator.create(edition, host=host, ignore={"deliverables", "deadline"})
    known = SubmissionFactory(edition)()
    unknown = copy.deepcopy(known)
    unknown["attachments"].append({"role": "photo", "path": "photo.jpg"})
    at = f"/attachments/{len(unknown['attachments']) - 1}/role"
    report = editing.validate(unknown, now=NOW)
    assert [(f.code, f.pointer) for f in report.findings] == [("deliverables.unknown-role", at)]
    assert editing.validate(known, now=NOW).ok
    compiled, verdicts = ajv_verdicts(
        {"submission": submission_schema(edition)},
        [("submission", unknown), ("submission", known)],
    )
    assert compiled == {"submission": None}
    assert verdicts == [False, True]


def test_half_a_character_fails_the_submission_schema_as_the_server_refuses_it(
    edition: Edition, host: Host
) -> None:
    """A lone surrogate (``\\ud840``, half of 𠀀) passed the edition's
    submission schema in ajv, and the server refuses it, in a body as
    JSON.stringify writes it (``envelope.not-json``) and in an envelope
    already parsed (``envelope.not-text``): the published schema refuses it
    too (docs/portal-guide.md, "Half a character"). The schema the engine
    compiles (``refuse_halves=False``) still passes it: the engine refuses
    it before any schema. The whole 𠀀 passes all of them."""
    editing = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    whole = SubmissionFactory(edition)("application")
    whole["unit"]["name"] = whole["data"]["applicant_unit"] = "济南\U00020000科协"
    half = copy.deepcopy(whole)
    half["unit"]["name"] = half["data"]["applicant_unit"] = "济南\ud840科协"
    schemas = {
        "submission": submission_schema(edition),
        "engine": submission_schema(edition, refuse_halves=False),
    }
    compiled, verdicts = ajv_verdicts(
        schemas, [(name, env) for name in schemas for env in (whole, half)]
    )
    assert compiled == {"submission": None, "engine": None}
    assert verdicts == [True, False, True, True]
    assert validate_body(editing, json.dumps(whole), now=NOW).ok
    body = validate_body(editing, json.dumps(half), now=NOW)
    assert [f.code for f in body.findings] == ["envelope.not-json"]
    parsed = editing.validate(half, now=NOW)
    assert ("envelope.not-text", "/unit/name") in [(f.code, f.pointer) for f in parsed.findings]
    assert not parsed.ok


#: Half characters (lone surrogates, a pair the wrong way round) and whole
#: ones beyond U+FFFF (two UTF-16 units in the browser, one code point).
HALVES = ["\ud840", "\udc00", "\udc80", "\udfff", "\udc00\ud840"]
WHOLES = ["\U00020000", "\U0001f600"]


def test_the_page_refuses_half_a_character_as_the_server_does(edition: Edition, host: Host) -> None:
    """A lone surrogate in a field of the portal's page passed ajv, and the
    server refused the body the page sent (``envelope.not-json``): the page
    schema's pattern of every text refuses it in ajv (``u`` flag: a pair is
    one code point) and in Python's ``re`` alike, and a whole 𠀀 or emoji
    still passes all three."""
    editing = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    page = page_schema(edition, "application")["schema"]
    base = SubmissionFactory(edition)("application", unit_kind="city-association")
    for member in ("id", "arrived_at", "attachments"):
        base.pop(member, None)
    fields = ["/unit/name", "/data/project_name", "/data/contact/mobile", "/data/date"]
    cases: list[tuple[str, Any]] = [("page", base)]
    for pointer in fields:
        for ch in [*HALVES, *WHOLES]:
            env = copy.deepcopy(base)
            path = pointer.strip("/").split("/")
            cur = env
            for key in path[:-1]:
                cur = cur[key]
            cur[path[-1]] += ch
            cases.append(("page", env))
    compiled, verdicts = ajv_verdicts({"page": page}, cases)
    assert compiled == {"page": None}
    python = Draft202012Validator(page, format_checker=Draft202012Validator.FORMAT_CHECKER)
    server = [validate_body(editing, json.dumps(env), now=NOW).ok for _, env in cases]
    assert verdicts == [python.is_valid(env) for _, env in cases] == server
    assert verdicts[0] is True
    halves = [v for (_, env), v in zip(cases, verdicts, strict=True) if _has_half(env)]
    assert len(halves) == len(fields) * len(HALVES) and not any(halves)
    # 𠀀 and 😀 pass where text may hold them.
    assert verdicts[1 + len(HALVES) : 1 + len(HALVES) + len(WHOLES)] == [True] * len(WHOLES)


def test_only_the_texts_a_value_must_match_refuse_half_a_character() -> None:
    """A text under ``not`` or ``if`` is left as it is: refusing half a
    character there would let through what it refuses, or take the other
    branch."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"a": {"type": ["string", "null"]}, "b": {"not": {"type": "string"}}},
        "if": {"properties": {"a": {"type": "string", "pattern": "x"}}},
        "then": {"properties": {"a": {"type": "string", "maxLength": 3}}},
    }
    refuse_halves(schema)
    assert schema["properties"]["a"]["pattern"] == WHOLE_TEXT
    assert schema["then"]["properties"]["a"]["pattern"] == WHOLE_TEXT
    assert schema["properties"]["b"] == {"not": {"type": "string"}}
    assert schema["if"]["properties"]["a"]["pattern"] == "x"
    assert not Draft202012Validator(schema).is_valid({"a": "x\ud840"})


def _has_half(value: Any) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in json.dumps(value, ensure_ascii=False))
