"""report.html from its template: hostile values come out escaped and are
never evaluated; the charts are drawn to scale; the page is self-contained.

The report is built from the public report types, without reading files, so
that every value the page prints can be made hostile."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import re
from typing import Any

import pytest

from reform_brand import BatchReport, Edition, Finding, SubmissionReport
from reform_brand.office import InboxFile, InboxReport, InboxSubmission, Material
from reform_brand.office._report_html import report_html

NOW = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

#: HTML, quotes, Jinja syntax, a newline and Chinese in one value.
HOSTILE = (
    "<em>A & B</em><script>x()</script> \"q\" 'a' {{ 7*7 }} {% if 1 %}IF{% endif %} {# c #}\n中文"
)


class Page(html.parser.HTMLParser):
    """Elements (tag, attributes) and the text of a page, as a browser reads them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def hostile_report(edition: Edition, value: str = HOSTILE) -> InboxReport:
    """Three submissions of a city with a quota of two, and every text the
    page shows carrying ``value``."""
    finding = Finding(
        code="roster.unknown-unit",
        severity="warning",
        submission="s1",
        file=f"mail/{value}.docx",
        pointer="/data/applicant_unit",
        clause="二.1",
        unit=f"济南市科协{value}",
        params={"name": value, "kind_name": value, "kind_name_en": value},
    )
    quota = Finding(
        code="quota.exceeded",
        severity="warning",
        unit=f"济南市科协{value}",
        params={"unit": value, "count": 3, "limit": 2, "notice_text": value, "submissions": value},
    )
    loose = Finding(code="quota.exceeded", severity="info", params={"unit": value})
    batch = BatchReport(
        edition=edition.id,
        strict=False,
        evaluated_at=NOW,
        submissions=(
            SubmissionReport(submission="s1", file=f"mail/{value}.docx", findings=(finding,)),
            SubmissionReport(submission="s2", file=f"mail2/{value}.docx"),
            SubmissionReport(submission="s3", file=f"mail3/{value}.docx"),
        ),
        findings=(quota, loose),
    )

    def sub(n: int, on_time: bool | None) -> InboxSubmission:
        return InboxSubmission(
            id=f"s{n}",
            folder=f"mail{n}",
            word=f"mail{n}/{value}.docx",
            arrived_at="2022-08-15T16:42:00+08:00",
            on_time=on_time,
            form="application",
            unit=f"济南市科协{value}",
            unit_kind="city-association",
            project_name=f"项目{value}",
            reform_items=(1, 17) if n == 1 else (2,) if n < 4 else (),
            read=True,
            quota="city-association",
            quota_unit=f"济南市科协{value}",
            quota_limit=2,
        )

    return InboxReport(
        root=f"inbox{value}",
        batch=batch,
        files=(
            InboxFile(path=f"mail/{value}.docx", kind="docx", role=f"word{value}"),
            InboxFile(path=f"{value}.txt", kind="text", status="ignored", code="inbox.junk"),
        ),
        # The late one (2) counts against no quota; 1, 3 and 4 are over the limit of 2.
        submissions=(sub(1, True), sub(2, False), sub(3, None), sub(4, True)),
        materials=(
            Material(path=f"{value}.docx", material=value, unit=value, count=2500, limit=2000),
        ),
    )


@pytest.fixture
def page(edition: Edition) -> Page:
    report = hostile_report(edition)
    return Page(report_html(report, edition, form_links={"s1": f"forms/{HOSTILE}.html"}))


def test_hostile_values_are_text_never_markup(page: Page) -> None:
    # No element came from a value: <em> is text, and nothing else was made.
    assert "em" not in page.tags()
    assert "script" not in page.tags()
    text = "".join(page.texts)
    # Each printed value is there exactly as given, newline and all.
    assert text.count(HOSTILE) >= 10
    assert f"济南市科协{HOSTILE}" in text
    assert f"项目{HOSTILE}" in text
    assert f"inbox{HOSTILE}" in text


def test_template_syntax_in_values_is_never_evaluated(page: Page) -> None:
    text = "".join(page.texts)
    assert "{{ 7*7 }}" in text
    assert "{% if 1 %}IF{% endif %}" in text
    assert "{# c #}" in text
    assert "49" not in text


def test_attribute_values_stay_inside_their_attribute(page: Page) -> None:
    (link,) = page.all("a")
    assert link == {"href": f"forms/{HOSTILE}.html"}
    # The chart's titles and labels hold the unit's name as text.
    titles = [t for t in page.texts if t.startswith("济南市科协")]
    assert titles


