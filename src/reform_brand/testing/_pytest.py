"""The work behind the pytest plugin's fixtures (imported when one is used)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from reform_brand.engine._parse import parse_envelope, validate_body
from reform_brand.errors import ReformBrandError
from reform_brand.findings import BatchReport, SubmissionReport
from reform_brand.host import Host
from reform_brand.model import Edition
from reform_brand.submission import read_envelope
from reform_brand.testing._factory import SubmissionFactory
from reform_brand.testing._hosts import isolated_host

__all__ = ["make_host", "pick_edition", "submission_maker", "validator"]


def _installed_spec(request: pytest.FixtureRequest, marker: pytest.Mark | None) -> Any:
    if marker is not None and "installed" in marker.kwargs:
        installed = marker.kwargs["installed"]
    else:
        names = [str(n) for n in request.config.getini("rb_installed_plugins")]
        installed = True if "*" in names else names or False
    if isinstance(installed, bool):
        return installed
    if isinstance(installed, str):
        return (installed,)
    if isinstance(installed, Iterable):
        return tuple(sorted(str(n) for n in installed))
    pytest.fail(
        f"rb_plugins(installed=...) takes True, False or plugin names, not {installed!r}",
        pytrace=False,
    )


def make_host(request: pytest.FixtureRequest, cache: dict[tuple[Any, ...], Any]) -> Host:
    marker = request.node.get_closest_marker("rb_plugins")
    plugins = tuple(marker.args) if marker is not None else ()
    names = [p for p in plugins if isinstance(p, str)]
    if names:
        # A string has no hooks: the host would silently lack the plugin.
        pytest.fail(
            f"rb_plugins takes plugin objects or modules, not the name {names[0]!r}: "
            f"name an installed plugin with rb_plugins(installed=[{names[0]!r}]), "
            "or give the imported module",
            pytrace=False,
        )
    installed = _installed_spec(request, marker)
    key = (tuple(id(p) for p in plugins), installed)
    entry = cache.get(key)
    if entry is not None and entry[0] == plugins:
        host: Host = entry[1]
        return host
    try:
        host = isolated_host(*plugins, installed=installed)
    except LookupError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        pytest.fail(f"rb_host: {message}", pytrace=False)
    if host.errors:
        problems = "; ".join(e.message("en") for e in host.errors)
        pytest.fail(f"rb_host: plugins failed to load: {problems}", pytrace=False)
    # The plugin objects are kept with the host, so their ids stay theirs.
    cache[key] = (plugins, host)
    return host


def _load(host: Host, edition_id: str, fixture: str = "rb_edition") -> Edition:
    try:
        return host.edition(edition_id)
    except ReformBrandError as exc:
        message = exc.message("en")
    pytest.fail(f"{fixture}: {message}", pytrace=False)


def pick_edition(request: pytest.FixtureRequest, host: Host) -> Edition:
    param = getattr(request, "param", None)
    if isinstance(param, Edition):
        return param
    if isinstance(param, str):
        return _load(host, param)
    marker = request.node.get_closest_marker("rb_edition")
    if marker is not None and marker.args:
        return _load(host, str(marker.args[0]))
    default = str(request.config.getini("rb_edition") or "")
    if default:
        return _load(host, default)
    ids = host.editions.ids()
    if len(ids) == 1:
        return _load(host, ids[0])
    pytest.fail(
        "rb_edition: say which edition to load - parametrize rb_edition indirectly, "
        "mark the test with @pytest.mark.rb_edition(ID) or set the rb_edition ini "
        f"option; the host has: {', '.join(ids) or 'no edition (see rb_plugins)'}",
        pytrace=False,
    )


def _edition_of(
    request: pytest.FixtureRequest, host: Host, edition: Edition | str | None, fixture: str
) -> Edition:
    if isinstance(edition, Edition):
        return edition
    if isinstance(edition, str):
        return _load(host, edition, f"{fixture}(edition=...)")
    if edition is not None:
        # Else rb_edition would stand in for it, and the test pass on it.
        raise TypeError(f"{fixture}: edition= takes an Edition or an edition id, not {edition!r}")
    value: Edition = request.getfixturevalue("rb_edition")
    return value


def submission_maker(request: pytest.FixtureRequest, host: Host) -> Callable[..., dict[str, Any]]:
    factories: dict[str, SubmissionFactory] = {}

    def make(
        form: str | None = None, *, edition: Edition | str | None = None, **changes: Any
    ) -> dict[str, Any]:
        ed = _edition_of(request, host, edition, "rb_submission")
        factory = factories.get(ed.id)
        if factory is None or factory.edition is not ed:
            factory = factories[ed.id] = SubmissionFactory(ed)
        try:
            return factory(form, **changes)
        except (ValueError, LookupError) as exc:
            # An unknown form or unit kind, or a field the edition's data
            # gives the factory no valid value for: say which, not where in
            # the factory it stopped.
            message = str(exc)
        pytest.fail(f"rb_submission: {message}", pytrace=False)

    return make


def _edition_names(envelope: object) -> list[object]:
    """The ``edition`` each envelope (of a batch) names, as read."""
    items = list(envelope) if isinstance(envelope, list | tuple) else [envelope]
    return [e.get("edition") for e in map(_read, items) if isinstance(e, Mapping)]


def _named_edition(host: Host, names: list[object]) -> str | None:
    """The installed edition that the envelope, or every envelope of a batch
    that names one, names (a file's envelope as read from it)."""
    named = names[0] if names else None
    if not isinstance(named, str) or any(n != named for n in names):
        return None
    return named if named in host.editions else None


def _batch_edition(request: pytest.FixtureRequest, host: Host, names: list[object]) -> Edition:
    """``rb_edition``, for envelopes that name no one installed edition; its
    failure says when they name several."""
    try:
        return _edition_of(request, host, None, "rb_validate")
    except pytest.fail.Exception as exc:
        several = sorted({str(n) for n in names if isinstance(n, str)})
        if len(several) < 2:
            raise
        message = exc.msg
    pytest.fail(
        f"rb_validate: the envelopes name several editions ({', '.join(several)}): "
        f"say which one to validate them against with edition=...; {message}",
        pytrace=False,
    )


def _read(item: object) -> object:
    """``item``, or the envelope its file holds (``None`` when unreadable)."""
    if isinstance(item, os.PathLike):
        return read_envelope(Path(item))[0]
    if isinstance(item, bytes | bytearray | memoryview):
        return parse_envelope(item).value
    return item


def validator(request: pytest.FixtureRequest, host: Host) -> Callable[..., Any]:
    from reform_brand.engine._shared import get_validator

    def validate(
        envelope: object,
        *,
        edition: Edition | str | None = None,
        now: dt.datetime | None = None,
        strict: bool = False,
        base_dir: Any = None,
        ignore: Iterable[str] = (),
        include: Iterable[str] = (),
    ) -> SubmissionReport | BatchReport:
        if isinstance(ignore, str):
            # A string is a sequence of one-letter "codes": never what was meant.
            raise TypeError(f"ignore takes a list of rule ids or codes, not the string {ignore!r}")
        if isinstance(envelope, Iterator):
            # Read as one value, a generator of envelopes is envelope.not-object.
            raise TypeError(
                f"rb_validate: a batch is a list or tuple of envelopes, "
                f"not a {type(envelope).__name__}: give list(...)"
            )
        if now is not None and (
            not isinstance(now, dt.datetime) or now.tzinfo is None or now.utcoffset() is None
        ):
            # Deadlines are instants: a naive time is in no zone.
            pytest.fail(
                f"rb_validate: now= takes a timezone-aware datetime, such as "
                f"datetime(2022, 8, 25, tzinfo=timezone.utc), not {now!r}",
                pytrace=False,
            )
        if edition is None:
            names = _edition_names(envelope)
            edition = _named_edition(host, names)
            if edition is None:
                edition = _batch_edition(request, host, names)
        ed = _edition_of(request, host, edition, "rb_validate")
        v = get_validator(ed, host=host, ignore=ignore, include=include)
        if isinstance(envelope, list | tuple):
            items = [Path(e) if isinstance(e, os.PathLike) else e for e in envelope]
            return v.validate_batch(items, strict=strict, now=now, base_dir=base_dir)
        if isinstance(envelope, os.PathLike):
            if base_dir is not None:
                # It would be ignored, and the attachments looked for
                # beside the file all the same.
                raise TypeError(
                    "rb_validate: a submission file's attachments are in its folder; "
                    "base_dir= is for an envelope or a request body"
                )
            # A submission file, read as a batch reads it (its folder holds
            # its attachments); a batch of one has no batch findings.
            batch = v.validate_batch([Path(envelope)], strict=strict, now=now)
            return batch.submissions[0]
        if isinstance(envelope, bytes | bytearray | memoryview):
            return validate_body(v, envelope, base_dir=base_dir, now=now)
        return v.validate(envelope, now=now, base_dir=base_dir)

    return validate
