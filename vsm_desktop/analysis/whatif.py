"""What-if ranking: how much lead time each element costs, and which change gains most.

For every step, approval and queue: the lead time if its wait went to zero, if it were automated
(its process time shrinks to a stated fraction), or if it were removed. Only elements on the
critical path can shorten the lead time, so the others are not recomputed: their gain is zero by
construction. A change may hand the critical path to a parallel branch, which is why each
scenario recomputes the longest path instead of subtracting.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.document import MapDocument
from ..model.elements import ElementKind
from ..model.value_stream_map import ValueStreamMap
from .flow import FlowNetwork, _parts, backward_pass, forward_pass

DEFAULT_AUTOMATED_SHARE = 0.10
_RANKED_KINDS = (ElementKind.STEP, ElementKind.APPROVAL, ElementKind.QUEUE)


@dataclass(frozen=True)
class WhatIf:
    element_id: str
    name: str
    lead_time_without_wait: float
    lead_time_automated: float | None  # None for queues: nothing to automate
    lead_time_removed: float
    baseline: float

    @property
    def gains(self) -> dict[str, float]:
        gains = {
            "no_wait": self.baseline - self.lead_time_without_wait,
            "remove": self.baseline - self.lead_time_removed,
        }
        if self.lead_time_automated is not None:
            gains["automate"] = self.baseline - self.lead_time_automated
        return gains

    @property
    def best_change(self) -> str:
        return max(self.gains, key=lambda change: self.gains[change])

    @property
    def best_gain(self) -> float:
        return max(self.gains.values())


CHANGE_LABELS = {"no_wait": "Cut the wait to zero", "automate": "Automate", "remove": "Remove"}


def rank_what_ifs(
    source: MapDocument | ValueStreamMap, automated_share: float = DEFAULT_AUTOMATED_SHARE
) -> list[WhatIf]:
    """Every step, approval and queue in the timed flow, largest possible gain first."""
    parts = _parts(source)
    network = FlowNetwork.build(parts, findings=[])
    baseline = network.lead_time()
    order, weight, delay = network.order, network.weight, network.delay
    _, finish, _ = forward_pass(network.preds, order, weight, delay, network.ends)
    latest = backward_pass(network.succs, order, weight, delay, baseline)
    rows = []
    for node in network.order:
        element = parts.elements[node]
        if element.kind not in _RANKED_KINDS:
            continue
        critical = latest[node] - finish[node] <= 1e-9
        if not critical:
            rows.append(WhatIf(node, element.display_name, baseline,
                               None if element.kind is ElementKind.QUEUE else baseline,
                               baseline, baseline))
            continue
        without_wait = {**network.weight, node: element.process_time or 0.0}
        automated = None
        if element.kind is not ElementKind.QUEUE:
            shrunk = (element.wait_time or 0.0) + (element.process_time or 0.0) * automated_share
            automated = network.lead_time(weight={**network.weight, node: shrunk})
        rows.append(WhatIf(
            element_id=node,
            name=element.display_name,
            lead_time_without_wait=network.lead_time(weight=without_wait),
            lead_time_automated=automated,
            lead_time_removed=_lead_time_without(network, node),
            baseline=baseline,
        ))
    rows.sort(key=lambda row: (-row.best_gain, row.name))
    return rows


def _lead_time_without(network: FlowNetwork, node: str) -> float:
    """Remove an element; its predecessors hand over straight to its successors, keeping the
    transfer delay of the handover into the next element."""
    preds = {n: [p for p in ps if p != node] for n, ps in network.preds.items() if n != node}
    delay = dict(network.delay)
    for succ in network.succs[node]:
        bypass = network.delay[node, succ]
        for pred in network.preds[node]:
            if pred not in preds[succ]:
                preds[succ].append(pred)
                delay[pred, succ] = bypass
            else:
                delay[pred, succ] = max(delay[pred, succ], bypass)
    order = [n for n in network.order if n != node]
    return network.lead_time(preds=preds, order=order, delay=delay)
