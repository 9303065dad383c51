"""The merge dialog: what each side changed, in words; one choice per conflict; the figures now
and after the merge. It only collects choices; merge_controller.py applies them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import theme
from ..analysis import analyze
from ..analysis.compare import FigureChange
from ..analysis.definitions import label
from ..analysis.formatting import delta_text, figure_text, is_improvement
from ..io.merge import Change, Conflict, MergeOutcome, Side
from .button_boxes import ok_cancel_buttons
from .plain_text import mnemonic_text, plain_label, tooltip_text

# The figures shown before and after: (key, attribute of the analysis, unit).
FIGURES = (("lead_time", "lead_time", "hours"), ("wait_time", "wait_time", "hours"),
           ("flow_efficiency", "flow_efficiency", "share"))


def text_label(text: str, muted: bool = False, wrap: bool = True) -> QLabel:
    """Map text shown as it is (never rich text), muted for explanations."""
    widget = plain_label(text)
    widget.setWordWrap(wrap)
    if muted:
        widget.setStyleSheet(f"color: {theme.INK_MUTED};")
    return widget


def change_line(change: Change) -> str:
    return change.text if change.state == "Current state" else f"{change.state}: {change.text}"


class ConflictRow:
    """One conflict: what it is about, and a radio button per side."""

    def __init__(self, conflict: Conflict, labels: dict[Side, str], parent: QWidget) -> None:
        self.conflict = conflict
        self.title = text_label(conflict.title)
        self.title.setStyleSheet("font-weight: bold;")
        self.mine = QRadioButton(mnemonic_text(f"{labels['mine']}: {conflict.mine}"))
        self.theirs = QRadioButton(mnemonic_text(f"{labels['theirs']}: {conflict.theirs}"))
        for radio, side in ((self.mine, "mine"), (self.theirs, "theirs")):
            value = conflict.mine if side == "mine" else conflict.theirs
            radio.setToolTip(tooltip_text(f"{labels[side]}: {value}"))
            radio.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.group = QButtonGroup(parent)
        self.group.addButton(self.mine)
        self.group.addButton(self.theirs)

    @property
    def choice(self) -> Side | None:
        if self.mine.isChecked():
            return "mine"
        if self.theirs.isChecked():
            return "theirs"
        return None

    def choose(self, side: Side) -> None:
        (self.mine if side == "mine" else self.theirs).setChecked(True)


class MergeDialog(QDialog):
    """Lists both sides' changes, asks one question per conflict, shows the figures."""

    def __init__(self, parent: QWidget | None, outcome: MergeOutcome, source_name: str,
                 base_note: str) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge returned copy")
        self.outcome = outcome
        labels = outcome.labels
        layout = QVBoxLayout(self)
        heading = text_label(f"Merge “{source_name}” into the open map")
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(text_label(base_note, muted=True))

        sides = QHBoxLayout()
        self.change_lists: dict[Side, QListWidget] = {}
        for side in ("mine", "theirs"):
            changes = outcome.changes_of(side)
            title = "Changed here" if side == "mine" else f"Changed by {labels['theirs']}"
            box = QGroupBox(mnemonic_text(f"{title} ({len(changes)})"))
            box_layout = QVBoxLayout(box)
            listing = QListWidget()
            listing.setObjectName(f"{side}Changes")
            listing.setWordWrap(True)
            for change in changes:
                item = QListWidgetItem(change_line(change))
                item.setToolTip(tooltip_text(change_line(change)))
                listing.addItem(item)
            if not changes:
                listing.addItem(QListWidgetItem("No changes"))
                listing.setEnabled(False)
            box_layout.addWidget(listing)
            self.change_lists[side] = listing
            sides.addWidget(box)
        layout.addLayout(sides, 2)

        self.rows: list[ConflictRow] = []
        if outcome.conflicts:
            layout.addWidget(self._conflicts_box(labels), 3)
        else:
            layout.addWidget(text_label("No conflicts: every change above is taken.",
                                         muted=True))

        layout.addWidget(self._figures_box())
        self.hint = text_label("", muted=True)
        self.buttons = ok_cancel_buttons(self, "Merge")
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.buttons)
        layout.addLayout(footer)
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._update()
        self.resize(980, 640)

    def _conflicts_box(self, labels: dict[Side, str]) -> QGroupBox:
        count = len(self.outcome.conflicts)
        box = QGroupBox(f"Conflicts: choose one side for each ({count})")
        outer = QVBoxLayout(box)
        quick = QHBoxLayout()
        self.all_mine = QPushButton(mnemonic_text(f"All: {labels['mine']}"))
        self.all_theirs = QPushButton(mnemonic_text(f"All: {labels['theirs']}"))
        self.all_mine.clicked.connect(lambda: self._choose_all("mine"))
        self.all_theirs.clicked.connect(lambda: self._choose_all("theirs"))
        quick.addWidget(self.all_mine)
        quick.addWidget(self.all_theirs)
        quick.addStretch(1)
        outer.addLayout(quick)
        content = QWidget()
        grid = QGridLayout(content)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        for number, conflict in enumerate(self.outcome.conflicts):
            row = ConflictRow(conflict, labels, content)
            row.group.buttonToggled.connect(lambda *_: self._update())
            grid.addWidget(row.title, number, 0)
            grid.addWidget(row.mine, number, 1)
            grid.addWidget(row.theirs, number, 2)
            self.rows.append(row)
        grid.setRowStretch(len(self.rows), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setObjectName("conflictRows")
        outer.addWidget(scroll)
        return box

    def _figures_box(self) -> QGroupBox:
        box = QGroupBox("Current state figures")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(28)  # figures read as columns from across the table
        for column, text in enumerate(("", "Now", "After the merge", "Change")):
            header = text_label(text, muted=True, wrap=False)
            grid.addWidget(header, 0, column)
        self.before = analyze(self.outcome.mine.current)
        self.figure_cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        calendar = self.outcome.mine.current.calendar
        for row, (key, attribute, unit) in enumerate(FIGURES, start=1):
            now = text_label(figure_text(getattr(self.before, attribute), unit, calendar),
                              wrap=False)
            after, change = text_label("", wrap=False), text_label("", wrap=False)
            grid.addWidget(text_label(label(key), wrap=False), row, 0)
            grid.addWidget(now, row, 1)
            grid.addWidget(after, row, 2)
            grid.addWidget(change, row, 3)
            self.figure_cells[key] = (now, after, change)
        grid.setColumnStretch(4, 1)
        return box

    def _choose_all(self, side: Side) -> None:
        for row in self.rows:
            row.choose(side)

    def choices(self) -> dict[tuple, Side]:
        return {row.conflict.key: row.choice for row in self.rows if row.choice is not None}

    def _update(self) -> None:
        open_count = sum(1 for row in self.rows if row.choice is None)
        self.merge_button.setEnabled(open_count == 0)
        self.hint.setText("" if open_count == 0 else
                          f"Choose a side for {open_count} more conflict"
                          f"{'s' if open_count > 1 else ''}; until then the figures take "
                          "your side.")
        merged = self.outcome.resolve(self.choices()).current
        after = analyze(merged)
        calendar = merged.calendar
        for key, attribute, unit in FIGURES:
            figure = FigureChange(key, label(key), getattr(self.before, attribute),
                                  getattr(after, attribute), unit)
            _now, after_cell, change_cell = self.figure_cells[key]
            after_cell.setText(figure_text(figure.after, unit, calendar))
            change_cell.setText(delta_text(figure, calendar))
            better = is_improvement(figure)
            colour = (theme.INK_MUTED if better is None else
                      theme.CHANGE_BETTER if better else theme.CHANGE_WORSE)
            change_cell.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def answer(self) -> dict[tuple, Side]:
        return self.choices()


def ask_merge_choices(parent: QWidget | None, outcome: MergeOutcome, source_name: str,
                      base_note: str) -> dict[tuple, Side] | None:
    """The user's side for every conflict, or None when they cancel."""
    dialog = MergeDialog(parent, outcome, source_name, base_note)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()
