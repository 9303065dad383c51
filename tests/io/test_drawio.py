"""draw.io both ways: our export comes back exactly, foreign lean_mapping maps are read by their
shapes, and hostile XML is refused with a message naming the file."""

import base64
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from vsm_desktop.__main__ import main
from vsm_desktop.analysis import analyze
from vsm_desktop.io.drawio_export import dumps_drawio, save_drawio
from vsm_desktop.io.drawio_import import load_drawio, loads_drawio
from vsm_desktop.io.errors import VsmFileError
from vsm_desktop.io.vsm_file import load_states
from vsm_desktop.model import ElementKind, MapStates
from vsm_desktop.resources import sample_map_path

from .generated_maps import chain_map

FIXTURES = Path(__file__).parent / "drawio"
LEAN = "mxgraph.lean_mapping."


def figures(value_stream_map):
    result = analyze(value_stream_map)
    return (result.lead_time, result.process_time, result.wait_time, result.flow_efficiency,
            result.rolled_pca, tuple(result.critical_path), result.handovers_total)


# -- our own export, back again ---------------------------------------------------------------


def test_sample_round_trip_gives_the_same_map_and_analysis():
    states = load_states(sample_map_path())
    back = loads_drawio(dumps_drawio(states))
    assert back.ours and back.warnings == []
    assert back.states.maps == states.maps
    assert figures(back.states.current) == figures(states.current)


def test_text_that_looks_like_json_comes_back_as_text():
    """Only a field that holds a record (a duration range) is read as JSON: an author "{}"
    or a step named "[draft]" made the whole record fall back to its defaults."""
    value_stream_map = chain_map(3)
    value_stream_map.info.author = "{}"
    value_stream_map.elements[1].name = '["draft"]'
    back = loads_drawio(dumps_drawio(MapStates(maps=[value_stream_map])))
    assert back.warnings == []
    assert back.states.current == value_stream_map


@pytest.mark.parametrize("size", [2, 10, 57])
def test_generated_maps_with_a_future_state_round_trip(size):
    current = chain_map(size, title="Gen <&> \"quoted\"")
    future = current.derive_future_state()
    future.elements[1].wait_time = 0.0
    states = MapStates(maps=[current, future])
    back = loads_drawio(dumps_drawio(states)).states
    assert back.maps == states.maps
    for before, after in zip(states.maps, back.maps, strict=True):
        assert figures(after) == figures(before)


def test_export_uses_lean_mapping_shapes_and_carries_data_as_attributes():
    states = load_states(sample_map_path())
    root = ET.fromstring(dumps_drawio(states))
    assert root.tag == "mxfile"
    model = root.find("diagram/mxGraphModel")
    assert model is not None  # uncompressed, so draw.io and people can read it
    styles = [cell.get("style", "") for cell in model.iter("mxCell")]
    for shape in ("manufacturing_process", "inventory_box", "schedule", "outside_sources",
                  "kaizen_lightening_burst", "timeline2"):
        assert any(f"shape={LEAN}{shape};" in style for style in styles), shape
    assert any(style.startswith("swimlane;") for style in styles)
    assert any(f"{LEAN}manual_info_flow_edge" in s or f"{LEAN}electronic_info_flow_edge" in s
               for s in styles)
    step = next(e for e in states.current.elements if e.kind is ElementKind.STEP)
    wrapper = next(o for o in model.iter("object") if o.get("vsm_id") == step.id)
    assert wrapper.get("vsm_kind") == step.kind.value
    assert float(wrapper.get("vsm_wait_time")) == step.wait_time
    # The data box under a step says what value stream mappers write.
    box = next(o for o in model.iter("object") if o.get("vsm_of") == step.id)
    assert "C/T = " in box.get("label") and "Wait = " in box.get("label")


def test_names_are_escaped_for_xml_and_html():
    value_stream_map = chain_map(4)
    value_stream_map.elements[1].name = '<img src=x onerror=alert(1)> & "Q" </object>'
    text = dumps_drawio(MapStates(maps=[value_stream_map]))
    assert "<img" not in text and "</object> &" not in text
    back = loads_drawio(text).states.current
    assert back.elements[1].name == value_stream_map.elements[1].name


