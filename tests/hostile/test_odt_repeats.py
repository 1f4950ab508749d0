"""An .odt's repeated rows and cells are counted before they are written
out: nested repetitions (a repeated cell holding a table of repeated cells)
are a decompression bomb of their own, refused as ``read.unsafe-zip`` with
the reason ``expanded``, for that file alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.office import read_form
from reform_brand.office._odt import MAX_ODT_EXPANDED
from tests.hostile.odt_bombs import repeated_tables


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(block=())


def _unsafe(host: Host, path: Path) -> dict[str, object]:
    result = read_form(host.edition("shandong-2022"), path)
    assert [f.code for f in result.findings] == ["read.unsafe-zip"]
    return dict(result.findings[0].params)


def test_repeated_cells_multiplying_text_are_refused(host: Host, tmp_path: Path) -> None:
    # 64 rows of 64 cells of 10,000 characters: 40 MB written out from 200 bytes.
    path = tmp_path / "form.odt"
    path.write_bytes(repeated_tables(1, "字" * 10_000))
    params = _unsafe(host, path)
    assert params["reason"] == "expanded"
    assert params["limit"] == MAX_ODT_EXPANDED
    assert isinstance(params["value"], int) and params["value"] > 64 * 64 * 10_000


def test_nested_repeated_tables_are_refused(host: Host, tmp_path: Path) -> None:
    # 64 ** 6 cells (68 billion) from about a kilobyte.
    path = tmp_path / "form.odt"
    path.write_bytes(repeated_tables(3))
    params = _unsafe(host, path)
    assert params["reason"] == "expanded"
    assert isinstance(params["value"], int) and params["value"] >= 64**6


def test_a_table_repeated_within_the_limit_is_read(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "form.odt"
    path.write_bytes(repeated_tables(1))
    result = read_form(host.edition("shandong-2022"), path)
    assert "read.unsafe-zip" not in {f.code for f in result.findings}
