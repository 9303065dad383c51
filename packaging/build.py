"""Build the VSM Desktop bundle for the platform this runs on.

    python packaging/build.py [--venv DIR] [--archive]

Creates (or reuses) a dedicated virtual environment, installs PyInstaller and the project into
it, runs packaging/vsm-desktop.spec and prints where the bundle is. A separate venv keeps the
build tools out of the development environment and makes the bundle contain exactly the
project's declared dependencies. Standard library only, so any Python 3.11+ can run it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "vsm-desktop.spec"
DEFAULT_VENV = PACKAGING / ".build-venv"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10,<7"
# Shipped next to the Linux executable so an unpacked bundle can integrate itself with the desktop.
LINUX_EXTRAS = (
    "install-user.sh",
    "uninstall-user.sh",
    "org.vsmdesktop.VSMDesktop.desktop",
    "org.vsmdesktop.VSMDesktop.metainfo.xml",
    "vsm-desktop-mime.xml",
)


def venv_python(venv_dir: Path) -> Path:
    if sys.platform == "win32":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def run(command: list[str | Path]) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT)


def prepare_venv(venv_dir: Path) -> Path:
    """Make sure the build venv exists and holds PyInstaller and a fresh copy of the project."""
    python = venv_python(venv_dir)
    if not python.exists():
        print(f"Creating build environment in {venv_dir}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    # A regular (not editable) install: the bundle must not point back into the source tree.
    run([python, "-m", "pip", "install", "--quiet", PYINSTALLER_REQUIREMENT, ROOT])
    return python


def bundle_location() -> Path:
    """Where PyInstaller leaves the finished bundle on this platform."""
    if sys.platform == "darwin":
        return DIST / "VSM Desktop.app"
    return DIST / "vsm-desktop"


def add_linux_extras(bundle: Path) -> None:
    for name in LINUX_EXTRAS:
        target = bundle / name
        shutil.copy2(PACKAGING / "linux" / name, target)
        if name.endswith(".sh"):
            target.chmod(0o755)


def folder_size(folder: Path) -> int:
    """Bytes on disk, counting each file once (Qt's libraries are reached through symlinks)."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def archive(bundle: Path) -> Path:
    """A release archive of the bundle: .tar.gz on Linux (keeps permissions), .zip elsewhere."""
    version = project_version()
    platform_name = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    base = DIST / f"vsm-desktop-{version}-{platform_name}"
    archive_format = "gztar" if platform_name == "linux" else "zip"
    return Path(shutil.make_archive(str(base), archive_format, bundle.parent, bundle.name))


def project_version() -> str:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["version"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--venv",
        type=Path,
        default=DEFAULT_VENV,
        help=f"build environment to create or reuse (default: {DEFAULT_VENV})",
    )
    parser.add_argument(
        "--archive", action="store_true", help="also pack the bundle into a release archive"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    python = prepare_venv(args.venv.resolve())
    run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            WORK,
            SPEC,
        ]
    )
    bundle = bundle_location()
    if sys.platform.startswith("linux"):
        add_linux_extras(bundle)
    elapsed = time.monotonic() - started
    size_mib = folder_size(bundle) / 2**20
    print(f"\nBundle: {bundle}")
    print(f"Size: {size_mib:.1f} MiB, built in {elapsed:.0f} s")
    if args.archive:
        print(f"Archive: {archive(bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
