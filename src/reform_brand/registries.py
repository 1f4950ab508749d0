"""Registries handed to plugins by the hooks.

Each registry records which plugin added what, rejects a second registration
of the same name with an error naming both plugins, and lets a plugin replace
an entry on purpose (``replace=True``).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar, runtime_checkable

from attrs import frozen

import reform_brand.catalogue as _catalogue
from reform_brand.catalogue import CodeInfo
from reform_brand.errors import (
    DuplicateRegistrationError,
    EditionDataError,
    Problem,
    UnknownEditionError,
)
from reform_brand.model import Edition, Form, checked_edition

if TYPE_CHECKING:
    from reform_brand.findings import Finding
    from reform_brand.loader import RendererLookup

__all__ = [
    "BUILTIN",
    "EditionRegistry",
    "EditionSource",
    "ExampleInbox",
    "MessageRegistry",
    "Registered",
    "Renderer",
    "RendererRegistry",
    "Rule",
    "RuleRegistry",
    "TemplateChecker",
]

#: The name recorded as the "plugin" of reform_brand's built-in catalogue.
BUILTIN = "reform_brand"


def _folder(value: object, name: str) -> Traversable:
    """A folder argument: a path (a str or a Path) or a ``Traversable``;
    anything else is a ``TypeError`` naming the argument."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    if not isinstance(value, Traversable):
        raise TypeError(
            f"{name} takes a folder (a Path, a str or a Traversable), not {type(value).__name__}"
        )
    return value


@runtime_checkable
class Rule(Protocol):
    """A validation rule (see docs/portal-guide.md and docs/findings.md).

    ``id`` names the rule (an edition plugin replaces a built-in one by
    registering its own under the same id with ``replace=True``); ``codes``
    are the finding codes it may emit; ``editions`` the editions it applies
    to (empty: all).  ``scope`` is ``"submission"`` (``check`` is called once
    per submission, ``ctx.submission``) or ``"batch"`` (once per batch,
    ``ctx.submissions``: quotas).  ``check`` returns findings, built with
    ``ctx.finding(code, rule=self.id, ...)``; it should not raise (if it
    does, the engine reports ``rule.failed`` and the other rules still run).
    A finding whose code is not in ``codes`` is dropped and reported as
    ``rule.undeclared-code``.

    The messages of a plugin's own codes are registered through the
    ``reform_brand_messages`` hook (:class:`MessageRegistry`).  A rule may
    also have a ``messages`` attribute, a mapping of its codes to
    :class:`~reform_brand.catalogue.CodeInfo`; the engine merges it in.
    A rule whose ``opt_in`` attribute is True runs only when a validator is
    asked for it by id (``include``; ``"*"``: every such rule), as the
    office's ``check`` always asks (docs/hooks.md).  A rule may have a
    ``quiet(index)`` method giving a test of a plain submission, True only
    when ``check`` would find nothing: on a valid submission the engine
    then runs the test instead of ``check`` (docs/hooks.md).
    """

    @property
    def id(self) -> str: ...

    @property
    def codes(self) -> tuple[str, ...]: ...

    @property
    def editions(self) -> tuple[str, ...]: ...

    @property
    def scope(self) -> Literal["submission", "batch"]: ...

    # ``ctx`` is a :class:`reform_brand.plugin.RuleContext`; typed loosely
    # here because the context belongs to the engine, a layer above.
    def check(self, ctx: Any) -> Iterable[Finding]: ...


