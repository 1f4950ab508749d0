"""Pictures of the signed scans for report.html: a thumbnail of each scan's
first page, a crop of each seal found (or of the empty place where the
seal belongs) and of each signature found, embedded as PNG data, so that the clerk confirms by eye
without opening a PDF.  Taken from :func:`reform_brand.scan.verify_scan`,
whose results the ``signed-scan`` rule has already computed in the same
process, each for the signature label of the submission's form (as the
rule asked for it), and only of what that form asks for (its blocks: a
seal, a signature; :func:`reform_brand.scan._label.form_marks`); without
the ``scan`` extra there are no pictures."""

from __future__ import annotations

import base64
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand.office._inbox import InboxReport, InboxSubmission

if TYPE_CHECKING:
    from reform_brand.model import Edition
    from reform_brand.scan import ScanResult

__all__ = [
    "SEAL_STATUS",
    "ScanView",
    "ScanViews",
    "scan_views",
    "seal_status",
    "signature_status",
]


@frozen(kw_only=True)
class ScanView:
    """The pictures of one scan, as ``data:`` URIs."""

    thumbnail: str = ""
    seals: tuple[str, ...] = ()
    #: The empty place where the seal belongs, when no seal was found.
    empty: str = ""
    #: The signatures found beside the signature line.
    signatures: tuple[str, ...] = ()
    #: What the scan's form asks for: ``"seal"``, ``"signature"``; the
    #: pictures and the statuses of what it does not ask for are left out.
    asks: frozenset[str] = frozenset(("seal", "signature"))


def _uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""


