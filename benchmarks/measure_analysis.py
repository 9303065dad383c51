"""The analysis beside its NetworkX floor: in the app, as a whole process, on adversarial maps.

    python -m benchmarks.measure_analysis [--runs N] [--sizes 100,1000,5000,10000]

`python -m benchmarks` takes (a) and (b) from here; run alone, this module also times the
adversarial maps. Each pair of measures is taken alternately (benchmarks.timing.alternated).

- (a) In-app analysis: `analyze(document)` on an open MapDocument, whose graph is prebuilt and
  kept by the document; floor: `nx.dag_longest_path` on a prebuilt DiGraph of the same flow.
- (b) Command line: `vsm-desktop analyze FILE` as a whole process; floor: a process that reads
  the same file, builds a NetworkX graph of the flow and takes its longest path
  (benchmarks/longest_path_floor.py).
- Adversarial maps (issue 20): flow cycles drawn where rework was meant, thousands of rework
  arrows; their analysis is compared with the analysis of the same map without them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import networkx as nx

from vsm_desktop.analysis import analyze
from vsm_desktop.io.vsm_file import save_map
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    MapDocument,
    ValueStreamMap,
)

from .generate import generate_map
from .processes import run_python, script
from .side_by_side import Measured
from .timing import alternated


def flow_digraph(value_stream_map: ValueStreamMap) -> nx.DiGraph:
    """The flow as NetworkX's longest path wants it: element times on the edges into them."""
    elapsed = {
        e.id: (e.wait_time or 0.0) + (e.process_time or 0.0) for e in value_stream_map.elements
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(elapsed)
    for connection in value_stream_map.connections:
        if connection.kind is ConnectionKind.FLOW:
            graph.add_edge(
                connection.source_id, connection.target_id,
                weight=(connection.delay or 0.0) + elapsed[connection.target_id],
            )
    return graph


def measure_in_app(value_stream_map: ValueStreamMap, size: int, runs: int) -> Measured:
    """(a): the analysis of an open document against NetworkX's longest path, both prebuilt."""
    document = MapDocument(value_stream_map)
    graph = flow_digraph(value_stream_map)
    pair = alternated(lambda: analyze(document),
                      lambda: nx.dag_longest_path(graph, weight="weight"), runs, warm_up=True)
    return Measured("analysis", size, pair, runs)


def measure_process(path: Path, size: int, runs: int) -> Measured:
    """(b): `vsm-desktop analyze FILE` against the floor process on the same file."""
    pair = alternated(
        lambda: run_python(["-m", "vsm_desktop", "analyze", str(path)]),
        lambda: run_python([script("longest_path_floor.py"), str(path)]),
        runs,
        warm_up=True,  # fills the bytecode cache, on both sides
    )
    return Measured("analyze_process", size, pair, runs)


# -- adversarial maps ------------------------------------------------------------------------


def chain(size: int) -> ValueStreamMap:
    """A start, size - 2 one-hour steps left to right, and an end."""
    elements = [Element(id="s0", kind=ElementKind.START, x=0)]
    elements += [
        Element(id=f"s{i}", name=f"Step {i}", x=i * 100.0, process_time=1.0, wait_time=0.0,
                pca=100)
        for i in range(1, size - 1)
    ]
    elements.append(Element(id=f"s{size - 1}", kind=ElementKind.END, x=(size - 1) * 100.0))
    connections = [
        Connection(id=f"f{i}", source_id=f"s{i}", target_id=f"s{i + 1}") for i in range(size - 1)
    ]
    return ValueStreamMap(elements=elements, connections=connections)


def with_connections(value_stream_map: ValueStreamMap, extra: list[Connection]):
    return value_stream_map.model_copy(
        update={"connections": [*value_stream_map.connections, *extra]}
    )


def flow_cycles(value_stream_map: ValueStreamMap, count: int, span: int) -> ValueStreamMap:
    """`count` flow connections drawn backwards over `span` elements of the chain."""
    ids = [e.id for e in value_stream_map.elements]
    step = max(1, (len(ids) - span - 2) // max(count, 1))
    extra = [
        Connection(source_id=ids[start + span], target_id=ids[start])
        for start in range(1, len(ids) - span - 1, step)[:count]
    ]
    return with_connections(value_stream_map, extra)


def rework_arrows(value_stream_map: ValueStreamMap, count: int, seed: int = 3) -> ValueStreamMap:
    """`count` rework arrows from a later element back to an earlier one, anywhere."""
    import random

    rng = random.Random(seed)
    ids = [e.id for e in value_stream_map.elements if e.kind.in_flow]
    extra = []
    for _ in range(count):
        first, second = sorted(rng.sample(range(1, len(ids) - 1), 2))
        extra.append(Connection(kind=ConnectionKind.REWORK, source_id=ids[second],
                                target_id=ids[first], rework_percent=10))
    return with_connections(value_stream_map, extra)


def adversarial_maps(largest: int) -> dict[str, tuple[ValueStreamMap, ValueStreamMap]]:
    """name: (adversarial map, the same map without what makes it hard), up to `largest`."""
    chain_2001 = chain(2001)
    generated_2000 = generate_map(2000)
    maps = {
        "2,001-element chain, two flow cycles": (
            flow_cycles(chain_2001, 2, 700), chain_2001),
        "2,000 elements, 2,000 rework arrows anywhere": (
            rework_arrows(generated_2000, 2000), generated_2000),
    }
    if largest >= 10_000:
        generated_10000 = generate_map(10_000, layout=False)
        maps["10,000 elements, 100 flow cycles"] = (
            flow_cycles(chain(10_000), 100, 300), chain(10_000))
        maps["10,000 elements (generated), 2,000 rework arrows"] = (
            rework_arrows(generated_10000, 2000), generated_10000)
    return maps


# -- the run ---------------------------------------------------------------------------------


def measure(sizes: list[int], runs: int, with_processes: bool, adversarial: int) -> list[str]:
    lines = [
        "| map | analysis (open document) | NetworkX longest path (prebuilt) | ratio |",
        "| --- | --- | --- | --- |",
    ]

    def add(name: str, pair) -> None:
        lines.append(f"| {name} | {pair.target * 1000:,.1f} ms | {pair.floor * 1000:,.1f} ms "
                     f"| {pair.ratio:.2f}x |")
        print(lines[-1], flush=True)

    maps = {size: generate_map(size, layout=False) for size in sizes}
    for size, value_stream_map in maps.items():
        add(f"{size:,} elements", measure_in_app(value_stream_map, size, runs).pair)

    if with_processes:
        lines += ["", "| map | `vsm-desktop analyze` process | floor process | ratio |",
                  "| --- | --- | --- | --- |"]
        with tempfile.TemporaryDirectory() as folder:
            for size, value_stream_map in maps.items():
                path = Path(folder) / f"map-{size}.vsm"
                save_map(value_stream_map, path, keep_backup=False)
                add(f"{size:,} elements", measure_process(path, size, max(3, runs // 3)).pair)

    lines += ["", "| adversarial map | analysis | the same map without the cycles or arrows | "
              "ratio |", "| --- | --- | --- | --- |"]
    for name, (hard, plain) in adversarial_maps(adversarial).items():
        hard_document, plain_document = MapDocument(hard), MapDocument(plain)
        add(name, alternated(lambda d=hard_document: analyze(d),
                             lambda d=plain_document: analyze(d), max(1, runs // 3)))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure_analysis")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="100,1000,5000,10000")
    parser.add_argument("--no-processes", action="store_true")
    parser.add_argument("--adversarial-up-to", type=int, default=10_000,
                        help="largest adversarial map (the code before the fix took minutes "
                             "on 10,000 elements)")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    lines = measure(sizes, options.runs, not options.no_processes, options.adversarial_up_to)
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