@runtime_checkable
class Renderer(Protocol):
    """An output format for forms (see :mod:`reform_brand.render`).

    ``id`` is the format name (``docx``, ``md``, ``html``...), ``suffix`` the
    file suffix with its dot, ``media_type`` the MIME type, ``editions`` the
    editions it applies to (empty: all).
    """

    @property
    def id(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    @property
    def media_type(self) -> str: ...

    @property
    def editions(self) -> tuple[str, ...]: ...

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        """``form`` of ``edition`` filled with ``data`` (the form data of a
        submission; ``None`` for a blank form), as the bytes of a file.

        The engine checks ``data`` against the form before calling it (a
        :class:`~reform_brand.render.RenderDataError` with every problem), so
        a renderer receives an object whose keys are the form's fields.
        Raises :class:`~reform_brand.errors.ReformBrandError` subclasses for
        an unusable template.
        """
        ...


@runtime_checkable
class TemplateChecker(Protocol):
    """A renderer that can check the templates an edition brings.

    Optional: a renderer with a ``check_template`` method is asked, when an
    edition loads and by ``reform-brand lint``, for the problems of each
    form's template (an empty list: usable).  The built-in ``docx`` renderer
    checks the Word template a form names (``Form.template``).
    """

    def check_template(self, edition: Edition, form: Form) -> list[Problem]: ...


T = TypeVar("T")


@frozen(kw_only=True)
class Registered(Generic[T]):
    """An entry and the plugin that registered it."""

    value: T
    plugin: str
    #: The plugins whose entries this one replaced, oldest first.
    replaced: tuple[str, ...] = ()


class _Registry(Generic[T]):
    what = "entry"

    def __init__(self) -> None:
        self._entries: dict[str, Registered[T]] = {}
        self._plugin = "<direct>"

    def _bind(self, plugin: str) -> None:
        """Set the plugin that the following calls are made on behalf of."""
        self._plugin = plugin

    def _put(self, name: str, value: T, *, replace: bool) -> None:
        old = self._entries.get(name)
        if old is not None and not replace:
            raise DuplicateRegistrationError(self.what, name, old.plugin, self._plugin)
        replaced = (*old.replaced, old.plugin) if old is not None else ()
        self._entries[name] = Registered(value=value, plugin=self._plugin, replaced=replaced)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, name: str) -> Registered[T]:
        return self._entries[name]

    def entries(self) -> list[Registered[T]]:
        return list(self._entries.values())


class _ScopedRegistry(_Registry[T]):
    """A registry of rules or renderers, which may be limited to editions."""

    def add(self, value: T, *, replace: bool = False) -> None:
        self._put(value.id, value, replace=replace)  # type: ignore[attr-defined]

    def get(self, name: str) -> T:
        return self._entries[name].value

    def for_edition(self, edition_id: str) -> list[T]:
        """The entries that apply to ``edition_id``, in registration order."""
        out = []
        for e in self._entries.values():
            editions: tuple[str, ...] = e.value.editions  # type: ignore[attr-defined]
            if not editions or edition_id in editions:
                out.append(e.value)
        return out


class RuleRegistry(_ScopedRegistry[Rule]):
    what = "rule"


class RendererRegistry(_ScopedRegistry[Renderer]):
    what = "renderer"


class MessageRegistry(_Registry[CodeInfo]):
    """The messages of finding codes: severity and zh/en templates.

    Holds the codes plugins add (``reform_brand_messages`` hook); the built-in
    catalogue is always there underneath.  A code that is already taken, by a
    plugin or by the built-in catalogue, is refused unless ``replace=True``
    (an edition rewording a built-in message).
    """

    what = "message"

    def add(self, info: CodeInfo, *, replace: bool = False) -> None:
        """Register the message of ``info.code``."""
        if not isinstance(info, CodeInfo):
            raise TypeError(f"expected a CodeInfo, got {type(info).__name__}")
        if info.code in _catalogue.CATALOGUE and info.code not in self._entries and not replace:
            raise DuplicateRegistrationError(self.what, info.code, BUILTIN, self._plugin)
        self._put(info.code, info, replace=replace)

    def add_all(self, infos: Iterable[CodeInfo], *, replace: bool = False) -> None:
        """Register several messages (e.g. the values of a rule's ``messages``)."""
        for info in infos:
            self.add(info, replace=replace)

    def get(self, code: str) -> CodeInfo | None:
        """The message of ``code``: a plugin's, else the built-in one, else None."""
        entry = self._entries.get(code)
        return entry.value if entry is not None else _catalogue.CATALOGUE.get(code)

    def catalogue(self) -> dict[str, CodeInfo]:
        """The built-in catalogue with every registered message over it."""
        return {**_catalogue.CATALOGUE, **{code: e.value for code, e in self._entries.items()}}


@frozen(kw_only=True)
class ExampleInbox:
    """An example inbox an edition ships (``reform-brand demo`` checks it)."""

    edition: str
    #: The folder of received files.
    path: Traversable | Path
    #: The time the demo is evaluated at; ``None``: a day after the deadline.
    now: dt.datetime | None = None


EditionSource = Traversable | Path | Callable[[], Edition] | Edition


