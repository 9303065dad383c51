"""JSON Schema of the .vsm file, generated from the same pydantic models that read it.

`python -m vsm_desktop.io.schema` prints it; docs/vsm-file.schema.json is that output, and a
test keeps the two equal so the published schema never drifts from the code.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.value_stream_map import ValueStreamMap
from .migrations import CURRENT_VERSION


class VsmFileEnvelope(BaseModel):
    """A VSM Desktop map file."""

    model_config = ConfigDict(extra="ignore", title="VSM Desktop map file")

    format: Literal["vsm-desktop"] = Field(description='Always "vsm-desktop".')
    version: int = Field(
        ge=1,
        le=CURRENT_VERSION,
        description="File format version; older versions are upgraded when opened.",
    )
    generator: str = Field(
        default="", description="Program and version that wrote the file (informational)."
    )
    map: ValueStreamMap = Field(description="The value stream map. Durations in working hours.")


def file_schema() -> dict[str, Any]:
    schema = VsmFileEnvelope.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def file_schema_text() -> str:
    return json.dumps(file_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(file_schema_text(), end="")
