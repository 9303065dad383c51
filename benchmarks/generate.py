"""Deterministic large value stream maps: branches and merges, lanes, queues, some rework.

The same size and seed always give the same map, so runs on different days compare.
"""

from __future__ import annotations

import random

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    HandoverMethod,
    Lane,
    MapInfo,
    ValueStreamMap,
)
from vsm_desktop.model.layout import laid_out

LANE_NAMES = (
    "Product",
    "Engineering",
    "Security",
    "Compliance",
    "Operations",
    "Support",
    "Finance",
    "Data",
)


# Laid out left to right, a stream of 5,000 generated elements reaches 890,000 px of the
# 1,000,000 px a map may be wide (10,000 in one row would reach 1,770,000 px).
STREAM_LIMIT = 5000


def generate_map(size: int, seed: int = 7, layout: bool = True) -> ValueStreamMap:
    """A map of `size` elements laid out left to right (start and end included).

    Past STREAM_LIMIT elements the flow splits after the start into parallel streams of at most
    that many elements, which merge into the end, so every size can be laid out. Up to the limit
    the map is the one it always was for its size and seed.
    layout False: every element at the origin (the analysis does not need positions)."""
    rng = random.Random(seed)
    lanes = [Lane(name=name) for name in LANE_NAMES]
    elements: list[Element] = []
    connections: list[Connection] = []

    def add(kind: ElementKind, lane: int, **fields) -> str:
        element = Element(
            kind=kind,
            lane_id=lanes[lane % len(lanes)].id,
            name=f"{kind.label} {len(elements) + 1}",
            **fields,
        )
        elements.append(element)
        return element.id

    def connect(source: str, target: str) -> None:
        connections.append(
            Connection(
                source_id=source,
                target_id=target,
                delay=rng.choice((None, 0.5, 2.0, 8.0)),
                method=rng.choice(list(HandoverMethod)),
            )
        )

    def step(lane: int) -> str:
        return add(
            rng.choice((ElementKind.STEP, ElementKind.STEP, ElementKind.APPROVAL)),
            lane,
            process_time=rng.choice((0.5, 1, 2, 4, 8, 16)),
            wait_time=rng.choice((0, 1, 4, 8, 24, 40)),
            pca=rng.randint(70, 100),
            people=rng.randint(1, 6),
        )

    def grow(tails: list[str], until: int) -> list[str]:
        """Add elements after `tails` until the map holds `until`; the stream's last elements."""
        recent_steps: list[str] = []
        lane = 0
        while len(elements) < until:
            lane = (lane + rng.randint(0, 2)) % len(lanes)
            if rng.random() < 0.3 and until - len(elements) > 6:
                # A parallel block: two or three branches that merge again.
                heads = []
                for branch in range(rng.randint(2, 3)):
                    previous = tails
                    for _ in range(rng.randint(1, 2)):
                        current = step(lane + branch)
                        for tail in previous:
                            connect(tail, current)
                        previous = [current]
                    heads += previous
                tails = heads
            elif until - len(elements) == 1:  # room for a step, not for a queue and a step
                current = step(lane)
                for tail in tails:
                    connect(tail, current)
                tails = [current]
            else:
                queue = add(
                    ElementKind.QUEUE,
                    lane,
                    wait_time=rng.choice((8, 16, 40, 80)),
                    items_waiting=rng.randint(1, 30),
                )
                for tail in tails:
                    connect(tail, queue)
                current = step(lane)
                connect(queue, current)
                tails = [current]
                recent_steps.append(current)
                if len(recent_steps) > 4 and rng.random() < 0.08:
                    connections.append(
                        Connection(
                            kind=ConnectionKind.REWORK,
                            source_id=current,
                            target_id=recent_steps[-rng.randint(3, 4)],
                            rework_percent=rng.choice((10, 20, 30)),
                        )
                    )
        return tails

    start = add(ElementKind.START, 0)
    streams = -(-size // STREAM_LIMIT)
    tails: list[str] = []
    for stream in range(1, streams + 1):
        tails += grow([start], 1 + (size - 2) * stream // streams)
    end = add(ElementKind.END, 0)
    for tail in tails:
        connect(tail, end)
    generated = ValueStreamMap(
        info=MapInfo(title=f"Generated stream of {size} elements", author="benchmarks"),
        lanes=lanes,
        elements=elements,
        connections=connections,
    )
    return laid_out(generated) if layout else generated
