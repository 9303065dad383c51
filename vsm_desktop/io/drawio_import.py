"""Read a draw.io file: our own export exactly, and lean_mapping maps drawn by others.

The file's pages are read safely (drawio_xml.py: size, defusedxml, nesting and inflation caps).
Pages with our vsm_* data come back field for field (drawio_ours.py, the inverse of
drawio_export.py); other pages are read by their shapes (drawio_foreign.py). What cannot be read
becomes a warning; every refusal is a VsmFileError naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..model import MapState, MapStates, ValueStreamMap, new_id
from ..model.value_stream_map import MAX_STATES
from .drawio_foreign import ForeignPageReader
from .drawio_ours import OurPageReader
from .drawio_page import PageReader
from .drawio_xml import page_cells, read_pages
from .errors import VsmFileError
from .safe_read import read_regular_file
from .vsm_file import MAX_IMPORT_BYTES


@dataclass
class DrawioImport:
    """The map states read from the file, and what could not be read, in words."""

    states: MapStates
    warnings: list[str] = field(default_factory=list)
    ours: bool = True  # every page came from VSM Desktop's own export


def load_drawio(path: str | Path) -> DrawioImport:
    """Read a .drawio (or draw.io .xml) file; raises VsmFileError and nothing else."""
    path = Path(path)
    data = read_regular_file(path, MAX_IMPORT_BYTES, "draw.io file")  # never a pipe or device
    return loads_drawio(data, source=path)


def loads_drawio(data: bytes | str, source: str | Path = "<memory>") -> DrawioImport:
    if len(data) > MAX_IMPORT_BYTES:
        raise VsmFileError(_too_large(len(data)), path=source)
    warnings: list[str] = []
    maps: list[ValueStreamMap] = []
    ours = True
    for name, model in read_pages(data, source):
        cells = page_cells(model, source)
        ours_page = any(c.data.get("type") == "map" for c in cells)
        reader: PageReader = (OurPageReader if ours_page else ForeignPageReader)(
            cells, name, source, warnings)
        page_map = reader.read()
        ours = ours and reader.ours
        if page_map is not None:
            maps.append(page_map)
    if not maps:
        raise VsmFileError("no page of the draw.io file holds a value stream map", path=source)
    if len(maps) > MAX_STATES:
        warnings.append(f"only the first {MAX_STATES} pages were read")
        maps = maps[:MAX_STATES]
    maps = _as_states(maps, ours, warnings)
    try:
        states = MapStates(maps=maps)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise VsmFileError(problem, path=source) from None
    return DrawioImport(states, warnings, ours)


def _too_large(size: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB; draw.io maps are read up to "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB")


def _as_states(maps: list[ValueStreamMap], ours: bool, warnings: list[str]
               ) -> list[ValueStreamMap]:
    """The first page is the current state; other pages are future states of it."""
    current = maps[0]
    current.info.state = MapState.CURRENT
    current.info.based_on_map_id = None
    ids = {current.id}
    for extra in maps[1:]:
        if extra.id in ids:
            extra.id = new_id()
        ids.add(extra.id)
        extra.info.state = MapState.FUTURE
        if extra.info.based_on_map_id not in ids:
            extra.info.based_on_map_id = current.id
    if not ours and len(maps) > 1:
        warnings.append("pages after the first were read as future states of the first")
    return maps


__all__ = ["DrawioImport", "load_drawio", "loads_drawio"]
