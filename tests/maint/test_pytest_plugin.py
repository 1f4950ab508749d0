"""The pytest plugin, run in pytest with ``pytester``."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("error")

# numpy loads once per process: imported first inside an in-process pytester
# run (a scan check), it would leave with that run's sys.modules and fail to
# load again, so that later tests saw the scan checks without numpy.
with contextlib.suppress(ImportError):
    import numpy  # noqa: F401

CONFTEST_NONE = ""


#: The inner runs load the plugin by its module when autoload is disabled.
PLUGIN_ARGS = (
    ("-p", "reform_brand.testing.pytest_plugin")
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    else ()
)


def _outcomes(result: pytest.RunResult) -> dict[str, int]:
    return result.parseoutcomes()


def test_rb_host_is_isolated_unless_asked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_default(rb_host):
            assert rb_host.editions.ids() == []
            assert {p.kind for p in rb_host.plugins} == {"default"}

        @pytest.mark.rb_plugins(installed=["shandong-2022"])
        def test_named(rb_host):
            assert rb_host.editions.ids() == ["shandong-2022"]

        @pytest.mark.rb_plugins(installed=True)
        def test_all(rb_host):
            assert "shandong-2022" in rb_host.editions

        class Plugin:
            __name__ = "given"

        GIVEN = Plugin()

        @pytest.mark.rb_plugins(GIVEN)
        def test_given(rb_host):
            assert [p.name for p in rb_host.plugins if p.kind == "given"] == ["given"]
            assert rb_host.editions.ids() == []

        @pytest.mark.rb_plugins(installed=["no-such-plugin"])
        def test_unknown(rb_host):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(
        ["*rb_host: no installed reform_brand plugin named no-such-plugin*"]
    )


def test_ini_option_and_edition_selection(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def test_only_edition(rb_edition):
            assert rb_edition.id == "shandong-2022"

        @pytest.mark.parametrize("rb_edition", ["shandong-2022"], indirect=True)
        def test_indirect(rb_edition):
            assert rb_edition.year == 2022

        @pytest.mark.rb_edition("shandong-2022")
        def test_marker(rb_edition):
            assert len(rb_edition.reform_items) == 17

        @pytest.mark.rb_edition("shandong-2099")
        def test_unknown(rb_edition):
            pass

        @pytest.mark.rb_plugins(installed=False)
        def test_none(rb_edition):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*rb_edition: *shandong-2099*shandong-2022*",
            "*rb_edition: say which edition to load*no edition*",
        ]
    )


def test_a_portal_suite_with_factory_validate_and_assertions(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import datetime as dt
        import pytest
        from reform_brand.testing import assert_findings, assert_valid

        NOW = dt.datetime(2022, 9, 1, tzinfo=dt.timezone.utc)

        @pytest.mark.parametrize("form", ["application", "recommendation"])
        def test_valid(rb_submission, rb_validate, form):
            assert_valid(rb_validate(rb_submission(form), now=NOW), warnings=False)

        def test_bad_mobile(rb_submission, rb_validate):
            env = rb_submission("application", data={"contact": {"mobile": "12"}})
            assert_findings(rb_validate(env, now=NOW), [("contact.mobile", "/data/contact/mobile")])

        def test_quota_in_a_batch(rb_submission, rb_validate):
            batch = [rb_submission("application", unit_kind="provincial-society") for _ in range(2)]
            assert_findings(rb_validate(batch, now=NOW), [("quota.exceeded", "")])

        def test_failure_reads_well(rb_submission, rb_validate):
            env = rb_submission("application", data={"contact": {"email": "nope"}})
            assert_findings(rb_validate(env, now=NOW), [("contact.mobile", "/data/contact/mobile")])
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*findings differ from what was expected",
            "*missing (expected, not found):",
            "*- contact.mobile  /data/contact/mobile",
            "*unexpected (found, not expected):",
            "*+ contact.email  /data/contact/email  [[]error[]]*",
        ]
    )
    # The helper's own frames are hidden: the failure points at the test.
    assert "testing/_assertions.py" not in result.stdout.str()


def test_with_plugin_autoload_disabled(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys
        import pytest

        @pytest.mark.rb_plugins(installed=["shandong-2022"])
        @pytest.mark.rb_edition("shandong-2022")
        def test_it(rb_edition, rb_submission, rb_validate):
            from reform_brand.testing import assert_valid

            assert_valid(rb_validate(rb_submission()))
            loader = sys.modules["reform_brand.testing._assertions"].__loader__
            assert type(loader).__name__ == "AssertionRewritingHook"
        """
    )
    env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        without = pytester.runpytest_subprocess("-p", "no:cacheprovider")
        with_p = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "-p", "reform_brand.testing.pytest_plugin"
        )
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    without.assert_outcomes(errors=1)
    without.stdout.fnmatch_lines(["*fixture 'rb_edition' not found*"])
    with_p.assert_outcomes(passed=1)


