"""The lead-time ladder under the map, following the critical path."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPainter,
    QPainterPath,
)
from PySide6.QtWidgets import QGraphicsItem

from vsm_desktop.drawing.ladder import (
    LadderGeometry,
    RungLine,
    Total,
    ladder_geometry,
    rungs_along,
)
from vsm_desktop.model.layout import LANE_TITLE_WIDTH

from ..style import (
    LADDER_HEIGHT,
)
from .shapes import (
    NAME_DETAIL,
    Z_LADDER,
    level_of_detail,
)

if TYPE_CHECKING:
    from vsm_desktop.analysis.result import FlowAnalysis
    from vsm_desktop.model.document import MapDocument
    from vsm_desktop.model.elements import Connection, Element

    from .host import CanvasHost

TOTALS_WIDTH = 190.0
MIN_PITCH = 120.0  # evenly spaced, a rung a figure can be read on
WAIT_LEVEL, PROCESS_LEVEL = 24.0, LADDER_HEIGHT - 30.0  # below the ladder's top
TITLE = "Lead-time\nladder"
WAITING_TITLE = "Lead-time\nladder:\ncalculating…"  # an edit's figures are being worked out
WAITING_OPACITY = 0.4


PENS = ("ladder_frame_pen", "ladder_wait_pen", "ladder_process_pen")  # risers, waits, processes
LINES_PER_PIECE = 128
PEN_ROOM = 4.0  # how far a stroke reaches beyond the line it strokes


@dataclass(frozen=True)
class LadderPiece:
    """A run of neighbouring rungs and the risers after them, one path per pen (as PENS),
    and how far they reach left and right: paint() strokes the pieces it can see (Qt walks a
    whole path even where it is clipped away: 75 ms per paint for a 5,000-element path)."""

    left: float
    right: float
    paths: tuple[QPainterPath, QPainterPath, QPainterPath]


@dataclass(frozen=True)
class LaidOutLadder:
    """A ladder's geometry laid out off the GUI thread, its pieces' paths, and the right edge
    it was laid out to (the scene uses it only while its own right edge is the same)."""

    geometry: LadderGeometry
    right: float
    pieces: tuple[LadderPiece, ...] = ()


def ladder_pieces(geometry: LadderGeometry) -> tuple[LadderPiece, ...]:
    """The rungs and the risers joining them in pieces of LINES_PER_PIECE rungs, left to
    right, drawn from the ladder's top (any thread may build them: paths are plain data)."""
    lines, risers = geometry.lines, geometry.risers  # riser i joins line i to line i + 1
    pieces = []
    for first in range(0, len(lines), LINES_PER_PIECE):
        waits, processes, joins = QPainterPath(), QPainterPath(), QPainterPath()
        for line in lines[first:first + LINES_PER_PIECE]:
            rungs, y = (waits, WAIT_LEVEL) if line.is_wait else (processes, PROCESS_LEVEL)
            rungs.moveTo(line.left, y)
            rungs.lineTo(line.right, y)
        right = lines[min(first + LINES_PER_PIECE, len(lines)) - 1].right
        for riser in risers[first:first + LINES_PER_PIECE]:
            y = WAIT_LEVEL if riser.to_wait else PROCESS_LEVEL
            joins.moveTo(riser.x, WAIT_LEVEL if riser.from_wait else PROCESS_LEVEL)
            joins.lineTo(riser.x, y)
            joins.lineTo(riser.to_x, y)
            right = max(right, riser.to_x)
        pieces.append(LadderPiece(lines[first].left, right, (joins, waits, processes)))
    return tuple(pieces)


def lay_out_ladder(
    analysis: FlowAnalysis, document: MapDocument, right: float
) -> LaidOutLadder | None:
    """The ladder of `analysis` over `document` (a snapshot a worker reads) as the canvas lays
    it out; None when the critical path has no rung on the map."""

    def element_of(element_id: str) -> Element | None:
        return document.element(element_id) if document.has_element(element_id) else None

    def connection_of(connection_id: str) -> Connection | None:
        has = document.has_connection(connection_id)
        return document.connection(connection_id) if has else None

    rungs = rungs_along(analysis, element_of, connection_of)
    if not rungs:
        return None
    geometry = ladder_geometry(rungs, analysis, document.calendar, right=right,
                               min_pitch=MIN_PITCH)
    return LaidOutLadder(geometry, right, ladder_pieces(geometry))


