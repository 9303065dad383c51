"""Files that are broken by accident or on purpose: each loads or raises VsmFileError."""

import copy
import json
import os
import random

import pytest

from vsm_desktop.io import MAX_FILE_BYTES, VsmFileError, load_map, loads_map
from vsm_desktop.resources import sample_map_path

SAMPLE_BYTES = sample_map_path().read_bytes()
SAMPLE = json.loads(SAMPLE_BYTES)


def edited(change) -> str:
    envelope = copy.deepcopy(SAMPLE)
    change(envelope)
    return json.dumps(envelope, ensure_ascii=False)


def refused(data, **match) -> VsmFileError:
    with pytest.raises(VsmFileError) as caught:
        loads_map(data, source="hostile.vsm")
    assert str(caught.value).startswith("hostile.vsm: ")
    return caught.value


def element_named(envelope, name):
    return next(e for e in envelope["maps"][0]["elements"] if e["name"] == name)


def test_truncated_file_says_it_looks_cut_off():
    for cut in (1, 100, len(SAMPLE_BYTES) // 2, len(SAMPLE_BYTES) - 3):
        error = refused(SAMPLE_BYTES[:cut])
        assert "looks cut off" in str(error), cut


def test_random_bytes():
    rng = random.Random(7)
    for _ in range(50):
        refused(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))


def test_invalid_utf8_names_the_position():
    data = SAMPLE_BYTES[:200] + b"\xc3\x28" + SAMPLE_BYTES[200:]
    assert "position 200 are not valid UTF-8" in str(refused(data))


def test_a_byte_order_mark_is_accepted():
    assert loads_map(b"\xef\xbb\xbf" + SAMPLE_BYTES) == loads_map(SAMPLE_BYTES)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant):
    text = edited(lambda e: element_named(e, "Development").update(process_time=12345.5))
    error = refused(text.replace("12345.5", constant))
    assert f"{constant} is not a number" in str(error)


def test_a_number_too_large_for_a_float_is_refused():
    text = edited(lambda e: element_named(e, "Development").update(process_time=12345.5))
    assert "too large" in str(refused(text.replace("12345.5", "1e999")))


def test_a_huge_integer_is_refused_with_the_field_named():
    text = edited(lambda e: element_named(e, "Development").update(people=10**200))
    error = refused(text)
    assert (error.element, error.field) == ("Development", "people")


def test_an_integer_with_thousands_of_digits_is_refused():
    text = edited(lambda e: element_named(e, "Development").update(people=12345))
    refused(text.replace("12345", "9" * 5000))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", 42, "must be text"),
        ("process_time", "quick", "must be a number (got 'quick')"),
        ("kind", "rocket", "must be one of"),
        ("people", 2.5, "whole number"),
        ("wait_time", -3, "must be ≥ 0 (got -3)"),
        ("x", 1e12, "must be ≤ 1,000,000"),
        ("name", "x" * 5000, "longer than 200 characters"),
        ("lane_id", "nowhere", "refers to lane 'nowhere'"),
        ("target_id", "nothing", "refers to element 'nothing'"),
    ],
)
def test_wrong_values_name_element_and_field(field, value, expected):
    error = refused(edited(lambda e: element_named(e, "Security testing").update({field: value})))
    assert expected in str(error)
    element_id = element_named(SAMPLE, "Security testing")["id"]
    assert error.element_id == element_id
    # named by its name; by its id when the name itself is what is broken
    assert error.element in ("Security testing", element_id, "x" * 77 + "…")
    assert error.field == field
    assert str(error).count(f"field '{field}'") == 1


def test_wrong_types_of_containers():
    refused(edited(lambda e: e["maps"][0].update(elements={"a": 1})))
    refused(edited(lambda e: e["maps"][0]["elements"].append("step")))
    refused(edited(lambda e: e["maps"][0].update(calendar=[8, 5])))
    error = refused(edited(lambda e: e["maps"][0]["calendar"].update(hours_per_day=0)))
    assert "calendar: field 'hours_per_day': must be > 0" in str(error)


def test_duplicate_ids_and_dangling_ends():
    def duplicate(envelope):
        elements = envelope["maps"][0]["elements"]
        elements[2]["id"] = elements[1]["id"]

    assert "share the id" in str(refused(edited(duplicate)))

    def dangling(envelope):
        envelope["maps"][0]["connections"][3]["source_id"] = "missing-element"

    assert "refers to element 'missing-element'" in str(refused(edited(dangling)))


def test_lone_surrogate_escapes_are_refused_but_real_pairs_load():
    text = edited(lambda e: element_named(e, "Development").update(name="PLACEHOLDER"))
    assert "broken character escape" in str(refused(text.replace("PLACEHOLDER", "Dev \\ud800")))
    paired = loads_map(text.replace("PLACEHOLDER", "Dev \\ud83d\\ude80"))
    assert any(e.name == "Dev 🚀" for e in paired.elements)