def test_quotes_are_escaped_as_before(edition: Edition) -> None:
    raw = report_html(hostile_report(edition, value="\"x\" 'y' <z>"), edition)
    assert "&quot;x&quot; &#x27;y&#x27; &lt;z&gt;" in raw


def test_quota_chart_draws_each_unit_to_scale(edition: Edition) -> None:
    page = Page(report_html(hostile_report(edition), edition))
    (svg,) = page.all("svg", id="quota-chart")
    bars = page.all("rect", **{"class": "bar over"})
    # One unit: three submissions against a limit of two, drawn red.
    assert len(bars) == 1 and bars[0]["fill"] == "#c81e1e"
    limit = page.all("line", **{"class": "limit"})
    assert len(limit) == 1
    # The bar (3) spans the whole bar width; the limit tick sits at 2/3 of it.
    assert float(bars[0]["width"] or 0) == pytest.approx(560.0)
    assert float(limit[0]["x1"] or 0) == pytest.approx(230 + 560 * 2 / 3, abs=0.05)
    assert svg["width"] == "880"


def test_items_chart_has_a_bar_per_reform_item(edition: Edition) -> None:
    page = Page(report_html(hostile_report(edition), edition))
    bars = [
        float(a["width"] or 0)
        for t, a in page.elements
        if t == "rect" and a.get("class") == "bar" and a.get("fill") == "#3e7cb1"
    ]
    assert len(bars) == len(edition.reform_items)
    widths = dict(zip([item.number for item in edition.reform_items], bars, strict=True))
    # Item 2 is declared by s2, which is late and counts nowhere (as in the
    # quota chart), and by s3; items 1 and 17 by s1: one each, full width.
    assert widths[2] == widths[1] == widths[17] == pytest.approx(420.0)
    assert widths[3] == 0


def test_an_empty_inbox_gives_a_page_without_charts(edition: Edition) -> None:
    report = InboxReport(
        root="empty",
        batch=BatchReport(edition=edition.id, strict=True, evaluated_at=NOW),
        files=(),
        submissions=(),
    )
    page = Page(report_html(report, edition, lang="en"))
    assert not page.all("svg", id="quota-chart")
    assert page.all("svg", id="items-chart")
    assert ("html", {"lang": "en"}) in page.elements
    assert "strict mode" in "".join(page.texts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_word_of_the_page_is_in_its_language(edition: Edition, lang: str) -> None:
    from reform_brand.office._report_html import _T

    page = Page(report_html(hostile_report(edition), edition, lang=lang))
    text = "".join(page.texts)
    words: dict[str, Any] = {k: (zh, en)[lang == "en"] for k, (zh, en) in _T.items()}
    for key in ("title", "roster", "findings", "materials", "all-files", "quota-chart"):
        assert words[key] in text, key


def test_the_environment_is_sandboxed() -> None:
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from reform_brand.render._jinja import page_environment

    env = page_environment("reform_brand.office")
    assert isinstance(env, ImmutableSandboxedEnvironment)
    assert env.autoescape is True
    with pytest.raises(SecurityError):
        env.from_string("{{ x.append(1) }}").render(x=[])


def test_a_finding_about_no_unit_is_where_the_roster_puts_it(edition: Edition) -> None:
    """A batch finding with no unit of its own (a stray file in an e-mail
    folder) is shown under the unit the roster's 问题清单 gives it; one that
    nothing places stays at the end of the page."""
    from reform_brand.office._report_html import _unit_sections
    from reform_brand.office._roster import FindingUnits

    in_folder = Finding(code="inbox.unknown-file", severity="warning", file="济南/notes.bin")
    stray = Finding(code="inbox.unknown-file", severity="warning", file="stray.bin")
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=NOW,
            submissions=(SubmissionReport(submission="s1", file="济南/申报表.docx"),),
            findings=(in_folder, stray),
        ),
        files=(
            InboxFile(path="济南/申报表.docx", kind="docx", role="word", submission="s1"),
            InboxFile(path="济南/notes.bin", status="ignored", code="inbox.unknown-file"),
            InboxFile(path="stray.bin", status="ignored", code="inbox.unknown-file"),
        ),
        submissions=(
            InboxSubmission(id="s1", folder="济南", word="济南/申报表.docx", unit="济南市科协"),
        ),
    )
    assert FindingUnits(report, edition)(in_folder) == "济南市科协"
    units, loose = _unit_sections(report, edition, "zh", {}, {})
    assert [(u.name, [r.code for r in u.findings]) for u in units] == [
        ("济南市科协", ["inbox.unknown-file"])
    ]
    assert [(r.code, "stray.bin" in r.where) for r in loose] == [("inbox.unknown-file", True)]


