"""Regional data a child edition for another region still takes from its parent.

An edition inherited from another province's (``--inherit``) gets
everything it does not write: when it names its own region or issuer but
not its own roster, phones and mailboxes, the office would check the new
call's units against the old province's list and print the old office's
numbers.  The origin map (which file holds each part) tells what the child
wrote.
"""

from __future__ import annotations

from collections.abc import Mapping

from reform_brand.inherit import origin_of

__all__ = ["REGIONAL", "parent_regional_data"]

#: The parts of an edition that belong to one region's office.
REGIONAL: tuple[str, ...] = (
    "/roster",
    "/issuer/contacts",
    "/issuer/mailbox",
    "/delivery/mailbox",
)

#: Parts whose being the child's own means the child is for another region.
_OWN_REGION: tuple[str, ...] = ("/region", "/issuer/name")


def _inherited(origin: Mapping[str, str], pointer: str) -> bool:
    # An inherited part is labelled "FILE (PARENT-ID)", the child's own "FILE".
    return origin_of(origin, pointer, "").endswith(")")


def parent_regional_data(origin: Mapping[str, str], present: set[str]) -> list[str]:
    """The pointers (among ``present``) of regional data still the parent's,
    when the edition names a region or issuer of its own."""
    if all(_inherited(origin, p) for p in _OWN_REGION):
        return []
    return [p for p in REGIONAL if p in present and _partly_inherited(origin, p)]


def _partly_inherited(origin: Mapping[str, str], pointer: str) -> bool:
    # A child's [[roster]] entries merge into the parent's by name: the
    # parent's units stay unless the child writes replace = ["roster"].
    return _inherited(origin, pointer) or any(
        key.startswith(pointer + "/") and label.endswith(")") for key, label in origin.items()
    )
