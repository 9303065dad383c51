"""Every modal question the GUI asks goes through one object, so tests can script the answers.

Code calls ``dialogs.error(...)``, ``dialogs.ask_save_changes(...)`` and so on through the module
attribute (``from vsm_desktop.ui import dialogs as dialogs_module; dialogs_module.dialogs``) and
tests replace that attribute with a fake that records the questions and returns scripted answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .button_boxes import ok_cancel_buttons
from .plain_text import (
    mnemonic_text,
    plain_label,
    plain_message_box,
    set_plain,
    window_title_text,
)
from .settings import AUTOSAVE_RANGE_SECONDS, PAGE_SIZES, Preferences

SaveAnswer = Literal["save", "discard", "cancel"]
ConflictAnswer = Literal["overwrite", "save_as", "merge", "cancel"]
VSM_FILTER = "Value stream maps (*.vsm)"


def lane_choice(lane: Any) -> tuple[str, str]:
    """(id, name) of a lane given as a Lane, a LaneBand-like object or an (id, name) pair."""
    if isinstance(lane, tuple | list):
        return str(lane[0]), str(lane[1])
    return str(lane.id), str(lane.name)


class Dialogs:
    """The real, modal Qt dialogs."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        plain_message_box(parent, QMessageBox.Icon.Critical, title, text).exec()

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        plain_message_box(parent, QMessageBox.Icon.Warning, title, text).exec()

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        plain_message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def ask_save_changes(self, parent: QWidget | None, name: str) -> SaveAnswer:
        box = save_changes_box(parent, name)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def ask_save_conflict(self, parent: QWidget | None, file_name: str) -> ConflictAnswer:
        """The file changed on disk since it was opened: "overwrite", "save_as", "merge" (take
        the changes on disk into the open map first: window.travel.merge_returned_copy) or
        "cancel"."""
        box, buttons = save_conflict_box(parent, file_name)
        box.exec()
        return next(
            (answer for answer, button in buttons.items() if box.clickedButton() is button),
            "cancel",
        )

    def ask_open_path(
        self, parent: QWidget | None, directory: str, file_filter: str = VSM_FILTER
    ) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open", directory, file_filter)
        return path or None

    def ask_save_path(
        self, parent: QWidget | None, directory: str, file_filter: str = VSM_FILTER
    ) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save as", directory, file_filter)
        return path or None

    def ask_lane_removal(
        self,
        parent: QWidget | None,
        lane_name: str,
        element_count: int,
        other_lanes: Sequence[Any],
    ) -> tuple[str, str | None] | None:
        """("move", lane_id) or ("delete", None), or None when the user cancels."""
        dialog = LaneRemovalDialog(parent, lane_name, element_count, other_lanes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        dialog = text_input_dialog(parent, title, label, text)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def ask_confirm(
        self, parent: QWidget | None, title: str, text: str, confirm_label: str
    ) -> bool:
        """A yes/no question about something that cannot be undone; Cancel is the default."""
        box = plain_message_box(parent, QMessageBox.Icon.Warning, title, title, text)
        confirm = box.addButton(
            mnemonic_text(confirm_label), QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is confirm

    def ask_report_options(
        self, parent: QWidget | None, page_size: str, landscape: bool
    ) -> tuple[str, bool] | None:
        """(page size, landscape) for the PDF report, or None when the user cancels."""
        dialog = ReportOptionsDialog(parent, page_size, landscape)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def ask_preferences(self, parent: QWidget | None, current: Preferences) -> Preferences | None:
        """The edited preferences, or None when the user cancels."""
        dialog = PreferencesDialog(parent, current)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def ask_recovery(self, parent: QWidget | None, recovered: Sequence[Any]) -> list[str] | None:
        """For each recovered map "restore", "discard" or "later"; None if closed unanswered."""
        from .recovery_dialog import ask_recovery_choices

        return ask_recovery_choices(parent, recovered)

    def ask_merge(self, parent: QWidget | None, outcome: Any, source_name: str,
                  base_note: str) -> dict[tuple, str] | None:
        """The side ("mine" or "theirs") for every conflict of a merge, or None to cancel."""
        from .merge_dialog import ask_merge_choices

        return ask_merge_choices(parent, outcome, source_name, base_note)

    def show_crash(self, parent: QWidget | None, message: str, details: str) -> None:
        """An unexpected error: what happened, that the work is safe, the report to copy."""
        from .crash_dialog import show_crash_dialog

        show_crash_dialog(parent, message, details)


def save_changes_box(parent: QWidget | None, name: str) -> QMessageBox:
    """Save, Don't Save or Cancel before closing a map; the name is shown literally."""
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Warning,
        "Unsaved changes",
        f"Save the changes to “{name}” before closing it?",
        "Your changes are lost if you don't save them.",
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return box


def save_conflict_box(
    parent: QWidget | None, file_name: str
) -> tuple[QMessageBox, dict[str, QAbstractButton]]:
    """The question asked when the file on disk changed since it was opened (another app, a
    sync folder, a colleague on a share). Returns the box and its buttons by answer, so another
    answer (a merge) can be added here as one more button. Cancel is the default: nothing is
    written unless the user says so."""
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Warning,
        "File changed on disk",
        f"“{file_name}” was changed by someone or something else since you opened it.",
        "Merge… shows their changes and yours, takes both and lets you choose where both "
        "changed. Overwrite replaces those changes with yours (the version on disk is kept as "
        "a .bak when backups are on). Save As keeps both.",
    )
    buttons: dict[str, QAbstractButton] = {
        "merge": box.addButton("Merge…", QMessageBox.ButtonRole.ActionRole),
        "overwrite": box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole),
        "save_as": box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole),
        "cancel": box.addButton(QMessageBox.StandardButton.Cancel),
    }
    box.setDefaultButton(buttons["cancel"])
    return box, buttons