def test_a_finding_at_the_inbox_s_top_or_about_no_file_names_no_unit(edition: Edition) -> None:
    """A material at the inbox's top gives its unit to no other finding there:
    a batch finding about no file and a stray file at the top stay about no
    unit, in the roster and on the page; a file of one mail of a mailbox
    goes with that mail's unit, not the mailbox's first."""
    from reform_brand.office._report_html import _unit_sections
    from reform_brand.office._roster import FindingUnits

    missing = Finding(code="material.missing", severity="warning")
    stray = Finding(code="inbox.unknown-file", severity="warning", file="收件说明.txt")
    in_mail = Finding(code="inbox.unknown-file", severity="warning", file="box.mbox!/m2/x.bin")
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=NOW,
            submissions=(
                SubmissionReport(submission="s1", file="box.mbox!/m1/申报表.docx"),
                SubmissionReport(submission="s2", file="box.mbox!/m2/申报表.docx"),
            ),
            findings=(missing, stray, in_mail),
        ),
        files=(
            InboxFile(path="总结-聊城市科协.docx", kind="docx", role="summary-2021"),
            InboxFile(path="收件说明.txt", status="ignored", code="inbox.unknown-file"),
        ),
        submissions=(
            InboxSubmission(id="s1", folder="box.mbox!/m1", unit="菏泽市科协"),
            InboxSubmission(id="s2", folder="box.mbox!/m2", unit="枣庄市科协"),
        ),
        materials=(
            Material(path="总结-聊城市科协.docx", material="summary-2021", unit="聊城市科协"),
        ),
    )
    unit_of = FindingUnits(report, edition)
    assert [unit_of(f) for f in (missing, stray, in_mail)] == ["", "", "枣庄市科协"]
    units, loose = _unit_sections(report, edition, "zh", {}, {})
    # (In pinyin order: 菏泽 hé zé before 枣庄 zǎo zhuāng.)
    assert [(u.name, [r.code for r in u.findings]) for u in units] == [
        ("菏泽市科协", []),
        ("枣庄市科协", ["inbox.unknown-file"]),
    ]
    assert [r.code for r in loose] == ["material.missing", "inbox.unknown-file"]


def test_quota_chart_of_a_unit_far_over_its_limit_has_a_readable_scale(edition: Edition) -> None:
    """40 submissions against a limit of 3: the scale is marked every 5 (0,
    5, … 40), not at every whole number (41 grid lines and labels, which
    run into each other)."""
    subs = tuple(
        InboxSubmission(
            id=f"s{n}",
            folder=f"m{n}",
            unit="济南市科协",
            unit_kind="city-association",
            on_time=True,
            quota="city-association",
            quota_unit="济南市科协",
            quota_limit=3,
        )
        for n in range(40)
    )
    report = InboxReport(
        root="inbox",
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=NOW),
        files=(),
        submissions=subs,
    )
    page = Page(report_html(report, edition, scans={}))
    grid = [float(a["x1"] or 0) for a in page.all("line", stroke="#e4e7eb")]
    assert grid == pytest.approx([230 + 560 * n / 40 for n in range(0, 41, 5)], abs=0.05)
    assert len(page.all("text", **{"text-anchor": "middle"})) == 9


def test_what_a_page_must_not_print_as_it_is_is_shown_escaped(edition: Edition) -> None:
    """A name holding a control character, a noncharacter or a mark that
    reverses the line (济南市科协 spelt backwards behind U+202E reads as
    济南市科协) is printed with those written out, so that it is neither
    invalid HTML nor a name that looks like another."""
    value = "\u202e协科市南济\u202c\x1b[31m\x00\ufffe"
    raw = report_html(hostile_report(edition, value=value), edition)
    for odd in ("\u202e", "\u202c", "\x1b", "\x00", "\ufffe"):
        assert odd not in raw, repr(odd)
    assert "\\u202e协科市南济\\u202c\\x1b[31m\\x00\\ufffe" in raw


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_a_single_direction_mark_is_shown_escaped(edition: Edition, mark: str) -> None:
    """RLM, LRM and the Arabic letter mark set the order a line is shown in
    as the overrides do (a name between two RLMs can be shown reversed):
    written out as the roster writes them."""
    value = f"济南市科协{mark}1{mark}2"
    raw = report_html(hostile_report(edition, value=value), edition)
    assert mark not in raw
    assert f"济南市科协\\u{ord(mark):04x}1\\u{ord(mark):04x}2" in raw


