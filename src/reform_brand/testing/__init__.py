"""Testing helpers for portals and edition plugins.

PYTEST_DONT_REWRITE (this package module holds no assertions; the helpers
below live in submodules that pytest rewrites, see ``pytest_plugin``).

* :func:`isolated_host` - a :class:`~reform_brand.Host` with only the plugins
  you name (installed plugins do not leak in unless asked for);
* :class:`SubmissionFactory` - valid submission envelopes for any form of any
  edition, derived from the form's data (examples, patterns, the roster);
* :func:`assert_valid`, :func:`assert_findings`, :func:`assert_no_findings` -
  assertions on reports whose failures list expected and actual findings;
* :func:`quiet_holds` - a rule's quiet test held to its check (docs/hooks.md);
* :mod:`reform_brand.testing.strategies` - Hypothesis strategies derived from
  a form's JSON Schema (needs ``hypothesis``);
* :mod:`reform_brand.testing.pytest_plugin` - the pytest plugin (fixtures
  ``rb_host``, ``rb_edition``, ``rb_submission``, ``rb_validate``), loaded
  through the ``pytest11`` entry point.

See docs/tutorials/test-author.md.  Names are imported on first use, so that
importing this package imports neither pytest nor hypothesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reform_brand._lazy import lazy_attribute, lazy_names

if TYPE_CHECKING:
    from reform_brand.testing._assertions import (
        ExpectedFinding,
        assert_findings,
        assert_no_findings,
        assert_valid,
        finding_pairs,
    )
    from reform_brand.testing._factory import SubmissionFactory, write_attachments
    from reform_brand.testing._hosts import isolated_host
    from reform_brand.testing._quiet import quiet_holds

__all__ = [
    "ExpectedFinding",
    "SubmissionFactory",
    "assert_findings",
    "assert_no_findings",
    "assert_valid",
    "finding_pairs",
    "isolated_host",
    "quiet_holds",
    "write_attachments",
]

_WHERE = {
    "ExpectedFinding": f"{__name__}._assertions",
    "assert_findings": f"{__name__}._assertions",
    "assert_no_findings": f"{__name__}._assertions",
    "assert_valid": f"{__name__}._assertions",
    "finding_pairs": f"{__name__}._assertions",
    "SubmissionFactory": f"{__name__}._factory",
    "write_attachments": f"{__name__}._factory",
    "isolated_host": f"{__name__}._hosts",
    "quiet_holds": f"{__name__}._quiet",
}


def __getattr__(name: str) -> Any:
    return lazy_attribute(__name__, _WHERE, globals(), name)


def __dir__() -> list[str]:
    return lazy_names(globals(), _WHERE)
