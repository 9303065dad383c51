import json
import subprocess
import sys
from pathlib import Path

from vsm_desktop.io import dumps_map, load_map
from vsm_desktop.io.schema import file_schema, file_schema_text
from vsm_desktop.resources import sample_map_path

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "vsm-file.schema.json"


def test_committed_schema_matches_the_models():
    assert COMMITTED.read_text(encoding="utf-8") == file_schema_text(), (
        "docs/vsm-file.schema.json is stale: run "
        "`python -m vsm_desktop.io.schema > docs/vsm-file.schema.json`"
    )


def test_module_prints_the_schema():
    result = subprocess.run(
        [sys.executable, "-m", "vsm_desktop.io.schema"], capture_output=True, check=True
    )
    assert json.loads(result.stdout) == file_schema()


def test_schema_describes_what_we_write():
    schema = file_schema()
    written = json.loads(dumps_map(load_map(sample_map_path())))
    assert set(schema["required"]) <= set(written)
    assert schema["properties"]["format"]["const"] == written["format"]
    map_schema = schema["$defs"]["ValueStreamMap"]["properties"]
    assert set(written["maps"][0]) == set(map_schema)
    element_schema = schema["$defs"]["Element"]["properties"]
    assert set(written["maps"][0]["elements"][0]) == set(element_schema)
    assert element_schema["wait_time"]["anyOf"][0]["minimum"] == 0
