"""Starting points for File ▸ New: a blank map, a software delivery stream and the sample.

A template becomes an untitled document: saving it always asks where, so the shipped sample is
never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Element, ElementKind, Lane, MapInfo, ValueStreamMap
from ..model.layout import COLUMN_PITCH, FIRST_COLUMN_X
from ..model.layout import DEFAULT_LANE_HEIGHT as LANE_HEIGHT
from ..resources import sample_map_path

SOFTWARE_DELIVERY_LANES = ("Product", "Engineering", "Security", "Compliance", "Operations")


def blank_map() -> ValueStreamMap:
    """One lane to start drawing in."""
    return ValueStreamMap(
        info=MapInfo(title="Untitled value stream"),
        lanes=[Lane(name="Team", height=LANE_HEIGHT)],
    )


def software_delivery_map() -> ValueStreamMap:
    """The five functions a change in financial cloud services passes through, request to value."""
    lanes = [Lane(name=name, height=LANE_HEIGHT) for name in SOFTWARE_DELIVERY_LANES]
    first, last = lanes[0], lanes[-1]
    start = Element(
        kind=ElementKind.START,
        name="Customer request",
        lane_id=first.id,
        x=FIRST_COLUMN_X,
        y=LANE_HEIGHT / 2,
    )
    end = Element(
        kind=ElementKind.END,
        name="Value realised",
        lane_id=last.id,
        x=FIRST_COLUMN_X + 6 * COLUMN_PITCH,
        y=LANE_HEIGHT * (len(lanes) - 1) + LANE_HEIGHT / 2,
    )
    return ValueStreamMap(
        info=MapInfo(
            title="Software delivery stream",
            description="From the customer's request to a working, secure, compliant service.",
        ),
        lanes=lanes,
        elements=[start, end],
    )


def sample_map() -> ValueStreamMap:
    """The shipped example: a new secure API for transaction summaries."""
    from ..io.vsm_file import load_map

    return load_map(sample_map_path())


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    description: str
    build: Callable[[], ValueStreamMap]


TEMPLATES = (
    Template("blank", "Blank map", "An empty map with one lane.", blank_map),
    Template(
        "software_delivery",
        "Blank software delivery stream",
        "Lanes Product, Engineering, Security, Compliance, Operations; request and value.",
        software_delivery_map,
    ),
    Template(
        "secure_api",
        "Secure API delivery (sample)",
        "A worked example: a new API endpoint for transaction summaries, current state.",
        sample_map,
    ),
)


def template(key: str) -> Template:
    return next(t for t in TEMPLATES if t.key == key)
