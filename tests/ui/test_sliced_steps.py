"""SlicedSteps: a generator's steps run on the GUI thread a slice at a time; a run goes once it
is done or cancelled, so the window that parents many keeps none of them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from vsm_desktop.ui.sliced_steps import SlicedSteps


def deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_finished_run_goes_and_a_late_cancel_is_harmless(qtbot):
    parent = QObject()
    ran: list[int] = []
    steps = SlicedSteps((ran.append(n) for n in range(3)), 3, parent)
    with qtbot.waitSignal(steps.done):
        steps.start()
    deferred_deletes()

    assert ran == [0, 1, 2]
    assert parent.findChildren(SlicedSteps) == []
    steps.cancel()  # as a window stopping "the build under way" after it ended
    steps.finish_now()
    assert not steps.running


def test_a_cancelled_run_stops_where_it_is_and_goes(qtbot):
    parent = QObject()
    closed: list[bool] = []

    def work():
        try:
            for _ in range(1000):
                yield
        finally:
            closed.append(True)

    steps = SlicedSteps(work(), 1000, parent)
    steps._run_until(lambda: True)  # one step, as one slice would
    steps.cancel()
    deferred_deletes()

    assert closed == [True]
    assert parent.findChildren(SlicedSteps) == []
    steps.cancel()
