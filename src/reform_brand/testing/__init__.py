"""Testing helpers for portals and edition plugins.

PYTEST_DONT_REWRITE (this package module holds no assertions; the helpers
below live in submodules that pytest rewrites, see ``pytest_plugin``).

* :func:`isolated_host` - a :class:`~reform_brand.Host` with only the plugins
  you name (installed plugins do not leak in unless asked for);
* :class:`SubmissionFactory` - valid submission envelopes for any form of any
  edition, derived from the form's data (examples, patterns, the roster);
* :func:`assert_valid`, :func:`assert_findings`, :func:`assert_no_findings` -
  assertions on reports whose failures list expected and actual findings;
* :mod:`reform_brand.testing.strategies` - Hypothesis strategies derived from
  a form's JSON Schema (needs ``hypothesis``);
* :mod:`reform_brand.testing.pytest_plugin` - the pytest plugin (fixtures
  ``rb_host``, ``rb_edition``, ``rb_submission``, ``rb_validate``), loaded
  through the ``pytest11`` entry point.

See docs/tutorials/test-author.md.  Names are imported on first use, so that
importing this package imports neither pytest nor hypothesis.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

__all__ = [
    "ExpectedFinding",
    "SubmissionFactory",
    "assert_findings",
    "assert_no_findings",
    "assert_valid",
    "finding_pairs",
    "isolated_host",
    "write_attachments",
]

_WHERE = {
    "ExpectedFinding": "_assertions",
    "assert_findings": "_assertions",
    "assert_no_findings": "_assertions",
    "assert_valid": "_assertions",
    "finding_pairs": "_assertions",
    "SubmissionFactory": "_factory",
    "write_attachments": "_factory",
    "isolated_host": "_hosts",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
