"""Screenshots for the documentation (docs/images/), taken by the tests
that already drive Chromium and LibreOffice.  Written only when
``REFORM_BRAND_UPDATE_SCREENSHOTS=1`` is set, so that a test run changes no
file of the repository; then committed.  Kept small: scaled down and saved
with a 256-colour palette."""

from __future__ import annotations

import io
import os

from tests.conftest import REPO

IMAGES = REPO / "docs" / "images"
UPDATE_ENV = "REFORM_BRAND_UPDATE_SCREENSHOTS"
#: Widest a picture is kept, in pixels (the site's text column is ~800).
MAX_WIDTH = 900


def small_png(png: bytes, *, max_width: int = MAX_WIDTH, max_height: int = 1400) -> bytes:
    """``png`` scaled to fit ``max_width`` x ``max_height`` (cropped at the
    bottom beyond that), with a 256-colour palette."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        rgb = img.convert("RGB")
    if rgb.width > max_width:
        rgb = rgb.resize(
            (max_width, round(rgb.height * max_width / rgb.width)), Image.Resampling.LANCZOS
        )
    if rgb.height > max_height:
        rgb = rgb.crop((0, 0, rgb.width, max_height))
    out = io.BytesIO()
    rgb.quantize(colors=256).save(out, format="PNG", optimize=True)
    return out.getvalue()


def save_screenshot(png: bytes, name: str) -> None:
    """Write ``docs/images/NAME`` when screenshots are being updated."""
    if os.environ.get(UPDATE_ENV) != "1":
        return
    IMAGES.mkdir(exist_ok=True)
    (IMAGES / name).write_bytes(small_png(png))
