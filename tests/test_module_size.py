"""No module of the app grows past 600 lines: past that, one file holds several jobs and the
next engineer reads all of them to change one (scene.py and compare_view.py had crept past it
again, and were split along what they do)."""

from __future__ import annotations

from pathlib import Path

import vsm_desktop

PACKAGE = Path(vsm_desktop.__file__).parent
MOST_LINES = 600


def test_no_module_is_longer_than_600_lines():
    too_long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert too_long == {}