class _Scales(html.parser.HTMLParser):
    """The quota chart's scales (values and y of their labels, by place) and
    the y of its bars."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scales: dict[str, list[tuple[str, float]]] = {}
        self.bars: list[float] = []
        self.height = 0.0
        self._place = ""
        self._y: float | None = None
        self._inside = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self._inside = a.get("id") == "quota-chart"
            self.height = float(a["height"] or 0) if self._inside else self.height
        elif not self._inside:
            return
        elif tag == "g" and str(a.get("class", "")).startswith("scale "):
            self._place = str(a["class"]).split()[1]
            self.scales[self._place] = []
        elif tag == "text" and self._place:
            self._y = float(a["y"] or 0)
        elif tag == "rect" and str(a.get("class", "")).startswith("bar"):
            self.bars.append(float(a["y"] or 0))

    def handle_data(self, data: str) -> None:
        if self._y is not None:
            self.scales[self._place].append((data, self._y))
            self._y = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "g":
            self._place = ""


def _plain_report(edition: Edition, subs: tuple[InboxSubmission, ...]) -> InboxReport:
    """An inbox report of ``subs``, each with no finding, and no files."""
    return InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=NOW,
            submissions=tuple(SubmissionReport(submission=s.id) for s in subs),
        ),
        files=(),
        submissions=subs,
    )


def test_a_unit_of_invisible_characters_alone_is_shown_as_none(edition: Edition) -> None:
    """A unit typed as a zero-width space (a BOM, a soft hyphen) alone is
    blank: its roster row and its section say that the unit is unknown, as
    for a unit left empty, never a heading or a cell that shows nothing."""
    from reform_brand.office._report_html import _unit_sections

    units = ("\u200b", "", "济南市科协", "\ufeff\u00ad", "\u3000")
    subs = tuple(InboxSubmission(id=f"s{n}", folder=f"f{n}", unit=u) for n, u in enumerate(units))
    report = _plain_report(edition, subs)
    sections, _loose = _unit_sections(report, edition, "zh", {}, {})
    assert [(u.name, list(u.numbers)) for u in sections] == [
        ("济南市科协", [2]),
        ("", [0, 1, 3, 4]),
    ]
    page = Page(report_html(report, edition, scans={}))
    assert "".join(page.texts).count("（单位不明）") == 5  # (a heading and four rows)
    assert not {"\u200b", "\ufeff", "\u00ad", "\u3000"} & set("".join(page.texts))


def test_a_link_of_invisible_characters_alone_shows_what_it_links_to(edition: Edition) -> None:
    """A project or a mail's subject typed as a zero-width space alone is
    blank: the link to the form as read, and the links to the mail, say what
    they lead to (读出的表格, 无主题), never a link that shows nothing."""
    from reform_brand.office import ReceivedMail

    mail = ReceivedMail(folder="m1", source="m1.eml", sender="a@example.cn", subject="\u200b")
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=NOW,
            submissions=(SubmissionReport(submission="s1", file="m1/申报表.docx"),),
        ),
        files=(),
        submissions=(
            InboxSubmission(id="s1", folder="m1", unit="济南市科协", project_name="\ufeff\u200b"),
        ),
        mails=(mail,),
    )
    page = report_html(report, edition, scans={}, form_links={"s1": "forms/001.html"})
    links = re.findall(r"<a href=\"([^\"]*)\"[^>]*>([^<]*)</a>", page)
    assert ("forms/001.html", "读出的表格") in links
    assert ("#mail-1", "（无主题）") in links
    assert not {"\u200b", "\ufeff"} & set("".join(Page(page).texts))


def arrivals_report(edition: Edition, *arrived: str | None) -> InboxReport:
    """A plain inbox report of 济南市科协's submissions that arrived at
    ``arrived`` (each an arrival time as written, or None)."""
    subs = tuple(
        InboxSubmission(id=f"s{n}", folder=f"f{n}", unit="济南市科协", arrived_at=a)
        for n, a in enumerate(arrived)
    )
    return _plain_report(edition, subs)


def _units_report(edition: Edition, units: int) -> InboxReport:
    subs = tuple(
        InboxSubmission(
            id=f"s{n}",
            folder=f"m{n}",
            unit=f"单位{n:04d}",
            unit_kind="city-association",
            on_time=True,
            quota="city-association",
            quota_unit=f"单位{n:04d}",
            quota_limit=3,
        )
        for n in range(units)
    )
    return InboxReport(
        root="inbox",
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=NOW),
        files=(),
        submissions=subs,
    )


def test_a_tall_quota_chart_has_its_scale_above_the_bars_too(edition: Edition) -> None:
    """A chart of a thousand units is some 28,000 px tall: its scale is
    drawn above the first bar as well as below the last."""
    from reform_brand.office._report_html import TALL_CHART

    page = _Scales(report_html(_units_report(edition, 1000), edition, scans={}))
    assert sorted(page.scales) == ["bottom", "top"]
    top, bottom = page.scales["top"], page.scales["bottom"]
    assert [v for v, _y in top] == [v for v, _y in bottom] == ["0", "1", "2", "3"]
    assert len(page.bars) == 1000
    assert all(y < min(page.bars) for _v, y in top)
    assert all(max(page.bars) < y <= page.height for _v, y in bottom)
    short = _Scales(report_html(_units_report(edition, TALL_CHART), edition, scans={}))
    assert list(short.scales) == ["bottom"]
    assert min(short.bars) < 16


class _Texts(html.parser.HTMLParser):
    """The texts of each element of a kind (``tag.class``), in order."""

    def __init__(self, page: str, *wanted: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {w: [] for w in wanted}
        self._open: list[str] = []
        self._in_quota = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self._in_quota = a.get("id") == "quota-chart"
        key = f"{tag}.{a.get('class') or ''}"
        if tag == "text" and self._in_quota and a.get("text-anchor") == "end":
            key = "quota-label"
        if key in self.found:
            self.found[key].append("")
            self._open.append(key)
        elif tag == "li" and self._open and self._open[-1] == "ul.missing":
            self.found.setdefault("missing", []).append("")
            self._open.append("missing")

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] in ("h3.", "quota-label", "missing"):
            key = self._open[-1]
            if key == "quota-label" and self.found[key][-1]:
                return  # the full name in the label's <title>
            self.found[key][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and (
            (tag == "h3" and self._open[-1] == "h3.")
            or (tag == "text" and self._open[-1] == "quota-label")
            or (tag == "li" and self._open[-1] == "missing")
            or (tag == "ul" and self._open[-1] == "ul.missing")
        ):
            self._open.pop()


def _city_report(edition: Edition, units: dict[str, bool]) -> InboxReport:
    """One submission of each unit, on time or late."""
    subs = tuple(
        InboxSubmission(
            id=f"s{n}",
            folder=f"m{n}",
            unit=unit,
            unit_kind="city-association",
            on_time=on_time,
            quota="city-association",
            quota_unit=unit,
            quota_limit=3,
        )
        for n, (unit, on_time) in enumerate(units.items())
    )
    return _plain_report(edition, subs)


def test_units_are_in_pinyin_order(edition: Edition) -> None:
    """A clerk looks a unit up as in a Chinese list: by pinyin (滨州 bīn,
    东营 dōng, 济南 jǐ, 淄博 zī), not by the characters' code points
    (东 济 淄 滨), whatever order they came in."""
    expected = ["滨州市科协", "东营市科协", "济南市科协", "淄博市科协"]
    for order in (["淄博市科协", "济南市科协", "滨州市科协", "东营市科协"], expected[::-1]):
        report = _city_report(edition, dict.fromkeys(order, True))
        page = _Texts(report_html(report, edition, scans={}), "h3.", "quota-label")
        assert page.found["h3."] == expected
        # Units of equal use (1 of 3 each) follow the same order in the chart.
        assert page.found["quota-label"] == expected


def test_units_of_the_roster_with_nothing_counted_are_listed(edition: Edition) -> None:
    """A unit with a quota and no submission counted toward it (none sent,
    or only a late one) is named under the quota chart, in pinyin order;
    a unit with a counted submission is not."""
    report = _city_report(edition, {"济南市科协": True, "潍坊市科协": False})
    page = _Texts(report_html(report, edition, scans={}), "ul.missing")
    missing = page.found.get("missing", [])
    cities = [u.name for u in edition.roster if u.kind == "city-association"]
    assert sorted(missing) == sorted(set(cities) - {"济南市科协"})
    assert "潍坊市科协" in missing
    assert missing.index("滨州市科协") < missing.index("东营市科协") < missing.index("淄博市科协")
    everyone = _city_report(edition, dict.fromkeys(cities, True))
    assert "missing" not in _Texts(report_html(everyone, edition, scans={}), "ul.missing").found


def _css_rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> declarations of the rules of a block of CSS (no nesting)."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(
        r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    ):
        declarations = {
            k.strip(): v.strip()
            for k, _, v in (d.partition(":") for d in body.split(";"))
            if k.strip()
        }
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(declarations)
    return rules


def test_the_report_prints_whole(edition: Edition) -> None:
    """Printed, nothing is cut off or lost: a mail's body is not clipped to
    its scroll box, a chart is no wider than the page, a severity badge
    (white on a colour, and browsers print no backgrounds) is not white on
    white; the page is landscape, as the roster's wide table needs."""
    raw = report_html(hostile_report(edition), edition)
    style = raw[raw.index("<style>") + len("<style>") : raw.index("</style>")]
    start = style.index("@media print{")
    end = style.index("\n}", start)
    screen = _css_rules(style[:start])
    printed = _css_rules(style[start + len("@media print{") : end])
    assert "landscape" in _css_rules(style)["@page"]["size"]
    assert screen["pre.body"]["max-height"] == "24em"
    assert printed["pre.body"]["max-height"] == "none"
    assert printed["pre.body"]["overflow"] == "visible"
    assert screen["svg.chart"]["max-width"] == "100%"
    assert screen["svg.chart"]["height"] == "auto"
    for severity in ("error", "warning", "info"):
        assert printed[f".sev.{severity}"]["background"] == "none"
        assert printed[f".sev.{severity}"]["color"] != "#fff"
    assert printed["tr"]["break-inside"] == "avoid"
    assert printed["h2"]["break-after"] == "avoid"
    # A chart's panel goes whole to the next page when it does not fit
    # below: its note is not left alone in an empty box.
    assert printed[".panel.charts"]["break-inside"] == "avoid"
    # The charts carry the class the rule is for, and so do their panels.
    page = Page(raw)
    assert {a.get("id") for a in page.all("svg", **{"class": "chart"})} >= {"quota-chart"}
    panels = page.all("div", **{"class": "panel charts"})
    assert len(panels) == 2


