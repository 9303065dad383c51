"""Sizes, pens, brushes and fonts of the canvas, made once and shared by every item.

Colours come from vsm_desktop.theme (shared with the PDF). Items never build a QPen inside
paint(); they read them from the one CanvasStyle the scene owns. Presentation mode swaps in a
style with larger text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen

from vsm_desktop import theme
from vsm_desktop.model import ElementKind, layout

GRID_SIZE = 20.0
FIRST_ELEMENT_X = layout.FIRST_COLUMN_X
STEP_SPACING = layout.COLUMN_PITCH  # centre to centre of consecutive steps
HANDLE_RADIUS = 6.0
LADDER_GAP = 48.0  # between the last lane and the lead-time ladder
LADDER_HEIGHT = 96.0

# Shape sizes come from the layout, so what auto layout plans is what the canvas draws.
ELEMENT_SIZES: dict[ElementKind, tuple[float, float]] = layout.ELEMENT_SIZE
STEP_NAME_HEIGHT = 64.0
STEP_DATA_HEIGHT = ELEMENT_SIZES[ElementKind.STEP][1] - STEP_NAME_HEIGHT


REFERENCE_PX = 100  # text is measured once at this size and scaled to fit


def element_rect(kind: ElementKind) -> QRectF:
    """The element's full extent, centred on its position."""
    width, height = ELEMENT_SIZES[kind]
    return QRectF(-width / 2, -height / 2, width, height)


def _color(hex_code: str, alpha: int = 255) -> QColor:
    color = QColor(hex_code)
    color.setAlpha(alpha)
    return color


