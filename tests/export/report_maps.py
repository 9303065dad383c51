"""Maps for the report tests, with figures small enough to work out by hand."""

from __future__ import annotations

from vsm_desktop.io.vsm_file import load_map
from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    KaizenStatus,
    Lane,
    MapInfo,
    ValueStreamMap,
)
from vsm_desktop.model.value_stream_map import MapStates
from vsm_desktop.resources import sample_map_path


def hand_map(
    *,
    title: str = "Card dispute intake",
    names: tuple[str, str] = ("Triage", "Fraud review"),
    lane_names: tuple[str, str] = ("Operations", "Fraud"),
    kaizen_name: str = "Auto-triage rules",
    kaizen_owner: str = "Ops lead",
) -> ValueStreamMap:
    """start -> A (wait 6 h, PT 2 h) -> [delay 8 h] -> B (wait 16 h, PT 4 h) -> end.

    By hand, with 8-hour days: lead time = 6 + 2 + 8 + 16 + 4 = 36 h = 4.5 d, process time
    6 h, wait 30 h = 3.8 d (format rounds 3.75 d to one decimal), flow efficiency 6/36 = 17%,
    rolled %C&A = 0.9 * 0.5 = 45%, one cross-team handover (A in lane 1, B in lane 2), and
    the constraint is B (the longest wait on the critical path, 16 h = 2 d).
    """
    first, second = Lane(name=lane_names[0]), Lane(name=lane_names[1])
    start = Element(
        kind=ElementKind.START, name="Customer disputes a charge", lane_id=first.id, x=280, y=100
    )
    a = Element(
        name=names[0], lane_id=first.id, x=510, y=100, process_time=2, wait_time=6, pca=90, people=2
    )
    b = Element(
        name=names[1],
        lane_id=second.id,
        x=740,
        y=320,
        process_time=4,
        wait_time=16,
        pca=50,
        people=1,
    )
    end = Element(kind=ElementKind.END, name="Customer refunded", lane_id=second.id, x=970, y=320)
    kaizen = Element(
        kind=ElementKind.KAIZEN,
        name=kaizen_name,
        lane_id=second.id,
        x=740,
        y=210,
        target_id=b.id,
        owner=kaizen_owner,
        status=KaizenStatus.PLANNED,
    )
    note = Element(kind=ElementKind.NOTE, name="Measured in March", lane_id=first.id, x=970, y=80)
    connections = [
        Connection(source_id=start.id, target_id=a.id),
        Connection(source_id=a.id, target_id=b.id, delay=8),
        Connection(source_id=b.id, target_id=end.id),
        Connection(kind=ConnectionKind.REWORK, source_id=b.id, target_id=a.id, rework_percent=20),
        Connection(kind=ConnectionKind.INFORMATION, source_id=note.id, target_id=a.id),
    ]
    return ValueStreamMap(
        info=MapInfo(title=title, author="Dana Reviewer"),
        lanes=[first, second],
        elements=[start, a, b, end, kaizen, note],
        connections=connections,
    )


def chain_map(step_count: int, lane_count: int = 6) -> ValueStreamMap:
    """A long chain of steps zig-zagging over the lanes, like a big real-world map."""
    lanes = [Lane(name=f"Team {index + 1}") for index in range(lane_count)]
    elements = [Element(kind=ElementKind.START, name="Request", lane_id=lanes[0].id, x=280, y=100)]
    for index in range(step_count):
        lane_index = index % lane_count
        elements.append(
            Element(
                name=f"Step {index + 1:03d}",
                lane_id=lanes[lane_index].id,
                x=510 + 230 * index,
                y=100 + 200 * lane_index,
                process_time=1 + index % 5,
                wait_time=(index * 7) % 23,
                pca=80 + index % 20,
                people=1 + index % 4,
            )
        )
    elements.append(
        Element(
            kind=ElementKind.END, name="Done", lane_id=lanes[0].id, x=510 + 230 * step_count, y=100
        )
    )
    connections = [
        Connection(source_id=before.id, target_id=after.id)
        for before, after in zip(elements, elements[1:], strict=False)
    ]
    return ValueStreamMap(
        info=MapInfo(title=f"Generated map with {step_count} steps"),
        lanes=lanes,
        elements=elements,
        connections=connections,
    )


def sample_with_future() -> MapStates:
    """The sample map with a future state: the two largest waits cut to a day, one step gone.

    The future is derived as the app derives it (same ids), so the comparison matches
    elements; the removed step's neighbours are joined so the flow stays whole."""
    current = load_map(sample_map_path())
    future = current.derive_future_state()
    in_flow = [e for e in future.elements if e.kind.in_flow and (e.wait_time or 0) > 0]
    for element in sorted(in_flow, key=lambda e: -(e.wait_time or 0))[:2]:
        element.wait_time = 8.0  # one working day
    removed = next(e for e in future.elements if e.name == REMOVED_STEP)
    incoming = [c for c in future.flow_connections() if c.target_id == removed.id]
    outgoing = [c for c in future.flow_connections() if c.source_id == removed.id]
    future.connections = [
        c for c in future.connections if removed.id not in (c.source_id, c.target_id)
    ]
    future.connections += [
        Connection(source_id=before.source_id, target_id=after.target_id)
        for before in incoming
        for after in outgoing
    ]
    future.elements = [e for e in future.elements if e.id != removed.id]
    for element in future.elements:
        if element.target_id == removed.id:
            element.target_id = None
    return MapStates(maps=[current, ValueStreamMap.model_validate(future.model_dump())])


REMOVED_STEP = "Requirement clarification"


def tied_constraint_map(review_name: str = "Review") -> ValueStreamMap:
    """start -> Intake (wait 8 h) -> Review (wait 8 h) -> Deploy (wait 2 h) -> end, each with
    1 h of work and %C&A entered: Intake and Review share the longest wait (a 2-way tie)."""
    elements = [
        Element(id="s", kind=ElementKind.START, x=100, y=100),
        Element(id="a", name="Intake", x=300, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="b", name=review_name, x=500, y=100, process_time=1, wait_time=8, pca=100),
        Element(id="c", name="Deploy", x=700, y=100, process_time=1, wait_time=2, pca=100),
        Element(id="e", kind=ElementKind.END, x=900, y=100),
    ]
    ids = [e.id for e in elements]
    flow = [Connection(source_id=s, target_id=t) for s, t in zip(ids, ids[1:], strict=False)]
    return ValueStreamMap(elements=elements, connections=flow)
