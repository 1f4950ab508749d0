"""reform_brand's built-in renderers, registered as a default plugin.

The same hook a third-party plugin implements: ``docx`` (Word, docxtpl),
``md`` (Markdown) and ``html`` (a printable page).  Importing this module
does not import docxtpl or python-docx.
"""

from __future__ import annotations

from reform_brand.plugin import RendererRegistry, hookimpl
from reform_brand.render._api import builtin_renderers


@hookimpl
def reform_brand_renderers(registry: RendererRegistry) -> None:
    for renderer in builtin_renderers():
        registry.add(renderer)