class LadderItem(QGraphicsItem):
    """The lead-time ladder: waits on the upper rungs, process times on the lower, totals right.

    It follows the critical path of the last analysis, laid out by drawing/ladder.py (as the
    PDF's ladder is): under the elements when the path runs left to right, else evenly spaced.

    On a large map the path has thousands of rungs while the screen shows a few: the lines are
    built into paths once per analysis (by the figures' worker), in pieces, and paint() draws
    only the pieces and writes only the figures it can see.
    The paths are drawn from the item's own top: when the lanes above grow or shrink, the
    ladder moves (set_top) without being laid out again.

    After an edit the ladder is an older analysis's until the new figures land: it stays where
    its rungs were, greyed and saying so (wait_for_figures), as the figures panels do.
    """

    def __init__(self, map_scene: CanvasHost) -> None:
        super().__init__()
        self._map_scene = map_scene
        self.setZValue(Z_LADDER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._rect = QRectF()
        self._geometry: LadderGeometry | None = None
        self._lines: tuple[RungLine, ...] = ()
        self._line_rights: list[float] = []
        self._pieces: tuple[LadderPiece, ...] = ()
        self._totals: tuple[Total, ...] = ()
        self._totals_x = 0.0
        self._waiting = False  # the figures drawn are an older analysis's

    @property
    def pieces(self) -> tuple[LadderPiece, ...]:
        """Its paths as last built (by the figures' worker, or here)."""
        return self._pieces

    @property
    def waiting_for_figures(self) -> bool:
        return self._waiting

    @property
    def geometry(self) -> LadderGeometry | None:
        """The ladder as last laid out (None: no critical path to follow)."""
        return self._geometry

    def rebuild(
        self, analysis: FlowAnalysis | None, top: float, right: float,
        laid_out: LaidOutLadder | None = None,
    ) -> None:
        """The ladder of `analysis` ending at `right`; `laid_out`: as a worker already laid it
        out, and built its paths, for this analysis and right (at 5,000 elements 80-130 ms
        saved on the GUI thread), else it is laid out here."""
        self.prepareGeometryChange()
        self._lines, self._totals, self._pieces, self._line_rights = (), (), (), []
        self._geometry = None
        self._waiting = False
        self.setPos(0, top)
        scene = self._map_scene
        document = scene.document

        def on_canvas(element_id: str) -> Element | None:  # the element, if the scene shows it
            item = scene.element_item(element_id)
            return item.element if item is not None else None

        def connection_of(connection_id: str) -> Connection | None:
            if document.has_connection(connection_id):
                return document.connection(connection_id)
            return None

        if analysis is not None and laid_out is not None:
            geometry, pieces = laid_out.geometry, laid_out.pieces
        else:
            rungs = rungs_along(analysis, on_canvas, connection_of) if analysis else []
            if analysis is None or not rungs:
                self._rect = QRectF()
                self.update()
                return
            geometry = ladder_geometry(
                rungs, analysis, document.calendar, right=right, min_pitch=MIN_PITCH
            )
            pieces = ladder_pieces(geometry)
        self._geometry = geometry
        self._lines, self._totals = geometry.lines, geometry.totals
        self._pieces = pieces
        self._line_rights = [line.right for line in self._lines]
        self._totals_x = max(geometry.right + 30, right - 10)
        self._rect = QRectF(0, 0, self._totals_x + TOTALS_WIDTH, LADDER_HEIGHT)
        self.update()

    def set_top(self, top: float) -> None:
        """Under the lanes where they end now; the rungs stay as they were laid out."""
        if self.y() != top:
            self.setPos(0, top)

    def wait_for_figures(self) -> None:
        """The map changed: until the ladder is rebuilt with the new analysis, what it shows
        is greyed and says the figures are being worked out (laying it out again now with
        the old analysis took 50-100 ms of every edit on a 5,000-element map)."""
        if not self._waiting and not self._rect.isNull():
            self._waiting = True
            self.update()

    @staticmethod
    def _y(is_wait: bool) -> float:
        return WAIT_LEVEL if is_wait else PROCESS_LEVEL

    def lines_in(self, rect: QRectF) -> list[RungLine]:
        """The rungs that reach into rect horizontally (they run left to right, never overlap)."""
        first = bisect.bisect_left(self._line_rights, rect.left())
        shown = []
        for line in self._lines[first:]:
            if line.left > rect.right():
                break
            shown.append(line)
        return shown

    def pieces_in(self, rect: QRectF) -> list[LadderPiece]:
        """The pieces whose rungs or risers reach into rect horizontally (with their pens)."""
        left, right = rect.left() - PEN_ROOM, rect.right() + PEN_ROOM
        return [piece for piece in self._pieces if piece.right >= left and piece.left <= right]

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isNull():
            return
        style = self._map_scene.canvas_style
        if self._waiting:
            painter.setOpacity(WAITING_OPACITY)
        painter.setPen(style.ladder_frame_pen)
        painter.setBrush(style.ladder_brush)
        painter.drawRoundedRect(self._rect, 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        exposed = option.exposedRect if option is not None else self._rect
        shown = self.pieces_in(exposed)
        for index, pen in enumerate(PENS):
            painter.setPen(getattr(style, pen))
            for piece in shown:
                painter.drawPath(piece.paths[index])
        x = self._totals_x
        painter.setPen(style.ladder_frame_pen)
        painter.drawLine(
            QPointF(x - 12, self._rect.top() + 10), QPointF(x - 12, self._rect.bottom() - 10)
        )
        level = level_of_detail(painter)
        if level < NAME_DETAIL or not style.legible(style.ladder_font, level):
            return  # figures would be a pixel high (or, presenting, too small for the room)
        painter.setPen(style.muted_text_pen)
        painter.setFont(style.lane_font)
        painter.drawText(
            QRectF(14, self._rect.top(), LANE_TITLE_WIDTH - 14, self._rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            WAITING_TITLE if self._waiting else TITLE,
        )
        painter.setFont(style.ladder_font)
        top = self._rect.top()
        for line in self.lines_in(exposed):
            if line.label:
                is_wait = line.is_wait
                painter.setPen(style.ladder_wait_text if is_wait else style.ladder_process_text)
                y = self._y(is_wait) + (-16 if is_wait else 4)
                painter.drawText(
                    QRectF(line.left, y, line.width, 14), Qt.AlignmentFlag.AlignCenter, line.label
                )
        if exposed.right() < x:
            return
        inks = {
            "lead": style.text_pen,
            "wait": style.ladder_wait_text,
            "process": style.ladder_process_text,
        }
        row_height = (self._rect.height() - 16) / max(1, len(self._totals))
        for index, total in enumerate(self._totals):
            row = QRectF(x, top + 8 + index * row_height, TOTALS_WIDTH - 20, row_height)
            painter.setPen(style.muted_text_pen)
            painter.setFont(style.ladder_font)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, total.label
            )
            painter.setPen(inks[total.tone])
            painter.setFont(style.ladder_total_font)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, total.value
            )
