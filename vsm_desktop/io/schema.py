"""JSON Schema of the .vsm file, generated from the same pydantic models that read it.

`python -m vsm_desktop.io.schema` prints it; docs/vsm-file.schema.json is that output, and a
test keeps the two equal so the published schema never drifts from the code.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.value_stream_map import MAX_STATES, ReviewBase, ValueStreamMap
from .migrations import CURRENT_VERSION


class VsmFileEnvelope(BaseModel):
    """A VSM Desktop map file."""

    model_config = ConfigDict(extra="ignore", title="VSM Desktop map file")

    format: Literal["vsm-desktop"] = Field(description='Always "vsm-desktop".')
    version: int = Field(
        ge=CURRENT_VERSION,
        le=CURRENT_VERSION,
        description="File format version. Files of older versions (1: a single \"map\") are "
        "upgraded when opened.",
    )
    generator: str = Field(
        default="", description="Program and version that wrote the file (informational)."
    )
    maps: list[ValueStreamMap] = Field(
        min_length=1,
        max_length=MAX_STATES,
        description="The current state first, then future states derived from it "
        "(info.based_on_map_id). Durations in working hours.",
    )
    review_base: ReviewBase | None = Field(
        default=None,
        description="Only in copies saved for review (and the file they came from): the states "
        "as the copy was sent, so merging the returned copy can tell who changed what.",
    )


def file_schema() -> dict[str, Any]:
    schema = VsmFileEnvelope.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def file_schema_text() -> str:
    return json.dumps(file_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(file_schema_text(), end="")