def edit(text: str, change) -> str:
    root = ET.fromstring(text)
    change(root)
    return ET.tostring(root, encoding="unicode")


def test_edits_made_in_drawio_come_back():
    states = MapStates(maps=[chain_map(6)])
    original = states.current
    moved, renamed = original.elements[1], original.elements[2]
    other_lane = original.lanes[3]

    def in_drawio(root):
        objects = {o.get("vsm_id"): o for o in root.iter("object")
                   if o.get("vsm_type") == "element"}
        objects[renamed.id].set("label", "<b>Peer</b> review")  # draw.io keeps HTML labels
        objects[renamed.id].set("vsm_wait_time", "4")  # Edit Data
        cell = objects[moved.id].find("mxCell")
        cell.set("parent", f"vsm-ln-{other_lane.id}")  # dragged into another lane

    back = loads_drawio(edit(dumps_drawio(states), in_drawio))
    imported = back.states.current
    assert imported.element(renamed.id).name == "Peer review"
    assert imported.element(renamed.id).wait_time == 4.0
    assert imported.element(moved.id).lane_id == other_lane.id


def test_a_shape_copied_in_drawio_gets_its_own_id():
    states = MapStates(maps=[chain_map(4)])

    def duplicate(root):
        model_root = root.find("diagram/mxGraphModel/root")
        source = next(o for o in model_root.iter("object") if o.get("vsm_type") == "element")
        twin = ET.fromstring(ET.tostring(source))
        twin.set("id", "copied-in-drawio")
        model_root.append(twin)

    back = loads_drawio(edit(dumps_drawio(states), duplicate))
    ids = [e.id for e in back.states.current.elements]
    assert len(ids) == len(set(ids)) == 5
    assert any("copy of another shape" in warning for warning in back.warnings)


def test_save_drawio_and_the_cli_round_trip(tmp_path, capsys):
    sample = str(sample_map_path())
    assert main(["export", sample, "-o", str(tmp_path / "map.drawio")]) == 0
    assert main(["import", str(tmp_path / "map.drawio"), "-o", str(tmp_path / "map.vsm")]) == 0
    assert load_states(tmp_path / "map.vsm").maps == load_states(sample).maps
    save_drawio(load_states(sample), tmp_path / "again.drawio")
    assert (tmp_path / "again.drawio").read_bytes() == (tmp_path / "map.drawio").read_bytes()


# -- maps drawn by others ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["lean-map.drawio", "lean-map-compressed.drawio"])
def test_foreign_lean_map_is_read_with_the_figures_worked_out_by_hand(name):
    result = load_drawio(FIXTURES / name)
    assert not result.ours
    m = result.states.current
    by_name = {e.name: e for e in m.elements}
    dev, sec = by_name["Development"], by_name["Security testing"]
    risk, deploy = by_name["Risk sign-off"], by_name["Deploy"]
    # The dedicated-process entry: the name sits in a text cell inside the box.
    assert dev.kind is ElementKind.STEP and dev.notes == "Description"
    # Data box "C/T = 3 days, Wait = 2 days, %C&A = 80%" on an 8-hour day.
    assert (dev.process_time, dev.wait_time, dev.pca) == (24.0, 16.0, 80.0)
    queue = next(e for e in m.elements if e.kind is ElementKind.QUEUE)
    assert (queue.wait_time, queue.items_waiting) == (40.0, 12)  # "12 tickets", "5 days"
    assert sec.process_time == 4.0  # "C/T = 4 hrs"; the <b> of its label is dropped
    assert sec.wait_time == 16.0  # "2 d" over the timeline's high step under it
    assert risk.kind is ElementKind.APPROVAL and (risk.process_time, risk.wait_time) == (1, 24)
    assert deploy.process_time == 0.5  # "30 min" under the timeline's low step
    kinds = sorted(e.kind.value for e in m.elements if e.name == "Customer")
    assert kinds == ["end", "start"]
    burst = by_name["Automate pen test"]
    assert burst.kind is ElementKind.KAIZEN and burst.target_id == sec.id
    lanes = {lane.id: lane.name for lane in m.lanes}
    assert [lanes[e.lane_id] for e in (dev, sec, risk, deploy)] == [
        "Engineering", "Security & Risk", "Security & Risk", "Engineering"]
    # The customers, drawn outside the swimlanes, join the lane they hand work to / take it from.
    assert {lanes[e.lane_id] for e in m.elements if e.name == "Customer"} == {"Engineering"}
    # Lead time along the one path: 16+24 + 40 + 16+4 + 24+1 + 0.5 = 125.5 h; work 29.5 h.
    result_figures = analyze(m)
    assert result_figures.lead_time == pytest.approx(125.5)
    assert result_figures.process_time == pytest.approx(29.5)
    assert result_figures.flow_efficiency == pytest.approx(29.5 / 125.5)
    assert len([c for c in m.connections if c.kind.value == "flow"]) == 6


