"""A draw.io file's pages and cells, read safely.

Reading trusts nothing, as for .vsm files: the XML is parsed with defusedxml (no entities, no DTD,
no external references: billion laughs and friends are refused), nesting depth, element count and
attribute length are limited, and compressed pages (raw deflate + base64 + URL encoding, draw.io's
default) are inflated with a cap on their size. Every refusal is a VsmFileError naming the file.
What the cells mean is decided elsewhere (drawio_page.py and the readers built on it).
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from ..model.value_stream_map import MAX_CONNECTIONS, MAX_ELEMENTS, MAX_LANES
from .drawio_common import PREFIX, decode_attribute, label_to_text, shape_of
from .errors import VsmFileError
from .vsm_file import MAX_IMPORT_BYTES, MAX_NESTING

MAX_ATTRIBUTE_CHARS = 100_000  # a label of a real diagram is a few hundred characters
MAX_CELLS = MAX_ELEMENTS + MAX_CONNECTIONS + MAX_LANES + 20_000  # texts, data boxes, timeline


def read_pages(data: bytes | str, source: str | Path) -> list[tuple[str, XmlElement]]:
    """Each page's name and its <mxGraphModel>, compressed pages inflated."""
    root = _parse_xml(data, source, "the file")
    if root.tag == "mxGraphModel":  # a bare model, as draw.io's "Export as XML" can write
        pages = [("Page-1", root)]
    elif root.tag == "mxfile":
        pages = [(d.get("name") or f"Page-{i + 1}", _page_model(d, source))
                 for i, d in enumerate(root.findall("diagram"))]
    else:
        raise VsmFileError(f"not a draw.io file: it holds <{root.tag[:40]}>, not <mxfile>",
                           path=source)
    if not pages:
        raise VsmFileError("the draw.io file has no pages (no <diagram>)", path=source)
    return pages


@dataclass
class Cell:
    """One draw.io cell (a shape, an arrow or a text), with our vsm_* data if it has any."""

    id: str
    parent: str
    style: str
    label: str
    data: dict[str, str]
    vertex: bool
    edge: bool
    source: str | None
    target: str | None
    geometry: tuple[float, float, float, float]  # relative to the parent
    relative: bool

    @property
    def shape(self) -> str:
        return shape_of(self.style)

    @property
    def text(self) -> str:
        return label_to_text(self.label)


def page_cells(model: XmlElement, source: str | Path) -> list[Cell]:
    root = model.find("root")
    if root is None:
        raise VsmFileError("not a draw.io diagram: the page has no <root>", path=source)
    cells = []
    for node in root:
        wrapper: XmlElement | None
        inner: XmlElement | None
        if node.tag in ("object", "UserObject"):
            wrapper, inner = node, node.find("mxCell")
            if inner is None:
                continue
        elif node.tag == "mxCell":
            wrapper, inner = None, node
        else:
            continue
        cell_id = (wrapper if wrapper is not None else inner).get("id", "")
        if wrapper is not None:
            label = wrapper.get("label", "")
            data = {k.removeprefix(PREFIX): decode_attribute(v)
                    for k, v in wrapper.attrib.items() if k.startswith(PREFIX)}
        else:
            label, data = inner.get("value", ""), {}
        geometry = inner.find("mxGeometry")
        cells.append(Cell(
            id=cell_id, parent=inner.get("parent", ""), style=inner.get("style", ""),
            label=label, data=data, vertex=inner.get("vertex") == "1",
            edge=inner.get("edge") == "1", source=inner.get("source"),
            target=inner.get("target"), geometry=_geometry(geometry),
            relative=geometry is not None and geometry.get("relative") == "1",
        ))
    if len(cells) > MAX_CELLS:
        raise VsmFileError(f"refused: the page has {len(cells):,} cells; a map holds at most "
                           f"{MAX_CELLS:,}", path=source)
    return cells


def _geometry(node: XmlElement | None) -> tuple[float, float, float, float]:
    if node is None:
        return (0.0, 0.0, 0.0, 0.0)
    values = []
    for name in ("x", "y", "width", "height"):
        try:
            value = float(node.get(name, "0"))
        except ValueError:
            value = 0.0
        values.append(value if -1e7 <= value <= 1e7 else 0.0)
    return (values[0], values[1], values[2], values[3])


# -- XML, safely -----------------------------------------------------------------------------


def _parse_xml(data: bytes | str, source: str | Path, what: str) -> XmlElement:
    try:
        root: XmlElement = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise VsmFileError(f"refused: {what} declares a DTD (<!DOCTYPE …>), which draw.io never "
                           "writes; it may try to expand entities (a 'billion laughs' attack)",
                           path=source) from None
    except defusedxml.EntitiesForbidden:
        raise VsmFileError(f"refused: {what} declares XML entities, which draw.io never writes",
                           path=source) from None
    except defusedxml.ExternalReferenceForbidden:
        raise VsmFileError(f"refused: {what} refers to an external resource", path=source
                           ) from None
    except defusedxml.DefusedXmlException as error:
        raise VsmFileError(f"refused: {what} uses an XML feature that is not allowed ({error})",
                           path=source) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise VsmFileError(f"not a valid draw.io file: {what} is not well-formed XML (line "
                           f"{line}, column {column})", path=source) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise VsmFileError(f"not a valid draw.io file: {error}", path=source) from None
    _check_tree(root, source)
    return root


def _check_tree(root: XmlElement, source: str | Path) -> None:
    """Depth, element count and attribute length, without recursion."""
    pending = [(root, 1)]
    count = 0
    while pending:
        node, depth = pending.pop()
        count += 1
        if depth > MAX_NESTING:
            raise VsmFileError(f"refused: the XML is nested more than {MAX_NESTING} levels deep",
                               path=source)
        if count > MAX_CELLS * 4:
            raise VsmFileError("refused: the diagram has far more shapes than a map can hold",
                               path=source)
        for name, value in node.attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                raise VsmFileError(
                    f"refused: the attribute '{name[:40]}' of <{node.tag[:40]}> (id "
                    f"{node.get('id', '?')[:40]}) is {len(value):,} characters long; at most "
                    f"{MAX_ATTRIBUTE_CHARS:,} are read", path=source)
        pending.extend((child, depth + 1) for child in node)


def _page_model(diagram: XmlElement, source: str | Path) -> XmlElement:
    model = diagram.find("mxGraphModel")
    if model is not None:
        return model
    text = (diagram.text or "").strip()
    if not text:
        raise VsmFileError(f"the page '{diagram.get('name', '')[:60]}' is empty", path=source)
    return _parse_xml(_inflate(text, source), source, "a compressed page")


def _inflate(text: str, source: str | Path) -> str:
    """draw.io's compressed page: base64 of raw deflate of the URL-encoded XML."""
    try:
        packed = base64.b64decode(text, validate=False)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        raw = inflater.decompress(packed, MAX_IMPORT_BYTES)
        if inflater.unconsumed_tail:
            raise VsmFileError(f"refused: a compressed page inflates to more than "
                               f"{MAX_IMPORT_BYTES // 1024 // 1024} MB", path=source)
        return urllib.parse.unquote(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError) as error:
        raise VsmFileError(f"a compressed page could not be unpacked: {error}", path=source
                           ) from None