def text_input_dialog(parent: QWidget | None, title: str, label: str, text: str) -> QInputDialog:
    """A one-line question whose prompt (it may quote a name) is shown literally."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(window_title_text(title))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setLabelText(" ")  # makes the prompt's label, to switch it to plain text first
    for child in dialog.findChildren(QLabel):
        set_plain(child)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    return dialog


class LaneRemovalDialog(QDialog):
    """Asks what happens to the elements of a lane being removed: move them, or delete them."""

    def __init__(
        self,
        parent: QWidget | None,
        lane_name: str,
        element_count: int,
        other_lanes: Sequence[Any],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove lane")
        self._lanes = [lane_choice(lane) for lane in other_lanes]
        layout = QVBoxLayout(self)
        noun = "element" if element_count == 1 else "elements"
        layout.addWidget(plain_label(f"Lane “{lane_name}” holds {element_count} {noun}."))
        self._move = QRadioButton("Move them to lane:")
        self._delete = QRadioButton(f"Delete the {noun} with the lane")
        self._target = QComboBox()
        for lane_id, name in self._lanes:
            self._target.addItem(name, lane_id)
        group = QButtonGroup(self)
        group.addButton(self._move)
        group.addButton(self._delete)
        layout.addWidget(self._move)
        layout.addWidget(self._target)
        layout.addWidget(self._delete)
        if self._lanes:
            self._move.setChecked(True)
        else:
            self._move.setEnabled(False)
            self._target.setEnabled(False)
            self._delete.setChecked(True)
        self._move.toggled.connect(self._target.setEnabled)
        layout.addWidget(ok_cancel_buttons(self, "Remove lane"))

    def answer(self) -> tuple[str, str | None]:
        if self._move.isChecked() and self._lanes:
            return "move", self._target.currentData()
        return "delete", None


class ReportOptionsDialog(QDialog):
    """Paper for the PDF report: page size and orientation, before choosing where to save."""

    PAGE_SIZES = PAGE_SIZES

    def __init__(self, parent: QWidget | None, page_size: str, landscape: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("PDF report")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Page size:"))
        self._page_size = QComboBox()
        self._page_size.addItems(self.PAGE_SIZES)
        if page_size in self.PAGE_SIZES:
            self._page_size.setCurrentText(page_size)
        layout.addWidget(self._page_size)
        layout.addWidget(QLabel("Orientation:"))
        self._landscape = QRadioButton("Landscape (the map reads largest)")
        self._portrait = QRadioButton("Portrait")
        group = QButtonGroup(self)
        group.addButton(self._landscape)
        group.addButton(self._portrait)
        (self._landscape if landscape else self._portrait).setChecked(True)
        layout.addWidget(self._landscape)
        layout.addWidget(self._portrait)
        hint = QLabel("A3 landscape prints large maps at the most comfortable size.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(ok_cancel_buttons(self, "Choose file…"))

    def answer(self) -> tuple[str, bool]:
        return self._page_size.currentText(), self._landscape.isChecked()


def _hint(text: str) -> QLabel:
    """A muted, wrapping line under a setting that says what it does."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