def test_duplicate_keys_are_refused():
    text = SAMPLE_BYTES.decode().replace('"version": 2,', '"version": 2, "version": 2,', 1)
    assert 'key "version" appears twice' in str(refused(text))


@pytest.mark.parametrize("depth", [65, 5_000, 200_000])
def test_deep_nesting_is_refused(depth):
    text = '{"format": "vsm-desktop", "version": 1, "map": ' + "[" * depth + "]" * depth + "}"
    assert "nested more than 64 levels" in str(refused(text))


def test_missing_envelope_bare_map():
    assert 'no "format" entry' in str(refused(json.dumps(SAMPLE["maps"][0])))


@pytest.mark.parametrize("top", ["[]", '"map"', "42", "null", "true"])
def test_top_level_must_be_an_object(top):
    assert "does not hold a JSON object" in str(refused(top))


def test_a_70_megabyte_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.vsm"
    with path.open("wb") as stream:
        stream.truncate(70 * 1024 * 1024)  # sparse: costs no disk
    bytes_read = []
    real_read = os.read

    def counting_read(fd, size):
        data = real_read(fd, size)
        bytes_read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(VsmFileError, match=r"huge.vsm: the file is 70.0 MB; map files are at most"):
        load_map(path)
    monkeypatch.undo()
    assert sum(bytes_read) == 0  # refused from its size alone, not after reading 70 MB
    with pytest.raises(VsmFileError, match="at most 64 MB"):
        loads_map(b" " * (MAX_FILE_BYTES + 1))


