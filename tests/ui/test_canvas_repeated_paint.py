"""Painting many times must not abort the interpreter.

PySide6 6.12.0 drops a reference to None on every void Qt call; on Python 3.11 that frees None
after a few thousand paints ("Fatal Python error: none_dealloc"). pyproject keeps that release
off Python 3.11; this test fails if a PySide6 with the bug comes back.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


@pytest.mark.slow
def test_painting_the_map_many_times_does_not_abort_the_interpreter(tmp_path):
    # In a fresh interpreter, where the damage of earlier tests does not hide or cause it.
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from vsm_desktop.model import Element, Lane, ValueStreamMap
        from vsm_desktop.ui.canvas.image_export import build_scene_for_export, render_png

        lanes = [Lane(id="l", name="Team")]
        elements = [Element(name=f"Step {i}", lane_id="l", x=280 + 230 * i, y=100)
                    for i in range(40)]
        scene = build_scene_for_export(ValueStreamMap(lanes=lanes, elements=elements))
        for _ in range(30):
            render_png(scene, PATH, dpi=48)
        print("rendered")
        """
    ).replace("PATH", repr(str(tmp_path / "map.png")))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rendered" in result.stdout
