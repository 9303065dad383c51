"""The parts of a value stream map as plain pydantic data: lanes, elements, connections.

Durations are working hours (see units.py); None means "not entered yet", which the analysis
counts as zero with a warning. Positions are scene coordinates of an element's centre.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .ranges import ValueRange, drop_stale_ranges

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 10_000
MAX_LANE_HEIGHT = 5000
MAX_COORDINATE = 1e6  # positions lie within ±MAX_COORDINATE


def new_id() -> str:
    return str(uuid.uuid4())


class ElementKind(StrEnum):
    STEP = "step"
    QUEUE = "queue"
    APPROVAL = "approval"
    START = "start"
    END = "end"
    KAIZEN = "kaizen"
    NOTE = "note"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def does_work(self) -> bool:
        """Steps and approvals carry process time and %C&A."""
        return self is ElementKind.STEP or self is ElementKind.APPROVAL

    @property
    def in_flow(self) -> bool:
        """Kinds that take part in the timed flow from start to end."""
        return not (self is ElementKind.KAIZEN or self is ElementKind.NOTE)


_KIND_LABELS = {
    ElementKind.STEP: "Step",
    ElementKind.QUEUE: "Queue",
    ElementKind.APPROVAL: "Approval",
    ElementKind.START: "Customer request",
    ElementKind.END: "Value realised",
    ElementKind.KAIZEN: "Kaizen idea",
    ElementKind.NOTE: "Note",
}


class ValueCategory(StrEnum):
    VALUE_ADDING = "value_adding"
    NECESSARY = "necessary"  # necessary non-value-adding, such as a compliance control
    WASTE = "waste"

    @property
    def label(self) -> str:
        return {
            ValueCategory.VALUE_ADDING: "Value-adding",
            ValueCategory.NECESSARY: "Necessary non-value-adding",
            ValueCategory.WASTE: "Waste",
        }[self]


def default_value_category(kind: ElementKind) -> ValueCategory:
    """What a new element of a kind usually is: a queue is waste, an approval a necessary
    control, anything else value-adding until the room says otherwise."""
    if kind is ElementKind.QUEUE:
        return ValueCategory.WASTE
    if kind is ElementKind.APPROVAL:
        return ValueCategory.NECESSARY
    return ValueCategory.VALUE_ADDING


class Automation(StrEnum):
    MANUAL = "manual"
    AUTOMATED = "automated"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class KaizenStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_planned(self) -> bool:
        """Planned, under way or done: part of the improvement plan, not just an idea."""
        return self is not KaizenStatus.IDEA


class ConnectionKind(StrEnum):
    FLOW = "flow"  # a handover of work to the next element
    REWORK = "rework"  # work sent back; a share of items repeats the loop
    INFORMATION = "information"  # dashed; never timed

    @property
    def label(self) -> str:
        return {"flow": "Handover (flow)", "rework": "Rework", "information": "Information"}[
            self.value
        ]


class HandoverMethod(StrEnum):
    NONE = "none"
    TICKET = "ticket"
    EMAIL = "email"
    MEETING = "meeting"
    AUTOMATED = "automated"

    @property
    def label(self) -> str:
        return "—" if self is HandoverMethod.NONE else self.value.capitalize()


class WaitCause(StrEnum):
    """Why work waits: the flow blockers people in financial cloud services name."""

    APPROVAL_QUEUE = "approval_queue"
    MANUAL_COMPLIANCE = "manual_compliance"
    RELEASE_WINDOW = "release_window"
    SLOW_TEST_CYCLE = "slow_test_cycle"
    ENVIRONMENT_INSTABILITY = "environment_instability"
    INCIDENT_REWORK = "incident_rework"
    CAPACITY = "capacity"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _WAIT_CAUSE_LABELS[self]


_WAIT_CAUSE_LABELS = {
    WaitCause.APPROVAL_QUEUE: "Approval queue",
    WaitCause.MANUAL_COMPLIANCE: "Manual compliance",
    WaitCause.RELEASE_WINDOW: "Release window",
    WaitCause.SLOW_TEST_CYCLE: "Slow test cycle",
    WaitCause.ENVIRONMENT_INSTABILITY: "Environment instability",
    WaitCause.INCIDENT_REWORK: "Incident-driven rework",
    WaitCause.CAPACITY: "Capacity",
    WaitCause.OTHER: "Other",
}


class MapState(StrEnum):
    CURRENT = "current"
    FUTURE = "future"

    @property
    def label(self) -> str:
        return f"{self.value.capitalize()} state"


class _Record(BaseModel):
    # extra="ignore": files written by a newer minor release with extra fields still open.
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _single_value_wins_over_a_stale_range(cls, data: Any, info: ValidationInfo) -> Any:
        # On assignment pydantic names the record's own field being set; inside a map it
        # names the map's field (elements, connections), which is a full validation.
        # (__pydantic_fields__ is what model_fields returns, without its descriptor: this
        # runs for every record of a file, 23,000 times for 10,000 elements.)
        assigned = info.field_name if info.field_name in cls.__pydantic_fields__ else None
        return drop_stale_ranges(data, assigned)


class Lane(_Record):
    """A swimlane: one team or function, drawn as a horizontal band. Order is list order."""

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    name: str = Field(default="Team", max_length=MAX_NAME_LENGTH)
    height: float = Field(default=200.0, ge=60, le=MAX_LANE_HEIGHT)


class Element(_Record):
    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    kind: ElementKind = ElementKind.STEP
    name: str = Field(default="", max_length=MAX_NAME_LENGTH)
    lane_id: str | None = None
    x: float = Field(default=0.0, ge=-MAX_COORDINATE, le=MAX_COORDINATE)
    y: float = Field(default=0.0, ge=-MAX_COORDINATE, le=MAX_COORDINATE)
    process_time: float | None = Field(default=None, ge=0, le=1e7)  # working hours
    wait_time: float | None = Field(default=None, ge=0, le=1e7)  # working hours
    # A range the room gave instead of one number (model/ranges.py); the field above then holds
    # its typical value.
    process_time_range: ValueRange | None = None
    wait_time_range: ValueRange | None = None
    pca: float | None = Field(default=None, ge=0, le=100)  # %Complete & Accurate
    people: int | None = Field(default=None, ge=0, le=100_000)
    value_category: ValueCategory = ValueCategory.VALUE_ADDING
    automation: Automation = Automation.MANUAL
    items_waiting: int | None = Field(default=None, ge=0, le=10_000_000)  # queues only
    wait_cause: WaitCause | None = None  # why work waits here; None: not said
    # Names of the spans (e.g. "lead time for changes") this element starts or ends.
    span_start: str = Field(default="", max_length=MAX_NAME_LENGTH)
    span_end: str = Field(default="", max_length=MAX_NAME_LENGTH)
    notes: str = Field(default="", max_length=MAX_TEXT_LENGTH)
    # Kaizen ideas: the element the idea improves, who owns it and how far it got.
    target_id: str | None = None
    owner: str = Field(default="", max_length=MAX_NAME_LENGTH)
    status: KaizenStatus = KaizenStatus.IDEA
    # The idea's expected effect on its target, e.g. "wait 5 d -> 1 d"; None leaves it as is.
    expected_wait_time: float | None = Field(default=None, ge=0, le=1e7)
    expected_process_time: float | None = Field(default=None, ge=0, le=1e7)
    expected_pca: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="before")
    @classmethod
    def _value_category_follows_kind(cls, data: Any) -> Any:
        """An element made without a value category gets its kind's usual one."""
        if isinstance(data, dict) and "value_category" not in data:
            try:
                kind = ElementKind(data.get("kind", ElementKind.STEP))
            except ValueError:
                return data  # the kind field reports the bad value
            data = {**data, "value_category": default_value_category(kind)}
        return data

    @property
    def display_name(self) -> str:
        return self.name or self.kind.label

    def elapsed_time(self) -> float:
        """Hours this element adds to the elapsed time of the flow: its wait plus its work."""
        if not self.kind.in_flow:
            return 0.0
        return (self.wait_time or 0.0) + (self.process_time or 0.0)


