"""Envelopes near the plain path's edge, for the quiet tests, and how often
each quiet test says True and False of them (:func:`quiet_answers`).

A valid envelope of any form (:func:`reform_brand.testing.strategies.envelopes`)
with a few of the facts the submission rules judge changed to a value that is
still of its type, so that most stay plain (the engine's plain path asks the
rules' quiet tests about them) while many give a rule something to say: a
unit of another kind, without its city or named otherwise, a form naming
another unit, reform items unknown or none, arrival times early, late, in
the future or without a zone, attachments of unknown roles or odd paths,
contacts in full-width characters or out of format, an issuer's field
filled, texts with control or invisible characters, texts at their length
limits and at their 字 limits.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Validator
from reform_brand.registries import Rule
from reform_brand.testing import quiet_holds
from reform_brand.testing.strategies import envelopes

#: Arrival times of every kind the deadline rule tells apart (the reference
#: edition's call: issued 2022-08-12, deadline 2022-08-24; another edition's
#: fall elsewhere among them).
ARRIVALS = [
    "2022-08-19T10:00:00+08:00",
    "2022-08-24T23:59:59+08:00",
    "2022-08-25T00:00:00+08:00",
    "2022-08-24T16:00:00Z",
    "2022-08-01T09:00:00+08:00",
    "2021-12-31T09:00:00+08:00",
    "2023-05-01T09:00:00+08:00",
    "2030-01-01T00:00:00+08:00",
    "2022-08-19T10:00:00",
    "2022-08-19",
    "2022-08-19 10:00",
    "2022/08/19 10:00",
    "not a time",
    "0001-01-01T00:00:00+08:00",
    "9999-12-31T23:59:59+08:00",
    "2022-02-30T10:00:00+08:00",
    "２０２２-08-19T10:00:00+08:00",
]

#: Texts a field may hold that a rule may judge (control, invisible and
#: full-width characters, white space, dashes, long runs).
ODD_TEXTS = [
    "",
    " ",
    "\u3000",
    "\u200b",
    "a\x01b",
    "a\tb",
    "a\nb",
    " 济南市科协 ",
    "济南市科协\u200b",
    "０５３１－８２０７３２７１",
    "0531 82073271",
    "0531-82073271-123",
    "053182073271",
    "１３８０５３１００００",
    "13805310000 ",
    "138-0531-0000",
    "ｏｆｆｉｃｅ＠ｅｘａｍｐｌｅ．ｃｎ",
    "office@example",
    "office @example.cn",
    "无",
    "同意",
    "x" * 20,
    "长" * 200,
    "\ufeff文本",
]

PATHS = [
    "scan.pdf",
    "form.docx",
    "form.doc",
    "a/b/scan.pdf",
    "../scan.pdf",
    "/etc/passwd",
    "C:\\scan.pdf",
    "scan.PDF",
    "scan",
    "扫描件.pdf",
    " scan.pdf",
    "scan.pdf ",
    "a\\b.pdf",
    "./scan.pdf",
    "scan.pdf.exe",
]


def _edit_text(draw: st.DrawFn, data: dict[str, Any], edition: Edition, form_id: str) -> None:
    """One text field of ``data`` (perhaps in a group) given an odd text."""
    groups = [data] + [v for v in data.values() if isinstance(v, dict)]
    target = draw(st.sampled_from(groups))
    keys = sorted(k for k, v in target.items() if isinstance(v, str))
    form = next(f for f in edition.forms if f.id == form_id)
    absent = sorted(
        f.id for f in form.fields if f.id not in data and f.type not in ("group", "choice")
    )
    if bool(absent) and draw(st.booleans()):
        data[draw(st.sampled_from(absent))] = draw(st.sampled_from(ODD_TEXTS))
    elif keys:
        key = draw(st.sampled_from(keys))
        target[key] = draw(st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=30)))


@st.composite
def plain_variants(draw: st.DrawFn, edition: Edition) -> dict[str, Any]:
    """A valid envelope of ``edition`` with some of its judged facts changed
    (see the module's text)."""
    env = copy.deepcopy(draw(envelopes(edition, max_text=40)))
    kinds = [k.id for k in edition.unit_kinds]
    names = sorted({u.name for u in edition.roster}) if edition.roster else []
    names += ["某某科协", "济南市科协", "青岛市科协", "山东省科技馆", "省科协科普部"]
    # (Aliases, and a roster name spelt otherwise: the same unit to the
    # roster and the unit rule, which a quiet test may leave to its check.)
    names += sorted({a for u in edition.roster for a in u.aliases})
    names += [f" {n}\u3000" for n in names[:2]]
    for _ in range(draw(st.integers(0, 3))):
        what = draw(
            st.sampled_from(
                ["kind", "city", "name", "named", "items", "arrival", "attachments", "text", "zi"]
            )
        )
        unit = env["unit"]
        if what == "kind":
            unit["kind"] = draw(st.sampled_from([*kinds, "unknown-kind"]))
        elif what == "city":
            if "city" in unit and draw(st.booleans()):
                del unit["city"]
            else:
                unit["city"] = draw(st.sampled_from(names))
        elif what == "name":
            unit["name"] = draw(st.sampled_from(names))
        elif what == "named":
            keys = sorted(k for k, v in env["data"].items() if isinstance(v, str))
            if keys:
                env["data"][draw(st.sampled_from(keys))] = draw(st.sampled_from(names))
        elif what == "items":
            numbers = [it.number for it in edition.reform_items]
            pool = [*numbers, max(numbers, default=0) + 1, 99]
            items = draw(st.lists(st.sampled_from(pool), max_size=4, unique=True))
            if bool(items) or draw(st.booleans()):
                env["reform_items"] = items
            else:
                env.pop("reform_items", None)
        elif what == "arrival":
            if draw(st.integers(0, 9)) == 0:
                env.pop("arrived_at", None)
            else:
                env["arrived_at"] = draw(st.sampled_from(ARRIVALS))
        elif what == "attachments":
            roles = sorted(
                {d.id for d in edition.delivery.deliverables}
                | {m.id for m in edition.extra_materials}
                | {"other", "unknown"}
            )
            env["attachments"] = draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"role": st.sampled_from(roles), "path": st.sampled_from(PATHS)}
                    ),
                    max_size=4,
                )
            )
        elif what == "zi":
            _zi_text(draw, env["data"], edition, env["form"])
        else:
            _edit_text(draw, env["data"], edition, env["form"])
    return env


