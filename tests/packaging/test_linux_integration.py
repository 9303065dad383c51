"""The Linux desktop entry, MIME type and the per-user install/uninstall scripts."""

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
DESKTOP_ID = "org.vsmdesktop.VSMDesktop"  # reverse DNS: desktop entry, icon, AppStream id

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts")


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_opens_vsm_files_with_our_icon():
    entry = desktop_entry(LINUX / f"{DESKTOP_ID}.desktop")
    assert entry["Type"] == "Application"
    assert entry["MimeType"].split(";")[:1] == ["application/x-vsm-desktop"]
    assert entry["Exec"].split()[-1] in ("%f", "%F")  # the OS passes the file to open
    assert entry["Icon"] == DESKTOP_ID
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils absent")
def test_desktop_entry_passes_the_freedesktop_validator():
    completed = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{DESKTOP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mime_type_claims_the_vsm_extension():
    root = ElementTree.parse(LINUX / "vsm-desktop-mime.xml").getroot()
    mime_type = root.find(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == "application/x-vsm-desktop"
    globs = [glob.get("pattern") for glob in mime_type.iter(f"{MIME_NS}glob")]
    assert globs == ["*.vsm"]


@pytest.fixture
def fake_bundle(tmp_path) -> Path:
    """A bundle laid out like dist/vsm-desktop, with a stand-in program that echoes its args."""
    bundle = tmp_path / "download" / "vsm-desktop"
    icons = bundle / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for icon in (ROOT / "resources" / "icons").glob("vsm-desktop*"):
        shutil.copy2(icon, icons / icon.name)
    program = bundle / "vsm-desktop"
    program.write_text('#!/bin/sh\necho "opened: $*"\n', encoding="utf-8")
    program.chmod(0o755)
    for name in (
        "install-user.sh",
        "uninstall-user.sh",
        f"{DESKTOP_ID}.desktop",
        f"{DESKTOP_ID}.metainfo.xml",
        "vsm-desktop-mime.xml",
    ):
        shutil.copy2(LINUX / name, bundle / name)
    return bundle


def run_script(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        ["sh", str(script), *args], env=env, capture_output=True, text=True, timeout=60
    )


@posix_only
def test_install_puts_everything_under_local_and_uninstall_removes_it(fake_bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    share = home / ".local" / "share"

    installed = run_script(fake_bundle / "install-user.sh", home)
    assert installed.returncode == 0, installed.stderr

    program = share / "vsm-desktop" / "vsm-desktop"
    launcher = home / ".local" / "bin" / "vsm-desktop"
    assert launcher.is_symlink() and launcher.resolve() == program.resolve()
    # The installed copy is independent of the download, which may now be deleted.
    shutil.rmtree(fake_bundle.parent)
    assert (
        subprocess.run([str(launcher), "x.vsm"], capture_output=True, text=True).stdout.strip()
        == "opened: x.vsm"
    )

    for size in (16, 32, 48, 256, 512):
        icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"
        assert icon.read_bytes() == (ROOT / f"resources/icons/vsm-desktop-{size}.png").read_bytes()
    assert (share / f"icons/hicolor/scalable/apps/{DESKTOP_ID}.svg").is_file()
    assert (share / "icons/hicolor/48x48/mimetypes/application-x-vsm-desktop.png").is_file()

    entry = desktop_entry(share / "applications" / f"{DESKTOP_ID}.desktop")
    assert entry["Exec"] == f'"{program}" %f'  # absolute: ~/.local/bin may not be on PATH
    assert entry["TryExec"] == str(program)
    assert (share / "mime" / "packages" / "vsm-desktop.xml").is_file()
    assert (share / "metainfo" / f"{DESKTOP_ID}.metainfo.xml").is_file()
    if shutil.which("update-mime-database"):
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-vsm-desktop:*.vsm" in globs

    removed = run_script(program.parent / "uninstall-user.sh", home)
    assert removed.returncode == 0, removed.stderr
    assert not launcher.exists() and not launcher.is_symlink()
    assert not (share / "vsm-desktop").exists()
    # Nothing is left: no file, no empty folder, no default-program line, no cache of ours.
    # (The XDG base folders themselves, ~/.local/share and ~/.local/bin, may stay.)
    left = {p.relative_to(home).as_posix() for p in home.joinpath(".local").rglob("*")}
    assert left <= {".local/share", ".local/bin"}
    mimeapps = home / ".config" / "mimeapps.list"
    assert not mimeapps.exists() or "vsm-desktop" not in mimeapps.read_text(encoding="utf-8")


@posix_only
def test_uninstall_keeps_what_others_put_beside_us(fake_bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    share = home / ".local" / "share"
    other_icon = share / "icons/hicolor/48x48/apps/other-app.png"
    other_icon.parent.mkdir(parents=True)
    other_icon.write_bytes(b"png")
    other_entry = share / "applications" / "other-app.desktop"
    other_entry.parent.mkdir(parents=True)
    other_entry.write_text("[Desktop Entry]\n", encoding="utf-8")
    mimeapps = home / ".config" / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("[Default Applications]\ntext/plain=other-app.desktop\n"
                        "application/x-vsm-desktop=org.vsmdesktop.VSMDesktop.desktop\n",
                        encoding="utf-8")
    assert run_script(fake_bundle / "install-user.sh", home).returncode == 0

    removed = run_script(share / "vsm-desktop" / "uninstall-user.sh", home)

    assert removed.returncode == 0, removed.stderr
    assert other_icon.read_bytes() == b"png"
    assert other_entry.is_file()
    assert mimeapps.read_text(encoding="utf-8") == (
        "[Default Applications]\ntext/plain=other-app.desktop\n")
    assert [p for p in share.rglob("*") if "vsm" in p.name.lower()] == []


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream absent")
def test_appstream_metadata_passes_the_validator():
    completed = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{DESKTOP_ID}.metainfo.xml")],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.skipif(not shutil.which("update-mime-database"), reason="shared-mime-info absent")
@pytest.mark.parametrize("separator", [": ", ":"])
def test_the_file_type_is_recognised_by_content_indented_or_compact(tmp_path, separator):
    import json

    mime = tmp_path / "mime"
    (mime / "packages").mkdir(parents=True)
    shutil.copy2(LINUX / "vsm-desktop-mime.xml", mime / "packages" / "vsm-desktop.xml")
    subprocess.run(["update-mime-database", str(mime)], check=True, capture_output=True)
    magic = (mime / "magic").read_bytes()
    envelope = json.dumps({"format": "vsm-desktop", "version": 2},
                          separators=(",", separator))
    needle = envelope[1:envelope.index("vsm-desktop") + len("vsm-desktop") + 1].encode()
    assert needle in magic


@posix_only
def test_reinstall_replaces_the_previous_version(fake_bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert run_script(fake_bundle / "install-user.sh", home).returncode == 0
    stale = home / ".local/share/vsm-desktop/_internal/removed-in-new-version.py"
    stale.write_text("", encoding="utf-8")

    assert run_script(fake_bundle / "install-user.sh", home).returncode == 0

    assert not stale.exists()
    assert (home / ".local/share/vsm-desktop/vsm-desktop").is_file()


@posix_only
def test_install_refuses_a_folder_that_is_not_a_bundle(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    empty = tmp_path / "not-a-bundle"
    empty.mkdir()

    completed = run_script(LINUX / "install-user.sh", home, str(empty))

    assert completed.returncode != 0
    assert str(empty) in completed.stderr
    assert not (home / ".local").exists()


@posix_only
def test_uninstall_leaves_a_foreign_launcher_alone(tmp_path):
    home = tmp_path / "home"
    own_bin = home / ".local" / "bin"
    own_bin.mkdir(parents=True)
    foreign = own_bin / "vsm-desktop"
    foreign.write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(foreign, 0o755)

    assert run_script(LINUX / "uninstall-user.sh", home).returncode == 0

    assert foreign.is_file()
