"""The floor for `vsm-desktop analyze FILE` as a whole process: read the same file, build a
NetworkX graph of the flow and take its longest path. Nothing else: no validation, no figures.

    python benchmarks/longest_path_floor.py FILE
"""

import json
import sys

import networkx as nx


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    current = data["maps"][0] if "maps" in data else data
    elapsed = {
        e["id"]: (e.get("wait_time") or 0.0) + (e.get("process_time") or 0.0)
        for e in current["elements"]
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(elapsed)
    for connection in current["connections"]:
        if connection.get("kind", "flow") == "flow":
            graph.add_edge(
                connection["source_id"], connection["target_id"],
                weight=(connection.get("delay") or 0.0) + elapsed[connection["target_id"]],
            )
    path = nx.dag_longest_path(graph, weight="weight")
    print(len(path))


if __name__ == "__main__":
    main(sys.argv[1])
