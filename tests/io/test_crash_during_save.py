"""Kill the program in the middle of saving: the file must still be the old or the new map."""

import multiprocessing
import os
import random
import signal
import sys
import time

import pytest

from vsm_desktop.io import load_map, save_map
from vsm_desktop.io.atomic_write import backup_path

from .generated_maps import chain_map

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="forks a saving child and SIGKILLs it (Linux)"
)


def _save_forever(maps, path, ready) -> None:
    """Child: alternate saving the two maps until killed."""
    ready.set()
    index = 0
    while True:
        save_map(maps[index % 2], path)
        index += 1


@pytest.mark.timeout(600)  # 30 forked saves of a 3,000-element map: minutes on a busy machine
def test_sigkill_while_saving_never_corrupts_the_file(tmp_path):
    old, new = chain_map(3_000, "old"), chain_map(3_000, "new")
    path = tmp_path / "big.vsm"
    save_map(old, path)
    context = multiprocessing.get_context("fork")  # the child inherits the maps: fast start
    rng = random.Random(5)
    for _ in range(30):
        ready = context.Event()
        child = context.Process(target=_save_forever, args=((old, new), path, ready))
        child.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.0, 0.25))  # a save takes ~0.1 s: land anywhere inside one
        os.kill(child.pid, signal.SIGKILL)
        child.join(5)
        assert child.exitcode == -signal.SIGKILL
        assert load_map(path) in (old, new)
        if backup_path(path).exists():
            assert load_map(backup_path(path)) in (old, new)
    # A kill can strand a temporary file; it never has the map's name and never replaces it.
    stray = [p.name for p in tmp_path.iterdir() if p.name not in ("big.vsm", "big.vsm.bak")]
    assert all(name.startswith(".big.vsm") and name.endswith(".tmp") for name in stray)