def test_the_roster_table_shows_arrivals_on_the_office_clock(edition: Edition) -> None:
    """Arrivals written with the mail server's offset are shown on the
    clock of the deadline's zone, as the deadline is judged and as
    roster.xlsx shows them: two arrivals of one evening read alike."""
    report = arrivals_report(
        edition, "2022-08-20T23:59:00+08:00", "2022-08-20T11:30:00-04:00", "not a time", None
    )
    page = Page(report_html(report, edition, scans={}))
    cells = [t for t in page.texts if t.startswith("2022-") or t == "not a time"]
    assert cells == ["2022-08-20 23:59 +08:00", "2022-08-20 23:30 +08:00", "not a time"]


def test_an_arrival_with_seconds_is_shown_as_the_others_are(edition: Edition) -> None:
    """A mail's date keeps its seconds (``Date: ... 14:26:09 +0800``): they
    are shown, and the offset stands apart from the time as in every other
    row (not ``14:26:09+08:00``)."""
    report = arrivals_report(
        edition,
        "2022-08-18T14:26:09+08:00",
        "2022-08-18T06:26:09.250Z",
        "2022-08-18T14:26:00.000+08:00",
    )
    page = Page(report_html(report, edition, scans={}))
    cells = [t for t in page.texts if t.startswith("2022-")]
    assert cells == [
        "2022-08-18 14:26:09 +08:00",
        "2022-08-18 14:26:09.250000 +08:00",
        "2022-08-18 14:26 +08:00",
    ]