@pytest.mark.parametrize("autoload", ["on", "off"])
def test_the_entry_point_name_loads_the_plugin_with_autoload_on_or_off(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, autoload: str
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rb_plugins(installed=["shandong-2022"])
        def test_it(rb_edition):
            assert rb_edition.id == "shandong-2022"
        """
    )
    if autoload == "off":
        monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    else:
        monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "reform_brand")
    result.assert_outcomes(passed=1)


def test_project_suite_fixture_names_do_not_clash() -> None:
    """The plugin's fixtures are prefixed, so suites keep ``host``/``edition``."""
    from reform_brand.testing import pytest_plugin

    names = {n for n in dir(pytest_plugin) if n.startswith("rb_")}
    assert names == {"rb_host", "rb_edition", "rb_submission", "rb_validate"}


def test_a_batch_is_validated_against_the_edition_its_envelopes_name(
    pytester: pytest.Pytester,
) -> None:
    hainan = Path(__file__).resolve().parents[1] / "neutral" / "hainan_edition"
    pytester.makepyfile(
        f"""
        import pytest
        from reform_brand import hookimpl
        from reform_brand.testing import finding_pairs

        class Hainan:
            __name__ = "hainan"

            @hookimpl
            def reform_brand_editions(self, registry):
                registry.add_source("hainan-2024", {str(hainan)!r})

        pytestmark = pytest.mark.rb_plugins(Hainan(), installed=["shandong-2022"])

        def test_batch(rb_submission, rb_validate):
            batch = [rb_submission("proposal", edition="hainan-2024") for _ in range(2)]
            report = rb_validate(batch)
            assert report.edition == "hainan-2024"
            assert [c for c, _ in finding_pairs(report) if c.startswith("envelope.")] == []

        def test_two_editions_named(rb_submission, rb_validate):
            batch = [
                rb_submission("proposal", edition="hainan-2024"),
                rb_submission("application", edition="shandong-2022"),
            ]
            rb_validate(batch)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*rb_edition: say which edition to load*"])


def test_rb_submission_names_the_field_it_cannot_fill(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        r"""
        import attrs

        def test_it(rb_edition, rb_submission):
            form = rb_edition.form("application")
            fields = tuple(
                attrs.evolve(f, pattern=r"^(a)\1$", example="") if f.id == "project_name" else f
                for f in form.fields
            )
            changed = attrs.evolve(form, fields=fields)
            edition = attrs.evolve(rb_edition, forms=(changed, *rb_edition.forms[1:]))
            rb_submission("application", edition=edition)

        def test_unknown_kind(rb_submission):
            rb_submission("application", unit_kind="nope")

        def test_unknown_form(rb_submission):
            rb_submission("nope")
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*rb_submission: form 'application' of shandong-2022: *field /project_name (pattern*",
            "*rb_submission: edition 'shandong-2022' has no unit kind 'nope'. Available: *",
            "*rb_submission: edition 'shandong-2022' has no form 'nope'. Available: *",
        ]
    )
    # The failure is the message alone, not the factory's frames.
    assert "_factory.py" not in result.stdout.str()


def test_rb_validate_reads_files_bodies_and_tuples(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import json
        from reform_brand import BatchReport, SubmissionReport
        from reform_brand.testing import assert_findings, assert_no_findings, write_attachments

        def test_a_file(rb_submission, rb_validate, tmp_path):
            env = rb_submission("recommendation")
            write_attachments(tmp_path, env)
            (tmp_path / "sub.json").write_text(json.dumps(env), encoding="utf-8")
            report = rb_validate(tmp_path / "sub.json")
            assert isinstance(report, SubmissionReport)
            assert report.files_checked
            assert_no_findings(report, severity="error")
            (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
            assert_findings(rb_validate(tmp_path / "bad.json"), [("file.not-json", "")])

        def test_a_body(rb_submission, rb_validate):
            body = json.dumps(rb_submission("application", drop=["project_basis"])).encode()
            assert_findings(rb_validate(body), [("form.required", "/data/project_basis")])
            assert_findings(rb_validate(b"{nope"), ["envelope.not-json"])

        def test_a_tuple_is_a_batch(rb_submission, rb_validate):
            batch = tuple(rb_submission("application", unit_kind="provincial-society") for _ in "ab")
            report = rb_validate(batch)
            assert isinstance(report, BatchReport)
            assert_findings(report, [("quota.exceeded", "")])
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=3)


def test_rb_validate_names_itself_and_refuses_a_lone_ignored_code(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def test_unknown_edition(rb_submission, rb_validate):
            rb_validate(rb_submission(), edition="nope-2099")

        def test_unknown_edition_of_a_submission(rb_submission):
            rb_submission(edition="nope-2099")

        def test_a_lone_code(rb_submission, rb_validate):
            # As characters, it would ignore nothing.
            with pytest.raises(TypeError, match="not the string 'form.required'"):
                rb_validate(rb_submission(drop=["project_basis"]), ignore="form.required")

        def test_a_misspelt_code(rb_submission, rb_validate):
            # Left as it is, the rule would still run.
            with pytest.raises(ValueError, match="'form.requird'.*'form.required'"):
                rb_validate(rb_submission(), ignore=["form.requird"])

        def test_a_generator_is_no_batch(rb_submission, rb_validate):
            # Read as one value, it would be envelope.not-object.
            with pytest.raises(TypeError, match="a batch is a list or tuple"):
                rb_validate(rb_submission() for _ in range(4))

        def test_the_opt_in_rules_asked_for(rb_submission, rb_validate):
            env = rb_submission()
            del env["reform_items"]
            plain = rb_validate(env).codes()
            asked = rb_validate(env, include=["reform-item-suggestions"]).codes()
            assert "reform-items.suggested" not in plain
            assert "reform-items.suggested" in asked
            assert rb_validate(env, include="*").codes() == asked
            with pytest.raises(ValueError, match="'reform-item-sugestions'"):
                rb_validate(env, include=["reform-item-sugestions"])
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=4, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*rb_validate(edition=...): unknown edition 'nope-2099'*",
            "*rb_submission(edition=...): unknown edition 'nope-2099'*",
        ]
    )


def test_several_editions(pytester: pytest.Pytester) -> None:
    child = pytester.mkdir("child")
    (child / "edition.toml").write_text(
        'id = "child-2023"\nyear = 2022\n[inherit]\nfrom = "shandong-2022"\n', encoding="utf-8"
    )
    pytester.makepyfile(
        childplugin="""
        import pathlib
        from reform_brand import hookimpl

        @hookimpl
        def reform_brand_editions(registry):
            registry.add_source("child-2023", pathlib.Path(__file__).parent / "child")
        """
    )
    pytester.makepyfile(
        """
        import datetime as dt
        import pytest
        import childplugin
        from reform_brand.testing import assert_findings, assert_valid

        NOW = dt.datetime(2022, 9, 1, tzinfo=dt.timezone.utc)
        pytestmark = pytest.mark.rb_plugins(childplugin, installed=["shandong-2022"])

        @pytest.mark.parametrize("rb_edition", ["shandong-2022", "child-2023"], indirect=True)
        def test_each(rb_edition, rb_submission, rb_validate):
            env = rb_submission("application")
            assert env["edition"] == rb_edition.id
            assert_valid(rb_validate(env, now=NOW), warnings=False)

        def test_each_envelope_names_its_own(rb_submission, rb_validate):
            a = rb_submission("application", edition="shandong-2022")
            b = rb_submission("application", edition="child-2023")
            assert_valid(rb_validate(a, now=NOW))
            assert_valid(rb_validate(b, now=NOW))
            report = rb_validate([a, b], edition="child-2023", now=NOW)
            assert_findings(report, [("envelope.edition-mismatch", "/edition")])

        def test_a_batch_of_two_editions(rb_submission, rb_validate):
            a = rb_submission("application", edition="shandong-2022")
            b = rb_submission("application", edition="child-2023")
            rb_validate([a, b], now=NOW)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*rb_validate: the envelopes name several editions (child-2023, shandong-2022): "
            "say which one*edition=...*"
        ]
    )


def test_blocked_by_its_entry_point_name_and_loaded_by_its_module(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rb_plugins(installed=["shandong-2022"])
        def test_it(rb_submission, rb_validate):
            from reform_brand.testing import assert_valid

            assert_valid(rb_validate(rb_submission()))
        """
    )
    blocked = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:reform_brand")
    blocked.assert_outcomes(errors=1)
    both = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:reform_brand",
        "-p",
        "reform_brand.testing.pytest_plugin",
    )
    both.assert_outcomes(passed=1)


