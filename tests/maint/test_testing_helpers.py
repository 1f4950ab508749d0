"""reform_brand.testing used directly: the factory, the assertions, the
strategies and isolated hosts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from reform_brand import Edition, Host, validate_batch, validate_submission
from reform_brand.model import FormField
from reform_brand.testing import (
    SubmissionFactory,
    assert_findings,
    assert_no_findings,
    assert_valid,
    finding_pairs,
    isolated_host,
    write_attachments,
)
from reform_brand.testing._regex import example_for_pattern
from reform_brand.testing.strategies import envelopes, form_data, hostile_envelopes

NOW = dt.datetime(2022, 9, 1, tzinfo=dt.UTC)


def test_every_form_and_unit_kind_gets_a_valid_envelope(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    seen = 0
    for form in edition.forms:
        for kind in edition.unit_kinds:
            if form.id not in kind.forms:
                continue
            env = factory(form.id, unit_kind=kind.id)
            assert env["unit"]["kind"] == kind.id
            report = validate_submission(edition, env, host=reference_host, now=NOW)
            assert_no_findings(report)
            seen += 1
    assert seen == 6


def test_envelopes_with_real_attachment_files_are_valid(
    reference_host: Host, edition: Edition, factory: SubmissionFactory, tmp_path: Path
) -> None:
    env = factory("recommendation")
    folder = write_attachments(tmp_path / "sub", env)
    report = validate_submission(edition, env, host=reference_host, base_dir=folder, now=NOW)
    assert report.files_checked
    assert_no_findings(report)


def test_attachments_without_a_path_get_no_file(
    reference_host: Host, edition: Edition, factory: SubmissionFactory, tmp_path: Path
) -> None:
    env = factory("recommendation")
    env["attachments"][0] = {"role": env["attachments"][0]["role"]}
    env["attachments"] += ["x", {"role": "word", "path": 5}, {"role": "word", "path": " "}]
    folder = write_attachments(tmp_path / "sub", env)
    assert sorted(p.name for p in folder.iterdir()) == [Path(env["attachments"][1]["path"]).name]
    report = validate_submission(edition, env, host=reference_host, base_dir=folder, now=NOW)
    assert ("envelope.required", "/attachments/0/path") in finding_pairs(report)
    assert write_attachments(tmp_path / "none", {"attachments": "x"}).is_dir()


def test_changes_are_merged_and_fields_dropped(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    env = factory(
        "application",
        data={"contact": {"mobile": "12345"}},
        drop=("/contact/email", "project_basis"),
        reform_items=[99],
    )
    assert env["data"]["contact"]["name"]  # the rest of the group is kept
    report = validate_submission(edition, env, host=reference_host, now=NOW)
    assert_findings(
        report,
        [
            ("contact.mobile", "/data/contact/mobile"),
            ("form.required", "/data/contact/email"),
            ("form.required", "/data/project_basis"),
            ("reform-items.unknown", "/reform_items/0"),
        ],
    )


def test_data_that_is_not_a_table_replaces_the_form_data(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    values: list[object] = ["x", [], 0]
    for value in values:
        env = factory("application", data=value)
        assert env["data"] == value
        report = validate_submission(edition, env, host=reference_host, now=NOW)
        assert finding_pairs(report)[0] == ("envelope.type", "/data")


def test_ids_are_fresh_and_calls_deterministic(edition: Edition) -> None:
    a, b = SubmissionFactory(edition), SubmissionFactory(edition)
    first, second = a("application"), a("application")
    assert first["id"] != second["id"]
    assert b("application") == first


def test_an_unknown_unit_kind_is_named(factory: SubmissionFactory) -> None:
    with pytest.raises(LookupError, match=r"no unit kind 'nope'\. Available: provincial-society"):
        factory("application", unit_kind="nope")
    with pytest.raises(LookupError, match="no unit kind 'nope'"):
        factory.unit("nope")


def test_county_units_name_their_city(edition: Edition, factory: SubmissionFactory) -> None:
    env = factory("application", unit_kind="county-association")
    roster = {u.name for u in edition.roster}
    assert env["unit"]["city"] in roster


@pytest.mark.parametrize(
    "pattern",
    [
        r"^0[0-9]{2,3}-[0-9]{7,8}$",
        r"^1[0-9]{10}$",
        r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]*[A-Za-z]$",
        r"^(?:HN|HAINAN)-[0-9]{4}$",
        r"^[^@\s]+@x\.cn$",
        r"^\d{3}\w+$",
        r"^(?=.*[0-9])[A-Z0-9]{6}$",
        r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9]).{8,20}$",
        r"^(?=.*\d)(?=.*[!@#])[A-Za-z\d!@#]{8,}$",
        r"^(?!0)[0-9]{6}$",
        r"^(?=.{6,10}$)[a-z]+$",
    ],
)
def test_pattern_examples_match_their_pattern(pattern: str) -> None:
    import re

    example = example_for_pattern(pattern)
    assert example is not None and re.search(pattern, example)


@pytest.mark.parametrize(
    "pattern", [r"^((a{1000}){1000}){1000}$", r"^[0-9]{100000000}$", r"^(?=.*b)(x{999}){999}$"]
)
def test_patterns_of_huge_counts_get_no_example(pattern: str) -> None:
    # Not a gigabyte of text, nor a wait for it: no example.
    assert example_for_pattern(pattern) is None


def test_assert_findings_lists_missing_and_unexpected(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    env = factory("application", data={"contact": {"mobile": "12"}})
    report = validate_submission(edition, env, host=reference_host, now=NOW)
    assert finding_pairs(report) == [("contact.mobile", "/data/contact/mobile")]
    with pytest.raises(AssertionError) as info:
        assert_findings(report, [("contact.email", "/data/contact/email")])
    text = str(info.value)
    missing, unexpected = (
        text.split("unexpected (found, not expected):")[0],
        text.split("unexpected (found, not expected):")[1].split("expected:")[0],
    )
    assert "- contact.email  /data/contact/email" in missing
    assert "+ contact.mobile  /data/contact/mobile  [error]" in unexpected
    # A bare code matches any pointer; exact=False allows others.
    assert_findings(report, ["contact.mobile"])
    assert_findings(report, [], exact=False)
    with pytest.raises(AssertionError):
        assert_findings(report, [])
    with pytest.raises(AssertionError):
        assert_findings(report, [("contact.mobile", "/data/contact/mobile")] * 2)


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("project name ", '"/data/project name "'),
        ("a\nb", '"/data/a\\nb"'),
        ("c\x00d", '"/data/c\\x00d"'),
        ("e\u3000", '"/data/e\\u3000"'),
        ("普通", "/data/普通"),
    ],
)
def test_a_failure_shows_each_pointer_on_its_line_as_it_is(
    reference_host: Host, edition: Edition, factory: SubmissionFactory, key: str, shown: str
) -> None:
    """A key with a line break broke the listing in two, a NUL or an
    ideographic space did not show, and a trailing space made two pointers
    that differ look the same."""
    env = factory("application")
    env["data"][key] = "x"
    report = validate_submission(edition, env, host=reference_host, now=NOW)
    assert finding_pairs(report) == [("form.unknown-field", f"/data/{key}")]
    checks: list[Callable[[], None]] = [
        lambda: assert_findings(report, [("form.unknown-field", "/data/project name")]),
        lambda: assert_valid(report),
        lambda: assert_no_findings(report),
    ]
    for check in checks:
        with pytest.raises(AssertionError) as info:
            check()
        lines = str(info.value).splitlines()
        listed = [n.strip()[2:].split("  ")[:2] for n in lines if n.strip()[:2] in ("+ ", "- ")]
        assert [["form.unknown-field", shown]] == [
            p for p in listed if p[1] != "/data/project name"
        ]
        assert all(n.isprintable() for n in lines)


def test_assert_valid_and_no_findings(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    env = factory("application")
    del env["reform_items"]
    include = ("reform-item-suggestions",)
    report = validate_submission(edition, env, host=reference_host, now=NOW, include=include)
    assert finding_pairs(report) == [
        ("reform-items.undeclared", "/reform_items"),
        ("reform-items.suggested", "/reform_items"),  # info, from the project's text
    ]
    assert_valid(report)  # a warning is still valid
    with pytest.raises(AssertionError, match=r"reform-items\.undeclared"):
        assert_valid(report, warnings=False)
    with pytest.raises(AssertionError, match=r"reform-items\.undeclared"):
        assert_no_findings(report)
    assert_no_findings(report, severity="error")
    with pytest.raises(TypeError):
        assert_valid(env)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        assert_findings(report, [("a", "b", "c")])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"reform-items\.undeclared"):
        assert_findings(report, "reform-items.undeclared")


def test_batch_reports_are_accepted(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    envs = [factory("application", unit_kind="provincial-society") for _ in range(2)]
    report = validate_batch(edition, envs, host=reference_host, now=NOW)
    assert_findings(report, [("quota.exceeded", "")])
    assert_valid(report)
    with pytest.raises(AssertionError, match=r"quota\.exceeded"):
        assert_valid(validate_batch(edition, envs, host=reference_host, now=NOW, strict=True))


def test_isolated_hosts_keep_installed_plugins_out() -> None:
    assert isolated_host().editions.ids() == []
    assert isolated_host(installed=["shandong-2022"]).editions.ids() == ["shandong-2022"]
    assert "shandong-2022" in isolated_host(installed=True).editions
    with pytest.raises(LookupError, match="no-such-plugin"):
        isolated_host(installed=["no-such-plugin"])


@pytest.mark.parametrize("installed", [["shandong-2022"], True])
def test_a_plugin_given_and_installed_is_loaded_once(installed: Any) -> None:
    """As a suite's rb_installed_plugins and a test's rb_plugins(module) ask:
    the entry point's module is the plugin given, not a second plugin."""
    import reform_brand_shandong_2022 as module

    host = isolated_host(module, installed=installed)
    assert host.errors == []
    assert [p.name for p in host.plugins if p.module == module.__name__] == [module.__name__]
    assert "shandong-2022" in host.editions


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    data=form_data(
        isolated_host(installed=["shandong-2022"]).edition("shandong-2022"), "application"
    )
)
def test_generated_form_data_is_valid(data: dict[str, object]) -> None:
    host = isolated_host(installed=["shandong-2022"])
    edition = host.edition("shandong-2022")
    env = SubmissionFactory(edition)("application")
    env["data"] = data
    report = validate_submission(edition, env, host=host, now=NOW)
    assert_no_findings(report, severity="error")


