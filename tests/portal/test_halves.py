"""Half a character (a lone surrogate, ``\\ud840``) in the schemas a portal
is given: every text of a published schema refuses it, as the server does
(reform_brand._halves)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any, Literal

import pytest
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from reform_brand import (
    Edition,
    Form,
    Host,
    form_schema,
    page_schema,
    submission_schema,
    validate_body,
)
from reform_brand._halves import WHOLE_TEXT, refuse_halves, whole_text
from reform_brand.engine import Validator
from reform_brand.schema import NOT_BLANK
from reform_brand.testing import SubmissionFactory
from tests.portal._examples import collected
from tests.portal._node import REPO, ajv_verdicts
from tests.portal.test_differential import NOW, SERVER_ONLY

FORMS = REPO / "forms" / "shandong-2022"


def test_a_subschema_found_at_two_places_is_rewritten_once(edition: Edition) -> None:
    """The page's ``unit.city`` is one object with the city the condition
    of a county association asks for: it was walked twice and its pattern
    wrapped twice."""
    page = page_schema(edition, "application")["schema"]
    city = page["properties"]["unit"]["properties"]["city"]
    assert city["pattern"] == whole_text(NOT_BLANK)
    asked = [c["then"]["properties"]["unit"]["properties"]["city"] for c in page["allOf"][-1:]]
    assert asked == [city]
    shared: dict[str, Any] = {"type": "string"}
    schema: dict[str, Any] = {"type": "object", "properties": {"a": shared, "b": [shared]}}
    refuse_halves(schema)
    assert shared == {"type": "string", "pattern": WHOLE_TEXT}


# -- the published schemas and the server give the same verdict ---------------

#: Half characters (a high or low surrogate alone, the bytes a file name
#: stands for included), whole ones beyond U+FFFF and ordinary text.
_HALF: tuple[Literal["Cs"]] = ("Cs",)
_PIECES = st.one_of(
    st.characters(categories=_HALF),
    st.sampled_from(["\U00020000", "\U0001f600", "字", "a", " "]),
    st.characters(exclude_categories=(*_HALF, "Cc")),
)
#: The bytes of a file name that is not UTF-8 (os.fsdecode): half characters
#: the engine takes in an envelope given already parsed, not in a body.
_FILE_BYTES = re.compile("[\udc80-\udcff]")


def _texts(value: str) -> st.SearchStrategy[str]:
    """``value`` with generated text before, inside or after it, or that
    text alone, as a portal's JSON carries it (a high surrogate followed
    by a low one is one character there)."""
    piece = st.lists(_PIECES, min_size=1, max_size=4).map("".join)
    at = st.sampled_from([0, len(value) // 2, len(value)])
    framed = st.tuples(piece, at).map(lambda p: value[: p[1]] + p[0] + value[p[1] :])
    return st.one_of(framed, framed, piece).map(lambda t: json.loads(json.dumps(t)))


def _text_pointers(schema: dict[str, Any], form: Form) -> list[str]:
    """The pointers of the form's fields that take text (a choice's too)."""
    out = []
    for pointer, _field in form.walk():
        node = schema
        for key in pointer.strip("/").split("/"):
            node = node["properties"][key]
        kind = node.get("type")
        if kind == "string" or (isinstance(kind, list) and "string" in kind):
            out.append(pointer)
    return out


def _put(value: dict[str, Any], pointer: str, text: str) -> None:
    *path, last = pointer.strip("/").split("/")
    for key in path:
        value = value.setdefault(key, {})
    value[last] = text


def test_published_schemas_refuse_half_a_character_where_the_server_does(
    edition: Edition, host: Host
) -> None:
    """Every text of every form (and the envelope's unit name and id) given
    generated text with and without half characters: the published schemas
    (forms/, form_schema, submission_schema) in Python's jsonschema and in
    ajv refuse exactly the envelopes the server refuses in a body
    (``envelope.not-json``) and, but for the bytes of a file name, given
    already parsed (``envelope.not-text``). Half a character passed them
    all, and the server refused it."""
    editing = Validator.create(edition, host=host, ignore=SERVER_ONLY)
    factory = SubmissionFactory(edition)
    published = {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))
        for p in FORMS.glob("*.schema.json")
    }
    published.pop("annotations.meta")
    assert published["submission"] == submission_schema(edition)
    cases: list[tuple[str, str, str, dict[str, Any]]] = []
    for form in edition.forms:
        assert published[form.id] == form_schema(edition, form)
        base = factory(form)
        pointers = [f"/data{p}" for p in _text_pointers(published[form.id], form)]
        texts = [p for p, f in form.walk() if f.type != "group" and not f.is_number]
        assert pointers == [f"/data{p}" for p in texts] and texts
        for pointer in [*pointers, "/unit/name", "/id"]:
            node: Any = base
            for key in pointer.strip("/").split("/"):
                node = node.get(key, "") if isinstance(node, dict) else ""
            for text in collected(_texts(node if isinstance(node, str) else ""), 12):
                env = copy.deepcopy(base)
                _put(env, pointer, text)
                cases.append((form.id, pointer, text, env))
    # The form's schema on the data, the submission schema on the envelope.
    checks = [(form, env["data"]) for form, pointer, _, env in cases if pointer.startswith("/data")]
    checks += [("submission", env) for *_, env in cases]
    compiled, ajv = ajv_verdicts(published, checks)
    assert set(compiled.values()) == {None}
    python = {
        name: Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for name, schema in published.items()
    }
    verdicts: list[list[bool | None]] = [[] for _ in cases]
    data_cases = [i for i, (_, pointer, _, _) in enumerate(cases) if pointer.startswith("/data")]
    for i, (name, value), js in zip([*data_cases, *range(len(cases))], checks, ajv, strict=True):
        verdicts[i] += [js, python[name].is_valid(value)]
    disagree = []
    for (_, pointer, text, env), row in zip(cases, verdicts, strict=True):
        body = validate_body(editing, json.dumps(env), now=NOW).ok
        row.append(body)
        if not _FILE_BYTES.search(text):
            row.append(editing.validate(env, now=NOW).ok)
        if len(set(row)) > 1:
            disagree.append((pointer, ascii(text), row))
    assert disagree == []
    refused = [
        row[-1] for (_, _, text, _), row in zip(cases, verdicts, strict=True) if _is_half(text)
    ]
    n = len(cases)
    assert len(refused) > n // 4 and not any(refused)
    # (Text with no half passes, where the field takes it.)
    assert sum(bool(row[-1]) for row in verdicts) > n // 8


def _is_half(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def test_the_engine_compiles_its_schemas_without_the_pattern(edition: Edition, host: Host) -> None:
    """The engine refuses half a character before any schema: the schemas
    it compiles (jsonschema and the fast path) have no pattern for it, and
    ``validate()`` pays nothing for it."""
    index = Validator.create(edition, host=host).index
    schemas = [index.envelope.schema, *(index.data[f.id].schema for f in edition.forms)]
    assert all("\\uD800-" not in json.dumps(schema) for schema in schemas)
    for form in edition.forms:
        engine = form_schema(edition, form, refuse_halves=False)
        assert index.data[form.id].schema == engine | {"$id": f"{engine['$id']}:data"}
    assert sorted(index.fast_data) == sorted(f.id for f in edition.forms)
    assert index.fast_envelope is not None
    assert "\\uD800-" in json.dumps(form_schema(edition, "application"))


@pytest.mark.parametrize("flag", ["no", 0, None])
def test_refuse_halves_takes_true_or_false(edition: Edition, flag: Any) -> None:
    said = f"^refuse_halves takes True or False, not {type(flag).__name__}$"
    calls: list[Callable[[], object]] = [
        lambda: form_schema(edition, "application", refuse_halves=flag),
        lambda: submission_schema(edition, refuse_halves=flag),
        lambda: submission_schema(None, refuse_halves=flag),
    ]
    for call in calls:
        with pytest.raises(TypeError, match=said):
            call()


def test_the_schema_command_prints_the_published_schemas(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    """``reform-brand schema`` prints what forms/ holds: texts that refuse
    half a character, with the message for it."""
    from reform_brand.cli import main

    for name in ("application", "recommendation", "submission"):
        assert main(["schema", edition.id, name]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed == json.loads((FORMS / f"{name}.schema.json").read_text("utf-8"))
        assert "envelope.not-text" in printed["x-reform-brand"]["messages"]
    assert main(["schema", edition.id, "application", "--role", "issuer"]) == 0
    issuer = json.loads(capsys.readouterr().out)
    assert issuer == form_schema(edition, "application", role="issuer")
    opinion = issuer["properties"]["issuer_opinion"]
    assert opinion["pattern"].startswith(WHOLE_TEXT)
