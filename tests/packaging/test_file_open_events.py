"""The macOS 'open this document' event reaches the app as file_open_requested(path)."""

from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtGui import QFileOpenEvent

from vsm_desktop.ui.file_open_events import FileOpenEvents


def send_file_open(qapp, event: QFileOpenEvent) -> bool:
    return QCoreApplication.sendEvent(qapp, event)


def test_open_event_after_delivery_started_emits_the_path(qapp, qtbot, tmp_path):
    events = FileOpenEvents(qapp)
    events.deliver_pending()
    path = str(tmp_path / "release train.vsm")
    try:
        with qtbot.waitSignal(events.file_open_requested, timeout=1000) as blocker:
            send_file_open(qapp, QFileOpenEvent(path))
        assert blocker.args == [path]
    finally:
        qapp.removeEventFilter(events)


def test_file_url_event_is_converted_to_a_local_path(qapp, qtbot, tmp_path):
    events = FileOpenEvents(qapp)
    events.deliver_pending()
    path = tmp_path / "onboarding.vsm"
    try:
        with qtbot.waitSignal(events.file_open_requested, timeout=1000) as blocker:
            send_file_open(qapp, QFileOpenEvent(QUrl.fromLocalFile(str(path))))
        assert blocker.args == [str(path)]
    finally:
        qapp.removeEventFilter(events)


def test_events_before_the_window_exists_are_kept_in_order(qapp, qtbot, tmp_path):
    events = FileOpenEvents(qapp)
    first, second = str(tmp_path / "a.vsm"), str(tmp_path / "b.vsm")
    received: list[str] = []
    try:
        send_file_open(qapp, QFileOpenEvent(first))
        send_file_open(qapp, QFileOpenEvent(second))
        events.file_open_requested.connect(received.append)
        assert received == []  # nothing delivered until the receiver says it is ready
        events.deliver_pending()
        assert received == [first, second]
        events.deliver_pending()  # a second call must not replay them
        assert received == [first, second]
    finally:
        qapp.removeEventFilter(events)


def test_non_file_urls_and_other_events_pass_through(qapp, qtbot):
    events = FileOpenEvents(qapp)
    events.deliver_pending()
    received: list[str] = []
    events.file_open_requested.connect(received.append)
    try:
        send_file_open(qapp, QFileOpenEvent(QUrl("https://example.org/map.vsm")))
        QCoreApplication.sendEvent(qapp, QEvent(QEvent.Type.ApplicationStateChange))
        assert received == []
    finally:
        qapp.removeEventFilter(events)


def test_only_macos_gets_the_application_wide_filter(qapp, monkeypatch):
    """Elsewhere files come on the command line; a filter would see every event for nothing."""
    from vsm_desktop.ui import app as gui

    monkeypatch.setattr(gui.sys, "platform", "linux")
    assert gui.files_sent_as_events(qapp) is None
    monkeypatch.setattr(gui.sys, "platform", "darwin")
    events = gui.files_sent_as_events(qapp)
    try:
        assert isinstance(events, FileOpenEvents)  # the filter the tests above drive
    finally:
        qapp.removeEventFilter(events)