class EditionRegistry(_Registry[EditionSource]):
    """Editions by id.  Data is loaded and checked the first time it is asked
    for, and then kept; loading is safe from several threads."""

    what = "edition"

    def __init__(self, renderers: RendererLookup | None = None) -> None:
        super().__init__()
        self._loaded: dict[str, Edition] = {}
        self._examples: dict[str, ExampleInbox] = {}
        self._example_plugins: dict[str, str] = {}
        #: The renderers whose ``check_template`` is asked when an edition
        #: loads (the host passes its renderer registry).
        self._renderers = renderers
        # Re-entrant: loading an edition may load the edition it inherits from.
        self._lock = threading.RLock()

    def add_source(
        self,
        edition_id: str,
        source: Traversable | Path | str,
        *,
        examples: Traversable | Path | str | None = None,
    ) -> None:
        """Register the edition ``edition_id`` whose data files are in ``source``;
        ``examples`` is a folder holding an example inbox (see :meth:`add_examples`)."""
        if not isinstance(edition_id, str):
            raise TypeError(f"edition_id takes a str, not {type(edition_id).__name__}")
        self._put(edition_id, _folder(source, "source"), replace=False)
        if examples is not None:
            self.add_examples(edition_id, examples)

    def add_examples(
        self,
        edition_id: str,
        inbox: Traversable | Path | str,
        *,
        now: dt.datetime | None = None,
    ) -> None:
        """Register an example inbox (a folder of received files) for
        ``edition_id``: ``reform-brand demo`` checks it, as of ``now``
        (timezone-aware; default: a day after the deadline)."""
        if now is not None and now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        old = self._example_plugins.get(edition_id)
        if old is not None:
            raise DuplicateRegistrationError("examples", edition_id, old, self._plugin)
        path = _folder(inbox, "inbox")
        self._examples[edition_id] = ExampleInbox(edition=edition_id, path=path, now=now)
        self._example_plugins[edition_id] = self._plugin

    def examples(self, edition_id: str | None = None) -> list[ExampleInbox]:
        """The example inboxes registered (for ``edition_id`` only, if given),
        in edition id order."""
        return [
            ex
            for key, ex in sorted(self._examples.items())
            if edition_id is None or key == edition_id
        ]

    def add(self, edition: Edition) -> None:
        """Register an already built edition."""
        self._put(checked_edition(edition).id, edition, replace=False)

    def ids(self) -> list[str]:
        return sorted(self._entries)

    def get(self, edition_id: str) -> Edition:
        """The edition ``edition_id``, loading it on first use.

        Raises :class:`UnknownEditionError` (listing the installed ids) or
        :class:`~reform_brand.errors.EditionDataError`; an id that is no
        str (None, 5) is a ``TypeError``, not an edition said to be unknown.
        """
        if not isinstance(edition_id, str):
            raise TypeError(f"edition_id takes a str, not {type(edition_id).__name__}")
        if edition_id not in self._entries:
            raise UnknownEditionError(edition_id, self.ids())
        with self._lock:
            cached = self._loaded.get(edition_id)
            if cached is not None:
                return cached
            source = self._entries[edition_id].value
            if isinstance(source, Edition):
                edition = source
            elif callable(source) and not isinstance(source, Path | Traversable):
                edition = source()
            else:
                from reform_brand.loader import load_edition

                edition = load_edition(
                    source,
                    expected_id=edition_id,
                    resolve_parent=self._parent_resolver((edition_id,)),
                    renderers=self._renderers or (),
                )
            self._loaded[edition_id] = edition
            return edition

    def load_directory(self, source: Traversable | Path | str) -> Edition:
        """Load an edition from a data directory that is not registered (a
        maintainer's work in progress): its parent is found in this registry
        and its templates are checked by the same renderers."""
        from reform_brand.loader import load_edition

        return load_edition(
            _folder(source, "source"),
            resolve_parent=self._parent_resolver(()),
            renderers=self._renderers or (),
        )

    def raw(
        self, edition_id: str, chain: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The edition's data as a JSON-compatible document (inheritance
        applied) and the file each top-level key came from."""
        from reform_brand.converter import make_converter
        from reform_brand.loader import load_raw

        if edition_id in chain:
            raise EditionDataError(
                [
                    Problem(
                        file=edition_id,
                        path="inherit.from",
                        code="edition.inherit-cycle",
                        params={"chain": " -> ".join([*chain, edition_id])},
                    )
                ]
            )
        if edition_id not in self._entries:
            raise UnknownEditionError(edition_id, self.ids())
        with self._lock:
            source = self._entries[edition_id].value
            if isinstance(source, Path | Traversable):
                return load_raw(source, self._parent_resolver((*chain, edition_id)))
            data: dict[str, Any] = make_converter().unstructure(self.get(edition_id))
            data.pop("source", None)
            return data, dict.fromkeys(data, edition_id)

    def _parent_resolver(
        self, chain: tuple[str, ...]
    ) -> Callable[[str], tuple[dict[str, Any], dict[str, str]]]:
        return lambda parent_id: self.raw(parent_id, chain)