def test_foreign_import_lists_what_it_could_not_read():
    warnings = load_drawio(FIXTURES / "lean-map.drawio").warnings
    text = "\n".join(warnings)
    assert "'truck_shipment' is not part of a VSM Desktop map" in text
    assert "'Production Control' (a control box) has no work flowing through it" in text
    assert "the arrow 'Weekly' does not join two elements" in text
    assert "an arrow does not join two elements" in text
    assert len(warnings) == 4


def test_plain_and_compressed_fixtures_hold_the_same_map():
    plain = load_drawio(FIXTURES / "lean-map.drawio").states.current
    packed = load_drawio(FIXTURES / "lean-map-compressed.drawio").states.current
    strip = {"id", "lane_id", "target_id", "source_id"}
    assert ([e.model_dump(exclude=strip) for e in plain.elements]
            == [e.model_dump(exclude=strip) for e in packed.elements])


def test_push_arrows_without_connectors_are_read_left_to_right():
    cells = "".join(
        f'<mxCell id="p{i}" value="Step {i}&lt;br&gt;C/T = {i} h" '
        f'style="shape={LEAN}manufacturing_process;html=1;" vertex="1" parent="1">'
        f'<mxGeometry x="{400 - i * 150}" y="100" width="100" height="70" as="geometry"/></mxCell>'
        for i in range(1, 4))
    xml = ('<mxfile><diagram name="Pushed"><mxGraphModel><root><mxCell id="0"/>'
           f'<mxCell id="1" parent="0"/>{cells}</root></mxGraphModel></diagram></mxfile>')
    result = loads_drawio(xml)
    m = result.states.current
    names = {e.id: e.name for e in m.elements}
    assert [(names[c.source_id], names[c.target_id]) for c in m.connections] == [
        ("Step 3", "Step 2"), ("Step 2", "Step 1")]
    assert analyze(m).process_time == pytest.approx(6)
    assert any("read left to right" in w for w in result.warnings)


def test_a_range_in_a_foreign_data_line_becomes_a_range():
    cells = (
        f'<mxCell id="p1" value="Risk review&lt;br&gt;C/T = 2 h&lt;br&gt;Wait = 2-3-6 days" '
        f'style="shape={LEAN}manufacturing_process;html=1;" vertex="1" parent="1">'
        '<mxGeometry x="100" y="100" width="100" height="70" as="geometry"/></mxCell>'
    )
    xml = ('<mxfile><diagram name="Ranged"><mxGraphModel><root><mxCell id="0"/>'
           f'<mxCell id="1" parent="0"/>{cells}</root></mxGraphModel></diagram></mxfile>')
    review = next(e for e in loads_drawio(xml).states.current.elements if e.name == "Risk review")
    assert review.process_time == 2
    assert review.wait_time == 24  # the most likely 3 working days
    assert (review.wait_time_range.low, review.wait_time_range.high) == (16, 48)


# -- hostile and broken files -----------------------------------------------------------------