def _pen(hex_code: str, width: float, style=Qt.PenStyle.SolidLine, alpha: int = 255) -> QPen:
    pen = QPen(_color(hex_code, alpha), width, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _font(pixel_size: float, bold: bool = False) -> QFont:
    """Fonts sized in scene units (pixels), so text measures the same on screen, in a PNG at
    any dpi and in SVG; point sizes would grow with the output device's resolution."""
    font = QFont(theme.UI_FONT_FAMILY)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    return font


@dataclass
class CanvasStyle:
    """Every drawing resource of the canvas; ``scale`` enlarges text for presentations.

    ``min_text_px`` is the smallest text allowed on screen (presentation mode: 11 px, read
    from the back of a room); text that would come out smaller is left out, and boxes too small
    for their data rows show their name and wait in large type instead (see summary_font).
    ``summary_px`` is how high that large type aims to be on screen.
    """

    scale: float = 1.0
    min_text_px: float = 4.0  # editing: no specks of text; a presentation sets 11
    summary_px: float = 10.0

    def __post_init__(self) -> None:
        s = self.scale
        self._summary_fonts: dict[int, QFont] = {}
        self._label_widths: dict[str, float] = {}  # arrow labels repeat ("2 h · Ticket")
        self._reference_metrics = QFontMetricsF(_font(REFERENCE_PX, bold=True))
        self.name_font = _font(12 * s, bold=True)
        # The data box has fixed cells, so its figures grow less than names in presentations.
        data_scale = min(s, 1.1)
        self.data_label_font = _font(9 * data_scale)
        self.data_value_font = _font(11 * data_scale, bold=True)
        self.small_font = _font(10 * s)
        self.idea_font = _font(9 * s)
        self.tag_font = _font(9 * s, bold=True)
        self.lane_font = _font(13 * s, bold=True)
        self.lane_count_font = _font(10 * s)
        self.ladder_font = _font(10 * s)
        self.ladder_total_font = _font(12 * s, bold=True)
        self.queue_letter_font = _font(20, bold=True)
        names = ("name", "data_label", "data_value", "small", "idea", "tag", "lane", "ladder")
        for name in names:
            setattr(self, f"{name}_metrics", QFontMetricsF(getattr(self, f"{name}_font")))

        self.ink = _color(theme.INK)
        self.ink_muted = _color(theme.INK_MUTED)
        self.no_pen = QPen(Qt.PenStyle.NoPen)
        self.text_pen = QPen(self.ink)
        self.muted_text_pen = QPen(self.ink_muted)
        self.white_text_pen = QPen(QColor("#FFFFFF"))

        self.kind_fill = {kind: QBrush(_color(code)) for kind, code in theme.KIND_FILL.items()}
        self.kind_border = {kind: _pen(code, 1.6) for kind, code in theme.KIND_BORDER.items()}
        self.approval_border = _pen(theme.KIND_BORDER[ElementKind.APPROVAL], 2.4)
        self.approval_marker_brush = QBrush(_color(theme.KIND_BORDER[ElementKind.APPROVAL]))
        self.data_fill = QBrush(_color(theme.DATA_BOX_FILL))
        self.divider_pen = _pen(theme.LANE_BORDER, 1.0)
        self.shadow_brush = QBrush(_color("#1F2933", 28))
        self.wait_shades = [QBrush(_color(code)) for code in theme.WAIT_SHADES]

        self.selection_pen = _pen(theme.SELECTION, 2.0)
        self.selection_fill = QBrush(_color(theme.SELECTION, 22))
        self.hover_pen = _pen(theme.SELECTION, 1.2, alpha=140)
        self.handle_pen = _pen(theme.SELECTION, 1.5)
        self.handle_brush = QBrush(QColor("#FFFFFF"))
        self.handle_hot_brush = QBrush(_color(theme.SELECTION))
        self.critical_pen = _pen(theme.CRITICAL_PATH, 3.0)
        self.slack_brush = QBrush(_color("#E6EAF0"))
        self.slack_pen = _pen(theme.LANE_BORDER, 1.0)
        self.constraint_brush = QBrush(_color(theme.CRITICAL_PATH))
        self.warning_brush = QBrush(_color(theme.KIND_BORDER[ElementKind.APPROVAL]))
        self.problem_brush = QBrush(_color(theme.CRITICAL_PATH))
        self.badge_pen = _pen("#FFFFFF", 1.5)

        self.flow_pen = _pen(theme.FLOW_ARROW, 1.6)
        self.flow_brush = QBrush(_color(theme.FLOW_ARROW))
        self.critical_arrow_pen = _pen(theme.CRITICAL_PATH, 2.8)
        self.critical_arrow_brush = QBrush(_color(theme.CRITICAL_PATH))
        self.rework_pen = _pen(theme.REWORK_ARROW, 1.8)
        self.rework_brush = QBrush(_color(theme.REWORK_ARROW))
        self.information_pen = _pen(theme.INFORMATION_ARROW, 1.4, Qt.PenStyle.DashLine)
        self.information_brush = QBrush(_color(theme.INFORMATION_ARROW))
        self.information_head_pen = _pen(theme.INFORMATION_ARROW, 1.4)
        self.selected_arrow_pen = _pen(theme.SELECTION, 2.6)
        self.selected_arrow_brush = QBrush(_color(theme.SELECTION))
        self.preview_pen = _pen(theme.SELECTION, 1.6, Qt.PenStyle.DashLine)
        self.label_brush = QBrush(QColor("#FFFFFF"))
        self.rework_text_pen = QPen(_color(theme.REWORK_ARROW))
        self.label_pen = _pen(theme.LANE_BORDER, 1.0)
        self.cross_team_pen = _pen(theme.SELECTION, 1.0, alpha=150)
        self.kaizen_link_pen = _pen(theme.KIND_BORDER[ElementKind.KAIZEN], 1.4, Qt.PenStyle.DotLine)

        self.lane_fills = [
            QBrush(_color(theme.LANE_FILL_EVEN)),
            QBrush(_color(theme.LANE_FILL_ODD)),
        ]
        self.lane_header_brush = QBrush(_color(theme.LANE_HEADER_FILL))
        self.lane_border_pen = _pen(theme.LANE_BORDER, 1.0)
        self.lane_drop_pen = _pen(theme.SELECTION, 3.0)

        self.ladder_wait_pen = _pen(theme.LADDER_WAIT, 2.0)
        self.ladder_process_pen = _pen(theme.LADDER_PROCESS, 2.0)
        self.ladder_frame_pen = _pen(theme.LANE_BORDER, 1.0)
        self.ladder_brush = QBrush(QColor("#FFFFFF"))
        self.ladder_wait_text = QPen(_color(theme.LADDER_WAIT))
        self.ladder_process_text = QPen(_color(theme.LADDER_PROCESS))

        self.editor_brush = QBrush(QColor("#FFFFFF"))

    def summary_font(self, level: float, largest_px: float) -> QFont | None:
        """The large type of a zoomed-out box: summary_px high on screen at this zoom, but no
        larger than largest_px in the scene (what the box has room for); None when even that
        would come out under min_text_px on screen."""
        scene_px = min(largest_px, max(self.name_font.pixelSize(), self.summary_px / level))
        if scene_px * level < self.min_text_px:
            return None
        size = round(scene_px)
        font = self._summary_fonts.get(size)
        if font is None:
            font = self._summary_fonts[size] = _font(size, bold=True)
        return font

    def label_width(self, text: str) -> float:
        """The width of an arrow label in the small font, measured once per text."""
        width = self._label_widths.get(text)
        if width is None:
            width = self._label_widths[text] = self.small_metrics.horizontalAdvance(text)
        return width

    def largest_px_fitting(self, text: str, width: float) -> float:
        """The largest bold type (scene px) in which text's longest word fits width."""
        metrics = self._reference_metrics
        longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0.0)
        return REFERENCE_PX * width / longest if longest else float("inf")

    def legible(self, font: QFont, level: float) -> bool:
        """Whether text in font comes out at least min_text_px high on screen at this zoom."""
        return font.pixelSize() * level >= self.min_text_px

    def wait_shade(self, wait_hours: float, largest_wait_hours: float) -> QBrush:
        shade = theme.wait_shade(wait_hours, largest_wait_hours)
        return self.wait_shades[theme.WAIT_SHADES.index(shade)]

    @staticmethod
    def wait_shade_is_dark(wait_hours: float, largest_wait_hours: float) -> bool:
        """The two deepest shades need white text on them."""
        shade = theme.wait_shade(wait_hours, largest_wait_hours)
        return theme.WAIT_SHADES.index(shade) >= len(theme.WAIT_SHADES) - 2


def wrap_text(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Word-wrap text into at most max_lines lines, eliding the last one if it overflows."""
    words = text.split()
    if not words:
        return []
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            current = " ".join([lines.pop(), *words[index:]])
            break
    lines.append(current)
    lines = lines[:max_lines]
    last = lines[-1]
    if metrics.horizontalAdvance(last) > width:
        lines[-1] = metrics.elidedText(last, Qt.TextElideMode.ElideRight, width)
    return lines