def _zi_text(draw: st.DrawFn, data: dict[str, Any], edition: Edition, form_id: str) -> None:
    """One field with a 字 limit (``max_zi``) given a text at its limit, one
    字 over it, or over it in characters but not in 字 under every count
    mode or under some."""
    form = next(f for f in edition.forms if f.id == form_id)
    limited = [f for f in form.fields if f.max_zi]
    if limited:
        f = draw(st.sampled_from(limited))
        n = f.max_zi
        data[f.id] = draw(st.sampled_from(["长" * n, "长" * (n + 1), "长\n" * n, "ab " * n]))


def quiet_answers(
    rules: Sequence[Rule],
    validator: Validator,
    variants: st.SearchStrategy[Any],
    nows: Sequence[dt.datetime],
    runs: settings,
) -> dict[str, dict[bool, int]]:
    """Per rule of ``rules``, how often its quiet test said True and False of
    the envelopes ``variants`` draws (at evaluation times of ``nows``, as
    many as ``runs`` allows), each True held to the rule's check
    (:func:`~reform_brand.testing.quiet_holds`)."""
    counts = {rule.id: {True: 0, False: 0} for rule in rules}

    @runs
    @given(variants, st.sampled_from(nows))
    def run(env: Any, now: dt.datetime) -> None:
        for rule in rules:
            answer = quiet_holds(rule, validator, env, now)
            if answer is not None:
                counts[rule.id][answer] += 1

    run()
    return counts
