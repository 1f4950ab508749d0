"""Unit names as people write them: normalisation, blanks, did-you-mean."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand import Host
from reform_brand._portable import INVISIBLE
from reform_brand.names import RosterIndex, is_blank, normalise, strip_invisible


@pytest.fixture(scope="module")
def roster() -> RosterIndex:
    return RosterIndex.build(Host.create().edition("shandong-2022"))


@pytest.mark.parametrize(
    "spelling",
    ["济南\u200b市科协", "\ufeff济南市科协", "济南市\u00ad科协", "济南市　科协", "济南市科协 "],
)
def test_spellings_of_one_unit_share_a_key(spelling: str) -> None:
    assert normalise(spelling) == normalise("济南市科协")


@given(st.text())
def test_a_key_holds_no_white_space_and_every_other_character(text: str) -> None:
    folded = unicodedata.normalize("NFKC", strip_invisible(text))
    expected = "".join(ch for ch in folded if not ch.isspace()).casefold()
    assert normalise(text) == expected


def test_every_white_space_character_is_left_out_of_a_key() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    for ch in spaces:
        assert normalise(f"济南{ch}市科协{ch}{ch}") == "济南市科协", hex(ord(ch))


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\u200b", "\ufeff\u00ad", " \u2060 \n"])
def test_white_space_and_invisible_characters_are_blank(text: str) -> None:
    assert is_blank(text)


def test_a_visible_character_is_not_blank() -> None:
    assert not is_blank("\u200b项\u200b")
    assert strip_invisible("\u200b项\u200b") == "项"


@given(
    st.text(
        st.one_of(
            st.sampled_from(sorted(INVISIBLE)),
            st.sampled_from([" ", "\u3000", "\t", "\n", "\x1c", "\x85", "\xa0", "\u2028"]),
            st.characters(),
        ),
        max_size=6,
    )
)
def test_blank_is_told_by_its_first_character_as_by_the_whole_text(text: str) -> None:
    """Blank is nothing but white space and invisible characters: the quick
    look at the first character says what stripping the whole text says."""
    assert is_blank(text) is (not strip_invisible(text).strip())


def test_candidates_keep_roster_order_on_a_tie(roster: RosterIndex) -> None:
    assert roster.candidates("济男市科协") == ("济南市科协", "济宁市科协")
    assert roster.suggest("济男市科协") == "济南市科协"


@pytest.mark.parametrize("name", ["北京市科协", "京市科协", "北京市", "北京市科学技术协会"])
def test_a_name_as_like_every_city_as_any_is_close_to_none(roster: RosterIndex, name: str) -> None:
    # What it shares with each roster name (市科协) is what they all share.
    assert roster.candidates(name, "city-association") == ()
    assert roster.candidates(name) == ()


@pytest.mark.parametrize(
    ("name", "close"),
    [
        ("青岛科协", ("青岛市科协",)),
        ("威海市科学协会", ("威海市科协",)),
        ("济南科技协会", ("济南市科协",)),
    ],
)
def test_a_misspelt_name_keeps_its_close_names(
    roster: RosterIndex, name: str, close: tuple[str, ...]
) -> None:
    assert roster.candidates(name, "city-association") == close


def test_candidates_of_a_far_name_are_none(roster: RosterIndex) -> None:
    assert roster.candidates("Atlantis City Association") == ()
    assert roster.suggest("Atlantis City Association") is None


def test_a_name_as_the_roster_writes_it_is_told_as_its_key_tells_it(roster: RosterIndex) -> None:
    edition = Host.create().edition("shandong-2022")
    spellings = [s for unit in edition.roster for s in (unit.name, *unit.aliases)]
    assert spellings and set(roster.by_spelling) == set(spellings)
    for spelling in spellings:
        assert roster.canonical(spelling) == roster.by_key.get(normalise(spelling))


@given(st.text(alphabet="济南青岛市科协学会 \u200b\u3000ＡA", max_size=8))
def test_any_name_is_told_as_its_key_tells_it(name: str) -> None:
    roster = RosterIndex.build(Host.create().edition("shandong-2022"))
    assert roster.canonical(name) == roster.by_key.get(normalise(name))


def test_two_units_written_alike_count_as_the_first_either_way() -> None:
    """Spellings that normalise alike name the roster's first such unit,
    whether or not the name is written as the roster writes it."""
    import attrs

    from reform_brand.model import RosterUnit

    edition = Host.create().edition("shandong-2022")
    first = edition.roster[0]
    twin = RosterUnit(name=first.name + " ", kind=first.kind)
    index = RosterIndex.build(attrs.evolve(edition, roster=(first, twin)))
    assert index.canonical(twin.name) == first.name == index.canonical(first.name)
