"""A queue is wait only: a process time on a queue row is left out, and the import says so."""

from vsm_desktop.__main__ import main
from vsm_desktop.io.csv_steps import loads_steps_csv
from vsm_desktop.io.vsm_file import load_map

HEADER = "id,name,kind,lane,process_time,wait_time,pca,people,predecessors,rework,notes\n"
ROWS = (
    "a,Intake,step,Product,2h,1h,90,2,,,\n"
    "q,Backlog,queue,Product,5h,3d,,,a,,\n"
    "b,Build,step,Engineering,4h,,80,3,q,,\n"
)


def test_a_queue_process_time_is_left_out_with_a_notice():
    notices: list[str] = []
    built = loads_steps_csv(HEADER + ROWS, notices=notices)
    queue = next(e for e in built.elements if e.name == "Backlog")
    assert queue.process_time is None
    assert queue.wait_time == 24  # 3 working days of 8 hours
    assert notices == [
        "Row 3 ('Backlog'): a queue is wait only, so its process time '5h' was left out."
    ]


def test_the_command_line_import_prints_the_notice(tmp_path, capsys):
    source = tmp_path / "steps.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    output = tmp_path / "steps.vsm"
    assert main(["import", str(source), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "note: Row 3 ('Backlog'): a queue is wait only" in out
    queue = next(e for e in load_map(output).elements if e.name == "Backlog")
    assert queue.process_time is None


def test_every_figure_a_queue_does_not_have_is_left_out_with_a_notice():
    rows = ROWS.replace("Product,5h,3d,,,a", "Product,,3d,80%,4,a")
    notices: list[str] = []
    built = loads_steps_csv(HEADER + rows, notices=notices)
    queue = next(e for e in built.elements if e.name == "Backlog")
    assert (queue.pca, queue.people, queue.wait_time) == (None, None, 24)
    assert notices == [
        "Row 3 ('Backlog'): a queue is wait only, so its %C&A '80%' was left out.",
        "Row 3 ('Backlog'): a queue is wait only, so its people '4' was left out.",
    ]
