"""Maps of any size for file tests: a chain through several lanes with a rework loop."""

from vsm_desktop.model import (
    Connection,
    ConnectionKind,
    Element,
    ElementKind,
    Lane,
    MapInfo,
    ValueStreamMap,
)


def chain_map(size: int, title: str = "Generated") -> ValueStreamMap:
    """start -> size-2 steps/queues spread over 5 lanes -> end, plus one rework connection."""
    lanes = [Lane(name=f"Team {index}") for index in range(5)]
    elements = [Element(kind=ElementKind.START, name="Start", lane_id=lanes[0].id)]
    for index in range(max(size - 2, 0)):
        kind = ElementKind.QUEUE if index % 4 == 3 else ElementKind.STEP
        elements.append(
            Element(
                kind=kind,
                name=f"{title} step {index} – ünïcödé",
                lane_id=lanes[index % 5].id,
                x=280.0 + 230 * (index % 4_000),
                y=100.0 + 200 * (index % 5),
                process_time=None if kind is ElementKind.QUEUE else 0.25 + index % 7,
                wait_time=float(index % 11),
                pca=None if kind is ElementKind.QUEUE else 60.0 + index % 39,
                people=index % 5,
                notes=f"Note {index}\nsecond line",
            )
        )
    elements.append(Element(kind=ElementKind.END, name="End", lane_id=lanes[-1].id))
    connections = [
        Connection(source_id=a.id, target_id=b.id, delay=0.5 if i % 3 == 0 else None)
        for i, (a, b) in enumerate(zip(elements, elements[1:], strict=False))
    ]
    if len(elements) > 4:
        connections.append(
            Connection(
                kind=ConnectionKind.REWORK,
                source_id=elements[3].id,
                target_id=elements[1].id,
                rework_percent=20,
            )
        )
    return ValueStreamMap(
        info=MapInfo(title=title), lanes=lanes, elements=elements, connections=connections
    )
