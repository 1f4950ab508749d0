"""The reference edition: the 2022 Shandong call for reform brand projects.

Notice 鲁科协办发〔2022〕10号, issued by 山东省科协办公室 on 2022-08-11.  The
edition is data (``data/*.toml``); this module only tells reform_brand where
that data lives, through the ``reform_brand`` entry point group, exactly as a
third-party edition would.
"""

from __future__ import annotations

from importlib.resources import files

from reform_brand import EditionRegistry, hookimpl

EDITION_ID = "shandong-2022"


@hookimpl
def reform_brand_editions(registry: EditionRegistry) -> None:
    registry.add_source(EDITION_ID, files(__name__) / "data")
