"""The dependency direction ui -> {export, io, analysis} -> model, checked on the source.

drawing (the map's Qt-free geometry) sits beside analysis: ui and export paint it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vsm_desktop"

# What each layer may import from the package (besides itself).
ALLOWED = {
    "model": set(),
    "analysis": {"model"},
    "io": {"model", "analysis"},
    # the map's geometry, shared by the canvas and the PDF: no Qt, no ReportLab
    "drawing": {"model", "analysis", "theme"},
    "export": {"model", "analysis", "io", "theme", "resources", "drawing"},
}


def imports_of(source: str, module: str) -> list[tuple[str, int]]:
    """Absolute module names imported by a module (relative imports resolved), with lines."""
    module_parts = module.split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(module_parts[: len(module_parts) - node.level])
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((name, node.lineno))
    return found


def forbidden(name: str, layer: str) -> bool:
    top = name.split(".")
    if top[0] in ("PySide6", "shiboken6"):
        return True
    return top[0] == "vsm_desktop" and len(top) > 1 and top[1] not in ALLOWED[layer] | {layer}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_below_the_ui_import_neither_qt_nor_layers_above(layer):
    offences = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for name, line in imports_of(path.read_text(encoding="utf-8"), module):
            if forbidden(name, layer):
                offences.append(f"{path.name}:{line} imports {name}")
    assert offences == []


def test_the_check_resolves_relative_and_nested_imports():
    source = "from ..ui import app\ndef f():\n    from PySide6 import QtCore\n"
    assert imports_of(source, "vsm_desktop.model.units") == [
        ("vsm_desktop.ui", 1), ("PySide6", 3),
    ]
