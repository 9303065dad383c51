"""Where the shipped resources (sample maps, fonts, icons) live.

The folder sits beside the package in a source checkout and an editable install, and inside the
bundle when frozen by PyInstaller.
"""

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_map_path() -> Path:
    return resources_dir() / "samples" / "secure-api-delivery.vsm"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"
