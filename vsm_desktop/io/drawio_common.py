"""What the draw.io writer and reader share: shape styles, attribute names, label text.

draw.io (diagrams.net) saves an <mxfile> of <diagram> pages, each an <mxGraphModel> of cells.
A cell's look is its style string ("shape=mxgraph.lean_mapping.inventory_box;strokeWidth=2;"),
and custom data lives as attributes of an <object> element that wraps the cell (draw.io's
"Edit Data"); draw.io keeps such attributes when the diagram is edited and saved again.
The shape names are those of draw.io's "Value Stream Mapping" (lean_mapping) palette.
"""

from __future__ import annotations

import html
import json
import re

from ..model import ElementKind

FILE_SUFFIX = ".drawio"
# Every attribute we write starts with this, so our data never collides with draw.io's own.
PREFIX = "vsm_"
FORMAT_VERSION = "1"

LEAN = "mxgraph.lean_mapping."

# Shapes of the lean_mapping palette, as found in the style's "shape=" entry.
PROCESS_SHAPES = {LEAN + "manufacturing_process", LEAN + "manufacturing_process_shared",
                  LEAN + "work_cell"}
INVENTORY_SHAPES = {LEAN + "inventory_box", LEAN + "supermarket", LEAN + "fifo_lane",
                    LEAN + "buffer_or_safety_stock"}
OUTSIDE_SHAPE = LEAN + "outside_sources"
KAIZEN_SHAPE = LEAN + "kaizen_lightening_burst"
CONTROL_SHAPES = {LEAN + "schedule", LEAN + "mrp_erp", LEAN + "go_see_production_scheduling",
                  LEAN + "control_center"}
TIMELINE_SHAPES = {LEAN + "timeline2", LEAN + "timeline"}
INFO_EDGE_SHAPES = {LEAN + "electronic_info_flow_edge", LEAN + "manual_info_flow_edge"}

_BASE = "strokeWidth=2;html=1;whiteSpace=wrap;fontSize=12;"
_BELOW = "verticalLabelPosition=bottom;verticalAlign=top;html=1;strokeWidth=2;whiteSpace=wrap;"

# How each kind of element is drawn in draw.io.
KIND_STYLES = {
    ElementKind.STEP: _BASE + f"shape={LEAN}manufacturing_process;align=center;"
                      "verticalAlign=middle;fillColor=#E8F1FB;strokeColor=#2B6CB0;",
    # An approval is a control point: draw.io's "Production Control" box, amber.
    ElementKind.APPROVAL: _BASE + f"shape={LEAN}schedule;align=center;fillColor=#FFF4DB;"
                          "strokeColor=#B7791F;",
    ElementKind.QUEUE: _BELOW + f"shape={LEAN}inventory_box;fillColor=#FFF5F5;"
                       "strokeColor=#C53030;",
    ElementKind.START: _BASE + f"shape={LEAN}outside_sources;align=center;"
                       "verticalAlign=bottom;spacingBottom=6;fillColor=#E3F8EC;"
                       "strokeColor=#2F855A;",
    ElementKind.END: _BASE + f"shape={LEAN}outside_sources;align=center;verticalAlign=bottom;"
                     "spacingBottom=6;fillColor=#E3F8EC;strokeColor=#2F855A;",
    ElementKind.KAIZEN: _BELOW + f"shape={LEAN}kaizen_lightening_burst;fillColor=#FFE066;"
                        "strokeColor=#B7791F;",
    ElementKind.NOTE: "shape=note;size=14;whiteSpace=wrap;html=1;align=left;verticalAlign=top;"
                      "spacingLeft=6;fillColor=#FFFBEA;strokeColor=#B7791F;fontSize=11;",
}
# (width, height) of each shape in draw.io; steps and approvals get a data box below.
SHAPE_SIZE = {
    ElementKind.STEP: (160.0, 60.0),
    ElementKind.APPROVAL: (160.0, 60.0),
    ElementKind.QUEUE: (60.0, 52.0),
    ElementKind.START: (130.0, 80.0),
    ElementKind.END: (130.0, 80.0),
    ElementKind.KAIZEN: (120.0, 50.0),
    ElementKind.NOTE: (160.0, 90.0),
}
DATA_BOX_STYLE = ("rounded=0;whiteSpace=wrap;html=1;align=left;verticalAlign=top;spacingLeft=6;"
                  "fontSize=10;fillColor=#F5F7FA;strokeColor=#52606D;")
