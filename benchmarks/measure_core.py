"""File load and save, the analysis, its NetworkX baseline and the what-if ranking."""

from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx

from vsm_desktop.analysis import analyze
from vsm_desktop.analysis.whatif import rank_what_ifs
from vsm_desktop.io.vsm_file import load_map, save_map
from vsm_desktop.model import ConnectionKind, ValueStreamMap

from .timing import median_seconds


def flow_digraph(value_stream_map: ValueStreamMap) -> nx.DiGraph:
    """The same flow graph the analysis walks, as NetworkX's own longest path wants it:
    element times moved onto the edges that leave them."""
    elapsed = {
        e.id: (e.wait_time or 0.0) + (e.process_time or 0.0) for e in value_stream_map.elements
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(elapsed)
    for connection in value_stream_map.connections:
        if connection.kind is ConnectionKind.FLOW:
            graph.add_edge(
                connection.source_id,
                connection.target_id,
                weight=(connection.delay or 0.0) + elapsed[connection.target_id],
            )
    return graph


def measure_core(value_stream_map: ValueStreamMap, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.vsm"
        save_map(value_stream_map, path, keep_backup=False)
        results = {
            "file_bytes": float(path.stat().st_size),
            "load": median_seconds(lambda: load_map(path), runs),
            "save": median_seconds(lambda: save_map(value_stream_map, path), runs),
        }
    graph = flow_digraph(value_stream_map)
    results["analysis"] = median_seconds(lambda: analyze(value_stream_map), runs)
    results["networkx_longest_path"] = median_seconds(
        lambda: nx.dag_longest_path(graph, weight="weight"), runs
    )
    results["networkx_build_and_longest_path"] = median_seconds(
        lambda: nx.dag_longest_path(flow_digraph(value_stream_map), weight="weight"), runs
    )
    results["whatif"] = median_seconds(lambda: rank_what_ifs(value_stream_map), runs)
    return results
