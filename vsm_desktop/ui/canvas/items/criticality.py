"""View > Colour by Criticality: how often each element sets the lead time when times are ranges.

A halo behind each element, deeper red the more often it is on the critical path, and a
"crit. 73 %" tag above its top edge. Two items: the halos under the elements, the tags over them.
They paint only what is exposed, and take the shares from the last simulation (analysis/
monte_carlo.py); elements that are never critical get no halo, so the eye goes to the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem

from .... import theme
from .host import CanvasHost
from .shapes import Z_ELEMENT, BoundedItem, draw_tag

_HALO = 9.0  # px around the symbol
_SHOWN_FROM = 0.005  # below half a percent an element counts as never critical


def criticality_colour(share: float) -> QColor:
    """The critical-path red, from faint (rarely critical) to full (always)."""
    colour = QColor(theme.CRITICAL_PATH)
    colour.setAlphaF(0.15 + 0.7 * max(0.0, min(1.0, share)))
    return colour


class CriticalityLayer(BoundedItem):
    """Halos (labels=False, under the elements) or tags (labels=True, over them)."""

    def __init__(self, map_scene: CanvasHost, labels: bool) -> None:
        super().__init__()
        self._map_scene = map_scene
        self._labels = labels
        self._shares: dict[str, float] = {}
        self.setZValue(Z_ELEMENT + (1 if labels else -1))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setVisible(False)

    def set_shares(self, shares: dict[str, float], bounds: QRectF) -> None:
        self._shares = {k: v for k, v in shares.items() if v >= _SHOWN_FROM}
        self.set_bounds(bounds.adjusted(-40, -40, 40, 40))
        self.update()

    @property
    def has_shares(self) -> bool:
        return bool(self._shares)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene = self._map_scene
        style = scene.canvas_style
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for element_id, share in self._shares.items():
            item = scene.element_item(element_id)
            if item is None:
                continue
            outline = item.outline_rect()
            halo = outline.adjusted(-_HALO, -_HALO, _HALO, _HALO)
            if not halo.adjusted(-40, -20, 40, 20).intersects(exposed):
                continue
            if self._labels:
                text = f"crit. {share * 100:.0f} %"
                width = style.tag_metrics.horizontalAdvance(text) + 10
                # Above the top edge at the left: clear of the slack and constraint tags that
                # straddle the edge at the right, the warning badge on the corner and the
                # names below the symbol.
                height = style.tag_metrics.height() + 2
                anchor = QPointF(outline.left() + 4 + width, outline.top() - height * 1.5 - 2)
                draw_tag(painter, style, text, anchor, criticality_colour(share),
                         style.white_text_pen if share >= 0.5 else style.text_pen)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(criticality_colour(share))
                painter.drawRoundedRect(halo, 10, 10)