def test_a_naive_now_and_a_misspelt_drop_say_what_was_wrong(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import datetime as dt

        from reform_brand.testing import assert_valid

        def test_naive_now(rb_submission, rb_validate):
            rb_validate(rb_submission(), now=dt.datetime(2022, 8, 25))

        def test_misspelt_drop(rb_submission):
            rb_submission("application", drop=["/contact/emial"])

        def test_one_error(rb_submission, rb_validate):
            assert_valid(rb_validate(rb_submission(drop=["project_basis"])))
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*rb_validate: now= takes a timezone-aware datetime*not datetime.datetime(2022, 8, 25*",
            "*rb_submission: drop: the form data of 'application' has no field '/contact/emial'*",
            "*expected a valid submission, found 1 error:*",
        ]
    )
    result.stdout.no_fnmatch_line("*_stream.py*")


@pytest.mark.parametrize("autoload", ["on", "off"])
def test_a_conftest_names_the_module_only_with_autoload_off(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, autoload: str
) -> None:
    pytester.makeconftest('pytest_plugins = ["reform_brand.testing.pytest_plugin"]\n')
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rb_plugins(installed=["shandong-2022"])
        def test_it(rb_edition):
            assert rb_edition.id == "shandong-2022"
        """
    )
    if autoload == "off":
        monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    else:
        monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    if autoload == "off":
        result.assert_outcomes(passed=1)
    else:
        assert result.ret != 0
        result.stderr.fnmatch_lines(["*Plugin already registered under a different name*"])


def test_an_edition_of_another_type_is_refused_and_a_str_is_no_json_text(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(
        """
        [pytest]
        rb_installed_plugins = shandong-2022
        rb_edition = shandong-2022
        """
    )
    pytester.makepyfile(
        """
        import json

        import pytest

        from reform_brand.testing import assert_findings, assert_valid

        def test_edition_of_another_type(rb_submission, rb_validate):
            # Else rb_edition stood in for it.
            with pytest.raises(TypeError, match="rb_validate: edition= takes an Edition"):
                rb_validate(rb_submission(), edition=3)
            with pytest.raises(TypeError, match="rb_submission: edition= takes an Edition"):
                rb_submission(edition=["shandong-2022"])

        def test_a_file_with_base_dir(rb_submission, rb_validate, tmp_path):
            path = tmp_path / "sub.json"
            path.write_text(json.dumps(rb_submission()), encoding="utf-8")
            with pytest.raises(TypeError, match="attachments are in its folder"):
                rb_validate(path, base_dir=tmp_path)

        def test_json_text(rb_submission, rb_validate):
            text = json.dumps(rb_submission())
            assert_findings(rb_validate(text), [("envelope.not-object", "")])
            assert_valid(rb_validate(text.encode()))
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(passed=3)


def test_rb_plugins_refuses_a_plugin_name_given_as_a_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.rb_plugins("shandong-2022")
        def test_a_name(rb_edition):
            pass

        @pytest.mark.rb_plugins(installed=None)
        def test_no_names(rb_host):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", *PLUGIN_ARGS)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "rb_plugins takes plugin objects or modules, not the name 'shandong-2022': "
            "name an installed plugin with rb_plugins(installed=?'shandong-2022'?)*",
            "rb_plugins(installed=...) takes True, False or plugin names, not None",
        ]
    )
    result.stdout.no_fnmatch_line("*_pytest.py*")
