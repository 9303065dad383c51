"""No import circles inside the package: every module can be read (and loaded) bottom-up.

Imports made only for type checking are left out: a controller may name its window's type.
Imports inside functions count, since they are how circles used to hide.
"""

import grimp
import networkx as nx


def circles(imports: nx.DiGraph) -> list[list[str]]:
    """Groups of modules that import each other round a circle, sorted."""
    groups = nx.strongly_connected_components(imports)
    return sorted(sorted(group) for group in groups if len(group) > 1)


def package_imports() -> nx.DiGraph:
    graph = grimp.build_graph("vsm_desktop", exclude_type_checking_imports=True)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            imports.add_edge(module, imported)
    return imports


def test_no_module_imports_itself_round_a_circle():
    assert circles(package_imports()) == []


def test_a_function_level_import_that_closes_a_circle_is_found():
    imports = package_imports()
    assert ("vsm_desktop.ui.main_window", "vsm_desktop.ui.canvas.view") in imports.edges
    imports.add_edge("vsm_desktop.ui.canvas.view", "vsm_desktop.ui.main_window")
    assert ["vsm_desktop.ui.canvas.view", "vsm_desktop.ui.main_window"] in circles(imports)
