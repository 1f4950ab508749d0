"""The reform_brand pytest plugin (entry point ``pytest11``: ``reform_brand``).

Fixtures ``rb_host``, ``rb_edition``, ``rb_submission`` and ``rb_validate``;
the markers ``rb_plugins`` and ``rb_edition``; the ini options ``rb_installed_plugins`` and
``rb_edition``.  Kept tiny: everything is imported when a fixture is used.
With plugin autoload disabled, load it with
``-p reform_brand.testing.pytest_plugin``.  See docs/tutorials/test-author.md.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("reform_brand.testing")

# Imported after the rewrite is registered, and only for type checkers.
from typing import TYPE_CHECKING, Any  # noqa: E402 - see above

if TYPE_CHECKING:
    from collections.abc import Callable

    from reform_brand import Edition, Host


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "rb_installed_plugins",
        type="linelist",
        default=[],
        help="reform_brand: installed plugins (entry point or distribution names, or *) "
        "that rb_host loads; by default none",
    )
    parser.addini("rb_edition", default="", help="reform_brand: default edition id of rb_edition")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "rb_plugins(*plugins, installed=False): the plugins rb_host loads - plugin "
        "objects or modules, and installed ones (True for all, or names)",
    )
    config.addinivalue_line("markers", "rb_edition(edition_id): the edition rb_edition loads")


@pytest.fixture(scope="session")
def _rb_hosts() -> dict[tuple[Any, ...], Any]:
    return {}


@pytest.fixture
def rb_host(request: pytest.FixtureRequest, _rb_hosts: dict[tuple[Any, ...], Any]) -> Host:
    """A plugin host with the default plugins and only the plugins asked for
    (``@pytest.mark.rb_plugins(...)`` or the ``rb_installed_plugins`` ini
    option).  Hosts are shared by the tests that ask for the same plugins."""
    from reform_brand.testing._pytest import make_host

    return make_host(request, _rb_hosts)


@pytest.fixture
def rb_edition(request: pytest.FixtureRequest, rb_host: Host) -> Edition:
    """The edition under test: an indirect parameter, ``@pytest.mark.rb_edition(ID)``,
    the ``rb_edition`` ini option, or the host's only edition."""
    from reform_brand.testing._pytest import pick_edition

    return pick_edition(request, rb_host)


@pytest.fixture
def rb_submission(request: pytest.FixtureRequest, rb_host: Host) -> Callable[..., dict[str, Any]]:
    """Make valid submission envelopes: ``rb_submission(form, edition=..., **changes)``
    (see :class:`reform_brand.testing.SubmissionFactory`)."""
    from reform_brand.testing._pytest import submission_maker

    return submission_maker(request, rb_host)


@pytest.fixture
def rb_validate(request: pytest.FixtureRequest, rb_host: Host) -> Callable[..., Any]:
    """Validate an envelope (a list or tuple of them: a batch; a ``Path``: a
    submission file; ``bytes``: a request body) with ``rb_host``'s rules."""
    from reform_brand.testing._pytest import validator

    return validator(request, rb_host)
