"""Fixtures for the maintainer tools' tests: the testing helpers, the linter,
the scaffold and the fictional second edition.

(``pytester`` is enabled in the top-level conftest: a non-root conftest may
not name plugins.)"""

from __future__ import annotations

import pytest

from reform_brand import Edition, Host
from reform_brand.testing import SubmissionFactory


@pytest.fixture(scope="session")
def factory(edition: Edition) -> SubmissionFactory:
    """Valid envelopes for the reference edition."""
    return SubmissionFactory(edition)


@pytest.fixture(scope="session")
def reference_host() -> Host:
    """A host with only the reference edition installed."""
    from reform_brand.testing import isolated_host

    return isolated_host(installed=["shandong-2022"])
