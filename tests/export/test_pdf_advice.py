"""The report's "Where the waiting comes from": waits by cause, the constraint with its ties,
value-adding efficiency, spans and delivery figures with DORA's levels, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report

from ..analysis.test_advice import cause_map


def report_text(tmp_path, value_stream_map) -> str:
    path = tmp_path / "report.pdf"
    write_report(value_stream_map, analyze(value_stream_map), path)
    return "".join("".join((page.extract_text() or "").split())
                   for page in PdfReader(path).pages)


def test_waits_by_cause_spans_and_delivery_figures_are_in_the_report(tmp_path):
    # cause_map by hand: 33 h of waiting, 23 h of it on the critical path (Start → B → C → End).
    m = cause_map()
    by_name = {e.name: e for e in m.elements}
    by_name["A"].span_start = "review to done"
    by_name["C"].span_end = "review to done"  # A done → 2 h delay → C (4 h wait + 1 h) = 7 h
    m.info.delivery.change_failure_rate = 4
    m.info.delivery.time_to_recover = 30
    m.info.delivery.deployments_per_week = 3
    text = report_text(tmp_path, m)
    causes = text[text.index("Wherethewaitingcomesfrom"):]
    # Cause, whole map, share of 33 h, critical path (8 h days).
    for row in ("Releasewindow2d48%2d", "Approvalqueue1d24%0", "Causenotgiven4h12%4h",
                "Other3h9.1%3h", "Capacity2h6.1%0", "Allwaiting4.1d100%2.9d"):
        assert row in causes
    assert "reviewtodoneAC7h" in causes
    # B's 16 h wait is the constraint; cutting it leaves A's branch in charge: A 10 h + 2 h
    # delay + C 5 h = 17 h, so the lead time falls from 25 h to 17 h: saves 8 h (1 d), capped.
    assert "Constraint:B.Longestwaitonthecriticalpath:2d." in causes
    assert "saves1dofleadtime(aparallelbranchcapsit)" in causes
    # Value-adding: B and C are value-adding steps on the critical path, 1 h each, of 25 h.
    assert "value-addingefficiency8.0%" in causes  # the report's one efficiency format
    delivery = causes[causes.index("Deliveryfigures"):]
    assert "Deploymentfrequency3perweekHigh" in delivery
    assert "Changefailurerate4%Elite" in delivery
    assert "Timetorecover1.2dMedium" in delivery  # 30 clock hours: a day to a week
    assert "EliteOndemand(severaladay)Lessthanoneday5%Lessthanonehour" in delivery
    assert "AccelerateStateofDevOpsReport2023" in delivery


def test_a_map_without_causes_or_delivery_figures_says_what_to_enter(tmp_path):
    m = cause_map()
    for element in m.elements:
        element.wait_cause = None
    for connection in m.connections:
        connection.wait_cause = None
    text = report_text(tmp_path, m)
    assert "Nowaitnamesitscauseyet" in text
    assert "Causenotgiven4.1d100%2.9d" in text
    assert "Nodeliveryfiguresentered" in text


def test_page_one_names_a_tied_constraint_and_its_real_saving(tmp_path):
    from ..analysis.test_advice import tie_map

    m = tie_map()
    path = tmp_path / "tie.pdf"
    write_report(m, analyze(m), path)
    first = "".join((PdfReader(path).pages[0].extract_text() or "").split())
    # P and Q tie at 10 h each; cutting either saves 7 h (R's parallel branch caps it).
    # (page 1 words it as a sentence under the key figures)
    assert "Constraint:2elementssharethelongestwait(1.2deach):PandQ." in first
    assert "Cuttingoneofthesewaitstozerosaves7hofleadtime(aparallelbranchcapsit)" in first
