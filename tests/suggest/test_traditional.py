"""A form typed in traditional characters is ranked as its simplified twin:
the text is folded to simplified for ranking only."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand import Edition, Validator
from reform_brand.cli import main
from reform_brand.suggest import form_text, suggest_for_data, suggest_items
from reform_brand.suggest._fold import fold, has_traditional
from tests.finding_params import texts
from tests.suggest.conftest import EXAMPLES
from tests.suggest.evalset import Project, load, score

NOW = dt.datetime(2022, 8, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
#: OpenCC's conversions from simplified: standard traditional, Taiwan's,
#: Taiwan's with its own phrases (软件 as 軟體), Hong Kong's.
SCRIPTS = ("s2t", "s2tw", "s2twp", "s2hk")
PROJECTS = load("tune") + load("held_out") + load("fresh")


def _to(script: str) -> Any:
    return opencc.OpenCC(f"{script}.json").convert


def _ranked(edition: Edition, convert: Any) -> Any:
    def rank(p: Project) -> list[int]:
        data = {k: convert(v) for k, v in p.data().items()}
        return [s.item for s in suggest_for_data(edition, "application", data, top=None)]

    return rank


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_evaluation_set_in_traditional_ranks_as_in_simplified(
    edition: Edition, script: str
) -> None:
    convert = _to(script)
    # The conversion really changes the texts (else this tests nothing).
    assert sum(convert(p.text) != p.text for p in PROJECTS) > 0.9 * len(PROJECTS)
    simplified = score(PROJECTS, _ranked(edition, lambda t: t))
    traditional = score(PROJECTS, _ranked(edition, convert))
    assert traditional.top3 >= simplified.top3 - 0.02, traditional.misses
    assert traditional.top1 >= simplified.top1 - 0.03, traditional.misses


def test_folding_is_the_identity_on_simplified_text(edition: Edition) -> None:
    texts = [form_text(edition, "application", p.data()) for p in PROJECTS]
    texts += [
        "\n".join([it.title.zh, *it.description, *it.keywords]) for it in edition.reform_items
    ]
    assert not any(map(has_traditional, texts))
    assert all(fold(t) is t for t in texts)
    # A traditional text folded back is the simplified one.
    back = _to("s2t")
    assert all(fold(back(t)) == t for t in texts)
    # A rare character outside GB 2312 (a name's 喆) has the text folded,
    # which leaves simplified text as it is.
    assert all(has_traditional(t + "喆") and fold(t + "喆") == t + "喆" for t in texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("海洋科普聯盟", True),
        ("衞生", True),  # Hong Kong's variant
        ("海洋科普联盟", False),
        ("LED灯 ①、《》—— 😀 é", False),  # outside GB 2312, but no Chinese character
        ("", False),
    ],
)
def test_what_counts_as_traditional(text: str, expected: bool) -> None:
    assert has_traditional(text) is expected


def test_a_traditional_text_gets_the_items_of_its_simplified_twin(edition: Edition) -> None:
    text = "聯合涉海高校成立海洋科普聯盟，開展海洋知識競賽和網絡直播講座。"
    twin = "联合涉海高校成立海洋科普联盟，开展海洋知识竞赛和网络直播讲座。"
    assert suggest_items(edition, text) == suggest_items(edition, twin)
    # Variants of Taiwan and Hong Kong are folded too.
    assert suggest_items(edition, "推動衞生健康科普，裡外協同") == suggest_items(
        edition, "推动卫生健康科普，里外协同"
    )


def test_the_check_suggests_for_a_traditional_form_and_shows_it_as_typed(
    validator: Validator, marine: dict[str, Any]
) -> None:
    convert = _to("s2hk")
    del marine["reform_items"]
    marine["data"] = {k: convert(v) if isinstance(v, str) else v for k, v in marine["data"].items()}
    typed = copy.deepcopy(marine["data"])
    report = validator.validate(marine, now=NOW)
    [found] = [f for f in report.findings if f.code == "reform-items.suggested"]
    assert texts(found, "items")[0] == "13"
    assert marine["data"] == typed  # nothing shown is changed


def test_the_command_line_ranks_a_traditional_envelope(
    tmp_path: Path, marine: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    convert = _to("s2tw")
    marine["data"] = {k: convert(v) if isinstance(v, str) else v for k, v in marine["data"].items()}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(marine, ensure_ascii=False), encoding="utf-8")
    assert main(["suggest", "shandong-2022", str(path), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["submissions"]
    assert entry["suggestions"][0]["item"] == 13


def test_items_written_in_traditional_are_folded_too(edition: Edition) -> None:
    convert = _to("s2t")
    items = tuple(
        attrs.evolve(
            it,
            title=attrs.evolve(it.title, zh=convert(it.title.zh)),
            description=tuple(map(convert, it.description)),
            keywords=tuple(map(convert, it.keywords)),
        )
        for it in edition.reform_items
    )
    traditional = attrs.evolve(edition, reform_items=items)
    text = "联合涉海高校成立海洋科普联盟，开展海洋知识竞赛"
    assert [s.item for s in suggest_items(traditional, text)] == [
        s.item for s in suggest_items(edition, text)
    ]


def test_folding_costs_little(edition: Edition) -> None:
    convert = _to("s2t")
    long = convert("\n".join(p.name + "。" + p.text for p in PROJECTS))
    assert len(long) > 5000
    fold("預熱")  # OpenCC loaded once per process
    best = min(_timed(lambda: fold(long)) for _ in range(3))
    assert best < 0.02  # a few milliseconds for the whole text; generous here


def _timed(call: Any) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_a_simplified_text_does_not_load_opencc(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from reform_brand import Host\n"
        "from reform_brand.suggest import suggest_items\n"
        "edition = Host.create().edition('shandong-2022')\n"
        "best = suggest_items(edition, '组建海洋科普联盟，开展海洋知识竞赛', top=1)[0]\n"
        "print(best.item, 'opencc' in sys.modules)\n"
        "best = suggest_items(edition, '組建海洋科普聯盟，開展海洋知識競賽', top=1)[0]\n"
        "print(best.item, 'opencc' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "REFORM_BRAND_CACHE_DIR": str(tmp_path)},
    )
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.split() == ["13", "False", "13", "True"]


@pytest.mark.parametrize(
    "text",
    [
        "海 洋 科 普 联 盟，开 展 海 洋 知 识 竞 赛",  # spaced out, as copied from a PDF
        "海\u200b洋\u200b科\u200b普\u200b联\u200b盟，开展海洋\ufeff知识竞赛",  # invisible
        "海洋\u3000科普\u00a0联盟，开展海洋知识\u00ad竞赛",  # wide, fixed and soft
    ],
)
def test_what_only_looks_like_a_gap_does_not_cut_the_words(edition: Edition, text: str) -> None:
    plain = "海洋科普联盟，开展海洋知识竞赛"
    assert suggest_items(edition, text) == suggest_items(edition, plain)
    assert suggest_items(edition, text)[0].item == 13


def test_line_ends_and_gaps_beside_latin_words_are_kept() -> None:
    assert fold("海洋\n科普") == "海洋\n科普"
    assert fold("LED 灯与 AR 技术") == "LED 灯与 AR 技术"
    assert fold("ＡＰＰ与ＬＥＤ，３Ｄ打印") == "APP与LED，3D打印"


@pytest.mark.parametrize("bad", ["\x00", "\ud800"])
def test_a_nul_or_a_lone_surrogate_in_a_traditional_text_is_a_separator(
    edition: Edition, bad: str
) -> None:
    text = f"組建{bad}海洋科普聯盟，開展海洋知識競賽"
    assert fold(text) == "组建 海洋科普联盟，开展海洋知识竞赛"
    assert suggest_items(edition, text)[0].item == 13


def test_a_nul_in_an_envelope_does_not_cut_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["data"]["project_implementation"] = "組建\x00海洋科普聯盟，開展海洋知識競賽"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    assert main(["suggest", "shandong-2022", str(path), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["submissions"]
    assert 13 in [s["item"] for s in entry["suggestions"]]


@given(
    st.text(
        alphabet=st.sampled_from(list("海洋科普ab1 \u3000\t\n\r\u200b\u00ad\xa0\u2003\ufeffＡ")),
        max_size=40,
    )
)
def test_gaps_closed_without_the_expression_are_closed_as_with_it(text: str) -> None:
    """close_gaps takes a text whose only gaps are ASCII spaces without a
    regular expression; what it gives is what the expression gives."""
    from reform_brand.suggest._fold import _GAPS, _WIDE, _WIDE_RE, close_gaps

    expected = _GAPS.sub("", text)
    if _WIDE_RE.search(expected):
        expected = expected.translate(_WIDE)
    assert close_gaps(text) == expected