class Connection(_Record):
    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    kind: ConnectionKind = ConnectionKind.FLOW
    source_id: str = Field(min_length=1, max_length=64)
    target_id: str = Field(min_length=1, max_length=64)
    delay: float | None = Field(default=None, ge=0, le=1e7)  # transfer delay, working hours
    method: HandoverMethod = HandoverMethod.NONE
    rework_percent: float = Field(default=10.0, ge=0, le=99)  # share of items sent back
    delay_range: ValueRange | None = None  # in hours, as the element's ranges
    rework_percent_range: ValueRange | None = None  # in percent

    @field_validator("rework_percent_range")
    @classmethod
    def _share_below_all(cls, value: ValueRange | None) -> ValueRange | None:
        if value is not None and value.high > 99:
            raise ValueError("a rework share goes up to 99%")
        return value
    wait_cause: WaitCause | None = None  # why the transfer delay happens; None: not said
    label: str = Field(default="", max_length=MAX_NAME_LENGTH)


class DeliveryFigures(_Record):
    """Delivery performance measured for the stream, entered by the room (DORA's keys).

    Recovery time is clock time (a day is 24 hours), as incidents do not keep office hours."""

    change_failure_rate: float | None = Field(default=None, ge=0, le=100)  # % of deployments
    time_to_recover: float | None = Field(default=None, ge=0, le=1e7)  # clock hours, mean
    deployments_per_week: float | None = Field(default=None, ge=0, le=1e6)


class MapInfo(_Record):
    """What the map is about, as shown in the title block of the report."""

    title: str = Field(default="Untitled value stream", max_length=MAX_NAME_LENGTH)
    description: str = Field(default="", max_length=MAX_TEXT_LENGTH)
    author: str = Field(default="", max_length=MAX_NAME_LENGTH)
    state: MapState = MapState.CURRENT
    # A future state remembers the current state it was derived from (elements keep their ids).
    based_on_map_id: str | None = Field(default=None, max_length=64)
    delivery: DeliveryFigures = Field(default_factory=DeliveryFigures)