def test_a_long_findings_list_is_summed_up_by_code(edition: Edition) -> None:
    """A folder of a thousand stray files makes a list a clerk cannot read
    through: a table above it counts its findings by code, errors first,
    then the most frequent; a short list has none."""
    from reform_brand.office._report_html import LONG_LIST

    def page_of(findings: tuple[Finding, ...]) -> Page:
        report = InboxReport(
            root="inbox",
            batch=BatchReport(
                edition=edition.id, strict=False, evaluated_at=NOW, findings=findings
            ),
            files=(),
            submissions=(),
        )
        return Page(report_html(report, edition, scans={}))

    stray = tuple(
        Finding(code="inbox.unknown-file", severity="warning", file=f"x{n}.bin") for n in range(300)
    )
    broken = tuple(
        Finding(code="inbox.unreadable", severity="error", file=f"y{n}.zip") for n in range(2)
    )
    notes = tuple(
        Finding(code="inbox.ignored", severity="info", file=f"Thumbs{n}.db") for n in range(400)
    )
    page = page_of(stray + broken + notes)
    assert len(page.all("table", **{"class": "tally"})) == 1
    rows: list[list[str]] = []
    inside = False
    for tag, attrs in page.elements:
        if tag == "table":
            inside = attrs.get("class") == "tally"
        elif inside and tag == "tr":
            rows.append([])
    cells = [t for t in page.texts if t.strip()]
    start = cells.index("inbox.unreadable") - 1
    assert cells[start : start + 9] == [
        "错误",
        "inbox.unreadable",
        "2",
        "警告",
        "inbox.unknown-file",
        "300",
        "提示",
        "inbox.ignored",
        "400",
    ]
    assert len(rows) == 4  # the head and three codes
    assert len(page.all("li")) >= 702  # every finding is still listed
    short = page_of(stray[:LONG_LIST])
    assert not short.all("table", **{"class": "tally"})


