"""Shared fixtures.  Each test area (core/, validation/, render/...) keeps its
own fixtures in its own conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from reform_brand import Edition, Host

# The property tests: in CI (``CI`` set, as .ci/run does) every run draws the
# same examples, so that a verdict does not depend on the run's luck; on a
# developer's machine each run draws new ones.  A failure prints the blob
# that replays it (``@reproduce_failure``) in both.
# ``HYPOTHESIS_PROFILE=dev`` or ``ci`` chooses one explicitly.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# The tests of reform_brand's own pytest plugin (tests/maint/) run pytest in
# pytest; plugins can only be named in the top-level conftest.
pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DATA = REPO / "plugins" / "reform_brand_shandong_2022" / "data"


@pytest.fixture(autouse=True)
def _own_scan_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test keeps verified scans in a store of its own (in this process
    and the ones it starts): a test that counts or changes how a scan is
    read sees it read, not taken from another test's run
    (reform_brand.scan._store; tests/scan/test_store.py uses it)."""
    from reform_brand.scan._store import STORE_ENV

    monkeypatch.setenv(STORE_ENV, str(tmp_path_factory.mktemp("scan-store")))


@pytest.fixture(scope="session")
def host() -> Host:
    """A host with the installed plugins (the reference edition among them)."""
    return Host.create(block=())


@pytest.fixture(scope="session")
def edition(host: Host) -> Edition:
    """The reference edition, shandong-2022."""
    return host.edition("shandong-2022")
