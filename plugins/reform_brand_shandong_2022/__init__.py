"""The reference edition: the 2022 Shandong call for reform brand projects.

Notice 鲁科协办发〔2022〕10号, issued by 山东省科协办公室 on 2022-08-11.  The
edition is data (``data/*.toml``); this module only tells reform_brand where
that data lives, and where its example inbox is (``reform-brand demo``),
through the ``reform_brand`` entry point group, exactly as a third-party
edition would.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from typing import Final

from reform_brand.plugin import EditionRegistry, hookimpl

EDITION_ID: Final = "shandong-2022"
#: The example inbox is checked the Monday after the deadline (8月20日 24:00
#: 北京时间), as the office would.
DEMO_NOW: Final = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@hookimpl
def reform_brand_editions(registry: EditionRegistry) -> None:
    registry.add_source(EDITION_ID, files(__name__) / "data")
    registry.add_examples(EDITION_ID, files(__name__) / "demo_inbox", now=DEMO_NOW)