@pytest.mark.parametrize("as_text", [False, True])
def test_a_file_packed_with_values_is_refused_before_parsing(monkeypatch, as_text):
    """A memory bomb is many small values, not many bytes: these 22 MB of empty lists would be
    7.3 million Python lists (about 470 MB)."""
    from vsm_desktop.io import vsm_file

    def parse_nothing(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(vsm_file.json, "loads", parse_nothing)
    packed = '{"format": "vsm-desktop", "version": 2, "maps": [{}], "x": [' + "[]," * 7_300_000
    with pytest.raises(VsmFileError, match=r"the file holds up to 14,600,0\d\d values; map files "
                                           r"hold at most 7,000,000"):
        loads_map(packed if as_text else packed.encode())


# -- seeded mutation fuzzing over the sample -------------------------------------------------

NASTY_VALUES = [None, True, -1, -1e308, 1e308, 10**30, 0, "", "x" * 300, [], {}, "NaN", 2.5]


def _containers(value, trail=()):
    """Every (trail, container) inside value, so a mutation can pick any spot."""
    if isinstance(value, dict | list):
        yield trail, value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            yield from _containers(child, (*trail, key))


def _mutate(rng: random.Random) -> bytes | str:
    operation = rng.randrange(7)
    if operation == 0:  # truncate
        return SAMPLE_BYTES[: rng.randrange(len(SAMPLE_BYTES))]
    if operation == 1:  # flip bytes
        data = bytearray(SAMPLE_BYTES)
        for _ in range(rng.randrange(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    envelope = copy.deepcopy(SAMPLE)
    spots = list(_containers(envelope))
    _, container = rng.choice(spots)
    keys = list(container) if isinstance(container, dict) else list(range(len(container)))
    if not keys:
        return json.dumps(envelope)
    key = rng.choice(keys)
    if operation in (2, 3):  # wrong type, huge, negative
        container[key] = rng.choice(NASTY_VALUES)
    elif operation == 4:  # drop a key or item
        del container[key]
    elif operation == 5:  # duplicate an id
        elements = envelope["maps"][0]["elements"]
        rng.choice(elements)["id"] = rng.choice(elements)["id"]
    else:  # replace a number with NaN / Infinity text
        text = json.dumps(envelope)
        return text.replace("8.0", rng.choice(["NaN", "Infinity", "-Infinity", "1e400"]), 1)
    return json.dumps(envelope, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.timeout(600)  # 2,000 loads: a busy CI machine needs more than the usual minute
def test_mutation_fuzz_over_the_sample():
    rng = random.Random(20261126)
    loaded = refused_count = 0
    for case in range(2_000):
        data = _mutate(rng)
        try:
            loads_map(data, source="fuzz.vsm")
            loaded += 1
        except VsmFileError as error:
            assert str(error).startswith("fuzz.vsm"), case
            refused_count += 1
    assert loaded > 50 and refused_count > 500  # both outcomes were exercised


# -- every kind of damage the issue lists, each fuzzed on its own -----------------------------

TIME_FIELDS = ("process_time", "wait_time")


def _element(envelope, rng):
    return rng.choice(envelope["maps"][0]["elements"])


def _with(rng, change) -> str:
    envelope = copy.deepcopy(SAMPLE)
    change(envelope, rng)
    return json.dumps(envelope, ensure_ascii=False)


def _wrong_type(envelope, rng):
    field = rng.choice(["name", "x", "kind", "people", "pca", "wait_time"])
    wrong = [[1], {"a": 1}] if field == "name" else [[1], {"a": 1}, "seven"]
    _element(envelope, rng)[field] = rng.choice(wrong)


def _huge_number(envelope, rng):
    _element(envelope, rng)[rng.choice([*TIME_FIELDS, "x", "people"])] = rng.choice(
        [1e308, -1e308, 10**40, 2**63]
    )


def _negative_time(envelope, rng):
    _element(envelope, rng)[rng.choice(TIME_FIELDS)] = -rng.uniform(0.001, 1e6)


def _duplicate_id(envelope, rng):
    first, second = rng.sample(envelope["maps"][0]["elements"], 2)
    second["id"] = first["id"]


def _dangling_end(envelope, rng):
    connection = rng.choice(envelope["maps"][0]["connections"])
    connection[rng.choice(["source_id", "target_id"])] = f"gone-{rng.randrange(10**6)}"


def _too_long_text(envelope, rng):
    _element(envelope, rng)[rng.choice(["name", "notes", "owner"])] = "W" * rng.choice(
        [10_001, 100_000]
    )


def _text_cases(kind: str, rng: random.Random) -> bytes | str:
    if kind == "truncated":
        return SAMPLE_BYTES[: rng.randrange(1, len(SAMPLE_BYTES) - 2)]
    if kind == "random bytes":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    if kind == "invalid UTF-8":
        at = rng.randrange(len(SAMPLE_BYTES))
        bad = rng.choice([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80"])
        return SAMPLE_BYTES[:at] + bad + SAMPLE_BYTES[at:]
    if kind == "NaN/inf":
        text = _with(rng, lambda e, r: _element(e, r).update(wait_time=12345.5))
        return text.replace("12345.5", rng.choice(["NaN", "Infinity", "-Infinity", "1e400"]))
    if kind == "deep nesting":
        depth = rng.choice([65, 1_000, 100_000])
        text = _with(rng, lambda e, r: _element(e, r).update(notes="NEST"))
        return text.replace('"NEST"', "[" * depth + "]" * depth)
    raise AssertionError(kind)


STRUCTURED = {
    "wrong types": _wrong_type,
    "huge numbers": _huge_number,
    "negative times": _negative_time,
    "duplicate ids": _duplicate_id,
    "dangling ends": _dangling_end,
    "overlong text": _too_long_text,
}
TEXTUAL = ("truncated", "random bytes", "invalid UTF-8", "NaN/inf", "deep nesting")
CASES_PER_KIND = 60


@pytest.mark.parametrize("kind", [*STRUCTURED, *TEXTUAL])
def test_each_kind_of_damage_is_refused_clearly(kind):
    """Every one of these files is broken, so every one must be refused (never loaded, never
    a traceback). How long they take is measured in benchmarks/, not here: a hang fails
    through the suite's per-test timeout."""
    rng = random.Random(f"{kind}-20261126")
    for case in range(CASES_PER_KIND):
        data = _with(rng, STRUCTURED[kind]) if kind in STRUCTURED else _text_cases(kind, rng)
        with pytest.raises(VsmFileError) as caught:
            loads_map(data, source="damaged.vsm")
        assert str(caught.value).startswith("damaged.vsm"), (kind, case)


def test_counts_beyond_the_limits_are_refused_with_the_limit_named():
    def many_lanes(envelope):
        envelope["maps"][0]["lanes"] = [{"id": f"l{i}", "name": "Team"} for i in range(201)]

    assert "200" in str(refused(edited(many_lanes)))

    def many_states(envelope):
        first = envelope["maps"][0]
        envelope["maps"] = [dict(first, id=f"state-{i}") for i in range(21)]

    assert "at most 20 states" in str(refused(edited(many_states)))

    def many_elements(envelope):
        envelope["maps"][0]["elements"] = [
            {"id": f"e{i}", "kind": "note", "name": ""} for i in range(20_001)
        ]
        envelope["maps"][0]["connections"] = []

    assert "20000" in str(refused(edited(many_elements))).replace(",", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"low": 50, "high": 10}, "low (50) must be below high (10)"),
        ({"low": 1, "likely": 9, "high": 5}, "likely (9) must lie between"),
        ({"low": "soon", "high": 10}, "must be a number"),
        ("2-6wk", "wait_time_range"),
    ],
)
def test_a_broken_range_names_element_and_field(value, expected):
    error = refused(edited(
        lambda e: element_named(e, "Security testing").update({"wait_time_range": value})
    ))
    assert expected in str(error)
    assert error.element == "Security testing"
    assert str(error.field).startswith("wait_time_range")


def test_a_range_whose_number_was_changed_by_hand_gives_way_to_the_number():
    def change(envelope):
        element_named(envelope, "Security testing")["wait_time"] = 7.0  # no longer its range

    loaded = loads_map(edited(change), source="edited.vsm")
    security = next(e for e in loaded.elements if e.name == "Security testing")
    assert security.wait_time == 7.0 and security.wait_time_range is None
