"""Where the shipped resources (sample maps, fonts, icons, notices) live.

An installed wheel carries them inside the package (`vsm_desktop/_resources`, mapped from the
repository's top-level resources/ folder by setup.py); a source checkout or an editable install
reads the folder beside the package; a PyInstaller bundle has it under sys._MEIPASS.
"""

import sys
from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    installed = files("vsm_desktop") / "_resources"
    if installed.is_dir():
        return Path(str(installed))  # a real folder: fonts and Qt need file paths
    return Path(__file__).resolve().parent.parent / "resources"


def sample_map_path() -> Path:
    return resources_dir() / "samples" / "secure-api-delivery.vsm"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def third_party_notices_path() -> Path:
    return resources_dir() / "THIRD-PARTY-NOTICES.md"
