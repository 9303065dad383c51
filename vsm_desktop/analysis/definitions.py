"""One definition per figure, in words a workshop understands, with its formula.

The same text appears in docs/metrics.md (a test keeps them equal), in the metrics panel's
tooltips and in the PDF report's definitions section.
"""

DEFINITIONS: dict[str, tuple[str, str]] = {
    # key: (label, definition)
    "lead_time": (
        "Lead time",
        "Elapsed working time from the customer request to value realised, along the critical "
        "path. Lead time = Σ (wait + process time) of the elements on the critical path "
        "+ Σ transfer delays of its handovers. Unknown, never 0, when no flow joins the "
        "customer request to value realised (a handover deleted in the middle).",
    ),
    "critical_path": (
        "Critical path",
        "The longest elapsed path from start to end through flow connections. Parallel branches "
        "must all finish, so the slowest branch sets the lead time. Of equally long paths the "
        "one drawn highest on the map is shown (then the leftmost, then by name), whatever the "
        "order of rows or connections in the file; every element with zero slack is marked "
        "critical.",
    ),
    "process_time": (
        "Process time",
        "Hands-on work on the critical path, the time someone actually works on the request. "
        "Process time = Σ process time of the steps and approvals on the critical path.",
    ),
    "wait_time": (
        "Wait time",
        "Time the work sits waiting on the critical path: queues, waits before steps and "
        "transfer delays of handovers. Wait time = lead time − process time.",
    ),
    "flow_efficiency": (
        "Flow efficiency",
        "The share of the lead time in which someone works on the request. "
        "Flow efficiency = process time ÷ lead time.",
    ),
    "rolled_pca": (
        "Rolled %C&A",
        "The share of work that passes every step without being corrected, supplemented or "
        "clarified. Rolled %C&A = product of the %Complete & Accurate of every step and "
        "approval in the flow.",
    ),
    "handovers": (
        "Cross-team handovers",
        "Flow connections whose two ends sit in different lanes: work changes hands between "
        "teams. Counted on the critical path and in the whole map.",
    ),
    "total_wait": (
        "Total wait",
        "Every wait and transfer delay in the map added up, on the critical path or not: all "
        "the time work sits idle somewhere in the stream.",
    ),
    "value_adding_efficiency": (
        "Value-adding efficiency",
        "The share of the lead time spent on work the customer values (the lean process cycle "
        "efficiency). Value-adding efficiency = process time of the value-adding steps and "
        "approvals on the critical path ÷ lead time; necessary controls and waste do not count.",
    ),
    "constraint": (
        "Constraint",
        "The element on the critical path with the longest wait: where shortening the wait "
        "shortens the lead time most directly. When several critical elements share the "
        "longest wait, all are named. Its saving is what the what-if computes for cutting that "
        "wait to zero, which a parallel branch may cap below the wait itself.",
    ),
    "wait_by_cause": (
        "Wait by cause",
        "Where the waiting comes from: wait hours summed by the cause given on each wait and "
        "transfer delay (approval queue, manual compliance, release window, slow test cycle, "
        "environment instability, incident-driven rework, capacity, other), for the whole map "
        "and for the critical path. Waits without a cause count as unspecified, so the causes "
        "add up to the total wait and to the wait time.",
    ),
    "span": (
        "Span",
        "The time between two marked elements, such as the lead time for changes from the "
        "approval that accepts the request to the deployment to production. A span begins "
        "when its start element is done and ends when its end element is done: the longest "
        "flow path between them, waits and transfer delays included.",
    ),
    "delivery": (
        "Delivery figures",
        "Change failure rate (share of deployments that cause a failure in production), time "
        "to recover (mean clock time to restore service after such a failure) and deployment "
        "frequency, measured outside the map and entered for the stream. Each is read against "
        "DORA's four performance levels (Accelerate State of DevOps Report 2023).",
    ),
    "slack": (
        "Slack",
        "How long an element can slip before the lead time grows (critical path method). "
        "Slack = latest finish − earliest finish; zero on the critical path. An element from "
        "which no flow leads to the end has none: it is not on a path to the end.",
    ),
    "rework_extra_time": (
        "Expected rework time",
        "Extra time that rework loops add on average. An item sent back with share p repeats "
        "the loop 1 ÷ (1 − p) times, so extra time = loop time × p ÷ (1 − p), where the loop "
        "time is the longest elapsed time along the flow from the step work is sent back to up "
        "to the step that sends it back, both included, with waits and transfer delays. Each "
        "loop is timed over the flow alone, so a loop nested in another counts in its own "
        "extra time and, once, in the outer loop's time; the extra times add up.",
    ),
    "lead_time_percentiles": (
        "Lead time P50, P85, P95",
        "When durations are ranges (2-6 wk, or 2-3-6 wk: low, most likely, high), the lead time "
        "that 50 %, 85 % and 95 % of requests stay within: \"85 % of requests within …\". "
        "A Monte Carlo simulation draws every range in each run (uniform between low and high, or "
        "triangular peaking at the most likely value; single values stay fixed), takes that "
        "run's critical path and adds its rework trips. P85 = the lead time 85 % of runs do not "
        "exceed. The plain lead time uses each range's most likely value (a uniform range's "
        "midpoint).",
    ),
    "criticality": (
        "Criticality",
        "How often an element sets the lead time when durations are ranges: the share of "
        "simulated runs in which it is on the critical path, 0-100 %. Criticality = runs with "
        "the element on the critical path ÷ all runs.",
    ),
    "lane_time": (
        "Time per lane",
        "Process time and wait time of the elements in each lane (team), summed over the "
        "whole map.",
    ),
}


def label(key: str) -> str:
    return DEFINITIONS[key][0]


def definition(key: str) -> str:
    return DEFINITIONS[key][1]


def definition_of(key: str) -> str:
    """The metric's definition, or "" for a key without one."""
    entry = DEFINITIONS.get(key)
    return entry[1] if entry else ""


def label_of(key: str, fallback: str) -> str:
    """The metric's label, or fallback for a key without one."""
    entry = DEFINITIONS.get(key)
    return entry[0] if entry else fallback
