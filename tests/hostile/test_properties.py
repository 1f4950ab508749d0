"""Properties that hold for any input (Hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, validate_batch
from reform_brand.render import render_form
from reform_brand.testing import SubmissionFactory
from reform_brand.testing.strategies import form_data

HOST = Host.create(block=())
EDITION: Edition = HOST.edition("shandong-2022")
NOW = dt.datetime(2022, 8, 25, tzinfo=dt.UTC)
UNITS = [
    ("济南市科协", "city-association", None),
    ("济南 市科协", "city-association", None),
    ("历城区科协", "county-association", "济南市科协"),
    ("青岛市科协", "city-association", None),
    ("山东省计算机学会", "provincial-society", None),
    ("山东省计算机学会　", "provincial-society", None),
    ("省科协科普部", "department", None),
]


def _envelope(
    factory: SubmissionFactory, n: int, unit: tuple[str, str, str | None]
) -> dict[str, Any]:
    name, kind, city = unit
    form = "recommendation" if kind == "department" else "application"
    env = factory(form, unit_kind=kind, id=f"s{n}")
    env["unit"] = {"name": name, "kind": kind, **({"city": city} if city else {})}
    env["data"]["project_name"] = f"项目 {n}"
    return env


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(UNITS), min_size=1, max_size=14).flatmap(
        lambda units: st.tuples(st.just(units), st.permutations(range(len(units))))
    )
)
def test_quota_findings_do_not_depend_on_submission_order(
    drawn: tuple[list[tuple[str, str, str | None]], list[int]],
) -> None:
    units, order = drawn
    factory = SubmissionFactory(EDITION)
    envs = [_envelope(factory, n, u) for n, u in enumerate(units)]

    def quota(items: list[dict[str, Any]]) -> set[tuple[str, str, tuple[str, ...]]]:
        report = validate_batch(EDITION, items, host=HOST, now=NOW)
        return {
            (f.code, f.unit, tuple(sorted(f.params.get("submissions", ()))))  # type: ignore[arg-type]
            for f in report.findings
            if f.code == "quota.exceeded"
        }

    assert quota(envs) == quota([envs[i] for i in order])


_text = st.text(
    # (With astral characters, emoji, right-to-left letters and full-width
    # punctuation and space, each of which a form has to keep.)
    alphabet=st.sampled_from(
        list("改革品牌项目申报山东科协ABCxyz019 &<>\"'{}%\n\t𠀀😀אش，。“”（）\u3000")
    ),
    max_size=60,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_data(EDITION, "application", max_text=60), _text, _text, st.dates())
def test_render_then_read_returns_the_same_data(
    data: dict[str, Any], basis: str, name: str, day: dt.date
) -> None:
    from reform_brand.office._read import read_form

    # Any day of the calendar, from 0001-01-01 to 9999-12-31.
    data["date"] = day.isoformat()
    if basis.strip():
        data["project_basis"] = basis.replace("\t", " ")
    if name.strip() and "\n" not in name:
        data["project_name"] = name.replace("\t", " ").strip()
    blob = render_form(EDITION, "application", data, host=HOST)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.docx"
        path.write_bytes(blob)
        result = read_form(EDITION, path)
    assert result.findings == ()
    # Reading trims white space at the ends of lines, as a person retyping
    # the form would not see it either; everything else comes back as given.
    assert _trimmed(result.data) == _trimmed(data)


def _trimmed(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _trimmed(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ("", None, {})}
    if isinstance(value, str):
        return "\n".join(line.strip() for line in value.split("\n")).strip()
    return value
