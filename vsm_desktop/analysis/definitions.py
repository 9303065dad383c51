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
        "+ Σ transfer delays of its handovers.",
    ),
    "critical_path": (
        "Critical path",
        "The longest elapsed path from start to end through flow connections. Parallel branches "
        "must all finish, so the slowest branch sets the lead time.",
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
    "constraint": (
        "Constraint",
        "The element on the critical path with the longest wait: where shortening the wait "
        "shortens the lead time most directly.",
    ),
    "slack": (
        "Slack",
        "How long an element can slip before the lead time grows (critical path method). "
        "Slack = latest finish − earliest finish; zero on the critical path.",
    ),
    "rework_extra_time": (
        "Expected rework time",
        "Extra time that rework loops add on average. An item sent back with share p repeats "
        "the loop 1 ÷ (1 − p) times, so extra time = loop time × p ÷ (1 − p), where the loop "
        "time is the longest elapsed time from the step work is sent back to up to the step "
        "that sends it back.",
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