def scan_views(
    report: InboxReport,
    edition: Edition,
    *,
    base: Path | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[int, ScanView]:
    """The pictures of each submission's scan, by the submission's place in
    ``report.submissions`` (see :class:`ScanViews`), taken now (before the
    inbox's files go): only for files on disk, with the ``scan`` extra
    installed.  ``edition`` is the one the report was checked against (each
    scan's result is the one for its form's signature label).  ``base`` is
    where intake opened the files (:attr:`Intake.base`: a private folder
    when the inbox held archives or mail files; default: the inbox), and
    ``names`` its map of real relative paths to the paths shown, so that a
    scan inside an archive or a mail is found too.  :meth:`ScanViews.of`
    makes them when asked for instead."""
    views = ScanViews.of(report, edition, base=base, names=names, kept=None)
    return dict(views.made()) if isinstance(views, ScanViews) else dict(views)


#: How many views of recent scans are kept: a scan met again (a copy, a
#: link) gives the same view, its pictures encoded once.
_VIEWS_KEPT: Final = 64

#: What a form that declares no blocks is taken to ask for: all of it.
_ALL: Final = frozenset(("seal", "signature"))


class ScanViews(Mapping[int, ScanView]):
    """The pictures of each submission's scan, by the submission's place in
    the report's facts (``report.submissions``; the check keeps one order
    for the facts and the reports, so that it is its report's place in the
    batch too): two submissions of one id (``batch.duplicate-id``) each
    have their own scan's, and nothing is kept by submission.  Each view is
    made when it is asked for from the scan's result (which the check has
    left: see :mod:`reform_brand.scan`) for the signature label of the
    submission's form (``labels``: by form id; "" for a form not there), so
    that the pictures of a batch are never all held, and a scan checked
    against two forms shows for each submission what its own form's check
    found.  ``marks`` (by form id) is what each form asks for (see
    :func:`reform_brand.scan._label.form_marks`; None, or a form not there:
    all); the pictures of what a form does not ask for are left out."""

    def __init__(
        self,
        report: InboxReport,
        root: Path,
        real: Mapping[str, str],
        verify: Callable[[Path, str], ScanResult],
        *,
        labels: Mapping[str, str],
        marks: Mapping[str, frozenset[str] | None] | None = None,
        kept: int | None = _VIEWS_KEPT,
    ) -> None:
        self._report, self._root, self._real, self._verify = report, root, real, verify
        self._labels = labels
        self._marks = marks or {}
        #: The views of the latest results (``kept`` of them; None: all),
        #: by the result and what its form asks for.
        self._made: OrderedDict[tuple[int, frozenset[str]], tuple[ScanResult, ScanView]] = (
            OrderedDict()
        )
        self._kept = kept

    @classmethod
    def of(
        cls,
        report: InboxReport,
        edition: Edition,
        *,
        base: Path | None = None,
        names: Mapping[str, str] | None = None,
        kept: int | None = _VIEWS_KEPT,
    ) -> Mapping[int, ScanView]:
        """The pictures of the scans of ``report``, checked against
        ``edition``, made when asked for (see :func:`scan_views` for
        ``base`` and ``names``); none without the ``scan`` extra or when
        the folder is gone."""
        root = Path(report.root) if base is None else base
        if not root.is_dir():
            return {}
        try:
            from reform_brand.scan import extra_installed, left_result, verify_scan
            from reform_brand.scan._label import form_label, form_marks
        except ImportError:  # pragma: no cover - the package ships with the core
            return {}
        if not extra_installed():
            return {}

        def result_of(path: Path, label: str) -> ScanResult:
            # What the check found, read back without the image libraries.
            return left_result(path, label=label) or verify_scan(path, label=label)

        real = {shown: rel for rel, shown in (names or {}).items()}
        labels = {f.id: form_label(f) for f in edition.forms}
        marks = {f.id: form_marks(f) for f in edition.forms}
        return cls(report, root, real, result_of, labels=labels, marks=marks, kept=kept)

    def _of(self, s: InboxSubmission) -> ScanView | None:
        """The view of ``s``'s own scan, or None (no scan, not on disk, not
        verified)."""
        if not s.scan:
            return None
        asks = self._marks.get(s.form)
        path = self._root / self._real.get(s.scan, s.scan)
        return self._view(path, self._labels.get(s.form, ""), _ALL if asks is None else asks)

    def __getitem__(self, place: int) -> ScanView:
        subs = self._report.submissions
        # (A place before the first is none: -1 is no submission's.)
        own = subs[place] if isinstance(place, int) and 0 <= place < len(subs) else None
        view = None if own is None else self._of(own)
        if view is None:
            raise KeyError(place)
        return view

    def _view(self, path: Path, label: str, asks: frozenset[str]) -> ScanView | None:
        if not path.is_file():
            return None
        result = self._verify(path, label)
        if result.status != "ok":
            return None
        key = (id(result), asks)
        made = self._made.get(key)
        if made is not None and made[0] is result:
            self._made.move_to_end(key)
            return made[1]
        seal, signature = "seal" in asks, "signature" in asks
        view = ScanView(
            thumbnail=_uri(result.thumbnail_png),
            seals=tuple(u for m in result.seals if (u := _uri(m.crop_png))) if seal else (),
            empty=_uri(result.seal_region_png) if seal and not result.seals else "",
            signatures=(
                tuple(u for m in result.signatures if (u := _uri(m.crop_png))) if signature else ()
            ),
            asks=asks,
        )
        self._made[key] = (result, view)
        while self._kept is not None and len(self._made) > self._kept:
            self._made.popitem(last=False)
        return view

    def made(self) -> Iterator[tuple[int, ScanView]]:
        """Each place whose submission has pictures, with its view, the
        facts read once, in order."""
        for place, s in enumerate(self._report.submissions):
            view = self._of(s)
            if view is not None:
                yield place, view

    def __iter__(self) -> Iterator[int]:
        return (place for place, _view in self.made())

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: The roster's 盖章 column: (zh, en) by what the scan check saw.
SEAL_STATUS: Mapping[str, tuple[str, str]] = {
    "seen": ("有", "found"),
    "missing": ("未见", "not seen"),
    "unverified": ("未核验", "not verified"),
}


def seal_status(scan: str, view: ScanView | None) -> str:
    """``seen``, ``missing`` or ``unverified`` (no picture: the extra is
    missing, or the scan could not be read); "" when no scan was sent, or
    its form asks for no seal."""
    if not scan or (view is not None and "seal" not in view.asks):
        return ""
    if view is None:
        return "unverified"
    return "seen" if view.seals else "missing"


def signature_status(scan: str, view: ScanView | None) -> str:
    """As :func:`seal_status`, for a signature beside the signature line."""
    if not scan or (view is not None and "signature" not in view.asks):
        return ""
    if view is None:
        return "unverified"
    return "seen" if view.signatures else "missing"