LANE_STYLE = ("swimlane;horizontal=0;startSize=40;html=1;whiteSpace=wrap;fontSize=14;"
              "fontStyle=1;fillColor=#E6EAF0;swimlaneFillColor=#FFFFFF;strokeColor=#CBD2D9;")
FLOW_EDGE_STYLE = ("edgeStyle=orthogonalEdgeStyle;rounded=1;html=1;endArrow=block;endFill=1;"
                   "strokeWidth=2;strokeColor=#3E4C59;")
REWORK_EDGE_STYLE = ("edgeStyle=orthogonalEdgeStyle;curved=1;html=1;endArrow=block;endFill=1;"
                     "dashed=1;strokeWidth=2;strokeColor=#C65D00;")
INFO_EDGE_STYLE = f"shape={LEAN}manual_info_flow_edge;html=1;dashed=1;strokeColor=#7B8794;"
ELECTRONIC_INFO_EDGE_STYLE = f"shape={LEAN}electronic_info_flow_edge;html=1;strokeColor=#7B8794;"
TIMELINE_STYLE = (_BELOW + f"shape={LEAN}timeline2;strokeColor=#1F2933;")
TEXT_STYLE = "text;html=1;align=center;verticalAlign=middle;whiteSpace=wrap;fontSize=11;"


def style_entries(style: str) -> dict[str, str]:
    """A style string as a dict; a bare entry ("swimlane", "text") maps to ""."""
    entries: dict[str, str] = {}
    for part in style.split(";"):
        part = part.strip()
        if not part:
            continue
        key, _, value = part.partition("=")
        entries[key.strip()] = value.strip()
    return entries


def shape_of(style: str) -> str:
    """The shape a style draws: its shape= entry, or the bare first word ("swimlane")."""
    entries = style_entries(style)
    if "shape" in entries:
        return entries["shape"]
    first = style.split(";", 1)[0].strip()
    return first if first and "=" not in first else ""


def text_to_label(text: str) -> str:
    """Plain text as an HTML label (styles carry html=1): escaped, line breaks as <br>."""
    return html.escape(xml_safe(text), quote=False).replace("\n", "<br>")


# Characters XML 1.0 cannot hold at all, not even escaped (control characters, U+FFFE…).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ENCODED = "json:"


def xml_safe(text: str) -> str:
    """Text for a label: characters XML cannot carry are left out (the data keeps them)."""
    return _NOT_XML.sub("", text)


def encode_attribute(text: str) -> str:
    """A data attribute's text, reversible: text with characters XML cannot hold (a pasted
    control character in a note) is written as a JSON string behind "json:"."""
    if _NOT_XML.search(text) or text.startswith(_ENCODED):
        return _ENCODED + json.dumps(text)
    return text


def decode_attribute(text: str) -> str:
    if text.startswith(_ENCODED):
        try:
            decoded = json.loads(text[len(_ENCODED):])
        except ValueError:
            return text
        return decoded if isinstance(decoded, str) else text
    return text


# Tags that start or end a line in a draw.io label ("a<div>b</div>", "a<br>b", table rows).
_BREAK = re.compile(r"<\s*/?\s*(br|p|div|tr|li|h[1-6])\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")


def label_to_text(label: str) -> str:
    """What a draw.io label says, as plain text: tags dropped, entities decoded, lines kept."""
    text = _BREAK.sub("\n", label)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def number_text(value: float) -> str:
    """A float written so that float() reads the same value back, without a needless ".0"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text