class PreferencesDialog(QDialog):
    """Recovery copies, saving, PDF paper and editing, in one place (Edit > Preferences…)."""

    ORIENTATIONS = (("Landscape", True), ("Portrait", False))

    def __init__(self, parent: QWidget | None, current: Preferences) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")

        self.autosave_seconds = QSpinBox()
        self.autosave_seconds.setRange(*AUTOSAVE_RANGE_SECONDS)
        self.autosave_seconds.setSingleStep(5)
        self.autosave_seconds.setSuffix(" s")
        self.autosave_seconds.setAccelerated(True)
        self.autosave_seconds.setValue(current.autosave_seconds)
        self.keep_backup = QCheckBox("Keep a backup (.bak) when saving")
        self.keep_backup.setChecked(current.keep_backup)
        saving = QGroupBox("Saving and recovery")
        saving_form = QFormLayout(saving)
        saving_form.addRow("Recovery copy after:", self.autosave_seconds)
        saving_form.addRow(
            "",
            _hint(
                "Unsaved changes are copied aside this long after the first edit, "
                "so a crash loses at most that much work (5 s to 10 min)."
            ),
        )
        saving_form.addRow(self.keep_backup)
        saving_form.addRow(
            _hint("Saving over a map keeps its previous version beside it as name.vsm.bak.")
        )

        self.page_size = QComboBox()
        self.page_size.addItems(PAGE_SIZES)
        self.page_size.setCurrentText(current.page_size)
        self.orientation = QComboBox()
        for text, landscape in self.ORIENTATIONS:
            self.orientation.addItem(text, landscape)
        self.orientation.setCurrentIndex(0 if current.landscape else 1)
        report = QGroupBox("PDF report")
        report_form = QFormLayout(report)
        report_form.addRow("Page size:", self.page_size)
        report_form.addRow("Orientation:", self.orientation)
        report_form.addRow("", _hint("The paper offered first when exporting a report."))

        self.snap_to_grid = QCheckBox("Snap moved elements to the 20 px grid")
        self.snap_to_grid.setChecked(current.snap_to_grid)
        editing = QGroupBox("Editing")
        editing_form = QFormLayout(editing)
        editing_form.addRow(self.snap_to_grid)

        forms = (saving_form, report_form, editing_form)
        labels = [
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            for form in forms
            for row in range(form.rowCount())
            if form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None
        ]
        label_width = max(label.sizeHint().width() for label in labels)
        for label in labels:  # the fields of every group start in one column
            label.setMinimumWidth(label_width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for form in forms:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        for group in (saving, report, editing):
            layout.addWidget(group)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def answer(self) -> Preferences:
        return Preferences(
            autosave_seconds=self.autosave_seconds.value(),
            keep_backup=self.keep_backup.isChecked(),
            page_size=self.page_size.currentText(),
            landscape=bool(self.orientation.currentData()),
            snap_to_grid=self.snap_to_grid.isChecked(),
        )


dialogs = Dialogs()


def current_dialogs() -> Dialogs:
    """The dialogs seam as it is now: tests replace the module's ``dialogs`` attribute."""
    return dialogs
