"""The settings a command takes from the environment, looked at once as it
starts.

A variable whose value cannot be used is said on standard error, one line
in the language of the command line ending with its code in brackets, by
the command alone: the library code and the worker processes of ``check
--jobs N`` say nothing.  A language or a number of threads that cannot be
used is removed from this process's environment (the command, the library
and the workers go on as if it were not set); a cache folder that cannot
be used is no cache, for the library as for the command.  A setting of the
environment never stops a command (a bad ``--lang`` on the command line is
a usage error; a bad ``REFORM_BRAND_LANG`` is not).

- ``REFORM_BRAND_LANG``: ``zh`` or ``en``, in any case (empty: unset);
- ``REFORM_BRAND_THREADS``: a whole number of at least 1, in ASCII digits
  (empty: unset);
  above :data:`~reform_brand._cores.MAX_THREADS` it is said and capped;
- ``REFORM_BRAND_CACHE_DIR``, ``REFORM_BRAND_SCAN_STORE``: ``off`` (or
  ``0``, ``no``, ``false``, ``none``, empty), or a folder, made when first
  written; not a file, nor a path under one, nor a ``~user`` of no user
  (:func:`reform_brand._cache.folder_fault`): then no cache;
- ``REFORM_BRAND_BLOCK_PLUGINS``: names, each said if it is no installed
  plugin's (it blocks nothing; the others still block);
- ``REFORM_BRAND_SCAN_RESULTS`` and ``REFORM_BRAND_SCAN_RESULTS_TAKEN``:
  set by ``check`` for its own workers, never by a user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from reform_brand._cache import CACHE_ENV, folder_fault, is_off
from reform_brand._cores import MAX_THREADS, THREADS_ENV, whole_number
from reform_brand._text import one_line_shown
from reform_brand.codes.reasons import os_reason
from reform_brand.i18n import render

__all__ = ["LANG_ENV", "settle_environment"]

#: Environment variable: the language of messages and help.
LANG_ENV = "REFORM_BRAND_LANG"
_STORE_ENV = "REFORM_BRAND_SCAN_STORE"
_BLOCK_ENV = "REFORM_BRAND_BLOCK_PLUGINS"  # (reform_brand.host.BLOCK_ENV, not imported)
_INTERNAL = ("REFORM_BRAND_SCAN_RESULTS", "REFORM_BRAND_SCAN_RESULTS_TAKEN")

#: A problem: its code, its parameters, and whether the variable is dropped.
_Problem = tuple[str, dict[str, object], bool]


def settle_environment(lang: str) -> None:
    """Say each setting of the environment that cannot be used, in
    ``lang``, and drop it (see the module's documentation)."""
    for code, params, drop in problems():
        if drop:
            os.environ.pop(str(params["variable"]), None)
        if isinstance(params.get("value"), str):
            params["value"] = one_line_shown(str(params["value"]))
        sys.stderr.write(f"{render(code, params, lang)} [{code}]\n")


def problems() -> Iterator[_Problem]:
    """The settings of the environment that cannot be used as they are."""
    env = os.environ
    lang = env.get(LANG_ENV)
    if lang and lang.strip().casefold() not in ("zh", "en"):
        yield "cli.env.lang", {"variable": LANG_ENV, "value": lang}, True
    threads = env.get(THREADS_ENV, "").strip()
    if threads:
        yield from _threads(threads)
    for variable in (CACHE_ENV, _STORE_ENV):
        value = env.get(variable)
        fault = None if value is None or is_off(value) else folder_fault(value)
        if fault is not None:
            params: dict[str, object] = {"variable": variable, "value": value}
            params["detail"] = os_reason(fault)
            yield "cli.env.folder", params, False  # the library keeps nothing there
    yield from _blocked()
    for variable in _INTERNAL:
        if variable in env:
            yield "cli.env.internal", {"variable": variable}, True


def _threads(value: str) -> Iterator[_Problem]:
    try:
        n = whole_number(value)
    except ValueError:
        n = 0
    if n < 1:
        yield "cli.env.threads", {"variable": THREADS_ENV, "value": value}, True
    elif n > MAX_THREADS:
        params: dict[str, object] = {"variable": THREADS_ENV, "value": value}
        params["limit"] = MAX_THREADS
        yield "cli.env.threads-limit", params, False


def _blocked() -> Iterator[_Problem]:
    """Each name of ``REFORM_BRAND_BLOCK_PLUGINS`` that matches no plugin
    (a typo blocks nothing), once."""
    if not os.environ.get(_BLOCK_ENV, "").strip():
        return
    from reform_brand.host import blocked_from_env, plugin_names

    for name in sorted(blocked_from_env() - plugin_names()):
        yield "cli.env.block-unknown", {"variable": _BLOCK_ENV, "value": name}, False
