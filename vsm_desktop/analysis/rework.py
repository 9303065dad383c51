"""Rework loops: how long one trip round each loop takes, and the expected extra time.

A rework arrow from X (where the work is found wanting) back to Y (where it is sent) repeats
the flow from the start of Y to the end of X; its loop time is the longest elapsed time along
the flow from Y to X, both included. A share p of items goes round again, and again, so on
average an item makes 1/(1-p) trips: p/(1-p) extra trips of the loop time.

All loops are timed together, from the critical-path passes already made. Where Y dominates X
(every flow from a customer request to X passes through Y, as in a loop drawn back along a
single line of work), the longest time from Y to X is X's earliest finish less Y's earliest
start. Where Y sits in a parallel branch, the first element D after Y that all its flow passes
(Y's post-dominator: where its branch merges) usually dominates X, and then the longest time
is the longest from Y to D (from the latest finishes of the backward pass) joined to the
longest from D to X: EF(X) - EF(D) + LF(D) - LF(Y) + elapsed(Y). Only loops that fit neither
(sent back across branches) walk the flow, and loops sent back to the same element share one
walk, so thousands of rework arrows cost about two passes over the flow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping

from ..model.graph import Adjacency
from .network import FlowNetwork, Passes
from .result import Finding, ReworkLoop

Arrow = tuple[str, str, str, float]  # found at, sent to, connection id, share sent back
Parents = Callable[[str], Iterator[str]]  # an element's flow predecessors (or successors)


def rework_loops(
    network: FlowNetwork, passes: Passes, latest_finish: dict[str, float], arrows: list[Arrow],
    findings: list[Finding],
) -> list[ReworkLoop]:
    """arrows: the rework connections between flow elements; latest_finish: the backward
    pass's."""
    if not arrows:
        return []
    nodes = network.node
    position = {node: index for index, node in enumerate(network.order)}
    furthest: dict[str, int] = {}  # sent to -> position of the furthest element it comes from
    for found_at, sent_to, _, _ in arrows:
        furthest[sent_to] = max(furthest.get(sent_to, -1), position[found_at])
    stretch = sum(max(0, end - position[sent_to]) for sent_to, end in furthest.items())
    loop_time: dict[tuple[str, str], float | None] = {}
    walks: dict[str, set[str]] = defaultdict(set)  # sent to -> found at, for the walks
    # Walking every loop costs the stretches walked; past one pass over the flow, the
    # dominator trees (one pass each) answer most loops without a walk.
    if stretch > len(position) and passes.finish and latest_finish:
        trees = _Trees(network, passes, latest_finish)
        for found_at, sent_to, _, _ in arrows:
            time = trees.longest(sent_to, found_at)
            if time is None:
                walks[sent_to].add(found_at)
            else:
                loop_time[found_at, sent_to] = time
    else:
        for found_at, sent_to, _, _ in arrows:
            walks[sent_to].add(found_at)
    for sent_to, found in walks.items():
        times = _longest_from(network, position, sent_to, found)
        for found_at in found:
            loop_time[found_at, sent_to] = times.get(found_at)

    loops = []
    for found_at, sent_to, key, share in arrows:
        time = loop_time[found_at, sent_to]
        if time is None:
            findings.append(Finding(
                code="rework_not_a_loop",
                message=(
                    f"Rework from '{nodes[found_at]['element'].display_name}' to "
                    f"'{nodes[sent_to]['element'].display_name}' does not go back along the "
                    "flow, so it adds no expected time. Draw rework from a later step back to "
                    "an earlier one."
                ),
                element_ids=(found_at, sent_to),
                connection_ids=(key,),
            ))
            continue
        loops.append(ReworkLoop(
            connection_id=key,
            source_id=found_at,
            target_id=sent_to,
            share=share,
            loop_time=time,
            expected_extra_time=time * share / (1.0 - share),
        ))
    return loops


