"""The compare window's work, split so that the window never waits long for it.

`plan_comparison` runs on a worker thread: it reads the two states (a snapshot of the shown
one and the stored map of the other, which the GUI thread no longer touches), analyses both
and compares them. The scenes are Qt objects, so the GUI thread builds them, but a slice at a
time (`SlicedSteps`, about 30 ms each): a read-only document is filled a batch of elements at
a time and its scene follows the events, as the canvas does with an edit. A side whose map is
the one already on screen keeps its scene; only its change marks are redrawn. A side whose map
differs by a few records (an edit) follows them on its scene (compare_follow.py).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

from .. import cycle_collector
from ..analysis.compare import MapComparison, compare_maps
from ..analysis.result import FlowAnalysis
from ..model import MapDocument, ValueStreamMap
from .background import JobControl
from .canvas.items.ladder import LaidOutLadder, lay_out_ladder
from .canvas.scene import MapScene
from .canvas.sketch import SketchPatches
from .compare_follow import MapChanges, map_changes

SIDES = ("current", "future")
ELEMENTS_PER_STEP = 20
CONNECTIONS_PER_STEP = 20
PLANNED_SHARE = 0.3  # of the progress bar: the worker's part; the scenes take the rest


def as_map(state: ValueStreamMap | MapDocument) -> ValueStreamMap:
    """On the worker: the shown state comes as the document's snapshot (taken in a few ms on
    the GUI thread). Its map is made here from records already checked, in Python that lets the
    GUI thread run between; validating a dump of it again (as before) held the interpreter's
    lock in one call and the window with it, a fifth of a second at 5,000 elements."""
    return state if isinstance(state, ValueStreamMap) else state.to_map()


@dataclass(frozen=True)
class SidePlan:
    value_stream_map: ValueStreamMap
    analysis: FlowAnalysis
    marks: dict[str, list[str]]  # change status -> element ids outlined on this side
    # How the side's scene comes to show the map: neither, it is the one on screen (only the
    # marks change); `changes`, it follows them from `base`, the map it shows; `rebuild`, a new
    # scene from `records`, copies of the map's records its document may change later.
    rebuild: bool
    base: ValueStreamMap | None = None
    changes: MapChanges | None = None
    ladder: LaidOutLadder | None = None  # of the followed map, for the scene's ladder_right
    records: MapDocument | None = None


@dataclass(frozen=True)
class ComparisonPlan:
    comparison: MapComparison
    sides: dict[str, SidePlan]


def plan_comparison(
    current: ValueStreamMap | MapDocument,
    future: ValueStreamMap | MapDocument,
    shown: dict[str, ValueStreamMap],
    control: JobControl,
    ladder_right: dict[str, float] | None = None,
) -> ComparisonPlan:
    """On the worker: both maps analysed and compared, and how each side's scene comes to show
    its map. `shown`: the map each side shows; `ladder_right`: where its scene's ladder ends."""
    current_map = as_map(current)
    control.check(0.05 * PLANNED_SHARE)
    future_map = as_map(future)
    control.check(0.1 * PLANNED_SHARE)
    comparison = compare_maps(current_map, future_map)
    control.check(0.9 * PLANNED_SHARE)

    def ids(status: str) -> list[str]:
        return [change.element_id for change in comparison.by_status(status)]

    marks = {"current": {"removed": ids("removed")},
             "future": {"added": ids("added"), "changed": ids("changed")}}
    maps = {"current": current_map, "future": future_map}
    analyses = {"current": comparison.current_analysis, "future": comparison.future_analysis}
    sides = {
        side: _side_plan(maps[side], analyses[side], marks[side], shown.get(side),
                         (ladder_right or {}).get(side))
        for side in SIDES
    }
    control.check(PLANNED_SHARE)
    return ComparisonPlan(comparison, sides)


def _side_plan(
    value_stream_map: ValueStreamMap,
    analysis: FlowAnalysis,
    marks: dict[str, list[str]],
    base: ValueStreamMap | None,
    ladder_right: float | None,
) -> SidePlan:
    analysis.critical_elements  # noqa: B018 - cached here, read by the scene when shown
    changes = None if base is None else map_changes(base, value_stream_map)
    if changes is None:  # a new scene: of its own copies, as a snapshot's are
        records = MapDocument.owning(value_stream_map).snapshot()
        return SidePlan(value_stream_map, analysis, marks, rebuild=True, records=records)
    if not changes.count:
        return SidePlan(value_stream_map, analysis, marks, rebuild=False)
    ladder = None
    if ladder_right is not None:
        ladder = lay_out_ladder(analysis, MapDocument.owning(value_stream_map), ladder_right)
    return SidePlan(value_stream_map, analysis, marks, rebuild=False, base=base,
                    changes=changes, ladder=ladder)


def scene_steps(plan: SidePlan) -> Generator[None, None, tuple[MapScene, SketchPatches]]:
    """Build a read-only scene of the side's map in small steps; returns the scene and its
    sketch's patches, measured as the elements came.

    Each step is a finished edit of the scene's document, which the scene measures by what it
    added. The figures come last, in steps of their own: the ladder laid out for the map's
    width, then the scene takes them (its constraint found on the whole map), as a scene
    built at once takes its analysis after its items."""
    source = plan.value_stream_map
    records = plan.records if plan.records is not None else MapDocument.owning(source).snapshot()
    document = MapDocument(source.model_copy(update={"elements": [], "connections": []}))
    document.graph  # noqa: B018 - kept up to date as the elements come: the constraint reads it
    scene = MapScene(document)
    patches = SketchPatches(scene)
    try:
        # What the steps make lives as long as the scene: it is kept out of the cycle
        # collector's sweeps (cycle_collector.py). Building both sides made about 100,000
        # objects, and the full collections they set off walked them all, 150-550 ms each,
        # two or three times per comparison built.
        elements, connections = records.elements(), records.connections()
        for start in range(0, len(elements), ELEMENTS_PER_STEP):
            batch = elements[start:start + ELEMENTS_PER_STEP]
            with cycle_collector.loading_for_good():
                document.add_elements(batch)
            patches.follow(element.id for element in batch)
            yield
        for start in range(0, len(connections), CONNECTIONS_PER_STEP):
            with cycle_collector.loading_for_good():
                document.add_connections(connections[start:start + CONNECTIONS_PER_STEP])
            yield
        ladder = lay_out_ladder(plan.analysis, document, scene.ladder_right)
        yield
        scene.set_analysis(plan.analysis, ladder)
    except GeneratorExit:  # dropped half-built: nobody is left to follow it
        scene.close()
        raise
    return scene, patches


def step_count(plan: ComparisonPlan) -> int:
    """How many steps the scenes of a plan take (for the progress bar)."""
    total = 0
    for side in plan.sides.values():
        if side.rebuild:
            source = side.value_stream_map
            total += -(-len(source.elements) // ELEMENTS_PER_STEP)
            total += -(-len(source.connections) // CONNECTIONS_PER_STEP) + 2  # and figures
        elif side.changes is not None:
            total += 1  # followed at once
        total += sum(len(ids) for ids in side.marks.values())
    return total
