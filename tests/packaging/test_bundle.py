"""Build the real PyInstaller bundle and run what it contains, headless.

Slow (a minute or more, and it installs PyInstaller into packaging/.build-venv), so it runs only
when asked: VSM_BUILD_BUNDLE=1 pytest tests/packaging/test_bundle.py -m slow
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("VSM_BUILD_BUNDLE") != "1", reason="set VSM_BUILD_BUNDLE=1 to build"
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks the Linux bundle"),
    pytest.mark.timeout(1800),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    """Build once per test run with packaging/build.py, exactly as a release build does."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1700,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    folder = ROOT / "dist" / "vsm-desktop"
    assert f"Bundle: {folder}" in completed.stdout  # build.py says where it put it
    return folder


_HOME = Path(os.environ.get("TMPDIR", "/tmp")) / f"vsm-bundle-home-{os.getpid()}"


def clean_env() -> dict[str, str]:
    """Nothing from the development venv, source tree or the user's settings may help it along."""
    _HOME.mkdir(mode=0o700, exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(_HOME),
        "XDG_CONFIG_HOME": str(_HOME / ".config"),
        "XDG_RUNTIME_DIR": str(_HOME),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }


def run_bundled(bundle: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bundle / "vsm-desktop"), *args],
        cwd=bundle.parent,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def bundled_sample(bundle: Path) -> Path:
    sample = bundle / "_internal" / "resources" / "samples" / "secure-api-delivery.vsm"
    assert sample.is_file(), "the sample map must travel inside the bundle"
    return sample


def test_version_matches_pyproject(bundle):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    completed = run_bundled(bundle, "--version")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"VSM Desktop {pyproject['project']['version']}"


def test_bundle_has_icons_fonts_and_desktop_integration(bundle):
    resources = bundle / "_internal" / "resources"
    assert (resources / "icons" / "vsm-desktop.svg").is_file()
    assert (resources / "icons" / "vsm-desktop-256.png").is_file()
    source_fonts = sorted(p.name for p in (ROOT / "resources" / "fonts").iterdir())
    assert sorted(p.name for p in (resources / "fonts").iterdir()) == source_fonts
    for extra in ("install-user.sh", "uninstall-user.sh", "org.vsmdesktop.VSMDesktop.desktop",
                  "org.vsmdesktop.VSMDesktop.metainfo.xml"):
        assert (bundle / extra).is_file()
    assert os.access(bundle / "install-user.sh", os.X_OK)


def test_analyze_gives_the_same_figures_as_the_source_tree(bundle):
    """The frozen program must compute exactly what the package computes in this process."""
    from vsm_desktop.analysis import analyze
    from vsm_desktop.cli.analyze_validate import analysis_as_json
    from vsm_desktop.io.vsm_file import load_map

    sample = bundled_sample(bundle)
    completed = run_bundled(bundle, "analyze", "--json", str(sample))
    assert completed.returncode == 0, completed.stderr
    value_stream_map = load_map(sample)
    expected = json.loads(json.dumps(analysis_as_json(value_stream_map, analyze(value_stream_map))))
    assert json.loads(completed.stdout) == expected
    assert expected["lead_time_hours"] > 0  # a real map, not an empty one

    summary = run_bundled(bundle, "analyze", str(sample))
    assert summary.returncode == 0, summary.stderr
    assert value_stream_map.info.title in summary.stdout
    assert "Critical path:" in summary.stdout


def test_export_writes_a_pdf_report_png_svg_and_csv(bundle, tmp_path):
    from pypdf import PdfReader

    from vsm_desktop.io.vsm_file import load_map

    sample = bundled_sample(bundle)
    value_stream_map = load_map(sample)
    for name in ("report.pdf", "map.png", "map.svg", "steps.csv"):
        completed = run_bundled(bundle, "export", str(sample), "-o", str(tmp_path / name))
        assert completed.returncode == 0, f"{name}: {completed.stderr}"
        assert (tmp_path / name).stat().st_size > 0

    report = PdfReader(str(tmp_path / "report.pdf"))
    assert len(report.pages) >= 1
    assert value_stream_map.info.title in report.pages[0].extract_text()
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in (tmp_path / "map.svg").read_bytes()[:2000]
    with (tmp_path / "steps.csv").open(newline="", encoding="utf-8") as rows:
        assert len(list(csv.DictReader(rows))) >= 1


def test_bad_input_gives_a_message_not_a_traceback(bundle, tmp_path):
    broken = tmp_path / "broken.vsm"
    broken.write_text("{ this is not json", encoding="utf-8")
    completed = run_bundled(bundle, "analyze", str(broken))
    assert completed.returncode != 0
    assert "broken.vsm" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_gui_starts_on_the_sample_map_and_keeps_running(bundle):
    """Every Qt module and plugin the window needs is in the bundle: it starts and stays up."""
    process = subprocess.Popen(
        [str(bundle / "vsm-desktop")],
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        if process.poll() is not None:
            _, stderr = process.communicate()
            pytest.fail(f"the GUI exited with {process.returncode}: {stderr[-3000:]}")
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=10)


def test_second_launch_hands_its_file_to_the_running_window_and_exits(bundle, tmp_path):
    """The real programs over the real socket: the second copy exits at once, the first stays."""
    first = subprocess.Popen(
        [str(bundle / "vsm-desktop")],
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(6)  # let the first window start listening
        assert first.poll() is None, first.communicate()[1][-3000:]
        handed = tmp_path / "handed over.vsm"
        handed.write_bytes(bundled_sample(bundle).read_bytes())

        # Had it opened a window of its own, it would still be running when run_bundled's
        # timeout ends it, and the test fails there.
        second = run_bundled(bundle, str(handed))

        assert second.returncode == 0, second.stderr
        assert first.poll() is None  # the running window took the file and carries on
    finally:
        if first.poll() is None:
            first.terminate()
            first.communicate(timeout=10)


# The newest glibc the bundle may need: 2.35 (Ubuntu 22.04, Debian 12, Fedora 36 and later).
# The interpreter built on the release machine sets it (libpython's hypot@GLIBC_2.35); Qt's own
# libraries need 2.34. docs/install.md names the supported systems from this.
MAX_GLIBC = (2, 35)


def _glibc_versions(library: Path) -> set[tuple[int, int]]:
    symbols = subprocess.run(["objdump", "-T", str(library)], capture_output=True, text=True)
    return {(int(major), int(minor))
            for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols.stdout)}


@pytest.mark.skipif(not shutil.which("objdump"), reason="binutils absent")
def test_no_bundled_library_needs_a_newer_glibc_than_documented(bundle):
    too_new = {}
    for library in [bundle / "vsm-desktop", *bundle.rglob("*.so*")]:
        if library.is_file() and not library.is_symlink():
            newest = max(_glibc_versions(library), default=(0, 0))
            if newest > MAX_GLIBC:
                too_new[library.name] = newest
    assert too_new == {}


def test_the_build_machines_system_libraries_stay_behind(bundle):
    shipped = {p.name for p in (bundle / "_internal").glob("*.so*")}
    for host_library in ("libstdc++.so.6", "libgcc_s.so.1", "libglib-2.0.so.0", "libX11.so.6",
                         "libfontconfig.so.1", "libcrypto.so.3", "libgtk-3.so.0"):
        assert host_library not in shipped
    assert not list(bundle.rglob("libqgtk3.so"))  # a GTK theme without GTK only fails
    assert "libxcb-cursor.so.0" in shipped  # what fresh desktops lack for Qt's X11 plugin
