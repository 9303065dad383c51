"""The package as users install it: licence, notices for everything it redistributes, and the
shipped resources inside the wheel rather than beside the source tree."""

import re
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from vsm_desktop.resources import third_party_notices_path

ROOT = Path(__file__).resolve().parents[2]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(name: str = "vsm-desktop") -> set[str]:
    """Every distribution the app pulls in at run time on this machine (no extras)."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        dist = distribution(pending.pop())
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = _normalised(requirement.name)
            if key not in seen:
                seen.add(key)
                pending.append(requirement.name)
    return seen


def test_every_redistributed_package_is_named_in_the_notices():
    notices = _normalised(third_party_notices_path().read_text(encoding="utf-8"))
    missing = sorted(d for d in runtime_distributions() if d not in notices)
    assert not missing, f"add these to resources/THIRD-PARTY-NOTICES.md: {missing}"


def test_the_licence_is_declared_in_spdx_form_with_its_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert "LICENSE" in project["license-files"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True, timeout=300,
    )
    return next(out.glob("vsm_desktop-*.whl"))


def test_the_wheel_carries_samples_fonts_icons_and_notices(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ROOT.joinpath("resources").rglob("*"):
        if shipped.is_file():
            relative = shipped.relative_to(ROOT / "resources").as_posix()
            assert f"vsm_desktop/_resources/{relative}" in names, relative
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any("__pycache__" in n for n in names)