_ED = isolated_host(installed=["shandong-2022"]).edition("shandong-2022")


@SETTINGS
@given(env=envelopes(_ED))
def test_generated_envelopes_are_valid(reference_host: Host, env: dict[str, object]) -> None:
    report = validate_submission(_ED, env, host=reference_host, now=NOW)
    assert_valid(report, warnings=False)


@SETTINGS
@given(env=hostile_envelopes(_ED))
def test_hostile_envelopes_never_make_validation_raise(reference_host: Host, env: object) -> None:
    report = validate_submission(_ED, env, host=reference_host, now=NOW)
    assert all(f.code and f.severity in ("error", "warning", "info") for f in report.findings)


def test_assert_findings_takes_pairs_as_json_loads_them(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    import json

    env = factory("application", drop=("project_basis",))
    report = validate_submission(edition, env, host=reference_host, now=NOW)
    expected = json.loads('[["form.required", "/data/project_basis"]]')
    assert_findings(report, expected)
    with pytest.raises(AssertionError, match=r"- form\.required  /data/other"):
        assert_findings(report, json.loads('[["form.required", "/data/other"]]'))
    shapes: list[Any] = [["form.required"], ["form.required", "/data/x", "z"], ["form.required", 1]]
    for shape in shapes:
        with pytest.raises(TypeError, match="pair of two strings"):
            assert_findings(report, [shape])
    with pytest.raises(TypeError, match="list of codes"):
        assert_findings(report, b"form.required")  # type: ignore[arg-type]


def test_assert_findings_refuses_a_lone_pair_and_a_mapping(
    reference_host: Host, edition: Edition, factory: SubmissionFactory
) -> None:
    env = factory("application", drop=("project_basis",))
    report = validate_submission(edition, env, host=reference_host, now=NOW)
    # Each would be read as bare codes, the pointer lost or taken for a code.
    with pytest.raises(TypeError, match="'/data/project_basis' is a pointer, not a code"):
        assert_findings(report, ("form.required", "/data/project_basis"))
    with pytest.raises(TypeError, match="'' is a pointer"):
        assert_findings(report, ["form.required", ""])
    with pytest.raises(TypeError, match="list of codes"):
        assert_findings(report, {"form.required": "/data/project_basis"})  # type: ignore[arg-type]


def _with_pattern(edition: Edition, pointer: str, pattern: str) -> Edition:
    """``edition`` with the application form's field at ``pointer`` (one
    level of group at most) given ``pattern`` and no example."""
    import attrs

    form = edition.form("application")
    top, _, sub = pointer.strip("/").partition("/")

    def change(f: FormField) -> FormField:
        if f.id != top:
            return f
        if not sub:
            return attrs.evolve(f, pattern=pattern, example="")
        inner = tuple(
            attrs.evolve(g, pattern=pattern, example="") if g.id == sub else g for g in f.fields
        )
        return attrs.evolve(f, fields=inner)

    changed = attrs.evolve(form, fields=tuple(change(f) for f in form.fields))
    forms = tuple(changed if f.id == form.id else f for f in edition.forms)
    return attrs.evolve(edition, forms=forms)


LOOKAHEAD = r"^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6}$"


def test_the_factory_makes_values_for_lookahead_patterns(
    reference_host: Host, edition: Edition
) -> None:
    import re

    changed = _with_pattern(edition, "/contact/title", LOOKAHEAD)
    env = SubmissionFactory(changed)("application")
    assert re.search(LOOKAHEAD, env["data"]["contact"]["title"])
    report = validate_submission(changed, env, host=reference_host, now=NOW)
    assert_no_findings(report)


def test_the_factory_names_the_field_it_cannot_fill(edition: Edition) -> None:
    changed = _with_pattern(edition, "/contact/title", r"^(a)\1$")
    with pytest.raises(ValueError, match=r"/contact/title \(pattern '\^\(a\)\\\\1\$'") as info:
        SubmissionFactory(changed)("application")
    assert "form 'application' of shandong-2022" in str(info.value)
    assert "add an example" in str(info.value)


@SETTINGS
@given(data=form_data(_with_pattern(_ED, "/contact/title", LOOKAHEAD), "application"))
def test_generated_form_data_fits_lookahead_patterns(data: dict[str, Any]) -> None:
    import re

    assert re.search(LOOKAHEAD, data["contact"]["title"])


def test_form_data_names_the_field_it_cannot_draw(edition: Edition) -> None:
    changed = _with_pattern(edition, "/contact/title", r"^(?=.*[0-9])(?=.*b)(a)\1$")
    with pytest.raises(ValueError, match=r"field /contact/title \(pattern "):
        form_data(changed, "application")


@SETTINGS
@given(data=form_data(_ED, "application", max_text=1))
def test_short_free_text_leaves_patterned_fields_their_length(
    reference_host: Host, data: dict[str, Any]
) -> None:
    assert all(len(v) <= 1 for k, v in data.items() if k in ("project_basis", "project_name"))
    env = SubmissionFactory(_ED)("application")
    env["data"] = data
    report = validate_submission(_ED, env, host=reference_host, now=NOW)
    assert_no_findings(report, severity="error")


def test_envelopes_of_a_form_nobody_fills_in(edition: Edition) -> None:
    import attrs

    kinds = tuple(
        attrs.evolve(k, forms=tuple(f for f in k.forms if f != "application"))
        for k in edition.unit_kinds
    )
    changed = attrs.evolve(edition, unit_kinds=kinds)
    with pytest.raises(ValueError, match="no unit kind of shandong-2022 fills in the form app"):
        envelopes(changed, "application")
    seen: list[str] = []

    @settings(max_examples=10, deadline=None, database=None)
    @given(env=envelopes(changed))
    def any_form(env: dict[str, Any]) -> None:
        seen.append(env["form"])

    any_form()  # of the forms that some kind fills in
    assert set(seen) == {"recommendation"}


def test_lint_reports_are_accepted(tmp_path: Path, reference_host: Host) -> None:
    from reform_brand.maint import lint_edition

    assert_no_findings(lint_edition("shandong-2022", host=reference_host))
    folder = tmp_path / "child"
    folder.mkdir()
    (folder / "edition.toml").write_text(
        'id = "child-2023"\nyear = 2023\n[inherit]\nfrom = "shandong-2022"\n', encoding="utf-8"
    )
    report = lint_edition(folder, host=reference_host)
    assert_valid(report)
    assert_findings(report, [("lint.year-mismatch", "/year")], exact=False)
    with pytest.raises(AssertionError, match=r"expected a valid edition, found \d+ errors? or w"):
        assert_valid(report, warnings=False)
    with pytest.raises(
        AssertionError, match=r"\+ lint\.year-mismatch  /year  \[warning\] .*edition"
    ):
        assert_findings(report, [], severity="warning")


def test_hostile_envelopes_of_forms_the_factory_cannot_fill(edition: Edition) -> None:
    # A form that nobody fills in, and one with a field the factory has no
    # value for: the hostile strategy builds from the forms it can fill.
    import attrs

    kinds = tuple(
        attrs.evolve(k, forms=tuple(f for f in k.forms if f != "recommendation"))
        for k in edition.unit_kinds
    )
    nobody = attrs.evolve(edition, unit_kinds=kinds)
    unfillable = _with_pattern(nobody, "/contact/title", r"^(a)\1$")
    for changed in (nobody, unfillable):
        forms = _hostile_forms(changed)
        assert "recommendation" not in forms
        assert ("application" in forms) is (changed is nobody)


def _hostile_forms(edition: Edition) -> list[object]:
    """The ``form`` of 40 hostile envelopes of ``edition``."""
    forms: list[object] = []

    @settings(max_examples=40, deadline=None, database=None)
    @given(env=hostile_envelopes(edition))
    def draw(env: object) -> None:
        forms.append(env.get("form") if isinstance(env, dict) else None)

    draw()
    return forms


def test_drop_refuses_a_lone_pointer_and_a_field_not_there(edition: Edition) -> None:
    make = SubmissionFactory(edition)
    # As characters, it would drop nothing.
    with pytest.raises(TypeError, match="not the string '/contact/email'"):
        make("application", drop="/contact/email")
    with pytest.raises(TypeError, match="not 5"):
        make("application", drop=[5])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"no field '/contact/emial' to remove; there: .*email"):
        make("application", drop=["/contact/emial"])
    with pytest.raises(ValueError, match="no field 'projct_basis'"):
        make("application", drop=["projct_basis"])
    env = make("application", drop=["/contact/email", "project_basis"])
    assert "email" not in env["data"]["contact"]
    assert "project_basis" not in env["data"]


def test_the_factory_refuses_a_form_of_another_type(edition: Edition) -> None:
    with pytest.raises(TypeError, match="form takes a Form or a form id, not 3"):
        SubmissionFactory(edition)(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("severity", ["eror", "Error", "fatal", ""])
def test_a_severity_no_finding_has_is_refused(edition: Edition, severity: Any) -> None:
    """assert_no_findings(report, severity="eror") matched no finding: it
    could never fail."""
    report = validate_submission(
        edition, SubmissionFactory(edition)("application", drop=["project_basis"]), now=NOW
    )
    with pytest.raises(ValueError, match=f"not {severity!r}"):
        assert_no_findings(report, severity=severity)
    with pytest.raises(ValueError, match=f"not {severity!r}"):
        assert_findings(report, ["form.required"], severity=severity)
    with pytest.raises(AssertionError):
        assert_no_findings(report, severity="error")