def write(tmp_path, text: str, name: str = "hostile.drawio") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<mxfile><diagram name="x"><mxGraphModel><root><mxCell id="0" value="&lol3;"/></root>
</mxGraphModel></diagram></mxfile>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<mxfile><diagram name="x"><mxGraphModel><root><mxCell id="0" value="&secret;"/></root>
</mxGraphModel></diagram></mxfile>"""


@pytest.mark.parametrize("text, expected", [
    (BILLION_LAUGHS, "declares a DTD"),
    (EXTERNAL_ENTITY, "declares a DTD"),
    ("<mxfile><diagram", "not well-formed XML"),
    ("<svg/>", "not a draw.io file: it holds <svg>"),
    ("<mxfile/>", "has no pages"),
    ("<mxfile><diagram name='a'>not base64 at all!</diagram></mxfile>", "could not be unpacked"),
])
def test_hostile_or_broken_xml_is_refused_naming_the_file(tmp_path, text, expected):
    with pytest.raises(VsmFileError) as raised:
        load_drawio(write(tmp_path, text))
    assert str(raised.value).startswith("hostile.drawio: ")
    assert expected in str(raised.value)


def test_deep_nesting_is_refused(tmp_path):
    deep = "<mxfile>" + "<a>" * 500 + "</a>" * 500 + "</mxfile>"
    with pytest.raises(VsmFileError, match="nested more than 64 levels"):
        load_drawio(write(tmp_path, deep))


def test_a_huge_attribute_is_refused(tmp_path):
    huge = ('<mxfile><diagram name="x"><mxGraphModel><root><mxCell id="0"/>'
            f'<mxCell id="1" value="{"A" * 200_000}" parent="0"/></root></mxGraphModel>'
            '</diagram></mxfile>')
    with pytest.raises(VsmFileError, match="'value' of <mxCell> .* is 200,000 characters"):
        load_drawio(write(tmp_path, huge))


def test_a_compressed_page_that_inflates_too_far_is_refused(tmp_path):
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = bomb.compress(b"A" * (21 * 1024 * 1024)) + bomb.flush()
    text = f'<mxfile><diagram name="x">{base64.b64encode(packed).decode()}</diagram></mxfile>'
    assert len(text) < 100_000
    with pytest.raises(VsmFileError, match="inflates to more than 20 MB"):
        load_drawio(write(tmp_path, text))


def test_entities_inside_a_compressed_page_are_refused_too(tmp_path):
    quoted = urllib.parse.quote(BILLION_LAUGHS.split("\n", 1)[1])
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = base64.b64encode(packer.compress(quoted.encode()) + packer.flush()).decode()
    with pytest.raises(VsmFileError, match="hostile.drawio: refused: a compressed page declares"):
        load_drawio(write(tmp_path, f'<mxfile><diagram name="x">{packed}</diagram></mxfile>'))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.drawio"
    with path.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    with pytest.raises(VsmFileError, match="big.drawio: the file is 21.0 MB"):
        load_drawio(path)


def test_a_page_without_value_stream_shapes_is_refused():
    xml = ('<mxfile><diagram name="Org chart"><mxGraphModel><root><mxCell id="0"/>'
           '<mxCell id="1" parent="0"/><mxCell id="2" value="CEO" style="rounded=1;" '
           'vertex="1" parent="1"><mxGeometry width="80" height="40" as="geometry"/></mxCell>'
           '</root></mxGraphModel></diagram></mxfile>')
    with pytest.raises(VsmFileError, match="no page of the draw.io file holds a value stream"):
        loads_drawio(xml, source="org.drawio")


def test_cli_import_of_a_hostile_file_exits_1_with_one_line(tmp_path, capsys):
    path = write(tmp_path, BILLION_LAUGHS)
    assert main(["import", str(path), "-o", str(tmp_path / "out.vsm")]) == 1
    err = capsys.readouterr().err
    assert "hostile.drawio: refused" in err and "Traceback" not in err
    assert not (tmp_path / "out.vsm").exists()
