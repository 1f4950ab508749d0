"""Pictures of the signed scans for report.html: a thumbnail of each scan's
first page and a crop of each seal found (or of the empty place where the
seal belongs), embedded as PNG data, so that the clerk confirms by eye
without opening a PDF.  Taken from :func:`reform_brand.scan.verify_scan`,
whose results the ``signed-scan`` rule has already computed in the same
process; without the ``scan`` extra there are no pictures."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

from reform_brand.office._inbox import InboxReport

__all__ = ["SEAL_STATUS", "ScanView", "scan_views", "seal_status"]


@frozen(kw_only=True)
class ScanView:
    """The pictures of one scan, as ``data:`` URIs."""

    thumbnail: str = ""
    seals: tuple[str, ...] = ()
    #: The empty place where the seal belongs, when no seal was found.
    empty: str = ""


def _uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""


def scan_views(
    report: InboxReport,
    *,
    base: Path | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[str, ScanView]:
    """The pictures of each submission's scan, by submission id: only for
    files still on disk, with the ``scan`` extra installed.  ``base`` is
    where intake opened the files (:attr:`Intake.base`: a private folder
    when the inbox held archives or mail files; default: the inbox), and
    ``names`` its map of real relative paths to the paths shown, so that a
    scan inside an archive or a mail is found too."""
    root = Path(report.root) if base is None else base
    if not root.is_dir():
        return {}
    real = {shown: rel for rel, shown in (names or {}).items()}
    try:
        from reform_brand.scan import missing_extra, verify_scan
    except ImportError:  # pragma: no cover - the package ships with the core
        return {}
    if missing_extra() is not None:
        return {}
    out: dict[str, ScanView] = {}
    for s in report.submissions:
        path = root / real.get(s.scan, s.scan)
        if not s.scan or not path.is_file():
            continue
        result = verify_scan(path)
        if result.status != "ok":
            continue
        out[s.id] = ScanView(
            thumbnail=_uri(result.thumbnail_png),
            seals=tuple(u for m in result.seals if (u := _uri(m.crop_png))),
            empty="" if result.seals else _uri(result.seal_region_png),
        )
    return out


#: The roster's 盖章 column: (zh, en) by what the scan check saw.
SEAL_STATUS: Mapping[str, tuple[str, str]] = {
    "seen": ("有", "found"),
    "missing": ("未见", "not seen"),
    "unverified": ("未核验", "not verified"),
}


def seal_status(scan: str, view: ScanView | None) -> str:
    """``seen``, ``missing`` or ``unverified`` (no picture: the extra is
    missing, or the scan could not be read); "" when no scan was sent."""
    if not scan:
        return ""
    if view is None:
        return "unverified"
    return "seen" if view.seals else "missing"
