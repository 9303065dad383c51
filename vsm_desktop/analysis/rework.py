"""Rework loops: how long one trip round each loop takes, and the expected extra time.

A rework arrow from X (where the work is found wanting) back to Y (where it is sent) repeats
the flow from the start of Y to the end of X; its loop time is the longest elapsed time along
the flow from Y to X, both included. A share p of items goes round again, and again, so on
average an item makes 1/(1-p) trips: p/(1-p) extra trips of the loop time.

All loops are timed together. Where Y dominates X (every flow from a customer request to X
passes through Y, as in any loop drawn back along a single line of work), the longest time from
Y to X is X's earliest finish less Y's earliest start from the forward pass already made: one
look-up. Only the remaining loops walk the flow, and loops sent back to the same element share
one walk, so a map with thousands of rework arrows costs about one pass over the flow.
"""

from __future__ import annotations

from collections import defaultdict

from .network import FlowNetwork, Passes
from .result import Finding, ReworkLoop

Arrow = tuple[str, str, str, float]  # found at, sent to, connection id, share sent back


def rework_loops(
    network: FlowNetwork, passes: Passes, arrows: list[Arrow], findings: list[Finding]
) -> list[ReworkLoop]:
    """arrows: the rework connections between flow elements."""
    if not arrows:
        return []
    nodes = network.node
    position = {node: index for index, node in enumerate(network.order)}
    furthest: dict[str, int] = {}  # sent to -> position of the furthest element it comes from
    for found_at, sent_to, _, _ in arrows:
        furthest[sent_to] = max(furthest.get(sent_to, -1), position[found_at])
    stretch = sum(max(0, end - position[sent_to]) for sent_to, end in furthest.items())
    # Walking every loop costs the stretches walked; past one pass over the flow, the
    # dominator tree (one pass) answers most loops without a walk.
    dominates = (
        _DominatorTree(network, passes.finish)
        if stretch > len(position) and passes.finish else None
    )
    loop_time: dict[tuple[str, str], float | None] = {}
    walks: dict[str, set[str]] = defaultdict(set)  # sent to -> found at, for the walks
    start, finish = passes.start, passes.finish
    for found_at, sent_to, _, _ in arrows:
        if dominates is not None and dominates(sent_to, found_at):
            loop_time[found_at, sent_to] = finish[found_at] - start[sent_to]
        else:
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


def _longest_from(network: FlowNetwork, position, first: str, targets: set[str]) -> dict:
    """Longest elapsed time from the start of `first` to the end of each target reached; only
    the stretch of the flow order between `first` and the last target is visited."""
    nodes, pred, left_out = network.node, network.pred, network.left_out
    if first not in position:
        return {}
    stop = max((position[t] for t in targets if t in position), default=-1)
    finish = {first: nodes[first]["elapsed"]}
    for node in network.order[position[first] + 1 : stop + 1]:
        arrival = None
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


class _DominatorTree:
    """Which timed elements every flow from a customer request passes through.

    The flow is acyclic and in topological order, so one pass finds each element's immediate
    dominator (the nearest common dominator of its predecessors; Cooper, Harvey and Kennedy's
    intersection), and numbering the tree depth-first answers "does Y dominate X" at once."""

    def __init__(self, network: FlowNetwork, timed: dict[str, float]) -> None:
        pred, left_out = network.pred, network.left_out
        order = [n for n in network.order if n in timed]
        position = {node: index for index, node in enumerate(order)}
        idom: dict[str, str | None] = {}

        def common(a, b):
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
            preds = [
                p for p, edges in pred[node].items()
                if p in position and (p, node) not in left_out
                and any(data["flow"] for data in edges.values())
            ]
            dominator = preds[0] if preds else None  # None: the customer request before all
            for p in preds[1:]:
                dominator = common(dominator, p)
            idom[node] = dominator
            children[dominator].append(node)

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
