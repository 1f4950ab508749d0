"""Which blank pages of a scan are the backs of a one-sided print scanned
on both sides (``ScanResult.duplex_backs``)."""

from __future__ import annotations

import pytest

from reform_brand.scan import ScanResult


@pytest.mark.parametrize(
    ("pages", "blank", "backs"),
    [
        (2, (2,), (2,)),
        (6, (2, 4, 6), (2, 4, 6)),
        # An odd page blank as well: the backs are still backs, the page is not.
        (6, (2, 4, 5, 6), (2, 4, 6)),
        # Every page blank: no back of anything.
        (2, (1, 2), ()),
        (4, (1, 2, 3, 4), ()),
        # Not every even page blank, or an odd number of pages.
        (4, (2,), ()),
        (6, (2, 6), ()),
        (5, (2, 4), ()),
        (1, (1,), ()),
        (1, (), ()),
        (0, (), ()),
        (4, (), ()),
    ],
)
def test_duplex_backs(pages: int, blank: tuple[int, ...], backs: tuple[int, ...]) -> None:
    result = ScanResult(status="ok", pages=pages, scanned=True, blank_pages=blank)
    assert result.all_blank == (pages > 0 and len(blank) == pages)
    assert result.duplex_backs == backs


def test_only_the_pages_looked_at_count() -> None:
    """Of a long scan only the first and the last pages are looked at: the
    backs among them decide."""
    result = ScanResult(
        status="ok", pages=8, scanned=True, blank_pages=(2, 8), looked_at=(1, 2, 3, 7, 8)
    )
    assert result.duplex_backs == (2, 8)
    assert not result.all_blank
    odd_blank = ScanResult(
        status="ok", pages=8, scanned=True, blank_pages=(2, 3, 8), looked_at=(1, 2, 3, 7, 8)
    )
    assert odd_blank.duplex_backs == (2, 8)
    every = ScanResult(
        status="ok", pages=8, scanned=True, blank_pages=(1, 2, 3, 7, 8), looked_at=(1, 2, 3, 7, 8)
    )
    assert (every.duplex_backs, every.all_blank) == ((), True)