def _longest_from(
    network: FlowNetwork, position: Mapping[str, int], first: str, targets: set[str]
) -> dict[str, float]:
    """Longest elapsed time from the start of `first` to the end of each target reached; only
    the stretch of the flow order between `first` and the last target is visited."""
    nodes, pred, left_out = network.node, network.pred, network.left_out
    if first not in position:
        return {}
    stop = max((position[t] for t in targets if t in position), default=-1)
    finish = {first: nodes[first]["elapsed"]}
    for node in network.order[position[first] + 1 : stop + 1]:
        arrival: float | None = None
        for p, edges in pred[node].items():
            done = finish.get(p)
            if done is None:
                continue
            for data in edges.values():
                if data["flow"] and (p, node) not in left_out:
                    time = done + data["delay"]
                    if arrival is None or time > arrival:
                        arrival = time
        if arrival is not None:
            finish[node] = arrival + nodes[node]["elapsed"]
    return {t: finish[t] for t in targets if t in finish}


class _Trees:
    """The dominator and post-dominator trees of the timed flow, and the loop times they give."""

    # Post-dominators tried before a loop is walked instead (one or two in a map of blocks).
    _TRIES = 8

    def __init__(self, network: FlowNetwork, passes: Passes, latest: dict[str, float]) -> None:
        timed, left_out = passes.finish, network.left_out
        order = [n for n in network.order if n in timed]

        def flow_parents(adjacent: Adjacency, forwards: bool) -> Parents:
            def parents(node: str) -> Iterator[str]:
                for other, edges in adjacent[node].items():
                    pair = (other, node) if forwards else (node, other)
                    if pair not in left_out and any(data["flow"] for data in edges.values()):
                        yield other
            return parents

        self.dominates = _DominatorTree(order, flow_parents(network.pred, True))
        # Post-dominators among the elements that lead to an end (those with a latest finish).
        self.post = _DominatorTree(
            [n for n in reversed(order) if n in latest], flow_parents(network.succ, False)
        )
        self.passes, self.latest, self.node = passes, latest, network.node

    def longest(self, first: str, last: str) -> float | None:
        """Longest time from the start of `first` to the end of `last`, or None when the trees
        do not tell (then the flow is walked)."""
        start, finish = self.passes.start, self.passes.finish
        if self.dominates(first, last):
            return finish[last] - start[first]
        if first not in self.latest:
            return None
        merge = self.post.idom.get(first)
        for _ in range(self._TRIES):
            if merge is None:
                return None
            if self.dominates(merge, last):
                return (
                    finish[last] - finish[merge] + self.latest[merge] - self.latest[first]
                    + self.node[first]["elapsed"]
                )
            merge = self.post.idom.get(merge)
        return None


class _DominatorTree:
    """Which elements every flow from the start to an element passes through (or, reversed,
    every flow from an element on to the end).

    The flow is acyclic and `order` topological (reversed for post-dominators), so one pass
    finds each element's immediate dominator: the nearest common dominator of its parents
    (Cooper, Harvey and Kennedy's intersection). Numbering the tree depth-first answers "does
    Y dominate X" at once."""

    def __init__(self, order: list[str], parents: Parents) -> None:
        """parents(node): the node's predecessors (successors, reversed) among `order`."""
        position = {node: index for index, node in enumerate(order)}
        idom: dict[str, str | None] = {}

        def common(a: str | None, b: str | None) -> str | None:
            while a != b:
                if a is None or b is None:
                    return None
                if position[a] > position[b]:
                    a = idom[a]
                else:
                    b = idom[b]
            return a

        children: dict[str | None, list[str]] = defaultdict(list)
        for node in order:
            found = [p for p in parents(node) if p in position]
            dominator = found[0] if found else None  # None: the start (the end) before all
            for p in found[1:]:
                dominator = common(dominator, p)
            idom[node] = dominator
            children[dominator].append(node)
        self.idom = idom

        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        clock = 0
        stack = [(root, False) for root in reversed(children[None])]
        while stack:
            node, done = stack.pop()
            if done:
                self.leave[node] = clock
                continue
            self.enter[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children[node]))

    def __call__(self, dominator: str, node: str) -> bool:
        enter = self.enter
        if dominator not in enter or node not in enter:
            return False
        return enter[dominator] <= enter[node] and self.leave[node] <= self.leave[dominator]