def test_the_evaluation_time_is_shown_as_the_arrivals_are(edition: Edition) -> None:
    """On the office's clock, to the minute, without ISO's T: as the roster
    table shows each arrival (``--now`` given in UTC included)."""
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=dt.datetime(2022, 8, 22, 1, 0, tzinfo=dt.UTC),
        ),
        files=(),
        submissions=(),
    )
    page = Page(report_html(report, edition, scans={}))
    meta = "".join(page.texts)
    assert "2022-08-22 09:00 +08:00" in meta
    assert "2022-08-22T01:00" not in meta


def test_a_mail_is_shown_received_on_the_office_clock(edition: Edition) -> None:
    """A mail server abroad writes its own offset: the page shows when the
    mail arrived on the office's clock, in its section and beside each of
    its submissions."""
    from reform_brand.office import ReceivedMail

    mail = ReceivedMail(
        folder="m1",
        source="m1.eml",
        sender="a@example.cn",
        subject="申报",
        arrived_at="2022-08-20T11:30:15-04:00",
        arrival_from="received",
    )
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition=edition.id,
            strict=False,
            evaluated_at=NOW,
            submissions=(SubmissionReport(submission="s1", file="m1/申报表.docx"),),
        ),
        files=(),
        submissions=(
            InboxSubmission(
                id="s1", folder="m1", unit="济南市科协", arrived_at="2022-08-20T11:30:15-04:00"
            ),
        ),
        mails=(mail,),
    )
    text = "".join(Page(report_html(report, edition, scans={})).texts)
    assert text.count("2022-08-20 23:30:15 +08:00") >= 2  # the section and the reference
    assert "-04:00" not in text


def test_a_name_outside_gb2312_comes_after_the_common_ones() -> None:
    """GBK's own characters (a traditional 濟, a rare 㐀) have codes below
    GB 2312's: they come after every name of common characters, not before
    啊; ASCII comes first, and names sharing a start compare on."""
    from reform_brand.office._charts import name_key

    names = ["濟南市科協", "啊", "济南市科协", "ABC学会", "济南市", "㐀学会", "东营市科协"]
    ordered = sorted(names, key=name_key)
    assert ordered[:5] == ["ABC学会", "啊", "东营市科协", "济南市", "济南市科协"]
    assert set(ordered[5:]) == {"濟南市科協", "㐀学会"}


def test_a_sender_s_mailbox_is_never_broken_inside(edition: Edition) -> None:
    """The page wraps long text anywhere, but not inside a sender's address
    (``jnkx@`` / ``163.com``): its cell breaks only where a line may; a
    "sender" too long to be one wraps as any text does."""
    senders = ("济南市科协 <jinan.kexie.office@example.com.cn>", "某" * 200)
    subs = tuple(
        InboxSubmission(id=f"s{n}", folder=f"m{n}", unit="济南市科协", sender=who)
        for n, who in enumerate(senders)
    )
    report = _plain_report(edition, subs)
    raw = report_html(report, edition, scans={})
    rules = _css_rules(raw[raw.index("<style>") + len("<style>") : raw.index("</style>")])
    assert rules["main"]["overflow-wrap"] == "anywhere"
    assert rules["td.addr"]["overflow-wrap"] == "normal"
    assert rules[".mail dd.addr"]["overflow-wrap"] == "normal"
    cells = re.findall(r"<td( class=\"addr\")?>([^<]*)</td>", raw)
    classed = {html.unescape(text): bool(cls) for cls, text in cells}
    assert classed[senders[0]] is True
    assert classed[senders[1]] is False


