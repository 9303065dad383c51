"""Print pip constraints that pin every runtime dependency to the lowest version pyproject.toml
allows (its `>=` floor), so CI can prove those floors are true. Standard library only."""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def floors(dependencies: list[str]) -> list[str]:
    pins = []
    for requirement in dependencies:
        spec, _, marker = requirement.partition(";")
        match = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)", spec)
        if not match:
            continue
        name, _extras, versions = match.groups()
        floor = re.search(r">=\s*([0-9][^,\s]*)", versions)
        if floor:
            pins.append(f"{name}=={floor.group(1)}" + (f"; {marker.strip()}" if marker else ""))
    return pins


if __name__ == "__main__":
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    sys.stdout.write("\n".join(floors(project["dependencies"])) + "\n")
