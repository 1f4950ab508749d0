"""The validators kept per host and edition, and the module functions that
use them (:func:`validate_submission`, :func:`validate_batch`): a portal
calls them without building a :class:`~reform_brand.engine.Validator`."""

from __future__ import annotations

import datetime as dt
import os
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reform_brand.engine._run import included
from reform_brand.engine._stream import _ignored
from reform_brand.engine._validator import Validator
from reform_brand.findings import BatchReport, SubmissionReport
from reform_brand.model import Edition, checked_edition

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = ["get_validator", "validate_batch", "validate_submission"]

_lock = threading.Lock()
_default_host: list[Host] = []
_Key = tuple[str, frozenset[str], frozenset[str]]
_cache: weakref.WeakKeyDictionary[Host, dict[_Key, Validator]] = weakref.WeakKeyDictionary()


def _host_or_default(host: Host | None) -> Host:
    from reform_brand.host import host_or_new

    if host is None and not _default_host:
        _default_host.append(host_or_new(None))
    return _default_host[0] if host is None else host_or_new(host)


def get_validator(
    edition: str | Edition,
    *,
    host: Host | None = None,
    ignore: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Validator:
    """The validator for ``edition`` with ``host``'s rules, built once and kept.

    Without a host, one is created on first use (with the installed plugins)
    and kept.  Raises :class:`~reform_brand.errors.UnknownEditionError` for an
    edition id that is not installed, a ``TypeError`` for an ``ignore``
    that is a lone string (its letters are no rule ids) and a ``ValueError``
    for a rule id or code in it that no rule of the host knows (``include``
    likewise: see :class:`Validator`).
    """
    ignored, asked = _ignored(ignore), included(include)
    with _lock:
        h = _host_or_default(host)
        per_host = _cache.setdefault(h, {})
        key = (edition if isinstance(edition, str) else checked_edition(edition).id, ignored, asked)
        cached = per_host.get(key)
        if cached is not None and (isinstance(edition, str) or cached.edition is edition):
            return cached
        ed = h.edition(edition) if isinstance(edition, str) else edition
        rules, messages = h.rules.for_edition(ed.id), h.messages.catalogue()
        validator = Validator(ed, rules, ignore=ignored, include=asked, messages=messages)
        per_host[key] = validator
        return validator


def validate_submission(
    edition: str | Edition,
    envelope: object,
    *,
    host: Host | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    now: dt.datetime | None = None,
    ignore: Iterable[str] = (),
    include: Iterable[str] = (),
) -> SubmissionReport:
    """Validate one submission envelope against ``edition``.

    Safe to call from many threads at once.  See :meth:`Validator.validate`.
    """
    return get_validator(edition, host=host, ignore=ignore, include=include).validate(
        envelope, base_dir=base_dir, now=now
    )


def validate_batch(
    edition: str | Edition,
    envelopes: Iterable[object],
    *,
    host: Host | None = None,
    strict: bool = False,
    base_dir: str | os.PathLike[str] | None = None,
    now: dt.datetime | None = None,
    ignore: Iterable[str] = (),
    include: Iterable[str] = (),
) -> BatchReport:
    """Validate a batch (quotas included) against ``edition``.

    Items are envelopes or paths of submission JSON files.  See
    :meth:`Validator.validate_batch`.
    """
    return get_validator(edition, host=host, ignore=ignore, include=include).validate_batch(
        envelopes, strict=strict, now=now, base_dir=base_dir
    )