#: The ledger's roles, and how the file list names them (Chinese, English):
#: a deliverable and an extra material by the edition's title, a role intake
#: gives in the page's words, a role the edition does not know as it is.
_ROLES = (
    ("word", "WORD 版", "The form as a Word file"),
    ("signed-scan", "签名盖章后扫描的 PDF 件", "The signed and stamped form, scanned to PDF"),
    (
        "city-progress-summary",
        "今年以来改革工作总体进展情况文字材料",
        "Summary of this year's reform progress",
    ),
    ("manifest", "清单文件", "manifest"),
    ("submission", "JSON 申报信封", "JSON envelope"),
    ("archive", "压缩包", "archive"),
    ("mailbox", "邮箱", "mailbox"),
    ("body", "邮件正文", "mail body"),
    ("picture", "picture", "picture"),
    ("", "", ""),
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_file_list_names_each_role_in_the_clerk_s_words(edition: Edition, lang: str) -> None:
    """The file list's 用途 column named files by their role ids (``word``,
    ``signed-scan``, ``city-progress-summary``), which a clerk does not
    know: it names them as the edition titles its deliverables and
    materials, and intake's roles in the page's language.  report.json
    keeps the ids."""
    from reform_brand.office._inbox import inbox_to_json

    files = tuple(
        InboxFile(path=f"f{n}.bin", kind="docx", role=role) for n, (role, *_) in enumerate(_ROLES)
    )
    report = InboxReport(
        root="inbox",
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=NOW),
        files=files,
        submissions=(),
    )
    raw = report_html(report, edition, lang=lang, scans={})
    rows = re.findall(
        r'<tr id="file-\d+"><td>([^<]*)</td><td class="nw">[^<]*</td>'
        r'<td class="nw">[^<]*</td><td>([^<]*)</td>',
        raw,
    )
    shown = [html.unescape(role) for _path, role in rows]
    assert shown == [(zh, en)[lang == "en"] for _role, zh, en in _ROLES]
    ledger = inbox_to_json(report)["inbox"]["files"]
    assert [f["role"] for f in ledger] == [role for role, *_ in _ROLES]


#: File kinds of the ledger, and how the file list names them in Chinese
#: and English (a kind the list does not know is shown as it is).
_KINDS = (
    ("docx", "Word 文档", "Word document"),
    ("pdf", "PDF", "PDF"),
    ("manifest", "清单文件", "manifest"),
    ("mail", "邮件", "mail"),
    ("mail-body", "邮件正文", "mail body"),
    ("mail-attachment", "邮件附件", "mail attachment"),
    ("text", "文本文件", "text file"),
    ("jpeg", "JPEG 图片", "JPEG picture"),
    ("directory", "文件夹", "folder"),
    ("unknown", "未知内容", "unknown content"),
    ("made-up", "made-up", "made-up"),
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_file_list_names_each_kind_in_the_clerk_s_words(edition: Edition, lang: str) -> None:
    """The file list's 类别 column showed the ledger's kind ids (``docx``,
    ``mail-body``): it names each kind in the page's language; report.json
    keeps the ids."""
    from reform_brand.office._inbox import inbox_to_json

    files = tuple(InboxFile(path=f"f{n}.bin", kind=kind) for n, (kind, *_) in enumerate(_KINDS))
    report = InboxReport(
        root="inbox",
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=NOW),
        files=files,
        submissions=(),
    )
    raw = report_html(report, edition, lang=lang, scans={})
    rows = re.findall(r'<tr id="file-\d+"><td>[^<]*</td><td class="nw">([^<]*)</td>', raw)
    assert [html.unescape(kind) for kind in rows] == [
        (zh, en)[lang == "en"] for _k, zh, en in _KINDS
    ]
    ledger = inbox_to_json(report)["inbox"]["files"]
    assert [f["kind"] for f in ledger] == [kind for kind, *_ in _KINDS]
