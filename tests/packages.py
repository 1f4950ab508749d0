"""Installing throw-away plugin packages for tests, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: The pyproject.toml of an edition package new-edition made (its
#: ``reform_brand`` entry point): a folder that holds one is what
#: ``new-edition --force`` may replace.
MADE = (
    '[project]\nname = "reform-brand-old-2022"\n\n'
    '[project.entry-points.reform_brand]\nold_2022 = "reform_brand_old_2022"\n'
)


def with_site(site: Path) -> str:
    """A PYTHONPATH for a subprocess: ``site`` (the installed test plugins),
    then the running one's, so that the child imports the reform_brand
    under test."""
    return os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])


def pip_install_target(target: Path, *packages: Path | str) -> subprocess.CompletedProcess[str]:
    """``pip install`` local package folders into ``target`` (put it on
    PYTHONPATH to use them): no index, no dependencies, and the running
    environment's setuptools as the build backend."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            *map(str, packages),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
