"""How predictable the lead time is, in the metrics panel: "85 % of requests within …" over a
small histogram of the simulated lead times, with P50 and P85 marked.

Shown only when the map has ranges. The simulation (analysis/monte_carlo.py) runs on a worker
thread: the panel shows the last result until the new one arrives, and a result that was
overtaken by a newer edit is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from .. import theme
from ..analysis.definitions import definition, label
from ..model import ValueStreamMap, WorkCalendar, format_duration
from .background import emit_from_worker
from .plain_text import plain_label, titled_tooltip

if TYPE_CHECKING:  # the simulation (and numpy) is imported on the worker, not at start
    from ..analysis.monte_carlo import LeadTimeDistribution

log = logging.getLogger(__name__)

TOP_ROWS = 10  # as many what-if rows as the panel shows (whatif_panel.TOP_ROWS)
LARGE_MAP = 1_000  # elements; above it the P85 column covers fewer rows
LARGE_MAP_ROWS = 3


class LeadTimeHistogram(QWidget):
    """Bars of how many runs ended in each lead-time bin, with P50 and P85 as lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadTimeHistogram")
        self._distribution: LeadTimeDistribution | None = None
        self._calendar = WorkCalendar()
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(240, 84)

    def set_distribution(self, distribution: LeadTimeDistribution, calendar: WorkCalendar) -> None:
        self._distribution, self._calendar = distribution, calendar
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        distribution = self._distribution
        if distribution is None or not any(distribution.bin_counts):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.isEnabled():  # greyed with the card while newer figures are worked out
            painter.setOpacity(0.35)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.85))
        painter.setFont(font)
        label_height = painter.fontMetrics().height() + 2
        plot = QRectF(self.rect()).adjusted(2, label_height, -2, -label_height)
        edges, counts = distribution.bin_edges, distribution.bin_counts
        low, high = edges[0], edges[-1]
        span = (high - low) or 1.0
        tallest = max(counts)

        def x_of(hours: float) -> float:
            return plot.left() + (hours - low) / span * plot.width()

        bar_width = plot.width() / len(counts)
        painter.setPen(Qt.PenStyle.NoPen)
        for index, count in enumerate(counts):
            if not count:
                continue
            height = count / tallest * plot.height()
            beyond = edges[index] >= distribution.p85
            painter.setBrush(QColor(theme.LADDER_WAIT if beyond else theme.SELECTION))
            painter.drawRect(QRectF(plot.left() + index * bar_width + 0.5,
                                    plot.bottom() - height, max(1.0, bar_width - 1.0), height))
        painter.setPen(QPen(QColor(theme.INK_MUTED), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

        metrics = painter.fontMetrics()
        for hours, name, left_of_line in ((distribution.p50, "P50", True),
                                          (distribution.p85, "P85", False)):
            x = x_of(hours)
            painter.setPen(QPen(QColor(theme.INK), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            # P50 reads to the left of its line and P85 to the right, so they never overlap.
            text = f"{name} {format_duration(hours, self._calendar)}"
            width = metrics.horizontalAdvance(text)
            left = x - width - 3 if left_of_line else x + 3
            left = min(max(left, 0.0), self.width() - width)
            painter.setPen(QColor(theme.INK))
            painter.drawText(QPointF(left, plot.top() - 3), text)
        painter.setPen(QColor(theme.INK_MUTED))
        painter.drawText(QPointF(0, self.height() - 3), format_duration(low, self._calendar))
        end_text = format_duration(high, self._calendar)
        painter.drawText(
            QPointF(self.width() - metrics.horizontalAdvance(end_text), self.height() - 3),
            end_text,
        )
        painter.end()


class LeadTimeSpreadView(QFrame):
    """The P85 sentence, P50 and P95 beside it, and the histogram; hidden without ranges."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.distribution: LeadTimeDistribution | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.setSpacing(2)
        self.caption = plain_label("85 % OF REQUESTS WITHIN")
        self.caption.setObjectName("figureCaption")
        self.headline = plain_label("")
        self.headline.setObjectName("figureValue")
        self.detail = plain_label("")
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)
        self.histogram = LeadTimeHistogram()
        for widget in (self.caption, self.headline, self.detail, self.histogram):
            layout.addWidget(widget)
        self.setToolTip(titled_tooltip(
            label("lead_time_percentiles"), definition("lead_time_percentiles")
        ))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_distribution(
        self, distribution: LeadTimeDistribution | None, calendar: WorkCalendar
    ) -> None:
        self.distribution = distribution
        if distribution is None:
            self.hide()
            return
        self.headline.setText(format_duration(distribution.p85, calendar))
        self.detail.setText(
            f"half within {format_duration(distribution.p50, calendar)} · 95 % within "
            f"{format_duration(distribution.p95, calendar)}"
        )
        self.histogram.set_distribution(distribution, calendar)
        self.histogram.setToolTip(
            f"Lead times of {distribution.runs:,} simulated requests, from the shortest to the "
            "longest 1 % (gathered in the last bar); red: beyond P85."
        )
        self.show()

    def sentence(self) -> str:
        """What the card says, as one line (tests and screen readers)."""
        return f"85 % of requests within {self.headline.text()}" if self.distribution else ""


# The what-if P85 effects need one simulation per change: fewer runs than the figure itself,
# which common random numbers allow (every scenario shares all other draws).
WHATIF_RUNS = 10_000


@dataclass(frozen=True)
class SpreadResult:
    distribution: LeadTimeDistribution
    # (element id, change) -> hours the change takes off P85, for the top what-if rows
    p85_effects: dict[tuple[str, str], float] = field(default_factory=dict)


class _JobSignals(QObject):
    finished = Signal(int, object)  # generation, SpreadResult or None
    failed = Signal(int, str)


class _SimulationJob(QRunnable):
    """One simulation of a snapshot of the map, and the P85 effect of the top what-ifs, off
    the GUI thread."""

    def __init__(
        self, generation: int, snapshot: ValueStreamMap, automated_share: float,
        signals: _JobSignals,
    ) -> None:
        super().__init__()
        self.generation, self.snapshot, self.signals = generation, snapshot, signals
        self.automated_share = automated_share

    def run(self) -> None:
        try:
            result = self._simulate()
        except Exception as error:  # noqa: BLE001 - a failed simulation must not crash the app
            log.exception("the lead-time simulation failed")
            emit_from_worker(self.signals.failed, self.generation, str(error))
        else:
            emit_from_worker(self.signals.finished, self.generation, result)

    def _simulate(self) -> SpreadResult | None:
        from ..analysis.monte_carlo import distribution_if_ranged, p85_effects
        from ..analysis.whatif import rank_what_ifs

        distribution = distribution_if_ranged(self.snapshot)
        if distribution is None:
            return None
        ranking = rank_what_ifs(self.snapshot, self.automated_share)
        if len(self.snapshot.elements) > LARGE_MAP:
            # One simulation per change costs about a second here: the best change of the first
            # rows only, so the worker does not keep a laptop's cores busy after every edit.
            changes = [(row.element_id, row.best_change) for row in ranking[:LARGE_MAP_ROWS]]
        else:
            changes = [(row.element_id, change) for row in ranking[:TOP_ROWS]
                       for change in row.gains]
        effects = p85_effects(
            self.snapshot, changes, self.automated_share, runs=min(WHATIF_RUNS, distribution.runs)
        )
        return SpreadResult(distribution, effects)


class DistributionRunner(QObject):
    """Runs the simulation for the newest snapshot; at most one job at a time, and while one runs
    only the latest request waits (edits in a burst cost one more run, not one each)."""

    ready = Signal(object)  # SpreadResult, or None when the map has no range

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _JobSignals()
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._running = False
        self._waiting: ValueStreamMap | None = None
        self._share = 0.1
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    @property
    def busy(self) -> bool:
        """A simulation runs (or waits for the running one) whose result has not shown yet."""
        return self._running

    def submit(self, snapshot: ValueStreamMap, automated_share: float = 0.1) -> None:
        self._generation += 1
        self._share = automated_share
        if self._running:
            self._waiting = snapshot
            return
        self._start(snapshot)

    def submit_nothing(self) -> None:
        """The map has no range: overtake any running job and report None at once."""
        self._generation += 1
        self._waiting = None
        self.ready.emit(None)

    def _start(self, snapshot: ValueStreamMap) -> None:
        self._running = True
        self._pool.start(
            _SimulationJob(self._generation, snapshot, self._share, self._signals)
        )

    def _finished(self, generation: int, distribution) -> None:
        self._running = False
        if self._waiting is not None:
            snapshot, self._waiting = self._waiting, None
            self._start(snapshot)
            return
        if generation == self._generation:
            self.ready.emit(distribution)

    def _failed(self, generation: int, message: str) -> None:
        self._finished(generation, None)

    def wait_for_idle(self, milliseconds: int = 30_000) -> bool:
        """For shutdown and tests: wait until no simulation runs."""
        return self._pool.waitForDone(milliseconds)
