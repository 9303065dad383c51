"""The PDF report beside a bare ReportLab floor, both written to temporary files.

The floor is the least a PDF of the same map costs: A4 landscape pages of the map cut into
sections, each element a box with its name and each arrow a line, then a table page per 40
elements with its name and times. The report adds the summary, routing, labels, the ladder
and the styled tables; the floor has none of that.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from vsm_desktop.analysis import analyze
from vsm_desktop.export.pdf_report import write_report
from vsm_desktop.model import ValueStreamMap

from .generate import generate_map
from .side_by_side import Measured
from .timing import alternated

SECTION = (2400.0, 1600.0)  # scene units of the map on one floor page
ROWS_PER_PAGE = 40


def bare_pdf(value_stream_map: ValueStreamMap, path: Path) -> None:
    width, height = landscape(A4)
    scale = min(width / SECTION[0], height / SECTION[1])
    pdf = Canvas(str(path), pagesize=(width, height))
    centres = {e.id: (e.x, e.y) for e in value_stream_map.elements}
    by_section: dict[tuple[int, int], list] = {}
    for element in value_stream_map.elements:
        by_section.setdefault(section_of(element.x, element.y), []).append(element)
    for connection in value_stream_map.connections:
        by_section.setdefault(section_of(*centres[connection.source_id]), []).append(connection)
    for (column, row), items in sorted(by_section.items()):
        pdf.translate(-column * SECTION[0] * scale, height + row * SECTION[1] * scale)
        pdf.scale(scale, scale)  # scene y runs down, PDF y up: draw at -y, text upright
        pdf.setFont("Helvetica", 10)
        for item in items:
            if hasattr(item, "source_id"):
                (x1, y1), (x2, y2) = centres[item.source_id], centres[item.target_id]
                pdf.line(x1, -y1, x2, -y2)
            else:
                pdf.rect(item.x - 80, -item.y - 60, 160, 120)
                pdf.drawString(item.x - 70, -item.y, item.name or "")
        pdf.showPage()
    elements = value_stream_map.elements
    for first in range(0, len(elements), ROWS_PER_PAGE):
        pdf.setFont("Helvetica", 9)
        for line, element in enumerate(elements[first : first + ROWS_PER_PAGE]):
            y = height - 40 - line * 13
            pdf.drawString(30, y, element.name or "")
            pdf.drawString(300, y, f"{element.process_time or 0:g} h")
            pdf.drawString(380, y, f"{element.wait_time or 0:g} h")
        pdf.showPage()
    pdf.save()


def section_of(x: float, y: float) -> tuple[int, int]:
    return int(x // SECTION[0]), int(y // SECTION[1])


def measure_pdf(value_stream_map: ValueStreamMap, size: int, runs: int) -> Measured:
    with tempfile.TemporaryDirectory() as folder:
        report, floor = Path(folder) / "report.pdf", Path(folder) / "floor.pdf"
        small = generate_map(20)  # warms imports and fonts up; a large map's twice costs minutes
        write_report(small, analyze(small), report)
        bare_pdf(small, floor)
        pair = alternated(
            lambda: write_report(value_stream_map, analyze(value_stream_map), report),
            lambda: bare_pdf(value_stream_map, floor),
            runs,
        )
    return Measured("pdf", size, pair, runs)
