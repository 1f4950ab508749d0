"""Editions with few reform items, items without descriptions, and the
keywords a third-party edition gives its items."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Host, Validator
from reform_brand.cli._suggest import suggest_path
from reform_brand.suggest import suggest_items
from tests.finding_params import texts
from tests.suggest.conftest import EXAMPLES
from tests.suggest.test_rule import NOW


def _with_items(edition: Edition, numbers: tuple[int, ...]) -> Edition:
    items = tuple(it for it in edition.reform_items if it.number in numbers)
    return attrs.evolve(edition, reform_items=items)


@pytest.mark.parametrize("numbers", [(13,), (1, 13)])
def test_an_edition_with_one_or_two_items_never_scores_below_zero(
    edition: Edition, numbers: tuple[int, ...]
) -> None:
    # BM25's IDF is negative for a word of every item (one item) and 0 for a
    # word of one item in two: the item the text is about must still come
    # first, with the words it matched.
    small = _with_items(edition, numbers)
    ranked = suggest_items(small, "组建海洋科普联盟，开展海洋知识竞赛")
    assert ranked[0].item == 13
    assert ranked[0].raw > 0 and "海洋" in ranked[0].terms
    assert all(s.raw >= 0 and 0 <= s.score <= 1 for s in ranked)


def test_items_without_descriptions_are_ranked_on_titles_and_keywords(
    edition: Edition,
) -> None:
    bare = tuple(attrs.evolve(it, description=()) for it in edition.reform_items)
    ranked = suggest_items(attrs.evolve(edition, reform_items=bare), "组建海洋科普联盟", top=1)
    assert ranked[0].item == 13 and ranked[0].raw > 0


def _tuned(edition: Edition, number: int, keywords: tuple[str, ...]) -> Edition:
    items = tuple(
        attrs.evolve(it, keywords=keywords) if it.number == number else it
        for it in edition.reform_items
    )
    return attrs.evolve(edition, reform_items=items)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("smart city", "建设 Smart City 项目"),
        ("smart city", "建设smart  city项目"),
        ("Blockchain", "用blockchain技术"),
        ("5G基站", "共建５ｇ基站"),
        ("量子纠缠实验室", "共建量子糾纏實驗室"),
    ],
)
def test_a_third_party_keyword_is_found_however_it_is_written(
    edition: Edition, keyword: str, text: str
) -> None:
    # A keyword of several words, in another case, in full-width letters or
    # in traditional characters, and one that jieba's dictionary lacks.
    tuned = _tuned(edition, 5, (keyword,))
    best = suggest_items(tuned, text, top=1)[0]
    assert best.item == 5 and best.raw > 0
    # Shown as the edition writes it.
    assert " ".join(keyword.split()) in best.terms


def test_an_english_keyword_is_not_found_inside_a_longer_word(edition: Edition) -> None:
    tuned = _tuned(edition, 5, ("AI",))
    assert "AI" in suggest_items(tuned, "开展ai科普", top=1)[0].terms
    assert all("AI" not in s.terms for s in suggest_items(tuned, "开展training和email"))


def test_an_english_text_gets_what_the_check_suggests(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    # An edition whose keywords are English: a text without a Chinese
    # character is no longer "no-text" when the check suggests an item.
    tuned = _tuned(edition, 5, ("smart city", "digital twin", "open data"))
    text = "Smart city pilot: a digital twin and open data for the smart city."
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["data"].update(project_name=text, project_basis=text, project_implementation=text)
    env["data"]["expected_outcomes"] = text
    del env["reform_items"]
    path = tmp_path / "en.json"
    path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    rules = host.rules.for_edition(edition.id)
    report = Validator(tuned, rules, include="*").validate(env, now=NOW)
    [found] = [f for f in report.findings if f.code == "reform-items.suggested"]
    entry = suggest_path(tuned, path)
    assert entry.problem == "" and [str(s.item) for s in entry.suggestions] == list(
        texts(found, "items")
    )
    assert entry.suggestions[0].item == 5


def test_two_items_that_fit_equally_are_in_the_order_of_their_numbers(
    edition: Edition,
) -> None:
    # Items 14 and 2 alike but for their numbers, listed 14 first.
    by = {it.number: it for it in edition.reform_items}
    twin = attrs.evolve(by[13], number=2)
    rest = [it for it in edition.reform_items if it.number not in (2, 13, 14)]
    alike = attrs.evolve(edition, reform_items=(attrs.evolve(by[13], number=14), *rest, twin))
    ranked = suggest_items(alike, "组建海洋科普联盟，开展海洋知识竞赛", top=2)
    assert [s.item for s in ranked] == [2, 14]
    assert ranked[0].raw == ranked[1].raw > 0


@pytest.mark.parametrize("text", ["开发科普app", "开发科普App", "开发科普ＡＰＰ", "开发科普APP"])
def test_an_english_word_of_an_item_is_matched_in_any_case(edition: Edition, text: str) -> None:
    # Item 17 writes APP; a form writes app, App or full-width ＡＰＰ.
    ranked = suggest_items(edition, text)
    best = next(s for s in ranked if s.item == 17)
    assert "APP" in best.terms and best.rank == 1
    assert best.raw == suggest_items(edition, "开发科普APP", top=1)[0].raw


def test_the_characters_that_ignoring_case_takes_for_an_ascii_letter_are_res() -> None:
    # A text is searched for the keywords that are not all Chinese only when
    # it has a character that one starts with, in any case: the characters
    # listed for each ASCII letter and digit must be exactly those that a
    # regular expression ignoring case takes for it.
    import re
    import string

    from reform_brand.suggest._words import ASCII_CASES

    alnum = string.ascii_letters + string.digits
    wide = re.compile(f"[{alnum}]", re.IGNORECASE)
    others = [c for c in map(chr, range(0x80, 0x110000)) if wide.match(c)]
    got = {c.lower(): set(v) for c, v in ASCII_CASES.items()}
    want: dict[str, set[str]] = {}
    for c in others:
        for a in alnum:
            if re.fullmatch(a, c, re.IGNORECASE):
                want.setdefault(a.lower(), set()).add(c)
    assert got == want


@pytest.mark.parametrize(
    ("keyword", "plain", "odd"),
    [
        ("Smart City", "建设 smart city 项目", "建设 \u017fmart city 项目"),
        ("Smart City", "建设 Smart City 项目", "建设 SMART CITY 项目"),
        ("Key Lab", "共建key lab", "共建\u212aey lab"),
        ("AI", "开展ai科普", "开展a\u0130科普"),
        ("AI", "开展ai科普", "开展a\u0131科普"),
    ],
)
def test_a_keyword_in_a_case_the_regular_expression_takes_ranks_as_plainly_written(
    edition: Edition, keyword: str, plain: str, odd: str
) -> None:
    # The long s is an s, the Kelvin sign a k and the dotted and dotless i
    # an i to the pattern that finds a keyword ignoring case: the keyword so
    # written is the edition's term too, and the text ranks as with the
    # plain letter (the long s was found, and counted for nothing).
    tuned = _tuned(edition, 5, (keyword,))
    ranked = [(s.item, s.raw, s.terms) for s in suggest_items(tuned, odd)]
    assert ranked == [(s.item, s.raw, s.terms) for s in suggest_items(tuned, plain)]
    assert ranked[0][0] == 5 and keyword in ranked[0][2]


@pytest.mark.parametrize(
    ("keyword", "text"),
    [("Key Lab", "共建\u212aey lab"), ("AI", "开展ai科普")],
)
def test_a_keyword_is_found_in_any_case_the_regular_expression_takes(
    edition: Edition, keyword: str, text: str
) -> None:
    # The Kelvin sign is a k, ignoring case: a text that has no other k is
    # still searched for the keyword.
    tuned = _tuned(edition, 5, (keyword,))
    best = suggest_items(tuned, text, top=1)[0]
    assert best.item == 5 and keyword in best.terms
