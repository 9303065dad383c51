import pytest

from vsm_desktop.analysis.improvement_plan import plan_outcome
from vsm_desktop.model import Element, ElementKind, KaizenStatus

from .maps import MapBuilder


def plan_map(*ideas):
    # Start -> Review (wait 40, work 2) -> Build (work 8, wait 4) -> End, and a parallel
    # Security check (work 20) from Review to End.
    b = MapBuilder()
    b.add("Start", "start").add("Review", "approval", pt=2, wait=40, pca=80)
    b.add("Build", pt=8, wait=4, pca=90).add("Security", pt=20).add("End", "end")
    b.flow("Start", "Review", "Build", "End")
    b.flow("Review", "Security", "End")
    for name, target, status, fields in ideas:
        b.elements[name] = Element(kind=ElementKind.KAIZEN, name=name, status=status,
                                   target_id=b.id(target), owner="Ana", **fields)
    return b.build()


def test_planned_ideas_land_and_the_parallel_branch_limits_the_gain():
    outcome = plan_outcome(plan_map(
        ("Async review", "Review", KaizenStatus.PLANNED, {"expected_wait_time": 8.0}),
        ("Faster build", "Build", KaizenStatus.IN_PROGRESS,
         {"expected_process_time": 2.0, "expected_pca": 99.0}),
        ("Dream", "Review", KaizenStatus.IDEA, {"expected_wait_time": 0.0}),
    ))
    # Now: 42 + max(12, 20) = 62. Planned: 10 + max(6, 20) = 30 (security sets the pace).
    assert outcome.lead_time_now == pytest.approx(62)
    assert outcome.lead_time_planned == pytest.approx(30)
    assert outcome.gain == pytest.approx(32)
    assert outcome.rolled_pca_planned == pytest.approx(0.8 * 0.99)
    alone = {idea.name: idea.lead_time_alone for idea in outcome.ideas}
    # Alone, the review idea gives 10 + 20 = 30; the build idea alone changes nothing.
    assert alone == {"Async review": pytest.approx(30), "Faster build": pytest.approx(62)}
    assert [idea.name for idea in outcome.ideas] == ["Async review", "Faster build"]
    assert outcome.ideas[0].changes == {"wait_time": (40.0, 8.0)}


def test_ideas_not_planned_or_without_an_effect_are_left_out():
    document = plan_map(
        ("Dream", "Review", KaizenStatus.IDEA, {"expected_wait_time": 0.0}),
        ("Vague", "Review", KaizenStatus.PLANNED, {}),
        ("Already true", "Build", KaizenStatus.DONE, {"expected_wait_time": 4.0}),
    )
    outcome = plan_outcome(document)
    assert outcome.ideas == ()
    assert outcome.lead_time_planned == outcome.lead_time_now
    assert len(outcome.unplanned_or_without_effect) == 3
