"""Copying parts of a map: elements with the connections among them, as JSON on the clipboard.

Pasting gives everything new ids, keeps the connections between the copied elements, and
offsets positions so the copy is visibly a copy.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from vsm_desktop.model import Connection, Element, MapDocument, new_id

MIME_TYPE = "application/x-vsm-elements"
FORMAT_TAG = "vsm-desktop/elements"


class ClipboardError(ValueError):
    """The clipboard holds something that is not a usable piece of map."""


def serialize(document: MapDocument, element_ids: list[str]) -> bytes:
    """The elements and every connection running between two of them, as UTF-8 JSON."""
    wanted = set(element_ids)
    elements = [document.element(i).model_dump(mode="json") for i in element_ids]
    connections = [
        c.model_dump(mode="json")
        for c in document.connections_of(wanted)
        if c.source_id in wanted and c.target_id in wanted
    ]
    payload = {"format": FORMAT_TAG, "elements": elements, "connections": connections}
    return json.dumps(payload).encode("utf-8")


def deserialize(
    data: bytes, document: MapDocument, offset: tuple[float, float]
) -> tuple[list[Element], list[Connection]]:
    """Fresh copies with new ids, moved by offset, with lanes and kaizen targets re-resolved."""
    try:
        payload = json.loads(bytes(data).decode("utf-8"))
        if payload.get("format") != FORMAT_TAG:
            raise ClipboardError("The clipboard does not hold value stream map elements.")
        elements = [Element.model_validate(raw) for raw in payload.get("elements", [])]
        connections = [Connection.model_validate(raw) for raw in payload.get("connections", [])]
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
        raise ClipboardError(f"The clipboard content could not be read: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ClipboardError(
            f"The copied elements are not valid: field '{field}': {first['msg']}"
        ) from error
    new_ids = {element.id: new_id() for element in elements}
    dx, dy = offset
    copies = []
    for element in elements:
        # An element belongs to the band it sits in, wherever the copy lands.
        lane_id = document.lane_at(element.y + dy).id if document.lanes else None
        target = element.target_id
        if target in new_ids:
            target = new_ids[target]
        elif target is not None and not document.has_element(target):
            target = None
        copies.append(
            element.model_copy(
                update={
                    "id": new_ids[element.id],
                    "x": element.x + dx,
                    "y": element.y + dy,
                    "lane_id": lane_id,
                    "target_id": target,
                }
            )
        )
    links = [
        connection.model_copy(
            update={
                "id": new_id(),
                "source_id": new_ids[connection.source_id],
                "target_id": new_ids[connection.target_id],
            }
        )
        for connection in connections
        if connection.source_id in new_ids and connection.target_id in new_ids
    ]
    return copies, links
