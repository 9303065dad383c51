"""Below ui/ every module is strictly typed (pyproject's mypy settings): a `# type: ignore`
there would hide a real type hole, as the two in model/step_rows.py did (the choice enums were
typed as StrEnum, which has no label)."""

from __future__ import annotations

import re
from pathlib import Path

import vsm_desktop

PACKAGE = Path(vsm_desktop.__file__).parent
IGNORE = re.compile(r"#\s*type:\s*ignore")


def test_no_type_ignore_below_ui():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if IGNORE.search(line)
    ]
    assert found == []
